//! The command line: one enum of subcommands, shared options in one struct.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Compile customer-service standards: merge a global standard with culture
/// overlays, lint them against seven core principles, render handbooks per region.
#[derive(Debug, Parser)]
#[command(name = "csstd", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Project root (default: the nearest folder upward with csstd.toml, else the working
    /// directory if it holds standards/)
    #[arg(short = 'C', long = "project", global = true, value_name = "DIR")]
    pub project: Option<PathBuf>,
    /// When to colour output (honours NO_COLOR)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only errors and requested data
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List regions and abstract cultures, each with its chain
    List {
        /// Output format: text for people, json for scripts
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print the resolved standard of a region, culture or base standard
    Resolve {
        /// Region, culture or standard id
        region: String,
        /// Output format of the resolved standard
        #[arg(long, value_enum, default_value_t = DataFormat::Toml)]
        format: DataFormat,
        /// Add the file:line:col that set every value
        #[arg(long)]
        provenance: bool,
    },
    /// Check regions and base standards against the core principles
    Lint(LintArgs),
    /// Lint, then render a handbook per region
    Build(BuildArgs),
    /// Semantic diff of two resolved regions or standards (`REGION@GITREV` reads a revision)
    Diff(DiffArgs),
    /// Explain one lint rule
    Explain {
        /// Rule id, e.g. consistency/weakened-target
        rule: String,
    },
    /// List every lint rule with the severity in force
    Rules {
        /// Output format: text for people, json for scripts
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print the JSON Schema of a file kind, for editors
    Schema {
        #[arg(value_enum)]
        kind: SchemaKind,
    },
    /// Live preview: build in memory, serve the handbooks, rebuild and reload on every change
    Serve(ServeArgs),
    /// Write man pages (csstd.1 and one per command) into a folder
    Man {
        /// Folder to write the pages into (created if missing)
        #[arg(long, default_value = "man")]
        out: PathBuf,
    },
    /// Create a new project that builds with no lint error
    Init {
        /// Folder to create (default: the current one); must be empty
        dir: Option<PathBuf>,
    },
    /// Print shell completions
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// SLA attainment and measured metrics from helpdesk ticket exports
    Measure(MeasureArgs),
    /// Helpdesk configuration (schedules, holidays, SLA policies) from the standard, or
    /// its drift from the helpdesk's saved configuration (--check)
    Export(ExportArgs),
    /// Write or refresh the translation catalogues, or report how much is translated
    Translate {
        #[command(subcommand)]
        command: TranslateCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum TranslateCommand {
    /// Write or refresh catalogues as msgmerge would (default: every handbook language
    /// that shows text written in another language)
    Update {
        /// Languages whose catalogue to write, e.g. ja fr-CA
        langs: Vec<String>,
    },
    /// Blocks shown, translated, fuzzy and untranslated, per language and region; exit 1
    /// when a region shows an untranslated or fuzzy block
    Status {
        /// Languages to report (default: every catalogue, and every one update would write)
        langs: Vec<String>,
        /// Output format: text for people, json for scripts
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Regions to lint (default: all regions, plus each base standard)
    pub regions: Vec<String>,
    /// Output format of the findings (and of input errors)
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
    /// Exit 1 on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    /// The date rules compare with (default: SOURCE_DATE_EPOCH, else the system date)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Regions to serve (default: all)
    pub regions: Vec<String>,
    /// Port to listen on; 0 picks a free one
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the index in the default browser
    #[arg(long)]
    pub open: bool,
    /// The date lint judges by: YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today)
    #[arg(long)]
    pub today: Option<String>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Regions to build (default: all)
    pub regions: Vec<String>,
    /// Output folder (default: [build] out of csstd.toml, else dist)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Formats to write, comma-separated: md,html,agent
    #[arg(long, value_delimiter = ',', value_enum)]
    pub emit: Vec<EmitArg>,
    /// Compare with the output folder instead of writing; exit 1 if stale
    #[arg(long)]
    pub check: bool,
    /// Regions rendered at once, 1 or more (default: the number of cores)
    #[arg(long, short = 'j', value_parser = parse_jobs)]
    pub jobs: Option<usize>,
    /// The date rules compare with (default: SOURCE_DATE_EPOCH, else the system date)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

/// `--jobs N`: 0 is refused rather than guessed at (it would mean "no threads").
fn parse_jobs(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err(
            "0 would render nothing; give 1 or more, or leave --jobs out to use every core".into(),
        ),
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "`{text}` is not a whole number of threads (1 or more)"
        )),
    }
}

#[derive(Debug, Args)]
#[command(
    override_usage = "csstd diff [OPTIONS] <A> <B>\n       csstd diff [OPTIONS] --all-regions-against <REV>"
)]
pub struct DiffArgs {
    /// First region or standard (`ID` or `ID@REV`)
    #[arg(required_unless_present = "all_regions_against")]
    pub a: Option<String>,
    /// Second region or standard (`ID` or `ID@REV`)
    #[arg(required_unless_present = "all_regions_against")]
    pub b: Option<String>,
    /// Output format: human for a terminal, markdown for a pull request, json for scripts
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// Print counts only
    #[arg(long)]
    pub stat: bool,
    /// When to exit 1
    #[arg(long, value_enum, default_value_t = FailOn::Any)]
    pub fail_on: FailOn,
    /// Compare every region with itself at REV (one report for a pull request)
    #[arg(long, value_name = "REV", conflicts_with_all = ["a", "b"])]
    pub all_regions_against: Option<String>,
}

#[derive(Debug, Args)]
pub struct MeasureArgs {
    /// Regions to measure (default: every region)
    pub regions: Vec<String>,
    /// Ticket files: CSV with a header row (SPEC 9 columns)
    #[arg(long, required = true, num_args = 1.., value_name = "FILE")]
    pub tickets: Vec<PathBuf>,
    /// First day counted (by `created_at` in the region's time zone), YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day counted, inclusive, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// The moment open tickets are judged at (RFC 3339 with an offset; default: the end
    /// of --to, else the latest timestamp in the files)
    #[arg(long, value_name = "DATETIME")]
    pub now: Option<String>,
    /// Output format: human for a terminal, markdown for a report, csv for a spreadsheet, json for scripts
    #[arg(long, value_enum, default_value_t = MeasureFormat::Human)]
    pub format: MeasureFormat,
    /// When to exit 1
    #[arg(long, value_enum, default_value_t = MeasureFailOn::Missed)]
    pub fail_on: MeasureFailOn,
    /// Threads (default: every core); results never depend on it
    #[arg(long, short = 'j', value_parser = parse_jobs)]
    pub jobs: Option<usize>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The helpdesk to configure
    #[arg(value_enum)]
    pub system: HelpdeskSystem,
    /// Regions to export (default: every region)
    pub regions: Vec<String>,
    /// Output folder, one folder per region in it (default: helpdesk/<system> in the project)
    #[arg(long, value_name = "DIR", conflicts_with = "check")]
    pub out: Option<PathBuf>,
    /// Compare with the configuration saved from the helpdesk's API into DIR instead of
    /// writing; exit 1 on drift
    #[arg(long, value_name = "DIR")]
    pub check: Option<PathBuf>,
    /// Output format of --check
    #[arg(long, value_enum, default_value_t = CheckFormat::Human, requires = "check")]
    pub format: CheckFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HelpdeskSystem {
    /// Zendesk Support: business-hours schedules, holidays, SLA policies
    Zendesk,
    /// Freshdesk: SLA policies and business-hours calendars
    Freshdesk,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Each drift with its region, path and both values, then a summary line
    Human,
    /// One JSON document (`"version": 1`) with every drift
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MeasureFormat {
    /// A table per region and a summary line
    Human,
    /// One JSON document (`"version": 1`)
    Json,
    /// Tables for a monthly report or a pull request
    Markdown,
    /// One row per region and SLA
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MeasureFailOn {
    /// Exit 1 when some SLA missed its attainment target
    Missed,
    /// Always exit 0 once the report is made
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned text for people
    Text,
    /// One JSON document (`"version": 1`)
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    /// TOML, in the shape of the input files
    Toml,
    /// JSON, as in standard.json
    Json,
    /// YAML, in the shape of the input files
    Yaml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// Compiler-style messages with the source line, on stderr
    Human,
    /// One JSON document with every finding
    Json,
    /// A SARIF 2.1.0 log, for code scanning
    Sarif,
    /// GitHub Actions workflow commands (::error file=...)
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Each change with both values and their sources
    Human,
    /// A table fit for a pull-request comment
    Markdown,
    /// One JSON document with every entry
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Any,
    Looser,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    Base,
    Overlay,
    Manifest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EmitArg {
    /// handbook.md per region, and index.md
    Md,
    /// handbook.html per region, and index.html
    Html,
    /// agent.md and agent.json for regions whose [agent] is enabled
    Agent,
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_format_option_and_value_is_described() {
        let cli = Cli::command();
        for sub in cli.get_subcommands() {
            for arg in sub.get_arguments().filter(|a| a.get_id() == "format") {
                assert!(arg.get_help().is_some(), "{} --format", sub.get_name());
                for value in arg.get_possible_values() {
                    assert!(
                        value.get_help().is_some(),
                        "{} --format {}",
                        sub.get_name(),
                        value.get_name()
                    );
                }
            }
        }
    }
}
