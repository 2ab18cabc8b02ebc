# Expert stations (src/plan/rota, src/rota.rs, src/export/rota.rs): why a rota falls short, and
# the words of the station timetables, the WeChat text and the absence chart.

## Why a rota falls short: a short title per code

rota-reason-holidays = holidays
rota-reason-too-few-days = too few free days
rota-reason-department-cap = department cap
rota-reason-no-specialist-in-reach = no specialist within reach
rota-reason-specialists-taken = specialists serve other stations
rota-reason-not-in-team = not in the team
rota-reason-work-limit = cut by the work limit

## The particulars

rota-short-holidays = holidays take the free days of { $month }
rota-short-too-few-days = clinic days, leave and the station's closed weekdays leave too few days in { $month }
rota-short-department-cap = on every free day, { $cap } other experts of { $department } at { $hospital } are already away (the department cap)
rota-short-work-limit = the solve's work limit ended it before this month was settled; try --effort thorough
rota-uncovered-not-in-team = no expert of the team is a { $specialty } specialist
rota-uncovered-taken = every { $specialty } specialist within reach serves another station or is needed at the hospital
rota-uncovered-no-specialist = no { $specialty } specialist works within { $minutes } min of the station

## Errors

rota-not-expert-scenario = scenario { $name } plans day tours, not an expert rota (set kind = "expert-stations")
rota-solver-failed = the rota's integer program failed: { $error }
rota-not-json = not a rota: { $error }
rota-wrong-kind = not a rota (kind `{ $kind }`): check takes rota.json from `outreach plan` of an expert-station scenario
rota-previous-other-scenario = field `scenario`: the previous rota is of scenario `{ $planned }`, not `{ $scenario }`; give the rota.json last planned for this scenario (its `name` in scenario.toml)
rota-previous-not-expert-scenario = scenario { $name } plans day tours; a previous rota is for expert-station scenarios only
rota-previous-unknown-station = field `teams[{ $index }].station`: station `{ $station }` is not in the stations table; add it back, or remove its team from the previous rota
rota-previous-unknown-expert = field `teams[{ $index }].{ $field }`: expert `{ $expert }` is not in the experts table; add the expert back (a team stays a year), or remove them from the previous rota
rota-previous-two-teams = field `teams[{ $index }].{ $field }`: expert `{ $expert }` is also in the team of station `{ $other }`; an expert serves one station: correct the previous rota
rota-previous-later = field `start`: the previous rota starts { $start }, after this horizon starts ({ $horizon }); give the rota of an earlier quarter

## Outputs

rota-timetable-title = { $station }: expert clinic days
rota-timetable-month = { $month }
rota-timetable-date = Date
rota-timetable-weekday = Weekday
rota-timetable-expert = Expert
rota-timetable-specialty = Specialty
rota-timetable-hospital = Hospital
rota-timetable-lead = (lead expert)
rota-timetable-footer = Made by outreach from scenario { $scenario }. Days may change; the health centre will tell you.
rota-wechat-head = 【{ $station }】{ $month } expert clinics:
rota-wechat-line = { $date } ({ $weekday }) { $names }
rota-wechat-tail = Come early to register; bring your medical-insurance card.
rota-absence-title = Experts away at stations, by hospital and department
rota-absence-note = Each cell: experts of the department away that day (the cap is { $cap }, or the one beside the department).
rota-ics-summary = Expert clinic at { $station }
rota-ics-description = { $role } of station { $station } ({ $specialty }); { $minutes } min from { $hospital }
rota-role-lead = Lead expert
rota-role-member = Team member
rota-tours-of-a-rota = scenario { $name } is an expert-station rota, not day tours: plan it with `outreach plan`, which writes rota.json
