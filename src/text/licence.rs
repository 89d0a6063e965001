//! A font's own embedding licence flags (OpenType `OS/2 fsType`), read the same way by
//! every writer that embeds faces (the PDF and the EPUB): both carry subsets of the
//! faces' outlines, so a face marked restricted (0x0002), bitmap-only (0x0200) or not to
//! be subset (0x0100) is refused, with the reason and what to do.

/// Why the face may not travel in the book as an outline subset, as a sentence ending in
/// what to do; `None` when its flags allow it.
pub(crate) fn refused(face: &ttf_parser::Face) -> Option<&'static str> {
    if face.permissions() == Some(ttf_parser::Permissions::Restricted) {
        return Some(
            "its licence forbids embedding it (OS/2 fsType 0x0002: restricted licence embedding); \
             set the book in a face that may be embedded, or ask its maker for an embedding licence",
        );
    }
    if !face.is_outline_embedding_allowed() {
        return Some(
            "its licence allows only bitmaps to be embedded (OS/2 fsType 0x0200: bitmap embedding only), \
             and chapbook embeds outlines; set the book in a face that may be embedded, or ask its maker \
             for an embedding licence",
        );
    }
    if !face.is_subsetting_allowed() {
        return Some(
            "its licence forbids subsetting it (OS/2 fsType 0x0100: no subsetting), and chapbook embeds \
             only the glyphs the book uses; set the book in another face",
        );
    }
    None
}

/// The byte offset of `OS/2 fsType` in a font file (for tests that patch it).
#[cfg(test)]
pub(crate) fn fs_type_offset(font: &[u8]) -> usize {
    let os2 = ttf_parser::RawFace::parse(font, 0).unwrap().table(ttf_parser::Tag::from_bytes(b"OS/2")).unwrap();
    os2.as_ptr() as usize - font.as_ptr() as usize + 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restricted_bitmap_only_and_no_subsetting_are_refused() {
        let font =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/eb-garamond/EBGaramond_400Regular.ttf")).unwrap();
        assert_eq!(refused(&ttf_parser::Face::parse(&font, 0).unwrap()), None);
        let at = fs_type_offset(&font);
        for (flags, says) in [
            (0x0002u16, "forbids embedding"),
            (0x0200, "only bitmaps"),
            (0x0100, "forbids subsetting"),
            (0x0000, ""),
            (0x0008, ""),
        ] {
            let mut f = font.clone();
            f[at..at + 2].copy_from_slice(&flags.to_be_bytes());
            let why = refused(&ttf_parser::Face::parse(&f, 0).unwrap());
            match why {
                Some(why) => assert!(!says.is_empty() && why.contains(says), "{flags:#06x}: {why}"),
                None => assert!(says.is_empty(), "{flags:#06x} passed"),
            }
        }
    }
}
