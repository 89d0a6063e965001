//! Unit tests of the SVG backend: hand-made display lists, and a real project for glyphs,
//! text and source spans.

use super::*;
use crate::display::{Path as DPath, Point, Stroke};
use crate::test_support::doc_with;
use std::path::PathBuf;

#[test]
fn numbers_have_two_decimals_at_most_and_no_trailing_zeros() {
    let n = |v: f32| num(v).to_string();
    assert_eq!(n(12.5), "12.5");
    assert_eq!(n(-3.0), "-3");
    assert_eq!(n(0.071), "0.07");
    assert_eq!(n(-0.071), "-0.07");
    assert_eq!(n(-0.001), "0");
    assert_eq!(n(419.5276), "419.53");
    assert_eq!(n(-12.3), "-12.3");
    assert_eq!(n(100.0), "100");
}

#[test]
fn text_is_escaped_for_xml() {
    assert_eq!(escape("a <b> & \"c\""), "a &lt;b&gt; &amp; &quot;c&quot;");
}

#[test]
fn a_page_is_its_trim_box_with_paths_filled_then_stroked() {
    let square = DPath::polygon(
        [Point::new(10.0, 20.0), Point::new(40.0, 20.0), Point::new(40.0, 50.0), Point::new(10.0, 50.0)],
        Ink::new(0.5).unwrap(),
    );
    let mut stroked = DPath::line(
        Point::new(0.0, 0.0),
        Point::new(100.0, 80.0),
        Stroke { width: 0.75, ink: Ink::BLACK, cap: LineCap::Round, join: LineJoin::Bevel },
    );
    stroked.fill = None;
    let doc = doc_with((100.0, 80.0), vec![Item::Path(square), Item::Path(stroked)]);
    let svg = SvgWriter::new(&doc).page(0).unwrap();
    assert!(svg.starts_with(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100pt\" height=\"80pt\" viewBox=\"0 0 100 80\""
    ));
    assert!(svg.contains("<path d=\"M10 20L40 20L40 50L10 50Z\" fill=\"#808080\"/>"), "{svg}");
    assert!(
        svg.contains("<path d=\"M0 0L100 80\" fill=\"none\" stroke=\"#000000\" stroke-width=\"0.75\" stroke-linecap=\"round\" stroke-linejoin=\"bevel\""),
        "{svg}"
    );
    // Painting order is the display list's.
    assert!(svg.find("M10 20").unwrap() < svg.find("M0 0").unwrap());
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(SvgWriter::new(&doc).page(1).is_err());
}

fn mini() -> (PathBuf, crate::build::Compiled) {
    let project = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    let compiled = crate::build::compile(&project, None).unwrap_or_else(|e| panic!("{e:?}"));
    (project, compiled)
}

#[test]
fn glyphs_are_outlines_and_the_words_are_there_as_text() {
    let (project, c) = mini();
    let mut w = SvgWriter::new(&c.document).with_sources(&c.sources, &project);
    let all: Vec<String> = (0..c.document.pages.len()).map(|i| w.page(i).unwrap()).collect();
    let runs: Vec<&crate::display::GlyphRun> = c
        .document
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text(r) if !r.text.trim().is_empty() => Some(r),
            _ => None,
        })
        .collect();
    assert!(!runs.is_empty());
    let joined = all.join("");
    // Every run's text is present once per run, escaped; glyphs are quadratic or cubic curves.
    assert_eq!(joined.matches("<text ").count(), runs.len());
    for r in &runs {
        assert!(joined.contains(&escape(r.text.trim_end())), "missing {:?}", r.text);
    }
    assert!(joined.contains('Q') || joined.contains('C'));
    // Items written by a block say where they came from; the section files are relative.
    assert!(joined.contains("data-src=\"layout/01-one.toml:"), "no span in {}", &joined[..2000.min(joined.len())]);
    // Same document, same bytes.
    let mut again = SvgWriter::new(&c.document).with_sources(&c.sources, &project);
    assert_eq!(again.page(1).unwrap(), all[1]);
}

#[test]
fn spans_name_the_block_line_of_every_block_item() {
    let (_, c) = mini();
    assert_eq!(c.sources.pages.len(), c.document.pages.len());
    for (p, spans) in c.document.pages.iter().zip(&c.sources.pages) {
        assert_eq!(spans.len(), p.items.len());
    }
    let sec = &c.book.sections[0];
    let first_block_line = sec.blocks[0].line as u32;
    let lines: Vec<u32> = c.sources.pages.iter().flatten().filter(|s| s.file == 0).map(|s| s.line).collect();
    assert!(lines.contains(&first_block_line), "{lines:?} lacks {first_block_line}");
    // The title page is furniture: no span.
    assert!(c.sources.pages[0].iter().all(|s| s.is_none()));
}

#[test]
fn write_pages_writes_one_file_per_page_and_removes_stale_ones() {
    let (project, c) = mini();
    let dir = std::env::temp_dir().join(format!("chapbook-svg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("page-999.svg"), "old").unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let files = write_pages(&c.document, &dir, Some((&c.sources, &project))).unwrap();
    assert_eq!(files.len(), c.document.pages.len());
    assert!(files[0].ends_with("page-001.svg"));
    assert!(!dir.join("page-999.svg").exists());
    assert!(dir.join("notes.txt").exists());
    let n = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(n, c.document.pages.len() + 1);
    std::fs::remove_dir_all(&dir).unwrap();
}
