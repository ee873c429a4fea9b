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
        // Given as `help` rather than a doc comment: rustdoc would read
        // `<roster file name>` as an HTML tag.
        #[arg(short, long, value_name = "DIR", help = "Output folder [default: out/<roster file name>]")]
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
        /// Revise an earlier output of this roster (its folder): change as
        /// few of its assignments as the rules allow, update the calendars
        /// (SEQUENCE, cancelled events) and write changes.html.
        #[arg(long, value_name = "OLD_DIR")]
        previous: Option<PathBuf>,
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
    /// The history ledger: each person's burden in earlier rosters.
    History {
        #[command(subcommand)]
        action: HistoryCommand,
    },
}

#[derive(Subcommand)]
enum HistoryCommand {
    /// Add a finished roster (an output folder of `solve`) to the ledger.
    Add {
        /// The output folder (roster.csv and history-entry.toml).
        dir: PathBuf,
        /// The ledger file (created if missing).
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
        /// Recompute the figures from DIR/roster.csv with this roster file
        /// (needed when roster.csv was edited by hand after solving).
        #[arg(long, value_name = "ROSTER.toml")]
        roster: Option<PathBuf>,
    },
    /// Print the ledger: the rosters and each person's totals.
    Show {
        /// The ledger file.
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
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
        Command::Solve { roster, output, time_limit, solver, json, previous } => {
            let dir = output.unwrap_or_else(|| default_output(&roster));
            solve_command(&roster, &dir, time_limit, solver, json, previous.as_deref())
        }
        Command::Check { roster, assignments, json } => check_command(&roster, &assignments, json),
        Command::Holidays { year, json } => crate::calendar::print_year(year, json),
        Command::History { action: HistoryCommand::Add { dir, file, roster } } => history_add(&dir, &file, roster.as_deref()),
        Command::History { action: HistoryCommand::Show { file, json } } => history_show(&file, json),
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

fn solve_command(path: &Path, dir: &Path, time_limit: f64, solver: Option<SolverArg>, json: bool, previous: Option<&Path>) -> i32 {
    let (mut problem, mut notices) = match load(path) {
        Ok(p) => p,
        Err(code) => return code,
    };
    // Everything of OLD_DIR is read before anything is written, so DIR may
    // be OLD_DIR itself.
    let previous = match previous.map(|old| crate::revision::read_previous(&problem, old)) {
        None => None,
        Some(Ok(p)) => {
            problem.previous = Some(p.roster.clone());
            notices.extend(p.notices.iter().cloned());
            Some(p)
        }
        Some(Err(e)) => {
            eprintln!("error: --previous: {e}");
            return EXIT_BAD_INPUT;
        }
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
    let (files, changes) = match &previous {
        None => (output::files(&problem, &outcome.roster, &report, dir), None),
        Some(p) => {
            let (files, changes) = output::revised_files(&problem, &outcome.roster, &report, dir, p);
            (files, Some(changes))
        }
    };
    if let Err(e) = output::write_all(&files) {
        eprintln!("error: cannot write to {}: {e}", dir.display());
        return EXIT_FAILURE;
    }
    if json {
        println!(
            "{}",
            output::json::render_with_changes(&problem, &report, Some(&outcome), &notices, code, changes.as_ref())
        );
    } else {
        println!("{}", problem.meta.title);
        println!("{}", output::terminal::roster_table(&problem, &outcome.roster));
        println!("{}", output::terminal::fairness_table(&problem, &report));
        print!("{}", output::terminal::problems(&problem, &report));
        if let Some(changes) = &changes {
            print!("{}", output::changes::terminal(&problem, changes));
        }
        let proof = if outcome.optimal {
            "optimal".to_string()
        } else {
            // The first concern not proven: how far it may still be from
            // the best possible.
            let open = outcome
                .stages
                .iter()
                .find(|s| !matches!(s.status, solve::StageStatus::Optimal | solve::StageStatus::AtBound));
            match open.and_then(|s| s.bound.map(|b| (s, b))) {
                Some((s, b)) => format!(
                    "best found within the time limit; {} {} of at least {}",
                    s.tier.key(),
                    crate::text::hours(s.value),
                    crate::text::hours(b)
                ),
                None => "best found within the time limit".to_string(),
            }
        };
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

fn history_add(dir: &Path, file: &Path, roster: Option<&Path>) -> i32 {
    use crate::history::{fnv, Added, Entry, Ledger, ENTRY_FILE};
    let csv_path = dir.join("roster.csv");
    let csv = match std::fs::read(&csv_path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {}: cannot read the file: {e}", csv_path.display());
            return EXIT_BAD_INPUT;
        }
    };
    let entry = match roster {
        Some(path) => {
            let (problem, _) = match load(path) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let text = String::from_utf8_lossy(&csv).into_owned();
            match crate::check::read_csv(&problem, &text, &csv_path.display().to_string()) {
                Ok(r) => Entry::of(&problem, &r, &csv),
                Err(e) => {
                    eprintln!("error: {e}");
                    return EXIT_BAD_INPUT;
                }
            }
        }
        None => {
            let entry_path = dir.join(ENTRY_FILE);
            let entry = std::fs::read_to_string(&entry_path)
                .map_err(|e| format!("cannot read the file: {e} (is {} an output folder of `lichtruc solve`?)", dir.display()))
                .and_then(|t| Entry::from_toml(&t));
            match entry {
                Ok(e) if e.roster_csv == fnv(&csv) => e,
                Ok(_) => {
                    eprintln!(
                        "error: {} changed after lichtruc wrote it; add it with `--roster ROSTER.toml` so that the figures are taken from the edited file",
                        csv_path.display()
                    );
                    return EXIT_BAD_INPUT;
                }
                Err(e) => {
                    eprintln!("error: {}: {e}", entry_path.display());
                    return EXIT_BAD_INPUT;
                }
            }
        }
    };
    let mut ledger = match Ledger::load(file) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_BAD_INPUT;
        }
    };
    let title = entry.title.clone();
    let outcome = ledger.add(entry);
    if outcome != Added::AlreadyThere {
        if let Err(e) = ledger.save(file) {
            eprintln!("error: cannot write {}: {e}", file.display());
            return EXIT_FAILURE;
        }
    }
    let what = match outcome {
        Added::New => "added",
        Added::Replaced => "replaced the earlier entry of the same roster (revised) with",
        Added::AlreadyThere => "already holds (nothing changed)",
    };
    match outcome {
        Added::AlreadyThere => println!("{} {what}: {title}", file.display()),
        _ => println!("{what} {title} → {} ({} roster(s))", file.display(), ledger.roster.len()),
    }
    EXIT_OK
}

fn history_show(file: &Path, json: bool) -> i32 {
    if !file.exists() {
        eprintln!("error: {}: no such file", file.display());
        return EXIT_BAD_INPUT;
    }
    let ledger = match crate::history::Ledger::load(file) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_BAD_INPUT;
        }
    };
    if json {
        let value = serde_json::json!({ "rosters": ledger.roster, "people": ledger.totals() });
        println!("{}", serde_json::to_string_pretty(&value).expect("ledger serialises"));
    } else {
        print!("{}", crate::history::show(&ledger));
    }
    EXIT_OK
}
