//! The validated book: every value typed, every page length in points, every choice an
//! enum. Lengths relative to a block's type size stay [`Length`] until layout knows it.

use crate::text::Style;
use crate::units::Length;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub struct Book {
    pub title: String,
    pub subtitle: Option<String>,
    pub author: Option<String>,
    /// Print a contents page after the title page.
    pub contents: bool,
    /// What the back of the title page carries.
    pub title_verso: TitleVerso,
    /// Where sections open unless they say otherwise.
    pub start: Start,
    /// The poet's colophon (placeholders not yet filled in); None: one made from facts.
    pub colophon: Option<String>,
    pub page: PageSpec,
    pub body: TypeSpec,
    pub mono: Option<String>,
    pub print: PrintSpec,
    pub sections: Vec<Section>,
    /// The project folder everything was read from.
    pub root: PathBuf,
    /// Every place the TOML names a font family or style, to check against `fonts/` once
    /// the fonts are scanned.
    pub font_refs: Vec<FontRef>,
    /// Soft problems found while reading (a tint clamped into range).
    pub warnings: Vec<crate::diag::Diagnostic>,
}

/// A family and/or style as written in a spec file, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct FontRef {
    pub source: crate::diag::Source,
    /// None: the book's body family (book.toml names none, or a block names only a style).
    pub family: Option<(String, std::ops::Range<usize>)>,
    pub style: Option<(Style, std::ops::Range<usize>)>,
}

/// The back of the title page: left blank, or carrying the colophon (and the contents
/// above it when they fit), as a copyright page does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleVerso {
    Blank,
    Colophon,
}

/// Where a section opens: on the next right-hand page, or on the next page of either side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    Recto,
    Any,
}

/// What a verse line too wide for the measure does: the block is set smaller (down to
/// 80 %), or the line turns over onto an indented continuation line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overflow {
    Shrink,
    Turnover,
}

/// The placeholders a poet's colophon may use.
pub const COLOPHON_FIELDS: &[&str] = &["title", "author", "trim", "fonts", "pages"];

#[derive(Debug, Clone, PartialEq)]
pub struct PageSpec {
    /// Preset name or the size as written.
    pub size_name: String,
    pub width: f32,
    pub height: f32,
    pub inside: f32,
    pub outside: f32,
    pub top: f32,
    pub bottom: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeSpec {
    pub family: String,
    pub size: f32,
    pub leading: f32,
    pub features: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PrintSpec {
    pub bleed: f32,
    /// Pad the page count to a multiple of this (0 or 1: no padding).
    pub pad_to: u32,
    pub marks: bool,
    pub pdfx: bool,
    /// `OutputConditionIdentifier`: a registered name (see [`crate::intents`]), or any
    /// name when `output_profile` is given.
    pub output_condition: String,
    /// The printer's CMYK output ICC profile, found under the project; embedded as the
    /// output intent's `DestOutputProfile`.
    pub output_profile: Option<std::path::PathBuf>,
    /// A print service whose rules the book follows (`ingramspark`, `lulu`, `kdp`,
    /// `offset`; see [`crate::preflight::targets`]).
    pub target: Option<&'static crate::preflight::targets::Target>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub file: PathBuf,
    /// The file's text, for messages that show where a block is.
    pub source: crate::diag::Source,
    pub numeral: Option<String>,
    pub title: Option<String>,
    /// None: the book's `start`.
    pub start: Option<Start>,
    pub blocks: Vec<Block>,
}

impl Section {
    /// How messages and the outline name the section: `II “Boxes”`, `“Boxes”`, `II`, or
    /// its file name when it has neither.
    pub fn name(&self) -> String {
        match (&self.numeral, &self.title) {
            (Some(n), Some(t)) => format!("{n} “{t}”"),
            (None, Some(t)) => format!("“{t}”"),
            (Some(n), None) => n.clone(),
            (None, None) => self.file.file_name().unwrap_or_default().to_string_lossy().into_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// 1-based position in the section, and 1-based line of its `[[block]]`, for messages.
    pub number: usize,
    pub line: usize,
    /// Byte span of the block's `[[block]]` header line in its section file.
    pub span: std::ops::Range<usize>,
    pub space_before: Option<Length>,
    pub space_after: Option<Length>,
    /// Keep this block on the page of the block after it (moved over with it) when both
    /// fit on one page. Default: on for art, off otherwise.
    pub keep_with_next: bool,
    pub kind: BlockKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    Verse(Verse),
    Art(Art),
    Chart(Chart),
    Space(Length),
}

impl BlockKind {
    pub fn name(&self) -> &'static str {
        match self {
            BlockKind::Verse(_) => "verse",
            BlockKind::Art(_) => "art",
            BlockKind::Chart(_) => "chart",
            BlockKind::Space(_) => "space",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    /// The block is centred on its longest line; its lines stay flush left.
    Optical,
}

/// Face, size and features of a block's text; `None` means the book's.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Face {
    pub family: Option<String>,
    pub style: Option<Style>,
    pub size: Option<Length>,
    pub features: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Verse {
    pub text: String,
    pub face: Face,
    pub align: Align,
    pub indent: Length,
    pub indent_step: Length,
    pub leading: Option<Length>,
    pub letter_spacing: Length,
    pub stanza_space: Option<Length>,
    pub ink: f32,
    pub tint: Option<Tint>,
    pub overflow: Overflow,
}

/// An ink ramp across the lines of a verse block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tint {
    pub from: f32,
    pub to: f32,
    /// 1-based line at which `to` is reached (default: the last line).
    pub peak: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Art {
    pub text: String,
    pub face: Face,
    pub min_size: Length,
    pub width: Option<Length>,
    pub row_height: Option<Length>,
    pub stroke: Option<Length>,
    pub arrow_length: Option<Length>,
    pub arrow_width: Option<Length>,
    pub rounded: bool,
    pub ink_lines: f32,
    pub ink_text: f32,
    /// Fill of boxes (0 = none).
    pub ink_boxes: f32,
    pub art_chars: String,
    pub text_chars: String,
    pub align: Align,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarStyle {
    Dots,
    Solid,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub text: String,
    pub face: Face,
    pub bar: BarStyle,
    pub width: Option<Length>,
    pub ink: f32,
}
