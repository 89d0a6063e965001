//! Contact sheets: page thumbnails in rows on a grey background, separated by gaps.
//!
//! Geometry: every page is scaled by the same factor `s = min(1, THUMB_WIDTH / widest
//! page)` (area-averaged, so fine type greys out instead of aliasing), to
//! `round(w · s) × round(h · s)` pixels; a cell is as large as the largest thumbnail, and
//! thumbnails sit centred in their cells. With `c = clamp(columns, 1, n)` columns and
//! `r = ceil(n / c)` rows the sheet is `c · cell_w + (c + 1) · GAP` by
//! `r · cell_h + (r + 1) · GAP` pixels ([`sheet_size`]).

use tiny_skia::{Color, Pixmap, PixmapPaint, Transform};

/// Widest a thumbnail gets, in pixels; narrower pages are not enlarged.
pub const THUMB_WIDTH: u32 = 160;
/// Gap between thumbnails and around the edge, in pixels.
pub const GAP: u32 = 12;
/// Grey level (0–255) of the background.
pub const BACKGROUND: u8 = 128;

/// Scale factor and cell size for thumbnails of pages of the given pixel sizes.
fn layout(sizes: &[(u32, u32)]) -> (f32, Vec<(u32, u32)>, (u32, u32)) {
    let widest = sizes.iter().map(|s| s.0).max().unwrap_or(1).max(1);
    let s = (THUMB_WIDTH as f32 / widest as f32).min(1.0);
    let thumbs: Vec<(u32, u32)> = sizes
        .iter()
        .map(|&(w, h)| (((w as f32 * s).round() as u32).max(1), ((h as f32 * s).round() as u32).max(1)))
        .collect();
    let cell = (thumbs.iter().map(|t| t.0).max().unwrap_or(0), thumbs.iter().map(|t| t.1).max().unwrap_or(0));
    (s, thumbs, cell)
}

/// The size of the contact sheet [`contact_sheet`] makes for pages of these pixel sizes.
pub fn sheet_size(sizes: &[(u32, u32)], columns: usize) -> (u32, u32) {
    let n = sizes.len();
    if n == 0 {
        return (2 * GAP, 2 * GAP);
    }
    let (_, _, (cw, ch)) = layout(sizes);
    let cols = columns.clamp(1, n) as u32;
    let rows = n.div_ceil(cols as usize) as u32;
    (cols * cw + (cols + 1) * GAP, rows * ch + (rows + 1) * GAP)
}

/// Thumbnails of `pages`, left to right in `columns` columns (clamped to 1..=pages), on a
/// grey background. No pages give an empty grey square.
pub fn contact_sheet(pages: &[Pixmap], columns: usize) -> Pixmap {
    let sizes: Vec<(u32, u32)> = pages.iter().map(|p| (p.width(), p.height())).collect();
    let (w, h) = sheet_size(&sizes, columns);
    let mut sheet = Pixmap::new(w, h).expect("sheet size is positive");
    sheet.fill(Color::from_rgba8(BACKGROUND, BACKGROUND, BACKGROUND, 255));
    if pages.is_empty() {
        return sheet;
    }
    let (s, thumbs, (cw, ch)) = layout(&sizes);
    let cols = columns.clamp(1, pages.len());
    for (i, (page, &(tw, th))) in pages.iter().zip(&thumbs).enumerate() {
        let thumb = if s < 1.0 { downsample(page, tw, th) } else { page.clone() };
        let (col, row) = ((i % cols) as u32, (i / cols) as u32);
        let x = GAP + col * (cw + GAP) + (cw - tw) / 2;
        let y = GAP + row * (ch + GAP) + (ch - th) / 2;
        sheet.draw_pixmap(x as i32, y as i32, thumb.as_ref(), &PixmapPaint::default(), Transform::identity(), None);
    }
    sheet
}

/// Area-average `src` down to `w × h` pixels (each target pixel is the mean of the source
/// pixels it covers, rounded to whole source pixels).
fn downsample(src: &Pixmap, w: u32, h: u32) -> Pixmap {
    let (sw, sh) = (src.width() as usize, src.height() as usize);
    let (w, h) = (w as usize, h as usize);
    let data = src.data();
    let span = |t: usize, n: usize, sn: usize| {
        let a = t * sn / n;
        let b = ((t + 1) * sn / n).max(a + 1).min(sn);
        (a, b)
    };
    let mut out = Pixmap::new(w as u32, h as u32).expect("thumbnail size is positive");
    let od = out.data_mut();
    for ty in 0..h {
        let (y0, y1) = span(ty, h, sh);
        for tx in 0..w {
            let (x0, x1) = span(tx, w, sw);
            let mut sum = [0u32; 4];
            for y in y0..y1 {
                let row = &data[(y * sw + x0) * 4..(y * sw + x1) * 4];
                for px in row.chunks_exact(4) {
                    for c in 0..4 {
                        sum[c] += px[c] as u32;
                    }
                }
            }
            let n = ((y1 - y0) * (x1 - x0)) as u32;
            let o = (ty * w + tx) * 4;
            for c in 0..4 {
                od[o + c] = ((sum[c] + n / 2) / n) as u8;
            }
        }
    }
    out
}
