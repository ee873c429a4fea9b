//! The `lichtruc` command line: a thin layer over the library.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

use crate::input::{self, InputError};
use crate::model::Problem;
use crate::output;
use crate::report::Report;
use crate::solve::{self, Backend, SolveOptions};

/// Exit status: every slot filled, every rule kept.
pub const EXIT_OK: i32 = 0;
/// Written, but some places are unfilled or some rule is broken.
pub const EXIT_UNFILLED: i32 = 1;
/// Bad input; nothing written.
pub const EXIT_BAD_INPUT: i32 = 2;
/// Any other failure.
pub const EXIT_FAILURE: i32 = 3;

#[derive(Parser)]
#[command(name = "lichtruc", version, about = "Holiday on-call duty rosters (lịch trực)", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build a roster and write roster.csv (and the other outputs) to DIR.
    Solve {
        /// The roster file (TOML).
        roster: PathBuf,
        /// Output folder [default: out/<roster file name>].
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Wall-clock budget for the solver, in seconds.
        #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
        time_limit: f64,
        /// MILP backend [default: highs when built with it, else microlp].
        #[arg(long)]
        solver: Option<SolverArg>,
        /// Print a JSON summary instead of the tables.
        #[arg(long)]
        json: bool,
    },
    /// Check a roster CSV against every rule of the roster file.
    Check {
        /// The roster file (TOML).
        roster: PathBuf,
        /// The assignments to check (a roster.csv, perhaps edited by hand).
        #[arg(long, value_name = "FILE.csv")]
        assignments: PathBuf,
        /// Print a JSON summary instead of the tables.
        #[arg(long)]
        json: bool,
    },
    /// Print the Vietnamese holidays of a year.
    Holidays {
        year: i32,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum SolverArg {
    Microlp,
    Highs,
}

/// Runs the command line; returns the exit status.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Solve { roster, output, time_limit, solver, json } => {
            let dir = output.unwrap_or_else(|| default_output(&roster));
            solve_command(&roster, &dir, time_limit, solver, json)
        }
        Command::Check { roster, assignments, json } => check_command(&roster, &assignments, json),
        Command::Holidays { year, json } => crate::calendar::print_year(year, json),
    }
}

fn default_output(roster: &Path) -> PathBuf {
    let stem = roster.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "roster".into());
    Path::new("out").join(stem)
}

fn load(path: &Path) -> Result<(Problem, Vec<String>), i32> {
    input::parse_file(path).map_err(|e: InputError| {
        eprintln!("error: {e}");
        EXIT_BAD_INPUT
    })
}

fn exit_code(report: &Report) -> i32 {
    if report.is_clean() {
        EXIT_OK
    } else {
        EXIT_UNFILLED
    }
}

fn solve_command(path: &Path, dir: &Path, time_limit: f64, solver: Option<SolverArg>, json: bool) -> i32 {
    let (problem, notices) = match load(path) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if !(time_limit.is_finite() && time_limit > 0.0) {
        eprintln!("error: --time-limit must be a positive number of seconds");
        return EXIT_BAD_INPUT;
    }
    let backend = match solver {
        None => Backend::best_available(),
        Some(SolverArg::Microlp) => Backend::Microlp,
        Some(SolverArg::Highs) => Backend::Highs,
    };
    if !backend.available() {
        eprintln!("error: this build of lichtruc has no HiGHS; rebuild with `--features highs` or use --solver microlp");
        return EXIT_BAD_INPUT;
    }
    if !json {
        for n in &notices {
            eprintln!("note: {n}");
        }
    }
    let mut options = SolveOptions { time_limit: Duration::from_secs_f64(time_limit), backend, progress: None };
    if std::io::stderr().is_terminal() {
        options.progress = Some(Arc::new(|p: &solve::Progress| {
            eprint!("\r\x1b[2K[{:6.1}s] {:<14} {:>10.2}", p.elapsed, p.stage, p.value);
        }));
    }
    let outcome = solve::solve(&problem, &options);
    if options.progress.is_some() {
        eprint!("\r\x1b[2K");
    }
    let report = Report::new(&problem, &outcome.roster);
    let code = exit_code(&report);
    let files = output::files(&problem, &outcome.roster, &report, dir);
    if let Err(e) = output::write_all(&files) {
        eprintln!("error: cannot write to {}: {e}", dir.display());
        return EXIT_FAILURE;
    }
    if json {
        println!("{}", output::json::render(&problem, &report, Some(&outcome), &notices, code));
    } else {
        println!("{}", problem.meta.title);
        println!("{}", output::terminal::roster_table(&problem, &outcome.roster));
        println!("{}", output::terminal::fairness_table(&problem, &report));
        print!("{}", output::terminal::problems(&problem, &report));
        let proof = if outcome.optimal { "optimal" } else { "best found within the time limit" };
        println!(
            "solved in {:.2} s with {} ({proof}); wrote {} file(s) to {}",
            outcome.elapsed.as_secs_f64(),
            outcome.backend.name(),
            files.len(),
            dir.display()
        );
    }
    code
}

fn check_command(path: &Path, assignments: &Path, json: bool) -> i32 {
    let (problem, notices) = match load(path) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let name = assignments.display().to_string();
    let text = match std::fs::read(assignments).map(|b| String::from_utf8_lossy(&b).into_owned()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {name}: cannot read the file: {e}");
            return EXIT_BAD_INPUT;
        }
    };
    let roster = match crate::check::read_csv(&problem, &text, &name) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_BAD_INPUT;
        }
    };
    let report = Report::new(&problem, &roster);
    let code = exit_code(&report);
    if json {
        println!("{}", output::json::render(&problem, &report, None, &notices, code));
    } else {
        print!("{}", output::terminal::problems(&problem, &report));
        println!("{}", output::terminal::fairness_table(&problem, &report));
        if report.is_clean() {
            println!("{}", problem.lang().pick("Lịch trực đúng mọi quy tắc.", "The roster keeps every rule."));
        }
    }
    code
}
