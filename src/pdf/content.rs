//! Page content streams: glyph runs as text objects, paths as fill/stroke operations.
//!
//! Coordinates arrive in trim space (origin top-left, y down). The page's drawing is
//! wrapped in `q 1 0 0 1 o o cm … Q`, which moves the trim box's lower-left corner to
//! where it sits in the MediaBox, and inside it every y becomes `trim_height - y`.
//! Colour is DeviceGray only: ink `k` is written as gray `1 - k` (`g` / `G`).

use std::collections::{BTreeMap, BTreeSet};

use pdf_writer::types::{LineCapStyle, LineJoinStyle};
use pdf_writer::{Content, Name, Str, TextStr};

use super::boxes::{Geometry, round};
use super::fonts::Embedded;
use crate::display::{
    Clip, Dot, FontId, Glyph, GlyphRun, Group, Ink, Item, LineCap, LineJoin, Page, Path, PathEl, Role,
};

/// Thinnest stroke a press holds reliably; thinner ones are widened to this.
pub const MIN_STROKE: f32 = 0.25;

pub struct PageContent {
    pub bytes: Vec<u8>,
    /// Fonts the page's resources must list.
    pub fonts: BTreeSet<FontId>,
    /// Strokes widened to [`MIN_STROKE`].
    pub clamped: usize,
    /// Tagged pages: the marked-content sequences in order (MCID = index).
    pub marked: Vec<Marked>,
}

/// One marked-content sequence of a tagged page: the role its items share and the box
/// they cover (MediaBox space: x0, y0, x1, y1), which a contents entry's link takes.
#[derive(Debug, Clone)]
pub struct Marked {
    pub role: Role,
    pub bbox: [f32; 4],
}

/// Graphics state already set in the stream, to avoid repeating operators.
#[derive(Default, Clone)]
struct State {
    fill: Option<f32>,
    stroke: Option<f32>,
    width: Option<f32>,
    cap: Option<LineCap>,
    join: Option<LineJoin>,
}

struct Writer<'a> {
    c: Content,
    height: f32,
    fonts: &'a BTreeMap<FontId, Embedded>,
    state: State,
    used: BTreeSet<FontId>,
    clamped: usize,
    /// The least scale of the groups' transforms around what is drawn now: a stroke
    /// prints its width times this.
    scale: f32,
}

/// The page's content stream. With `roles` (one per item, a tagged document) every item
/// is wrapped in marked content: a run of items of one role is one sequence with the
/// next MCID, artifacts (and figures the poet left without words) `/Artifact`, and the
/// printer's marks an artifact too.
pub fn page(page: &Page, geo: &Geometry, fonts: &BTreeMap<FontId, Embedded>, roles: Option<&[Role]>) -> PageContent {
    let mut w = Writer {
        c: Content::new(),
        height: geo.trim.1,
        fonts,
        state: State::default(),
        used: BTreeSet::new(),
        clamped: 0,
        scale: 1.0,
    };
    w.c.save_state();
    let (ox, oy) = geo.offset();
    if (ox, oy) != (0.0, 0.0) {
        w.c.transform([1.0, 0.0, 0.0, 1.0, round(ox), round(oy)]);
    }
    let mut marked = Vec::new();
    match roles {
        None => w.items(&page.items),
        Some(roles) => {
            let (ox, oy) = (round(ox), round(oy));
            let mut i = 0;
            while i < page.items.len() {
                let role = roles.get(i).unwrap_or(&Role::Artifact);
                let mut j = i + 1;
                while j < page.items.len() && roles.get(j).unwrap_or(&Role::Artifact) == role {
                    j += 1;
                }
                let items = &page.items[i..j];
                match tag(role) {
                    None => {
                        w.c.begin_marked_content(Name(b"Artifact"));
                        w.items(items);
                    }
                    Some(name) => {
                        let mut mc = w.c.begin_marked_content_with_properties(Name(name));
                        let mut props = mc.properties();
                        props.identify(marked.len() as i32);
                        if matches!(role, Role::Blank { .. }) {
                            props.actual_text(pdf_writer::TextStr(BLANK));
                        }
                        drop(props);
                        drop(mc);
                        w.items(items);
                        let b = bbox(items, w.height);
                        marked.push(Marked { role: role.clone(), bbox: [b[0] + ox, b[1] + oy, b[2] + ox, b[3] + oy] });
                    }
                }
                w.c.end_marked_content();
                i = j;
            }
        }
    }
    w.c.restore_state();
    if roles.is_some() && geo.marks {
        w.c.begin_marked_content(Name(b"Artifact"));
        geo.draw_marks(&mut w.c);
        w.c.end_marked_content();
    } else {
        geo.draw_marks(&mut w.c);
    }
    PageContent { bytes: w.c.finish().into_vec(), fonts: w.used, clamped: w.clamped, marked }
}

/// What a drawn blank reads as.
pub const BLANK: &str = "blank";

/// The structure type a role's marked content is tagged with; `None`: an artifact.
pub fn tag(role: &Role) -> Option<&'static [u8]> {
    match role {
        Role::Artifact => None,
        Role::Figure { alt, .. } if alt.trim().is_empty() => None,
        Role::Heading { level: 1, .. } => Some(b"H1"),
        Role::Heading { .. } => Some(b"H2"),
        Role::Line { .. } | Role::Blank { .. } => Some(b"Span"),
        Role::Figure { .. } => Some(b"Figure"),
        Role::ContentsEntry { .. } => Some(b"Link"),
    }
}

/// The box `items` cover, in the page's flipped space (x0, y0, x1, y1, y up): text from
/// a little below its baseline to its ascent, paths by their points, groups through
/// their transforms.
fn bbox(items: &[Item], height: f32) -> [f32; 4] {
    let b = bounds_down(items);
    if b[0].is_finite() { [b[0], height - b[3], b[2], height - b[1]].map(round) } else { [0.0; 4] }
}

/// The box `items` cover in display-list space (y down); infinite when empty.
fn bounds_down(items: &[Item]) -> [f32; 4] {
    let mut b = [f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY];
    let mut add = |x: f32, y: f32| {
        b[0] = b[0].min(x);
        b[1] = b[1].min(y);
        b[2] = b[2].max(x);
        b[3] = b[3].max(y);
    };
    for item in items {
        match item {
            Item::Text(r) => {
                add(r.origin.x, r.origin.y + r.size * 0.25);
                add(r.origin.x + r.width(), r.origin.y - r.size * 0.8);
            }
            Item::Path(p) => {
                for el in &p.els {
                    if let PathEl::MoveTo(q) | PathEl::LineTo(q) | PathEl::CubicTo(_, _, q) = el {
                        add(q.x, q.y);
                    }
                }
            }
            Item::Dot(d) => {
                add(d.center.x - d.radius, d.center.y - d.radius);
                add(d.center.x + d.radius, d.center.y + d.radius);
            }
            Item::Clip(c) => {
                add(c.rect.x0, c.rect.y0);
                add(c.rect.x1, c.rect.y1);
            }
            Item::Group(g) => {
                let inner = bounds_down(&g.items);
                if inner[0].is_finite() {
                    for (x, y) in
                        [(inner[0], inner[1]), (inner[2], inner[1]), (inner[0], inner[3]), (inner[2], inner[3])]
                    {
                        let p = g.transform.apply(crate::display::Point::new(x, y));
                        add(p.x, p.y);
                    }
                }
            }
        }
    }
    b
}

fn gray(ink: Ink) -> f32 {
    let k = ink.value();
    round(1.0 - k)
}

/// One element of a `TJ` array.
enum Piece {
    Show(Vec<u8>),
    Adjust(f32),
}

impl Writer<'_> {
    fn items(&mut self, items: &[Item]) {
        for item in items {
            match item {
                Item::Text(run) => self.run(run),
                Item::Path(path) => self.path(path),
                Item::Dot(dot) => self.dot(dot),
                Item::Clip(clip) => self.clip(clip),
                Item::Group(group) => self.group(group),
            }
        }
    }

    /// `q x y w h re W n … Q`; the operator cache is restored with the state.
    fn clip(&mut self, clip: &Clip) {
        let r = clip.rect;
        let (w, h) = (r.x1 - r.x0, r.y1 - r.y0);
        if !(w > 0.0 && h > 0.0) {
            return;
        }
        let saved = self.state.clone();
        self.c.save_state();
        self.c.rect(round(r.x0), round(self.height - r.y1), round(w), round(h));
        self.c.clip_nonzero();
        self.c.end_path();
        self.items(&clip.items);
        self.c.restore_state();
        self.state = saved;
    }

    /// `q … cm … Q`: the group's y-down transform `M` written as `F·M·F`, where `F` flips
    /// y about the trim height (every coordinate inside is flipped as usual). A group that
    /// reads as one text is wrapped in a `/Span` with `/ActualText`, so extraction gives
    /// its words in order however its glyphs are turned.
    fn group(&mut self, group: &Group) {
        let t = group.transform;
        let h = self.height;
        let m = [t.a, -t.b, -t.c, t.d, t.c * h + t.e, h - t.d * h - t.f];
        if !m.iter().all(|v| v.is_finite()) {
            return;
        }
        if let Some(text) = &group.text {
            self.c.begin_marked_content_with_properties(Name(b"Span")).properties().actual_text(TextStr(text));
        }
        let (saved, scale) = (self.state.clone(), self.scale);
        self.c.save_state();
        self.c.transform(m.map(round6));
        self.scale *= t.least_scale();
        self.items(&group.items);
        self.scale = scale;
        self.c.restore_state();
        self.state = saved;
        if group.text.is_some() {
            self.c.end_marked_content();
        }
    }

    /// A filled circle as four Bézier quarter arcs. (A zero-length round-capped stroke
    /// would be a ninth of the bytes, but preflight tools flag zero-length paths and
    /// some RIPs drop them.)
    fn dot(&mut self, dot: &Dot) {
        let r = dot.radius;
        if !(r.is_finite() && r > 0.0) {
            return;
        }
        self.fill(dot.ink);
        let (cx, cy) = (dot.center.x, self.height - dot.center.y);
        let k = r * 0.552_284_8;
        let p = |x: f32, y: f32| (round(cx + x), round(cy + y));
        let (x, y) = p(r, 0.0);
        self.c.move_to(x, y);
        let arcs = [
            [(r, k), (k, r), (0.0, r)],
            [(-k, r), (-r, k), (-r, 0.0)],
            [(-r, -k), (-k, -r), (0.0, -r)],
            [(k, -r), (r, -k), (r, 0.0)],
        ];
        for [a, b, e] in arcs {
            let ((x1, y1), (x2, y2), (x3, y3)) = (p(a.0, a.1), p(b.0, b.1), p(e.0, e.1));
            self.c.cubic_to(x1, y1, x2, y2, x3, y3);
        }
        self.c.close_path();
        self.c.fill_nonzero();
    }

    fn fill(&mut self, ink: Ink) {
        let g = gray(ink);
        if self.state.fill != Some(g) {
            self.c.set_fill_gray(g);
            self.state.fill = Some(g);
        }
    }

    fn run(&mut self, run: &GlyphRun) {
        let Some(font) = self.fonts.get(&run.font) else {
            return;
        };
        let size = run.size;
        if run.glyphs.is_empty() || !(size.is_finite() && size > 0.0) {
            return;
        }
        self.used.insert(run.font);
        self.fill(run.ink);
        self.c.begin_text();
        self.c.set_font(Name(font.resource.as_bytes()), size);

        // Glyphs sharing a vertical offset go into one TJ after one Tm; inside it the pen
        // is tracked with exactly the widths and adjustments written, and each glyph's
        // adjustment is computed against its absolute target, so errors never add up.
        let mut i = 0;
        while i < run.glyphs.len() {
            let y = run.glyphs[i].y;
            let mut j = i;
            while j < run.glyphs.len() && run.glyphs[j].y == y {
                j += 1;
            }
            let seg = &run.glyphs[i..j];
            let tx = round(run.origin.x + seg[0].x);
            let ty = round(self.height - (run.origin.y + y));
            self.c.set_text_matrix([1.0, 0.0, 0.0, 1.0, tx, ty]);

            let pieces = tj_pieces(seg, run.origin.x, tx, size, |g| font.cid(g), |c| font.width(c));
            if let [Piece::Show(bytes)] = pieces.as_slice() {
                self.c.show(Str(bytes));
            } else {
                let mut tj = self.c.show_positioned();
                let mut items = tj.items();
                for p in &pieces {
                    match p {
                        Piece::Show(bytes) => {
                            items.show(Str(bytes));
                        }
                        Piece::Adjust(a) => {
                            items.adjust(*a);
                        }
                    }
                }
            }
            i = j;
        }
        self.c.end_text();
    }

    fn path(&mut self, path: &Path) {
        if path.els.is_empty() || (path.fill.is_none() && path.stroke.is_none()) {
            return;
        }
        if let Some(ink) = path.fill {
            self.fill(ink);
        }
        if let Some(s) = &path.stroke {
            let g = gray(s.ink);
            if self.state.stroke != Some(g) {
                self.c.set_stroke_gray(g);
                self.state.stroke = Some(g);
            }
            // Inside a group that shrinks it, a stroke is widened to print at least
            // MIN_STROKE (a group that flattens it to nothing is left alone: nothing prints).
            let least = if self.scale > 1e-3 { MIN_STROKE / self.scale } else { MIN_STROKE };
            let mut width = round(s.width);
            if !(width.is_finite() && width * self.scale >= MIN_STROKE - 1e-4) {
                width = (least * 1000.0).ceil() / 1000.0;
                self.clamped += 1;
            }
            if self.state.width != Some(width) {
                self.c.set_line_width(width);
                self.state.width = Some(width);
            }
            if self.state.cap != Some(s.cap) {
                self.c.set_line_cap(match s.cap {
                    LineCap::Butt => LineCapStyle::ButtCap,
                    LineCap::Round => LineCapStyle::RoundCap,
                    LineCap::Square => LineCapStyle::ProjectingSquareCap,
                });
                self.state.cap = Some(s.cap);
            }
            if self.state.join != Some(s.join) {
                self.c.set_line_join(match s.join {
                    LineJoin::Miter => LineJoinStyle::MiterJoin,
                    LineJoin::Round => LineJoinStyle::RoundJoin,
                    LineJoin::Bevel => LineJoinStyle::BevelJoin,
                });
                self.state.join = Some(s.join);
            }
        }
        let h = self.height;
        let p = |pt: crate::display::Point| (round(pt.x), round(h - pt.y));
        for el in &path.els {
            match *el {
                PathEl::MoveTo(a) => {
                    let (x, y) = p(a);
                    self.c.move_to(x, y);
                }
                PathEl::LineTo(a) => {
                    let (x, y) = p(a);
                    self.c.line_to(x, y);
                }
                PathEl::CubicTo(a, b, e) => {
                    let ((x1, y1), (x2, y2), (x3, y3)) = (p(a), p(b), p(e));
                    self.c.cubic_to(x1, y1, x2, y2, x3, y3);
                }
                PathEl::Close => {
                    self.c.close_path();
                }
            }
        }
        match (path.fill.is_some(), path.stroke.is_some()) {
            (true, true) => self.c.fill_nonzero_and_stroke(),
            (true, false) => self.c.fill_nonzero(),
            _ => self.c.stroke(),
        };
    }
}

/// The `TJ` array for glyphs on one baseline, starting from a `Tm` at `tx`: each glyph
/// gets an adjustment (if needed) that moves the pen from where the previous glyph's
/// `/W` width left it to the glyph's own `origin_x + x`.
fn tj_pieces(
    seg: &[Glyph],
    origin_x: f32,
    tx: f32,
    size: f32,
    cid: impl Fn(u16) -> u16,
    width: impl Fn(u16) -> f32,
) -> Vec<Piece> {
    let size64 = f64::from(size);
    let mut pen = f64::from(tx);
    let mut pieces: Vec<Piece> = Vec::new();
    for g in seg {
        let target = f64::from(origin_x) + f64::from(g.x);
        let adj = round3((-(target - pen) * 1000.0 / size64) as f32);
        // Below 1/20000 em the correction is invisible noise from rounding the widths;
        // skipping it cannot accumulate, since the next glyph is measured against its
        // absolute target again.
        if adj.abs() >= ADJUST_EPSILON {
            pieces.push(Piece::Adjust(adj));
            pen -= f64::from(adj) * size64 / 1000.0;
        }
        let c = cid(g.id);
        match pieces.last_mut() {
            Some(Piece::Show(bytes)) => bytes.extend_from_slice(&c.to_be_bytes()),
            _ => pieces.push(Piece::Show(c.to_be_bytes().to_vec())),
        }
        pen += f64::from(width(c)) * size64 / 1000.0;
    }
    pieces
}

/// A transform coefficient to six decimals: rotations need more than the 1/1000 of a
/// point that coordinates are written with.
fn round6(v: f32) -> f32 {
    ((f64::from(v) * 1e6).round() / 1e6) as f32
}

/// Smallest `TJ` adjustment written, in 1000-unit text space.
const ADJUST_EPSILON: f32 = 0.05;

/// Round to 1/1000 of a text-space unit (a millionth of an em).
fn round3(v: f32) -> f32 {
    if !v.is_finite() {
        return 0.0;
    }
    ((f64::from(v) * 1000.0).round() / 1000.0) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(id: u16, x: f32) -> Glyph {
        Glyph { id, x, y: 0.0, advance: 0.0, text: (0, 0) }
    }

    /// Replay a TJ array the way a viewer does and return where each glyph lands.
    fn replay(pieces: &[Piece], tx: f32, size: f32, width: impl Fn(u16) -> f32) -> Vec<f64> {
        let mut pen = f64::from(tx);
        let mut out = Vec::new();
        for p in pieces {
            match p {
                Piece::Adjust(a) => pen -= f64::from(*a) * f64::from(size) / 1000.0,
                Piece::Show(bytes) => {
                    for pair in bytes.chunks(2) {
                        out.push(pen);
                        let c = u16::from_be_bytes([pair[0], pair[1]]);
                        pen += f64::from(width(c)) * f64::from(size) / 1000.0;
                    }
                }
            }
        }
        out
    }

    #[test]
    fn every_glyph_lands_on_its_x() {
        // Widths deliberately disagree with the placements (kerning, justification).
        let width = |c: u16| [0.0, 500.0, 333.33, 611.5][usize::from(c)];
        let size = 11.3;
        let origin = 72.25;
        let mut xs = Vec::new();
        let mut x = 0.0f32;
        let mut seg = Vec::new();
        for i in 0..200u16 {
            let id = 1 + i % 3;
            seg.push(glyph(id, x));
            xs.push(f64::from(origin + x));
            x += width(id) * size / 1000.0 + if i % 7 == 0 { 0.37 } else { -0.011 };
        }
        let tx = round(origin + seg[0].x);
        let pieces = tj_pieces(&seg, origin, tx, size, |g| g, width);
        let got = replay(&pieces, tx, size, width);
        for (g, want) in got.iter().zip(&xs) {
            assert!((g - want).abs() < 2e-3, "glyph at {g}, wanted {want}");
        }
        // Glyphs that sit exactly where the widths put them need no adjustment.
        let mut seg = Vec::new();
        let mut x = 0.0;
        for _ in 0..5 {
            seg.push(glyph(1, x));
            x += 500.0 * 10.0 / 1000.0;
        }
        let pieces = tj_pieces(&seg, 0.0, 0.0, 10.0, |g| g, width);
        assert_eq!(pieces.len(), 1);
    }
}
