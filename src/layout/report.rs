//! What pagination decided, page by page, and what fitting the measure cost: the facts
//! `chapbook check` tabulates for each page size and the tests hold to the book's rules
//! (poem opening on a recto, odd folios on rectos, no heading last on its page, no folio
//! on a blank page, page labels equal to the folios).

/// What a page is in the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageRole {
    /// The title page.
    Title,
    /// The back of the title page carrying the colophon (and the contents, when they fit).
    TitleVerso,
    /// The contents.
    Contents,
    /// A page of a section.
    Text,
    /// Left blank (a section opening on a recto).
    Blank,
    /// The colophon on a page of its own.
    Colophon,
}

/// Something placed on a text page, top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placed {
    /// The section's numeral and title.
    Heading,
    /// Block `number` (1-based) of the section, or the part of it on this page.
    Block {
        /// 1-based number of the block in its section.
        number: usize,
        /// Its kind (`verse`, `art`, `chart`, `space`).
        kind: &'static str,
    },
}

/// One page of the book.
#[derive(Debug, Clone, PartialEq)]
pub struct PageInfo {
    /// What the page is.
    pub role: PageRole,
    /// The page number printed at its foot.
    pub folio: Option<u32>,
    /// The label a PDF viewer shows for the page.
    pub label: String,
    /// The section (index into the book's) a text page belongs to.
    pub section: Option<usize>,
    /// What is on it, top to bottom.
    pub placed: Vec<Placed>,
}

impl PageInfo {
    /// Even indices (0-based) are right-hand pages.
    pub fn is_recto(index: usize) -> bool {
        index.is_multiple_of(2)
    }
}

/// A block that was set other than as written to fit the measure or the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The section's name (`II “Context Window”`) and the block's 1-based number.
    pub section: String,
    /// The block (1-based) in its section.
    pub block: usize,
    /// What was done to it.
    pub change: Change,
}

impl Fit {
    /// `II “Context Window”, block 1: 10.5pt → 9.6pt (92 %)`.
    fn sizes(&self, from: f32, to: f32) -> String {
        format!("{}, block {}: {:.1}pt → {:.1}pt ({:.0} %)", self.section, self.block, from, to, to / from * 100.0)
    }

    /// `II “Context Window”, block 1: 10.5pt → 9.6pt (92 %)`, or `… : 3 lines` turned over.
    pub fn describe(&self) -> String {
        match self.change {
            Change::Shrunk { from, to } => self.sizes(from, to),
            Change::ArtScaled { from, to, narrowed, under_floor } => {
                let mut s = self.sizes(from, to);
                match under_floor {
                    Some(floor) => {
                        s += &format!(
                            ", under the {floor:.1}pt floor for labels: even with its line-only columns and rows \
                         at their narrowest the drawing does not fit (narrow or shorten the drawing, or give \
                         this page size its own `size` in `[[size.NAME.block]]`)"
                        )
                    }
                    None if narrowed => {
                        s += ", its line-only columns and rows narrowed so its labels keep max(8pt, 0.9 × body)"
                    }
                    None => {}
                }
                s
            }
            Change::Turnovers(n) => {
                format!("{}, block {}: {n} line{}", self.section, self.block, if n == 1 { "" } else { "s" })
            }
        }
    }

    /// What was done, in a few words: `verse shrunk`, `art scaled`, `turned over`.
    pub fn what(&self) -> &'static str {
        match self.change {
            Change::Shrunk { .. } => "verse shrunk",
            Change::ArtScaled { .. } => "art scaled",
            Change::Turnovers(_) => "turned over",
        }
    }
}

/// What fitting the measure did to a block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    /// Verse set smaller so its longest line fits: sizes in points.
    Shrunk {
        /// The size asked for.
        from: f32,
        /// The size set.
        to: f32,
    },
    /// A diagram's text set below the block's size to fit the width or the page.
    ArtScaled {
        /// The size asked for.
        from: f32,
        /// The size set.
        to: f32,
        /// Its line-only columns narrowed, or its line-only rows lowered, so the labels
        /// could keep their size (docs/book-conventions.md, "Drawings by their ink").
        narrowed: bool,
        /// The label floor (max(8pt, 0.9 × body)) the text went under, when even with its
        /// line-only columns and rows at their narrowest the drawing did not fit.
        under_floor: Option<f32>,
    },
    /// Lines turned over onto indented continuation lines.
    Turnovers(usize),
}

/// The pages in order with what is on them, and every fitting change.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LayoutReport {
    /// Every page.
    pub(crate) pages: Vec<PageInfo>,
    /// Every block that had to change to fit.
    pub fits: Vec<Fit>,
    /// What gave way at this page size so the type could keep its size (the margins), in
    /// words; empty when nothing did.
    pub gave_way: Vec<String>,
    /// The blank pages added so that poems of two pages open on a verso, in words.
    pub spreads: Vec<String>,
}

impl LayoutReport {
    /// Blank pages: those that open sections on rectos, the blank title verso, padding.
    pub fn blanks(&self) -> usize {
        self.pages.iter().filter(|p| p.role == PageRole::Blank).count()
    }

    /// The book's conventions this layout breaks, in words (empty: none).
    pub fn broken_rules(&self) -> Vec<String> {
        let mut out = Vec::new();
        let first_text = self.pages.iter().position(|p| p.role == PageRole::Text);
        if let Some(i) = first_text.filter(|i| !PageInfo::is_recto(*i)) {
            out.push(format!("the poem opens on page {}, a left-hand page", i + 1));
        }
        for (i, p) in self.pages.iter().enumerate() {
            if let Some(f) = p.folio {
                if f % 2 == 1 && !PageInfo::is_recto(i) {
                    out.push(format!("folio {f} is on a left-hand page (page {})", i + 1));
                }
                if p.label != f.to_string() {
                    out.push(format!("page {} prints folio {f} but is labelled “{}”", i + 1, p.label));
                }
            }
            if p.role == PageRole::Blank && p.folio.is_some() {
                out.push(format!("blank page {} carries a folio", i + 1));
            }
            // A heading with nothing under it is stranded when its section goes on over
            // the page (a section of a heading alone is a part title, and allowed).
            if let Some(Placed::Heading) = p.placed.last()
                && self.pages.get(i + 1).is_some_and(|n| n.role == PageRole::Text && n.section == p.section)
            {
                out.push(format!("a heading is the last thing on page {}", i + 1));
            }
        }
        out
    }
}

/// Lower-case roman numerals for the front matter's labels.
pub(crate) use crate::display::lower_roman as roman;

#[cfg(test)]
mod tests {
    use super::*;

    fn page(role: PageRole, folio: Option<u32>, label: &str) -> PageInfo {
        PageInfo { role, folio, label: label.into(), section: None, placed: Vec::new() }
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(1), "i");
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(14), "xiv");
    }

    #[test]
    fn broken_rules_are_named() {
        let good = LayoutReport {
            pages: vec![
                page(PageRole::Title, None, "i"),
                page(PageRole::Blank, None, "ii"),
                page(PageRole::Text, Some(1), "1"),
                page(PageRole::Colophon, None, "colophon"),
            ],
            fits: Vec::new(),
            gave_way: Vec::new(),
            spreads: Vec::new(),
        };
        assert!(good.broken_rules().is_empty(), "{:?}", good.broken_rules());
        let mut bad = good.clone();
        bad.pages.remove(1);
        bad.pages[1].label = "2".into();
        let rules = bad.broken_rules();
        assert_eq!(rules.len(), 3, "{rules:?}");
        assert!(rules[0].contains("opens on page 2"));
        // A heading alone at the foot of a page whose section goes on.
        let mut stranded = good.clone();
        stranded.pages[2].placed = vec![Placed::Block { number: 1, kind: "verse" }, Placed::Heading];
        stranded.pages[2].section = Some(0);
        let mut next = page(PageRole::Text, None, "blank");
        next.section = Some(0);
        stranded.pages.insert(3, next.clone());
        assert!(stranded.broken_rules().iter().any(|r| r.contains("heading is the last thing on page 3")));
        next.section = Some(1);
        stranded.pages[3] = next;
        assert!(!stranded.broken_rules().iter().any(|r| r.contains("heading")));
    }
}
