export-calendars-written = { $path } ({ $count } calendars)
export-print-written = { $path } ({ $count ->
    [one] { $count } document to print
   *[other] { $count } documents to print
})
ics-summary-many = { $vehicle }: { $first } +{ $more } ({ $stops } stops)
ics-summary-one = { $vehicle }: { $first }
ics-summary-none = { $vehicle }: no stops
ics-vehicle = Vehicle: { $id } { $name }
ics-base = Base: { $id } { $name }
ics-times = Depart { $depart }, return { $back }; { $km } km, { $minutes } min driving
ics-trip = Trip { $trip }, day { $day } of { $days }: from { $from } to { $to }
ics-crew = Crew:
ics-stops = Stops:

xlsx-read-at-sheet = sheet `{ $sheet }`
xlsx-read-at-cell = sheet `{ $sheet }`, cell { $cell }
xlsx-read-not-a-workbook = not an Excel workbook (.xlsx) outreach can read ({ $detail }); save it from Excel as .xlsx
xlsx-read-no-sheet = the workbook has no such sheet; keep the sheets of the schedule.xlsx that outreach wrote (their names too)
xlsx-read-no-column = the header row has no column `{ $column }`; keep the columns of the schedule.xlsx that outreach wrote (their English key at least)
xlsx-read-bad-cell = cannot read this cell: { $detail }
xlsx-read-empty = this cell is empty; fill it in, or delete the whole row
xlsx-read-bad-date = not a date: write it as 2027/1/6 or 2027-01-06, or as an Excel date
xlsx-read-bad-time = not a time of day: write it as 08:30
xlsx-read-bad-number = `{ $value }` is not a whole number of 0 or more
xlsx-read-unknown-vehicle = the scenario has no vehicle `{ $vehicle }`; use a vehicle id of the scenario
xlsx-read-tour-twice = tour `{ $tour }` is on row { $row } already; give each tour-day its own id
xlsx-read-unknown-tour = tour `{ $tour }` is not in sheet `{ $sheet }`; add its row there (vehicle, date, times) or use a tour that is
xlsx-read-date-differs = tour `{ $tour }` is on { $date } in sheet `{ $sheet }` (row { $row }); change the date there and here alike
xlsx-read-vehicle-differs = tour `{ $tour }` runs with vehicle { $vehicle } in sheet `{ $sheet }` (row { $row }); change the vehicle there and here alike
xlsx-read-seq-twice = stop number { $seq } of tour `{ $tour }` is on row { $row } already; number the tour's stops 1, 2, 3, …
xlsx-read-error = { $at }: { $message }

export-error-io = cannot write { $path }: { $error }
export-error-not-a-folder = cannot write into { $path }: it is a file, not a folder; give --out a folder (new or existing)
export-error-encode = cannot encode { $path }: { $error }
export-error-unknown = the schedule names { $what } `{ $id }`, which scenario `{ $scenario }` does not have; export it with the scenario it was planned for
export-kind-base = base
export-kind-vehicle = vehicle
export-kind-clinician = clinician
export-kind-site = site
export-kind-lodging = lodging
ics-summary-transfer = { $vehicle }: transfer from { $from } to { $to }
csv-transfer = Transfer: { $from } → { $to }
