//! Boxes: closed rectangular polylines become [`BoxRect`]s, and each label is assigned to
//! the innermost box whose interior holds it (a left-to-right sweep per row, linear in the
//! size of the boxes plus the number of labels).

use super::{BoxRect, Label, Polyline};

/// Every closed polyline with four vertices forming an axis-aligned rectangle.
pub(super) fn find_boxes(lines: &[Polyline]) -> Vec<BoxRect> {
    let mut boxes = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if !l.closed || l.points.len() != 4 {
            continue;
        }
        let p = &l.points;
        // Normalised: top-left, top-right, bottom-right, bottom-left.
        let rect = p[0].1 == p[1].1 && p[1].0 == p[2].0 && p[2].1 == p[3].1 && p[3].0 == p[0].0;
        if !rect || p[0].0 >= p[1].0 || p[1].1 >= p[2].1 {
            continue;
        }
        boxes.push(BoxRect {
            left: p[0].0,
            top: p[0].1,
            right: p[1].0,
            bottom: p[2].1,
            rounded: l.rounded_corners,
            line: i,
        });
    }
    boxes
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
            lab.in_box = stack.iter().rev().copied().find(|&b| cell_of(boxes[b].right) >= lab.col_end);
            li += 1;
        }
    }
}
