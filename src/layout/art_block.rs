//! Art blocks: the art stage's drawing (cell units) placed in the measure. Chooses the
//! cell size (the widest row fits the width, text no larger than the block's size and no
//! smaller than its minimum), strokes lines and boxes, sets arrowheads, and shapes each
//! label in the book face, aligned in its cells the way the source aligns it.

use super::Where;
use super::arrows::{self, Heading, Pen};
use super::chart::dot;
use super::ctx::Ctx;
use super::fragment::Fragment;
use crate::art::{self, ArtOptions, Dir, Drawing, LabelAlign};
use crate::diag::Diagnostic;
use crate::display::{Ink, Path, PathEl, Point, Stroke};
use crate::spec::{Align, Art};
use crate::text::Style;
use crate::text::quotes::smarten;

/// Width of a text-art cell in em of the text size: the monospace advance the poet drew
/// with is ~0.6 em; proportional text is narrower, so a little less keeps diagrams compact.
const CELL_EM: f32 = 0.56;

/// Cell geometry in points.
#[derive(Debug, Clone, Copy)]
struct Grid {
    x0: f32,
    cw: f32,
    rh: f32,
}

impl Grid {
    fn pt(&self, (x, y): (f32, f32)) -> Point {
        Point::new(self.x0 + x * self.cw, y * self.rh)
    }
}

pub fn layout(cx: &mut Ctx<'_>, a: &Art, measure: f32, page_room: f32, at: &Where) -> Result<Fragment, Diagnostic> {
    let opts = ArtOptions { extra_art: a.art_chars.clone(), force_text: a.text_chars.clone(), rounded: a.rounded };
    let mut font = cx.font(&a.face, Style::Regular, at)?;
    let width = a.width.map(|w| w.resolve(font.size, measure)).unwrap_or(measure).min(measure);
    let (c0, c1) = used_columns(&a.text);
    let cols = (c1 - c0).max(1) as f32;
    let min_size = a.min_size.resolve(font.size, measure);
    let fit = width / cols / CELL_EM;
    if fit < min_size {
        return Err(at.error(format!(
            "the diagram is {} columns wide; to fit {:.1}pt its text would be {:.1}pt, below the minimum of {:.1}pt",
            cols, width, fit, min_size
        ))
        .note("narrow the drawing, lower `min_size`, or use a wider page"));
    }
    // Parsed only once it is known to fit: a too-wide grid fails fast, not after tracing.
    let drawing = cx.drawings.get(&a.text, &opts).map_err(|e| at.error(e.to_string()))?;
    font.size = font.size.min(fit);
    let row_height =
        |size: f32| a.row_height.map(|r| r.resolve(size, measure)).unwrap_or(cx.leading() * size / cx.body_size());
    let mut rh = row_height(font.size);
    // A drawing taller than a page shrinks (rows and type together) to fit, but never
    // below its minimum size; past that, pagination reports the overflow.
    let rows = drawing.rows as f32;
    if rows * rh > page_room && page_room > 0.0 {
        // Rows close up first (down to 1.2 lines of text), then rows and type shrink.
        rh = (page_room / rows).max(font.size * 1.2).min(rh);
        if rows * rh > page_room {
            let k = (page_room / (rows * rh)).max(min_size / font.size);
            font.size *= k;
            rh *= k;
        }
    }
    let cw = font.size * CELL_EM;
    let drawn = cols * cw;
    let x0 = match a.align {
        Align::Left => 0.0,
        Align::Right => measure - drawn,
        _ => (measure - drawn) / 2.0,
    } - c0 as f32 * cw;
    let grid = Grid { x0, cw, rh };
    let stroke_w =
        a.stroke.map(|s| s.resolve(font.size, measure)).unwrap_or(Pen::for_size(font.size, Ink::BLACK).width);
    let mut pen = Pen::for_size(font.size, Ink(a.ink_lines));
    pen.width = stroke_w;
    if let Some(l) = a.arrow_length {
        pen.head_length = l.resolve(font.size, measure);
    }
    if let Some(w) = a.arrow_width {
        pen.head_width = w.resolve(font.size, measure);
    }
    let mut frag = Fragment { width: measure, height: drawing.rows as f32 * rh, ..Fragment::default() };
    draw_boxes(&mut frag, &drawing, &grid, Ink(a.ink_boxes));
    draw_lines(&mut frag, &drawing, &grid, &pen);
    for head in &drawing.arrowheads {
        frag.push_path(arrows::head(grid.pt(head.tip), heading(head.dir), &pen));
    }
    for d in &drawing.dots {
        frag.items.push(crate::display::Item::Dot(dot(grid.pt(d.centre), font.size * 0.13, Ink(a.ink_lines))));
    }
    let x_height = cx.x_height(&font);
    for label in &drawing.labels {
        let text = smarten(&label.text);
        let w = cx.width(&font, &text);
        let l = label.col_start as f32;
        let x = match label.align {
            LabelAlign::Center { left, right } => grid.x0 + (left + right) / 2.0 * cw - w / 2.0,
            LabelAlign::Right { right } => grid.x0 + right * cw - w,
            LabelAlign::Left => grid.x0 + l * cw,
        };
        let baseline = (label.row as f32 + 0.5) * rh + x_height / 2.0;
        frag.push_run(cx.run(&font, &text, Point::new(x, baseline), Ink(a.ink_text), 0.0, at)?);
    }
    Ok(frag)
}

/// First used column and one past the last, over all rows.
fn used_columns(text: &str) -> (usize, usize) {
    let mut lo = usize::MAX;
    let mut hi = 0;
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        if let Some(first) = chars.iter().position(|c| !c.is_whitespace()) {
            lo = lo.min(first);
            hi = hi.max(chars.iter().rposition(|c| !c.is_whitespace()).unwrap() + 1);
        }
    }
    if lo == usize::MAX { (0, 0) } else { (lo, hi) }
}

fn heading(d: Dir) -> Heading {
    match d {
        Dir::N => Heading::North,
        Dir::E => Heading::East,
        Dir::S => Heading::South,
        Dir::W => Heading::West,
    }
}

fn draw_boxes(frag: &mut Fragment, drawing: &Drawing, grid: &Grid, fill: Ink) {
    if fill.0 <= 0.0 {
        return;
    }
    for b in &drawing.boxes {
        let pts = [
            grid.pt((b.left, b.top)),
            grid.pt((b.right, b.top)),
            grid.pt((b.right, b.bottom)),
            grid.pt((b.left, b.bottom)),
        ];
        frag.push_path(Path::polygon(&pts, fill));
    }
}

fn draw_lines(frag: &mut Fragment, drawing: &Drawing, grid: &Grid, pen: &Pen) {
    let tips: Vec<Point> = drawing.arrowheads.iter().map(|h| grid.pt(h.tip)).collect();
    for line in &drawing.lines {
        let mut pts: Vec<Point> = line.points.iter().map(|p| grid.pt(*p)).collect();
        if pts.len() < 2 {
            continue;
        }
        // A line ending at an arrow tip stops inside the head, so its end never shows.
        let n = pts.len();
        for (end, prev) in [(0, 1), (n - 1, n - 2)] {
            if tips.iter().any(|t| (t.x - pts[end].x).abs() < 0.01 && (t.y - pts[end].y).abs() < 0.01) {
                let (a, b) = (pts[prev], pts[end]);
                let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
                let cut = pen.shaft_inset().min(len);
                if len > 0.0 {
                    pts[end] = Point::new(b.x - (b.x - a.x) / len * cut, b.y - (b.y - a.y) / len * cut);
                }
            }
        }
        let radius = if line.rounded_corners { (grid.cw.min(grid.rh) * 0.5).max(0.0) } else { 0.0 };
        let els = polyline(&pts, line.closed, radius);
        let stroke = Stroke {
            width: pen.width,
            ink: pen.ink,
            cap: crate::display::LineCap::Butt,
            join: crate::display::LineJoin::Miter,
        };
        let weight_w = match line.weight {
            art::Weight::Light => stroke.width,
            art::Weight::Heavy => stroke.width * 2.2,
            art::Weight::Double => stroke.width * 1.6,
        };
        frag.push_path(Path { els, fill: None, stroke: Some(Stroke { width: weight_w, ..stroke }) });
    }
}

/// Path elements of a polyline, its corners rounded with quarter-circle-like cubics of
/// `radius` (0 = sharp).
fn polyline(pts: &[Point], closed: bool, radius: f32) -> Vec<PathEl> {
    let n = pts.len();
    if radius <= 0.0 || n < 3 {
        let mut els: Vec<PathEl> =
            pts.iter().enumerate().map(|(i, p)| if i == 0 { PathEl::MoveTo(*p) } else { PathEl::LineTo(*p) }).collect();
        if closed {
            els.push(PathEl::Close);
        }
        return els;
    }
    let toward = |a: Point, b: Point, d: f32| -> Point {
        let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt().max(1e-6);
        let d = d.min(len / 2.0);
        Point::new(a.x + (b.x - a.x) / len * d, a.y + (b.y - a.y) / len * d)
    };
    let mut els = Vec::new();
    let corners: Vec<usize> = if closed { (0..n).collect() } else { (1..n - 1).collect() };
    let start = if closed { toward(pts[0], pts[1], radius) } else { pts[0] };
    els.push(PathEl::MoveTo(start));
    for &i in corners.iter().skip(if closed { 1 } else { 0 }).chain(if closed { Some(&0usize) } else { None }) {
        let prev = pts[(i + n - 1) % n];
        let next = pts[(i + 1) % n];
        let a = toward(pts[i], prev, radius);
        let b = toward(pts[i], next, radius);
        els.push(PathEl::LineTo(a));
        let k = 0.552_284_8;
        let c1 = Point::new(a.x + (pts[i].x - a.x) * k, a.y + (pts[i].y - a.y) * k);
        let c2 = Point::new(b.x + (pts[i].x - b.x) * k, b.y + (pts[i].y - b.y) * k);
        els.push(PathEl::CubicTo(c1, c2, b));
    }
    if closed {
        els.push(PathEl::Close);
    } else {
        els.push(PathEl::LineTo(pts[n - 1]));
    }
    els
}
