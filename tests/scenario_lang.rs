//! A broken scenario's problems in the planner's language: `validate --lang zh` names the file, the
//! line, the field and the fix in Chinese, and `--lang en` says the same in English.

mod common;

use common::{copy_scenario, outreach};
use std::fs;

/// `validate` on a copy of `tiny` with a word for S02's population (line 3 of sites.csv) and a
/// horizon of 200 weeks, in `lang`: the problem lines it prints.
fn validate_broken(lang: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let toml = copy_scenario("tiny", dir.path());
    let sites = dir.path().join("sites.csv");
    let text = fs::read_to_string(&sites).unwrap();
    fs::write(&sites, text.replacen(",860,", ",many,", 1)).unwrap();
    let settings = fs::read_to_string(&toml).unwrap();
    fs::write(&toml, settings.replacen("weeks = 2", "weeks = 200", 1)).unwrap();
    let run = outreach()
        .args(["validate", "--lang", lang])
        .arg(&toml)
        .output()
        .unwrap();
    assert!(!run.status.success(), "a broken scenario was accepted");
    String::from_utf8(run.stdout).unwrap()
}

#[test]
fn validate_speaks_chinese_with_the_file_line_and_field() {
    let out = validate_broken("zh");
    assert!(
        out.contains("错误：")
            && out.contains("sites.csv，第 3 行，字段 `population`：`many` 不是有效的数字"),
        "{out}"
    );
    assert!(
        out.contains("scenario.toml，字段 `horizon.weeks`：200 周超出范围：请填 1 到 104 周"),
        "{out}"
    );
    assert!(
        !out.contains("error:") && !out.contains("out of range"),
        "{out}"
    );
}

#[test]
fn validate_speaks_english_when_asked() {
    let out = validate_broken("en");
    assert!(
        out.contains("sites.csv, line 3, field `population`: `many` is not a finite number"),
        "{out}"
    );
    assert!(
        out.contains(
            "scenario.toml, field `horizon.weeks`: 200 weeks is out of range: give 1 to 104 weeks (13 is a quarter)"
        ),
        "{out}"
    );
    assert!(out.lines().all(|l| l.starts_with("error: ")), "{out}");
}

#[test]
fn without_lang_validate_speaks_the_scenarios_language() {
    // tiny says `language = "zh"`.
    let dir = tempfile::tempdir().unwrap();
    let toml = copy_scenario("tiny", dir.path());
    let settings = fs::read_to_string(&toml).unwrap();
    fs::write(&toml, settings.replacen("weeks = 2", "weeks = 0", 1)).unwrap();
    let run = outreach()
        .env_remove("OUTREACH_LANG")
        .arg("validate")
        .arg(&toml)
        .output()
        .unwrap();
    let out = String::from_utf8(run.stdout).unwrap();
    assert!(out.contains("0 周超出范围"), "{out}");
}

/// The TOML reader's message for a misspelt key is its own words in English, and says the same
/// in Chinese.
#[test]
fn a_misspelt_toml_key_is_named_in_either_language() {
    let dir = tempfile::tempdir().unwrap();
    let toml = copy_scenario("tiny", dir.path());
    let settings = fs::read_to_string(&toml).unwrap();
    fs::write(&toml, settings.replacen("[solver]", "[solvr]", 1)).unwrap();
    let said = |lang: &str| {
        let run = outreach()
            .args(["validate", "--lang", lang])
            .arg(&toml)
            .output()
            .unwrap();
        String::from_utf8(run.stdout).unwrap()
    };
    let en = said("en");
    assert!(
        en.contains("unknown field `solvr`, expected one of `name`, `description`"),
        "{en}"
    );
    let zh = said("zh");
    assert!(
        zh.contains("没有 `solvr` 这一项，请检查拼写；可填的项：`name`, `description`"),
        "{zh}"
    );
}
