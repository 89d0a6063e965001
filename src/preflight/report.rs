//! Rendering a [`Report`]: a short aligned table for people (`chapbook check`) and a
//! JSON object for machines (written with [`crate::json`]). Lengths are points in JSON and
//! millimetres (with named paper sizes) in the table.

use std::fmt::Write;

use super::Report;
use crate::json::{num, string};

const MM_PER_PT: f32 = 25.4 / 72.0;

/// Named trim sizes in millimetres, portrait.
const SIZES: &[(&str, f32, f32)] = &[
    ("A3", 297.0, 420.0),
    ("A4", 210.0, 297.0),
    ("A5", 148.0, 210.0),
    ("A6", 105.0, 148.0),
    ("B5", 176.0, 250.0),
    ("B6", 125.0, 176.0),
    ("US Letter", 215.9, 279.4),
    ("Half Letter", 139.7, 215.9),
];

impl Report {
    /// No rule was broken.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
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
        rows.push(("problems", if self.problems.is_empty() { "none".into() } else { self.problems.len().to_string() }));
        let mut out = String::new();
        for (k, v) in rows {
            let _ = writeln!(out, "{k:<12}{v}");
        }
        for p in &self.problems {
            let _ = writeln!(out, "  {}: {}", p.rule, p.detail);
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
        let mut o = String::from("{");
        let _ = write!(o, "\"ok\":{},", self.ok());
        let _ = write!(o, "\"version\":{},", string(&self.version));
        let _ = write!(o, "\"pages\":{},", self.pages);
        let _ = write!(o, "\"trim\":{},", self.trim.map_or("null".into(), |(w, h)| format!("[{},{}]", num(w), num(h))));
        let _ = write!(o, "\"bleed\":{},", self.bleed.map_or("null".into(), num));
        let fonts: Vec<String> = self
            .fonts
            .iter()
            .map(|f| {
                format!(
                    "{{\"name\":{},\"embedded\":{},\"subset\":{},\"to_unicode\":{}}}",
                    string(&f.name),
                    f.embedded,
                    f.subset,
                    f.to_unicode
                )
            })
            .collect();
        let _ = write!(o, "\"fonts\":[{}],", fonts.join(","));
        let _ = write!(o, "\"thinnest_stroke\":{},", self.thinnest_stroke.map_or("null".into(), num));
        let spaces: Vec<String> = self.colour_spaces.iter().map(|s| string(s)).collect();
        let _ = write!(o, "\"colour_spaces\":[{}],", spaces.join(","));
        let _ = write!(o, "\"pdfx\":{},", self.pdfx.as_deref().map_or("null".into(), string));
        let _ = write!(o, "\"output_intents\":{},", self.output_intents);
        let _ = write!(
            o,
            "\"imposed\":{},",
            self.imposed.as_ref().map_or("null".into(), |i| format!(
                "{{\"sides\":{},\"pages\":{},\"sheets_per_signature\":{}}}",
                i.sides.len(),
                i.pages,
                i.sheets_per_signature.map_or("null".into(), |n| n.to_string())
            ))
        );
        let _ = write!(
            o,
            "\"cover\":{},",
            self.cover.as_ref().map_or("null".into(), |c| format!(
                "{{\"binding\":{},\"pages\":{},\"spine\":{}}}",
                string(if c.perfect { "perfect" } else { "saddle" }),
                c.pages.map_or("null".into(), |n| n.to_string()),
                c.spine.map_or("null".into(), num)
            ))
        );
        let problems: Vec<String> = self
            .problems
            .iter()
            .map(|p| format!("{{\"rule\":{},\"detail\":{}}}", string(&p.rule), string(&p.detail)))
            .collect();
        let _ = write!(o, "\"problems\":[{}]}}", problems.join(","));
        o
    }

    /// [`Report::to_json`] with the project's own diagnostics (warnings of a build that
    /// passed), already written as a JSON array, under `"diagnostics"`.
    pub fn to_json_with_diagnostics(&self, diagnostics: &str) -> String {
        let mut o = self.to_json();
        o.pop();
        let _ = write!(o, ",\"diagnostics\":{diagnostics}}}");
        o
    }
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
fn paper_name(w: f32, h: f32) -> Option<String> {
    let near = |a: f32, b: f32| (a - b).abs() <= 0.5;
    SIZES.iter().find_map(|&(name, pw, ph)| {
        if near(w, pw) && near(h, ph) {
            Some(name.to_string())
        } else if near(w, ph) && near(h, pw) {
            Some(format!("{name} landscape"))
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_pieces() {
        assert_eq!(num(8.503937), "8.5039");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(f32::NAN), "null");
        assert_eq!(string("a\"b\\c\n\u{1}"), "\"a\\\"b\\\\c\\n\\u0001\"");
    }

    #[test]
    fn paper_names() {
        assert_eq!(paper_name(148.0, 210.0).as_deref(), Some("A5"));
        assert_eq!(paper_name(297.0, 210.0).as_deref(), Some("A4 landscape"));
        assert_eq!(paper_name(100.0, 100.0), None);
    }
}
