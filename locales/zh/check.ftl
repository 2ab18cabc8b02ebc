# 检查器的话：排班表违反的每条规则（src/check），以及每个规则代码的简短标题。
# 规则代码、编号、文件名和排班表字段（`from`、summary.unmet、[tours] max_days）照原样写出：
# 计划人员和脚本要按它们查找。

## 一条违规占一行：[规则] 日期 车次 T：说明

check-line-tour = 车次 { $tour }
check-line-message = ：{ $message }

## 各规则代码的简短说明（报告、表格用）

check-rule-wrong-scenario = 排班表属于其他场景
check-rule-duplicate-id = 车次编号重复
check-rule-outside-horizon = 日期超出计划期
check-rule-unknown-id = 场景中没有该编号
check-rule-vehicle-wrong-base = 车辆属于其他基地
check-rule-vehicle-double-booked = 车辆同一天重复出车
check-rule-non-working-day = 非工作日
check-rule-vehicle-unavailable = 车辆检修
check-rule-lodging-missing = 过夜地点不是住宿点
check-rule-times = 时间与路线不符
check-rule-site-twice = 同一车次重复巡诊一个村
check-rule-site-closed = 封路
check-rule-site-out-of-window = 不在巡诊时段
check-rule-distance = 里程与路线不符
check-rule-tour-too-long = 车次超出工作时长
check-rule-drive-limit = 超出驾驶时长上限
check-rule-clinician-wrong-base = 医护人员属于其他基地
check-rule-clinician-double-booked = 医护人员同一天重复排班
check-rule-clinician-unavailable = 人员休假或不当班
check-rule-crew-missing = 岗位缺人
check-rule-crew-slot = 人员与岗位不符
check-rule-seats = 随车人员多于座位
check-rule-altitude-clearance = 随车人员无高海拔准入
check-rule-vehicle-load = 物资超出车辆载重
check-rule-clinician-week-limit = 超出每周工作天数
check-rule-clinician-month-limit = 超出每月工作天数
check-rule-clinician-consecutive-limit = 连续工作天数超限
check-rule-spacing = 巡诊间隔不足
check-rule-unmet-overstated = 未完成巡诊多报
check-rule-requirement-unmet = 巡诊要求未满足且未列出
check-rule-trip-broken = 多日巡诊安排有误
check-rule-altitude-gain = 海拔上升过快
check-rule-altitude-rest-day = 缺少休整夜
check-rule-lodging-closed = 住宿点关闭
check-rule-lodging-beds = 住宿点床位不足
check-rule-altitude-nights = 高海拔过夜超限

## 排班表与日历

check-wrong-scenario = 此排班表是为场景 `{ $planned }` 编排的，不是 `{ $scenario }`；请用它自己的场景检查
check-duplicate-id = 车次编号 { $tour } 被多个车次使用
check-outside-horizon = { $date } 不在计划期 { $start }..{ $end } 内
check-unknown-vehicle = 场景中没有车辆 `{ $vehicle }`
check-unknown-base = 场景中没有基地 `{ $base }`
check-unknown-site = 场景中没有村（点）`{ $site }`
check-unknown-clinician = 场景中没有医护人员 `{ $clinician }`
check-vehicle-wrong-base = 车辆 { $vehicle } 属于基地 { $home }，不属于 { $base }
check-vehicle-double-booked = 车辆 { $vehicle } 在 { $date } 已有车次 { $other }
check-non-working-day = { $date } 不是工作日（周末或节假日）
check-vehicle-unavailable = 车辆 { $vehicle } 在 { $date } 检修

## 时间、路线与各站

check-depart-early = 出发时间 { $depart } 早于工作日开始时间（{ $start }）
check-departure-not-time = 出发时间 `{ $time }` 不是时间（应为 HH:MM）
check-arrival-early = 到达 { $site } 的时间 { $arrival } 早于路线最早可到时间（{ $earliest }）
check-arrival-not-time = 到达时间 `{ $time }` 不是时间（应为 HH:MM）
check-service-cut = 离开 { $site } 的时间 { $departure } 只留出 { $left } 分钟服务时间，应为 { $minutes } 分钟（到达 { $arrival }）
check-return-early = 返回时间 { $time } 早于路线最早可回时间（{ $earliest }）
check-return-late = 返回时间 { $time } 晚于工作日结束时间（{ $end }）
check-return-not-time = 返回时间 `{ $time }` 不是时间（应为 HH:MM）
check-distance = distance_km { $stated } 与路线里程 { $km } 公里不符
check-site-twice = 村（点）{ $site } 在同一车次中巡诊了两次
check-site-closed = 去往 { $site } 的道路在 { $date } 封路（{ $reason }）
check-site-out-of-window = { $date } 不在 { $site } 的巡诊时段内
# 不在基地过夜的一天从哪里到哪里（接在“车次”“车辆 V1”之后）：从 L01 到基地。
check-leg = 从{ $from_kind ->
        [base] 基地
       *[place] { " " }{ $from }{ " " }
    }到{ $to_kind ->
        [base] 基地
       *[place] { " " }{ $to }
    }
check-tour-too-long = 车次{ $leg ->
        [trip] （{ check-leg }）
       *[none] {""}
    }共需 { $work } 分钟（驾驶 { $drive } + 服务 { $service }），超出 { $limit } 分钟的工作时长 { $over } 分钟
check-drive-limit = 车辆 { $vehicle }{ $leg ->
        [trip] （{ check-leg }）
       *[none] {""}
    }驾驶 { $drive } 分钟，比驾驶时长上限 { $limit } 分钟多 { $over } 分钟
check-vehicle-load = 各站物资共 { $load } 公斤，但车辆 { $vehicle } 最多载 { $max } 公斤（超出 { $over } 公斤）

## 随车人员

check-clinician-wrong-base = { $clinician }（{ $name }）属于基地 { $home }，不属于 { $base }
check-clinician-double-booked = { $clinician }（{ $name }）在 { $date } 已排在车次 { $other }
check-clinician-unavailable = { $clinician }（{ $name }）在 { $date } 休假或不当班
check-crew-missing = 随车人员填不满岗位 [{ $slots }]（每个岗位一人）
check-crew-slot-unknown = { $clinician }（{ $name }）排在岗位 `{ $slot }`，但该车次没有这个岗位（或没有这么多个）；车次的岗位：{ $slots }
check-crew-slot-role = { $clinician }（{ $name }）是 { $role }，不能担任 `{ $slot }` 岗位
check-seats = 车辆 { $vehicle } 有 { $seats } 个座位，随车人员却有 { $crew } 人
check-altitude-clearance = { $clinician }（{ $name }）没有高海拔准入，但 { $site } 海拔 { $altitude } 米，高于 { $limit } 米准入线
check-clinician-week-limit = { $clinician }（{ $name }）在 { $week } 周工作 { $days } 天，比上限 { $limit } 天多 { $over } 天
check-clinician-month-limit = { $clinician }（{ $name }）在 { $month } 工作 { $days } 天，比上限 { $limit } 天多 { $over } 天
check-clinician-consecutive-limit = { $clinician }（{ $name }）连续工作超过 { $limit } 天（截至 { $date }）

## 巡诊要求

check-spacing = { $site } 在 { $first } 和 { $second } 都有巡诊，间隔 { $apart } 天；最小间隔为 { $min } 天（差 { $short } 天）
check-unmet-overstated = { $site }（{ $name }）在 { $period } 完成巡诊 { $done }/{ $required } 次，但 summary.unmet 列出缺 { $listed } 次；应列 { $should } 次
check-requirement-unmet = { $site }（{ $name }）在 { $period } 只完成巡诊 { $done }/{ $required } 次，且 summary.unmet 未列出缺口
check-requirement-unmet-specialty = { $site }（{ $name }）在 { $period } 只完成 { $specialty } 专科巡诊 { $done }/{ $required } 次，且 summary.unmet 未列出缺口

## 多日巡诊及过夜（$verb：starts 出发，ends 结束）

check-lodging-missing-site = 这一天{ $verb ->
        [starts] 从村（点）{ $place }（{ $name }）出发
       *[ends] 在村（点）{ $place }（{ $name }）结束
    }，但那里不是住宿点：过夜地点须列在 lodgings.csv 中
check-lodging-missing-base = 这一天{ $verb ->
        [starts] 从基地 { $place }（{ $name }）出发
       *[ends] 在基地 { $place }（{ $name }）结束
    }，但基地不是住宿点：过夜地点须列在 lodgings.csv 中；表示基地时不填 `{ $field }`
check-lodging-missing = 这一天{ $verb ->
        [starts] 出发
       *[ends] 结束
    }的住宿点 `{ $place }` 不在 lodgings.csv 中
check-trip-no-trip = 这一天从{ $from_kind ->
        [base] 基地
       *[place] { " " }{ $from }{ " " }
    }到{ $to_kind ->
        [base] 基地
       *[place] { " " }{ $to }
    }，却不属于任何多日巡诊：不在基地过夜的一天需要填写 `trip`、`trip_day` 和 `trip_days`
check-trip-too-long = 多日巡诊 { $trip } 共 { $days } 天，比上限 { $limit } 天（[tours] max_days）多 { $over } 天
check-trip-day-number = 多日巡诊 { $trip }：{ $date } 标为第 { $day }/{ $days } 天，但排班表中它是共 { $count } 天中的第 { $actual } 天
check-trip-start = 多日巡诊 { $trip } 在 { $date } 从 { $place } 出发，而不是从基地：第一天应从基地出发
check-trip-end = 多日巡诊 { $trip } 最后一天（{ $date }）停在 { $place }，没有回到基地
check-trip-same-day = 多日巡诊 { $trip } 在 { $date } 排了两天
check-trip-gap = 多日巡诊 { $trip } 中间断开：{ $first } 之后是 { $second }；多日巡诊的日期须连续
check-trip-vehicle = 多日巡诊 { $trip } 在 { $date } 换了车辆：之前是 { $before }，现在是 { $now }；全程应由同一辆车完成
check-trip-crew = 多日巡诊 { $trip } 在 { $date } 换了随车人员：之前是 [{ $before }]，现在是 [{ $now }]；随车人员应全程不变
check-trip-home-early = 多日巡诊 { $trip } 在 { $date }（第 { $day }/{ $days } 天）提前回到基地：除最后一晚外，每晚都应在住宿点过夜
check-trip-night = 多日巡诊 { $trip } { $night } 在 { $lodging } 过夜，但 { $date } 却从{ $from_kind ->
        [base] 基地
       *[place] { " " }{ $from }{ " " }
    }出发
check-trip-load = 多日巡诊 { $trip } { $days } 天共 { $stops } 站，物资 { $load } 公斤，但车辆 { $vehicle } 最多载 { $max } 公斤（超出 { $over } 公斤）
check-trip-altitude-clearance = { $clinician }（{ $name }）没有高海拔准入，但多日巡诊 { $trip } 要到{ $kind ->
        [site] 村（点）{ $place }
       *[lodging] 住宿点 { $place }
    }，海拔 { $altitude } 米，高于 { $limit } 米准入线
# 违反海拔上升规则的一晚：先说多日巡诊，再说这一晚（$why：两条规则中的哪一条）。
check-trip-ascent = 多日巡诊 { $trip } { $date } 在{ $kind ->
        [base] 基地 { $place }
       *[lodging] { " " }{ $place }
    }（{ $name }，海拔 { $altitude } 米）过夜：{ $why ->
        [check-ascent-gain] { check-ascent-gain }
       *[check-ascent-rest] { check-ascent-rest }
    }
check-ascent-gain = 第 { $night } 晚比前一晚高 { $gain } 米（{ $above } 米以上每晚最多升高 { $max_gain } 米）
check-ascent-rest = 第 { $night } 晚又升高 { $gain } 米，此前已连续升高 { $since } 米而没有休整夜（每升高 { $every } 米须有一晚不升高）
check-lodging-closed = { $lodging }（{ $name }）在 { $date } 晚上关闭（{ $reason }）
check-lodging-out-of-window = { $lodging }（{ $name }）在 { $date } 晚上关闭（不在开放时段 { $windows } 内）
check-lodging-beds = { $lodging }（{ $name }）有 { $beds } 张床，但 { $date } 晚上有 { $persons } 人住宿（{ $count } 个车次 { $tours }：随车人员加每车 { $driver_beds } 张司机床位），多出 { $over } 人
check-altitude-nights = { $clinician }（{ $name }）在 { $month } 有 { $nights } 晚在海拔 { $altitude } 米以上过夜，比上限 { $limit } 晚多 { $over } 晚

## 专家工作站排班（src/check/rota.rs）

check-rule-expert-two-places = 专家同日在两处
check-rule-expert-not-free = 专家当天无空
check-rule-wrong-specialty = 专家专科不符
check-rule-team-changed = 一年内更换团队
check-rule-expert-too-far = 工作站超出车程上限
check-rule-department-cap = 同科室外出过多
check-rule-expert-days-short = 专家低于每月最低天数
check-rule-expert-month-limit = 专家超过每月最多天数
check-rota-unknown-station = 工作站 `{ $station }` 不在情景中
check-rota-unknown-expert = 专家 `{ $expert }` 不在情景中
check-rota-unknown-day = 专家 `{ $expert }` 在工作站 `{ $station }` 的一天：其中一方不在情景中
check-rota-two-teams = 专家 `{ $expert }` 也在工作站 `{ $other }` 的团队中；一名专家一年内只服务一个工作站
check-rota-wrong-specialty = 专家 `{ $expert }`（{ $specialty }）服务的工作站需要 { $needs }
check-rota-team-changed = 工作站 `{ $station }` 的团队与情景中全年固定的团队不同
check-rota-two-places = 专家 `{ $expert }` 当天也在工作站 `{ $other }`
check-rota-not-in-team = 专家 `{ $expert }` 不在工作站 `{ $station }` 的团队中
check-rota-not-free = 专家 `{ $expert }` 在这个{ $weekday }无空：节假日、本人门诊日、休假或工作站不开放
check-rota-department-cap = { $hospital }{ $department }有 { $count } 名专家外出，超过上限 { $cap }
check-rota-days-short = 专家 `{ $expert }` 在 { $month } 只有 { $planned } 天，少于应到的 { $need } 天，且排班未列出此不足
check-rota-month-limit = 专家 `{ $expert }` 在 { $month } 有 { $planned } 天，超过上限 { $max } 天
check-rota-kept-team-gone = 工作站 `{ $station }` 没有团队，但其 { $since } 组建的团队须保持到 { $until }
check-rota-kept-lead = 工作站 `{ $station }` 的站长是 `{ $lead }`，而非 { $since } 组建团队的站长 `{ $before }`；该团队须保持到 { $until }
check-rota-kept-member = 专家 `{ $expert }` 离开了工作站 `{ $station }` { $since } 组建的团队；团队成员须保持到 { $until }
