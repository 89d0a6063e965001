//! SVG backend: each page of the [display list](crate::display) as one standalone SVG
//! document, exact and vector all the way (no rasteriser in between).
//!
//! - Glyph runs are drawn from their `ttf-parser` outlines (the same `GlyphCache` as the
//!   raster preview), so the page looks the same in every browser whatever fonts it has.
//!   Each glyph a page uses is defined once per type size (a `<path>` in `<defs>`, in page
//!   points with its origin at 0,0) and placed with `<use x y>` inside a group at the run's
//!   origin: a page of verse is a tenth of the size it is with every glyph written out
//!   in full. Beside the glyphs sits the run's text as an invisible
//!   `<text>` (fill opacity 0, stretched to the run's width), so the words can be found,
//!   selected and read by assistive technology.
//! - Vector paths become `<path>` elements: fill first, then stroke, as in PDF.
//! - A group (a rotated block, a word at an angle, a glyph on a curve) becomes
//!   `<g transform="matrix(a b c d e f)">`, the display list's own six numbers.
//! - Ink becomes a grey of `1 - ink` on a white page, as in the preview.
//! - With a [`SourceMap`], each item is wrapped in `<g data-src="file:line:col">` (file
//!   relative to the project) so that a viewer can say where it came from.
//!
//! The output depends only on the display list: the same document gives the same bytes.
//! Coordinates are page points (the `viewBox` is the trim box), written with two decimals.

#[cfg(test)]
mod tests;

use crate::display::{self, Document, FontId, GlyphRun, Ink, Item, LineCap, LineJoin, PathEl, SourceMap};
use crate::outlines::{GlyphCache, glyph_transform};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use tiny_skia::PathSegment;

/// Writes pages of one document as SVG, keeping parsed faces and glyph outlines between pages.
pub(crate) struct SvgWriter<'a> {
    doc: &'a Document,
    glyphs: GlyphCache<'a>,
    /// Source spans and the names their files are shown by (relative to the project).
    sources: Option<(&'a SourceMap, Vec<String>)>,
    /// Start of the ids of glyph definitions; the page number and a counter follow.
    prefix: String,
    /// The page being written: glyph definitions by (font, glyph, size bits) and their text.
    defs: HashMap<(FontId, u16, u32), usize>,
    defs_text: String,
    /// Path data of every glyph outline met so far, by (font, glyph, size bits): formatted
    /// once for the whole document, copied into each page that uses it.
    outlines: HashMap<(FontId, u16, u32), Option<String>>,
    /// Clip paths written so far (their ids must be unique in the page).
    clips: usize,
    /// For a page shown inside XHTML that carries the text itself (the EPUB): no
    /// invisible `<text>`, `xlink:href` (SVG 1.1, which EPUB validators read), and the
    /// drawing hidden from assistive technology.
    picture_only: bool,
}

impl<'a> SvgWriter<'a> {
    pub fn new(doc: &'a Document) -> Self {
        SvgWriter {
            doc,
            glyphs: GlyphCache::new(&doc.fonts),
            sources: None,
            prefix: "p".into(),
            defs: HashMap::new(),
            defs_text: String::new(),
            outlines: HashMap::new(),
            clips: 0,
            picture_only: false,
        }
    }

    /// Pages drawn as a picture only, for an XHTML page that carries the text itself in
    /// its own markup (see [`SvgWriter::picture_only`]'s field).
    pub fn picture_only(mut self) -> Self {
        self.picture_only = true;
        self
    }

    /// Ids of glyph definitions start with `prefix` (default `p`), then the page number:
    /// pages shown together in one HTML document need prefixes of their own.
    pub fn with_id_prefix(mut self, prefix: &str) -> Self {
        self.prefix = prefix.to_string();
        self
    }

    /// Tags every item that has a span with `data-src="file:line:col"`, file names shown
    /// relative to `base`.
    pub fn with_sources(mut self, sources: &'a SourceMap, base: &Path) -> Self {
        let names = sources.files.iter().map(|f| f.strip_prefix(base).unwrap_or(f).display().to_string()).collect();
        self.sources = Some((sources, names));
        self
    }

    /// The SVG document of page `page` (0-based).
    pub fn page(&mut self, page: usize) -> Result<String, String> {
        let doc = self.doc;
        let p = doc
            .pages
            .get(page)
            .ok_or_else(|| format!("page {} does not exist: the document has {} page(s)", page + 1, doc.pages.len()))?;
        let (w, h) = doc.page_size;
        let mut s = String::with_capacity(64 * 1024);
        self.defs.clear();
        self.defs_text.clear();
        if self.picture_only {
            let _ = write!(
                s,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" class=\"picture\" aria-hidden=\"true\" viewBox=\"0 0 {} {}\">",
                num(w),
                num(h),
            );
        } else {
            let _ = write!(
                s,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}pt\" height=\"{}pt\" viewBox=\"0 0 {} {}\" data-page=\"{}\">",
                num(w),
                num(h),
                num(w),
                num(h),
                page + 1
            );
        }
        let _ = write!(s, "<rect width=\"{}\" height=\"{}\" fill=\"#fff\"/>", num(w), num(h));
        for (i, item) in p.items.iter().enumerate() {
            let src = self.sources.as_ref().and_then(|(map, names)| {
                let sp = map.span(page, i)?;
                Some(format!("{}:{}:{}", names.get(sp.file as usize)?, sp.line, sp.col))
            });
            if let Some(src) = &src {
                let _ = write!(s, "<g data-src=\"{}\">", escape(src));
            }
            self.item(&mut s, item, page)?;
            if src.is_some() {
                s.push_str("</g>");
            }
        }
        if !self.defs_text.is_empty() {
            let _ = write!(s, "<defs>{}</defs>", self.defs_text);
        }
        s.push_str("</svg>\n");
        Ok(s)
    }

    /// One item; a clip group writes its own clip path and its items inside it.
    fn item(&mut self, s: &mut String, item: &Item, page: usize) -> Result<(), String> {
        match item {
            Item::Text(run) => self.run(s, run, page)?,
            Item::Path(path) => write_path(s, path),
            Item::Dot(d) => {
                let (x, y, r) = (num(d.center.x), num(d.center.y), num(d.radius));
                let _ = write!(s, "<circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\" fill=\"{}\"/>", grey(d.ink));
            }
            Item::Clip(c) => {
                self.clips += 1;
                let id = format!("{}{}-clip{}", self.prefix, page + 1, self.clips);
                let r = c.rect;
                let _ = write!(
                    s,
                    "<clipPath id=\"{id}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath><g clip-path=\"url(#{id})\">",
                    num(r.x0),
                    num(r.y0),
                    num(r.x1 - r.x0),
                    num(r.y1 - r.y0)
                );
                for inner in &c.items {
                    self.item(s, inner, page)?;
                }
                s.push_str("</g>");
            }
            Item::Group(g) => {
                let t = g.transform;
                let _ = write!(
                    s,
                    "<g transform=\"matrix({} {} {} {} {} {})\">",
                    coef(t.a),
                    coef(t.b),
                    coef(t.c),
                    coef(t.d),
                    num(t.e),
                    num(t.f)
                );
                for inner in &g.items {
                    self.item(s, inner, page)?;
                }
                s.push_str("</g>");
            }
        }
        Ok(())
    }

    /// The id of the definition of glyph `id` of `font` at `size`, written on first use;
    /// None for glyphs without an outline (spaces).
    fn glyph_def(&mut self, page: usize, font: FontId, id: u16, size: f32) -> Result<Option<usize>, String> {
        let key = (font, id, size.to_bits());
        if let Some(&n) = self.defs.get(&key) {
            return Ok(Some(n));
        }
        if !self.outlines.contains_key(&key) {
            let upem = self.glyphs.units_per_em(font);
            let d = self.glyphs.outline(font, id).map_err(|e| e.to_string())?.map(|outline| {
                let mut d = String::new();
                push_outline(&mut d, outline, glyph_transform(0.0, 0.0, size, upem, 1.0));
                d
            });
            self.outlines.insert(key, d);
        }
        let Some(d) = &self.outlines[&key] else { return Ok(None) };
        let n = self.defs.len();
        let _ = write!(self.defs_text, "<path id=\"{}{}-{n}\" d=\"{d}\"/>", self.prefix, page + 1);
        self.defs.insert(key, n);
        Ok(Some(n))
    }

    /// The run's glyphs placed from their definitions, then its text, invisible.
    fn run(&mut self, s: &mut String, run: &GlyphRun, page: usize) -> Result<(), String> {
        let mut uses = String::new();
        for g in &run.glyphs {
            if let Some(n) = self.glyph_def(page, run.font, g.id, run.size)? {
                let href = if self.picture_only { "xlink:href" } else { "href" };
                let _ = write!(uses, "<use {href}=\"#{}{}-{n}\" x=\"{}\"", self.prefix, page + 1, num(g.x));
                if num(g.y) != Num(0) {
                    let _ = write!(uses, " y=\"{}\"", num(g.y));
                }
                uses.push_str("/>");
            }
        }
        if !uses.is_empty() {
            let _ = write!(
                s,
                "<g transform=\"translate({} {})\" fill=\"{}\">{uses}</g>",
                num(run.origin.x),
                num(run.origin.y),
                grey(run.ink)
            );
        }
        let text = run.text.trim_end_matches(['\n', '\r']);
        if !text.trim().is_empty() && !self.picture_only {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\" fill-opacity=\"0\" xml:space=\"preserve\">{}</text>",
                num(run.origin.x),
                num(run.origin.y),
                num(run.size),
                num(run.width().max(0.01)),
                escape(text)
            );
        }
        Ok(())
    }
}

/// Appends a font-unit outline mapped through `t` as SVG path data.
fn push_outline(d: &mut String, path: &tiny_skia::Path, t: tiny_skia::Transform) {
    let map = |mut p: tiny_skia::Point| {
        t.map_point(&mut p);
        (num(p.x), num(p.y))
    };
    for seg in path.segments() {
        let _ = match seg {
            PathSegment::MoveTo(p) => {
                let (x, y) = map(p);
                write!(d, "M{x} {y}")
            }
            PathSegment::LineTo(p) => {
                let (x, y) = map(p);
                write!(d, "L{x} {y}")
            }
            PathSegment::QuadTo(c, p) => {
                let ((cx, cy), (x, y)) = (map(c), map(p));
                write!(d, "Q{cx} {cy} {x} {y}")
            }
            PathSegment::CubicTo(c1, c2, p) => {
                let ((ax, ay), (bx, by), (x, y)) = (map(c1), map(c2), map(p));
                write!(d, "C{ax} {ay} {bx} {by} {x} {y}")
            }
            PathSegment::Close => write!(d, "Z"),
        };
    }
}

/// A display-list path: fill then stroke (SVG's own painting order).
fn write_path(s: &mut String, path: &display::Path) {
    let mut d = String::new();
    for el in &path.els {
        let _ = match *el {
            PathEl::MoveTo(p) => write!(d, "M{} {}", num(p.x), num(p.y)),
            PathEl::LineTo(p) => write!(d, "L{} {}", num(p.x), num(p.y)),
            PathEl::CubicTo(a, b, p) => {
                write!(d, "C{} {} {} {} {} {}", num(a.x), num(a.y), num(b.x), num(b.y), num(p.x), num(p.y))
            }
            PathEl::Close => write!(d, "Z"),
        };
    }
    if d.is_empty() {
        return;
    }
    let _ = write!(s, "<path d=\"{d}\"");
    match path.fill {
        Some(ink) => {
            let _ = write!(s, " fill=\"{}\"", grey(ink));
        }
        None => s.push_str(" fill=\"none\""),
    }
    if let Some(st) = path.stroke {
        let cap = match st.cap {
            LineCap::Butt => "butt",
            LineCap::Round => "round",
            LineCap::Square => "square",
        };
        let join = match st.join {
            LineJoin::Miter => "miter",
            LineJoin::Round => "round",
            LineJoin::Bevel => "bevel",
        };
        // PDF's default miter limit, so joins look as they will in print.
        let _ = write!(
            s,
            " stroke=\"{}\" stroke-width=\"{}\" stroke-linecap=\"{cap}\" stroke-linejoin=\"{join}\" stroke-miterlimit=\"10\"",
            grey(st.ink),
            num(st.width.max(0.0))
        );
    }
    s.push_str("/>");
}

/// `#rrggbb` grey of `1 - ink`, rounded as the preview rounds it.
fn grey(ink: Ink) -> String {
    let g = ((1.0 - ink.value()) * 255.0).round() as u8;
    format!("#{g:02x}{g:02x}{g:02x}")
}

/// A coordinate in hundredths, displayed with at most two decimals and no trailing zeros
/// (`12.5`, `-3`, `0.07`), written without allocating (a page has thousands).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Num(i64);

fn num(v: f32) -> Num {
    Num((v as f64 * 100.0).round() as i64)
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let a = self.0.unsigned_abs();
        let (int, frac) = (a / 100, a % 100);
        if self.0 < 0 {
            f.write_str("-")?;
        }
        write!(f, "{int}")?;
        match frac {
            0 => Ok(()),
            _ if frac % 10 == 0 => write!(f, ".{}", frac / 10),
            _ => write!(f, ".{frac:02}"),
        }
    }
}

/// A transform coefficient (a sine or cosine) with five decimals, trailing zeros dropped.
fn coef(v: f32) -> String {
    let s = format!("{:.5}", if v.abs() < 5e-6 { 0.0 } else { v });
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// Text as XML character data or attribute value.
pub(crate) fn escape(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Writes every page of `doc` into `dir` (created if needed) as `page-001.svg`, … Each
/// file appears whole (written under a temporary name and renamed). `page-NNN.svg` files
/// beyond the new page count, left by a longer earlier build, are removed so the folder
/// shows the book as it is now. Returns the paths written.
pub fn write_pages(
    doc: &Document,
    dir: &Path,
    sources: Option<(&SourceMap, &Path)>,
) -> Result<Vec<PathBuf>, crate::Error> {
    let mut w = SvgWriter::new(doc);
    if let Some((map, base)) = sources {
        w = w.with_sources(map, base);
    }
    let mut written = Vec::with_capacity(doc.pages.len());
    for i in 0..doc.pages.len() {
        let svg = w.page(i)?;
        let path = dir.join(format!("page-{:03}.svg", i + 1));
        crate::io::write_atomically(&path, svg.as_bytes()).map_err(|d| String::from(d.message))?;
        written.push(path);
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let n =
                name.strip_prefix("page-").and_then(|r| r.strip_suffix(".svg")).and_then(|n| n.parse::<usize>().ok());
            if n.is_some_and(|n| n > doc.pages.len()) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    Ok(written)
}
