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
    /// Project root (default: the nearest folder upward with csstd.toml, else the current one)
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
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print the resolved standard of a region, culture or base standard
    Resolve {
        /// Region, culture or standard id
        region: String,
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
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print the JSON Schema of a file kind, for editors
    Schema {
        #[arg(value_enum)]
        kind: SchemaKind,
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
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Regions to lint (default: all regions, plus each base standard)
    pub regions: Vec<String>,
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
pub struct BuildArgs {
    /// Regions to build (default: all)
    pub regions: Vec<String>,
    /// Output folder (default: [build] out of csstd.toml, else dist)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Formats to write, comma-separated: md,html
    #[arg(long, value_delimiter = ',', value_enum)]
    pub emit: Vec<EmitArg>,
    /// Compare with the output folder instead of writing; exit 1 if stale
    #[arg(long)]
    pub check: bool,
    /// Regions rendered at once (default: the number of cores)
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// The date rules compare with (default: SOURCE_DATE_EPOCH, else the system date)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// First region or standard (`ID` or `ID@REV`)
    #[arg(required_unless_present = "all_regions_against")]
    pub a: Option<String>,
    /// Second region or standard (`ID` or `ID@REV`)
    #[arg(required_unless_present = "all_regions_against")]
    pub b: Option<String>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    Toml,
    Json,
    Yaml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Markdown,
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
    Md,
    Html,
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
