//! Prints the art stage's reading of a text-art file (lines, arrowheads, reaches, labels):
//! `cargo run --example art_dump -- tests/art-corpus/flow-ascii.txt`.
fn main() {
    let path = std::env::args().nth(1).expect("a text-art file");
    let text = std::fs::read_to_string(&path).expect("readable");
    match chapbook::art::parse(&text, &Default::default()) {
        Ok(d) => {
            for l in &d.lines {
                println!(
                    "line {:?} {:?}{}{}",
                    l.weight,
                    l.points,
                    if l.closed { " closed" } else { "" },
                    if l.dashed { " dashed" } else { "" }
                );
            }
            for h in &d.arrowheads {
                println!("head {:?} {:?}", h.tip, h.dir);
            }
            for b in &d.boxes {
                println!("box {} {} {} {}", b.left, b.top, b.right, b.bottom);
            }
            for f in &d.fills {
                println!("fill {:?} tint {}", f.rect, f.tint);
            }
            for r in &d.reaches {
                println!("reach {:?} {:?} {:?}", r.at, r.dir, r.to);
            }
            for m in &d.near_misses {
                let (message, fix) = m.describe(&|r, c| format!("row {}, column {}", r + 1, c + 1));
                println!("near miss row {} col {}: {message} ({fix})", m.row + 1, m.col + 1);
            }
            for l in &d.labels {
                println!("label {:?} row {} {:?}", l.text, l.row, l.align);
            }
        }
        Err(e) => eprintln!("{e}"),
    }
}
