# The checker's words: each broken rule of a schedule (src/check), and a short title per rule code.
# Rule codes, ids, file names and schedule fields (`from`, summary.unmet, [tours] max_days) are
# written as they are: planners and scripts look for them.

## One violation as a line: [rule] date tour T: message

check-line-tour = tour { $tour }
check-line-message = : { $message }

## The rules, by code, in a few words (reports, tables)

check-rule-wrong-scenario = schedule of another scenario
check-rule-duplicate-id = tour id used twice
check-rule-outside-horizon = date outside the horizon
check-rule-unknown-id = id not in the scenario
check-rule-vehicle-wrong-base = vehicle of another base
check-rule-vehicle-double-booked = vehicle booked twice in a day
check-rule-non-working-day = not a working day
check-rule-vehicle-unavailable = vehicle in maintenance
check-rule-lodging-missing = night not at a lodging
check-rule-times = times the route does not allow
check-rule-site-twice = village visited twice on one tour
check-rule-site-closed = road closed
check-rule-site-out-of-window = outside the visiting windows
check-rule-distance = distance does not match the route
check-rule-tour-too-long = tour longer than the working day
check-rule-drive-limit = over the driving limit
check-rule-clinician-wrong-base = clinician of another base
check-rule-clinician-double-booked = clinician booked twice in a day
check-rule-clinician-unavailable = clinician on leave or off duty
check-rule-crew-missing = crew slots not filled
check-rule-crew-slot = clinician in the wrong slot
check-rule-seats = more crew than seats
check-rule-altitude-clearance = crew not cleared for altitude
check-rule-vehicle-load = supplies over the vehicle's load
check-rule-clinician-week-limit = over the days a week
check-rule-clinician-month-limit = over the days a month
check-rule-clinician-consecutive-limit = too many days in a row
check-rule-spacing = visits too close together
check-rule-unmet-overstated = unmet visits overstated
check-rule-requirement-unmet = requirement short and not listed
check-rule-trip-broken = broken multi-day trip
check-rule-altitude-gain = climbing too fast
check-rule-altitude-rest-day = rest night missing
check-rule-lodging-closed = lodging closed
check-rule-lodging-beds = not enough beds
check-rule-altitude-nights = too many nights up high

## The schedule and its calendar

check-wrong-scenario = the schedule was planned for scenario `{ $planned }`, not `{ $scenario }`; check it against its own scenario
check-duplicate-id = tour id { $tour } is used by more than one tour-day
check-outside-horizon = { $date } is outside the horizon { $start }..{ $end }
check-unknown-vehicle = vehicle `{ $vehicle }` is not in the scenario
check-unknown-base = base `{ $base }` is not in the scenario
check-unknown-site = site `{ $site }` is not in the scenario
check-unknown-clinician = clinician `{ $clinician }` is not in the scenario
check-vehicle-wrong-base = vehicle { $vehicle } belongs to base { $home }, not { $base }
check-vehicle-double-booked = vehicle { $vehicle } already runs tour { $other } on { $date }
check-non-working-day = { $date } is not a working day (weekend or holiday)
check-vehicle-unavailable = vehicle { $vehicle } is in maintenance on { $date }

## Times, routes and stops

check-depart-early = departure { $depart } is before the working day starts ({ $start })
check-departure-not-time = departure `{ $time }` is not a time (HH:MM)
check-arrival-early = arrival { $arrival } at { $site } is earlier than the route allows ({ $earliest })
check-arrival-not-time = arrival `{ $time }` is not a time (HH:MM)
check-service-cut = departure { $departure } from { $site } leaves { $left } of the { $minutes } service minutes (arrival { $arrival })
check-return-early = return { $time } is earlier than the route allows ({ $earliest })
check-return-late = return { $time } is after the working day ends ({ $end })
check-return-not-time = return `{ $time }` is not a time (HH:MM)
check-distance = distance_km { $stated } differs from the route's { $km } km
check-site-twice = site { $site } is visited twice on one tour
check-site-closed = the road to { $site } is closed on { $date } ({ $reason })
check-site-out-of-window = { $site } is outside its visiting windows on { $date }
# Where a day away from the base runs (after "the tour", "min"): ` from L01 to the base`.
check-leg = { " " }from { $from_kind ->
        [base] the base
       *[place] { $from }
    } to { $to_kind ->
        [base] the base
       *[place] { $to }
    }
check-tour-too-long = the tour{ $leg ->
        [trip] { check-leg }
       *[none] {""}
    } takes { $work } min (driving { $drive } + service { $service }), over the { $limit }-min working day by { $over } min
check-drive-limit = vehicle { $vehicle } drives { $drive } min{ $leg ->
        [trip] { check-leg }
       *[none] {""}
    }, over its limit of { $limit } min by { $over } min
check-vehicle-load = { $load } kg of supplies for the stops, but vehicle { $vehicle } carries at most { $max } kg ({ $over } kg over)

## The crew

check-clinician-wrong-base = { $clinician } ({ $name }) works at base { $home }, not { $base }
check-clinician-double-booked = { $clinician } ({ $name }) is already on tour { $other } on { $date }
check-clinician-unavailable = { $clinician } ({ $name }) is on leave or off duty on { $date }
check-crew-missing = the crew cannot fill the slots [{ $slots }], one person per slot
check-crew-slot-unknown = { $clinician } ({ $name }) is listed in slot `{ $slot }`, which the tour does not have (or has fewer times); its slots: { $slots }
check-crew-slot-role = { $clinician } ({ $name }), a { $role }, cannot fill the `{ $slot }` slot
check-seats = { $crew } crew in vehicle { $vehicle } with { $seats } seats
check-altitude-clearance = { $clinician } ({ $name }) is not cleared for altitude, but { $site } lies at { $altitude } m, above the { $limit } m line
check-clinician-week-limit = { $clinician } ({ $name }) works { $days } days in week { $week }, over the limit of { $limit } by { $over }
check-clinician-month-limit = { $clinician } ({ $name }) works { $days } days in { $month }, over the limit of { $limit } by { $over }
check-clinician-consecutive-limit = { $clinician } ({ $name }) works more than { $limit } days in a row, up to { $date }

## Requirements

check-spacing = { $site } is visited on { $first } and { $second }, { $apart } day(s) apart; the minimum is { $min } ({ $short } short)
check-unmet-overstated = { $site } ({ $name }) gets { $done } of { $required } visit(s) in { $period }, but summary.unmet lists { $listed } missing; list { $should }
check-requirement-unmet = { $site } ({ $name }) gets { $done } of { $required } visit(s) in { $period } and the shortfall is not listed in summary.unmet
check-requirement-unmet-specialty = { $site } ({ $name }) gets { $done } of { $required } { $specialty } visit(s) in { $period } and the shortfall is not listed in summary.unmet

## Multi-day trips and their nights ($verb: starts or ends)

check-lodging-missing-site = the day { $verb ->
        [starts] starts
       *[ends] ends
    } at site { $place } ({ $name }), which is not a lodging: nights need a place in lodgings.csv
check-lodging-missing-base = the day { $verb ->
        [starts] starts
       *[ends] ends
    } at base { $place } ({ $name }), which is not a lodging: nights need a place in lodgings.csv, and the base is written by leaving `{ $field }` out
check-lodging-missing = lodging `{ $place }`, where the day { $verb ->
        [starts] starts
       *[ends] ends
    }, is not in lodgings.csv
check-trip-no-trip = the day runs from { $from_kind ->
        [base] the base
       *[place] { $from }
    } to { $to_kind ->
        [base] the base
       *[place] { $to }
    } but belongs to no trip: a day away from the base needs `trip`, `trip_day` and `trip_days`
check-trip-too-long = trip { $trip } runs { $days } days, over the limit of { $limit } days ([tours] max_days) by { $over }
check-trip-day-number = trip { $trip }: { $date } is listed as day { $day } of { $days }, but it is day { $actual } of the { $count } days the schedule holds
check-trip-start = trip { $trip } starts from { $place } on { $date }, not from the base: its first day leaves from the base
check-trip-end = trip { $trip } ends at { $place } on its last day ({ $date }), not at the base
check-trip-same-day = trip { $trip } has two days on { $date }
check-trip-gap = trip { $trip } has a gap: it runs on { $first } and then on { $second }; a trip's days follow each other
check-trip-vehicle = trip { $trip } changes vehicle on { $date }: { $before } before, { $now } now; one vehicle runs the whole trip
check-trip-crew = trip { $trip } changes crew on { $date }: [{ $before }] before, [{ $now }] now; the crew stays together for the whole trip
check-trip-home-early = trip { $trip } returns to base on { $date }, day { $day } of { $days }, before the end: every night but the last is spent at a lodging
check-trip-night = trip { $trip } sleeps at { $lodging } on { $night } but starts from { $from_kind ->
        [base] the base
       *[place] { $from }
    } on { $date }
check-trip-load = trip { $trip } takes { $load } kg of supplies for its { $stops } stops over { $days } days, but vehicle { $vehicle } carries at most { $max } kg ({ $over } kg over)
check-trip-altitude-clearance = { $clinician } ({ $name }) is not cleared for altitude, but trip { $trip } reaches { $kind ->
        [site] site
       *[lodging] lodging
    } { $place } at { $altitude } m, above the { $limit } m line
# A night that breaks an ascent rule: the trip's words, then the night's ($why: which of the two).
check-trip-ascent = trip { $trip } sleeps at { $kind ->
        [base] base { $place }
       *[lodging] { $place }
    } ({ $name }, { $altitude } m) on { $date }: { $why ->
        [check-ascent-gain] { check-ascent-gain }
       *[check-ascent-rest] { check-ascent-rest }
    }
check-ascent-gain = night { $night } sleeps { $gain } m higher than the night before (at most { $max_gain } m above { $above } m)
check-ascent-rest = night { $night } gains { $gain } m after { $since } m without a rest night (one night without gain is due every { $every } m)
check-lodging-closed = { $lodging } ({ $name }) is closed on the night of { $date } ({ $reason })
check-lodging-out-of-window = { $lodging } ({ $name }) is closed on the night of { $date } (outside its windows { $windows })
check-lodging-beds = { $lodging } ({ $name }) has { $beds } beds, but { $persons } people sleep there on the night of { $date } ({ $count ->
        [one] tour
       *[other] tours
    } { $tours }: crew and { $driver_beds } driver bed(s) each), { $over } too many
check-altitude-nights = { $clinician } ({ $name }) sleeps { $nights } { $nights ->
        [one] night
       *[other] nights
    } above { $altitude } m in { $month }, over the limit of { $limit } by { $over }

## Expert-station rotas (src/check/rota.rs)

check-rule-expert-two-places = expert at two places on one day
check-rule-expert-not-free = expert not free that day
check-rule-wrong-specialty = expert of the wrong specialty
check-rule-team-changed = team changed within the year
check-rule-expert-too-far = station beyond the travel limit
check-rule-department-cap = too many of a department away
check-rule-expert-days-short = expert below the monthly minimum
check-rule-expert-month-limit = expert over the monthly most
check-rota-unknown-station = station `{ $station }` is not in the scenario
check-rota-unknown-expert = expert `{ $expert }` is not in the scenario
check-rota-unknown-day = a day of expert `{ $expert }` at station `{ $station }`: one of them is not in the scenario
check-rota-two-teams = expert `{ $expert }` is also in the team of station `{ $other }`; an expert serves one station for the year
check-rota-wrong-specialty = expert `{ $expert }` ({ $specialty }) serves a station that needs { $needs }
check-rota-team-changed = the team of station `{ $station }` is not the one the scenario fixes for the year
check-rota-two-places = expert `{ $expert }` is also at station `{ $other }` that day
check-rota-not-in-team = expert `{ $expert }` is not in the team of station `{ $station }`
check-rota-not-free = expert `{ $expert }` is not free on this { $weekday }: a holiday, their clinic day, leave, or the station closed
check-rota-department-cap = { $count } experts of { $department } at { $hospital } are away, over the cap of { $cap }
check-rota-days-short = expert `{ $expert }` has { $planned } days in { $month }, below the { $need } owed, and the rota does not list the shortfall
check-rota-month-limit = expert `{ $expert }` has { $planned } days in { $month }, over the most of { $max }
check-rota-kept-team-gone = station `{ $station }` has no team, but its team formed { $since } stays until { $until }
check-rota-kept-lead = the lead of station `{ $station }` is `{ $lead }`, not `{ $before }` of the team formed { $since }, which stays until { $until }
check-rota-kept-member = expert `{ $expert }` left the team of station `{ $station }` formed { $since }; its members stay until { $until }
