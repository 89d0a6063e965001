//! `build --format epub`: the chapbook and a one-poem book as EPUB 3, checked by
//! epubcheck (no error, no warning), unpacked to find every word of the manuscript in the
//! pages' text, its structure (headings, stanzas, figures with alt text, navigation) and
//! its accessibility metadata, and written byte for byte the same twice.

mod common;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

fn build(project: &Path, name: &str) -> (PathBuf, Vec<u8>) {
    let out = common::scratch(name).join("book.epub");
    let opts = chapbook::build::BuildOptions::default().with(|o| {
        o.project = project.to_path_buf();
        o.output = Some(out.clone());
    });
    let r = chapbook::build::build_epub(&opts).unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(r.bytes, bytes.len());
    (out, bytes)
}

fn unpack(bytes: &[u8]) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (f.name().unwrap().to_string(), s)
        })
        .collect()
}

/// The text of an XHTML page's text layer: tags out, entities back.
fn page_text(xhtml: &str) -> String {
    let body = xhtml.split("<div class=\"text\">").nth(1).unwrap_or("");
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

fn epubcheck(path: &Path) {
    let Some((ok, out, err)) =
        common::run_tool("java", &["-jar", "/usr/share/java/epubcheck.jar", path.to_str().unwrap()])
    else {
        return;
    };
    if err.contains("Unable to access jarfile") {
        common::tool_missing("epubcheck");
        return;
    }
    assert!(ok, "{out}{err}");
    assert!(out.contains("No errors or warnings detected"), "{out}{err}");
}

#[test]
fn the_chapbook_as_an_epub_passes_epubcheck_and_holds_every_word() {
    let (path, bytes) = build(&common::root(), "chapbook");
    assert_eq!(&bytes[30..38], b"mimetype", "mimetype is the first entry");
    assert_eq!(&bytes[38..58], b"application/epub+zip", "and it is stored");
    epubcheck(&path);
    let files = unpack(&bytes);
    let pages: Vec<&(String, String)> = files.iter().filter(|(n, _)| n.contains("page-")).collect();
    let doc = common::lay(&common::root()).1;
    assert_eq!(pages.len(), doc.pages.len());
    let text: String = pages.iter().map(|(_, x)| page_text(x)).collect::<Vec<_>>().join("\n");
    let mut have: HashMap<String, i32> = HashMap::new();
    for w in common::words(&text) {
        *have.entry(w).or_default() += 1;
    }
    let mut missing = Vec::new();
    for w in common::manuscript_words() {
        let n = have.entry(w.clone()).or_default();
        if *n == 0 {
            missing.push(w);
        } else {
            *n -= 1;
        }
    }
    assert!(missing.is_empty(), "words missing from the EPUB's text: {missing:?}");

    // The structure the tagged PDF has: headings, stanzas, figures with their words.
    let all: String = pages.iter().map(|(_, x)| x.as_str()).collect();
    assert_eq!(all.matches("<h1>").count(), 1);
    let book = chapbook::spec::load(&common::root()).unwrap();
    assert_eq!(all.matches("<h2>").count(), book.sections.len() + 1, "each section's heading and the contents'");
    assert!(all.matches("<p>").count() > 20);
    assert!(all.contains("aria-label=\"Seven boxes stacked, each pointing down to the next: raw tokens"));
    assert!(all.contains("aria-label=\"blank\""));
    // Every page's picture is hidden from assistive technology; the text is not.
    assert_eq!(all.matches("aria-hidden=\"true\" viewBox").count(), pages.len());

    let opf = &files.iter().find(|(n, _)| n.ends_with("package.opf")).unwrap().1;
    for needle in [
        "<dc:language>en</dc:language>",
        "<dc:title>Architecture of Attention</dc:title>",
        "rendition:layout\">pre-paginated",
        "schema:accessMode\">textual",
        "schema:accessibilityFeature\">alternativeText",
        "schema:accessibilitySummary",
        "dcterms:modified",
    ] {
        assert!(opf.contains(needle), "{needle} in {opf}");
    }
    let nav = &files.iter().find(|(n, _)| n.ends_with("nav.xhtml")).unwrap().1;
    for e in &doc.outline {
        assert!(
            nav.contains(&format!("page-{:03}.xhtml\">{}", e.page + 1, e.title.replace('&', "&amp;"))),
            "{}",
            e.title
        );
    }
    assert!(nav.contains("epub:type=\"page-list\""));
}

#[test]
fn a_one_poem_book_passes_epubcheck_and_the_same_input_gives_the_same_bytes() {
    let project = common::fixture("easter-wings");
    let (path, first) = build(&project, "wings-1");
    epubcheck(&path);
    let (_, second) = build(&project, "wings-2");
    assert!(first == second, "two builds of the same book differ");
    let files = unpack(&first);
    let sections = chapbook::spec::load(&project).unwrap();
    let text: String =
        files.iter().filter(|(n, _)| n.contains("page-")).map(|(_, x)| page_text(x)).collect::<Vec<_>>().join("\n");
    let have = common::words(&text);
    for s in &sections.sections {
        for b in &s.blocks {
            if let chapbook::spec::BlockKind::Verse(v) = &b.kind {
                for w in common::words(&v.text.replace(['"', '\''], "")) {
                    assert!(
                        have.iter().any(|h| h.replace(['"', '\''], "") == w),
                        "`{w}` is missing from the EPUB's text"
                    );
                }
            }
        }
    }
}
