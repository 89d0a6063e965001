//! Column widths for a drawing too wide for the measure at its label floor: the grid's
//! columns that hold only line (horizontal runs of walls and shafts, blanks) narrow before
//! any label shrinks (docs/book-conventions.md, "Drawings by their ink"; docs/art.md,
//! "Narrowed columns").
//!
//! A column is *rigid* when something in it needs a whole cell: a vertical or slanted
//! stroke (a box's wall, a connector, a branch), an arrowhead (the cell behind its tip
//! and the two ahead of it), a dot, a filled block. Every other column is *flexible*: it narrows to
//! [`MIN_FLEX`] of a cell, and widens again only as far as the words typed across it need
//! (each label's shaped width fits inside the cells that typed it). Because every point of
//! the drawing is mapped through the same column boundaries, walls keep meeting at their
//! corners, shafts keep arriving at their heads, and a word never reaches its wall.

use crate::art::{Dir, Drawing};

/// Marks the cells (columns or rows) that the span `lo..hi` (either order, in cells)
/// covers as needing a whole cell; a span inside one cell marks that cell.
fn mark_cells(rigid: &mut [bool], lo: f32, hi: f32) {
    let (a, b) = (lo.min(hi), lo.max(hi));
    let first = (a + 0.01).floor().max(0.0) as usize;
    let last = ((b - 0.01).floor().max(0.0) as usize).max(first);
    let end = (last + 1).min(rigid.len());
    for r in rigid.iter_mut().take(end).skip(first) {
        *r = true;
    }
}

/// The narrowest a flexible column gets, as a fraction of a cell.
pub const MIN_FLEX: f32 = 0.3;

/// Which of the drawing's columns need a whole cell (see the module's doc).
pub fn rigid_columns(d: &Drawing) -> Vec<bool> {
    let mut rigid = vec![false; d.cols];
    let mut mark = |lo: f32, hi: f32| mark_cells(&mut rigid, lo, hi);
    for l in &d.lines {
        let pts = &l.points;
        let pairs = pts.windows(2).map(|w| (w[0], w[1]));
        let closing = l.closed.then(|| (pts[pts.len() - 1], pts[0]));
        for (p, q) in pairs.chain(closing) {
            if (p.1 - q.1).abs() > 0.01 {
                // Vertical: the column of its centre line; slanted: every column it crosses.
                if (p.0 - q.0).abs() < 0.01 { mark(p.0, p.0) } else { mark(p.0, q.0) }
            }
        }
    }
    for h in &d.arrowheads {
        let (x, _) = h.tip;
        match h.dir {
            // The tip's cell and the one behind it hold the head; the two ahead keep a tip
            // that points at nothing as far from a word as it was typed.
            Dir::E | Dir::W => mark(x - 2.0, x + 2.0),
            Dir::N | Dir::S => mark(x, x),
        }
    }
    for dot in &d.dots {
        mark(dot.centre.0, dot.centre.0);
    }
    for f in &d.fills {
        mark(f.rect[0], f.rect[2]);
    }
    rigid
}

/// The lowest a line-only row gets, as a fraction of a row.
pub const MIN_ROW: f32 = 0.5;

/// Which of the drawing's rows need a whole row: a label's, a dot's or a block's, one a
/// slanted stroke crosses, and the row behind an up or down arrow's tip (its head). The
/// rest hold only line (a box's top or bottom, a connector's shaft) or nothing.
pub fn rigid_rows(d: &Drawing) -> Vec<bool> {
    let mut rigid = vec![false; d.rows];
    let mut mark = |lo: f32, hi: f32| mark_cells(&mut rigid, lo, hi);
    for l in &d.labels {
        mark(l.row as f32, l.row as f32 + 1.0);
    }
    for l in &d.lines {
        for w in l.points.windows(2) {
            let (p, q) = (w[0], w[1]);
            if (p.0 - q.0).abs() > 0.01 && (p.1 - q.1).abs() > 0.01 {
                mark(p.1, q.1);
            }
        }
    }
    for h in &d.arrowheads {
        let (_, y) = h.tip;
        match h.dir {
            Dir::S => mark(y - 1.0, y - 0.5),
            Dir::N => mark(y + 0.5, y + 1.0),
            Dir::E | Dir::W => mark(y, y),
        }
    }
    for dot in &d.dots {
        mark(dot.centre.1, dot.centre.1);
    }
    for f in &d.fills {
        mark(f.rect[1], f.rect[3]);
    }
    rigid
}

/// Widths (points) of the columns `0..cols` at cell width `cw`: rigid columns a cell,
/// flexible ones [`MIN_FLEX`] of a cell, widened (evenly over a label's flexible columns)
/// until every label's shaped width `need[i]` fits its cells.
pub fn narrowest(d: &Drawing, rigid: &[bool], need: &[f32], cw: f32) -> Vec<f32> {
    let mut w: Vec<f32> = rigid.iter().map(|&r| if r { cw } else { cw * MIN_FLEX }).collect();
    // The widest words first: what they take, the narrower ones in the same columns share.
    let mut order: Vec<usize> = (0..d.labels.len()).collect();
    order.sort_by(|&a, &b| need[b].total_cmp(&need[a]).then(a.cmp(&b)));
    for i in order {
        let l = &d.labels[i];
        let span = l.col_start.min(w.len())..l.col_end.min(w.len());
        if span.is_empty() {
            continue;
        }
        let have: f32 = w[span.clone()].iter().sum();
        let short = need[i] - have;
        if short <= 0.0 {
            continue;
        }
        let flex: Vec<usize> = span.clone().filter(|&c| !rigid[c]).collect();
        let cols: Vec<usize> = if flex.is_empty() { span.collect() } else { flex };
        let each = short / cols.len() as f32;
        for c in cols {
            w[c] += each;
        }
    }
    w
}

/// Gives `room` points back to the columns narrower than a cell, in proportion to what
/// each gave up, never past a cell: a drawing that fits at its narrowest keeps as much
/// of its drawn proportions as the measure allows.
pub fn widen(w: &mut [f32], cw: f32, room: f32) {
    let gave: f32 = w.iter().map(|&x| (cw - x).max(0.0)).sum();
    if gave <= 0.0 || room <= 0.0 {
        return;
    }
    let t = (room / gave).min(1.0);
    for x in w.iter_mut() {
        if *x < cw {
            *x += (cw - *x) * t;
        }
    }
}

/// Column boundaries from widths: `xs[i]` is where column `i` starts, `xs[n]` the end.
pub fn boundaries(w: &[f32]) -> Vec<f32> {
    let mut xs = Vec::with_capacity(w.len() + 1);
    let mut x = 0.0;
    xs.push(0.0);
    for &c in w {
        x += c;
        xs.push(x);
    }
    xs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::art::{ArtOptions, parse};

    fn drawing(text: &str) -> Drawing {
        parse(text, &ArtOptions::default()).unwrap()
    }

    #[test]
    fn walls_connectors_and_heads_are_rigid_runs_and_blanks_are_not() {
        let d = drawing("┌────┬────┐\n│ ab │ cd │\n└────┴────┘\n     ▼\n──► x\n");
        let r = rigid_columns(&d);
        // Walls at 0, 5 and 10; the arrow's column 5; the head at column 2, its cell
        // behind (1) and two ahead (3, 4).
        for c in [0, 1, 2, 3, 4, 5, 10] {
            assert!(r[c], "column {c} should be rigid: {r:?}");
        }
        for c in [6, 7, 8, 9] {
            assert!(!r[c], "column {c} should be flexible: {r:?}");
        }
    }

    #[test]
    fn label_rows_and_arrow_rows_are_rigid_walls_and_shafts_are_not() {
        let d = drawing("┌──┐\n│ab│\n└┬─┘\n │\n ▼\n");
        let r = rigid_rows(&d);
        assert_eq!(r, vec![false, true, false, false, true], "{r:?}");
    }

    #[test]
    fn labels_get_their_width_and_blanks_their_minimum() {
        let d = drawing("│  word  │\n");
        let r = rigid_columns(&d);
        let need = [3.0];
        let w = narrowest(&d, &r, &need, 1.0);
        assert_eq!(w[0], 1.0);
        assert_eq!(w[9], 1.0);
        // The blanks beside the word at their minimum; the word's four cells hold 3.
        assert!((w[1] - MIN_FLEX).abs() < 1e-6);
        let word: f32 = w[3..7].iter().sum();
        assert!((word - 3.0).abs() < 1e-5, "the word's cells hold exactly its width: {w:?}");
        // Room given back: half of what the columns gave up closes half of each gap; all
        // of it, and more, brings every column back to a cell and no further.
        let gave: f32 = w.iter().map(|x| 1.0 - x).sum();
        let mut half = w.clone();
        widen(&mut half, 1.0, gave / 2.0);
        assert!((half[1] - (MIN_FLEX + 1.0) / 2.0).abs() < 1e-5, "{half:?}");
        let mut all = w.clone();
        widen(&mut all, 1.0, 100.0);
        assert!(all.iter().all(|&x| (x - 1.0).abs() < 1e-5), "{all:?}");
        let xs = boundaries(&w);
        assert_eq!(xs.len(), w.len() + 1);
        assert!((xs[w.len()] - w.iter().sum::<f32>()).abs() < 1e-5);
    }
}
