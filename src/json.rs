//! What the program prints as JSON, written by serde_json from derived structs: the
//! diagnostics (`{"severity", "file", "line", "column", "message", "hint", "label"}`), the
//! failure object every `--json` command prints when it stops, and [`Num`], the number
//! form every report shares (at most four decimals, no trailing zeros). `build --json`,
//! `check --json`, `check --page-size all --json` and the preflight report all serialize
//! through here; nothing in the crate writes JSON by hand.

use crate::diag::Diagnostic;
use serde::{Serialize, Serializer};
use std::path::Path;

/// A length or time as JSON shows it: rounded to four decimals, an integer printed
/// without a fraction (`1`, not `1.0`), `-0` as `0`, and `null` when not finite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub f32);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !self.0.is_finite() {
            return s.serialize_none();
        }
        // The decimal digits the rounding keeps, read back as the f64 with exactly those
        // digits: serde_json prints the shortest form, which is the same digits.
        let v: f64 = format!("{:.4}", self.0).parse().unwrap_or(0.0);
        if v == v.trunc() && v.abs() < 9.0e15 { s.serialize_i64(v as i64) } else { s.serialize_f64(v) }
    }
}

/// One diagnostic as JSON. The file is relative to the project as in the text form; what a
/// diagnostic lacks is `null`.
#[derive(Debug, Clone, Serialize)]
pub struct JsonDiagnostic<'a> {
    severity: &'static str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    /// The notes, one a line.
    hint: Option<String>,
    /// The text under the span ("allowed: 0mm to 49.3mm"), which the rendered message shows.
    label: Option<&'a str>,
}

impl<'a> JsonDiagnostic<'a> {
    /// `d` with its file shown relative to `base`.
    pub fn new(d: &'a Diagnostic, base: &Path) -> Self {
        let (line, column) = d.line_col().unzip();
        JsonDiagnostic {
            severity: if d.is_error() { "error" } else { "warning" },
            file: d
                .source
                .as_ref()
                .map(|s| s.path.strip_prefix(base).unwrap_or(&s.path).to_string_lossy().into_owned()),
            line,
            column,
            message: &d.message,
            hint: (!d.notes.is_empty()).then(|| d.notes.join("\n")),
            label: (!d.label.is_empty()).then_some(&*d.label),
        }
    }
}

/// Every diagnostic of `diags`, for a report's `"diagnostics"` field.
pub fn diagnostics<'a>(diags: &'a [Diagnostic], base: &Path) -> Vec<JsonDiagnostic<'a>> {
    diags.iter().map(|d| JsonDiagnostic::new(d, base)).collect()
}

/// What every `--json` command prints when it stops: `{"ok":false,"diagnostics":[…]}`.
pub fn failure(diags: &[Diagnostic], base: &Path) -> String {
    #[derive(Serialize)]
    struct Failure<'a> {
        ok: bool,
        diagnostics: Vec<JsonDiagnostic<'a>>,
    }
    to_string(&Failure { ok: false, diagnostics: diagnostics(diags, base) })
}

/// `value` as one line of JSON. The reports are plain structs of strings, numbers and
/// lists, which serialize without fail.
pub fn to_string<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"ok\":false,\"error\":{:?}}}", e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;
    use std::sync::Arc;

    #[test]
    fn numbers() {
        let n = |v: f32| to_string(&Num(v));
        assert_eq!(n(8.503937), "8.5039");
        assert_eq!(n(1.0), "1");
        assert_eq!(n(419.52756), "419.5276");
        assert_eq!(n(-0.00001), "0");
        assert_eq!(n(f32::NAN), "null");
        assert_eq!(to_string(&"a\"b\\c\n\u{1}é"), "\"a\\\"b\\\\c\\n\\u0001é\"");
    }

    #[test]
    fn a_diagnostic_with_and_without_a_place() {
        let src =
            Source { path: Arc::from(std::path::Path::new("/p/layout/book.toml")), text: Arc::from("title = 1\n") };
        let d = Diagnostic::error("say \"what\"").at(&src, 8..9).label("a number").note("write `title = \"1\"`");
        assert_eq!(
            to_string(&JsonDiagnostic::new(&d, Path::new("/p"))),
            "{\"severity\":\"error\",\"file\":\"layout/book.toml\",\"line\":1,\"column\":9,\
             \"message\":\"say \\\"what\\\"\",\"hint\":\"write `title = \\\"1\\\"`\",\"label\":\"a number\"}"
        );
        let w = Diagnostic::warning("w");
        assert_eq!(
            failure(&[w], Path::new("/")),
            "{\"ok\":false,\"diagnostics\":[{\"severity\":\"warning\",\"file\":null,\"line\":null,\
             \"column\":null,\"message\":\"w\",\"hint\":null,\"label\":null}]}"
        );
    }
}
