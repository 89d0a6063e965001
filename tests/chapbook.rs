//! The real chapbook, built from this repository's layout/ and fonts/: structure checked
//! in Rust, and by qpdf, pdffonts and pdftotext when they are installed.

mod common;
use common::*;
use std::collections::HashMap;

#[test]
fn the_chapbook_is_a5_with_trim_and_bleed_boxes_on_every_page() {
    let pdf = chapbook_pdf();
    assert!(pdf.starts_with(b"%PDF-1."));
    let pages = page_count(pdf);
    assert!(pages >= 12 && pages.is_multiple_of(4), "{pages} pages");
    let trims = boxes(pdf, "TrimBox");
    assert_eq!(trims.len(), pages);
    for t in &trims {
        assert!(((t[2] - t[0]) - 419.528).abs() < 0.01 && ((t[3] - t[1]) - 595.276).abs() < 0.01, "{t:?}");
    }
    let bleeds = boxes(pdf, "BleedBox");
    assert_eq!(bleeds.len(), pages);
    for (b, t) in bleeds.iter().zip(&trims) {
        assert!((t[0] - b[0] - 8.504).abs() < 0.01 && (b[3] - t[3] - 8.504).abs() < 0.01, "{b:?} {t:?}");
    }
}

#[test]
fn repeated_builds_are_byte_identical() {
    // Sections, fonts and pages go to whichever thread is free first, which differs from
    // build to build; the bytes may not.
    let a = chapbook_pdf();
    let out = scratch("again").join("again.pdf");
    let opts = chapbook::build::BuildOptions::default().with(|o| {
        o.project = root();
        o.output = Some(out.clone());
    });
    for run in 0..4 {
        chapbook::build::build(&opts).unwrap();
        assert!(std::fs::read(&out).unwrap() == a, "build {} differs", run + 2);
    }
}

#[test]
fn qpdf_finds_no_problem() {
    let path = to_file("qpdf.pdf", chapbook_pdf());
    if let Some((ok, out, err)) = run_tool("qpdf", &["--check", path.to_str().unwrap()]) {
        assert!(ok, "qpdf --check failed:\n{out}\n{err}");
        assert!(out.contains("No syntax or stream encoding errors"), "{out}");
    }
}

#[test]
fn every_font_is_embedded_subset_with_a_unicode_map() {
    let path = to_file("fonts.pdf", chapbook_pdf());
    if let Some((ok, out, _)) = run_tool("pdffonts", &[path.to_str().unwrap()]) {
        assert!(ok);
        let rows: Vec<&str> = out.lines().skip(2).collect();
        assert!(rows.len() >= 2, "{out}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            // name type encoding emb sub uni object ID
            assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{row}");
            assert!(cols[0].as_bytes()[6] == b'+', "subset tag: {row}");
        }
    }
}

#[test]
fn pdftotext_gives_back_every_word_of_the_manuscript() {
    let expected = manuscript_words();
    let path = to_file("text.pdf", chapbook_pdf());
    let Some((ok, text, _)) = run_tool("pdftotext", &[path.to_str().unwrap(), "-"]) else {
        return;
    };
    assert!(ok);
    let mut have: HashMap<String, i32> = HashMap::new();
    for w in words(&text) {
        *have.entry(w).or_default() += 1;
    }
    let mut missing = Vec::new();
    for w in expected {
        let n = have.entry(w.clone()).or_default();
        if *n == 0 {
            missing.push(w);
        } else {
            *n -= 1;
        }
    }
    assert!(missing.is_empty(), "words missing from the text layer: {missing:?}");
    for c in ['─', '│', '┌', '┐', '└', '┘', '┬', '┴', '┼', '►', '▼', '←', '↑', '→', '↓', '•']
    {
        assert!(!text.contains(c), "art character {c} in the text layer");
    }
    assert!(text.contains("“the”"), "typographic quotes");
}

#[test]
fn every_diagram_page_draws_vector_paths_and_types_no_art_characters() {
    let compiled = chapbook::build::compile(&root(), None).unwrap_or_else(|e| panic!("{e:?}"));
    let doc = &compiled.document;
    let mut diagrams = 0;
    for (section, entry) in compiled.book.sections.iter().zip(&doc.outline) {
        let has_art = section
            .blocks
            .iter()
            .any(|b| matches!(b.kind, chapbook::spec::BlockKind::Art(_) | chapbook::spec::BlockKind::Chart(_)));
        let page = &doc.pages[entry.page];
        let paths = page.items.iter().filter(|i| matches!(i, chapbook::display::Item::Path(_))).count();
        for item in &page.items {
            if let chapbook::display::Item::Text(run) = item {
                assert!(!run.text.chars().any(is_art_glyph), "{}: art character typed in “{}”", entry.title, run.text);
            }
        }
        if has_art {
            diagrams += 1;
            assert!(paths >= 2, "{}: only {paths} paths", entry.title);
        }
    }
    assert!(diagrams >= 5, "{diagrams} sections with diagrams");
}

fn is_art_glyph(c: char) -> bool {
    matches!(c, '\u{2500}'..='\u{257F}' | '\u{2190}'..='\u{21FF}' | '\u{25A0}'..='\u{25FF}' | '•')
        || c == '|'
        || c == '+'
}
