//! The spec parser on arbitrary TOML: a section (and book.toml, before a NUL byte).
#![no_main]
use libfuzzer_sys::fuzz_target;
mod common;

fuzz_target!(|data: &[u8]| {
    if let Some((book, section)) = common::split(data) {
        let dir = common::project(&book, &section);
        let _ = chapbook::spec::load(&dir);
    }
});
