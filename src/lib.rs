//! chapbook: a typesetting compiler for poetry.
//!
//! Stages, each with plain data between them:
//! `spec` (TOML → model) → `text` (fonts, shaping) → `layout` (model → [`display`] list,
//! using `art` for text-art diagrams) → `pdf` (display list → bytes).

pub mod art;
pub mod display;
pub mod units;
