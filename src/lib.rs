//! chapbook: a typesetting compiler for poetry.
//!
//! Stages, each with plain data between them:
//! `spec` (TOML → model) → `text` (fonts, shaping) → `layout` (model → [`display`] list,
//! using `art` for text-art diagrams) → `pdf` (display list → bytes). `impose` turns a
//! document into printer's spreads; `build` runs the whole pipeline.

pub mod art;
pub mod build;
pub mod diag;
pub mod display;
pub mod impose;
pub mod intents;
pub mod json;
pub mod layout;
pub(crate) mod par;
pub mod pdf;
pub mod preflight;
pub mod preview;
pub mod print;
pub mod scaffold;
pub mod serve;
pub mod sizes;
pub mod spec;
pub mod svg;
pub mod text;
pub mod units;
pub mod watch;
