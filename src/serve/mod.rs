//! `outreach serve`: a planner's workbench in the browser. A local web server (axum on tokio)
//! offers the bundled and uploaded scenarios, validates them, runs plans and sweeps in the
//! background with live progress, and shows and hands out their results. Scenarios, runs, their
//! files and a log of changes live in SQLite under the data folder, so a restart keeps everything.
//!
//! Every request needs the access token printed at start (a cookie holds it after the first);
//! every form carries a second token against cross-site requests. Everything the pages need is in
//! the binary: no network.

pub mod compare;
mod http;
mod live;
pub mod map;
pub mod pages;
pub mod runs;
pub mod scenarios;
pub mod store;
mod tables;
pub mod upload;
mod views;
pub mod whatif;

use crate::lang::Lang;
use scenarios::Cache;
use sha2::Digest;
use std::path::PathBuf;
use std::sync::Arc;
use store::Store;

/// The largest upload accepted, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 50 * 1024 * 1024;

/// How a workbench is set up.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where the database and scratch files live.
    pub data: PathBuf,
    /// Runs planned at once; more wait in the queue.
    pub threads: usize,
    /// The access token; a random one when not given.
    pub token: Option<String>,
    /// The language of pages until a planner picks one. A run's files speak the language of the
    /// page that started it.
    pub lang: Lang,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{path}: {source}")]
    Data {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] store::StoreError),
}

/// A running workbench: its storage, its runs and its tokens.
pub struct Workbench {
    store: Arc<Store>,
    cache: Arc<Cache>,
    runs: Arc<runs::Runs>,
    token: String,
    csrf: String,
    lang: Lang,
}

/// A token that cannot be guessed: 24 random bytes from the system, in hex.
fn random_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Workbench {
    /// Opens the data folder (made when missing) and starts the workers.
    pub fn open(config: Config) -> Result<Arc<Workbench>, ServeError> {
        let data_err = |source| ServeError::Data {
            path: config.data.display().to_string(),
            source,
        };
        std::fs::create_dir_all(&config.data).map_err(data_err)?;
        let scratch = config.data.join("scratch");
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(&scratch).map_err(data_err)?;
        let store = Arc::new(Store::open(&config.data)?);
        let cache = Arc::new(Cache::default());
        let threads = match config.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let runs = runs::Runs::start(store.clone(), cache.clone(), scratch, threads, config.lang)?;
        let token = config.token.unwrap_or_else(random_token);
        let csrf = sha2::Sha256::digest(format!("outreach-form:{token}").as_bytes())
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(Arc::new(Workbench {
            store,
            cache,
            runs,
            token,
            csrf,
            lang: config.lang,
        }))
    }

    /// The access token (printed once, in the address).
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The token forms carry against cross-site requests.
    pub fn form_token(&self) -> &str {
        &self.csrf
    }

    /// The web application: every route, behind the token.
    pub fn router(self: &Arc<Self>) -> axum::Router {
        http::router(self.clone())
    }

    /// Stops every run, keeping each one's best plan as interrupted, and waits for the workers.
    pub fn shutdown(&self) {
        self.runs.shutdown();
    }
}

/// Serves `wb` on `listener` until `stop` completes, then stops its runs (keeping their best
/// plans) before returning.
pub async fn serve(
    wb: Arc<Workbench>,
    listener: tokio::net::TcpListener,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = wb
        .router()
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    // Runs stop first: the pages following them close their streams, and the server can end.
    let runs = wb.runs.clone();
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            stop.await;
            runs.stop_all();
        })
        .await?;
    let w = wb.clone();
    tokio::task::spawn_blocking(move || w.shutdown())
        .await
        .map_err(std::io::Error::other)?;
    Ok(())
}
