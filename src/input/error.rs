//! Errors in a roster file: where (file, line, column, key) and what, in
//! plain words.

use std::fmt;
use std::ops::Range;

/// One thing wrong with a roster file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based line and column, when the place is known.
    pub position: Option<(usize, usize)>,
    /// The key path, e.g. `staff[2].unavailable[0]`, when known.
    pub key: Option<String>,
    pub message: String,
}

/// Everything wrong with a roster file (at least one diagnostic).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    pub file: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", self.file)?;
            if let Some((line, column)) = d.position {
                write!(f, ":{line}:{column}")?;
            }
            write!(f, ": ")?;
            if let Some(key) = &d.key {
                write!(f, "{key}: ")?;
            }
            write!(f, "{}", d.message)?;
        }
        Ok(())
    }
}

impl InputError {
    /// An error about the file as a whole (cannot be read, …).
    pub fn whole_file(file: &str, message: impl Into<String>) -> InputError {
        InputError {
            file: file.to_string(),
            diagnostics: vec![Diagnostic { position: None, key: None, message: message.into() }],
        }
    }
}

/// Collects diagnostics while a file is checked, turning byte spans into
/// line and column.
pub struct Reporter<'a> {
    source: &'a str,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Reporter<'a> {
    pub fn new(source: &'a str) -> Reporter<'a> {
        Reporter { source, diagnostics: Vec::new() }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.source.len());
        let before = &self.source[..self.source.floor_char_boundary_compat(offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    /// An error at a span of the file.
    pub fn at(&mut self, span: Range<usize>, key: impl Into<String>, message: impl Into<String>) {
        let position = Some(self.position(span.start));
        self.diagnostics.push(Diagnostic { position, key: Some(key.into()), message: message.into() });
    }

    /// An error known only by its key.
    pub fn key(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic { position: None, key: Some(key.into()), message: message.into() });
    }

    pub fn is_clean(&self) -> bool {
        self.diagnostics.is_empty()
    }

    pub fn into_error(self, file: &str) -> InputError {
        InputError { file: file.to_string(), diagnostics: self.diagnostics }
    }
}

trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, index: usize) -> usize;
}

impl FloorCharBoundary for str {
    fn floor_char_boundary_compat(&self, mut index: usize) -> usize {
        while index > 0 && !self.is_char_boundary(index) {
            index -= 1;
        }
        index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let r = Reporter::new("a = 1\nđỗ = 2\n");
        assert_eq!(r.position(0), (1, 1));
        assert_eq!(r.position(6), (2, 1));
        // "đỗ" is 5 bytes; the '=' after it is the 4th character.
        assert_eq!(r.position(6 + 5 + 1), (2, 4));
    }

    #[test]
    fn display_names_file_line_column_and_key() {
        let mut r = Reporter::new("x\ny = 1\n");
        r.at(2..3, "y", "bad");
        let e = r.into_error("f.toml");
        assert_eq!(e.to_string(), "f.toml:2:1: y: bad");
    }
}
