//! Font fallback (`[type] fallback`), with real fonts (DejaVu Sans and a subset of Noto Sans
//! CJK under tests/fixtures/fonts-fallback): characters the book face lacks are set from
//! the first fallback that has them, in verse, titles and art labels, on the book face's
//! baseline; a book that needs no fallback embeds none; a character no font has is an error
//! at its file:line:col; `check` lists what each fallback set. Read back from the display
//! list, the PDF (pdffonts, pdftotext) and the binary's output.

mod common;

use chapbook::display::{Document, Item};
use std::path::PathBuf;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_chapbook");

/// A project with the repository's fonts and the fallback fixtures; `fallback` is the
/// `[type] fallback` line (or none), `section` the one section file.
fn project(name: &str, fallback: &str, section: &str) -> PathBuf {
    let root = common::root();
    let dir = common::scratch(name);
    std::fs::create_dir_all(dir.join("layout")).unwrap();
    common::copy_dir(&root.join("fonts"), &dir.join("fonts"));
    common::copy_dir(&root.join("tests/fixtures/fonts-fallback"), &dir.join("fonts/fallback"));
    std::fs::write(
        dir.join("layout/book.toml"),
        format!(
            "title = \"Rain\"\n\n[page]\nsize = \"a5\"\n\n[type]\nfamily = \"EB Garamond\"\nsize = \"10.5pt\"\nleading = \"14pt\"\n{fallback}\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.join("layout/01-rain.toml"), section).unwrap();
    dir
}

const SECTION: &str = r#"numeral = "I"
title = "雨 rain"

[[block]]
kind = "verse"
text = '''
the rain says 雨 ★ and goes
'''

[[block]]
kind = "art"
text = '''
┌──────────┐
│ 雨 rain  │
└──────────┘
'''
"#;

const FALLBACK: &str = r#"fallback = ["DejaVu Sans", "Noto Sans CJK JP"]"#;

fn runs(doc: &Document) -> Vec<&chapbook::display::GlyphRun> {
    doc.pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text(r) => Some(r),
            _ => None,
        })
        .collect()
}

fn family(doc: &Document, run: &chapbook::display::GlyphRun) -> String {
    doc.fonts[run.font.index()].postscript_name.clone()
}

#[test]
fn characters_the_book_face_lacks_come_from_the_first_fallback_that_has_them() {
    let dir = project("fallback", FALLBACK, SECTION);
    let compiled =
        chapbook::build::compile(&dir, None).unwrap_or_else(|e| panic!("{}", chapbook::diag::render(&e, &dir)));
    assert!(compiled.warnings.is_empty(), "{}", chapbook::diag::render(&compiled.warnings, &dir));
    let doc = &compiled.document;
    let all = runs(doc);
    let by_text = |t: &str| all.iter().filter(|r| r.text.contains(t)).collect::<Vec<_>>();
    // 雨 in the title, the verse and the art label, from Noto Sans CJK; ★ from DejaVu Sans
    // (which comes first but has no 雨).
    let ame = by_text("雨");
    assert_eq!(ame.len(), 3, "{:?}", all.iter().map(|r| &r.text).collect::<Vec<_>>());
    assert!(
        ame.iter().all(|r| family(doc, r).starts_with("NotoSansCJK")),
        "{:?}",
        ame.iter().map(|r| family(doc, r)).collect::<Vec<_>>()
    );
    let star = by_text("★");
    assert_eq!(star.len(), 1);
    assert_eq!(family(doc, star[0]), "DejaVuSans");
    // On the line's baseline, right after the text before it, x-heights matched.
    let verse: Vec<_> = all.iter().filter(|r| (r.origin.y - ame[1].origin.y).abs() < 0.01).collect();
    assert!(verse.len() >= 4, "the verse line is in pieces: {:?}", verse.iter().map(|r| &r.text).collect::<Vec<_>>());
    let mut xs: Vec<(f32, f32)> = verse.iter().map(|r| (r.origin.x, r.origin.x + r.width())).collect();
    xs.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
    assert!(xs.windows(2).all(|w| (w[1].0 - w[0].1).abs() < 0.01), "pieces end to end: {xs:?}");
    let xh = |r: &chapbook::display::GlyphRun| {
        let src = &doc.fonts[r.font.index()];
        let f = ttf_parser::Face::parse(src.bytes(), src.index).unwrap();
        f.x_height().unwrap() as f32 / f.units_per_em() as f32 * r.size
    };
    let body = verse.iter().find(|r| r.text.contains("rain says")).unwrap();
    assert!((xh(ame[1]) - xh(body)).abs() < 0.01, "{} vs {}", xh(ame[1]), xh(body));
    // `check` lists what each fallback set.
    assert_eq!(
        compiled.fallback_chars,
        vec![("DejaVu Sans".to_string(), "★".to_string()), ("Noto Sans CJK JP".to_string(), "雨".to_string())]
    );
    let out = Command::new(BIN).args(["check", "--project"]).arg(&dir).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("fallback: DejaVu Sans set 1 character(s): ★"), "{stdout}");
    assert!(stdout.contains("fallback: Noto Sans CJK JP set 1 character(s): 雨"), "{stdout}");
    // The PDF embeds both, subset, and gives the text back.
    let pdf = dir.join("out.pdf");
    let opts = chapbook::build::BuildOptions::default().with(|o| {
        o.project = dir.clone();
        o.output = Some(pdf.clone());
    });
    chapbook::build::build(&opts).unwrap();
    let p = pdf.to_str().unwrap();
    if let Some((ok, fonts, _)) = common::run_tool("pdffonts", &[p]) {
        assert!(ok);
        assert!(fonts.contains("DejaVuSans") && fonts.contains("NotoSansCJK"), "{fonts}");
    }
    if let Some((ok, text, _)) = common::run_tool("pdftotext", &[p, "-"]) {
        assert!(ok);
        assert!(text.contains("雨") && text.contains("★"), "{text}");
    }
}

#[test]
fn a_fallback_no_character_needs_is_never_loaded() {
    let section = "numeral = \"I\"\ntitle = \"rain\"\n\n[[block]]\nkind = \"verse\"\ntext = '''\nthe rain says\n'''\n";
    let with = chapbook::build::compile(&project("unused", FALLBACK, section), None).unwrap();
    let without = chapbook::build::compile(&project("none", "", section), None).unwrap();
    let names = |d: &Document| d.fonts.iter().map(|f| f.postscript_name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&with.document), names(&without.document));
    assert!(with.fallback_chars.is_empty());
    // Box drawing in art is drawn, not set: DejaVu (which has it) is not loaded for it.
    let art = "numeral = \"I\"\ntitle = \"box\"\n\n[[block]]\nkind = \"art\"\ntext = '''\n┌──┐\n│a │\n└──┘\n'''\n";
    let art = chapbook::build::compile(&project("art-only", FALLBACK, art), None).unwrap();
    assert!(!names(&art.document).iter().any(|n| n.contains("DejaVu")), "{:?}", names(&art.document));
}

#[test]
fn a_character_no_font_has_is_an_error_at_its_place_naming_the_fonts_tried() {
    // U+1F54A (dove) is in none of the fonts.
    let section =
        "numeral = \"I\"\ntitle = \"peace\"\n\n[[block]]\nkind = \"verse\"\ntext = '''\na dove 🕊 flies\n'''\n";
    for (name, fallback, hint) in [
        ("no-fallback", "", "[type] fallback = ["),
        ("fallback-lacks", FALLBACK, "add a family that has it to `[type] fallback`"),
    ] {
        let dir = project(name, fallback, section);
        let out = Command::new(BIN).args(["build", "--project"]).arg(&dir).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("layout/01-rain.toml:7:8"), "{name}: {stderr}");
        assert!(stderr.contains("U+1F54A") && stderr.contains("EB Garamond regular"), "{name}: {stderr}");
        assert!(stderr.contains(hint), "{name}: {stderr}");
        if !fallback.is_empty() {
            assert!(stderr.contains("DejaVu Sans, Noto Sans CJK JP"), "{stderr}");
        }
        assert!(!stderr.contains("panicked"));
    }
}

#[test]
fn a_fallback_family_missing_from_fonts_is_an_error_at_its_name() {
    let dir = project("missing-family", r#"fallback = ["DejaVu Sans", "Noto Serif Klingon"]"#, SECTION);
    let out = Command::new(BIN).args(["build", "--project"]).arg(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no font family `Noto Serif Klingon`") && stderr.contains("book.toml:10:28"), "{stderr}");
}

#[test]
fn right_to_left_text_is_refused_rather_than_printed_backwards() {
    // DejaVu Sans has Hebrew and Arabic letters, but lines are set left to right: the
    // letters would come out in the wrong order and unjoined, so the build stops at them.
    for (name, text, ch) in [("hebrew", "Hebrew אבג here", "U+05D0"), ("arabic", "Arabic سلام here", "U+0633")] {
        let section =
            format!("numeral = \"I\"\ntitle = \"words\"\n\n[[block]]\nkind = \"verse\"\ntext = '''\n{text}\n'''\n");
        let dir = project(name, FALLBACK, &section);
        let out = Command::new(BIN).args(["build", "--project"]).arg(&dir).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("right to left") && stderr.contains(ch), "{name}: {stderr}");
        assert!(stderr.contains("layout/01-rain.toml:7:8"), "{name}: {stderr}");
        assert!(!dir.join("output/chapbook.pdf").exists());
    }
}

/// Free items and text on a path take characters from the fallback faces too: a free item
/// is set in runs end to end (turned together when it is turned), and each letter on the
/// path in its own face, along the line the runs make.
#[test]
fn free_items_and_text_on_a_path_use_the_fallback_faces() {
    let section = r#"numeral = "I"
title = "Rain"

[[block]]
kind = "free"
height = "40mm"

[[block.item]]
text = "雨 rain"
x = "10mm"
y = "10mm"

[[block.item]]
text = "★ turned"
x = "40mm"
y = "30mm"
rotate = "30deg"

[[block]]
kind = "path"
shape = "circle"
radius = "30mm"
text = "rain 雨 falls ★ round"
"#;
    let dir = project("fallback-free-path", FALLBACK, section);
    let c = chapbook::build::compile(&dir, None).unwrap_or_else(|e| panic!("{}", chapbook::diag::render(&e, &dir)));
    let doc = &c.document;
    let all: Vec<&chapbook::display::GlyphRun> = doc.pages.iter().flat_map(|p| p.runs()).collect();
    let face_of = |text: &str| {
        let r = all.iter().find(|r| r.text.trim() == text).unwrap_or_else(|| panic!("no run “{text}”"));
        family(doc, r)
    };
    // The free items: the fallback's runs beside the book face's.
    assert!(face_of("雨").contains("Noto"), "{}", face_of("雨"));
    assert!(face_of("rain").contains("Garamond"));
    assert!(face_of("★").contains("DejaVu"), "{}", face_of("★"));
    // On the path, one run a letter: 雨 and ★ each in their face, the rest in the book's.
    let stars: Vec<_> = all.iter().filter(|r| r.text == "★").collect();
    assert_eq!(stars.len(), 2, "one ★ in a free item, one on the path");
    assert!(stars.iter().all(|r| family(doc, r).contains("DejaVu")));
    assert_eq!(all.iter().filter(|r| r.text == "雨").count(), 2);
    // The path's letters stay in order along it: the words read back whole.
    let path_text: String =
        all.iter().filter(|r| r.glyphs.len() == 1 && r.text.chars().count() == 1).map(|r| r.text.as_str()).collect();
    assert!(path_text.contains("rain雨falls★round"), "{path_text}");
    // Without the fallback, the character is an error at its place, as in verse.
    let dir = project("no-fallback-free", "", section);
    let Err(e) = chapbook::build::compile(&dir, None) else { panic!("雨 has no glyph in EB Garamond") };
    assert!(chapbook::diag::render(&e, &dir).contains("雨"), "{}", chapbook::diag::render(&e, &dir));
}
