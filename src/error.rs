//! The one error type of the library's public functions: everything that went wrong, as
//! [`Diagnostic`]s (with file, line and column where there is a place), so a caller renders
//! any failure the same way ([`crate::diag::render`]) whichever stage it came from. The
//! backends keep their own precise error enums inside the crate and convert them here
//! (`From`, each one diagnostic saying what its `Display` says) in their own modules, so
//! this module names only `diag` and every stage may use it.

use crate::diag::Diagnostic;
use std::fmt;

/// Why a call failed: every problem found (a spec with three mistakes gives three), in the
/// order found. Derefs to the diagnostics, so `chapbook::diag::render(&error, project)`
/// prints it as the command does.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    /// What went wrong, every problem found.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for Error {
    /// The messages, one a line (without places or notes: [`crate::diag::render`] gives
    /// those).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            f.write_str(&d.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl std::ops::Deref for Error {
    type Target = [Diagnostic];

    fn deref(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

impl IntoIterator for Error {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.diagnostics.into_iter()
    }
}

impl From<Vec<Diagnostic>> for Error {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        Error { diagnostics }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error { diagnostics: vec![d] }
    }
}

impl From<String> for Error {
    fn from(message: String) -> Self {
        Diagnostic::error(message).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_diagnostic_is_kept_and_displayed() {
        let e: Error = vec![Diagnostic::error("one"), Diagnostic::warning("two")].into();
        assert_eq!(e.len(), 2);
        assert_eq!(e.to_string(), "one\ntwo");
        let e: Error = String::from("no such page").into();
        assert_eq!(e.to_string(), "no such page");
        assert!(e[0].is_error());
    }
}
