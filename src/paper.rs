//! The one paper registry (`PAPERS`): every paper chapbook knows by name, with its
//! aliases, its size, its PWG media keyword (the name a printer is asked for over IPP),
//! what it is for (a trim preset, a press sheet, office paper) and where it is stocked.
//!
//! Pure data at the bottom of the crate (it uses nothing else): page sizes (`units`),
//! imposition sheets (`impose`), the paper named in a preflight report (`preflight`) and
//! the media of a print job (`print`) all read it, so a paper added here is known to all.
//! Sizes are portrait (width ≤ height), in points.
//!
//! PWG keywords are those of PWG 5101.1 (Media Standardized Names); a paper without one
//! is asked for with the standard's self-describing form `custom_NAME_WxHmm`
//! (`media_for`, [`Paper::media`]).

/// Points per millimetre (the same as `units::PT_PER_MM`; this module uses nothing).
const MM: f32 = 72.0 / 25.4;
/// Points per inch.
const IN: f32 = 72.0;

/// Two sizes within this many points are the same paper: 0.5 mm, the tolerance CUPS
/// uses when it matches a size to a PWG name (`_PWG_EPSILON` in cups/pwg-media.c).
pub(crate) const TOLERANCE: f32 = 0.5 * MM;

/// What a paper is for (outside the crate: [`trims`], [`sheets`], [`Paper::is_trim`],
/// [`Paper::is_sheet`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Use {
    /// A page-size preset (`[page] size = "a5"`, `--page-size`).
    Trim,
    /// A press or digital-press sheet `--impose --sheet` accepts.
    Press,
    /// Office paper: `--sheet` accepts it and desktop printers stock it.
    Office,
}

/// One paper of the registry (made only here: [`find`], [`trims`] and [`sheets`] give them).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Paper {
    /// The name chapbook uses and accepts (`a5`, `half-letter`, `sra3`).
    pub name: &'static str,
    /// How a person writes it (`A5`, `Half Letter`).
    pub words: &'static str,
    /// Other names accepted for it (`statement`, `ledger`).
    pub aliases: &'static [&'static str],
    /// Portrait width, points.
    pub width: f32,
    /// Portrait height, points.
    pub height: f32,
    /// The PWG 5101.1 media keyword, when the standard names this size.
    pub pwg: Option<&'static str>,
    /// What it is for; empty: a paper chapbook only names (in `check`'s report).
    pub(crate) uses: &'static [Use],
    /// Where it is stocked, in a few words.
    pub stocked: &'static str,
}

impl Paper {
    /// Whether the paper is for `u`.
    pub(crate) fn is(&self, u: Use) -> bool {
        self.uses.contains(&u)
    }

    /// Whether it is a page-size preset (`[page] size`, `--page-size`).
    pub fn is_trim(&self) -> bool {
        self.is(Use::Trim)
    }

    /// Whether `--sheet` accepts it (a press sheet or office paper).
    pub fn is_sheet(&self) -> bool {
        self.is(Use::Press) || self.is(Use::Office)
    }

    /// (width, height) in points, portrait.
    pub fn size(&self) -> (f32, f32) {
        (self.width, self.height)
    }

    /// The media keyword a printer is asked for: the PWG name, else the custom form.
    pub fn media(&self) -> String {
        match self.pwg {
            Some(k) => k.to_string(),
            None => custom_media(self.name, (self.width, self.height)),
        }
    }
}

const fn mm(name: &'static str, words: &'static str, w: f32, h: f32) -> Paper {
    Paper { name, words, aliases: &[], width: w * MM, height: h * MM, pwg: None, uses: &[], stocked: "" }
}

const fn inch(name: &'static str, words: &'static str, w: f32, h: f32) -> Paper {
    Paper { name, words, aliases: &[], width: w * IN, height: h * IN, pwg: None, uses: &[], stocked: "" }
}

const TRIM: &[Use] = &[Use::Trim];
const PRESS: &[Use] = &[Use::Press];
const OFFICE: &[Use] = &[Use::Office];

/// Every paper chapbook knows. Sheets (press and office) are listed smallest first by
/// area, so the first that fits is the smallest that fits.
pub(crate) const PAPERS: &[Paper] = &[
    // Trim presets: the page sizes a book is written for.
    Paper {
        pwg: Some("iso_a5_148x210mm"),
        uses: TRIM,
        stocked: "ISO 216; trade paperback and chapbook size outside North America",
        ..mm("a5", "A5", 148.0, 210.0)
    },
    Paper {
        pwg: Some("iso_a6_105x148mm"),
        uses: TRIM,
        stocked: "ISO 216; pocket books, postcards",
        ..mm("a6", "A6", 105.0, 148.0)
    },
    Paper {
        aliases: &["statement", "5.5x8.5in"],
        pwg: Some("na_invoice_5.5x8.5in"),
        uses: TRIM,
        stocked: "US Letter folded once; US digest size",
        ..inch("half-letter", "Half Letter", 5.5, 8.5)
    },
    Paper {
        aliases: &["4.25x5.5in"],
        uses: TRIM,
        stocked: "US Letter folded twice (no PWG name: asked for as a custom size)",
        ..inch("quarter-letter", "Quarter Letter", 4.25, 5.5)
    },
    Paper {
        pwg: Some("na_index-5x8_5x8in"),
        uses: TRIM,
        stocked: "a common US trade paperback trim (KDP, Lulu, IngramSpark)",
        ..inch("5x8in", "5 × 8 in", 5.0, 8.0)
    },
    Paper {
        pwg: Some("na_6x9_6x9in"),
        uses: TRIM,
        stocked: "the most common US trade paperback trim (KDP, Lulu, IngramSpark)",
        ..inch("6x9in", "6 × 9 in", 6.0, 9.0)
    },
    // Sheets, smallest first.
    Paper {
        aliases: &["us-letter"],
        pwg: Some("na_letter_8.5x11in"),
        uses: OFFICE,
        stocked: "office paper in North America",
        ..inch("letter", "Letter", 8.5, 11.0)
    },
    Paper {
        pwg: Some("iso_a4_210x297mm"),
        uses: OFFICE,
        stocked: "office paper everywhere outside North America",
        ..mm("a4", "A4", 210.0, 297.0)
    },
    Paper {
        pwg: Some("iso_sra4_225x320mm"),
        uses: PRESS,
        stocked: "ISO 217 oversize A4, digital presses and print shops",
        ..mm("sra4", "SRA4", 225.0, 320.0)
    },
    Paper {
        aliases: &["us-legal"],
        pwg: Some("na_legal_8.5x14in"),
        uses: OFFICE,
        stocked: "office paper in North America",
        ..inch("legal", "Legal", 8.5, 14.0)
    },
    Paper {
        aliases: &["ledger", "11x17in"],
        pwg: Some("na_ledger_11x17in"),
        uses: OFFICE,
        stocked: "office copiers in North America",
        ..inch("tabloid", "Tabloid (11 × 17 in)", 11.0, 17.0)
    },
    Paper {
        pwg: Some("iso_a3_297x420mm"),
        uses: OFFICE,
        stocked: "office copiers outside North America",
        ..mm("a3", "A3", 297.0, 420.0)
    },
    Paper {
        aliases: &["arch-b"],
        pwg: Some("na_arch-b_12x18in"),
        uses: PRESS,
        stocked: "digital presses in North America",
        ..inch("12x18in", "12 × 18 in", 12.0, 18.0)
    },
    Paper {
        pwg: Some("iso_sra3_320x450mm"),
        uses: PRESS,
        stocked: "ISO 217 oversize A3, digital presses and print shops",
        ..mm("sra3", "SRA3", 320.0, 450.0)
    },
    Paper {
        aliases: &["super-b", "a3+"],
        pwg: Some("na_super-b_13x19in"),
        uses: PRESS,
        stocked: "digital presses and wide inkjets (Super B, A3+)",
        ..inch("13x19in", "13 × 19 in", 13.0, 19.0)
    },
    // Named only: a report says "B5", but they are no preset and no sheet.
    Paper { pwg: Some("iso_b5_176x250mm"), stocked: "ISO 216; some book trims", ..mm("b5", "B5", 176.0, 250.0) },
    Paper { pwg: Some("iso_b6_125x176mm"), stocked: "ISO 216; some book trims", ..mm("b6", "B6", 125.0, 176.0) },
];

/// A name as compared: lower case, without spaces, hyphens or underscores.
fn key(s: &str) -> String {
    s.trim().to_ascii_lowercase().chars().filter(|c| !matches!(c, ' ' | '-' | '_')).collect()
}

/// The paper named `name` or one of its aliases (case, spaces and hyphens ignored).
pub fn find(name: &str) -> Option<&'static Paper> {
    let k = key(name);
    PAPERS.iter().find(|p| key(p.name) == k || p.aliases.iter().any(|a| key(a) == k))
}

/// The paper of size `w` × `h` points within `TOLERANCE`, and whether it lies
/// landscape.
pub(crate) fn by_size(w: f32, h: f32) -> Option<(&'static Paper, bool)> {
    let near = |a: f32, b: f32| (a - b).abs() <= TOLERANCE;
    PAPERS.iter().find_map(|p| {
        if near(w, p.width) && near(h, p.height) {
            Some((p, false))
        } else if near(w, p.height) && near(h, p.width) {
            Some((p, true))
        } else {
            None
        }
    })
}

/// The paper a PWG media keyword names.
pub(crate) fn by_pwg(keyword: &str) -> Option<&'static Paper> {
    PAPERS.iter().find(|p| p.pwg == Some(keyword))
}

/// The page-size presets.
pub fn trims() -> impl Iterator<Item = &'static Paper> {
    PAPERS.iter().filter(|p| p.is(Use::Trim))
}

/// The sheets `--sheet` accepts, smallest first.
pub fn sheets() -> impl Iterator<Item = &'static Paper> {
    PAPERS.iter().filter(|p| p.is_sheet())
}

/// The media keyword for a sheet of `size` points (either way round): the PWG name of a
/// known paper, else `custom_NAME_WxHmm` (PWG 5101.1's self-describing form, portrait,
/// in hundredths of a millimetre at most).
pub(crate) fn media_for(size: (f32, f32)) -> String {
    match by_size(size.0, size.1) {
        Some((p, _)) => p.media(),
        None => {
            let (w, h) = (size.0.min(size.1), size.0.max(size.1));
            custom_media(&format!("{}x{}mm", dims(w), dims(h)), (w, h))
        }
    }
}

/// Millimetres with at most two decimals and no trailing zeros.
fn dims(pt: f32) -> String {
    let s = format!("{:.2}", pt / MM);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `custom_NAME_WxHmm` for a size in points (portrait).
fn custom_media(name: &str, (w, h): (f32, f32)) -> String {
    let (w, h) = (w.min(h), w.max(h));
    format!("custom_{name}_{}x{}mm", dims(w), dims(h))
}

/// A media keyword in words: `iso_a4_210x297mm` → `A4`; any other keyword as it is.
pub(crate) fn media_words(keyword: &str) -> String {
    by_pwg(keyword).map(|p| p.words.to_string()).unwrap_or_else(|| keyword.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The registry's own rules: unique names and aliases, portrait sizes, PWG keywords
    /// whose size part is the paper's size, sheets smallest first, every sheet plannable.
    #[test]
    fn the_registry_is_consistent() {
        let mut names = std::collections::BTreeSet::new();
        for p in PAPERS {
            for n in std::iter::once(p.name).chain(p.aliases.iter().copied()) {
                assert!(names.insert(key(n)), "{n} named twice");
                assert_eq!(find(n), Some(p), "{n}");
            }
            assert_eq!(p.name, p.name.to_ascii_lowercase());
            assert!(p.width > 0.0 && p.width <= p.height, "{} is not portrait", p.name);
            assert!(!p.stocked.is_empty() && !p.words.is_empty(), "{}", p.name);
            assert_eq!(by_size(p.width, p.height), Some((p, false)), "{} is the first of its size", p.name);
            assert_eq!(by_size(p.height, p.width), Some((p, true)));
            if let Some(k) = p.pwg {
                assert_eq!(by_pwg(k), Some(p));
                // `iso_a4_210x297mm`: the last part is the size, in mm or in.
                let dims = k.rsplit('_').next().unwrap();
                let (unit, scale) = if dims.ends_with("mm") { ("mm", MM) } else { ("in", IN) };
                let (w, h) = dims.trim_end_matches(unit).split_once('x').unwrap();
                let (w, h) = (w.parse::<f32>().unwrap() * scale, h.parse::<f32>().unwrap() * scale);
                assert!((w - p.width).abs() < 0.1 && (h - p.height).abs() < 0.1, "{k}");
            }
            assert!(p.media().starts_with(p.pwg.unwrap_or("custom_")), "{}", p.name);
        }
        let sheets: Vec<&Paper> = sheets().collect();
        for pair in sheets.windows(2) {
            assert!(pair[0].width * pair[0].height <= pair[1].width * pair[1].height, "{}", pair[1].name);
        }
        let names: Vec<&str> = sheets.iter().map(|p| p.name).collect();
        assert_eq!(names, ["letter", "a4", "sra4", "legal", "tabloid", "a3", "12x18in", "sra3", "13x19in"]);
        let trims: Vec<&str> = trims().map(|p| p.name).collect();
        assert_eq!(trims, ["a5", "a6", "half-letter", "quarter-letter", "5x8in", "6x9in"]);
    }

    #[test]
    fn media_keywords_for_known_and_custom_sizes() {
        assert_eq!(media_for((450.0 * MM, 320.0 * MM)), "iso_sra3_320x450mm");
        assert_eq!(media_for((19.0 * IN, 13.0 * IN)), "na_super-b_13x19in");
        assert_eq!(media_for((480.0 * MM, 330.0 * MM)), "custom_330x480mm_330x480mm");
        assert_eq!(find("quarter-letter").unwrap().media(), "custom_quarter-letter_107.95x139.7mm");
        assert_eq!(media_words("iso_a4_210x297mm"), "A4");
        assert_eq!(media_words("custom_x"), "custom_x");
        assert_eq!(find(" US Letter ").map(|p| p.name), Some("letter"));
        assert_eq!(find("Ledger").map(|p| p.name), Some("tabloid"));
        assert_eq!(by_size(6.0 * IN, 9.0 * IN).map(|(p, l)| (p.words, l)), Some(("6 × 9 in", false)));
        assert_eq!(by_size(100.0, 100.0), None);
    }
}
