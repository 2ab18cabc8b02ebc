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
