//! Benchmarks of each pipeline stage, for people (no assertions): `cargo bench --bench stages`.
//! Through the public API only: the font scan, shaping and layout are timed together as
//! `build::compile` (less `spec::load` for layout's share).
//!
//! Two projects: the chapbook (this repository) and a synthetic 1,200-page book generated
//! by `examples/synth.rs` into `target/bench-synth-1200/` when the bench starts.
//! Filter with divan's arguments, e.g. `cargo bench --bench stages -- layout`. Each bench
//! stops after `max_time` seconds, so the 1,200-page cases take a few samples, not 100.

use chapbook::display::{Document, Item};
use divan::{Bencher, black_box};
use std::path::PathBuf;
use std::sync::OnceLock;

#[path = "../examples/synth.rs"]
#[allow(dead_code)]
mod synth;

/// Pages (≈ sections) of the synthetic book.
const SYNTH_PAGES: usize = 1200;

const PROJECTS: &[&str] = &["chapbook", "synth-1200"];

fn main() {
    // Generate before any timing so every bench sees the same files.
    project("synth-1200");
    divan::main();
}

fn project(name: &str) -> PathBuf {
    static SYNTH: OnceLock<PathBuf> = OnceLock::new();
    match name {
        "chapbook" => synth::repo_root(),
        "synth-1200" => SYNTH
            .get_or_init(|| {
                let dir = synth::repo_root().join("target/bench-synth-1200");
                synth::generate(SYNTH_PAGES, &dir, &synth::repo_root()).expect("generate the synthetic book");
                dir
            })
            .clone(),
        _ => unreachable!("unknown project {name}"),
    }
}

/// The laid-out document, computed once per project.
fn document(name: &str) -> &'static Document {
    static DOCS: OnceLock<Vec<(String, Document)>> = OnceLock::new();
    let docs = DOCS.get_or_init(|| {
        PROJECTS
            .iter()
            .map(|p| {
                let doc = chapbook::build::compile(&project(p), None).expect("compiles").document;
                (p.to_string(), doc)
            })
            .collect()
    });
    &docs.iter().find(|(p, _)| p == name).unwrap().1
}

/// Reading and validating `layout/*.toml` into the model.
#[divan::bench(args = PROJECTS, max_time = 5)]
fn spec_load(bencher: Bencher, name: &str) {
    let root = project(name);
    bencher.bench(|| chapbook::spec::load(black_box(&root)).unwrap());
}

/// Spec, font scan and layout (shaping included): the book laid out in memory.
#[divan::bench(args = PROJECTS, max_time = 5)]
fn compile(bencher: Bencher, name: &str) {
    let root = project(name);
    bencher.bench(|| chapbook::build::compile(black_box(&root), None).unwrap());
}

/// Display list → PDF bytes: font subsetting, content streams, compression, objects.
#[divan::bench(args = PROJECTS, max_time = 5)]
fn pdf_write(bencher: Bencher, name: &str) {
    let doc = document(name);
    let opts = chapbook::pdf::Options::default();
    bencher
        .counter(divan::counter::BytesCount::new(chapbook::pdf::write(doc, &opts).unwrap().bytes.len()))
        .bench(|| chapbook::pdf::write(black_box(doc), &opts).unwrap());
}

/// Imposition alone, in signatures of 4 sheets with marks on spread sheets (the whole
/// book padded to a multiple of 4 pages). Linear in pages: ≈0.3 ms a page in a debug
/// build for 300 to 2,400 pages.
#[divan::bench(args = PROJECTS, max_time = 5)]
fn impose_signatures(bencher: Bencher, name: &str) {
    let mut doc = document(name).clone();
    let pages = doc.pages.len().div_ceil(4) * 4;
    doc.pages.resize_with(pages, Default::default);
    let opts = chapbook::impose::ImposeOptions::default().with(|o| {
        o.sheet = chapbook::impose::Sheet::Spread;
        o.marks = true;
        o.paper_thickness = 0.1 * 72.0 / 25.4;
        o.sheets_per_signature = 4;
        o.bleed = 3.0 * 72.0 / 25.4;
    });
    bencher
        .counter(divan::counter::ItemsCount::new(doc.pages.len()))
        .bench(|| chapbook::impose::impose(black_box(&doc), &opts).unwrap());
}

/// Just the subsetting part of `pdf_write`: EB Garamond Regular cut down to the glyphs
/// the book places in it.
#[divan::bench(args = PROJECTS, max_time = 5)]
fn subset_body_font(bencher: Bencher, name: &str) {
    let doc = document(name);
    let Some(id) = doc.fonts.iter().position(|f| f.postscript_name == "EBGaramond-Regular") else {
        panic!("no EBGaramond-Regular among {:?}", doc.fonts.iter().map(|f| &f.postscript_name).collect::<Vec<_>>());
    };
    let mut gids: Vec<u16> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|it| match it {
            Item::Text(r) if r.font.index() == id => Some(r),
            _ => None,
        })
        .flat_map(|r| r.glyphs.iter().map(|g| g.id))
        .collect();
    gids.sort_unstable();
    gids.dedup();
    let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&gids);
    let font = &doc.fonts[id];
    bencher
        .counter(divan::counter::ItemsCount::new(gids.len()))
        .bench(|| subsetter::subset(black_box(font.bytes()), font.index, &remapper).unwrap());
}

/// The whole pipeline in memory: `build::compile` (spec, fonts, layout) + `pdf::write`.
/// (`chapbook build` adds process start-up and writing the file.)
#[divan::bench(args = PROJECTS, sample_count = 20, max_time = 10)]
fn compile_and_write(bencher: Bencher, name: &str) {
    let root = project(name);
    let opts = chapbook::pdf::Options::default();
    bencher.bench(|| {
        let doc = chapbook::build::compile(black_box(&root), None).unwrap().document;
        chapbook::pdf::write(&doc, &opts).unwrap()
    });
}
