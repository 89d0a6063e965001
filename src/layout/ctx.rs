//! What every block's layout needs: the fonts, the shaper, the book's type defaults, and
//! the place being laid out (for messages). Resolves a block's [`Face`] to a shaping key
//! and a size, and shapes text into runs, refusing characters no font has.

use super::Where;
use crate::art::{self, ArtError, ArtOptions, Drawing};
use crate::diag::Diagnostic;
use crate::display::{GlyphRun, Ink, Point};
use crate::spec::{Book, Face};
use crate::text::emphasis::{self, Inline};
use crate::text::shape::RunRequest;
use crate::text::{FontBook, ShapeKey, Shaper, Style};
use std::collections::HashMap;
use std::sync::Arc;

pub struct Ctx<'a> {
    pub book: &'a Book,
    /// Every face the book uses is loaded before layout starts ([`preload`]), so layout
    /// only looks faces up and sections can be laid out on several threads.
    pub fonts: &'a FontBook,
    pub shaper: &'a mut Shaper,
    /// Diagrams already traced on this thread, by source and options: a book that
    /// repeats a diagram traces it once.
    pub drawings: &'a mut Drawings,
    pub warnings: Vec<Diagnostic>,
}

/// Traced diagrams, keyed by their text and [`ArtOptions`].
#[derive(Default)]
pub struct Drawings(HashMap<(String, String, String, bool), Arc<Drawing>>);

impl Drawings {
    /// The drawing of `text` under `opts`, traced on the first request.
    pub fn get(&mut self, text: &str, opts: &ArtOptions) -> Result<Arc<Drawing>, ArtError> {
        let key = (text.to_string(), opts.extra_art.clone(), opts.force_text.clone(), opts.rounded);
        if let Some(d) = self.0.get(&key) {
            return Ok(d.clone());
        }
        let d = Arc::new(art::parse(text, opts)?);
        self.0.insert(key, d.clone());
        Ok(d)
    }
}

/// A resolved face: how to shape and at what size.
#[derive(Debug, Clone)]
pub struct Font {
    pub key: ShapeKey,
    pub size: f32,
}

/// Loads every face the book will ask for, in the order of the book (so font numbering,
/// and with it the PDF, is the same on every run): the body roman and italic for the
/// furniture, then each block's face.
pub fn preload(book: &Book, fonts: &mut FontBook) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let body = &book.body.family;
    if let Err(e) = fonts.resolve(body, Style::Regular) {
        errors.push(Diagnostic::error(e.to_string()));
    }
    let _ = fonts.resolve(body, Style::Italic);
    for section in &book.sections {
        for block in &section.blocks {
            let face = match &block.kind {
                crate::spec::BlockKind::Verse(v) => &v.face,
                crate::spec::BlockKind::Art(a) => &a.face,
                crate::spec::BlockKind::Chart(c) => &c.face,
                crate::spec::BlockKind::OnPath(p) => &p.face,
                crate::spec::BlockKind::Free(f) => {
                    for item in &f.items {
                        let family = item.face.family.as_deref().or(f.face.family.as_deref()).unwrap_or(body);
                        let style = item.face.style.or(f.face.style).unwrap_or(Style::Regular);
                        let _ = fonts.resolve(family, style);
                    }
                    &f.face
                }
                crate::spec::BlockKind::Space(_) => continue,
            };
            let family = face.family.as_deref().unwrap_or(body);
            // Layout reports a missing face with the block's place; nothing to add here.
            let _ = fonts.resolve(family, face.style.unwrap_or(Style::Regular));
        }
    }
    errors
}

impl Ctx<'_> {
    pub fn body_size(&self) -> f32 {
        self.book.body.size
    }

    pub fn leading(&self) -> f32 {
        self.book.body.leading
    }

    /// Resolves a block face against the book's: family, style, size (em of the body),
    /// and the book's features followed by the block's.
    pub fn font(&mut self, face: &Face, default_style: Style, at: &Where) -> Result<Font, Diagnostic> {
        let family = face.family.as_deref().unwrap_or(&self.book.body.family).to_string();
        let style = face.style.unwrap_or(default_style);
        let id = self.fonts.find(&family, style).ok_or_else(|| {
            at.error(format!(
                "no font `{family}` in style {style} in fonts/; available: {}",
                self.fonts.available().join(", ")
            ))
        })?;
        let size = face.size.map(|s| s.resolve(self.body_size(), self.body_size())).unwrap_or(self.body_size());
        if !(3.0..=200.0).contains(&size) {
            return Err(at.error(format!("type size {size}pt is outside 3pt to 200pt")));
        }
        let mut features = self.book.body.features.clone();
        features.extend(face.features.iter().cloned());
        Ok(Font { key: ShapeKey::new(id, &features), size })
    }

    /// A plain font for furniture (headings, folios): the body family in `style`.
    pub fn furniture(&mut self, style: Style, size: f32, features: &[&str]) -> Font {
        let mut f: Vec<String> = self.book.body.features.clone();
        f.extend(features.iter().map(|s| s.to_string()));
        let id = self
            .fonts
            .find(&self.book.body.family, style)
            .or_else(|| self.fonts.find(&self.book.body.family, Style::Regular))
            .expect("the body face is loaded before layout");
        Font { key: ShapeKey::new(id, &f), size }
    }

    pub fn width(&mut self, font: &Font, text: &str) -> f32 {
        self.shaper.width(self.fonts, &font.key, text, font.size)
    }

    /// Width with `spacing` added after every glyph but the last, as [`Ctx::run`] sets it
    /// (glyphs, not characters: a ligature takes one space).
    pub fn spaced_width(&mut self, font: &Font, text: &str, spacing: f32) -> f32 {
        let shaped = self.shaper.shape(self.fonts, &font.key, text);
        shaped.width(font.size) + spacing * shaped.glyphs.len().saturating_sub(1) as f32
    }

    /// Shapes `text` into a run at `origin`; a character the font lacks is an error.
    pub fn run(
        &mut self,
        font: &Font,
        text: &str,
        origin: Point,
        ink: Ink,
        letter_spacing: f32,
        at: &Where,
    ) -> Result<GlyphRun, Diagnostic> {
        let run = self
            .shaper
            .run(self.fonts, &RunRequest { key: &font.key, text, size: font.size, origin, ink, letter_spacing });
        if let Some(g) = run.glyphs.iter().find(|g| g.id == 0) {
            let ch = &text[g.text.0 as usize..g.text.1 as usize];
            let face = self.fonts.face(font.key.font);
            return Err(at
                .error(format!(
                    "{} {} has no glyph for `{}` (U+{:04X}) in “{}”",
                    face.family,
                    face.style,
                    ch,
                    ch.chars().next().map(|c| c as u32).unwrap_or(0),
                    text.trim()
                ))
                .note("choose another family for this block, or remove the character"));
        }
        Ok(run)
    }

    /// `font` as inline markup sets a segment: the other style of its family for
    /// emphasis (italic ↔ roman, the face itself if the book has no such face), small
    /// capitals by the `smcp` feature.
    fn inline_font(&self, font: &Font, how: Inline) -> Font {
        match how {
            Inline::Plain => font.clone(),
            Inline::SmallCaps => {
                let mut features = font.key.features.clone();
                features.push("smcp".into());
                Font { key: ShapeKey::new(font.key.font, &features), size: font.size }
            }
            Inline::Emphasis => {
                let face = self.fonts.face(font.key.font);
                let other = match face.style {
                    Style::Regular => Style::Italic,
                    Style::Italic => Style::Regular,
                    Style::Bold => Style::BoldItalic,
                    Style::BoldItalic => Style::Bold,
                };
                let id = self.fonts.find(&face.family, other).unwrap_or(font.key.font);
                Font { key: ShapeKey::new(id, &font.key.features), size: font.size }
            }
        }
    }

    /// Whether `text` carries inline markup (`*emphasis*`, `^^small caps^^`, escapes).
    fn marked(text: &str) -> bool {
        text.contains(['*', '^', '\\'])
    }

    /// [`Ctx::spaced_width`] of text with inline markup, as [`Ctx::styled_runs`] sets it.
    pub fn styled_width(&mut self, font: &Font, text: &str, spacing: f32) -> f32 {
        if !Self::marked(text) {
            return self.spaced_width(font, text, spacing);
        }
        let (segments, _) = emphasis::parse(text);
        let n = segments.len();
        let mut w = 0.0;
        for (how, t) in segments {
            let f = self.inline_font(font, how);
            w += self.spaced_width(&f, &t, spacing);
        }
        w + spacing * n.saturating_sub(1) as f32
    }

    /// Text with inline markup as runs, one per segment, side by side from `origin`.
    pub fn styled_runs(
        &mut self,
        font: &Font,
        text: &str,
        origin: Point,
        ink: Ink,
        spacing: f32,
        at: &Where,
    ) -> Result<Vec<GlyphRun>, Diagnostic> {
        if !Self::marked(text) {
            return Ok(vec![self.run(font, text, origin, ink, spacing, at)?]);
        }
        let mut out = Vec::new();
        let mut x = origin.x;
        for (how, t) in emphasis::parse(text).0 {
            let f = self.inline_font(font, how);
            let run = self.run(&f, &t, Point::new(x, origin.y), ink, spacing, at)?;
            x += self.spaced_width(&f, &t, spacing) + spacing;
            out.push(run);
        }
        Ok(out)
    }

    /// Whether the font has a glyph for every character of `text`.
    pub fn has_glyphs(&mut self, font: &Font, text: &str) -> bool {
        self.shaper.shape(self.fonts, &font.key, text).glyphs.iter().all(|g| g.id != 0)
    }

    pub fn x_height(&self, font: &Font) -> f32 {
        self.fonts.face(font.key.font).x_height() * font.size
    }
}
