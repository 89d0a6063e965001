//! A bounded fuzz loop on stable Rust, for machines without nightly / cargo-fuzz: mutates
//! the real layout files (and the art blocks in them) with a seeded PRNG for N seconds
//! and asserts that nothing panics. Each mutant goes to one of three targets, the same as
//! fuzz/fuzz_targets: the spec parser, an art block laid out (the art engine through
//! `build::compile`), and the whole build (to
//! memory, via `chapbook::build::check`). A panicking input is saved under
//! fuzz/regressions/ and the run fails.
//!
//!     cargo run --release --example fuzz_smoke -- [SECONDS] [SEED]

#[path = "../fuzz/fuzz_targets/common.rs"]
mod fuzz_common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// Tokens that reach deep into the spec: keys, units, extreme numbers, art characters.
const DICT: &[&str] = &[
    "\"",
    "'''",
    "\n",
    "[[block]]\n",
    "=",
    "kind = \"art\"\n",
    "kind = \"verse\"\n",
    "kind = \"chart\"\n",
    "kind = \"space\"\n",
    "height = ",
    "size = ",
    "leading = ",
    "min_size = ",
    "width = ",
    "row_height = ",
    "stroke = ",
    "indent = ",
    "letter_spacing = ",
    "stanza_space = ",
    "space_before = ",
    "tint = { from = 0.1, to = 2, peak = 0 }",
    "arrow = { length = \"0pt\", width = \"-3pt\" }",
    "\"0pt\"",
    "\"-1pt\"",
    "\"1e9pt\"",
    "\"99999mm\"",
    "\"0.0001pt\"",
    "\"200%\"",
    "\"-50%\"",
    "\"3em\"",
    "\"1000em\"",
    "\"nan\"",
    "\"inf pt\"",
    "┌",
    "─",
    "┐",
    "│",
    "└",
    "┘",
    "├",
    "┼",
    "▼",
    "▲",
    "◀",
    "▶",
    "→",
    "←",
    "↑",
    "↓",
    "+",
    "-",
    "|",
    "v",
    "^",
    "<",
    ">",
    "___",
    "•",
    "😀",
    "漢",
    "\u{301}",
    "\u{200d}",
    "\t",
    " ",
    "  ",
    "                                        ",
    "0.42",
    "\"x\"",
    "[page]\n",
    "[type]\n",
    "[print]\n",
    "pad_to = 3\n",
    "numeral = \"I\"\n",
    "title = \"\"\n",
    "align = \"optical\"\n",
    "style = \"italic\"\n",
    "family = \"Source Code Pro\"\n",
    "corners = \"round\"\n",
    "art_chars = \"•v^\"\n",
    "text_chars = \"-|\"\n",
];

fn mutate(rng: &mut Rng, input: &str) -> String {
    let mut s: Vec<char> = input.chars().collect();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(s.len() + 1);
        match rng.below(6) {
            0 | 1 => {
                let tok: Vec<char> = DICT[rng.below(DICT.len())].chars().collect();
                s.splice(at..at, tok);
            }
            2 if !s.is_empty() => {
                let end = (at + 1 + rng.below(40)).min(s.len());
                s.drain(at.min(end)..end);
            }
            3 if !s.is_empty() => {
                let end = (at + 1 + rng.below(200)).min(s.len());
                let piece: Vec<char> = s[at.min(end)..end].to_vec();
                let to = rng.below(s.len() + 1);
                let most = if rng.below(20) == 0 { 200 } else { 3 };
                let times = 1 + rng.below(most);
                for _ in 0..times {
                    s.splice(to..to, piece.iter().copied());
                }
            }
            4 if !s.is_empty() => {
                let i = at.min(s.len() - 1);
                s[i] = char::from_u32(rng.below(0x3000) as u32).unwrap_or('?');
            }
            _ => {
                let i = at.min(s.len());
                s.insert(i, (b' ' + rng.below(95) as u8) as char);
            }
        }
    }
    s.into_iter().collect()
}

fn art_texts(section: &str) -> Vec<String> {
    section.split("'''").skip(1).step_by(2).map(str::to_string).collect()
}

fn project(dir: &Path, book: &str, section: &str) {
    let _ = std::fs::remove_dir_all(dir.join("layout"));
    std::fs::create_dir_all(dir.join("layout")).unwrap();
    std::fs::write(dir.join("layout/book.toml"), book).unwrap();
    std::fs::write(dir.join("layout/01-fuzz.toml"), section).unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seconds: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(30);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let book = std::fs::read_to_string(root.join("layout/book.toml")).unwrap();
    let mut sections = Vec::new();
    for e in std::fs::read_dir(root.join("layout")).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().is_some_and(|n| n != "book.toml") {
            sections.push(std::fs::read_to_string(p).unwrap());
        }
    }
    sections.sort();
    let arts: Vec<String> = sections.iter().flat_map(|s| art_texts(s)).collect();
    let dir = std::env::temp_dir().join(format!("chapbook-fuzz-smoke-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let _ = std::fs::remove_file(dir.join("fonts"));
    std::os::unix::fs::symlink(root.join("fonts"), dir.join("fonts")).unwrap();
    std::panic::set_hook(Box::new(|_| {}));

    let mut rng = Rng(seed.max(1));
    let start = Instant::now();
    let (mut runs, mut slowest) = ([0usize; 3], Duration::ZERO);
    let mut crashes = 0;
    while start.elapsed() < Duration::from_secs(seconds) {
        let target = rng.below(3);
        let t0 = Instant::now();
        let (label, input, result) = match target {
            0 => {
                // The spec parser: a mutated section, sometimes a mutated book.
                let pick = rng.below(sections.len());
                let sec = mutate(&mut rng, &sections[pick]);
                let b = if rng.below(4) == 0 { mutate(&mut rng, &book) } else { book.clone() };
                project(&dir, &b, &sec);
                let r = catch_unwind(AssertUnwindSafe(|| {
                    let _ = chapbook::spec::load(&dir);
                }));
                ("spec", format!("{b}\n# ---- 01-fuzz.toml ----\n{sec}"), r)
            }
            1 => {
                let pick = rng.below(arts.len());
                let text = mutate(&mut rng, &arts[pick]);
                // One art block through the pipeline (the art engine is not public API).
                let flags =
                    (rng.below(3) == 0) as u8 | ((rng.below(5) == 0) as u8) << 1 | ((rng.below(2) == 0) as u8) << 2;
                let section = fuzz_common::art_section(&text, flags);
                project(&dir, &book, &section);
                let r = catch_unwind(AssertUnwindSafe(|| {
                    let _ = chapbook::build::compile(&dir, None);
                }));
                ("art", text, r)
            }
            _ => {
                let pick = rng.below(sections.len());
                let sec = mutate(&mut rng, &sections[pick]);
                project(&dir, &book, &sec);
                let r = catch_unwind(AssertUnwindSafe(|| {
                    let _ = chapbook::build::check(&chapbook::build::BuildOptions::new(&dir));
                }));
                ("build", sec, r)
            }
        };
        runs[target] += 1;
        slowest = slowest.max(t0.elapsed());
        if result.is_err() {
            crashes += 1;
            let out = root.join("fuzz/regressions");
            std::fs::create_dir_all(&out).unwrap();
            let path = out.join(format!("smoke-{label}-{seed}-{}.txt", runs.iter().sum::<usize>()));
            std::fs::write(&path, &input).unwrap();
            eprintln!("PANIC in {label}; input saved to {}", path.display());
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "fuzz_smoke: {} spec, {} art, {} build runs in {seconds}s (seed {seed}); slowest {:.0} ms; {crashes} panics",
        runs[0],
        runs[1],
        runs[2],
        slowest.as_secs_f64() * 1000.0
    );
    if crashes > 0 {
        std::process::exit(1);
    }
}
