//! Layout properties on a small fixture book: page structure, verse positions, blanks,
//! arrows and charts as paths, typographic quotes.

mod common;
use chapbook::display::{Document, Item, PathEl};
use common::fixture;
use std::path::Path;

fn lay(project: &Path) -> Document {
    common::lay(project).1
}

fn runs(doc: &Document, page: usize) -> Vec<&chapbook::display::GlyphRun> {
    doc.pages[page].items.iter().filter_map(|i| if let Item::Text(r) = i { Some(r) } else { None }).collect()
}

#[test]
fn fixture_book_has_title_contents_sections_padding_and_colophon() {
    let doc = lay(&fixture("mini"));
    // title, contents, 2 sections, colophon = 5 → padded to 8.
    assert_eq!(doc.pages.len(), 8);
    assert!(doc.pages[5].items.is_empty() && doc.pages[6].items.is_empty());
    assert!(!doc.pages[7].items.is_empty(), "colophon is last");
    assert_eq!(doc.outline.len(), 2);
    assert_eq!(doc.outline[0].page, 2);
}

#[test]
fn staircase_blank_is_a_rule_as_wide_as_the_next_lines_word() {
    let doc = lay(&fixture("mini"));
    let page = &doc.pages[2];
    let texts = runs(&doc, 2);
    let next_line = texts.iter().find(|r| r.text == "The next ").unwrap();
    // x where "next" starts in line 2, and the width of "next".
    let n = next_line.text.find("next").unwrap() as u32;
    let g = next_line.glyphs.iter().find(|g| g.text.0 == n).unwrap();
    let next_x = next_line.origin.x + g.x;
    let next_w: f32 = next_line.glyphs.iter().filter(|g| g.text.0 >= n && g.text.0 < n + 4).map(|g| g.advance).sum();
    let first_line = texts.iter().find(|r| r.text == "The ").unwrap();
    // The first rule: a horizontal stroked segment just below line 1's baseline.
    let rule = page
        .items
        .iter()
        .find_map(|i| match i {
            Item::Path(p) if p.stroke.is_some() => match (p.els[0], p.els[1]) {
                (PathEl::MoveTo(a), PathEl::LineTo(b)) if a.y == b.y && (a.y - first_line.origin.y).abs() < 3.0 => {
                    Some((a.x, b.x))
                }
                _ => None,
            },
            _ => None,
        })
        .expect("a rule under line 1");
    assert!((rule.0 - next_x).abs() < 0.3, "rule starts at {} but 'next' at {}", rule.0, next_x);
    assert!((rule.1 - rule.0 - next_w).abs() < 0.3, "rule is {} wide, 'next' {}", rule.1 - rule.0, next_w);
    // No underscores reach the text layer.
    assert!(texts.iter().all(|r| !r.text.contains('_')));
}

#[test]
fn quotes_are_typographic_and_arrows_are_paths() {
    let doc = lay(&fixture("mini"));
    let texts = runs(&doc, 2);
    assert!(texts.iter().any(|r| r.text.contains("“quoted”")));
    assert!(texts.iter().all(|r| !r.text.contains('←') && !r.text.contains('•')));
    let paths: Vec<&chapbook::display::Path> =
        doc.pages[2].items.iter().filter_map(|i| if let Item::Path(p) = i { Some(p) } else { None }).collect();
    let heads = paths.iter().filter(|p| p.fill.is_some()).count();
    // A chart dot is a real filled circle, never a zero-length path.
    assert!(!paths.iter().any(|p| matches!(p.els[..], [PathEl::MoveTo(a), PathEl::LineTo(b)] if a == b)));
    let dots = doc.pages[2]
        .items
        .iter()
        .filter(|i| matches!(i, Item::Dot(d) if d.radius > 0.5 && d.ink.value() > 0.0))
        .count();
    // One arrowhead; 5 + 2 chart dots at least (the dot count follows the values).
    assert!(heads >= 1 && dots >= 3, "{heads} heads, {dots} dots");
}

#[test]
fn lines_advance_by_the_leading_and_stanzas_by_one_more() {
    let doc = lay(&fixture("mini"));
    let texts = runs(&doc, 2);
    let y: Vec<f32> = ["The ", "The next ", "The next word "]
        .iter()
        .map(|t| texts.iter().find(|r| r.text == *t).unwrap().origin.y)
        .collect();
    assert!((y[1] - y[0] - 14.0).abs() < 1e-3 && (y[2] - y[1] - 14.0).abs() < 1e-3);
    let q = texts.iter().find(|r| r.text.contains("quoted")).unwrap().origin.y;
    assert!((q - y[2] - 28.0).abs() < 1e-3, "stanza gap: {}", q - y[2]);
    // Left-aligned: every line starts at the frame's left edge (inside margin on a recto).
    assert!(
        texts
            .iter()
            .filter(|r| r.text.starts_with("The"))
            .all(|r| { (r.origin.x - texts.iter().find(|r| r.text == "The ").unwrap().origin.x).abs() < 1e-3 })
    );
}

#[test]
fn size_patches_apply_only_at_their_size() {
    let project = fixture("mini");
    let lay_at =
        |size: Option<&str>| chapbook::build::compile(&project, size).unwrap_or_else(|e| panic!("{e:?}")).document;
    let x_of = |doc: &Document, text: &str| runs(doc, 2).iter().find(|r| r.text == text).unwrap().origin.x;
    let a5 = lay_at(None);
    assert!((x_of(&a5, "The ") - x_of(&a5, "The next ")).abs() < 1e-3, "left-aligned at A5");
    let a6 = lay_at(Some("a6"));
    assert!(x_of(&a6, "The ") > x_of(&a6, "The next ") + 5.0, "centred at A6");
}

#[test]
fn verse_a_little_too_wide_is_set_smaller_with_its_line_breaks_kept() {
    let dir = common::scratch("shrink");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("layout")).unwrap();
    std::os::unix::fs::symlink(Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"), dir.join("fonts")).unwrap();
    std::fs::copy(fixture("mini").join("layout/book.toml"), dir.join("layout/book.toml")).unwrap();
    // About 1.1 measures long at 10.5pt: it fits at ~9.5pt.
    let long = "somewhere in this space there is a point called I and I do not know its coordinates at all";
    std::fs::write(
        dir.join("layout/01-one.toml"),
        format!(
            "numeral = \"I\"\ntitle = \"Wide\"\n\n[[block]]\nkind = \"verse\"\noverflow = \"shrink\"\ntext = '''\n{long}\nshort\n'''\n"
        ),
    )
    .unwrap();
    let doc = lay(&dir);
    let texts = runs(&doc, 2);
    let line = texts.iter().find(|r| r.text == long).expect("the long line is one run");
    let short = texts.iter().find(|r| r.text == "short").unwrap();
    assert!(line.size < 10.5 && line.size >= 10.5 * 0.8, "size {}", line.size);
    assert_eq!(short.size, line.size, "the whole block shrinks together");
    let frame = chapbook::spec::load(&dir).unwrap().page.text_block(2);
    assert!(line.width() <= frame.width() + 0.01, "{} > {}", line.width(), frame.width());
}

#[test]
fn a_verse_line_too_wide_turns_over_with_a_hanging_indent_at_a_space() {
    let dir = common::scratch("turnover");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("layout")).unwrap();
    std::os::unix::fs::symlink(Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"), dir.join("fonts")).unwrap();
    std::fs::copy(fixture("mini").join("layout/book.toml"), dir.join("layout/book.toml")).unwrap();
    // About 1.8 measures long: plain verse turns over by default.
    let long = "somewhere in this space there is a point called I and I do not know its coordinates at all, \
                nor the name of the axis it lies along";
    std::fs::write(
        dir.join("layout/01-one.toml"),
        format!("numeral = \"I\"\ntitle = \"Wide\"\n\n[[block]]\nkind = \"verse\"\ntext = '''\n{long}\nshort\n'''\n"),
    )
    .unwrap();
    let doc = lay(&dir);
    let book = chapbook::spec::load(&dir).unwrap();
    let frame = book.page.text_block(2);
    let texts: Vec<_> = runs(&doc, 2).into_iter().filter(|r| r.size == 10.5 && r.origin.y < frame.y1).collect();
    let i = texts.iter().position(|r| long.starts_with(&r.text)).expect("the line's first part is a run");
    let (first, rest) = (texts[i], &texts[i + 1..]);
    let turned: Vec<_> = rest.iter().take_while(|r| r.text != "short").collect();
    assert!(!turned.is_empty(), "the line turned over");
    // Every word comes back in order, broken only at spaces.
    let joined = std::iter::once(first.text.as_str()).chain(turned.iter().map(|r| r.text.as_str())).collect::<Vec<_>>();
    assert_eq!(joined.join(" "), long);
    for r in std::iter::once(&first).chain(turned.iter().copied()) {
        assert_eq!(r.size, 10.5, "turnover never shrinks the type");
        assert!(r.origin.x + r.width() <= frame.x1 + 0.01, "{:?} overruns the measure", r.text);
    }
    for r in &turned {
        assert!(r.origin.x >= first.origin.x + 2.0 * 10.5 - 0.01, "continuation indented at least 2 em");
        assert!(r.origin.y > first.origin.y, "continuation below");
    }
    let short = texts.iter().find(|r| r.text == "short").unwrap();
    assert!((short.origin.x - first.origin.x).abs() < 0.01, "the next line starts at the margin again");
}
