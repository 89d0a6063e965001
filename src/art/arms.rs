//! Character → arms: which sides of its cell a drawing character reaches (N, E, S, W) and
//! with what [`Weight`]; and the classification of every cell of the grid (line, arrow,
//! dot, rule, diagonal or text), including the contextual ASCII rules for `- | + v ^ < >`.

use super::arrows::{ascii_arrow, unicode_arrow};
use super::grid::Grid;
use super::{ArtOptions, Dir, Weight};

/// Arm weights indexed by [`Dir::index`] (N, E, S, W).
pub(super) type Arms = [Option<Weight>; 4];

/// What a cell is, after context is taken into account.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Cell {
    Empty,
    Text,
    /// A line character (box drawing, or resolved ASCII `- | +`).
    Line {
        arms: Arms,
        rounded: bool,
    },
    /// An arrow pointing `dir`; `attached` when a line reaches it from behind. `wall` when
    /// it was typed in place of a wall or line crossing its axis (lines reach into it from
    /// both sides across its direction): it keeps that line continuous, with this weight,
    /// and its tip sits on it.
    Arrow {
        dir: Dir,
        attached: bool,
        wall: Option<Weight>,
    },
    /// A bullet drawn as a dot.
    Dot,
    /// A block element or shade (U+2580–U+259F): a filled shape, not a line.
    Block,
    /// `_` listed as art: a rule along the cell's bottom edge.
    Rule,
    /// Diagonal strokes corner to corner.
    Diag {
        rising: bool,
        falling: bool,
    },
}

impl Cell {
    pub fn arm(&self, d: Dir) -> Option<Weight> {
        match self {
            Cell::Line { arms, .. } => arms[d.index()],
            Cell::Arrow { dir, wall: Some(w), .. } if d != *dir && d != dir.opposite() => Some(*w),
            _ => None,
        }
    }

    /// A stroke passes through the cell's centre (a line, or an arrow typed in a wall).
    pub fn is_stroke(&self) -> bool {
        matches!(self, Cell::Line { .. } | Cell::Arrow { wall: Some(_), .. })
    }
}

/// The classified grid.
pub(super) struct Cells {
    pub cols: usize,
    pub rows: usize,
    cells: Vec<Cell>,
    /// Line cells drawn with a dashed character (`┄ ┆ ╌ ╎ …`).
    dashed: Vec<bool>,
}

/// The dashed box-drawing characters (light and heavy, double and triple dash).
fn is_dashed(ch: char) -> bool {
    matches!(ch, '┄' | '┅' | '┆' | '┇' | '┈' | '┉' | '┊' | '┋' | '╌' | '╍' | '╎' | '╏')
}

impl Cells {
    pub fn at(&self, c: isize, r: isize) -> Cell {
        if c < 0 || r < 0 || c as usize >= self.cols || r as usize >= self.rows {
            Cell::Empty
        } else {
            self.cells[r as usize * self.cols + c as usize]
        }
    }

    pub fn dashed(&self, c: isize, r: isize) -> bool {
        c >= 0
            && r >= 0
            && (c as usize) < self.cols
            && (r as usize) < self.rows
            && self.dashed[r as usize * self.cols + c as usize]
    }
}

/// Box-drawing arms for U+2500–U+257F, four letters each in N E S W order:
/// `-` none, `L` light, `H` heavy, `D` double. Dashed forms are light; `*` marks the
/// diagonals ╱ ╲ ╳ (handled separately).
const BOX_TABLE: [&str; 128] = [
    // 2500
    "-L-L", "-H-H", "L-L-", "H-H-", "-L-L", "-L-L", "L-L-", "L-L-", // ─━│┃┄┅┆┇
    "-L-L", "-L-L", "L-L-", "L-L-", "-LL-", "-HL-", "-LH-", "-HH-", // ┈┉┊┋┌┍┎┏
    // 2510
    "--LL", "--LH", "--HL", "--HH", "LL--", "LH--", "HL--", "HH--", // ┐┑┒┓└┕┖┗
    "L--L", "L--H", "H--L", "H--H", "LLL-", "LHL-", "HLL-", "LLH-", // ┘┙┚┛├┝┞┟
    // 2520
    "HLH-", "HHL-", "LHH-", "HHH-", "L-LL", "L-LH", "H-LL", "L-HL", // ┠┡┢┣┤┥┦┧
    "H-HL", "H-LH", "L-HH", "H-HH", "-LLL", "-LLH", "-HLL", "-HLH", // ┨┩┪┫┬┭┮┯
    // 2530
    "-LHL", "-LHH", "-HHL", "-HHH", "LL-L", "LL-H", "LH-L", "LH-H", // ┰┱┲┳┴┵┶┷
    "HL-L", "HL-H", "HH-L", "HH-H", "LLLL", "LLLH", "LHLL", "LHLH", // ┸┹┺┻┼┽┾┿
    // 2540
    "HLLL", "LLHL", "HLHL", "HLLH", "HHLL", "LLHH", "LHHL", "HHLH", // ╀╁╂╃╄╅╆╇
    "LHHH", "HLHH", "HHHL", "HHHH", "-L-L", "-L-L", "L-L-", "L-L-", // ╈╉╊╋╌╍╎╏
    // 2550
    "-D-D", "D-D-", "-DL-", "-LD-", "-DD-", "--LD", "--DL", "--DD", // ═║╒╓╔╕╖╗
    "LD--", "DL--", "DD--", "L--D", "D--L", "D--D", "LDL-", "DLD-", // ╘╙╚╛╜╝╞╟
    // 2560
    "DDD-", "L-LD", "D-DL", "D-DD", "-DLD", "-LDL", "-DDD", "LD-D", // ╠╡╢╣╤╥╦╧
    "DL-L", "DD-D", "LDLD", "DLDL", "DDDD", "-LL-", "--LL", "L--L", // ╨╩╪╫╬╭╮╯
    // 2570
    "LL--", "****", "****", "****", "---L", "L---", "-L--", "--L-", // ╰╱╲╳╴╵╶╷
    "---H", "H---", "-H--", "--H-", "-H-L", "L-H-", "-L-H", "H-L-", // ╸╹╺╻╼╽╾╿
];

/// Arms of a box-drawing character and whether it is a rounded corner; `None` for anything
/// else (including the diagonals).
pub(super) fn box_arms(ch: char) -> Option<(Arms, bool)> {
    let code = ch as u32;
    if !(0x2500..=0x257F).contains(&code) {
        return None;
    }
    let spec = BOX_TABLE[(code - 0x2500) as usize].as_bytes();
    if spec[0] == b'*' {
        return None;
    }
    let mut arms = [None; 4];
    for (i, b) in spec.iter().enumerate() {
        arms[i] = match b {
            b'L' => Some(Weight::Light),
            b'H' => Some(Weight::Heavy),
            b'D' => Some(Weight::Double),
            _ => None,
        };
    }
    Some((arms, (0x256D..=0x2570).contains(&code)))
}

/// First reading of a character, before its neighbours are consulted.
#[derive(Clone, Copy, PartialEq)]
enum Pre {
    Final(Cell),
    /// ASCII `-` (light) or `=` (double): a line if a neighbour continues it.
    Dash(Weight),
    /// ASCII `+`: arms toward neighbours that reach back.
    Plus,
    /// ASCII corners as svgbob reads them: `.` and `,` (`top`: a line reaches them from
    /// below and one from the side), `'` and `` ` `` (a line from above and one from the
    /// side; `` `-- `` under a `|`, as trees are typed). `rounded` for all but `` ` ``.
    /// Otherwise a letter (a full stop, a comma, an apostrophe).
    Corner {
        top: bool,
        rounded: bool,
    },
    /// An arrow; `lone_ok` when it is an arrow even with no line behind it.
    Arrow {
        dir: Dir,
        lone_ok: bool,
    },
    /// ASCII `/` (rising) or `\`: a diagonal if another continues it diagonally.
    AsciiDiag {
        rising: bool,
    },
}

const LIGHT_NS: Arms = [Some(Weight::Light), None, Some(Weight::Light), None];
const LIGHT_EW: Arms = [None, Some(Weight::Light), None, Some(Weight::Light)];
const DOUBLE_EW: Arms = [None, Some(Weight::Double), None, Some(Weight::Double)];

fn first_reading(ch: char, opts: &ArtOptions) -> Pre {
    if ch == ' ' {
        return Pre::Final(Cell::Empty);
    }
    if opts.force_text.contains(ch) {
        return Pre::Final(Cell::Text);
    }
    if super::blocks::is_block(ch) {
        return Pre::Final(Cell::Block);
    }
    if let Some((arms, rounded)) = box_arms(ch) {
        return Pre::Final(Cell::Line { arms, rounded });
    }
    match ch {
        '╱' => {
            return Pre::Final(Cell::Diag { rising: true, falling: false });
        }
        '╲' => {
            return Pre::Final(Cell::Diag { rising: false, falling: true });
        }
        '╳' => {
            return Pre::Final(Cell::Diag { rising: true, falling: true });
        }
        _ => {}
    }
    if let Some(dir) = unicode_arrow(ch) {
        return Pre::Arrow { dir, lone_ok: true };
    }
    let extra = opts.extra_art.contains(ch);
    if let Some(dir) = ascii_arrow(ch) {
        return Pre::Arrow { dir, lone_ok: extra };
    }
    if ch == 'V' && extra {
        return Pre::Arrow { dir: Dir::S, lone_ok: true };
    }
    match ch {
        '|' => Pre::Final(Cell::Line { arms: LIGHT_NS, rounded: false }),
        '-' => Pre::Dash(Weight::Light),
        '=' => Pre::Dash(Weight::Double),
        '+' => Pre::Plus,
        '`' => Pre::Corner { top: false, rounded: false },
        '\'' => Pre::Corner { top: false, rounded: true },
        '.' | ',' => Pre::Corner { top: true, rounded: true },
        '/' => Pre::AsciiDiag { rising: true },
        '\\' => Pre::AsciiDiag { rising: false },
        '_' if extra => Pre::Final(Cell::Rule),
        _ if extra => Pre::Final(Cell::Dot),
        _ => Pre::Final(Cell::Text),
    }
}

/// A one-cell ASCII diagonal is a stroke when it is not part of a word (no letter right
/// beside it on its row) and its ends reach something: art at either end, or text at both
/// (a tree's branch between a word above and a word below). An end is the cell corner the
/// stroke runs to; it reaches the two cells touching that corner on the next row.
fn lone_diagonal(pre: &[Pre], cols: usize, rows: usize, c: isize, r: isize, rising: bool) -> bool {
    let get = |x: isize, y: isize| -> Pre {
        if x < 0 || y < 0 || x as usize >= cols || y as usize >= rows {
            Pre::Final(Cell::Empty)
        } else {
            pre[y as usize * cols + x as usize]
        }
    };
    let text = |p: Pre| p == Pre::Final(Cell::Text);
    let art = |p: Pre| match p {
        Pre::Final(cell) => !matches!(cell, Cell::Empty | Cell::Text),
        Pre::AsciiDiag { .. } => true,
        _ => false,
    };
    if text(get(c - 1, r)) || text(get(c + 1, r)) {
        return false;
    }
    // Upper end: top-right corner (rising) or top-left (falling); lower end the opposite.
    // Art must touch the corner; text may be a cell further along (hand-drawn trees are
    // rarely exact).
    let (up, down) = if rising { (c + 1, c) } else { (c, c + 1) };
    let near = |x: isize, y: isize, reach: isize, f: &dyn Fn(Pre) -> bool| {
        (x - 1 - reach..x + 1 + reach).any(|k| f(get(k, y)))
    };
    near(up, r - 1, 0, &art) || near(down, r + 1, 0, &art) || (near(up, r - 1, 1, &text) && near(down, r + 1, 1, &text))
}

/// Classify every cell. Passes, each linear: first readings; ASCII `-`; ASCII `+`; arrows
/// (attached or lone, or text for an unattached ASCII arrow); ASCII diagonals. (`` ` `` is
/// resolved with the plus signs.)
pub(super) fn classify(grid: &Grid, opts: &ArtOptions) -> Cells {
    let (cols, rows) = (grid.cols, grid.rows);
    let mut pre: Vec<Pre> = Vec::with_capacity(cols * rows);
    for r in 0..rows {
        for c in 0..cols {
            pre.push(first_reading(grid.at(c as isize, r as isize), opts));
        }
    }
    let mut readings = Readings { cols, rows, pre };
    readings.resolve_dashes();
    readings.resolve_plus_signs();
    readings.resolve_arrows();
    let out = readings.resolve_diagonals();
    let mut dashed = Vec::with_capacity(cols * rows);
    for r in 0..rows {
        for c in 0..cols {
            dashed.push(is_dashed(grid.at(c as isize, r as isize)) && out[r * cols + c].is_stroke());
        }
    }
    Cells { cols, rows, cells: out, dashed }
}

/// The grid's readings while the passes of [`classify`] resolve them, row by row.
struct Readings {
    cols: usize,
    rows: usize,
    pre: Vec<Pre>,
}

impl Readings {
    /// The reading of the neighbour of (c, r) in direction `d`; empty off the grid.
    fn at(&self, c: isize, r: isize, d: Dir) -> Pre {
        let (dc, dr) = d.delta();
        let (c, r) = (c + dc, r + dr);
        if c < 0 || r < 0 || c as usize >= self.cols || r as usize >= self.rows {
            Pre::Final(Cell::Empty)
        } else {
            self.pre[r as usize * self.cols + c as usize]
        }
    }

    /// Does the neighbour of (c, r) in direction `d` reach back toward (c, r)?
    /// `dash_plus`: an unresolved `-`/`+` counts (for resolving `-`).
    fn reaches_back(&self, c: isize, r: isize, d: Dir, dash_plus: bool) -> bool {
        self.back_weight(c, r, d, dash_plus).is_some()
    }

    /// The weight of the arm with which the neighbour of (c, r) toward `d` reaches back, if
    /// it does (see [`Readings::reaches_back`]); an ASCII line is light, `=` double.
    fn back_weight(&self, c: isize, r: isize, d: Dir, dash_plus: bool) -> Option<Weight> {
        let light = |b: bool| b.then_some(Weight::Light);
        match self.at(c, r, d) {
            Pre::Final(cell) => cell.arm(d.opposite()),
            Pre::Dash(w) => (dash_plus && matches!(d, Dir::E | Dir::W)).then_some(w),
            Pre::Plus | Pre::Corner { .. } => light(dash_plus && matches!(d, Dir::E | Dir::W)),
            // An arrow beyond us pointing away continues the line: `->`, `<-`, `+` over `v`.
            // An arrow crossing our axis continues it when the line resumes past it (an
            // arrow typed in place of a wall: `+` over `>` over `+`).
            Pre::Arrow { dir, .. } if dir == d => Some(Weight::Light),
            Pre::Arrow { dir, .. } if dir != d.opposite() => {
                let (dc, dr) = d.delta();
                match self.at(c + dc, r + dr, d) {
                    Pre::Final(cell) => cell.arm(d.opposite()),
                    Pre::Plus => light(!dash_plus),
                    _ => None,
                }
            }
            Pre::Arrow { .. } => None,
            Pre::AsciiDiag { .. } => None,
        }
    }

    /// Every cell as (column, row, index), row by row.
    fn cells(&self) -> impl Iterator<Item = (isize, isize, usize)> + use<> {
        let cols = self.cols;
        (0..self.rows as isize)
            .flat_map(move |r| (0..cols as isize).map(move |c| (c, r, r as usize * cols + c as usize)))
    }

    /// Pass 2: an ASCII `-` is a line when a neighbour along the row reaches back, else text.
    fn resolve_dashes(&mut self) {
        for (c, r, i) in self.cells() {
            match self.pre[i] {
                Pre::Dash(Weight::Double) => {
                    let arms = if self.double_run(c, r) { DOUBLE_EW } else { continue };
                    self.pre[i] = Pre::Final(Cell::Line { arms, rounded: false });
                }
                Pre::Dash(_) => {
                    let art = self.reaches_back(c, r, Dir::W, true) || self.reaches_back(c, r, Dir::E, true);
                    self.pre[i] =
                        Pre::Final(if art { Cell::Line { arms: LIGHT_EW, rounded: false } } else { Cell::Text });
                }
                _ => {}
            }
        }
        // `=` that is not a line is text (left for last: a run reads its neighbours).
        for p in &mut self.pre {
            if *p == Pre::Dash(Weight::Double) {
                *p = Pre::Final(Cell::Text);
            }
        }
    }

    /// The run of `=` through (c, r) is a double line: three or more long (`+===+`, a rule
    /// under a table's header), or touching a `+`, a corner, an arrow or a line at either
    /// end (`==>`, `<==>`). Two alone (`a == b`) stay text.
    fn double_run(&self, c: isize, r: isize) -> bool {
        let eq = |x: isize| {
            matches!(self.at(x, r, Dir::E), Pre::Dash(Weight::Double) | Pre::Final(Cell::Line { arms: DOUBLE_EW, .. }))
        };
        let (mut a, mut b) = (c, c);
        while eq(a - 2) {
            a -= 1;
        }
        while eq(b) {
            b += 1;
        }
        let art = |p: Pre| match p {
            Pre::Final(cell) => cell.is_stroke(),
            Pre::Plus | Pre::Corner { .. } | Pre::Arrow { .. } | Pre::Dash(Weight::Light) => true,
            _ => false,
        };
        b - a + 1 >= 3 || art(self.at(a, r, Dir::W)) || art(self.at(b, r, Dir::E))
    }

    /// Pass 3: an ASCII `+` has an arm toward every neighbour that reaches back (a `` ` ``
    /// only as a corner below a line); with none it is text.
    fn resolve_plus_signs(&mut self) {
        for (c, r, i) in self.cells() {
            let corner = match self.pre[i] {
                Pre::Plus => None,
                Pre::Corner { top, rounded } => Some((top, rounded)),
                _ => continue,
            };
            let mut arms = [None; 4];
            for d in Dir::ALL {
                arms[d.index()] = self.back_weight(c, r, d, false);
            }
            let side = arms[Dir::E.index()].is_some() || arms[Dir::W.index()].is_some();
            let (line, rounded) = match corner {
                None => (arms.iter().any(|a| a.is_some()), false),
                Some((top, rounded)) => {
                    let (v, other) = if top { (Dir::S, Dir::N) } else { (Dir::N, Dir::S) };
                    let shaped = arms[v.index()].is_some() && side;
                    if shaped {
                        // A corner turns one way: an arm the other way is a neighbour's.
                        arms[other.index()] = None;
                    }
                    (shaped, rounded)
                }
            };
            self.pre[i] = Pre::Final(if line { Cell::Line { arms, rounded } } else { Cell::Text });
        }
    }

    /// Pass 4 (lines are final now): an arrow is attached when the line behind it reaches
    /// it, in a wall when lines reach in from both sides across it; an unattached arrow
    /// that may not stand alone is text.
    fn resolve_arrows(&mut self) {
        for (c, r, i) in self.cells() {
            if let Pre::Arrow { dir, lone_ok } = self.pre[i] {
                let back = dir.opposite();
                let attached = match self.at(c, r, back) {
                    Pre::Final(cell) => cell.arm(dir).is_some(),
                    _ => false,
                };
                // Typed in a wall: the lines on both sides across its direction reach in.
                let across = |side: Dir| match self.at(c, r, side) {
                    Pre::Final(cell) => cell.arm(side.opposite()),
                    // A `+` whose far side continues the wall resolves to an arm toward us.
                    Pre::Plus => Some(Weight::Light),
                    _ => None,
                };
                let (s1, s2) = match dir {
                    Dir::E | Dir::W => (Dir::N, Dir::S),
                    Dir::N | Dir::S => (Dir::W, Dir::E),
                };
                let wall = match (across(s1), across(s2)) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
                self.pre[i] =
                    Pre::Final(if attached || lone_ok { Cell::Arrow { dir, attached, wall } } else { Cell::Text });
            }
        }
    }

    /// Pass 5: the final cells, an ASCII diagonal art only when continued diagonally.
    fn resolve_diagonals(&self) -> Vec<Cell> {
        let (cols, rows, pre) = (self.cols, self.rows, &self.pre);
        let mut out: Vec<Cell> = Vec::with_capacity(cols * rows);
        for (c, r, i) in self.cells() {
            let cell = match pre[i] {
                Pre::Final(cell) => cell,
                Pre::AsciiDiag { rising } => {
                    let (a, b) =
                        if rising { ((c + 1, r - 1), (c - 1, r + 1)) } else { ((c - 1, r - 1), (c + 1, r + 1)) };
                    let same = |(x, y): (isize, isize)| {
                        if x < 0 || y < 0 || x as usize >= cols || y as usize >= rows {
                            return false;
                        }
                        match pre[y as usize * cols + x as usize] {
                            Pre::AsciiDiag { rising: r2 } => r2 == rising,
                            Pre::Final(Cell::Diag { rising: r2, falling: f2 }) => {
                                if rising {
                                    r2
                                } else {
                                    f2
                                }
                            }
                            _ => false,
                        }
                    };
                    if same(a) || same(b) || lone_diagonal(pre, cols, rows, c, r, rising) {
                        Cell::Diag { rising, falling: !rising }
                    } else {
                        Cell::Text
                    }
                }
                // Every other reading was finalised by the passes above.
                _ => Cell::Text,
            };
            out.push(cell);
        }
        out
    }
}
