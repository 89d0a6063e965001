//! The visual poet's keys: `rotate` on any block, a verse `size` ramp, `free` blocks and
//! their `[[block.item]]` tables, `path` blocks (`shape`, `radius`, `turns`, `d`, `start`,
//! `align`), each value checked with its file, line and column. Angles always carry a unit
//! (`deg`, `rad`, `turn`); path data is SVG's, in points with y down.

use super::Cx;
use crate::display::{PathEl, Point};
use crate::spec::model::*;
use crate::spec::raw::{RawBlock, RawItem, RawSize};
use crate::units::Length;
use std::ops::Range;
use toml::Spanned;

/// An angle in degrees from `90deg`, `-30deg`, `1.5rad` or `0.25turn`.
pub(crate) fn parse_angle(s: &str) -> Result<f32, String> {
    let t = s.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+')).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let value: f32 = num
        .parse()
        .map_err(|_| format!("`{s}` is not an angle: write a number and a unit, e.g. `90deg`, `-30deg`, `0.25turn`"))?;
    if !value.is_finite() {
        return Err(format!("`{s}` is not a finite angle"));
    }
    match unit.trim() {
        "deg" | "°" => Ok(value),
        "rad" => Ok(value.to_degrees()),
        "turn" | "turns" => Ok(value * 360.0),
        "" => Err(format!("`{s}` has no unit: write `{value}deg` (or rad, turn)")),
        u => Err(format!("`{u}` is not a unit of angle: write `{value}deg` (or rad, turn)")),
    }
}

impl Cx<'_> {
    /// An angle in degrees, or None (reported) when it does not read as one.
    fn angle(&mut self, v: &Option<Spanned<String>>) -> Option<f32> {
        let v = v.as_ref()?;
        match parse_angle(v.get_ref()) {
            Ok(a) => Some(a),
            Err(e) => {
                self.err(
                    v.span(),
                    e,
                    "expected an angle",
                    Some("angles are written like \"90deg\" or \"-30deg\"".into()),
                );
                None
            }
        }
    }

    /// A required length of a table (`x`, `y` of an item).
    fn required_length(&mut self, v: &Spanned<String>) -> Option<Length> {
        self.length(&Some(v.clone()))
    }
}

/// The block's `size` when written as a length (a ramp is read by [`size_ramp`]).
pub(super) fn size_length(b: &RawBlock) -> Option<Spanned<String>> {
    let s = b.size.as_ref()?;
    match s.get_ref() {
        RawSize::Length(l) => Some(Spanned::new(s.span(), l.clone())),
        RawSize::Ramp(_) => None,
    }
}

/// A verse block's size ramp; on any other kind a ramp is an error.
pub(super) fn size_ramp(b: &RawBlock, kind: &str, cx: &mut Cx<'_>) -> Option<SizeRamp> {
    let s = b.size.as_ref()?;
    let RawSize::Ramp(r) = s.get_ref() else { return None };
    if kind != "verse" {
        cx.err(
            s.span(),
            format!("a size ramp applies to verse blocks, not to a {kind} block"),
            "a ramp",
            Some("write one size, e.g. size = \"12pt\"".into()),
        );
        return None;
    }
    let from = cx.length(&Some(Spanned::new(s.span(), r.from.clone())))?;
    let to = cx.length(&Some(Spanned::new(s.span(), r.to.clone())))?;
    let peak = match r.peak {
        Some(p) if p < 1 => {
            cx.err(s.span(), format!("peak = {p}: lines count from 1"), "peak", Some("write peak = 1 or more".into()));
            None
        }
        p => p.map(|p| p as usize),
    };
    Some(SizeRamp { from, to, peak })
}

/// A block's `rotate`, in degrees.
pub(super) fn rotate(b: &RawBlock, cx: &mut Cx<'_>) -> Option<f32> {
    cx.angle(&b.rotate).filter(|a| a.rem_euclid(360.0).abs() > 1e-4)
}

/// A free block: its height (required) and items.
pub(super) fn free_block(b: &RawBlock, kind: &Spanned<String>, face: Face, ink: f32, cx: &mut Cx<'_>) -> Option<Free> {
    let height = cx.length(&b.height);
    if b.height.is_none() {
        cx.err(
            kind.span(),
            "a free block needs `height`, the band it takes on the page".into(),
            "no height",
            Some("add height = \"60mm\"".into()),
        );
    }
    let Some(items) = &b.item else {
        cx.err(
            kind.span(),
            "a free block needs items".into(),
            "no items",
            Some("add [[block.item]] tables with text, x and y below this block".into()),
        );
        return None;
    };
    let mut out = Vec::new();
    for item in items.get_ref() {
        if let Some(it) = free_item(item.get_ref(), item.span(), cx) {
            out.push(it);
        }
    }
    Some(Free { height: height?, face, ink, items: out })
}

fn free_item(it: &RawItem, span: Range<usize>, cx: &mut Cx<'_>) -> Option<FreeItem> {
    let style = cx.style(&it.style);
    if it.family.is_some() || style.is_some() {
        let family = it.family.as_ref().map(|f| (f.get_ref().clone(), f.span()));
        let style_at = style.zip(it.style.as_ref().map(|s| s.span()));
        cx.fonts.push(FontRef { source: cx.src.clone(), family, style: style_at });
    }
    if it.text.get_ref().trim().is_empty() {
        cx.err(it.text.span(), "an item's text is empty".into(), "nothing to place", None);
    }
    if it.text.get_ref().contains('\n') {
        cx.err(
            it.text.span(),
            "an item is one line".into(),
            "a line break",
            Some("place each line as its own [[block.item]]".into()),
        );
        return None;
    }
    let (x, y) = (cx.required_length(&it.x), cx.required_length(&it.y));
    let size = cx.length(&it.size);
    let rotate = match &it.rotate {
        Some(_) => cx.angle(&it.rotate)?,
        None => 0.0,
    };
    let ink = it.tint.as_ref().map(|t| cx.ink(Some(*t.get_ref()), t.span(), 1.0));
    let header = cx.src.text[span.start..].find('\n').map_or(span.end, |i| span.start + i);
    Some(FreeItem {
        text: it.text.get_ref().trim().to_string(),
        x: x?,
        y: y?,
        face: Face { family: it.family.as_ref().map(|f| f.get_ref().clone()), style, size, features: Vec::new() },
        ink,
        rotate,
        bleed: it.bleed.as_ref().is_some_and(|b| *b.get_ref()),
        at: (cx.src.clone(), span.start..header),
    })
}

const SHAPES: &[&str] = &["circle", "spiral"];

/// A path block: the curve (`shape` with `radius` and `turns`, or `d`), `start`, `align`.
pub(super) fn path_block(
    b: &RawBlock,
    kind: &Spanned<String>,
    text: String,
    face: Face,
    ink: f32,
    cx: &mut Cx<'_>,
) -> Option<OnPath> {
    let radius = cx.length(&b.radius);
    let shape = match (&b.shape, &b.d) {
        (Some(s), Some(_)) => {
            cx.err(
                s.span(),
                "a path block takes `shape` or `d`, not both".into(),
                "two curves",
                Some("keep `shape` for a circle or spiral, `d` for your own path".into()),
            );
            return None;
        }
        (None, None) => {
            cx.err(
                kind.span(),
                "a path block needs a curve".into(),
                "no curve",
                Some("add shape = \"circle\" and radius = \"30mm\", or d = \"M 0 50 C 100 0 200 100 300 50\"".into()),
            );
            return None;
        }
        (None, Some(d)) => {
            if b.radius.is_some() || b.turns.is_some() {
                let at = b.radius.as_ref().map(|r| r.span()).or(b.turns.as_ref().map(|t| t.span())).unwrap_or(d.span());
                cx.err(at, "`radius` and `turns` belong to a shape, not to `d`".into(), "unused", None);
            }
            match parse_path_data(d.get_ref()) {
                Ok(els) if els.iter().filter(|e| matches!(e, PathEl::MoveTo(_))).count() > 1 => {
                    cx.err(
                        d.span(),
                        "text follows one path: this one has several `M`s (parts not joined)".into(),
                        "several parts",
                        Some("keep one M at the start and join the parts with L or C, or make a path block for each part".into()),
                    );
                    return None;
                }
                Ok(els) => PathShape::Data(els),
                Err((at, msg)) => {
                    let base = d.span().start + quote_len(&cx.src.text, d.span());
                    let at = (base + at).min(d.span().end);
                    cx.err(
                        at..(at + 1).min(d.span().end),
                        msg,
                        "in this path",
                        Some("path data is SVG's: M x y, L x y, H x, V y, C x1 y1 x2 y2 x y, S, Q, T, Z (points, y down)".into()),
                    );
                    return None;
                }
            }
        }
        (Some(s), None) => {
            let name = s.get_ref().trim().to_ascii_lowercase();
            let need_radius = |cx: &mut Cx<'_>| {
                if b.radius.is_none() {
                    cx.err(
                        s.span(),
                        format!("a {name} needs `radius`"),
                        "no radius",
                        Some("add radius = \"30mm\"".into()),
                    );
                }
            };
            match name.as_str() {
                "circle" => {
                    need_radius(cx);
                    if let Some(t) = &b.turns {
                        cx.err(
                            t.span(),
                            "a circle has no `turns`".into(),
                            "for a spiral",
                            Some("write shape = \"spiral\"".into()),
                        );
                    }
                    PathShape::Circle(radius?)
                }
                "spiral" => {
                    need_radius(cx);
                    let turns = match &b.turns {
                        None => 3.0,
                        Some(t) if (0.25..=50.0).contains(t.get_ref()) => *t.get_ref() as f32,
                        Some(t) => {
                            cx.err(
                                t.span(),
                                format!("turns = {} is outside 0.25 to 50", t.get_ref()),
                                "out of range",
                                None,
                            );
                            return None;
                        }
                    };
                    PathShape::Spiral(radius?, turns)
                }
                _ => {
                    cx.err(
                        s.span(),
                        format!("unknown shape `{}`", s.get_ref()),
                        "unknown shape",
                        Some(match super::suggest(&name, SHAPES.iter().copied()) {
                            Some(m) => format!("did you mean `{m}`? shapes are circle and spiral; any other curve is `d`, SVG path data"),
                            None => "shapes are circle and spiral; any other curve is `d`, SVG path data".into(),
                        }),
                    );
                    return None;
                }
            }
        }
    };
    let start = b.start.as_ref().and_then(|s| {
        let t = s.get_ref().trim();
        if t.ends_with("deg") || t.ends_with("rad") || t.ends_with("turn") {
            if matches!(shape, PathShape::Data(_)) {
                cx.err(
                    s.span(),
                    "an angle places text on a circle or spiral; along `d` give a length or a percentage".into(),
                    "an angle",
                    Some("write start = \"40pt\" or start = \"25%\"".into()),
                );
                return None;
            }
            cx.angle(&Some(s.clone())).map(Along::Angle)
        } else {
            cx.length(&Some(s.clone())).map(Along::Length)
        }
    });
    let align = cx.choice(
        &b.align,
        &[
            ("start", PathAlign::Start),
            ("left", PathAlign::Start),
            ("center", PathAlign::Center),
            ("centre", PathAlign::Center),
            ("end", PathAlign::End),
            ("right", PathAlign::End),
        ],
        PathAlign::Start,
    );
    Some(OnPath {
        text: text.split_whitespace().collect::<Vec<_>>().join(" "),
        face,
        ink,
        letter_spacing: cx.length(&b.letter_spacing).unwrap_or(Length::Pt(0.0)),
        shape,
        start,
        align,
        height: cx.length(&b.height),
    })
}

/// How many bytes of quotes open the TOML string at `span` (3 for `'''` and `"""`).
fn quote_len(src: &str, span: Range<usize>) -> usize {
    let v = src.get(span).unwrap_or("");
    if v.starts_with("'''") || v.starts_with("\"\"\"") { 3 } else { 1 }
}

/// SVG path data (`M L H V C S Q T Z`, absolute and relative) as outline elements, quadratic
/// curves raised to cubics. Err: the byte offset of the problem and what it is.
pub(crate) fn parse_path_data(d: &str) -> Result<Vec<PathEl>, (usize, String)> {
    let bytes = d.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    let (mut cur, mut start) = (Point::new(0.0, 0.0), Point::new(0.0, 0.0));
    // The last control point, for S and T.
    let mut last_cubic: Option<Point> = None;
    let mut last_quad: Option<Point> = None;
    let mut cmd: Option<u8> = None;
    let skip = |i: &mut usize| {
        while *i < bytes.len() && (bytes[*i].is_ascii_whitespace() || bytes[*i] == b',') {
            *i += 1;
        }
    };
    let number = |i: &mut usize| -> Result<f32, (usize, String)> {
        skip(i);
        let from = *i;
        let mut j = *i;
        if j < bytes.len() && (bytes[j] == b'-' || bytes[j] == b'+') {
            j += 1;
        }
        let mut dot = false;
        while j < bytes.len() && (bytes[j].is_ascii_digit() || (bytes[j] == b'.' && !dot)) {
            dot |= bytes[j] == b'.';
            j += 1;
        }
        if j < bytes.len() && (bytes[j] == b'e' || bytes[j] == b'E') {
            j += 1;
            if j < bytes.len() && (bytes[j] == b'-' || bytes[j] == b'+') {
                j += 1;
            }
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
        }
        match d[from..j].parse::<f32>() {
            Ok(v) if v.is_finite() => {
                *i = j;
                Ok(v)
            }
            _ => Err((from, format!("expected a number at `{}`", d[from..].chars().take(8).collect::<String>()))),
        }
    };
    loop {
        skip(&mut i);
        if i >= bytes.len() {
            break;
        }
        let c = bytes[i];
        if c.is_ascii_alphabetic() {
            if !b"MmLlHhVvCcSsQqTtZz".contains(&c) {
                let hint =
                    if c == b'A' || c == b'a' { ": arcs are not supported, draw them with C curves" } else { "" };
                return Err((i, format!("`{}` is not a path command{hint}", c as char)));
            }
            cmd = Some(c);
            i += 1;
        } else if cmd.is_none() {
            return Err((i, "path data begins with a command, M x y".into()));
        }
        let c = cmd.expect("a command was read");
        if out.is_empty() && !matches!(c, b'M' | b'm') {
            return Err((i.saturating_sub(1), "path data begins with M x y, the point the path starts at".into()));
        }
        let rel = c.is_ascii_lowercase();
        let at = |p: Point, cur: Point| if rel { Point::new(cur.x + p.x, cur.y + p.y) } else { p };
        let pt = |i: &mut usize| -> Result<Point, (usize, String)> { Ok(Point::new(number(i)?, number(i)?)) };
        match c.to_ascii_uppercase() {
            b'M' => {
                let p = at(pt(&mut i)?, cur);
                out.push(PathEl::MoveTo(p));
                cur = p;
                start = p;
                // Further pairs after M are lines.
                cmd = Some(if rel { b'l' } else { b'L' });
                last_cubic = None;
                last_quad = None;
            }
            b'L' => {
                let p = at(pt(&mut i)?, cur);
                out.push(PathEl::LineTo(p));
                cur = p;
                last_cubic = None;
                last_quad = None;
            }
            b'H' => {
                let x = number(&mut i)?;
                let p = Point::new(if rel { cur.x + x } else { x }, cur.y);
                out.push(PathEl::LineTo(p));
                cur = p;
                last_cubic = None;
                last_quad = None;
            }
            b'V' => {
                let y = number(&mut i)?;
                let p = Point::new(cur.x, if rel { cur.y + y } else { y });
                out.push(PathEl::LineTo(p));
                cur = p;
                last_cubic = None;
                last_quad = None;
            }
            b'C' | b'S' => {
                let c1 = if c.eq_ignore_ascii_case(&b'C') {
                    at(pt(&mut i)?, cur)
                } else {
                    last_cubic.map_or(cur, |l| Point::new(2.0 * cur.x - l.x, 2.0 * cur.y - l.y))
                };
                let c2 = at(pt(&mut i)?, cur);
                let p = at(pt(&mut i)?, cur);
                out.push(PathEl::CubicTo(c1, c2, p));
                cur = p;
                last_cubic = Some(c2);
                last_quad = None;
            }
            b'Q' | b'T' => {
                let q = if c.eq_ignore_ascii_case(&b'Q') {
                    at(pt(&mut i)?, cur)
                } else {
                    last_quad.map_or(cur, |l| Point::new(2.0 * cur.x - l.x, 2.0 * cur.y - l.y))
                };
                let p = at(pt(&mut i)?, cur);
                let c1 = Point::new(cur.x + 2.0 / 3.0 * (q.x - cur.x), cur.y + 2.0 / 3.0 * (q.y - cur.y));
                let c2 = Point::new(p.x + 2.0 / 3.0 * (q.x - p.x), p.y + 2.0 / 3.0 * (q.y - p.y));
                out.push(PathEl::CubicTo(c1, c2, p));
                cur = p;
                last_quad = Some(q);
                last_cubic = None;
            }
            _ => {
                // Z: back to the subpath's start, drawn as a line so text follows it.
                if cur != start {
                    out.push(PathEl::LineTo(start));
                }
                cur = start;
                cmd = None;
                last_cubic = None;
                last_quad = None;
            }
        }
    }
    if out.len() < 2 {
        return Err((0, "the path has no line or curve to set text on".into()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn angles_need_a_unit() {
        assert_eq!(parse_angle("90deg"), Ok(90.0));
        assert_eq!(parse_angle("-30deg"), Ok(-30.0));
        assert_eq!(parse_angle("0.25turn"), Ok(90.0));
        assert!((parse_angle("3.14159265rad").unwrap() - 180.0).abs() < 1e-3);
        assert!(parse_angle("90").unwrap_err().contains("write `90deg`"));
        assert!(parse_angle("90px").unwrap_err().contains("not a unit of angle"));
        assert!(parse_angle("left").is_err());
    }

    #[test]
    fn path_data_reads_svg_commands() {
        let els = parse_path_data("M 0 10 L 20,10 h 5 v -5 C 30 0 40 0 50 5 s 10 10 20 0 Q 80 0 90 5 Z").unwrap();
        assert_eq!(els[0], PathEl::MoveTo(Point::new(0.0, 10.0)));
        assert_eq!(els[1], PathEl::LineTo(Point::new(20.0, 10.0)));
        assert_eq!(els[2], PathEl::LineTo(Point::new(25.0, 10.0)));
        assert_eq!(els[3], PathEl::LineTo(Point::new(25.0, 5.0)));
        assert_eq!(els[5], PathEl::CubicTo(Point::new(60.0, 10.0), Point::new(60.0, 15.0), Point::new(70.0, 5.0)));
        assert_eq!(*els.last().unwrap(), PathEl::LineTo(Point::new(0.0, 10.0)));
        assert_eq!(parse_path_data("M 0 0 L 10 0 L").unwrap_err().0, 14);
        assert!(parse_path_data("M 0 0 A 5 5 0 0 1 10 0").unwrap_err().1.contains("arcs"));
        assert!(parse_path_data("L 5 5").unwrap_err().1.contains("begins with M"));
        assert!(parse_path_data("M 5 5").is_err());
    }
}
