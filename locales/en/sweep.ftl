# Sweeps: keys and values that cannot be applied, and the plot of the variations.
sweep-unknown-key = unknown sweep key `{ $key }`; the keys are: { $keys }
sweep-bad-value = `{ $key }={ $value }`: { $message }
sweep-variation-refused = variation { $id }: { $error }
sweep-expected-number-or-share = expected a number or a percentage
sweep-expected-finite = expected a finite number
sweep-expected-count = expected a whole number ≥ 0
sweep-expected-positive = expected a number > 0
sweep-expected-penalty = expected 0 to 1e9 yuan
sweep-expected-people = expected 1 to 1e9 people
sweep-expected-seconds = expected a number of seconds
sweep-expected-effort = unknown effort `{ $value }`: use quick, normal or thorough
sweep-expected-share = expected a share between 0 and 1
sweep-expected-closure = expected SITE_OR_BASE:FROM..TO
sweep-expected-period = expected week, fortnight, month or quarter
sweep-expected-visits = expected at least 1
sweep-expected-growth = expected a growth of at least -100%
sweep-expected-gap = expected a gap in [0, 1)
sweep-expected-seed = expected a whole number
sweep-no-vehicle-to-copy = base `{ $base }` has no vehicle to copy
sweep-no-base = no base `{ $id }` in the scenario
sweep-no-place = no site or base `{ $id }` in the scenario
sweep-expected-expert-share = expected a share between 0 and 100%
sweep-expected-teams = expected fixed or open
sweep-expected-days = expected 0 to 23 days
sweep-not-expert-scenario = the scenario is not an expert-station scenario
sweep-no-teams-to-fix = the scenario has no teams to fix

# sweep.svg: the plot of a sweep's variations.
sweep-plot-caption = Coverage against cost: { $count } variations, Pareto front in red
sweep-plot-cost = cost (¥)
sweep-plot-coverage = visits met (%)
sweep-plot-distance = distance (km)
sweep-plot-clinician-days = clinician-days
sweep-plot-gap = gap (%)
