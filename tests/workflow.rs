//! The poet's loop: `chapbook new` makes a project that builds at once, `watch` rebuilds
//! on save (the last good PDF kept through a broken edit is tested beside `watch.rs`), the
//! build summary and its JSON form, shell completions.

mod common;
use chapbook::build::{BuildOptions, build};
use common::*;
use std::process::Command;
use std::time::Duration;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_chapbook"))
}

/// `chapbook new DIR`, as the poet starts.
fn new_project(dir: &std::path::Path) {
    let out = bin().arg("new").arg(dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_new_project_builds_at_once() {
    let dir = scratch("new").join("poem");
    let out = bin().arg("new").arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.join("layout/book.toml").exists() && dir.join(".gitignore").exists());
    let out = bin().args(["build", "--json", "--project"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json = String::from_utf8_lossy(&out.stdout);
    assert!(json.contains("\"pages\":8"), "{json}");
    assert!(json.contains("EBGaramond-Regular"), "{json}");
    let pdf = std::fs::read(dir.join("output/chapbook.pdf")).unwrap();
    // The sample diagram is drawn, not typed.
    let r = chapbook::preflight::inspect(&pdf, &Default::default()).unwrap();
    assert!(r.ok() && r.thinnest_stroke.is_some(), "{:?}", r.problems);
    // `new` never overwrites.
    let again = bin().arg("new").arg(&dir).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn preview_writes_pages_and_a_contact_sheet() {
    let dir = scratch("preview").join("poem");
    new_project(&dir);
    let out = bin().args(["preview", "--pages", "3-4", "--dpi", "40", "--project"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let files: Vec<String> = std::fs::read_dir(dir.join("output/preview"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for f in ["page-003.png", "page-004.png", "contact.png"] {
        assert!(files.contains(&f.to_string()), "{files:?}");
    }
    assert_eq!(files.len(), 3);
    let bad = bin().args(["preview", "--pages", "9-2", "--project"]).arg(&dir).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    // `-q` as for build: nothing on stdout, the images still written.
    std::fs::remove_file(dir.join("output/preview/page-003.png")).unwrap();
    let out = bin().args(["preview", "-q", "--pages", "3", "--dpi", "20", "--project"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(dir.join("output/preview/page-003.png").exists());
}

#[test]
fn a_build_at_another_size_leaves_the_books_own_pdf_alone() {
    let dir = scratch("other-size").join("poem");
    new_project(&dir);
    let out = bin().args(["build", "-q", "--project"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let own = std::fs::read(dir.join("output/chapbook.pdf")).unwrap();
    let out = bin().args(["build", "--json", "--page-size", "a6", "--project"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("chapbook-a6.pdf"));
    assert_eq!(std::fs::read(dir.join("output/chapbook.pdf")).unwrap(), own, "the A5 book was overwritten");
    let a6 = std::fs::read(dir.join("output/chapbook-a6.pdf")).unwrap();
    let r = chapbook::preflight::inspect(&a6, &Default::default()).unwrap();
    // A6 is 105 × 148 mm: 297.6 pt wide.
    let (w, _) = r.trim.expect("one trim on every page");
    assert!((w - 297.64).abs() < 0.1, "trim width {w} pt");
}

#[test]
fn summary_and_completions() {
    let out = scratch("summary").join("c.pdf");
    let r = build(&BuildOptions::default().with(|o| {
        o.project = root();
        o.output = Some(out);
    }))
    .unwrap();
    assert!(r.fonts.iter().all(|(name, size)| name.as_bytes()[6] == b'+' && *size > 1000));
    // What fitting did to the book is told by the build too, in the summary and in JSON.
    let fitted: Vec<String> = r.fitted.iter().map(|f| format!("{}: {}", f.what(), f.describe())).collect();
    assert!(fitted.iter().any(|f| f.starts_with("art scaled: IV") && f.contains("pt →")), "{fitted:?}");
    let out =
        bin().args(["build", "-o"]).arg(scratch("summary-text").join("c.pdf")).current_dir(root()).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(fitted.iter().all(|f| text.contains(&format!("fitted  {f}"))), "{text}");
    let out = bin().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("chapbook"));
    for verb in ["build", "check", "new", "watch", "preview", "serve", "print", "completions"] {
        let help = bin().args([verb, "--help"]).output().unwrap();
        assert!(String::from_utf8_lossy(&help.stdout).contains("Example"), "{verb} --help has an example");
    }
}

#[test]
fn preview_at_another_size_leaves_no_stale_pages() {
    let dir = scratch("preview-stale").join("poem");
    new_project(&dir);
    let preview = dir.join("output/preview");
    let out = bin().args(["preview", "--dpi", "20", "--project"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(preview.join("page-008.png").exists());
    std::fs::write(preview.join("my-notes.txt"), "keep").unwrap();
    let a6 = ["preview", "--dpi", "20", "--page-size", "a6", "--pages", "3-4", "--project"];
    let out = bin().args(a6).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut files: Vec<String> =
        std::fs::read_dir(&preview).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(files, ["contact.png", "my-notes.txt", "page-003.png", "page-004.png"]);
    // A6 at 20 dpi: 105 mm is 83 pixels wide.
    let png = std::fs::read(preview.join("page-003.png")).unwrap();
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 83);
}

#[test]
fn watch_prints_the_time_and_the_file_that_started_each_build() {
    use std::io::BufRead;
    let dir = scratch("watch-lines").join("poem");
    new_project(&dir);
    let mut child = bin()
        .args(["watch", "--project"])
        .arg(&dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let next = |what: &str| rx.recv_timeout(Duration::from_secs(20)).unwrap_or_else(|_| panic!("no line for {what}"));
    let clock = |l: &str| {
        l.len() > 9
            && l.as_bytes()[..8]
                .iter()
                .enumerate()
                .all(|(i, b)| if i % 3 == 2 { *b == b':' } else { b.is_ascii_digit() })
    };
    assert!(next("start").starts_with("watching "));
    let first = next("first build");
    assert!(clock(&first) && first[9..].starts_with("built "), "{first}");
    let section = dir.join("layout/01-first-light.toml");
    let text = std::fs::read_to_string(&section).unwrap();
    std::fs::write(&section, text.replace("Write your lines here,", "Write your verses here,")).unwrap();
    let line = next("rebuild");
    std::fs::write(&section, "numeral = \"I\"\ntitle = ").unwrap();
    let broken = next("broken save");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(clock(&line) && line[9..].starts_with("layout/01-first-light.toml changed: built "), "{line}");
    assert!(broken[9..].starts_with("layout/01-first-light.toml changed: build failed"), "{broken}");
}

/// The README's example `book.toml` and section, dropped into a project made by
/// `chapbook new`, build without a warning.
#[test]
fn the_readme_examples_build_in_a_new_project() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let block_after = |heading: &str| {
        let rest = &readme[readme.find(heading).unwrap_or_else(|| panic!("README has no {heading}"))..];
        let start = rest.find("```toml\n").unwrap() + 8;
        rest[start..start + rest[start..].find("```").unwrap()].to_string()
    };
    let dir = scratch("readme").join("poem");
    let out = bin().arg("new").arg(&dir).output().unwrap();
    assert!(out.status.success());
    std::fs::write(dir.join("layout/book.toml"), block_after("### `layout/book.toml`")).unwrap();
    std::fs::write(dir.join("layout/03-attention.toml"), block_after("### A section")).unwrap();
    let out = bin().args(["build", "--project"]).arg(&dir).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && err.is_empty(), "{err}");
}

#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    // `chapbook build | head -1`: the pipe closes under the summary. The PDF is written,
    // and the command ends with the shell's SIGPIPE status, not a panic.
    let dir = scratch("pipe").join("poem");
    new_project(&dir);
    let mut child = bin()
        .args(["build", "--project"])
        .arg(&dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(141), "{err}");
    assert!(dir.join("output/chapbook.pdf").is_file());
}

/// `-o` naming a folder (ending in `/`, or one that exists) writes the command's default
/// file name into it, for every command that takes `-o`; a file name is still a file.
#[test]
fn output_to_a_folder_writes_the_default_file_there() {
    let base = scratch("output-folder");
    let dir = base.join("poem");
    new_project(&dir);
    let run = |args: &[&str], o: &std::path::Path| {
        let out = bin().args(args).arg("--project").arg(&dir).arg("-o").arg(o).output().unwrap();
        assert!(out.status.success(), "{args:?} -o {}: {}", o.display(), String::from_utf8_lossy(&out.stderr));
    };
    // A folder not yet made, named with a trailing slash.
    let fresh = base.join("fresh");
    run(&["build", "-q"], &std::path::PathBuf::from(format!("{}/", fresh.display())));
    assert!(fresh.join("chapbook.pdf").is_file());
    // An existing folder, without the slash.
    let there = base.join("there");
    std::fs::create_dir_all(&there).unwrap();
    run(&["build", "-q", "--page-size", "a6"], &there);
    run(&["build", "-q", "--format", "epub"], &there);
    run(&["cover", "-q"], &there);
    let mut names: Vec<String> =
        std::fs::read_dir(&there).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["chapbook-a6.pdf", "chapbook-cover.pdf", "chapbook.epub"]);
    for name in &names {
        assert!(std::fs::metadata(there.join(name)).unwrap().len() > 1000, "{name}");
    }
    // A file name stays a file name.
    run(&["build", "-q"], &base.join("mine.pdf"));
    assert!(base.join("mine.pdf").is_file());
}
