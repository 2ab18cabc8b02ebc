report-title = outreach plan: { $name }
report-horizon = Horizon { $start } – { $end } ({ $days } days, { $working } working) · seed { $seed }
report-footer = Written by outreach from schedule seed { $seed }. All times are local (Asia/Shanghai).
report-nav-kpis = KPIs
report-nav-map = Map
report-nav-gantt = Gantt
report-nav-unmet = Unmet
report-nav-sheets = Day sheets
report-kpis = Key figures
report-checked-ok = Checked: every tour-day passes every hard rule of the scenario.
report-violations = { $count } rule violation(s) found by the checker
report-violations-some = { $count } rule violation(s) found by the checker (first { $shown } shown)
report-map = Map of the tours
report-legend-base = base
report-legend-site = site
report-vehicles = Vehicles over the horizon
report-vehicles-note = One bar per tour-day; grey columns are days without tours (weekends, holidays); orange is a vehicle out of service.
report-clinicians = Clinicians over the horizon
report-clinicians-note = Bars in the colour of the vehicle the clinician rides; orange is leave.
report-unmet = Unmet requirements
report-unmet-none = Every required visit is planned.
report-period = Period
report-missing = Missing
report-reason = Reason
report-optimality = Optimality
report-optimality-note = How close this plan is to the best possible: the bound is proven, no plan can cost less; the gap is how far the plan may be from the best.

kpi-coverage = Coverage
kpi-of = { $part } of { $whole }
kpi-visits-met = Visits met
kpi-visits-missing = Visits missing
kpi-tour-days = Tour-days
kpi-vehicle-days = Vehicle-days
kpi-clinician-days = Clinician-days
kpi-population = Population reached
kpi-distance = Distance
kpi-cost = Cost
kpi-stops = Village visits
kpi-sites = Villages served
kpi-objective = Objective (cost + penalties)
kpi-bound = Proven lower bound
kpi-pool-bound = Pool bound (generated tours only)
kpi-gap = Gap
kpi-pool-gap = Pool gap
kpi-tree = Search tree (branch-and-price)
kpi-tree-value = { $nodes ->
        [one] { $nodes } node
       *[other] { $nodes } nodes
    }, { $cuts ->
        [one] { $cuts } cut
       *[other] { $cuts } cuts
    }, root bound { $root }, { $ended ->
    [closed] finished: the plan is optimal when the gap is 0
    [unproved] stopped: at this size its pricing could not prove a node's bound
    [clock] stopped by the time cap
    [no_branch] stopped: a node could be split no further
   *[node_limit] stopped at its node limit
}
kpi-solve-time = Solve time
kpi-seed = Seed

sheet-base = Base
sheet-crew = Crew
sheet-clinician = Clinician
sheet-name = Name
sheet-slot = Slot
sheet-route = Route
sheet-arrive = Arrive
sheet-leave = Leave
sheet-site = Site
sheet-specialty = Specialty
sheet-notes = Notes
sheet-at-base = base
sheet-after-night = after the night here
sheet-back-at-base = back at base
sheet-night-here = night here
sheet-sign = Patients seen: ______   Referrals: ______   Driver: ______________   Team lead: ______________
sheet-times-return = Depart { $depart } · return { $back }
sheet-times-arrive = Depart { $depart } · arrive { $back }
sheet-distance = { $km } km · { $minutes } min driving
sheet-load = { $kg } kg of supplies
sheet-trip = Trip { $trip }, day { $day } of { $days }
sheet-trip-team = Trip { $trip } (team { $team }), day { $day } of { $days }
slot-or = or

weekday-mon = Mon
weekday-tue = Tue
weekday-wed = Wed
weekday-thu = Thu
weekday-fri = Fri
weekday-sat = Sat
weekday-sun = Sun

map-km-east = km east
map-km-north = km north

print-gantt = Vehicles and clinicians over the horizon
print-title = { $base } { $name }: tours to print
print-title-team = { $base } { $name }, team { $team }: tours to print
print-collision = two documents to print would share the file name { $file } (base { $base }); give the base or team ids that differ in more than punctuation

## Words of the scenarios' data, where a planner would write them otherwise.
role-doctor = doctor
role-nurse = nurse
role-pharmacist = pharmacist
role-lab-technician = lab technician
role-driver = driver
specialty-cardiology = cardiology
specialty-endocrinology = endocrinology
specialty-obstetrics = obstetrics
specialty-oncology = oncology
specialty-pain = pain
specialty-paediatrics = paediatrics
specialty-pediatrics = pediatrics
specialty-general = general practice
sheet-noon-at = Lunch: at 12:00 the team is at { $site } ({ $arrive }–{ $leave })
sheet-noon-road = Lunch: at 12:00 the team is on the road from { $from } to { $to }

report-nav-trips = Trips
report-trips = Multi-day trips
report-trip = Trip
report-team = Team
report-vehicle = Vehicle
report-dates = Dates
report-days = Days
report-nights = Nights (lodging, altitude)
report-villages = Villages
report-month = Month
report-high-nights = Nights up high
report-high-cap = Monthly cap
trips-lodging = { $id } { $name } ({ $altitude } m)
trips-high-line = Nights above { $altitude } m, per clinician and month
sheet-night-call = night here, at { $altitude } m: call the lodging ahead
report-days-off-after = Days off before the team's next trip
trips-rest-night = { $night }, rest night
report-rest = Work and rest per clinician
report-rest-note = Days off count every day without a trip between a clinician's first trip and last; the most days in a row stand against the clinician's limit (the rest rule); a rest night gains no altitude after a night above the ascent rules' line.
report-rest-trips = Trips
report-rest-days = Days on trips
report-rest-days-off = Days off between trips
report-rest-in-a-row = Most days in a row / limit
report-rest-nights = Rest nights at altitude
report-nav-idle = Idle days
report-idle = Why teams and vehicles sit idle
report-idle-note = Each run of days a team (or a vehicle without a team) has no trip, with the first reason that applies: its availability, the rest rule, then what is left to visit and why the team cannot go there.
report-idle-code = Code
report-idle-runs = Runs
report-idle-days = Days
sheet-rest-day = Rest day: the team stays at { $lodging } ({ $altitude } m) and gains no altitude (ascent rules)
sheet-rest-night = Rest night: no altitude gained since the night at { $lodging } ({ $altitude } m), as the ascent rules ask after every { $every } m
