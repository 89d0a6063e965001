//! Rendering a [`Report`]: a short aligned table for people (`chapbook check`) and a
//! JSON object for machines (serialized through [`crate::json`]). Lengths are points in JSON and
//! millimetres (with named paper sizes) in the table.

use std::fmt::Write;

use super::Report;
use crate::json::{JsonDiagnostic, Num};
use serde::Serialize;

const MM_PER_PT: f32 = 25.4 / 72.0;

impl Report {
    /// No rule was broken (warnings aside).
    pub fn ok(&self) -> bool {
        !self.problems.iter().any(super::Problem::is_error)
    }

    /// A few aligned lines: trim, bleed, pages, fonts, strokes, colour, PDF/X, problems.
    pub fn table(&self) -> String {
        let mut rows: Vec<(&str, String)> = Vec::new();
        rows.push(("trim", self.trim_row()));
        rows.push((
            "bleed",
            match self.bleed {
                Some(b) => format!("{:.1} mm", b * MM_PER_PT),
                None if self.trim.is_none() => "unknown".into(),
                None => "not the same on every side and page".into(),
            },
        ));
        rows.push(("pages", self.pages.to_string()));
        if let Some(i) = &self.imposed {
            rows.push(("imposed", imposed_row(i)));
        }
        if let Some(c) = &self.cover {
            rows.push(("cover", cover_row(c)));
        }
        rows.push(("fonts", self.fonts_row()));
        rows.push((
            "strokes",
            match self.thinnest_stroke {
                Some(t) => format!("thinnest {t:.2} pt"),
                None => "none".into(),
            },
        ));
        rows.push((
            "colour",
            if self.colour_spaces.is_empty() {
                "none set (default DeviceGray)".into()
            } else {
                self.colour_spaces.join(", ")
            },
        ));
        rows.push((
            "PDF/X",
            match &self.pdfx {
                Some(v) => format!(
                    "{v}, {} output intent{}",
                    self.output_intents,
                    if self.output_intents == 1 { "" } else { "s" }
                ),
                None => "not claimed".into(),
            },
        ));
        let (errors, warnings): (Vec<_>, Vec<_>) = self.problems.iter().partition(|p| p.is_error());
        rows.push(("problems", if errors.is_empty() { "none".into() } else { errors.len().to_string() }));
        let mut out = String::new();
        for (k, v) in rows {
            let _ = writeln!(out, "{k:<12}{v}");
        }
        for p in &errors {
            let _ = writeln!(out, "  {}: {}", p.rule, p.detail);
        }
        if !warnings.is_empty() {
            let _ = writeln!(out, "{:<12}{}", "warnings", warnings.len());
            for p in &warnings {
                let _ = writeln!(out, "  {}: {}", p.rule, p.detail);
            }
        }
        out
    }

    /// The trim in millimetres (with its paper name) when every page shares it, else why not.
    fn trim_row(&self) -> String {
        match self.trim {
            Some((w, h)) => {
                let (wm, hm) = (w * MM_PER_PT, h * MM_PER_PT);
                // A cover's wrap is no paper size, however near one it comes.
                let named =
                    paper_name(wm, hm).filter(|_| self.cover.is_none()).map(|n| format!(" ({n})")).unwrap_or_default();
                let all = match self.pages {
                    1 => "on the only page".to_string(),
                    n => format!("on all {n} pages"),
                };
                format!("{wm:.1} × {hm:.1} mm{named} {all}")
            }
            None if self.pages == 0 => "no pages".into(),
            None => {
                let rule = |r: &str| self.problems.iter().any(|p| p.rule == r);
                if rule("trimbox-missing") {
                    "no TrimBox on some pages (see problems)".into()
                } else {
                    "differs between pages (see problems)".into()
                }
            }
        }
    }

    /// How many fonts are embedded, subset and mapped to Unicode.
    fn fonts_row(&self) -> String {
        let n = |f: fn(&super::FontInfo) -> bool| self.fonts.iter().filter(|x| f(x)).count();
        if self.fonts.is_empty() {
            "none".into()
        } else {
            format!(
                "{} embedded, {} subset, {} with Unicode maps{}",
                n(|f| f.embedded),
                n(|f| f.subset),
                n(|f| f.to_unicode),
                if n(|f| f.embedded) == self.fonts.len() {
                    String::new()
                } else {
                    format!(" (of {})", self.fonts.len())
                }
            )
        }
    }

    /// The whole report as one JSON object (lengths in points).
    pub fn to_json(&self) -> String {
        crate::json::to_string(&self.json_view(None))
    }

    /// [`Report::to_json`] with the project's own diagnostics (warnings of a build that
    /// passed) under `"diagnostics"`.
    pub(crate) fn to_json_with_diagnostics(&self, diagnostics: &[JsonDiagnostic<'_>]) -> String {
        crate::json::to_string(&self.json_view(Some(diagnostics)))
    }

    fn json_view<'a>(&'a self, diagnostics: Option<&'a [JsonDiagnostic<'a>]>) -> JsonReport<'a> {
        JsonReport {
            ok: self.ok(),
            version: &self.version,
            pages: self.pages,
            trim: self.trim.map(|(w, h)| [Num(w), Num(h)]),
            bleed: self.bleed.map(Num),
            fonts: self
                .fonts
                .iter()
                .map(|f| JsonFont { name: &f.name, embedded: f.embedded, subset: f.subset, to_unicode: f.to_unicode })
                .collect(),
            thinnest_stroke: self.thinnest_stroke.map(Num),
            colour_spaces: &self.colour_spaces,
            pdfx: self.pdfx.as_deref(),
            output_intents: self.output_intents,
            imposed: self.imposed.as_ref().map(|i| JsonImposed {
                sides: i.sides.len(),
                pages: i.pages,
                sheets_per_signature: i.sheets_per_signature,
            }),
            cover: self.cover.as_ref().map(|c| JsonCover {
                binding: if c.perfect { "perfect" } else { "saddle" },
                pages: c.pages,
                spine: c.spine.map(Num),
            }),
            problems: self
                .problems
                .iter()
                .map(|p| JsonProblem {
                    rule: &p.rule,
                    severity: if p.is_error() { "error" } else { "warning" },
                    detail: &p.detail,
                })
                .collect(),
            diagnostics,
        }
    }
}

/// The report as JSON shows it, in this order.
#[derive(Serialize)]
struct JsonReport<'a> {
    ok: bool,
    version: &'a str,
    pages: usize,
    trim: Option<[Num; 2]>,
    bleed: Option<Num>,
    fonts: Vec<JsonFont<'a>>,
    thinnest_stroke: Option<Num>,
    colour_spaces: &'a [String],
    pdfx: Option<&'a str>,
    output_intents: usize,
    imposed: Option<JsonImposed>,
    cover: Option<JsonCover>,
    problems: Vec<JsonProblem<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    diagnostics: Option<&'a [JsonDiagnostic<'a>]>,
}

#[derive(Serialize)]
struct JsonFont<'a> {
    name: &'a str,
    embedded: bool,
    subset: bool,
    to_unicode: bool,
}

#[derive(Serialize)]
struct JsonImposed {
    sides: usize,
    pages: usize,
    sheets_per_signature: Option<usize>,
}

#[derive(Serialize)]
struct JsonCover {
    binding: &'static str,
    pages: Option<usize>,
    spine: Option<Num>,
}

#[derive(Serialize)]
struct JsonProblem<'a> {
    rule: &'a str,
    severity: &'static str,
    detail: &'a str,
}

/// What kind of cover the file is.
fn cover_row(c: &super::Cover) -> String {
    let mut s =
        if c.perfect { "perfect-bound wrap".to_string() } else { "saddle-stitch outside and inside spreads".into() };
    if let Some(n) = c.pages {
        s += &format!(" for {n} pages");
    }
    if let Some(w) = c.spine {
        s += &format!(", spine {:.2} mm", w * MM_PER_PT);
    }
    s
}

/// What kind of imposed sheets the file holds.
fn imposed_row(i: &super::imposed::Imposition) -> String {
    match i.sheets_per_signature {
        Some(n) if n * 4 == i.pages => {
            format!("{} sheet sides of a {}-page saddle-stitched booklet", i.sides.len(), i.pages)
        }
        Some(n) => format!("{} sheet sides of {} pages in signatures of {n} sheets", i.sides.len(), i.pages),
        None => format!("{} sheet sides, pages out of order (see problems)", i.sides.len()),
    }
}

/// The paper a trim size is (±0.5 mm), noting landscape.
/// The paper registry's name for a size in millimetres (`A5`, `A4 landscape`).
fn paper_name(w: f32, h: f32) -> Option<String> {
    let (p, landscape) = crate::paper::by_size(w / MM_PER_PT, h / MM_PER_PT)?;
    Some(if landscape { format!("{} landscape", p.words) } else { p.words.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_names() {
        assert_eq!(paper_name(148.0, 210.0).as_deref(), Some("A5"));
        assert_eq!(paper_name(297.0, 210.0).as_deref(), Some("A4 landscape"));
        assert_eq!(paper_name(100.0, 100.0), None);
        // Every trim a book is written for has a name in the report.
        assert_eq!(paper_name(152.4, 228.6).as_deref(), Some("6 × 9 in"));
        assert_eq!(paper_name(127.0, 203.2).as_deref(), Some("5 × 8 in"));
        assert_eq!(paper_name(107.95, 139.7).as_deref(), Some("Quarter Letter"));
        for p in crate::paper::trims() {
            assert!(paper_name(p.width * MM_PER_PT, p.height * MM_PER_PT).is_some(), "{}", p.name);
        }
    }
}
