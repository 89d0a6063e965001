//! Text: runs of text cells become [`Label`]s (joined across single spaces, split at two or
//! more spaces and at art), their alignment is inferred (centred or flush inside boxes and
//! table cells, centred under connectors, right-aligned columns), and dots are collected.

use std::collections::{HashMap, HashSet};

use super::arms::{Cell, Cells};
use super::boxes::cell_of;
use super::grid::{Grid, WIDE_TAIL};
use super::{BoxRect, Dir, Dot, Label, LabelAlign};

/// Labels sorted by row, then column; all `Left` and outside any box.
pub(super) fn text_runs(grid: &Grid, cells: &Cells) -> Vec<Label> {
    let mut labels = Vec::new();
    for r in 0..cells.rows {
        let ri = r as isize;
        let text = |c: usize| cells.at(c as isize, ri) == Cell::Text;
        let empty = |c: usize| cells.at(c as isize, ri) == Cell::Empty;
        let mut c = 0;
        while c < cells.cols {
            if !text(c) {
                c += 1;
                continue;
            }
            let start = c;
            let mut end = c + 1;
            loop {
                if text(end) {
                    end += 1;
                } else if empty(end) && text(end + 1) {
                    end += 2;
                } else {
                    break;
                }
            }
            labels.push(Label {
                row: r,
                col_start: start,
                col_end: end,
                text: (start..end).map(|x| grid.at(x as isize, ri)).filter(|&ch| ch != WIDE_TAIL).collect(),
                align: LabelAlign::Left,
                in_box: None,
            });
            c = end;
        }
    }
    labels
}

/// Bullets listed as art, at their cell centres.
pub(super) fn dots(cells: &Cells, grid: &Grid) -> Vec<super::Dot> {
    let mut out = Vec::new();
    for r in 0..cells.rows as isize {
        for c in 0..cells.cols as isize {
            if cells.at(c, r) == Cell::Dot {
                out.push(Dot { centre: (c as f32 + 0.5, r as f32 + 0.5), ch: grid.at(c, r) });
            }
        }
    }
    out
}

fn mid(l: &Label) -> f32 {
    (l.col_start + l.col_end) as f32 / 2.0
}

/// Centre a label on a vertical axis at x = `a`: the span around `a` wide enough to hold it.
fn around(l: &Label, a: f32) -> LabelAlign {
    let h = (a - l.col_start as f32).max(l.col_end as f32 - a);
    LabelAlign::Center { left: a - h, right: a + h }
}

/// Infer every label's alignment. `labels` sorted by row then column, `in_box` set.
///
/// Inside a box, a run is centred when the spaces left and right of it in the interior
/// differ by at most 2 cells. Consecutive rows holding one run each form a group: if every
/// line is centred (or the group as a block is centred with aligned midpoints) all are
/// `Center` between the interior faces; else if they share a left column all are `Left`;
/// otherwise each line is judged alone. Rows with several runs are judged run by run.
///
/// Outside boxes, in order (a label settled by one rule is not revisited):
/// 1. a run with art beside it on its own row (touching, or after one space) keeps its
///    distance to it: art on both sides → `Center` in its own span, art only east →
///    `Right` at `col_end`, art only west → `Left`;
/// 2. a run directly under a vertical line end / south arrow, or over a vertical line end /
///    north arrow, in a column near its middle (within a quarter of its width plus half a
///    cell), is a seed centred on that column's axis. The free runs stacked directly under
///    and over it (one per row, overlapping) join it: if their middles agree with the axis
///    or with each other (within a cell) all are centred on the axis; if they share a left
///    column all are `Left`; otherwise only the seed is centred;
/// 3. remaining runs stacked on consecutive rows with the same end column but different
///    start columns are `Right`;
/// 4. everything else is `Left`.
pub(super) fn align(labels: &mut [Label], boxes: &[BoxRect], cells: &Cells) {
    align_in_boxes(labels, boxes);
    let done = align_in_cells(labels, boxes, cells);
    align_free(labels, cells, done);
}

/// A wall: a cell a vertical stroke runs through.
fn wall(cells: &Cells, c: isize, r: isize) -> bool {
    let cell = cells.at(c, r);
    cell.is_stroke() && (cell.arm(Dir::N).is_some() || cell.arm(Dir::S).is_some())
}

/// Labels in a table's cell: a run whose nearest neighbours on its row, past blanks, are
/// walls on both sides (and, inside a box, not the box's own walls, which the box rules
/// judge). Each keeps the source's alignment in its cell: equal padding (within one cell)
/// is centred between the walls, less padding on the left is flush left, less on the right
/// flush right. The runs between the same two wall columns are a table column: a run that
/// fills its cell (padding equal within one cell) but starts where the column's flush-left
/// runs start is flush left too (likewise flush right); in a column where no run is clearly
/// flush, runs that all share their first column (and not their last) are flush left, and
/// the other way round. Returns which labels were settled.
fn align_in_cells(labels: &mut [Label], boxes: &[BoxRect], cells: &Cells) -> Vec<bool> {
    let mut done = vec![false; labels.len()];
    let mut columns: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (i, l) in labels.iter().enumerate() {
        let r = l.row as isize;
        let mut wl = l.col_start as isize - 1;
        while wl >= 0 && cells.at(wl, r) == Cell::Empty {
            wl -= 1;
        }
        let mut wr = l.col_end as isize;
        while (wr as usize) < cells.cols && cells.at(wr, r) == Cell::Empty {
            wr += 1;
        }
        if wl < 0 || !wall(cells, wl, r) || !wall(cells, wr, r) {
            continue;
        }
        if let Some(b) = l.in_box {
            let bx = &boxes[b];
            if cell_of(bx.left) as isize == wl && cell_of(bx.right) as isize == wr {
                continue;
            }
        }
        columns.entry((wl as usize, wr as usize)).or_default().push(i);
    }
    for ((wl, wr), list) in columns {
        let (inner_l, inner_r) = (wl + 1, wr);
        let pads = |l: &Label| (l.col_start as isize - inner_l as isize, inner_r as isize - l.col_end as isize);
        let center = LabelAlign::Center { left: inner_l as f32, right: inner_r as f32 };
        let clear_left = |l: &Label| pads(l).0 < pads(l).1 - 1;
        let clear_right = |l: &Label| pads(l).1 < pads(l).0 - 1;
        let mut lefts: HashSet<usize> =
            list.iter().filter(|&&i| clear_left(&labels[i])).map(|&i| labels[i].col_start).collect();
        let mut rights: HashSet<usize> =
            list.iter().filter(|&&i| clear_right(&labels[i])).map(|&i| labels[i].col_end).collect();
        // A narrow column where no run is clearly flush: runs sharing their first column
        // but not their last are flush left (and the other way round).
        if lefts.is_empty() && rights.is_empty() {
            let same = |f: &dyn Fn(&Label) -> usize| list.iter().all(|&i| f(&labels[i]) == f(&labels[list[0]]));
            let (starts, ends) = (same(&|l| l.col_start), same(&|l| l.col_end));
            if starts && !ends {
                lefts.insert(labels[list[0]].col_start);
            } else if ends && !starts {
                rights.insert(labels[list[0]].col_end);
            }
        }
        for &i in &list {
            let l = &labels[i];
            let right = LabelAlign::Right { right: l.col_end as f32 };
            labels[i].align = if clear_left(l) || (!clear_right(l) && lefts.contains(&l.col_start)) {
                LabelAlign::Left
            } else if clear_right(l) || rights.contains(&l.col_end) {
                right
            } else {
                center
            };
            done[i] = true;
        }
    }
    done
}

fn align_in_boxes(labels: &mut [Label], boxes: &[BoxRect]) {
    let mut by_box: Vec<Vec<usize>> = vec![Vec::new(); boxes.len()];
    for (i, l) in labels.iter().enumerate() {
        if let Some(b) = l.in_box {
            by_box[b].push(i);
        }
    }
    for (b, list) in by_box.iter().enumerate() {
        let inner_l = cell_of(boxes[b].left) + 1;
        let inner_r = cell_of(boxes[b].right);
        let center = LabelAlign::Center { left: inner_l as f32, right: inner_r as f32 };
        let pads = |s: usize, e: usize| (s as isize - inner_l as isize, inner_r as isize - e as isize);
        let centred = |l: &Label| {
            let (pl, pr) = pads(l.col_start, l.col_end);
            (pl - pr).abs() <= 2
        };
        let mut group: Vec<usize> = Vec::new();
        let mut k = 0;
        while k <= list.len() {
            // Labels on the row of list[k].
            let (row, mut j) = match list.get(k) {
                Some(&i) => (labels[i].row, k),
                None => (usize::MAX, k),
            };
            while j < list.len() && labels[list[j]].row == row {
                j += 1;
            }
            let continues = j - k == 1 && group.last().is_some_and(|&g| labels[g].row + 1 == row);
            if !continues {
                flush(labels, &mut group, center, &centred, &pads);
            }
            if j - k == 1 {
                group.push(list[k]);
            } else {
                for &i in &list[k..j] {
                    labels[i].align = if centred(&labels[i]) { center } else { LabelAlign::Left };
                }
            }
            k = j.max(k + 1);
        }
    }
}

fn flush(
    labels: &mut [Label],
    group: &mut Vec<usize>,
    center: LabelAlign,
    centred: &dyn Fn(&Label) -> bool,
    pads: &dyn Fn(usize, usize) -> (isize, isize),
) {
    if group.is_empty() {
        return;
    }
    let all_centred = group.iter().all(|&i| centred(&labels[i]));
    let s = group.iter().map(|&i| labels[i].col_start).min().unwrap_or(0);
    let e = group.iter().map(|&i| labels[i].col_end).max().unwrap_or(0);
    let (pl, pr) = pads(s, e);
    let block_mid = (s + e) as f32 / 2.0;
    let block_centred = (pl - pr).abs() <= 2 && group.iter().all(|&i| (mid(&labels[i]) - block_mid).abs() <= 1.0);
    let first = labels[group[0]].col_start;
    let flush_left = group.len() >= 2 && group.iter().all(|&i| labels[i].col_start == first);
    // A line padded about equally that ends where the flush-right lines end is flush right
    // too (and the same for the left).
    let clear = |i: usize, right: bool| {
        let (pl, pr) = pads(labels[i].col_start, labels[i].col_end);
        !centred(&labels[i]) && if right { pr < pl } else { pl < pr }
    };
    let rights: HashSet<usize> = group.iter().filter(|&&i| clear(i, true)).map(|&i| labels[i].col_end).collect();
    let lefts: HashSet<usize> = group.iter().filter(|&&i| clear(i, false)).map(|&i| labels[i].col_start).collect();
    let aligns: Vec<LabelAlign> = group
        .iter()
        .map(|&i| {
            let l = &labels[i];
            if all_centred || block_centred {
                center
            } else if flush_left || clear(i, false) || lefts.contains(&l.col_start) {
                LabelAlign::Left
            } else if clear(i, true) || rights.contains(&l.col_end) {
                LabelAlign::Right { right: l.col_end as f32 }
            } else {
                center
            }
        })
        .collect();
    for (&i, a) in group.iter().zip(aligns) {
        labels[i].align = a;
    }
    group.clear();
}

/// Is the cell at (c, r) drawn art that text beside it should keep its distance to (lines,
/// arrows, dots, diagonals; not rules, which text runs into)?
fn art_at(cells: &Cells, c: isize, r: isize) -> bool {
    !matches!(cells.at(c, r), Cell::Empty | Cell::Text | Cell::Rule | Cell::Block)
}

/// Labels of row `r` overlapping columns [s, e): a range into `labels`.
fn overlapping(labels: &[Label], rows: &[usize], r: usize, s: usize, e: usize) -> Vec<usize> {
    if r + 1 >= rows.len() {
        return Vec::new();
    }
    let (a, b) = (rows[r], rows[r + 1]);
    let first = a + labels[a..b].partition_point(|l| l.col_end <= s);
    (first..b).take_while(|&j| labels[j].col_start < e).collect()
}

fn align_free(labels: &mut [Label], cells: &Cells, mut done: Vec<bool>) {
    // Resolved labels are not touched again (box and table labels are resolved already).
    for (d, l) in done.iter_mut().zip(labels.iter()) {
        *d |= l.in_box.is_some();
    }
    align_beside_art(labels, cells, &mut done);
    let seed = connector_axes(labels, cells, &done);
    let rows = row_starts(labels);
    align_stanzas(labels, &seed, &rows, &mut done);
    align_right_columns(labels, &mut done);
}

/// (1) Text beside art on its own row keeps its distance to it.
fn align_beside_art(labels: &mut [Label], cells: &Cells, done: &mut [bool]) {
    for (i, l) in labels.iter_mut().enumerate() {
        if done[i] {
            continue;
        }
        let (r, s, e) = (l.row as isize, l.col_start as isize, l.col_end as isize);
        let empty = |c: isize| cells.at(c, r) == Cell::Empty;
        let west = art_at(cells, s - 1, r) || (empty(s - 1) && art_at(cells, s - 2, r));
        let east = art_at(cells, e, r) || (empty(e) && art_at(cells, e + 1, r));
        l.align = match (west, east) {
            (true, true) => LabelAlign::Center { left: s as f32, right: e as f32 },
            (false, true) => LabelAlign::Right { right: e as f32 },
            _ => LabelAlign::Left,
        };
        done[i] = west || east;
    }
}

/// (2) For each label at a vertical line end or arrow tip near its middle, the connector's
/// axis (the seed of a stanza).
fn connector_axes(labels: &[Label], cells: &Cells, done: &[bool]) -> Vec<Option<f32>> {
    let mut seed: Vec<Option<f32>> = vec![None; labels.len()];
    for (i, l) in labels.iter().enumerate() {
        if done[i] {
            continue;
        }
        let r = l.row as isize;
        let m = mid(l);
        let mut best: Option<f32> = None;
        for c in l.col_start..l.col_end {
            let ci = c as isize;
            let above = cells.at(ci, r - 1);
            let below = cells.at(ci, r + 1);
            let hit = above.arm(Dir::S).is_some()
                || matches!(above, Cell::Arrow { dir: Dir::S, .. })
                || below.arm(Dir::N).is_some()
                || matches!(below, Cell::Arrow { dir: Dir::N, .. });
            let a = c as f32 + 0.5;
            if hit && best.is_none_or(|b| (a - m).abs() < (b - m).abs()) {
                best = Some(a);
            }
        }
        let width = (l.col_end - l.col_start) as f32;
        if let Some(a) = best
            && (a - m).abs() <= width / 4.0 + 0.5
        {
            seed[i] = Some(a);
        }
    }
    seed
}

/// Start index of each row's labels (labels are sorted by row, then column), with one
/// more entry for the end.
fn row_starts(labels: &[Label]) -> Vec<usize> {
    let n = labels.len();
    let nrows = labels.last().map_or(0, |l| l.row + 1);
    let mut rows = vec![n; nrows + 1];
    for (i, l) in labels.iter().enumerate().rev() {
        rows[l.row] = i;
    }
    for r in (0..nrows).rev() {
        rows[r] = rows[r].min(rows[r + 1]);
    }
    rows
}

/// (3) A seed and the free labels stacked directly under / over it (one per row,
/// overlapping) form a stanza judged as a whole: all centred on the axis when their
/// middles agree with it or with each other; all flush left when they share a left
/// column; otherwise only the seed is centred.
fn align_stanzas(labels: &mut [Label], seed: &[Option<f32>], rows: &[usize], done: &mut [bool]) {
    for i in 0..labels.len() {
        let Some(a) = seed[i] else { continue };
        if done[i] {
            continue;
        }
        let group = stanza(labels, rows, i, done);
        let mids: Vec<f32> = group.iter().map(|&j| mid(&labels[j])).collect();
        let lo = mids.iter().copied().fold(f32::INFINITY, f32::min);
        let hi = mids.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let on_axis = mids.iter().all(|m| (m - a).abs() <= 1.0) || hi - lo <= 1.0;
        let s0 = labels[i].col_start;
        let flush = group.len() > 1 && group.iter().all(|&j| labels[j].col_start == s0);
        for &j in &group {
            done[j] = true;
            labels[j].align = if on_axis || (j == i && !flush) { around(&labels[j], a) } else { LabelAlign::Left };
        }
    }
}

/// Label `i` and the free labels stacked directly under and over it, one per row.
fn stanza(labels: &[Label], rows: &[usize], i: usize, done: &[bool]) -> Vec<usize> {
    let mut group = vec![i];
    for down in [true, false] {
        let mut cur = i;
        loop {
            let l = &labels[cur];
            let r = if down {
                l.row + 1
            } else if l.row > 0 {
                l.row - 1
            } else {
                break;
            };
            let next = overlapping(labels, rows, r, l.col_start, l.col_end);
            match next.as_slice() {
                [j] if !done[*j] && !group.contains(j) => {
                    group.push(*j);
                    cur = *j;
                }
                _ => break,
            }
        }
    }
    group
}

/// (4) Right-aligned columns among the remaining labels: stacked on consecutive rows with
/// the same end column but different start columns.
fn align_right_columns(labels: &mut [Label], done: &mut [bool]) {
    let mut by_end: HashMap<(usize, usize), usize> = HashMap::new();
    for (i, l) in labels.iter().enumerate() {
        if !done[i] {
            by_end.insert((l.row, l.col_end), i);
        }
    }
    for i in 0..labels.len() {
        if done[i] {
            continue;
        }
        let (row, e) = (labels[i].row, labels[i].col_end);
        if row > 0 && by_end.contains_key(&(row - 1, e)) {
            continue; // not the top of its column
        }
        let mut column = vec![i];
        while let Some(&j) = by_end.get(&(labels[column[column.len() - 1]].row + 1, e)) {
            column.push(j);
        }
        let s0 = labels[i].col_start;
        let ragged = column.iter().any(|&j| labels[j].col_start != s0);
        for &j in &column {
            done[j] = true;
            if column.len() >= 2 && ragged {
                labels[j].align = LabelAlign::Right { right: e as f32 };
            }
        }
    }
}
