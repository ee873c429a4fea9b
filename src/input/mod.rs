//! Reading a roster file: TOML → checked [`Problem`].
//!
//! [`parse_file`] and [`parse_str`] never panic on bad input: every problem
//! comes back as an [`InputError`] that names the file, the line and column
//! (or the key) and says what is wrong in plain words.

mod build;
mod error;
mod raw;
mod values;

pub use build::slug;
pub use error::{Diagnostic, InputError};
pub use values::parse_hhmm;

use std::path::Path;

use crate::model::Problem;

/// Notes for the user that are not errors (e.g. projected holiday dates).
pub type Notices = Vec<String>;

/// Reads and checks a roster file.
pub fn parse_file(path: &Path) -> Result<(Problem, Notices), InputError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| InputError::whole_file(&name, format!("cannot read the file: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| InputError::whole_file(&name, format!("the file is not UTF-8 text (byte {})", e.utf8_error().valid_up_to())))?;
    parse_with_notices(&text, &name)
}

/// Reads and checks roster text; `file` is the name used in messages (and
/// the folder of `file`, if any, is where `[period] history` is looked up).
pub fn parse_str(text: &str, file: &str) -> Result<Problem, InputError> {
    parse_with_notices(text, file).map(|(p, _)| p)
}

/// Like [`parse_str`], also returning notices for the user.
pub fn parse_with_notices(text: &str, file: &str) -> Result<(Problem, Notices), InputError> {
    let mut reporter = error::Reporter::new(text);
    let raw: raw::RosterFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let message = e.message().trim().to_string();
            match e.span() {
                Some(span) => {
                    let position = Some(reporter.position(span.start));
                    reporter.diagnostics.push(Diagnostic { position, key: None, message });
                }
                None => reporter.diagnostics.push(Diagnostic { position: None, key: None, message }),
            }
            return Err(reporter.into_error(file));
        }
    };
    let mut notices = Vec::new();
    // `[period] history` is relative to the roster file's folder.
    let base = Path::new(file).parent().unwrap_or(Path::new(""));
    match build::build(raw, base, &mut reporter, &mut notices) {
        Some(problem) if reporter.is_clean() => Ok((problem, notices)),
        _ => Err(reporter.into_error(file)),
    }
}
