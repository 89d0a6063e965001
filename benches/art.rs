//! The art stage alone: text-art diagrams → vector primitives (`chapbook::art::parse`).
//!
//! `cargo bench --bench art`.

use chapbook::art::ArtOptions;
use chapbook::spec::BlockKind;
use divan::{Bencher, black_box};
use std::path::Path;

fn main() {
    divan::main();
}

/// Every art block of the chapbook, with the options its layout passes.
fn chapbook_diagrams() -> Vec<(String, ArtOptions)> {
    let book = chapbook::spec::load(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("loads");
    book.sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match &b.kind {
            BlockKind::Art(a) => Some((
                a.text.clone(),
                ArtOptions { extra_art: a.art_chars.clone(), force_text: a.text_chars.clone(), rounded: a.rounded },
            )),
            _ => None,
        })
        .collect()
}

/// All of the chapbook's diagrams, parsed once each.
#[divan::bench]
fn chapbook_all_diagrams(bencher: Bencher) {
    let diagrams = chapbook_diagrams();
    bencher.counter(divan::counter::ItemsCount::new(diagrams.len())).bench(|| {
        for (text, opts) in &diagrams {
            black_box(chapbook::art::parse(black_box(text), opts).unwrap());
        }
    });
}

/// One large diagram: the chapbook's biggest, tiled `n`×`n` (side by side and stacked),
/// to see how parsing scales with the number of cells.
#[divan::bench(args = [1, 4, 16])]
fn tiled_diagram(bencher: Bencher, n: usize) {
    let (text, _) = chapbook_diagrams().into_iter().max_by_key(|(t, _)| t.len()).expect("the chapbook has art");
    let width = text.lines().map(|l| l.chars().count()).max().unwrap_or(0) + 2;
    let row: Vec<String> = text.lines().map(|l| format!("{l:<width$}").repeat(n)).collect();
    let tiled = vec![row.join("\n"); n].join("\n");
    let opts = ArtOptions::default();
    bencher
        .counter(divan::counter::BytesCount::new(tiled.len()))
        .bench(|| chapbook::art::parse(black_box(&tiled), &opts).unwrap());
}
