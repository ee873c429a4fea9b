//! The benchmark command: solves the bundled rosters, the generated
//! families and the Curtois–Qu instances, and prints (and optionally writes
//! as CSV) size, time, every objective tier, optimality, gaps to the known
//! bounds and peak memory.
//!
//! ```text
//! cargo run --release --example bench -- [--time-limit S] [--only PATTERNS]
//!     [--csv FILE] [--solver microlp|highs] [--curtois N-M] [--curtois-dir DIR]
//!     [--kill-after S] [--in-process] [--verbose] [--export-model DIR]
//!     [--check-solutions DIR] [--runs N]
//! cargo run --release --features highs --example bench -- --solver highs …
//! ```
//!
//! * `--time-limit S` — the solver's wall-clock budget per instance (default 30).
//! * `--only PATTERNS` — comma-separated name substrings (`gen-,Instance3`);
//!   `=NAME` matches a name exactly (`=Instance1`).
//! * `--curtois N-M` — which Curtois instances to list (default 1-24).
//! * `--csv FILE` — also write the results as CSV.
//! * `--runs N` — solve each instance N times (default 1), one row per run,
//!   and print the spread of each instance's headline figure over its runs:
//!   the Curtois objective, or the solve time where every run was proven
//!   optimal, else the first open tier's value. Runs differ because the
//!   search's threads trade rosters by the clock.
//! * `--kill-after S` — kill a child still running after S seconds
//!   (default 2 × limit + 120; the row then says so).
//! * `--verbose` — print on stderr the solver's progress (each stage's
//!   start and end, and each better roster the whole-schedule walks and the
//!   neighbourhood search keep, with its time), then for each stage that
//!   searched, how each kind of neighbourhood did: re-solves, gains,
//!   re-solves stopped by their time limit, and their time summed over the
//!   cores.
//! * `--export-model DIR` — solve nothing: write each selected instance's
//!   MILP (`lichtruc::solve::export`, the formulation without the solve's
//!   symmetry rows and floors) to `DIR/<instance>.json`, for
//!   `scripts/cpsat_model.py` to solve with CP-SAT.
//! * `--check-solutions DIR` — solve nothing: read the rosters that script
//!   wrote (`DIR/<instance>.json`, `{"assignments": [[person, slot], …]}`)
//!   and print each one's tiers by `rules::costs` and its hard-rule
//!   violations by `rules::check_all` — lichtruc's own verdict on CP-SAT's
//!   answers.
//!
//! Each instance runs in a child process (this same program with `--child
//! NAME`), which reports its row as one JSON line. That way the peak RSS is
//! the instance's own (`VmHWM` of `/proc/self/status` read by the child after
//! solving — the high-water mark never goes down, so measuring in one process
//! would report the largest instance so far), a crash or an out-of-memory
//! kill costs one row, not the run, and a child that overruns its budget
//! (2 × limit + 120 s) is killed and reported as such. `--in-process` runs
//! everything in this process instead (RSS is then cumulative).

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lichtruc::bench::curtois;
use lichtruc::bench::generate::{self, Family};
use lichtruc::model::Problem;
use lichtruc::rules::{self, Tier};
use lichtruc::solve::{self, Backend, SolveOptions};
use serde::{Deserialize, Serialize};

/// One instance's results: one table row, one CSV line.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Row {
    /// bundled | generated | curtois
    family: String,
    instance: String,
    /// Which run of the instance (1 to `--runs`).
    run: usize,
    /// ok | killed after N s | crashed: …
    status: String,
    backend: String,
    time_limit_s: f64,
    staff: usize,
    days: usize,
    slots: usize,
    variables: usize,
    constraints: usize,
    /// Reading (or generating) and checking the input.
    read_s: f64,
    /// `solve()` wall clock: construction, local search, MILP stages.
    time_s: f64,
    broken: f64,
    unfilled: f64,
    soft_cover: f64,
    max_burden: f64,
    spread: f64,
    wishes: f64,
    /// Curtois objective by the independent evaluator (= soft_cover tier).
    curtois_objective: Option<i64>,
    /// Hard-rule violations by the independent Curtois checker.
    curtois_violations: Option<usize>,
    /// Every stage proven optimal (or at its bound).
    optimal: bool,
    best_known: Option<i64>,
    lower_bound: Option<i64>,
    /// (objective − best known) / best known, in %.
    gap_best_pct: Option<f64>,
    /// (objective − lower bound) / lower bound, in %.
    gap_lb_pct: Option<f64>,
    /// The first tier not proven optimal ("" when every tier is).
    open_tier: String,
    /// The solver's proven lower bound on that tier's value, given the
    /// earlier tiers' values.
    bound: Option<f64>,
    /// (value − bound) / value of that tier, in % (as MIP solvers report it).
    gap_pct: Option<f64>,
    /// `rules::check_all` violations other than unfilled hard cover.
    violations: usize,
    peak_rss_mb: f64,
    /// tier=status/seconds for every stage.
    stages: String,
    /// The stage that took longest.
    slowest_stage: String,
    /// The Curtois objective's parts: people short of the cover, and over
    /// it, each times its weight; requests not granted, by weight. (Last,
    /// so that the CSV's earlier columns keep their places.)
    curtois_under: Option<i64>,
    curtois_over: Option<i64>,
    curtois_requests: Option<i64>,
}

#[derive(Debug, Clone)]
enum Source {
    Bundled(PathBuf),
    Generated(Family),
    Curtois(PathBuf),
}

#[derive(Debug, Clone)]
struct Entry {
    name: String,
    source: Source,
}

struct Args {
    time_limit: f64,
    only: Vec<String>,
    csv: Option<PathBuf>,
    backend: Backend,
    curtois: (u32, u32),
    curtois_dir: PathBuf,
    in_process: bool,
    verbose: bool,
    child: Option<String>,
    /// Seconds after which a child is killed (default 2 × limit + 120).
    kill_after: Option<f64>,
    /// Write the models here instead of solving.
    export_model: Option<PathBuf>,
    /// Check the rosters found here instead of solving.
    check_solutions: Option<PathBuf>,
    /// Runs of each instance.
    runs: usize,
}

fn usage() -> ! {
    eprintln!(
        "usage: bench [--time-limit S] [--only PATTERNS] [--csv FILE] [--solver microlp|highs] \
         [--curtois N-M] [--curtois-dir DIR] [--kill-after S] [--in-process] [--verbose] \
         [--export-model DIR] [--check-solutions DIR] [--runs N]"
    );
    std::process::exit(2)
}

impl Default for Args {
    fn default() -> Args {
        Args {
            time_limit: 30.0,
            only: Vec::new(),
            csv: None,
            backend: Backend::best_available(),
            curtois: (1, 24),
            curtois_dir: curtois::default_dir(),
            in_process: false,
            verbose: false,
            child: None,
            kill_after: None,
            export_model: None,
            check_solutions: None,
            runs: 1,
        }
    }
}

fn parse_args() -> Args {
    let mut args = Args::default();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--time-limit" => {
                args.time_limit = value().parse().unwrap_or_else(|_| usage());
                if !(args.time_limit.is_finite() && args.time_limit > 0.0) {
                    usage();
                }
            }
            "--only" => args.only.extend(value().split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty())),
            "--csv" => args.csv = Some(PathBuf::from(value())),
            "--solver" => {
                args.backend = match value().as_str() {
                    "microlp" => Backend::Microlp,
                    "highs" => Backend::Highs,
                    _ => usage(),
                };
                if !args.backend.available() {
                    eprintln!("this build has no HiGHS: cargo run --release --features highs --example bench");
                    std::process::exit(2);
                }
            }
            "--curtois" => {
                let v = value();
                let (a, b) = v.split_once('-').unwrap_or((&v, &v));
                args.curtois = (a.parse().unwrap_or_else(|_| usage()), b.parse().unwrap_or_else(|_| usage()));
            }
            "--curtois-dir" => args.curtois_dir = PathBuf::from(value()),
            "--kill-after" => args.kill_after = Some(value().parse().unwrap_or_else(|_| usage())),
            "--in-process" => args.in_process = true,
            "--export-model" => args.export_model = Some(PathBuf::from(value())),
            "--check-solutions" => args.check_solutions = Some(PathBuf::from(value())),
            "--runs" => {
                args.runs = value().parse().unwrap_or_else(|_| usage());
                if args.runs == 0 {
                    usage();
                }
            }
            "--verbose" => args.verbose = true,
            "--child" => args.child = Some(value()),
            "-h" | "--help" => usage(),
            _ => usage(),
        }
    }
    args
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every instance the benchmark knows, in table order.
fn entries(args: &Args) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut bundled: Vec<PathBuf> = std::fs::read_dir(manifest_dir().join("rosters"))
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "toml")).collect()
        })
        .unwrap_or_default();
    bundled.sort();
    for path in bundled {
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        out.push(Entry { name, source: Source::Bundled(path) });
    }
    for family in Family::ALL {
        out.push(Entry { name: family.name().to_string(), source: Source::Generated(family) });
    }
    match curtois::instance_files(&args.curtois_dir) {
        Ok(files) => {
            for (n, path) in files {
                if args.curtois.0 <= n && n <= args.curtois.1 {
                    out.push(Entry { name: format!("Instance{n}"), source: Source::Curtois(path) });
                }
            }
        }
        Err(e) => eprintln!("no Curtois instances in {}: {e}", args.curtois_dir.display()),
    }
    out
}

fn selected(name: &str, only: &[String]) -> bool {
    only.is_empty()
        || only.iter().any(|p| match p.strip_prefix('=') {
            Some(exact) => name == exact,
            None => name.contains(p.as_str()),
        })
}

/// Peak resident set size of this process, in MB (`VmHWM`).
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Reads, solves and checks one instance in this process.
fn run_instance(entry: &Entry, args: &Args) -> Row {
    let read_started = Instant::now();
    let mut row = Row {
        instance: entry.name.clone(),
        backend: args.backend.name().to_string(),
        time_limit_s: args.time_limit,
        status: "ok".into(),
        ..Row::default()
    };
    let mut curtois_instance = None;
    let problem: Problem = match &entry.source {
        Source::Bundled(_) | Source::Generated(_) => {
            row.family = if matches!(entry.source, Source::Bundled(_)) { "bundled" } else { "generated" }.into();
            match read_problem(entry) {
                Ok(p) => p,
                Err(e) => {
                    row.status = format!("bad input: {e}");
                    return row;
                }
            }
        }
        Source::Curtois(path) => {
            row.family = "curtois".into();
            let inst = match curtois::read(path) {
                Ok(i) => i,
                Err(e) => {
                    row.status = format!("bad input: {e}");
                    return row;
                }
            };
            let known = path
                .parent()
                .map(|d| d.join("best_known.csv"))
                .and_then(|p| curtois::read_best_known(&p).ok())
                .and_then(|rows| rows.into_iter().find(|k| k.instance == inst.name));
            if let Some(k) = known {
                row.best_known = Some(k.best_known);
                row.lower_bound = Some(k.lower_bound);
            }
            let p = curtois::to_problem(&inst);
            curtois_instance = Some(inst);
            p
        }
    };
    row.read_s = read_started.elapsed().as_secs_f64();
    row.staff = problem.staff.len();
    row.days = problem.days.len();
    row.slots = problem.slots.len();

    let progress: Option<solve::ProgressFn> = if args.verbose {
        let name = entry.name.clone();
        Some(Arc::new(move |p: &solve::Progress| {
            eprintln!("  [{name}] {:>8.2}s {:<12} {}", p.elapsed, p.stage, p.value)
        }))
    } else {
        None
    };
    let options =
        SolveOptions { time_limit: Duration::from_secs_f64(args.time_limit), backend: args.backend, progress };
    let outcome = solve::solve(&problem, &options);
    if args.verbose {
        for line in neighbourhood_lines(&entry.name, &outcome.stages) {
            eprintln!("{line}");
        }
    }
    row.time_s = outcome.elapsed.as_secs_f64();
    row.variables = outcome.variables;
    row.constraints = outcome.constraints;
    row.optimal = outcome.optimal;
    let costs = rules::costs(&problem, &outcome.roster);
    row.broken = costs.get(Tier::Broken);
    row.unfilled = costs.get(Tier::Unfilled);
    row.soft_cover = costs.get(Tier::SoftCover);
    row.max_burden = costs.get(Tier::MaxBurden);
    row.spread = costs.get(Tier::Spread);
    row.wishes = costs.get(Tier::Wishes);
    row.violations = rules::check_all(&problem, &outcome.roster)
        .iter()
        .filter(|v| !is_unfilled(&problem, &outcome.roster, v))
        .count();
    if let Some(open) =
        outcome.stages.iter().find(|s| !matches!(s.status, solve::StageStatus::Optimal | solve::StageStatus::AtBound))
    {
        row.open_tier = open.tier.key().into();
        row.bound = open.bound;
        // The returned roster's value: the final polish may have gone below
        // the stage's.
        let value = costs.get(open.tier);
        row.gap_pct = open.bound.map(|b| if value.abs() < 1e-9 { 0.0 } else { 100.0 * (value - b) / value.abs() });
    }
    row.stages = outcome
        .stages
        .iter()
        .map(|s| {
            format!(
                "{}={}/{:.2}s",
                s.tier.key(),
                serde_json::to_value(s.status).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
                s.seconds
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    row.slowest_stage = outcome
        .stages
        .iter()
        .max_by(|a, b| a.seconds.total_cmp(&b.seconds))
        .map(|s| {
            format!(
                "{} {:.1}s {}",
                s.tier.key(),
                s.seconds,
                serde_json::to_value(s.status).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
            )
        })
        .unwrap_or_default();
    if let Some(inst) = &curtois_instance {
        let a = curtois::assignments(&problem, &outcome.roster);
        let parts = curtois::objective(inst, &a);
        let obj = parts.total();
        row.curtois_objective = Some(obj);
        row.curtois_under = Some(parts.under);
        row.curtois_over = Some(parts.over);
        row.curtois_requests = Some(parts.on_requests + parts.off_requests);
        row.curtois_violations = Some(curtois::violations(inst, &a).len());
        if (obj as f64 - row.soft_cover).abs() > 1e-6 {
            row.status = format!("MISMATCH: evaluator {obj} ≠ soft_cover {}", row.soft_cover);
        }
        let gap = |reference: i64| (reference > 0).then(|| 100.0 * (obj - reference) as f64 / reference as f64);
        row.gap_best_pct = row.best_known.and_then(gap);
        row.gap_lb_pct = row.lower_bound.and_then(gap);
    }
    row.peak_rss_mb = peak_rss_mb();
    row
}

/// Reads (or generates) an instance's problem.
fn read_problem(entry: &Entry) -> Result<Problem, String> {
    match &entry.source {
        Source::Bundled(path) => lichtruc::input::parse_file(path).map(|(p, _)| p).map_err(|e| e.to_string()),
        Source::Generated(family) => {
            lichtruc::input::parse_str(&generate::roster_toml(*family, generate::SEED), family.name())
                .map_err(|e| e.to_string())
        }
        Source::Curtois(path) => curtois::read(path).map(|i| curtois::to_problem(&i)).map_err(|e| e.to_string()),
    }
}

/// `--export-model`: writes every chosen instance's MILP as JSON.
fn export_models(chosen: &[&Entry], dir: &Path) {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        std::process::exit(3);
    }
    for entry in chosen {
        let problem = match read_problem(entry) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{:<18} bad input: {e}", entry.name);
                continue;
            }
        };
        let model = solve::export::export(&problem);
        let path = dir.join(format!("{}.json", entry.name));
        let text = serde_json::to_string(&model).expect("json");
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(3);
        }
        eprintln!(
            "{:<18} {} variables, {} rows, {} assignments → {}",
            entry.name,
            model.variables.len(),
            model.rows.len(),
            model.assignments.len(),
            path.display()
        );
    }
}

/// `--check-solutions`: lichtruc's costs and checks of rosters found
/// elsewhere, as (person, slot) pairs.
fn check_solutions(chosen: &[&Entry], dir: &Path) {
    #[derive(Deserialize)]
    struct Found {
        assignments: Vec<(usize, usize)>,
    }
    let keys: Vec<&str> = Tier::ALL.iter().map(|t| t.key()).collect();
    println!("instance,{},hard_violations,first_violation", keys.join(","));
    for entry in chosen {
        let path = dir.join(format!("{}.json", entry.name));
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let found: Found = match serde_json::from_str(&text) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                continue;
            }
        };
        let problem = match read_problem(entry) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{:<18} bad input: {e}", entry.name);
                continue;
            }
        };
        let in_range = |&(p, s): &(usize, usize)| p < problem.staff.len() && s < problem.slots.len();
        if !found.assignments.iter().all(in_range) {
            eprintln!("{}: a (person, slot) pair out of range", path.display());
            continue;
        }
        let roster = lichtruc::Roster::from_pairs(&problem, found.assignments);
        let costs = rules::costs(&problem, &roster);
        let hard: Vec<rules::Violation> =
            rules::check_all(&problem, &roster).into_iter().filter(|v| !rules::is_elastic(v.rule)).collect();
        let values: Vec<String> = Tier::ALL.iter().map(|&t| fmt_num(costs.get(t))).collect();
        let first = hard.first().map(|v| format!("{}: {}", v.rule, v.message)).unwrap_or_default();
        println!("{},{},{},\"{}\"", entry.name, values.join(","), hard.len(), first.replace('"', "'"));
    }
}

/// Whether a violation is an unfilled hard-cover place (reported in its
/// own column), as opposed to a broken rule.
fn is_unfilled(problem: &Problem, roster: &lichtruc::Roster, v: &rules::Violation) -> bool {
    v.rule == "cover" && v.slots.iter().all(|&s| (roster.people(s).len() as u32) < problem.slots[s].need)
}

/// Runs one instance in a child process and reads its row.
fn run_child(entry: &Entry, args: &Args) -> Row {
    let exe = std::env::current_exe().expect("own path");
    let mut cmd = Command::new(exe);
    cmd.arg("--child")
        .arg(&entry.name)
        .arg("--time-limit")
        .arg(args.time_limit.to_string())
        .arg("--solver")
        .arg(args.backend.name())
        .arg("--curtois-dir")
        .arg(&args.curtois_dir)
        .arg("--curtois")
        .arg(format!("{}-{}", args.curtois.0, args.curtois.1))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if args.verbose {
        cmd.arg("--verbose");
    }
    let failed = |status: String| Row {
        instance: entry.name.clone(),
        family: match entry.source {
            Source::Bundled(_) => "bundled",
            Source::Generated(_) => "generated",
            Source::Curtois(_) => "curtois",
        }
        .into(),
        backend: args.backend.name().into(),
        time_limit_s: args.time_limit,
        status,
        ..Row::default()
    };
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return failed(format!("cannot start: {e}")),
    };
    let mut stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let budget = Duration::from_secs_f64(args.kill_after.unwrap_or(2.0 * args.time_limit + 120.0));
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > budget => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(_) => break None,
        }
    };
    let text = reader.join().unwrap_or_default();
    let row = BufReader::new(text.as_bytes())
        .lines()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("BENCH-ROW ").and_then(|j| serde_json::from_str::<Row>(j).ok()));
    match (row, status) {
        (Some(row), _) => row,
        (None, None) => failed(format!("killed after {:.0} s", started.elapsed().as_secs_f64())),
        (None, Some(s)) => failed(format!("crashed: {s}")),
    }
}

/// For `--verbose`: how each kind of neighbourhood's re-solves went in each
/// stage that searched, one line a kind.
fn neighbourhood_lines(name: &str, stages: &[solve::Stage]) -> Vec<String> {
    let mut lines = Vec::new();
    for stage in stages {
        for t in &stage.neighbourhoods {
            lines.push(format!(
                "  [{name}] {:<12} {:<11} {:>5} re-solves {:>4} gains {:>5} stopped {:>7.1}s",
                stage.tier.key(),
                t.kind,
                t.re_solves,
                t.gains,
                t.stopped,
                t.seconds
            ));
        }
    }
    lines
}

fn fmt_num(v: f64) -> String {
    if v.is_nan() {
        "—".into()
    } else if v == v.round() {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "—".into(), |v| v.to_string())
}

/// The results table, one row per run.
fn table(rows: &[Row]) -> comfy_table::Table {
    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::ASCII_MARKDOWN);
    table.set_header(vec![
        "instance",
        "staff",
        "days",
        "slots",
        "vars",
        "cons",
        "time s",
        "broken",
        "unfilled",
        "soft_cover",
        "max_burden",
        "spread",
        "wishes",
        "curtois",
        "under/over/requests",
        "optimal",
        "open tier",
        "bound",
        "gap %",
        "best/LB",
        "gap best %",
        "gap LB %",
        "viol",
        "RSS MB",
        "slowest stage",
        "status",
    ]);
    // With several runs of an instance, each row names its run.
    let runs = rows.iter().any(|r| r.run > 1);
    for r in rows {
        let known = match (r.best_known, r.lower_bound) {
            (Some(b), Some(l)) if b == l => format!("{b}"),
            (Some(b), Some(l)) => format!("{b}/{l}"),
            _ => "—".into(),
        };
        let violations = match r.curtois_violations {
            Some(c) => format!("{}/{}", r.violations, c),
            None => r.violations.to_string(),
        };
        table.add_row(vec![
            if runs { format!("{} #{}", r.instance, r.run) } else { r.instance.clone() },
            r.staff.to_string(),
            r.days.to_string(),
            r.slots.to_string(),
            r.variables.to_string(),
            r.constraints.to_string(),
            format!("{:.1}", r.time_s),
            fmt_num(r.broken),
            fmt_num(r.unfilled),
            fmt_num(r.soft_cover),
            fmt_num(r.max_burden),
            fmt_num(r.spread),
            fmt_num(r.wishes),
            opt(r.curtois_objective),
            match (r.curtois_under, r.curtois_over, r.curtois_requests) {
                (Some(under), Some(over), Some(requests)) => format!("{under}/{over}/{requests}"),
                _ => "—".into(),
            },
            if r.optimal { "yes".into() } else { "no".into() },
            if r.open_tier.is_empty() { "—".into() } else { r.open_tier.clone() },
            opt(r.bound.map(fmt_num)),
            opt(r.gap_pct.map(|g| format!("{g:.1}"))),
            known,
            opt(r.gap_best_pct.map(|g| format!("{g:.1}"))),
            opt(r.gap_lb_pct.map(|g| format!("{g:.1}"))),
            violations,
            format!("{:.0}", r.peak_rss_mb),
            r.slowest_stage.clone(),
            r.status.clone(),
        ]);
    }
    table
}

fn main() {
    let args = parse_args();
    let all = entries(&args);
    if let Some(name) = &args.child {
        let Some(entry) = all.iter().find(|e| &e.name == name) else {
            eprintln!("no instance named {name}");
            std::process::exit(2);
        };
        let row = run_instance(entry, &args);
        println!("BENCH-ROW {}", serde_json::to_string(&row).expect("json"));
        return;
    }
    let chosen: Vec<&Entry> = all.iter().filter(|e| selected(&e.name, &args.only)).collect();
    if chosen.is_empty() {
        eprintln!("no instance matches {:?}", args.only);
        std::process::exit(2);
    }
    if let Some(dir) = &args.export_model {
        export_models(&chosen, dir);
        return;
    }
    if let Some(dir) = &args.check_solutions {
        check_solutions(&chosen, dir);
        return;
    }
    eprintln!(
        "lichtruc bench: {} instance(s), solver {}, time limit {} s, {}",
        chosen.len(),
        args.backend.name(),
        args.time_limit,
        if args.in_process { "in this process (RSS cumulative)" } else { "one child process each" }
    );
    let mut rows = Vec::new();
    let mut writer = args.csv.as_ref().map(|path| {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(dir);
        }
        csv::Writer::from_path(path).unwrap_or_else(|e| {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(3)
        })
    });
    for entry in chosen {
        for run in 1..=args.runs {
            let mut row = if args.in_process { run_instance(entry, &args) } else { run_child(entry, &args) };
            row.run = run;
            eprintln!(
                "{:<18} {:>7.1}s  soft_cover {:>8}  unfilled {:>4}  optimal {:<5}  {}",
                row.instance,
                row.time_s,
                fmt_num(row.soft_cover),
                fmt_num(row.unfilled),
                row.optimal,
                row.status
            );
            if let Some(w) = writer.as_mut() {
                w.serialize(&row).expect("csv row");
                w.flush().expect("csv flush");
            }
            rows.push(row);
        }
    }
    println!("{}", table(&rows));
    if args.runs > 1 {
        print_spreads(&rows);
    }
}

/// Each instance's headline figure over its runs: the Curtois objective;
/// else the solve time where every run proved every tier; else the first
/// open tier's value (the tiers before it may differ between runs too).
fn print_spreads(rows: &[Row]) {
    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::ASCII_MARKDOWN);
    table.set_header(vec!["instance", "figure", "runs", "least", "median", "greatest", "proven"]);
    let mut names: Vec<&str> = rows.iter().map(|r| r.instance.as_str()).collect();
    names.dedup();
    for name in names {
        let runs: Vec<&Row> = rows.iter().filter(|r| r.instance == name && r.status == "ok").collect();
        let proven = runs.iter().filter(|r| r.optimal).count();
        let (figure, values): (String, Vec<f64>) = if runs.iter().any(|r| r.curtois_objective.is_some()) {
            ("curtois".into(), runs.iter().map(|r| r.curtois_objective.map_or(f64::NAN, |v| v as f64)).collect())
        } else if proven == runs.len() {
            ("time s".into(), runs.iter().map(|r| r.time_s).collect())
        } else {
            let tier = runs.iter().find(|r| !r.open_tier.is_empty()).map_or("", |r| r.open_tier.as_str());
            (tier.to_string(), runs.iter().map(|r| tier_value(r, tier)).collect())
        };
        let cells = match lichtruc::bench::spread::Spread::of(&values) {
            Some(s) => vec![s.count.to_string(), fmt_num(s.least), fmt_num(s.median), fmt_num(s.greatest)],
            None => vec!["0".into(), "—".into(), "—".into(), "—".into()],
        };
        let mut line = vec![name.to_string(), figure];
        line.extend(cells);
        line.push(format!("{proven} of {}", runs.len()));
        table.add_row(line);
    }
    println!("\nSpread over the runs (failed runs left out):\n{table}");
}

/// A row's value of the tier with this key (NaN for an unknown key).
fn tier_value(row: &Row, key: &str) -> f64 {
    match Tier::ALL.iter().find(|t| t.key() == key) {
        Some(Tier::Broken) => row.broken,
        Some(Tier::Unfilled) => row.unfilled,
        Some(Tier::SoftCover) => row.soft_cover,
        Some(Tier::MaxBurden) => row.max_burden,
        Some(Tier::Spread) => row.spread,
        Some(Tier::Wishes) => row.wishes,
        _ => f64::NAN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One CSV line per row, header first, as `--csv` writes them.
    fn csv_text(rows: &[Row]) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        for row in rows {
            writer.serialize(row).expect("csv row");
        }
        String::from_utf8(writer.into_inner().expect("csv")).expect("utf-8")
    }

    /// A Curtois row, solved in this process, carries its objective by
    /// part, and the parts add up to the independent evaluator's objective,
    /// which is the solver's own soft-cover tier.
    #[test]
    fn a_solved_curtois_row_carries_its_objective_by_part() {
        let args = Args {
            time_limit: 2.0,
            curtois: (1, 1),
            curtois_dir: manifest_dir().join("data/curtois"),
            in_process: true,
            ..Args::default()
        };
        let entries = entries(&args);
        let entry = entries.iter().find(|e| e.name == "Instance1").expect("Instance1 listed");
        let row = run_instance(entry, &args);
        assert_eq!(row.status, "ok");
        assert_eq!(row.curtois_violations, Some(0));
        let objective = row.curtois_objective.expect("a Curtois objective");
        let parts = [row.curtois_under, row.curtois_over, row.curtois_requests];
        let [under, over, requests] = parts.map(|p| p.expect("every part"));
        assert_eq!(under + over + requests, objective, "{parts:?}");
        assert_eq!(objective as f64, row.soft_cover);
        // The proven optimum of Instance1: no roster is below it.
        assert!(objective >= 607, "{objective}");
    }

    /// The table shows the parts in their own column as under/over/requests,
    /// and the CSV keeps its earlier columns in place with the parts last.
    #[test]
    fn the_parts_are_printed_in_order_and_written_last() {
        let row = Row {
            instance: "Instance10".into(),
            curtois_objective: Some(4658),
            curtois_under: Some(4600),
            curtois_over: Some(2),
            curtois_requests: Some(56),
            ..Row::default()
        };
        let bundled = Row { instance: "gen-small".into(), ..Row::default() };
        let printed = table(&[row.clone(), bundled.clone()]).to_string();
        let cells = |line: &str| line.split('|').map(str::trim).map(String::from).collect::<Vec<_>>();
        let lines: Vec<&str> = printed.lines().collect();
        let header = cells(lines[0]);
        let column = header.iter().position(|c| c == "under/over/requests").expect("parts column");
        assert_eq!(header[column - 1], "curtois");
        let line_of = |name: &str| cells(lines.iter().find(|l| cells(l)[1] == name).expect("row printed"));
        assert_eq!(line_of("Instance10")[column], "4600/2/56");
        assert_eq!(line_of("Instance10")[column - 1], "4658");
        assert_eq!(line_of("gen-small")[column], "—");

        let written = csv_text(&[row, bundled]);
        let lines: Vec<&str> = written.lines().collect();
        assert!(lines[0].starts_with("family,instance,run,status,"), "{}", lines[0]);
        assert!(lines[0].ends_with(",curtois_under,curtois_over,curtois_requests"), "{}", lines[0]);
        assert!(lines[1].ends_with(",4600,2,56"), "{}", lines[1]);
        assert!(lines[2].ends_with(",,,"), "{}", lines[2]);
    }

    /// `--verbose` prints one line a kind of neighbourhood of each stage
    /// that searched, with its counts and time, and nothing for the others.
    #[test]
    fn verbose_prints_each_kind_of_neighbourhood_a_stage_tried() {
        let tally = |kind, re_solves, gains, stopped, seconds| solve::NeighbourhoodTally {
            kind,
            re_solves,
            gains,
            stopped,
            seconds,
        };
        let stage = |tier, neighbourhoods| solve::Stage {
            tier,
            value: 0.0,
            status: solve::StageStatus::TimeLimit,
            bound: None,
            seconds: 1.0,
            error: None,
            neighbourhoods,
        };
        let stages = [
            stage(Tier::Unfilled, Vec::new()),
            stage(Tier::SoftCover, vec![tally("days", 130, 29, 40, 28.46), tally("people", 120, 8, 61, 37.6)]),
        ];
        let lines = neighbourhood_lines("Instance9", &stages);
        assert_eq!(lines.len(), 2, "{lines:?}");
        let words = |line: &str| line.split_whitespace().map(String::from).collect::<Vec<_>>();
        assert_eq!(
            words(&lines[0]),
            ["[Instance9]", "soft_cover", "days", "130", "re-solves", "29", "gains", "40", "stopped", "28.5s"]
        );
        assert_eq!(words(&lines[1])[2..5], ["people", "120", "re-solves"]);
    }
}
