//! The catalogues are complete: every message in both languages, every id the code names in a
//! catalogue, every argument a message uses given by some call.

use super::*;
use fluent_syntax::ast;
use std::collections::BTreeSet;
use std::path::Path;

/// Message ids and, for each, the variables it uses, from the catalogue files of one language.
fn catalogue(lang: usize) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for (i, source) in FILES[lang].1.iter().enumerate() {
        let res = fluent_syntax::parser::parse(*source)
            .unwrap_or_else(|(_, errors)| panic!("{} file {i}: {errors:?}", FILES[lang].0));
        for entry in res.body {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    variables(p, &mut vars);
                }
                let id = m.id.name.to_string();
                assert!(
                    out.insert(id.clone(), vars).is_none(),
                    "{}: `{id}` is defined twice",
                    FILES[lang].0
                );
            }
        }
    }
    out
}

fn variables(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for v in variants {
                variables(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => inline_variables(i, out),
    }
}

fn inline_variables(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}

#[test]
fn both_languages_have_every_message_with_the_same_arguments() {
    let en = catalogue(0);
    let zh = catalogue(1);
    let only_en: Vec<_> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    let only_zh: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(only_en.is_empty(), "missing in Chinese: {only_en:?}");
    assert!(only_zh.is_empty(), "missing in English: {only_zh:?}");
    for (id, vars) in &en {
        assert_eq!(
            vars, &zh[id],
            "`{id}` uses other arguments in the two languages"
        );
    }
}

/// The ids named in code: `text!("id"`, `Text::new("id"`, `tr(lang, "id"` and, in templates,
/// `t("id"`.
fn ids_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // rustfmt may put the id on the line after `text!(`, so space after the parenthesis is
    // skipped.
    for needle in ["text!(", "Text::new(", "t(", "tr("] {
        let mut rest = text;
        while let Some(at) = rest.find(needle) {
            // `t(` and `tr(` only as whole names, not the end of `get_opt(`
            let whole = rest[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            rest = &rest[at + needle.len()..];
            if !whole {
                continue;
            }
            let from = if needle == "tr(" {
                // tr(lang, "id"): the literal after the first comma on the line
                let line_end = rest.find('\n').unwrap_or(rest.len());
                match rest[..line_end].find(", \"") {
                    Some(c) => c + 2,
                    None => continue,
                }
            } else {
                0
            };
            let lit = rest[from..].trim_start();
            let Some(lit) = lit.strip_prefix('"') else {
                continue;
            };
            if let Some(end) = lit.find('"') {
                let id = &lit[..end];
                if !id.is_empty()
                    && id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                {
                    out.push(id.to_string());
                }
            }
        }
    }
    out
}

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("rs") | Some("html")
        ) && !path.ends_with("lang/tests.rs")
        {
            out.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
}

#[test]
fn every_id_the_code_names_is_in_the_catalogues() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    sources(&root.join("templates"), &mut files);
    let en = catalogue(0);
    let mut missing = Vec::new();
    let mut named = 0;
    for (path, text) in &files {
        for id in ids_in(text) {
            named += 1;
            if !en.contains_key(&id) {
                missing.push(format!("{path}: {id}"));
            }
        }
    }
    assert!(missing.is_empty(), "ids without a message: {missing:#?}");
    assert!(named > 0, "the scan found no message ids at all");
}

#[test]
fn texts_render_in_either_language_with_their_arguments() {
    let t = crate::text!("lang-test", count = 3u32, name = "S05");
    assert_eq!(t.render(Lang::En), "3 visits to S05");
    assert_eq!(t.render(Lang::Zh), "S05 巡诊 3 次");
    let one = crate::text!("lang-test", count = 1u32, name = "S05");
    assert_eq!(one.render(Lang::En), "1 visit to S05");
    // Unknown ids fall back to the id; a Chinese-only gap falls back to English.
    assert_eq!(
        Text::new("no-such-message").render(Lang::Zh),
        "no-such-message"
    );
    let json = serde_json::to_string(&t).unwrap();
    assert_eq!(serde_json::from_str::<Text>(&json).unwrap(), t);
}

#[test]
fn languages_parse_as_planners_write_them() {
    for s in ["zh", "zh-CN", "zh_CN.UTF-8", "中文", "ZH"] {
        assert_eq!(Lang::parse(s), Some(Lang::Zh), "{s}");
    }
    for s in ["en", "en_US.UTF-8", "English"] {
        assert_eq!(Lang::parse(s), Some(Lang::En), "{s}");
    }
    assert_eq!(Lang::parse("fr"), None);
}

#[test]
fn a_thread_speaks_the_language_it_is_given_and_then_its_own_again() {
    let t = crate::text!("lang-test", count = 3u32, name = "S05");
    let before = current();
    for lang in Lang::ALL {
        within(lang, || {
            assert_eq!(current(), lang);
            assert_eq!(t.to_string(), t.render(lang));
            // Nested: the inner language holds inside, the outer one again after.
            let other = if lang == Lang::Zh { Lang::En } else { Lang::Zh };
            within(other, || assert_eq!(current(), other));
            assert_eq!(current(), lang);
            // Another thread keeps the process's language.
            let there = std::thread::spawn(|| WITHIN.with(|w| w.get()))
                .join()
                .unwrap();
            assert_eq!(there, None);
        });
    }
    assert_eq!(current(), before);
    let caught = std::panic::catch_unwind(|| within(Lang::Zh, || panic!("planner failed")));
    assert!(caught.is_err());
    assert_eq!(current(), before, "a panic inside gives the language back");
}
