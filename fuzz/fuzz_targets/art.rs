//! The art-grid parser on arbitrary text; the first byte picks the options.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let opts = chapbook::art::ArtOptions {
        extra_art: if flags & 1 != 0 { "•v^_<>V".into() } else { String::new() },
        force_text: if flags & 2 != 0 { "-|".into() } else { String::new() },
        rounded: flags & 4 != 0,
    };
    let _ = chapbook::art::parse(text, &opts);
});
