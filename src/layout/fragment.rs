//! A laid-out piece of a page: items positioned relative to its own top-left corner, with
//! the size it occupies. Blocks produce fragments; pages place them. [`bounds`] is the box
//! an item inks, through any transforms.

use crate::display::{GlyphRun, Item, Path, PathEl, Point, Rect};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fragment {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
    /// Offsets (from the fragment top) where the fragment may be split across pages
    /// (between stanzas), in increasing order.
    pub breaks: Vec<f32>,
    /// Offsets between the poet's lines inside stanzas, in increasing order: where a
    /// stanza taller than a page may be split, and nowhere else.
    pub line_breaks: Vec<f32>,
    /// Items to measure against the trim once their page is known (free items, text on
    /// a path, turned blocks): a warning names the spec line when one leaves the page.
    pub watch: Vec<Watch>,
}

/// Items `items` of a fragment (indices into its items) that came from the spec at `at`,
/// measured against the trim (or the bleed, when `bleed`) once placed on their page.
#[derive(Debug, Clone, PartialEq)]
pub struct Watch {
    pub items: std::ops::Range<usize>,
    pub at: (crate::diag::Source, std::ops::Range<usize>),
    /// What the warning calls them: `this item`, `this block` …
    pub what: &'static str,
    pub bleed: bool,
}

impl Fragment {
    /// Moves every item by (dx, dy).
    pub fn translate(&mut self, dx: f32, dy: f32) {
        for item in &mut self.items {
            translate_item(item, dx, dy);
        }
    }

    pub fn push_run(&mut self, run: GlyphRun) {
        self.items.push(Item::Text(run));
    }

    pub fn push_path(&mut self, path: Path) {
        self.items.push(Item::Path(path));
    }

    /// Every item inside y ∈ [top, bottom), moved up by `top`: one page's share of a
    /// fragment split at a break.
    pub fn slice(&self, top: f32, bottom: f32) -> Fragment {
        let mut out = Fragment { width: self.width, height: bottom - top, ..Fragment::default() };
        for item in &self.items {
            let y = item_top(item);
            if y >= top - 0.01 && y < bottom - 0.01 {
                let mut it = item.clone();
                translate_item(&mut it, 0.0, -top);
                out.items.push(it);
            }
        }
        out
    }
}

/// The topmost y an item reaches (glyph runs: their baseline, which is inside their line).
fn item_top(item: &Item) -> f32 {
    match item {
        Item::Text(r) => r.origin.y,
        Item::Path(p) => p
            .els
            .iter()
            .filter_map(|e| match e {
                PathEl::MoveTo(p) | PathEl::LineTo(p) | PathEl::CubicTo(_, _, p) => Some(p.y),
                PathEl::Close => None,
            })
            .fold(f32::INFINITY, f32::min),
        Item::Dot(d) => d.center.y - d.radius,
        Item::Clip(c) => c.rect.y0.max(c.items.iter().map(item_top).fold(f32::INFINITY, f32::min)),
        Item::Group(_) => bounds(item).map_or(f32::INFINITY, |r| r.y0),
    }
}

/// The box an item inks, roughly: a run from 0.75 em above its baseline to 0.25 em below
/// over its advance width, a path through its points, a group's items through its
/// transform (the corners of their boxes). None for an item that draws nothing.
pub fn bounds(item: &Item) -> Option<Rect> {
    let of = |pts: &mut dyn Iterator<Item = Point>| {
        pts.fold(None, |r: Option<Rect>, p| {
            Some(match r {
                None => Rect { x0: p.x, y0: p.y, x1: p.x, y1: p.y },
                Some(r) => Rect { x0: r.x0.min(p.x), y0: r.y0.min(p.y), x1: r.x1.max(p.x), y1: r.y1.max(p.y) },
            })
        })
    };
    match item {
        Item::Text(r) => {
            if r.glyphs.is_empty() {
                return None;
            }
            let (x, y) = (r.origin.x, r.origin.y);
            Some(Rect { x0: x, y0: y - 0.75 * r.size, x1: x + r.width(), y1: y + 0.25 * r.size })
        }
        Item::Path(p) => {
            let half = p.stroke.map_or(0.0, |s| s.width / 2.0);
            let r = of(&mut p.els.iter().flat_map(|e| match *e {
                PathEl::MoveTo(a) | PathEl::LineTo(a) => vec![a],
                PathEl::CubicTo(a, b, c) => vec![a, b, c],
                PathEl::Close => vec![],
            }))?;
            Some(Rect { x0: r.x0 - half, y0: r.y0 - half, x1: r.x1 + half, y1: r.y1 + half })
        }
        Item::Dot(d) => Some(Rect {
            x0: d.center.x - d.radius,
            y0: d.center.y - d.radius,
            x1: d.center.x + d.radius,
            y1: d.center.y + d.radius,
        }),
        Item::Clip(c) => {
            let r = union(c.items.iter().filter_map(bounds))?;
            Some(Rect {
                x0: r.x0.max(c.rect.x0),
                y0: r.y0.max(c.rect.y0),
                x1: r.x1.min(c.rect.x1),
                y1: r.y1.min(c.rect.y1),
            })
        }
        Item::Group(g) => {
            let inner = union(g.items.iter().filter_map(bounds))?;
            let corners = [
                Point::new(inner.x0, inner.y0),
                Point::new(inner.x1, inner.y0),
                Point::new(inner.x0, inner.y1),
                Point::new(inner.x1, inner.y1),
            ];
            of(&mut corners.into_iter().map(|p| g.transform.apply(p)))
        }
    }
}

/// The smallest box around all of `rects`; None when there are none.
pub fn union(rects: impl IntoIterator<Item = Rect>) -> Option<Rect> {
    rects.into_iter().reduce(|a, b| Rect {
        x0: a.x0.min(b.x0),
        y0: a.y0.min(b.y0),
        x1: a.x1.max(b.x1),
        y1: a.y1.max(b.y1),
    })
}

pub fn translate_item(item: &mut Item, dx: f32, dy: f32) {
    let mv = |p: &mut Point| {
        p.x += dx;
        p.y += dy;
    };
    match item {
        Item::Text(run) => mv(&mut run.origin),
        Item::Path(path) => {
            path.els.map_points(|mut p| {
                mv(&mut p);
                p
            });
        }
        Item::Dot(d) => mv(&mut d.center),
        Item::Clip(c) => {
            c.rect =
                crate::display::Rect { x0: c.rect.x0 + dx, y0: c.rect.y0 + dy, x1: c.rect.x1 + dx, y1: c.rect.y1 + dy };
            for it in &mut c.items {
                translate_item(it, dx, dy);
            }
        }
        Item::Group(g) => {
            g.transform.e += dx;
            g.transform.f += dy;
        }
    }
}
