//! `outreach generate province`: a scenario folder of N cities like a bundled one, for scale tests
//! and benchmarks.

use anyhow::{bail, Context, Result};
use outreach::scenario::bundled;
use outreach::text;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct GenerateArgs {
    #[command(subcommand)]
    pub kind: GenerateKind,
}

#[derive(clap::Subcommand)]
pub enum GenerateKind {
    /// A province: N cities, each a copy of a bundled day-route scenario placed east of the last,
    /// its villages moved a little with the seed.
    Province {
        /// Cities in the province.
        #[arg(long, default_value_t = 4)]
        cities: usize,
        /// Seed of the villages' moves; the same seed writes the same files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The bundled scenario each city copies.
        #[arg(long, default_value = "zibo-health-bus")]
        from: String,
        /// The folder to write (it must not exist or be empty).
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn run(args: GenerateArgs) -> Result<ExitCode> {
    let GenerateKind::Province {
        cities,
        seed,
        from,
        out,
    } = args.kind;
    let example = bundled::find(&from)
        .with_context(|| text!("cli-new-no-example", name = from.as_str()).to_string())?;
    if out.exists()
        && std::fs::read_dir(&out)
            .with_context(|| {
                text!("cli-cannot-read", file = out.display().to_string()).to_string()
            })?
            .next()
            .is_some()
    {
        bail!(
            "{}",
            text!("cli-new-not-empty", folder = out.display().to_string())
        );
    }
    let files = outreach::generate::province(&example, cities, seed)?;
    let mut dir = outreach::export::OutputDir::prepare(&out)?;
    for (name, contents) in &files {
        dir.write(name, contents.as_bytes())?;
    }
    dir.commit(|_| false)?;
    println!(
        "{}",
        text!(
            "cli-generated",
            cities = cities,
            folder = out.display().to_string(),
            files = files.len()
        )
    );
    Ok(ExitCode::SUCCESS)
}
