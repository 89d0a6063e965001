//! Boxes: closed rectangular polylines become [`BoxRect`]s, and each label is assigned to
//! the innermost box whose interior holds it (a left-to-right sweep per row, linear in the
//! size of the boxes plus the number of labels).

use super::{BoxRect, Label, Polyline};

/// Every rectangle of lines: a closed polyline with four vertices; a titled border (an
/// open polyline around four corners whose two ends face each other on one side, the
/// title between them: `┌─ notes ─┐`); and four straight lines of different weights
/// meeting at their corners (`+=====+` over `|` walls, `╒═╕`).
pub(super) fn find_boxes(lines: &[Polyline]) -> Vec<BoxRect> {
    let mut boxes = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let rect = match l.points.len() {
            4 if l.closed => rectangle(&l.points),
            6 if !l.closed => titled(&l.points),
            _ => None,
        };
        if let Some([left, top, right, bottom]) = rect {
            boxes.push(BoxRect { left, top, right, bottom, rounded: l.rounded_corners, line: i });
        }
    }
    four_sides(lines, &mut boxes);
    boxes
}

/// Four corners, in either turning order from any corner, forming an axis-aligned
/// rectangle of some size: its left, top, right and bottom.
fn rectangle(p: &[(f32, f32)]) -> Option<[f32; 4]> {
    let sides = (0..4).all(|k| {
        let (a, b) = (p[k], p[(k + 1) % 4]);
        (a.0 == b.0) != (a.1 == b.1)
    });
    let (l, r) = (p.iter().map(|q| q.0).fold(f32::MAX, f32::min), p.iter().map(|q| q.0).fold(f32::MIN, f32::max));
    let (t, b) = (p.iter().map(|q| q.1).fold(f32::MAX, f32::min), p.iter().map(|q| q.1).fold(f32::MIN, f32::max));
    let corners = p.iter().all(|q| (q.0 == l || q.0 == r) && (q.1 == t || q.1 == b));
    (sides && corners && l < r && t < b).then_some([l, t, r, b])
}

/// An open polyline `end, corner, corner, corner, corner, end` whose two ends lie on the
/// side between its first and last corners, facing each other across a gap (a title).
fn titled(p: &[(f32, f32)]) -> Option<[f32; 4]> {
    let rect = rectangle(&p[1..5])?;
    let (a, b) = (p[1], p[4]);
    let on = |q: (f32, f32)| {
        if a.1 == b.1 {
            q.1 == a.1 && q.0 > a.0.min(b.0) && q.0 < a.0.max(b.0)
        } else {
            q.0 == a.0 && q.1 > a.1.min(b.1) && q.1 < a.1.max(b.1)
        }
    };
    let dist = |q: (f32, f32), c: (f32, f32)| (q.0 - c.0).abs() + (q.1 - c.1).abs();
    (on(p[0]) && on(p[5]) && dist(p[0], a) < dist(p[5], a)).then_some(rect)
}

/// Rectangles of four straight two-point lines that meet end to end at the corners but
/// could not be chained into one path (their weights differ). Linear: lines are found by
/// their end points.
fn four_sides(lines: &[Polyline], boxes: &mut Vec<BoxRect>) {
    use std::collections::HashMap;
    let key = |p: (f32, f32)| ((p.0 * 2.0).round() as i64, (p.1 * 2.0).round() as i64);
    let straight = |l: &Polyline| !l.closed && l.points.len() == 2;
    // Vertical lines by their top end: (bottom end, index).
    type Ends = Vec<((f32, f32), usize)>;
    let mut down: HashMap<(i64, i64), Ends> = HashMap::new();
    // Horizontal lines by their left end: right end.
    let mut across: HashMap<(i64, i64), Vec<(f32, f32)>> = HashMap::new();
    for (i, l) in lines.iter().enumerate().filter(|(_, l)| straight(l)) {
        let (mut a, mut b) = (l.points[0], l.points[1]);
        if (a.1, a.0) > (b.1, b.0) {
            std::mem::swap(&mut a, &mut b);
        }
        if a.0 == b.0 && a.1 < b.1 {
            down.entry(key(a)).or_default().push((b, i));
        } else if a.1 == b.1 && a.0 < b.0 {
            across.entry(key(a)).or_default().push(b);
        }
    }
    let mut found = Vec::new();
    for (i, l) in lines.iter().enumerate().filter(|(_, l)| straight(l)) {
        let (a, b) = (l.points[0], l.points[1]);
        let (tl, tr) = if a.0 < b.0 { (a, b) } else { (b, a) };
        if a.1 != b.1 || a.0 == b.0 {
            continue;
        }
        for &(bl, _) in down.get(&key(tl)).into_iter().flatten() {
            let right = down.get(&key(tr)).into_iter().flatten().find(|(br, _)| br.1 == bl.1);
            let bottom = across.get(&key(bl)).into_iter().flatten().any(|e| *e == (tr.0, bl.1));
            if let (Some(_), true) = (right, bottom) {
                found.push(BoxRect { left: tl.0, top: tl.1, right: tr.0, bottom: bl.1, rounded: false, line: i });
            }
        }
    }
    // One box per rectangle, and none where a chained path already makes it.
    for f in found {
        let same = |b: &BoxRect| (b.left, b.top, b.right, b.bottom) == (f.left, f.top, f.right, f.bottom);
        if !boxes.iter().any(same) {
            boxes.push(f);
        }
    }
}

/// Column/row of the cell a box coordinate (a cell centre) lies in.
pub(super) fn cell_of(v: f32) -> usize {
    v.floor().max(0.0) as usize
}

/// Set `in_box` of each label to the innermost box containing it. `labels` must be sorted
/// by row then column.
pub(super) fn assign_labels(boxes: &[BoxRect], labels: &mut [Label], rows: usize) {
    if boxes.is_empty() || labels.is_empty() {
        return;
    }
    // Per interior row: (column, is_left_edge, box).
    let mut events: Vec<Vec<(usize, bool, usize)>> = vec![Vec::new(); rows];
    for (b, bx) in boxes.iter().enumerate() {
        let (l, r) = (cell_of(bx.left), cell_of(bx.right));
        for ev in events.iter_mut().take(cell_of(bx.bottom)).skip(cell_of(bx.top) + 1) {
            ev.push((l, true, b));
            ev.push((r, false, b));
        }
    }
    for ev in &mut events {
        ev.sort_unstable();
    }
    // Per border row: the columns between each box's walls.
    let mut borders: std::collections::HashMap<usize, Vec<(usize, usize)>> = std::collections::HashMap::new();
    for bx in boxes {
        let span = (cell_of(bx.left), cell_of(bx.right));
        borders.entry(cell_of(bx.top)).or_default().push(span);
        borders.entry(cell_of(bx.bottom)).or_default().push(span);
    }
    let mut li = 0;
    for (row, ev) in events.iter().enumerate() {
        while li < labels.len() && labels[li].row < row {
            li += 1;
        }
        let mut stack: Vec<usize> = Vec::new();
        let mut ei = 0;
        while li < labels.len() && labels[li].row == row {
            let lab = &mut labels[li];
            while ei < ev.len() && ev[ei].0 < lab.col_start {
                let (_, open, b) = ev[ei];
                if open {
                    stack.push(b);
                } else if let Some(pos) = stack.iter().rposition(|&s| s == b) {
                    stack.remove(pos);
                }
                ei += 1;
            }
            // A title typed in a box's border is part of that border, in no box.
            let title = borders
                .get(&row)
                .is_some_and(|spans| spans.iter().any(|&(l, r)| lab.col_start > l && lab.col_end <= r));
            lab.in_box = if title {
                None
            } else {
                stack.iter().rev().copied().find(|&b| cell_of(boxes[b].right) >= lab.col_end)
            };
            li += 1;
        }
    }
}
