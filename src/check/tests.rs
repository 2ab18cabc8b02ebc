//! The checker's words: every violation reads in Chinese and English, every rule code has a
//! title, and the English is the wording the README and scripts know.

use super::*;

fn on_leave() -> Violation {
    Violation {
        rule: "clinician-unavailable",
        date: NaiveDate::from_ymd_opt(2027, 1, 7),
        tour: Some("T00002".into()),
        vehicle: Some("V1".into()),
        site: None,
        clinician: Some("C02".into()),
        message: text!(
            "check-clinician-unavailable",
            clinician = "C02",
            name = "李建国",
            date = "2027-01-07"
        ),
    }
}

#[test]
fn a_violation_reads_in_either_language() {
    let v = on_leave();
    assert_eq!(
        v.render(Lang::En),
        "[clinician-unavailable] 2027-01-07 tour T00002: C02 (李建国) is on leave or off duty on 2027-01-07"
    );
    assert_eq!(
        v.render(Lang::Zh),
        "[clinician-unavailable] 2027-01-07 车次 T00002：C02（李建国）在 2027-01-07 休假或不当班"
    );
    // Without a tour the line goes from the date to the message.
    let spacing = Violation {
        rule: "spacing",
        tour: None,
        message: text!(
            "check-spacing",
            site = "S05",
            first = "2027-01-14",
            second = "2027-01-14",
            apart = 0u32,
            min = 14u32,
            short = 14u32
        ),
        ..on_leave()
    };
    assert_eq!(
        spacing.render(Lang::En),
        "[spacing] 2027-01-07: S05 is visited on 2027-01-14 and 2027-01-14, 0 day(s) apart; the minimum is 14 (14 short)"
    );
    assert_eq!(
        spacing.render(Lang::Zh),
        "[spacing] 2027-01-07：S05 在 2027-01-14 和 2027-01-14 都有巡诊，间隔 0 天；最小间隔为 14 天（差 14 天）"
    );
}

#[test]
fn json_has_the_words_and_their_id() {
    let json = serde_json::to_value(on_leave()).unwrap();
    assert_eq!(json["rule"], "clinician-unavailable");
    assert_eq!(json["message_id"], "check-clinician-unavailable");
    assert_eq!(json["message"], on_leave().message.to_string());
    assert_eq!(json["clinician"], "C02");
}

#[test]
fn every_rule_has_a_title_in_both_languages() {
    for rule in RULES {
        for lang in Lang::ALL {
            let title = rule_title(rule, lang);
            assert!(
                title != rule && !title.is_empty(),
                "{rule} has no title in {lang}"
            );
        }
    }
    assert_eq!(
        rule_title("clinician-unavailable", Lang::Zh),
        "人员休假或不当班"
    );
    assert_eq!(rule_title("no-such-rule", Lang::Zh), "no-such-rule");
}

/// The rule codes the checker's sources name (`add("code"`, `rule: "code"`) are all in [`RULES`].
#[test]
fn rules_lists_every_code_the_checker_reports() {
    let sources = [
        include_str!("mod.rs"),
        include_str!("crew.rs"),
        include_str!("route.rs"),
        include_str!("trips.rs"),
    ];
    let mut found = Vec::new();
    for text in sources {
        for needle in ["add(", "rule: "] {
            for (at, _) in text.match_indices(needle) {
                let rest = text[at + needle.len()..].trim_start();
                if let Some(lit) = rest.strip_prefix('"') {
                    found.push(lit[..lit.find('"').unwrap()].to_string());
                }
            }
        }
    }
    // The ascent rules come from the scenario's altitude rules.
    let rules = crate::scenario::AltitudeRules::default();
    for (_, rule, _) in rules
        .ascent_problems(&[2900.0, 3350.0, 3800.0, 4250.0, 4700.0, 2900.0])
        .into_iter()
        .chain(rules.ascent_problems(&[4380.0, 4900.0]))
    {
        found.push(rule.to_string());
    }
    assert!(found.len() > 40, "the scan finds the rules: {found:?}");
    for rule in &found {
        assert!(RULES.contains(&rule.as_str()), "`{rule}` is not in RULES");
    }
    for rule in RULES {
        assert!(
            found.iter().any(|r| r == rule),
            "`{rule}` is never reported"
        );
    }
}

/// The messages that choose their words (the base or a place, one or more) read as before.
#[test]
fn chosen_words_read_as_before() {
    let work = |m: Text| {
        m.arg("work", "500")
            .arg("drive", "300")
            .arg("service", "200")
            .arg("limit", "480")
            .arg("over", "20")
    };
    let day = work(text!("check-tour-too-long")).arg("leg", "none");
    assert_eq!(
        day.render(Lang::En),
        "the tour takes 500 min (driving 300 + service 200), over the 480-min working day by 20 min"
    );
    assert_eq!(
        day.render(Lang::Zh),
        "车次共需 500 分钟（驾驶 300 + 服务 200），超出 480 分钟的工作时长 20 分钟"
    );
    let away = with_leg(
        work(text!("check-tour-too-long")),
        &Some("L01".into()),
        &None,
    );
    assert_eq!(
        away.render(Lang::En),
        "the tour from L01 to the base takes 500 min (driving 300 + service 200), over the 480-min working day by 20 min"
    );
    assert_eq!(
        away.render(Lang::Zh),
        "车次（从 L01 到基地）共需 500 分钟（驾驶 300 + 服务 200），超出 480 分钟的工作时长 20 分钟"
    );
    let drive = with_leg(
        text!(
            "check-drive-limit",
            vehicle = "V1",
            drive = "400",
            limit = "360",
            over = "40"
        ),
        &None,
        &Some("L02".into()),
    );
    assert_eq!(
        drive.render(Lang::En),
        "vehicle V1 drives 400 min from the base to L02, over its limit of 360 min by 40 min"
    );
    assert_eq!(
        drive.render(Lang::Zh),
        "车辆 V1（从基地到 L02）驾驶 400 分钟，比驾驶时长上限 360 分钟多 40 分钟"
    );
    let stray = place_arg(
        place_arg(text!("check-trip-no-trip"), "from", &None),
        "to",
        &Some("L01".into()),
    );
    assert_eq!(
        stray.render(Lang::En),
        "the day runs from the base to L01 but belongs to no trip: a day away from the base needs `trip`, `trip_day` and `trip_days`"
    );
    assert_eq!(
        stray.render(Lang::Zh),
        "这一天从基地到 L01，却不属于任何多日巡诊：不在基地过夜的一天需要填写 `trip`、`trip_day` 和 `trip_days`"
    );
    let beds = |n: usize, tours: &str| {
        text!(
            "check-lodging-beds",
            lodging = "L01",
            name = "兵站",
            beds = 2u32,
            persons = 3u32,
            date = "2027-06-10",
            count = n,
            tours = tours,
            driver_beds = 1u32,
            over = 1u32
        )
        .render(Lang::En)
    };
    assert_eq!(
        beds(1, "A-1"),
        "L01 (兵站) has 2 beds, but 3 people sleep there on the night of 2027-06-10 (tour A-1: crew and 1 driver bed(s) each), 1 too many"
    );
    assert!(beds(2, "A-1, B-1").contains("(tours A-1, B-1: crew"));
    let nights = |n: u32| {
        text!(
            "check-altitude-nights",
            clinician = "C04",
            name = "刘芳",
            nights = n,
            altitude = "4500",
            month = "2027-06",
            limit = 0u32,
            over = n
        )
        .render(Lang::En)
    };
    assert_eq!(
        nights(1),
        "C04 (刘芳) sleeps 1 night above 4500 m in 2027-06, over the limit of 0 by 1"
    );
    assert!(nights(2).contains("sleeps 2 nights above"));
}

#[test]
fn an_ascent_reads_as_the_trip_and_the_night() {
    let rules = crate::scenario::AltitudeRules::default();
    let (night, rule, why) = rules.ascent_problems(&[4380.0, 4900.0]).remove(0);
    assert_eq!((night, rule), (1, "altitude-gain"));
    assert_eq!(
        why.render(Lang::En),
        "night 1 sleeps 520 m higher than the night before (at most 500 m above 3000 m)"
    );
    let mut m = text!(
        "check-trip-ascent",
        trip = "A-0607",
        kind = "lodging",
        place = "L04",
        name = "兵站",
        altitude = "4900",
        date = "2027-06-08",
        why = why.id.as_str()
    );
    m.args.extend(why.args);
    assert_eq!(
        m.render(Lang::En),
        "trip A-0607 sleeps at L04 (兵站, 4900 m) on 2027-06-08: night 1 sleeps 520 m higher than the night before (at most 500 m above 3000 m)"
    );
    assert_eq!(
        m.render(Lang::Zh),
        "多日巡诊 A-0607 2027-06-08 在 L04（兵站，海拔 4900 米）过夜：第 1 晚比前一晚高 520 米（3000 米以上每晚最多升高 500 米）"
    );
    let (_, rule, why) = rules
        .ascent_problems(&[2900.0, 3350.0, 3800.0, 4250.0, 4700.0, 2900.0])
        .remove(0);
    assert_eq!(rule, "altitude-rest-day");
    let mut m = text!(
        "check-trip-ascent",
        trip = "A",
        kind = "base",
        place = "B01",
        name = "县医院",
        altitude = "4700",
        date = "2027-06-11",
        why = why.id.as_str()
    );
    m.args.extend(why.args);
    assert_eq!(
        m.render(Lang::En),
        "trip A sleeps at base B01 (县医院, 4700 m) on 2027-06-11: night 4 gains 450 m after 1250 m without a rest night (one night without gain is due every 1000 m)"
    );
}
