//! Bad input, end to end: each case is a copy of tests/fixtures/mini with one file
//! replaced, run through the real binary. Every case must fail (or warn) with the expected
//! message, at the expected line, with the expected exit status, and never panic.

use std::path::PathBuf;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_chapbook");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh copy of the mini fixture under target/, its fonts linked to the repository's.
fn project(name: &str) -> PathBuf {
    let dir = root().join("target/errors-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("layout")).unwrap();
    for e in std::fs::read_dir(root().join("tests/fixtures/mini/layout")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join("layout").join(e.file_name())).unwrap();
    }
    std::os::unix::fs::symlink(root().join("fonts"), dir.join("fonts")).unwrap();
    dir
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

struct Case {
    name: &'static str,
    /// The file under layout/ to replace, and its new bytes.
    file: &'static str,
    content: Content,
    /// Extra arguments after `build --project DIR`.
    args: &'static [&'static str],
    /// What the message must say.
    expect: &'static str,
    /// The line the message must point at (`layout/FILE:LINE:`), when it has one.
    line: Option<usize>,
    code: i32,
}

enum Content {
    Text(&'static str),
    Bytes(&'static [u8]),
    Made(fn() -> String),
    Same,
}

const SECTION: &str = "numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\n";

fn many_lines() -> String {
    let mut s = format!("{SECTION}kind = \"verse\"\ntext = '''\n");
    for i in 0..100_000 {
        s += &format!("line {i}\n");
    }
    s + "'''\n"
}

fn overflowing_verse() -> String {
    let mut s = format!("{SECTION}kind = \"verse\"\ntext = '''\n");
    for i in 0..80 {
        s += &format!("line {i}\n");
    }
    s + "'''\n"
}

fn huge_file() -> String {
    let mut s = format!("{SECTION}kind = \"verse\"\ntext = '''\n");
    while s.len() < 5 << 20 {
        s += "a line of verse repeated until the file is far too big\n";
    }
    s + "'''\n"
}

const CASES: &[Case] = &[
    Case {
        name: "toml-syntax",
        file: "book.toml",
        content: Content::Text("title = \"A Small Test Book\"\n[page\nsize = \"a5\"\n"),
        args: &[],
        expect: "expected `]`",
        line: Some(2),
        code: 1,
    },
    Case {
        name: "unknown-key",
        file: "01-one.toml",
        content: Content::Text(
            "numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"verse\"\nleadin = \"14pt\"\ntext = \"a\"\n",
        ),
        args: &[],
        expect: "did you mean `leading`?",
        line: Some(6),
        code: 1,
    },
    Case {
        name: "wrong-type",
        file: "book.toml",
        content: Content::Text("title = \"T\"\n\n[type]\nsize = 10\n"),
        args: &[],
        expect: "write size = \"10pt\" (or mm, in, em)",
        line: Some(4),
        code: 1,
    },
    Case {
        name: "missing-unit",
        file: "book.toml",
        content: Content::Text("title = \"T\"\n\n[type]\nsize = \"10\"\n"),
        args: &[],
        expect: "`10` has no unit: write `10pt`",
        line: Some(4),
        code: 1,
    },
    Case {
        name: "unknown-unit",
        file: "book.toml",
        content: Content::Text("title = \"T\"\n\n[type]\nleading = \"14furlong\"\n"),
        args: &[],
        expect: "unknown unit `furlong`",
        line: Some(4),
        code: 1,
    },
    Case {
        name: "unknown-family",
        file: "book.toml",
        content: Content::Text("title = \"T\"\n\n[type]\nfamily = \"EB Garamund\"\n"),
        args: &[],
        expect: "did you mean `EB Garamond`?",
        line: Some(4),
        code: 1,
    },
    Case {
        name: "unknown-style",
        file: "01-one.toml",
        content: Content::Text(
            "numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"verse\"\nstyle = \"oblique\"\ntext = \"a\"\n",
        ),
        args: &[],
        expect: "`oblique` is not a style",
        line: Some(6),
        code: 1,
    },
    Case {
        name: "style-the-family-lacks",
        file: "01-one.toml",
        content: Content::Text(
            "numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"verse\"\nfamily = \"Source Code Pro\"\nstyle = \"bold-italic\"\ntext = \"a\"\n",
        ),
        args: &[],
        expect: "`Source Code Pro` has no bold-italic face",
        line: Some(7),
        code: 1,
    },
    Case {
        name: "unknown-block-kind",
        file: "01-one.toml",
        content: Content::Text("numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"verz\"\ntext = \"a\"\n"),
        args: &[],
        expect: "did you mean `verse`?",
        line: Some(5),
        code: 1,
    },
    Case {
        name: "missing-text",
        file: "01-one.toml",
        content: Content::Text("numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"verse\"\n"),
        args: &[],
        expect: "a verse block needs `text`",
        line: Some(5),
        code: 1,
    },
    Case {
        name: "duplicate-numeral",
        file: "02-two.toml",
        content: Content::Text("numeral = \"I\"\ntitle = \"Again\"\n"),
        args: &[],
        expect: "two sections have the numeral `I`",
        line: Some(1),
        code: 1,
    },
    Case {
        name: "not-utf8",
        file: "02-two.toml",
        content: Content::Bytes(b"numeral = \"II\"\ntitle = \"\xff\xfe\"\n"),
        args: &[],
        expect: "not UTF-8",
        line: Some(2),
        code: 1,
    },
    Case {
        name: "page-0mm",
        file: "book.toml",
        content: Content::Text("title = \"T\"\n\n[page]\nsize = \"0mmx210mm\"\n"),
        args: &[],
        expect: "page size `0mmx210mm` is out of range",
        line: Some(4),
        code: 1,
    },
    Case {
        name: "page-10m",
        file: "book.toml",
        content: Content::Text("title = \"T\"\n\n[page]\nsize = \"10000mmx10000mm\"\n"),
        args: &[],
        expect: "is out of range",
        line: Some(4),
        code: 1,
    },
    Case {
        name: "huge-type",
        file: "book.toml",
        content: Content::Text("title = \"T\"\n\n[type]\nsize = \"10000pt\"\n"),
        args: &[],
        expect: "10000pt is out of range",
        line: Some(4),
        code: 1,
    },
    Case {
        name: "huge-block-type",
        file: "01-one.toml",
        content: Content::Text(
            "numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"verse\"\nsize = \"10000pt\"\ntext = \"a\"\n",
        ),
        args: &[],
        expect: "type size 10000pt is outside 3pt to 200pt",
        line: Some(4),
        code: 1,
    },
    Case {
        name: "margins-wider-than-page",
        file: "book.toml",
        content: Content::Text("title = \"T\"\n\n[page]\ninside = \"500mm\"\n"),
        args: &[],
        expect: "500mm is out of range",
        line: Some(4),
        code: 1,
    },
    Case {
        name: "block-of-100000-lines",
        file: "01-one.toml",
        content: Content::Made(many_lines),
        args: &[],
        expect: "more than 2000 lines",
        line: Some(6),
        code: 1,
    },
    Case {
        name: "file-over-4mb",
        file: "01-one.toml",
        content: Content::Made(huge_file),
        args: &[],
        expect: "spec files are limited to",
        line: None,
        code: 1,
    },
    Case {
        name: "overflowing-verse",
        file: "01-one.toml",
        content: Content::Made(overflowing_verse),
        args: &[],
        expect: "section I “Stairs”, block 1 (verse): does not fit the page",
        line: Some(4),
        code: 1,
    },
    Case {
        name: "line-too-wide",
        file: "01-one.toml",
        content: Content::Text(
            "numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"verse\"\ntext = \"this is a very long line of verse that will never ever fit into the measure of an a5 page, not even when it is set a little smaller than the rest\"\n",
        ),
        args: &[],
        expect: "more than the measure",
        line: Some(4),
        code: 1,
    },
    Case {
        name: "emoji",
        file: "01-one.toml",
        content: Content::Text(
            "numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"verse\"\ntext = \"a smile 😀\"\n",
        ),
        args: &[],
        expect: "has no glyph for `😀` (U+1F600)",
        line: Some(4),
        code: 1,
    },
    Case {
        name: "cjk-in-title",
        file: "02-two.toml",
        content: Content::Text("numeral = \"II\"\ntitle = \"漢字\"\n"),
        args: &[],
        expect: "has no glyph for `漢` (U+6F22)",
        line: Some(1),
        code: 1,
    },
    Case {
        name: "art-too-wide",
        file: "02-two.toml",
        content: Content::Text(
            "numeral = \"II\"\ntitle = \"Boxes\"\n\n[[block]]\nkind = \"art\"\ntext = '''\n+--------------------------------------------------------------------------------------------------------------------------------------------------------------------------------+\n'''\n",
        ),
        args: &[],
        expect: "below the minimum of 6.0pt",
        line: Some(4),
        code: 1,
    },
    Case {
        name: "tab-in-text",
        file: "01-one.toml",
        content: Content::Text(
            "numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"verse\"\ntext = '''\none\ttwo\n'''\n",
        ),
        args: &[],
        expect: "a tab in block text",
        line: Some(7),
        code: 1,
    },
    Case {
        name: "thin-stroke-denied",
        file: "02-two.toml",
        content: Content::Text(
            "numeral = \"II\"\ntitle = \"Boxes\"\n\n[[block]]\nkind = \"art\"\nstroke = \"0.01pt\"\ntext = '''\n+--+\n|  |\n+--+\n'''\n",
        ),
        args: &["--deny-warnings"],
        expect: "warnings are errors (--deny-warnings)",
        line: None,
        code: 1,
    },
    Case {
        name: "usage-bad-sheet",
        file: "book.toml",
        content: Content::Same,
        args: &["--impose", "saddle", "--sheet", "nonsense"],
        expect: "unknown sheet `nonsense`",
        line: None,
        code: 2,
    },
    Case {
        name: "usage-unknown-flag",
        file: "book.toml",
        content: Content::Same,
        args: &["--frobnicate"],
        expect: "unexpected argument '--frobnicate'",
        line: None,
        code: 2,
    },
    Case {
        name: "usage-bad-page-size",
        file: "book.toml",
        content: Content::Same,
        args: &["--page-size", "0mmx0mm"],
        expect: "--page-size",
        line: None,
        code: 2,
    },
];

fn run_case(c: &Case) -> (PathBuf, Output) {
    let dir = project(c.name);
    let path = dir.join("layout").join(c.file);
    match &c.content {
        Content::Text(t) => std::fs::write(&path, t).unwrap(),
        Content::Bytes(b) => std::fs::write(&path, b).unwrap(),
        Content::Made(f) => std::fs::write(&path, f()).unwrap(),
        Content::Same => {}
    }
    let mut args = vec!["build", "--project", dir.to_str().unwrap()];
    args.extend(c.args);
    let out = run(&args);
    (dir, out)
}

#[test]
fn every_bad_input_is_reported_where_it_is_with_the_right_exit_status() {
    let mut failures = Vec::new();
    for c in CASES {
        let (dir, out) = run_case(c);
        let err = String::from_utf8_lossy(&out.stderr);
        let mut why = Vec::new();
        if out.status.code() != Some(c.code) {
            why.push(format!("exit {:?}, expected {}", out.status.code(), c.code));
        }
        if !err.contains(c.expect) {
            why.push(format!("no `{}`", c.expect));
        }
        if let Some(line) = c.line {
            let at = format!("layout/{}:{line}:", c.file);
            if !err.contains(&at) {
                why.push(format!("no `{at}`"));
            }
        }
        if err.contains("panicked") {
            why.push("panicked".into());
        }
        if c.code != 0 && dir.join("output/chapbook.pdf").exists() {
            why.push("a PDF was written".into());
        }
        if !why.is_empty() {
            failures.push(format!("{}: {}\n{err}", c.name, why.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn no_bad_input_makes_the_binary_panic() {
    for c in CASES {
        let (_, out) = run_case(c);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked") && out.status.code() != Some(101), "{}: {err}", c.name);
        // `check` sees the same problems and never panics either.
        if c.code == 1 && c.args.is_empty() {
            let dir = root().join("target/errors-tests").join(c.name);
            let out = run(&["check", "--project", dir.to_str().unwrap()]);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "check {}: {err}", c.name);
            assert!(err.contains(c.expect) && !err.contains("panicked"), "check {}: {err}", c.name);
        }
    }
}

#[test]
fn independent_errors_are_reported_together() {
    let dir = project("together");
    std::fs::write(dir.join("layout/book.toml"), "title = \"T\"\n\n[type]\nsize = \"10\"\nleading = \"2furlong\"\n")
        .unwrap();
    std::fs::write(dir.join("layout/02-two.toml"), "numeral = \"II\"\ntitle = \"x\"\n\n[[block]]\nkind = \"verz\"\n")
        .unwrap();
    let out = run(&["build", "--project", dir.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    for want in ["book.toml:4:", "book.toml:5:", "02-two.toml:5:", "stopped with 3 errors"] {
        assert!(err.contains(want), "no `{want}`:\n{err}");
    }
}

#[test]
fn the_message_shows_file_line_col_the_source_line_and_an_underline() {
    let dir = project("render");
    std::fs::write(dir.join("layout/book.toml"), "title = \"T\"\n\n[type]\nsize = \"10\"\n").unwrap();
    let out = run(&["build", "--project", dir.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("layout/book.toml:4:8"), "{err}");
    assert!(err.contains("4 │ size = \"10\""), "{err}");
    assert!(err.contains("^^^^ expected a length"), "{err}");
}

#[test]
fn a_failed_build_leaves_the_previous_pdf_byte_identical() {
    let dir = project("keep");
    let out = run(&["build", "--project", dir.to_str().unwrap(), "-q"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = dir.join("output/chapbook.pdf");
    let before = std::fs::read(&pdf).unwrap();
    // A layout failure (after the spec was read) and a spec failure.
    std::fs::write(
        dir.join("layout/02-two.toml"),
        "numeral = \"II\"\ntitle = \"x\"\n\n[[block]]\nkind = \"verse\"\ntext = \"😀\"\n",
    )
    .unwrap();
    let out = run(&["build", "--project", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
    std::fs::write(dir.join("layout/book.toml"), "title = ").unwrap();
    let out = run(&["build", "--project", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.join("output")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn an_unwritable_output_is_a_clear_error() {
    let dir = project("unwritable");
    // The output path is an existing folder: the rename cannot replace it.
    let target = dir.join("layout");
    let out = run(&["build", "--project", dir.to_str().unwrap(), "-o", target.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot write") && err.contains("-o FILE"), "{err}");
    // Its parent is a file: the folder cannot be made.
    let file = dir.join("layout/book.toml/out.pdf");
    let out = run(&["build", "--project", dir.to_str().unwrap(), "-o", file.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot create the output folder"), "{err}");
}

#[test]
fn a_warning_is_printed_once_and_does_not_fail_the_build() {
    let dir = project("warn");
    std::fs::write(
        dir.join("layout/02-two.toml"),
        "numeral = \"II\"\ntitle = \"x\"\n\n[[block]]\nkind = \"art\"\nstroke = \"0.01pt\"\ntext = '''\n+--+\n|  |\n+--+\n'''\n",
    )
    .unwrap();
    let out = run(&["build", "--project", dir.to_str().unwrap(), "-q"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(err.matches("widened to").count(), 1, "{err}");
    let out = run(&["check", "--project", dir.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("project: ok ("));
    let out = run(&["check", "--project", dir.to_str().unwrap(), "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn check_reports_pages_and_writes_nothing() {
    let dir = project("check-ok");
    let out = run(&["check", "--project", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().next(), Some("project: ok (8 pages)"));
    assert!(!dir.join("output").exists());
    let report = chapbook::build::check(&dir, None).unwrap();
    assert_eq!(report.pages, 8);
    assert!(report.pdf.starts_with(b"%PDF-"));
}

#[test]
fn a_tint_out_of_range_is_clamped_with_a_warning_at_its_line() {
    let dir = project("tint");
    std::fs::write(
        dir.join("layout/02-two.toml"),
        "numeral = \"II\"\ntitle = \"x\"\n\n[[block]]\nkind = \"verse\"\nink = 1.5\ntext = '''\ndark\n'''\n",
    )
    .unwrap();
    let out = run(&["build", "--project", dir.to_str().unwrap(), "-q"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("warning: ink 1.5 is outside") && err.contains("02-two.toml:6:7"), "{err}");
    let out = run(&["build", "--project", dir.to_str().unwrap(), "-q", "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(1));
}
