//! chapbook: a typesetting compiler for poetry.
//!
//! Stages, each with plain data between them:
//! `spec` (TOML → model) → `text` (fonts, shaping) → `layout` (model → [`display`] list,
//! using `art` for text-art diagrams) → `pdf` (display list → bytes).

pub mod diag;
pub mod display;
pub mod layout;
pub mod preview;
pub mod spec;
pub mod text;
pub mod units;
// pub mod build; (waits for pdf)
