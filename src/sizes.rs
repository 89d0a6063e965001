//! `chapbook check --page-size all` (or `a5,a6,6x9in`): the book laid out and preflighted
//! at every listed size in one run, with a table per size of what retargeting cost —
//! pages, blank pages, verse set smaller, diagrams scaled below their size, lines turned
//! over, the book's rules broken, errors — so the poet sees every size without opening a
//! PDF for each.

use crate::build::{CheckReport, check};
use crate::diag::Diagnostic;
use crate::layout::report::{Change, Fit};
use std::fmt::Write;
use std::path::Path;

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
        return Ok(crate::units::PRESETS.iter().map(|p| p.0.to_string()).collect());
    }
    let mut out: Vec<String> = Vec::new();
    for name in arg.split(',').map(|s| s.trim().to_ascii_lowercase()).filter(|s| !s.is_empty()) {
        crate::spec::page_size(&name)?;
        if !out.contains(&name) {
            out.push(name);
        }
    }
    if out.is_empty() {
        return Err(format!("`{arg}` names no page size; write `all` or a list such as `a5,a6,6x9in`"));
    }
    Ok(out)
}

/// Checks the project at each size.
pub fn check_all(project: &Path, sizes: &[String]) -> Vec<SizeCheck> {
    sizes
        .iter()
        .map(|size| {
            let result = check(project, Some(size)).map_err(|e| e.diagnostics).and_then(|report| {
                let pre = crate::preflight::inspect(&report.pdf, &report.rules)
                    .map_err(|e| vec![Diagnostic::error(format!("preflight: {e}"))])?;
                let print_problems = pre.problems.iter().map(|p| format!("{}: {}", p.rule, p.detail)).collect();
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
pub fn to_json(checks: &[SizeCheck], deny_warnings: bool) -> String {
    let strings =
        |v: &[String]| format!("[{}]", v.iter().map(|s| crate::json::string(s)).collect::<Vec<_>>().join(","));
    let fit = |f: &Fit| {
        let (kind, extra) = match f.change {
            Change::Shrunk { from, to } => ("shrunk", format!("\"from_pt\":{from:.2},\"to_pt\":{to:.2}")),
            Change::ArtScaled { from, to } => ("art_scaled", format!("\"from_pt\":{from:.2},\"to_pt\":{to:.2}")),
            Change::Turnovers(n) => ("turnovers", format!("\"lines\":{n}")),
        };
        format!("{{\"kind\":\"{kind}\",\"section\":{},\"block\":{},{extra}}}", crate::json::string(&f.section), f.block)
    };
    let mut items = Vec::new();
    for c in checks {
        let mut o = format!("{{\"size\":{},\"ok\":{}", crate::json::string(&c.size), c.ok(deny_warnings));
        match &c.result {
            Err(errors) => {
                let msgs: Vec<String> = errors.iter().filter(|d| d.is_error()).map(first_line).collect();
                let _ = write!(o, ",\"errors\":{}", strings(&msgs));
            }
            Ok(f) => {
                let r = &f.report;
                let fits: Vec<String> = r.layout.fits.iter().map(fit).collect();
                let warnings: Vec<String> = r.warnings.iter().map(first_line).collect();
                let _ = write!(
                    o,
                    ",\"trim\":{},\"pages\":{},\"blanks\":{},\"fits\":[{}],\"gave_way\":{},\"rules_broken\":{},\"print_problems\":{},\"warnings\":{},\"errors\":[]",
                    crate::json::string(&r.trim),
                    r.pages,
                    r.layout.blanks(),
                    fits.join(","),
                    strings(&r.layout.gave_way),
                    strings(&r.layout.broken_rules()),
                    strings(&f.print_problems),
                    strings(&warnings)
                );
            }
        }
        o.push('}');
        items.push(o);
    }
    let ok = checks.iter().all(|c| c.ok(deny_warnings));
    format!("{{\"ok\":{ok},\"sizes\":[{}]}}", items.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_lists() {
        assert_eq!(parse("all").unwrap().len(), crate::units::PRESETS.len());
        assert_eq!(parse("a5, A6,a5,140mmx216mm").unwrap(), ["a5", "a6", "140mmx216mm"]);
        assert!(parse("a5,a7").unwrap_err().contains("a7"));
        assert!(parse(",").is_err());
        assert!(is_several("all") && is_several("a5,a6") && !is_several("a5"));
    }
}
