//! `outreach serve`: the workbench in the browser, on this computer (or the office network).

use anyhow::{Context, Result};
use outreach::lang::{self, Lang};
use outreach::serve::{serve, Config, Workbench};
use outreach::text;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on; 0.0.0.0 shares the workbench on the office network (the key in the address is still needed)
    #[arg(long, default_value = "127.0.0.1")]
    pub listen: IpAddr,
    /// Folder for the workbench's database: scenarios, runs, their files and the change log
    #[arg(long, default_value = "outreach-data")]
    pub data: PathBuf,
    /// Plans run at once; more wait in a queue (0 = one per core)
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

pub fn run(args: ServeArgs) -> Result<ExitCode> {
    // Pages speak Chinese unless --lang says otherwise; a planner may pick the other language on
    // the page, and a run's files speak the language of the page that started it.
    if !super::LANG_GIVEN.load(std::sync::atomic::Ordering::Relaxed) {
        lang::set(Lang::Zh);
    }
    let wb = Workbench::open(Config {
        data: args.data.clone(),
        threads: args.threads,
        token: None,
        lang: lang::current(),
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async move {
        let addr = SocketAddr::new(args.listen, args.port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let bound = listener.local_addr()?;
        let local = if bound.ip().is_unspecified() {
            SocketAddr::new(IpAddr::from([127, 0, 0, 1]), bound.port())
        } else {
            bound
        };
        println!(
            "{}",
            text!(
                "serve-listening",
                url = format!("http://{local}/?token={}", wb.token())
            )
        );
        println!("{}", text!("serve-listening-help"));
        if !bound.ip().is_loopback() {
            println!(
                "{}",
                text!(
                    "serve-listening-shared",
                    url = format!("http://<this computer's address>:{}/?token=…", bound.port())
                )
            );
        }
        serve(wb, listener, stop_signal()).await?;
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Ctrl-C or SIGTERM.
async fn stop_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(t) => t,
                Err(_) => {
                    let _ = ctrl_c.await;
                    eprintln!("{}", text!("serve-stopping"));
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
    eprintln!("{}", text!("serve-stopping"));
}
