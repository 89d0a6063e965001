//! The rules of the trade, held at every page-size preset for the chapbook and for a book
//! of one poem (`tests/fixtures/easter-wings`): the poem opens on a recto, every odd folio
//! is on a recto, no heading is the last thing on its page, no blank page carries a folio,
//! page labels equal the folios, and the colophon is where the book puts it and says what
//! is true. Everything is read back from the display list and the PDF, not from the
//! layout's own account of itself.

mod common;
use chapbook::build::{Compiled, compile};
use chapbook::display::{Document, Item, LabelStyle};
use chapbook::spec::{BlockKind, TitleVerso};
use common::{fixture, root};
use std::path::Path;

/// The trim each preset's colophon must state, as a printer writes it.
const TRIMS: &[(&str, &str)] = &[
    ("a5", "A5, 148 × 210 mm"),
    ("a6", "A6, 105 × 148 mm"),
    ("half-letter", "5½ × 8½ in"),
    ("quarter-letter", "4¼ × 5½ in"),
    ("5x8in", "5 × 8 in"),
    ("6x9in", "6 × 9 in"),
];

fn lay(project: &Path, size: &str) -> Compiled {
    compile(project, Some(size)).unwrap_or_else(|e| panic!("{size}: {}", chapbook::diag::render(&e, project)))
}

fn texts(doc: &Document, page: usize) -> Vec<&chapbook::display::GlyphRun> {
    doc.pages[page].items.iter().filter_map(|i| if let Item::Text(r) = i { Some(r) } else { None }).collect()
}

/// The number printed in the bottom margin of each page, if any.
fn folios(c: &Compiled) -> Vec<Option<u32>> {
    let bottom = c.book.page.height - c.book.page.bottom;
    (0..c.document.pages.len())
        .map(|i| {
            let nums: Vec<u32> = texts(&c.document, i)
                .iter()
                .filter(|r| r.origin.y > bottom)
                .filter_map(|r| r.text.parse().ok())
                .collect();
            assert!(nums.len() <= 1, "page {}: more than one folio {nums:?}", i + 1);
            nums.first().copied()
        })
        .collect()
}

/// The label a PDF viewer shows for page `i`, from the label ranges.
fn label(doc: &Document, i: usize) -> String {
    let r = doc.labels.iter().filter(|r| r.start_page <= i).max_by_key(|r| r.start_page).expect("page 1 has a range");
    let n = r.first_number + (i - r.start_page) as u32;
    match r.style {
        LabelStyle::Arabic => n.to_string(),
        LabelStyle::LowerRoman => roman(n),
        LabelStyle::Word(w) => w.to_string(),
        LabelStyle::None => String::new(),
        other => panic!("a label style this test does not know: {other:?}"),
    }
}

fn roman(n: u32) -> String {
    ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"][n as usize].to_string()
}

/// Every rule, for one book at one size.
fn holds_the_rules(project: &Path, size: &str) {
    let c = lay(project, size);
    let doc = &c.document;
    let at = format!("{} at {size}", project.file_name().unwrap().to_string_lossy());
    let folios = folios(&c);
    let n = doc.pages.len();
    assert_eq!(n % c.book.print.pad_to.max(1) as usize, 0, "{at}: {n} pages");

    // The poem opens on a recto (page index even), and its first page is folio 1.
    let first = doc.outline[0].page;
    assert_eq!(first % 2, 0, "{at}: the poem opens on page {}", first + 1);
    assert_eq!(folios[first], Some(1), "{at}: the first page of the poem is folio 1");
    assert!(doc.outline.iter().all(|e| folios[e.page].is_some()), "{at}: every section opens on a numbered page");

    for (i, f) in folios.iter().enumerate() {
        let here = format!("{at}, page {}", i + 1);
        match f {
            Some(f) => {
                assert_eq!(f % 2 == 1, i % 2 == 0, "{here}: folio {f} on the wrong side");
                assert_eq!(label(doc, i), f.to_string(), "{here}: label and folio differ");
                let others = doc.pages[i].items.len() - 1;
                assert!(others > 0, "{here}: a blank page carries folio {f}");
            }
            None if i >= first => {
                let l = label(doc, i);
                assert!(l.parse::<u32>().is_err(), "{here}: unnumbered page labelled “{l}”, which looks like a folio");
            }
            None => {}
        }
    }

    // No heading is the last thing on its page: below each section's title there is more
    // than the folio.
    let body = c.book.body.size;
    let bottom = c.book.page.height - c.book.page.bottom;
    for s in &c.book.sections {
        let title = s.title.clone().unwrap_or_else(|| c.book.title.clone());
        let page = (0..n)
            .find(|&i| texts(doc, i).iter().any(|r| r.text == title && r.size > body * 1.3))
            .unwrap_or_else(|| panic!("{at}: no heading “{title}”"));
        let head = texts(doc, page).into_iter().find(|r| r.text == title && r.size > body * 1.3).unwrap();
        let below = doc.pages[page].items.iter().any(|it| match it {
            Item::Text(r) => r.origin.y > head.origin.y + 1.0 && r.origin.y < bottom,
            Item::Path(p) => p.els.iter().any(|e| match e {
                chapbook::display::PathEl::MoveTo(q) | chapbook::display::PathEl::LineTo(q) => q.y > head.origin.y,
                _ => false,
            }),
            Item::Dot(d) => d.center.y > head.origin.y,
            // Layout makes no clips (imposition does).
            Item::Clip(_) => false,
            Item::Group(g) => g.transform.f > head.origin.y,
            other => panic!("an item this test does not know: {other:?}"),
        });
        assert!(below, "{at}: the heading “{title}” is the last thing on page {}", page + 1);
    }
    // The layout's own account agrees.
    assert_eq!(c.report.broken_rules(), Vec::<String>::new(), "{at}");

    // The colophon: where the book puts it, with true facts.
    let colophon_page = match c.book.title_verso {
        TitleVerso::Colophon => 1,
        TitleVerso::Blank => n - 1,
        other => panic!("a title verso this test does not know: {other:?}"),
    };
    let words = texts(doc, colophon_page).iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join(" ");
    assert!(words.contains("Typeset with chapbook"), "{at}: no colophon on page {}: {words}", colophon_page + 1);
    for i in 0..n {
        if i != colophon_page {
            let other = texts(doc, i).iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join(" ");
            assert!(!other.contains("Typeset with chapbook"), "{at}: a second colophon on page {}", i + 1);
        }
    }
    if c.book.title_verso == TitleVerso::Blank {
        assert!(
            doc.pages[n - 1].items.iter().all(|it| matches!(it, Item::Text(_))),
            "{at}: the last page is the colophon"
        );
    }
    assert!(words.contains(&format!("{n} pages")), "{at}: the colophon miscounts the pages: {words}");
    let trim = TRIMS.iter().find(|t| t.0 == size).unwrap().1;
    assert!(words.contains(trim), "{at}: the colophon does not say “{trim}”: {words}");
    assert!(size.len() <= 2 || !words.contains(&size.to_uppercase()), "{at}: the size name shouted: {words}");
    // The faces named are the faces embedded.
    let set_in = words.split("Set in ").nth(1).and_then(|w| w.split('.').next()).expect("names the faces");
    let named: Vec<String> =
        set_in.split([',', ' ']).filter(|w| !w.is_empty() && *w != "and").map(String::from).collect();
    for f in &doc.fonts {
        let family = f.postscript_name.split('-').next().unwrap();
        assert!(named.concat().contains(family), "{at}: {} is embedded but not named in “{set_in}”", f.postscript_name);
    }
    let art = c.book.sections.iter().flat_map(|s| &s.blocks).any(|b| matches!(b.kind, BlockKind::Art(_)));
    assert_eq!(words.contains("diagrams"), art, "{at}: the diagrams sentence must appear only with art: {words}");
}

#[test]
fn the_chapbook_keeps_the_rules_at_every_size() {
    for size in chapbook::paper::trims().map(|p| p.name) {
        holds_the_rules(&root(), size);
    }
}

#[test]
fn a_book_of_one_poem_keeps_the_rules_at_every_size_and_reads_as_a_broadside() {
    let project = fixture("easter-wings");
    for size in chapbook::paper::trims().map(|p| p.name) {
        holds_the_rules(&project, size);
    }
    let c = lay(&project, "a5");
    let doc = &c.document;
    // Title, blank title verso, the poem on a recto, the colophon: no contents, no numeral.
    assert_eq!(doc.pages.len(), 4);
    assert!(doc.pages[1].items.is_empty(), "the title verso is blank");
    let poem = texts(doc, 2);
    assert_eq!(poem[0].text, "Two Wings", "the poem is headed by its title alone");
    assert_eq!(doc.outline[0].title, "Two Wings");
    assert!(!poem.iter().any(|r| r.text.starts_with("I.") || r.text == "I"), "no numeral");
}

#[test]
fn the_chapbook_with_contents_stays_twelve_pages_at_a5() {
    let c = lay(&root(), "a5");
    assert!(c.book.contents);
    assert_eq!(c.document.pages.len(), 12);
    let verso = texts(&c.document, 1).iter().map(|r| r.text.clone()).collect::<Vec<_>>();
    assert!(verso.contains(&"Contents".to_string()), "the contents share the title verso: {verso:?}");
    // The contents list each section at the folio where it opens.
    for e in &c.document.outline {
        let title = e.title.split_once(". ").unwrap().1;
        let at = verso.iter().position(|t| t == title).unwrap_or_else(|| panic!("{title} not listed"));
        let folio = e.page as u32 - 1;
        assert_eq!(verso[at + 1], folio.to_string(), "{title} opens on folio {folio}");
    }
}

#[test]
fn page_labels_in_the_pdf_are_the_folios() {
    let pdf = common::chapbook_pdf();
    let file = common::to_file("conventions-labels.pdf", pdf);
    let Some((ok, out, err)) = common::run_tool("qpdf", &["--json", "--json-key=pagelabels", file.to_str().unwrap()])
    else {
        assert!(std::env::var("CI").is_err(), "qpdf is required under CI");
        return;
    };
    assert!(ok, "{err}");
    // Two ranges: roman from the title page, arabic from 1 at page 3 (the poem's first).
    let compact: String = out.split_whitespace().collect();
    assert!(compact.contains(r#"{"index":0,"label":{"/S":"/r""#), "{compact}");
    assert!(compact.contains(r#"{"index":2,"label":{"/S":"/D""#), "{compact}");
    assert_eq!(compact.matches(r#""index""#).count(), 2, "{compact}");
    assert!(!compact.contains(r#""/St":2"#), "the folios run on from 1: {compact}");
    // Unnumbered pages are labelled with a word; the folios resume after a blank.
    let dir = project(
        "labels-pdf",
        "",
        &[
            ("01-a.toml", "title = \"First\"\n[[block]]\nkind = \"verse\"\ntext = \"one\"\n"),
            ("02-b.toml", "title = \"Second\"\nstart = \"recto\"\n[[block]]\nkind = \"verse\"\ntext = \"two\"\n"),
        ],
    );
    let out = dir.join("book.pdf");
    let opts = chapbook::build::BuildOptions::default().with(|o| {
        o.project = dir.clone();
        o.output = Some(out.clone());
    });
    chapbook::build::build(&opts).unwrap();
    let (_, json, _) = common::run_tool("qpdf", &["--json", "--json-key=pagelabels", out.to_str().unwrap()]).unwrap();
    let compact: String = json.split_whitespace().collect();
    for want in [
        r#"{"index":3,"label":{"/P":"u:blank""#,
        r#"{"index":4,"label":{"/S":"/D","/St":3}}"#,
        r#"{"index":7,"label":{"/P":"u:colophon""#,
    ] {
        assert!(compact.contains(want), "{want} in {compact}");
    }
}

/// A project in a scratch folder: mini's book.toml (plus `extra`) and the given sections.
fn project(name: &str, extra: &str, sections: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = common::scratch(name);
    std::fs::create_dir_all(dir.join("layout")).unwrap();
    std::os::unix::fs::symlink(root().join("fonts"), dir.join("fonts")).unwrap();
    let book = std::fs::read_to_string(fixture("mini").join("layout/book.toml")).unwrap();
    // Top-level keys must come before the first table.
    std::fs::write(dir.join("layout/book.toml"), format!("{extra}\n{book}")).unwrap();
    for (file, text) in sections {
        std::fs::write(dir.join("layout").join(file), text).unwrap();
    }
    dir
}

fn verse(lines: usize, tag: &str) -> String {
    (1..=lines).map(|i| format!("{tag} line {i}\n")).collect()
}

#[test]
fn a_book_whose_numerals_are_absent_builds_and_lists_only_what_exists() {
    let dir = project(
        "no-numerals",
        "",
        &[
            ("01-a.toml", "title = \"First\"\n[[block]]\nkind = \"verse\"\ntext = \"one\\ntwo\"\n"),
            ("02-b.toml", "title = \"Second\"\n[[block]]\nkind = \"verse\"\ntext = \"three\\nfour\"\n"),
        ],
    );
    let c = lay(&dir, "a5");
    let titles: Vec<&str> = c.document.outline.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["First", "Second"]);
    let contents: Vec<String> = texts(&c.document, 1).iter().map(|r| r.text.clone()).collect();
    assert_eq!(contents, ["Contents", "First", "1", "Second", "2"], "no numeral column");
    // Without a title, a section of a book of several is an error that says so.
    std::fs::write(dir.join("layout/02-b.toml"), "[[block]]\nkind = \"verse\"\ntext = \"x\"\n").unwrap();
    let e = compile(&dir, None).err().expect("a missing title is an error");
    let text = chapbook::diag::render(&e, &dir);
    assert!(text.contains("no `title`") && text.contains("02-b.toml"), "{text}");
}

#[test]
fn start_recto_puts_a_blank_without_folio_before_a_section() {
    let sections = [
        ("01-a.toml", "title = \"First\"\n[[block]]\nkind = \"verse\"\ntext = \"one\"\n".to_string()),
        (
            "02-b.toml",
            "title = \"Second\"\nstart = \"recto\"\n[[block]]\nkind = \"verse\"\ntext = \"two\"\n".to_string(),
        ),
    ];
    let refs: Vec<(&str, &str)> = sections.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let any = lay(&project("start-any", "start = \"any\"", &refs[..1]), "a5");
    assert_eq!(any.document.outline[0].page, 2);
    let dir = project("start-recto", "", &refs);
    let c = lay(&dir, "a5");
    // Title, contents on its verso, First on page 3 (folio 1), a blank, Second on page 5.
    assert_eq!(c.document.outline.iter().map(|e| e.page).collect::<Vec<_>>(), [2, 4]);
    assert!(c.document.pages[3].items.is_empty(), "the verso before a recto start is blank, without a folio");
    assert_eq!(label(&c.document, 3), "blank");
    assert_eq!(folios(&c)[4], Some(3), "the blank counts: Second opens on folio 3");
    assert_eq!(label(&c.document, 4), "3");
    // The book-wide default does the same for every section.
    let all = project(
        "start-recto-all",
        "start = \"recto\"",
        &[refs[0], ("02-b.toml", &sections[0].1.replace("First", "Second"))],
    );
    assert_eq!(lay(&all, "a5").document.outline[1].page, 4);
}

#[test]
fn art_moves_to_the_next_page_with_the_verse_it_keeps_with() {
    let section = |keep: &str| {
        format!(
            "title = \"Keep\"\n[[block]]\nkind = \"verse\"\ntext = '''\n{}'''\n[[block]]\nkind = \"art\"\n{keep}text = '''\n┌────┐\n│ a  │\n└─┬──┘\n  ▼\n  b\n'''\n[[block]]\nkind = \"verse\"\ntext = '''\n{}'''\n",
            verse(20, "first"),
            verse(12, "after")
        )
    };
    let kept = lay(&project("keep-art", "", &[("01-a.toml", &section(""))]), "a5");
    let paths =
        |c: &Compiled, page: usize| c.document.pages[page].items.iter().filter(|i| matches!(i, Item::Path(_))).count();
    assert_eq!(paths(&kept, 2), 0, "the diagram left page 3 with the verse after it");
    assert!(paths(&kept, 3) > 0, "the diagram opens page 4");
    let first_on_4 = texts(&kept.document, 3).into_iter().map(|r| r.origin.y).fold(f32::INFINITY, f32::min);
    assert!(texts(&kept.document, 3).iter().any(|r| r.text == "after line 1" && r.origin.y > first_on_4));
    let loose = lay(&project("loose-art", "", &[("01-a.toml", &section("keep_with_next = false\n"))]), "a5");
    assert!(paths(&loose, 2) > 0, "with keep_with_next = false the diagram stays");
}

#[test]
fn a_heading_is_never_left_alone_a_stanza_breaks_under_it() {
    // One stanza of 33 lines fits an A5 page (34 lines) but not below a heading.
    let dir = project(
        "stranded",
        "",
        &[(
            "01-a.toml",
            &format!("title = \"Tall\"\n[[block]]\nkind = \"verse\"\ntext = '''\n{}'''\n", verse(33, "tall")),
        )],
    );
    // Since main's 11789c0 the stanza breaks between its lines instead (two at least each
    // side), so the heading keeps lines under it.
    let c = lay(&dir, "a5");
    let page = (0..c.document.pages.len())
        .find(|&p| texts(&c.document, p).iter().any(|r| r.text == "Tall"))
        .expect("the heading is set");
    let lines = |p: usize| texts(&c.document, p).iter().filter(|r| r.text.starts_with("tall line")).count();
    assert!(lines(page) >= 2 && lines(page + 1) >= 2, "{} and {} lines", lines(page), lines(page + 1));
    assert_eq!(lines(page) + lines(page + 1), 33);
}

#[test]
fn the_poets_colophon_replaces_the_facts_with_its_placeholders_filled() {
    let dir = project(
        "own-colophon",
        "colophon = '''\nPrinted for friends.\n{pages} pages of {trim}, set in {fonts}.\n'''",
        &[("01-a.toml", "[[block]]\nkind = \"verse\"\ntext = \"one\"\n")],
    );
    let c = lay(&dir, "quarter-letter");
    let last = c.document.pages.len() - 1;
    let words = texts(&c.document, last).iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join(" ");
    assert_eq!(words, "Printed for friends. 4 pages of 4¼ × 5½ in, set in EB Garamond.");
    // An unknown placeholder is an error at its place, with the list of those there are.
    let book = std::fs::read_to_string(dir.join("layout/book.toml")).unwrap();
    std::fs::write(dir.join("layout/book.toml"), book.replace("{trim}", "{size}")).unwrap();
    let e = compile(&dir, None).err().expect("unknown placeholder");
    let text = chapbook::diag::render(&e, &dir);
    assert!(text.contains("`{size}` is not a colophon placeholder") && text.contains("book.toml:3:"), "{text}");
}

fn chapbook(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chapbook")).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_at_every_size_prints_a_table_per_size_and_json() {
    let book = root();
    let p = book.to_str().unwrap();
    let (code, out, err) = chapbook(&["check", "--project", p, "--page-size", "all"]);
    assert_eq!(code, 0, "{out}{err}");
    for (size, trim) in TRIMS {
        assert!(out.contains(&format!("{size} ({trim})")), "no table for {size}: {out}");
    }
    assert!(out.contains("pages         12 (0 blank)"), "{out}");
    assert!(out.contains("art scaled    IV “Layer”, block 1:"), "{out}");
    assert!(out.ends_with("all 6 sizes: ok\n"), "{out}");
    let (code, json, err) = chapbook(&["check", "--project", p, "--page-size", "a5,6x9in", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        json.starts_with(
            r#"{"ok":true,"sizes":[{"size":"a5","ok":true,"trim":"A5, 148 × 210 mm","pages":12,"blanks":0,"#
        ),
        "{json}"
    );
    assert!(json.contains(r#"{"size":"6x9in","ok":true,"trim":"6 × 9 in""#), "{json}");
    assert!(json.contains(r#""kind":"art_scaled","section":"IV “Layer”","block":1"#), "{json}");
    assert_eq!(json.matches(r#""size":"#).count(), 2);

    // A book that fails at one size: the table says where and why, the exit status is 1.
    let dir = project(
        "fails-small",
        "",
        &[(
            "01-a.toml",
            // A chart of 27 rows fits an A5 page but not an A6 one, and a chart cannot break
            // (space that does not fit is dropped since main's 11789c0).
            &format!(
                "title = \"Tall\"\n[[block]]\nkind = \"chart\"\ntext = '''\n{}'''\n",
                (1..=27).map(|i| format!("row{i} ••• 0.{i}\n")).collect::<String>()
            ),
        )],
    );
    let (code, out, _) = chapbook(&["check", "--project", dir.to_str().unwrap(), "--page-size", "a5,a6"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("a5 (A5, 148 × 210 mm)\n  pages         4 (1 blank)"), "{out}");
    assert!(
        out.contains(
            "a6: does not build\n  errors        layout/01-a.toml:2: section “Tall”, block 1 (chart): does not fit"
        ),
        "{out}"
    );
    assert!(out.ends_with("1 of 2 sizes fail: a6\n"), "{out}");
    let (code, _, err) = chapbook(&["check", "--project", p, "--page-size", "a5,a7"]);
    assert_eq!(code, 2, "an unknown size is a usage error: {err}");
}

#[test]
fn verse_turnovers_are_reported_by_check() {
    let long = "a line of plain verse that is a good deal longer than the measure of a small page can hold at one time without help from anyone, or any other kind of support that a line might need";
    let dir = project(
        "turnover-check",
        "",
        &[("01-a.toml", &format!("title = \"Long\"\n[[block]]\nkind = \"verse\"\ntext = '''\n{long}\n'''\n"))],
    );
    let (code, out, err) = chapbook(&["check", "--project", dir.to_str().unwrap(), "--page-size", "a5,a6"]);
    assert_eq!(code, 0, "{out}{err}");
    // Two continuation lines at each size, and the type never shrinks.
    assert_eq!(out.matches("turnovers     “Long”, block 1: 2 lines").count(), 2, "{out}");
    assert_eq!(out.matches("verse shrunk  none").count(), 2, "{out}");
}

#[test]
fn contents_too_long_for_the_title_verso_take_a_recto_and_the_poem_still_opens_on_one() {
    // Entries one leading apart: 26 leave too little room for the colophon below them.
    let sections: Vec<(String, String)> = (1..=26)
        .map(|i| {
            (
                format!("{i:02}.toml"),
                format!("title = \"Part {i}\"\n[[block]]\nkind = \"verse\"\ntext = \"line {i}\"\n"),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = sections.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let dir = project("long-contents", "[front]\ntitle_verso = \"colophon\"\n", &refs);
    // `[front]` comes first in the file, so mini's top-level keys must move above it.
    let book = std::fs::read_to_string(dir.join("layout/book.toml")).unwrap();
    let (front, rest) = book.split_once("title = ").unwrap();
    let (title_lines, tables) = rest.split_once("\n[page]").unwrap();
    std::fs::write(dir.join("layout/book.toml"), format!("title = {title_lines}\n{front}\n[page]{tables}")).unwrap();
    let c = lay(&dir, "a5");
    let doc = &c.document;
    let words = |i: usize| texts(doc, i).iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join(" ");
    assert!(words(1).contains("Typeset with chapbook") && !words(1).contains("Contents"), "colophon alone on ii");
    assert!(words(2).starts_with("Contents Part 1 1 Part 2 2"), "{}", words(2));
    assert!(doc.pages[3].items.is_empty(), "the contents' verso is blank");
    assert_eq!(doc.outline[0].page, 4, "the poem opens on the next recto");
    assert_eq!(label(doc, 2), "iii");
    assert_eq!(label(doc, 4), "1");
    assert!(c.report.broken_rules().is_empty());
    // Contents longer than a page run on to the next page (a collection of forty poems),
    // without a second head, and the front matter stays an even count.
    let more: Vec<(String, String)> = (27..=40)
        .map(|i| (format!("{i:02}.toml"), format!("title = \"Part {i}\"\n[[block]]\nkind = \"verse\"\ntext = \"x\"\n")))
        .collect();
    for (f, t) in &more {
        std::fs::write(dir.join("layout").join(f), t).unwrap();
    }
    // One title on the first page much wider than the rest, so a page measured alone
    // would set its column elsewhere than the other page.
    std::fs::write(
        dir.join("layout/03.toml"),
        "title = \"Part 3 and a title longer than all the others\"\n[[block]]\nkind = \"verse\"\ntext = \"x\"\n",
    )
    .unwrap();
    let c = lay(&dir, "a5");
    let doc = &c.document;
    let words = |i: usize| texts(doc, i).iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join(" ");
    assert!(words(2).starts_with("Contents Part 1 1 Part 2 2 Part 3 and a title"), "{}", words(2));
    assert!(!words(3).contains("Contents") && words(3).contains("Part 40"), "{}", words(3));
    // Every entry once, in order, across the two pages.
    let listed: Vec<String> = format!("{} {}", words(2), words(3))
        .split("Part ")
        .skip(1)
        .map(|e| e.split_whitespace().next().unwrap().to_string())
        .collect();
    assert_eq!(listed, (1..=40).map(|i| i.to_string()).collect::<Vec<_>>());
    // The continuation's first entry at the depth of the first page's, so the spread backs up.
    let first_y = |i: usize| {
        texts(doc, i).iter().filter(|r| r.text.starts_with("Part")).map(|r| r.origin.y).fold(f32::MAX, f32::min)
    };
    assert!((first_y(2) - first_y(3)).abs() < 0.01, "{} {}", first_y(2), first_y(3));
    // One column over both pages: the titles stand at the same place in each text block
    // (the recto's block starts at the inside margin, the verso's at the outside one).
    let title_x = |i: usize| {
        texts(doc, i).iter().filter(|r| r.text.starts_with("Part")).map(|r| r.origin.x).fold(f32::MAX, f32::min)
    };
    let (inside, outside) = (c.book.page.inside, c.book.page.outside);
    assert!((title_x(2) - inside - (title_x(3) - outside)).abs() < 0.01, "{} {}", title_x(2), title_x(3));
    assert_eq!(doc.outline[0].page, 4, "the poem opens on the recto after the two contents pages");
    assert!(c.report.broken_rules().is_empty());
}
