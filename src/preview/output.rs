//! PNG files: encoding a pixmap, writing a folder of page previews with a contact sheet,
//! and parsing the page ranges a user types (`3-5`, `4`).

use super::raster::Renderer;
use super::sheet::contact_sheet;
use super::{PreviewError, RasterOptions};
use crate::display::Document;
use std::path::{Path, PathBuf};
use tiny_skia::Pixmap;

/// Columns of the contact sheet [`write_previews`] makes: two spreads a row.
pub const SHEET_COLUMNS: usize = 4;

/// The pixmap as PNG bytes (RGBA, 8 bits per channel).
pub fn png(pixmap: &Pixmap) -> Result<Vec<u8>, PreviewError> {
    pixmap.encode_png().map_err(|e| PreviewError::Png(format!("cannot encode PNG: {e}")))
}

/// Renders pages of `doc` into `dir` (created if needed) as `page-001.png`, … (numbered by
/// page position in the book, 1-based, at least three digits) and a `contact.png` of all of
/// them. `pages` is a 1-based inclusive range; `None` is every page. The previews of an
/// earlier run (`page-NNN.png`, `contact.png`) are removed first, so the folder never mixes
/// two runs (an A5 page 7 beside new A6 pages 3–4); other files in it are left alone.
/// Returns the paths written, pages first, the contact sheet last.
pub fn write_previews(
    doc: &Document,
    dir: &Path,
    pages: Option<(usize, usize)>,
    opts: &RasterOptions,
) -> Result<Vec<PathBuf>, crate::Error> {
    write_pngs(doc, dir, pages, opts).map_err(crate::Error::from)
}

/// [`write_previews`], with the preview's own error.
pub(crate) fn write_pngs(
    doc: &Document,
    dir: &Path,
    pages: Option<(usize, usize)>,
    opts: &RasterOptions,
) -> Result<Vec<PathBuf>, PreviewError> {
    let n = doc.pages.len();
    let (first, last) = pages.unwrap_or((1, n));
    if n == 0 {
        return Err(PreviewError::Range("the document has no pages".into()));
    }
    if first == 0 || first > last || last > n {
        return Err(PreviewError::Range(format!("pages {first}-{last} are not in the document: it has pages 1-{n}")));
    }
    std::fs::create_dir_all(dir).map_err(|source| PreviewError::Io { path: dir.to_path_buf(), source })?;
    remove_previews(dir)?;
    let mut renderer = Renderer::new(doc, *opts);
    let mut written = Vec::new();
    let mut pixmaps = Vec::new();
    for number in first..=last {
        let pixmap = renderer.render_one(number - 1)?;
        let path = dir.join(format!("page-{number:03}.png"));
        write(&path, &png(&pixmap)?)?;
        written.push(path);
        pixmaps.push(pixmap);
    }
    let path = dir.join("contact.png");
    write(&path, &png(&contact_sheet(&pixmaps, SHEET_COLUMNS))?)?;
    written.push(path);
    Ok(written)
}

/// Removes the files an earlier [`write_previews`] made in `dir`, and nothing else.
fn remove_previews(dir: &Path) -> Result<(), PreviewError> {
    let entries = std::fs::read_dir(dir).map_err(|source| PreviewError::Io { path: dir.to_path_buf(), source })?;
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let page = name
            .strip_prefix("page-")
            .and_then(|n| n.strip_suffix(".png"))
            .is_some_and(|n| n.len() >= 3 && n.bytes().all(|b| b.is_ascii_digit()));
        if (page || name == "contact.png") && path.is_file() {
            std::fs::remove_file(&path).map_err(|source| PreviewError::Io { path: path.clone(), source })?;
        }
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), PreviewError> {
    std::fs::write(path, bytes).map_err(|source| PreviewError::Io { path: path.to_path_buf(), source })
}

/// Parses `"3-5"` (pages 3 to 5) or `"4"` (page 4 alone) into a 1-based inclusive range.
/// Pages count from 1; the end may not come before the start. Whether the pages exist is
/// checked by [`write_previews`].
pub fn parse_page_range(s: &str) -> Result<(usize, usize), PreviewError> {
    let bad = |why: &str| {
        PreviewError::Range(format!("`{s}` is not a page range{why}: write one page (`4`) or a range (`3-5`)"))
    };
    let num = |t: &str| -> Result<usize, PreviewError> {
        let t = t.trim();
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(""));
        }
        match t.parse::<usize>() {
            Ok(0) => Err(bad(" (pages count from 1)")),
            Ok(v) => Ok(v),
            Err(_) => Err(bad("")),
        }
    };
    let (a, b) = match s.split_once('-') {
        Some((a, b)) => (num(a)?, num(b)?),
        None => {
            let a = num(s)?;
            (a, a)
        }
    };
    if b < a {
        return Err(bad(" (the end comes before the start)"));
    }
    Ok((a, b))
}
