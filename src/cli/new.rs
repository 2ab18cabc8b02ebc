//! `outreach new`: a scenario of one's own, as scenario.toml and one Excel workbook to fill in.

use anyhow::{bail, Context, Result};
use outreach::scenario::bundled;
use outreach::text;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct NewArgs {
    /// The folder to create (it must not exist or be empty).
    pub folder: PathBuf,
    /// The bundled scenario whose rows are the examples.
    #[arg(long, default_value = "tiny")]
    pub from: String,
}

pub fn run(args: NewArgs) -> Result<ExitCode> {
    let NewArgs { folder, from } = args;
    let example = bundled::find(&from)
        .with_context(|| text!("cli-new-no-example", name = from.as_str()).to_string())?;
    if folder.exists()
        && std::fs::read_dir(&folder)
            .with_context(|| {
                text!("cli-cannot-read", file = folder.display().to_string()).to_string()
            })?
            .next()
            .is_some()
    {
        bail!(
            "{}",
            text!("cli-new-not-empty", folder = folder.display().to_string())
        );
    }
    let name = folder
        .file_name()
        .map_or("my-scenario".into(), |n| n.to_string_lossy().to_string());
    let (toml, book) =
        outreach::scenario::workbook::template(&example, &name).map_err(|e| anyhow::anyhow!(e))?;
    let mut out = outreach::export::OutputDir::prepare(&folder)?;
    out.write("scenario.toml", toml.as_bytes())?;
    out.write(outreach::scenario::workbook::BOOK, &book)?;
    out.commit(|_| false)?;
    let book = folder.join(outreach::scenario::workbook::BOOK);
    println!(
        "{}",
        text!(
            "cli-wrote",
            files = format!(
                "{}, {}",
                folder.join("scenario.toml").display(),
                book.display()
            )
        )
    );
    println!(
        "{}",
        text!(
            "cli-new-next",
            book = book.display().to_string(),
            folder = folder.display().to_string()
        )
    );
    Ok(ExitCode::SUCCESS)
}
