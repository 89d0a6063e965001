//! The EPUB 3 edition: a [`Document`] in, the bytes of a fixed-layout EPUB out, one
//! spine item per page, so the book reads as it prints.
//!
//! Each page is an XHTML document the size of the trim. The picture is the page drawn by
//! the SVG backend (the glyphs as outlines from the book's own fonts, each page carrying
//! only the glyphs it uses, and the drawings as vector paths), hidden from assistive
//! technology; over it lies the page's text as real, structured markup built from the
//! display list's [roles](crate::display::Role): `h1`/`h2` headings, a `p` per stanza with
//! a `span` per line, a drawn blank read as "blank", each drawing and chart a
//! `role="img"` with its alt text, the contents as links. That text is transparent, set
//! where the printed words are in the book's own faces, embedded as subsets
//! (`epub/fonts.rs`), at the printed size and width, so it can be selected, searched and read
//! aloud, and a selection lies on the printed words.
//!
//! The package carries the title, author, language, `dcterms:modified` (from
//! `SOURCE_DATE_EPOCH`, else a fixed date), the accessibility metadata of EPUB
//! Accessibility 1.1 (`schema:accessMode`, `accessibilityFeature`, `accessibilityHazard`,
//! `accessibilitySummary`), a navigation document made from the contents and a page list
//! of the printed folios. The zip is written in a fixed order with fixed timestamps,
//! `mimetype` first and stored: the same document gives the same bytes.

mod fonts;
mod page;

use std::fmt::Write as _;
use std::io::Write as _;

use crate::display::{Document, LabelStyle};
use crate::svg::escape;

/// What the package needs beyond the document.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct EpubOptions {
    /// `dcterms:modified`, unix seconds (the caller reads `SOURCE_DATE_EPOCH`).
    pub modified: i64,
    /// A summary of the book's accessibility for `schema:accessibilitySummary`; `None`
    /// gives one made from the document.
    pub summary: Option<String>,
    /// The book's ISBN-13, its 13 digits: the identifier is then `urn:isbn:…`.
    pub isbn: Option<String>,
}

impl EpubOptions {
    /// These options with `change` made: `EpubOptions::default().with(|o| …)`, the way to set
    /// fields from outside the crate (the struct is `#[non_exhaustive]`: new options may
    /// come without breaking callers).
    pub fn with(mut self, change: impl FnOnce(&mut Self)) -> Self {
        change(&mut self);
        self
    }
}

/// The `dcterms:modified` used when `SOURCE_DATE_EPOCH` is not set: 2000-01-01.
pub(crate) const DEFAULT_MODIFIED: i64 = 946_684_800;

impl Default for EpubOptions {
    fn default() -> Self {
        EpubOptions { modified: DEFAULT_MODIFIED, summary: None, isbn: None }
    }
}

/// Writes the EPUB of `doc`.
pub fn write(doc: &Document, opts: &EpubOptions) -> Result<Vec<u8>, crate::Error> {
    let lang = doc.meta.language.clone().unwrap_or_else(|| "en".into());
    let labels = page_labels(doc);
    let faces = fonts::embed(doc)?;
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("META-INF/container.xml".into(), CONTAINER.as_bytes().to_vec()),
        ("OEBPS/package.opf".into(), package(doc, opts, &lang, &faces).into_bytes()),
        ("OEBPS/nav.xhtml".into(), nav(doc, &lang, &labels).into_bytes()),
        ("OEBPS/style.css".into(), style(doc, &faces).into_bytes()),
    ];
    let mut svg = crate::svg::SvgWriter::new(doc).picture_only();
    for (i, label) in labels.iter().enumerate() {
        let picture = svg.page(i)?;
        let xhtml = page::xhtml(doc, i, &picture, &lang, label.as_deref(), &faces);
        files.push((format!("OEBPS/{}", page_file(i)), xhtml.into_bytes()));
    }
    for face in faces {
        files.push((format!("OEBPS/{}", face.href), face.bytes));
    }
    if !doc.pages.is_empty() {
        files.push((format!("OEBPS/{COVER}"), cover_image(doc)?));
    }
    Ok(zip(&files).map_err(|e| format!("could not write the EPUB: {e}"))?)
}

/// The cover image's file: the title page as printed, which reading apps show on their
/// shelves (`properties="cover-image"`).
const COVER: &str = "cover.png";

/// The long side of the cover image in pixels: the size the large stores ask of a cover
/// (Kindle Direct Publishing's ideal is 1,600 × 2,560; Apple Books wants at least 1,400
/// wide), enough for a sharp thumbnail at any reading app's shelf size.
const COVER_LONG_SIDE: f32 = 1600.0;

/// The first page (the title page) rendered to a grey PNG, its long side
/// [`COVER_LONG_SIDE`] pixels.
fn cover_image(doc: &Document) -> Result<Vec<u8>, crate::Error> {
    let (w, h) = doc.page_size;
    let dpi = COVER_LONG_SIDE / (w.max(h) / 72.0);
    let pixmap = crate::preview::Renderer::new(doc, crate::preview::RasterOptions::at_dpi(dpi)).render(0)?;
    Ok(crate::preview::output::png(&pixmap)?)
}

/// The file name of page `i` (0-based).
pub(crate) fn page_file(i: usize) -> String {
    format!("page-{:03}.xhtml", i + 1)
}

/// The printed folio of each page, or none (blank pages, the title page).
fn page_labels(doc: &Document) -> Vec<Option<String>> {
    let mut out = vec![None; doc.pages.len()];
    for (k, r) in doc.labels.iter().enumerate() {
        let end = doc.labels.get(k + 1).map_or(doc.pages.len(), |n| n.start_page).min(doc.pages.len());
        for (n, page) in (r.start_page..end).enumerate() {
            let number = r.first_number as usize + n;
            out[page] = match r.style {
                LabelStyle::Arabic => Some(number.to_string()),
                LabelStyle::LowerRoman => Some(crate::display::lower_roman(number as u32)),
                LabelStyle::None | LabelStyle::Word(_) => None,
            };
        }
    }
    out
}

const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"#;

/// `YYYY-MM-DDThh:mm:ssZ`.
fn iso_date(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let s = unix.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// The book's identifier, the same for every edition of its text: `urn:isbn:` and its
/// 13 digits when it has an ISBN, else a UUID from its title and author — RFC 9562's
/// version 8 (a name-based UUID of the maker's own hash: FNV-1a, 128 bits, over the
/// title, a unit separator and the author), so editing a poem does not make it another
/// book to a reading system.
fn identifier(doc: &Document, isbn: Option<&str>) -> String {
    if let Some(isbn) = isbn {
        return format!("urn:isbn:{isbn}");
    }
    let mut h: [u64; 2] = [0xcbf2_9ce4_8422_2325, 0x8422_2325_cbf2_9ce4];
    let mut feed = |b: &[u8]| {
        for &x in b {
            for (k, v) in h.iter_mut().enumerate() {
                *v ^= u64::from(x) + k as u64;
                *v = v.wrapping_mul(0x0100_0000_01b3);
            }
        }
    };
    feed(doc.meta.title.as_bytes());
    feed(b"\x1f");
    feed(doc.meta.author.as_deref().unwrap_or("").as_bytes());
    let hex = format!("{:016x}{:016x}", h[0], h[1]);
    // Version 8 in the third group's first digit; the variant (binary 10) in the fourth's.
    let variant = 8 + (u8::from_str_radix(&hex[16..17], 16).unwrap_or(0) & 3);
    format!("urn:uuid:{}-{}-8{}-{variant:x}{}-{}", &hex[0..8], &hex[8..12], &hex[13..16], &hex[17..20], &hex[20..32])
}

fn summary(doc: &Document) -> String {
    let figures = doc
        .roles
        .iter()
        .flatten()
        .filter_map(|r| match r {
            crate::display::Role::Figure { id, .. } => Some(*id),
            _ => None,
        })
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let mut s = String::from(
        "A fixed-layout edition whose pages look as they print. Every page carries its text as real, structured text (headings, each stanza a paragraph of lines) in reading order, and a page list of the printed page numbers.",
    );
    if figures > 0 {
        let _ = write!(
            s,
            " Its {figures} drawing{} and chart{} each have a text alternative made from their own words.",
            if figures == 1 { "" } else { "s" },
            if figures == 1 { "" } else { "s" }
        );
    }
    s.push_str(" The text cannot be reflowed or enlarged apart from the page.");
    s
}

fn package(doc: &Document, opts: &EpubOptions, lang: &str, faces: &[fonts::Face]) -> String {
    let m = &doc.meta;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id" xml:lang="{lang}" prefix="rendition: http://www.idpf.org/vocab/rendition/#">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">{}</dc:identifier>
    <dc:title>{}</dc:title>
"#,
        identifier(doc, opts.isbn.as_deref()),
        escape(&m.title)
    );
    if let Some(a) = &m.author {
        let _ = writeln!(s, "    <dc:creator>{}</dc:creator>", escape(a));
    }
    if let Some(d) = &m.subject {
        let _ = writeln!(s, "    <dc:description>{}</dc:description>", escape(d));
    }
    let _ = write!(
        s,
        r#"    <dc:language>{}</dc:language>
    <meta property="dcterms:modified">{}</meta>
    <meta property="rendition:layout">pre-paginated</meta>
    <meta property="rendition:orientation">auto</meta>
    <meta property="rendition:spread">auto</meta>
    <meta property="schema:accessMode">textual</meta>
    <meta property="schema:accessMode">visual</meta>
    <meta property="schema:accessModeSufficient">textual</meta>
    <meta property="schema:accessModeSufficient">textual,visual</meta>
    <meta property="schema:accessibilityFeature">alternativeText</meta>
    <meta property="schema:accessibilityFeature">structuralNavigation</meta>
    <meta property="schema:accessibilityFeature">tableOfContents</meta>
    <meta property="schema:accessibilityFeature">readingOrder</meta>
    <meta property="schema:accessibilityFeature">pageNavigation</meta>
    <meta property="schema:accessibilityFeature">printPageNumbers</meta>
    <meta property="schema:accessibilityHazard">none</meta>
    <meta property="schema:accessibilitySummary">{}</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="css" href="style.css" media-type="text/css"/>
"#,
        escape(lang),
        iso_date(opts.modified),
        escape(&opts.summary.clone().unwrap_or_else(|| summary(doc)))
    );
    for (k, f) in faces.iter().enumerate() {
        let _ = writeln!(s, r#"    <item id="font{k}" href="{}" media-type="{}"/>"#, escape(&f.href), f.media_type);
    }
    if !doc.pages.is_empty() {
        let _ = writeln!(s, r#"    <item id="cover" href="{COVER}" media-type="image/png" properties="cover-image"/>"#);
    }
    for i in 0..doc.pages.len() {
        let _ = writeln!(
            s,
            r#"    <item id="p{}" href="{}" media-type="application/xhtml+xml" properties="svg"/>"#,
            i + 1,
            page_file(i)
        );
    }
    s.push_str("  </manifest>\n  <spine>\n");
    for i in 0..doc.pages.len() {
        // The first page is a recto; rectos sit on the right of a spread.
        let side = if i % 2 == 0 { "page-spread-right" } else { "page-spread-left" };
        let _ = writeln!(s, r#"    <itemref idref="p{}" properties="{side}"/>"#, i + 1);
    }
    s.push_str("  </spine>\n</package>\n");
    s
}

fn nav(doc: &Document, lang: &str, labels: &[Option<String>]) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="{lang}" lang="{lang}">
<head><meta charset="utf-8"/><title>{}</title></head>
<body>
<nav epub:type="toc" id="toc" role="doc-toc"><h1>Contents</h1>
<ol>
<li><a href="{}">{}</a></li>
"#,
        escape(&doc.meta.title),
        page_file(0),
        escape(&doc.meta.title)
    );
    for e in doc.outline.iter().filter(|e| e.page < doc.pages.len()) {
        let _ = writeln!(s, r#"<li><a href="{}">{}</a></li>"#, page_file(e.page), escape(&e.title));
    }
    s.push_str("</ol>\n</nav>\n<nav epub:type=\"page-list\" id=\"page-list\" role=\"doc-pagelist\" hidden=\"hidden\"><h2>Pages</h2>\n<ol>\n");
    for (i, l) in labels.iter().enumerate() {
        if let Some(l) = l {
            let _ = writeln!(s, r##"<li><a href="{}#page-{}">{}</a></li>"##, page_file(i), escape(l), escape(l));
        }
    }
    s.push_str(
        "</ol>\n</nav>\n<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\"><h2>Landmarks</h2>\n<ol>\n",
    );
    let _ = writeln!(s, r#"<li><a epub:type="titlepage" href="{}">Title page</a></li>"#, page_file(0));
    if let Some(first) = doc.outline.first().filter(|e| e.page < doc.pages.len()) {
        let _ = writeln!(
            s,
            r#"<li><a epub:type="bodymatter" href="{}">{}</a></li>"#,
            page_file(first.page),
            escape(&first.title)
        );
    }
    s.push_str("</ol>\n</nav>\n</body>\n</html>\n");
    s
}

fn style(doc: &Document, faces: &[fonts::Face]) -> String {
    let (w, h) = doc.page_size;
    let mut s = String::new();
    for f in faces {
        let _ = writeln!(
            s,
            "@font-face {{ font-family: \"{}\"; src: url(\"{}\"); font-weight: normal; font-style: normal; }}\n\
             .{} {{ font-family: \"{}\", serif; }}",
            f.family, f.href, f.family, f.family
        );
    }
    s + &format!(
        "html, body {{ margin: 0; padding: 0; }}\n\
         body {{ width: {w}px; height: {h}px; }}\n\
         .page {{ position: relative; width: {w}px; height: {h}px; overflow: hidden; background: #fff; }}\n\
         .picture {{ position: absolute; left: 0; top: 0; width: {w}px; height: {h}px; }}\n\
         .text, .text * {{ margin: 0; padding: 0; font-weight: normal; font-style: normal; font-size: inherit; }}\n\
         .text {{ position: absolute; left: 0; top: 0; width: {w}px; height: {h}px; font-family: serif; }}\n\
         .r {{ position: absolute; white-space: pre; line-height: 1; color: transparent; font-kerning: none; font-variant-ligatures: none; }}\n\
         .text a {{ text-decoration: none; color: transparent; }}\n",
        w = px(w),
        h = px(h)
    )
}

/// Points as CSS pixels (one to one: the viewport is the page in points), rounded.
fn px(v: f32) -> i64 {
    v.round() as i64
}

/// The files in a zip, in the order given after `mimetype` (stored, first, as OCF asks),
/// every entry dated 1980-01-01 so the bytes depend on the content alone.
fn zip(files: &[(String, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, DateTime};
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let at = DateTime::default();
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored).last_modified_time(at);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).last_modified_time(at);
    w.start_file("mimetype", stored)?;
    w.write_all(b"application/epub+zip")?;
    for (name, bytes) in files {
        w.start_file(name.as_str(), deflated)?;
        w.write_all(bytes)?;
    }
    Ok(w.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_numerals() {
        assert_eq!(iso_date(DEFAULT_MODIFIED), "2000-01-01T00:00:00Z");
        assert_eq!(iso_date(1_709_164_800), "2024-02-29T00:00:00Z");
        assert_eq!(crate::display::lower_roman(14), "xiv");
    }
}
