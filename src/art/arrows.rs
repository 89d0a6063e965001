//! Arrow characters → directions, and arrow geometry: where the tip of an attached arrow
//! sits and what a lone (free-standing) arrow draws.

use super::{Arrowhead, Dir};

/// Unicode arrows, always art.
pub(super) fn unicode_arrow(ch: char) -> Option<Dir> {
    Some(match ch {
        '▼' | '↓' | '▾' => Dir::S,
        '▲' | '↑' | '▴' => Dir::N,
        '►' | '→' | '▶' | '▸' => Dir::E,
        '◄' | '←' | '◀' | '◂' => Dir::W,
        _ => return None,
    })
}

/// ASCII arrows: art only when a line reaches them from behind (or listed as extra art).
pub(super) fn ascii_arrow(ch: char) -> Option<Dir> {
    Some(match ch {
        'v' => Dir::S,
        '^' => Dir::N,
        '>' => Dir::E,
        '<' => Dir::W,
        _ => return None,
    })
}

/// The tip of an arrow in cell (c, r) pointing `dir`: the midpoint of the cell's far edge.
pub(super) fn tip(c: usize, r: usize, dir: Dir) -> (f32, f32) {
    let (x, y) = (c as f32 + 0.5, r as f32 + 0.5);
    match dir {
        Dir::N => (x, r as f32),
        Dir::S => (x, r as f32 + 1.0),
        Dir::E => (c as f32 + 1.0, y),
        Dir::W => (c as f32, y),
    }
}

/// A lone arrow in cell (c, r): the shaft from the tail edge to the tip edge (tail first),
/// and its head.
pub(super) fn lone(c: usize, r: usize, dir: Dir) -> ([(f32, f32); 2], Arrowhead) {
    let t = tip(c, r, dir);
    let tail = tip(c, r, dir.opposite());
    ([tail, t], Arrowhead { tip: t, dir })
}
