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
