//! `--help` in the planner's language. clap's texts come from the doc comments (English); in
//! Chinese, each command's summary and each flag's help is replaced by the catalogue's message
//! `help-COMMAND` / `help-COMMAND-ARG` (the English catalogue holds the doc comments' words, and a
//! test keeps the two equal), so a message missing in either language fails the catalogue tests.

use outreach::lang::{self, Lang};

/// The language `--help` speaks, known before the scenario is read: `--lang`, OUTREACH_LANG, or
/// the system's LANG.
pub fn language(args: &[String]) -> Lang {
    let given = args
        .iter()
        .position(|a| a == "--lang")
        .and_then(|i| args.get(i + 1).cloned())
        .or_else(|| {
            args.iter()
                .find_map(|a| a.strip_prefix("--lang=").map(str::to_string))
        });
    given
        .or_else(|| std::env::var("OUTREACH_LANG").ok())
        .or_else(|| std::env::var("LANG").ok())
        .and_then(|l| Lang::parse(&l))
        .unwrap_or_default()
}

/// The commands whose help is in the catalogue: the planner's.
pub const COMMANDS: [&str; 7] = [
    "plan", "check", "export", "validate", "new", "replan", "serve",
];

/// `cmd` with its planner commands' help in `lang` (unchanged in English).
pub fn localise(mut cmd: clap::Command, lang: Lang) -> clap::Command {
    if lang == Lang::En {
        return cmd;
    }
    if let Some(about) = lang::message(lang, "help-outreach") {
        cmd = cmd.about(about);
    }
    cmd = cmd.mut_arg("lang", |a| match lang::message(lang, "help-lang") {
        Some(h) => a.help(h),
        None => a,
    });
    for name in COMMANDS {
        cmd = cmd.mut_subcommand(name, |mut sub| {
            if let Some(about) = lang::message(lang, &format!("help-{name}")) {
                sub = sub.about(about);
            }
            let ids: Vec<String> = sub
                .get_arguments()
                .map(|a| a.get_id().to_string())
                .collect();
            for id in ids {
                if let Some(h) =
                    lang::message(lang, &format!("help-{name}-{}", id.replace('_', "-")))
                {
                    sub = sub.mut_arg(&id, |a| a.help(h));
                }
            }
            sub
        });
    }
    cmd
}
