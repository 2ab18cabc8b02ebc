report-title = 巡诊计划：{ $name }
report-horizon = 计划期 { $start } 至 { $end }（共 { $days } 天，工作日 { $working } 天）· 随机种子 { $seed }
report-footer = 由 outreach 根据随机种子 { $seed } 的排班生成。所有时间均为北京时间。
report-nav-kpis = 主要指标
report-nav-map = 地图
report-nav-gantt = 日程图
report-nav-unmet = 未完成
report-nav-sheets = 每日出车单
report-kpis = 主要指标
report-checked-ok = 已核查：每个车次都符合本方案的全部硬性规则。
report-violations = 核查发现 { $count } 处违反规则
report-violations-some = 核查发现 { $count } 处违反规则（列出前 { $shown } 处）
report-map = 巡诊路线图
report-legend-base = 基地
report-legend-site = 村（点）
report-vehicles = 车辆出车日程
report-vehicles-note = 每个色块是一个车次；灰色列是不出车的日子（周末、节假日）；橙色是车辆检修停用。
report-clinicians = 医护人员出诊日程
report-clinicians-note = 色块颜色即所乘车辆的颜色；橙色是休假。
report-unmet = 未完成的巡诊及原因
report-unmet-none = 所有应巡诊的次数都已排上。
report-period = 周期
report-missing = 缺少
report-reason = 原因
report-optimality = 最优性
report-optimality-note = 本方案离最好的方案有多近：下界是已证明的，任何方案的费用都不会低于它；差距是本方案最多可能比最好方案多出的比例。

kpi-coverage = 覆盖率
kpi-of = { $part } / { $whole }
kpi-visits-met = 完成巡诊
kpi-visits-missing = 未完成巡诊
kpi-tour-days = 车次
kpi-vehicle-days = 出车天数
kpi-clinician-days = 医护人员出诊人天
kpi-population = 覆盖人口
kpi-distance = 行驶里程
kpi-cost = 费用
kpi-stops = 巡诊村次
kpi-sites = 巡诊村数
kpi-objective = 目标值（费用加罚分）
kpi-bound = 已证明的下界
kpi-pool-bound = 方案池下界（仅限已生成的路线）
kpi-gap = 差距
kpi-pool-gap = 方案池差距
kpi-tree = 搜索树（分支定价）
kpi-tree-value = { $nodes } 个节点，{ $cuts } 条割平面，根节点下界 { $root }，{ $ended ->
    [closed] 已搜完：差距为 0 时方案即最优
    [unproved] 已停止：此规模下定价无法证明节点的下界
    [clock] 因时间上限停止
    [no_branch] 已停止：某节点无法再分支
   *[node_limit] 达到节点上限后停止
}
kpi-solve-time = 计算用时
kpi-seed = 随机种子

sheet-base = 基地
sheet-crew = 随车人员
sheet-clinician = 人员编号
sheet-name = 名称
sheet-slot = 岗位
sheet-route = 路线
sheet-arrive = 到达
sheet-leave = 离开
sheet-site = 村（点）编号
sheet-specialty = 专科
sheet-notes = 备注
sheet-at-base = 基地
sheet-after-night = 在此住宿后出发
sheet-back-at-base = 返回基地
sheet-night-here = 在此住宿
sheet-sign = 诊治人数：______　转诊人数：______　司机：______________　带队：______________
sheet-times-return = { $depart } 出发 · { $back } 返回
sheet-times-arrive = { $depart } 出发 · { $back } 到达
sheet-distance = { $km } 公里 · 驾驶 { $minutes } 分钟
sheet-load = 物资 { $kg } 公斤
sheet-trip = 行程 { $trip }，第 { $day } 天，共 { $days } 天
sheet-trip-team = 行程 { $trip }（医疗队 { $team }），第 { $day } 天，共 { $days } 天
slot-or = 或

weekday-mon = 周一
weekday-tue = 周二
weekday-wed = 周三
weekday-thu = 周四
weekday-fri = 周五
weekday-sat = 周六
weekday-sun = 周日

map-km-east = 向东（公里）
map-km-north = 向北（公里）

print-gantt = 车辆和医护人员日程
print-title = { $base } { $name }：打印用出车单
print-title-team = { $base } { $name }，医疗队 { $team }：打印用出车单
print-collision = 两份打印文档会用同一个文件名 { $file }（基地 { $base }）；请让基地或医疗队的编号除标点外也有区别

## 方案数据里的词，译成规划人员习惯的说法。
role-doctor = 医生
role-nurse = 护士
role-pharmacist = 药剂师
role-lab-technician = 检验师
role-driver = 司机
specialty-cardiology = 心内科
specialty-endocrinology = 内分泌科
specialty-obstetrics = 产科
specialty-oncology = 肿瘤科
specialty-pain = 疼痛科
specialty-paediatrics = 儿科
specialty-pediatrics = 儿科
specialty-general = 全科
sheet-noon-at = 午餐：12:00 在 { $site }（{ $arrive }–{ $leave }）
sheet-noon-road = 午餐：12:00 在 { $from } 去 { $to } 的路上

report-nav-trips = 巡诊行程
report-trips = 多日巡诊行程
report-trip = 行程
report-team = 小组
report-vehicle = 车辆
report-dates = 日期
report-days = 天数
report-nights = 住宿（地点、海拔）
report-villages = 巡诊村
report-month = 月份
report-high-nights = 高海拔住宿夜数
report-high-cap = 每月上限
trips-lodging = { $id } { $name }（海拔 { $altitude } 米）
trips-high-line = 每人每月在海拔 { $altitude } 米以上住宿的夜数
sheet-night-call = 在此住宿（海拔 { $altitude } 米），请提前联系住宿点
report-days-off-after = 距本队下一行程的休息天数
trips-rest-night = { $night }，休整夜
report-rest = 每位医护人员的工作与休息
report-rest-note = 休息天数为从第一次行程到最后一次行程之间没有行程的天数；最长连续工作天数与本人上限（休息规定）对照；休整夜指在海拔规定线以上住宿后，当晚住宿海拔没有升高。
report-rest-trips = 行程数
report-rest-days = 行程天数
report-rest-days-off = 行程之间的休息天数
report-rest-in-a-row = 最长连续工作天数 / 上限
report-rest-nights = 高海拔休整夜数
report-nav-idle = 闲置天数
report-idle = 医疗队和车辆闲置的原因
report-idle-note = 每个医疗队（或没有医疗队的车辆）连续没有行程的天数，附第一个适用的原因：先看可出勤情况、休息规定，再看剩余的巡诊需求以及医疗队为何去不了。
report-idle-code = 代码
report-idle-runs = 段数
report-idle-days = 天数
sheet-rest-day = 休整日：医疗队留在 { $lodging }（海拔 { $altitude } 米），海拔不升高（海拔上升规定）
sheet-rest-night = 休整夜：自在 { $lodging }（海拔 { $altitude } 米）住宿后海拔不再升高，按海拔上升规定每升高 { $every } 米需休整一夜
