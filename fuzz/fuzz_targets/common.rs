// Shared by the targets: a scratch project per process, its fonts linked to the repo's.
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
