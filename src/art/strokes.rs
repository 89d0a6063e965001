//! Arms → strokes: maximal straight runs become segments between cell centres (extended
//! into arrow cells, or to a neighbouring line's centre), then segments meeting at right
//! angles in a corner cell are chained into polylines; chains that close become closed
//! polylines. Also rules (`_`), diagonals and lone arrows (connectors between words), and
//! what each free end reaches for past its cell ([`Aim`]: a word, a double line).

use std::collections::HashMap;

use super::arms::{Cell, Cells};
use super::arrows;
use super::{Arrowhead, ArtOptions, Dir, NearMiss, NearMissKind, Polyline, Weight};

pub(super) struct Strokes {
    pub lines: Vec<Polyline>,
    pub arrowheads: Vec<Arrowhead>,
    /// Ends that arrive at text or at a double line, settled once labels are known.
    pub aims: Vec<Aim>,
    /// Centres of cells where two double lines cross.
    pub crossings: Vec<(f32, f32)>,
    /// Branches from a word that reach nothing.
    pub misses: Vec<NearMiss>,
}

/// What lies beyond a stroke end.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Target {
    /// The text cell (col, row): the label holding it.
    Text(usize, usize),
    /// A double line's centre.
    Double,
}

/// A stroke end at `at` pointing `dir`, reaching for `target`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Aim {
    pub at: (f32, f32),
    pub dir: Dir,
    pub target: Target,
}

impl Aim {
    pub fn resolve(&self, labels: &[super::Label]) -> Option<super::Reach> {
        let to = match self.target {
            Target::Double => super::ReachTo::DoubleLine,
            Target::Text(c, r) => {
                let first = labels.partition_point(|l| (l.row, l.col_end) <= (r, c));
                let l = labels.get(first).filter(|l| l.row == r && l.col_start <= c)?;
                let _ = l;
                super::ReachTo::Label(first)
            }
        };
        Some(super::Reach { at: self.at, dir: self.dir, to })
    }
}

/// A straight segment; `join[e]` says end `e` lies on a cell centre and may be chained.
struct Seg {
    p: [(f32, f32); 2],
    join: [bool; 2],
    weight: Weight,
    dashed: bool,
}

/// Where a run stops: along-axis coordinate, whether that end may chain, an arrowhead if it
/// reached an arrow, and what the end reaches for beyond its cell.
#[derive(Clone, Copy)]
struct End {
    t: f32,
    join: bool,
    head: Option<Arrowhead>,
    aim: Option<Target>,
}

impl End {
    fn at(t: f32, join: bool) -> End {
        End { t, join, head: None, aim: None }
    }
}

/// What a stroke end pointing `d` meets at cell (c, r), the first cell past the end: text
/// right there (or, along a row, after one blank cell; or a word gap inside a label, across
/// a column) is a label to reach; a double line right there is one to stop on.
fn aim_at(cells: &Cells, c: isize, r: isize, d: Dir) -> Option<Target> {
    let text = |c: isize, r: isize| cells.at(c, r) == Cell::Text;
    let at = |c: isize, r: isize| (c.max(0) as usize, r.max(0) as usize);
    let (dc, dr) = d.delta();
    match cells.at(c, r) {
        Cell::Text => Some(Target::Text(at(c, r).0, at(c, r).1)),
        Cell::Empty if dr == 0 && text(c + dc, r) => Some(Target::Text(at(c + dc, r).0, r as usize)),
        Cell::Empty if dc == 0 && text(c - 1, r) && text(c + 1, r) => Some(Target::Text(c as usize, r as usize)),
        x if x.is_stroke() && stroke_weight(x) == Some(Weight::Double) => Some(Target::Double),
        _ => None,
    }
}

/// The heaviest arm of a stroke cell.
fn stroke_weight(c: Cell) -> Option<Weight> {
    Dir::ALL.iter().filter_map(|&d| c.arm(d)).max()
}

pub(super) fn trace(cells: &Cells, opts: &ArtOptions) -> Strokes {
    let mut segs = Vec::new();
    let mut heads = Vec::new();
    let mut aims = Vec::new();
    let mut misses = Vec::new();
    // Cells whose centre a straight run passes through (a tee or cross, never a corner).
    let mut through = vec![false; cells.cols * cells.rows];
    let mut out = Out { segs: &mut segs, heads: &mut heads, aims: &mut aims, misses: &mut misses };
    trace_axis(cells, true, &mut out, &mut through);
    trace_axis(cells, false, &mut out, &mut through);
    extras(cells, &mut out);
    let lines = chain(cells, &segs, &through, opts);
    let mut crossings = Vec::new();
    for r in 0..cells.rows as isize {
        for c in 0..cells.cols as isize {
            if Dir::ALL.iter().all(|&d| cells.at(c, r).arm(d) == Some(Weight::Double)) {
                crossings.push((c as f32 + 0.5, r as f32 + 0.5));
            }
        }
    }
    Strokes { lines, arrowheads: heads, aims, crossings, misses }
}

struct Out<'a> {
    segs: &'a mut Vec<Seg>,
    heads: &'a mut Vec<Arrowhead>,
    aims: &'a mut Vec<Aim>,
    misses: &'a mut Vec<NearMiss>,
}

fn trace_axis(cells: &Cells, horizontal: bool, out: &mut Out<'_>, through: &mut [bool]) {
    let m = if horizontal { cells.rows } else { cells.cols };
    let (fwd, back) = if horizontal { (Dir::E, Dir::W) } else { (Dir::S, Dir::N) };
    for k in 0..m {
        AxisLine { cells, horizontal, k, fwd, back }.trace(out, through);
    }
}

/// One row (when `horizontal`) or column of the grid, read along the axis: position `i`
/// is the column (or row) of a cell, `fwd` the direction of growing `i`.
struct AxisLine<'a> {
    cells: &'a Cells,
    horizontal: bool,
    k: usize,
    fwd: Dir,
    back: Dir,
}

impl AxisLine<'_> {
    fn cell(&self, i: isize) -> Cell {
        if self.horizontal { self.cells.at(i, self.k as isize) } else { self.cells.at(self.k as isize, i) }
    }

    fn aim(&self, i: isize, d: Dir) -> Option<Target> {
        if self.horizontal {
            aim_at(self.cells, i, self.k as isize, d)
        } else {
            aim_at(self.cells, self.k as isize, i, d)
        }
    }

    /// The point at `t` along the line, on its centre.
    fn pt(&self, t: f32) -> (f32, f32) {
        let kf = self.k as f32 + 0.5;
        if self.horizontal { (t, kf) } else { (kf, t) }
    }

    fn dashed(&self, i: usize) -> bool {
        dashed(self.cells, self.horizontal, self.k, i)
    }

    /// The connection between cell i and cell i + 1, with the heavier of the two arms.
    fn gap(&self, i: usize) -> Option<(Weight, bool)> {
        match (self.cell(i as isize).arm(self.fwd), self.cell(i as isize + 1).arm(self.back)) {
            (Some(a), Some(b)) => Some((a.max(b), self.dashed(i) || self.dashed(i + 1))),
            _ => None,
        }
    }

    /// Cell i has an arm toward `d` that its neighbour does not return.
    fn reach(&self, i: usize, d: Dir) -> Option<End> {
        let step: isize = if d == self.fwd { 1 } else { -1 };
        let j = i as isize + step;
        let near_edge = if step > 0 { i + 1 } else { i } as f32;
        match self.cell(j) {
            Cell::Arrow { dir, wall, .. } if dir == d => {
                // The tip arrives: on the wall the arrow was typed in, on a line in the
                // next cell, before text beyond; else at the far edge of its cell.
                let (t, aim) = if wall.is_some() {
                    (j as f32 + 0.5, (wall == Some(Weight::Double)).then_some(Target::Double))
                } else if self.cell(j + step).is_stroke() {
                    (j as f32 + step as f32 + 0.5, self.aim(j + step, d))
                } else if self.cell(j + step) == Cell::Empty && self.crosses(j + 2 * step) {
                    // One space before the wall it points at, as poets type it (`──► │`):
                    // the tip arrives on the wall all the same.
                    ((j + 2 * step) as f32 + 0.5, self.aim(j + 2 * step, d))
                } else {
                    (if step > 0 { j + 1 } else { j } as f32, self.aim(j + step, d))
                };
                Some(End { t, join: false, head: Some(Arrowhead { tip: self.pt(t), dir }), aim })
            }
            Cell::Arrow { dir, .. } if dir == d.opposite() => Some(End::at(near_edge, false)),
            c if c.is_stroke() => Some(End {
                aim: (stroke_weight(c) == Some(Weight::Double)).then_some(Target::Double),
                ..End::at(j as f32 + 0.5, true)
            }),
            _ => None,
        }
    }

    /// Cell `i` is a line running across this axis (a wall, a box edge).
    fn crosses(&self, i: isize) -> bool {
        let (a, b) = if self.horizontal { (Dir::N, Dir::S) } else { (Dir::W, Dir::E) };
        let c = self.cell(i);
        c.is_stroke() && (c.arm(a).is_some() || c.arm(b).is_some())
    }

    fn centre(&self, i: usize) -> End {
        End::at(i as f32 + 0.5, true)
    }

    /// A run ending in a tee of a double line (a line crossing ours, double both ways)
    /// stops on that line's near stroke.
    fn term(&self, i: usize) -> End {
        let (side_a, side_b) = if self.horizontal { (Dir::N, Dir::S) } else { (Dir::W, Dir::E) };
        let c = self.cell(i as isize);
        let double = c.arm(side_a) == Some(Weight::Double) && c.arm(side_b) == Some(Weight::Double);
        End { aim: double.then_some(Target::Double), ..self.centre(i) }
    }

    /// An open arm: it ends at the cell's centre (or edge), reaching for what lies beyond.
    fn open(&self, i: usize, d: Dir, at_edge: bool) -> End {
        let step: isize = if d == self.fwd { 1 } else { -1 };
        let t = if at_edge { (if d == self.fwd { i + 1 } else { i }) as f32 } else { i as f32 + 0.5 };
        // An end that reaches for something is never a corner: it moves later.
        let aim = self.aim(i as isize + step, d);
        End { aim, ..End::at(t, !at_edge && aim.is_none()) }
    }

    /// Every segment along the line: runs of connected cells, and cells not connected
    /// along this axis; cells a run passes through are marked in `through`.
    fn trace(&self, out: &mut Out<'_>, through: &mut [bool]) {
        let n = if self.horizontal { self.cells.cols } else { self.cells.rows };
        let (fwd, back) = (self.fwd, self.back);
        let pt = |t: f32| self.pt(t);
        let mut i = 0;
        while i < n {
            let c = self.cell(i as isize);
            let (af, ab) = (c.arm(fwd), c.arm(back));
            if af.is_none() && ab.is_none() {
                i += 1;
                continue;
            }
            let gprev = if i > 0 { self.gap(i - 1) } else { None };
            match self.gap(i) {
                None => {
                    if gprev.is_none() {
                        self.unconnected(i, out);
                    }
                    i += 1;
                }
                Some(w) => {
                    let mut j = i + 1;
                    while self.gap(j) == Some(w) {
                        j += 1;
                    }
                    let start = if gprev.is_none() && ab.is_some() {
                        self.reach(i, back).unwrap_or_else(|| self.open(i, back, false))
                    } else if gprev.is_none() {
                        self.term(i)
                    } else {
                        self.centre(i)
                    };
                    let end = if self.gap(j).is_none() && self.cell(j as isize).arm(fwd).is_some() {
                        self.reach(j, fwd).unwrap_or_else(|| self.open(j, fwd, false))
                    } else if self.gap(j).is_none() {
                        self.term(j)
                    } else {
                        self.centre(j)
                    };
                    push(out, pt, (start, back), (end, fwd), w.0, w.1);
                    for t in i + 1..j {
                        let (cc, rr) = if self.horizontal { (t, self.k) } else { (self.k, t) };
                        through[rr * self.cells.cols + cc] = true;
                    }
                    i = j;
                }
            }
        }
    }

    /// A cell with no connection along this axis. Arms that meet an arrow or a line reach
    /// it; open arms end at the centre, or at the cell's edges when nothing is reached at
    /// all (a lone `─`, `│`, `╴` keeps its length).
    fn unconnected(&self, i: usize, out: &mut Out<'_>) {
        let (fwd, back) = (self.fwd, self.back);
        let c = self.cell(i as isize);
        let (af, ab) = (c.arm(fwd), c.arm(back));
        let (rb, rf) = (ab.and(self.reach(i, back)), af.and(self.reach(i, fwd)));
        let isolated = rb.is_none() && rf.is_none();
        let start = match ab {
            Some(_) => rb.unwrap_or_else(|| self.open(i, back, isolated)),
            None => self.centre(i),
        };
        let end = match af {
            Some(_) => rf.unwrap_or_else(|| self.open(i, fwd, isolated)),
            None => self.centre(i),
        };
        let weight = af.max(ab).unwrap_or(Weight::Light);
        push(out, |t| self.pt(t), (start, back), (end, fwd), weight, self.dashed(i));
    }
}

/// Is the line character at position `i` of line `k` (a row when `horizontal`) a dashed
/// one (`┄ ┆ ╌ ╎ …`)?
fn dashed(cells: &Cells, horizontal: bool, k: usize, i: usize) -> bool {
    let (c, r) = if horizontal { (i, k) } else { (k, i) };
    cells.dashed(c as isize, r as isize)
}

fn push(
    out: &mut Out<'_>,
    pt: impl Fn(f32) -> (f32, f32),
    start: (End, Dir),
    end: (End, Dir),
    weight: Weight,
    dashed: bool,
) {
    for (e, d) in [start, end] {
        if let Some(h) = e.head {
            out.heads.push(h);
        }
        if let Some(target) = e.aim {
            out.aims.push(Aim { at: pt(e.t), dir: d, target });
        }
    }
    out.segs.push(Seg { p: [pt(start.0.t), pt(end.0.t)], join: [start.0.join, end.0.join], weight, dashed });
}

/// The first cell that is not blank from (c, r) going `d` (at most `limit` cells), and its
/// position.
fn first_beyond(cells: &Cells, c: isize, r: isize, d: Dir, limit: usize) -> Option<(Cell, isize, isize)> {
    let (dc, dr) = d.delta();
    let (mut x, mut y) = (c + dc, r + dr);
    for _ in 0..limit {
        if x < 0 || y < 0 || x as usize >= cells.cols || y as usize >= cells.rows {
            return None;
        }
        let cell = cells.at(x, y);
        if cell != Cell::Empty {
            return Some((cell, x, y));
        }
        x += dc;
        y += dr;
    }
    None
}

/// Rules (`_` as art), diagonals and lone arrows: never chained.
fn extras(cells: &Cells, out: &mut Out<'_>) {
    for r in 0..cells.rows as isize {
        for c in 0..cells.cols as isize {
            match cells.at(c, r) {
                Cell::Rule if cells.at(c - 1, r) != Cell::Rule => rule(cells, c, r, out),
                Cell::Arrow { dir, attached: false, .. } => lone_arrow(cells, c, r, dir, out),
                Cell::Diag { rising, falling } => diagonals(cells, c, r, rising, falling, out),
                _ => {}
            }
        }
    }
}

/// A segment not chained to others, light and solid.
fn free(a: (f32, f32), b: (f32, f32)) -> Seg {
    Seg { p: [a, b], join: [false, false], weight: Weight::Light, dashed: false }
}

/// The rule that starts at (c, r), along the foot of its cells.
fn rule(cells: &Cells, c: isize, r: isize, out: &mut Out<'_>) {
    let (x, y) = (c as f32, r as f32);
    let mut e = c + 1;
    while cells.at(e, r) == Cell::Rule {
        e += 1;
    }
    out.segs.push(free((x, y + 1.0), (e as f32, y + 1.0)));
}

/// An arrow attached to no line, pointing `dir`: a connector between two labels, or a
/// shaft that meets the lines at either end.
fn lone_arrow(cells: &Cells, c: isize, r: isize, dir: Dir, out: &mut Out<'_>) {
    let far = cells.cols.max(cells.rows);
    let inside = |x: isize| x >= 0 && x < cells.cols as isize;
    let (mut shaft, mut head) = arrows::lone(c as usize, r as usize, dir);
    let back = dir.opposite();
    let behind = first_beyond(cells, c, r, back, far);
    let ahead = first_beyond(cells, c, r, dir, far);
    if let (Some((Cell::Text, bc, br)), Some((Cell::Text, ac, ar))) = (behind, ahead) {
        // Between two labels with only blanks around it: a connector from
        // one to the other.
        out.aims.push(Aim { at: shaft[0], dir: back, target: Target::Text(bc as usize, br as usize) });
        out.aims.push(Aim { at: shaft[1], dir, target: Target::Text(ac as usize, ar as usize) });
        out.segs.push(free(shaft[0], shaft[1]));
        out.heads.push(head);
        return;
    }
    // Hung under (or beside) a line that has no arm toward it, the shaft
    // starts on that line's centre.
    let (dc, dr) = back.delta();
    if cells.at(c + dc, r + dr).is_stroke() {
        shaft[0] = ((c + dc) as f32 + 0.5, (r + dr) as f32 + 0.5);
    } else if dr == 0 && inside(c + dc) && cells.at(c + dc, r) == Cell::Empty {
        // A free-standing horizontal arrow reaches half-way into the blank
        // cells on either side: one cell is too short to read as an arrow.
        shaft[0].0 += dc as f32 * 0.5;
    }
    let (tc, tr) = dir.delta();
    let next = cells.at(c + tc, r + tr);
    if next.is_stroke() {
        // The tip arrives on the line in the next cell.
        shaft[1] = ((c + tc) as f32 + 0.5, (r + tr) as f32 + 0.5);
        head.tip = shaft[1];
    } else if dr == 0 && inside(c + tc) && next == Cell::Empty {
        shaft[1].0 += tc as f32 * 0.5;
        head.tip.0 = shaft[1].0;
    }
    if let Some(target) = aim_at(cells, c + tc, r + tr, dir) {
        out.aims.push(Aim { at: head.tip, dir, target });
    }
    out.segs.push(free(shaft[0], shaft[1]));
    out.heads.push(head);
}

/// The diagonal runs that start at (c, r): each is emitted from its lower-left (rising)
/// or upper-left (falling) end.
fn diagonals(cells: &Cells, c: isize, r: isize, ri: bool, fa: bool, out: &mut Out<'_>) {
    let rising = |c: isize, r: isize| matches!(cells.at(c, r), Cell::Diag { rising: true, .. });
    let falling = |c: isize, r: isize| matches!(cells.at(c, r), Cell::Diag { falling: true, .. });
    let (x, y) = (c as f32, r as f32);
    // An end pointing into a line's cell on the next row runs on half a
    // cell to that line's centre, so a branch meets the box it leaves.
    // The cell an end would run into, half a cell further along the
    // diagonal: a line there is met at its centre.
    let meets = |cx: isize, row: isize, slide: f32| {
        let ahead = if slide < 0.0 { cx - 1 } else { cx };
        ahead >= 0 && ahead < cells.cols as isize && cells.at(ahead, row).is_stroke()
    };
    // An end whose corner touches a word on the next row (within a cell)
    // reaches for it: layout stops it just before the word's ink.
    let word = |cx: isize, row: isize| {
        [cx - 1, cx, cx - 2, cx + 1]
            .into_iter()
            .find(|&k| cells.at(k, row) == Cell::Text)
            .map(|k| Target::Text(k as usize, row as usize))
    };
    // What an end meets: a line, a word (its cell), or nothing at all (no art or text
    // touching its corner).
    let mut end = |p: &mut (f32, f32), own: (isize, isize), cx: isize, row: isize, d: Dir, slide: f32| -> Meets {
        // The cells around the end's corner other than the diagonal's own.
        let (kx, ky) = (p.0 as isize, p.1 as isize);
        let blank = [(kx - 1, ky - 1), (kx, ky - 1), (kx - 1, ky), (kx, ky)]
            .into_iter()
            .filter(|&q| q != own)
            .all(|(x, y)| cells.at(x, y) == Cell::Empty);
        if meets(cx, row, slide) {
            *p = (p.0 + slide, p.1 + if d == Dir::N { -0.5 } else { 0.5 });
            Meets::Art
        } else if let Some(target) = word(cx, row).filter(|_| row >= 0) {
            out.aims.push(Aim { at: *p, dir: d, target });
            match target {
                Target::Text(tc, tr) => Meets::Word(tc, tr),
                Target::Double => Meets::Art,
            }
        } else if blank {
            Meets::Nothing
        } else {
            Meets::Art
        }
    };
    // A branch from a word that reaches nothing at its other end: reported at its cell.
    let mut lonely = |ends: [Meets; 2], cells_at: [(isize, isize); 2]| {
        for (e, o) in [(0, 1), (1, 0)] {
            if let (Meets::Nothing, Meets::Word(wc, wr)) = (ends[e], ends[o]) {
                let (cc, rr) = cells_at[e];
                out.misses.push(NearMiss {
                    row: rr as usize,
                    col: cc as usize,
                    kind: NearMissKind::BranchToNothing,
                    other: (wr, wc),
                });
            }
        }
    };
    if ri && !rising(c - 1, r + 1) {
        let mut k = 1;
        while rising(c + k, r - k) {
            k += 1;
        }
        let (mut a, mut b) = ((x, y + 1.0), (x + k as f32, y + 1.0 - k as f32));
        let own = [(c, r), (c + k - 1, r - k + 1)];
        let ea = end(&mut a, own[0], c, r + 1, Dir::S, -0.5);
        let eb = end(&mut b, own[1], c + k, r - k, Dir::N, 0.5);
        out.segs.push(free(a, b));
        lonely([ea, eb], own);
    }
    if fa && !falling(c - 1, r - 1) {
        let mut k = 1;
        while falling(c + k, r + k) {
            k += 1;
        }
        let (mut a, mut b) = ((x, y), (x + k as f32, y + k as f32));
        let own = [(c, r), (c + k - 1, r + k - 1)];
        let ea = end(&mut a, own[0], c, r - 1, Dir::N, -0.5);
        let eb = end(&mut b, own[1], c + k, r + k, Dir::S, 0.5);
        out.segs.push(free(a, b));
        lonely([ea, eb], own);
    }
}

/// What a diagonal's end meets.
#[derive(Clone, Copy)]
enum Meets {
    /// A line, another diagonal, a double line or anything drawn.
    Art,
    /// The word holding this text cell (column, row).
    Word(usize, usize),
    /// Blank cells only.
    Nothing,
}

fn key(p: (f32, f32)) -> (i64, i64) {
    ((p.0 * 2.0).round() as i64, (p.1 * 2.0).round() as i64)
}

/// Chain segments whose ends meet at right angles in a corner cell (exactly two ends there,
/// nothing passing through, same weight) into polylines.
fn chain(cells: &Cells, segs: &[Seg], through: &[bool], opts: &ArtOptions) -> Vec<Polyline> {
    let link = corner_links(cells, segs, through);
    let mut visited = vec![false; segs.len()];
    let mut lines = Vec::new();
    let mut emit = |s: usize, first_end: usize, visited: &mut Vec<bool>| {
        let (mut points, any_round, closed) = walk(segs, &link, s, first_end, visited);
        if closed {
            points.pop();
            normalise_cycle(&mut points);
        }
        let corners = points.len() > 2 || closed;
        lines.push(Polyline {
            points,
            weight: segs[s].weight,
            dashed: segs[s].dashed,
            rounded_corners: corners && (any_round || opts.rounded),
            closed,
        });
    };
    for s in 0..segs.len() {
        if visited[s] {
            continue;
        }
        if link[s][0].is_none() {
            emit(s, 0, &mut visited);
        } else if link[s][1].is_none() {
            emit(s, 1, &mut visited);
        }
    }
    for s in 0..segs.len() {
        if !visited[s] {
            emit(s, 0, &mut visited);
        }
    }
    lines
}

/// For each end of each segment, the segment end it turns a corner into, if any:
/// (other segment, its end, corner is rounded).
type Links = Vec<[Option<(usize, usize, bool)>; 2]>;

/// Links the segment ends that meet at right angles in a corner cell: exactly two ends
/// there, nothing passing through, same weight and dashing.
fn corner_links(cells: &Cells, segs: &[Seg], through: &[bool]) -> Links {
    let mut nodes: HashMap<(i64, i64), Vec<(usize, usize)>> = HashMap::new();
    for (s, seg) in segs.iter().enumerate() {
        for e in 0..2 {
            if seg.join[e] {
                nodes.entry(key(seg.p[e])).or_default().push((s, e));
            }
        }
    }
    let mut link: Links = vec![[None, None]; segs.len()];
    let horizontal = |s: usize| segs[s].p[0].1 == segs[s].p[1].1;
    for (&(kx, ky), ends) in &nodes {
        if ends.len() != 2 || kx % 2 == 0 || ky % 2 == 0 {
            continue;
        }
        let (c, r) = ((kx - 1) / 2, (ky - 1) / 2);
        if c < 0 || r < 0 || through[r as usize * cells.cols + c as usize] {
            continue;
        }
        let ((s1, e1), (s2, e2)) = (ends[0], ends[1]);
        if s1 == s2
            || horizontal(s1) == horizontal(s2)
            || segs[s1].weight != segs[s2].weight
            || segs[s1].dashed != segs[s2].dashed
        {
            continue;
        }
        let rounded = matches!(cells.at(c as isize, r as isize), Cell::Line { rounded: true, .. });
        link[s1][e1] = Some((s2, e2, rounded));
        link[s2][e2] = Some((s1, e1, rounded));
    }
    link
}

/// The points of the chain that starts at end `first_end` of segment `s`, following the
/// links (marking each segment visited); whether any corner is rounded, and whether the
/// chain comes back to `s`.
fn walk(segs: &[Seg], link: &Links, s: usize, first_end: usize, visited: &mut [bool]) -> (Vec<(f32, f32)>, bool, bool) {
    let mut points = vec![segs[s].p[first_end]];
    let (mut cur, mut exit) = (s, 1 - first_end);
    let mut any_round = false;
    let mut closed = false;
    visited[s] = true;
    loop {
        points.push(segs[cur].p[exit]);
        match link[cur][exit] {
            Some((ns, ne, rounded)) => {
                any_round |= rounded;
                if ns == s {
                    closed = true;
                    break;
                }
                visited[ns] = true;
                cur = ns;
                exit = 1 - ne;
            }
            None => break,
        }
    }
    (points, any_round, closed)
}

/// Start a closed path at its top-most, then left-most vertex and go east first.
fn normalise_cycle(points: &mut [(f32, f32)]) {
    let n = points.len();
    if n < 3 {
        return;
    }
    let first = (0..n)
        .min_by(|&a, &b| {
            let (pa, pb) = (points[a], points[b]);
            (pa.1, pa.0).partial_cmp(&(pb.1, pb.0)).unwrap()
        })
        .unwrap_or(0);
    points.rotate_left(first);
    if points[1].1 != points[0].1 {
        points[1..].reverse();
    }
}
