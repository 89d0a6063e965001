//! The text-art gallery for people to look at: every diagram of `tests/art-corpus/`, one a
//! page, drawn on the left with its source (in the mono face) beside it on the right.
//! `cargo run --example gallery` writes `output/gallery.pdf`; render pages with
//! `pdftoppm -r 60 -png output/gallery.pdf /tmp/gallery`.

#[path = "../tests/art/gallery.rs"]
mod gallery;

use chapbook::display::{Item, PathEl};
use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let diagrams = gallery::corpus(&root);
    let dir = root.join("target/gallery");
    gallery::write_project(&root, &dir, &diagrams, true);
    let compiled = chapbook::build::compile(&dir, None).unwrap_or_else(|e| {
        eprintln!("{}", chapbook::diag::render(&e, &dir));
        std::process::exit(1)
    });
    let mut doc = compiled.document;
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
    let out = chapbook::pdf::write(&doc, &chapbook::pdf::Options::default()).expect("pdf");
    let path = root.join("output/gallery.pdf");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, out.bytes).unwrap();
    println!("wrote {} ({} diagrams, {} pages)", path.display(), diagrams.len(), doc.pages.len());
}
