# 巡诊未完成的原因（src/plan/reason.rs、diagnose.rs、campaign.rs）：每个原因代码的简短标题，
# 以及带具体情况的说明。参数（--time-limit）和代码照原样写出。

## 原因代码的简短说明

reason-code-no-vehicle = 基地没有车辆
reason-code-no-qualified-clinician = 没有能胜任的医护人员
reason-code-all-on-leave = 医护人员休假或休息
reason-code-out-of-reach = 一天内到不了
reason-code-too-heavy = 物资超出车辆载重
reason-code-altitude-clearance = 有高海拔准入的人员不足
reason-code-closed = 封路
reason-code-out-of-season = 不在巡诊季节
reason-code-too-few-days = 可巡诊的日子太少
reason-code-no-vehicle-available = 车辆都在检修
reason-code-capacity = 车辆和人员的天数已用于其他巡诊
reason-code-cut-by-time = 时间上限已到，未排完
reason-code-unknown = 未记录原因

## 单日巡诊

reason-no-vehicle = 基地 { $base } 没有车辆
reason-visit-too-long = 这次巡诊在村里需要 { $service } 分钟，超过 { $limit } 分钟的工作时长
reason-drive-too-long = 从基地 { $base } 往返要驾驶 { $drive } 分钟，超过车辆驾驶时长上限 { $limit } 分钟
reason-day-too-long = 从基地 { $base } 往返（{ $drive } 分钟）加上在村里 { $service } 分钟，超过 { $limit } 分钟的工作时长
reason-no-specialist = 基地 { $base } 没有 { $specialty } 专科的医护人员
reason-no-role = 每个车次需要 { $count } 名 { $role }，基地 { $base } 能担任的医护人员只有 { $have } 名
reason-too-heavy = 这次巡诊需要 { $load } 公斤物资，基地 { $base } 的车辆最多载 { $max } 公斤
reason-altitude-role = 该村海拔 { $altitude } 米，高于 { $limit } 米高海拔准入线，基地 { $base } 有高海拔准入的 { $role } 只有 { $have } 名（每个车次需要 { $count } 名）
reason-altitude-specialist = 该村海拔 { $altitude } 米，高于 { $limit } 米高海拔准入线，基地 { $base } 没有具备高海拔准入的 { $specialty } 专科人员
reason-altitude-crew = 该村海拔 { $altitude } 米，高于 { $limit } 米高海拔准入线；带 { $specialty } 专科人员的车次需要 { $people } 名有高海拔准入的医护人员，基地 { $base } 只有 { $have } 名
reason-no-tour = 基地 { $base } 排不出含这次巡诊的车次：随车座位（{ $seats } 个）或工作时长不够
reason-closed = { $period } 的每个工作日都封路（{ $reason }）
reason-out-of-season = { $period } 该村不在巡诊时段内（或没有工作日）
reason-too-few-days = { $period } 只有 { $open } 个可巡诊的工作日，却要巡诊 { $required } 次
reason-specialists-on-leave = 基地 { $base } 的 { $specialty } 专科人员在 { $period } 大多休假或休息，可巡诊的日子里只有 { $available } 天有人
reason-on-leave = 基地 { $base } 的医护人员休假或休息：{ $period } 的 { $open } 个可巡诊日中，只有 { $staffed } 天能凑齐随车人员
reason-no-vehicle-available = { $period } 的可巡诊日，基地 { $base } 没有可出车的车辆（检修）
reason-spacing = { $period } 排不下间隔 { $spacing } 天的 { $required } 次巡诊
reason-capacity = 运力不足：{ $period } 的可巡诊日，基地 { $base } 有 { $vehicle_days } 个出车天数，已用 { $used } 个，可用医护人员 { $clinician_days } 人天（已计入人员上限、休假和间隔）；其他巡诊优先
reason-cut-by-time = 这次巡诊排入之前，时间上限已中止了基地 { $base } 的编排；请加大 --time-limit 或不设上限，让计算量决定何时结束

## 多日巡诊（医疗队）

reason-campaign-no-team = 基地 { $base } 没有医疗队
reason-campaign-no-leg = 从基地或任何住宿点出发，都无法在驾驶时长上限和 { $limit } 分钟工作时长内到达 { $site } 并赶到下一个过夜地点
reason-campaign-closed = { $period } 每天都封路或不在巡诊季节
reason-campaign-altitude = 该村海拔 { $altitude } 米，高于 { $limit } 米高海拔准入线，没有哪个医疗队全员具备高海拔准入
reason-campaign-no-team-able = 没有医疗队能承担（专科或驾驶时长上限）
reason-campaign-high-nights = 该村海拔 { $altitude } 米，需要有高海拔准入的医疗队；{ $count ->
        [1] 只有医疗队 { $teams } 符合
       *[other] 只有 { $count } 个医疗队（{ $teams }）符合
    }，其 { $high } 米以上的过夜（每月最多 { $cap } 晚，方案中已用 { $used } 晚）和天数都已用于其他村
reason-campaign-no-trip = 在海拔上升规则、住宿点床位和开放季节以及医疗队休假的限制下，没有不超过 { $days } 天的多日巡诊能到达该村
reason-campaign-capacity = 运力不足：医疗队 { $teams } 在 { $period } 的天数已用于其他村

## 车辆或医疗队闲置的原因（src/plan/campaign/idle.rs）：每个代码一个标题，然后是说明

idle-code-no-team = 车辆没有医疗队
idle-code-day-off = 非工作日
idle-code-maintenance = 车辆检修
idle-code-on-leave = 队员休假或不当班
idle-code-rest-rule = 医护人员的休息规定
idle-code-high-night-cap = 本月高海拔夜数已用完
idle-code-all-served = 可到达范围内已无巡诊需求
idle-code-out-of-season = 剩余村庄不在巡诊季节
idle-code-clearance = 剩余村庄需要高原准入
idle-code-out-of-reach = 剩余村庄超出车辆行驶范围
idle-code-no-trip-fits = 这些天排不下行程

idle-no-team = 车辆 { $vehicle } 没有医疗队；巡诊行程中车辆只随其医疗队出行
idle-day-off = 医疗队 { $team } 的非工作日
idle-maintenance = 车辆 { $vehicle } 检修
idle-on-leave = { $count } 名队员（{ $clinicians }）休假或不当班
idle-rest-in-a-row = 这天出勤会使医疗队 { $team } 连续工作 { $days } 天；队员最多连续 { $most } 天
idle-rest-week = 医疗队 { $team } 本周已工作 { $days } 天，已达队员每周上限（{ $most } 天）
idle-rest-month = 医疗队 { $team } 本月已工作 { $days } 天，已达队员每月上限（{ $most } 天）
idle-all-served = 医疗队 { $team } 可到达的村庄在计划中都已安排巡诊（由本队或其他队）
idle-out-of-season = 尚欠巡诊的 { $count } 个村庄（{ $sites }）这些天不在巡诊季节或道路封闭；医疗队 { $team } 等待
idle-clearance = 尚欠巡诊的 { $count } 个村庄（{ $sites }）位于 { $limit } 米高原准入线以上，医疗队 { $team } 未获高原准入（{ $clinicians } 未获准入）
idle-out-of-reach = 尚欠巡诊的 { $count } 个村庄（{ $sites }）超出医疗队 { $team } 一天的行驶范围：车辆 { $vehicle } 每天最多行驶 { $limit } 分钟，或医疗队缺少所需专科
idle-high-night-cap = 医疗队 { $team } 本月 { $high } 米以上的夜数已用完（{ $cap } 夜中已用 { $used } 夜），而尚欠巡诊的 { $count } 个村庄（{ $sites }）需要在那里过夜
idle-no-trip-fits = 尚欠巡诊的 { $count } 个村庄（{ $sites }）在医疗队 { $team } 的可到达范围内，但这些空闲天内排不下一次去那里的行程（海拔上升规定、住宿、本队其他行程），或行程费用高于巡诊的价值
