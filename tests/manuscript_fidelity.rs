//! The layout must print the manuscript and nothing else.
//!
//! The copy of the manuscript lost its leading whitespace, its runs of interior spaces and
//! its blank lines; the layout restores them (stanza breaks, diagram alignment). This test
//! checks that the restoration added nothing but whitespace and line-character repeats:
//!
//! (a) the sections' headings and block texts, line by line, equal the manuscript's lines
//!     (after the title) once both sides are normalised: lines trimmed, runs of spaces
//!     collapsed, empty lines dropped, runs of each line character `─ │ - |` collapsed to
//!     one, and lines made only of line characters and spaces dropped (so a diagram may
//!     lengthen a `──` run or add or drop a `│` row, and nothing more);
//! (b) the multiset of words is identical (words split on whitespace, box, arrow and
//!     bullet characters stripped from their ends).
//!
//! One deliberate reading moves a line within a diagram and is listed in `MOVED`: it is
//! checked to sit on its anchor's row and is then compared as if it had stayed put.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Characters whose repetition count a diagram may change.
const LINE_CHARS: [char; 4] = ['─', '│', '-', '|'];

fn collapse_spaces(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Normalisation shared by (a): trim, collapse spaces, collapse line-character runs.
/// `None` for lines that vanish (empty, or only line characters and spaces).
fn normalise(line: &str) -> Option<String> {
    let line = collapse_spaces(line);
    if line.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(line.len());
    let mut prev: Option<char> = None;
    for c in line.chars() {
        if LINE_CHARS.contains(&c) && prev == Some(c) {
            continue;
        }
        out.push(c);
        prev = Some(c);
    }
    if out.chars().all(|c| c == ' ' || LINE_CHARS.contains(&c)) {
        return None;
    }
    Some(out)
}

/// Diagram lines set beside an earlier row rather than on their own: (line, anchor row).
/// I. Token: the copy has "← I am not the word." on its own line after "n"; it is set on
/// the row of "k", the middle of the column, so that the arrow points at the column.
const MOVED: &[(&str, &str)] = &[("← I am not the word.", "k")];

/// Applies `MOVED` to the normalised layout lines: "k ← I am not the word." becomes "k"
/// and the moved line goes back to where the manuscript has it, i.e. the test checks the
/// anchor row and then restores manuscript order for the comparison.
fn unmove(layout: Vec<String>, manuscript: &[String]) -> Vec<String> {
    let mut out = layout;
    for (line, anchor) in MOVED {
        let joined = format!("{anchor} {line}");
        let i = out
            .iter()
            .position(|l| *l == joined)
            .unwrap_or_else(|| panic!("expected {joined:?} (a moved line on its anchor row)"));
        out[i] = anchor.to_string();
        // The manuscript's line comes after the anchor and the rows after it that the
        // manuscript also has before the moved line.
        let m = manuscript
            .iter()
            .position(|l| l == line)
            .unwrap_or_else(|| panic!("moved line {line:?} is not in the manuscript"));
        let a = manuscript[..m]
            .iter()
            .rposition(|l| l == anchor)
            .unwrap_or_else(|| panic!("anchor {anchor:?} not before {line:?} in the manuscript"));
        out.insert(i + (m - a), line.to_string());
    }
    out
}

/// Box drawing, arrows, geometric shapes (▼ ►), bullets and the ASCII line characters.
fn is_art_char(c: char) -> bool {
    matches!(c,
        '\u{2190}'..='\u{21FF}'   // arrows
        | '\u{2500}'..='\u{257F}' // box drawing
        | '\u{25A0}'..='\u{25FF}' // geometric shapes
        | '\u{2022}'              // bullet
        | '-' | '|' | '+')
}

fn words<'a>(lines: impl IntoIterator<Item = &'a String>) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for l in lines {
        for w in l.split_whitespace() {
            let w = w.trim_matches(is_art_char);
            if !w.is_empty() {
                *m.entry(w.to_string()).or_insert(0) += 1;
            }
        }
    }
    m
}

/// Headings and block texts of every section file, in file-name order.
fn layout_lines(dir: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.file_name().is_some_and(|n| n != "book.toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no section files in {}", dir.display());
    let mut lines = Vec::new();
    for f in files {
        let src = fs::read_to_string(&f).unwrap();
        let t: toml::Table = src.parse().unwrap_or_else(|e| panic!("{} is not valid TOML: {e}", f.display()));
        let field = |k: &str| {
            t.get(k).and_then(|v| v.as_str()).unwrap_or_else(|| panic!("{} has no `{k}`", f.display())).to_string()
        };
        lines.push(format!("{}. {}", field("numeral"), field("title")));
        let blocks = t.get("block").and_then(|b| b.as_array()).cloned().unwrap_or_default();
        for b in blocks {
            if let Some(text) = b.get("text").and_then(|v| v.as_str()) {
                lines.extend(text.lines().map(str::to_string));
            }
        }
    }
    lines
}

#[test]
fn layout_prints_the_manuscript_and_nothing_else() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The manuscript as the poet handed it over: the book's source text, kept in the repository.
    let ms_path = root.join("tests/fixtures/manuscript/architecture-of-attention.txt");
    let manuscript = fs::read_to_string(&ms_path).expect("the manuscript fixture");
    let ms: Vec<String> = manuscript.lines().skip(1).map(str::to_string).collect();
    let ours = layout_lines(&root.join("layout"));

    // (a) line by line.
    let a: Vec<String> = ms.iter().filter_map(|l| normalise(l)).collect();
    let b: Vec<String> = ours.iter().filter_map(|l| normalise(l)).collect();
    let b = unmove(b, &a);
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        assert_eq!(
            x,
            y,
            "line {} differs (normalised)\n manuscript: {x:?}\n     layout: {y:?}\n context before: {:?}",
            i + 1,
            &a[i.saturating_sub(3)..i]
        );
    }
    assert_eq!(
        a.len(),
        b.len(),
        "line count differs: manuscript {} lines, layout {}; first extra: {:?}",
        a.len(),
        b.len(),
        if a.len() > b.len() { a.get(b.len()) } else { b.get(a.len()) }
    );

    // (b) the same words, each as often.
    let wa = words(ms.iter().collect::<Vec<_>>());
    let wb = words(ours.iter().collect::<Vec<_>>());
    if wa != wb {
        let mut diff = Vec::new();
        for (w, n) in &wa {
            let m = wb.get(w).copied().unwrap_or(0);
            if m != *n {
                diff.push(format!("{w:?}: manuscript {n}, layout {m}"));
            }
        }
        for (w, m) in &wb {
            if !wa.contains_key(w) {
                diff.push(format!("{w:?}: manuscript 0, layout {m}"));
            }
        }
        panic!("word counts differ:\n{}", diff.join("\n"));
    }
}

#[test]
fn normalisation_keeps_words_and_forgives_line_lengths() {
    assert_eq!(normalise("  │   raw   tokens  │ ").as_deref(), Some("│ raw tokens │"));
    assert_eq!(normalise("└────┬──────┘").as_deref(), Some("└─┬─┘"));
    assert_eq!(normalise("+----------+---+").as_deref(), Some("+-+-+"));
    assert_eq!(normalise("│      │   │"), None);
    assert_eq!(normalise("   "), None);
    assert_eq!(normalise("Forty-two percent").as_deref(), Some("Forty-two percent"));
    let w = words(&[String::from("king ───► queen ghost-Claude •••• 0.42 (not")]);
    assert_eq!(w.keys().cloned().collect::<Vec<_>>(), ["(not", "0.42", "ghost-Claude", "king", "queen"]);
}
