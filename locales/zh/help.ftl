# 其余命令的 --help：命令为 `help-路径`（各级命令名以 - 相连），参数为 `help-路径-参数`。

help-generate = 生成用于规模测试和基准测试的方案：`generate province --cities N` 把 N 个像内置淄博季度方案那样的城市写进一个方案文件夹
help-generate-province = 一个省：N 个城市，每个都是一个内置日间线路方案的副本，依次向东摆放，其村庄按种子略作移动
help-generate-province-cities = 省内城市数
help-generate-province-seed = 村庄移动的随机种子；同一种子写出相同的文件
help-generate-province-from = 每个城市所复制的内置方案
help-generate-province-out = 要写入的文件夹（必须不存在或为空）
help-bench = 对排班器做基准测试：为每个方案排班，核查每份排班，报告每次运行及其中位数的用时、覆盖率、费用和差距。`bench sweep [方案…]` 则测量 24 个变体的推演分别用 1 个和 2 个线程的用时。`bench rota [方案…]` 按目标为专家工作站轮值排班（用方案给定的团队和排班器组建的团队）。`bench ceiling [方案…]` 让每个巡诊（多日出行）方案的定界线性规划逐步扩大记忆，直到其出行不再重复到访任何村：逐步给出一切线性规划下界的上限。`bench 路径…` 求解公开的路线算例（VRPLIB、Solomon、Cordeau 文件或其文件夹），核查每个解并报告与已知最优值的差距
help-bench-scenarios = 方案（路径或内置方案名；默认：内置默认方案）、`sweep`、`replan`、`rota`、`ceiling`，或基准算例文件和文件夹
help-bench-runs = 每个方案运行的次数
help-bench-time-limit = 每次排班的秒数（硬性上限；默认：各方案自己的）或每个算例的秒数（默认：30，周期性算例 60）
help-bench-effort = 每次排班的计算量：quick（快速）、normal（常规）或 thorough（充分）（默认：各方案自己的）
help-bench-busy = 在每个核上各放一个繁忙线程，再为每个方案排一次班，报告排班是否相同（`same_schedule`）
help-bench-scale = 把每个基地复制这么多份（村庄按种子略作移动）再排班，以测量用时和差距随规模如何增长；每次运行都夹在该方案本身的两次运行之间，用时之比以这两次为准
help-bench-iterations = 基准算例：路线引擎迭代这么多次后停止，使结果在任何机器上都相同（时间上限默认一小时，此时只作上限）
help-bench-threads = 工作线程数（0 = 每核一个）
help-bench-json = 每行一个 JSON 对象，而不是表格
help-bench-shards = `bench province`：把全省分成几片来排班（默认：每个城市一片）
help-bench-compare = 基准算例：同类工具的费用（含 `instance` 和 `cost` 列的 CSV），与我们的并列打印，并给出其与已知最优值的差距
help-sweep = 情景推演：并行为一个方案的许多变体排班，每个变体在 sweep.csv 中占一行指标，另有 sweep.svg。`outreach sweep merge 文件夹…` 合并分片文件夹
help-sweep-scenario = scenario.toml、含它的文件夹，或内置方案名（默认：zibo-health-bus）
help-sweep-vary = 键=值1,值2,…：对这些取值做网格（多个键就重复此项）。`--keys` 列出可变的键
help-sweep-file = 推演文件（TOML）：网格（`[vary]`）或列表（`[[variation]]`）
help-sweep-out = 写出 sweep.csv、sweep.svg 和 sweep.toml 的文件夹；再次运行到同一文件夹会接着做
help-sweep-threads = 同时排班的变体数（0 = 每核一个）；每次排班用一个线程
help-sweep-time-limit = 每个变体排班的秒数硬性上限（默认：方案自己的；键 time_limit 可覆盖它）
help-sweep-effort = 每次排班的计算量：quick（快速）、normal（常规）或 thorough（充分）（默认：方案自己的；键 effort 可覆盖它）
help-sweep-seed = 随机抽取和每次排班所用的种子
help-sweep-shard = 只运行 N 片中的第 K 片：K/N，K 从 1 开始。不给时，Slurm 数组任务或 Kubernetes 索引任务从环境中取得自己的那一片
help-sweep-shards = 分片数，用于 Kubernetes 索引任务（JOB_COMPLETION_INDEX 给出 K）
help-sweep-keys = 列出推演可以改变的键，然后退出
help-sweep-merge = 把分片文件夹合并成一个 sweep.csv 和 sweep.svg，与不分片运行写出的相同
help-sweep-merge-dirs = 分片文件夹（每个含一片的 sweep.csv）
help-sweep-merge-out = 写出合并后的 sweep.csv 和 sweep.svg 的文件夹
help-plan-merge = 把一次排班的分片文件夹合并成排班结果和不分片运行会写出的全部导出文件；列出缺少或未完成的分片（退出码 1）
help-plan-merge-dirs = 分片文件夹（每个含一片的 part.json）
help-plan-merge-out = 写出合并后的排班结果和全部导出文件的文件夹
help-plan-merge-scenario = 分片所依据的方案（默认：分片中记录的读取位置）
help-plan-previous = 专家工作站：上一季度的 rota.json。其中组建不满一年的团队保留（排班器只组建其余团队），并据此核查本轮轮值
help-check-previous = 专家工作站：上一季度的 rota.json；组建不满一年的团队被本轮轮值拆散，即为 `team-changed`
