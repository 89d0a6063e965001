//! Wall time of each stage of one build, in process, first run (cold) and two warm runs:
//! `cargo run --release --example stage_times -- [PROJECT] [RUNS]` (default: this
//! repository, 3 runs; many runs make a steady loop to profile).
//! For people reading where the time of a `chapbook build` goes; no assertions. Public
//! API only: `compile` is the spec (again), the font scan beside it and layout with its
//! shaping; the spec's own share is the first figure.
use std::time::Instant;

fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let runs: usize = std::env::args().nth(2).and_then(|n| n.parse().ok()).unwrap_or(3);
    for run in 0..runs {
        let t = Instant::now();
        let book = chapbook::spec::load(&root).expect("the book loads");
        let t1 = t.elapsed();
        std::hint::black_box(book);
        let t2 = t.elapsed();
        // The spec again, the font scan beside it, and layout (shaping included).
        let out = chapbook::build::compile(&root, None).unwrap_or_else(|e| panic!("{e:?}"));
        let t3 = t.elapsed();
        let pdf = chapbook::pdf::write(&out.document, &Default::default()).expect("the PDF writes");
        let t4 = t.elapsed();
        eprintln!(
            "run {run}: spec {:.2?}  compile {:.2?}  pdf {:.2?}  total {:.2?}  ({} pages, {} bytes)",
            t1,
            t3 - t2,
            t4 - t3,
            t4,
            out.document.pages.len(),
            pdf.bytes.len()
        );
    }
}
