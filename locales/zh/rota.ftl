# 名医工作站（src/plan/rota、src/rota.rs、src/export/rota.rs）：排班不足的原因，以及出诊表、
# 微信通知和院内离岗表的文字。

## 排班不足的原因：每个代码一个简短标题

rota-reason-holidays = 节假日
rota-reason-too-few-days = 可用日不足
rota-reason-department-cap = 科室离岗上限
rota-reason-no-specialist-in-reach = 可达范围内无该专科专家
rota-reason-specialists-taken = 该专科专家已服务其他工作站
rota-reason-not-in-team = 团队中无此专科
rota-reason-work-limit = 受计算量上限截断

## 详情

rota-short-holidays = { $month } 的可用日被节假日占去
rota-short-too-few-days = 院内门诊日、休假和工作站不开放的日子使 { $month } 可用日不足
rota-short-department-cap = 每个可用日，{ $hospital }{ $department }已有 { $cap } 名其他专家外出（科室上限）
rota-short-work-limit = 求解在计算量上限内未能排定该月；可试 --effort thorough
rota-uncovered-not-in-team = 团队中没有 { $specialty } 专科专家
rota-uncovered-taken = 可达范围内的 { $specialty } 专科专家都已服务其他工作站或须留院
rota-uncovered-no-specialist = 工作站 { $minutes } 分钟车程内没有 { $specialty } 专科专家

## 错误

rota-not-expert-scenario = 情景 { $name } 规划的是巡诊路线，不是专家排班（请设 kind = "expert-stations"）
rota-solver-failed = 排班整数规划求解失败：{ $error }
rota-not-json = 不是排班文件：{ $error }
rota-wrong-kind = 不是排班文件（类型 `{ $kind }`）：check 需要专家工作站情景 `outreach plan` 输出的 rota.json
rota-previous-other-scenario = 字段 `scenario`：上期排班属于情景 `{ $planned }`，不是 `{ $scenario }`；请提供本情景（scenario.toml 中的 `name`）上次排出的 rota.json
rota-previous-not-expert-scenario = 情景 { $name } 排的是巡诊计划；上期排班只用于名医工作站情景
rota-previous-unknown-station = 字段 `teams[{ $index }].station`：工作站 `{ $station }` 不在工作站表中；请加回该站，或从上期排班中删去其团队
rota-previous-unknown-expert = 字段 `teams[{ $index }].{ $field }`：专家 `{ $expert }` 不在专家表中；请加回该专家（团队须保持一年），或从上期排班中删去
rota-previous-two-teams = 字段 `teams[{ $index }].{ $field }`：专家 `{ $expert }` 也在工作站 `{ $other }` 的团队中；一名专家只服务一个工作站：请更正上期排班
rota-previous-later = 字段 `start`：上期排班始于 { $start }，晚于本期开始（{ $horizon }）；请提供更早一期的排班

## 输出

rota-timetable-title = { $station } 专家坐诊时间表
rota-timetable-month = { $month }
rota-timetable-date = 日期
rota-timetable-weekday = 星期
rota-timetable-expert = 专家
rota-timetable-specialty = 专科
rota-timetable-hospital = 所在医院
rota-timetable-lead = （站长）
rota-timetable-footer = 由 outreach 根据情景 { $scenario } 生成。如有变动，以卫生院通知为准。
rota-wechat-head = 【{ $station }】{ $month }专家坐诊安排：
rota-wechat-line = { $date }（{ $weekday }）{ $names }
rota-wechat-tail = 请提前到卫生院挂号，携带医保卡。
rota-absence-title = 各医院各科室专家下沉离岗表
rota-absence-note = 每格：该科室当天外出坐诊的专家人数（上限 { $cap }，科室旁另注者从其所注）。
rota-ics-summary = { $station } 专家坐诊
rota-ics-description = 工作站 { $station } { $role }（{ $specialty }）；距 { $hospital } { $minutes } 分钟
rota-role-lead = 站长
rota-role-member = 团队成员
rota-tours-of-a-rota = 情景 { $name } 是专家工作站排班，不是巡诊路线：请用 `outreach plan` 规划，它写出 rota.json
