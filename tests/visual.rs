//! Visual regression: every page of the chapbook, rendered by our own rasteriser, matches
//! its reference PNG in `tests/references/chapbook/` (50 dpi). After an intended change,
//! refresh the references with `CHAPBOOK_UPDATE_REFERENCES=1 cargo test --test visual`
//! and look at the new PNGs before committing them. A page without a reference, or a
//! reference without a page, fails.

mod common;
use chapbook::preview::{RasterOptions, Renderer};
use common::*;

/// At most 0.1 % of a page's pixels may differ by more than the grey threshold: a moved
/// word or a missing rule changes several times that, anti-aliasing noise far less.
const TOLERANCE: f32 = 0.001;

#[test]
fn every_page_matches_its_reference() {
    let compiled = chapbook::build::compile(&root(), None).unwrap_or_else(|e| panic!("{e:?}"));
    let doc = &compiled.document;
    let mut renderer = Renderer::new(doc, RasterOptions::default().with(|o| o.dpi = 50.0));
    let dir = root().join("tests/references/chapbook");
    let failures = compare_with_references(&dir, doc.pages.len(), TOLERANCE, |i| renderer.render(i).unwrap());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
