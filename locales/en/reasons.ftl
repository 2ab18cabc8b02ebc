# Why visits were missed (src/plan/reason.rs, diagnose.rs, campaign.rs): a short title per reason
# code, and the words with the particulars. Flags (--time-limit) and codes stay as they are.

## The reason codes in a few words

reason-code-no-vehicle = no vehicle at the base
reason-code-no-qualified-clinician = no qualified clinician
reason-code-all-on-leave = clinicians on leave or off
reason-code-out-of-reach = out of reach in a day
reason-code-too-heavy = supplies too heavy for the vehicles
reason-code-altitude-clearance = too few clinicians cleared for altitude
reason-code-closed = road closed
reason-code-out-of-season = out of season
reason-code-too-few-days = too few open days
reason-code-no-vehicle-available = every vehicle in maintenance
reason-code-capacity = the vehicles' and clinicians' days went to other visits
reason-code-cut-by-time = cut by the time limit
reason-code-unknown = not recorded

## Day plans

reason-no-vehicle = base { $base } has no vehicle
reason-visit-too-long = the visit takes { $service } min on site, longer than the { $limit }-min working day
reason-drive-too-long = the round trip from base { $base } takes { $drive } min of driving, over the vehicles' limit of { $limit } min
reason-day-too-long = the round trip from base { $base } ({ $drive } min) plus { $service } min on site exceeds the { $limit }-min working day
reason-no-specialist = no { $specialty } specialist works at base { $base }
reason-no-role = a tour needs { $count } { $role } and base { $base } has { $have } clinician(s) who can be one
reason-too-heavy = the visit needs { $load } kg of supplies; base { $base }'s vehicles carry at most { $max } kg
reason-altitude-role = the site lies at { $altitude } m, above the { $limit } m clearance line, and base { $base } has { $have } altitude-cleared { $role } (a tour needs { $count })
reason-altitude-specialist = the site lies at { $altitude } m, above the { $limit } m clearance line, and base { $base } has no altitude-cleared { $specialty } specialist
reason-altitude-crew = the site lies at { $altitude } m, above the { $limit } m clearance line; a tour with the { $specialty } specialist needs { $people } altitude-cleared clinicians and base { $base } has { $have }
reason-no-tour = no tour from base { $base } with this visit fits the crew seats ({ $seats }) or the day
reason-closed = the road is closed ({ $reason }) on every working day of { $period }
reason-out-of-season = the site is outside its visiting windows (or there is no working day) in { $period }
reason-too-few-days = only { $open } open working day(s) in { $period } for { $required } visit(s)
reason-specialists-on-leave = the { $specialty } specialists of base { $base } are on leave or off on all but { $available } open day(s) of { $period }
reason-on-leave = the clinicians of base { $base } are on leave or off: a whole crew is free on { $staffed } of the { $open } open day(s) of { $period }
reason-no-vehicle-available = no vehicle of base { $base } is available on the open days of { $period }
reason-spacing = { $required } visits { $spacing } days apart do not fit in { $period }
reason-capacity = capacity: base { $base } runs { $used } of { $vehicle_days } vehicle-days on the open days of { $period } with { $clinician_days } clinician-days available (crew limits, leave and spacing included); other visits ranked higher
reason-cut-by-time = the time limit cut the planning of base { $base } before this visit found a place; give a larger --time-limit, or none, and the work limits end the plan

## Campaigns (multi-day trips of teams)

reason-campaign-no-team = base { $base } has no team
reason-campaign-no-leg = no day's drive from the base or a lodging reaches { $site } and goes on to a place to sleep within the driving limit and the { $limit }-min day
reason-campaign-closed = closed or out of season on every day of { $period }
reason-campaign-altitude = the site lies at { $altitude } m, above the { $limit }-m clearance line, and no team has all its members cleared for altitude
reason-campaign-no-team-able = no team can serve it (specialty or driving limit)
reason-campaign-high-nights = at { $altitude } m it needs a team cleared for altitude; only { $count ->
        [one] team { $teams } qualifies
       *[other] teams { $teams } qualify
    }, and its nights above { $high } m (at most { $cap } a month; { $used } in the plan) and days go to other villages
reason-campaign-no-trip = no trip of at most { $days } days reaches it within the ascent rules, the lodgings' beds and seasons, and the teams' leave
reason-campaign-capacity = capacity: the days of team(s) { $teams } in { $period } go to other villages

## Why a vehicle or a team sits idle (src/plan/campaign/idle.rs): a title per code, then the words

idle-code-no-team = vehicle without a team
idle-code-day-off = not a working day
idle-code-maintenance = vehicle in maintenance
idle-code-on-leave = a member on leave or off
idle-code-rest-rule = the clinicians' rest rule
idle-code-high-night-cap = nights up high used up for the month
idle-code-all-served = no demand left in reach
idle-code-out-of-season = villages left are out of season
idle-code-clearance = villages left need altitude clearance
idle-code-out-of-reach = villages left are out of the vehicle's reach
idle-code-no-trip-fits = no trip fits these days

idle-no-team = vehicle { $vehicle } has no team, and on a campaign vehicles travel only with their team
idle-day-off = not a working day for team { $team }
idle-maintenance = vehicle { $vehicle } is in maintenance
idle-on-leave = { $count ->
        [one] { $clinicians } is
       *[other] { $clinicians } are
    } on leave or off duty
idle-rest-in-a-row = working this day would make { $days } days in a row for team { $team }; its members work at most { $most }
idle-rest-week = team { $team } already works { $days } days this week, the most its members may ({ $most })
idle-rest-month = team { $team } already works { $days } days this month, the most its members may ({ $most })
idle-all-served = every village team { $team } can reach has its visits in the plan (by this team or another)
idle-out-of-season = { $count } village(s) still owed ({ $sites }) are out of season or closed on these days; team { $team } waits
idle-clearance = { $count } village(s) still owed ({ $sites }) lie above the { $limit }-m clearance line, and team { $team } is not cleared for altitude ({ $clinicians } not cleared)
idle-out-of-reach = { $count } village(s) still owed ({ $sites }) are beyond a day's drive for team { $team }: vehicle { $vehicle } drives at most { $limit } min a day, or the team lacks a specialty they need
idle-high-night-cap = team { $team } has used its nights above { $high } m this month ({ $used } of { $cap }), and the { $count } village(s) still owed ({ $sites }) need a night up there
idle-no-trip-fits = { $count } village(s) still owed ({ $sites }) are within reach of team { $team }, but no trip to them fits these free days (ascent rules, lodgings, the team's other trips) at less than the visits are worth
