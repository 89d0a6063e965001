//! The whole build (spec, fonts, layout, PDF, in memory) from arbitrary TOML and text.
#![no_main]
use libfuzzer_sys::fuzz_target;
mod common;

fuzz_target!(|data: &[u8]| {
    if let Some((book, section)) = common::split(data) {
        let dir = common::project(&book, &section);
        let _ = chapbook::build::check(&chapbook::build::BuildOptions::new(&dir));
    }
});
