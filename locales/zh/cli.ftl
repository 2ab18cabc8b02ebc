# 目录自身的测试用。
lang-test = { $name } 巡诊 { $count } 次

cli-planning = 正在编排“{ $name }”：{ $sites } 个村（点），{ $bases } 个基地，{ $vehicles } 辆车，{ $clinicians } 名医护人员，{ $days } 天（工作日 { $working } 天）；计算量 { $effort }，时间上限 { $limit } 秒
cli-plan-summary = 完成巡诊 { $met }/{ $required } 次（未完成 { $unmet } 次），出车 { $tours } 车次，{ $km } 公里，费用 ¥{ $cost }，目标值 { $objective }，{ $basis } { $bound }，差距 { $gap } %（方案池差距 { $pool_gap } %），用时 { $seconds } 秒
cli-plan-unmet = 未完成：{ $site } { $name } { $period }：应 { $required } 次，缺 { $missing } 次：{ $reason } [{ $code }]
cli-plan-unmet-more = … 另有 { $count } 条，见 schedule.json（summary.unmet）
cli-wrote = 已写出 { $files }
cli-check-unmet = 本计划有 { $count } 次巡诊未完成（{ $codes }）；加 `--json` 可逐条列出
cli-check-ok = 通过：{ $tours } 个车次符合“{ $name }”的全部规则
cli-violations = { $count } 处违反规则
cli-errors = { $count } 个错误
cli-error = 错误：{ $message }
cli-export-which-scenario = 该排班是为“{ $name }”编排的；请用 --scenario 指定它的方案
cli-export-bad-format = --format `{ $format }` 不是 ics、geojson、html、csv、xlsx、print、json 之一
cli-export-violations = 警告：{ $file } 违反“{ $name }”的 { $count } 处规则（见 `outreach check`）；仍然导出，报告中会列出
cli-validate-ok = “{ $name }”：{ $sites } 个村（点），{ $bases } 个基地，{ $vehicles } 辆车，{ $clinicians } 名医护人员，{ $requirements } 条巡诊要求，{ $days } 天；{ $warnings } 个警告
cli-stopped-at-once = 已立即停止；未写出任何文件
cli-stopping = 正在停止：整理目前最好的方案并写出（再按一次 Ctrl-C 立即退出）
cli-interrupted = 已中断：这是按下 Ctrl-C 前找到的最好方案，已通过上面的核查
cli-cut-by-time = 注意：时间上限让 { $count } 个计算阶段提前结束（{ $phases }），因此本方案取决于这台电脑的速度；请放宽 --time-limit（或降低 --effort），让计算量而不是时钟决定方案
cli-plan-violations = 警告：本计划违反 { $count } 处规则；第一处：{ $first }
cli-changed-inputs = 注意：{ $files } 在编排该排班之后有改动；按方案当前的内容核查
cli-new-next = 用 Excel 填写 { $book }，然后运行：outreach validate { $folder } ；outreach plan { $folder } --out 计划
cli-basis-bound = 下界
cli-basis-pool-bound = 方案池下界
effort-quick = 快速
effort-normal = 常规
effort-thorough = 精细
cli-cannot-read = 无法读取 { $file }

## --help（中文）
help-outreach = 把流动巡诊（健康大巴、巡回医疗队）的排班当作整数规划来求解
help-lang = outreach 写出和显示所用的语言：zh（中文）或 en（英文）。默认：方案的 `language`，否则英文
help-plan = 为一个方案排班（默认：内置的淄博健康大巴季度方案）并写出排班结果
help-plan-scenario = scenario.toml、含它的文件夹，或内置方案名（tiny、zibo-health-bus）
help-plan-out = 写出 schedule.json、schedule.xlsx、report.html、print/、stops.csv、routes.geojson 和 calendars/ 的文件夹
help-plan-time-limit = 整个运行的时间上限（秒，默认取方案 [solver] 的 time_limit_seconds）。决定方案的是计算量而不是时钟；被上限截断的方案会注明
help-plan-effort = 计算量：quick（快速）、normal（常规）或 thorough（精细）（默认取方案 [solver] 的 effort，否则 normal）。同一方案、随机种子和计算量在任何电脑上都得到同一排班
help-plan-mip-gap = 每个基地求解停止时的相对差距（默认取方案的设置）
help-plan-seed = 所有随机选择的种子；种子和计算量相同，排班就相同
help-plan-threads = 工作线程数（0 = 每个核一个）
help-plan-quiet = 不显示进度条
help-check = 按方案的全部硬性规则核查排班；只有没有违规时退出码才是 0
help-check-scenario = 方案：scenario.toml、含它的文件夹，或内置方案名
help-check-schedule = schedule.json，或在 Excel 中改过的 schedule.xlsx
help-check-json = 以 JSON 行输出违规项
help-export = 从 schedule.json（包括手工改过的）写出日历（.ics）、routes.geojson、report.html、print/、stops.csv 或 schedule.xlsx。先核查排班；违规项会报出并显示在报告中
help-export-schedule = 要导出的 schedule.json
help-export-scenario = 该排班所属的方案（默认：排班里记录的方案，按路径或内置方案名）
help-export-format = 要写出的格式：ics、geojson、html、csv、xlsx、print、json；可重复本参数或用逗号分隔（默认：除 json 外全部）
help-export-out = 写入的文件夹
help-validate = 在求解之前一次列出方案的全部问题
help-validate-scenario = scenario.toml、含它的文件夹，或内置方案名
help-validate-strict = 有警告（方案中无法安排的部分）也算失败
help-new = 新建自己的方案：一个文件夹，内含 scenario.toml 和一个 Excel 工作簿 tables.xlsx（每表一页，带示例行和说明页），用 Excel 填写
help-new-folder = 要新建的文件夹（必须不存在或为空）
help-new-from = 用哪个内置方案的数据作示例行

cli-no-scenario = 找不到方案 `{ $name }`：请给出 scenario.toml、含它的文件夹，或内置方案名（{ $names }）
cli-mip-gap = --mip-gap 必须在 [0, 1) 之间
cli-planning-failed = 排班失败
cli-new-no-example = 没有名为 `{ $name }` 的内置方案；可用 tiny 或 zibo-health-bus
cli-new-not-empty = { $folder } 已存在且不是空的；请给一个新文件夹，以免覆盖您的文件
cli-progress-bases = 基地
cli-progress-variations = 方案变体

cli-sweep-shard = 分片 { $k }/{ $n }（来自 { $from }）
cli-sweep-start = 对“{ $name }”做变体推演：{ $count } 个变体，每个最多 { $limit } 秒，写入 { $out }
cli-sweep-start-shard = 对“{ $name }”做变体推演：分片 { $k }/{ $n } 中 { $count } 个变体，每个最多 { $limit } 秒，写入 { $out }
cli-sweep-done = { $count } 个变体：本次编排 { $planned } 个，沿用上次结果 { $resumed } 个，失败 { $failed } 个；出行时间和路线池复用 { $reuses } 次
cli-sweep-failed = 变体 { $id }：{ $error }
cli-sweep-merged = 已合并 { $folders } 个文件夹：{ $rows } 行写入 { $file }
cli-sweep-missing = 警告：{ $count } 个变体还不在任何分片中：{ $ids }

# 按基地分片编排：分片、分片结果与合并。
help-plan-shard = 只编排基地的第 K 个分片（共 N 个）：K/N，K 从 1 起；把 part.json 写入 --out，供 `outreach plan merge` 合并。不给时，Slurm 作业数组或 Kubernetes 索引作业（配合 --shards）从环境变量取分片
help-plan-shards = 分片总数，用于 Kubernetes 索引作业（JOB_COMPLETION_INDEX 给出 K）
cli-plan-shard-start = “{ $name }”的分片 { $k }/{ $n }（共 { $bases } 个基地），写入 { $out }
cli-plan-shard-done = 分片 { $k }/{ $n }：已编排 { $bases } 个基地，{ $tours } 个出车日，缺 { $unmet } 次巡诊，用时 { $seconds } 秒；已写入 { $file }
cli-plan-merge-not-ready = 暂不能合并：{ $count } 个分片文件夹没有完成的排班
cli-plan-merge-missing-shards = 共 { $n } 个分片，没有文件夹装有分片 { $shards }
cli-plan-merge-source = 这些分片是按“{ $source }”编排的，此处找不到：请用 --scenario 指定情景
cli-plan-merged = 已合并“{ $name }”的 { $parts } 个分片（{ $bases } 个基地）
shard-campaign = “{ $name }”是巡回医疗（医疗队多日出行），排班不能分片；请不加 --shard 整体编排
shard-out-of-range = --shard { $k }/{ $n }：K 须在 1 到 N 之间，N 至少为 1
shard-too-many = { $bases } 个基地分成 { $n } 片太多：最多 { $bases } 片，每片至少一个基地
shard-cannot-write = 无法写入 { $file }：{ $error }
shard-folder-missing = { $folder }：文件夹不存在
shard-folder-half-written = { $folder }：没有完成的排班（{ $why }）；该分片仍在运行或已中断，请重新运行
shard-none = 没有可合并的分片文件夹
shard-different-settings = { $a } 和 { $b } 的编排条件不同，不能合并：{ $differences }。请用同一情景和同样的设置编排每个分片
shard-different-count = { $a } 是 { $n } 片之一，{ $b } 是 { $m } 片之一：请用同一个 N 编排每个分片
shard-scenario-changed = 分片编排之后情景文件有改动：{ $files }。请重新编排这些分片，或用编排时的文件合并
shard-wrong-base = 基地 { $base } 在此情景中不属于分片 { $k }/{ $n }：该分片结果与情景不符
shard-bad-part = 基地 { $base } 的分片结果已损坏：{ $what }；请重新运行其分片
shard-bases-missing = { $count } 个基地不在任何分片中：{ $bases }
cli-generated = 已把 { $cities } 个城市的全省情景写入 { $folder }（{ $files } 个文件）
generate-cities = --cities { $cities }：一个省有 1 到 { $max } 个城市

## 专家工作站排班

cli-rota-planning = 正在为 { $name } 排专家班：{ $hospitals } 家医院的 { $experts } 名专家，{ $stations } 个工作站，{ $days } 天
cli-rota-summary = { $teams } 个团队共 { $days } 个专家坐诊日；{ $short } 处月度不足，{ $uncovered } 个专科未覆盖；{ $regular } % 的坐诊日在专家的固定星期；目标值 { $objective }，下界 { $bound }，差距 { $gap } %（{ $seconds } 秒）
cli-rota-assignment = 团队由规划器组建：目标值 { $objective }，差距 { $gap } %（上面的差距是针对这些团队的排班）
cli-rota-joint = 团队与日程合计：目标值 { $objective }，已证下界 { $bound }，差距 { $gap } %
cli-rota-kept = 沿用上期排班的团队 { $kept } 个（组建未满一年）
cli-previous-not-rota = 情景 { $name } 排的是巡诊计划：--previous 只接受名医工作站情景的 rota.json
cli-rota-short = { $expert } 在 { $station }，{ $month }：{ $planned }/{ $required } 天 [{ $code }] { $reason }
cli-rota-uncovered = { $station }：{ $specialty } 未覆盖 [{ $code }] { $reason }
cli-rota-cut = 时间上限在计算量上限之前截断了部分排班：结果与机器有关；请提高 --time-limit
cli-rota-check-ok = { $name } 的排班符合全部规则（{ $days } 个专家坐诊日）
cli-validate-rota-ok = `{ $name }`：专家排班，{ $stations } 个工作站，{ $hospitals } 家医院，{ $experts } 名专家，{ $teams } 个固定团队（0：由规划器组建），{ $days } 天；{ $warnings } 条警告
