//! chapbook: a typesetting compiler for poetry.
//!
//! A project folder holds `layout/book.toml`, one TOML file per section and a `fonts/`
//! folder. The library turns it into a PDF in stages with plain data between them:
//! [`spec`] (TOML → a validated [`spec::Book`]) → text shaping and layout (internal) →
//! the [`display`] list (pages of positioned glyph runs and paths) → a backend: [`pdf`],
//! [`svg`], [`preview`] (raster), [`impose`] (printer's sheets). [`build`] runs the
//! whole pipeline; everything that can go wrong comes back as one [`Error`]: the
//! [`diag::Diagnostic`]s found, with file, line and column.
//!
//! The entry points are [`build::compile`] (the book laid out in memory),
//! [`build::check`] (everything a build does but writing: the PDF bytes and the
//! warnings) and [`build::build`] (the PDF written to disk). The command line is
//! [`cli::run`]; its loops (rebuild on save, the browser preview, IPP printing, `chapbook
//! new`, a check at every page size) are the command's, not library API.
//!
//! ```
//! use std::path::Path;
//!
//! // The repository's own chapbook, built in memory (nothing is written).
//! let project = Path::new(env!("CARGO_MANIFEST_DIR"));
//! let report = chapbook::build::check(&chapbook::build::BuildOptions::new(project)).expect("the chapbook builds");
//! assert_eq!(report.pages, 12);
//! assert!(report.pdf.starts_with(b"%PDF-"));
//!
//! // The laid-out book, for a backend of your own: a display list in points.
//! let compiled = chapbook::build::compile(project, Some("a6")).expect("it lays out at A6");
//! assert_eq!(compiled.document.page_size, chapbook::paper::find("a6").unwrap().size());
//! eprint!("{}", chapbook::diag::render(&compiled.warnings, project));
//!
//! // Any failure is one `chapbook::Error`: the diagnostics found, printed as the command does.
//! let nowhere = project.join("no-such-book");
//! let Err(error) = chapbook::build::compile(&nowhere, None) else { panic!("no book there") };
//! assert!(error.iter().any(|d| d.is_error()));
//! eprint!("{}", chapbook::diag::render(&error, &nowhere));
//! ```

#![warn(missing_docs)]

pub use error::Error;

pub(crate) mod a11y;
pub(crate) mod art;
#[cfg(test)]
mod art_gallery;
pub(crate) mod barcode;
pub mod build;
pub mod cli;
pub mod cover;
pub mod diag;
pub mod display;
pub mod epub;
mod error;
pub mod impose;
pub(crate) mod intents;
pub(crate) mod io;
pub(crate) mod json;
pub(crate) mod layout;
pub(crate) mod outlines;
pub mod paper;
pub(crate) mod par;
pub mod pdf;
pub mod preflight;
pub mod preview;
pub(crate) mod print;
pub(crate) mod scaffold;
pub(crate) mod serve;
pub(crate) mod signatures;
pub(crate) mod sizes;
pub mod spec;
pub mod svg;
pub mod targets;
#[cfg(test)]
mod test_support;
pub(crate) mod text;
pub mod units;
pub(crate) mod watch;
