//! The `pdf` stage: a [`display::Document`] in, PDF bytes out. The only place in the
//! crate that knows PDF.
//!
//! Output is deterministic: the same document and options give byte-identical files
//! (no clock reads, no random subset tags, the trailer `/ID` is a hash of the content).
//! Colour is DeviceGray only. Fonts are embedded as subsets with ToUnicode maps.
//! With [`Options::pdfx`] the file follows PDF/X-1a:2001 (PDF 1.3, output intent, Trapped,
//! dates); otherwise it is PDF 1.7.

mod boxes;
mod content;
mod fonts;
mod hash;
mod meta;
mod tags;

use std::collections::BTreeMap;
use std::fmt;

use pdf_writer::{Chunk, Filter, Finish, Name, Pdf, Ref};

use crate::display::{self, FontId};

pub(crate) use content::MIN_STROKE;

/// 3 mm in points, the usual bleed.
pub(crate) const DEFAULT_BLEED: f32 = 3.0 * 72.0 / 25.4;

/// How to write the file.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Options {
    /// Bleed on every side, in points. TrimBox = the page; BleedBox = trim grown by this;
    /// MediaBox = BleedBox, or larger (by the room the marks and the slug line need) when `marks` is on.
    pub bleed: f32,
    /// Crop marks outside the bleed, on an enlarged MediaBox.
    pub marks: bool,
    /// Write PDF/X-1a:2001. Requires `creation_date`.
    pub pdfx: Option<PdfX>,
    /// Unix seconds for CreationDate/ModDate (the caller decides, e.g. from
    /// `SOURCE_DATE_EPOCH`). `None` writes no dates.
    pub creation_date: Option<i64>,
    /// Info `/Producer`, e.g. `chapbook 0.1.0`.
    pub producer: String,
    /// Bleed on the spine edge too (the default). Without it the bleed is on head, foot
    /// and fore-edge only (KDP's interiors: the page is trim + one bleed wide).
    pub spine_bleed: bool,
    /// For imposed sheets: the boxes of the spread on the sheet and each side's page
    /// label. The MediaBox is then the document's page size, with no bleed or marks added
    /// (imposition drew its own).
    pub(crate) sheet: Option<SheetBoxes>,
}

impl Options {
    /// These options with `change` made: `Options::default().with(|o| …)`, the way to set
    /// fields from outside the crate (the struct is `#[non_exhaustive]`: new options may
    /// come without breaking callers).
    pub fn with(mut self, change: impl FnOnce(&mut Self)) -> Self {
        change(&mut self);
        self
    }
}

/// The boxes of an imposed sheet, in display-list coordinates (y down from the sheet's
/// top-left corner), and the page label of each side (e.g. `8|1`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SheetBoxes {
    /// The spread's trim.
    pub trim: display::Rect,
    /// The spread's bleed box.
    pub bleed: display::Rect,
    /// The page label of each side.
    pub labels: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            bleed: DEFAULT_BLEED,
            marks: false,
            pdfx: None,
            creation_date: None,
            producer: concat!("chapbook ", env!("CARGO_PKG_VERSION")).to_string(),
            sheet: None,
            spine_bleed: true,
        }
    }
}

/// The PDF/X output intent: the printing condition the file is prepared for.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfX {
    /// E.g. `FOGRA39`, `CGATS TR 001`.
    pub output_condition_identifier: String,
    /// Human-readable description; also used as `/Info` when given.
    pub output_condition: Option<String>,
    /// `http://www.color.org` for a registered condition; empty (not written) otherwise.
    pub registry_name: String,
    /// The printer's CMYK output ICC profile, embedded as `DestOutputProfile` (required
    /// when the condition is not registered).
    pub dest_output_profile: Option<Vec<u8>>,
}

/// The written file and what was changed on the way.
#[derive(Debug, Clone)]
pub struct Output {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Human-readable notes, e.g. strokes widened to the minimum printable width.
    pub warnings: Vec<String>,
    /// Every embedded font: its subset base name and the size of its subset font file.
    pub fonts: Vec<(String, usize)>,
}

/// Why the PDF could not be written.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub(crate) enum PdfError {
    /// A font could not be parsed or subsetted.
    Font {
        /// The font's PostScript name.
        font: String,
        /// What the font library said.
        reason: String,
    },
    /// A glyph run names a font index the document does not have.
    UnknownFont(usize),
    /// PDF/X requires CreationDate and ModDate, but no date was given.
    PdfXNeedsDate,
}

impl From<PdfError> for crate::Error {
    /// One diagnostic, its message what the error's `Display` says.
    fn from(e: PdfError) -> Self {
        crate::diag::Diagnostic::error(e.to_string()).into()
    }
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::Font { font, reason } => write!(f, "font {font}: {reason}"),
            PdfError::UnknownFont(i) => {
                write!(f, "a glyph run uses font #{i}, which the document does not list")
            }
            PdfError::PdfXNeedsDate => {
                write!(f, "PDF/X requires a creation date; set SOURCE_DATE_EPOCH or disable PDF/X")
            }
        }
    }
}

impl std::error::Error for PdfError {}

/// Hands out consecutive object numbers.
pub(crate) struct RefAlloc(i32);

impl RefAlloc {
    pub(crate) fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// zlib (FlateDecode) by libdeflate at level [`DEFLATE_LEVEL`]. Whole-buffer
/// compression is all we need, which is what libdeflate is built for; one compressor
/// per thread, reused.
pub(crate) fn compress(data: &[u8]) -> Vec<u8> {
    use libdeflater::{CompressionLvl, Compressor};
    use std::cell::RefCell;
    thread_local! {
        static COMPRESSOR: RefCell<Compressor> =
            RefCell::new(Compressor::new(CompressionLvl::new(DEFLATE_LEVEL).expect("a valid level")));
        static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        // Into a scratch buffer of the worst-case size, then copied out at its real
        // size: keeping the worst case would hold four times the bytes until the end.
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            s.resize(c.zlib_compress_bound(data.len()), 0);
            let n = c.zlib_compress(data, &mut s).expect("the bound always has room");
            s[..n].to_vec()
        })
    })
}

/// The deflate level that pays. On the 1,200-page book's 8.7 MB of page streams
/// (libdeflate; miniz_oxide at 6 took 298 ms for 1.82 MB):
///
/// | level | time | compressed |
/// |---:|---:|---:|
/// | 1 | 41 ms | 2.07 MB |
/// | 4 | 65 ms | 1.87 MB |
/// | 5 | 74 ms | 1.84 MB |
/// | 6 | 117 ms | 1.81 MB |
///
/// Level 1 saves 96 % of what level 6 saves, in a third of the time; compressing was
/// still a fifth of building the chapbook at level 5.
const DEFLATE_LEVEL: i32 = 1;

/// Fewest pieces (fonts and pages) worth sharing with the helper threads: any two.
const SHARE_PIECES_FROM: usize = 2;

/// A piece of the file made on any core: a font's streams or a page's content stream.
enum Piece<'a> {
    Font(&'a fonts::Embedded),
    Page(usize, &'a display::Page),
}

enum Made {
    Font(Result<fonts::File, PdfError>),
    Page(content::PageContent, Vec<u8>),
}

/// Write the document.
pub fn write(doc: &display::Document, opts: &Options) -> Result<Output, crate::Error> {
    write_pdf(doc, opts).map_err(crate::Error::from)
}

/// [`write`], with the writer's own error (for the crate's tests, which tell the cases apart).
pub(crate) fn write_pdf(doc: &display::Document, opts: &Options) -> Result<Output, PdfError> {
    if opts.pdfx.is_some() && opts.creation_date.is_none() {
        return Err(PdfError::PdfXNeedsDate);
    }
    let geo = geometry(doc, opts);
    let mut refs = RefAlloc(0);
    let catalog_ref = refs.next();
    let tree_ref = refs.next();
    let info_ref = refs.next();

    let mut fonts: BTreeMap<FontId, fonts::Embedded> = BTreeMap::new();
    for (id, usage) in fonts::collect(doc)? {
        fonts.insert(id, fonts::prepare(doc, id, usage, &mut refs)?);
    }

    let mut chunk = Chunk::new();
    let page_refs: Vec<Ref> = doc.pages.iter().map(|_| refs.next()).collect();
    // Imposed sheets are printer's files and stay untagged (docs/accessibility.md).
    let tagged = opts.sheet.is_none() && doc.is_tagged();
    let (files, streams) = make_pieces(doc, &geo, &fonts, tagged)?;
    let media_h = geo.media_box().y2;
    let tree = tagged.then(|| {
        let marked: Vec<&[content::Marked]> = streams.iter().map(|(c, _)| c.marked.as_slice()).collect();
        // PDF/X-1a allows no annotations on the page: its contents entries carry no links.
        tags::write(&mut chunk, &mut refs, &page_refs, &marked, &doc.outline, media_h, opts.pdfx.is_none())
    });
    let mut clamped = 0;
    for (i, ((c, data), &page_ref)) in streams.into_iter().zip(&page_refs).enumerate() {
        clamped += c.clamped;
        let content_ref = refs.next();
        chunk.stream(content_ref, &data).filter(Filter::FlateDecode);
        let annots = tree.as_ref().map(|t| (i, t.annots[i].as_slice()));
        write_page(&mut chunk, page_ref, tree_ref, content_ref, &geo.for_page(i), &c, &fonts, annots);
    }
    chunk.pages(tree_ref).kids(page_refs.iter().copied()).count(page_refs.len() as i32);
    for (f, file) in fonts.values().zip(&files) {
        fonts::write(&mut chunk, f, file, &mut refs);
    }
    let outline_ref = meta::outline(&mut chunk, &doc.outline, &page_refs, media_h, &mut refs);
    let id = file_id(&chunk, doc, opts);

    let mut pdf = Pdf::new();
    if opts.pdfx.is_some() {
        pdf.set_version(1, 3);
    }
    pdf.extend(&chunk);
    let icc_ref = opts.pdfx.as_ref().and_then(|x| x.dest_output_profile.as_ref()).map(|icc| {
        let r = refs.next();
        let data = compress(icc);
        pdf.icc_profile(r, &data).n(4).filter(Filter::FlateDecode);
        r
    });
    let accessible = tree.map(|t| {
        let xmp = meta::xmp(doc, opts);
        let r = refs.next();
        pdf.metadata(r, xmp.as_bytes());
        (t.root, r)
    });
    let catalog = CatalogRefs { catalog: catalog_ref, tree: tree_ref, outline: outline_ref, icc: icc_ref, accessible };
    write_catalog(&mut pdf, &catalog, doc, opts);
    meta::info(&mut pdf, info_ref, doc, opts);
    pdf.set_file_id((id.clone(), id));

    Ok(Output {
        bytes: pdf.finish(),
        warnings: stroke_warnings(clamped),
        fonts: fonts.values().zip(&files).map(|(f, file)| (f.base_font.clone(), file.size)).collect(),
    })
}

/// The boxes of the document's pages: trim, bleed and marks as asked, or an imposed sheet's.
fn geometry(doc: &display::Document, opts: &Options) -> boxes::Geometry {
    match &opts.sheet {
        None => boxes::Geometry {
            spine_bleed: opts.spine_bleed,
            ..boxes::Geometry::new(doc.page_size, opts.bleed, opts.marks)
        },
        Some(s) => boxes::Geometry::sheet(doc.page_size, s.trim, s.bleed),
    }
}

/// A page's content and its compressed stream.
type Stream = (content::PageContent, Vec<u8>);

/// The costly pieces, fonts first (the largest): every font subsetted and every page's
/// content stream written, each compressed, on every core. Returns the font files and
/// the pages' contents with their compressed streams, in order.
fn make_pieces(
    doc: &display::Document,
    geo: &boxes::Geometry,
    fonts: &BTreeMap<FontId, fonts::Embedded>,
    tagged: bool,
) -> Result<(Vec<fonts::File>, Vec<Stream>), PdfError> {
    let pieces: Vec<Piece<'_>> =
        fonts.values().map(Piece::Font).chain(doc.pages.iter().enumerate().map(|(i, p)| Piece::Page(i, p))).collect();
    let made = crate::par::map(&pieces, SHARE_PIECES_FROM, |piece| match piece {
        Piece::Font(f) => Made::Font(fonts::file(doc, f)),
        Piece::Page(i, page) => {
            let roles = tagged.then(|| doc.roles.get(*i).map_or(&[][..], Vec::as_slice));
            let mut c = content::page(page, &geo.for_page(*i), fonts, roles);
            let data = compress(&std::mem::take(&mut c.bytes));
            Made::Page(c, data)
        }
    });
    let (mut files, mut streams) = (Vec::with_capacity(fonts.len()), Vec::with_capacity(doc.pages.len()));
    for m in made {
        match m {
            Made::Font(file) => files.push(file?),
            Made::Page(c, data) => streams.push((c, data)),
        }
    }
    Ok((files, streams))
}

/// The page object: its boxes, its content stream and the fonts it uses; for a tagged
/// document (`tagged`: the page's index and its link annotations) its key into the
/// ParentTree.
#[allow(clippy::too_many_arguments)]
fn write_page(
    chunk: &mut Chunk,
    page_ref: Ref,
    tree_ref: Ref,
    content_ref: Ref,
    geo: &boxes::Geometry,
    c: &content::PageContent,
    fonts: &BTreeMap<FontId, fonts::Embedded>,
    tagged: Option<(usize, &[Ref])>,
) {
    let mut p = chunk.page(page_ref);
    p.parent(tree_ref)
        .media_box(geo.media_box())
        .bleed_box(geo.bleed_box())
        .trim_box(geo.trim_box())
        .contents(content_ref);
    if let Some((index, annots)) = tagged {
        p.struct_parents(index as i32);
        if !annots.is_empty() {
            p.annotations(annots.iter().copied());
            p.tab_order(tags::TABS);
        }
    }
    let mut res = p.resources();
    if !c.fonts.is_empty() {
        let mut dict = res.fonts();
        for id in &c.fonts {
            let f = &fonts[id];
            dict.pair(Name(f.resource.as_bytes()), f.type0);
        }
    }
    res.finish();
    p.finish();
}

/// The file ID: a hash of every object written so far plus the metadata and options that
/// go into the catalog and Info dictionary.
fn file_id(chunk: &Chunk, doc: &display::Document, opts: &Options) -> Vec<u8> {
    let m = &doc.meta;
    let mut parts: Vec<&[u8]> = vec![
        chunk.as_bytes(),
        m.title.as_bytes(),
        m.author.as_deref().unwrap_or("\0").as_bytes(),
        m.subject.as_deref().unwrap_or("\0").as_bytes(),
        m.keywords.as_deref().unwrap_or("\0").as_bytes(),
        m.language.as_deref().unwrap_or("\0").as_bytes(),
        opts.producer.as_bytes(),
    ];
    let date = opts.creation_date.map(|d| d.to_le_bytes());
    parts.push(date.as_ref().map_or(&[][..], |d| &d[..]));
    let labels = format!("{:?}", doc.labels);
    parts.push(labels.as_bytes());
    let pdfx = format!(
        "{:?}{:?}{}",
        opts.pdfx.as_ref().map(|x| (&x.output_condition_identifier, &x.output_condition, &x.registry_name)),
        opts.sheet,
        opts.spine_bleed
    );
    parts.push(pdfx.as_bytes());
    parts.push(opts.pdfx.as_ref().and_then(|x| x.dest_output_profile.as_deref()).unwrap_or(&[]));
    hash::digest128(&parts).to_vec()
}

/// The objects the catalog points at.
struct CatalogRefs {
    catalog: Ref,
    tree: Ref,
    outline: Option<Ref>,
    icc: Option<Ref>,
    /// A tagged document's StructTreeRoot and XMP metadata stream.
    accessible: Option<(Ref, Ref)>,
}

/// The catalog: the page tree, outline, page labels, for PDF/X the output intent, and for
/// a tagged document what PDF/UA asks: MarkInfo, the structure tree, the language, the
/// title shown in the window, the XMP metadata.
fn write_catalog(pdf: &mut Pdf, refs: &CatalogRefs, doc: &display::Document, opts: &Options) {
    let mut cat = pdf.catalog(refs.catalog);
    cat.pages(refs.tree);
    if let Some(o) = refs.outline {
        cat.outlines(o);
    }
    if let Some((root, xmp)) = refs.accessible {
        cat.mark_info().marked(true);
        cat.pair(Name(b"StructTreeRoot"), root);
        cat.viewer_preferences().display_doc_title(true);
        cat.metadata(xmp);
    }
    if let Some(lang) = &doc.meta.language {
        cat.lang(pdf_writer::TextStr(lang));
    }
    match &opts.sheet {
        Some(s) => meta::sheet_labels(&mut cat, &s.labels),
        None => meta::page_labels(&mut cat, &doc.labels, doc.pages.len()),
    }
    if let Some(x) = &opts.pdfx {
        meta::output_intent(&mut cat, x, refs.icc);
    }
}

/// A note when strokes were widened to the minimum printable width.
fn stroke_warnings(clamped: usize) -> Vec<String> {
    let mut warnings = Vec::new();
    if clamped > 0 {
        warnings.push(format!(
            "{clamped} stroke{} thinner than {MIN_STROKE}pt {} widened to {MIN_STROKE}pt",
            if clamped == 1 { "" } else { "s" },
            if clamped == 1 { "was" } else { "were" }
        ));
    }
    warnings
}

#[cfg(test)]
mod tests;
