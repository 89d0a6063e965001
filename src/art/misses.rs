//! Near misses: drawings that are legal but almost certainly not what the poet meant — a
//! line (or an arrow's tip) that stops one cell short of a line across its way, and two lines that run past
//! each other one cell apart where they should meet (a box whose wall is one column off).
//! Each is reported at a cell so layout can name the file, line and column.

use super::arms::{Cell, Cells};
use super::{Dir, NearMiss, NearMissKind};

/// The two directions across `d`.
fn across(d: Dir) -> [Dir; 2] {
    match d {
        Dir::N | Dir::S => [Dir::W, Dir::E],
        Dir::E | Dir::W => [Dir::N, Dir::S],
    }
}

fn step((c, r): (isize, isize), d: Dir) -> (isize, isize) {
    let (dc, dr) = d.delta();
    (c + dc, r + dr)
}

/// Cell (c, r) has an arm toward `d` that nothing returns (the next cell is blank or text).
fn open_arm(cells: &Cells, p: (isize, isize), d: Dir) -> bool {
    let at = |p: (isize, isize)| cells.at(p.0, p.1);
    at(p).arm(d).is_some() && matches!(at(step(p, d)), Cell::Empty | Cell::Text)
}

/// The run of line through `p` leads, away from `d`, into an arrow pointing that way: `p`
/// is near the tail of an arrow (`│ ──► │`), which may start a space after a wall.
fn arrow_tail(cells: &Cells, mut p: (isize, isize), d: Dir) -> bool {
    let at = |p: (isize, isize)| cells.at(p.0, p.1);
    let away = d.opposite();
    loop {
        let q = step(p, away);
        match at(q) {
            Cell::Arrow { dir, attached: true, .. } => return dir == away && at(p).arm(away).is_some(),
            c if at(p).arm(away).is_some() && c.arm(d).is_some() => p = q,
            _ => return false,
        }
    }
}

/// A near miss reported at cell `at`, naming the cell `other` it almost meets.
fn miss(at: (isize, isize), kind: NearMissKind, other: (isize, isize)) -> NearMiss {
    NearMiss { row: at.1 as usize, col: at.0 as usize, kind, other: (other.1 as usize, other.0 as usize) }
}

/// Every near miss, each reported once, in reading order of the cell it is reported at.
pub(super) fn find(cells: &Cells) -> Vec<NearMiss> {
    let at = |p: (isize, isize)| cells.at(p.0, p.1);
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for r in 0..cells.rows as isize {
        for c in 0..cells.cols as isize {
            let x = (c, r);
            // An arrow's tip one blank cell before a line across it arrives on that line
            // (`──► │`, as poets type it): no miss.
            if !matches!(at(x), Cell::Line { .. }) {
                continue;
            }
            for d in Dir::ALL {
                if !open_arm(cells, x, d) {
                    continue;
                }
                let t = step(x, d);
                // 1. A run of line stops with one blank cell before a line across its way.
                let back = step(x, d.opposite());
                let is_run = at(x).arm(d.opposite()).is_some() && at(back).arm(d).is_some();
                let y = step(t, d);
                let crosses = across(d).iter().any(|&a| at(y).arm(a).is_some());
                if is_run && at(t) == Cell::Empty && at(y).is_stroke() && crosses && !arrow_tail(cells, x, d) {
                    out.push(miss(x, NearMissKind::OneCellShort, y));
                    continue;
                }
                // 2. Two lines pass each other one cell apart: this arm runs out beside
                // another line's arm coming the other way, or beside the end of a line that
                // stops just short of it (an ASCII `+----+` corner with the wall `|` one
                // column further on: the corner reaches only back along its own line).
                for a in across(d) {
                    let p = step(t, a);
                    let passing = at(p).arm(d.opposite()).is_some() && open_arm(cells, p, d.opposite());
                    let stopping_short = matches!(at(p), Cell::Line { arms, .. }
                        if arms.iter().filter(|w| w.is_some()).count() == 1 && arms[a.index()].is_some())
                        && matches!(at(t), Cell::Empty);
                    if passing || stopping_short {
                        let key = if x < p { (x, p) } else { (p, x) };
                        if seen.insert(key) {
                            out.push(miss(x, NearMissKind::PassOneApart, p));
                        }
                    }
                }
            }
        }
    }
    out
}
