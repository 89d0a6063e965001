//! The text-art gallery: every diagram of `tests/art-corpus/` as a section of a throwaway
//! project, one diagram a page. Shared by `tests/art_corpus.rs` (which reads the geometry
//! back from the display list) and `examples/gallery.rs` (which writes the PDF with each
//! diagram's source beside it).
#![allow(dead_code)]

use chapbook::display::{Document, Item, PathEl};
use std::path::{Path, PathBuf};

/// One corpus diagram: its file stem and text.
pub struct Diagram {
    pub name: String,
    pub text: String,
}

/// The corpus, sorted by file name.
pub fn corpus(root: &Path) -> Vec<Diagram> {
    let mut out: Vec<Diagram> = std::fs::read_dir(root.join("tests/art-corpus"))
        .expect("tests/art-corpus")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| Diagram {
            name: p.file_stem().unwrap().to_string_lossy().into_owned(),
            text: std::fs::read_to_string(&p).unwrap(),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Page width and height of the gallery (A4 landscape: a diagram on the left half, its
/// source on the right).
pub const PAGE: (f32, f32) = (841.89, 595.28);

/// Writes a project under `dir`: one section per diagram (numeral = its number, title = its
/// name), the art block on the left half of the page. Fonts are the repository's.
pub fn write_project(root: &Path, dir: &Path, diagrams: &[Diagram]) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("layout")).unwrap();
    copy_dir(&root.join("fonts"), &dir.join("fonts"));
    // Fallback faces for the diagrams in other scripts and with symbols (DejaVu Sans, a
    // subset of Noto Sans CJK): declared for every diagram, used only where a label needs them.
    copy_dir(&root.join("tests/fixtures/fonts-fallback"), &dir.join("fonts/fallback"));
    std::fs::write(
        dir.join("layout/book.toml"),
        r#"title = "Text art gallery"
contents = false

[page]
size = "297mmx210mm"
inside = "20mm"
outside = "20mm"
top = "15mm"
bottom = "15mm"

[type]
family = "EB Garamond"
size = "10.5pt"
leading = "14pt"
mono = "Source Code Pro"
fallback = ["DejaVu Sans", "Noto Sans CJK JP"]

[print]
pad_to = 0
"#,
    )
    .unwrap();
    for (i, d) in diagrams.iter().enumerate() {
        let text = d.text.trim_end_matches('\n');
        let s = format!(
            "numeral = \"{}\"\ntitle = \"{}\"\n\n[[block]]\nkind = \"art\"\nalign = \"left\"\nwidth = \"48%\"\ntext = '''\n{}\n'''\n",
            i + 1,
            d.name,
            text
        );
        std::fs::write(dir.join(format!("layout/{:03}-{}.toml", i + 1, d.name)), s).unwrap();
    }
    dir.to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// Sets each diagram's source, character for character in the mono face, on the right half
/// of its page beside the drawing (page `i + 1` holds diagram `i`; page 0 is the title).
pub fn add_sources(doc: &mut Document, root: &Path, diagrams: &[Diagram]) {
    use chapbook::display::{Ink, Point};
    use chapbook::internals::{FontBook, RunRequest, ShapeKey, Shaper, Style};
    let mut fonts = FontBook::scan(&root.join("fonts")).expect("fonts");
    let id = fonts.resolve("Source Code Pro", Style::Regular).expect("the mono face");
    let key = ShapeKey::new(id, &[]);
    let mut shaper = Shaper::new();
    let doc_font = doc.add_font(fonts.face(id).source());
    let mut fallback_fonts = FontBook::scan(&root.join("tests/fixtures/fonts-fallback")).expect("fallback fonts");
    let extra: Vec<(ShapeKey, _, chapbook::display::FontId)> = ["DejaVu Sans", "Noto Sans CJK JP"]
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
                col += chapbook::art::cells_of(c);
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
