# Used by the catalogue's own test.
lang-test = { $count ->
    [one] { $count } visit to { $name }
   *[other] { $count } visits to { $name }
}

cli-planning = planning `{ $name }`: { $sites } sites, { $bases } bases, { $vehicles } vehicles, { $clinicians } clinicians, { $days } days ({ $working } working); effort { $effort }, time limit { $limit } s
cli-plan-summary = visits met { $met }/{ $required } ({ $unmet } unmet), { $tours } tours, { $km } km, cost { $cost }, objective { $objective }, { $basis } { $bound }, gap { $gap } % (pool gap { $pool_gap } %), { $seconds } s
cli-plan-unmet = unmet: { $site } { $name } { $period }: { $missing } of { $required } missing: { $reason } [{ $code }]
cli-plan-unmet-more = … { $count } more in schedule.json (summary.unmet)
cli-wrote = wrote { $files }
cli-check-unmet = { $count } visit(s) unmet by the plan ({ $codes }); `--json` lists them
cli-check-ok = ok: { $tours } tours pass every rule of `{ $name }`
cli-violations = { $count } violation(s)
cli-errors = { $count } error(s)
cli-error = error: { $message }
cli-export-which-scenario = the schedule was planned for `{ $name }`; give its scenario with --scenario
cli-export-bad-format = --format `{ $format }` is not one of ics, geojson, html, csv, xlsx, print, json
cli-export-violations = warning: { $file } breaks { $count } rule(s) of `{ $name }` (see `outreach check`); exporting anyway, the report lists them
cli-validate-ok = `{ $name }`: { $sites } sites, { $bases } bases, { $vehicles } vehicles, { $clinicians } clinicians, { $requirements } requirements, { $days } days; { $warnings } warning(s)
cli-stopped-at-once = stopped at once; nothing written
cli-stopping = stopping: finishing the best plan so far and writing it (press Ctrl-C again to quit at once)
cli-interrupted = interrupted: this is the best plan found before Ctrl-C; it passed the checks above
cli-cut-by-time = note: the time limit ended { $count } phase(s) early ({ $phases }), so this plan depends on this machine's speed; give a longer --time-limit (or a lower --effort) so that the work limits end it
cli-plan-violations = warning: the plan breaks { $count } rule(s); the first: { $first }
cli-changed-inputs = note: { $files } changed since this schedule was planned; it is checked against the scenario as it is now
cli-new-next = Fill { $book } in Excel, then: outreach validate { $folder }; outreach plan { $folder } --out PLAN
cli-basis-bound = bound
cli-basis-pool-bound = pool_bound
effort-quick = quick
effort-normal = normal
effort-thorough = thorough
cli-cannot-read = cannot read { $file }

## --help (the doc comments' words; a test keeps them equal)
help-outreach = Plans mobile health outreach (health buses, medical tours) as an integer program
help-lang = Language of what outreach writes and says: zh (中文) or en (English). Default: the scenario's `language` key, else English
help-plan = Plan a scenario (default: the bundled Zibo health-bus quarter) and write the schedule
help-plan-scenario = A scenario.toml, a folder holding one, or a bundled name (tiny, zibo-health-bus)
help-plan-out = Folder for schedule.json, schedule.xlsx, report.html, print/, stops.csv, routes.geojson and calendars/
help-plan-time-limit = A hard cap in seconds on the whole run (default: the scenario's [solver] time_limit_seconds). The effort, not the clock, decides the plan; a plan the cap cuts says so
help-plan-effort = How much work the plan does: quick, normal or thorough (default: the scenario's [solver] effort, else normal). The same scenario, seed and effort give the same plan on any machine
help-plan-mip-gap = Relative MIP gap at which a base's solve stops (default: the scenario's)
help-plan-seed = Seed of every random choice; the same seed and effort give the same schedule
help-plan-threads = Worker threads (0 = one per core)
help-plan-quiet = No progress bar
help-check = Check a schedule against every hard rule of its scenario; exit status 0 only when none is broken
help-check-scenario = The scenario: a scenario.toml, a folder holding one, or a bundled name
help-check-schedule = schedule.json, or schedule.xlsx as edited in Excel
help-check-json = Print the violations as JSON lines
help-export = Write calendars (.ics), routes.geojson, report.html, print/, stops.csv or schedule.xlsx from a schedule.json, including a hand-edited one. The schedule is checked first; violations are reported and shown in the report
help-export-schedule = The schedule.json to export
help-export-scenario = The scenario the schedule was planned for (default: the scenario the schedule names, as a path or bundled name)
help-export-format = What to write: ics, geojson, html, csv, xlsx, print, json; repeat the flag or separate with commas (default: all but json)
help-export-out = Folder to write into
help-validate = Report every problem of a scenario at once, before any solving
help-validate-scenario = A scenario.toml, a folder holding one, or a bundled name
help-validate-strict = Fail on warnings too (parts of the scenario that cannot be served)
help-new = Start a scenario of your own: a folder with scenario.toml and one Excel workbook, tables.xlsx (a sheet per table, with example rows and a help sheet), to fill in Excel
help-new-folder = The folder to create (it must not exist or be empty)
help-new-from = The bundled scenario whose rows are the examples

cli-no-scenario = no scenario at `{ $name }`: give a scenario.toml, a folder with one, or a bundled name ({ $names })
cli-mip-gap = --mip-gap must lie in [0, 1)
cli-planning-failed = planning failed
cli-new-no-example = no bundled scenario `{ $name }`; try tiny or zibo-health-bus
cli-new-not-empty = { $folder } exists and is not empty; give a new folder, so nothing of yours is overwritten
cli-progress-bases = bases
cli-progress-variations = variations

cli-sweep-shard = shard { $k }/{ $n } (from { $from })
cli-sweep-start = sweep of `{ $name }`: { $count } variation(s), { $limit } s each, into { $out }
cli-sweep-start-shard = sweep of `{ $name }`: { $count } variation(s) in shard { $k }/{ $n }, { $limit } s each, into { $out }
cli-sweep-done = { $count } variation(s): { $planned } planned now, { $resumed } kept from an earlier run, { $failed } failed; { $reuses } reuses of travel times and tour pools
cli-sweep-failed = variation { $id }: { $error }
cli-sweep-merged = merged { $folders } folders: { $rows } rows into { $file }
cli-sweep-missing = warning: { $count } variation(s) are in no shard yet: { $ids }

# A plan split by base: shards, their parts and the merge.
help-plan-shard = Plan only the K-th of N shards of the bases: K/N, K from 1; writes part.json to --out for `outreach plan merge`. Without it, a Slurm array task or a Kubernetes Indexed Job (with --shards) picks its shard from the environment
help-plan-shards = The number of shards, for a Kubernetes Indexed Job (JOB_COMPLETION_INDEX gives K)
cli-plan-shard-start = shard { $k }/{ $n } of `{ $name }` ({ $bases } bases in all), into { $out }
cli-plan-shard-done = shard { $k }/{ $n }: { $bases } bases planned, { $tours } tour-days, { $unmet } visits short, in { $seconds } s; wrote { $file }
cli-plan-merge-not-ready = cannot merge yet: { $count } shard folder(s) have no finished plan
cli-plan-merge-missing-shards = no folder holds shard(s) { $shards } of { $n }
cli-plan-merge-source = the shards were planned from `{ $source }`, which is not here: give the scenario with --scenario
cli-plan-merged = merged { $parts } shards of `{ $name }` ({ $bases } bases)
shard-campaign = `{ $name }` is a campaign (teams on multi-day trips): its plan is not split into shards; plan it whole, without --shard
shard-out-of-range = --shard { $k }/{ $n }: K must lie between 1 and N, and N must be at least 1
shard-too-many = { $n } shards for { $bases } bases: give at most { $bases } shards, one base or more each
shard-cannot-write = cannot write { $file }: { $error }
shard-folder-missing = { $folder }: no such folder
shard-folder-half-written = { $folder }: no finished plan ({ $why }); its shard is still running or was stopped: run it again
shard-none = no shard folders to merge
shard-different-settings = { $a } and { $b } were planned differently and do not merge: { $differences }. Plan every shard with the same scenario and settings
shard-different-count = { $a } is a shard of { $n } and { $b } a shard of { $m }: plan every shard with the same N
shard-scenario-changed = the scenario's files changed since the shards were planned: { $files }. Plan the shards again, or merge with the files they were planned from
shard-wrong-base = base { $base } is not one of shard { $k }/{ $n }'s bases in this scenario: the part does not belong to it
shard-bad-part = the part of base { $base } is damaged: { $what }; plan its shard again
shard-bases-missing = { $count } base(s) are in no shard: { $bases }
cli-generated = wrote a province of { $cities } cities into { $folder } ({ $files } files)
generate-cities = --cities { $cities }: a province has 1 to { $max } cities

## Expert-station rotas

cli-rota-planning = planning the expert rota of { $name }: { $experts } experts of { $hospitals } hospitals at { $stations } stations, { $days } days
cli-rota-summary = { $days } expert-days in { $teams } teams; { $short } monthly shortfalls, { $uncovered } uncovered specialties; { $regular } % of days on the expert's regular weekday; objective { $objective }, bound { $bound }, gap { $gap } % ({ $seconds } s)
cli-rota-assignment = teams put together by the planner: objective { $objective }, gap { $gap } % (the day gap above is for these teams)
cli-rota-joint = teams and days together: objective { $objective }, proven bound { $bound }, gap { $gap } %
cli-rota-kept = { $kept } teams kept from the previous rota (formed less than a year before this rota starts)
cli-previous-not-rota = scenario { $name } plans day tours: --previous takes the rota.json of an expert-station scenario
cli-rota-short = { $expert } at { $station }, { $month }: { $planned } of { $required } days [{ $code }] { $reason }
cli-rota-uncovered = { $station }: { $specialty } uncovered [{ $code }] { $reason }
cli-rota-cut = the time limit cut a part of the rota before its work limit: this rota depends on the machine; raise --time-limit
cli-rota-check-ok = rota of { $name } passes every rule ({ $days } expert-days)
cli-validate-rota-ok = `{ $name }`: an expert rota of { $stations } stations, { $hospitals } hospitals, { $experts } experts, { $teams } fixed teams (0: the planner makes them), { $days } days; { $warnings } warning(s)
