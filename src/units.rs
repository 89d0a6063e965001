//! Lengths with units (`pt`, `mm`, `cm`, `in`, `em`, `%`) as written in the spec, and their
//! resolution to points. Parsing only; no knowledge of TOML or layout.

use std::fmt;

/// A length as the poet wrote it, before the context (type size, measure) is known.
#[derive(Debug, Clone, Copy, PartialEq)]
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

pub const PT_PER_MM: f32 = 72.0 / 25.4;
pub const PT_PER_IN: f32 = 72.0;

/// Why a length did not parse; the message says what is accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitError(pub String);

impl fmt::Display for UnitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses `12pt`, `4.5mm`, `1cm`, `0.5in`, `1.2em`, `80%`. A bare number is refused: a
/// unit is always required, because a bare `12` is ambiguous (points? millimetres?).
pub fn parse_length(s: &str) -> Result<Length, UnitError> {
    let t = s.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+')).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let unit = unit.trim();
    let value: f32 = num.parse().map_err(|_| {
        UnitError(format!("`{s}` is not a length: write a number and a unit, e.g. `12pt`, `15mm`, `0.5in`, `1.2em`"))
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
        "" => {
            return Err(UnitError(format!(
                "`{s}` has no unit: write `{value}pt`, `{value}mm`, `{value}in` or `{value}em`"
            )));
        }
        other => {
            return Err(UnitError(format!("unknown unit `{other}` in `{s}`: use pt, mm, cm, in, em or %")));
        }
    };
    Ok(len)
}

/// Parses a page size: a preset name (`a5`, `a6`, `half-letter`, `quarter-letter`, `5x8in`,
/// `6x9in`) or `WxH` with units on each side or one shared unit (`140mmx216mm`, `5.5x8.5in`).
/// Returns (width, height) in points.
pub fn parse_page_size(s: &str) -> Result<(f32, f32), UnitError> {
    let t = s.trim().to_ascii_lowercase();
    if let Some(size) = preset(&t) {
        return Ok(size);
    }
    let Some((w, h)) = t.split_once('x') else {
        return Err(UnitError(format!(
            "unknown page size `{s}`: use a preset ({}) or `WIDTHxHEIGHT` such as `140mmx216mm`",
            PRESETS.iter().map(|p| p.0).collect::<Vec<_>>().join(", ")
        )));
    };
    let h_len = parse_length(h)?;
    // `5.5x8.5in`: the width borrows the height's unit.
    let w_len = match parse_length(w) {
        Ok(l) => l,
        Err(_) if w.trim().parse::<f32>().is_ok() => {
            let unit = h.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
            parse_length(&format!("{w}{unit}"))?
        }
        Err(e) => return Err(e),
    };
    match (w_len.absolute(), h_len.absolute()) {
        (Some(w), Some(h)) => Ok((w, h)),
        _ => Err(UnitError(format!("page size `{s}` must use absolute units (mm, cm, in, pt)"))),
    }
}

/// Named trim sizes, (name, width pt, height pt).
pub const PRESETS: &[(&str, f32, f32)] = &[
    ("a5", 148.0 * PT_PER_MM, 210.0 * PT_PER_MM),
    ("a6", 105.0 * PT_PER_MM, 148.0 * PT_PER_MM),
    ("half-letter", 5.5 * PT_PER_IN, 8.5 * PT_PER_IN),
    ("quarter-letter", 4.25 * PT_PER_IN, 5.5 * PT_PER_IN),
    ("5x8in", 5.0 * PT_PER_IN, 8.0 * PT_PER_IN),
    ("6x9in", 6.0 * PT_PER_IN, 9.0 * PT_PER_IN),
];

fn preset(name: &str) -> Option<(f32, f32)> {
    PRESETS.iter().find(|p| p.0 == name).map(|p| (p.1, p.2))
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
        let e = parse_length("12px").unwrap_err();
        assert!(e.0.contains("unknown unit `px`"), "{e}");
        assert!(parse_length("abc").is_err());
    }

    #[test]
    fn page_sizes_from_presets_and_custom() {
        let (w, h) = parse_page_size("A5").unwrap();
        assert!((w - 419.53).abs() < 0.01 && (h - 595.28).abs() < 0.01);
        assert_eq!(parse_page_size("5.5x8.5in").unwrap(), (396.0, 612.0));
        let (w, h) = parse_page_size("140mmx216mm").unwrap();
        assert!((w - 396.85).abs() < 0.01 && (h - 612.28).abs() < 0.01);
        assert!(parse_page_size("huge").is_err());
        assert!(parse_page_size("2emx3em").is_err());
    }
}
