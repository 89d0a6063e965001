//! What every block's layout needs: the fonts, the shaper, the book's type defaults, and
//! the place being laid out (for messages). Resolves a block's [`Face`] to a shaping key
//! and a size, and shapes text into runs, refusing characters no font has.

use super::Where;
use crate::art::{self, ArtError, ArtOptions, Drawing};
use crate::diag::Diagnostic;
use crate::display::{GlyphRun, Ink, Point};
use crate::spec::inline::{self as emphasis, Inline};
use crate::spec::{Book, Face};
use crate::text::quotes::smarten;
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
    if !book.fallback.is_empty() {
        preload_fallbacks(book, fonts);
    }
    errors
}

/// Loads the fallback faces the book's text needs, and only those: every character a
/// block's face (or the body faces, for titles and the colophon) lacks is looked up in the
/// fallback families in order. Runs only when `[type] fallback` is declared; each distinct
/// character is looked up once per face.
fn preload_fallbacks(book: &Book, fonts: &mut FontBook) {
    use std::collections::BTreeSet;
    fonts.set_fallback(&book.fallback);
    let body = &book.body.family;
    let mut wanted: BTreeSet<(usize, char)> = BTreeSet::new();
    let mut add = |fonts: &FontBook, family: &str, style: Style, text: &str, drawn: fn(char) -> bool| {
        if let Some(id) = fonts.find(family, style) {
            for c in text.chars().chain(smarten(text).chars()) {
                if !c.is_whitespace() && !drawn(c) {
                    wanted.insert((id.index(), c));
                }
            }
        }
    };
    let furniture = [book.title.as_str(), book.subtitle.as_deref().unwrap_or(""), book.author.as_deref().unwrap_or("")];
    for style in [Style::Regular, Style::Italic] {
        for t in furniture.iter().copied().chain(book.colophon.as_deref()) {
            add(fonts, body, style, t, |_| false);
        }
        for section in &book.sections {
            for t in [section.title.as_deref(), section.numeral.as_deref()].into_iter().flatten() {
                add(fonts, body, style, t, |_| false);
            }
        }
    }
    for section in &book.sections {
        for block in &section.blocks {
            // Characters drawn as paths, not set: arrows in verse; lines, arrows, blocks and
            // shapes in art (the art stage draws them; a label keeps the rest).
            let (face, text, drawn): (_, _, fn(char) -> bool) = match &block.kind {
                crate::spec::BlockKind::Verse(v) => (&v.face, v.text.as_str(), |c| matches!(c, '←' | '→' | '↑' | '↓')),
                crate::spec::BlockKind::Art(a) => {
                    (&a.face, a.text.as_str(), |c| matches!(c, '\u{2190}'..='\u{21FF}' | '\u{2500}'..='\u{25FF}'))
                }
                crate::spec::BlockKind::Chart(c) => (&c.face, c.text.as_str(), |c| matches!(c, '•' | '●' | '·')),
                crate::spec::BlockKind::Free(f) => {
                    for item in &f.items {
                        let family = item.face.family.as_deref().or(f.face.family.as_deref()).unwrap_or(body);
                        let style = item.face.style.or(f.face.style).unwrap_or(Style::Regular);
                        add(fonts, family, style, &item.text, |_| false);
                    }
                    continue;
                }
                crate::spec::BlockKind::OnPath(p) => (&p.face, p.text.as_str(), |_| false),
                crate::spec::BlockKind::Space(_) => continue,
            };
            add(fonts, face.family.as_deref().unwrap_or(body), face.style.unwrap_or(Style::Regular), text, drawn);
        }
    }
    // In the book's order of faces, then characters: the same fonts get the same numbers
    // on every build.
    for (face, c) in wanted {
        fonts.load_fallback_for(crate::display::FontId::new(face), c);
    }
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
        match self.fallback_pieces(font, text) {
            None => self.shaper.width(self.fonts, &font.key, text, font.size),
            Some(pieces) => {
                pieces.iter().map(|(r, f)| self.shaper.width(self.fonts, &f.key, &text[r.clone()], f.size)).sum()
            }
        }
    }

    /// Width with `spacing` added after every glyph but the last, as [`Ctx::run`] sets it
    /// (glyphs, not characters: a ligature takes one space).
    pub fn spaced_width(&mut self, font: &Font, text: &str, spacing: f32) -> f32 {
        let pieces = self.fallback_pieces(font, text).unwrap_or_else(|| vec![(0..text.len(), font.clone())]);
        let mut glyphs = 0;
        let mut w = 0.0;
        for (r, f) in &pieces {
            let shaped = self.shaper.shape(self.fonts, &f.key, &text[r.clone()]);
            w += shaped.width(f.size);
            glyphs += shaped.glyphs.len();
        }
        w + spacing * glyphs.saturating_sub(1) as f32
    }

    /// `text` cut where its characters change face, when a fallback face sets some of them
    /// (None when the block's face sets them all, the usual case, at the cost of one
    /// check). A fallback piece is sized so its x-height matches the block face's, and
    /// shares its baseline.
    fn fallback_pieces(&self, font: &Font, text: &str) -> Option<Vec<(std::ops::Range<usize>, Font)>> {
        if !self.fonts.has_fallback_faces() {
            return None;
        }
        let main = self.fonts.face(font.key.font);
        let face_of = |c: char| {
            if c.is_whitespace() || main.has_char(c) { None } else { self.fonts.fallback_for(c) }
        };
        if text.chars().all(|c| face_of(c).is_none()) {
            return None;
        }
        let mut pieces: Vec<(std::ops::Range<usize>, Option<crate::display::FontId>)> = Vec::new();
        for (i, c) in text.char_indices() {
            let f = face_of(c);
            match pieces.last_mut() {
                Some((r, last)) if *last == f => r.end = i + c.len_utf8(),
                _ => pieces.push((i..i + c.len_utf8(), f)),
            }
        }
        Some(
            pieces
                .into_iter()
                .map(|(r, f)| {
                    let piece = match f {
                        None => font.clone(),
                        Some(id) => {
                            let k = main.x_height() / self.fonts.face(id).x_height();
                            Font {
                                key: ShapeKey { font: id, features: font.key.features.clone() },
                                size: font.size * k,
                            }
                        }
                    };
                    (r, piece)
                })
                .collect(),
        )
    }

    /// Shapes `text` into runs at `origin`: one, or one a face when fallback faces set some
    /// of its characters, end to end on one baseline. A character no font has is an error
    /// naming it, where it is, and the fonts tried.
    pub fn runs(
        &mut self,
        font: &Font,
        text: &str,
        origin: Point,
        ink: Ink,
        letter_spacing: f32,
        at: &Where,
    ) -> Result<Vec<GlyphRun>, Diagnostic> {
        if let Some(c) = right_to_left(text) {
            return Err(self.right_to_left(c, text, at));
        }
        let pieces = self.fallback_pieces(font, text).unwrap_or_else(|| vec![(0..text.len(), font.clone())]);
        let mut runs = Vec::with_capacity(pieces.len());
        let mut x = origin.x;
        for (k, (r, f)) in pieces.iter().enumerate() {
            let piece = &text[r.clone()];
            let spacing = letter_spacing;
            let mut run = self.shaper.run(
                self.fonts,
                &RunRequest {
                    key: &f.key,
                    text: piece,
                    size: f.size,
                    origin: Point::new(x, origin.y),
                    ink,
                    letter_spacing: spacing,
                },
            );
            if let Some(g) = run.glyphs.iter().find(|g| g.id == 0) {
                let ch = &piece[g.text.0 as usize..g.text.1 as usize];
                return Err(self.no_glyph(font, ch, text, at));
            }
            // Letter spacing runs on across the seam between pieces.
            if k + 1 < pieces.len()
                && let Some(last) = run.glyphs.last_mut()
            {
                last.advance += letter_spacing;
            }
            x += run.width();
            run.text = piece.to_string();
            runs.push(run);
        }
        Ok(runs)
    }

    /// Shapes `text` into one run at `origin` ([`Ctx::runs`] for text that may take
    /// characters from fallback faces); a character its face lacks is an error.
    pub fn run(
        &mut self,
        font: &Font,
        text: &str,
        origin: Point,
        ink: Ink,
        letter_spacing: f32,
        at: &Where,
    ) -> Result<GlyphRun, Diagnostic> {
        let mut runs = self.runs(font, text, origin, ink, letter_spacing, at)?;
        if runs.len() == 1 {
            return Ok(runs.remove(0));
        }
        let face = self.fonts.face(font.key.font);
        Err(at
            .error(format!(
                "“{}” needs a fallback face for some characters, which this text cannot mix with {} {}",
                text.trim(),
                face.family,
                face.style
            ))
            .note("choose a family that has every character for this text"))
    }

    /// The error for a character no font sets: which, where in the source, the fonts tried,
    /// and the fix.
    fn no_glyph(&self, font: &Font, ch: &str, text: &str, at: &Where) -> Diagnostic {
        let face = self.fonts.face(font.key.font);
        let c = ch.chars().next().unwrap_or(' ');
        let mut tried = vec![format!("{} {}", face.family, face.style)];
        tried.extend(self.fonts.fallback_families().iter().cloned());
        let message = format!(
            "{} {} has no glyph for `{ch}` (U+{:04X}) in “{}”, nor has any fallback; fonts tried: {}",
            face.family,
            face.style,
            c as u32,
            text.trim(),
            tried.join(", ")
        );
        // A heading is set in the book's faces: only a block chooses a family of its own.
        let hint = if self.fonts.fallback_families().is_empty() && at.label != "in this block" {
            "add a family that has it to `[type] fallback = [\"…\"]` in book.toml (its files in fonts/), or remove the character"
        } else if self.fonts.fallback_families().is_empty() {
            "add a family that has it to `[type] fallback = [\"…\"]` in book.toml (its files in fonts/), choose another family for this block, or remove the character"
        } else {
            "add a family that has it to `[type] fallback` in book.toml (its files in fonts/), or remove the character"
        };
        at_character(at, ch, message, "no font has this character").note(hint)
    }

    /// The error for text in a right-to-left script: lines are set left to right, so its
    /// letters would print in the wrong order and, in Arabic, unjoined.
    fn right_to_left(&self, c: char, text: &str, at: &Where) -> Diagnostic {
        let message = format!(
            "`{c}` (U+{:04X}) in “{}” is in a script written right to left, which chapbook cannot set yet",
            c as u32,
            text.trim()
        );
        at_character(at, &c.to_string(), message, "written right to left").note(
            "lines are set left to right, so its letters would print in the wrong order (and Arabic letters unjoined); leave it out, or set it as an image of the words elsewhere",
        )
    }

    /// `font` as inline markup sets the segment `text`: the other style of its family for
    /// emphasis (italic ↔ roman, the face itself if the book has no such face), small
    /// capitals by the `smcp` feature, and by `c2sc` too when the segment is written in
    /// capitals only (`^^NASA^^` as `^^nasa^^`; in `^^Rome^^` the R stays a capital).
    fn inline_font(&self, font: &Font, how: Inline, text: &str) -> Font {
        match how {
            Inline::Plain => font.clone(),
            Inline::SmallCaps => {
                let mut features = font.key.features.clone();
                features.push("smcp".into());
                if text.chars().any(char::is_uppercase) && !text.chars().any(char::is_lowercase) {
                    features.push("c2sc".into());
                }
                Font { key: ShapeKey::new(font.key.font, &features), size: font.size }
            }
            Inline::EmphasisSmallCaps => {
                let other = self.inline_font(font, Inline::Emphasis, text);
                self.inline_font(&other, Inline::SmallCaps, text)
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
            let f = self.inline_font(font, how, &t);
            w += self.spaced_width(&f, &t, spacing);
        }
        w + spacing * n.saturating_sub(1) as f32
    }

    /// Text with inline markup as runs, one per segment (or more, where fallback faces
    /// set some characters: [`Ctx::runs`]), side by side from `origin`.
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
            return self.runs(font, text, origin, ink, spacing, at);
        }
        let mut out = Vec::new();
        let mut x = origin.x;
        for (how, t) in emphasis::parse(text).0 {
            let f = self.inline_font(font, how, &t);
            let runs = self.runs(&f, &t, Point::new(x, origin.y), ink, spacing, at)?;
            x += self.spaced_width(&f, &t, spacing) + spacing;
            out.extend(runs);
        }
        Ok(out)
    }

    /// `text` broken at spaces into lines no wider than `max` as [`Ctx::styled_runs`] sets
    /// them, each as full as it can be (a word wider than `max` stands alone); inline
    /// markup open at a break closes at the end of the line and opens again on the next.
    pub fn wrap_styled(&mut self, font: &Font, text: &str, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut rest = text.trim().to_string();
        loop {
            let spaces: Vec<usize> = rest.match_indices(' ').map(|(i, _)| i).collect();
            if spaces.is_empty() || self.styled_width(font, &rest, 0.0) <= max {
                lines.push(rest);
                return lines;
            }
            let mut cut = spaces[0];
            for &at in &spaces[1..] {
                if self.styled_width(font, &emphasis::break_at(&rest, at).0, 0.0) > max {
                    break;
                }
                cut = at;
            }
            // Each turn takes at least one space away, so the loop ends.
            let (head, tail) = emphasis::break_at(&rest, cut);
            lines.push(head);
            rest = tail;
        }
    }

    /// Whether the font has a glyph for every character of `text`.
    pub fn has_glyphs(&mut self, font: &Font, text: &str) -> bool {
        self.shaper.shape(self.fonts, &font.key, text).glyphs.iter().all(|g| g.id != 0)
    }

    pub fn x_height(&self, font: &Font) -> f32 {
        self.fonts.face(font.key.font).x_height() * font.size
    }
}

/// An error about `ch`, underlined where the block's text has it (the block's span is its
/// `[[block]]` header; its text follows), else at the block.
fn at_character(at: &Where, ch: &str, message: String, label: &str) -> Diagnostic {
    let place = at.at.as_ref().and_then(|(src, span)| {
        let i = src.text.get(span.start..)?.find(ch)?;
        Some((src, span.start + i..span.start + i + ch.len()))
    });
    match place {
        Some((src, span)) => Diagnostic::error(format!("{}: {message}", at.what)).at(src, span).label(label),
        None => at.error(message),
    }
}

/// The first character of `text` in a right-to-left script (Hebrew, Arabic, Syriac,
/// Thaana, N'Ko, Samaritan, Mandaic and their presentation forms, and the historic
/// right-to-left blocks of the supplementary planes).
fn right_to_left(text: &str) -> Option<char> {
    // Every such character is U+0590 or above, whose UTF-8 starts with 0xD6 or more:
    // plain Latin text is passed over without decoding.
    if !text.bytes().any(|b| b >= 0xD6) {
        return None;
    }
    text.chars().find(|c| {
        matches!(*c as u32,
            0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFC | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
    })
}
