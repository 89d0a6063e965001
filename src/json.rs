//! The one JSON writer of the program: string literals escaped by the JSON rules (every
//! control character too, so any path or message comes out valid), finite numbers, and
//! diagnostics as objects. `build --json`, `check --json` and the preflight report all
//! write through it. Output is small, so a string is built directly.

use crate::diag::Diagnostic;
use std::fmt::Write;
use std::path::Path;

/// A JSON string literal.
pub fn string(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(o, "\\u{:04x}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// A path as a JSON string (lossily, for a path that is not Unicode).
pub fn path(p: &Path) -> String {
    string(&p.to_string_lossy())
}

/// A JSON number: finite, at most four decimals, no trailing zeros; `null` otherwise.
pub fn num(v: f32) -> String {
    if !v.is_finite() {
        return "null".into();
    }
    let s = format!("{:.4}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// One diagnostic: `{"severity", "file", "line", "column", "message", "hint"}`. The file is
/// shown relative to `base` as in the text form; what a diagnostic lacks is `null`.
pub fn diagnostic(d: &Diagnostic, base: &Path) -> String {
    let file = d.source.as_ref().map(|s| path(s.path.strip_prefix(base).unwrap_or(&s.path)));
    let (line, column) = match d.line_col() {
        Some((l, c)) => (l.to_string(), c.to_string()),
        None => ("null".into(), "null".into()),
    };
    let hint = if d.notes.is_empty() { "null".into() } else { string(&d.notes.join("\n")) };
    // The text under the span ("allowed: 0mm to 49.3mm"), which the rendered message shows.
    let label = if d.label.is_empty() { "null".into() } else { string(&d.label) };
    format!(
        "{{\"severity\":{},\"file\":{},\"line\":{line},\"column\":{column},\"message\":{},\"hint\":{hint},\"label\":{label}}}",
        string(if d.is_error() { "error" } else { "warning" }),
        file.unwrap_or_else(|| "null".into()),
        string(&d.message),
    )
}

/// A JSON array of diagnostics.
pub fn diagnostics(diags: &[Diagnostic], base: &Path) -> String {
    let items: Vec<String> = diags.iter().map(|d| diagnostic(d, base)).collect();
    format!("[{}]", items.join(","))
}

/// What `build --json` and `check --json` print when they stop:
/// `{"ok":false,"diagnostics":[…]}`.
pub fn failure(diags: &[Diagnostic], base: &Path) -> String {
    format!("{{\"ok\":false,\"diagnostics\":{}}}", diagnostics(diags, base))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;
    use std::sync::Arc;

    #[test]
    fn pieces() {
        assert_eq!(num(8.503937), "8.5039");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.00001), "0");
        assert_eq!(num(f32::NAN), "null");
        assert_eq!(string("a\"b\\c\n\u{1}\u{7f}é"), "\"a\\\"b\\\\c\\n\\u0001\\u007fé\"");
    }

    #[test]
    fn a_diagnostic_with_and_without_a_place() {
        let src =
            Source { path: Arc::from(std::path::Path::new("/p/layout/book.toml")), text: Arc::from("title = 1\n") };
        let d = Diagnostic::error("say \"what\"").at(&src, 8..9).label("a number").note("write `title = \"1\"`");
        assert_eq!(
            diagnostic(&d, Path::new("/p")),
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
