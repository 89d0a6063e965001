//! Drawing one page of the display list onto a white pixmap: glyph runs filled from their
//! outlines, paths filled then stroked, groups through their transforms, ink as grey,
//! anti-aliased.
//!
//! Pixel size: a page of `w × h` points at `dpi` becomes `round(w · dpi / 72) ×
//! round(h · dpi / 72)` pixels (nearest integer, at least 1), so A5 (419.53 × 595.28 pt)
//! at 50 dpi is 291 × 413 px. Drawing is scaled by exactly `dpi / 72`; the fraction of a
//! pixel lost or gained by rounding is at the right and bottom edges.

use super::{PreviewError, RasterOptions};
use crate::display::{self, Document, GlyphRun, Ink, Item, LineCap, LineJoin, PathEl};
use crate::outlines::{GlyphCache, glyph_transform};

/// Points to pixels at `scale`, through a group's transform when inside one.
fn to_pixels(group: Option<Transform>, scale: f32) -> Transform {
    match group {
        None => Transform::from_scale(scale, scale),
        Some(g) => g.post_scale(scale, scale),
    }
}
use tiny_skia::{Color, FillRule, Mask, Paint, PathBuilder, PathSegment, Pixmap, Transform};

/// The pixel size of a page of `page_size` points at `dpi` (see the module docs).
pub fn pixel_size(page_size: (f32, f32), dpi: f32) -> Result<(u32, u32), PreviewError> {
    if !(dpi.is_finite() && dpi > 0.0) {
        return Err(PreviewError::Size(format!("resolution {dpi} dpi is not a positive number")));
    }
    let px = |pt: f32| -> Result<u32, PreviewError> {
        let v = (pt * dpi / 72.0).round();
        if !v.is_finite() || v > 100_000.0 {
            return Err(PreviewError::Size(format!("a page side of {pt}pt at {dpi} dpi is too large to rasterise")));
        }
        Ok((v as u32).max(1))
    };
    Ok((px(page_size.0)?, px(page_size.1)?))
}

/// Renders `page` (0-based) of `doc`. Fonts are parsed once for the call; to render many
/// pages of one document sharing the parsed fonts and glyph outlines, use [`Renderer`].
#[cfg(test)]
pub(crate) fn render_page(doc: &Document, page: usize, opts: &RasterOptions) -> Result<Pixmap, PreviewError> {
    Renderer::new(doc, *opts).render_one(page)
}

/// Renders pages of one document, keeping parsed faces and glyph outlines between pages.
pub struct Renderer<'a> {
    doc: &'a Document,
    opts: RasterOptions,
    glyphs: GlyphCache<'a>,
}

impl<'a> Renderer<'a> {
    /// A renderer of `doc`'s pages at `opts`.
    pub fn new(doc: &'a Document, opts: RasterOptions) -> Self {
        Renderer { doc, opts, glyphs: GlyphCache::new(&doc.fonts) }
    }

    /// Renders `page` (0-based).
    pub fn render(&mut self, page: usize) -> Result<Pixmap, crate::Error> {
        self.render_one(page).map_err(crate::Error::from)
    }

    /// [`Renderer::render`], with the rasteriser's own error.
    pub(crate) fn render_one(&mut self, page: usize) -> Result<Pixmap, PreviewError> {
        let doc = self.doc;
        let p = doc.pages.get(page).ok_or(PreviewError::NoSuchPage { page, pages: doc.pages.len() })?;
        let (w, h) = pixel_size(doc.page_size, self.opts.dpi)?;
        let mut pixmap =
            Pixmap::new(w, h).ok_or_else(|| PreviewError::Size(format!("cannot allocate a {w}×{h} pixel page")))?;
        pixmap.fill(Color::WHITE);
        let scale = self.opts.dpi / 72.0;
        self.draw_items(&mut pixmap, &p.items, scale, None, None)?;
        Ok(pixmap)
    }

    fn draw_items(
        &mut self,
        pixmap: &mut Pixmap,
        items: &[Item],
        scale: f32,
        mask: Option<&Mask>,
        group: Option<Transform>,
    ) -> Result<(), PreviewError> {
        for item in items {
            match item {
                Item::Text(run) => self.draw_run(pixmap, run, scale, mask, group)?,
                Item::Path(path) => draw_path(pixmap, path, to_pixels(group, scale), mask),
                Item::Dot(dot) => {
                    if let Some(circle) = PathBuilder::from_circle(dot.center.x, dot.center.y, dot.radius) {
                        let t = to_pixels(group, scale);
                        pixmap.fill_path(&circle, &paint(dot.ink), FillRule::Winding, t, mask);
                    }
                }
                Item::Clip(clip) => {
                    let r = clip.rect;
                    let Some(rect) = tiny_skia::Rect::from_ltrb(r.x0, r.y0, r.x1, r.y1) else { continue };
                    let path = PathBuilder::from_rect(rect);
                    let t = to_pixels(group, scale);
                    let inner = match mask {
                        Some(m) => {
                            let mut m = m.clone();
                            m.intersect_path(&path, FillRule::Winding, true, t);
                            m
                        }
                        None => {
                            let Some(mut m) = Mask::new(pixmap.width(), pixmap.height()) else { continue };
                            m.fill_path(&path, FillRule::Winding, true, t);
                            m
                        }
                    };
                    self.draw_items(pixmap, &clip.items, scale, Some(&inner), group)?;
                }
                Item::Group(g) => {
                    let t = g.transform;
                    let own = Transform::from_row(t.a, t.b, t.c, t.d, t.e, t.f);
                    let combined = match group {
                        None => own,
                        Some(outer) => own.post_concat(outer),
                    };
                    self.draw_items(pixmap, &g.items, scale, mask, Some(combined))?;
                }
            }
        }
        Ok(())
    }

    /// Fills the run's glyphs as **one** path, so that glyphs that abut (box-drawing
    /// lines, connected scripts) join without the light seams that anti-aliasing leaves
    /// where two separately filled shapes share an edge.
    fn draw_run(
        &mut self,
        pixmap: &mut Pixmap,
        run: &GlyphRun,
        scale: f32,
        mask: Option<&Mask>,
        group: Option<Transform>,
    ) -> Result<(), PreviewError> {
        let upem = self.glyphs.units_per_em(run.font);
        let mut b = PathBuilder::new();
        for g in &run.glyphs {
            if let Some(outline) = self.glyphs.outline(run.font, g.id)? {
                let (x, y) = (run.origin.x + g.x, run.origin.y + g.y);
                let t = match group {
                    None => glyph_transform(x, y, run.size, upem, scale),
                    Some(m) => glyph_transform(x, y, run.size, upem, 1.0).post_concat(m).post_scale(scale, scale),
                };
                push_transformed(&mut b, outline, t);
            }
        }
        if let Some(path) = b.finish() {
            pixmap.fill_path(&path, &paint(run.ink), FillRule::Winding, Transform::identity(), mask);
        }
        Ok(())
    }
}

/// Appends `path` mapped through `t` to `b`.
fn push_transformed(b: &mut PathBuilder, path: &tiny_skia::Path, t: Transform) {
    let map = |mut p: tiny_skia::Point| {
        t.map_point(&mut p);
        p
    };
    for seg in path.segments() {
        match seg {
            PathSegment::MoveTo(p) => {
                let p = map(p);
                b.move_to(p.x, p.y)
            }
            PathSegment::LineTo(p) => {
                let p = map(p);
                b.line_to(p.x, p.y)
            }
            PathSegment::QuadTo(c, p) => {
                let (c, p) = (map(c), map(p));
                b.quad_to(c.x, c.y, p.x, p.y)
            }
            PathSegment::CubicTo(c1, c2, p) => {
                let (c1, c2, p) = (map(c1), map(c2), map(p));
                b.cubic_to(c1.x, c1.y, c2.x, c2.y, p.x, p.y)
            }
            PathSegment::Close => b.close(),
        }
    }
}

/// An anti-aliased solid paint of grey `1 - ink`.
fn paint(ink: Ink) -> Paint<'static> {
    let grey = ((1.0 - ink.value()) * 255.0).round() as u8;
    let mut paint = Paint::default();
    paint.set_color_rgba8(grey, grey, grey, 255);
    paint.anti_alias = true;
    paint
}

/// Fills then strokes a display-list path (in points) scaled to pixels.
fn draw_path(pixmap: &mut Pixmap, path: &display::Path, t: Transform, mask: Option<&Mask>) {
    let mut b = PathBuilder::new();
    for el in &path.els {
        match *el {
            PathEl::MoveTo(p) => b.move_to(p.x, p.y),
            PathEl::LineTo(p) => b.line_to(p.x, p.y),
            PathEl::CubicTo(c1, c2, p) => b.cubic_to(c1.x, c1.y, c2.x, c2.y, p.x, p.y),
            PathEl::Close => b.close(),
        }
    }
    let Some(sk) = b.finish() else { return };
    if let Some(fill) = path.fill {
        pixmap.fill_path(&sk, &paint(fill), FillRule::Winding, t, mask);
    }
    if let Some(s) = path.stroke {
        let stroke = tiny_skia::Stroke {
            width: s.width.max(0.0),
            // PDF's default miter limit, so joins look as they will in print.
            miter_limit: 10.0,
            line_cap: match s.cap {
                LineCap::Butt => tiny_skia::LineCap::Butt,
                LineCap::Round => tiny_skia::LineCap::Round,
                LineCap::Square => tiny_skia::LineCap::Square,
            },
            line_join: match s.join {
                LineJoin::Miter => tiny_skia::LineJoin::Miter,
                LineJoin::Round => tiny_skia::LineJoin::Round,
                LineJoin::Bevel => tiny_skia::LineJoin::Bevel,
            },
            dash: None,
        };
        pixmap.stroke_path(&sk, &paint(s.ink), &stroke, t, mask);
    }
}
