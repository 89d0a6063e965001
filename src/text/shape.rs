//! Shaping: text → glyph IDs with advances and offsets, by rustybuzz (kerning and
//! ligatures on, further OpenType features per request). One shape plan per
//! (font, features), and each distinct (font, features, text) is shaped once per build:
//! results are kept in font units and scaled to any size on use. Where the face allows
//! it ([`super::words`]), a line is put together from its words, each shaped once, so a
//! book of distinct lines made of the same words shapes each word once.

use super::fonts::FontBook;
use crate::display::{FontId, Glyph, GlyphRun, Ink, Point};
use rustc_hash::FxHashMap;
use std::str::FromStr;
use std::sync::Arc;

/// A glyph in font units, as the shaper gave it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitGlyph {
    pub id: u16,
    pub advance: i32,
    pub x_offset: i32,
    pub y_offset: i32,
    /// Byte range of the cluster in the shaped text.
    pub text: (u32, u32),
}

/// A shaped string in font units.
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    pub glyphs: Vec<UnitGlyph>,
    pub advance: i32,
    pub units_per_em: f32,
}

impl Shaped {
    /// Width in points at `size`.
    pub fn width(&self, size: f32) -> f32 {
        self.advance as f32 * size / self.units_per_em
    }
}

/// The features a request asks for, normalised (sorted, deduplicated) so equal requests
/// share a plan and a cache entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShapeKey {
    /// The font.
    pub font: FontId,
    /// OpenType features, sorted and deduplicated.
    pub features: Vec<String>,
}

impl ShapeKey {
    /// A key for `font` with `features` normalised.
    pub fn new(font: FontId, features: &[String]) -> ShapeKey {
        let mut f: Vec<String> = features.iter().map(|s| s.trim().to_string()).collect();
        f.sort();
        f.dedup();
        ShapeKey { font, features: f }
    }
}

/// Shaped texts of one key, by text.
type Texts = FxHashMap<Box<str>, Arc<Shaped>>;

/// Shapes text with rustybuzz, keeping plans and results for reuse.
#[derive(Default)]
pub struct Shaper {
    plans: FxHashMap<ShapeKey, rustybuzz::ShapePlan>,
    /// Results per key, then per text: a hit is looked up with the borrowed `&str`, so it
    /// allocates nothing (a `(ShapeKey, String)` key cloned the features and the text on
    /// every call, and layout asks for most texts twice: width, then run). Fx hashing:
    /// these keys are ours, not an attacker's, and SipHash was 3 % of a build.
    cache: FxHashMap<ShapeKey, Texts>,
    /// How many strings were actually shaped (cache misses), for tests and benchmarks.
    pub shaped_count: usize,
}

impl Shaper {
    /// An empty shaper.
    pub fn new() -> Shaper {
        Shaper::default()
    }

    /// Shapes `text` (cached).
    pub fn shape(&mut self, book: &FontBook, key: &ShapeKey, text: &str) -> Arc<Shaped> {
        if let Some(s) = self.cache.get(key).and_then(|m| m.get(text)) {
            return s.clone();
        }
        let mut texts = self.take_texts(key);
        let shaped = if text.len() > 1
            && text.contains(' ')
            && book.face(key.font).space_is_inert()
            && super::words::splits_safely(text)
        {
            // Put together from cached words and not cached itself: the words are what
            // repeat, and keeping every line too would hold the whole book in memory.
            Arc::new(self.shape_words(book, key, text, &mut texts))
        } else {
            self.cached(book, key, text, &mut texts)
        };
        self.put_texts(key, texts);
        shaped
    }

    /// `text` from `texts`, shaped whole on a miss.
    fn cached(&mut self, book: &FontBook, key: &ShapeKey, text: &str, texts: &mut Texts) -> Arc<Shaped> {
        if let Some(s) = texts.get(text) {
            return s.clone();
        }
        let shaped = Arc::new(shape_whole(book, key, text, self.plan(book, key)));
        self.shaped_count += 1;
        texts.insert(text.into(), shaped.clone());
        shaped
    }

    /// The cache of one key, taken out so the words of a line are looked up without
    /// hashing the key again for each.
    fn take_texts(&mut self, key: &ShapeKey) -> Texts {
        self.cache.get_mut(key).map(std::mem::take).unwrap_or_default()
    }

    fn put_texts(&mut self, key: &ShapeKey, texts: Texts) {
        match self.cache.get_mut(key) {
            Some(m) => *m = texts,
            None => {
                self.cache.insert(key.clone(), texts);
            }
        }
    }

    /// The words and spaces of `text`, each shaped (and cached) on its own, end to end.
    /// Equal to shaping the whole text when nothing in the face reaches across a space.
    fn shape_words(&mut self, book: &FontBook, key: &ShapeKey, text: &str, texts: &mut Texts) -> Shaped {
        let mut out = Shaped {
            glyphs: Vec::with_capacity(text.len()),
            advance: 0,
            units_per_em: book.face(key.font).units_per_em(),
        };
        let mut append = |shaper: &mut Shaper, piece: &str, at: usize| {
            let part = shaper.cached(book, key, piece, texts);
            let at = at as u32;
            out.glyphs.extend(part.glyphs.iter().map(|g| UnitGlyph { text: (g.text.0 + at, g.text.1 + at), ..*g }));
            out.advance += part.advance;
        };
        let mut at = 0;
        for word in text.split(' ') {
            if !word.is_empty() {
                append(self, word, at);
            }
            at += word.len();
            if at < text.len() {
                append(self, " ", at);
                at += 1;
            }
        }
        out
    }

    fn plan(&mut self, book: &FontBook, key: &ShapeKey) -> &rustybuzz::ShapePlan {
        if !self.plans.contains_key(key) {
            let features: Vec<rustybuzz::Feature> =
                key.features.iter().filter_map(|f| rustybuzz::Feature::from_str(f).ok()).collect();
            let plan = rustybuzz::ShapePlan::new(
                book.face(key.font).rb(),
                rustybuzz::Direction::LeftToRight,
                Some(rustybuzz::script::LATIN),
                None,
                &features,
            );
            self.plans.insert(key.clone(), plan);
        }
        &self.plans[key]
    }

    /// Width of `text` in points at `size`.
    pub fn width(&mut self, book: &FontBook, key: &ShapeKey, text: &str, size: f32) -> f32 {
        self.shape(book, key, text).width(size)
    }

    /// A positioned glyph run: `text` shaped and scaled to `size`, its baseline starting at
    /// `origin`, with `letter_spacing` points added after every glyph but the last.
    pub fn run(&mut self, book: &FontBook, req: &RunRequest<'_>) -> GlyphRun {
        let shaped = self.shape(book, req.key, req.text);
        let scale = req.size / shaped.units_per_em;
        let mut pen = 0.0f32;
        let n = shaped.glyphs.len();
        let glyphs = shaped
            .glyphs
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let spacing = if i + 1 < n { req.letter_spacing } else { 0.0 };
                let advance = g.advance as f32 * scale + spacing;
                let glyph = Glyph {
                    id: g.id,
                    x: pen + g.x_offset as f32 * scale,
                    y: -(g.y_offset as f32) * scale,
                    advance,
                    text: g.text,
                };
                pen += advance;
                glyph
            })
            .collect();
        GlyphRun {
            font: req.key.font,
            size: req.size,
            origin: req.origin,
            ink: req.ink,
            text: req.text.to_string(),
            glyphs,
        }
    }
}

/// `text` shaped in one piece by rustybuzz with `plan` (no cache).
fn shape_whole(book: &FontBook, key: &ShapeKey, text: &str, plan: &rustybuzz::ShapePlan) -> Shaped {
    let face = book.face(key.font).rb();
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(rustybuzz::Direction::LeftToRight);
    buffer.set_script(rustybuzz::script::LATIN);
    let out = rustybuzz::shape_with_plan(face, plan, buffer);
    let infos = out.glyph_infos();
    let positions = out.glyph_positions();
    // Cluster ends: the next larger cluster start, or the end of the text.
    let mut starts: Vec<u32> = infos.iter().map(|i| i.cluster).collect();
    starts.sort_unstable();
    starts.dedup();
    let end_of = |c: u32| -> u32 {
        match starts.binary_search(&c) {
            Ok(i) if i + 1 < starts.len() => starts[i + 1],
            _ => text.len() as u32,
        }
    };
    let mut advance = 0;
    let glyphs = infos
        .iter()
        .zip(positions)
        .map(|(info, pos)| {
            advance += pos.x_advance;
            UnitGlyph {
                id: info.glyph_id as u16,
                advance: pos.x_advance,
                x_offset: pos.x_offset,
                y_offset: pos.y_offset,
                text: (info.cluster, end_of(info.cluster)),
            }
        })
        .collect();
    Shaped { glyphs, advance, units_per_em: face.units_per_em() as f32 }
}

/// What [`Shaper::run`] needs to place one run.
pub struct RunRequest<'a> {
    /// Font and features.
    pub key: &'a ShapeKey,
    /// The text.
    pub text: &'a str,
    /// Type size in points.
    pub size: f32,
    /// Baseline start.
    pub origin: Point,
    /// The ink.
    pub ink: Ink,
    /// Extra space after each glyph but the last, in points.
    pub letter_spacing: f32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{FontBook, Style};
    use std::path::Path;

    fn book() -> FontBook {
        FontBook::scan(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")).unwrap()
    }

    #[test]
    fn advances_sum_to_the_width_and_match_hmtx() {
        let mut fonts = book();
        let id = fonts.resolve("EB Garamond", Style::Regular).unwrap();
        let key = ShapeKey::new(id, &[]);
        let mut shaper = Shaper::new();
        let shaped = shaper.shape(&fonts, &key, "Hx");
        let face = fonts.face(id).rb();
        let h = face.glyph_index('H').unwrap();
        assert_eq!(shaped.glyphs[0].id, h.0);
        assert_eq!(shaped.glyphs[0].advance, face.glyph_hor_advance(h).unwrap() as i32);
        let run = shaper.run(
            &fonts,
            &RunRequest {
                key: &key,
                text: "Hx",
                size: 10.0,
                origin: Point::new(5.0, 7.0),
                ink: Ink::BLACK,
                letter_spacing: 0.0,
            },
        );
        let w = shaped.advance as f32 * 10.0 / shaped.units_per_em;
        assert!((run.width() - w).abs() < 1e-4);
        assert!((run.glyphs[1].x - run.glyphs[0].advance).abs() < 1e-4);
    }

    #[test]
    fn ligatures_cover_their_characters_and_cache_hits_do_not_reshape() {
        let mut fonts = book();
        let id = fonts.resolve("EB Garamond", Style::Regular).unwrap();
        let key = ShapeKey::new(id, &[]);
        let mut shaper = Shaper::new();
        let s = shaper.shape(&fonts, &key, "fifth");
        // "fi" becomes one glyph covering bytes 0..2.
        assert_eq!(s.glyphs.len(), 4, "{:?}", s.glyphs);
        assert_eq!(s.glyphs[0].text, (0, 2));
        shaper.shape(&fonts, &key, "fifth");
        assert_eq!(shaper.shaped_count, 1);
    }

    #[test]
    fn kerning_changes_the_advance_of_a_pair() {
        let mut fonts = book();
        let id = fonts.resolve("EB Garamond", Style::Regular).unwrap();
        let key = ShapeKey::new(id, &[]);
        let mut shaper = Shaper::new();
        let pair = shaper.shape(&fonts, &key, "AV").advance;
        let apart = shaper.shape(&fonts, &key, "A").advance + shaper.shape(&fonts, &key, "V").advance;
        assert!(pair < apart, "AV should kern: {pair} vs {apart}");
    }

    #[test]
    fn every_chapbook_line_shaped_by_words_equals_the_line_shaped_whole() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let spec = crate::spec::load(root).unwrap();
        let mut fonts = book();
        let mut keys = Vec::new();
        for style in [Style::Regular, Style::Italic] {
            let id = fonts.resolve("EB Garamond", style).unwrap();
            for features in [&[][..], &["onum".to_string(), "smcp".to_string()][..]] {
                keys.push(ShapeKey::new(id, features));
            }
        }
        let mut shaper = Shaper::new();
        let mut lines = 0;
        for section in &spec.sections {
            for block in &section.blocks {
                let crate::spec::BlockKind::Verse(v) = &block.kind else { continue };
                for line in v.text.lines().map(crate::text::quotes::smarten) {
                    for key in &keys {
                        let by_words = shaper.shape(&fonts, key, &line);
                        let plan = shaper.plan(&fonts, key);
                        assert_eq!(*by_words, shape_whole(&fonts, key, &line, plan), "{line:?} {key:?}");
                    }
                    lines += usize::from(line.contains(' '));
                }
            }
        }
        assert!(lines > 100, "only {lines} lines with spaces");
        // A new line made of words already shaped is put together without shaping.
        let before = shaper.shaped_count;
        let reversed: Vec<&str> = "the poem begins here".split(' ').rev().collect();
        shaper.shape(&fonts, &keys[0], "the poem begins here");
        let after_words = shaper.shaped_count;
        shaper.shape(&fonts, &keys[0], &reversed.join(" "));
        assert_eq!(shaper.shaped_count, after_words);
        assert!(after_words <= before + 5);
    }

    #[test]
    fn onum_selects_other_glyphs() {
        let mut fonts = book();
        let id = fonts.resolve("EB Garamond", Style::Regular).unwrap();
        let mut shaper = Shaper::new();
        let lining = shaper.shape(&fonts, &ShapeKey::new(id, &[]), "0.42");
        let old = shaper.shape(&fonts, &ShapeKey::new(id, &["onum".into()]), "0.42");
        assert_ne!(lining.glyphs[0].id, old.glyphs[0].id);
    }
}
