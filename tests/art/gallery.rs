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
/// name), the art block on the left half of the page; with `source`, the source in the mono
/// face after it (the example moves it beside the drawing). Fonts are the repository's.
pub fn write_project(root: &Path, dir: &Path, diagrams: &[Diagram], source: bool) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("layout")).unwrap();
    copy_dir(&root.join("fonts"), &dir.join("fonts"));
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

[print]
pad_to = 0
"#,
    )
    .unwrap();
    for (i, d) in diagrams.iter().enumerate() {
        let text = d.text.trim_end_matches('\n');
        let mut s = format!(
            "numeral = \"{}\"\ntitle = \"{}\"\n\n[[block]]\nkind = \"art\"\nalign = \"left\"\nwidth = \"48%\"\ntext = '''\n{}\n'''\n",
            i + 1,
            d.name,
            text
        );
        if source {
            s.push_str(&format!(
                "\n[[block]]\nkind = \"verse\"\nfamily = \"Source Code Pro\"\nsize = \"9pt\"\nleading = \"12pt\"\nindent_step = \"0.6em\"\nspace_before = \"2em\"\ntext = '''\n{}\n'''\n",
                text.replace("\n\n", "\n·\n")
            ));
        }
        std::fs::write(dir.join(format!("layout/{:02}-{}.toml", i + 1, d.name)), s).unwrap();
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

/// Moves each page's source block (the mono lines after the drawing, and the arrows the
/// verse block drew among them) up beside the drawing, on the right half of the page.
pub fn source_beside(doc: &mut Document) {
    let half = doc.page_size.0 / 2.0;
    // The source block follows the drawing; move its lines (the mono runs) up beside it.
    let mono: Vec<usize> = doc
        .fonts
        .iter()
        .enumerate()
        .filter(|(_, f)| f.postscript_name.starts_with("SourceCodePro"))
        .map(|(i, _)| i)
        .collect();
    for page in &mut doc.pages {
        let is_mono = |it: &Item| matches!(it, Item::Text(r) if mono.contains(&r.font.0));
        let first_mono = page.items.iter().position(is_mono);
        let Some(first) = first_mono else { continue };
        // The drawing's top: the highest path or non-heading run after the heading.
        let art_top = page.items[..first]
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
            .reduce(f32::min);
        let src_top = match &page.items[first] {
            Item::Text(r) => r.origin.y - r.size,
            _ => 0.0,
        };
        let dy = art_top.map(|t| src_top - t).unwrap_or(0.0).max(0.0);
        // The source's lines, and the arrows the verse block drew among them.
        for it in page.items[first..].iter_mut() {
            match it {
                Item::Text(r) if mono.contains(&r.font.0) => {
                    r.origin.x += half;
                    r.origin.y -= dy;
                }
                Item::Path(p) => {
                    for e in p.els.iter_mut() {
                        let pts: Vec<&mut chapbook::display::Point> = match e {
                            PathEl::MoveTo(a) | PathEl::LineTo(a) => vec![a],
                            PathEl::CubicTo(a, b, c) => vec![a, b, c],
                            PathEl::Close => vec![],
                        };
                        for q in pts {
                            q.x += half;
                            q.y -= dy;
                        }
                    }
                }
                _ => {}
            }
        }
    }
}
