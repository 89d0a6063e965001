//! Font embedding: which glyphs each font uses, their Unicode meaning, and writing each
//! used font as a subsetted CID-keyed Type 0 font (Identity-H, 2-byte codes).
//!
//! The subsetter renumbers glyphs; the new glyph IDs are the CIDs shown in content
//! streams. TrueType outlines become `CIDFontType2` + `FontFile2` with an Identity
//! `CIDToGIDMap`; CFF outlines become `CIDFontType0` + `FontFile3 /CIDFontType0C` (the
//! bare CFF table, which is valid from PDF 1.3 on, so PDF/X-1a stays possible).

use std::collections::{BTreeMap, BTreeSet};

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Filter, Finish, Name, Rect, Ref, Str};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId, RawFace, Tag};

use super::hash::Fnv;
use super::{PdfError, RefAlloc, compress};
use crate::display::{Document, FontId};

/// What the document asks of one font: the glyphs placed and what text each stands for.
#[derive(Debug, Default)]
pub struct Usage {
    pub glyphs: BTreeSet<u16>,
    /// Glyph ID → the characters of its cluster, the first time the glyph was seen as
    /// the first glyph of a cluster (first mapping wins).
    pub unicode: BTreeMap<u16, String>,
}

/// Scan every run of every page, in order. Per glyph this costs a bit test; the
/// B-trees are touched only the first time a glyph is seen. Long books are scanned in
/// page ranges on every core and the ranges merged in page order, so the first
/// mapping of a glyph still wins.
pub fn collect(doc: &Document) -> Result<BTreeMap<FontId, Usage>, PdfError> {
    let ranges: Vec<&[crate::display::Page]> = doc.pages.chunks(PAGES_PER_RANGE).collect();
    let parts = crate::par::map(&ranges, 2, |pages| collect_pages(doc, pages));
    let mut all: BTreeMap<FontId, Usage> = BTreeMap::new();
    for part in parts {
        for (id, usage) in part? {
            let into = all.entry(id).or_default();
            into.glyphs.extend(usage.glyphs);
            for (gid, text) in usage.unicode {
                into.unicode.entry(gid).or_insert(text);
            }
        }
    }
    Ok(all)
}

/// Pages scanned as one piece of work (a bit set per font each).
const PAGES_PER_RANGE: usize = 64;

fn collect_pages(doc: &Document, pages: &[crate::display::Page]) -> Result<BTreeMap<FontId, Usage>, PdfError> {
    #[derive(Default)]
    struct Seen {
        usage: Usage,
        /// Glyph IDs already in `usage.glyphs` / `usage.unicode`, one bit each.
        placed: Vec<u64>,
        mapped: Vec<u64>,
    }
    fn test_and_set(bits: &mut Vec<u64>, id: u16) -> bool {
        let (word, bit) = (usize::from(id) / 64, 1u64 << (id % 64));
        if bits.is_empty() {
            bits.resize(1024, 0);
        }
        let was = bits[word] & bit != 0;
        bits[word] |= bit;
        was
    }
    let mut used: Vec<Option<Seen>> = (0..doc.fonts.len()).map(|_| None).collect();
    for page in pages {
        for run in crate::display::runs(&page.items) {
            let seen = used
                .get_mut(run.font.index())
                .ok_or(PdfError::UnknownFont(run.font.index()))?
                .get_or_insert_with(Seen::default);
            // Only the first glyph of a cluster carries its text; the others (marks,
            // pieces of a decomposed letter) would otherwise repeat it. Shaped clusters
            // come in increasing order, so a cluster is new when it is past every one
            // before it; otherwise the run so far is searched.
            let mut last: Option<(u32, u32)> = None;
            for (i, g) in run.glyphs.iter().enumerate() {
                if !test_and_set(&mut seen.placed, g.id) {
                    seen.usage.glyphs.insert(g.id);
                }
                let new_cluster = match last {
                    None => true,
                    Some(l) if g.text > l => true,
                    Some(_) => !run.glyphs[..i].iter().any(|p| p.text == g.text),
                };
                last = last.max(Some(g.text));
                if !new_cluster || test_and_set(&mut seen.mapped, g.id) {
                    continue;
                }
                let (a, b) = (g.text.0 as usize, g.text.1 as usize);
                match run.text.get(a..b) {
                    Some(s) if !s.is_empty() => {
                        seen.usage.unicode.insert(g.id, s.to_string());
                    }
                    // Not mapped after all: a later cluster of this glyph may be.
                    _ => seen.mapped[usize::from(g.id) / 64] &= !(1u64 << (g.id % 64)),
                }
            }
        }
    }
    Ok(used.into_iter().enumerate().filter_map(|(i, s)| Some((FontId::new(i), s?.usage))).collect())
}

/// A font ready to be referenced from content streams and written out.
pub struct Embedded {
    /// Resource name on pages, e.g. `F0`.
    pub resource: String,
    /// The Type 0 font dictionary pages point to.
    pub type0: Ref,
    remapper: GlyphRemapper,
    /// Advance of each CID in 1000-unit text space, exactly as written in `/W`.
    widths: Vec<f32>,
    id: FontId,
    pub base_font: String,
    cff: bool,
    unicode: BTreeMap<u16, String>,
    descriptor: Descriptor,
}

struct Descriptor {
    flags: FontFlags,
    bbox: Rect,
    italic_angle: f32,
    ascent: f32,
    descent: f32,
    cap_height: f32,
    stem_v: f32,
}

impl Embedded {
    /// The CID (subset glyph ID) for an original glyph ID. Every placed glyph was
    /// registered in [`prepare`], so this cannot miss; .notdef (0) is the fallback.
    pub fn cid(&self, gid: u16) -> u16 {
        self.remapper.get(gid).unwrap_or(0)
    }

    /// The `/W` width of a CID in 1000-unit text space.
    pub fn width(&self, cid: u16) -> f32 {
        self.widths.get(usize::from(cid)).copied().unwrap_or(0.0)
    }
}

/// Registers the glyphs one font uses (their new IDs are the CIDs content streams show)
/// and gathers what its dictionaries need. The subsetting itself is [`file`].
pub fn prepare(doc: &Document, id: FontId, usage: Usage, refs: &mut RefAlloc) -> Result<Embedded, PdfError> {
    let src = &doc.fonts[id.index()];
    let ps_name = postscript_name(doc, id);
    let err = |reason: String| PdfError::Font { font: ps_name.clone(), reason };

    let face = Face::parse(src.bytes(), src.index).map_err(|e| err(format!("cannot parse: {e}")))?;
    // The face's licence flags, as the EPUB reads them (`text::licence`).
    if let Some(why) = crate::text::licence::refused(&face) {
        let file = if src.file.as_os_str().is_empty() { String::new() } else { format!(" ({})", src.file.display()) };
        return Err(PdfError::Font {
            font: format!("{ps_name}{file}"),
            reason: format!("cannot embed it in the PDF: {why}"),
        });
    }
    let n = face.number_of_glyphs();
    if let Some(bad) = usage.glyphs.iter().find(|&&g| g >= n) {
        return Err(err(format!("glyph {bad} is not in the font ({n} glyphs)")));
    }

    let gids: Vec<u16> = usage.glyphs.iter().copied().collect();
    let remapper = GlyphRemapper::new_from_glyphs_sorted(&gids);
    let cff = face.tables().glyf.is_none();

    let upem = f32::from(face.units_per_em().max(1));
    let to_1000 = |v: f32| round2(v * 1000.0 / upem);
    let widths = remapper
        .remapped_gids()
        .map(|gid| to_1000(f32::from(face.glyph_hor_advance(GlyphId(gid)).unwrap_or(0))))
        .collect();

    // Subset tag: six capitals from a hash of the font and its glyph set.
    let mut h = Fnv::new();
    h.write(ps_name.as_bytes());
    for g in &gids {
        h.write(&g.to_le_bytes());
    }
    let mut x = h.value();
    let mut tag = String::with_capacity(6);
    for _ in 0..6 {
        tag.push(char::from(b'A' + (x % 26) as u8));
        x /= 26;
    }
    let clean: String = ps_name.chars().filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c)).collect();
    let base_font = format!("{tag}+{clean}");

    let bb = face.global_bounding_box();
    let italic_angle = face.italic_angle();
    let mut flags = FontFlags::SYMBOLIC;
    flags.set(FontFlags::FIXED_PITCH, face.is_monospaced());
    flags.set(FontFlags::ITALIC, face.is_italic() || italic_angle != 0.0);
    flags.set(FontFlags::SERIF, is_serif(&face));
    let ascent = f32::from(face.ascender());
    let weight = f32::from(face.weight().to_number());
    let descriptor = Descriptor {
        flags,
        bbox: Rect::new(
            to_1000(f32::from(bb.x_min)),
            to_1000(f32::from(bb.y_min)),
            to_1000(f32::from(bb.x_max)),
            to_1000(f32::from(bb.y_max)),
        ),
        italic_angle: round2(italic_angle),
        ascent: to_1000(ascent),
        descent: to_1000(f32::from(face.descender())),
        cap_height: to_1000(face.capital_height().map(f32::from).unwrap_or(ascent)),
        // The usual estimate from the weight class (PDF has no way to measure it).
        stem_v: round2(10.0 + 0.244 * (weight - 50.0)),
    };

    Ok(Embedded {
        resource: format!("F{}", id.index()),
        type0: refs.next(),
        remapper,
        widths,
        id,
        base_font,
        cff,
        unicode: usage.unicode,
        descriptor,
    })
}

/// A font's embedded streams, compressed: the subset font file and the ToUnicode CMap.
/// The costly part of embedding a font, made apart from [`prepare`] so that it can be
/// done alongside the pages.
pub struct File {
    /// Size of the subset font file before compression.
    pub size: usize,
    data: Vec<u8>,
    cmap: Vec<u8>,
}

/// Subsets `font` (the glyphs [`prepare`] registered) and compresses its streams.
pub fn file(doc: &Document, font: &Embedded) -> Result<File, PdfError> {
    let src = &doc.fonts[font.id.index()];
    let err = |reason: String| PdfError::Font { font: postscript_name(doc, font.id), reason };
    let subset = subsetter::subset(src.bytes(), src.index, &font.remapper)
        .map_err(|e| err(format!("subsetting failed: {e}")))?;
    let subset = if font.cff {
        RawFace::parse(&subset, 0)
            .ok()
            .and_then(|f| f.table(Tag::from_bytes(b"CFF ")))
            .map(|t| t.to_vec())
            .ok_or_else(|| err("subset has no CFF table".into()))?
    } else {
        subset
    };
    // ToUnicode, in CID order so the stream is stable.
    let by_cid: BTreeMap<u16, &str> =
        font.unicode.iter().filter_map(|(&gid, s)| font.remapper.get(gid).map(|cid| (cid, s.as_str()))).collect();
    let mut cmap =
        UnicodeCmap::new(Name(b"Custom"), SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"UCS"), supplement: 0 });
    for (cid, text) in by_cid {
        cmap.pair_with_multiple(cid, text.chars());
    }
    Ok(File { size: subset.len(), data: compress(&subset), cmap: compress(&cmap.finish().into_vec()) })
}

/// The font's PostScript name as errors and the subset name use it (`Font3` if it has none).
fn postscript_name(doc: &Document, id: FontId) -> String {
    let src = &doc.fonts[id.index()];
    if src.postscript_name.is_empty() { format!("Font{}", id.index()) } else { src.postscript_name.clone() }
}

/// IBM family class in OS/2 `sFamilyClass`: classes 1–5 and 7 are serif designs.
fn is_serif(face: &Face) -> bool {
    face.raw_face()
        .table(Tag::from_bytes(b"OS/2"))
        .and_then(|t| t.get(30))
        .is_some_and(|&class| matches!(class, 1..=5 | 7))
}

fn round2(v: f32) -> f32 {
    ((f64::from(v) * 100.0).round() / 100.0) as f32
}

/// Write the Type 0 font, its CIDFont, descriptor, font file and ToUnicode CMap.
pub fn write(chunk: &mut Chunk, font: &Embedded, file: &File, refs: &mut RefAlloc) {
    let cid_ref = refs.next();
    let descriptor_ref = refs.next();
    let file_ref = refs.next();
    let cmap_ref = refs.next();
    let base = Name(font.base_font.as_bytes());

    chunk
        .type0_font(font.type0)
        .base_font(base)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_ref)
        .to_unicode(cmap_ref);

    let mut cid = chunk.cid_font(cid_ref);
    cid.subtype(if font.cff { CidFontType::Type0 } else { CidFontType::Type2 })
        .base_font(base)
        .system_info(SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 })
        .font_descriptor(descriptor_ref);
    cid.widths().consecutive(0, font.widths.iter().copied());
    if !font.cff {
        cid.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    cid.finish();

    let d = &font.descriptor;
    let mut desc = chunk.font_descriptor(descriptor_ref);
    desc.name(base)
        .flags(FontFlags::from_bits_truncate(d.flags.bits()))
        .bbox(d.bbox)
        .italic_angle(d.italic_angle)
        .ascent(d.ascent)
        .descent(d.descent)
        .cap_height(d.cap_height)
        .stem_v(d.stem_v);
    if font.cff {
        desc.font_file3(file_ref);
    } else {
        desc.font_file2(file_ref);
    }
    desc.finish();

    let mut stream = chunk.stream(file_ref, &file.data);
    stream.filter(Filter::FlateDecode);
    if font.cff {
        stream.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    } else {
        stream.pair(Name(b"Length1"), file.size as i32);
    }
    stream.finish();
    chunk.stream(cmap_ref, &file.cmap).filter(Filter::FlateDecode);
}
