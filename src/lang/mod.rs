//! The words on a planner's screen, in Chinese or English. Messages live in Fluent catalogues
//! (`locales/<lang>/*.ftl`, compiled into the binary); code names a message by its id and gives its
//! arguments as a [`Text`], which renders in either language. A unit test fails when a message is
//! missing from a catalogue, or when code names an id that no catalogue has.
//!
//! The language of a run is set once by the command line ([`set`]); `Display` of texts and of the
//! types built from them (violations, problems, reasons) follows it. A server doing runs for
//! planners of either language gives each run its own ([`within`], on the thread doing it).
//! Library callers that need a given language call [`Text::render`] instead.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

/// A language outreach speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// `zh`, `zh-CN`, `zh_CN.UTF-8`, `chinese`, `中文` → Chinese; `en…`, `english` → English.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") || s == "chinese" || s == "中文" || s == "cn" {
            Some(Lang::Zh)
        } else if s.starts_with("en") || s == "english" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The code in files and in HTML's `lang`: `zh-CN` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    fn index(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::Zh => 1,
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Lang, String> {
        Lang::parse(s)
            .ok_or_else(|| format!("unknown language `{s}`: use zh (中文) or en (English)"))
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        })
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

thread_local! {
    /// The language of the run this thread works for, when [`within`] gave one.
    static WITHIN: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// The language of this run: the one [`within`] gave this thread, else the one [`set`] gave the
/// process (English until then).
pub fn current() -> Lang {
    WITHIN
        .with(|w| w.get())
        .unwrap_or_else(|| match CURRENT.load(Ordering::Relaxed) {
            1 => Lang::Zh,
            _ => Lang::En,
        })
}

/// Runs `f` with `lang` as this thread's language, then restores the one before (also when `f`
/// panics). Work `f` hands to other threads carries the language along by calling `within` there.
pub fn within<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            WITHIN.with(|w| w.set(self.0));
        }
    }
    let _restore = Restore(WITHIN.with(|w| w.replace(Some(lang))));
    f()
}

/// Sets the language of this run; the command line calls it once, before any output.
pub fn set(lang: Lang) {
    CURRENT.store(lang.index() as u8, Ordering::Relaxed);
}

/// The catalogue files, one list per language, in the same order. Each area of the code has its
/// own file so that words are found beside their kind.
const FILES: [(&str, [&str; 11]); 2] = [
    (
        "en",
        [
            include_str!("../../locales/en/cli.ftl"),
            include_str!("../../locales/en/report.ftl"),
            include_str!("../../locales/en/export.ftl"),
            include_str!("../../locales/en/check.ftl"),
            include_str!("../../locales/en/reasons.ftl"),
            include_str!("../../locales/en/scenario.ftl"),
            include_str!("../../locales/en/replan.ftl"),
            include_str!("../../locales/en/serve.ftl"),
            include_str!("../../locales/en/rota.ftl"),
            include_str!("../../locales/en/help.ftl"),
            include_str!("../../locales/en/sweep.ftl"),
        ],
    ),
    (
        "zh-CN",
        [
            include_str!("../../locales/zh/cli.ftl"),
            include_str!("../../locales/zh/report.ftl"),
            include_str!("../../locales/zh/export.ftl"),
            include_str!("../../locales/zh/check.ftl"),
            include_str!("../../locales/zh/reasons.ftl"),
            include_str!("../../locales/zh/scenario.ftl"),
            include_str!("../../locales/zh/replan.ftl"),
            include_str!("../../locales/zh/serve.ftl"),
            include_str!("../../locales/zh/rota.ftl"),
            include_str!("../../locales/zh/help.ftl"),
            include_str!("../../locales/zh/sweep.ftl"),
        ],
    ),
];

type Bundle = FluentBundle<FluentResource>;

fn bundles() -> &'static [Bundle; 2] {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        FILES.map(|(code, files)| {
            let id: unic_langid::LanguageIdentifier = code.parse().expect("a valid language id");
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // No Unicode isolation marks around arguments: they show as boxes in CSV and
            // terminals, and the texts here run one way.
            bundle.set_use_isolating(false);
            for source in files {
                let resource =
                    FluentResource::try_new(source.to_string()).unwrap_or_else(|(res, _)| res);
                // Duplicate ids are caught by the catalogue tests; the first one stays.
                let _ = bundle.add_resource(resource);
            }
            bundle
        })
    })
}

/// One argument of a message: a number (which may choose a plural form) or words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    Num(f64),
    Str(String),
}

macro_rules! arg_from_number {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(x: $t) -> Arg {
                Arg::Num(x as f64)
            }
        }
    )*};
}
arg_from_number!(f64, f32, u8, u16, u32, u64, usize, i32, i64);

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Str(s.clone())
    }
}
impl From<Text> for Arg {
    /// A text inside a text is rendered in the language of the run.
    fn from(t: Text) -> Arg {
        Arg::Str(t.to_string())
    }
}

/// A message of the catalogue with its arguments, to be rendered in a language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Text {
    pub id: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, Arg>,
}

impl Text {
    pub fn new(id: &str) -> Text {
        Text {
            id: id.to_string(),
            args: BTreeMap::new(),
        }
    }

    pub fn arg(mut self, name: &str, value: impl Into<Arg>) -> Text {
        self.args.insert(name.to_string(), value.into());
        self
    }

    /// The words in `lang`; in English when the message is missing there, and the id itself
    /// when no catalogue has it (the catalogue tests keep both from happening).
    pub fn render(&self, lang: Lang) -> String {
        let mut args = FluentArgs::new();
        for (k, v) in &self.args {
            match v {
                Arg::Num(x) => args.set(k.as_str(), FluentValue::from(*x)),
                Arg::Str(s) => args.set(k.as_str(), FluentValue::from(s.as_str())),
            }
        }
        for l in [lang, Lang::En] {
            let bundle = &bundles()[l.index()];
            if let Some(pattern) = bundle.get_message(&self.id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return bundle
                    .format_pattern(pattern, Some(&args), &mut errors)
                    .into_owned();
            }
        }
        self.id.clone()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(current()))
    }
}

/// A word of the scenario's data (a role, a specialty) in `lang` when the catalogue knows it
/// (`role-lab-technician`), else as the scenario writes it.
pub fn word(lang: Lang, kind: &str, value: &str) -> String {
    let id = format!(
        "{kind}-{}",
        value.trim().to_lowercase().replace([' ', '_'], "-")
    );
    message(lang, &id).unwrap_or_else(|| value.to_string())
}

/// A message without arguments in `lang`, if that catalogue has it.
pub fn message(lang: Lang, id: &str) -> Option<String> {
    let bundle = &bundles()[lang.index()];
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    Some(
        bundle
            .format_pattern(pattern, None, &mut errors)
            .into_owned(),
    )
}

/// A message without arguments, in `lang`.
pub fn tr(lang: Lang, id: &str) -> String {
    Text::new(id).render(lang)
}

/// `text!(ID, name = value, …)`, ID a string literal: a [`Text`] with its arguments.
#[macro_export]
macro_rules! text {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::lang::Text::new($id)$(.arg(stringify!($name), $value))*
    };
}

#[cfg(test)]
mod tests;
