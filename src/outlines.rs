//! Glyph outlines as tiny-skia paths, for the backends that draw glyphs themselves (the
//! raster preview fills them, svg writes them as path data): each font is parsed once
//! per [`GlyphCache`], each glyph's outline is built once, in font units (y up), and
//! placed on the page with a transform per use. Below the backends, beside the display
//! list it reads: it knows the document's fonts and nothing of any output format.

use crate::display::{FontId, FontSource};
use std::collections::HashMap;
use std::fmt;
use tiny_skia::{Path, PathBuilder, Transform};
use ttf_parser::{Face, GlyphId, OutlineBuilder};

/// Feeds ttf-parser outline commands into a tiny-skia path, unchanged (font units).
struct Builder(PathBuilder);

impl OutlineBuilder for Builder {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

/// A font of the document that ttf-parser refuses.
#[derive(Debug, Clone, PartialEq)]
pub struct FontError {
    /// Index into the document's fonts.
    pub font: usize,
    /// The font's PostScript name (empty when the index is out of range).
    pub name: String,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for FontError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "font #{} ({}) cannot be read: {}", self.font, self.name, self.reason)
    }
}

/// Parsed faces and outlines of one document's fonts, borrowed from the document.
pub struct GlyphCache<'a> {
    fonts: &'a [FontSource],
    faces: Vec<Option<Face<'a>>>,
    outlines: HashMap<(FontId, u16), Option<Path>>,
}

impl<'a> GlyphCache<'a> {
    pub fn new(fonts: &'a [FontSource]) -> Self {
        GlyphCache { fonts, faces: (0..fonts.len()).map(|_| None).collect(), outlines: HashMap::new() }
    }

    fn face(&mut self, font: FontId) -> Result<&Face<'a>, FontError> {
        let src = self.fonts.get(font.index()).ok_or_else(|| FontError {
            font: font.index(),
            name: String::new(),
            reason: format!("the document has only {} font(s)", self.fonts.len()),
        })?;
        let slot = &mut self.faces[font.index()];
        if slot.is_none() {
            let face = Face::parse(src.bytes(), src.index).map_err(|e| FontError {
                font: font.index(),
                name: src.postscript_name.clone(),
                reason: e.to_string(),
            })?;
            *slot = Some(face);
        }
        Ok(slot.as_ref().expect("just parsed"))
    }

    /// The outline of glyph `id` in font units (y up); `None` for empty glyphs (spaces)
    /// and IDs the font does not have.
    pub fn outline(&mut self, font: FontId, id: u16) -> Result<Option<&Path>, FontError> {
        if !self.outlines.contains_key(&(font, id)) {
            let face = self.face(font)?;
            let mut b = Builder(PathBuilder::new());
            let path = face.outline_glyph(GlyphId(id), &mut b).and_then(|_| b.0.finish());
            self.outlines.insert((font, id), path);
        }
        Ok(self.outlines[&(font, id)].as_ref())
    }

    /// Units per em of `font`, as the document records it.
    pub fn units_per_em(&self, font: FontId) -> f32 {
        self.fonts.get(font.index()).map(|f| f.units_per_em.max(1) as f32).unwrap_or(1000.0)
    }
}

/// The transform from font units (y up) to device pixels for a glyph whose origin is at
/// page point (`x`, `y`), set at `size` points, at `px_per_pt` pixels per point.
pub fn glyph_transform(x: f32, y: f32, size: f32, units_per_em: f32, px_per_pt: f32) -> Transform {
    let k = px_per_pt * size / units_per_em;
    Transform::from_row(k, 0.0, 0.0, -k, px_per_pt * x, px_per_pt * y)
}
