//! A laid-out piece of a page: items positioned relative to its own top-left corner, with
//! the size it occupies. Blocks produce fragments; pages place them.

use crate::display::{GlyphRun, Item, Path, PathEl, Point, Role};

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
    /// The role of each item, parallel to `items` (ids local to the block until the
    /// book is assembled).
    pub roles: Vec<Role>,
    /// The role given to the items pushed next.
    pub tag: Role,
}

impl Fragment {
    /// Moves every item by (dx, dy).
    pub fn translate(&mut self, dx: f32, dy: f32) {
        for item in &mut self.items {
            translate_item(item, dx, dy);
        }
    }

    /// Adds an item with the current [`Fragment::tag`].
    pub fn push(&mut self, item: Item) {
        self.items.push(item);
        self.roles.push(self.tag.clone());
    }

    pub fn push_run(&mut self, run: GlyphRun) {
        self.push(Item::Text(run));
    }

    pub fn push_path(&mut self, path: Path) {
        self.push(Item::Path(path));
    }

    /// Every item's role, artifacts for items pushed without one.
    pub fn take_roles(&mut self) -> Vec<Role> {
        let mut roles = std::mem::take(&mut self.roles);
        roles.resize(self.items.len(), Role::Artifact);
        roles
    }

    /// Every item inside y ∈ [top, bottom), moved up by `top`: one page's share of a
    /// fragment split at a break.
    pub fn slice(&self, top: f32, bottom: f32) -> Fragment {
        let mut out = Fragment { width: self.width, height: bottom - top, ..Fragment::default() };
        for (i, item) in self.items.iter().enumerate() {
            let y = item_top(item);
            if y >= top - 0.01 && y < bottom - 0.01 {
                let mut it = item.clone();
                translate_item(&mut it, 0.0, -top);
                out.items.push(it);
                out.roles.push(self.roles.get(i).cloned().unwrap_or_default());
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
    }
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
    }
}
