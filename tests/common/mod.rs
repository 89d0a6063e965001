//! Shared helpers for the integration tests: building a project into a temporary file,
//! running the PDF tools when they are installed (and saying so when they are not), and a
//! small structural reader for our own uncompressed PDF dictionaries.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Pixel comparison and reference PNGs: the crate's own test support, shared by path.
#[path = "../../src/preview/compare.rs"]
pub mod compare;
use std::sync::OnceLock;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// A fresh scratch folder for one test, inside this test binary's own temporary folder,
/// which is removed when the binary exits (pass or fail).
pub fn scratch(name: &str) -> PathBuf {
    let dir = scratch_root().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Copies the folder `from` (recursively) to `to`: a fixture made into a project a test
/// may change.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// Where `scratch(name)` would be, without making or emptying it.
pub fn scratch_path(name: &str) -> PathBuf {
    scratch_root().join(name)
}

/// The test binary's temporary folder, made on first use and removed at exit.
fn scratch_root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        extern "C" fn remove_at_exit() {
            if let Some(dir) = ROOT.get() {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
        let dir = tempfile::Builder::new().prefix("chapbook-test-").tempdir().unwrap().keep();
        // SAFETY: registers a plain function with no arguments; it runs once, at exit, when
        // the tests are over (the harness exits through `exit`, passing or failing).
        unsafe { libc::atexit(remove_at_exit) };
        dir
    })
}

/// Builds the chapbook itself once per test binary and returns its bytes.
pub fn chapbook_pdf() -> &'static [u8] {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| {
        let out = scratch("chapbook").join("chapbook.pdf");
        let opts = chapbook::build::BuildOptions::default().with(|o| {
            o.project = root();
            o.output = Some(out.clone());
        });
        chapbook::build::build(&opts).unwrap_or_else(|e| panic!("{}", chapbook::diag::render(&e.diagnostics, &root())));
        std::fs::read(out).unwrap()
    })
}

/// Runs `tool args…` and returns stdout, or None (printing why) when the tool is missing.
pub fn run_tool(tool: &str, args: &[&str]) -> Option<(bool, String, String)> {
    match Command::new(tool).args(args).output() {
        Ok(out) => Some((
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )),
        Err(_) => {
            tool_missing(tool);
            None
        }
    }
}

/// Says that a test's external tool is missing: a visible `skipped:` line on a developer's
/// machine, a failure under `CI=true`, where `.ci/run` installs every tool the tests use.
pub fn tool_missing(tool: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{tool} is not installed, and under CI=true every tool the tests use must be (see .ci/run)");
    }
    println!("skipped: {tool} not installed (see .ci/run for the packages)");
}

/// Writes bytes to a scratch file and returns its path (for the external tools).
pub fn to_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = scratch_root().join("files");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The numbers of `/Key [a b c d]` arrays in the file, in order of appearance.
pub fn boxes(pdf: &[u8], key: &str) -> Vec<[f32; 4]> {
    let text = String::from_utf8_lossy(pdf);
    let pat = format!("/{key} [");
    let mut out = Vec::new();
    let mut rest = &text[..];
    while let Some(i) = rest.find(&pat) {
        let after = &rest[i + pat.len()..];
        let end = after.find(']').unwrap();
        let nums: Vec<f32> = after[..end].split_whitespace().filter_map(|n| n.parse().ok()).collect();
        if nums.len() == 4 {
            out.push([nums[0], nums[1], nums[2], nums[3]]);
        }
        rest = &after[end..];
    }
    out
}

/// Number of page objects.
pub fn page_count(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.matches("/Type /Page\n").count()
        + text.matches("/Type /Page ").count()
        + text.matches("/Type /Page>").count()
        + text.matches("/Type /Page/").count()
}

/// The manuscript's words, as a multiset, without the art characters.
pub fn manuscript_words() -> Vec<String> {
    let path = root().join("tests/fixtures/manuscript/architecture-of-attention.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // A section heading "III. Attention" prints as the numeral over the title, without
    // the period after the numeral.
    let text: Vec<String> = text
        .lines()
        .map(|l| match l.split_once(". ") {
            Some((num, title)) if !num.is_empty() && num.chars().all(|c| "IVXLC".contains(c)) => {
                format!("{num} {title}")
            }
            _ => l.to_string(),
        })
        .collect();
    words(&text.join("\n"))
}

/// Words of a text with typographic quotes straightened and drawing characters removed.
pub fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .map(|c| match c {
                    '“' | '”' => '"',
                    '‘' | '’' => '\'',
                    c => c,
                })
                .filter(|c| !is_art(*c))
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

pub fn is_art(c: char) -> bool {
    matches!(c, '\u{2500}'..='\u{257F}' | '\u{2190}'..='\u{21FF}' | '\u{25A0}'..='\u{25FF}' | '•' | '_' | '|' | '+' | '-')
}

/// A project's book and its laid-out document, without writing a PDF.
pub fn lay(project: &Path) -> (chapbook::spec::Book, chapbook::display::Document) {
    let c = chapbook::build::compile(project, None).unwrap_or_else(|e| panic!("{e:?}"));
    (c.book, c.document)
}

/// Compares `pages` renderings with `dir/page-NNN.png`: every page must have a matching
/// reference and every reference a page. With `CHAPBOOK_UPDATE_REFERENCES=1` the references
/// are rewritten and stale ones removed. Returns one line per failure.
pub fn compare_with_references(
    dir: &Path,
    pages: usize,
    tolerance: f32,
    mut render: impl FnMut(usize) -> tiny_skia::Pixmap,
) -> Vec<String> {
    use compare::{check_against_reference, updating_references};
    let name = |i: usize| format!("page-{:03}.png", i + 1);
    let mut failures: Vec<String> =
        (0..pages).filter_map(|i| check_against_reference(&render(i), &dir.join(name(i)), tolerance).err()).collect();
    let expected: Vec<String> = (0..pages).map(name).collect();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if file.ends_with(".png") && !expected.contains(&file) {
            if updating_references() {
                std::fs::remove_file(entry.path()).unwrap();
            } else {
                failures.push(format!(
                    "{}: a reference for a page the book no longer has; remove it, or rerun with \
                     CHAPBOOK_UPDATE_REFERENCES=1",
                    entry.path().display()
                ));
            }
        }
    }
    failures
}
