//! The spec stage on small projects written for each test: what the model holds, which
//! patches apply at which size, and where problems are reported.

use super::*;
use crate::diag::Diagnostic;
use crate::test_support::project;
use std::path::Path;

const BOOK: &str =
    "title = \"T\"\n[page]\nsize = \"a5\"\n[type]\nfamily = \"EB Garamond\"\nsize = \"10pt\"\nleading = \"13pt\"\n";
const VERSE: &str = "numeral = \"I\"\ntitle = \"One\"\n[[block]]\nkind = \"verse\"\ntext = '''\na line\n'''\n";

fn errors(root: &Path) -> Vec<Diagnostic> {
    load(root).unwrap_err().into_iter().filter(Diagnostic::is_error).collect()
}

#[test]
fn lengths_become_points_and_margins_default_to_the_canon_of_the_page() {
    let dir = project(BOOK, &[("01-one.toml", VERSE)]);
    let book = load(dir.path()).unwrap();
    assert_eq!((book.body.size, book.body.leading), (10.0, 13.0));
    let a5 = &book.page;
    assert!((a5.width - 419.53).abs() < 0.01 && (a5.height - 595.28).abs() < 0.01, "{a5:?}");
    for m in [a5.inside, a5.outside, a5.top, a5.bottom] {
        assert!(m > 0.0 && m < a5.width / 3.0, "{a5:?}");
    }
    assert!(a5.inside < a5.top && a5.top < a5.outside && a5.outside < a5.bottom, "the canon's order: {a5:?}");
    // The same book at A6: the canon of the smaller trim, given way (in proportion) to
    // keep a 26-em measure of the body.
    let a6 = project(&BOOK.replace("a5", "a6"), &[("01-one.toml", VERSE)]);
    let a6 = load(a6.path()).unwrap().page;
    let (sx, sy) = (a6.width / a5.width, a6.height / a5.height);
    let k = a6.margin_scale;
    assert!((canon::MIN_MARGIN_SCALE..1.0).contains(&k), "{a6:?}");
    assert!((a6.inside / a5.inside - sx * k).abs() < 0.01 && (a6.top / a5.top - sy * k).abs() < 0.01);
    assert!((a6.width - a6.inside - a6.outside) >= canon::MIN_MEASURE_EM * 10.0 - 0.01 || k == canon::MIN_MARGIN_SCALE);
}

#[test]
fn sections_come_in_file_name_order_with_their_blocks() {
    let two = VERSE.replace("\"I\"", "\"II\"").replace("One", "Two");
    let dir = project(BOOK, &[("02-two.toml", &two), ("01-one.toml", VERSE)]);
    let book = load(dir.path()).unwrap();
    let titles: Vec<&str> = book.sections.iter().map(|s| s.title.as_deref().unwrap_or("")).collect();
    assert_eq!(titles, ["One", "Two"]);
    let block = &book.sections[0].blocks[0];
    assert_eq!((block.number, block.line), (1, 3));
    assert!(matches!(&block.kind, BlockKind::Verse(v) if v.text.trim() == "a line"));
}

#[test]
fn a_size_patch_applies_only_at_its_size() {
    let patched = format!("{VERSE}[[size.a6.block]]\nnumber = 1\nalign = \"right\"\n");
    let dir = project(BOOK, &[("01-one.toml", &patched)]);
    let align = |size: Option<&str>| match &load_for_size(dir.path(), size).unwrap().sections[0].blocks[0].kind {
        BlockKind::Verse(v) => v.align,
        other => panic!("{other:?}"),
    };
    assert_ne!(align(None), Align::Right);
    assert_eq!(align(Some("a6")), Align::Right);
    assert_eq!(align(Some("A6")), Align::Right);
}

#[test]
fn a_page_size_from_the_command_line_scales_margins_and_the_type_gently_to_a_floor() {
    let dir = project(BOOK, &[("01-one.toml", VERSE)]);
    let mut book = load(dir.path()).unwrap();
    let before = book.clone();
    override_page_size(&mut book, "a6").unwrap();
    assert_eq!(book.page.size_name, "a6");
    let sx = book.page.width / before.page.width;
    let k = book.page.margin_scale;
    assert!((book.page.inside / before.page.inside - sx * k).abs() < 1e-3);
    // 10pt at A5 would be 8.4pt at A6 by the square root of the widths; the body stays 9.5pt.
    assert_eq!(book.body.size, canon::MIN_BODY);
    assert!((book.body.leading / book.body.size - 1.3).abs() < 1e-4, "the leading keeps its proportion");
    assert!(override_page_size(&mut book, "10mmx10mm").is_err());
}

#[test]
fn problems_in_several_files_are_all_reported_where_they_are() {
    let bad_block = "numeral = \"I\"\ntitle = \"One\"\n[[block]]\nkind = \"verse\"\nalign = \"middle\"\ntext = 'x'\n";
    let twice = VERSE.replace("One", "Again");
    let dir = project(BOOK, &[("01-one.toml", bad_block), ("02-two.toml", &twice)]);
    let errs = errors(dir.path());
    let at = |file: &str| {
        errs.iter()
            .find(|d| d.source.as_ref().is_some_and(|s| s.path.ends_with(file)))
            .and_then(Diagnostic::line_col)
            .unwrap_or_else(|| panic!("no located error in {file}: {errs:?}"))
    };
    assert_eq!(at("01-one.toml"), (5, 9), "the unknown alignment's value");
    assert_eq!(at("02-two.toml").0, 1, "the numeral used twice");
}

#[test]
fn a_project_without_sections_or_book_toml_is_an_error_not_an_empty_book() {
    let dir = project(BOOK, &[]);
    assert!(!errors(dir.path()).is_empty());
    let empty = tempfile::tempdir().unwrap();
    assert!(load(empty.path()).is_err());
}

#[test]
fn a_wrong_value_is_reported_once() {
    let bad = "numeral = \"I\"\ntitle = \"One\"\n[[block]]\nkind = \"verse\"\nalign = \"middle\"\ntext = 'x'\n";
    let dir = project(BOOK, &[("01-one.toml", bad)]);
    assert_eq!(errors(dir.path()).len(), 1, "{:?}", errors(dir.path()));
}

#[test]
fn a_backslash_ending_a_line_of_a_basic_string_is_an_error_where_it_stands() {
    // TOML joins the next line to one ending in `\`: the tree's right branch would vanish.
    let tree = "numeral = \"I\"\ntitle = \"Tree\"\n[[block]]\nkind = \"art\"\ntext = \"\"\"\n  poem\n  /  \\\n a    b\n\"\"\"\n";
    let dir = project(BOOK, &[("01-one.toml", tree)]);
    let errs = errors(dir.path());
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].line_col(), Some((7, 6)));
    assert!(errs[0].notes.iter().any(|n| n.contains("'''")), "{errs:?}");
    // Between ''' the same drawing is fine, and so is an escaped backslash in """.
    let literal = tree.replace("\"\"\"", "'''");
    assert!(load(project(BOOK, &[("01-one.toml", &literal)]).path()).is_ok());
    let escaped = tree.replace("/  \\\n", "/  \\\\\n");
    assert!(load(project(BOOK, &[("01-one.toml", &escaped)]).path()).is_ok());
}

#[test]
fn a_patch_for_another_size_is_checked_at_every_size() {
    let patched = format!("{VERSE}[[size.a6.block]]\nnumber = 5\nalign = \"right\"\n");
    let dir = project(BOOK, &[("01-one.toml", &patched)]);
    let errs = errors(dir.path());
    assert!(errs.iter().any(|e| e.message.contains("no block 5")), "{errs:?}");
    let typo = format!("{VERSE}[[size.a66.block]]\nnumber = 1\nalign = \"right\"\n");
    let dir = project(BOOK, &[("01-one.toml", &typo)]);
    assert!(errors(dir.path()).iter().any(|e| e.message.contains("`size.a66` names no page size")));
}

#[test]
fn a_length_out_of_range_gives_the_range_in_the_unit_written() {
    let dir = project(&BOOK.replace("size = \"a5\"", "size = \"a5\"\ninside = \"60mm\""), &[("01-one.toml", VERSE)]);
    let errs = errors(dir.path());
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(&*errs[0].label == "allowed: 0mm to 49.3mm", "{errs:?}");
}

#[test]
fn the_binding_is_read_from_print_and_a_wrong_one_is_pointed_at() {
    use crate::targets::Binding;
    let with = |b: &str| format!("{BOOK}[print]\nbinding = \"{b}\"\n");
    let dir = project(&with("saddle"), &[("01-one.toml", VERSE)]);
    assert_eq!(load(dir.path()).unwrap().print.binding, Some(Binding::Saddle));
    let dir = project(BOOK, &[("01-one.toml", VERSE)]);
    assert_eq!(load(dir.path()).unwrap().print.binding, None);
    let dir = project(&with("sadle"), &[("01-one.toml", VERSE)]);
    let e = errors(dir.path());
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(&*e[0].message, "`sadle` is not one of `saddle`, `perfect`");
    let rendered = crate::diag::render(&e, dir.path());
    assert!(rendered.contains("layout/book.toml:9:11") && rendered.contains("did you mean `saddle`?"), "{rendered}");
}

#[test]
fn a_lone_marker_is_warned_about_in_its_own_terms() {
    let text =
        "numeral = \"I\"\ntitle = \"One\"\n[[block]]\nkind = \"verse\"\ntext = '''\nsmall ^^caps\nfive * six\n'''\n";
    let dir = project(BOOK, &[("01-one.toml", text)]);
    let book = load(dir.path()).unwrap();
    let lone: Vec<&Diagnostic> = book.warnings.iter().filter(|w| w.message.contains("lone")).collect();
    assert_eq!(lone.len(), 2, "{:?}", book.warnings);
    let carets = lone.iter().find(|w| w.message.contains("lone `^^`")).expect("the `^^` is named");
    let note = carets.notes.join(" ");
    assert!(note.contains("^^words^^") && note.contains("\\^^") && !note.contains("asterisk"), "{note}");
    let star = lone.iter().find(|w| w.message.contains("lone `*`")).expect("the `*` is named");
    assert!(star.notes.join(" ").contains("\\* to print an asterisk"), "{:?}", star.notes);
    // The escape the note offers prints the carets.
    assert_eq!(super::inline::plain("small \\^^caps"), "small ^^caps");
}

#[test]
fn a_section_is_named_by_its_words_without_their_markup() {
    // The summary, the messages and the bookmarks name a section as a reader sees it.
    let section =
        "numeral = \"III\"\ntitle = \"Night *Shift* of ^^nasa^^\"\n\n[[block]]\nkind = \"verse\"\ntext = \"a\"\n";
    let dir = crate::test_support::project("title = \"T\"\n", &[("01-a.toml", section)]);
    let book = crate::spec::load(dir.path()).unwrap();
    assert_eq!(book.sections[0].name(), "III “Night Shift of nasa”");
}
