//! What the unit tests of several modules share: small projects in temporary folders and
//! one-page display lists.

use crate::display::{Document, Item, Meta, Page};

/// A project in a temporary folder: `layout/book.toml`, the given section files, and the
/// repository's fonts linked in as `fonts/`.
pub(crate) fn project(book: &str, sections: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("layout");
    std::fs::create_dir_all(&layout).unwrap();
    std::fs::write(layout.join("book.toml"), book).unwrap();
    for (name, text) in sections {
        std::fs::write(layout.join(name), text).unwrap();
    }
    let fonts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    std::os::unix::fs::symlink(fonts, dir.path().join("fonts")).unwrap();
    dir
}

/// A document of one page of `page_size` holding `items`, with no fonts.
pub(crate) fn doc_with(page_size: (f32, f32), items: Vec<Item>) -> Document {
    Document {
        roles: Vec::new(),
        page_size,
        pages: vec![Page { items }],
        fonts: Vec::new(),
        meta: Meta::default(),
        outline: Vec::new(),
        labels: Vec::new(),
    }
}
