//! Print services' rules in one table ([`TARGETS`]), each with where its numbers come
//! from: plain data that every stage may read (spec resolves `target = "kdp"` here,
//! layout and imposition follow it, preflight checks books and PDFs against it).
//!
//! This module knows no stage above it: the checks that hold a laid-out book or a PDF
//! to these rules live in `preflight` (`chapbook check --target NAME`), and
//! `chapbook check --target NAME --rules` prints [`Target::describe`].

use std::fmt::Write;

use crate::units::{PT_PER_IN, PT_PER_MM};

/// The rules of one print service (lengths in points).
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// The name `--target` takes (`ingramspark` …).
    pub name: &'static str,
    /// Where the numbers come from.
    pub source: &'static str,
    /// The bleed the service wants.
    pub bleed: f32,
    /// Bleed on the spine edge too; without it the page is trim + one bleed wide.
    pub spine_bleed: bool,
    /// Crop marks wanted (`Some(true)`), refused (`Some(false)`).
    pub marks: bool,
    /// Bookmarks and annotations accepted.
    pub bookmarks: bool,
    /// PDF/X-1a wanted.
    pub pdfx: bool,
    /// Least distance from the trim of anything printed, on head, foot and fore-edge,
    /// without and with bleed.
    pub safe: f32,
    /// The same with bleed.
    pub safe_with_bleed: f32,
    /// Least gutter (inside) distance by page count: `(up to pages, points)`; empty means
    /// the same as `safe`.
    pub gutter: &'static [(usize, f32)],
    /// Fewest pages the service binds.
    pub min_pages: usize,
    /// The page count must be a multiple of this.
    pub page_multiple: usize,
    /// Thinnest line, points.
    pub min_line: f32,
    /// The service prints on the last page (a barcode), so it must be blank.
    pub last_page_blank: bool,
    /// The interior is printed in black and white: gray or K only, no colour or spot.
    pub black_and_white: bool,
}

/// An inch in points, for the tables below.
pub(crate) const IN: f32 = PT_PER_IN;

/// Every service chapbook knows, with its sources.
pub const TARGETS: &[Target] = &[
    Target {
        name: "ingramspark",
        source: "IngramSpark, \"File Requirements for Print Books\" (ingramspark.com/blog/file-requirements-for-print-books) \
                 and File Creation Guide: 0.125 in bleed, no crop or printer marks, margins 0.5 in from trim on all sides \
                 including page numbers, the final page blank (they print a barcode there)",
        bleed: 0.125 * IN,
        spine_bleed: true,
        marks: false,
        bookmarks: true,
        pdfx: false,
        safe: 0.5 * IN,
        safe_with_bleed: 0.5 * IN,
        gutter: &[],
        min_pages: 18,
        page_multiple: 2,
        min_line: 0.25,
        last_page_blank: true,
        black_and_white: true,
    },
    Target {
        name: "lulu",
        source: "Lulu Book Creation Guide and help.lulu.com \"Tips for Formatting Documents\": 0.125 in bleed on every side, \
                 no crop or registration marks, at least 0.5 in margins on all pages, perfect binding from 32 pages",
        bleed: 0.125 * IN,
        spine_bleed: true,
        marks: false,
        bookmarks: true,
        pdfx: false,
        safe: 0.5 * IN,
        safe_with_bleed: 0.5 * IN,
        gutter: &[],
        min_pages: 32,
        page_multiple: 2,
        min_line: 0.25,
        last_page_blank: false,
        black_and_white: true,
    },
    Target {
        name: "kdp",
        source: "Amazon KDP Help, \"Set Trim Size, Bleed, and Margins\" (kdp.amazon.com/help/topic/GVBQ3CMEQW3W2VL6): \
                 bleed 0.125 in on top, bottom and outside edge only, outside margins 0.25 in (0.375 in with bleed), \
                 gutter 0.375 in to 150 pages, 0.5 in to 300, 0.625 in to 500, 0.75 in to 700, 0.875 in beyond; \
                 24 pages at least; no crop marks, bookmarks or annotations",
        bleed: 0.125 * IN,
        spine_bleed: false,
        marks: false,
        bookmarks: false,
        pdfx: false,
        safe: 0.25 * IN,
        safe_with_bleed: 0.375 * IN,
        gutter: &[(150, 0.375 * IN), (300, 0.5 * IN), (500, 0.625 * IN), (700, 0.75 * IN), (usize::MAX, 0.875 * IN)],
        min_pages: 24,
        page_multiple: 2,
        min_line: 0.25,
        last_page_blank: false,
        black_and_white: true,
    },
    Target {
        name: "offset",
        source: "common offset practice (ISO 12647-2 / PSO workflows, and the PDF/X-1a:2001 exchange the shops ask for): \
                 3 mm bleed, crop marks outside the bleed, 5 mm safe zone, pages in multiples of 4 for folding",
        bleed: 3.0 * PT_PER_MM,
        spine_bleed: true,
        marks: true,
        bookmarks: true,
        pdfx: true,
        safe: 5.0 * PT_PER_MM,
        safe_with_bleed: 5.0 * PT_PER_MM,
        gutter: &[],
        min_pages: 4,
        page_multiple: 4,
        min_line: 0.25,
        last_page_blank: false,
        black_and_white: false,
    },
];

/// The target named `name` (case-insensitive), or an error with the known names and a
/// did-you-mean.
pub fn find(name: &str) -> Result<&'static Target, String> {
    let key = name.trim().to_ascii_lowercase();
    if let Some(t) = TARGETS.iter().find(|t| t.name == key) {
        return Ok(t);
    }
    let names: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
    let close = names
        .iter()
        .min_by_key(|n| crate::intents::edit_distance(&key, n))
        .filter(|n| crate::intents::edit_distance(&key, n) <= 2.max(n.len() / 3) || key.contains(**n));
    Err(format!(
        "unknown print target `{name}`{}: use {}",
        close.map(|c| format!(" (did you mean `{c}`?)")).unwrap_or_default(),
        names.join(", ")
    ))
}

pub(crate) fn mm(pt: f32) -> String {
    format!("{:.1} mm", pt / PT_PER_MM)
}

/// Half a millimetre in points: raising a margin is suggested in steps of it.
pub(crate) const MM_HALF: f32 = 0.5 * PT_PER_MM;

pub(crate) fn inch(pt: f32) -> String {
    format!("{} in", (pt / IN * 1000.0).round() / 1000.0)
}

impl Target {
    /// The gutter needed by a book of `pages` pages.
    pub fn gutter_for(&self, pages: usize, bleed: bool) -> f32 {
        self.gutter.iter().find(|g| pages <= g.0).map_or(self.safe_for(bleed), |g| g.1)
    }

    /// The safe distance, with or without bleed.
    pub fn safe_for(&self, bleed: bool) -> f32 {
        if bleed { self.safe_with_bleed } else { self.safe }
    }

    /// The rules, one per line, for `check --target NAME --rules`.
    pub fn describe(&self) -> String {
        let mut s = format!("{} — rules chapbook applies\n", self.name);
        let mut row = |k: &str, v: String| {
            let _ = writeln!(s, "  {k:<14}{v}");
        };
        row(
            "bleed",
            format!(
                "{} ({}) {}",
                inch(self.bleed),
                mm(self.bleed),
                if self.spine_bleed {
                    "on every side"
                } else {
                    "on head, foot and fore-edge only: the page is trim + one bleed wide"
                }
            ),
        );
        row("crop marks", if self.marks { "added outside the bleed".into() } else { "none accepted".into() });
        row(
            "bookmarks",
            if self.bookmarks { "kept".into() } else { "none accepted (left out), no annotations".into() },
        );
        row("PDF/X-1a", if self.pdfx { "written".into() } else { "not required".into() });
        row("interior", if self.black_and_white { "black and white: gray or K only".into() } else { "any ink".into() });
        row(
            "safe zone",
            if self.safe == self.safe_with_bleed {
                format!("{} ({}) from head, foot and fore-edge, folios included", inch(self.safe), mm(self.safe))
            } else {
                format!(
                    "{} ({}) from head, foot and fore-edge, {} with bleed, folios included",
                    inch(self.safe),
                    mm(self.safe),
                    inch(self.safe_with_bleed)
                )
            },
        );
        if self.gutter.is_empty() {
            row("gutter", format!("as the safe zone, {}", inch(self.safe)));
        } else {
            let parts: Vec<String> =
                self.gutter
                    .iter()
                    .map(|&(p, g)| {
                        if p == usize::MAX {
                            format!("{} beyond", inch(g))
                        } else {
                            format!("{} to {p} pages", inch(g))
                        }
                    })
                    .collect();
            row("gutter", parts.join(", "));
        }
        row("pages", format!("at least {}, a multiple of {}", self.min_pages, self.page_multiple));
        row("lines", format!("at least {} pt", self.min_line));
        if self.last_page_blank {
            row("last page", "blank (the service prints a barcode there)".into());
        }
        let _ = writeln!(s, "  source        {}", self.source);
        s
    }
}

/// How the leaves of a book are held together: the rules of a service (page counts,
/// trims) and the cover's shape (a wrap with a spine or not) depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Binding {
    /// Folded sheets stapled through the fold: pages in multiples of 4, no spine.
    Saddle,
    /// Leaves glued into a cover with a spine as thick as the book.
    Perfect,
}

impl Binding {
    /// Every binding, in the order messages list them.
    pub const ALL: [Binding; 2] = [Binding::Saddle, Binding::Perfect];

    /// The name the spec and the command line use (`saddle`, `perfect`).
    pub fn name(self) -> &'static str {
        match self {
            Binding::Saddle => "saddle",
            Binding::Perfect => "perfect",
        }
    }

    /// The binding named `name` (case-insensitive; `saddle-stitch` and `perfect-bound`
    /// too), or an error listing the names.
    pub fn parse(name: &str) -> Result<Binding, String> {
        match name.trim().to_ascii_lowercase().as_str() {
            "saddle" | "saddle-stitch" | "saddle-stitched" => Ok(Binding::Saddle),
            "perfect" | "perfect-bound" | "perfect-binding" => Ok(Binding::Perfect),
            _ => Err(format!("unknown binding `{name}`: use `saddle` or `perfect`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_parse_by_name_and_refuse_others() {
        for b in Binding::ALL {
            assert_eq!(Binding::parse(b.name()), Ok(b));
        }
        assert_eq!(Binding::parse(" Saddle-Stitch "), Ok(Binding::Saddle));
        assert!(Binding::parse("spiral").unwrap_err().contains("`saddle` or `perfect`"));
    }
}
