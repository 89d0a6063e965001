// Shared by the targets: a scratch project per process, its fonts linked to the repo's.
// Each target is its own crate and uses only some of these.
#![allow(dead_code)]
use std::path::{Path, PathBuf};

pub fn project(book: &str, section: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chapbook-fuzz-{}", std::process::id()));
    let fonts = dir.join("fonts");
    if !fonts.exists() {
        std::fs::create_dir_all(&dir).unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fonts");
        std::os::unix::fs::symlink(repo, &fonts).unwrap();
    }
    let _ = std::fs::remove_dir_all(dir.join("layout"));
    std::fs::create_dir_all(dir.join("layout")).unwrap();
    std::fs::write(dir.join("layout/book.toml"), book).unwrap();
    std::fs::write(dir.join("layout/01-fuzz.toml"), section).unwrap();
    dir
}

/// The input as (book.toml, section): split at the first NUL, or the fixture's book.
pub fn split(data: &[u8]) -> Option<(String, String)> {
    let text = std::str::from_utf8(data).ok()?;
    Some(match text.split_once('\0') {
        Some((b, s)) => (b.to_string(), s.to_string()),
        None => (include_str!("../../tests/fixtures/mini/layout/book.toml").to_string(), text.to_string()),
    })
}

/// `text` as a TOML basic string (quotes included).
pub fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A section holding `text` as one art block; the bits of `flags` pick the block's options
/// (extra art characters, characters forced to text, rounded corners).
pub fn art_section(text: &str, flags: u8) -> String {
    let mut s = format!("title = \"Art\"\n\n[[block]]\nkind = \"art\"\ntext = {}\n", toml_string(text));
    if flags & 1 != 0 {
        s.push_str("art_chars = \"•v^_<>V\"\n");
    }
    if flags & 2 != 0 {
        s.push_str("text_chars = \"-|\"\n");
    }
    if flags & 4 != 0 {
        s.push_str("corners = \"round\"\n");
    }
    s
}
