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

/// `cmd` with every command's and flag's help in `lang` (unchanged in English): the message
/// `help-PATH` for a command (`help-plan`, `help-plan-merge`) and `help-PATH-ARG` for its flags.
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
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|n| n != "help")
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(&name, |sub| localise_command(sub, &name, lang));
    }
    cmd
}

/// One command (`path`: its names from the top, joined by `-`) and those under it.
fn localise_command(mut sub: clap::Command, path: &str, lang: Lang) -> clap::Command {
    if let Some(about) = lang::message(lang, &format!("help-{path}")) {
        sub = sub.about(about);
    }
    let ids: Vec<String> = sub
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .filter(|id| id != "lang")
        .collect();
    for id in ids {
        if let Some(h) = lang::message(lang, &format!("help-{path}-{}", id.replace('_', "-"))) {
            sub = sub.mut_arg(&id, |a| a.help(h));
        }
    }
    let names: Vec<String> = sub
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|n| n != "help")
        .collect();
    for name in names {
        let inner = format!("{path}-{name}");
        sub = sub.mut_subcommand(&name, |c| localise_command(c, &inner, lang));
    }
    sub
}
