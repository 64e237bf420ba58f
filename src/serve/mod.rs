//! `csstd serve`: builds in memory exactly as `build` would, serves the pages, rebuilds
//! when an input changes and makes open pages reload (SPEC 12).
//!
//! Three parts: [`site`] holds the last good build and the errors of the last attempt;
//! [`watch`] turns file-system events into debounced rebuilds; [`http`] answers
//! requests, adding the reload script and the error banner to served HTML pages only.

pub mod http;
pub mod site;
pub mod watch;

use crate::build::{BuildConfig, Target};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// What to serve.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The build, with [`Target::Memory`].
    pub build: BuildConfig,
    pub addr: SocketAddr,
    /// The folders and files to watch.
    pub inputs: Vec<PathBuf>,
}

/// A running preview: its address, and the site it serves.
pub struct Server {
    pub addr: SocketAddr,
    pub site: Arc<site::Site>,
    http: tiny_http::Server,
}

impl Server {
    /// Builds once and binds the address. A build that fails is served as an error page
    /// (the first build has no last good pages); a port in use is an error naming it.
    pub fn start(config: &ServeConfig) -> anyhow::Result<Server> {
        let mut build = config.build.clone();
        build.target = Target::Memory;
        let site = Arc::new(site::Site::new(build));
        site.rebuild();
        let http = tiny_http::Server::http(config.addr)
            .map_err(|e| anyhow::anyhow!("cannot serve on {}: {e}", config.addr))?;
        let addr = http
            .server_addr()
            .to_ip()
            .ok_or_else(|| anyhow::anyhow!("cannot serve on {}", config.addr))?;
        watch::spawn(Arc::clone(&site), config.inputs.clone())?;
        Ok(Server { addr, site, http })
    }

    /// Answers requests until the process ends; each request on its own thread, so a
    /// page waiting for the next rebuild never holds up the others.
    pub fn run(self) {
        let site = self.site;
        for request in self.http.incoming_requests() {
            let site = Arc::clone(&site);
            std::thread::spawn(move || http::answer(&site, request));
        }
    }
}
