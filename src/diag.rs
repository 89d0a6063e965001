//! Diagnostics: what went wrong, where (file, byte span in its source) and what to do.
//! Every stage reports problems as [`Diagnostic`]s; [`render`] prints them the way rustc
//! does (file:line:col, the source line, the span underlined, a hint) through
//! codespan-reporting. Warnings travel the same way.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Severity {
    /// The build stops.
    Error,
    /// Legal but probably unintended; the build goes on.
    Warning,
}

/// A source file a diagnostic points into.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The file's path.
    pub path: Arc<Path>,
    /// Its whole text, which spans index.
    pub text: Arc<str>,
}

/// A problem found in the poet's files or on the command line. The texts are boxed and
/// the path shared so that a `Result<_, Diagnostic>` stays small (under 128 bytes) on the
/// path where nothing goes wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in the poet's words.
    pub message: Box<str>,
    /// Where: the file and the byte span in it (none for problems without a place).
    pub source: Option<Source>,
    /// The byte span in `source` (none for a whole file).
    pub span: Option<Range<usize>>,
    /// Short text under the span ("expected a length").
    pub label: Box<str>,
    /// Hints and notes ("did you mean `leading`?").
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error saying `message`, not yet pointing anywhere.
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into().into_boxed_str(),
            source: None,
            span: None,
            label: Box::default(),
            notes: Vec::new(),
        }
    }

    /// A warning saying `message`, not yet pointing anywhere.
    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(message) }
    }

    /// Points at `span` (byte offsets, clamped to the text) of `source`.
    pub fn at(mut self, source: &Source, span: Range<usize>) -> Diagnostic {
        let len = source.text.len();
        let span = span.start.min(len)..span.end.min(len).max(span.start.min(len));
        self.source = Some(source.clone());
        self.span = Some(span);
        self
    }

    /// Points at a whole file without a span.
    pub fn in_file(mut self, path: &Path) -> Diagnostic {
        self.source = Some(Source { path: Arc::from(path), text: Arc::from("") });
        self
    }

    /// Sets the short text under the span.
    pub fn label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = label.into().into_boxed_str();
        self
    }

    /// Adds a hint or note.
    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// 1-based (line, column) of the span start, if there is one.
    pub(crate) fn line_col(&self) -> Option<(usize, usize)> {
        let (src, span) = (self.source.as_ref()?, self.span.as_ref()?);
        Some(line_col(&src.text, span.start))
    }

    /// Whether it is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Renders diagnostics as plain text, rustc style, relative to `base` for shorter paths.
pub fn render(diags: &[Diagnostic], base: &Path) -> String {
    let mut files = SimpleFiles::new();
    let config = Config::default();
    let mut out = String::new();
    for d in diags {
        let mut cs = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_message(&*d.message)
        .with_notes(d.notes.clone());
        match (&d.source, &d.span) {
            (Some(src), Some(span)) => {
                let name = src.path.strip_prefix(base).unwrap_or(&src.path).display().to_string();
                let id = files.add(name, src.text.clone());
                cs = cs.with_labels(vec![Label::primary(id, span.clone()).with_message(&*d.label)]);
            }
            (Some(src), None) => {
                let name = src.path.strip_prefix(base).unwrap_or(&src.path).display().to_string();
                cs.message = format!("{}: {}", name, cs.message);
            }
            _ => {}
        }
        if term::emit_to_string(&mut out, &config, &files, &cs).is_err() {
            out.push_str(&format!("{}\n", d.message));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_col_and_underline() {
        let src =
            Source { path: Arc::from(Path::new("/p/layout/book.toml")), text: Arc::from("a = 1\nsize = \"12\"\n") };
        let d = Diagnostic::error("bad length").at(&src, 13..17).label("no unit").note("write `12pt`");
        assert_eq!(d.line_col(), Some((2, 8)));
        let text = render(&[d], Path::new("/p"));
        assert!(text.contains("layout/book.toml:2:8"), "{text}");
        assert!(text.contains("^^^^"), "{text}");
        assert!(text.contains("write `12pt`"), "{text}");
    }
}
