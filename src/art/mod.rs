//! Text art → vector drawing: the public API and the plain types of the `art` stage.
//!
//! [`parse`] reads a block of monospaced text art (box drawing, arrows, ASCII lines and the
//! words between them) and returns a [`Drawing`]: strokes, arrowheads, boxes, dots and text
//! labels, all in **cell units**. It is pure `std` and knows nothing about fonts, pages or any
//! particular text; layout scales cell units to points and shapes the labels.
//!
//! # Coordinates
//! x counts columns, y counts rows (y grows down); the origin is the top-left corner of cell
//! (0, 0), so the centre of cell `(c, r)` is `(c + 0.5, r + 0.5)`.
//!
//! # Grid
//! Rows are Unicode scalar values, one cell each, or two for East Asian wide and fullwidth
//! characters and emoji presentation ([`cells_of`]), as a terminal shows them, so a box
//! drawn around `雨` closes. Ragged rows are padded with spaces.
//! Trailing spaces do not count towards `cols`; trailing blank rows are trimmed, leading
//! blank rows are **kept** (so row numbers match the source lines). A `\r` before a line
//! break is ignored; a tab or another control character is an [`ArtError`].
//!
//! # Representation
//! - Strokes go through cell centres. Each maximal straight run of connected arms (same
//!   weight) is one segment from the centre of its first cell to the centre of its last.
//!   Where exactly two segment ends meet at right angles in a corner cell (nothing passing
//!   through), they are chained into one polyline, so corners are stroked as joins (no gap,
//!   no overshoot). A chain that closes on itself is a `closed` polyline, listed from its
//!   top-left vertex going east first: a box `┌─┐/└─┘` at the origin is the closed polyline
//!   `(0.5,0.5) (2.5,0.5) (2.5,1.5) (0.5,1.5)`. At tees and crosses the through-line is one
//!   segment and the branch ends exactly on its centre line.
//! - A line whose arm runs into a cell that is itself a line (but does not reach back) ends
//!   at that cell's centre (an implicit tee). An arm into an empty or text cell ends at its
//!   own centre. A line character with no connection at all along an axis (a lone `─`, `│`,
//!   `╴`) is drawn from its arm's edge(s): a lone `│` spans its cell from top to bottom edge.
//! - Arrows: a line reaching an arrow from behind extends into the arrow's cell and ends at
//!   the tip, the far edge of that cell (`──►` at the origin: segment `(0.5,0.5)–(3,0.5)`,
//!   head tip `(3,0.5)` pointing E) — or, when the next cell is a line, on that line's
//!   centre (`──►│`: tip `(3.5,0.5)`), and when the arrow was typed in a wall's cell (lines
//!   reach into it across its direction), on its own centre, the wall staying continuous.
//!   The polyline runs **to the tip**; a renderer should stop the stroke at the base of the
//!   head it draws. A lone arrow is a one-cell shaft from the tail edge to the tip edge plus
//!   a head (`→` at the origin: `(0,0.5)–(1,0.5)`, tip `(1,0.5)`); between two words with
//!   only blanks around it, it is a connector whose two ends reach for the words.
//! - Ends that must arrive at something only layout can measure are listed as
//!   [`Reach`]es: an open line end or an arrow's tip facing a word (next cell, or after one
//!   blank along a row) stops a clearance before the word's ink; an end on a double line
//!   stops on its near stroke. Layout moves every open end and tip at the reach's point.
//! - Diagonals `/ \ ╱ ╲ ╳` run corner to corner of their cells (ASCII ones when continued,
//!   or alone between words or beside art); an end touching a line runs on to it.
//! - Near misses (a line one cell short of another, two lines passing one cell apart) are
//!   reported as [`NearMiss`]es for warnings.
//! - Block elements and shades (U+2580–U+259F) are [`Fill`]s: filled rectangles, shades
//!   as 25, 50 and 75 % tints, merged along rows so a bar is one rectangle.
//! - Labels are runs of text cells; see [`Label`] and [`LabelAlign`].

mod arms;
mod arrows;
mod blocks;
mod boxes;
mod grid;
mod labels;
mod misses;
mod strokes;
#[cfg(test)]
mod tests;

use std::fmt;

pub use grid::cells_of;

/// What to treat as art beyond the built-in set.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArtOptions {
    /// Extra characters to treat as art. `v ^ < > V` become arrows even when no line reaches
    /// them (`V` points south); `_` becomes a rule along the bottom edge of its cells; any
    /// other character (e.g. `•`) becomes a [`Dot`] at its cell centre.
    pub extra_art: String,
    /// Characters always kept as letters, even box drawing or arrows.
    pub force_text: String,
    /// Draw square corners rounded too (`╭╮╰╯` are always rounded).
    pub rounded: bool,
}

/// Why a block cannot be read as text art.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArtError {
    /// A tab character; `line` and `col` are 1-based (col counts characters).
    Tab {
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        col: usize,
    },
    /// Another control character (not a line break), 1-based position.
    Control {
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        col: usize,
        /// The character.
        ch: char,
    },
}

impl fmt::Display for ArtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArtError::Tab { line, col } => write!(
                f,
                "tab character at line {line}, column {col} of the text art; \
                 text art is a grid of single cells, replace the tab with spaces"
            ),
            ArtError::Control { line, col, ch } => write!(
                f,
                "control character U+{:04X} at line {line}, column {col} of the text art; \
                 remove it",
                *ch as u32
            ),
        }
    }
}

impl std::error::Error for ArtError {}

/// Stroke weight of a line (from the box-drawing character; ASCII is light).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weight {
    /// A light stroke (`─ │ ┌`, and ASCII `- | +`).
    Light,
    /// A heavy stroke (`━ ┃ ┏ …`).
    Heavy,
    /// Two parallel light strokes (`═ ║ ╔ …`); the renderer draws both along the path.
    Double,
}

/// A compass direction on the grid (y grows down: `S` is +y).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dir {
    /// Up (−y).
    N,
    /// Right (+x).
    E,
    /// Down (+y).
    S,
    /// Left (−x).
    W,
}

impl Dir {
    /// The four directions, clockwise from north.
    pub const ALL: [Dir; 4] = [Dir::N, Dir::E, Dir::S, Dir::W];

    /// The direction pointing the other way.
    pub fn opposite(self) -> Dir {
        match self {
            Dir::N => Dir::S,
            Dir::E => Dir::W,
            Dir::S => Dir::N,
            Dir::W => Dir::E,
        }
    }

    /// One step in this direction as (dcol, drow).
    pub fn delta(self) -> (isize, isize) {
        match self {
            Dir::N => (0, -1),
            Dir::E => (1, 0),
            Dir::S => (0, 1),
            Dir::W => (-1, 0),
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// A stroked path through cell-unit points.
#[derive(Debug, Clone, PartialEq)]
pub struct Polyline {
    /// The points in order, in cell units (x = column, y = row, cell centres at .0).
    pub points: Vec<(f32, f32)>,
    /// How heavy the stroke is.
    pub weight: Weight,
    /// Drawn with dashed characters (`┄ ┆ ╌ ╎ …`): the renderer dashes it.
    pub dashed: bool,
    /// Round the path's interior vertices (quarter circles of radius ≤ half a cell); set when
    /// one of its corners is `╭╮╰╯` or [`ArtOptions::rounded`] is on.
    pub rounded_corners: bool,
    /// The last point joins back to the first (stroke with a close-path).
    pub closed: bool,
}

/// A filled arrowhead; its tip is at `tip`, pointing `dir` (the shaft lies behind it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arrowhead {
    /// Where the point is, in cell units.
    pub tip: (f32, f32),
    /// The way it points.
    pub dir: Dir,
}

/// What a stroke end reaches for, settled by layout once the text is placed (see [`Reach`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReachTo {
    /// The label with this index into [`Drawing::labels`]: the end stops a small clearance
    /// before the label's ink.
    Label(usize),
    /// A double line whose centre line the end sits on: the end stops on its near stroke.
    DoubleLine,
}

/// A stroke end (an open line end, an arrow's tip, a connector's tail) that arrives at
/// something only layout can measure. Every open polyline end and every arrowhead tip at
/// `at` (cell units) moves along `dir` (the way the end points) to its target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reach {
    /// The end, in cell units.
    pub at: (f32, f32),
    /// The way the end points.
    pub dir: Dir,
    /// What it reaches for.
    pub to: ReachTo,
}

/// Something drawn that is legal but probably not meant, at the cell (0-based row and
/// column of the source) where it shows; `other` is the cell of the line it nearly meets.
#[derive(Debug, Clone, PartialEq)]
pub struct NearMiss {
    /// 0-based row of the cell where it shows.
    pub row: usize,
    /// 0-based column of that cell.
    pub col: usize,
    /// What kind of near miss.
    pub kind: NearMissKind,
    /// (row, column) of the line it nearly meets.
    pub other: (usize, usize),
}

/// The kinds of [`NearMiss`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NearMissKind {
    /// A line stops one blank cell before a line across its way.
    OneCellShort,
    /// Two lines run past each other one cell apart where they should meet (a box whose
    /// wall is one column off).
    PassOneApart,
    /// A branch (`/`, `\`) leads from a word to nothing: its other end touches no word and
    /// no line. `other` is the word's cell.
    BranchToNothing,
}

impl NearMiss {
    /// What is wrong, naming the other cell with `place(row, col)` (e.g. "line 10,
    /// column 7" of the file), and the fix, in the poet's words.
    pub fn describe(&self, place: &dyn Fn(usize, usize) -> String) -> (String, &'static str) {
        let other = place(self.other.0, self.other.1);
        match self.kind {
            NearMissKind::OneCellShort => (
                format!("this line stops one cell short of the line at {other}"),
                "extend it by one cell so they meet, or leave a wider gap if the space is meant",
            ),
            NearMissKind::BranchToNothing => (
                format!("this branch leads from the word at {other} to nothing"),
                "end it with its corner touching the word it leads to (its first or last letter), or remove it",
            ),
            NearMissKind::PassOneApart => (
                format!("this line and the one at {other} pass each other one cell apart"),
                "line them up so the shape closes",
            ),
        }
    }
}

/// A closed rectangle of lines. Coordinates are the cell centres of its corners (where its
/// stroke runs); the interior faces are `left + 0.5`, `right − 0.5`, etc.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxRect {
    /// Column of the left wall.
    pub left: f32,
    /// Row of the top wall.
    pub top: f32,
    /// Column of the right wall.
    pub right: f32,
    /// Row of the bottom wall.
    pub bottom: f32,
    /// Drawn with rounded corners.
    pub rounded: bool,
    /// Index into [`Drawing::lines`] of the closed polyline that draws it.
    pub line: usize,
}

/// How layout should place a label's shaped text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LabelAlign {
    /// Left edge at `col_start`.
    Left,
    /// Centre the text between `left` and `right` (cell units).
    Center {
        /// Left bound, cell units.
        left: f32,
        /// Right bound, cell units.
        right: f32,
    },
    /// Right edge at `right` (cell units).
    Right {
        /// The right edge, cell units.
        right: f32,
    },
}

/// A run of text on one row: non-space, non-art cells joined across single spaces.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// 0-based row.
    pub row: usize,
    /// 0-based column of the first character.
    pub col_start: usize,
    /// Exclusive.
    pub col_end: usize,
    /// The characters, single spaces between words kept.
    pub text: String,
    /// How layout places it.
    pub align: LabelAlign,
    /// Index into [`Drawing::boxes`] of the innermost box that contains it.
    pub in_box: Option<usize>,
}

/// A bullet drawn as a filled dot at a cell centre.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dot {
    /// The cell centre, in cell units.
    pub centre: (f32, f32),
    /// The source character (so a renderer may size `·` and `•` differently).
    pub ch: char,
}

/// A filled rectangle from block elements (`█ ▀ ▄ ▌ ▐ ▖ …`) and shades (`░ ▒ ▓`): cells
/// of the same height and tint next to each other on a row make one rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fill {
    /// Left, top, right, bottom, in cell units.
    pub rect: [f32; 4],
    /// How much of the lines' ink it takes: 1 for blocks, 0.25, 0.5 and 0.75 for the shades.
    pub tint: f32,
}

/// The vector reading of a text-art block, in cell units.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Drawing {
    /// Widest row (trailing spaces ignored).
    pub cols: usize,
    /// Number of rows (trailing blank rows trimmed, leading ones kept).
    pub rows: usize,
    /// The strokes.
    pub lines: Vec<Polyline>,
    /// The arrowheads.
    pub arrowheads: Vec<Arrowhead>,
    /// The closed rectangles (each also drawn by one of [`Drawing::lines`]).
    pub boxes: Vec<BoxRect>,
    /// Sorted by row, then column.
    pub labels: Vec<Label>,
    /// The bullets.
    pub dots: Vec<Dot>,
    /// Block elements and shades, as filled rectangles.
    pub fills: Vec<Fill>,
    /// Ends that arrive at a label's ink or a double line's near stroke.
    pub reaches: Vec<Reach>,
    /// Cell centres where two double lines cross (`╬`): a renderer opens all four strokes
    /// there, so the crossing reads as four corners.
    pub double_crossings: Vec<(f32, f32)>,
    /// Near misses worth a warning.
    pub near_misses: Vec<NearMiss>,
}

/// Read a block of text art. Runs in time linear in the number of cells.
pub fn parse(text: &str, opts: &ArtOptions) -> Result<Drawing, ArtError> {
    let grid = grid::Grid::parse(text)?;
    let cells = arms::classify(&grid, opts);
    let strokes = strokes::trace(&cells, opts);
    let mut near_misses = misses::find(&cells);
    near_misses.extend(strokes.misses.iter().cloned());
    near_misses.sort_by_key(|m| (m.row, m.col));
    let boxes = boxes::find_boxes(&strokes.lines);
    let mut labels = labels::text_runs(&grid, &cells);
    boxes::assign_labels(&boxes, &mut labels, grid.rows);
    labels::align(&mut labels, &boxes, &cells);
    let dots = labels::dots(&cells, &grid);
    let fills = blocks::fills(&grid, &cells);
    let reaches = strokes.aims.iter().filter_map(|a| a.resolve(&labels)).collect();
    Ok(Drawing {
        cols: grid.cols,
        rows: grid.rows,
        lines: strokes.lines,
        arrowheads: strokes.arrowheads,
        boxes,
        labels,
        dots,
        fills,
        reaches,
        double_crossings: strokes.crossings,
        near_misses,
    })
}
