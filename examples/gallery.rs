//! The text-art gallery for people to look at: every diagram of `tests/art-corpus/`, one a
//! page, drawn on the left with its source (in the mono face) beside it on the right.
//! `cargo run --example gallery` writes `output/gallery.pdf`; render pages with
//! `pdftoppm -r 60 -png output/gallery.pdf /tmp/gallery`.

#[path = "../tests/art/gallery.rs"]
mod gallery;

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let diagrams = gallery::corpus(&root);
    let dir = root.join("target/gallery");
    gallery::write_project(&root, &dir, &diagrams);
    let compiled = chapbook::build::compile(&dir, None).unwrap_or_else(|e| {
        eprintln!("{}", chapbook::diag::render(&e, &dir));
        std::process::exit(1)
    });
    let mut doc = compiled.document;
    gallery::add_sources(&mut doc, &root, &diagrams);
    let out = chapbook::pdf::write(&doc, &chapbook::pdf::Options::default()).expect("pdf");
    let path = root.join("output/gallery.pdf");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, out.bytes).unwrap();
    println!("wrote {} ({} diagrams, {} pages)", path.display(), diagrams.len(), doc.pages.len());
}
