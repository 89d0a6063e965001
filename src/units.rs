//! Lengths with units (`pt`, `mm`, `cm`, `in`, `em`, `%`) as written in the spec, and their
//! resolution to points. Parsing only; no knowledge of TOML or layout.

use std::fmt;

/// A length as the poet wrote it, before the context (type size, measure) is known.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Length {
    /// Absolute, already in points.
    Pt(f32),
    /// Relative to the current type size.
    Em(f32),
    /// Relative to a containing length (the measure, for widths), as a fraction 0..=1.
    Percent(f32),
}

impl Length {
    /// Points, given the type size for `em` and the reference length for `%`.
    pub fn resolve(self, em: f32, reference: f32) -> f32 {
        match self {
            Length::Pt(v) => v,
            Length::Em(v) => v * em,
            Length::Percent(v) => v * reference,
        }
    }

    /// Points if the length is absolute.
    pub fn absolute(self) -> Option<f32> {
        match self {
            Length::Pt(v) => Some(v),
            _ => None,
        }
    }
}

impl fmt::Display for Length {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Length::Pt(v) => write!(f, "{v}pt"),
            Length::Em(v) => write!(f, "{v}em"),
            Length::Percent(v) => write!(f, "{}%", v * 100.0),
        }
    }
}

/// Points per millimetre.
pub(crate) const PT_PER_MM: f32 = 72.0 / 25.4;
/// Points per inch.
pub(crate) const PT_PER_IN: f32 = 72.0;

/// Why a length did not parse; the message says what is accepted.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UnitError(pub String);

impl fmt::Display for UnitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses `12pt`, `4.5mm`, `1cm`, `0.5in`, `1.2em`, `80%`. A bare number is refused: a
/// unit is always required, because a bare `12` is ambiguous (points? millimetres?).
pub(crate) fn parse_length(s: &str) -> Result<Length, UnitError> {
    parse(s, false)
}

/// Parses a length measured on the paper itself (a leaf's thickness, the bleed, a sheet's
/// size): `0.1mm`, `0.004in`, `3pt`, `1cm`, in points. `em` and `%` are refused, and every
/// message offers only units a ruler or a micrometer reads.
pub(crate) fn parse_paper_length(s: &str) -> Result<f32, UnitError> {
    match parse(s, true)? {
        Length::Pt(v) => Ok(v),
        _ => {
            let value = s.trim().trim_end_matches(|c: char| c.is_alphabetic() || c == '%').trim();
            Err(UnitError(format!(
                "`{s}` is relative (to the type size or another length), and this is measured on the paper: write `{value}mm`, `{value}in` or `{value}pt`"
            )))
        }
    }
}

/// [`parse_length`], or with `paper` a length on the paper, whose messages offer only
/// physical units (`mm`, `in`, `pt`, `cm`).
fn parse(s: &str, paper: bool) -> Result<Length, UnitError> {
    let t = s.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+')).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let unit = unit.trim();
    // `10,5pt`: a decimal comma, as many countries write it.
    if let Some((a, b)) = t.split_once(',').filter(|(a, b)| {
        !a.is_empty() && a.bytes().all(|c| c.is_ascii_digit()) && b.starts_with(|c: char| c.is_ascii_digit())
    }) {
        return Err(UnitError(format!("`{s}` has a decimal comma: write a decimal point, `{a}.{b}`")));
    }
    let value: f32 = num.parse().map_err(|_| {
        let e = if paper { "`0.1mm`, `0.004in`, `3pt`" } else { "`12pt`, `15mm`, `0.5in`, `1.2em`" };
        UnitError(format!("`{s}` is not a length: write a number and a unit, e.g. {e}"))
    })?;
    if !value.is_finite() {
        return Err(UnitError(format!("`{s}` is not a finite number")));
    }
    let len = match unit {
        "pt" => Length::Pt(value),
        "mm" => Length::Pt(value * PT_PER_MM),
        "cm" => Length::Pt(value * 10.0 * PT_PER_MM),
        "in" => Length::Pt(value * PT_PER_IN),
        "em" => Length::Em(value),
        "%" => Length::Percent(value / 100.0),
        "" if paper => {
            return Err(UnitError(format!("`{s}` has no unit: write `{value}mm`, `{value}in` or `{value}pt`")));
        }
        "" => {
            return Err(UnitError(format!(
                "`{s}` has no unit: write `{value}pt`, `{value}mm`, `{value}in` or `{value}em`"
            )));
        }
        "px" | "pixel" | "pixels" => {
            return Err(UnitError(format!(
                "`{s}`: pixels have no size on paper; write points, `{value}pt` (a screen pixel is about 0.75pt)"
            )));
        }
        other => {
            let unit = other.to_ascii_lowercase();
            let meant = match unit.trim_end_matches('.') {
                "points" | "point" | "pts" => Some("pt"),
                "millimetres" | "millimeters" | "millimetre" | "millimeter" | "mms" => Some("mm"),
                "centimetres" | "centimeters" | "centimetre" | "centimeter" | "cms" => Some("cm"),
                "inch" | "inches" | "\"" | "”" | "″" => Some("in"),
                "ems" if !paper => Some("em"),
                "pt" | "mm" | "cm" | "in" | "em" => Some(match unit.as_str() {
                    "pt" => "pt",
                    "mm" => "mm",
                    "cm" => "cm",
                    "in" => "in",
                    _ => "em",
                }),
                _ => None,
            };
            return Err(UnitError(match meant {
                Some("em") if paper => format!("unknown unit `{other}` in `{s}`: use mm, cm, in or pt"),
                Some(u) => format!("unknown unit `{other}` in `{s}`: write `{value}{u}`"),
                None if paper => format!("unknown unit `{other}` in `{s}`: use mm, cm, in or pt"),
                None => format!("unknown unit `{other}` in `{s}`: use pt, mm, cm, in, em or %"),
            }));
        }
    };
    Ok(len)
}

/// Parses a page size: a preset name (the trims of [`crate::paper::PAPERS`]: `a5`, `a6`,
/// `half-letter`, `quarter-letter`, `5x8in`, `6x9in`) or `WxH` with units on each side or one shared unit (`140mmx216mm`, `5.5x8.5in`).
/// Returns (width, height) in points.
pub(crate) fn parse_page_size(s: &str) -> Result<(f32, f32), UnitError> {
    let t = s.trim().to_ascii_lowercase();
    if let Some(size) = preset(&t) {
        return Ok(size);
    }
    let Some((w, h)) = t.split_once(['x', '×']) else {
        if let Some(p) = crate::paper::find(&t) {
            return Err(UnitError(format!("`{s}` is not one of the page presets: write its size, `{}`", written(p))));
        }
        return Err(UnitError(format!(
            "unknown page size `{s}`: use a preset ({}) or `WIDTHxHEIGHT` such as `140mmx216mm`",
            crate::paper::trims().map(|p| p.name).collect::<Vec<_>>().join(", ")
        )));
    };
    let (w, h) = (w.trim(), h.trim());
    let bare = |v: &str| v.parse::<f32>().ok().filter(|v| v.is_finite());
    if let Some(hv) = bare(h) {
        // `6x9`: no unit at all. Guess the likely one from the numbers, and say both.
        let (likely, other) = match bare(w).unwrap_or(hv).max(hv) {
            v if v <= 20.0 => ("in", "mm"),
            v if v <= 60.0 => ("cm", "mm"),
            _ => ("mm", "in"),
        };
        let w = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        return Err(UnitError(format!("page size `{s}` has no unit: write `{w}x{h}{likely}` (or `{w}x{h}{other}`)")));
    }
    let h_len = parse(h, true)?;
    // `5.5x8.5in`: the width borrows the height's unit.
    let w_len = match parse(w, true) {
        Ok(l) => l,
        Err(_) if w.trim().parse::<f32>().is_ok() => {
            let unit = h.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
            parse(&format!("{w}{unit}"), true)?
        }
        Err(e) => return Err(e),
    };
    match (w_len.absolute(), h_len.absolute()) {
        (Some(w), Some(h)) => Ok((w, h)),
        _ => Err(UnitError(format!("page size `{s}` must use absolute units (mm, cm, in, pt)"))),
    }
}

/// A paper's size as one writes it: `210mmx297mm`, `8.5x11in`.
fn written(p: &crate::paper::Paper) -> String {
    let short = |v: f32, per: f32| {
        let s = format!("{:.2}", v / per);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    let (wi, hi) = (p.width / PT_PER_IN, p.height / PT_PER_IN);
    let whole_eighths = |v: f32| ((v * 8.0) - (v * 8.0).round()).abs() < 0.01;
    if p.pwg.is_some_and(|k| k.ends_with("in")) || (whole_eighths(wi) && whole_eighths(hi)) {
        format!("{}x{}in", short(p.width, PT_PER_IN), short(p.height, PT_PER_IN))
    } else {
        format!("{}mmx{}mm", short(p.width, PT_PER_MM), short(p.height, PT_PER_MM))
    }
}

/// The size of the page-size preset `name`, from the paper registry.
fn preset(name: &str) -> Option<(f32, f32)> {
    crate::paper::find(name).filter(|p| p.is(crate::paper::Use::Trim)).map(|p| p.size())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_units_convert_to_points() {
        assert_eq!(parse_length("12pt").unwrap(), Length::Pt(12.0));
        assert_eq!(parse_length("1in").unwrap(), Length::Pt(72.0));
        let mm = parse_length("25.4mm").unwrap().absolute().unwrap();
        assert!((mm - 72.0).abs() < 1e-3);
        let cm = parse_length("2.54cm").unwrap().absolute().unwrap();
        assert!((cm - 72.0).abs() < 1e-3);
    }

    #[test]
    fn relative_units_resolve_against_context() {
        assert_eq!(parse_length("1.5em").unwrap().resolve(10.0, 0.0), 15.0);
        assert_eq!(parse_length("50%").unwrap().resolve(10.0, 300.0), 150.0);
    }

    #[test]
    fn bare_numbers_and_unknown_units_are_refused_with_a_hint() {
        let e = parse_length("12").unwrap_err();
        assert!(e.0.contains("no unit"), "{e}");
        let e = parse_length("12ft").unwrap_err();
        assert!(e.0.contains("unknown unit `ft`"), "{e}");
        assert!(parse_length("abc").is_err());
        assert_eq!(
            parse_length("10,5pt").unwrap_err().0,
            "`10,5pt` has a decimal comma: write a decimal point, `10.5pt`"
        );
        assert_eq!(parse_length("12 points").unwrap_err().0, "unknown unit `points` in `12 points`: write `12pt`");
        assert!(parse_length("12PT").unwrap_err().0.contains("write `12pt`"));
        assert!(parse_length("16px").unwrap_err().0.contains("pixels have no size on paper"));
    }

    #[test]
    fn lengths_on_the_paper_are_offered_only_physical_units() {
        assert!((parse_paper_length("0.1mm").unwrap() - 0.1 * PT_PER_MM).abs() < 1e-6);
        assert_eq!(parse_paper_length("0.004in").unwrap(), 0.004 * 72.0);
        for (written, want) in [
            ("0.1", "write `0.1mm`, `0.1in` or `0.1pt`"),
            ("0.1em", "measured on the paper: write `0.1mm`, `0.1in` or `0.1pt`"),
            ("10%", "measured on the paper: write `10mm`, `10in` or `10pt`"),
            ("0.1ems", "use mm, cm, in or pt"),
            ("0.1q", "use mm, cm, in or pt"),
            ("thin", "e.g. `0.1mm`, `0.004in`, `3pt`"),
        ] {
            let e = parse_paper_length(written).unwrap_err().0;
            // What is offered (after the written value) names no relative unit.
            let offered = e.rsplit_once(": ").map_or(e.as_str(), |(_, fix)| fix);
            assert!(e.contains(want) && !offered.contains("em") && !offered.contains('%'), "{written}: {e}");
        }
        // A page size is on the paper too.
        let e = parse_page_size("140mmx216q").unwrap_err().0;
        assert!(e.contains("use mm, cm, in or pt"), "{e}");
    }

    #[test]
    fn page_sizes_from_presets_and_custom() {
        let (w, h) = parse_page_size("A5").unwrap();
        assert!((w - 419.53).abs() < 0.01 && (h - 595.28).abs() < 0.01);
        assert_eq!(parse_page_size("5.5x8.5in").unwrap(), (396.0, 612.0));
        let (w, h) = parse_page_size("140mmx216mm").unwrap();
        assert!((w - 396.85).abs() < 0.01 && (h - 612.28).abs() < 0.01);
        assert!(parse_page_size("huge").is_err());
        assert_eq!(parse_page_size("6x9").unwrap_err().0, "page size `6x9` has no unit: write `6x9in` (or `6x9mm`)");
        assert_eq!(
            parse_page_size("140x216").unwrap_err().0,
            "page size `140x216` has no unit: write `140x216mm` (or `140x216in`)"
        );
        assert!(parse_page_size("A4").unwrap_err().0.contains("`210mmx297mm`"));
        assert!(!parse_page_size("140mmx216").unwrap_err().0.contains("em"));
        assert!(parse_page_size("2emx3em").is_err());
    }
}
