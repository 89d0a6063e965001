//! `chapbook new DIR`: a new chapbook project that builds at once — book.toml, a verse
//! section, a section with a small text-art diagram, the bundled fonts with their licence,
//! and a .gitignore for output/.

use crate::diag::Diagnostic;
use std::path::Path;

const FONTS: &[(&str, &[u8])] = &[
    ("fonts/eb-garamond/EBGaramond_400Regular.ttf", include_bytes!("../fonts/eb-garamond/EBGaramond_400Regular.ttf")),
    (
        "fonts/eb-garamond/EBGaramond_400Regular_Italic.ttf",
        include_bytes!("../fonts/eb-garamond/EBGaramond_400Regular_Italic.ttf"),
    ),
    ("fonts/eb-garamond/OFL.txt", include_bytes!("../fonts/eb-garamond/OFL.txt")),
];

const BOOK: &str = r#"title = "Untitled Chapbook"
subtitle = "poems"

[page]
size = "a5"          # a5, a6, half-letter, quarter-letter, 5x8in, 6x9in or e.g. "140mmx216mm"

[type]
family = "EB Garamond"
# size = "10.5pt"    # the body; left out, it is 10.5pt at A5 and follows the trim
# leading = "14pt"   # baseline to baseline; left out, 1.33 times the body
features = ["onum"]

[print]
bleed = "3mm"
pad_to = 4
"#;

const FIRST: &str = r#"numeral = "I"
title = "First Light"

[[block]]
kind = "verse"
align = "optical"
text = '''
Write your lines here,
one line of the poem to a line of the file.

A blank line starts a new stanza.
'''
"#;

const SECOND: &str = r#"numeral = "II"
title = "A Drawing"

[[block]]
kind = "art"
text = '''
┌────────────┐
│  a thought │
└─────┬──────┘
      ▼
   a word
'''

[[block]]
kind = "verse"
align = "center"
text = '''
Boxes, lines and arrows drawn with characters
print as vector art.
'''
"#;

/// Creates the project in `dir`, which must not exist or be empty.
pub fn new_project(dir: &Path) -> Result<Vec<String>, Diagnostic> {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        let what = if dir.is_dir() { "a folder with files in it" } else { "a file" };
        return Err(Diagnostic::error(format!("{} already exists: it is {what}", dir.display())).note(format!(
            "chapbook new never writes over anything: choose a new name, or build the project that is there \
             with: chapbook build --project {}",
            dir.display()
        )));
    }
    let files: Vec<(&str, &[u8])> = [
        ("layout/book.toml", BOOK.as_bytes()),
        ("layout/01-first-light.toml", FIRST.as_bytes()),
        ("layout/02-a-drawing.toml", SECOND.as_bytes()),
        (".gitignore", b"/output\n".as_slice()),
    ]
    .into_iter()
    .chain(FONTS.iter().copied())
    .collect();
    let mut written = Vec::new();
    for (rel, bytes) in files {
        let path = dir.join(rel);
        let write = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|_| std::fs::write(&path, bytes));
        write.map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", path.display())))?;
        written.push(rel.to_string());
    }
    Ok(written)
}
