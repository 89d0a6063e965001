//! The display list: the fully resolved output of layout and the only input of the PDF
//! writer (and of any other renderer). Pages of positioned glyph runs and vector paths.
//!
//! Conventions, fixed for every stage:
//! - lengths are PostScript points (1/72 in) as `f32`;
//! - the origin of a page is the **top-left corner of the trim box**, x grows right,
//!   y grows **down** (renderers flip for PDF);
//! - colour is [`Ink`]: the fraction of black ink, 0.0 = paper, 1.0 = solid black. The PDF
//!   writer turns it into DeviceGray (`1 - ink`), so a tint is literally a K percentage.
//!
//! Nothing here knows about PDF, TOML or the poem.

use std::sync::Arc;

/// A point in page space (points, y down from the top-left trim corner).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

impl Point {
    pub const fn new(x: f32, y: f32) -> Self {
        Point { x, y }
    }
}

/// Fraction of black ink: 0.0 is no ink (paper), 1.0 is solid black.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ink(pub f32);

impl Ink {
    pub const BLACK: Ink = Ink(1.0);
}

/// Index into [`Document::fonts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(pub usize);

/// The bytes of a font file: mapped from disk or held in memory.
pub type FontData = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// A font file the document uses. The writer subsets it to the glyphs actually placed.
#[derive(Clone)]
pub struct FontSource {
    /// PostScript name from the font's `name` table (e.g. `EBGaramond-Regular`).
    pub postscript_name: String,
    /// The whole font file, shared with the shaper (parsed once).
    pub data: FontData,
    /// Face index inside a collection; 0 for plain `.ttf`/`.otf`.
    pub index: u32,
    /// Units per em of the face, to convert advances.
    pub units_per_em: u16,
}

impl std::fmt::Debug for FontSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontSource")
            .field("postscript_name", &self.postscript_name)
            .field("bytes", &self.bytes().len())
            .field("index", &self.index)
            .finish()
    }
}

impl FontSource {
    /// The font file's bytes.
    pub fn bytes(&self) -> &[u8] {
        (*self.data).as_ref()
    }
}

/// One shaped glyph placed relative to its run's origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// Glyph ID in the (unsubsetted) font.
    pub id: u16,
    /// Offset of the glyph origin from the run origin, in points (x right, y down).
    pub x: f32,
    pub y: f32,
    /// The advance the shaper gave this glyph, in points (used for widths, not placement).
    pub advance: f32,
    /// Byte range in [`GlyphRun::text`] that this glyph stands for (its cluster). Several
    /// glyphs may share a cluster; a ligature covers several characters.
    pub text: (u32, u32),
}

/// A line (or part of one) of shaped text in one font, size and ink.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    pub font: FontId,
    /// Type size in points.
    pub size: f32,
    /// Position of the baseline start.
    pub origin: Point,
    pub ink: Ink,
    /// The characters this run prints (after smart quotes); glyphs point into it. This is
    /// what text extraction must give back.
    pub text: String,
    pub glyphs: Vec<Glyph>,
}

impl GlyphRun {
    /// Total advance width in points.
    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum()
    }
}

/// One element of a path outline, in page points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PathEl {
    MoveTo(Point),
    LineTo(Point),
    /// Cubic Bézier: two control points then the end point.
    CubicTo(Point, Point, Point),
    Close,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineCap {
    Butt,
    Round,
    Square,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineJoin {
    Miter,
    Round,
    Bevel,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub width: f32,
    pub ink: Ink,
    pub cap: LineCap,
    pub join: LineJoin,
}

/// A vector shape: stroked, filled, or both (fill first, then stroke).
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub els: Vec<PathEl>,
    pub fill: Option<Ink>,
    pub stroke: Option<Stroke>,
}

impl Path {
    /// A straight stroked segment.
    pub fn line(a: Point, b: Point, stroke: Stroke) -> Path {
        Path { els: vec![PathEl::MoveTo(a), PathEl::LineTo(b)], fill: None, stroke: Some(stroke) }
    }

    /// A filled polygon.
    pub fn polygon(points: &[Point], fill: Ink) -> Path {
        let mut els = Vec::with_capacity(points.len() + 1);
        for (i, p) in points.iter().enumerate() {
            els.push(if i == 0 { PathEl::MoveTo(*p) } else { PathEl::LineTo(*p) });
        }
        els.push(PathEl::Close);
        Path { els, fill: Some(fill), stroke: None }
    }
}

/// A filled circle (a chart's dot). Renderers draw it however suits them; the PDF writer
/// paints it as a zero-length round-capped stroke, which PDF defines as a filled circle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dot {
    pub center: Point,
    pub radius: f32,
    pub ink: Ink,
}

/// An axis-aligned rectangle in page points (y down): `x0 ≤ x1`, `y0 ≤ y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

/// Items painted only inside `rect` (imposition clips each page at the spine and at the
/// edge of its bleed).
#[derive(Debug, Clone, PartialEq)]
pub struct Clip {
    pub rect: Rect,
    pub items: Vec<Item>,
}

/// Something drawn on a page, in painting order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(GlyphRun),
    Path(Path),
    Dot(Dot),
    Clip(Clip),
}

/// Every glyph run in `items`, those inside clips included, in painting order.
pub fn runs(items: &[Item]) -> Runs<'_> {
    Runs { stack: vec![items.iter()] }
}

/// The iterator of [`runs`].
pub struct Runs<'a> {
    stack: Vec<std::slice::Iter<'a, Item>>,
}

impl<'a> Iterator for Runs<'a> {
    type Item = &'a GlyphRun;

    fn next(&mut self) -> Option<&'a GlyphRun> {
        loop {
            match self.stack.last_mut()?.next() {
                None => {
                    self.stack.pop();
                }
                Some(Item::Text(run)) => return Some(run),
                Some(Item::Clip(c)) => self.stack.push(c.items.iter()),
                Some(_) => {}
            }
        }
    }
}

/// One trimmed page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

/// A bookmark: a title pointing at a page (0-based index into [`Document::pages`]).
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    pub page: usize,
}

/// A page-label range: from `start_page` on, pages are numbered in `style` starting at
/// `first_number` (PDF page labels, what a viewer shows in its page box).
#[derive(Debug, Clone, PartialEq)]
pub struct LabelRange {
    pub start_page: usize,
    pub style: LabelStyle,
    pub first_number: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelStyle {
    /// No number (e.g. the title page).
    None,
    Arabic,
    LowerRoman,
    /// A word instead of a number, the same on every page of the range (`colophon`,
    /// `blank`): for pages that print no folio.
    Word(&'static str),
}

/// Document metadata.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    pub title: String,
    pub author: Option<String>,
    pub subject: Option<String>,
    pub keywords: Option<String>,
}

/// The whole laid-out book.
#[derive(Debug, Clone)]
pub struct Document {
    /// Trim size of every page, in points (width, height).
    pub page_size: (f32, f32),
    pub pages: Vec<Page>,
    pub fonts: Vec<FontSource>,
    pub meta: Meta,
    pub outline: Vec<OutlineEntry>,
    pub labels: Vec<LabelRange>,
}

/// Where an item came from in the spec: a file of [`SourceMap::files`] and a 1-based line
/// and column in it. Layout records the `[[block]]` line of the block that made the item;
/// [`Span::NONE`] marks furniture (title page, folios) that no block wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: u32,
    pub line: u32,
    pub col: u32,
}

impl Span {
    pub const NONE: Span = Span { file: u32::MAX, line: 0, col: 0 };

    pub fn is_none(&self) -> bool {
        self.file == u32::MAX
    }
}

/// Source spans of a [`Document`]'s items, kept beside it so that every backend and every
/// hand-made document stays as it is: `pages[p][i]` is the span of `document.pages[p].items[i]`.
/// Costs one small push per item during layout; only `serve` and the SVG backend read it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SourceMap {
    pub files: Vec<std::path::PathBuf>,
    pub pages: Vec<Vec<Span>>,
    /// Where each block (or a page's share of a block split across pages) was placed.
    pub blocks: Vec<Placed>,
}

/// A block's place on a page: the band from `top` down `height` points that its
/// fragment occupies (its rows, for a diagram).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub page: usize,
    /// The block's `[[block]]` span, as its items carry it.
    pub span: Span,
    pub top: f32,
    pub height: f32,
}

impl SourceMap {
    /// The span of item `item` of page `page`, if one was recorded.
    pub fn span(&self, page: usize, item: usize) -> Option<Span> {
        self.pages.get(page)?.get(item).copied().filter(|s| !s.is_none())
    }
}
