//! `csstd serve`: starts the live preview and serves until Ctrl-C (exit 0).

use super::{Ctx, jobs, today};
use crate::build::{BuildConfig, Target};
use crate::cli::ServeArgs;
use crate::load::fs::DiskSource;
use crate::serve::{ServeConfig, Server};
use std::net::SocketAddr;

pub fn run(ctx: &Ctx, args: &ServeArgs) -> anyhow::Result<i32> {
    let root = ctx.root()?;
    // The folders to watch; a manifest that cannot be read yet is watched all the same,
    // with the default folders, so fixing it rebuilds.
    let config = crate::load::load_config(&DiskSource { root: root.clone() }).unwrap_or_default();
    let mut inputs = vec![root.join("csstd.toml")];
    inputs.extend(config.input_dirs().iter().map(|(_, dir)| root.join(dir)));
    let serve = ServeConfig {
        build: BuildConfig {
            root,
            regions: args.regions.clone(),
            out: None,
            emit: None,
            target: Target::Memory,
            jobs: jobs(None),
            today: today(args.today.as_deref())?,
        },
        addr: SocketAddr::new(args.bind, args.port),
        inputs,
    };
    let server = Server::start(&serve)?;
    let url = format!("http://{}/", server.addr);
    if let Some(errors) = server.site.state().errors {
        eprint!("{errors}");
    }
    // The address goes to stdout, so a script that asked for `--port 0` can read it.
    super::print(&format!("serving {url} (Ctrl-C stops)\n"))?;
    ctrlc::set_handler(|| std::process::exit(0))?;
    if args.open {
        open_browser(&url);
    }
    server.run();
    Ok(0)
}

/// Opens `url` in the default browser, if the platform has a way; a failure only warns.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(program)
        .arg(url)
        .spawn()
        .is_err()
    {
        eprintln!("warning: could not open a browser; visit {url}");
    }
}
