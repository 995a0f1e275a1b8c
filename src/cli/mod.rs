//! The command line: clap structures for the raw flags, a settings step, and one
//! module per subcommand. stdout carries data; diagnostics and progress go to stderr.
//!
//! Terraform users type single-dash long flags (`-var a=1`, `-auto-approve`,
//! `-chdir=dir`); they are accepted along with the `--long` form.

mod apply;
pub mod comment;
pub mod cost;
mod init;
mod output;
mod plan_view;
mod printer;
mod report;
mod run;
mod show;
mod state_cmd;
mod validate;
mod views;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use printer::Printer;

#[derive(Parser, Debug)]
#[command(name = "terrace", version, about = "A Terraform-compatible provisioner that prices every plan", disable_version_flag = true)]
pub struct Cli {
    /// Switch to a different working directory before executing the command.
    #[arg(long, global = true, value_name = "DIR")]
    pub chdir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check whether the configuration is valid.
    Validate(ValidateArgs),
    /// Show changes required by the current configuration.
    Plan(PlanArgs),
    /// Create or update infrastructure.
    Apply(ApplyArgs),
    /// Destroy previously-created infrastructure.
    Destroy(ApplyArgs),
    /// Show a saved plan or the current state.
    Show(ShowArgs),
    /// Associate an existing object with a resource instance in the configuration.
    Import(ImportArgs),
    /// Print the configuration's dependency graph in DOT.
    Graph(GraphArgs),
    /// Check the configuration, its modules and providers, and write the lock file.
    Init(InitArgs),
    /// Advanced state management.
    #[command(subcommand)]
    State(StateCommand),
    /// Show output values from the state.
    Output(OutputArgs),
    /// Show the Terrace version.
    Version(VersionArgs),
    /// Post a cost report as a pull-request or merge-request comment.
    #[command(subcommand)]
    Comment(comment::CommentCommand),
    /// Estimate monthly costs: breakdown, diff, output (infracost-compatible).
    #[command(subcommand)]
    Cost(cost::CostCommand),
    /// Look into and extend the price catalog.
    #[command(subcommand)]
    Pricing(cost::PricingCommand),
    /// Reports on cost: unit economics (cost per order, per user) by team, tag or service.
    #[command(subcommand)]
    Report(report::ReportCommand),
}

/// Flags shared by commands that evaluate the configuration.
#[derive(Args, Debug, Clone, Default)]
pub struct VarFlags {
    /// Set a root module input variable: -var 'name=value'.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// Load variable values from a file.
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<String>,
}

#[derive(Args, Debug, Clone)]
pub struct CommonFlags {
    /// Disable colors in output.
    #[arg(long = "no-color")]
    pub no_color: bool,
    /// Ask for input for variables if not directly set (Terrace never prompts when stdin is not a terminal).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub input: Option<String>,
}

#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// Produce output in JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub common: CommonFlags,
}

/// Flags shared by plan, apply and destroy.
#[derive(Args, Debug, Clone, Default)]
pub struct PlanFlags {
    /// Limit planning to the given resource and its dependencies (repeatable).
    #[arg(long = "target", value_name = "ADDRESS")]
    pub targets: Vec<String>,
    /// Force replacement of the given resource instance (repeatable).
    #[arg(long = "replace", value_name = "ADDRESS")]
    pub replace: Vec<String>,
    /// Read remote objects before planning (default true).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub refresh: Option<String>,
    /// Limit the number of concurrent operations (default 10).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub parallelism: usize,
    /// Path to the state file.
    #[arg(long, value_name = "PATH")]
    pub state: Option<PathBuf>,
    /// Don't hold a state lock during the operation.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub lock: Option<String>,
    /// Accepted for Terraform compatibility.
    #[arg(long = "lock-timeout", value_name = "DURATION")]
    pub lock_timeout: Option<String>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct PlanArgs {
    /// Write the plan to this file, to apply it later.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Plan to destroy everything.
    #[arg(long)]
    pub destroy: bool,
    /// Exit 2 when the plan has changes, 0 when it has none.
    #[arg(long = "detailed-exitcode")]
    pub detailed_exitcode: bool,
    #[command(flatten)]
    pub flags: PlanFlags,
    #[command(flatten)]
    pub vars: VarFlags,
    #[command(flatten)]
    pub common: CommonFlags,
}

#[derive(Args, Debug)]
pub struct ApplyArgs {
    /// Skip interactive approval.
    #[arg(long = "auto-approve")]
    pub auto_approve: bool,
    #[command(flatten)]
    pub flags: PlanFlags,
    #[command(flatten)]
    pub vars: VarFlags,
    #[command(flatten)]
    pub common: CommonFlags,
    /// A saved plan file to apply.
    pub plan: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct GraphArgs {}

#[derive(Args, Debug)]
pub struct ImportArgs {
    #[command(flatten)]
    pub flags: PlanFlags,
    #[command(flatten)]
    pub vars: VarFlags,
    #[command(flatten)]
    pub common: CommonFlags,
    /// The resource instance address in the configuration (`aws_instance.web`).
    pub address: String,
    /// The provider's ID of the existing object.
    pub id: String,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    #[command(flatten)]
    pub common: CommonFlags,
    /// Accepted for Terraform compatibility (Terrace has no plugins to upgrade).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub upgrade: Option<String>,
    /// Accepted for Terraform compatibility.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub backend: Option<String>,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    #[arg(long)]
    pub json: bool,
    #[arg(long = "no-color")]
    pub no_color: bool,
    /// A saved plan file (default: the current state).
    pub path: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum StateCommand {
    /// List resources in the state.
    List {
        #[arg(long, value_name = "PATH")]
        state: Option<PathBuf>,
        /// Only resources matching these addresses.
        addresses: Vec<String>,
    },
    /// Show a resource instance in the state.
    Show {
        #[arg(long, value_name = "PATH")]
        state: Option<PathBuf>,
        address: String,
    },
    /// Remove instances from the state (the real objects are not destroyed).
    Rm {
        #[arg(long, value_name = "PATH")]
        state: Option<PathBuf>,
        #[arg(required = true)]
        addresses: Vec<String>,
    },
    /// Move an item in the state.
    Mv {
        #[arg(long, value_name = "PATH")]
        state: Option<PathBuf>,
        source: String,
        destination: String,
    },
}

#[derive(Args, Debug)]
pub struct OutputArgs {
    /// Print the output(s) as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print a string output's raw value, without quotes.
    #[arg(long)]
    pub raw: bool,
    #[arg(long = "no-color")]
    pub no_color: bool,
    /// Path to the state file.
    #[arg(long, value_name = "PATH")]
    pub state: Option<PathBuf>,
    /// The name of one output to show.
    pub name: Option<String>,
}

#[derive(Args, Debug)]
pub struct VersionArgs {
    /// Print the version as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Long flag names that Terraform users write with one dash.
const LONG_FLAGS: &[&str] = &[
    "chdir", "var", "var-file", "auto-approve", "json", "no-color", "input", "state", "lock", "raw", "out", "target",
    "replace", "destroy", "refresh", "detailed-exitcode", "parallelism", "lock-timeout", "help", "version", "compact-warnings",
    "upgrade", "backend", "reconfigure", "migrate-state", "get",
];

/// Rewrites Terraform-style single-dash long flags (`-var`, `-chdir=x`) to `--var`.
pub fn normalize_args(args: Vec<OsString>) -> Vec<OsString> {
    let mut out = Vec::with_capacity(args.len());
    let mut after_double_dash = false;
    for (i, a) in args.into_iter().enumerate() {
        if i == 0 || after_double_dash {
            out.push(a);
            continue;
        }
        let Some(s) = a.to_str() else {
            out.push(a);
            continue;
        };
        if s == "--" {
            after_double_dash = true;
            out.push(a);
            continue;
        }
        if s.starts_with('-') && !s.starts_with("--") && s.len() > 2 {
            let name = s[1..].split('=').next().unwrap_or("");
            if LONG_FLAGS.contains(&name) {
                out.push(OsString::from(format!("-{s}")));
                continue;
            }
        }
        out.push(a);
    }
    out
}

/// Runs the command line and returns the process exit code.
pub fn main(args: Vec<OsString>) -> i32 {
    let args = normalize_args(args);
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    if let Some(dir) = &cli.chdir {
        if let Err(e) = std::env::set_current_dir(dir) {
            eprintln!("Error: Invalid -chdir option: the directory {} cannot be used: {e}", dir.display());
            return 1;
        }
    }
    match cli.command {
        Command::Validate(a) => validate::run(a),
        Command::Plan(a) => run::plan(a),
        Command::Apply(a) => run::apply(a, false),
        Command::Destroy(a) => run::apply(a, true),
        Command::Show(a) => show::run(a),
        Command::State(c) => state_cmd::run(c),
        Command::Graph(_) => {
            let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
            let (tree, sources, diags) = validate::load(&cwd);
            if diags.has_errors() {
                Printer::new(use_color(false)).diagnostics(&diags, &sources);
                return 1;
            }
            print!("{}", crate::graph::dot::to_dot(&tree));
            0
        }
        Command::Init(a) => init::run(a),
        Command::Import(a) => run::import(a),
        Command::Output(a) => output::run(a),
        Command::Comment(c) => comment::run(c),
        Command::Cost(c) => cost::run(c),
        Command::Pricing(c) => cost::run_pricing(c),
        Command::Report(c) => report::run(c),
        Command::Version(a) => {
            if a.json {
                println!(
                    "{{\n  \"terrace_version\": \"{}\",\n  \"terraform_version\": \"{}\",\n  \"platform\": \"{}_{}\",\n  \"provider_selections\": {{}}\n}}",
                    env!("CARGO_PKG_VERSION"),
                    crate::state::TERRAFORM_VERSION,
                    std::env::consts::OS,
                    std::env::consts::ARCH
                );
            } else {
                println!("Terrace v{}", env!("CARGO_PKG_VERSION"));
                println!("compatible with Terraform v{}", crate::state::TERRAFORM_VERSION);
                println!("on {}_{}", std::env::consts::OS, std::env::consts::ARCH);
            }
            0
        }
    }
}

/// Whether colors are used: not with -no-color, NO_COLOR, or when stderr is not a terminal.
pub fn use_color(no_color: bool) -> bool {
    use std::io::IsTerminal;
    !no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

pub fn parse_bool_flag(v: &Option<String>, default: bool) -> bool {
    match v.as_deref() {
        None => default,
        Some(s) => !matches!(s, "false" | "0" | "no"),
    }
}
