//! Drawing one page of the display list onto a white pixmap: glyph runs filled from their
//! outlines, paths filled then stroked, ink as grey, anti-aliased.
//!
//! Pixel size: a page of `w × h` points at `dpi` becomes `round(w · dpi / 72) ×
//! round(h · dpi / 72)` pixels (nearest integer, at least 1), so A5 (419.53 × 595.28 pt)
//! at 50 dpi is 291 × 413 px. Drawing is scaled by exactly `dpi / 72`; the fraction of a
//! pixel lost or gained by rounding is at the right and bottom edges.

use super::glyphs::{GlyphCache, glyph_transform};
use super::{PreviewError, RasterOptions};
use crate::display::{self, Document, GlyphRun, Ink, Item, LineCap, LineJoin, PathEl};
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
pub fn render_page(doc: &Document, page: usize, opts: &RasterOptions) -> Result<Pixmap, PreviewError> {
    Renderer::new(doc, *opts).render(page)
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
    pub fn render(&mut self, page: usize) -> Result<Pixmap, PreviewError> {
        let doc = self.doc;
        let p = doc.pages.get(page).ok_or(PreviewError::NoSuchPage { page, pages: doc.pages.len() })?;
        let (w, h) = pixel_size(doc.page_size, self.opts.dpi)?;
        let mut pixmap =
            Pixmap::new(w, h).ok_or_else(|| PreviewError::Size(format!("cannot allocate a {w}×{h} pixel page")))?;
        pixmap.fill(Color::WHITE);
        let scale = self.opts.dpi / 72.0;
        self.draw_items(&mut pixmap, &p.items, scale, None)?;
        Ok(pixmap)
    }

    fn draw_items(
        &mut self,
        pixmap: &mut Pixmap,
        items: &[Item],
        scale: f32,
        mask: Option<&Mask>,
    ) -> Result<(), PreviewError> {
        for item in items {
            match item {
                Item::Text(run) => self.draw_run(pixmap, run, scale, mask, None)?,
                Item::Path(path) => draw_path(pixmap, path, scale, mask),
                Item::Dot(dot) => {
                    if let Some(circle) = PathBuilder::from_circle(dot.center.x, dot.center.y, dot.radius) {
                        let t = Transform::from_scale(scale, scale);
                        pixmap.fill_path(&circle, &paint(dot.ink), FillRule::Winding, t, mask);
                    }
                }
                Item::Clip(clip) => {
                    let r = clip.rect;
                    let Some(rect) = tiny_skia::Rect::from_ltrb(r.x0, r.y0, r.x1, r.y1) else { continue };
                    let path = PathBuilder::from_rect(rect);
                    let t = Transform::from_scale(scale, scale);
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
                    self.draw_items(pixmap, &clip.items, scale, Some(&inner))?;
                }
                Item::Turned(t) => {
                    // A quarter turn keeps rectangles upright, so only glyphs need the
                    // turn in their transform; everything else is moved point by point.
                    for inner in &t.items {
                        match inner {
                            Item::Text(run) => self.draw_run(pixmap, run, scale, mask, Some(t.pivot))?,
                            other => {
                                let moved = turn_item(other, t);
                                self.draw_items(pixmap, std::slice::from_ref(&moved), scale, mask)?;
                            }
                        }
                    }
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
        turn: Option<display::Point>,
    ) -> Result<(), PreviewError> {
        let upem = self.glyphs.units_per_em(run.font);
        let mut b = PathBuilder::new();
        for g in &run.glyphs {
            if let Some(outline) = self.glyphs.outline(run.font, g.id)? {
                let (x, y) = (run.origin.x + g.x, run.origin.y + g.y);
                let t = match turn {
                    None => glyph_transform(x, y, run.size, upem, scale),
                    // Font units → page points → a quarter turn clockwise about `p` → pixels.
                    Some(p) => {
                        let k = scale * run.size / upem;
                        Transform::from_row(0.0, k, k, 0.0, scale * (p.x + p.y - y), scale * (p.y - p.x + x))
                    }
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

/// `item` (not text) turned as `t` turns it: its points moved, a clip's rectangle
/// turned (still upright after a quarter turn).
fn turn_item(item: &Item, t: &display::Turned) -> Item {
    match item {
        Item::Path(p) => {
            let mut p = p.clone();
            p.els.map_points(|q| t.apply(q));
            Item::Path(p)
        }
        Item::Dot(d) => Item::Dot(display::Dot { center: t.apply(d.center), ..*d }),
        Item::Clip(c) => {
            let (a, b) = (
                t.apply(display::Point::new(c.rect.x0, c.rect.y0)),
                t.apply(display::Point::new(c.rect.x1, c.rect.y1)),
            );
            let rect = display::Rect { x0: a.x.min(b.x), y0: a.y.min(b.y), x1: a.x.max(b.x), y1: a.y.max(b.y) };
            Item::Clip(display::Clip {
                rect,
                items: vec![Item::Turned(display::Turned { pivot: t.pivot, items: c.items.clone() })],
            })
        }
        // Text is drawn by `draw_run` with the turn; a turned group inside a turned one
        // (nothing makes one) is left out rather than drawn at the wrong angle.
        Item::Text(_) | Item::Turned(_) => {
            Item::Clip(display::Clip { rect: display::Rect { x0: 0.0, y0: 0.0, x1: 0.0, y1: 0.0 }, items: Vec::new() })
        }
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
fn draw_path(pixmap: &mut Pixmap, path: &display::Path, scale: f32, mask: Option<&Mask>) {
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
    let t = Transform::from_scale(scale, scale);
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
