//! Path blocks: one line of text set along a curve — a circle (read clockwise from its
//! top), an Archimedean spiral (clockwise from its outer end, inward) or the poet's SVG
//! path. The line is shaped once, as every line is (kerning, ligatures, letter spacing);
//! each glyph then sits with the middle of its baseline on the curve, turned to the
//! curve's tangent there, so the advances and kerning are kept along the curve. Text
//! longer than the curve is an error naming what is left over; nothing is squeezed.

use super::Where;
use super::ctx::Ctx;
use super::fragment::{Fragment, Watch, bounds, union};
use crate::diag::Diagnostic;
use crate::display::{FontId, Glyph, GlyphRun, Group, Ink, Item, PathEl, Point, Transform};
use crate::spec::{Along, OnPath, PathAlign, PathShape};
use crate::text::Style;
use crate::text::quotes::smarten;

/// A curve as a polyline: points, the length along it at each, and (circles, spirals) the
/// angle round the centre at each, in degrees.
struct Polyline {
    pts: Vec<Point>,
    along: Vec<f32>,
    angles: Option<Vec<f32>>,
    closed: bool,
}

impl Polyline {
    fn new(pts: Vec<Point>, angles: Option<Vec<f32>>, closed: bool) -> Polyline {
        let mut along = Vec::with_capacity(pts.len());
        let mut s = 0.0;
        for (i, p) in pts.iter().enumerate() {
            if i > 0 {
                s += dist(pts[i - 1], *p);
            }
            along.push(s);
        }
        Polyline { pts, along, angles, closed }
    }

    fn length(&self) -> f32 {
        *self.along.last().unwrap_or(&0.0)
    }

    /// The point at length `s` along the curve and the tangent's angle there (degrees,
    /// clockwise on the page).
    fn at(&self, s: f32) -> (Point, f32) {
        let n = self.pts.len();
        let i = self.along.partition_point(|a| *a <= s).clamp(1, n - 1);
        let (a, b) = (self.pts[i - 1], self.pts[i]);
        let seg = (self.along[i] - self.along[i - 1]).max(1e-6);
        let t = ((s - self.along[i - 1]) / seg).clamp(0.0, 1.0);
        let p = Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
        (p, (b.y - a.y).atan2(b.x - a.x).to_degrees())
    }

    /// The length along the curve where it has turned `deg` round its centre.
    fn at_angle(&self, deg: f32) -> Option<f32> {
        let angles = self.angles.as_ref()?;
        let deg = if self.closed { deg.rem_euclid(360.0) } else { deg };
        let i = angles.partition_point(|a| *a <= deg).clamp(1, angles.len() - 1);
        let span = (angles[i] - angles[i - 1]).max(1e-6);
        let t = ((deg - angles[i - 1]) / span).clamp(0.0, 1.0);
        Some(self.along[i - 1] + (self.along[i] - self.along[i - 1]) * t)
    }
}

fn dist(a: Point, b: Point) -> f32 {
    ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt()
}

/// Steps per cubic segment of the poet's path, and per degree round a circle or spiral.
const CUBIC_STEPS: usize = 32;

/// The curve in the block's coordinates (x from the measure's left, y from its top); `pad`
/// is the room kept round a circle or spiral for its letters.
fn polyline(shape: &PathShape, measure: f32, size: f32, pad: f32) -> Polyline {
    match shape {
        PathShape::Circle(r) => {
            let r = r.resolve(size, measure);
            let c = Point::new(measure / 2.0, r + pad);
            round_curve(c, 360.0, |_| r, true)
        }
        PathShape::Spiral(r, turns) => {
            let r = r.resolve(size, measure);
            let c = Point::new(measure / 2.0, r + pad);
            // It ends one turn's spacing from the centre, where letters still fit.
            let inner = r / (turns + 1.0);
            let total = 360.0 * turns;
            round_curve(c, total, |deg| r - (r - inner) * deg / total, false)
        }
        PathShape::Data(els) => {
            let mut pts = Vec::new();
            let mut cur = Point::new(0.0, 0.0);
            for el in els {
                match *el {
                    PathEl::MoveTo(p) | PathEl::LineTo(p) => {
                        pts.push(p);
                        cur = p;
                    }
                    PathEl::CubicTo(a, b, p) => {
                        for k in 1..=CUBIC_STEPS {
                            let t = k as f32 / CUBIC_STEPS as f32;
                            let u = 1.0 - t;
                            let (w0, w1, w2, w3) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
                            pts.push(Point::new(
                                w0 * cur.x + w1 * a.x + w2 * b.x + w3 * p.x,
                                w0 * cur.y + w1 * a.y + w2 * b.y + w3 * p.y,
                            ));
                        }
                        cur = p;
                    }
                    PathEl::Close => {}
                }
            }
            pts.dedup();
            Polyline::new(pts, None, false)
        }
    }
}

/// A curve round `c`, clockwise from the top, `total` degrees, at radius `r(deg)`.
fn round_curve(c: Point, total: f32, r: impl Fn(f32) -> f32, closed: bool) -> Polyline {
    let steps = (total * 2.0).ceil() as usize;
    let mut pts = Vec::with_capacity(steps + 1);
    let mut angles = Vec::with_capacity(steps + 1);
    for k in 0..=steps {
        let deg = total * k as f32 / steps as f32;
        let (sin, cos) = deg.to_radians().sin_cos();
        let rr = r(deg);
        pts.push(Point::new(c.x + rr * sin, c.y - rr * cos));
        angles.push(deg);
    }
    Polyline::new(pts, Some(angles), closed)
}

pub fn layout(cx: &mut Ctx<'_>, p: &OnPath, measure: f32, at: &Where) -> Result<Fragment, Diagnostic> {
    let font = cx.font(&p.face, Style::Regular, at)?;
    let spacing = p.letter_spacing.resolve(font.size, measure);
    let marked = smarten(&p.text);
    // The letters as they print (inline markup read): the runs' clusters index this.
    let text = crate::spec::inline::plain(&marked);
    let ink = Ink::clamped(p.ink);
    // The glyphs along the line, from one run or several where `[type] fallback` faces set
    // some characters: each with its run's font and size, its x from the line's start and
    // its cluster in `text`.
    let mut placed: Vec<(FontId, f32, Glyph)> = Vec::new();
    let mut offset = 0u32;
    for run in cx.styled_runs(&font, &marked, Point::new(0.0, 0.0), ink, spacing, at)? {
        for g in &run.glyphs {
            let glyph = Glyph { x: run.origin.x + g.x, text: (g.text.0 + offset, g.text.1 + offset), ..*g };
            placed.push((run.font, run.size, glyph));
        }
        offset += run.text.len() as u32;
    }
    let line: Vec<Glyph> = placed.iter().map(|(_, _, g)| *g).collect();
    let pad = font.size;
    let curve = polyline(&p.shape, measure, font.size, pad);
    let total = curve.length();
    if curve.pts.len() < 2 || total <= 0.0 {
        return Err(at
            .error("the path has no length to set text on")
            .note("give the path a line or a curve, or a radius above 0"));
    }
    let length = line.last().map_or(0.0, |g| g.x + g.advance);
    let anchor = match p.start {
        None => match p.align {
            PathAlign::Start => 0.0,
            PathAlign::Center => total / 2.0,
            PathAlign::End => total,
        },
        Some(Along::Length(l)) => l.resolve(font.size, total),
        Some(Along::Angle(deg)) => curve.at_angle(deg).unwrap_or(0.0),
    };
    let begin = anchor
        - match p.align {
            PathAlign::Start => 0.0,
            PathAlign::Center => length / 2.0,
            PathAlign::End => length,
        };
    let fits = |s: f32| curve.closed || (-0.01..=total + 0.01).contains(&s);
    if length > total + 0.01 || !line.iter().all(|g| fits(begin + g.x + g.advance / 2.0)) {
        return Err(too_long(p, &line, &text, begin, total, length, curve.closed, at));
    }
    let mut glyphs = Vec::new();
    for (font, size, g) in &placed {
        let chars = &text[g.text.0 as usize..g.text.1 as usize];
        if chars.trim().is_empty() {
            continue;
        }
        let mid = (begin + g.x + g.advance / 2.0).rem_euclid(if curve.closed { total } else { f32::INFINITY });
        let (on, angle) = curve.at(mid);
        let (sin, cos) = angle.to_radians().sin_cos();
        let origin = Point::new(on.x - g.advance / 2.0 * cos, on.y - g.advance / 2.0 * sin);
        let glyph = Glyph { x: 0.0, y: g.y, text: (0, chars.len() as u32), ..*g };
        let one = GlyphRun { font: *font, size: *size, origin, ink, text: chars.to_string(), glyphs: vec![glyph] };
        glyphs.push(Item::Group(Group {
            transform: Transform::rotate_about(angle, origin),
            text: None,
            items: vec![Item::Text(one)],
        }));
    }
    let reach = union(glyphs.iter().filter_map(bounds));
    let height = match &p.height {
        Some(h) => h.resolve(font.size, measure),
        None => match p.shape {
            PathShape::Circle(r) | PathShape::Spiral(r, _) => 2.0 * (r.resolve(font.size, measure) + pad),
            PathShape::Data(_) => reach.map_or(0.0, |r| r.y1.max(0.0)),
        },
    };
    let mut frag = Fragment { width: measure, height, ..Fragment::default() };
    frag.items.push(Item::Group(Group { transform: Transform::IDENTITY, text: Some(text), items: glyphs }));
    if let Some((src, span)) = &at.at {
        frag.watch.push(Watch { items: 0..1, at: (src.clone(), span.clone()), what: "this block", bleed: false });
    }
    Ok(frag)
}

/// The error for text longer than its curve: by how much, and the words left over.
#[allow(clippy::too_many_arguments)]
fn too_long(
    p: &OnPath,
    line: &[Glyph],
    text: &str,
    begin: f32,
    total: f32,
    length: f32,
    closed: bool,
    at: &Where,
) -> Diagnostic {
    let end = if closed { total } else { total - begin.max(0.0) };
    let left: String = match line.iter().find(|g| begin + g.x + g.advance / 2.0 > begin.max(0.0) + end) {
        // From the start of the word it falls in, so the poet sees whole words.
        Some(g) => text[text[..g.text.0 as usize].rfind(' ').map_or(0, |i| i + 1)..].to_string(),
        None => String::new(),
    };
    let before: String = match line.iter().rev().find(|g| !closed && begin + g.x + g.advance / 2.0 < 0.0) {
        Some(g) => text[..g.text.1 as usize].to_string(),
        None => String::new(),
    };
    let over = if closed { length - total } else { (begin + length - total).max(0.0) + (-begin).max(0.0) };
    let what = match (before.is_empty(), left.is_empty()) {
        (true, false) => format!("“{}” is left over at the end", left.trim()),
        (false, true) => format!("“{}” falls before the path's start", before.trim()),
        (false, false) => format!("“{}” falls before its start and “{}” past its end", before.trim(), left.trim()),
        (true, true) => "it does not fit".to_string(),
    };
    let hint = match p.shape {
        PathShape::Circle(_) => "shorten the text, set a smaller `size`, or a larger `radius`",
        PathShape::Spiral(..) => "shorten the text, set a smaller `size`, or more `turns` or a larger `radius`",
        PathShape::Data(_) => "shorten the text, set a smaller `size`, lengthen the path, or move `start`",
    };
    at.error(format!("the text is {length:.1}pt long and the path {total:.1}pt: {over:.1}pt too long; {what}"))
        .note(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_circle_is_read_clockwise_from_its_top() {
        let c = round_curve(Point::new(100.0, 100.0), 360.0, |_| 50.0, true);
        assert!((c.length() - 2.0 * std::f32::consts::PI * 50.0).abs() < 0.1, "{}", c.length());
        let (top, a) = c.at(0.0);
        assert!((top.x - 100.0).abs() < 0.01 && (top.y - 50.0).abs() < 0.01 && a.abs() < 0.5, "{top:?} {a}");
        let (right, a) = c.at(c.length() / 4.0);
        assert!((right.x - 150.0).abs() < 0.05 && (right.y - 100.0).abs() < 0.05 && (a - 90.0).abs() < 0.5);
        assert!((c.at_angle(180.0).unwrap() - c.length() / 2.0).abs() < 0.1);
    }
}
