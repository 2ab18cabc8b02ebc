# --help of the commands not in cli.ftl: `help-PATH` for a command (its names joined by -),
# `help-PATH-ARG` for a flag. The English words are the doc comments' (a test keeps them equal).

help-generate = Generate a scenario for scale tests and benchmarks: `generate province --cities N` writes N cities like the bundled Zibo quarter into one scenario folder
help-generate-province = A province: N cities, each a copy of a bundled day-route scenario placed east of the last, its villages moved a little with the seed
help-generate-province-cities = Cities in the province
help-generate-province-seed = Seed of the villages' moves; the same seed writes the same files
help-generate-province-from = The bundled scenario each city copies
help-generate-province-out = The folder to write (it must not exist or be empty)
help-bench = Benchmark the planner: plan each scenario, check every schedule, report time, coverage, cost and gap per run and their medians. `bench sweep [SCENARIO…]` times a 24-variation sweep with 1 and 2 threads instead. `bench rota [SCENARIO…]` plans expert-station rotas (with the scenario's teams and with the planner's) against their targets. `bench ceiling [SCENARIO…]` grows each campaign's bounding LP until its trips repeat no village: the ceiling of every LP bound, step by step. `bench PATH…` solves public routing instances (VRPLIB, Solomon, Cordeau files, or folders of them), checks each solution and reports the gap to the best-known value
help-bench-scenarios = Scenarios (paths or bundled names; default: the bundled default), `sweep`, `replan`, `rota`, `ceiling`, or benchmark instance files and folders
help-bench-runs = Runs per scenario
help-bench-time-limit = Seconds per plan (a hard cap; default: each scenario's own) or per instance (default: 30, periodic 60)
help-bench-effort = Work of each plan: quick, normal or thorough (default: each scenario's)
help-bench-busy = Plan each scenario once more with one busy thread per core beside it, and report whether the schedule is the same (`same_schedule`)
help-bench-scale = Plan each scenario with this many copies of every base (villages moved a little with the seed), to measure how time and gap grow with size; each run lies between two runs of the scenario itself, and the time ratio is taken against those
help-bench-iterations = Benchmark instances: stop the route engine after this many iterations, so the result is the same on any machine (the time limit, default an hour, then only caps)
help-bench-threads = Worker threads (0 = one per core)
help-bench-json = One JSON object per line instead of a table
help-bench-shards = `bench province`: shards to plan the province in (default: one per city)
help-bench-compare = Benchmark instances: a peer's costs (CSV with `instance` and `cost` columns) to print beside ours, with its gap to the best-known value
help-sweep = What-if sweep: plan many variations of a scenario in parallel, one row of KPIs each in sweep.csv, plus sweep.svg. `outreach sweep merge DIR…` joins shard folders
help-sweep-scenario = A scenario.toml, a folder holding one, or a bundled name (default: zibo-health-bus)
help-sweep-vary = KEY=V1,V2,…: a grid over the values (repeat for more keys). `--keys` lists the keys
help-sweep-file = A sweep file (TOML): a grid (`[vary]`) or a list (`[[variation]]`)
help-sweep-out = Folder for sweep.csv, sweep.svg and sweep.toml; a rerun into it resumes
help-sweep-threads = Variations planned at once (0 = one per core); each plan uses one thread
help-sweep-time-limit = A hard cap in seconds on each variation's plan (default: the scenario's own; the key time_limit overrides it)
help-sweep-effort = Work of each plan: quick, normal or thorough (default: the scenario's; the key effort overrides it)
help-sweep-seed = Seed of the random draws and of each plan
help-sweep-shard = Run only the K-th of N slices: K/N, K from 1. Without it, a Slurm array task or a Kubernetes Indexed Job picks its slice from the environment
help-sweep-shards = The number of shards, for a Kubernetes Indexed Job (JOB_COMPLETION_INDEX gives K)
help-sweep-keys = List the keys a sweep can vary, and exit
help-sweep-merge = Join shard folders into one sweep.csv and sweep.svg, as one unsharded run writes them
help-sweep-merge-dirs = The shard folders (each with the sweep.csv of one shard)
help-sweep-merge-out = Folder for the joined sweep.csv and sweep.svg
help-plan-merge = Join the shard folders of a plan into the schedule and every export an unsharded run writes; list the shards missing or unfinished (exit status 1)
help-plan-merge-dirs = The shard folders (each with the part.json of one shard)
help-plan-merge-out = Folder for the merged schedule and every export
help-plan-merge-scenario = The scenario the shards were planned from (default: where they say they read it)
help-plan-previous = Expert stations: last quarter's rota.json. Its teams formed less than a year before this horizon starts are kept (the planner makes only the others), and the rota is checked against them
help-check-previous = Expert stations: the previous quarter's rota.json; a team formed less than a year ago that this rota breaks up is `team-changed`
