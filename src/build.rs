//! The whole pipeline as one call: read the project, lay it out, write the PDF atomically.
//! `main.rs` and the tests call this; nothing here parses arguments or prints.

use crate::diag::Diagnostic;
use crate::display::Document;
use crate::text::{FontBook, Shaper};
use crate::{layout, spec};
use std::path::{Path, PathBuf};

/// What `chapbook build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub project: PathBuf,
    /// Defaults to `PROJECT/output/chapbook.pdf`.
    pub output: Option<PathBuf>,
    /// Overrides `[page] size` from book.toml.
    pub page_size: Option<String>,
}

/// Why a build failed: input problems (exit 1) or the output could not be written.
#[derive(Debug, Clone)]
pub struct BuildError {
    pub diagnostics: Vec<Diagnostic>,
}

impl From<Vec<Diagnostic>> for BuildError {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        BuildError { diagnostics }
    }
}

impl From<Diagnostic> for BuildError {
    fn from(d: Diagnostic) -> Self {
        BuildError {
            diagnostics: vec![d],
        }
    }
}

#[derive(Debug, Clone)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub bytes: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Reads and lays out the project: spec → fonts → layout.
pub fn compile(
    project: &Path,
    page_size: Option<&str>,
) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut book = spec::load(project)?;
    if let Some(size) = page_size {
        spec::override_page_size(&mut book, size)?;
    }
    let mut fonts = FontBook::scan(&project.join("fonts"))
        .map_err(|e| vec![Diagnostic::error(e.to_string())])?;
    let mut shaper = Shaper::new();
    let out = layout::layout(&book, &mut fonts, &mut shaper)?;
    Ok((out.document, out.warnings))
}

/// Compiles and writes the PDF. The file appears only when it is complete: it is written
/// next to its destination under a temporary name and renamed into place, so a failed
/// build leaves the previous PDF untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let (doc, mut warnings) = compile(&opts.project, opts.page_size.as_deref())?;
    let pdf_opts = crate::pdf::Options {
        creation_date: source_date_epoch(),
        producer: format!("chapbook {}", env!("CARGO_PKG_VERSION")),
        ..crate::pdf::Options::default()
    };
    let written =
        crate::pdf::write(&doc, &pdf_opts).map_err(|e| Diagnostic::error(e.to_string()))?;
    warnings.extend(written.warnings.into_iter().map(Diagnostic::warning));
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.project.join("output").join("chapbook.pdf"));
    write_atomically(&output, &written.bytes)?;
    Ok(BuildReport {
        output,
        pages: doc.pages.len(),
        bytes: written.bytes.len(),
        warnings,
    })
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention for "the time of this build".
pub fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// Writes `bytes` to `path` via a temporary file in the same folder and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::error(format!(
            "cannot create the output folder {}: {e}",
            dir.display()
        ))
        .note("choose another place with -o FILE")
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "chapbook.pdf".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(
            Diagnostic::error(format!("cannot write {}: {e}", path.display()))
                .note("check that the folder is writable, or choose another place with -o FILE"),
        );
    }
    Ok(())
}
