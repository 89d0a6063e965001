//! Bad input, end to end: each case is a copy of tests/fixtures/mini with one file
//! replaced, run through the real binary. Every case must fail (or warn) with the expected
//! message, at the expected line, with the expected exit status, and never panic.

mod common;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_chapbook");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The folder of the case `name`, in the test binary's temporary folder.
fn case_dir(name: &str) -> PathBuf {
    common::scratch_path(&format!("errors/{name}"))
}

/// A fresh copy of the mini fixture in a scratch folder, its fonts linked to the repository's.
fn project(name: &str) -> PathBuf {
    let dir = case_dir(name);
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

/// Verse that cannot fit a page and cannot break: three lines of 200pt leading (a
/// stanza taller than a page breaks between lines, two at least on each side, and no two
/// of these fit).
fn overflowing_verse() -> String {
    format!(
        "{SECTION}kind = \"verse\"\nsize = \"60pt\"\nleading = \"200pt\"\ntext = '''\nline 1\nline 2\nline 3\n'''\n"
    )
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
        expect: "write `10pt`, `10mm`, `10in` or `10em`",
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
    // A free block is exactly its `height` tall: the hint names that, not the type.
    Case {
        name: "free-too-tall",
        file: "01-one.toml",
        content: Content::Text(
            "numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"free\"\nheight = \"300mm\"\n\n[[block.item]]\ntext = \"omega\"\nx = \"1mm\"\ny = \"20mm\"\n",
        ),
        args: &[],
        expect: "= set a smaller `height` (the block is exactly that tall",
        line: Some(4),
        code: 1,
    },
    // Below a heading, a free block that does not fit is told of its height, not of stanzas.
    Case {
        name: "free-below-a-heading",
        file: "01-one.toml",
        content: Content::Text(
            "numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"free\"\nheight = \"160mm\"\n\n[[block.item]]\ntext = \"omega\"\nx = \"1mm\"\ny = \"20mm\"\n",
        ),
        args: &[],
        expect: "a heading is never left alone at the foot of a page: set a smaller `height`",
        line: Some(4),
        code: 1,
    },
    // A circle's block is its width: `radius` shrinks it, `leading` does nothing.
    Case {
        name: "path-circle-too-tall",
        file: "01-one.toml",
        content: Content::Text(
            "numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"path\"\nshape = \"circle\"\nradius = \"120mm\"\ntext = \"round and round\"\n",
        ),
        args: &[],
        expect: "= set a smaller `radius` or `size` (the block is the circle's width",
        line: Some(4),
        code: 1,
    },
    // A leaf's thickness is measured on the paper: `em` (the type size) is never offered.
    Case {
        name: "caliper-without-unit",
        file: "book.toml",
        content: Content::Text("title = \"T\"\n\n[cover]\ncaliper = \"0.1\"\n"),
        args: &[],
        expect: "= write `0.1mm`, `0.1in` or `0.1pt`",
        line: Some(4),
        code: 1,
    },
    Case {
        name: "bleed-in-em",
        file: "book.toml",
        content: Content::Text("title = \"T\"\n\n[print]\nbleed = \"1em\"\n"),
        args: &[],
        expect: "measured on the paper",
        line: Some(4),
        code: 1,
    },
    Case {
        name: "caliper-unquoted",
        file: "book.toml",
        content: Content::Text("title = \"T\"\n\n[cover]\ncaliper = 0.1\n"),
        args: &[],
        expect: "write caliper = \"0.1mm\" (or in, pt)",
        line: Some(4),
        code: 1,
    },
    // The United Kingdom's region code is GB: `UK` is a well-formed but unregistered region.
    Case {
        name: "language-region-uk",
        file: "book.toml",
        content: Content::Text("title = \"T\"\nlanguage = \"en-UK\"\n"),
        args: &[],
        expect: "write language = \"en-GB\"",
        line: Some(2),
        code: 1,
    },
    // A free item set into the gutter's bleed under a service's safe zone: the margins are
    // not the fix; the item is, and the message names its block.
    Case {
        name: "free-item-in-the-bleed-under-a-target",
        file: "01-one.toml",
        content: Content::Text(
            "numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"free\"\nheight = \"40mm\"\n\n[[block.item]]\ntext = \"omega\"\nx = \"-25mm\"\ny = \"20mm\"\n",
        ),
        args: &["--target", "ingramspark"],
        expect: "past the gutter trim, into the bleed; ingramspark needs it 12.7 mm inside the trim: move it in by at least",
        line: None,
        code: 1,
    },
    Case {
        name: "line-too-wide",
        file: "01-one.toml",
        content: Content::Text(
            "numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"verse\"\noverflow = \"shrink\"\ntext = \"this is a very long line of verse that will never ever fit into the measure of an a5 page, not even when it is set a little smaller than the rest\"\n",
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
        // The character itself, in the block's text.
        line: Some(6),
        code: 1,
    },
    Case {
        name: "cjk-in-title",
        file: "02-two.toml",
        content: Content::Text("numeral = \"II\"\ntitle = \"The 漢字\"\n"),
        args: &[],
        // At the character's line and column in the title, as in verse.
        expect: "02-two.toml:2:14\n",
        line: Some(2),
        code: 1,
    },
    // The book's own title too, in book.toml (the title page sets it before any section).
    Case {
        name: "cjk-in-book-title",
        file: "book.toml",
        content: Content::Text("title = \"The 漢\"\n"),
        args: &[],
        expect: "book.toml:1:14\n",
        line: Some(1),
        code: 1,
    },
    // A wall in every column: nothing to narrow, so even at its narrowest it is too wide.
    Case {
        name: "art-too-wide",
        file: "02-two.toml",
        content: Content::Text(
            "numeral = \"II\"\ntitle = \"Boxes\"\n\n[[block]]\nkind = \"art\"\ntext = '''\n││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││││\n'''\n",
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
            let dir = case_dir(c.name);
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
    // The file to write is an existing folder: the rename cannot replace it. (`-o` naming
    // a folder writes the default name into it, here a folder too.)
    let target = dir.join("out");
    std::fs::create_dir_all(target.join("chapbook.pdf")).unwrap();
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
    let report = chapbook::build::check(&chapbook::build::BuildOptions::new(&dir)).unwrap();
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

// ---------------------------------------------------------------------------------------
// The mistakes people who write poems make (issue 16): each one through the binary, with
// the file, line and column of the real cause, the fix in the poet's words, the exit
// status, `--json` on stdout, and the PDF of the last good build untouched.

/// One mistake: files written into (or removed from) a fresh copy of the mini fixture
/// after a good build, the arguments after `build --project DIR`, and what must come back.
struct Mistake {
    name: &'static str,
    files: &'static [(&'static str, Option<&'static str>)],
    args: &'static [&'static str],
    /// `layout/FILE:LINE:COL` of the real cause, or `layout/FILE: ` for a whole file.
    at: Option<&'static str>,
    message: &'static str,
    hint: &'static str,
    code: i32,
    /// A warning: the build succeeds without `--deny-warnings` (the table runs it with the
    /// flag, so it must stop and leave the PDF alone).
    warning: bool,
}

const fn m(
    name: &'static str,
    files: &'static [(&'static str, Option<&'static str>)],
    at: Option<&'static str>,
    message: &'static str,
    hint: &'static str,
) -> Mistake {
    Mistake { name, files, args: &[], at, message, hint, code: 1, warning: false }
}

const fn warning(mut w: Mistake) -> Mistake {
    w.warning = true;
    w
}

const fn usage(mut u: Mistake, args: &'static [&'static str]) -> Mistake {
    u.args = args;
    u.code = 2;
    u
}

const ONE: &str = "01-one.toml";
const TWO: &str = "02-two.toml";
const BOOK: &str = "book.toml";

const MISTAKES: &[Mistake] = &[
    // The rows of the issue.
    m(
        "curly-quotes",
        &[(BOOK, Some("title = “Token”\n"))],
        Some("layout/book.toml:1:9"),
        "is quoted with typographic quotes",
        "type straight quotes: title = \"Token\"",
    ),
    m(
        "curly-triple-quotes",
        &[(
            ONE,
            Some("numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"verse\"\ntext = ’’’\nThe ___\n’’’\n"),
        )],
        Some("layout/01-one.toml:6:8"),
        "`text` is quoted with typographic quotes",
        "text = '''",
    ),
    m(
        "text-never-closed",
        &[(
            ONE,
            Some(
                "numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"verse\"\ntext = '''\nThe ___\nThe next ___\n\n[[block]]\nkind = \"verse\"\ntext = '''\nend\n'''\n",
            ),
        )],
        Some("layout/01-one.toml:6:8"),
        "the text that opens with ''' on line 6 is never closed",
        "end the text with a line holding only '''",
    ),
    m(
        "text-never-closed-at-the-end",
        &[(ONE, Some("numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"verse\"\ntext = '''\nThe ___\n"))],
        Some("layout/01-one.toml:6:8"),
        "is never closed",
        "a line holding only '''",
    ),
    m(
        "size-without-unit-or-quotes",
        &[(BOOK, Some("title = \"T\"\n\n[type]\nsize = 10.5\n"))],
        Some("layout/book.toml:4:8"),
        "`size` is a length: it needs a unit, in quotes",
        "write size = \"10.5pt\"",
    ),
    m(
        "rotate-without-unit-or-quotes",
        &[(ONE, Some("numeral = \"I\"\n\n[[block]]\nkind = \"verse\"\nrotate = 90\ntext = '''\nturned\n'''\n"))],
        Some("layout/01-one.toml:5:10"),
        "`rotate` is an angle: it needs a unit, in quotes",
        "write rotate = \"90deg\"",
    ),
    m(
        "single-bracket-block-after-blocks",
        &[(
            ONE,
            Some(
                "numeral = \"I\"\n\n[[block]]\nkind = \"verse\"\ntext = \"a\"\n\n[block]\nkind = \"verse\"\ntext = \"b\"\n",
            ),
        )],
        Some("layout/01-one.toml:7:1"),
        "`[block]` needs double brackets",
        "write [[block]]",
    ),
    m(
        "table-twice",
        &[(BOOK, Some("title = \"T\"\n\n[type]\nsize = \"10pt\"\n\n[type]\nleading = \"13pt\"\n"))],
        Some("layout/book.toml:6:2"),
        "`[type]` appears twice",
        "under one [type]",
    ),
    m(
        "features-not-a-list",
        &[(BOOK, Some("title = \"T\"\n\n[type]\nfeatures = \"onum\"\n"))],
        Some("layout/book.toml:4:12"),
        "`features` is a list",
        "write features = [\"onum\"]",
    ),
    usage(
        m("page-size-without-unit", &[], None, "page size `6x9` has no unit", "write `6x9in`"),
        &["--page-size", "6x9"],
    ),
    m(
        "tab-in-a-block",
        &[(
            ONE,
            Some("numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"verse\"\ntext = '''\none\ttwo\n'''\n"),
        )],
        Some("layout/01-one.toml:7:4"),
        "a tab in block text",
        "use spaces",
    ),
    m(
        "tab-in-a-block-with-crlf",
        &[(
            ONE,
            Some(
                "numeral = \"I\"\r\ntitle = \"Stairs\"\r\n\r\n[[block]]\r\nkind = \"verse\"\r\ntext = '''\r\none\ttwo\r\n'''\r\n",
            ),
        )],
        Some("layout/01-one.toml:7:4"),
        "a tab in block text",
        "use spaces",
    ),
    warning(m(
        "missing-numeral",
        &[(ONE, Some("title = \"Stairs\"\n\n[[block]]\nkind = \"verse\"\ntext = \"a\"\n"))],
        Some("layout/01-one.toml:1:1"),
        "this section has no numeral, though the other sections have one",
        "add numeral = \"I\" at the top",
    )),
    m(
        "missing-title",
        &[(BOOK, Some("subtitle = \"fixture\"\n\n[page]\nsize = \"a5\"\n"))],
        Some("layout/book.toml:1:1"),
        "the book has no title",
        "add title = \"Your Title\"",
    ),
    m(
        "empty-section-file",
        &[(TWO, Some(""))],
        Some("layout/02-two.toml:1:1"),
        "this section file is empty",
        "numeral = \"I\"",
    ),
    warning(m(
        "toml-txt-in-layout",
        &[("03-x.toml.txt", Some("numeral = \"III\"\ntitle = \"x\"\n"))],
        Some("layout/03-x.toml.txt: "),
        "not a section file; it is left out of the book",
        "rename it 03-x.toml",
    )),
    warning(m(
        "upper-case-toml-in-layout",
        &[("03-y.TOML", Some("numeral = \"III\"\ntitle = \"y\"\n"))],
        Some("layout/03-y.TOML: "),
        "not a section file; it is left out of the book",
        "rename it 03-y.toml",
    )),
    warning(m(
        "notes-in-layout",
        &[("notes.txt", Some("ideas for part three\n"))],
        Some("layout/notes.txt: "),
        "not a section file; it is left out of the book",
        "keep notes and drafts elsewhere",
    )),
    warning(m(
        "editor-backup-in-layout",
        &[("01-one.toml~", Some("numeral = \"I\"\n"))],
        Some("layout/01-one.toml~: "),
        "an editor's backup or temporary file; it is left out of the book",
        "only .toml files are sections",
    )),
    warning(m(
        "files-out-of-numeral-order",
        &[
            (ONE, None),
            (TWO, None),
            ("1-one.toml", Some("numeral = \"I\"\ntitle = \"One\"\n\n[[block]]\nkind = \"verse\"\ntext = \"a\"\n")),
            ("2-two.toml", Some("numeral = \"II\"\ntitle = \"Two\"\n\n[[block]]\nkind = \"verse\"\ntext = \"b\"\n")),
            ("10-ten.toml", Some("numeral = \"X\"\ntitle = \"Ten\"\n\n[[block]]\nkind = \"verse\"\ntext = \"c\"\n")),
        ],
        Some("layout/2-two.toml:1:11"),
        "section II (2-two.toml) comes after section X (10-ten.toml)",
        "01-…, 02-…, 10-…",
    )),
    warning(m(
        "section-without-blocks",
        &[(TWO, Some("numeral = \"II\"\ntitle = \"Boxes\"\n"))],
        Some("layout/02-two.toml:2:9"),
        "the section “Boxes” has no blocks",
        "add its text below the title: [[block]]",
    )),
    usage(
        m("sheet-without-impose", &[], None, "--impose <IMPOSE>", "add --impose saddle, or leave the option out"),
        &["--sheet", "letter"],
    ),
    usage(
        m("paper-thickness-without-impose", &[], None, "--impose <IMPOSE>", "add --impose saddle"),
        &["--paper-thickness", "0.1mm"],
    ),
    Mistake {
        args: &["--deny-warnings"],
        ..m(
            "one-clamped-ink-denied",
            &[(
                TWO,
                Some("numeral = \"II\"\ntitle = \"x\"\n\n[[block]]\nkind = \"verse\"\nink = 1.5\ntext = \"dark\"\n"),
            )],
            Some("layout/02-two.toml:6:7"),
            "stopped with 1 error; no PDF was written",
            "warnings are errors (--deny-warnings)",
        )
    },
    // Ten more, as people who write poems make them.
    m(
        "quotes-inside-a-title",
        &[(ONE, Some("numeral = \"I\"\ntitle = \"The \"Real\" Thing\"\n"))],
        Some("layout/01-one.toml:2:15"),
        "the quote inside `title` ends it early",
        "title = 'The \"Real\" Thing'",
    ),
    m(
        "closing-quote-missing",
        &[(ONE, Some("numeral = \"I\"\ntitle = \"Stairs\n"))],
        Some("layout/01-one.toml:2:16"),
        "the closing quote of `title` is missing",
        "write title = \"Stairs\"",
    ),
    m(
        "title-without-quotes",
        &[(ONE, Some("numeral = \"I\"\ntitle = Stairs at night\n"))],
        Some("layout/01-one.toml:2:9"),
        "the text of `title` is not in quotes",
        "write title = \"Stairs at night\"",
    ),
    m(
        "single-brackets-for-a-block",
        &[(ONE, Some("numeral = \"I\"\ntitle = \"Stairs\"\n\n[block]\nkind = \"verse\"\ntext = \"a\"\n"))],
        Some("layout/01-one.toml:4:1"),
        "`[block]` needs double brackets",
        "write [[block]]",
    ),
    m(
        "second-stanza-as-a-second-text",
        &[(
            ONE,
            Some(
                "numeral = \"I\"\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"verse\"\ntext = \"one\"\ntext = \"two\"\n",
            ),
        )],
        Some("layout/01-one.toml:7:1"),
        "`text` is set twice",
        "a block has one text",
    ),
    m(
        "verse-without-a-block-line",
        &[(ONE, Some("numeral = \"I\"\ntitle = \"Stairs\"\n\nkind = \"verse\"\ntext = \"a\"\n"))],
        Some("layout/01-one.toml:4:1"),
        "`kind` is a block's key, written before any [[block]]",
        "add a line [[block]] above it",
    ),
    m(
        "decimal-comma",
        &[(BOOK, Some("title = \"T\"\n\n[type]\nsize = \"10,5pt\"\n"))],
        Some("layout/book.toml:4:8"),
        "has a decimal comma",
        "write a decimal point, `10.5pt`",
    ),
    m(
        "unit-spelled-out",
        &[(BOOK, Some("title = \"T\"\n\n[type]\nleading = \"14 points\"\n"))],
        Some("layout/book.toml:4:11"),
        "unknown unit `points`",
        "write `14pt`",
    ),
    m(
        "ink-as-a-percentage",
        &[(
            TWO,
            Some("numeral = \"II\"\ntitle = \"x\"\n\n[[block]]\nkind = \"verse\"\nink = \"50%\"\ntext = \"grey\"\n"),
        )],
        Some("layout/02-two.toml:6:7"),
        "`ink` is a number, without quotes (0.0 is paper, 1.0 full black)",
        "write ink = 0.5",
    ),
    m(
        "a4-page",
        &[(BOOK, Some("title = \"T\"\n\n[page]\nsize = \"A4\"\n"))],
        Some("layout/book.toml:4:8"),
        "`A4` is not one of the page presets",
        "write its size, `210mmx297mm`",
    ),
    m(
        "page-size-outside-page",
        &[(BOOK, Some("title = \"T\"\nsize = \"a6\"\n"))],
        Some("layout/book.toml:2:1"),
        "`size` belongs under [page]",
        "move it below a line [page]",
    ),
    m(
        "numeral-as-a-number",
        &[(ONE, Some("numeral = 1\ntitle = \"Stairs\"\n\n[[block]]\nkind = \"verse\"\ntext = \"a\"\n"))],
        Some("layout/01-one.toml:1:11"),
        "the numeral is written in quotes",
        "write numeral = \"1\"",
    ),
    m(
        "yes-for-crop-marks",
        &[(BOOK, Some("title = \"T\"\n\n[print]\nmarks = \"yes\"\n"))],
        Some("layout/book.toml:4:9"),
        "`marks` is true or false, without quotes",
        "write marks = true",
    ),
    m(
        "title-left-empty",
        &[(TWO, Some("numeral = \"II\"\ntitle = \n"))],
        Some("layout/02-two.toml:2:9"),
        "`title` has no value",
        "write title = \"…\"",
    ),
];

/// A copy of the mini fixture with a good PDF built, the PDF's bytes, and the mistake
/// applied.
fn with_mistake(c: &Mistake) -> (PathBuf, Vec<u8>) {
    let dir = project(&format!("mistake-{}", c.name));
    let out = run(&["build", "-q", "--project", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}: the fixture builds: {}", c.name, String::from_utf8_lossy(&out.stderr));
    let pdf = std::fs::read(dir.join("output/chapbook.pdf")).unwrap();
    for (file, content) in c.files {
        let path = dir.join("layout").join(file);
        match content {
            Some(text) => std::fs::write(&path, text).unwrap(),
            None => std::fs::remove_file(&path).unwrap(),
        }
    }
    (dir, pdf)
}

#[test]
fn every_mistake_a_poet_makes_is_answered_where_it_is_with_the_fix() {
    let mut failures = Vec::new();
    for c in MISTAKES {
        let (dir, pdf) = with_mistake(c);
        let project = dir.to_str().unwrap();
        let mut args = vec!["build", "--project", project];
        args.extend(c.args);
        if c.warning {
            args.push("--deny-warnings");
        }
        let out = run(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        // `SHOW_MISTAKES=1 cargo test --test errors mistake -- --nocapture` prints them all.
        if std::env::var_os("SHOW_MISTAKES").is_some() {
            eprintln!("=== {}\n{err}", c.name);
        }
        let mut why = Vec::new();
        if out.status.code() != Some(c.code) {
            why.push(format!("exit {:?}, expected {}", out.status.code(), c.code));
        }
        for want in [Some(c.message), Some(c.hint), c.at].into_iter().flatten() {
            if !err.contains(want) {
                why.push(format!("no `{want}`"));
            }
        }
        if err.contains("panicked") {
            why.push("panicked".into());
        }
        if std::fs::read(dir.join("output/chapbook.pdf")).ok().as_ref() != Some(&pdf) {
            why.push("the previous PDF changed".into());
        }
        // A warning alone does not stop the build.
        if c.warning {
            let out = run(&["build", "-q", "--project", project]);
            let err = String::from_utf8_lossy(&out.stderr);
            if !out.status.success() || !err.contains(c.message) {
                why.push(format!("without --deny-warnings: exit {:?}, {err}", out.status.code()));
            }
        }
        if !why.is_empty() {
            failures.push(format!("{}: {}\n{err}", c.name, why.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `build --json` and `check --json` on failure, usage errors included: `{"ok": false,
/// "diagnostics": [...]}` on stdout, each diagnostic with severity, file, line, column,
/// message and hint.
#[test]
fn json_on_failure_names_the_same_place_and_fix() {
    let mut failures = Vec::new();
    for c in MISTAKES {
        let (dir, _) = with_mistake(c);
        // Usage errors (exit 2) are about `build`'s own options.
        let verbs: &[&str] = if c.code == 2 { &["build"] } else { &["build", "check"] };
        for &verb in verbs {
            let mut args = vec![verb, "--json", "--project", dir.to_str().unwrap()];
            args.extend(c.args);
            if c.warning {
                args.push("--deny-warnings");
            }
            let out = run(&args);
            let stdout = String::from_utf8_lossy(&out.stdout);
            let v: serde_json::Value = match serde_json::from_str(&stdout) {
                Ok(v) => v,
                Err(e) => {
                    failures.push(format!("{} {verb}: not JSON ({e}): {stdout}", c.name));
                    continue;
                }
            };
            let diags = v["diagnostics"].as_array().cloned().unwrap_or_default();
            let found = diags.iter().any(|d| {
                let place = match (d["file"].as_str(), d["line"].as_u64(), d["column"].as_u64()) {
                    (Some(f), Some(l), Some(col)) => format!("{f}:{l}:{col}"),
                    (Some(f), None, None) => format!("{f}: "),
                    _ => String::new(),
                };
                let text = format!("{} {}", d["message"].as_str().unwrap_or(""), d["hint"].as_str().unwrap_or(""));
                let at_ok = c.at.is_none_or(|at| place == at);
                let fields =
                    ["severity", "file", "line", "column", "message", "hint"].iter().all(|k| d.get(k).is_some());
                at_ok && fields && (text.contains(c.hint) || c.message.starts_with("stopped with"))
            });
            if v["ok"] != serde_json::Value::Bool(false) || !found || out.status.code() != Some(c.code) {
                failures.push(format!("{} {verb}: exit {:?}: {stdout}", c.name, out.status.code()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn new_on_an_existing_folder_says_so_plainly() {
    let dir = project("new-existing");
    let before = std::fs::read(dir.join("layout/book.toml")).unwrap();
    let out = run(&["new", dir.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("already exists: it is a folder with files in it"), "{err}");
    assert!(err.contains("chapbook build --project"), "{err}");
    assert!(!err.contains("stopped with") && !err.contains("PDF"), "{err}");
    assert_eq!(std::fs::read(dir.join("layout/book.toml")).unwrap(), before);
    let file = dir.join("layout/book.toml");
    let out = run(&["new", file.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists: it is a file"));
}

#[test]
fn each_help_example_is_on_its_own_line() {
    let out = run(&["build", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    let examples: Vec<&str> = help.lines().skip_while(|l| !l.starts_with("Example")).skip(1).collect();
    assert_eq!(
        examples,
        [
            "  chapbook build",
            "  chapbook build --project my-poem --page-size a6 -o /tmp/poem.pdf",
            "  chapbook build --pdfx --impose saddle --sheet a4 --paper-thickness 0.1mm",
        ],
        "{help}"
    );
    for verb in ["check", "new", "watch", "preview", "completions"] {
        let help = String::from_utf8_lossy(&run(&[verb, "--help"]).stdout).into_owned();
        let examples: Vec<&str> = help.lines().skip_while(|l| !l.starts_with("Example")).skip(1).collect();
        assert!(!examples.is_empty(), "{verb}: {help}");
        for e in examples {
            assert!(e.starts_with("  chapbook ") && e.matches("chapbook ").count() <= 2, "{verb}: {e:?}");
        }
    }
}

#[test]
fn build_json_is_valid_json_for_any_output_path() {
    let dir = project("json-path");
    let out_path = dir.join("output/a\u{1}b\"c\\d.pdf");
    let out = run(&["build", "--json", "--project", dir.to_str().unwrap(), "-o", out_path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["output"].as_str(), out_path.to_str());
    assert_eq!(v["pages"], 8);
    assert_eq!(v["diagnostics"].as_array().map(Vec::len), Some(0));
    // A warning travels as a diagnostic.
    std::fs::write(dir.join("layout/notes.txt"), "later").unwrap();
    let out = run(&["build", "--json", "--project", dir.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["warnings"], 1);
    assert_eq!(v["diagnostics"][0]["severity"], "warning");
    assert_eq!(v["diagnostics"][0]["file"], "layout/notes.txt");
}

#[test]
fn check_json_of_a_project_that_passes_carries_its_warnings() {
    let dir = project("check-json-warnings");
    let one = std::fs::read_to_string(dir.join("layout/01-one.toml")).unwrap();
    std::fs::write(dir.join("layout/01-one.toml"), one.replacen("kind = \"verse\"", "kind = \"verse\"\nink = 1.5", 1))
        .unwrap();
    let out = run(&["check", "--json", "--project", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!((d["severity"].as_str(), d["file"].as_str()), (Some("warning"), Some("layout/01-one.toml")), "{v}");
    assert!(d["message"].as_str().unwrap().contains("ink 1.5"), "{v}");
}

#[test]
fn svg_output_refuses_what_only_a_pdf_has() {
    let dir = project("svg-refuses");
    for (args, want) in [
        (&["--impose", "saddle"][..], "--impose is for the PDF"),
        (&["--pdfx"][..], "--pdfx is for the PDF"),
        (&["-o", "book.pdf"][..], "-o names the folder for the SVG pages"),
    ] {
        let out = run(&[&["build", "--format", "svg", "--project", dir.to_str().unwrap()][..], args].concat());
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
    assert!(!dir.join("output/svg").exists() && !dir.join("book.pdf").exists());
}

#[test]
fn every_unknown_key_of_a_file_is_named_in_one_run() {
    let dir = project("unknown-keys");
    std::fs::write(
        dir.join("layout/book.toml"),
        "titel = \"T\"\n[page]\nsize = \"a5\"\nmargin = \"1in\"\n[type]\nfamly = \"EB Garamond\"\n",
    )
    .unwrap();
    let out = run(&["build", "--project", dir.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for (key, at, hint) in [
        ("margin", "layout/book.toml:4:1", ""),
        ("titel", "layout/book.toml:1:1", "title"),
        ("famly", "layout/book.toml:6:1", "family"),
    ] {
        assert!(
            err.contains(&format!("unknown key `{key}`")) && err.contains(at) && err.contains(hint),
            "{key}: {err}"
        );
    }
    assert!(err.contains("stopped with 3 errors"), "{err}");
}

/// A wrong command line exits 2 and writes nothing: a service that does not exist, and
/// `-o` naming a file of another format than the command writes.
#[test]
fn an_unknown_service_and_an_output_of_another_format_are_usage_errors() {
    let dir = project("usage-format");
    let p = dir.to_str().unwrap();
    for (args, words) in [
        (&["build", "--project", p, "--target", "amazon"][..], "--target"),
        (&["build", "--project", p, "-o", "book.epub"][..], "--format epub"),
        (&["build", "--project", p, "-o", "pages.svg"][..], "--format svg"),
        (&["cover", "--project", p, "-o", "cover.png"][..], "chapbook preview"),
    ] {
        let out = run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(words), "{args:?}: {err}");
    }
    assert!(!dir.join("book.epub").exists() && !Path::new("book.epub").exists());
    // A .pdf, in any case, is a PDF.
    let out = run(&["build", "--project", p, "-o", dir.join("Book.PDF").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A key missing from a table further down the file (`y` of a `[[block.item]]`) is shown
/// at that table's header with what to add, not at the file's first line.
#[test]
fn a_key_missing_from_a_free_item_points_at_the_item() {
    let dir = project("item-without-y");
    let free = "numeral = \"I\"\ntitle = \"Free\"\n\n[[block]]\nkind = \"free\"\nheight = \"30mm\"\n\n[[block.item]]\ntext = \"alpha\"\nx = \"10mm\"\n";
    std::fs::write(dir.join("layout/09-free.toml"), free).unwrap();
    let out = run(&["build", "--project", dir.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("09-free.toml:8:1") && err.contains("`y` is missing from [[block.item]]"), "{err}");
    assert!(err.contains("add y = \"10mm\""), "{err}");
}

/// A key of book.toml under a table it does not belong to is told where it goes: the
/// book's own keys above the first table, another table's keys under that table.
#[test]
fn a_book_key_under_the_wrong_table_is_told_where_it_goes() {
    let dir = project("key-in-wrong-table");
    std::fs::write(
        dir.join("layout/book.toml"),
        "title = \"T\"\n\n[page]\nsize = \"a5\"\nbleed = \"3mm\"\n\n[print]\npad_to = 4\ncolophon = '''Set by hand.'''\n",
    )
    .unwrap();
    let out = run(&["build", "--project", dir.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("`colophon` is a key of the book itself") && err.contains("move it above the first [table]"),
        "{err}"
    );
    assert!(err.contains("`bleed` belongs under [print]"), "{err}");
}

/// Marks a print service adds to imposed sheets that do not fit are said to be the
/// service's, not blamed on a --marks the poet never gave.
#[test]
fn marks_a_service_adds_to_sheets_are_named_as_the_services() {
    let dir = project("service-marks");
    let out = run(&["build", "--project", dir.to_str().unwrap(), "--target", "offset", "--impose", "saddle"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("the marks are offset's") && err.contains("larger --sheet"), "{err}");
}

/// Imposed sheets under a print service are said to be for printing yourself (every
/// service takes single pages), and `check --pdf` given a folder says to give the file.
#[test]
fn sheets_under_a_service_and_a_folder_for_check_pdf_are_told_what_to_do() {
    let dir = project("service-sheets");
    let out = run(&[
        "build",
        "--project",
        dir.to_str().unwrap(),
        "--target",
        "offset",
        "--impose",
        "saddle",
        "--sheet",
        "a3",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("offset takes the book's single pages") && err.contains("send offset the book's PDF"),
        "{err}"
    );
    let out = run(&["check", "--pdf", dir.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("is a folder") && err.contains("--pdf output/chapbook.pdf"), "{err}");
}
