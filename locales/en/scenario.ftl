# Problems found while reading a scenario (src/scenario/). The English is what the README and the
# tests quote; keep it word for word.

## The frame of every problem: `error: sites.csv, line 3, field `lat`: …`

scenario-error = error
scenario-warning = warning
scenario-at-line = , line { $line }
scenario-at-field = , field `{ $field }`
scenario-problem = { $severity }: { $file }{ $place }: { $message }
scenario-has-errors = the scenario has { $errors } error(s):

## Files

scenario-bundled-file = { $file } (bundled)
scenario-cannot-read = cannot read it: { $error }
scenario-no-toml = there is no scenario.toml
scenario-workbook-on-disk = workbooks are read from a scenario folder on disk only
scenario-name-the-sheet = name the sheet of the workbook: `{ $book }#SHEET` (for example `{ $book }#sites`)
scenario-no-bundled-file = no such bundled file
scenario-no-such-file = cannot read it: there is no such file
scenario-not-utf8-nor-gbk = it is neither UTF-8 nor GB18030 (GBK); save it as CSV UTF-8
scenario-read-as-gbk = read as GB18030 (GBK), the encoding Excel gives Chinese CSV files

## scenario.toml: the TOML reader's own words, and the settings

scenario-toml-stray = this line is not valid TOML: look for a stray character or a missing quote
scenario-toml-missing-key = missing field `{ $key }`
scenario-toml-unknown-key-one-of = unknown field `{ $key }`, expected one of { $keys }
scenario-toml-unknown-key = unknown field `{ $key }`, expected { $keys }
scenario-toml = { $message }
scenario-unknown-language = `{ $language }` is not a language outreach speaks: use zh (中文) or en (English)
scenario-weeks-range = { $weeks } weeks is out of range: give 1 to 104 weeks (13 is a quarter)
scenario-days-range = { $days } days is out of range: give 1 to 731 days (91 is a quarter)
scenario-weeks-and-days = give either `weeks` or `days`, not both
scenario-horizon-length = the horizon needs a length: add `weeks = 13` or `days = 91`
scenario-not-a-weekday = `{ $value }` is not a weekday (Mon..Sun)
scenario-working-minutes = { $minutes } must be a number of minutes in 1..1440
scenario-no-crew = tours have no crew slots; every tour will run without clinicians
scenario-not-a-period = `{ $value }` is not a period (month, week, fortnight, quarter, horizon)
scenario-visits-range = { $visits } is out of range: give 0 to 366 visits per period (at most one a day)
scenario-spacing-range = { $days } is out of range: give 0 to 731 days between two visits of a village
scenario-crew-range = { $count } is out of range: give 0 to { $seats } per tour (a vehicle's seats at most)
scenario-penalty-range = { $penalty } is out of range: give 0 to 1e9 (yuan per missed visit; the default is 100000)
scenario-population-scale-range = { $scale } is out of range: give 1 to 1e9 people (the default is 1000)
scenario-travel-model = `{ $model }` is not a travel model (geo or matrix)
scenario-matrix-needed = travel.model = "matrix" needs `matrix = "matrix.csv"`
scenario-circuity-range = { $circuity } must lie between 1 and 5
scenario-speed-range = { $speed } must be a speed in km/h (0..200]
scenario-altitude-band = band altitudes must rise, between 0 and 9000 m; { $altitude } does not
scenario-speed-factor = a speed factor lies in (0, 1]; { $factor } does not
scenario-clearance-range = { $altitude } must be an altitude in metres between 0 and 9000
scenario-altitude-range = { $metres } must be in metres between 0 and 9000
scenario-high-nights-range = { $nights } must be a number of nights in 0..31
scenario-max-days-range = { $days } must be a number of days in 1..31
scenario-night-cost = must be a finite cost ≥ 0
scenario-driver-beds = must lie in 0..20
scenario-multi-day-needs = max_days = { $days } allows tours of more than one day, which need places to sleep and fixed teams: add { $add } under [files], or set max_days = 1
scenario-add-lodgings = `lodgings = "lodgings.csv"` (places to sleep)
scenario-add-teams = `teams = "teams.csv"` (fixed teams)
scenario-add-lodgings-and-teams = `lodgings = "lodgings.csv"` (places to sleep) and `teams = "teams.csv"` (fixed teams)
scenario-time-limit = must be a number of seconds of at least { $least } (it is a cap on the whole run; the effort decides how much work a plan does), not { $seconds }
scenario-mip-gap = must lie in [0, 1)
scenario-no-working-day = the horizon has no working day
scenario-weights = a missed visit to the largest village ({ $people } people) would weigh { $weight }, past the 1e10 the solver can weigh reliably: raise population_scale or lower unmet_visit_penalty

## Dates and times, in scenario.toml and in the tables

scenario-not-a-date = `{ $value }` is not a date (write 2027-01-06 or 2027/1/6)
scenario-range-backwards = range { $range } ends before it starts
scenario-not-a-time = `{ $value }` is not a time (write HH:MM)
scenario-not-a-time-of-day = `{ $value }` is not a time of day

## CSV tables and their cells

scenario-csv-header = cannot read the header row: { $error }
scenario-csv-cells = this row has { $cells } cells but the header has { $header }; quote cells that contain commas
scenario-csv-utf8 = this row is not valid UTF-8; save the file as UTF-8
scenario-csv-malformed = malformed CSV: { $error }
scenario-missing-column = the header has no `{ $column }` column; add it
scenario-column-misspelt = unknown column `{ $column }`; did you mean `{ $meant }`? Rename it, or the plan goes without it
scenario-columns-ignored = column(s) { $columns } are not read by outreach and are ignored (it reads { $known })
scenario-cell-required = is empty; it is required
scenario-number-range = `{ $value }` is out of range; it must lie between { $min } and { $max }
scenario-not-a-number = `{ $value }` is not a finite number
scenario-count-range = `{ $value }` is out of range; it must lie between 0 and { $max }
scenario-not-a-count = `{ $value }` is not a whole number ≥ 0

## What the rows say

scenario-duplicate-id = id `{ $id }` is already used in { $file }, line { $line }; ids must be unique
scenario-not-a-terrain = `{ $value }` is not a terrain (plain, hill, mountain, track)
scenario-no-bases = no bases: add at least one row
scenario-windows-outside = no window overlaps the horizon: the site cannot be visited
scenario-unknown-base = unknown base `{ $base }`; use an id from the bases table
scenario-no-seats = a vehicle needs at least 1 seat
scenario-not-yes-no = `{ $value }` is not yes or no
scenario-unknown-site = unknown site `{ $site }`; use an id from the sites table
scenario-requirement-twice = this site already has a requirement for the same specialty; merge the rows
scenario-to-before-from = { $to } is before `from` ({ $from }); swap them
scenario-range-outside = { $from }..{ $to } lies outside the horizon ({ $start }..{ $end }); check the year
scenario-unknown-leave-id = unknown id `{ $id }`; use a clinician or vehicle id
scenario-unknown-closure-site = unknown site `{ $site }`; use an id from the sites or lodgings table
scenario-no-beds = a lodging without beds is never used
scenario-unknown-vehicle = unknown vehicle `{ $vehicle }`; use an id from the vehicles table
scenario-unknown-member = unknown clinician `{ $clinician }`; use ids from the clinicians table, separated by `;`
scenario-member-twice = `{ $member }` is already in team `{ $team }`; a vehicle or clinician belongs to one team
scenario-member-other-base = `{ $clinician }` works from base `{ $base }` but the team's vehicle from `{ $vehicle_base }`
scenario-team-short = the members cannot fill the crew ({ $crew }); add clinicians of the missing roles
scenario-vehicle-no-team = vehicle `{ $vehicle }` is in no team and will not be used
scenario-unknown-place = unknown place `{ $place }`; use a base or site id

## Parts of a scenario that can never be served (warnings)

scenario-base-no-vehicle = base `{ $base }` serves sites but has no vehicle
scenario-role-unfilled = every tour needs { $count } `{ $role }`, but no clinician has that role (the roles in the clinicians table: { $roles }); no tour can be staffed
scenario-service-too-long = site `{ $site }` needs { $minutes } minutes on site, more than a working day ({ $working } minutes): it cannot be visited; shorten the service or lengthen day.working_minutes
scenario-specialist-missing = site `{ $site }` asks for a `{ $specialty }` specialist but base `{ $base }` has none: add one to the clinicians table

## A measured travel matrix as OSRM's JSON answer

scenario-osrm-json = not an OSRM table answer: { $error } (line { $line })
scenario-osrm-code = the OSRM answer has code `{ $code }`, not `Ok`
scenario-osrm-missing = the OSRM answer has no `{ $part }`; request annotations=duration,distance
scenario-osrm-size = the OSRM table must be { $places } x { $places } (bases, then sites, in file order)
scenario-osrm-value = row { $row }, column { $column }: a duration or distance is negative or not finite

## Excel workbooks

scenario-workbook-unreadable = cannot read the workbook: { $error }
scenario-no-sheet = the workbook has no sheet `{ $sheet }` (it has { $sheets }); name one of them after `#`
scenario-sheet-unreadable = cannot read sheet `{ $sheet }`: { $error }
scenario-sheet-offset = sheet `{ $sheet }` starts at cell { $cell }; move its header to row 1 and its first column to A
scenario-sheet-cell = sheet `{ $sheet }`, cell { $cell }: { $problem }
scenario-cell-bad-date = a date Excel cannot place in the calendar
scenario-cell-excel-error = Excel shows an error ({ $error }); fix the cell's formula or value
scenario-new-from-bundled = a new scenario starts from a bundled one
scenario-bundled-no-toml = the bundled scenario has no scenario.toml

## Column words of the tables (the workbook of `outreach new` writes the Chinese before each key).
column-altitude-cleared = altitude cleared
column-altitude-m = altitude (m)
column-base = base
column-beds = beds
column-cost-per-day = cost per day
column-cost-per-km = cost per km
column-from = from
column-id = id
column-kind = kind
column-lat = latitude
column-load-kg = load (kg)
column-lon = longitude
column-max-consecutive-days = most consecutive days
column-max-days-per-month = most days a month
column-max-days-per-week = most days a week
column-max-drive-minutes = longest driving (min)
column-max-high-nights-per-month = most high nights a month
column-max-load-kg = most load (kg)
column-members = members
column-min-spacing-days = fewest days apart
column-name = name
column-notes = notes
column-period = period
column-population = population
column-priority = priority
column-reason = reason
column-role = role
column-seats = seats
column-service-minutes = service minutes
column-site = site
column-specialties = specialties
column-specialty = specialty
column-terrain = terrain
column-to = to
column-vehicle = vehicle
column-visits = visits
column-windows = windows
column-working-days = working days

## Expert stations (kind = "expert-stations")

scenario-unknown-kind = unknown kind `{ $kind }`: use `tours` (health-bus and tour plans) or `expert-stations` (an expert rota)
scenario-file-needed = this scenario needs `{ $key }`: add it under [files], naming its CSV table
scenario-regularity = `{ $value }` is not a regularity: use `week` (the same weekday every week) or `fortnight` (every other week)
scenario-expert-max-below-min = at most { $max } days a month is fewer than the { $least } days an expert owes: raise experts.max_days_per_month or lower the minimum
scenario-no-stations = no stations: add at least one row with its specialties
scenario-unknown-hospital = unknown hospital `{ $hospital }`; use an id from the hospitals (bases) table
scenario-unknown-station = unknown station `{ $station }`; use an id from the stations table
scenario-unknown-expert = unknown expert `{ $expert }`; use ids from the experts table, separated by `;`
scenario-station-two-teams = station `{ $station }` already has a team: give each station one row
scenario-expert-two-teams = expert `{ $expert }` is already in the team of station `{ $station }`; an expert serves one station for the year
scenario-expert-wrong-specialty = expert `{ $expert }` ({ $specialty }) cannot serve station `{ $station }`, which needs { $needs }: choose an expert of those specialties or add the specialty to the station
scenario-not-a-lead = expert `{ $expert }` may not lead a station (lead = no in the experts table): choose another lead or set lead = yes
scenario-team-too-small = the team of station `{ $station }` has one expert; a team has a lead and at least one member
scenario-expert-too-far = expert `{ $expert }`'s hospital is { $minutes } min from station `{ $station }`, over experts.max_travel_minutes = { $limit }: choose a nearer expert or raise the limit
scenario-team-lacks-specialty = no expert of station `{ $station }`'s team is a { $specialty } specialist; its { $specialty } clinic will be listed as uncovered
scenario-station-no-team = station `{ $station }` has no team in the table; it will be listed as uncovered
scenario-department-no-expert = no expert of hospital `{ $hospital }` works in department `{ $department }`: use a department named in the experts table (the same spelling)
scenario-department-twice = department `{ $department }` of hospital `{ $hospital }` already has a cap on line { $line }: give each department one row
