//! Layout's own pieces on small inputs: the text block of rectos and versos, page labels
//! from folios, and the page order a section's `start` asks for.

use super::report::{PageInfo, PageRole};
use super::*;
use crate::display::{LabelRange, LabelStyle, Role};
use crate::test_support::project;
use std::path::Path;

fn lay(dir: &Path) -> Output {
    let book = crate::spec::load(dir).unwrap();
    let mut fonts = FontBook::scan(&dir.join("fonts")).unwrap();
    let mut shaper = Shaper::new();
    layout(&book, &mut fonts, &mut shaper).unwrap_or_else(|e| panic!("{e:?}"))
}

const BOOK: &str = "title = \"T\"\ncontents = false\n[page]\nsize = \"a6\"\ninside = \"20mm\"\noutside = \"10mm\"\n";

fn section(numeral: &str, lines: usize, extra: &str) -> String {
    let text: Vec<String> = (0..lines).map(|i| format!("line {i}")).collect();
    format!(
        "numeral = \"{numeral}\"\ntitle = \"S{numeral}\"\n{extra}\n[[block]]\nkind = \"verse\"\ntext = '''\n{}\n'''\n",
        text.join("\n")
    )
}

#[test]
fn rectos_have_the_inside_margin_on_the_left_and_versos_on_the_right() {
    let dir = project(BOOK, &[("01-a.toml", &section("I", 2, ""))]);
    let book = crate::spec::load(dir.path()).unwrap();
    let (recto, verso) = (frame(&book, 0), frame(&book, 1));
    let p = &book.page;
    assert_eq!(recto.x, p.inside);
    assert_eq!(verso.x, p.outside);
    assert_eq!(recto.width, verso.width);
    // The inside margin meets the spine: at the left of a recto, the right of a verso.
    assert!((p.width - (verso.x + verso.width) - p.inside).abs() < 1e-3);
    assert_eq!(column(&book).x, 0.0);
}

#[test]
fn labels_follow_the_folios_in_the_fewest_ranges() {
    let info = |role, label: &str| PageInfo { role, folio: None, label: label.into(), section: None, placed: vec![] };
    let pages = [
        info(PageRole::Title, "i"),
        info(PageRole::TitleVerso, "ii"),
        info(PageRole::Text, "1"),
        info(PageRole::Text, "2"),
        info(PageRole::Text, "3"),
        info(PageRole::Blank, "blank"),
        info(PageRole::Blank, "blank"),
        info(PageRole::Colophon, "colophon"),
    ];
    let range = |start_page, style, first_number| LabelRange { start_page, style, first_number };
    assert_eq!(
        label_ranges(&pages),
        [
            range(0, LabelStyle::LowerRoman, 1),
            range(2, LabelStyle::Arabic, 1),
            range(5, LabelStyle::Word("blank"), 1),
            range(7, LabelStyle::Word("colophon"), 1),
        ]
    );
    assert_eq!(next_label("ix").as_deref(), Some("x"));
    assert_eq!(next_label("9").as_deref(), Some("10"));
}

#[test]
fn a_section_that_starts_on_a_recto_gets_a_blank_verso_before_it_without_a_folio() {
    let any = project(BOOK, &[("01-a.toml", &section("I", 3, "")), ("02-b.toml", &section("II", 3, ""))]);
    let recto =
        project(BOOK, &[("01-a.toml", &section("I", 3, "")), ("02-b.toml", &section("II", 3, "start = \"recto\""))]);
    let (any, recto) = (lay(any.path()), lay(recto.path()));
    let first_of = |out: &Output, s: usize| out.report.pages.iter().position(|p| p.section == Some(s)).unwrap();
    // Without `start`, II follows I on the next page, a verso.
    assert_eq!(first_of(&any, 1), first_of(&any, 0) + 1);
    // With it, II opens on a recto, after a blank that carries no folio.
    let (i, ii) = (first_of(&recto, 0), first_of(&recto, 1));
    assert!(PageInfo::is_recto(i) && PageInfo::is_recto(ii), "{i} {ii}");
    assert_eq!(ii, i + 2);
    let blank = &recto.report.pages[i + 1];
    assert_eq!((blank.role, blank.folio), (PageRole::Blank, None));
    // Every numbered page puts its odd folios on rectos.
    for (k, p) in recto.report.pages.iter().enumerate() {
        if let Some(f) = p.folio {
            assert_eq!(f % 2 == 1, PageInfo::is_recto(k), "page {k} folio {f}");
        }
    }
}

#[test]
fn a_title_wider_than_the_measure_turns_over_and_a_word_too_wide_is_an_error() {
    let long = "numeral = \"I\"\ntitle = \"A Section Title That Is Far Too Long to Sit on One Line of a Small Page\"\n[[block]]\nkind = \"verse\"\ntext = 'a line'\n";
    let dir = project(&BOOK.replace("contents = false", "contents = true"), &[("01-a.toml", long)]);
    let out = lay(dir.path());
    let book = crate::spec::load(dir.path()).unwrap();
    let p = &book.page;
    let mut title_lines = 0;
    for page in &out.document.pages {
        for run in crate::display::runs(&page.items) {
            // Every line of every page, the title's and the contents' included, inside the page.
            assert!(run.origin.x >= 0.0 && run.origin.x + run.width() <= p.width + 0.01, "{:?}", run.text);
            if "A Section Title That Is Far Too Long to Sit on One Line of a Small Page".contains(run.text.as_str())
                && run.size > book.body.size * 1.3
            {
                title_lines += 1;
            }
        }
    }
    assert!(title_lines >= 2, "{title_lines}");
    let word = long.replace("A Section Title", "AntidisestablishmentarianismAntidisestablishmentarianism");
    let dir = project(BOOK, &[("01-a.toml", &word)]);
    let book = crate::spec::load(dir.path()).unwrap();
    let mut fonts = FontBook::scan(&dir.path().join("fonts")).unwrap();
    let errs = layout(&book, &mut fonts, &mut Shaper::new()).err().expect("an error");
    assert!(errs[0].message.contains("AntidisestablishmentarianismAntidisestablishmentarianism"), "{errs:?}");
}

#[test]
fn a_stanza_taller_than_a_page_breaks_between_its_lines_and_shorter_ones_keep_together() {
    // 60 lines in one stanza, then a short stanza: the long one must cross pages.
    let dir = project(BOOK, &[("01-a.toml", &section("I", 60, ""))]);
    let out = lay(dir.path());
    let text_pages: Vec<Vec<String>> = out
        .document
        .pages
        .iter()
        .map(|p| {
            crate::display::runs(&p.items).filter(|r| r.text.starts_with("line ")).map(|r| r.text.clone()).collect()
        })
        .filter(|lines: &Vec<String>| !lines.is_empty())
        .collect();
    assert!(text_pages.len() >= 2, "{text_pages:?}");
    // Every line once, in order, and at least two lines of the stanza on each page.
    let all: Vec<String> = text_pages.concat();
    assert_eq!(all, (0..60).map(|i| format!("line {i}")).collect::<Vec<_>>());
    assert!(text_pages.iter().all(|p| p.len() >= 2), "{:?}", text_pages.iter().map(Vec::len).collect::<Vec<_>>());
    // A stanza that fits a page is never split: it moves whole to the next page.
    let two = format!("{}\n[[block]]\nkind = \"verse\"\ntext = '''\n{}\n'''\n", section("I", 15, ""), {
        let l: Vec<String> = (0..12).map(|i| format!("kept {i}")).collect();
        l.join("\n")
    });
    let out = lay(project(BOOK, &[("01-a.toml", &two)]).path());
    let pages_with_kept: Vec<usize> = out
        .document
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| crate::display::runs(&p.items).any(|r| r.text.starts_with("kept ")))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(pages_with_kept.len(), 1, "{pages_with_kept:?}");
}

/// The poem's lines on each page that has any (`prefix` picks the poem's lines).
fn lines_per_page(out: &Output, prefix: &str) -> Vec<Vec<String>> {
    out.document
        .pages
        .iter()
        .map(|p| {
            crate::display::runs(&p.items).filter(|r| r.text.starts_with(prefix)).map(|r| r.text.clone()).collect()
        })
        .filter(|lines: &Vec<String>| !lines.is_empty())
        .collect()
}

#[test]
fn a_stanza_that_would_leave_its_heading_alone_breaks_between_its_lines() {
    // Every length from a few lines to well over a page builds: none leaves the heading
    // alone, none is refused, and each page holds two lines of the stanza at least.
    for n in 4..48 {
        let dir = project(BOOK, &[("01-a.toml", &section("I", n, ""))]);
        let book = crate::spec::load(dir.path()).unwrap();
        let mut fonts = FontBook::scan(&dir.path().join("fonts")).unwrap();
        let out = layout(&book, &mut fonts, &mut Shaper::new()).unwrap_or_else(|e| panic!("{n} lines: {e:?}"));
        let pages = lines_per_page(&out, "line ");
        assert_eq!(pages.concat(), (0..n).map(|i| format!("line {i}")).collect::<Vec<_>>(), "{n} lines");
        assert!(pages.iter().all(|p| p.len() >= 2), "{n} lines: {:?}", pages.iter().map(Vec::len).collect::<Vec<_>>());
    }
}

#[test]
fn space_that_does_not_fit_at_the_foot_of_a_page_is_dropped_there() {
    // Verse of every length, then space, then more verse: the space never stops the build,
    // and every line is set once, in order.
    let after = "[[block]]\nkind = \"space\"\nheight = \"1.5em\"\n\n[[block]]\nkind = \"verse\"\ntext = '''\nafter 0\nafter 1\n'''\n";
    for n in 4..40 {
        let text = format!("{}\n{after}", section("I", n, ""));
        let out = lay(project(BOOK, &[("01-a.toml", &text)]).path());
        assert_eq!(lines_per_page(&out, "line ").concat().len(), n);
        assert_eq!(lines_per_page(&out, "after ").concat(), ["after 0", "after 1"], "{n} lines");
    }
}

#[test]
fn an_unfilled_blank_is_as_long_as_the_poet_typed_it() {
    let text = "numeral = \"I\"\ntitle = \"B\"\n[[block]]\nkind = \"verse\"\ntext = '''\nshort ___ end\n\nlong ______________ end\n'''\n";
    let out = lay(project(BOOK, &[("01-a.toml", text)]).path());
    // The rules drawn for blanks: horizontal strokes, top to bottom.
    let mut rules: Vec<(f32, f32)> = Vec::new();
    for page in &out.document.pages {
        for item in &page.items {
            if let crate::display::Item::Path(p) = item
                && p.stroke.is_some()
                && let [crate::display::PathEl::MoveTo(a), crate::display::PathEl::LineTo(b)] = &p.els[..]
                && (a.y - b.y).abs() < 0.01
            {
                rules.push((a.y, (b.x - a.x).abs()));
            }
        }
    }
    rules.sort_by(|x, y| x.0.total_cmp(&y.0));
    assert_eq!(rules.len(), 2, "{rules:?}");
    assert!(rules[1].1 > rules[0].1 * 3.0, "fourteen underscores draw a longer blank than three: {rules:?}");
}

#[test]
fn every_item_has_a_role_stanzas_are_paragraphs_and_drawings_figures() {
    let verse = "title = \"One\"\n[[block]]\nkind = \"verse\"\ntext = '''\na b\nc ___ d\n\ne f\n'''\n\n[[block]]\nkind = \"art\"\ntext = '''\n┌─────┐\n│ one │\n└──┬──┘\n   ▼\n┌─────┐\n│ two │\n└─────┘\n'''\n[[block]]\nkind = \"art\"\nalt = \"\"\ntext = '''\nx → y\n'''\n";
    let dir = project("title = \"T\"\nauthor = \"A\"\nlanguage = \"en-GB\"\n", &[("01-a.toml", verse)]);
    let out = lay(dir.path());
    let doc = &out.document;
    assert_eq!(doc.meta.language.as_deref(), Some("en-GB"));
    assert_eq!(doc.roles.len(), doc.pages.len());
    for (p, roles) in doc.roles.iter().enumerate() {
        assert_eq!(roles.len(), doc.pages[p].items.len(), "page {p}");
    }
    let all: Vec<&Role> = doc.roles.iter().flatten().collect();
    // The title page: the title a first-level heading, the author a paragraph.
    assert!(matches!(doc.roles[0][0], Role::Heading { level: 1, .. }));
    assert!(all.iter().any(|r| matches!(r, Role::Heading { level: 2, .. })), "the section's heading");
    // Two stanzas: two paragraphs of the poem, the second line of the first with a blank.
    let paras: std::collections::BTreeSet<u32> = all
        .iter()
        .filter_map(|r| match r {
            Role::Line { para, .. } | Role::Blank { para, .. } => Some(*para),
            _ => None,
        })
        .collect();
    // author, stanza 1, stanza 2, colophon
    assert_eq!(paras.len(), 4, "{all:?}");
    assert!(all.iter().any(|r| matches!(r, Role::Blank { line: 1, .. })));
    let figures: Vec<(u32, &str)> = all
        .iter()
        .filter_map(|r| match r {
            Role::Figure { id, alt } => Some((*id, &**alt)),
            _ => None,
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(figures, vec![(0, "Two boxes stacked, each pointing down to the next: one; two"), (1, "")]);
    // The folio is not read.
    let text_page = doc.roles.iter().position(|r| r.iter().any(|r| matches!(r, Role::Figure { .. }))).unwrap();
    assert_eq!(doc.roles[text_page].last(), Some(&Role::Artifact));
}

#[test]
fn a_malformed_language_is_an_error_with_the_fix() {
    let dir = project(
        "title = \"T\"\nlanguage = \"en_GB\"\n",
        &[("01-a.toml", "[[block]]\nkind = \"verse\"\ntext = \"a\"\n")],
    );
    let e = crate::spec::load(dir.path()).unwrap_err();
    let msg = format!("{e:?}");
    assert!(msg.contains("not a language tag") && msg.contains("en-GB"), "{msg}");
}

#[test]
fn a_size_ramp_with_a_peak_reaches_its_size_there_and_stays() {
    let ramp = "title = \"R\"\n[[block]]\nkind = \"verse\"\nsize = { from = \"8pt\", to = \"16pt\", peak = 3 }\ntext = '''\na\nb\nc\nd\n'''\n";
    let dir = project(BOOK, &[("01-a.toml", ramp)]);
    let out = lay(dir.path());
    let sizes: Vec<f32> = out
        .document
        .pages
        .iter()
        .flat_map(|p| {
            crate::display::runs(&p.items)
                .filter(|r| ["a", "b", "c", "d"].contains(&r.text.as_str()))
                .map(|r| r.size)
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(sizes, [8.0, 12.0, 16.0, 16.0]);
}

#[test]
fn a_free_item_past_the_trim_is_a_warning_at_its_line_and_nothing_moves() {
    let free = "title = \"F\"\n[[block]]\nkind = \"free\"\nheight = \"10mm\"\n\n[[block.item]]\ntext = \"out\"\nx = \"95mm\"\ny = \"5mm\"\n";
    let dir = project(BOOK, &[("01-a.toml", free)]);
    let out = lay(dir.path());
    let w: Vec<String> = out.warnings.iter().map(|d| d.message.to_string()).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("past the trim at the right edge"), "{w:?}");
    let run = out.document.pages.iter().flat_map(|p| crate::display::runs(&p.items)).find(|r| r.text == "out").unwrap();
    // On its page, 95mm right of the measure's left edge: as written.
    let page = out.document.pages.iter().position(|p| crate::display::runs(&p.items).any(|r| r.text == "out")).unwrap();
    let x = frame(&crate::spec::load(dir.path()).unwrap(), page).x;
    assert!((run.origin.x - x - 95.0 * crate::units::PT_PER_MM).abs() < 0.01);
}

#[test]
fn straight_quotes_print_curly_in_titles_author_contents_and_colophon() {
    // Word processors and keyboards type straight quotes; the book prints them as the verse
    // does, wherever the poet's words appear.
    let book = "title = \"the poet's \\\"ten\\\" parts\"\nsubtitle = \"a 'small' book\"\nauthor = \"A. O'Neill\"\n\
                colophon = '''\nSet for {author}'s friends.\n'''\n[page]\nsize = \"a6\"\n";
    let section = "numeral = \"I\"\ntitle = \"Don't\"\n\n[[block]]\nkind = \"verse\"\ntext = '''\na line\n'''\n";
    let out = lay(project(book, &[("01-a.toml", section)]).path());
    let text: String =
        out.document.pages.iter().flat_map(|p| crate::display::runs(&p.items)).map(|r| r.text.as_str()).collect();
    for printed in ["poet’s", "“ten”", "‘small’", "O’Neill", "Don’t", "O’Neill’s friends"] {
        assert!(text.contains(printed), "{printed} not in {text}");
    }
    assert!(!text.contains('\'') && !text.contains('"'), "{text}");
}

#[test]
fn inline_markup_is_read_on_the_title_page_and_in_the_colophon() {
    // `*word*` and `^^nasa^^` are the poet's markup wherever their words print; an
    // emphasis the colophon's wrap breaks closes at the line's end and opens again.
    let book = "title = \"The *Long ^^nasa^^* Night\"\nsubtitle = \"a ^^nasa^^ book\"\nauthor = \"A. *Poet*\"\n\
                colophon = '''\n*{title}* by {author}.\nSet for *the friends who stayed up all night, every night of one long winter, reading every draft aloud*.\n'''\n\
                [page]\nsize = \"a6\"\n";
    let section = "numeral = \"I\"\ntitle = \"One\"\n\n[[block]]\nkind = \"verse\"\ntext = '''\na line\n'''\n";
    let out = lay(project(book, &[("01-a.toml", section)]).path());
    let doc = &out.document;
    let italic = |r: &crate::display::GlyphRun| doc.fonts[r.font.index()].postscript_name.contains("Italic");
    let runs: Vec<_> = doc.pages.iter().flat_map(|p| p.runs()).collect();
    for r in &runs {
        assert!(!r.text.contains('*') && !r.text.contains('^'), "a marker printed: “{}”", r.text);
    }
    let title = runs.iter().find(|r| r.text.trim() == "Long").expect("the title's emphasis is a run of its own");
    assert!(italic(title));
    // Nested: small capitals in the emphasis's style.
    let nasa = runs.iter().find(|r| r.text.trim() == "nasa").expect("the nested small capitals are a run");
    assert!(italic(nasa));
    assert!(runs.iter().any(|r| r.text.contains("The") && !italic(r)));
    assert!(runs.iter().any(|r| r.text.trim() == "Poet" && italic(r)));
    // The colophon's emphasis runs over two lines at A6, italic on both.
    let last = doc.pages.last().unwrap();
    let mut baselines: Vec<f32> =
        last.runs().filter(|r| italic(r) && r.text.contains(' ')).map(|r| r.origin.y).collect();
    baselines.dedup();
    let all: Vec<_> = last.runs().map(|r| (r.text.clone(), italic(r), r.origin.x, r.width(), r.size)).collect();
    assert!(baselines.len() >= 2, "the colophon's emphasis is on {} line(s): {all:?}", baselines.len());
    // The reader's title bar shows the words without their markup.
    assert_eq!(doc.meta.title, "The Long nasa Night");
    assert_eq!(doc.meta.author.as_deref(), Some("A. Poet"));
}

#[test]
fn free_items_and_text_on_a_path_read_inline_markup() {
    let section = "numeral = \"I\"\ntitle = \"Free\"\n\n[[block]]\nkind = \"free\"\nheight = \"30mm\"\n\n\
                   [[block.item]]\ntext = \"a *free* ^^nasa^^ item\"\nx = \"5mm\"\ny = \"10mm\"\nrotate = \"20deg\"\n\n\
                   [[block]]\nkind = \"path\"\nshape = \"circle\"\nradius = \"25mm\"\ntext = \"round *and* round\"\n";
    let out = lay(project("title = \"T\"\n", &[("01-a.toml", section)]).path());
    let doc = &out.document;
    let italic = |r: &crate::display::GlyphRun| doc.fonts[r.font.index()].postscript_name.contains("Italic");
    let runs: Vec<_> = doc.pages.iter().flat_map(|p| p.runs()).collect();
    for r in &runs {
        assert!(!r.text.contains('*') && !r.text.contains('^'), "a marker printed: “{}”", r.text);
    }
    assert!(runs.iter().any(|r| r.text == "free" && italic(r)));
    // On the path, one run a letter: the a, n and d of *and* in italic, the rest upright.
    let letters: Vec<_> = runs.iter().filter(|r| r.glyphs.len() == 1 && r.text.chars().count() == 1).collect();
    let word: String = letters.iter().map(|r| r.text.as_str()).collect();
    assert!(word.contains("roundandround"), "{word}");
    let slanted: Vec<&str> = letters
        .iter()
        .filter(|r| italic(r) && r.text.chars().all(char::is_lowercase))
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(slanted, ["a", "n", "d"], "{word}");
    // A reader of the turned item and of the path hears the words, not the markup.
    let texts: Vec<String> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            crate::display::Item::Group(g) => g.text.clone(),
            _ => None,
        })
        .collect();
    assert!(texts.iter().any(|t| t == "a free nasa item") && texts.iter().any(|t| t == "round and round"), "{texts:?}");
}
