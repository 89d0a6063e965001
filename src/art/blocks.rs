//! Block elements and shades (U+2580–U+259F: `█ ▀ ▄ ▌ ▐`, eighths, quadrants, `░ ▒ ▓`)
//! become filled rectangles in cell units, so a bar chart typed in blocks draws in any font
//! with lengths exactly in proportion to its cells. Neighbouring pieces of the same height
//! and tint on a row are merged into one rectangle (no seams between cells).

use super::Fill;
use super::arms::{Cell, Cells};
use super::grid::Grid;

/// Is `ch` a block element or shade?
pub(super) fn is_block(ch: char) -> bool {
    ('\u{2580}'..='\u{259F}').contains(&ch)
}

/// The pieces of a block element's cell, as (x0, y0, x1, y1) within the unit cell (y down),
/// and its tint (1 for solid blocks, 0.25 / 0.5 / 0.75 for the shades `░ ▒ ▓`).
fn pieces(ch: char) -> (Vec<[f32; 4]>, f32) {
    const UL: [f32; 4] = [0.0, 0.0, 0.5, 0.5];
    const UR: [f32; 4] = [0.5, 0.0, 1.0, 0.5];
    const LL: [f32; 4] = [0.0, 0.5, 0.5, 1.0];
    const LR: [f32; 4] = [0.5, 0.5, 1.0, 1.0];
    const TOP: [f32; 4] = [0.0, 0.0, 1.0, 0.5];
    const BOTTOM: [f32; 4] = [0.0, 0.5, 1.0, 1.0];
    const FULL: [f32; 4] = [0.0, 0.0, 1.0, 1.0];
    let code = ch as u32;
    let eighth = |k: u32| k as f32 / 8.0;
    let solid = |v: Vec<[f32; 4]>| (v, 1.0);
    match code {
        0x2580 => solid(vec![TOP]),
        // Lower one to seven eighths, then the full block.
        0x2581..=0x2588 => solid(vec![[0.0, 1.0 - eighth(code - 0x2580), 1.0, 1.0]]),
        // Left seven eighths down to one eighth.
        0x2589..=0x258F => solid(vec![[0.0, 0.0, eighth(0x2590 - code), 1.0]]),
        0x2590 => solid(vec![[0.5, 0.0, 1.0, 1.0]]),
        0x2591 => (vec![FULL], 0.25),
        0x2592 => (vec![FULL], 0.5),
        0x2593 => (vec![FULL], 0.75),
        0x2594 => solid(vec![[0.0, 0.0, 1.0, 0.125]]),
        0x2595 => solid(vec![[0.875, 0.0, 1.0, 1.0]]),
        0x2596 => solid(vec![LL]),
        0x2597 => solid(vec![LR]),
        0x2598 => solid(vec![UL]),
        0x2599 => solid(vec![UL, BOTTOM]),
        0x259A => solid(vec![UL, LR]),
        0x259B => solid(vec![TOP, LL]),
        0x259C => solid(vec![TOP, LR]),
        0x259D => solid(vec![UR]),
        0x259E => solid(vec![UR, LL]),
        0x259F => solid(vec![UR, BOTTOM]),
        _ => (Vec::new(), 1.0),
    }
}

/// Every block cell's pieces, placed and merged along rows. Linear in cells.
pub(super) fn fills(grid: &Grid, cells: &Cells) -> Vec<Fill> {
    let mut out: Vec<Fill> = Vec::new();
    for r in 0..cells.rows {
        // Fills of this row still open to extension: index into `out`.
        let row_start = out.len();
        for c in 0..cells.cols {
            if cells.at(c as isize, r as isize) != Cell::Block {
                continue;
            }
            let (rects, tint) = pieces(grid.at(c as isize, r as isize));
            for [x0, y0, x1, y1] in rects {
                let rect = [c as f32 + x0, r as f32 + y0, c as f32 + x1, r as f32 + y1];
                let open = out[row_start..]
                    .iter_mut()
                    .rev()
                    .find(|f| f.tint == tint && f.rect[1] == rect[1] && f.rect[3] == rect[3] && f.rect[2] == rect[0]);
                match open {
                    Some(f) => f.rect[2] = rect[2],
                    None => out.push(Fill { rect, tint }),
                }
            }
        }
    }
    out
}
