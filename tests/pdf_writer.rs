//! End-to-end tests of the `pdf` stage on a hand-built display list with a real font.
//! External tools (qpdf, pdffonts, pdftotext) are used when installed and skipped
//! otherwise, so the suite passes with only Rust.

mod common;
use std::process::Command;
use std::sync::Arc;

use chapbook::display::*;
use chapbook::pdf::{self, Options, PdfX};

const A5: (f32, f32) = (419.5276, 595.2756);
const FONT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/eb-garamond/EBGaramond_400Regular.ttf");

fn font() -> FontSource {
    font_at(FONT)
}

fn font_at(path: &str) -> FontSource {
    let data = std::fs::read(path).expect("font file");
    let face = ttf_parser::Face::parse(&data, 0).unwrap();
    let postscript_name = face
        .names()
        .into_iter()
        .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
        .and_then(|n| n.to_string())
        .unwrap();
    let units_per_em = face.units_per_em();
    FontSource { postscript_name, data: Arc::new(data), index: 0, units_per_em, file: path.into() }
}

/// A stand-in for shaping: one glyph per char, `fi` as the ligature glyph, and a little
/// extra space after each word space (as justification would add), so placements
/// differ from the font's advances.
fn run(src: &FontSource, text: &str, x: f32, y: f32, size: f32) -> GlyphRun {
    let face = ttf_parser::Face::parse(src.bytes(), 0).unwrap();
    let upem = f32::from(face.units_per_em());
    let lig = face
        .glyph_index('\u{FB01}')
        .or_else(|| face.glyph_index_by_name("f_i"))
        .or_else(|| face.glyph_index_by_name("fi"));
    let mut glyphs = Vec::new();
    let mut pen = 0.0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let (id, end) = match (c, chars.peek(), lig) {
            ('f', Some(&(j, 'i')), Some(l)) => {
                chars.next();
                (l.0, j + 1)
            }
            _ => (face.glyph_index(c).map_or(0, |g| g.0), i + c.len_utf8()),
        };
        let advance = f32::from(face.glyph_hor_advance(ttf_parser::GlyphId(id)).unwrap()) * size / upem;
        glyphs.push(Glyph { id, x: pen, y: 0.0, advance, text: (i as u32, end as u32) });
        pen += advance + if c == ' ' { 0.8 } else { 0.0 };
    }
    // Font 0: the first font a document holds (the tests move runs to others by id).
    let font = Document::default().add_font(src.clone());
    GlyphRun { font, size, origin: Point::new(x, y), ink: Ink::BLACK, text: text.to_string(), glyphs }
}

fn stroke(width: f32) -> Stroke {
    Stroke { width, ink: Ink::new(0.6).unwrap(), cap: LineCap::Round, join: LineJoin::Miter }
}

const LINE1: &str = "“Curly quotes” and a fine ﬁgure of speech";
const LINE2: &str = "It’s the first line’s end.";
const LINE3: &str = "Second page, with fish.";

fn document() -> Document {
    let f = font();
    let mut superscript = run(&f, "note1", 60.0, 200.0, 11.0);
    // Raise the last glyph like a note reference: a new Tm for a different baseline.
    superscript.glyphs.last_mut().unwrap().y = -4.0;
    let page1 = Page {
        items: vec![
            Item::Text(run(&f, LINE1, 60.0, 100.0, 11.0)),
            Item::Text(run(&f, LINE2, 60.0, 114.0, 11.0)),
            // A hairline that must be widened, and a normal rule.
            Item::Path(Path::line(Point::new(60.0, 130.0), Point::new(300.0, 130.0), stroke(0.1))),
            Item::Path(Path::line(Point::new(60.0, 140.0), Point::new(300.0, 140.0), stroke(0.5))),
            Item::Path(Path::polygon(
                [Point::new(60.0, 160.0), Point::new(90.0, 160.0), Point::new(75.0, 180.0)],
                Ink::new(0.25).unwrap(),
            )),
            Item::Path(Path {
                els: Outline::from_elements(vec![
                    PathEl::MoveTo(Point::new(100.0, 170.0)),
                    PathEl::CubicTo(Point::new(110.0, 150.0), Point::new(130.0, 190.0), Point::new(140.0, 170.0)),
                    PathEl::Close,
                ])
                .unwrap(),
                fill: Some(Ink::new(0.1).unwrap()),
                stroke: Some(Stroke { width: 1.0, ink: Ink::BLACK, cap: LineCap::Butt, join: LineJoin::Bevel }),
            }),
            Item::Text(superscript),
        ],
    };
    let page2 = Page { items: vec![Item::Text(run(&f, LINE3, 60.0, 100.0, 11.0))] };
    Document {
        roles: Vec::new(),
        page_size: A5,
        pages: vec![page1, page2],
        fonts: vec![f],
        meta: Meta {
            title: "Test Poems".into(),
            author: Some("A. Poet".into()),
            subject: None,
            keywords: Some("poetry, test".into()),
            language: None,
        },
        outline: vec![
            OutlineEntry { title: "First “poem”".into(), page: 0 },
            OutlineEntry { title: "Second".into(), page: 1 },
        ],
        labels: vec![
            LabelRange { start_page: 0, style: LabelStyle::None, first_number: 1 },
            LabelRange { start_page: 1, style: LabelStyle::Arabic, first_number: 1 },
        ],
    }
}

fn pdfx_options() -> Options {
    Options::default().with(|o| {
        o.pdfx = Some(PdfX {
            output_condition_identifier: "FOGRA39".into(),
            output_condition: Some("Coated FOGRA39 (ISO 12647-2:2004)".into()),
            registry_name: "http://www.color.org".into(),
            dest_output_profile: None,
        });
        o.creation_date = Some(1_700_000_000);
    })
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Every stream of the file, inflated when it is FlateDecode.
fn streams(pdf: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = pdf;
    while let Some(i) = rest.windows(7).position(|w| w == b"stream\n") {
        let body = &rest[i + 7..];
        let end = body.windows(10).position(|w| w == b"\nendstream").unwrap();
        let data = &body[..end];
        out.push(miniz_oxide::inflate::decompress_to_vec_zlib(data).unwrap_or_else(|_| data.to_vec()));
        rest = &body[end + 10..];
    }
    out
}

fn tool(name: &str) -> bool {
    let ok = Command::new(name).arg("-v").output().is_ok() || Command::new(name).arg("--version").output().is_ok();
    if !ok {
        common::tool_missing(name);
    }
    ok
}

fn temp_file(tag: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("chapbook-{}-{tag}.pdf", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn header_version() {
    let doc = document();
    let plain = pdf::write(&doc, &Options::default()).unwrap().bytes;
    assert!(plain.starts_with(b"%PDF-1.7\n"));
    let x = pdf::write(&doc, &pdfx_options()).unwrap().bytes;
    assert!(x.starts_with(b"%PDF-1.3\n"));
}

#[test]
fn deterministic() {
    let doc = document();
    for opts in [Options::default(), pdfx_options(), Options::default().with(|o| o.marks = true)] {
        let a = pdf::write(&doc, &opts).unwrap().bytes;
        let b = pdf::write(&doc, &opts).unwrap().bytes;
        assert!(a == b, "two writes differ");
    }
    // The /ID depends on the content.
    let a = pdf::write(&doc, &Options::default()).unwrap().bytes;
    let mut doc2 = doc.clone();
    doc2.meta.title = "Other".into();
    let b = pdf::write(&doc2, &Options::default()).unwrap().bytes;
    let id = |b: &[u8]| {
        let i = b.windows(4).position(|w| w == b"/ID ").unwrap();
        b[i..i + 80].to_vec()
    };
    assert_ne!(id(&a), id(&b));
}

#[test]
fn boxes_a5_with_bleed() {
    let doc = document();
    let out = pdf::write(&doc, &Options::default()).unwrap().bytes;
    assert!(contains(&out, "/MediaBox [0 0 436.5354 612.2834]"));
    assert!(contains(&out, "/BleedBox [0 0 436.5354 612.2834]"));
    assert!(contains(&out, "/TrimBox [8.5039 8.5039 428.0315 603.7795]"));

    let out = pdf::write(&doc, &Options::default().with(|o| o.marks = true)).unwrap().bytes;
    assert!(contains(&out, "/MediaBox [0 0 484.5354 660.2834]"));
    assert!(contains(&out, "/BleedBox [24 24 460.5354 636.2834]"));
    assert!(contains(&out, "/TrimBox [32.5039 32.5039 452.0315 627.7795]"));

    let out = pdf::write(&doc, &Options::default().with(|o| o.bleed = 0.0)).unwrap().bytes;
    assert!(contains(&out, "/MediaBox [0 0 419.5276 595.2756]"));
    assert!(contains(&out, "/TrimBox [0 0 419.5276 595.2756]"));
}

#[test]
fn gray_only() {
    let doc = document();
    for opts in [Options::default(), Options::default().with(|o| o.marks = true)] {
        let out = pdf::write(&doc, &opts).unwrap().bytes;
        assert!(!contains(&out, "RGB"));
        let mut saw_gray = false;
        for s in streams(&out) {
            assert!(!contains(&s, "DeviceRGB") && !contains(&s, "DeviceCMYK"));
            // Content streams and CMaps are ASCII; font programs are not.
            let Ok(text) = std::str::from_utf8(&s) else {
                continue;
            };
            for tok in text.split_whitespace() {
                assert!(!matches!(tok, "rg" | "RG" | "k" | "K" | "cs" | "CS" | "sc" | "scn"));
                saw_gray |= tok == "g" || tok == "G";
            }
        }
        assert!(saw_gray);
    }
}

#[test]
fn thin_strokes_are_widened_with_a_warning() {
    let out = pdf::write(&document(), &Options::default()).unwrap();
    assert_eq!(out.warnings, vec!["1 stroke thinner than 0.25pt was widened to 0.25pt"]);
    let content: Vec<u8> = streams(&out.bytes).concat();
    assert!(contains(&content, "0.25 w"));
    assert!(!contains(&content, "0.1 w"));
}

#[test]
fn metadata_and_pdfx_keys() {
    let doc = document();
    let plain = pdf::write(&doc, &Options::default()).unwrap().bytes;
    assert!(!contains(&plain, "GTS_"));
    assert!(!contains(&plain, "/CreationDate"));
    assert!(contains(&plain, "/Creator (chapbook)"));
    assert!(contains(&plain, "/Title (Test Poems)"));
    assert!(contains(&plain, "/Outlines"));
    assert!(contains(&plain, "/PageLabels"));
    assert!(contains(&plain, "/Nums [0 <<\n      /Type /PageLabel\n    >> 1 <<") || contains(&plain, "/Nums"));

    let x = pdf::write(&doc, &pdfx_options()).unwrap().bytes;
    assert!(contains(&x, "/GTS_PDFXVersion (PDF/X-1:2001)"));
    assert!(contains(&x, "/GTS_PDFXConformance (PDF/X-1a:2001)"));
    assert!(contains(&x, "/Trapped /False"));
    assert!(contains(&x, "/CreationDate (D:20231114221320Z)"));
    assert!(contains(&x, "/ModDate (D:20231114221320Z)"));
    assert!(contains(&x, "/S /GTS_PDFX"));
    assert!(contains(&x, "/OutputConditionIdentifier (FOGRA39)"));
    assert!(contains(&x, "/RegistryName (http://www.color.org)"));
    assert_eq!(x.windows(13).filter(|w| w == b"/OutputIntent").count(), 2); // key + /Type

    let err = pdf::write(&doc, &pdfx_options().with(|o| o.creation_date = None)).unwrap_err();
    assert_eq!(err.to_string(), "PDF/X requires a creation date; set SOURCE_DATE_EPOCH or disable PDF/X");
}

#[test]
fn qpdf_check_is_clean() {
    if !tool("qpdf") {
        return;
    }
    let doc = document();
    for (tag, opts) in [("plain", Options::default()), ("pdfx", pdfx_options().with(|o| o.marks = true))] {
        let path = temp_file(&format!("qpdf-{tag}"), &pdf::write(&doc, &opts).unwrap().bytes);
        let out = Command::new("qpdf").arg("--check").arg(&path).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "qpdf --check failed: {text}");
        assert!(!text.to_lowercase().contains("warning"), "qpdf warned: {text}");
        let _ = std::fs::remove_file(path);
    }
}

#[test]
fn fonts_are_embedded_subsetted_with_unicode() {
    if !tool("pdffonts") {
        return;
    }
    let path = temp_file("pdffonts", &pdf::write(&document(), &Options::default()).unwrap().bytes);
    let out = Command::new("pdffonts").arg(&path).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{text}");
    let rows: Vec<&str> = text.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(rows.len(), 1, "{text}");
    for row in rows {
        let t: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(&t[t.len() - 5..t.len() - 2], &["yes", "yes", "yes"], "{row}");
        assert!(t[0].len() > 7 && t[0].as_bytes()[6] == b'+', "{row}");
        assert!(t[0].ends_with("+EBGaramond-Regular"), "{row}");
    }
    let _ = std::fs::remove_file(path);
}

#[test]
fn text_extracts_in_order() {
    if !tool("pdftotext") {
        return;
    }
    for (tag, opts) in [("plain", Options::default()), ("marks", pdfx_options().with(|o| o.marks = true))] {
        let path = temp_file(&format!("text-{tag}"), &pdf::write(&document(), &opts).unwrap().bytes);
        let out = Command::new("pdftotext").arg(&path).arg("-").output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(out.status.success());
        for line in [LINE1, LINE2, LINE3] {
            // The literal ﬁ character in LINE1 comes back as the letters it stands for.
            let want = line.replace('ﬁ', "fi");
            assert!(text.contains(&want), "missing {want:?} in {text:?}");
        }
        assert!(text.contains("note1"), "{text:?}");
        let _ = std::fs::remove_file(path);
    }
}

#[test]
fn only_used_fonts_are_embedded() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut doc = document();
    // 0: Garamond (used), 1: Bold (unused), 2: Source Code Pro, 3: Garamond Italic.
    doc.fonts.push(font_at(&format!("{root}/fonts/eb-garamond/EBGaramond_700Bold.ttf")));
    doc.fonts.push(font_at(&format!("{root}/fonts/source-code-pro/SourceCodePro-Regular.ttf")));
    doc.fonts.push(font_at(&format!("{root}/fonts/eb-garamond/EBGaramond_400Regular_Italic.ttf")));
    let mut code = run(&doc.fonts[2], "let x = “code”;", 60.0, 300.0, 9.0);
    code.font = doc.font_id(2).unwrap();
    let mut ital = run(&doc.fonts[3], "in italics, softly", 60.0, 320.0, 11.0);
    ital.font = doc.font_id(3).unwrap();
    doc.pages[1].items.push(Item::Text(code));
    doc.pages[1].items.push(Item::Text(ital));
    let out = pdf::write(&doc, &Options::default()).unwrap().bytes;
    assert!(!contains(&out, "Bold"));
    assert!(contains(&out, "+SourceCodePro-Regular"));
    assert!(contains(&out, "+EBGaramond-Italic"));
    // Page 1 only lists the font it uses.
    assert!(contains(&out, "/Font <<\n      /F0"));

    if tool("pdffonts") && tool("pdftotext") && tool("qpdf") {
        let path = temp_file("multi", &out);
        let fonts = Command::new("pdffonts").arg(&path).output().unwrap();
        let fonts = String::from_utf8_lossy(&fonts.stdout).to_string();
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert_eq!(rows.len(), 3, "{fonts}");
        for row in rows {
            let t: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(&t[t.len() - 5..t.len() - 2], &["yes", "yes", "yes"], "{row}");
        }
        let text = Command::new("pdftotext").arg(&path).arg("-").output().unwrap();
        let text = String::from_utf8(text.stdout).unwrap();
        assert!(text.contains("let x = “code”;"), "{text}");
        assert!(text.contains("in italics, softly"), "{text}");
        assert!(Command::new("qpdf").arg("--check").arg(&path).output().unwrap().status.success());
        let _ = std::fs::remove_file(path);
    }
}

#[test]
fn bad_font_index_is_an_error() {
    let mut doc = document();
    // An id from another document, one with eight fonts.
    let mut other = document();
    other.fonts.extend(std::iter::repeat_n(doc.fonts[0].clone(), 7));
    if let Item::Text(r) = &mut doc.pages[0].items[0] {
        r.font = other.font_id(7).unwrap();
    }
    let err = pdf::write(&doc, &Options::default()).unwrap_err();
    assert_eq!(err.to_string(), "a glyph run uses font #7, which the document does not list");
    assert!(err.to_string().contains("#7"));
}

#[test]
fn empty_and_odd_documents_still_write() {
    let mut doc = document();
    doc.pages.push(Page::default());
    // A NaN from a layout bug must not produce an unreadable number.
    doc.pages[2].items.push(Item::Path(Path::line(Point::new(f32::NAN, 10.0), Point::new(20.0, 10.0), stroke(1.0))));
    doc.outline.push(OutlineEntry { title: "Past the end".into(), page: 99 });
    let out = pdf::write(&doc, &Options::default()).unwrap().bytes;
    assert!(!contains(&out, "NaN"));
    for s in streams(&out) {
        assert!(!contains(&s, "NaN"));
    }
    if tool("qpdf") {
        let path = temp_file("odd", &out);
        assert!(Command::new("qpdf").arg("--check").arg(&path).output().unwrap().status.success());
        let _ = std::fs::remove_file(path);
    }
}

/// The OS/2 table's `fsType` (its licence flags) in a font file, at byte 8 of the table.
fn fs_type_at(font: &[u8]) -> usize {
    let os2 = ttf_parser::RawFace::parse(font, 0).unwrap().table(ttf_parser::Tag::from_bytes(b"OS/2")).unwrap();
    os2.as_ptr() as usize - font.as_ptr() as usize + 8
}

#[test]
fn a_face_whose_licence_forbids_embedding_outlines_is_refused_naming_its_file() {
    let original = std::fs::read(FONT).unwrap();
    let at = fs_type_at(&original);
    for (flags, says) in [(0x0002u16, "restricted licence embedding"), (0x0200, "bitmap embedding only")] {
        let dir = common::scratch(&format!("fstype-{flags:04x}"));
        common::copy_dir(&common::fixture("mini"), &dir);
        let file = dir.join("fonts/eb-garamond/EBGaramond_400Regular.ttf");
        let mut patched = original.clone();
        patched[at..at + 2].copy_from_slice(&flags.to_be_bytes());
        std::fs::write(&file, &patched).unwrap();
        let fix = "set the book in a face that may be embedded";

        // The PDF writer alone, given the face.
        let mut doc = document();
        doc.fonts = vec![font_at(file.to_str().unwrap())];
        let e = pdf::write(&doc, &Options::default()).unwrap_err();
        let msg = chapbook::diag::render(&e.diagnostics, &dir);
        for want in [file.to_str().unwrap(), "cannot embed it in the PDF", says, fix] {
            assert!(msg.contains(want), "{flags:#06x}: no `{want}` in {msg}");
        }

        // `chapbook build`: stopped, nothing written; the EPUB refuses it with the same words.
        let out = dir.join("output/book.pdf");
        let opts = chapbook::build::BuildOptions::default().with(|o| {
            o.project = dir.clone();
            o.output = Some(out.clone());
        });
        let e = chapbook::build::build(&opts).unwrap_err();
        let msg = chapbook::diag::render(&e.diagnostics, &dir);
        assert!(msg.contains("EBGaramond_400Regular.ttf") && msg.contains(says) && msg.contains(fix), "{msg}");
        assert!(!out.exists(), "a PDF was written");
        let e = chapbook::build::build_epub(&opts.with(|o| o.output = Some(dir.join("output/book.epub")))).unwrap_err();
        let msg = chapbook::diag::render(&e.diagnostics, &dir);
        assert!(msg.contains("EBGaramond_400Regular.ttf") && msg.contains(says) && msg.contains(fix), "{msg}");
    }
    // The unpatched face is embedded.
    assert!(pdf::write(&document(), &Options::default()).is_ok());
}
