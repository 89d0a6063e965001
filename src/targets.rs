//! Print services' rules in one table ([`all`]), each with where its numbers come
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
    /// The bindings the service sells, each with its page rules; the first is the one a
    /// book that names none gets.
    pub(crate) bindings: &'static [BindingRule],
    /// The trims the service prints.
    pub(crate) trims: Trims,
    /// Whether a bleed wider than [`Target::bleed`] is accepted (extra bleed is trimmed
    /// off); false where the service wants the page exactly trim plus its bleed.
    pub wider_bleed: bool,
    /// Thinnest line, points.
    pub min_line: f32,
    /// The service prints on the last page (a barcode), so it must be blank.
    pub last_page_blank: bool,
    /// What the service asks of a cover (`chapbook cover`).
    pub cover: CoverRules,
    /// The interior is printed in black and white: gray or K only, no colour or spot.
    pub black_and_white: bool,
}

/// A service's rules for covers (lengths in points), with their sources. The cover's
/// bleed is the service's [`Target::bleed`] on every side.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverRules {
    /// Paper thickness per interior page (half a leaf) by `[cover] paper` name; empty
    /// when the service publishes none (the poet gives `caliper`).
    pub papers: &'static [(&'static str, f32)],
    /// Added to pages × caliper for the spine (a cover board's allowance; 0 for most).
    pub spine_extra: f32,
    /// Spine text only on books of more pages than this.
    pub spine_text_over: usize,
    /// Least distance of spine text from each of the spine's folds.
    pub spine_margin: f32,
    /// Least distance from the trim of anything on the front and back.
    pub safe: f32,
    /// Least distance from a fold (the spine's, or a saddle cover's) of anything on the
    /// front and back.
    pub fold_safe: f32,
    /// Where the service wants the bar code, or the area it prints its own in.
    pub(crate) barcode: Option<BarcodeArea>,
    /// Where the numbers come from, and which could not be confirmed.
    pub source: &'static str,
}

/// The bar code's place: a `width × height` area in the back cover's lower corner at the
/// spine, `from_spine` from the spine fold (or a saddle cover's fold) and `from_foot`
/// above the foot trim.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct BarcodeArea {
    /// Width of the area.
    pub width: f32,
    /// Height of the area.
    pub height: f32,
    /// Distance from the fold at the spine.
    pub from_spine: f32,
    /// Distance above the foot trim.
    pub from_foot: f32,
}

/// KDP's paper per page (Amazon KDP Help, "Paperback cover calculator and templates":
/// white 0.002252 in, cream 0.0025 in, premium colour 0.002347 in per page).
const KDP_PAPERS: &[(&str, f32)] = &[("white", 0.002252 * IN), ("cream", 0.0025 * IN), ("color", 0.002347 * IN)];

/// An inch in points, for the tables below.
pub(crate) const IN: f32 = PT_PER_IN;

/// How far short of the service's bleed a bleed may fall and still pass: 0.2 mm, because
/// the services' own guides give 0.125 in and 3 mm as the same bleed (IngramSpark's File
/// Creation Guide writes “0.125” (3 mm)”), and 3 mm is 0.118 in, 0.175 mm short.
pub(crate) const BLEED_TOLERANCE: f32 = 0.2 * PT_PER_MM;

/// The pages one binding of a service takes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BindingRule {
    /// The binding.
    pub binding: Binding,
    /// Fewest pages.
    pub min_pages: usize,
    /// Most pages (`usize::MAX`: no limit chapbook knows).
    pub max_pages: usize,
    /// The page count must be a multiple of this.
    pub multiple: usize,
    /// Where the numbers come from, and what could not be confirmed.
    pub source: &'static str,
}

/// The trims a service prints (portrait, points).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Trims {
    /// Any trim in this range.
    Range {
        /// Least and most width.
        width: (f32, f32),
        /// Least and most height.
        height: (f32, f32),
        /// Where the range comes from.
        source: &'static str,
    },
    /// These trims, each matched within `paper::TOLERANCE` (half a millimetre).
    List {
        /// A name and the (width, height).
        sizes: &'static [(&'static str, f32, f32)],
        /// Where the list comes from, and what could not be confirmed.
        source: &'static str,
    },
    /// Whatever the press and the sheet allow.
    Any,
}

const fn trim_in(name: &'static str, w: f32, h: f32) -> (&'static str, f32, f32) {
    (name, w * IN, h * IN)
}

/// More pages than this make a saddle-stitched book bulge at the spine and creep badly; a
/// warning, not an error (thin paper goes further). Print shops put the practical limit of
/// saddle stitch at 48–72 pages of text paper: K&P Litho (knplitho.co.uk, “about 72
/// pages”), SAIC Service Bureau (“works best with between 8 and 60 pages”), NURO Print
/// (“8–48 pages on 100 lb”, “caps out at 48–64”); chapbook warns above 64.
pub(crate) const SADDLE_PRACTICAL_PAGES: usize = 64;

const KDP_TRIMS: &str = "Amazon KDP manufacturing specifications (as CreateSpace, createspace.com/Special/Enterprise/\
     Publisher/manufacturing_specifications.jsp, and KDP Help “Paperback trim size”)";

const LULU_SIZES: &[(&str, f32, f32)] = &[
    trim_in("Pocket Book", 4.25, 6.875),
    trim_in("Novella", 5.0, 8.0),
    trim_in("Digest", 5.5, 8.5),
    trim_in("A5", 5.83, 8.27),
    trim_in("US Trade", 6.0, 9.0),
    trim_in("Royal", 6.14, 9.21),
    trim_in("Comic Book", 6.625, 10.25),
    trim_in("Executive", 7.0, 10.0),
    trim_in("Crown Quarto", 7.44, 9.68),
    trim_in("Small Square", 7.5, 7.5),
    trim_in("Square", 8.5, 8.5),
    trim_in("A4", 8.27, 11.69),
    trim_in("US Letter", 8.5, 11.0),
    trim_in("Small Landscape", 9.0, 7.0),
    trim_in("US Letter Landscape", 11.0, 8.5),
    trim_in("A4 Landscape", 11.69, 8.27),
];

const INGRAM_SIZES: &[(&str, f32, f32)] = &[
    trim_in("4 × 6 in", 4.0, 6.0),
    trim_in("4 × 7 in", 4.0, 7.0),
    trim_in("4.25 × 7 in", 4.25, 7.0),
    trim_in("4.37 × 7 in", 4.37, 7.0),
    trim_in("5 × 7 in", 5.0, 7.0),
    trim_in("5 × 8 in", 5.0, 8.0),
    trim_in("5.06 × 7.81 in", 5.06, 7.81),
    trim_in("5.25 × 8 in", 5.25, 8.0),
    trim_in("5.5 × 8.25 in", 5.5, 8.25),
    trim_in("5.5 × 8.5 in", 5.5, 8.5),
    trim_in("A5", 5.83, 8.27),
    trim_in("6 × 9 in", 6.0, 9.0),
    trim_in("6.14 × 9.21 in", 6.14, 9.21),
    trim_in("6.69 × 9.61 in", 6.69, 9.61),
    trim_in("7 × 10 in", 7.0, 10.0),
    trim_in("7.44 × 9.69 in", 7.44, 9.69),
    trim_in("7.5 × 9.25 in", 7.5, 9.25),
    trim_in("8 × 8 in", 8.0, 8.0),
    trim_in("8 × 10 in", 8.0, 10.0),
    trim_in("8.25 × 11 in", 8.25, 11.0),
    trim_in("8.5 × 8.5 in", 8.5, 8.5),
    trim_in("8.5 × 11 in", 8.5, 11.0),
    trim_in("A4", 8.27, 11.69),
];

/// Every service chapbook knows, with its sources.
/// Every print service chapbook knows, for a program that lists them (`targets::find` looks
/// one up by name).
pub fn all() -> &'static [Target] {
    TARGETS
}

pub(crate) const TARGETS: &[Target] = &[
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
        bindings: &[BindingRule {
            binding: Binding::Perfect,
            min_pages: 18,
            max_pages: 1200,
            multiple: 2,
            source: "IngramSpark support (selfpublish.org IngramSpark Q&A): “a minimum page count requirement of 18 \
                     pages for all print titles regardless of the binding”; the 1,200-page maximum is not verified. \
                     IngramSpark ended saddle stitch on 28 February 2021 (its announcement, as reported by \
                     argylefoxpublishing.com: “perfect bound books have an 18-page minimum”), so it sells none",
        }],
        trims: Trims::List {
            sizes: INGRAM_SIZES,
            source: "IngramSpark's trim size list as the File Creation Guide gives it; not verified against the \
                     current list (IngramSpark adds and drops trims)",
        },
        wider_bleed: true,
        min_line: 0.25,
        last_page_blank: true,
        cover: CoverRules {
            papers: &[("white", 0.002252 * IN), ("cream", 0.0025 * IN), ("color", 0.002347 * IN)],
            spine_extra: 0.0,
            spine_text_over: 47,
            spine_margin: 0.0625 * IN,
            safe: 0.125 * IN,
            fold_safe: 0.125 * IN,
            barcode: Some(BarcodeArea {
                width: 2.0 * IN,
                height: 1.2 * IN,
                from_spine: 0.25 * IN,
                from_foot: 0.25 * IN,
            }),
            source: "not verified against a current IngramSpark guide: the papers' thickness (taken as KDP's, \
                     the same 444 pages an inch), spine text from 48 pages, 0.125 in safe zones and a 2 × 1.2 in \
                     bar-code area in the back's lower corner at the spine; IngramSpark's cover template generator \
                     gives the exact figures for a title",
        },
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
        bindings: &[
            BindingRule {
                binding: Binding::Perfect,
                min_pages: 32,
                max_pages: 800,
                multiple: 2,
                source: "Lulu Book Creation Guide: perfect binding from 32 pages; the 800-page maximum is not verified",
            },
            BindingRule {
                binding: Binding::Saddle,
                min_pages: 4,
                max_pages: 48,
                multiple: 4,
                source: "Lulu's product options (pricing calculator): saddle stitch 4 to 48 pages, in fours; \
                         not verified against a current guide",
            },
        ],
        trims: Trims::List {
            sizes: LULU_SIZES,
            source: "Lulu's book sizes (Book Creation Guide, pricing calculator); not verified which of them take \
                     saddle stitch",
        },
        wider_bleed: true,
        min_line: 0.25,
        last_page_blank: false,
        cover: CoverRules {
            papers: &[("white", IN / 444.0), ("cream", IN / 444.0), ("color", IN / 444.0)],
            spine_extra: 0.06 * IN,
            spine_text_over: 79,
            spine_margin: 0.0625 * IN,
            safe: 0.125 * IN,
            fold_safe: 0.125 * IN,
            barcode: Some(BarcodeArea {
                width: 3.625 * IN,
                height: 1.25 * IN,
                from_spine: 0.375 * IN,
                from_foot: 0.375 * IN,
            }),
            source: "Lulu help, \"Will Lulu add a barcode to my cover?\" (lulu.com/help/space_for_isbn): a 3.625 × 1.25 in \
                     area at the back's lower corner, the code at least 0.375 in from the spine and the foot; \
                     Lulu Connect: spine text from 80 pages. Not verified: the paperback spine formula \
                     pages / 444 + 0.06 in (Lulu's Spine Width Calculator PDF) and the 0.125 in safe zones",
        },
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
        bindings: &[BindingRule {
            binding: Binding::Perfect,
            min_pages: 24,
            max_pages: 828,
            multiple: 2,
            source: "KDP paperback (perfect bound; KDP sells no saddle stitch): at least 24 pages, at most 828 on \
                     white paper (776 on cream; 590 at 8.5 × 11 in), from CreateSpace's manufacturing \
                     specifications and the Book Bolt summary of KDP Help (bookbolt.kb.help); chapbook holds \
                     the white-paper maximum",
        }],
        trims: Trims::Range { width: (4.0 * IN, 8.5 * IN), height: (6.0 * IN, 11.69 * IN), source: KDP_TRIMS },
        wider_bleed: false,
        min_line: 0.25,
        last_page_blank: false,
        cover: CoverRules {
            papers: KDP_PAPERS,
            spine_extra: 0.0,
            spine_text_over: 79,
            spine_margin: 0.0625 * IN,
            safe: 0.125 * IN,
            fold_safe: 0.125 * IN,
            barcode: Some(BarcodeArea {
                width: 2.0 * IN,
                height: 1.2 * IN,
                from_spine: 0.25 * IN,
                from_foot: 0.25 * IN,
            }),
            source: "Amazon KDP Help, \"Create a Paperback Cover\" and its cover calculator: spine = pages × 0.002252 in \
                     (white), 0.0025 in (cream), 0.002347 in (colour); spine text only over 79 pages, 0.0625 in from \
                     each fold; text 0.125 in inside the trim; a 2 × 1.2 in area kept clear in the back's lower corner \
                     for the bar code KDP prints. Not verified: the area's 0.25 in from the spine and the foot \
                     (from KDP's templates as guides quote them)",
        },
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
        bindings: &[
            BindingRule {
                binding: Binding::Saddle,
                min_pages: 4,
                max_pages: usize::MAX,
                multiple: 4,
                source: "a folded sheet carries four pages; above 64 pages chapbook warns (SADDLE_PRACTICAL_PAGES)",
            },
            BindingRule {
                binding: Binding::Perfect,
                min_pages: 48,
                max_pages: usize::MAX,
                multiple: 4,
                source: "NURO Print (nuroprint.com booklet page count): perfect binding from 48 pages of 80 lb text, \
                         the least spine that glues; shops vary; folded in fours",
            },
        ],
        trims: Trims::Any,
        wider_bleed: true,
        min_line: 0.25,
        last_page_blank: false,
        cover: CoverRules {
            papers: &[],
            spine_extra: 0.0,
            spine_text_over: 0,
            spine_margin: 2.0 * PT_PER_MM,
            safe: 5.0 * PT_PER_MM,
            fold_safe: 5.0 * PT_PER_MM,
            barcode: Some(BarcodeArea {
                width: 50.0 * PT_PER_MM,
                height: 30.0 * PT_PER_MM,
                from_spine: 10.0 * PT_PER_MM,
                from_foot: 10.0 * PT_PER_MM,
            }),
            source: "common offset practice: the printer's paper caliper (give `caliper`), the safe zone as inside \
                     (5 mm), spine text 2 mm from the folds, the bar code at the back's foot near the spine \
                     (where EAN-13s on books usually sit; ask the printer)",
        },
        black_and_white: false,
    },
];

/// The target named `name` (case-insensitive), or an error with the known names and a
/// did-you-mean.
pub fn find(name: &str) -> Result<&'static Target, crate::Error> {
    lookup(name).map_err(crate::Error::from)
}

/// [`find`], the error as a sentence (the spec puts it at the line that names the service).
pub(crate) fn lookup(name: &str) -> Result<&'static Target, String> {
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

/// A listed trim in words: `Digest (5.5 × 8.5 in)`, or its name alone when that is the
/// size.
fn trim_words(name: &str, w: f32, h: f32) -> String {
    let n = |v: f32| format!("{}", (v / IN * 1000.0).round() / 1000.0);
    if name.ends_with(" in") { name.to_string() } else { format!("{name} ({} × {} in)", n(w), n(h)) }
}

/// Whom a rule's fix speaks to: the poet with a project (its TOML keys and flags), or the
/// maker of a PDF checked on its own, which has no project.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fixes {
    Project,
    File,
}

pub(crate) fn inch(pt: f32) -> String {
    format!("{} in", (pt / IN * 1000.0).round() / 1000.0)
}

impl Target {
    /// The page rules of `binding` (None: the service's first, its usual binding), or an
    /// error saying which bindings the service sells.
    pub(crate) fn binding_rule(&self, binding: Option<Binding>) -> Result<&BindingRule, String> {
        let Some(b) = binding else { return Ok(&self.bindings[0]) };
        self.bindings.iter().find(|r| r.binding == b).ok_or_else(|| {
            self.no_such_binding(b, &format!("set `[print] binding = \"{}\"`", self.bindings[0].binding.name()))
        })
    }

    /// The service does not sell binding `b`: which it sells, `fix`, and the services that do.
    fn no_such_binding(&self, b: Binding, fix: &str) -> String {
        let sells: Vec<&str> = self.bindings.iter().map(|r| r.binding.name()).collect();
        let others: Vec<&str> =
            TARGETS.iter().filter(|t| t.bindings.iter().any(|r| r.binding == b)).map(|t| t.name).collect();
        format!(
            "binding: {} sells no {} binding (it binds {} only): {fix}{}",
            self.name,
            b.name(),
            sells.join(" and "),
            if others.is_empty() {
                String::new()
            } else {
                format!(", or choose a target that does ({})", others.join(", "))
            }
        )
    }

    /// The page count against `binding`'s rules: every rule broken, as sentences.
    pub fn check_page_count(&self, pages: usize, binding: Option<Binding>) -> Vec<String> {
        self.page_count(pages, binding, Fixes::Project)
    }

    /// [`Target::check_page_count`] for a PDF checked on its own (`check --pdf`): the fixes
    /// speak to whoever makes the file, not of a project's settings.
    pub(crate) fn check_page_count_of_file(&self, pages: usize, binding: Option<Binding>) -> Vec<String> {
        self.page_count(pages, binding, Fixes::File)
    }

    fn page_count(&self, pages: usize, binding: Option<Binding>, fixes: Fixes) -> Vec<String> {
        let rule = match (self.binding_rule(binding), fixes) {
            (Ok(r), _) => r,
            (Err(e), Fixes::Project) => return vec![e],
            (Err(_), Fixes::File) => {
                // The binding came from `--binding`: the fix is that flag, not book.toml.
                let fix = format!("check the file with `--binding {}`", self.bindings[0].binding.name());
                return vec![self.no_such_binding(binding.unwrap_or(self.bindings[0].binding), &fix)];
            }
        };
        let (name, b) = (self.name, rule.binding.name());
        let mut out = Vec::new();
        if pages < rule.min_pages {
            out.push(format!(
                "page count: the book has {pages} page{}; {name} needs at least {} for {b} binding: add pages (or choose another target or binding)",
                if pages == 1 { "" } else { "s" },
                rule.min_pages
            ));
        }
        if pages > rule.max_pages {
            out.push(format!(
                "page count: the book has {pages} pages; {name} binds at most {} with {b} binding: split the book or choose another binding",
                rule.max_pages
            ));
        }
        if !pages.is_multiple_of(rule.multiple) {
            let fix = match fixes {
                Fixes::Project => format!("set `[print] pad_to = {}`", rule.multiple.max(2)),
                Fixes::File => {
                    format!("end the file with blank pages to make {} pages", pages.next_multiple_of(rule.multiple))
                }
            };
            out.push(format!(
                "page count: {pages} page{} is not a multiple of {}, as {name} needs for {b} binding: {fix}",
                if pages == 1 { "" } else { "s" },
                rule.multiple,
            ));
        }
        out
    }

    /// The trims the service prints, `(name, width, height)` in points: its list, or, for
    /// a service that prints a range of sizes (or any), the trim presets
    /// ([`crate::paper::trims`]) it takes.
    pub fn trims_printed(&self) -> Vec<(String, f32, f32)> {
        match &self.trims {
            Trims::List { sizes, .. } => sizes.iter().map(|&(n, w, h)| (n.to_string(), w, h)).collect(),
            _ => crate::paper::trims()
                .map(|p| (p.name.to_string(), p.size().0, p.size().1))
                .filter(|&(_, w, h)| self.check_trim((w, h)).is_none())
                .collect(),
        }
    }

    /// Whether the service prints a trim of `size` points (portrait or as given); the
    /// sentence naming what it prints when not.
    pub fn check_trim(&self, (w, h): (f32, f32)) -> Option<String> {
        let tol = crate::paper::TOLERANCE;
        let named = crate::paper::by_size(w, h).map(|(p, _)| format!(" ({})", p.words)).unwrap_or_default();
        let size = format!("{:.1} × {:.1} mm{named}", w / PT_PER_MM, h / PT_PER_MM);
        match &self.trims {
            Trims::Any => None,
            Trims::Range { width, height, .. } => {
                let inside = w >= width.0 - tol && w <= width.1 + tol && h >= height.0 - tol && h <= height.1 + tol;
                (!inside).then(|| {
                    format!(
                        "trim: {size} is not a trim {} prints: it prints any width from {} to {} and any height from {} to {}",
                        self.name,
                        inch(width.0),
                        inch(width.1),
                        inch(height.0),
                        inch(height.1)
                    )
                })
            }
            Trims::List { sizes, .. } => {
                let listed = sizes.iter().any(|&(_, sw, sh)| (w - sw).abs() <= tol && (h - sh).abs() <= tol);
                (!listed).then(|| {
                    let names: Vec<String> = sizes.iter().map(|(n, sw, sh)| trim_words(n, *sw, *sh)).collect();
                    format!("trim: {size} is not a trim {} prints: it prints {}", self.name, names.join(", "))
                })
            }
        }
    }

    /// Whether a bleed of `bleed` points on a side passes: at least the service's, less
    /// `BLEED_TOLERANCE`; more only where the service takes a wider bleed.
    pub fn bleed_ok(&self, bleed: f32) -> bool {
        bleed >= self.bleed - BLEED_TOLERANCE && (self.wider_bleed || bleed <= self.bleed + 0.05)
    }

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
        for r in self.bindings {
            let most = if r.max_pages == usize::MAX { String::new() } else { format!(", at most {}", r.max_pages) };
            row(
                &format!("{} pages", r.binding.name()),
                format!("at least {}{most}, a multiple of {} ({})", r.min_pages, r.multiple, r.source),
            );
        }
        for b in Binding::ALL {
            if !self.bindings.iter().any(|r| r.binding == b) {
                row(&format!("{} pages", b.name()), "not sold".into());
            }
        }
        row(
            "trims",
            match &self.trims {
                Trims::Any => "any".into(),
                Trims::Range { width, height, source } => format!(
                    "width {} to {}, height {} to {} ({source})",
                    inch(width.0),
                    inch(width.1),
                    inch(height.0),
                    inch(height.1)
                ),
                Trims::List { sizes, source } => {
                    let names: Vec<String> = sizes.iter().map(|(n, w, h)| trim_words(n, *w, *h)).collect();
                    format!("{} ({source})", names.join(", "))
                }
            },
        );
        row(
            "bleed width",
            if self.wider_bleed {
                format!("at least {} less {} (wider is trimmed off)", mm(self.bleed), mm(BLEED_TOLERANCE))
            } else {
                format!("exactly {} (the page must be trim plus this)", inch(self.bleed))
            },
        );
        row("lines", format!("at least {} pt", self.min_line));
        if self.last_page_blank {
            row("last page", "blank (the service prints a barcode there)".into());
        }
        let c = &self.cover;
        let papers: Vec<String> = c.papers.iter().map(|(n, t)| format!("{n} {} in", t / IN)).collect();
        row(
            "cover spine",
            format!(
                "pages × {}{}; text over {} pages, {} from each fold",
                if papers.is_empty() {
                    "the paper's caliper per page (give `caliper`)".into()
                } else {
                    papers.join(", ")
                },
                if c.spine_extra > 0.0 { format!(" + {}", inch(c.spine_extra)) } else { String::new() },
                c.spine_text_over,
                inch(c.spine_margin)
            ),
        );
        row("cover safe", format!("{} from the trim, {} from a fold", inch(c.safe), inch(c.fold_safe)));
        if let Some(b) = c.barcode {
            row(
                "cover barcode",
                format!(
                    "{} × {} in the back's lower corner, {} from the spine, {} above the foot",
                    inch(b.width),
                    inch(b.height),
                    inch(b.from_spine),
                    inch(b.from_foot)
                ),
            );
        }
        let _ = writeln!(s, "  source        {}", self.source);
        let _ = writeln!(s, "  cover source  {}", c.source);
        s
    }
}

impl CoverRules {
    /// The thickness per page of the paper named `paper` (`white`, `cream`, `color`), or
    /// an error naming the papers the service lists.
    pub fn paper(&self, service: &str, paper: &str) -> Result<f32, String> {
        if let Some((_, t)) = self.papers.iter().find(|(n, _)| *n == paper) {
            return Ok(*t);
        }
        if self.papers.is_empty() {
            return Err(format!(
                "{service} publishes no paper thickness: give `caliper` in [cover], the thickness of one leaf as the printer quotes it (e.g. \"0.1mm\")"
            ));
        }
        let names: Vec<&str> = self.papers.iter().map(|p| p.0).collect();
        Err(format!("{service} has no paper `{paper}`: use {}", names.join(", ")))
    }

    /// The spine's width for `pages` interior pages of `per_page` thickness.
    pub fn spine(&self, pages: usize, per_page: f32) -> f32 {
        pages as f32 * per_page + self.spine_extra
    }
}

/// How the leaves of a book are held together: the rules of a service (page counts,
/// trims) and the cover's shape (a wrap with a spine or not) depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
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
