//! Text art through the pipeline: `cargo bench --bench art`.
//!
//! The art engine is not public API, so it is timed where a program meets it, inside
//! `build::compile`: the gallery (every diagram of `tests/art-corpus/`, one a page; the
//! project `tests/art/gallery.rs` writes) laid out in memory, spec and font scan included.
//! Before issue 24 this bench timed `art::parse` alone on the chapbook's diagrams.

#[path = "../tests/art/gallery.rs"]
mod gallery;

use divan::{Bencher, black_box};
use std::path::Path;

fn main() {
    divan::main();
}

/// Every corpus diagram laid out as an art block.
#[divan::bench(max_time = 10)]
fn gallery_compile(bencher: Bencher) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let diagrams = gallery::corpus(root);
    let dir = gallery::write_project(root, &root.join("target/bench-art-gallery"), &diagrams);
    bencher
        .counter(divan::counter::ItemsCount::new(diagrams.len()))
        .bench(|| chapbook::build::compile(black_box(&dir), None).unwrap());
}
