//! The validated book: every value typed, every page length in points, every choice an
//! enum. Lengths relative to a block's type size stay [`Length`] until layout knows it.

use super::Style;
use crate::units::Length;
use std::path::PathBuf;

/// The whole book as read from `layout/`: book.toml's settings and every section, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Book {
    /// The book's title (title page, PDF metadata).
    pub title: String,
    /// A subtitle under the title, if any.
    pub subtitle: Option<String>,
    /// The poet, if named.
    pub author: Option<String>,
    /// book.toml and where its title, subtitle and author are written (from the first to
    /// the end of the last), for messages about their characters.
    pub(crate) words_at: Option<(crate::diag::Source, std::ops::Range<usize>)>,
    /// Print a contents page after the title page.
    pub contents: bool,
    /// What the back of the title page carries.
    pub title_verso: TitleVerso,
    /// Where sections open unless they say otherwise.
    pub start: Start,
    /// The poet's colophon (placeholders not yet filled in); None: one made from facts.
    pub colophon: Option<String>,
    /// The language of the text, a well-formed BCP 47 tag (`language`, default `en`).
    pub language: String,
    /// Trim size and margins.
    pub page: PageSpec,
    /// The body type: family, size, leading, features.
    pub body: TypeSpec,
    /// The family of the monospaced face for art, if the book names one.
    pub mono: Option<String>,
    /// `[type] fallback`: families a character missing from a block's face is taken from,
    /// the first that has it.
    pub fallback: Vec<String>,
    /// What the printer gets: bleed, marks, PDF/X, the print service.
    pub print: PrintSpec,
    /// `[cover]`: what `chapbook cover` makes.
    pub(crate) cover: CoverSpec,
    /// The sections in reading order (the `*.toml` files of `layout/`, by name).
    pub sections: Vec<Section>,
    /// The project folder everything was read from.
    pub root: PathBuf,
    /// Every place the TOML names a font family or style, to check against `fonts/` once
    /// the fonts are scanned.
    pub(crate) font_refs: Vec<FontRef>,
    /// Soft problems found while reading (a tint clamped into range).
    pub warnings: Vec<crate::diag::Diagnostic>,
}

/// A family and/or style as written in a spec file, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct FontRef {
    /// The spec file the reference is in.
    pub source: crate::diag::Source,
    /// None: the book's body family (book.toml names none, or a block names only a style).
    pub family: Option<(String, std::ops::Range<usize>)>,
    /// The style, if one is written, and its byte span.
    pub style: Option<(Style, std::ops::Range<usize>)>,
}

/// The back of the title page: left blank, or carrying the colophon (and the contents
/// above it when they fit), as a copyright page does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TitleVerso {
    /// Left blank.
    Blank,
    /// The colophon (and the contents above it when they fit).
    Colophon,
}

/// Where a section opens: on the next right-hand page, or on the next page of either side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Start {
    /// On the next right-hand (odd) page.
    Recto,
    /// On the next page, left or right.
    Any,
}

/// What a verse line too wide for the measure does: the block is set smaller (down to
/// 80 %), or the line turns over onto an indented continuation line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Overflow {
    /// The whole block is set smaller, down to 80 %.
    Shrink,
    /// The line breaks at a space and continues indented below.
    Turnover,
}

/// The placeholders a poet's colophon may use.
pub(crate) const COLOPHON_FIELDS: &[&str] = &["title", "author", "trim", "fonts", "pages"];

/// The page: trim size and margins, all in points.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSpec {
    /// Preset name or the size as written.
    pub size_name: String,
    /// Trim width.
    pub width: f32,
    /// Trim height.
    pub height: f32,
    /// Margin at the spine.
    pub inside: f32,
    /// Margin at the fore-edge.
    pub outside: f32,
    /// Margin at the head.
    pub top: f32,
    /// Margin at the foot.
    pub bottom: f32,
    /// Whether book.toml wrote any margin (else all four are the canon's, `spec::canon`).
    pub margins_written: bool,
    /// 1.0, or the fraction of their size the margins gave way to at a small page, so
    /// that the type could keep its size (`spec::canon::give_way`).
    pub margin_scale: f32,
}

impl PageSpec {
    /// The text block of page `index` (0-based; even indices are rectos, so the inside
    /// margin is on the left): the margins taken off the trim, in page points (y down).
    pub fn text_block(&self, index: usize) -> crate::display::Rect {
        let f = self.frame(index);
        crate::display::Rect { x0: f.x, y0: f.top, x1: f.x + f.width, y1: f.bottom }
    }

    /// [`PageSpec::text_block`] as layout measures it.
    pub(crate) fn frame(&self, index: usize) -> Frame {
        let left = if index.is_multiple_of(2) { self.inside } else { self.outside };
        Frame {
            x: left,
            width: self.width - self.inside - self.outside,
            top: self.top,
            bottom: self.height - self.bottom,
        }
    }
}

/// The text block of one page, in page coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Frame {
    /// Left edge of the text block, points from the trim's left edge.
    pub x: f32,
    /// The measure.
    pub width: f32,
    /// Top of the text block.
    pub top: f32,
    /// Bottom of the text block.
    pub bottom: f32,
}

impl Frame {
    /// `bottom − top`.
    pub fn height(&self) -> f32 {
        self.bottom - self.top
    }
}

/// The book's body type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeSpec {
    /// Font family, as found in `fonts/`.
    pub family: String,
    /// Type size in points.
    pub size: f32,
    /// Baseline to baseline, in points.
    pub leading: f32,
    /// OpenType features to turn on (`onum`, `liga` …).
    pub features: Vec<String>,
    /// Whether book.toml writes the size; if not, it is the trim's default
    /// ([`super::canon::default_body`]) at whatever size the book is built.
    pub(crate) size_written: bool,
}

/// What the printer gets.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintSpec {
    /// Bleed beyond the trim on every side, in points.
    pub bleed: f32,
    /// Pad the page count to a multiple of this (0 or 1: no padding).
    pub pad_to: u32,
    /// Crop marks outside the bleed.
    pub marks: bool,
    /// Write PDF/X-1a:2001.
    pub pdfx: bool,
    /// `OutputConditionIdentifier`: a registered name (the registered names are in `intents.rs`), or any
    /// name when `output_profile` is given.
    pub output_condition: String,
    /// The printer's CMYK output ICC profile, found under the project; embedded as the
    /// output intent's `DestOutputProfile`.
    pub output_profile: Option<std::path::PathBuf>,
    /// A print service whose rules the book follows (`ingramspark`, `lulu`, `kdp`,
    /// `offset`; see [`crate::targets`]).
    pub target: Option<&'static crate::targets::Target>,
    /// How the book is bound (`saddle`, `perfect`; None: the target's usual binding).
    pub binding: Option<crate::targets::Binding>,
}

/// `[cover]` of book.toml, checked: the binding, the paper, the back's text, the front's
/// drawing and the ISBN.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CoverSpec {
    /// Whether book.toml has a `[cover]` table (`chapbook check` then checks the cover too).
    pub given: bool,
    /// `binding`; `None`: the command line's, else saddle.
    pub binding: Option<crate::targets::Binding>,
    /// `paper` (`white`, `cream`, `color`), looked up in the service's table when the
    /// cover is made.
    pub paper: Option<String>,
    /// Where `paper` is written, for messages.
    pub paper_span: Option<std::ops::Range<usize>>,
    /// `caliper`: the thickness of one leaf (two pages), in points.
    pub caliper: Option<f32>,
    /// `back`: the back cover's text, paragraphs split by blank lines.
    pub back: Option<String>,
    /// Where `back` is written, for messages.
    pub back_span: Option<std::ops::Range<usize>>,
    /// `art`: a text-art drawing for the front, with where it is written.
    pub art: Option<(String, std::ops::Range<usize>)>,
    /// `isbn`, its check digit verified.
    pub isbn: Option<crate::barcode::Isbn>,
    /// book.toml, for messages about the drawing.
    pub source: Option<crate::diag::Source>,
}

/// One section: a `layout/*.toml` file.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The section file.
    pub file: PathBuf,
    /// The file's text, for messages that show where a block is.
    pub source: crate::diag::Source,
    /// The numeral printed above the title (`IV`), if any.
    pub numeral: Option<String>,
    /// The section's title, if any.
    pub title: Option<String>,
    /// Where the numeral and title are written (from the first's value to the end of the
    /// last's), for messages about the heading's characters.
    pub(crate) heading_span: Option<std::ops::Range<usize>>,
    /// None: the book's `start`.
    pub start: Option<Start>,
    /// The blocks, top to bottom.
    pub blocks: Vec<Block>,
}

impl Section {
    /// How messages and the outline name the section: `II “Boxes”`, `“Boxes”`, `II`, or
    /// its file name when it has neither; the title's words without their inline markup.
    pub fn name(&self) -> String {
        let title = self.title.as_deref().map(super::inline::plain);
        match (&self.numeral, &title) {
            (Some(n), Some(t)) => format!("{n} “{t}”"),
            (None, Some(t)) => format!("“{t}”"),
            (Some(n), None) => n.clone(),
            (None, None) => self.file.file_name().unwrap_or_default().to_string_lossy().into_owned(),
        }
    }
}

/// One `[[block]]` of a section.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// 1-based position in the section, and 1-based line of its `[[block]]`, for messages.
    pub number: usize,
    /// 1-based line of its `[[block]]` header.
    pub line: usize,
    /// Byte span of the block's `[[block]]` header line in its section file.
    pub span: std::ops::Range<usize>,
    /// Extra space above the block (None: the default).
    pub space_before: Option<Length>,
    /// Extra space below the block (None: the default).
    pub space_after: Option<Length>,
    /// Keep this block on the page of the block after it (moved over with it) when both
    /// fit on one page. Default: on for art, off otherwise.
    pub keep_with_next: bool,
    /// The poet's alternative text for a drawing or chart (`alt = "…"`; empty: the poet
    /// chose none). `None`: made from the drawing's own words.
    pub alt: Option<String>,
    /// The block turned by this many degrees (clockwise on the page) about its centre.
    pub rotate: Option<f32>,
    /// What the block is, with its settings.
    pub kind: BlockKind,
}

/// The kinds of block, each with its settings.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum BlockKind {
    /// Lines of verse.
    Verse(Verse),
    /// A text-art drawing, drawn as lines, boxes and arrows.
    Art(Art),
    /// A dot or bar chart from `label value` lines.
    Chart(Chart),
    /// Vertical space of this length.
    Space(Length),
    /// Words placed where the poet says, each at its own point, size and angle.
    Free(Free),
    /// Text set along a curve: a circle, a spiral or the poet's path.
    OnPath(OnPath),
}

impl BlockKind {
    /// The kind as the spec writes it: `verse`, `art`, `chart`, `space`, `free`, `path`.
    pub fn name(&self) -> &'static str {
        match self {
            BlockKind::Verse(_) => "verse",
            BlockKind::Art(_) => "art",
            BlockKind::Chart(_) => "chart",
            BlockKind::Space(_) => "space",
            BlockKind::Free(_) => "free",
            BlockKind::OnPath(_) => "path",
        }
    }
}

/// Horizontal placement of a block's lines within the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Align {
    /// Flush left.
    Left,
    /// Each line centred.
    Center,
    /// Flush right.
    Right,
    /// The block is centred on its longest line; its lines stay flush left.
    Optical,
}

/// Face, size and features of a block's text; `None` means the book's.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Face {
    /// Font family (None: the book's).
    pub family: Option<String>,
    /// Style: regular, italic, bold … (None: regular).
    pub style: Option<Style>,
    /// Type size (None: the book's).
    pub size: Option<Length>,
    /// OpenType features added to the book's.
    pub features: Vec<String>,
}

/// A verse block.
#[derive(Debug, Clone, PartialEq)]
pub struct Verse {
    /// The lines, as written (leading spaces indent).
    pub text: String,
    /// The face.
    pub(crate) face: Face,
    /// Placement of the lines.
    pub align: Align,
    /// Indent of the whole block.
    pub indent: Length,
    /// Indent for each leading space of a line.
    pub indent_step: Length,
    /// Line spacing (None: the book's).
    pub leading: Option<Length>,
    /// Extra space between letters.
    pub letter_spacing: Length,
    /// Space for a blank line between stanzas (None: one line).
    pub stanza_space: Option<Length>,
    /// Ink of the text, 0.0 (paper) to 1.0 (black).
    pub ink: f32,
    /// An ink ramp across the lines instead of one ink.
    pub(crate) tint: Option<Tint>,
    /// A size ramp across the lines instead of one size (the leading follows each line's size).
    pub(crate) size_ramp: Option<SizeRamp>,
    /// What a line too wide for the measure does.
    pub overflow: Overflow,
}

/// An ink ramp across the lines of a verse block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tint {
    /// Ink of the first line, 0–1.
    pub from: f32,
    /// Ink reached at `peak`, 0–1.
    pub to: f32,
    /// 1-based line at which `to` is reached (default: the last line).
    pub peak: Option<usize>,
}

/// A size ramp across the lines of a verse block, as [`Tint`] ramps the ink.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SizeRamp {
    /// Size of the first line.
    pub from: Length,
    /// Size reached at `peak`.
    pub to: Length,
    /// 1-based line at which `to` is reached (default: the last line).
    pub peak: Option<usize>,
}

/// A free block: a band `height` tall in which each item sits where the poet put it.
#[derive(Debug, Clone, PartialEq)]
pub struct Free {
    /// Height of the band the block takes in the page.
    pub height: Length,
    /// The face items use unless they name their own size, style or family.
    pub(crate) face: Face,
    /// Ink of items without a `tint`.
    pub ink: f32,
    /// The items, in painting order.
    pub(crate) items: Vec<FreeItem>,
}

/// One `[[block.item]]` of a free block.
#[derive(Debug, Clone, PartialEq)]
pub struct FreeItem {
    /// The words.
    pub text: String,
    /// From the block's left edge (the measure's left) to the start of the baseline.
    pub x: Length,
    /// From the block's top to the baseline.
    pub y: Length,
    /// The item's own face (size, style, family), else the block's.
    pub face: Face,
    /// Ink, 0–1 (None: the block's).
    pub ink: Option<f32>,
    /// Degrees, clockwise on the page, about the start of the baseline.
    pub rotate: f32,
    /// Whether the item is meant to run into the bleed.
    pub bleed: bool,
    /// The file and the span of the `[[block.item]]` table, for warnings.
    pub at: (crate::diag::Source, std::ops::Range<usize>),
}

/// The curve of a path block.
#[derive(Debug, Clone, PartialEq)]
pub enum PathShape {
    /// A circle of this radius, read clockwise from its top.
    Circle(Length),
    /// An Archimedean spiral of this outer radius and number of turns, read clockwise
    /// from its outer end at the top inward.
    Spiral(Length, f32),
    /// The poet's path: SVG path data in points, y down, from the block's top-left.
    Data(Vec<crate::display::PathEl>),
}

/// Where along the path the text's anchor sits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Along {
    /// A length along the path (a percentage: of the path's length).
    Length(Length),
    /// An angle round a circle or spiral, clockwise from its start at the top.
    Angle(f32),
}

/// Which point of the text sits at `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathAlign {
    /// The text begins there.
    Start,
    /// The text is centred there.
    Center,
    /// The text ends there.
    End,
}

/// A path block: one line of text along a curve.
#[derive(Debug, Clone, PartialEq)]
pub struct OnPath {
    /// The words (line breaks become spaces).
    pub text: String,
    /// The face.
    pub(crate) face: Face,
    /// Ink, 0–1.
    pub ink: f32,
    /// Extra space between letters.
    pub letter_spacing: Length,
    /// The curve.
    pub(crate) shape: PathShape,
    /// Where the anchor sits (None: the path's start for `Start`, its middle for
    /// `Center`, its end for `End`).
    pub(crate) start: Option<Along>,
    /// Which point of the text is the anchor.
    pub(crate) align: PathAlign,
    /// Height of the band the block takes (None: what the curve and its letters reach).
    pub height: Option<Length>,
}

/// A text-art block.
#[derive(Debug, Clone, PartialEq)]
pub struct Art {
    /// The drawing, as written in the monospaced grid.
    pub text: String,
    /// The face of the drawing's words.
    pub(crate) face: Face,
    /// The smallest size the drawing may be set at to fit the measure.
    pub min_size: Length,
    /// Width of the drawing (None: as the grid gives at the type size).
    pub width: Option<Length>,
    /// Height of a grid row (None: the leading).
    pub row_height: Option<Length>,
    /// Line width (None: from the type size).
    pub stroke: Option<Length>,
    /// Length of arrowheads (None: from the type size).
    pub arrow_length: Option<Length>,
    /// Width of arrowheads (None: from the type size).
    pub arrow_width: Option<Length>,
    /// Round the corners of boxes and lines.
    pub rounded: bool,
    /// Ink of the lines, 0–1.
    pub ink_lines: f32,
    /// Ink of the words, 0–1.
    pub ink_text: f32,
    /// Fill of boxes (0 = none).
    pub ink_boxes: f32,
    /// Characters to read as drawing besides the built-in ones.
    pub art_chars: String,
    /// Characters to read as text even where they could be drawing.
    pub text_chars: String,
    /// Placement of the drawing.
    pub align: Align,
}

/// How a chart draws its bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarStyle {
    /// A row of dots.
    Dots,
    /// A solid bar.
    Solid,
}

/// A chart block.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The `label value` lines.
    pub text: String,
    /// The face of the labels.
    pub(crate) face: Face,
    /// How bars are drawn.
    pub(crate) bar: BarStyle,
    /// Width of the longest bar (None: what the measure leaves).
    pub width: Option<Length>,
    /// Ink of the bars and labels, 0–1.
    pub ink: f32,
}
