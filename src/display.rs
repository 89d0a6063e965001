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
    /// Points right of the trim's left edge.
    pub x: f32,
    /// Points down from the trim's top edge.
    pub y: f32,
}

impl Point {
    /// The point `(x, y)`.
    pub const fn new(x: f32, y: f32) -> Self {
        Point { x, y }
    }
}

/// Fraction of black ink: 0.0 is no ink (paper), 1.0 is solid black. Always within 0–1
/// (never NaN): made only by [`Ink::new`], which rejects anything else, or
/// [`Ink::clamped`].
///
/// ```compile_fail
/// let too_much = chapbook::display::Ink(1.5); // the field is private
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ink(f32);

impl Ink {
    /// Solid black.
    pub const BLACK: Ink = Ink(1.0);
    /// No ink: the paper shows.
    pub const PAPER: Ink = Ink(0.0);

    /// The ink `value` (0.0 paper … 1.0 black), or `None` outside 0–1 or for NaN.
    pub const fn new(value: f32) -> Option<Ink> {
        if value >= 0.0 && value <= 1.0 { Some(Ink(value)) } else { None }
    }

    /// `value` brought into 0–1: below 0 (and NaN) is paper, above 1 is black.
    pub const fn clamped(value: f32) -> Ink {
        if value >= 1.0 {
            Ink(1.0)
        } else if value >= 0.0 {
            Ink(value)
        } else {
            Ink(0.0)
        }
    }

    /// The fraction of black, within 0–1.
    pub const fn value(self) -> f32 {
        self.0
    }
}

/// Index into [`Document::fonts`]. Made only by the font book that loads the fonts (and
/// by [`Document::font_id`], which checks the index), so an id always names a font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(usize);

impl FontId {
    /// The id of font `index`; the caller makes sure the font exists.
    pub(crate) const fn new(index: usize) -> FontId {
        FontId(index)
    }

    /// The index into [`Document::fonts`].
    pub const fn index(self) -> usize {
        self.0
    }
}

/// The bytes of a font file: mapped from disk or held in memory.
pub(crate) type FontData = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// A font file the document uses. The writer subsets it to the glyphs actually placed.
#[derive(Clone)]
pub struct FontSource {
    /// PostScript name from the font's `name` table (e.g. `EBGaramond-Regular`).
    pub postscript_name: String,
    /// The whole font file (mapped from disk or held in memory), shared with the shaper
    /// (parsed once).
    pub data: Arc<dyn AsRef<[u8]> + Send + Sync>,
    /// Face index inside a collection; 0 for plain `.ttf`/`.otf`.
    pub index: u32,
    /// Units per em of the face, to convert advances.
    pub units_per_em: u16,
    /// The font file, for messages (empty for a face that came from no file).
    pub file: std::path::PathBuf,
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
    /// Offset of the glyph origin from the run origin, vertically (y down), in points.
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
    /// The font, an index into [`Document::fonts`].
    pub font: FontId,
    /// Type size in points.
    pub size: f32,
    /// Position of the baseline start.
    pub origin: Point,
    /// The ink the glyphs are filled with.
    pub ink: Ink,
    /// The characters this run prints (after smart quotes); glyphs point into it. This is
    /// what text extraction must give back.
    pub text: String,
    /// The glyphs in order of placement.
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
    /// Starts a new subpath at the point.
    MoveTo(Point),
    /// A straight line from the current point.
    LineTo(Point),
    /// Cubic Bézier: two control points then the end point.
    CubicTo(Point, Point, Point),
    /// Closes the subpath back to its start.
    Close,
}

/// How the open ends of a stroke are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineCap {
    /// Cut square at the end point.
    Butt,
    /// A half circle past the end point.
    Round,
    /// A half square past the end point.
    Square,
}

/// How a stroke turns a corner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineJoin {
    /// Sharp, the edges extended until they meet.
    Miter,
    /// Rounded.
    Round,
    /// Cut off flat.
    Bevel,
}

/// How a path's outline is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    /// Line width in points.
    pub width: f32,
    /// The ink of the line.
    pub ink: Ink,
    /// Open ends.
    pub cap: LineCap,
    /// Corners.
    pub join: LineJoin,
}

/// The elements of a path outline. It always begins with a [`PathEl::MoveTo`] (the only
/// constructors take the starting point, and [`Outline::from_elements`] refuses anything
/// else), so every
/// line and curve has a point to start from.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline(Vec<PathEl>);

impl Outline {
    /// An outline that starts at `start`.
    pub fn new(start: Point) -> Outline {
        Outline(vec![PathEl::MoveTo(start)])
    }

    /// The outline of `els`, if they begin with a [`PathEl::MoveTo`]; `None` otherwise (a
    /// line or curve with no point to start from, or no elements at all).
    pub fn from_elements(els: Vec<PathEl>) -> Option<Outline> {
        matches!(els.first(), Some(PathEl::MoveTo(_))).then_some(Outline(els))
    }

    /// Appends an element: a line or curve from the current point, a new subpath, or a close.
    pub fn push(&mut self, el: PathEl) -> &mut Outline {
        self.0.push(el);
        self
    }

    /// A straight line from the current point to `p`.
    pub fn line_to(&mut self, p: Point) -> &mut Outline {
        self.push(PathEl::LineTo(p))
    }

    /// Closes the current subpath.
    pub fn close(&mut self) -> &mut Outline {
        self.push(PathEl::Close)
    }

    /// Moves every point of the outline through `f` (translation, scaling …).
    pub fn map_points(&mut self, mut f: impl FnMut(Point) -> Point) {
        for el in &mut self.0 {
            *el = match *el {
                PathEl::MoveTo(p) => PathEl::MoveTo(f(p)),
                PathEl::LineTo(p) => PathEl::LineTo(f(p)),
                PathEl::CubicTo(a, b, c) => PathEl::CubicTo(f(a), f(b), f(c)),
                PathEl::Close => PathEl::Close,
            };
        }
    }
}

/// The elements, for backends to read.
impl std::ops::Deref for Outline {
    type Target = [PathEl];

    fn deref(&self) -> &[PathEl] {
        &self.0
    }
}

impl<'a> IntoIterator for &'a Outline {
    type Item = &'a PathEl;
    type IntoIter = std::slice::Iter<'a, PathEl>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// A vector shape: stroked, filled, or both (fill first, then stroke).
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The outline, starting with a move.
    pub els: Outline,
    /// The ink the inside is filled with, if any (non-zero winding).
    pub fill: Option<Ink>,
    /// How the outline is stroked, if it is.
    pub stroke: Option<Stroke>,
}

impl Path {
    /// A straight stroked segment.
    pub fn line(a: Point, b: Point, stroke: Stroke) -> Path {
        let mut els = Outline::new(a);
        els.line_to(b);
        Path { els, fill: None, stroke: Some(stroke) }
    }

    /// A filled polygon through `points` (at least one: an empty array does not compile).
    ///
    /// ```
    /// use chapbook::display::{Ink, Path, PathEl, Point};
    /// let p = Path::polygon([Point::new(0.0, 0.0), Point::new(1.0, 0.0)], Ink::BLACK);
    /// assert_eq!(p.els[0], PathEl::MoveTo(Point::new(0.0, 0.0)));
    /// ```
    ///
    /// ```compile_fail
    /// use chapbook::display::{Ink, Path};
    /// let nothing = Path::polygon([], Ink::BLACK);
    /// ```
    pub fn polygon<const N: usize>(points: [Point; N], fill: Ink) -> Path {
        const { assert!(N > 0, "a polygon needs at least one point") };
        let mut els = Outline::new(points[0]);
        for p in &points[1..] {
            els.line_to(*p);
        }
        els.close();
        Path { els, fill: Some(fill), stroke: None }
    }
}

/// A filled circle (a chart's dot). Renderers draw it however suits them; the PDF writer
/// paints it as a zero-length round-capped stroke, which PDF defines as a filled circle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dot {
    /// The centre.
    pub center: Point,
    /// The radius in points.
    pub radius: f32,
    /// The ink it is filled with.
    pub ink: Ink,
}

/// An axis-aligned rectangle in page points (y down): `x0 ≤ x1`, `y0 ≤ y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x0: f32,
    /// Top edge.
    pub y0: f32,
    /// Right edge.
    pub x1: f32,
    /// Bottom edge.
    pub y1: f32,
}

impl Rect {
    /// `x1 − x0`.
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }

    /// `y1 − y0`.
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }
}

/// Items painted only inside `rect` (imposition clips each page at the spine and at the
/// edge of its bleed).
#[derive(Debug, Clone, PartialEq)]
pub struct Clip {
    /// The clipping rectangle.
    pub rect: Rect,
    /// What is painted inside it.
    pub items: Vec<Item>,
}

/// An affine map of page points (y down): `(x, y) → (a·x + c·y + e, b·x + d·y + f)`, the
/// same six numbers, in the same order, as PDF's `cm` and SVG's `matrix()` (both read in
/// y-down page space here; the PDF writer flips them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transform {
    /// x scale / rotation.
    pub a: f32,
    /// y shear / rotation.
    pub b: f32,
    /// x shear / rotation.
    pub c: f32,
    /// y scale / rotation.
    pub d: f32,
    /// x translation.
    pub e: f32,
    /// y translation.
    pub f: f32,
}

impl Transform {
    /// Leaves every point where it is.
    pub const IDENTITY: Transform = Transform { a: 1.0, b: 0.0, c: 0.0, d: 1.0, e: 0.0, f: 0.0 };

    /// A turn by `degrees` about `center`: positive turns clockwise on the page (y grows
    /// down, as in SVG and CSS), so `90` makes a line read from top to bottom.
    pub fn rotate_about(degrees: f32, center: Point) -> Transform {
        let (sin, cos) = degrees.to_radians().sin_cos();
        Transform {
            a: cos,
            b: sin,
            c: -sin,
            d: cos,
            e: center.x - cos * center.x + sin * center.y,
            f: center.y - sin * center.x - cos * center.y,
        }
    }

    /// Where `p` goes.
    pub fn apply(&self, p: Point) -> Point {
        Point { x: self.a * p.x + self.c * p.y + self.e, y: self.b * p.x + self.d * p.y + self.f }
    }

    /// `self` after `inner`: the map that applies `inner` first, then `self`.
    pub fn then_after(&self, inner: &Transform) -> Transform {
        let o = self;
        Transform {
            a: o.a * inner.a + o.c * inner.b,
            b: o.b * inner.a + o.d * inner.b,
            c: o.a * inner.c + o.c * inner.d,
            d: o.b * inner.c + o.d * inner.d,
            e: o.a * inner.e + o.c * inner.f + o.e,
            f: o.b * inner.e + o.d * inner.f + o.f,
        }
    }

    /// The angle in degrees (clockwise on the page) by which the map turns the x axis.
    pub fn angle(&self) -> f32 {
        self.b.atan2(self.a).to_degrees()
    }

    /// The least factor by which the map scales a length in any direction (its smallest
    /// singular value): a stroke `w` wide inside it prints at least `w ×` this.
    pub fn least_scale(&self) -> f32 {
        let (a, b, c, d) = (self.a, self.b, self.c, self.d);
        let sum = a * a + b * b + c * c + d * d;
        let det = a * d - b * c;
        let root = (sum * sum - 4.0 * det * det).max(0.0).sqrt();
        ((sum - root) / 2.0).max(0.0).sqrt()
    }
}

/// Items drawn through a [`Transform`] (a rotated block, a word set at an angle, a glyph
/// turned to a curve): their coordinates are mapped by `transform` onto the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// From the items' coordinates to the page's.
    pub transform: Transform,
    /// When set, what the group reads as, in order: text set glyph by glyph along a curve
    /// is written as one span for extraction (PDF `/ActualText`), not as scattered letters.
    pub text: Option<String>,
    /// What is drawn, in painting order.
    pub items: Vec<Item>,
}

/// Something drawn on a page, in painting order.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Item {
    /// A run of shaped text.
    Text(GlyphRun),
    /// A vector shape.
    Path(Path),
    /// A filled circle.
    Dot(Dot),
    /// Items clipped to a rectangle.
    Clip(Clip),
    /// Items drawn through a transform (rotated, turned to a path).
    Group(Group),
}

impl Item {
    /// The area the item inks, `[x0, y0, x1, y1]`, or None when it inks nothing: text by
    /// its advance width from 0.75 em above the baseline to 0.25 em below; paths by their
    /// points (control points included) grown by half the stroke; clips by what is inside,
    /// cut to the clip; groups by the corners of what is inside, transformed.
    pub fn bounds(&self) -> Option<[f32; 4]> {
        let grow = |b: [f32; 4], p: &Point, by: f32| {
            [b[0].min(p.x - by), b[1].min(p.y - by), b[2].max(p.x + by), b[3].max(p.y + by)]
        };
        match self {
            Item::Text(r) => {
                if r.text.trim().is_empty() {
                    return None;
                }
                let (x, y) = (r.origin.x, r.origin.y);
                Some([x, y - 0.75 * r.size, x + r.width(), y + 0.25 * r.size])
            }
            Item::Path(p) => {
                let half = p.stroke.map_or(0.0, |s| s.width / 2.0);
                let mut b = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
                for e in &p.els {
                    match e {
                        PathEl::MoveTo(a) | PathEl::LineTo(a) => b = grow(b, a, half),
                        PathEl::CubicTo(a, c, d) => {
                            b = grow(b, a, half);
                            b = grow(grow(b, c, 0.0), d, 0.0);
                        }
                        PathEl::Close => {}
                    }
                }
                (b[0] <= b[2]).then_some(b)
            }
            Item::Dot(d) => {
                Some([d.center.x - d.radius, d.center.y - d.radius, d.center.x + d.radius, d.center.y + d.radius])
            }
            Item::Clip(c) => {
                let r = c.rect;
                c.items
                    .iter()
                    .filter_map(Item::bounds)
                    .reduce(|a, b| [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])])
                    .map(|b| [b[0].max(r.x0), b[1].max(r.y0), b[2].min(r.x1), b[3].min(r.y1)])
            }
            Item::Group(g) => {
                let b = g
                    .items
                    .iter()
                    .filter_map(Item::bounds)
                    .reduce(|a, b| [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])])?;
                let corners = [(b[0], b[1]), (b[2], b[1]), (b[0], b[3]), (b[2], b[3])];
                corners.into_iter().map(|(x, y)| g.transform.apply(Point::new(x, y))).fold(
                    None,
                    |acc: Option<[f32; 4]>, p| {
                        Some(acc.map_or([p.x, p.y, p.x, p.y], |a| {
                            [a[0].min(p.x), a[1].min(p.y), a[2].max(p.x), a[3].max(p.y)]
                        }))
                    },
                )
            }
        }
    }
}

/// Every glyph run in `items`, those inside clips and groups included, in painting order
/// (a run inside a [`Group`] has its origin in the group's coordinates). Outside the crate:
/// [`Page::runs`].
pub(crate) fn runs(items: &[Item]) -> impl Iterator<Item = &GlyphRun> {
    Runs { stack: vec![items.iter()] }
}

/// The iterator of [`runs`].
struct Runs<'a> {
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
                Some(Item::Group(g)) => self.stack.push(g.items.iter()),
                Some(_) => {}
            }
        }
    }
}

/// One trimmed page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// What the page shows, in painting order.
    pub items: Vec<Item>,
}

impl Page {
    /// Every glyph run on the page, those inside clips and groups included, in painting
    /// order (a run inside a [`Group`] has its origin in the group's coordinates).
    pub fn runs(&self) -> impl Iterator<Item = &GlyphRun> {
        runs(&self.items)
    }
}

/// A bookmark: a title pointing at a page (0-based index into [`Document::pages`]).
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// The title shown in the viewer's outline.
    pub title: String,
    /// The page it opens, 0-based.
    pub page: usize,
}

/// A page-label range: from `start_page` on, pages are numbered in `style` starting at
/// `first_number` (PDF page labels, what a viewer shows in its page box).
#[derive(Debug, Clone, PartialEq)]
pub struct LabelRange {
    /// The first page of the range, 0-based.
    pub start_page: usize,
    /// How its pages are numbered.
    pub style: LabelStyle,
    /// The number of its first page.
    pub first_number: u32,
}

/// How the pages of a [`LabelRange`] are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LabelStyle {
    /// No number (e.g. the title page).
    None,
    /// 1, 2, 3 …
    Arabic,
    /// i, ii, iii …
    LowerRoman,
    /// A word instead of a number, the same on every page of the range (`colophon`,
    /// `blank`): for pages that print no folio.
    Word(&'static str),
}

/// `n` in lower-case roman numerals (`xiv`), as [`LabelStyle::LowerRoman`] numbers pages:
/// the one spelling layout's labels and every backend's page list share.
pub(crate) fn lower_roman(mut n: u32) -> String {
    const DIGITS: &[(u32, &str)] = &[
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, d) in DIGITS {
        while n >= *v {
            s.push_str(d);
            n -= v;
        }
    }
    s
}

/// Document metadata.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    /// The book's title.
    pub title: String,
    /// The poet.
    pub author: Option<String>,
    /// What the book is about.
    pub subject: Option<String>,
    /// Keywords, comma-separated.
    pub keywords: Option<String>,
    /// The language of the text as a BCP 47 tag (`en`, `de-CH`); `None` writes none.
    pub language: Option<String>,
}

/// The whole laid-out book.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Trim size of every page, in points (width, height).
    pub page_size: (f32, f32),
    /// The pages in order.
    pub pages: Vec<Page>,
    /// The fonts that glyph runs name by [`FontId`].
    pub fonts: Vec<FontSource>,
    /// Title, author and the like.
    pub meta: Meta,
    /// Bookmarks.
    pub outline: Vec<OutlineEntry>,
    /// Page-label ranges (what a viewer shows as page numbers).
    pub labels: Vec<LabelRange>,
    /// What each item is to a reader (headings, lines, figures …), for tagged PDF and EPUB,
    /// kept parallel to the pages: `roles[p][i]` is the role of `pages[p].items[i]`; an
    /// item without one (a page or list shorter than the items, as in hand-made documents)
    /// is an artifact ([`Document::role`]).
    pub roles: Vec<Vec<Role>>,
}

/// What an item is to someone reading the book rather than looking at it: the logical
/// structure that tagged PDF and the EPUB's markup carry. Items that share an id belong
/// to one element (a heading set on two lines, a stanza's lines, a diagram's strokes and
/// labels); ids are unique within a document and count up in reading order.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub enum Role {
    /// Not part of the text: folios, padding, printer's marks. Readers skip it.
    #[default]
    Artifact,
    /// A heading: level 1 for the book's title, 2 for a section's numeral and title and
    /// for the contents' own heading.
    Heading {
        /// 1 or 2.
        level: u8,
        /// The heading element.
        id: u32,
    },
    /// A line of a paragraph: a line of a stanza (each stanza is a paragraph), of the
    /// title page's subtitle or author, or of the colophon.
    Line {
        /// The paragraph element.
        para: u32,
        /// The line within the paragraph (several items may share it).
        line: u32,
    },
    /// A drawn blank (`___`) inside a line, read as the word "blank".
    Blank {
        /// The paragraph element.
        para: u32,
        /// The line within the paragraph.
        line: u32,
    },
    /// Part of a drawing or chart: its strokes and its labels together form one figure,
    /// read by its alternative text.
    Figure {
        /// The figure element.
        id: u32,
        /// What the figure shows, in words (may be empty when the poet said so).
        alt: Arc<str>,
    },
    /// Part of an entry of the contents, which links to the section's first page
    /// ([`Document::outline`] entry `entry`).
    ContentsEntry {
        /// The index of the entry (and of its outline entry).
        entry: u32,
    },
}

/// Where an item came from in the spec: a file of [`SourceMap::files`] and a 1-based line
/// and column in it. Layout records the `[[block]]` line of the block that made the item;
/// [`Span::NONE`] marks furniture (title page, folios) that no block wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// Index into [`SourceMap::files`].
    pub file: u32,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

impl Span {
    /// No source: furniture that no block wrote.
    pub const NONE: Span = Span { file: u32::MAX, line: 0, col: 0 };

    /// Whether this is [`Span::NONE`].
    pub fn is_none(&self) -> bool {
        self.file == u32::MAX
    }
}

/// Source spans of a [`Document`]'s items, kept beside it so that every backend and every
/// hand-made document stays as it is: `pages[p][i]` is the span of `document.pages[p].items[i]`.
/// Costs one small push per item during layout; only `serve` and the SVG backend read it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SourceMap {
    /// The spec files spans point into.
    pub files: Vec<std::path::PathBuf>,
    /// Per page, per item, the item's span.
    pub pages: Vec<Vec<Span>>,
    /// Where each block (or a page's share of a block split across pages) was placed.
    pub blocks: Vec<Placed>,
}

/// A block's place on a page: the band from `top` down `height` points that its
/// fragment occupies (its rows, for a diagram).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// The page, 0-based.
    pub page: usize,
    /// The block's `[[block]]` span, as its items carry it.
    pub span: Span,
    /// Top of the band, in points from the trim's top edge.
    pub top: f32,
    /// Height of the band in points.
    pub height: f32,
}

impl Document {
    /// Adds a font to [`Document::fonts`] and gives the id that glyph runs set in it carry.
    pub fn add_font(&mut self, font: FontSource) -> FontId {
        self.fonts.push(font);
        FontId(self.fonts.len() - 1)
    }

    /// The role of item `item` on page `page` ([`Role::Artifact`] when none was recorded).
    pub fn role(&self, page: usize, item: usize) -> &Role {
        const ARTIFACT: &Role = &Role::Artifact;
        self.roles.get(page).and_then(|p| p.get(item)).unwrap_or(ARTIFACT)
    }

    /// Whether any item is tagged (not an artifact).
    pub fn is_tagged(&self) -> bool {
        self.roles.iter().flatten().any(|r| *r != Role::Artifact)
    }

    /// The id of font `index` of [`Document::fonts`], if there is such a font.
    pub fn font_id(&self, index: usize) -> Option<FontId> {
        (index < self.fonts.len()).then_some(FontId(index))
    }
}

impl SourceMap {
    /// The span of item `item` of page `page`, if one was recorded.
    pub fn span(&self, page: usize, item: usize) -> Option<Span> {
        self.pages.get(page)?.get(item).copied().filter(|s| !s.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ink_holds_only_zero_to_one() {
        assert_eq!(Ink::new(0.0), Some(Ink::PAPER));
        assert_eq!(Ink::new(1.0), Some(Ink::BLACK));
        assert_eq!(Ink::new(0.25).map(Ink::value), Some(0.25));
        for bad in [-0.01, 1.01, f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
            assert_eq!(Ink::new(bad), None, "{bad}");
        }
        assert_eq!(Ink::clamped(-3.0), Ink::PAPER);
        assert_eq!(Ink::clamped(f32::NAN), Ink::PAPER);
        assert_eq!(Ink::clamped(7.0), Ink::BLACK);
        assert_eq!(Ink::clamped(0.62).value(), 0.62);
    }

    #[test]
    fn an_outline_begins_with_a_move() {
        let (a, b) = (Point::new(1.0, 2.0), Point::new(3.0, 4.0));
        assert_eq!(Outline::from_elements(vec![]), None);
        assert_eq!(Outline::from_elements(vec![PathEl::LineTo(a)]), None);
        assert_eq!(Outline::from_elements(vec![PathEl::CubicTo(a, a, b)]), None);
        assert_eq!(Outline::from_elements(vec![PathEl::Close, PathEl::MoveTo(a)]), None);
        let mut built = Outline::new(a);
        built.line_to(b).close();
        assert_eq!(
            Outline::from_elements(vec![PathEl::MoveTo(a), PathEl::LineTo(b), PathEl::Close]),
            Some(built.clone())
        );
        built.map_points(|p| Point::new(p.x + 1.0, p.y * 2.0));
        assert_eq!(
            built[..],
            [PathEl::MoveTo(Point::new(2.0, 4.0)), PathEl::LineTo(Point::new(4.0, 8.0)), PathEl::Close]
        );
        let line = Path::line(a, b, Stroke { width: 1.0, ink: Ink::BLACK, cap: LineCap::Butt, join: LineJoin::Miter });
        assert_eq!(line.els[..], [PathEl::MoveTo(a), PathEl::LineTo(b)]);
    }

    #[test]
    fn a_turn_is_clockwise_on_the_page_about_its_centre() {
        let c = Point::new(10.0, 20.0);
        let t = Transform::rotate_about(90.0, c);
        let near = |a: Point, b: Point| (a.x - b.x).abs() < 1e-4 && (a.y - b.y).abs() < 1e-4;
        assert!(near(t.apply(c), c));
        // One point right of the centre goes one point down: clockwise with y down.
        assert!(near(t.apply(Point::new(11.0, 20.0)), Point::new(10.0, 21.0)));
        assert!((t.angle() - 90.0).abs() < 1e-4);
        let back = Transform::rotate_about(-90.0, c).then_after(&t);
        assert!(near(back.apply(Point::new(3.0, 4.0)), Point::new(3.0, 4.0)));
        assert_eq!(Transform::IDENTITY.apply(Point::new(3.0, 4.0)), Point::new(3.0, 4.0));
    }

    #[test]
    fn font_ids_name_fonts_of_the_document() {
        let font = FontSource {
            postscript_name: "Test".into(),
            data: std::sync::Arc::new(Vec::<u8>::new()),
            index: 0,
            units_per_em: 1000,
            file: Default::default(),
        };
        let mut doc = Document::default();
        assert_eq!(doc.font_id(0), None);
        let first = doc.add_font(font.clone());
        let second = doc.add_font(font);
        assert_eq!((first.index(), second.index()), (0, 1));
        assert_eq!(doc.font_id(1), Some(second));
        assert_eq!(doc.font_id(2), None);
    }
}
