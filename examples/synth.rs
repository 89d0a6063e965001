//! A synthetic book for benchmarks: `cargo run --release --example synth -- N DIR`.
//!
//! Writes a project folder DIR whose build has about N pages (N sections, one page each,
//! plus the title page, padding and colophon):
//!
//! - `DIR/layout/book.toml`: this repository's `layout/book.toml` with `contents = false`
//!   (a one-page contents with N entries would run off its page);
//! - `DIR/fonts`: a symlink to this repository's `fonts/` (absolute path);
//! - `DIR/layout/NNNNN-name.toml`: the repository's sections, cycled. Every `verse` block
//!   has the words of each line shuffled by a seeded PRNG (splitmix64, written out below,
//!   no `rand`), so lines differ between copies and the shaping cache cannot skip work;
//!   a line whose shuffle was already used gets words swapped for poem words of the
//!   same length (keeping its width, so it still fits the measure), and a one-word line
//!   that still repeats gets a short poem word added. Art and chart blocks
//!   are copied unchanged (their text must stay a valid diagram). Numerals become
//!   `III.7` (the original numeral and the copy number), since numerals must be unique.
//!
//! The output is a function of N only: the same N gives the same files.
//!
//! `benches/stages.rs` includes this file as a module to generate its synthetic book.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// splitmix64: a tiny, good-enough PRNG (Steele, Lea, Flood 2014).
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform-enough in `0..n` (n > 0; the modulo bias is irrelevant here).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// What [`generate`] wrote.
#[derive(Debug)]
pub struct Generated {
    pub sections: usize,
    pub verse_lines: usize,
    /// Verse lines that equal an earlier line of the synthetic book (after every retry).
    pub repeated_lines: usize,
}

/// The repository this example belongs to (for `layout/` and `fonts/`).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Writes a synthetic project of `n` sections into `dir` (created; an existing
/// `dir/layout` is replaced), from the project at `source`.
pub fn generate(n: usize, dir: &Path, source: &Path) -> std::io::Result<Generated> {
    let bad = |m: String| std::io::Error::new(std::io::ErrorKind::InvalidData, m);
    let layout = dir.join("layout");
    if layout.exists() {
        std::fs::remove_dir_all(&layout)?;
    }
    std::fs::create_dir_all(&layout)?;

    // book.toml, with the contents page off.
    let book_src = std::fs::read_to_string(source.join("layout/book.toml"))?;
    let mut book: toml::Table = toml::from_str(&book_src).map_err(|e| bad(e.to_string()))?;
    book.insert("contents".into(), toml::Value::Boolean(false));
    std::fs::write(layout.join("book.toml"), toml::to_string(&book).map_err(|e| bad(e.to_string()))?)?;

    // fonts/ → the source's fonts, by absolute path.
    let fonts = dir.join("fonts");
    if std::fs::symlink_metadata(&fonts).is_ok() {
        if fonts.is_dir() && !std::fs::symlink_metadata(&fonts)?.file_type().is_symlink() {
            std::fs::remove_dir_all(&fonts)?;
        } else {
            std::fs::remove_file(&fonts)?;
        }
    }
    let font_src = std::fs::canonicalize(source.join("fonts"))?;
    #[cfg(unix)]
    std::os::unix::fs::symlink(&font_src, &fonts)?;
    #[cfg(not(unix))]
    copy_dir(&font_src, &fonts)?;

    // The source sections, in build order.
    let mut files: Vec<PathBuf> = std::fs::read_dir(source.join("layout"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.file_name().is_some_and(|f| f != "book.toml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(bad("the source project has no sections".into()));
    }
    let mut sections = Vec::new();
    for f in &files {
        let t: toml::Table = toml::from_str(&std::fs::read_to_string(f)?).map_err(|e| bad(e.to_string()))?;
        let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
        // "03-attention" → "attention"
        let name = stem.split_once('-').map(|(_, r)| r.to_string()).unwrap_or(stem);
        sections.push((name, t));
    }

    // Every word of the poem's verse, by length in characters, for de-duplication.
    let mut vocab: Vec<BTreeSet<String>> = Vec::new();
    for (_, t) in &sections {
        for text in verse_texts(t) {
            for w in text.split_whitespace() {
                let len = w.chars().count();
                if vocab.len() <= len {
                    vocab.resize(len + 1, BTreeSet::new());
                }
                vocab[len].insert(w.to_string());
            }
        }
    }
    let vocab: Vec<Vec<String>> = vocab.into_iter().map(|s| s.into_iter().collect()).collect();

    let mut rng = SplitMix(0x00C0_FFEE_2024_0001);
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Generated { sections: n, verse_lines: 0, repeated_lines: 0 };
    for i in 0..n {
        let (name, src) = &sections[i % sections.len()];
        let copy = i / sections.len() + 1;
        let mut t = src.clone();
        let numeral = t.get("numeral").and_then(|v| v.as_str()).unwrap_or("S").to_string();
        t.insert("numeral".into(), format!("{numeral}.{copy}").into());
        if let Some(toml::Value::Array(blocks)) = t.get_mut("block") {
            for b in blocks.iter_mut() {
                let Some(b) = b.as_table_mut() else { continue };
                if b.get("kind").and_then(|k| k.as_str()) != Some("verse") {
                    continue;
                }
                let Some(text) = b.get("text").and_then(|v| v.as_str()) else {
                    continue;
                };
                let mut lines = Vec::new();
                for line in text.split('\n') {
                    if line.trim().is_empty() {
                        lines.push(line.to_string());
                        continue;
                    }
                    out.verse_lines += 1;
                    let l = distinct_line(line, &mut rng, &mut seen, &vocab);
                    if !seen.insert(l.clone()) {
                        out.repeated_lines += 1;
                    }
                    lines.push(l);
                }
                b.insert("text".into(), lines.join("\n").into());
            }
        }
        let file = layout.join(format!("{:05}-{name}.toml", i + 1));
        std::fs::write(file, toml::to_string(&t).map_err(|e| bad(e.to_string()))?)?;
    }
    Ok(out)
}

/// The `text` of every verse block of a section.
fn verse_texts(t: &toml::Table) -> Vec<&str> {
    let Some(toml::Value::Array(blocks)) = t.get("block") else {
        return Vec::new();
    };
    blocks
        .iter()
        .filter_map(|b| b.as_table())
        .filter(|b| b.get("kind").and_then(|k| k.as_str()) == Some("verse"))
        .filter_map(|b| b.get("text").and_then(|v| v.as_str()))
        .collect()
}

/// The line with its words shuffled (its indentation kept); if every try gives a line
/// already used, words are swapped for poem words of the same length, then short poem
/// words are added, until it is new.
fn distinct_line(line: &str, rng: &mut SplitMix, seen: &mut HashSet<String>, vocab: &[Vec<String>]) -> String {
    let indent: String = line.chars().take_while(|c| *c == ' ').collect();
    let mut words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    let mut candidate = String::new();
    for attempt in 0..64 {
        // Fisher–Yates.
        for k in (1..words.len()).rev() {
            let j = rng.below(k + 1);
            words.swap(k, j);
        }
        if attempt >= 8 {
            // Shuffles alone are exhausted (short lines): swap one word, but never a
            // blank (`___`), which must stay a blank.
            let k = rng.below(words.len());
            let len = words[k].chars().count();
            if !words[k].starts_with("___") && vocab.get(len).is_some_and(|v| !v.is_empty()) {
                let v = &vocab[len];
                let w = &v[rng.below(v.len())];
                if !w.starts_with("___") {
                    words[k] = w.clone();
                }
            }
        }
        if attempt >= 32 {
            // Still taken (one-word lines run out of same-length words): add a short
            // poem word; these lines are short, so they still fit the measure.
            let len = 1 + rng.below(4);
            if let Some(v) = vocab.get(len).filter(|v| !v.is_empty()) {
                let w = &v[rng.below(v.len())];
                if !w.starts_with("___") {
                    words.push(w.clone());
                }
            }
        }
        candidate = format!("{indent}{}", words.join(" "));
        if !seen.contains(&candidate) {
            break;
        }
    }
    candidate
}

#[cfg(not(unix))]
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()))?;
        } else {
            std::fs::copy(&p, to.join(e.file_name()))?;
        }
    }
    Ok(())
}

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (args.first(), args.get(1)) else {
        eprintln!("usage: cargo run --release --example synth -- N DIR");
        std::process::exit(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("N must be a number of sections (≈ pages), got `{n}`");
        std::process::exit(2);
    };
    match generate(n, Path::new(dir), &repo_root()) {
        Ok(g) => println!(
            "wrote {dir}: {} sections, {} verse lines ({} repeated); build with: chapbook build --project {dir}",
            g.sections, g.verse_lines, g.repeated_lines
        ),
        Err(e) => {
            eprintln!("synth: {e}");
            std::process::exit(1);
        }
    }
}
