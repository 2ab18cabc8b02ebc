# 目录自身的测试用。
lang-test = { $name } 巡诊 { $count } 次

cli-planning = 正在编排“{ $name }”：{ $sites } 个村（点），{ $bases } 个基地，{ $vehicles } 辆车，{ $clinicians } 名医护人员，{ $days } 天（工作日 { $working } 天）；计算量 { $effort }，时间上限 { $limit } 秒
cli-plan-summary = 完成巡诊 { $met }/{ $required } 次（未完成 { $unmet } 次），出车 { $tours } 车次，{ $km } 公里，费用 ¥{ $cost }，目标值 { $objective }，{ $basis } { $bound }，差距 { $gap } %（方案池差距 { $pool_gap } %），用时 { $seconds } 秒
cli-plan-unmet = 未完成：{ $site } { $name } { $period }：应 { $required } 次，缺 { $missing } 次：{ $reason } [{ $code }]
cli-plan-unmet-more = … 另有 { $count } 条，见 schedule.json（summary.unmet）
cli-wrote = 已写出 { $files }
