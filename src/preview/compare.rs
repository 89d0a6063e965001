//! Visual regression support: comparing two renderings pixel by pixel and checking a
//! rendering against a reference PNG kept in the repository.
//!
//! Test support, not API: the crate's unit tests use it as `preview::compare`, the
//! integration tests include this file by path (`tests/common`), so it names only std and
//! tiny-skia.
//!
//! Set `CHAPBOOK_UPDATE_REFERENCES=1` to (re)write references instead of comparing.
//! Without it a missing reference is a failure: a new page must be looked at and its
//! reference written on purpose, never accepted by default.

use std::path::{Path, PathBuf};
use tiny_skia::Pixmap;

/// Two pixels whose grey levels differ by more than this (0–255) count as different;
/// smaller differences are anti-aliasing noise.
pub const GREY_THRESHOLD: u8 = 32;

/// How much two renderings differ.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Diff {
    /// Pixels whose grey differs by more than `GREY_THRESHOLD` (32 of 255); pixels present in only
    /// one image (different sizes) count too.
    pub differing_pixels: usize,
    /// Largest grey difference of any pixel (255 if the sizes differ).
    pub max_delta: u8,
    /// `differing_pixels` over the pixels of the larger width × larger height.
    pub fraction: f32,
}

/// Grey level of a pixel composited on white paper (Rec. 601 luma).
fn grey(p: tiny_skia::PremultipliedColorU8) -> i32 {
    // Premultiplied colour over white: c + (255 - a).
    let paper = 255 - p.alpha() as u32;
    let (r, g, b) = (p.red() as u32 + paper, p.green() as u32 + paper, p.blue() as u32 + paper);
    ((r * 299 + g * 587 + b * 114 + 500) / 1000) as i32
}

/// Compares two pixmaps by grey level. Images of different sizes are compared over their
/// common top-left area and every other pixel counts as differing.
pub fn compare(a: &Pixmap, b: &Pixmap) -> Diff {
    let (w, h) = (a.width().min(b.width()), a.height().min(b.height()));
    let total = a.width().max(b.width()) as usize * a.height().max(b.height()) as usize;
    let mut differing = total - w as usize * h as usize;
    let mut max_delta: u8 = if differing > 0 { 255 } else { 0 };
    let (pa, pb) = (a.pixels(), b.pixels());
    for y in 0..h as usize {
        let ra = &pa[y * a.width() as usize..][..w as usize];
        let rb = &pb[y * b.width() as usize..][..w as usize];
        for (x, y) in ra.iter().zip(rb) {
            let d = (grey(*x) - grey(*y)).unsigned_abs().min(255) as u8;
            max_delta = max_delta.max(d);
            if d > GREY_THRESHOLD {
                differing += 1;
            }
        }
    }
    Diff {
        differing_pixels: differing,
        max_delta,
        fraction: if total == 0 { 0.0 } else { differing as f32 / total as f32 },
    }
}

/// Checks `pixmap` against the PNG at `reference`: passes when at most `tolerance` (a
/// fraction, e.g. 0.005 for 0.5 %) of the pixels differ and the sizes agree. With
/// [`updating_references`], writes the reference (creating its folder) and passes; without
/// it a missing reference fails. On a mismatch the rendering is written to the system temp
/// folder for inspection and the message says where.
pub fn check_against_reference(pixmap: &Pixmap, reference: &Path, tolerance: f32) -> Result<(), String> {
    if updating_references() {
        if let Some(dir) = reference.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        pixmap.save_png(reference).map_err(|e| format!("cannot write {}: {e}", reference.display()))?;
        return Ok(());
    }
    if !reference.exists() {
        return Err(format!(
            "{}: no reference; look at the page, then write it with CHAPBOOK_UPDATE_REFERENCES=1",
            reference.display()
        ));
    }
    let expected =
        Pixmap::load_png(reference).map_err(|e| format!("cannot read reference {}: {e}", reference.display()))?;
    let diff = compare(pixmap, &expected);
    let size_ok = (pixmap.width(), pixmap.height()) == (expected.width(), expected.height());
    if size_ok && diff.fraction <= tolerance {
        return Ok(());
    }
    let actual = save_actual(pixmap, reference);
    let mut msg = if size_ok {
        format!(
            "{}: {} pixels ({:.3}%) differ by more than {GREY_THRESHOLD} grey levels \
             (tolerance {:.3}%), largest difference {}",
            reference.display(),
            diff.differing_pixels,
            diff.fraction * 100.0,
            tolerance * 100.0,
            diff.max_delta
        )
    } else {
        format!(
            "{}: the rendering is {}×{} px but the reference {}×{} px",
            reference.display(),
            pixmap.width(),
            pixmap.height(),
            expected.width(),
            expected.height()
        )
    };
    if let Some(p) = actual {
        msg += &format!("; this rendering is at {}", p.display());
    }
    msg += "; if the change is intended, rerun with CHAPBOOK_UPDATE_REFERENCES=1";
    Err(msg)
}

/// Whether `CHAPBOOK_UPDATE_REFERENCES=1` asks for references to be (re)written.
pub fn updating_references() -> bool {
    std::env::var("CHAPBOOK_UPDATE_REFERENCES").is_ok_and(|v| v == "1")
}

/// Writes a failing rendering to `<temp>/chapbook-preview/<parent>-<name>` so it can be
/// compared with the reference by eye.
fn save_actual(pixmap: &Pixmap, reference: &Path) -> Option<PathBuf> {
    let dir = std::env::temp_dir().join("chapbook-preview");
    std::fs::create_dir_all(&dir).ok()?;
    let parent =
        reference.parent().and_then(|p| p.file_name()).map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = reference.file_name()?.to_string_lossy();
    let path = dir.join(format!("{parent}-{name}"));
    pixmap.save_png(&path).ok()?;
    Some(path)
}
