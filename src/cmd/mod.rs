//! One module per subcommand, each only wiring the pipeline stages together.

pub mod build;
pub mod completions;
pub mod diff;
pub mod explain;
pub mod export;
pub mod init;
pub mod lint;
pub mod list;
pub mod man;
pub mod measure;
pub mod resolve;
pub mod schema;
pub mod serve;
pub mod translate;

use crate::cli::{
    CheckFormat, ColorChoice, Command, DataFormat, DiffFormat, GlobalArgs, LintFormat, ListFormat,
    MeasureFormat, TranslateCommand,
};
use crate::load::Project;
use crate::load::fs::DiskSource;
use crate::model::date::CivilDate;
use crate::report::{self, errors::Format};
use crate::resolve::Resolution;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// What every command knows: the global options and where the project is.
pub struct Ctx {
    pub global: GlobalArgs,
}

impl Ctx {
    /// Should output to stdout be coloured?
    pub fn color_stdout(&self) -> bool {
        color_for(self.global.color, std::io::stdout().is_terminal())
    }

    /// Should output to stderr be coloured?
    pub fn color_stderr(&self) -> bool {
        color_for(self.global.color, std::io::stderr().is_terminal())
    }

    /// The project root (`-C`, else found upward).
    pub fn root(&self) -> anyhow::Result<PathBuf> {
        crate::load::find_root(self.global.project.as_deref())
    }

    /// Loads and resolves the project in the work tree.
    pub fn load(&self) -> anyhow::Result<(Project, Resolution)> {
        let root = self.root()?;
        let fs = DiskSource { root: root.clone() };
        Ok(crate::resolve::load_and_resolve(&root, &fs)?)
    }
}

/// `auto` colours a terminal unless `NO_COLOR` is set; `always` and `never` are as said.
pub fn color_for(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Writes to stdout; a closed pipe (`csstd list | head`) is not an error.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Worker threads: `--jobs`, else every core.
pub fn jobs(flag: Option<usize>) -> usize {
    flag.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// "Today": `--today`, else `SOURCE_DATE_EPOCH`, else the system clock (UTC).
pub fn today(flag: Option<&str>) -> anyhow::Result<CivilDate> {
    if let Some(s) = flag {
        return CivilDate::parse(s).map_err(|e| anyhow::anyhow!("--today: {e}"));
    }
    let secs = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.is_empty() => v
            .trim()
            .parse::<i64>()
            .map_err(|_| anyhow::anyhow!("SOURCE_DATE_EPOCH `{v}` is not a number of seconds"))?,
        _ => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    Ok(CivilDate::from_days(secs.div_euclid(86_400)))
}

/// An unknown region id: an input error naming the closest one.
pub fn unknown_id(id: &str, resolution: &Resolution) -> anyhow::Error {
    resolution.unknown_id(id)
}

/// The machine format `command` was asked for, in which it also reports a failure (SPEC 7).
pub fn errors_format(command: &Command) -> Option<Format> {
    match command {
        Command::List {
            format: ListFormat::Json,
        }
        | Command::Rules {
            format: ListFormat::Json,
        }
        | Command::Resolve {
            format: DataFormat::Json,
            ..
        } => Some(Format::Json),
        Command::Diff(args) if args.format == DiffFormat::Json => Some(Format::Json),
        Command::Measure(args) if args.format == MeasureFormat::Json => Some(Format::Json),
        Command::Export(args) if args.format == CheckFormat::Json => Some(Format::Json),
        Command::Translate {
            command:
                TranslateCommand::Status {
                    format: ListFormat::Json,
                    ..
                },
        } => Some(Format::Json),
        Command::Lint(args) => match args.format {
            LintFormat::Human => None,
            LintFormat::Json => Some(Format::Json),
            LintFormat::Sarif => Some(Format::Sarif),
            LintFormat::Github => Some(Format::Github),
        },
        Command::List { .. }
        | Command::Rules { .. }
        | Command::Resolve { .. }
        | Command::Diff(_)
        | Command::Measure(_)
        | Command::Export(_)
        | Command::Build(_)
        | Command::Explain { .. }
        | Command::Schema { .. }
        | Command::Man { .. }
        | Command::Serve(_)
        | Command::Init { .. }
        | Command::Completions { .. }
        | Command::Translate { .. } => None,
    }
}

/// Prints the input errors behind `e` on stdout in `format`, where CI reads the command's
/// output; the diagnostics still go to stderr (see main) for whoever watches a terminal.
pub fn print_errors(ctx: &Ctx, format: Format, e: &anyhow::Error) {
    let errors = report::errors::gather(e);
    let text = match format {
        Format::Json => report::json::errors(&errors),
        Format::Sarif => {
            // The rules as configured, when `csstd.toml` itself is readable.
            let config = ctx
                .root()
                .ok()
                .and_then(|root| crate::load::load_config(&DiskSource { root }).ok())
                .unwrap_or_default();
            report::pretty(&report::sarif::errors(&errors, &config))
        }
        Format::Github => Ok(report::github::errors(&errors)),
    };
    // The run fails with `e` whatever happens here: a failure to print adds nothing to it.
    if let Ok(text) = text {
        let _ = print(&text);
    }
}
