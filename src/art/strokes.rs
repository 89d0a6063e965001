//! Arms → strokes: maximal straight runs become segments between cell centres (extended
//! into arrow cells, or to a neighbouring line's centre), then segments meeting at right
//! angles in a corner cell are chained into polylines; chains that close become closed
//! polylines. Also rules (`_`), diagonals and lone arrows.

use std::collections::HashMap;

use super::arms::{Cell, Cells};
use super::arrows;
use super::{Arrowhead, ArtOptions, Dir, Polyline, Weight};

pub(super) struct Strokes {
    pub lines: Vec<Polyline>,
    pub arrowheads: Vec<Arrowhead>,
}

/// A straight segment; `join[e]` says end `e` lies on a cell centre and may be chained.
struct Seg {
    p: [(f32, f32); 2],
    join: [bool; 2],
    weight: Weight,
}

/// Where a run stops when its last arm does not connect to the next cell: along-axis
/// coordinate, whether that end may chain, and an arrowhead if it reached an arrow.
type End = (f32, bool, Option<Arrowhead>);

pub(super) fn trace(cells: &Cells, opts: &ArtOptions) -> Strokes {
    let mut segs = Vec::new();
    let mut heads = Vec::new();
    // Cells whose centre a straight run passes through (a tee or cross, never a corner).
    let mut through = vec![false; cells.cols * cells.rows];
    trace_axis(cells, true, &mut segs, &mut heads, &mut through);
    trace_axis(cells, false, &mut segs, &mut heads, &mut through);
    extras(cells, &mut segs, &mut heads);
    let lines = chain(cells, &segs, &through, opts);
    Strokes { lines, arrowheads: heads }
}

fn trace_axis(cells: &Cells, horizontal: bool, segs: &mut Vec<Seg>, heads: &mut Vec<Arrowhead>, through: &mut [bool]) {
    let (n, m) = if horizontal { (cells.cols, cells.rows) } else { (cells.rows, cells.cols) };
    let (fwd, back) = if horizontal { (Dir::E, Dir::W) } else { (Dir::S, Dir::N) };
    for k in 0..m {
        let kf = k as f32 + 0.5;
        let cell = |i: isize| -> Cell { if horizontal { cells.at(i, k as isize) } else { cells.at(k as isize, i) } };
        let pt = |t: f32| -> (f32, f32) { if horizontal { (t, kf) } else { (kf, t) } };
        // The connection between cell i and cell i + 1, with the heavier of the two arms.
        let gap = |i: usize| -> Option<Weight> {
            match (cell(i as isize).arm(fwd), cell(i as isize + 1).arm(back)) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            }
        };
        // Cell i has an arm toward `d` that its neighbour does not return.
        let reach = |i: usize, d: Dir| -> Option<End> {
            let step: isize = if d == fwd { 1 } else { -1 };
            let j = i as isize + step;
            let near_edge = if step > 0 { i + 1 } else { i } as f32;
            match cell(j) {
                Cell::Arrow { dir, .. } if dir == d => {
                    let t = if step > 0 { j + 1 } else { j } as f32;
                    Some((t, false, Some(Arrowhead { tip: pt(t), dir })))
                }
                Cell::Arrow { dir, .. } if dir == d.opposite() => Some((near_edge, false, None)),
                Cell::Line { .. } => Some((j as f32 + 0.5, true, None)),
                _ => None,
            }
        };
        let centre = |i: usize| -> End { (i as f32 + 0.5, true, None) };
        let edge = |i: usize, d: Dir| -> End {
            let t = if d == fwd { i + 1 } else { i } as f32;
            (t, false, None)
        };
        let mut i = 0;
        while i < n {
            let c = cell(i as isize);
            let (af, ab) = (c.arm(fwd), c.arm(back));
            if af.is_none() && ab.is_none() {
                i += 1;
                continue;
            }
            let gprev = if i > 0 { gap(i - 1) } else { None };
            match gap(i) {
                None => {
                    if gprev.is_none() {
                        // No connection along this axis. Arms that meet an arrow or a line
                        // reach it; open arms end at the centre, or at the cell's edges when
                        // nothing is reached at all (a lone `─`, `│`, `╴` keeps its length).
                        let (rb, rf) = (ab.and(reach(i, back)), af.and(reach(i, fwd)));
                        let isolated = rb.is_none() && rf.is_none();
                        let open = |d: Dir| if isolated { edge(i, d) } else { centre(i) };
                        let start = match ab {
                            Some(_) => rb.unwrap_or_else(|| open(back)),
                            None => centre(i),
                        };
                        let end = match af {
                            Some(_) => rf.unwrap_or_else(|| open(fwd)),
                            None => centre(i),
                        };
                        let weight = af.max(ab).unwrap_or(Weight::Light);
                        push(segs, heads, pt, start, end, weight);
                    }
                    i += 1;
                }
                Some(w) => {
                    let mut j = i + 1;
                    while gap(j) == Some(w) {
                        j += 1;
                    }
                    let start =
                        if gprev.is_none() && ab.is_some() { reach(i, back).unwrap_or(centre(i)) } else { centre(i) };
                    let end = if gap(j).is_none() && cell(j as isize).arm(fwd).is_some() {
                        reach(j, fwd).unwrap_or(centre(j))
                    } else {
                        centre(j)
                    };
                    push(segs, heads, pt, start, end, w);
                    for t in i + 1..j {
                        let (cc, rr) = if horizontal { (t, k) } else { (k, t) };
                        through[rr * cells.cols + cc] = true;
                    }
                    i = j;
                }
            }
        }
    }
}

fn push(
    segs: &mut Vec<Seg>,
    heads: &mut Vec<Arrowhead>,
    pt: impl Fn(f32) -> (f32, f32),
    start: End,
    end: End,
    weight: Weight,
) {
    for h in [start.2, end.2].into_iter().flatten() {
        heads.push(h);
    }
    segs.push(Seg { p: [pt(start.0), pt(end.0)], join: [start.1, end.1], weight });
}

/// Rules (`_` as art), diagonals and lone arrows: never chained.
fn extras(cells: &Cells, segs: &mut Vec<Seg>, heads: &mut Vec<Arrowhead>) {
    let free = |a: (f32, f32), b: (f32, f32)| Seg { p: [a, b], join: [false, false], weight: Weight::Light };
    let rising = |c: isize, r: isize| matches!(cells.at(c, r), Cell::Diag { rising: true, .. });
    let falling = |c: isize, r: isize| matches!(cells.at(c, r), Cell::Diag { falling: true, .. });
    for r in 0..cells.rows as isize {
        for c in 0..cells.cols as isize {
            let (x, y) = (c as f32, r as f32);
            match cells.at(c, r) {
                Cell::Rule if cells.at(c - 1, r) != Cell::Rule => {
                    let mut e = c + 1;
                    while cells.at(e, r) == Cell::Rule {
                        e += 1;
                    }
                    segs.push(free((x, y + 1.0), (e as f32, y + 1.0)));
                }
                Cell::Arrow { dir, attached: false } => {
                    let inside = |x: isize| x >= 0 && x < cells.cols as isize;
                    let (mut shaft, head) = arrows::lone(c as usize, r as usize, dir);
                    // Hung under (or beside) a line that has no arm toward it, the shaft
                    // starts on that line's centre.
                    let (dc, dr) = dir.opposite().delta();
                    let mut head = head;
                    if let Cell::Line { .. } = cells.at(c + dc, r + dr) {
                        shaft[0] = ((c + dc) as f32 + 0.5, (r + dr) as f32 + 0.5);
                    } else if dr == 0 && inside(c + dc) && cells.at(c + dc, r) == Cell::Empty {
                        // A free-standing horizontal arrow reaches half-way into the blank
                        // cells on either side: one cell is too short to read as an arrow.
                        shaft[0].0 += dc as f32 * 0.5;
                    }
                    let (tc, _) = dir.delta();
                    if dr == 0 && inside(c + tc) && cells.at(c + tc, r) == Cell::Empty {
                        shaft[1].0 += tc as f32 * 0.5;
                        head.tip.0 = shaft[1].0;
                    }
                    segs.push(free(shaft[0], shaft[1]));
                    heads.push(head);
                }
                Cell::Diag { rising: ri, falling: fa } => {
                    // Each diagonal run is emitted from its lower-left (rising) or upper-left
                    // (falling) end.
                    if ri && !rising(c - 1, r + 1) {
                        let mut k = 1;
                        while rising(c + k, r - k) {
                            k += 1;
                        }
                        segs.push(free((x, y + 1.0), (x + k as f32, y + 1.0 - k as f32)));
                    }
                    if fa && !falling(c - 1, r - 1) {
                        let mut k = 1;
                        while falling(c + k, r + k) {
                            k += 1;
                        }
                        segs.push(free((x, y), (x + k as f32, y + k as f32)));
                    }
                }
                _ => {}
            }
        }
    }
}

fn key(p: (f32, f32)) -> (i64, i64) {
    ((p.0 * 2.0).round() as i64, (p.1 * 2.0).round() as i64)
}

/// Chain segments whose ends meet at right angles in a corner cell (exactly two ends there,
/// nothing passing through, same weight) into polylines.
fn chain(cells: &Cells, segs: &[Seg], through: &[bool], opts: &ArtOptions) -> Vec<Polyline> {
    let mut nodes: HashMap<(i64, i64), Vec<(usize, usize)>> = HashMap::new();
    for (s, seg) in segs.iter().enumerate() {
        for e in 0..2 {
            if seg.join[e] {
                nodes.entry(key(seg.p[e])).or_default().push((s, e));
            }
        }
    }
    // link[s][e] = (other segment, its end, corner is rounded)
    let mut link: Vec<[Option<(usize, usize, bool)>; 2]> = vec![[None, None]; segs.len()];
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
        if s1 == s2 || horizontal(s1) == horizontal(s2) || segs[s1].weight != segs[s2].weight {
            continue;
        }
        let rounded = matches!(cells.at(c as isize, r as isize), Cell::Line { rounded: true, .. });
        link[s1][e1] = Some((s2, e2, rounded));
        link[s2][e2] = Some((s1, e1, rounded));
    }
    let mut visited = vec![false; segs.len()];
    let mut lines = Vec::new();
    let walk = |s: usize, first_end: usize, visited: &mut Vec<bool>| -> (Vec<(f32, f32)>, bool, bool) {
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
    };
    let mut emit = |s: usize, first_end: usize, visited: &mut Vec<bool>| {
        let (mut points, any_round, closed) = walk(s, first_end, visited);
        if closed {
            points.pop();
            normalise_cycle(&mut points);
        }
        let corners = points.len() > 2 || closed;
        lines.push(Polyline {
            points,
            weight: segs[s].weight,
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
