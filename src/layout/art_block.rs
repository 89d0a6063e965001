//! Art blocks: the art stage's drawing (cell units) placed in the measure. Chooses the
//! cell size (the widest row fits the width, text no larger than the block's size and no
//! smaller than its minimum), shapes each label in the book face, aligned in its cells the
//! way the source aligns it, then moves the ends that reach for a word to a clearance
//! before its ink (and those on a double line to its near stroke), strokes lines (double
//! lines as two mitred strokes opened at joins, dashed lines as dashes) and boxes, sets
//! arrowheads, and warns of near misses at their file:line:col.

use super::Where;
use super::arrows::{self, Heading, Pen};
use super::art_columns;
use super::chart::dot;
use super::ctx::Ctx;
use super::fragment::Fragment;
use crate::art::{self, ArtOptions, Dir, Drawing, LabelAlign, ReachTo};
use crate::diag::Diagnostic;
use crate::display::{Ink, Outline, Path, PathEl, Point, Stroke};
use crate::spec::canon::MIN_AUTO;
use crate::spec::{Align, Art};
use crate::text::Style;
use crate::text::quotes::smarten;
use rustc_hash::FxHashMap as HashMap;

/// Width of a text-art cell in em of the text size: the monospace advance the poet drew
/// with is ~0.6 em; proportional text is narrower, so a little less keeps diagrams compact.
const CELL_EM: f32 = 0.56;

/// Cell geometry in points.
#[derive(Debug, Clone)]
struct Grid {
    x0: f32,
    cw: f32,
    rh: f32,
    /// Narrowed columns ([`art_columns`]): where each column starts and where the last
    /// ends, from the grid's left edge. `None`: every column a cell wide.
    xs: Option<Vec<f32>>,
    /// Lowered rows, likewise from the top. `None`: every row `rh` high.
    ys: Option<Vec<f32>>,
}

impl Grid {
    fn pt(&self, (x, y): (f32, f32)) -> Point {
        Point::new(self.x(x), self.y(y))
    }

    /// Page x of the grid's x (cell units), through the column boundaries.
    fn x(&self, x: f32) -> f32 {
        self.x0 + self.left_to(x)
    }

    /// How far the grid's x (cell units) lies from the grid's left edge, in points.
    fn left_to(&self, x: f32) -> f32 {
        through(self.xs.as_deref(), self.cw, x)
    }

    /// y of the grid's y (cell units) from the drawing's top, through the row boundaries.
    fn y(&self, y: f32) -> f32 {
        through(self.ys.as_deref(), self.rh, y)
    }
}

/// `v` cells along a track of boundaries `bounds` (uniform cells of `unit` without).
fn through(bounds: Option<&[f32]>, unit: f32, v: f32) -> f32 {
    let Some(b) = bounds else { return v * unit };
    let n = b.len() - 1;
    if v <= 0.0 || n == 0 {
        v * unit
    } else if v >= n as f32 {
        b[n] + (v - n as f32) * unit
    } else {
        let i = v.floor() as usize;
        b[i] + (v - i as f32) * (b[i + 1] - b[i])
    }
}

/// What setting a drawing did to its grid and its labels, for the build summary.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ArtSet {
    /// Its line-only columns narrowed (to keep the labels at the floor) or its line-only
    /// rows lowered (to fit the page).
    pub narrowed: bool,
    /// The label floor it had to go under: even with its line-only columns and rows at
    /// their narrowest it did not fit.
    pub under_floor: Option<f32>,
}

pub fn layout(
    cx: &mut Ctx<'_>,
    a: &Art,
    measure: f32,
    page_room: f32,
    at: &Where,
    too_wide_fix: &str,
) -> Result<(Fragment, ArtSet), Diagnostic> {
    let opts = ArtOptions { extra_art: a.art_chars.clone(), force_text: a.text_chars.clone(), rounded: a.rounded };
    let mut font = cx.font(&a.face, Style::Regular, at)?;
    let width = a.width.map(|w| w.resolve(font.size, measure)).unwrap_or(measure).min(measure);
    let (c0, c1) = used_columns(&a.text);
    let cols = (c1 - c0).max(1) as f32;
    let min_size = a.min_size.resolve(font.size, measure);
    // Labels keep max(8pt, 0.9 × body) (the poet's smaller `size`, or larger `min_size`,
    // as written): under it, line-only columns narrow before any label shrinks.
    let floor = MIN_AUTO.max(LABEL_FLOOR * cx.body_size()).max(min_size).min(font.size);
    let fit = width / cols / CELL_EM;
    if fit * (1.0 / art_columns::MIN_FLEX) < min_size {
        // Not even at its narrowest: fail fast, before the grid is traced.
        return Err(too_wide(at, cols, width, fit, min_size, too_wide_fix));
    }
    // Parsed only once it might fit: a far too wide grid fails fast, not after tracing.
    let drawing = cx.drawings.get(&a.text, &opts).map_err(|e| at.error(e.to_string()))?;
    let mut set = ArtSet::default();
    let mut widths = None;
    if fit >= floor {
        font.size = font.size.min(fit);
    } else {
        // At the floor: narrowed columns, then the room left given back to them.
        font.size = floor;
        let cw = floor * CELL_EM;
        let rigid = art_columns::rigid_columns(&drawing);
        let need: Vec<f32> = drawing.labels.iter().map(|l| cx.width(&font, &smarten(&l.text))).collect();
        let mut w = art_columns::narrowest(&drawing, &rigid, &need, cw);
        let span = c0.min(w.len())..c1.min(w.len());
        let used: f32 = w[span.clone()].iter().sum();
        if used <= width {
            art_columns::widen(&mut w[span], cw, width - used);
        } else {
            // Wider than the measure even so: everything shrinks together, and says so.
            let k = width / used;
            if floor * k < min_size {
                return Err(too_wide(at, cols, width, floor * k, min_size, too_wide_fix));
            }
            font.size = floor * k;
            w.iter_mut().for_each(|x| *x *= k);
            set.under_floor = Some(floor);
        }
        set.narrowed = true;
        widths = Some(w);
    }
    let row_height =
        |size: f32| a.row_height.map(|r| r.resolve(size, measure)).unwrap_or(cx.leading() * size / cx.body_size());
    let planned = font.size;
    let rigid_rows = art_columns::rigid_rows(&drawing);
    let (rh, heights) = fit_rows(&rigid_rows, row_height(font.size), page_room, &mut font.size, min_size);
    set.narrowed |= heights.is_some();
    if font.size < floor * 0.999 {
        set.under_floor = Some(floor);
    }
    let cw = font.size * CELL_EM;
    let xs = widths.map(|mut w| {
        // A drawing taller than the page shrank with its rows: its columns shrink with it.
        w.iter_mut().for_each(|x| *x *= font.size / planned);
        art_columns::boundaries(&w)
    });
    let ys = heights.map(|h| art_columns::boundaries(&h));
    let grid = Grid { x0: 0.0, cw, rh, xs, ys };
    let drawn = grid.left_to(c1 as f32) - grid.left_to(c0 as f32);
    let x0 = match a.align {
        Align::Left => 0.0,
        Align::Right => measure - drawn,
        _ => (measure - drawn) / 2.0,
    } - grid.left_to(c0 as f32);
    let grid = Grid { x0, ..grid };
    let pen = art_pen(a, font.size, measure);
    let mut frag = Fragment { width: measure, height: grid.y(drawing.rows as f32), ..Fragment::default() };
    // Text first: where the words' ink lands decides where the lines reaching them stop.
    let (runs, inks) = set_labels(cx, a, &drawing, &font, &grid, (c0, c1), at)?;
    let mut shape = Shape::new(&drawing, &grid);
    shape.arrive(&drawing, &grid, &inks, font.size * CLEARANCE_EM, &pen);
    warn_near_misses(cx, a, &drawing, &shape.far, at);
    draw_boxes(&mut frag, &drawing, &grid, Ink::clamped(a.ink_boxes));
    for f in &drawing.fills {
        let [x0, y0, x1, y1] = f.rect;
        let pts = [grid.pt((x0, y0)), grid.pt((x1, y0)), grid.pt((x1, y1)), grid.pt((x0, y1))];
        frag.push_path(Path::polygon(pts, Ink::clamped(a.ink_lines * f.tint)));
    }
    draw_lines(&mut frag, &drawing, &shape, &grid, &pen);
    for (head, tip) in drawing.arrowheads.iter().zip(&shape.tips) {
        frag.push_path(arrows::head(*tip, heading(head.dir), &pen));
    }
    for d in &drawing.dots {
        frag.push(crate::display::Item::Dot(dot(grid.pt(d.centre), font.size * 0.13, Ink::clamped(a.ink_lines))));
    }
    for run in runs {
        frag.push_run(run);
    }
    if !matches!(a.align, Align::Left | Align::Right) {
        centre_on_ink(&mut frag, measure);
    }
    Ok((frag, set))
}

/// Labels of a drawing set by the layout keep this much of the body at least (and
/// [`MIN_AUTO`]).
pub const LABEL_FLOOR: f32 = 0.9;

/// The keys that widen a block's room for a drawing, for [`layout`]'s too-wide error.
pub const BLOCK_TOO_WIDE_FIX: &str = "narrow the drawing, lower `min_size`, or use a wider page";

/// A drawing too wide to set at `min_size`; `fix` says what the poet can change where the
/// drawing is written (a block's keys, or the cover's).
fn too_wide(at: &Where, cols: f32, width: f32, size: f32, min_size: f32, fix: &str) -> Diagnostic {
    at.error(format!(
        "the diagram is {} columns wide; to fit {:.1}pt its text would be {:.1}pt, below the minimum of {:.1}pt",
        cols, width, size, min_size
    ))
    .note(fix)
}

/// The drawing described in words, for readers who do not see it ([`super::alt`]).
pub fn alt(cx: &mut Ctx<'_>, a: &Art, at: &Where) -> Result<String, Diagnostic> {
    let opts = ArtOptions { extra_art: a.art_chars.clone(), force_text: a.text_chars.clone(), rounded: a.rounded };
    let drawing = cx.drawings.get(&a.text, &opts).map_err(|e| at.error(e.to_string()))?;
    Ok(super::alt::drawing(&drawing, &smarten))
}

/// A centred drawing centres on its ink, not on its character grid: typed leading and
/// trailing spaces, and the room a mono cell gives a proportional letter, are not ink
/// (docs/book-conventions.md, "Drawings by their ink").
fn centre_on_ink(frag: &mut Fragment, measure: f32) {
    let Some(ink) = super::fragment::union(frag.items.iter().filter_map(super::fragment::bounds)) else { return };
    let dx = measure / 2.0 - (ink.x0 + ink.x1) / 2.0;
    // Never out of the measure to do it.
    let dx = dx.max(-ink.x0).min(measure - ink.x1);
    if dx.abs() > 0.01 && ink.x1 - ink.x0 <= measure {
        frag.translate(dx, 0.0);
    }
}

/// The row height for a drawing whose rows are `rigid` or not ([`art_columns::rigid_rows`]),
/// and the height of each row when they differ: a drawing taller than a page closes its
/// rows up (down to 1.2 lines of text), then lowers its line-only rows (down to
/// [`art_columns::MIN_ROW`] of a row), and only then shrinks rows and type (`size`)
/// together, never below its minimum size; past that, pagination reports the overflow.
fn fit_rows(rigid: &[bool], mut rh: f32, page_room: f32, size: &mut f32, min_size: f32) -> (f32, Option<Vec<f32>>) {
    let rows = rigid.len() as f32;
    if rows * rh <= page_room || page_room <= 0.0 {
        return (rh, None);
    }
    rh = (page_room / rows).max(*size * 1.2).min(rh);
    if rows * rh <= page_room {
        return (rh, None);
    }
    let fixed = rigid.iter().filter(|&&r| r).count() as f32;
    let flex = rows - fixed;
    let t = if flex > 0.0 { ((page_room - fixed * rh) / (flex * rh)).clamp(art_columns::MIN_ROW, 1.0) } else { 1.0 };
    let mut heights: Vec<f32> = rigid.iter().map(|&r| if r { rh } else { rh * t }).collect();
    let tall: f32 = heights.iter().sum();
    if tall > page_room {
        let k = (page_room / tall).max(min_size / *size);
        *size *= k;
        rh *= k;
        heights.iter_mut().for_each(|h| *h *= k);
    }
    (rh, (t < 1.0).then_some(heights))
}

/// The pen for the block's lines and arrowheads at text size `size`: its stroke and arrow
/// sizes as the poet set them, else in proportion to the text.
fn art_pen(a: &Art, size: f32, measure: f32) -> Pen {
    let stroke_w = a.stroke.map(|s| s.resolve(size, measure)).unwrap_or(Pen::for_size(size, Ink::BLACK).width);
    let mut pen = Pen::for_size(size, Ink::clamped(a.ink_lines));
    pen.width = stroke_w;
    if let Some(l) = a.arrow_length {
        pen.head_length = l.resolve(size, measure);
    }
    if let Some(w) = a.arrow_width {
        pen.head_width = w.resolve(size, measure);
    }
    pen
}

/// Every label set in its cells as the art stage aligned it (kept within the drawing's
/// columns `used`), and the ink box of each word a line reaches for (zero for the rest).
fn set_labels(
    cx: &mut Ctx<'_>,
    a: &Art,
    drawing: &Drawing,
    font: &super::ctx::Font,
    grid: &Grid,
    used: (usize, usize),
    at: &Where,
) -> Result<(Vec<crate::display::GlyphRun>, Vec<[f32; 4]>), Diagnostic> {
    let (c0, c1) = used;
    let x_height = cx.x_height(font);
    let mut runs = Vec::with_capacity(drawing.labels.len());
    // Ink is measured only for the words something reaches for (outlines cost time).
    let mut reached = vec![false; drawing.labels.len()];
    for r in &drawing.reaches {
        if let ReachTo::Label(i) = r.to {
            reached[i] = true;
        }
    }
    let mut inks = vec![[0.0; 4]; drawing.labels.len()];
    let mut boxes = HashMap::default();
    for (i, label) in drawing.labels.iter().enumerate() {
        let text = smarten(&label.text);
        let w = cx.width(font, &text);
        let l = label.col_start as f32;
        let x = match label.align {
            LabelAlign::Center { left, right } => (grid.x(left) + grid.x(right)) / 2.0 - w / 2.0,
            LabelAlign::Right { right } => grid.x(right) - w,
            LabelAlign::Left => grid.x(l),
        };
        // Centred on a connector, a word may not stick out of the drawing's columns.
        let (lo, hi) = (grid.x(c0 as f32), grid.x(c1 as f32));
        let x = if w <= hi - lo { x.clamp(lo, hi - w) } else { x };
        let baseline = grid.y(label.row as f32 + 0.5) + x_height / 2.0;
        let label_runs = cx.runs(font, &text, Point::new(x, baseline), Ink::clamped(a.ink_text), 0.0, at)?;
        if reached[i] {
            inks[i] = label_runs
                .iter()
                .map(|run| ink_box(cx, run, &mut boxes))
                .fold([f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY], |a, b| {
                    [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])]
                });
        }
        runs.extend(label_runs);
    }
    Ok((runs, inks))
}

/// How far before a word's ink a line or an arrow's tip stops, in em of the text size.
const CLEARANCE_EM: f32 = 0.25;

/// Gap between the two strokes of a double line, in stroke widths.
const DOUBLE_GAP: f32 = 1.5;

/// Heavy lines are this many times as wide as light ones.
const HEAVY: f32 = 2.0;

/// Dash and gap of a dashed line, in cells (the smaller side of a cell).
const DASH_CELLS: f32 = 0.3;

/// The ink extent of a shaped run (left, top, right, bottom; page space, y down), from the
/// glyphs' outlines; the advance box where there are no outlines.
/// `boxes` caches the glyphs' outline boxes for the block (one face).
fn ink_box(
    cx: &Ctx<'_>,
    run: &crate::display::GlyphRun,
    boxes: &mut HashMap<(crate::display::FontId, u16), Option<ttf_parser::Rect>>,
) -> [f32; 4] {
    let face = cx.fonts.face(run.font);
    let k = run.size / face.units_per_em();
    let mut b = [f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY];
    for g in &run.glyphs {
        let r =
            *boxes.entry((run.font, g.id)).or_insert_with(|| face.rb().glyph_bounding_box(ttf_parser::GlyphId(g.id)));
        if let Some(r) = r {
            let (x, y) = (run.origin.x + g.x, run.origin.y + g.y);
            b[0] = b[0].min(x + r.x_min as f32 * k);
            b[2] = b[2].max(x + r.x_max as f32 * k);
            b[1] = b[1].min(y - r.y_max as f32 * k);
            b[3] = b[3].max(y - r.y_min as f32 * k);
        }
    }
    if b[0] > b[2] {
        let w = run.width();
        return [run.origin.x, run.origin.y - run.size * 0.5, run.origin.x + w, run.origin.y];
    }
    b
}

/// The drawing's lines and arrow tips in page points, after their ends arrive.
struct Shape {
    lines: Vec<Vec<Point>>,
    tips: Vec<Point>,
    /// Where a double line's near stroke opens for a branch: the point on the double line's
    /// centre line where the branch ends, and the direction the branch travels.
    openings: Vec<(Point, Dir)>,
    /// Branches (diagonals) that cannot come within reach of the word they lead to: the
    /// (row, column) of the branch's cell in the source, the word, and how far (em) short.
    far: Vec<(usize, usize, usize, f32)>,
}

/// A diagonal's end `e` (coming from `q`) moved along its line to a clearance above (or
/// below: `d`) the ink box `b`; where the line there runs beside the word (a proportional
/// word is narrower than the cells that typed it), the end turns in over the word's
/// nearest letter. Returns the end and how far beside the word the line ran.
fn toward_ink(q: Point, e: Point, b: [f32; 4], clearance: f32, d: Dir) -> (Point, f32) {
    let y = match d {
        Dir::S => b[1] - clearance,
        Dir::N => b[3] + clearance,
        // Diagonals reach up or down only; keep any other end where it is.
        Dir::E | Dir::W => return (e, 0.0),
    };
    let (dy, dx) = (e.y - q.y, e.x - q.x);
    // Never past the point it comes from: a branch keeps a third of its length at least.
    let t = if dy.abs() > 0.01 { ((y - q.y) / dy).max(0.33) } else { 1.0 };
    let p = Point::new(q.x + dx * t, q.y + dy * t);
    let x = p.x.clamp(b[0], b[2]);
    (Point::new(x, p.y), (p.x - x).abs())
}

fn close(a: Point, b: Point) -> bool {
    (a.x - b.x).abs() < 0.01 && (a.y - b.y).abs() < 0.01
}

fn along(p: Point, d: Dir) -> f32 {
    match d {
        Dir::E => p.x,
        Dir::W => -p.x,
        Dir::S => p.y,
        Dir::N => -p.y,
    }
}

/// The direction a quarter turn from `d`.
fn turn(d: Dir) -> Dir {
    match d {
        Dir::N => Dir::E,
        Dir::E => Dir::S,
        Dir::S => Dir::W,
        Dir::W => Dir::N,
    }
}

fn set_along(p: &mut Point, d: Dir, v: f32) {
    match d {
        Dir::E => p.x = v,
        Dir::W => p.x = -v,
        Dir::S => p.y = v,
        Dir::N => p.y = -v,
    }
}

impl Shape {
    fn new(drawing: &Drawing, grid: &Grid) -> Shape {
        Shape {
            lines: drawing.lines.iter().map(|l| l.points.iter().map(|p| grid.pt(*p)).collect()).collect(),
            tips: drawing.arrowheads.iter().map(|h| grid.pt(h.tip)).collect(),
            openings: Vec::new(),
            far: Vec::new(),
        }
    }

    /// Moves each reaching end to its target: a clearance before a label's ink, or a
    /// double line's near stroke. An end never moves past the point before it (a line
    /// keeps its direction, an arrow keeps room for its head).
    fn arrive(&mut self, drawing: &Drawing, grid: &Grid, inks: &[[f32; 4]], clearance: f32, pen: &Pen) {
        let offset = double_offset(pen.width);
        for &c in &drawing.double_crossings {
            for d in Dir::ALL {
                self.openings.push((grid.pt(c), d));
            }
        }
        if drawing.reaches.is_empty() {
            return;
        }
        // Open line ends and arrow tips by their place in cell units (linear, not a scan of
        // every line per reach).
        let key = |p: (f32, f32)| ((p.0 * 2.0).round() as i64, (p.1 * 2.0).round() as i64);
        let mut ends: HashMap<(i64, i64), Vec<(usize, usize)>> = HashMap::default();
        for (i, l) in drawing.lines.iter().enumerate() {
            let n = l.points.len();
            if !l.closed && n >= 2 {
                ends.entry(key(l.points[0])).or_default().push((i, 0));
                ends.entry(key(l.points[n - 1])).or_default().push((i, n - 1));
            }
        }
        let mut tips: HashMap<(i64, i64), Vec<usize>> = HashMap::default();
        for (i, h) in drawing.arrowheads.iter().enumerate() {
            tips.entry(key(h.tip)).or_default().push(i);
        }
        let (no_ends, no_heads) = (Vec::new(), Vec::new());
        for reach in &drawing.reaches {
            let at = grid.pt(reach.at);
            let d = reach.dir;
            let here = ends.get(&key(reach.at)).unwrap_or(&no_ends);
            let heads = tips.get(&key(reach.at)).unwrap_or(&no_heads);
            let target = match reach.to {
                ReachTo::Label(i) => {
                    let Some(b) = inks.get(i) else { continue };
                    match d {
                        Dir::E => b[0] - clearance,
                        Dir::W => -(b[2] + clearance),
                        Dir::S => b[1] - clearance,
                        Dir::N => -(b[3] + clearance),
                    }
                }
                ReachTo::DoubleLine => {
                    // A double branch opens the near stroke it meets; a light one stops on it.
                    if here.iter().any(|&(i, _)| drawing.lines[i].weight == art::Weight::Double) {
                        self.openings.push((at, d));
                    }
                    along(at, d) - offset
                }
            };
            let room = if heads.is_empty() { 0.0 } else { pen.head_length };
            for &(i, end) in here {
                let line = &mut self.lines[i];
                let prev = if end == 0 { 1 } else { end - 1 };
                let (e, q) = (line[end], line[prev]);
                // A branch (a diagonal) leading to a word slides along itself until it is a
                // clearance from the word's ink, wherever the word lies (above, beside).
                if let (true, true, ReachTo::Label(w)) =
                    (close(e, at), (e.x - q.x).abs() > 0.01 && (e.y - q.y).abs() > 0.01, reach.to)
                {
                    let Some(b) = inks.get(w) else { continue };
                    let (p, beside) = toward_ink(q, e, *b, clearance, d);
                    line[end] = p;
                    // More than an em beside its word: the branch leads nowhere it was meant to.
                    if beside > clearance * 4.0 {
                        let cells = &drawing.lines[i].points;
                        let (ec, qc) = (cells[end], cells[prev]);
                        let step = |a: f32, b: f32| a + 0.25 * (b - a).signum();
                        let (col, row) = (step(ec.0, qc.0).floor(), step(ec.1, qc.1).floor());
                        self.far.push((
                            row.max(0.0) as usize,
                            col.max(0.0) as usize,
                            w,
                            beside / clearance * CLEARANCE_EM,
                        ));
                    }
                    continue;
                }
                // Only an end running the reach's way moves (not a line across it); a
                // diagonal slides along itself.
                let runs = along(e, d) - along(q, d);
                if close(e, at) && close(e, q) && target - along(q, d) > room {
                    // A corner's stub into a word (`└word`): a point until it reaches.
                    set_along(&mut line[end], d, target);
                } else if close(e, at) && runs > 0.01 && target - along(q, d) > room {
                    let k = (target - along(q, d)) / runs;
                    let side = along(q, turn(d)) + (along(e, turn(d)) - along(q, turn(d))) * k;
                    set_along(&mut line[end], d, target);
                    set_along(&mut line[end], turn(d), side);
                }
            }
            for &h in heads {
                if close(self.tips[h], at) && drawing.arrowheads[h].dir == d {
                    set_along(&mut self.tips[h], d, target);
                }
            }
        }
    }

    /// The openings as cuts along each stroke of a double line: by (horizontal stroke?,
    /// its position in 1/20 pt), the positions along it to open.
    fn cuts(&self, d: f32) -> Cuts {
        let mut cuts: Cuts = HashMap::default();
        for &(p, dir) in &self.openings {
            let (horizontal, pos, t) = match dir {
                Dir::S => (true, p.y - d, p.x),
                Dir::N => (true, p.y + d, p.x),
                Dir::E => (false, p.x - d, p.y),
                Dir::W => (false, p.x + d, p.y),
            };
            cuts.entry((horizontal, (pos * 20.0).round() as i64)).or_default().push(t);
        }
        cuts
    }
}

/// Where double strokes open: see [`Shape::cuts`].
type Cuts = HashMap<(bool, i64), Vec<f32>>;

/// Distance from a double line's centre line to each of its two strokes.
fn double_offset(width: f32) -> f32 {
    (DOUBLE_GAP + 1.0) * width / 2.0
}

/// Warnings for an empty drawing and for the drawing's near misses, each underlining the
/// cell in the section file (file:line:col) when the text can be found there.
fn warn_near_misses(cx: &mut Ctx<'_>, a: &Art, drawing: &Drawing, far: &[(usize, usize, usize, f32)], at: &Where) {
    // Where the drawing's text starts in the section file, and its first line number.
    let found = at.at.as_ref().and_then(|(src, span)| {
        let base = span.start + src.text.get(span.start..)?.find(a.text.as_str())?;
        Some((src, base, src.text[..base].matches('\n').count() + 1))
    });
    let cell_span = |row: usize, col: usize| -> Option<std::ops::Range<usize>> {
        let (_, base, _) = found?;
        let line_start = a.text.split_inclusive('\n').take(row).map(str::len).sum::<usize>();
        let line = a.text.get(line_start..)?.split('\n').next()?;
        let (i, ch) = cell_char(line, col)?;
        Some(base + line_start + i..base + line_start + i + ch.len_utf8())
    };
    let place = |row: usize, col: usize| match found {
        Some((_, _, first)) => {
            let line = a.text.split('\n').nth(row).unwrap_or("");
            let col = cell_char(line, col).map_or(col, |(i, _)| line[..i].chars().count());
            format!("line {}, column {}", first + row, col + 1)
        }
        None => format!("row {} of the drawing, column {}", row + 1, col + 1),
    };
    let warn = |message: String, cell: Option<(usize, usize)>| -> Diagnostic {
        let d = Diagnostic::warning(format!("{}: {}", at.what, message));
        match (&at.at, cell.and_then(|(r, c)| cell_span(r, c))) {
            (Some((src, _)), Some(span)) => d.at(src, span).label("here"),
            (Some((src, span)), None) => d.at(src, span.clone()).label("in this block"),
            _ => d,
        }
    };
    if drawing.rows == 0 || a.text.trim().is_empty() {
        let d = warn("the art block is empty".into(), None).note("give it a drawing, or remove the block");
        cx.warnings.push(d);
        return;
    }
    for m in &drawing.near_misses {
        let (message, fix) = m.describe(&place);
        let d = warn(message, Some((m.row, m.col))).note(fix);
        cx.warnings.push(d);
    }
    for &(row, col, label, em) in far {
        let word = drawing.labels.get(label).map_or("", |l| l.text.as_str());
        let message = format!("this branch runs {em:.1} em beside “{word}”, the word it leads to");
        let d = warn(message, Some((row, col)))
            .note("move the branch (or the word) so its end touches the word's first or last letter");
        cx.warnings.push(d);
    }
}

/// The character of `line` that covers grid cell `col` (a wide character covers two), and
/// its byte offset.
fn cell_char(line: &str, col: usize) -> Option<(usize, char)> {
    let mut cell = 0;
    line.char_indices().find(|&(_, ch)| {
        cell += crate::art::cells_of(ch);
        col < cell
    })
}

/// First used column and one past the last, over all rows.
fn used_columns(text: &str) -> (usize, usize) {
    let mut lo = usize::MAX;
    let mut hi = 0;
    for line in text.lines() {
        // In grid cells: a wide character takes two.
        let chars: Vec<char> = line.chars().flat_map(|c| std::iter::repeat_n(c, crate::art::cells_of(c))).collect();
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
    if fill.value() <= 0.0 {
        return;
    }
    for b in &drawing.boxes {
        let pts = [
            grid.pt((b.left, b.top)),
            grid.pt((b.right, b.top)),
            grid.pt((b.right, b.bottom)),
            grid.pt((b.left, b.bottom)),
        ];
        frag.push_path(Path::polygon(pts, fill));
    }
}

fn draw_lines(frag: &mut Fragment, drawing: &Drawing, shape: &Shape, grid: &Grid, pen: &Pen) {
    let stroke = Stroke {
        width: pen.width,
        ink: pen.ink,
        cap: crate::display::LineCap::Butt,
        join: crate::display::LineJoin::Miter,
    };
    let mut cuts: Option<Cuts> = None;
    for (line, pts) in drawing.lines.iter().zip(&shape.lines) {
        let mut pts = pts.clone();
        if pts.len() < 2 {
            continue;
        }
        // A line running into an arrow tip stops inside the head, so its end never shows
        // (a line merely ending there, across the head, is left alone).
        let n = pts.len();
        for (end, prev) in [(0, 1), (n - 1, n - 2)] {
            let (a, b) = (pts[prev], pts[end]);
            let into = |t: &Point, d: Dir| close(*t, b) && along(b, d) - along(a, d) > 0.01;
            if shape.tips.iter().zip(&drawing.arrowheads).any(|(t, h)| into(t, h.dir)) {
                let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
                let cut = pen.shaft_inset().min(len);
                if len > 0.0 {
                    pts[end] = Point::new(b.x - (b.x - a.x) / len * cut, b.y - (b.y - a.y) / len * cut);
                }
            }
        }
        let radius = if line.rounded_corners { (grid.cw.min(grid.rh) * 0.5).max(0.0) } else { 0.0 };
        let mut push = |els: Vec<PathEl>, width: f32| {
            // No elements (nothing to stroke, e.g. no dash fits): no path.
            if let Some(els) = Outline::from_elements(els) {
                frag.push_path(Path { els, fill: None, stroke: Some(Stroke { width, ..stroke }) });
            }
        };
        match line.weight {
            art::Weight::Double => {
                let cuts = cuts.get_or_insert_with(|| shape.cuts(double_offset(stroke.width)));
                // Two strokes either side of the centre line, mitred at corners, each opened
                // where a double branch meets it from outside.
                let d = double_offset(stroke.width);
                for side in [d, -d] {
                    let off = offset(&pts, line.closed, side);
                    let els = if line.closed && radius > 0.0 {
                        polyline(&off, true, (radius - side).max(0.0))
                    } else {
                        open_at(&off, line.closed, cuts, d - stroke.width / 2.0)
                    };
                    push(els, stroke.width);
                }
            }
            w => {
                let width = if w == art::Weight::Heavy { stroke.width * HEAVY } else { stroke.width };
                if line.dashed {
                    push(dashes(&pts, line.closed, grid.cw.min(grid.rh) * DASH_CELLS), width);
                } else {
                    push(polyline(&pts, line.closed, radius), width);
                }
            }
        }
    }
}

/// A polyline moved sideways by `d` (to the left of its direction of travel, y down), its
/// corners mitred: each vertex moves to where the two moved segments meet.
fn offset(pts: &[Point], closed: bool, d: f32) -> Vec<Point> {
    let n = pts.len();
    let normal = |a: Point, b: Point| {
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let len = (dx * dx + dy * dy).sqrt().max(1e-6);
        (dy / len, -dx / len)
    };
    (0..n)
        .map(|i| {
            let prev = if i > 0 {
                Some(normal(pts[i - 1], pts[i]))
            } else if closed {
                Some(normal(pts[n - 1], pts[0]))
            } else {
                None
            };
            let next = if i + 1 < n {
                Some(normal(pts[i], pts[i + 1]))
            } else if closed {
                Some(normal(pts[i], pts[0]))
            } else {
                None
            };
            let (nx, ny) = match (prev, next) {
                (Some(a), Some(b)) => {
                    // Mitre: the sum of the normals scaled so both moved lines pass through it.
                    let dot = a.0 * b.0 + a.1 * b.1;
                    let k = 1.0 / (1.0 + dot).max(1e-3);
                    ((a.0 + b.0) * k, (a.1 + b.1) * k)
                }
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => (0.0, 0.0),
            };
            Point::new(pts[i].x + nx * d, pts[i].y + ny * d)
        })
        .collect()
}

/// Path elements of a polyline broken where a branch opens it: each stroke of a double
/// line leaves a gap of `half` either side of every cut on it.
fn open_at(pts: &[Point], closed: bool, cuts: &Cuts, half: f32) -> Vec<PathEl> {
    let mut pts = pts.to_vec();
    if closed {
        pts.push(pts[0]);
    }
    let mut els = vec![PathEl::MoveTo(pts[0])];
    for w in pts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let horizontal = (a.y - b.y).abs() < 0.01;
        let (pos, lo, hi) =
            if horizontal { (a.y, a.x.min(b.x), a.x.max(b.x)) } else { (a.x, a.y.min(b.y), a.y.max(b.y)) };
        let k = (pos * 20.0).round() as i64;
        let mut here: Vec<f32> = (k - 1..=k + 1)
            .filter_map(|k| cuts.get(&(horizontal, k)))
            .flatten()
            .copied()
            .filter(|&t| t > lo + half && t < hi - half)
            .collect();
        let forward = if horizontal { b.x >= a.x } else { b.y >= a.y };
        here.sort_by(|x, y| if forward { x.total_cmp(y) } else { y.total_cmp(x) });
        for t in here {
            let sgn = if forward { 1.0 } else { -1.0 };
            let (p1, p2) = if horizontal {
                (Point::new(t - sgn * half, a.y), Point::new(t + sgn * half, a.y))
            } else {
                (Point::new(a.x, t - sgn * half), Point::new(a.x, t + sgn * half))
            };
            els.push(PathEl::LineTo(p1));
            els.push(PathEl::MoveTo(p2));
        }
        els.push(PathEl::LineTo(b));
    }
    if closed && !els.iter().skip(1).any(|e| matches!(e, PathEl::MoveTo(_))) {
        els.pop();
        els.push(PathEl::Close);
    }
    els
}

/// Dashes along a polyline: dash and gap each `len` long, restarted at every vertex so
/// corners are always inked.
fn dashes(pts: &[Point], closed: bool, len: f32) -> Vec<PathEl> {
    let mut pts = pts.to_vec();
    if closed {
        pts.push(pts[0]);
    }
    let mut els = Vec::new();
    for w in pts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let total = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
        if total <= 0.0 {
            continue;
        }
        // Whole dash+gap periods, the last dash ending on the vertex.
        let periods = ((total + len) / (2.0 * len)).round().max(1.0);
        let step = (total + len) / periods / 2.0;
        let at = |t: f32| Point::new(a.x + (b.x - a.x) * t / total, a.y + (b.y - a.y) * t / total);
        let mut t = 0.0;
        while t < total - 1e-3 {
            els.push(PathEl::MoveTo(at(t)));
            els.push(PathEl::LineTo(at((t + step).min(total))));
            t += 2.0 * step;
        }
    }
    els
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tall_drawings_close_rows_then_lower_line_rows_then_shrink() {
        let rigid = [true, false, false, true];
        // Fits: untouched.
        let mut size = 10.0;
        assert_eq!(fit_rows(&rigid, 14.0, 100.0, &mut size, 6.0), (14.0, None));
        // Rows close up to 1.2 lines of text first.
        let (rh, h) = fit_rows(&rigid, 14.0, 50.0, &mut size, 6.0);
        assert_eq!((rh, h, size), (12.5, None, 10.0));
        // Then the line-only rows lower, the labels' rows and the type keep their size.
        let (rh, h) = fit_rows(&rigid, 14.0, 40.0, &mut size, 6.0);
        assert_eq!((rh, size), (12.0, 10.0));
        let h = h.expect("rows lowered");
        assert!((h[1] - 8.0).abs() < 1e-4 && (h[0] - 12.0).abs() < 1e-4, "{h:?}");
        // Only past half a row does everything shrink.
        let (_, h) = fit_rows(&rigid, 14.0, 30.0, &mut size, 6.0);
        let h = h.expect("rows lowered");
        assert!((h.iter().sum::<f32>() - 30.0).abs() < 1e-3 && size < 10.0, "{h:?} at {size}");
    }

    #[test]
    fn points_go_through_the_column_boundaries() {
        let g = Grid { x0: 10.0, cw: 5.0, rh: 12.0, xs: Some(vec![0.0, 5.0, 6.5, 11.5]), ys: None };
        assert_eq!(g.x(0.0), 10.0);
        assert_eq!(g.x(1.5), 15.75);
        assert_eq!(g.x(3.0), 21.5);
        // Past the last column, cells of the unit width.
        assert_eq!(g.x(4.0), 26.5);
        assert_eq!(g.y(2.5), 30.0);
    }
}
