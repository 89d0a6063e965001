//! The stages depend only downward (docs/architecture.md draws them): this reads the
//! sources of the lower stages and fails, naming the file and line, when one of them
//! names a module above it. Test code inside those files (`#[cfg(test)] mod tests`, a
//! `tests.rs`) may reach further, for fixtures, and is not read; comments are not read.

use std::path::{Path, PathBuf};

/// Each lower stage and the crate modules it may use besides itself. Everything not listed
/// is above it.
const BELOW: &[(&str, &[&str])] = &[
    // The seam: plain data, knows no stage.
    ("display", &[]),
    // Pure std: text art in cell units.
    ("art", &[]),
    // Pure std: ISBNs and EAN-13 bars, a foundation like `units` (spec checks the ISBN,
    // layout draws the bars).
    ("barcode", &[]),
    // The one error type of the public functions: diagnostics, nothing else (the backends
    // convert their own errors into it in their modules).
    ("error", &["diag"]),
    // TOML → the validated model: the foundations only, and the display list's plain
    // geometry (`PathEl`, `Point` for a path the poet draws), which names no module.
    // `Error` is the crate's one error type (`error.rs`, which names only `diag`).
    ("spec", &["diag", "Error", "units", "targets", "intents", "par", "display", "barcode"]),
    // Fonts and shaping read the spec and produce display types.
    ("text", &["spec", "display", "diag", "units", "par"]),
    // Blocks → the display list.
    ("layout", &["spec", "text", "art", "display", "diag", "units", "par", "barcode"]),
];

fn sources(module: &str) -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let file = src.join(format!("{module}.rs"));
    if file.exists() {
        return vec![file];
    }
    let mut out = Vec::new();
    let mut stack = vec![src.join(module)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && path.file_name().is_some_and(|n| n != "tests.rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no sources for `{module}`");
    out
}

/// The crate modules a line of code names (`crate::x`, `use crate::{x, y::z}`).
fn modules_named(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for item in inner.split(',') {
                let name: String = item.trim().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if !name.is_empty() && name != "self" {
                    out.push(name);
                }
            }
        } else {
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

/// The file's code lines with their numbers, without comments and without its test module.
fn code_lines(text: &str) -> Vec<(usize, &str)> {
    let end = text.find("#[cfg(test)]\nmod tests").unwrap_or(text.len());
    text[..end]
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split("//").next().unwrap_or("")))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect()
}

#[test]
fn lower_stages_never_name_a_module_above_them() {
    let mut wrong = Vec::new();
    for (stage, allowed) in BELOW {
        for file in sources(stage) {
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in code_lines(&text) {
                for m in modules_named(line) {
                    if m != *stage && !allowed.contains(&m.as_str()) {
                        wrong.push(format!("{}:{n}: {stage} names `crate::{m}`: {}", file.display(), line.trim()));
                    }
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "a stage reaches up (move the shared need down, see docs/architecture.md):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_reader_sees_grouped_and_plain_paths() {
    assert_eq!(modules_named("use crate::{diag::Diagnostic, units::Length};"), ["diag", "units"]);
    assert_eq!(modules_named("let x = crate::build::compile(p, None);"), ["build"]);
    assert_eq!(code_lines("a // crate::build\n#[cfg(test)]\nmod tests { crate::build }"), [(1, "a ")]);
}
