//! `chapbook check --page-size all` (or `a5,a6,6x9in`): the book laid out and preflighted
//! at every listed size in one run, with a table per size of what retargeting cost —
//! pages, blank pages, verse set smaller, diagrams scaled below their size, lines turned
//! over, the book's rules broken, errors — so the poet sees every size without opening a
//! PDF for each.

use crate::build::{BuildOptions, CheckReport, check};
use crate::diag::Diagnostic;
use crate::layout::report::{Change, Fit};
use serde::Serialize;
use std::fmt::Write;

/// One size's outcome: the check's findings, or the errors that stop the book there.
pub struct SizeCheck {
    /// The size as asked for.
    pub size: String,
    /// What the check found, or the errors.
    pub result: Result<SizeFacts, Vec<Diagnostic>>,
}

/// What a check at one size found.
pub struct SizeFacts {
    /// The check's report.
    pub report: CheckReport,
    /// Print rules the PDF breaks (preflight), as `rule: detail`.
    pub print_problems: Vec<String>,
}

impl SizeCheck {
    /// Builds at this size, follows the book's rules, and passes preflight (warnings
    /// count only with `deny_warnings`).
    pub fn ok(&self, deny_warnings: bool) -> bool {
        match &self.result {
            Err(_) => false,
            Ok(f) => {
                let warned = deny_warnings && !f.report.warnings.is_empty();
                f.print_problems.is_empty() && f.report.layout.broken_rules().is_empty() && !warned
            }
        }
    }
}

/// Whether a `--page-size` value names several sizes (`all`, or a comma list).
pub fn is_several(arg: &str) -> bool {
    arg.trim().eq_ignore_ascii_case("all") || arg.contains(',')
}

/// The sizes a `--page-size` value names: `all` is every preset; otherwise each
/// comma-separated name must be a preset or `WxH`.
pub fn parse(arg: &str) -> Result<Vec<String>, String> {
    if arg.trim().eq_ignore_ascii_case("all") {
        return Ok(crate::paper::trims().map(|p| p.name.to_string()).collect());
    }
    let mut out: Vec<String> = Vec::new();
    for name in arg.split(',').map(|s| s.trim().to_ascii_lowercase()).filter(|s| !s.is_empty()) {
        crate::spec::page_points(&name)?;
        if !out.contains(&name) {
            out.push(name);
        }
    }
    if out.is_empty() {
        return Err(format!("`{arg}` names no page size; write `all` or a list such as `a5,a6,6x9in`"));
    }
    Ok(out)
}

/// Checks the project at each size, with `base`'s print service and binding (`check
/// --page-size all --target lulu` holds every size to Lulu's rules).
pub fn check_all(base: &BuildOptions, sizes: &[String]) -> Vec<SizeCheck> {
    sizes
        .iter()
        .map(|size| {
            let result = check(&base.clone().with(|o| o.page_size = Some(size.to_string())))
                .map_err(|e| e.diagnostics)
                .and_then(|mut report| {
                    let pre = crate::preflight::inspect(&report.pdf, &report.rules)
                        .map_err(|e| vec![Diagnostic::error(format!("preflight: {e}"))])?;
                    let (errors, warnings): (Vec<_>, Vec<_>) = pre.problems.iter().partition(|p| p.is_error());
                    let print_problems = errors.iter().map(|p| format!("{}: {}", p.rule, p.detail)).collect();
                    // A preflight warning counts as the build's warnings do.
                    report.warnings.extend(
                        warnings.iter().map(|p| Diagnostic::warning(format!("print: {}: {}", p.rule, p.detail))),
                    );
                    Ok(SizeFacts { report, print_problems })
                });
            SizeCheck { size: size.clone(), result }
        })
        .collect()
}

fn shrunk(f: &&Fit) -> bool {
    matches!(f.change, Change::Shrunk { .. })
}
fn scaled(f: &&Fit) -> bool {
    matches!(f.change, Change::ArtScaled { .. })
}
fn turned(f: &&Fit) -> bool {
    matches!(f.change, Change::Turnovers(_))
}

/// A table per size, then a line saying which sizes fail.
pub fn table(checks: &[SizeCheck], deny_warnings: bool) -> String {
    let mut o = String::new();
    for c in checks {
        let rows: Vec<(&str, Vec<String>)> = match &c.result {
            Err(errors) => {
                let _ = writeln!(o, "{}: does not build", c.size);
                vec![("errors", errors.iter().filter(|d| d.is_error()).map(first_line).collect())]
            }
            Ok(f) => {
                let r = &f.report;
                let _ = writeln!(o, "{} ({})", c.size, r.trim);
                let fits = &r.layout.fits;
                let list = |keep: fn(&&Fit) -> bool| fits.iter().filter(keep).map(Fit::describe).collect::<Vec<_>>();
                vec![
                    ("pages", vec![format!("{} ({} blank)", r.pages, r.layout.blanks())]),
                    ("verse shrunk", list(shrunk)),
                    ("art scaled", list(scaled)),
                    ("turnovers", list(turned)),
                    ("gave way", r.layout.gave_way.clone()),
                    ("spreads", r.layout.spreads.clone()),
                    ("rules broken", r.layout.broken_rules()),
                    ("print", f.print_problems.clone()),
                    ("warnings", r.warnings.iter().map(first_line).collect()),
                ]
            }
        };
        for (name, values) in rows {
            let values = if values.is_empty() { vec!["none".to_string()] } else { values };
            for (i, v) in values.iter().enumerate() {
                let _ = writeln!(o, "  {:<13} {v}", if i == 0 { name } else { "" });
            }
        }
        o.push('\n');
    }
    let failing: Vec<&str> = checks.iter().filter(|c| !c.ok(deny_warnings)).map(|c| c.size.as_str()).collect();
    if failing.is_empty() {
        let _ = writeln!(o, "all {} sizes: ok", checks.len());
    } else {
        let _ = writeln!(o, "{} of {} sizes fail: {}", failing.len(), checks.len(), failing.join(", "));
    }
    o
}

/// The first line of a diagnostic's message, after where it is (`layout/02-b.toml:9: …`)
/// when it has a place.
fn first_line(d: &Diagnostic) -> String {
    let message = d.message.lines().next().unwrap_or("");
    let Some(src) = &d.source else { return message.to_string() };
    let name = |p: Option<&std::path::Path>| p.and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned());
    let file = match (name(src.path.parent()), name(Some(&src.path))) {
        (Some(dir), Some(file)) => format!("{dir}/{file}"),
        (_, file) => file.unwrap_or_default(),
    };
    match d.line_col() {
        Some((line, _)) => format!("{file}:{line}: {message}"),
        None => format!("{file}: {message}"),
    }
}

/// The same as JSON: `{"ok":…,"sizes":[{"size":"a5","ok":…,"pages":…,…}]}`.
pub fn to_json<'a>(checks: &'a [SizeCheck], deny_warnings: bool) -> String {
    let size = |c: &'a SizeCheck| {
        let mut o = JsonSize { size: &c.size, ok: c.ok(deny_warnings), facts: None, errors: Vec::new() };
        match &c.result {
            Err(errors) => o.errors = errors.iter().filter(|d| d.is_error()).map(first_line).collect(),
            Ok(f) => {
                let r = &f.report;
                o.facts = Some(JsonFacts {
                    trim: &r.trim,
                    pages: r.pages,
                    blanks: r.layout.blanks(),
                    fits: r.layout.fits.iter().map(JsonFit::new).collect(),
                    gave_way: &r.layout.gave_way,
                    spreads: &r.layout.spreads,
                    rules_broken: r.layout.broken_rules(),
                    print_problems: &f.print_problems,
                    warnings: r.warnings.iter().map(first_line).collect(),
                });
            }
        }
        o
    };
    let ok = checks.iter().all(|c| c.ok(deny_warnings));
    crate::json::to_string(&JsonSizes { ok, sizes: checks.iter().map(size).collect() })
}

#[derive(Serialize)]
struct JsonSizes<'a> {
    ok: bool,
    sizes: Vec<JsonSize<'a>>,
}

/// One size: its facts when it builds, then the errors (none when it builds).
#[derive(Serialize)]
struct JsonSize<'a> {
    size: &'a str,
    ok: bool,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    facts: Option<JsonFacts<'a>>,
    errors: Vec<String>,
}

#[derive(Serialize)]
struct JsonFacts<'a> {
    trim: &'a str,
    pages: usize,
    blanks: usize,
    fits: Vec<JsonFit<'a>>,
    /// What gave way at this size so the type could keep its size.
    gave_way: &'a [String],
    /// The blank pages added so that two-page poems open on a verso.
    spreads: &'a [String],
    rules_broken: Vec<String>,
    print_problems: &'a [String],
    warnings: Vec<String>,
}

/// One block fitted to the measure: `{"kind":"shrunk","section":…,"block":…,"from_pt":…,"to_pt":…}`
/// (`"lines"` instead of the sizes for turnovers; art adds `"narrowed":true` and
/// `"under_floor_pt"` when they apply).
#[derive(Serialize)]
struct JsonFit<'a> {
    kind: &'static str,
    section: &'a str,
    block: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    from_pt: Option<Pt2>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to_pt: Option<Pt2>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lines: Option<usize>,
    /// Art only: its line-only columns or rows were narrowed to keep its labels' floor.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    narrowed: bool,
    /// Art only: the label floor its text went under anyway.
    #[serde(skip_serializing_if = "Option::is_none")]
    under_floor_pt: Option<Pt2>,
}

impl<'a> JsonFit<'a> {
    fn new(f: &'a Fit) -> Self {
        let (kind, sizes, lines) = match f.change {
            Change::Shrunk { from, to } => ("shrunk", Some((from, to)), None),
            Change::ArtScaled { from, to, .. } => ("art_scaled", Some((from, to)), None),
            Change::Turnovers(n) => ("turnovers", None, Some(n)),
        };
        let (narrowed, under_floor) = match f.change {
            Change::ArtScaled { narrowed, under_floor, .. } => (narrowed, under_floor),
            _ => (false, None),
        };
        JsonFit {
            kind,
            section: &f.section,
            block: f.block,
            from_pt: sizes.map(|s| Pt2(s.0)),
            to_pt: sizes.map(|s| Pt2(s.1)),
            lines,
            narrowed,
            under_floor_pt: under_floor.map(Pt2),
        }
    }
}

/// A type size in points, to a hundredth (`9.5`).
struct Pt2(f32);

impl Serialize for Pt2 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match format!("{:.2}", self.0).parse::<f64>() {
            Ok(v) if v.is_finite() => s.serialize_f64(v),
            _ => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_lists() {
        assert_eq!(parse("all").unwrap().len(), crate::paper::trims().count());
        assert_eq!(parse("a5, A6,a5,140mmx216mm").unwrap(), ["a5", "a6", "140mmx216mm"]);
        assert!(parse("a5,a7").unwrap_err().contains("a7"));
        assert!(parse(",").is_err());
        assert!(is_several("all") && is_several("a5,a6") && !is_several("a5"));
    }
}
