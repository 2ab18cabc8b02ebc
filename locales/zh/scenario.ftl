# 读取方案时发现的问题（src/scenario/）。id、列名、文件名、TOML 键和示例值照原样保留：规划人员要照着填。

## 每条问题的格式：`错误：sites.csv，第 3 行，字段 `lat`：…`

scenario-error = 错误
scenario-warning = 警告
scenario-at-line = ，第 { $line } 行
scenario-at-field = ，字段 `{ $field }`
scenario-problem = { $severity }：{ $file }{ $place }：{ $message }
scenario-has-errors = 方案有 { $errors } 处错误：

## 文件

scenario-bundled-file = { $file }（内置）
scenario-cannot-read = 无法读取：{ $error }
scenario-no-toml = 没有 scenario.toml
scenario-workbook-on-disk = 工作簿只能从磁盘上的方案文件夹读取
scenario-name-the-sheet = 请写明用工作簿的哪个工作表：`{ $book }#SHEET`（例如 `{ $book }#sites`）
scenario-no-bundled-file = 内置方案中没有这个文件
scenario-no-such-file = 无法读取：没有这个文件
scenario-not-utf8-nor-gbk = 文件编码既不是 UTF-8 也不是 GB18030（GBK）；请另存为“CSV UTF-8”
scenario-read-as-gbk = 已按 GB18030（GBK）读取，这是中文版 Excel 保存 CSV 的编码

## scenario.toml：TOML 读取器的提示，以及各项设置

scenario-toml-stray = 这一行不符合 TOML 写法：请检查是否有多余的字符或漏掉的引号
scenario-toml-missing-key = 缺少 `{ $key }` 项，请补上
scenario-toml-unknown-key-one-of = 没有 `{ $key }` 这一项，请检查拼写；可填的项：{ $keys }
scenario-toml-unknown-key = 没有 `{ $key }` 这一项，请检查拼写；应为 { $keys }
scenario-toml = TOML 写法有误：{ $message }
scenario-unknown-language = 不支持语言 `{ $language }`：请填 zh（中文）或 en（English）
scenario-weeks-range = { $weeks } 周超出范围：请填 1 到 104 周（一个季度为 13 周）
scenario-days-range = { $days } 天超出范围：请填 1 到 731 天（一个季度为 91 天）
scenario-weeks-and-days = `weeks` 和 `days` 只能填一个
scenario-horizon-length = 计划期缺少长度：请加上 `weeks = 13` 或 `days = 91`
scenario-not-a-weekday = `{ $value }` 不是星期几（Mon..Sun）
scenario-working-minutes = { $minutes } 应为 1..1440 之间的分钟数
scenario-no-crew = 车次没有随车人员岗位；所有车次都将没有医护人员随行
scenario-not-a-period = `{ $value }` 不是周期（month、week、fortnight、quarter、horizon）
scenario-visits-range = { $visits } 超出范围：每个周期请填 0 到 366 次巡诊（每天最多一次）
scenario-spacing-range = { $days } 超出范围：同一个村两次巡诊的间隔请填 0 到 731 天
scenario-crew-range = { $count } 超出范围：每个车次请填 0 到 { $seats } 人（不超过车辆座位数）
scenario-penalty-range = { $penalty } 超出范围：请填 0 到 1e9（每次未完成巡诊计多少元；默认 100000）
scenario-population-scale-range = { $scale } 超出范围：请填 1 到 1e9 人（默认 1000）
scenario-travel-model = `{ $model }` 不是路程模型（geo 或 matrix）
scenario-matrix-needed = travel.model = "matrix" 还需要写上 `matrix = "matrix.csv"`
scenario-circuity-range = { $circuity } 应在 1 到 5 之间
scenario-speed-range = { $speed } 应为车速（km/h），范围 (0..200]
scenario-altitude-band = 各档海拔应逐档升高，且在 0 到 9000 米之间；{ $altitude } 不符合
scenario-speed-factor = 车速系数应在 (0, 1] 之间；{ $factor } 不符合
scenario-clearance-range = { $altitude } 应为 0 到 9000 米之间的海拔
scenario-altitude-range = { $metres } 应为 0 到 9000 之间的米数
scenario-high-nights-range = { $nights } 应为 0..31 之间的夜数
scenario-max-days-range = { $days } 应为 1..31 之间的天数
scenario-night-cost = 应为不小于 0 的有限费用
scenario-driver-beds = 应在 0..20 之间
scenario-multi-day-needs = max_days = { $days } 允许多日巡诊，需要住宿点和固定医疗队：请在 [files] 下加上 { $add }，或设 max_days = 1
scenario-add-lodgings = `lodgings = "lodgings.csv"`（住宿点）
scenario-add-teams = `teams = "teams.csv"`（固定医疗队）
scenario-add-lodgings-and-teams = `lodgings = "lodgings.csv"`（住宿点）和 `teams = "teams.csv"`（固定医疗队）
scenario-time-limit = 应为不少于 { $least } 秒（这是整次运行的上限；编排做多少计算由 effort 决定），现在是 { $seconds }
scenario-mip-gap = 应在 [0, 1) 之间
scenario-no-working-day = 计划期内没有工作日
scenario-weights = 最大的村（{ $people } 人）一次未完成巡诊的权重为 { $weight }，超过求解器能可靠处理的 1e10：请调大 population_scale 或调小 unmet_visit_penalty

## 日期和时间（scenario.toml 和各表中）

scenario-not-a-date = `{ $value }` 不是日期（请写 2027-01-06 或 2027/1/6）
scenario-range-backwards = 日期范围 { $range } 的结束早于开始
scenario-not-a-time = `{ $value }` 不是时间（请写 HH:MM）
scenario-not-a-time-of-day = `{ $value }` 不是有效的时刻

## CSV 表和单元格

scenario-csv-header = 无法读取表头：{ $error }
scenario-csv-cells = 这一行有 { $cells } 格，表头有 { $header } 格；含逗号的单元格请加英文引号
scenario-csv-utf8 = 这一行不是有效的 UTF-8；请把文件另存为 UTF-8
scenario-csv-malformed = CSV 格式有误：{ $error }
scenario-missing-column = 表头没有 `{ $column }` 列；请添加
scenario-column-misspelt = 不认识的列 `{ $column }`；是不是 `{ $meant }`？请改名，否则编排时不会用到这一列
scenario-columns-ignored = 列 { $columns } 不会被 outreach 读取，已忽略（读取的列：{ $known }）
scenario-cell-required = 为空；此项必填
scenario-number-range = `{ $value }` 超出范围；应在 { $min } 到 { $max } 之间
scenario-not-a-number = `{ $value }` 不是有效的数字
scenario-count-range = `{ $value }` 超出范围；应在 0 到 { $max } 之间
scenario-not-a-count = `{ $value }` 不是大于等于 0 的整数

## 各行内容

scenario-duplicate-id = id `{ $id }` 已在 { $file } 第 { $line } 行用过；id 不能重复
scenario-not-a-terrain = `{ $value }` 不是地形（plain、hill、mountain、track）
scenario-no-bases = 没有基地：请至少填一行
scenario-windows-outside = 没有一个时间窗落在计划期内：这个村无法巡诊
scenario-unknown-base = 没有基地 `{ $base }`；请填 bases 表中的 id
scenario-no-seats = 车辆至少要有 1 个座位
scenario-not-yes-no = `{ $value }` 应为 yes 或 no
scenario-unknown-site = 没有村（点）`{ $site }`；请填 sites 表中的 id
scenario-requirement-twice = 这个村已有同一专科的巡诊要求；请把这几行合并
scenario-to-before-from = { $to } 早于 `from`（{ $from }）；请对调
scenario-range-outside = { $from }..{ $to } 不在计划期（{ $start }..{ $end }）内；请检查年份
scenario-unknown-leave-id = 没有 id `{ $id }`；请填医护人员或车辆的 id
scenario-unknown-closure-site = 没有村（点）`{ $site }`；请填 sites 表或 lodgings 表中的 id
scenario-no-beds = 没有床位的住宿点不会被使用
scenario-unknown-vehicle = 没有车辆 `{ $vehicle }`；请填 vehicles 表中的 id
scenario-unknown-member = 没有医护人员 `{ $clinician }`；请填 clinicians 表中的 id，多个用 `;` 分隔
scenario-member-twice = `{ $member }` 已在医疗队 `{ $team }` 中；一辆车或一名医护人员只能属于一个医疗队
scenario-member-other-base = `{ $clinician }` 属于基地 `{ $base }`，但医疗队的车辆属于基地 `{ $vehicle_base }`
scenario-team-short = 队员配不齐随车人员（{ $crew }）；请加入所缺岗位的医护人员
scenario-vehicle-no-team = 车辆 `{ $vehicle }` 不在任何医疗队中，不会被使用
scenario-unknown-place = 没有地点 `{ $place }`；请填基地或村（点）的 id

## 方案中永远无法安排的部分（警告）

scenario-base-no-vehicle = 基地 `{ $base }` 负责一些村，但没有车辆
scenario-role-unfilled = 每个车次需要 { $count } 名 `{ $role }`，但没有医护人员是这个岗位（clinicians 表中的岗位：{ $roles }）；所有车次都配不齐人员
scenario-service-too-long = 村（点）`{ $site }` 每次要在村里服务 { $minutes } 分钟，超过一个工作日（{ $working } 分钟）：无法巡诊；请缩短服务时间或加长 day.working_minutes
scenario-specialist-missing = 村（点）`{ $site }` 需要 `{ $specialty }` 专科医生，但基地 `{ $base }` 没有：请在 clinicians 表中添加

## OSRM 返回的实测路程矩阵（JSON）

scenario-osrm-json = 不是 OSRM table 的返回结果：{ $error }（第 { $line } 行）
scenario-osrm-code = OSRM 返回的 code 是 `{ $code }`，不是 `Ok`
scenario-osrm-missing = OSRM 返回结果中没有 `{ $part }`；请求时请加上 annotations=duration,distance
scenario-osrm-size = OSRM 路程表应为 { $places } x { $places }（先基地、后村点，按文件中的顺序）
scenario-osrm-value = 第 { $row } 行、第 { $column } 列：时长或距离为负数或不是有限数

## Excel 工作簿

scenario-workbook-unreadable = 无法读取工作簿：{ $error }
scenario-no-sheet = 工作簿中没有工作表 `{ $sheet }`（现有 { $sheets }）；请在 `#` 后写其中一个
scenario-sheet-unreadable = 无法读取工作表 `{ $sheet }`：{ $error }
scenario-sheet-offset = 工作表 `{ $sheet }` 从单元格 { $cell } 开始；请把表头移到第 1 行、第一列移到 A 列
scenario-sheet-cell = 工作表 `{ $sheet }`，单元格 { $cell }：{ $problem }
scenario-cell-bad-date = 这个 Excel 日期对不上日历中的任何一天
scenario-cell-excel-error = Excel 显示错误（{ $error }）；请修改这个单元格的公式或数值
scenario-new-from-bundled = 新方案只能从内置方案生成
scenario-bundled-no-toml = 内置方案缺少 scenario.toml

## 各表的列名（`outreach new` 写出的工作簿在每个英文关键词前写上中文）。
column-altitude-cleared = 高海拔准入
column-altitude-m = 海拔米
column-base = 基地
column-beds = 床位
column-cost-per-day = 每天费用
column-cost-per-km = 每公里费用
column-from = 开始
column-id = 编号
column-kind = 类型
column-lat = 纬度
column-load-kg = 物资公斤
column-lon = 经度
column-max-consecutive-days = 最多连续天数
column-max-days-per-month = 每月最多天数
column-max-days-per-week = 每周最多天数
column-max-drive-minutes = 最长驾驶分钟
column-max-high-nights-per-month = 每月最多高海拔夜数
column-max-load-kg = 最大载重公斤
column-members = 成员
column-min-spacing-days = 最少间隔天数
column-name = 名称
column-notes = 备注
column-period = 周期
column-population = 人口
column-priority = 优先级
column-reason = 原因
column-role = 岗位
column-seats = 座位
column-service-minutes = 服务分钟
column-site = 村（点）
column-specialties = 专科
column-specialty = 专科
column-terrain = 地形
column-to = 结束
column-vehicle = 车辆
column-visits = 巡诊次数
column-windows = 开放时段
column-working-days = 工作日

## 名医工作站（kind = "expert-stations"）

scenario-unknown-kind = 未知的类型 `{ $kind }`：请用 `tours`（健康大巴与巡诊计划）或 `expert-stations`（专家排班）
scenario-file-needed = 此情景需要 `{ $key }`：请在 [files] 下添加，写明其 CSV 表
scenario-regularity = `{ $value }` 不是规律性取值：请用 `week`（每周同一天）或 `fortnight`（隔周同一天）
scenario-expert-max-below-min = 每月最多 { $max } 天少于专家应到的 { $least } 天：请提高 experts.max_days_per_month 或降低最低天数
scenario-no-stations = 没有工作站：请至少添加一行并写明专科
scenario-unknown-hospital = 未知医院 `{ $hospital }`；请使用医院（基地）表中的编号
scenario-unknown-station = 未知工作站 `{ $station }`；请使用工作站表中的编号
scenario-unknown-expert = 未知专家 `{ $expert }`；请使用专家表中的编号，以 `;` 分隔
scenario-station-two-teams = 工作站 `{ $station }` 已有团队：每个工作站只写一行
scenario-expert-two-teams = 专家 `{ $expert }` 已在工作站 `{ $station }` 的团队中；一名专家一年内只服务一个工作站
scenario-expert-wrong-specialty = 专家 `{ $expert }`（{ $specialty }）不能服务工作站 `{ $station }`，该站需要 { $needs }：请选择这些专科的专家，或为工作站添加该专科
scenario-not-a-lead = 专家 `{ $expert }` 不能担任站长（专家表中 lead = no）：请另选站长或设 lead = yes
scenario-team-too-small = 工作站 `{ $station }` 的团队只有一名专家；团队须有一名站长和至少一名成员
scenario-expert-too-far = 专家 `{ $expert }` 所在医院距工作站 `{ $station }` { $minutes } 分钟，超过 experts.max_travel_minutes = { $limit }：请选择更近的专家或提高上限
scenario-team-lacks-specialty = 工作站 `{ $station }` 的团队中没有 { $specialty } 专科专家；其 { $specialty } 门诊将列为未覆盖
scenario-station-no-team = 工作站 `{ $station }` 在表中没有团队；将列为未覆盖
scenario-department-no-expert = 医院 `{ $hospital }` 没有专家在科室 `{ $department }`：请使用专家表中写明的科室（写法一致）
scenario-department-twice = 医院 `{ $hospital }` 的科室 `{ $department }` 已在第 { $line } 行设定上限：每个科室只写一行
