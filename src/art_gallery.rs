//! The text-art gallery as people see it: every diagram of `tests/art-corpus/` on a page
//! of its own (the project written by `tests/art/gallery.rs`), with its source set beside
//! it, character for character in the mono face. Setting the source shapes text outside
//! any spec, so it lives inside the crate (the shaper is not public API). The pages are
//! checked against `tests/references/gallery/` (60 dpi); after an intended change, look at
//! the new pages and refresh them with `CHAPBOOK_UPDATE_REFERENCES=1 cargo test --lib
//! art_gallery`. `CHAPBOOK_GALLERY_PDF=output/gallery.pdf cargo test --lib art_gallery`
//! also writes the gallery as a PDF. `art_dump` (ignored: a tool) prints the art stage's
//! reading of one file.

#[path = "../tests/art/gallery.rs"]
mod gallery;

use crate::display::{Document, FontId, Ink, Item, PathEl, Point};
use crate::text::shape::RunRequest;
use crate::text::{FontBook, ShapeKey, Shaper, Style};
use gallery::Diagram;
use std::path::Path;

/// Sets each diagram's source, character for character in the mono face, on the right half
/// of its page beside the drawing (page `i + 1` holds diagram `i`; page 0 is the title).
fn add_sources(doc: &mut Document, root: &Path, diagrams: &[Diagram]) {
    let mut fonts = FontBook::scan(&root.join("fonts")).expect("fonts");
    let id = fonts.resolve("Source Code Pro", Style::Regular).expect("the mono face");
    let key = ShapeKey::new(id, &[]);
    let mut shaper = Shaper::new();
    let doc_font = doc.add_font(fonts.face(id).source());
    let mut fallback_fonts = FontBook::scan(&root.join("tests/fixtures/fonts-fallback")).expect("fallback fonts");
    let extra: Vec<(ShapeKey, _, FontId)> = ["DejaVu Sans", "Noto Sans CJK JP"]
        .iter()
        .map(|f| {
            let fid = fallback_fonts.resolve(f, Style::Regular).expect("a fallback face");
            (ShapeKey::new(fid, &[]), fid, doc.add_font(fallback_fonts.face(fid).source()))
        })
        .collect();

    let (size, leading) = (9.0, 9.0 * 1.26);
    let x = doc.page_size.0 / 2.0 + 20.0;
    for (i, d) in diagrams.iter().enumerate() {
        // Each diagram is a section: its page is the one its bookmark points at.
        let Some(page) = doc.outline.get(i).map(|o| o.page) else { break };
        let page = &mut doc.pages[page];
        // Level with the drawing's top (its highest stroke).
        let top = page
            .items
            .iter()
            .filter_map(|it| match it {
                Item::Path(p) => p
                    .els
                    .iter()
                    .filter_map(|e| match e {
                        PathEl::MoveTo(a) | PathEl::LineTo(a) => Some(a.y),
                        _ => None,
                    })
                    .reduce(f32::min),
                _ => None,
            })
            .reduce(f32::min)
            .unwrap_or(150.0);
        for (row, line) in d.text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let origin = Point::new(x, top + size * 0.8 + row as f32 * leading);
            let ink = Ink::new(0.8).unwrap();
            if line.chars().all(|c| fonts.face(id).has_char(c)) {
                let req = RunRequest { key: &key, text: line, size, origin, ink, letter_spacing: 0.0 };
                let mut run = shaper.run(&fonts, &req);
                run.font = doc_font;
                page.items.push(Item::Text(run));
                continue;
            }
            // A character the mono face lacks comes from a fallback face, in its cells
            // (two for a wide one), as a terminal shows it.
            let cell = shaper.width(&fonts, &key, "0", size);
            let mut col = 0;
            for (i, c) in line.char_indices() {
                let text = &line[i..i + c.len_utf8()];
                let at = Point::new(origin.x + col as f32 * cell, origin.y);
                col += crate::art::cells_of(c);
                if c == ' ' {
                    continue;
                }
                let fallback =
                    extra.iter().find(|(_, f, _)| !fonts.face(id).has_char(c) && fallback_fonts.face(*f).has_char(c));
                let (book, face, doc_face) = match fallback {
                    Some((k, _, df)) => (&fallback_fonts, k, *df),
                    None => (&fonts, &key, doc_font),
                };
                let req = RunRequest { key: face, text, size, origin: at, ink, letter_spacing: 0.0 };
                let mut run = shaper.run(book, &req);
                run.font = doc_face;
                page.items.push(Item::Text(run));
            }
        }
    }
}

#[test]
fn gallery_pages_match_their_references() {
    use crate::preview::{RasterOptions, Renderer, check_against_reference};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let diagrams = gallery::corpus(root);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("gallery");
    gallery::write_project(root, &dir, &diagrams);
    let mut doc = crate::build::compile(&dir, None).unwrap_or_else(|e| panic!("{e:?}")).document;
    add_sources(&mut doc, root, &diagrams);
    if let Some(pdf) = std::env::var_os("CHAPBOOK_GALLERY_PDF") {
        let out = crate::pdf::write(&doc, &crate::pdf::Options::default()).expect("the gallery writes as PDF");
        let pdf = root.join(pdf);
        std::fs::create_dir_all(pdf.parent().unwrap()).unwrap();
        std::fs::write(&pdf, out.bytes).unwrap();
        println!("wrote {} ({} diagrams, {} pages)", pdf.display(), diagrams.len(), doc.pages.len());
    }
    let mut renderer = Renderer::new(&doc, RasterOptions { dpi: 60.0 });
    let refs = root.join("tests/references/gallery");
    let mut failures = Vec::new();
    for entry in &doc.outline {
        let pixmap = renderer.render(entry.page).unwrap();
        let name = entry.title.rsplit(' ').next().unwrap_or(&entry.title).to_string();
        if let Err(e) = check_against_reference(&pixmap, &refs.join(format!("{name}.png")), 0.0005) {
            failures.push(e);
        }
    }
    assert_eq!(doc.outline.len(), diagrams.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A tool, not a check: prints the art stage's reading of a text-art file (lines,
/// arrowheads, boxes, fills, reaches, near misses, labels):
/// `CHAPBOOK_ART_DUMP=tests/art-corpus/flow-ascii.txt cargo test --lib art_dump -- --ignored --nocapture`.
#[test]
#[ignore = "a tool: set CHAPBOOK_ART_DUMP=FILE"]
fn art_dump() {
    let Some(path) = std::env::var_os("CHAPBOOK_ART_DUMP") else {
        println!("set CHAPBOOK_ART_DUMP to a text-art file");
        return;
    };
    let text = std::fs::read_to_string(&path).expect("a readable text-art file");
    let d = match crate::art::parse(&text, &Default::default()) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    for l in &d.lines {
        let closed = if l.closed { " closed" } else { "" };
        let dashed = if l.dashed { " dashed" } else { "" };
        println!("line {:?} {:?}{closed}{dashed}", l.weight, l.points);
    }
    for h in &d.arrowheads {
        println!("head {:?} {:?}", h.tip, h.dir);
    }
    for b in &d.boxes {
        println!("box {} {} {} {}", b.left, b.top, b.right, b.bottom);
    }
    for f in &d.fills {
        println!("fill {:?} tint {}", f.rect, f.tint);
    }
    for r in &d.reaches {
        println!("reach {:?} {:?} {:?}", r.at, r.dir, r.to);
    }
    for m in &d.near_misses {
        let (message, fix) = m.describe(&|r, c| format!("row {}, column {}", r + 1, c + 1));
        println!("near miss row {} col {}: {message} ({fix})", m.row + 1, m.col + 1);
    }
    for l in &d.labels {
        println!("label {:?} row {} {:?}", l.text, l.row, l.align);
    }
}
