//! Everything lichtruc writes: the roster CSV, the printable HTML roster,
//! the XLSX workbook, the calendar files, the terminal tables and the JSON
//! summary. Outputs read a finished [`Roster`](crate::Roster) and its
//! [`Report`](crate::report::Report); they never reach back into the solver.
//!
//! Files are written whole or not at all: each goes to a temporary file in
//! the same folder, then is renamed into place.

pub mod changes;
pub mod csv;
pub mod grid;
pub mod html;
pub mod ics;
pub mod json;
pub mod stats;
pub mod terminal;
pub mod xlsx;

use std::io::Write;
use std::path::Path;

/// Writes a file atomically: a temporary file in the same folder, flushed,
/// then renamed over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".lichtruc-").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // Temporary files are private (0600); the roster is an ordinary
    // document that colleagues and web servers may need to read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes several files, each atomically; if one cannot be prepared, none
/// is written. (Each `render` runs before any file is touched.)
pub fn write_all(files: &[(std::path::PathBuf, Vec<u8>)]) -> std::io::Result<()> {
    for (path, bytes) in files {
        write_atomic(path, bytes)?;
    }
    Ok(())
}

/// Every output file of a solve, rendered in memory, as (path, bytes):
/// roster.csv, roster.html, roster.xlsx, the calendars and
/// `history-entry.toml` (this roster's line for a history ledger).
pub fn files(
    problem: &crate::model::Problem,
    roster: &crate::roster::Roster,
    report: &crate::report::Report,
    dir: &Path,
) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let csv = csv::render(problem, roster);
    let entry = crate::history::Entry::of(problem, roster, &csv).to_toml().into_bytes();
    let mut files = vec![
        (dir.join("roster.csv"), csv),
        (dir.join("roster.html"), html::render(problem, roster, report)),
        (dir.join("roster.xlsx"), xlsx::render(problem, roster, report)),
    ];
    files.extend(ics::files(problem, roster, dir, ics::IcsOptions::default()));
    files.push((dir.join(crate::history::ENTRY_FILE), entry));
    files
}

/// Every output file of a revision (`solve --previous OLD_DIR`): as
/// [`files`], with the calendars revised against OLD_DIR's (see
/// [`ics::revised_files`]) and `changes.html`; also the change list.
pub fn revised_files(
    problem: &crate::model::Problem,
    roster: &crate::roster::Roster,
    report: &crate::report::Report,
    dir: &Path,
    previous: &crate::revision::Previous,
) -> (Vec<(std::path::PathBuf, Vec<u8>)>, crate::revision::Changes) {
    let mut changes = crate::revision::diff(problem, previous, roster);
    let (calendars, changed) = ics::revised_files(problem, roster, dir, &previous.calendars, &previous.roster);
    changes.calendars_changed = changed;
    let mut files: Vec<(std::path::PathBuf, Vec<u8>)> =
        files(problem, roster, report, dir).into_iter().filter(|(p, _)| !p.starts_with(dir.join("calendar"))).collect();
    files.extend(calendars);
    files.push((dir.join("changes.html"), changes::render(problem, &changes)));
    (files, changes)
}
