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
