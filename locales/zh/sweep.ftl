# 多方案对比：无法应用的键和值，以及各方案的对比图。
sweep-unknown-key = 没有对比键“{ $key }”；可用的键有：{ $keys }
sweep-bad-value = “{ $key }={ $value }”：{ $message }
sweep-variation-refused = 方案 { $id }：{ $error }
sweep-expected-number-or-share = 应为数字或百分比
sweep-expected-finite = 应为有限的数字
sweep-expected-count = 应为不小于 0 的整数
sweep-expected-positive = 应为大于 0 的数字
sweep-expected-penalty = 应在 0 到 1e9 元之间
sweep-expected-people = 应在 1 到 1e9 人之间
sweep-expected-seconds = 应为秒数
sweep-expected-effort = 没有“{ $value }”这种计算力度；请用 quick（快速）、normal（标准）或 thorough（深入）
sweep-expected-share = 应为 0 到 1 之间的比例
sweep-expected-closure = 应写成 村或基地:开始..结束
sweep-expected-period = 应为 week、fortnight、month 或 quarter（周、两周、月、季度）
sweep-expected-visits = 至少为 1
sweep-expected-growth = 增长不能低于 -100%
sweep-expected-gap = 差距应在 [0, 1) 之间
sweep-expected-seed = 应为整数
sweep-no-vehicle-to-copy = 基地“{ $base }”没有可复制的车辆
sweep-no-base = 方案中没有基地“{ $id }”
sweep-no-place = 方案中没有村或基地“{ $id }”
sweep-expected-expert-share = 应为 0 到 100% 之间的比例
sweep-expected-teams = 应为 fixed（固定）或 open（由排班决定）
sweep-expected-days = 应为 0 到 23 天
sweep-not-expert-scenario = 该方案不是专家驻点方案
sweep-no-teams-to-fix = 该方案没有可固定的团队

# sweep.svg：多方案对比图。
sweep-plot-caption = 覆盖率与费用：{ $count } 个方案，红色为帕累托前沿
sweep-plot-cost = 费用（元）
sweep-plot-coverage = 完成巡诊（%）
sweep-plot-distance = 里程（公里）
sweep-plot-clinician-days = 医护人日
sweep-plot-gap = 差距（%）
