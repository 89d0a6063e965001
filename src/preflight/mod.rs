//! The `preflight` stage: read any PDF file and report what a printer cares about —
//! page boxes, fonts, stroke widths, colour spaces, PDF/X claims — and which rules it
//! breaks. It reads PDFs with `lopdf` and never writes one; it knows nothing of how
//! chapbook made the file, so it checks other people's PDFs just as well.
//!
//! [`inspect`] gathers the facts into a [`Report`]; the rule checks live beside the
//! facts they need: `boxes` (TrimBox/BleedBox), `fonts` (embedding), `content`
//! (content streams: strokes, colour, images, ink at the trim; helped by `colour`,
//! `inline`, `images`, `trim_ink`), `pdfx` (PDF/X-1a:2001 keys, output profiles,
//! annotations, and transparency for every print target), `imposed` (printer's
//! sheets), `targets` (a service's rules); `report` renders the result as a table or
//! JSON. A [`Problem`] is an error (the check fails) or a warning.

mod boxes;
mod colour;
mod content;
mod cover;
mod fonts;
mod images;
mod imposed;
mod inline;
mod pdfx;
mod report;
pub(crate) mod targets;
mod trim_ink;

use std::fmt;

use lopdf::{Dictionary, Document, Object, ObjectId};

/// What to check beyond the facts that are always gathered.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Rules {
    /// Also check the PDF/X-1a:2001 rules (version, Info keys, output intent, file ID,
    /// no transparency, no encryption).
    pub pdfx: bool,
    /// Thinnest acceptable stroke, in points (after the current transformation).
    pub min_stroke: f32,
    /// Trim size (width, height) in points every page must have, ±0.05 pt.
    pub expected_trim: Option<(f32, f32)>,
    /// A print service's rules ([`crate::targets::all`]).
    pub target: Option<&'static crate::targets::Target>,
    /// The book's binding, for the target's page rules (None: the service's usual one).
    pub binding: Option<crate::targets::Binding>,
    /// Set by [`inspect`] for a file it recognises as a cover: a black-and-white
    /// service prints its covers in colour, so the interior's colour rule is not applied.
    pub(crate) cover: bool,
}

impl Rules {
    /// These options with `change` made: `Rules::default().with(|o| …)`, the way to set
    /// fields from outside the crate (the struct is `#[non_exhaustive]`: new options may
    /// come without breaking callers).
    pub fn with(mut self, change: impl FnOnce(&mut Self)) -> Self {
        change(&mut self);
        self
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules { pdfx: false, min_stroke: 0.25, expected_trim: None, target: None, binding: None, cover: false }
    }
}

/// One font the pages use (each font dictionary once).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FontInfo {
    /// `/BaseFont` (with its subset tag, if any); `Type3` fonts may have none.
    pub name: String,
    /// A font program is in the file (FontFile/2/3 in the descriptor, or a Type3 font).
    pub embedded: bool,
    /// The name carries a six-capital subset tag (`ABCDEF+Name`).
    pub subset: bool,
    /// The font has a `/ToUnicode` map, so text can be copied and searched.
    pub to_unicode: bool,
}

/// One broken rule: a short stable id and a sentence for people.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// E.g. `trimbox-missing`, `font-not-embedded`, `rgb`, `thin-stroke`, `pdfx-info`.
    pub rule: String,
    /// What is wrong, for people.
    pub detail: String,
    /// An error fails the check; a warning is legal but probably unintended.
    pub severity: Severity,
}

// How much a broken rule matters is the diagnostics' own scale: an error means the file
// would be refused or print wrong (the check fails); a warning, legal but probably not
// what was meant (a 200 ppi image, ink stopping at the trim): reported, and the check
// still passes.
pub(crate) use crate::diag::Severity;

impl Problem {
    /// It fails the check.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Print-relevant facts about one PDF and the rules it breaks.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// PDF version in force: the header's, or the catalog's `/Version` when later.
    pub version: String,
    /// Page count.
    pub pages: usize,
    /// TrimBox size (width, height) in points, when every page has one and all agree.
    pub trim: Option<(f32, f32)>,
    /// Distance from TrimBox to BleedBox in points, when the same on every side of
    /// every page.
    pub bleed: Option<f32>,
    /// Every font the file uses.
    pub(crate) fonts: Vec<FontInfo>,
    /// Thinnest stroke painted, in points; `None` when nothing is stroked.
    pub thinnest_stroke: Option<f32>,
    /// Colour space families used (sorted), e.g. `["DeviceGray"]`.
    pub colour_spaces: Vec<String>,
    /// Info `/GTS_PDFXVersion`, if present.
    pub pdfx: Option<String>,
    /// Entries in the catalog's `/OutputIntents`.
    pub output_intents: usize,
    /// Set when the file holds imposed sheets (recognised by page labels such as `8|1`);
    /// outside the crate, [`Report::recognised`].
    pub(crate) imposed: Option<imposed::Imposition>,
    /// Set when the file is a cover (page labels `cover …`, as `chapbook cover` writes).
    pub(crate) cover: Option<cover::Cover>,
    /// The rules it breaks.
    pub problems: Vec<Problem>,
}

use cover::Cover;

/// What kind of file [`inspect`] found, by its page labels: one kind at a time.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Recognised {
    /// Pages of a book, or a file whose labels say nothing.
    Pages,
    /// Imposed sheets: page labels such as `8|1` (`build --impose` writes them).
    Imposed {
        /// Per sheet side, the 1-based pages left and right.
        sides: Vec<(usize, usize)>,
        /// Pages of the book.
        pages: usize,
        /// Sheets per signature the order matches (the sheet count for a saddle
        /// booklet), or `None` when it matches none.
        sheets_per_signature: Option<usize>,
    },
    /// A cover: page labels `cover …`, as `chapbook cover` writes them.
    Cover {
        /// One wrap with a spine (perfect binding), or outside and inside spreads (saddle).
        perfect: bool,
        /// The book's page count, when the labels give it.
        pages: Option<usize>,
        /// The spine's width in points, when the book's trim is known.
        spine: Option<f32>,
    },
}

impl Report {
    /// What kind of file this is: book pages, imposed sheets or a cover.
    pub fn recognised(&self) -> Recognised {
        match (&self.imposed, &self.cover) {
            (Some(i), _) => Recognised::Imposed {
                sides: i.sides.clone(),
                pages: i.pages,
                sheets_per_signature: i.sheets_per_signature,
            },
            (None, Some(c)) => Recognised::Cover { perfect: c.perfect, pages: c.pages, spine: c.spine },
            (None, None) => Recognised::Pages,
        }
    }
}

/// Why a file could not be inspected at all.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub(crate) enum PreflightError {
    /// No `%PDF-` header near the start.
    NotPdf,
    /// Encrypted with a user password, so nothing inside can be read.
    Encrypted,
    /// The reader gave up.
    Parse(String),
}

impl From<PreflightError> for crate::Error {
    /// One diagnostic, its message what the error's `Display` says.
    fn from(e: PreflightError) -> Self {
        crate::diag::Diagnostic::error(e.to_string()).into()
    }
}

impl fmt::Display for PreflightError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PreflightError::NotPdf => write!(f, "not a PDF (no %PDF- header)"),
            PreflightError::Encrypted => {
                write!(f, "the PDF is encrypted with a password, so it cannot be read")
            }
            PreflightError::Parse(why) => write!(f, "cannot parse the PDF: {why}"),
        }
    }
}

impl std::error::Error for PreflightError {}

/// Largest size one content stream may inflate to; guards against decompression bombs.
const MAX_STREAM: usize = 256 << 20;

/// Read `bytes` as a PDF and check it against `rules`.
pub fn inspect(bytes: &[u8], rules: &Rules) -> Result<Report, crate::Error> {
    inspect_pdf(bytes, rules).map_err(crate::Error::from)
}

/// [`inspect`], with preflight's own error (the command tells an unreadable file apart).
pub(crate) fn inspect_pdf(bytes: &[u8], rules: &Rules) -> Result<Report, PreflightError> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PreflightError::NotPdf);
    }
    // The reader handles untrusted input; a panic inside it must not take the caller down.
    // An unreadable encrypted file fails in many ways; name the cause instead.
    let encrypted = || bytes.windows(8).any(|w| w == b"/Encrypt");
    let doc = std::panic::catch_unwind(|| Document::load_mem(bytes))
        .map_err(|_| PreflightError::Parse("the PDF reader failed on this file".into()))?
        .map_err(|e| if encrypted() { PreflightError::Encrypted } else { PreflightError::Parse(e.to_string()) })?;
    if doc.catalog().is_err() {
        return Err(if encrypted() {
            PreflightError::Encrypted
        } else {
            PreflightError::Parse("no document catalog".into())
        });
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&doc, rules)))
        .map_err(|_| PreflightError::Parse("the file's structure could not be followed".into()))
}

fn check(doc: &Document, rules: &Rules) -> Report {
    let mut problems = Vec::new();
    let pages: Vec<ObjectId> = doc.page_iter().collect();
    if pages.is_empty() {
        problems.push(problem("no-pages", "the document has no pages"));
    }
    let imposed = imposed::recognise(doc, pages.len(), &mut problems);
    let mut cover = if imposed.is_none() { cover::recognise(doc, pages.len()) } else { None };
    let page_trim = rules.expected_trim;
    // An imposed sheet's trim is a spread: two pages wide; so is a saddle cover's, and a
    // perfect-bound one's is that and a spine (checked against the service's papers). A
    // cover is not held to the interior's colour rules.
    let expected_trim = match (&imposed, &cover, rules.expected_trim) {
        (Some(_), _, Some((w, h))) | (None, Some(Cover { perfect: false, .. }), Some((w, h))) => Some((2.0 * w, h)),
        (None, Some(Cover { perfect: true, .. }), Some(_)) => None,
        (_, _, trim) => trim,
    };
    let rules = &Rules { expected_trim, cover: cover.is_some(), ..rules.clone() };
    let geo = boxes::check(doc, &pages, rules, &mut problems);
    let fonts = fonts::collect(doc, &pages, &mut problems);
    let sheets = imposed.as_ref().map(|_| geo.sheets.as_slice());
    let scan = content::scan(doc, &pages, rules, sheets, &geo.boxes, &mut problems);
    if let (Some(c), Some((w, h)), Some((tw, th))) = (cover.as_mut(), page_trim, geo.trim)
        && c.perfect
    {
        c.spine = Some(tw - 2.0 * w);
        if (th - h).abs() > 0.05 || tw < 2.0 * w - 0.05 {
            problems.push(problem(
                "trim-size",
                format!(
                    "the cover's trim is {tw:.1} × {th:.1} pt; a wrap of {w:.1} × {h:.1} pt pages is {h:.1} pt tall and two pages and a spine wide"
                ),
            ));
        }
    }
    if let Some(t) = rules.target {
        match &cover {
            Some(c) => {
                cover::check_target(t, c, &geo.boxes, page_trim, &mut problems);
                targets::check_links(doc, &pages, t, &mut problems);
            }
            None => targets::check_pdf(
                doc,
                &pages,
                (t, rules.binding),
                &geo.boxes,
                &scan.painted,
                imposed.is_some(),
                &mut problems,
            ),
        }
    }
    let meta = pdfx::check(doc, &pages, rules, &geo.boxes, &mut problems);
    Report {
        version: meta.version,
        pages: pages.len(),
        trim: geo.trim,
        bleed: geo.bleed,
        fonts,
        thinnest_stroke: scan.thinnest,
        colour_spaces: scan.colour_spaces,
        pdfx: meta.pdfx,
        output_intents: meta.output_intents,
        imposed,
        cover,
        problems,
    }
}

fn problem(rule: &str, detail: impl Into<String>) -> Problem {
    Problem { rule: rule.to_string(), detail: detail.into(), severity: Severity::Error }
}

fn warning(rule: &str, detail: impl Into<String>) -> Problem {
    Problem { severity: Severity::Warning, ..problem(rule, detail) }
}

/// Follow references to the object itself (`Null` when dangling).
fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    doc.dereference(obj).map(|(_, o)| o).unwrap_or(&Object::Null)
}

/// `dict[key]`, references followed.
fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key).ok().map(|o| resolve(doc, o))
}

/// `dict[key]` as a dictionary (a stream's dictionary counts).
fn get_dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    as_dict(get(doc, dict, key)?)
}

fn as_dict(obj: &Object) -> Option<&Dictionary> {
    match obj {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn number(doc: &Document, obj: &Object) -> Option<f32> {
    match resolve(doc, obj) {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

fn name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

/// A PDF text string: UTF-16BE with a byte-order mark, UTF-8 with one, or (near enough)
/// PDFDocEncoding read as Latin-1.
fn text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

/// The page's `/Resources`, from the page or the nearest ancestor that has them.
fn page_resources<'a>(doc: &'a Document, page: &'a Dictionary) -> Option<&'a Dictionary> {
    let mut node = page;
    for _ in 0..64 {
        if let Some(r) = get_dict(doc, node, b"Resources") {
            return Some(r);
        }
        node = get_dict(doc, node, b"Parent")?;
    }
    None
}

/// Every resource dictionary the pages can reach: each page's, and those of the forms,
/// patterns and Type3 fonts they name, each once.
fn all_resources<'a>(doc: &'a Document, pages: &[ObjectId]) -> Vec<&'a Dictionary> {
    let mut out: Vec<&Dictionary> = Vec::new();
    let mut todo: Vec<&Dictionary> =
        pages.iter().filter_map(|&id| doc.get_dictionary(id).ok()).filter_map(|p| page_resources(doc, p)).collect();
    while let Some(res) = todo.pop() {
        if out.iter().any(|r| std::ptr::eq(*r, res)) || out.len() > 10_000 {
            continue;
        }
        out.push(res);
        for category in [&b"XObject"[..], b"Pattern", b"Font"] {
            let Some(entries) = get_dict(doc, res, category) else {
                continue;
            };
            for (_, v) in entries.iter() {
                if let Some(d) = as_dict(resolve(doc, v))
                    && let Some(inner) = get_dict(doc, d, b"Resources")
                {
                    todo.push(inner);
                }
            }
        }
    }
    out
}

/// "page 3" or "pages 1–4, 7" (1-based), shortened after a dozen ranges.
fn pages_phrase(pages: &std::collections::BTreeSet<usize>) -> String {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for &p in pages {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == p => *end = p,
            _ => ranges.push((p, p)),
        }
    }
    let mut parts: Vec<String> = ranges
        .iter()
        .take(12)
        .map(|&(a, b)| if a == b { format!("{}", a + 1) } else { format!("{}–{}", a + 1, b + 1) })
        .collect();
    if ranges.len() > 12 {
        parts.push("…".into());
    }
    let word = if pages.len() == 1 { "page" } else { "pages" };
    format!("{word} {}", parts.join(", "))
}

/// A problem under `rule` for the pages in `pages`, if there are any: `say` words it
/// from the phrase that names them.
fn on_pages(
    problems: &mut Vec<Problem>,
    rule: &str,
    pages: &std::collections::BTreeSet<usize>,
    say: impl FnOnce(String) -> String,
) {
    if !pages.is_empty() {
        problems.push(problem(rule, say(pages_phrase(pages))));
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod tests_foreign;
