//! The book's faces embedded in the EPUB, each subset to the characters its text layer
//! shows, so that the transparent text is set in the printed face at the printed size.
//!
//! The subset is made by the PDF's subsetter (`subsetter`, the same deterministic output)
//! from the glyphs the text layer needs: for each character, the glyph the book printed
//! for it where it stood alone in its cluster (so old-style figures stay old-style), else
//! the face's own glyph for it (a ligature's letters). Where one face printed a character
//! with different glyphs (small capitals in a subtitle, lower case in the verse), the
//! face is split into subsets (see [`embed`]) and each run is set in the one that holds
//! its own glyphs ([`face_for`]). That subsetter makes fonts
//! for PDF, where the font carries no character map: a browser needs one, and the
//! OpenType Sanitizer in Chromium and Firefox refuses a font without `cmap` and `OS/2`. So
//! the subset gets a `cmap` built from those characters (`write-fonts`) and the face's
//! own `OS/2`, with its vertical metrics made the same as `hhea`'s and marked to be used
//! (`USE_TYPO_METRICS`), so that every engine puts the baseline where [`Face::baseline`]
//! says. The subset has no `GSUB`, `GPOS` or `kern`: the text layer is set character by
//! character, and each run is spaced to the printed run's width
//! ([`Face::letter_spacing`]).

use std::collections::{BTreeMap, BTreeSet};

use subsetter::GlyphRemapper;
use ttf_parser::GlyphId;
use write_fonts::FontBuilder;
use write_fonts::read::{FontRef, TableProvider};
use write_fonts::tables::cmap::Cmap;
use write_fonts::types::{GlyphId as WGlyphId, Tag};

use crate::display::{Document, FontId, GlyphRun, Item};

/// One embedded face.
pub struct Face {
    /// The font of the display list it is made from.
    pub font: FontId,
    /// Its path in the package, from `OEBPS/` (`fonts/EBGaramond-Regular.ttf`).
    pub href: String,
    /// `font/ttf` or `font/otf`.
    pub media_type: &'static str,
    /// The family name the pages' CSS gives it (`f0`, `f1` …: the document's font index;
    /// `f0-2` … for a further subset of the same face).
    pub family: String,
    /// The font file.
    pub bytes: Vec<u8>,
    /// The face is an italic (OS/2 `fsSelection`): its text is emphasis (`<em>`).
    pub italic: bool,
    upem: f32,
    ascent: f32,
    descent: f32,
    /// Each character's advance in font units, as the subset maps it.
    advances: BTreeMap<char, u16>,
    /// Each character's glyph in the original face.
    glyphs: BTreeMap<char, u16>,
}

impl Face {
    /// How far below the top of a `line-height: 1` box of `size` the baseline sits: half
    /// of what the em leaves over the ascent and descent, plus the ascent.
    pub fn baseline(&self, size: f32) -> f32 {
        size * (self.upem + self.ascent - self.descent) / (2.0 * self.upem)
    }

    /// The `letter-spacing` (px) that makes `text` at `size` as wide as `printed`, or None
    /// when the face cannot set every character of it (the browser would fall back).
    pub fn letter_spacing(&self, text: &str, size: f32, printed: f32) -> Option<f32> {
        let mut natural = 0.0;
        let mut n = 0usize;
        for c in text.chars() {
            natural += f32::from(*self.advances.get(&c)?) * size / self.upem;
            n += 1;
        }
        (n > 0).then(|| (printed - natural) / n as f32)
    }
}

/// The characters of a run as the text layer shows them (trailing line ends dropped).
pub fn shown(run: &GlyphRun) -> &str {
    run.text.trim_end_matches(['\n', '\r'])
}

/// A piece of the text layer in one font: the characters it shows, and the glyph the
/// book printed for each character that stood alone in its cluster.
struct Shown {
    font: FontId,
    chars: String,
    pairs: Vec<(char, u16)>,
}

/// The glyph printed for each character that stood alone in its cluster of `run`
/// (ligatures and marks leave their characters out), in order.
pub fn printed(run: &GlyphRun) -> Vec<(char, u16)> {
    let mut out = Vec::new();
    for (i, g) in run.glyphs.iter().enumerate() {
        let alone = run.glyphs.iter().enumerate().all(|(k, o)| k == i || o.text != g.text);
        let mut chars = run.text.get(g.text.0 as usize..g.text.1 as usize).unwrap_or("").chars();
        if let (true, Some(c), None) = (alone && g.id != 0, chars.next(), chars.next()) {
            out.push((c, g.id));
        }
    }
    out
}

/// The most subsets one face is split into; runs beyond take the first.
const MAX_VARIANTS: usize = 8;

/// One subset of a face: the characters it maps, and to which original glyphs (only the
/// printed ones so far; the face's own glyph fills in the rest).
#[derive(Default)]
struct Variant {
    chars: BTreeSet<char>,
    map: BTreeMap<char, u16>,
}

impl Variant {
    fn agrees(&self, pairs: &[(char, u16)]) -> bool {
        pairs.iter().all(|(c, g)| self.map.get(c).is_none_or(|m| m == g))
    }
}

/// Every face the document's text uses, subset, in font order. A face whose characters
/// were printed with different glyphs in different runs (small capitals in a heading,
/// lower case in the verse) is split into subsets: the first maps each character to the
/// glyph printed most often, each further one holds the runs that disagree with it.
pub fn embed(doc: &Document) -> Result<Vec<Face>, String> {
    let mut shown: Vec<Shown> = Vec::new();
    for page in &doc.pages {
        collect(&page.items, &mut shown);
    }
    let mut by_font: BTreeMap<FontId, Vec<&Shown>> = BTreeMap::new();
    for s in &shown {
        by_font.entry(s.font).or_default().push(s);
    }
    let mut names = BTreeSet::new();
    let mut faces = Vec::new();
    for (id, pieces) in by_font {
        // The glyph printed most often for each character (the lowest of a tie).
        let mut counts: BTreeMap<char, BTreeMap<u16, usize>> = BTreeMap::new();
        for &(c, g) in pieces.iter().flat_map(|p| &p.pairs) {
            *counts.entry(c).or_default().entry(g).or_default() += 1;
        }
        let majority = counts
            .into_iter()
            .filter_map(|(c, seen)| Some((c, *seen.iter().max_by_key(|&(&g, &n)| (n, std::cmp::Reverse(g)))?.0)))
            .collect();
        let mut variants = vec![Variant { chars: BTreeSet::new(), map: majority }];
        for p in pieces {
            let k = if variants[0].agrees(&p.pairs) {
                0
            } else if let Some(k) = (1..variants.len()).find(|&k| variants[k].agrees(&p.pairs)) {
                k
            } else if variants.len() < MAX_VARIANTS {
                variants.push(Variant::default());
                variants.len() - 1
            } else {
                0
            };
            let v = &mut variants[k];
            v.chars.extend(p.chars.chars());
            for &(c, g) in &p.pairs {
                v.map.entry(c).or_insert(g);
            }
        }
        for (k, v) in variants.into_iter().enumerate().filter(|(_, v)| !v.chars.is_empty()) {
            faces.push(face(doc, id, k, v, &mut names)?);
        }
    }
    Ok(faces)
}

/// The subset a run (or a group's text, with no printed pairs) is set in: the first of
/// its font's that maps every character it shows to the glyphs printed for them, else the
/// first that maps every character; None leaves it to the reader's serif.
pub fn face_for<'a>(faces: &'a [Face], font: FontId, text: &str, pairs: &[(char, u16)]) -> Option<&'a Face> {
    let mine = || faces.iter().filter(move |f| f.font == font && text.chars().all(|c| f.glyphs.contains_key(&c)));
    mine().find(|f| pairs.iter().all(|(c, g)| f.glyphs.get(c) == Some(g))).or_else(|| mine().next())
}

fn collect(items: &[Item], shown: &mut Vec<Shown>) {
    for item in items {
        match item {
            Item::Text(run) => {
                shown.push(Shown { font: run.font, chars: self::shown(run).to_string(), pairs: printed(run) })
            }
            Item::Clip(c) => collect(&c.items, shown),
            Item::Group(g) => {
                collect(&g.items, shown);
                // A group's own text is shown in the face of its first run.
                if let (Some(text), Some(run)) = (&g.text, crate::display::runs(&g.items).next()) {
                    shown.push(Shown { font: run.font, chars: text.clone(), pairs: Vec::new() });
                }
            }
            Item::Path(_) | Item::Dot(_) => {}
        }
    }
}

fn face(
    doc: &Document,
    id: FontId,
    variant: usize,
    wanted: Variant,
    names: &mut BTreeSet<String>,
) -> Result<Face, String> {
    let src = &doc.fonts[id.index()];
    let name = if src.postscript_name.is_empty() { format!("Font{}", id.index()) } else { src.postscript_name.clone() };
    let file = if src.file.as_os_str().is_empty() { String::new() } else { format!(" ({})", src.file.display()) };
    let err = |why: String| format!("cannot embed the font {name}{file} in the EPUB: {why}");
    let parsed = ttf_parser::Face::parse(src.bytes(), src.index).map_err(|e| err(e.to_string()))?;
    let count = parsed.number_of_glyphs();
    if let Some(why) = crate::text::licence::refused(&parsed) {
        return Err(err(why.into()));
    }

    // Character → original glyph: the printed one, else the face's own.
    let mut map: BTreeMap<char, u16> = BTreeMap::new();
    for &c in &wanted.chars {
        let printed = wanted.map.get(&c).copied().filter(|&g| g < count);
        let own = parsed.glyph_index(c).map(|g| g.0).filter(|&g| g != 0);
        if let Some(g) = printed.or(own) {
            map.insert(c, g);
        }
    }
    let glyphs: BTreeSet<u16> = map.values().copied().collect();
    let gids: Vec<u16> = glyphs.iter().copied().collect();
    let remapper = GlyphRemapper::new_from_glyphs_sorted(&gids);
    let subset = subsetter::subset(src.bytes(), src.index, &remapper).map_err(|e| err(format!("subsetting: {e}")))?;

    let sub = FontRef::new(&subset).map_err(|e| err(format!("reading the subset: {e}")))?;
    let hhea = sub.hhea().map_err(|e| err(format!("the subset has no hhea: {e}")))?;
    let (ascent, descent) = (hhea.ascender().to_i16(), hhea.descender().to_i16());
    let mappings = map.iter().filter_map(|(&c, &g)| Some((c, WGlyphId::new(u32::from(remapper.get(g)?)))));
    let cmap = Cmap::from_mappings(mappings).map_err(|e| err(format!("character map: {e}")))?;
    let os2 = os2(&parsed, &map, ascent, descent).ok_or_else(|| err("the face has no OS/2 table".into()))?;
    let bytes = FontBuilder::new()
        .add_table(&cmap)
        .map_err(|e| err(format!("character map: {e}")))?
        .add_raw(Tag::new(b"OS/2"), os2)
        .copy_missing_tables(sub)
        .build();

    let advances = map.iter().map(|(&c, &g)| (c, parsed.glyph_hor_advance(GlyphId(g)).unwrap_or(0))).collect();
    let cff = parsed.tables().glyf.is_none();
    let mut file: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    if variant > 0 {
        file = format!("{file}-{}", variant + 1);
    }
    if file.is_empty() || !names.insert(file.clone()) {
        file = format!("{file}{}", id.index());
        names.insert(file.clone());
    }
    Ok(Face {
        font: id,
        href: format!("fonts/{file}.{}", if cff { "otf" } else { "ttf" }),
        media_type: if cff { "font/otf" } else { "font/ttf" },
        family: if variant == 0 { format!("f{}", id.index()) } else { format!("f{}-{}", id.index(), variant + 1) },
        bytes,
        italic: parsed.is_italic(),
        upem: f32::from(parsed.units_per_em().max(1)),
        ascent: f32::from(ascent),
        descent: f32::from(descent).abs(),
        advances,
        glyphs: map,
    })
}

/// The face's `OS/2` with the character range of the subset and vertical metrics that
/// every engine reads the same: typographic and Windows metrics equal to `hhea`'s, and
/// `USE_TYPO_METRICS` set.
fn os2(face: &ttf_parser::Face, map: &BTreeMap<char, u16>, ascent: i16, descent: i16) -> Option<Vec<u8>> {
    let mut t = face.raw_face().table(ttf_parser::Tag::from_bytes(b"OS/2"))?.to_vec();
    if t.len() < 78 {
        return None;
    }
    let put = |t: &mut Vec<u8>, at: usize, v: u16| t[at..at + 2].copy_from_slice(&v.to_be_bytes());
    if u16::from_be_bytes([t[0], t[1]]) < 4 {
        put(&mut t, 0, 4); // USE_TYPO_METRICS is defined from version 4 on
        if t.len() < 96 {
            t.resize(96, 0);
        }
    }
    let selection = u16::from_be_bytes([t[62], t[63]]) | 1 << 7;
    put(&mut t, 62, selection);
    let first = map.keys().next().map_or(0, |&c| u32::from(c).min(0xFFFF) as u16);
    let last = map.keys().next_back().map_or(0, |&c| u32::from(c).min(0xFFFF) as u16);
    put(&mut t, 64, first);
    put(&mut t, 66, last);
    put(&mut t, 68, ascent as u16);
    put(&mut t, 70, descent as u16);
    put(&mut t, 74, ascent.unsigned_abs());
    put(&mut t, 76, descent.unsigned_abs());
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subset_maps_what_the_text_shows_with_the_printed_glyphs_and_one_set_of_metrics() {
        let dir = crate::test_support::project(
            "title = \"T\"\n[type]\nfeatures = [\"onum\"]\n",
            &[("01-a.toml", "[[block]]\nkind = \"verse\"\ntext = '''\nfive fish, 1984\n'''\n")],
        );
        let doc = crate::build::compile(dir.path(), None).unwrap().document;
        let faces = embed(&doc).unwrap();
        let body = faces.iter().find(|f| f.href.ends_with("EBGaramond-Regular.ttf")).expect("the body face");
        let sub = ttf_parser::Face::parse(&body.bytes, 0).unwrap();
        let orig = ttf_parser::Face::parse(doc.fonts[body.font.index()].bytes(), 0).unwrap();
        // Every character of the verse is mapped; the subset is small.
        for c in "five fish, 1984".chars() {
            assert!(sub.glyph_index(c).is_some_and(|g| g.0 != 0), "{c:?}");
        }
        assert!(sub.number_of_glyphs() < 100 && orig.number_of_glyphs() > 1000, "{} glyphs", sub.number_of_glyphs());
        // `1` is the old-style figure the book printed, not the face's default lining one.
        let (printed, lining) = (sub.glyph_hor_advance(sub.glyph_index('1').unwrap()), orig.glyph_index('1'));
        let printed_id = doc.pages.iter().flat_map(|p| crate::display::runs(&p.items)).find_map(|r| {
            r.glyphs.iter().find(|g| r.text.get(g.text.0 as usize..g.text.1 as usize) == Some("1")).map(|g| g.id)
        });
        assert_ne!(printed_id, lining.map(|g| g.0), "onum changes the figure");
        assert_eq!(printed, orig.glyph_hor_advance(GlyphId(printed_id.unwrap())));
        // One set of vertical metrics, marked to be used.
        assert_eq!(
            (sub.typographic_ascender(), sub.typographic_descender()),
            (Some(sub.ascender()), Some(sub.descender()))
        );
        assert!(sub.tables().os2.is_some_and(|t| t.use_typographic_metrics()));
        // The baseline and the spacing that makes a run as wide as printed.
        let run = doc.pages.iter().flat_map(|p| crate::display::runs(&p.items)).next().unwrap();
        let printed: f32 = run.glyphs.iter().map(|g| g.advance).sum();
        let ls = body.letter_spacing(shown(run), run.size, printed).unwrap();
        let natural: f32 = shown(run)
            .chars()
            .map(|c| f32::from(sub.glyph_hor_advance(sub.glyph_index(c).unwrap()).unwrap()) * run.size / 1000.0)
            .sum();
        assert!((natural + ls * shown(run).chars().count() as f32 - printed).abs() < 1e-3);
        let (a, d) = (f32::from(sub.ascender()), f32::from(-sub.descender()));
        assert!((body.baseline(10.0) - 10.0 * (1000.0 + a - d) / 2000.0).abs() < 1e-4);
        assert!(body.letter_spacing("\u{E000}", 10.0, 5.0).is_none(), "a character the face lacks");
    }

    #[test]
    fn a_face_printed_two_ways_is_split_and_each_run_finds_its_own_glyphs() {
        let dir = crate::test_support::project(
            "title = \"T\"\n",
            &[(
                "01-a.toml",
                "[[block]]\nkind = \"verse\"\nfeatures = [\"smcp\"]\ntext = '''\nsea\n'''\n\n[[block]]\nkind = \"verse\"\ntext = '''\nsea sea sea\n'''\n",
            )],
        );
        let doc = crate::build::compile(dir.path(), None).unwrap().document;
        let faces = embed(&doc).unwrap();
        let runs: Vec<&GlyphRun> = doc.pages.iter().flat_map(|p| crate::display::runs(&p.items)).collect();
        let small = runs.iter().find(|r| r.text.trim() == "sea").unwrap();
        let lower = runs.iter().find(|r| r.text.trim() == "sea sea sea").unwrap();
        assert_ne!(printed(small)[0].1, printed(lower)[0].1, "smcp prints another `s`");
        let (a, b) = (
            face_for(&faces, small.font, shown(small), &printed(small)).unwrap(),
            face_for(&faces, lower.font, shown(lower), &printed(lower)).unwrap(),
        );
        assert_eq!((b.family.as_str(), b.href.as_str()), ("f0", "fonts/EBGaramond-Regular.ttf"), "the majority");
        assert!(a.family == "f0-2" && a.href == "fonts/EBGaramond-Regular-2.ttf", "{} {}", a.family, a.href);
        for (face, run) in [(a, small), (b, lower)] {
            for (c, g) in printed(run) {
                assert_eq!(face.glyphs.get(&c), Some(&g), "{c:?} in {}", face.family);
            }
        }
    }
}
