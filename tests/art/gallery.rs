//! The text-art gallery: every diagram of `tests/art-corpus/` as a section of a throwaway
//! project, one diagram a page. Shared by `tests/art_corpus.rs` (which reads the geometry
//! back from the display list) and the crate's `art_gallery` unit test (which sets each
//! diagram's source beside it, checks the pages against their references and writes
//! the PDF for people). Plain std: both include this file by path.
#![allow(dead_code)]

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
