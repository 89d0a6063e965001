//! Text art on arbitrary text, through the pipeline (the art engine is not public API): the
//! text becomes one art block of the fixture's book, laid out in memory; the first byte
//! picks the block's options.
#![no_main]
use libfuzzer_sys::fuzz_target;
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let book = include_str!("../../tests/fixtures/mini/layout/book.toml");
    let dir = common::project(book, &common::art_section(text, flags));
    let _ = chapbook::build::compile(&dir, None);
});
