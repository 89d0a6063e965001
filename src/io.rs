//! Files appear whole: a product is written beside its destination under a temporary
//! name and swapped in, so a program reading it meanwhile sees the old file or the new
//! one, never a part, and a failed write leaves the old one as it was. Every backend that
//! writes files (the PDF, imposed sheets, SVG pages) writes through here; this module
//! knows nothing of what the bytes are.

use crate::diag::Diagnostic;
use std::path::Path;

/// Puts `tmp` in place of `path` in one step: readers see the old file or the new one,
/// never a part. On Linux the two are swapped (`renameat2` with `RENAME_EXCHANGE`) and
/// the old one unlinked: a plain rename over an existing file makes ext4 flush the new
/// file's data first (its `auto_da_alloc` safeguard), which cost 0.3–4 ms a build here,
/// up to a third of building the chapbook. Anywhere else, or when there is nothing to
/// swap with, a plain rename.
fn replace(tmp: &Path, path: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, tmp, CWD, path, RenameFlags::EXCHANGE).is_ok() {
            // `tmp` now holds the previous build. The new file is in place whatever
            // happens to the old one.
            let _ = std::fs::remove_file(tmp);
            return Ok(());
        }
    }
    std::fs::rename(tmp, path)
}

/// Writes `bytes` to `path` via a temporary file in the same folder, swapped in whole.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::error(format!("cannot create the output folder {}: {e}", dir.display()))
            .note("choose another place with -o FILE")
    })?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "chapbook.pdf".into());
    // Unique per write, so two builds in one process (watch and serve, or threads of an
    // embedder) never share a temporary file.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|_| replace(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Diagnostic::error(format!("cannot write {}: {e}", path.display()))
            .note("check that the folder is writable, or choose another place with -o FILE"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rewrite_replaces_the_file_and_leaves_nothing_else_behind() {
        let dir = std::env::temp_dir().join(format!("chapbook-replace-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let out = dir.join("book.pdf");
        write_atomically(&out, b"first").unwrap();
        write_atomically(&out, b"second, longer").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"second, longer");
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("book.pdf")]);
        // A folder in the way is an error and stays as it was.
        let folder = dir.join("folder.pdf");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("inside"), b"x").unwrap();
        assert!(write_atomically(&folder, b"pdf").is_err());
        assert_eq!(std::fs::read(folder.join("inside")).unwrap(), b"x");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
