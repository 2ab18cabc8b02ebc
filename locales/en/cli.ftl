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
