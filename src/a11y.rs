//! What `chapbook check` says about the book's accessibility: the language readers'
//! voices will speak it in, the drawings and charts and whether each has alternative text
//! (made from its own words unless the poet wrote `alt = ""`), and text that says
//! something by its tint alone (an ink ramp across lines) or is too light to read for
//! many readers (contrast under 4.5 : 1 against the paper, WCAG's level AA). These are
//! notes for the poet, not build warnings: `--deny-warnings` ignores them.

use crate::spec::{BlockKind, Book};

/// The book's accessibility, as `check` reports it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Accessibility {
    /// The language tag (`language` in book.toml, default `en`).
    pub language: String,
    /// Drawings and charts: each is a figure in the tagged PDF and the EPUB.
    pub figures: usize,
    /// Of those, the ones whose alt text the poet wrote.
    pub written_alt: usize,
    /// Where the figures without alternative text are (`alt = ""`): `file:line`.
    pub without_alt: Vec<String>,
    /// Text whose meaning a reader who does not see it would miss, or that is too light
    /// to read: `file:line: what`.
    pub notes: Vec<String>,
}

/// The contrast of ink `k` (0 paper … 1 black, printed as grey `1 - k`) against white paper.
pub fn contrast(ink: f32) -> f32 {
    let g = (1.0 - ink.clamp(0.0, 1.0)) as f64;
    let l = if g <= 0.040_45 { g / 12.92 } else { ((g + 0.055) / 1.055).powf(2.4) };
    (1.05 / (l + 0.05)) as f32
}

/// Contrast below which text is too light for many readers (WCAG 2 level AA).
pub const MIN_CONTRAST: f32 = 4.5;

/// Looks at every block of `book`.
pub fn assess(book: &Book) -> Accessibility {
    let mut a = Accessibility { language: book.language.clone(), ..Default::default() };
    for s in &book.sections {
        let file = s.file.file_name().map_or_else(|| s.file.display().to_string(), |f| f.to_string_lossy().into());
        for b in &s.blocks {
            let at = format!("layout/{file}:{}", b.line);
            let light = |ink: f32, what: &str, notes: &mut Vec<String>| {
                if ink > 0.0 && contrast(ink) < MIN_CONTRAST {
                    notes.push(format!(
                        "{at}: {what} is printed at ink {ink:.2}, a contrast of {:.1} : 1 against the paper (under {MIN_CONTRAST} : 1 is too light for many readers)",
                        contrast(ink)
                    ));
                }
            };
            match &b.kind {
                BlockKind::Art(_) | BlockKind::Chart(_) => {
                    a.figures += 1;
                    match b.alt.as_deref().map(str::trim) {
                        Some("") => a.without_alt.push(at.clone()),
                        Some(_) => a.written_alt += 1,
                        None => {}
                    }
                    match &b.kind {
                        BlockKind::Art(art) => light(art.ink_text, "the drawing's text", &mut a.notes),
                        BlockKind::Chart(c) => light(c.ink, "the chart", &mut a.notes),
                        _ => {}
                    }
                }
                BlockKind::Verse(v) => match v.tint {
                    Some(t) if (t.from - t.to).abs() > 0.05 => {
                        a.notes.push(format!(
                            "{at}: the ink ramps from {:.2} to {:.2} across the lines; what the fading says is in the tint alone, and a reader who hears the book will not know of it (say it in the words too, if it matters)",
                            t.from, t.to
                        ));
                        light(t.from.min(t.to), "its lightest line", &mut a.notes);
                    }
                    _ => light(v.ink, "the verse", &mut a.notes),
                },
                BlockKind::Space(_) | BlockKind::Free(_) | BlockKind::OnPath(_) => {}
            }
        }
    }
    a
}

impl Accessibility {
    /// The report as `check` prints it, one line each.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![format!(
            "accessibility: tagged PDF, language `{}`; {} figure{}: {} with alt text made from their own words, {} written by the poet, {} without",
            self.language,
            self.figures,
            if self.figures == 1 { "" } else { "s" },
            self.figures - self.without_alt.len() - self.written_alt,
            self.written_alt,
            self.without_alt.len(),
        )];
        for w in &self.without_alt {
            out.push(format!("  figure without alt text (alt = \"\"): {w}; readers will hear nothing of it"));
        }
        for n in &self.notes {
            out.push(format!("  warning: {n}"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_follows_wcag() {
        assert!((contrast(1.0) - 21.0).abs() < 0.01);
        assert!((contrast(0.0) - 1.0).abs() < 0.01);
        assert!(contrast(0.3) < MIN_CONTRAST && contrast(0.62) > MIN_CONTRAST);
    }

    #[test]
    fn the_report_names_figures_without_alt_and_meaning_in_tint() {
        let dir = crate::test_support::project(
            "title = \"T\"\n",
            &[(
                "01-a.toml",
                "[[block]]\nkind = \"verse\"\ntint = { from = 0.2, to = 1.0 }\ntext = '''\na\nb\n'''\n\n[[block]]\nkind = \"art\"\nalt = \"\"\ntext = \"x -> y\"\n\n[[block]]\nkind = \"chart\"\nalt = \"Two words, counted\"\ntext = \"a ••• 3\\nb • 1\"\n",
            )],
        );
        let book = crate::spec::load(dir.path()).unwrap();
        let a = assess(&book);
        assert_eq!((a.language.as_str(), a.figures, a.written_alt), ("en", 2, 1));
        assert_eq!(a.without_alt, vec!["layout/01-a.toml:9".to_string()]);
        let text = a.lines().join("\n");
        assert!(text.contains("ramps from 0.20 to 1.00") && text.contains("too light"), "{text}");
    }
}
