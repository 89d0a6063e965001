use std::time::Instant;
fn main() {
    let root = std::path::PathBuf::from("/work/main");
    for _ in 0..3 {
        let t = Instant::now();
        let book = chapbook::spec::load(&root).unwrap();
        let t1 = t.elapsed();
        let mut fonts = chapbook::text::FontBook::scan(&root.join("fonts")).unwrap();
        let t2 = t.elapsed();
        let mut shaper = chapbook::text::Shaper::new();
        let out = chapbook::layout::layout(&book, &mut fonts, &mut shaper).ok().unwrap();
        let t3 = t.elapsed();
        let pdf = chapbook::pdf::write(&out.document, &Default::default()).unwrap();
        let t4 = t.elapsed();
        eprintln!(
            "spec {:?} fonts {:?} layout {:?} pdf {:?} ({} bytes)",
            t1,
            t2 - t1,
            t3 - t2,
            t4 - t3,
            pdf.bytes.len()
        );
    }
}
