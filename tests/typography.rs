//! Book-grade typography at every page size (docs/book-conventions.md, "Margins", "Type
//! scale", "Solid small type"), measured on the laid-out pages — the display list the
//! PDF is written from — for the chapbook, for a book with no margins in its book.toml
//! (`tests/fixtures/mini`) and for a poem written for these rules
//! (`tests/fixtures/small-type`), at a5, a6, quarter-letter and 6x9in.

mod common;
use chapbook::build::{Compiled, compile};
use chapbook::display::{GlyphRun, Item};
use chapbook::spec::BlockKind;
use common::{fixture, root};
use std::path::{Path, PathBuf};

const SIZES: &[&str] = &["a5", "a6", "quarter-letter", "6x9in"];

fn projects() -> Vec<PathBuf> {
    vec![root(), fixture("mini"), fixture("small-type")]
}

fn lay(project: &Path, size: &str) -> Compiled {
    compile(project, Some(size)).unwrap_or_else(|e| panic!("{size}: {}", chapbook::diag::render(&e, project)))
}

fn name(project: &Path, size: &str) -> String {
    format!("{} at {size}", project.file_name().unwrap().to_string_lossy())
}

/// What wrote a run: furniture (no block), or the kind of the block it came from.
#[derive(Debug, PartialEq)]
enum Source {
    Furniture,
    Verse,
    Art,
    Chart,
    /// A free or on-path block: set where and as the poet placed it.
    Placed,
}

/// Every text run of the book with its page index and what wrote it.
fn runs(c: &Compiled) -> Vec<(usize, &GlyphRun, Source)> {
    let mut out = Vec::new();
    for (p, page) in c.document.pages.iter().enumerate() {
        for (i, item) in page.items.iter().enumerate() {
            let Item::Text(run) = item else { continue };
            let source = match c.sources.span(p, i) {
                None => Source::Furniture,
                Some(span) => {
                    let section = &c.book.sections[span.file as usize];
                    // The heading carries its section's first line; blocks their `[[block]]` line.
                    match section.blocks.iter().find(|b| b.line == span.line as usize).map(|b| &b.kind) {
                        None => Source::Furniture,
                        Some(BlockKind::Verse(_)) => Source::Verse,
                        Some(BlockKind::Art(_)) => Source::Art,
                        Some(BlockKind::Chart(_)) => Source::Chart,
                        Some(BlockKind::Space(_)) => unreachable!("a space prints nothing"),
                        Some(_) => Source::Placed,
                    }
                }
            };
            out.push((p, run, source));
        }
    }
    out
}

/// Rule 1: the margins are a canon — gutter narrower than fore-edge, head narrower than
/// foot — and every centred heading leans toward the spine by half their difference.
#[test]
fn margins_follow_the_canon_and_the_text_axis_leans_to_the_spine() {
    for project in projects() {
        for size in SIZES {
            let c = lay(&project, size);
            let at = name(&project, size);
            let page = &c.book.page;
            let (w, h) = c.document.page_size;
            // The text block as the pages show it: the extent of every item but the folios.
            let mut top = f32::MAX;
            let mut bottom: f32 = 0.0;
            for (p, run, _) in runs(&c) {
                if run.origin.y > h - page.bottom {
                    // A folio: in the foot margin, centred under the text block.
                    let centre = run.origin.x + run.width() / 2.0;
                    let axis = if p % 2 == 0 {
                        page.inside + (w - page.inside - page.outside) / 2.0
                    } else {
                        page.outside + (w - page.inside - page.outside) / 2.0
                    };
                    assert!(
                        (centre - axis).abs() < 0.6,
                        "{at}: folio on page {} centred at {centre}, axis {axis}",
                        p + 1
                    );
                    continue;
                }
                top = top.min(run.origin.y - run.size * 0.8);
                bottom = bottom.max(run.origin.y);
            }
            assert!(top >= page.top - 0.5 && bottom <= h - page.bottom + 0.5, "{at}: text outside the text block");
            assert!(page.inside < page.outside, "{at}: gutter {} ≥ fore-edge {}", page.inside, page.outside);
            assert!(page.top < page.bottom, "{at}: head {} ≥ foot {}", page.top, page.bottom);
            // Each section's title is centred on the text block: on a recto (even index)
            // left of the page's middle, on a verso right of it.
            let lean = (page.outside - page.inside) / 2.0;
            assert!(lean > 2.0, "{at}: the axis leans only {lean}pt");
            for entry in &c.document.outline {
                let p = entry.page;
                let heading: Vec<&GlyphRun> = runs(&c)
                    .into_iter()
                    .filter(|(q, r, s)| *q == p && *s == Source::Furniture && r.origin.y < h - page.bottom)
                    .map(|(_, r, _)| r)
                    .collect();
                let title = heading.iter().max_by(|a, b| a.size.total_cmp(&b.size)).expect("a heading");
                // The title's line may be several runs (inline emphasis): its whole extent.
                let line: Vec<&&GlyphRun> =
                    heading.iter().filter(|r| (r.origin.y - title.origin.y).abs() < 0.01).collect();
                let left = line.iter().map(|r| r.origin.x).fold(f32::MAX, f32::min);
                let right = line.iter().map(|r| r.origin.x + r.width()).fold(f32::MIN, f32::max);
                let centre = (left + right) / 2.0;
                let toward_spine = if p % 2 == 0 { w / 2.0 - centre } else { centre - w / 2.0 };
                assert!(
                    (toward_spine - lean).abs() < 0.6,
                    "{at}: “{}” leans {toward_spine}pt to the spine, not {lean}",
                    title.text
                );
            }
        }
    }
}

/// Rule 1: every preset builds with the default margins (the chapbook and the mini
/// fixture write none), and where margins gave way the summary says so.
#[test]
fn every_preset_builds_with_default_margins_and_says_what_gave_way() {
    for project in projects() {
        for size in chapbook::paper::trims().map(|p| p.name) {
            let c = lay(&project, size);
            let at = name(&project, size);
            assert!(!c.book.page.margins_written, "{at}: the fixture should leave margins open");
            let gave = c.book.page.margin_scale < 0.999;
            assert_eq!(gave, !c.report.gave_way.is_empty(), "{at}: {:?}", c.report.gave_way);
            if gave {
                assert!(c.report.gave_way[0].contains("margins"), "{at}: {:?}", c.report.gave_way);
            }
        }
    }
    // A6 is too narrow for the canon's margins around a 26-em measure of 9.5pt: they give way.
    assert!(!lay(&root(), "a6").report.gave_way.is_empty());
    assert!(lay(&root(), "a5").report.gave_way.is_empty());
}

/// Rule 2: the body is never under 9.5pt, verse set smaller to fit never under 8pt, and
/// nothing the layout sizes by itself (folios, numerals, headings, contents, colophon,
/// chart figures) under 8pt; art labels (rule 3) never under max(8pt, 0.9 × body).
#[test]
fn type_keeps_a_reading_size_at_every_page_size() {
    for project in projects() {
        for size in SIZES {
            let c = lay(&project, size);
            let at = name(&project, size);
            assert!(c.book.body.size >= 9.5 - 1e-3, "{at}: body {}pt", c.book.body.size);
            // A drawing that could not keep its labels' floor says so in the summary.
            let under = c
                .report
                .fits
                .iter()
                .any(|f| matches!(f.change, chapbook::build::Change::ArtScaled { under_floor: Some(_), .. }));
            assert!(!under, "{at}: {:?}", c.report.fits);
            for (p, run, source) in runs(&c) {
                let floor = match source {
                    Source::Furniture | Source::Verse | Source::Chart => 8.0,
                    // Art labels (rule 3): line-only columns narrow before they shrink.
                    Source::Art => 8f32.max(0.9 * c.book.body.size),
                    // Placed blocks are the poet's sizes.
                    Source::Placed => continue,
                };
                assert!(run.size >= floor - 1e-3, "{at}: “{}” on page {} set at {}pt", run.text, p + 1, run.size);
            }
        }
    }
}

/// Rule 6: furniture prints solid, and no text of these books is lighter than 40 % K.
#[test]
fn small_type_prints_solid() {
    for project in projects() {
        for size in SIZES {
            let c = lay(&project, size);
            let at = name(&project, size);
            for (p, run, source) in runs(&c) {
                if source == Source::Furniture {
                    assert_eq!(run.ink.value(), 1.0, "{at}: “{}” on page {} in a tint", run.text, p + 1);
                }
                assert!(run.ink.value() >= 0.4 - 1e-4, "{at}: “{}” on page {} at {}", run.text, p + 1, run.ink.value());
            }
            assert!(
                !c.warnings.iter().any(|w| w.message.contains("tint") || w.message.contains("lighter")),
                "{at}: {:?}",
                c.warnings
            );
        }
    }
}

/// Rule 6: `check` warns about text lighter than 40 % K and small text in a tint, naming
/// the block and the page; the poet's ink stays as written.
#[test]
fn light_and_small_tinted_text_is_warned_about_where_it_was_written() {
    let dir = common::scratch("tints");
    std::fs::create_dir_all(dir.join("layout")).unwrap();
    std::os::unix::fs::symlink(root().join("fonts"), dir.join("fonts")).unwrap();
    std::fs::write(dir.join("layout/book.toml"), "title = \"T\"\n").unwrap();
    std::fs::write(
        dir.join("layout/01-one.toml"),
        "title = \"One\"\n\n[[block]]\nkind = \"verse\"\nink = 0.3\ntext = 'faint'\n\n[[block]]\nkind = \"verse\"\nsize = \"8pt\"\nink = 0.6\ntext = 'small grey'\n\n[[block]]\nkind = \"verse\"\nsize = \"5pt\"\ntext = 'tiny'\n",
    )
    .unwrap();
    let c = lay(&dir, "a5");
    let find = |what: &str| {
        c.warnings
            .iter()
            .find(|w| w.message.contains(what))
            .unwrap_or_else(|| panic!("no warning “{what}”: {:?}", c.warnings))
    };
    let rendered = |d: &chapbook::diag::Diagnostic| chapbook::diag::render(std::slice::from_ref(d), &dir);
    let light = rendered(find("lighter than 40 %"));
    assert!(light.contains("01-one.toml:3:1") && light.contains("page 3"), "{light}");
    let tint = rendered(find("8.0pt text in a 60 % tint"));
    assert!(tint.contains("01-one.toml:8:1"), "{tint}");
    let tiny = rendered(find("under 6pt"));
    assert!(tiny.contains("01-one.toml:14:1"), "{tiny}");
    // The poet's ink is printed as written.
    let inks: Vec<f32> =
        runs(&c).iter().filter(|(_, _, s)| *s == Source::Verse).map(|(_, r, _)| r.ink.value()).collect();
    assert!(inks.contains(&0.3) && inks.contains(&0.6), "{inks:?}");
}

/// Rule 4: the first line of text of every block sits on the half-line grid of the text
/// block (the first body baseline, then steps of half the leading), so facing pages back
/// up; the first verse line under every heading sits at the same depth on every page.
#[test]
fn blocks_sit_on_a_half_line_grid_and_headings_back_up() {
    for project in projects() {
        for size in SIZES {
            let c = lay(&project, size);
            let at = name(&project, size);
            let (lead, body) = (c.book.body.leading, c.book.body.size);
            let origin = c.book.page.top + (lead + body * 0.62) / 2.0;
            let half = lead / 2.0;
            let on_grid = |y: f32| {
                let k = (y - origin) / half;
                (k - k.round()).abs() < 0.01 && k > -0.01
            };
            // Each block's share of each page: its first baseline.
            let mut firsts: Vec<(usize, f32, bool)> = Vec::new();
            for placed in &c.sources.blocks {
                let section = &c.book.sections[placed.span.file as usize];
                let Some(block) = section.blocks.iter().find(|b| b.line == placed.span.line as usize) else {
                    continue; // the heading
                };
                let page = &c.document.pages[placed.page];
                let first = page
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| c.sources.span(placed.page, *i) == Some(placed.span))
                    .filter_map(|(_, it)| if let Item::Text(r) = it { Some(r.origin.y) } else { None })
                    .fold(f32::MAX, f32::min);
                if first == f32::MAX {
                    continue;
                }
                assert!(
                    on_grid(first),
                    "{at}: block {} of {} starts at {first} on page {}, off the grid",
                    block.number,
                    section.name(),
                    placed.page + 1
                );
                firsts.push((placed.page, first, matches!(block.kind, BlockKind::Verse(_))));
            }
            // The first verse line under every heading: one depth for the whole book.
            let depths: Vec<f32> = c
                .document
                .outline
                .iter()
                .filter_map(|e| firsts.iter().filter(|f| f.0 == e.page).min_by(|a, b| a.1.total_cmp(&b.1)))
                .filter(|f| f.2)
                .map(|f| f.1)
                .collect();
            assert!(!depths.is_empty(), "{at}");
            assert!(
                depths.iter().all(|d| (d - depths[0]).abs() < 0.01),
                "{at}: first lines under headings at {depths:?}"
            );
        }
    }
}

/// Rule 9: a verse line turned over carries at least two words onto its turned line —
/// never a single word or a lone blank.
#[test]
fn turnovers_carry_two_words_at_least() {
    let mut turned_somewhere = false;
    for project in projects() {
        for size in SIZES {
            let c = lay(&project, size);
            let at = name(&project, size);
            for (p, page) in c.document.pages.iter().enumerate() {
                // Verse lines by block: (span line, baseline) → leftmost x and the words.
                let mut lines: Vec<(u32, f32, f32, String)> = Vec::new();
                for (i, it) in page.items.iter().enumerate() {
                    let (Item::Text(r), Some(span)) = (it, c.sources.span(p, i)) else { continue };
                    let section = &c.book.sections[span.file as usize];
                    let Some(block) = section.blocks.iter().find(|b| b.line == span.line as usize) else { continue };
                    let BlockKind::Verse(v) = &block.kind else { continue };
                    if v.overflow != chapbook::spec::Overflow::Turnover || v.text.lines().any(|l| l.starts_with(' ')) {
                        continue;
                    }
                    match lines.iter_mut().find(|l| l.0 == span.line && (l.1 - r.origin.y).abs() < 0.01) {
                        Some(l) => {
                            l.2 = l.2.min(r.origin.x);
                            l.3.push(' ');
                            l.3.push_str(&r.text);
                        }
                        None => lines.push((span.line, r.origin.y, r.origin.x, r.text.clone())),
                    }
                }
                // A flush-left block: a line set further in than the block's edge is turned over.
                for l in &lines {
                    // (Lines opening with a quote hang outside the edge: rule 8.)
                    let opens = |t: &str| t.trim_start().starts_with(['“', '‘', '(', '[']);
                    let edge =
                        lines.iter().filter(|m| m.0 == l.0 && !opens(&m.3)).map(|m| m.2).fold(f32::MAX, f32::min);
                    if l.2 > edge + 1.0 {
                        turned_somewhere = true;
                        let words = l.3.split_whitespace().count();
                        assert!(
                            words >= 2,
                            "{at}: page {}: the turned line “{}” carries {words} word",
                            p + 1,
                            l.3.trim()
                        );
                    }
                }
            }
        }
    }
    assert!(turned_somewhere, "no project turned a line over: the test measures nothing");
}

/// Rule 8: in flush-left and optically centred verse, a line that opens with a quote or a
/// bracket hangs it outside the edge, so its first letter aligns with the other lines'.
#[test]
fn opening_quotes_and_brackets_hang() {
    let mut hung = 0;
    for project in projects() {
        for size in SIZES {
            let c = lay(&project, size);
            let at = name(&project, size);
            for (p, page) in c.document.pages.iter().enumerate() {
                // Per block: the first run of each line (lowest x at each baseline).
                let mut firsts: Vec<(u32, &GlyphRun)> = Vec::new();
                for (i, it) in page.items.iter().enumerate() {
                    let (Item::Text(r), Some(span)) = (it, c.sources.span(p, i)) else { continue };
                    let section = &c.book.sections[span.file as usize];
                    let Some(block) = section.blocks.iter().find(|b| b.line == span.line as usize) else { continue };
                    let BlockKind::Verse(v) = &block.kind else { continue };
                    let flush = matches!(v.align, chapbook::spec::Align::Left | chapbook::spec::Align::Optical);
                    if !flush || v.text.lines().any(|l| l.starts_with(' ')) {
                        continue;
                    }
                    match firsts.iter_mut().find(|f| f.0 == span.line && (f.1.origin.y - r.origin.y).abs() < 0.01) {
                        Some(f) if r.origin.x < f.1.origin.x => f.1 = r,
                        Some(_) => {}
                        None => firsts.push((span.line, r)),
                    }
                }
                let opens = |r: &GlyphRun| r.text.starts_with(['“', '‘', '(', '[']);
                for (line, r) in firsts.iter().filter(|(_, r)| opens(r)) {
                    // The block's edge: where its lines without a quote begin (turned lines aside).
                    let Some(edge) =
                        firsts.iter().filter(|(l, q)| l == line && !opens(q)).map(|(_, q)| q.origin.x).reduce(f32::min)
                    else {
                        continue;
                    };
                    let letter =
                        r.text.char_indices().find(|(_, ch)| !"“‘([".contains(*ch)).map(|(i, _)| i as u32).unwrap();
                    let g = r.glyphs.iter().find(|g| g.text.0 >= letter).expect("a letter after the quote");
                    let x = r.origin.x + g.x;
                    assert!(
                        (x - edge).abs() < 0.05,
                        "{at}: page {}: “{}” starts its letters at {x}, the edge is {edge}",
                        p + 1,
                        r.text
                    );
                    assert!(r.origin.x < edge - 1.0, "{at}: “{}” does not hang", r.text);
                    hung += 1;
                }
            }
        }
    }
    assert!(hung >= SIZES.len() * 2, "only {hung} hanging lines found: the test measures too little");
}

/// Rule 7: `*word*` sets the other style inside a line of verse or a title, `^^words^^`
/// small capitals, `\*` an asterisk; the markup itself never prints.
#[test]
fn inline_emphasis_and_small_caps_inside_a_line() {
    for size in SIZES {
        let c = lay(&fixture("small-type"), size);
        let at = name(&fixture("small-type"), size);
        let all = runs(&c);
        let face = |r: &GlyphRun| c.document.fonts[r.font.index()].postscript_name.clone();
        // The largest run of `text` (a title's in the heading, not in the contents).
        let run = |text: &str| {
            all.iter()
                .map(|(_, r, _)| *r)
                .filter(|r| r.text.trim() == text)
                .max_by(|a, b| a.size.total_cmp(&b.size))
                .unwrap_or_else(|| panic!("{at}: no run “{text}”"))
        };
        assert!(face(run("no")).contains("Italic"), "{at}: *no* in {}", face(run("no")));
        assert!(face(run("them")).contains("Italic"), "{at}");
        // In the italic title, the emphasis is roman.
        assert!(face(run("Night")).contains("Italic") && !face(run("Shift")).contains("Italic"), "{at}");
        // ^^count^^: small capitals, other glyphs than the c of “colour” in roman.
        let glyph_of = |r: &GlyphRun, ch: char| {
            let i = r.text.find(ch).unwrap() as u32;
            r.glyphs.iter().find(|g| g.text.0 == i).unwrap().id
        };
        let colour = all.iter().map(|(_, r, _)| *r).find(|r| r.text.contains("colour")).unwrap();
        let count = run("count");
        assert!(!face(count).contains("Italic"), "{at}");
        assert_ne!(glyph_of(count, 'c'), glyph_of(colour, 'c'), "{at}: ^^count^^ is not in small capitals");
        // Nothing prints a marker, and `\*` prints an asterisk.
        for (_, r, _) in &all {
            assert!(!r.text.contains("^^") && !r.text.contains('\\'), "{at}: “{}”", r.text);
            assert!(!r.text.contains('*') || r.text.contains("not * even"), "{at}: “{}”", r.text);
        }
        assert!(all.iter().any(|(_, r, _)| r.text.contains("not * even")), "{at}");
        // The bookmarks show the title without its markup.
        assert!(c.document.outline.iter().any(|e| e.title == "III. Night Shift"), "{at}: {:?}", c.document.outline);
    }
}

/// Rule 7: `^^NASA^^`, written in capitals only, is set in small capitals as `^^nasa^^`
/// is (the face's `c2sc` beside `smcp`); in `^^Rome^^` the R stays a capital.
#[test]
fn small_caps_of_capitals_only_are_small_capitals_too() {
    let dir = common::scratch("c2sc");
    std::fs::create_dir_all(dir.join("layout")).unwrap();
    std::os::unix::fs::symlink(root().join("fonts"), dir.join("fonts")).unwrap();
    std::fs::write(dir.join("layout/book.toml"), "title = \"T\"\n").unwrap();
    std::fs::write(
        dir.join("layout/01-one.toml"),
        "title = \"One\"\n\n[[block]]\nkind = \"verse\"\ntext = '''\n^^NASA^^\n^^nasa^^\nNASA\n^^Rome^^\nRome\n'''\n",
    )
    .unwrap();
    let c = lay(&dir, "a5");
    let runs = |text: &str| -> Vec<&GlyphRun> {
        c.document.pages.iter().flat_map(|p| p.runs()).filter(|r| r.text.trim() == text).collect()
    };
    let ids = |r: &GlyphRun| -> Vec<u16> { r.glyphs.iter().map(|g| g.id).collect() };
    let (caps, lower) = (runs("NASA"), runs("nasa"));
    assert_eq!((caps.len(), lower.len()), (2, 1));
    // EB Garamond draws c2sc's N.sc as smcp's n.sc, under another glyph id: the same width.
    assert!(
        (caps[0].width() - lower[0].width()).abs() < 0.01,
        "^^NASA^^ {} ^^nasa^^ {}",
        caps[0].width(),
        lower[0].width()
    );
    assert!(caps[0].width() < 0.9 * caps[1].width(), "^^NASA^^ printed full capitals");
    assert_ne!(ids(caps[0]), ids(caps[1]));
    let rome = runs("Rome");
    assert_eq!(rome.len(), 2);
    assert_eq!(ids(rome[0])[0], ids(rome[1])[0], "the R of ^^Rome^^ is not a capital");
    assert_ne!(ids(rome[0])[1..], ids(rome[1])[1..], "the ome of ^^Rome^^ is not in small capitals");
}

/// Rule 7: a lone `*` (one that opens or closes nothing) is a warning at its file, line
/// and column, and prints as typed.
#[test]
fn a_lone_asterisk_is_a_warning_at_its_place() {
    let dir = common::scratch("lone-star");
    std::fs::create_dir_all(dir.join("layout")).unwrap();
    std::os::unix::fs::symlink(root().join("fonts"), dir.join("fonts")).unwrap();
    std::fs::write(dir.join("layout/book.toml"), "title = \"T\"\n").unwrap();
    std::fs::write(
        dir.join("layout/01-one.toml"),
        "title = \"One\"\n\n[[block]]\nkind = \"verse\"\ntext = '''\nfine *here*\nfive * six\n'''\n",
    )
    .unwrap();
    let c = lay(&dir, "a5");
    let w = c.warnings.iter().find(|w| w.message.contains("lone `*`")).unwrap_or_else(|| panic!("{:?}", c.warnings));
    let text = chapbook::diag::render(std::slice::from_ref(w), &dir);
    assert!(text.contains("layout/01-one.toml:7:6"), "{text}");
    assert_eq!(c.warnings.iter().filter(|w| w.message.contains("lone")).count(), 1, "{:?}", c.warnings);
    assert!(runs(&c).iter().any(|(_, r, _)| r.text == "five * six"));
}

/// Rule 5: a poem of two pages opens on a verso (an odd page index), so it is read across
/// one spread; the book's first poem still opens on a recto; the blank pages added for it
/// are in the report.
#[test]
fn two_page_poems_are_read_across_a_spread() {
    let mut seen = 0;
    for project in projects() {
        for size in SIZES {
            let c = lay(&project, size);
            let at = name(&project, size);
            // Which pages each section's text is on, by what the pages show (the outline
            // gives the first; the display list's spans the rest).
            for (k, entry) in c.document.outline.iter().enumerate() {
                let pages: Vec<usize> = (0..c.document.pages.len())
                    .filter(|p| {
                        (0..c.document.pages[*p].items.len())
                            .any(|i| c.sources.span(*p, i).is_some_and(|s| s.file as usize == k))
                    })
                    .collect();
                assert_eq!(pages.first(), Some(&entry.page), "{at}: section {}", k + 1);
                if k == 0 {
                    assert_eq!(entry.page % 2, 0, "{at}: the first poem opens on a recto");
                    continue;
                }
                if pages.len() == 2 && c.book.sections[k].start.is_none() {
                    seen += 1;
                    assert_eq!(
                        entry.page % 2,
                        1,
                        "{at}: {} has two pages and opens on a recto",
                        c.book.sections[k].name()
                    );
                    assert_eq!(pages[1], entry.page + 1, "{at}");
                }
            }
            // Every blank page the rule added is reported, naming its section.
            for s in &c.report.spreads {
                assert!(s.contains("blank page before"), "{at}: {s}");
            }
        }
    }
    assert!(seen >= 3, "only {seen} two-page poems: the test measures too little");
    let ql = lay(&root(), "quarter-letter");
    assert!(!ql.report.spreads.is_empty(), "the chapbook at quarter-letter adds blanks for its spreads");
}

/// Rule 10: the front matter speaks as the section heads do — the contents head at a
/// section title's sink, the numerals as the headings print them, each folio an en space
/// after its title.
#[test]
fn front_matter_in_one_voice() {
    for project in [root(), fixture("mini"), fixture("small-type")] {
        for size in SIZES {
            let c = lay(&project, size);
            let at = name(&project, size);
            let all = runs(&c);
            let Some((cp, head)) = all.iter().find(|(_, r, _)| r.text == "Contents").map(|(p, r, _)| (*p, *r)) else {
                panic!("{at}: no contents head")
            };
            // A section title's baseline: the largest run on the section's first page.
            let first = c.document.outline[0].page;
            let title = all
                .iter()
                .filter(|(p, _, _)| *p == first)
                .map(|(_, r, _)| *r)
                .max_by(|a, b| a.size.total_cmp(&b.size))
                .unwrap();
            assert!(
                (head.origin.y - title.origin.y).abs() < 0.01,
                "{at}: contents head at {}, section titles at {}",
                head.origin.y,
                title.origin.y
            );
            assert!((head.size - title.size).abs() < 0.01, "{at}");
            // Numerals: the headings' own, as they print them.
            let numerals: Vec<&str> = c.book.sections.iter().filter_map(|s| s.numeral.as_deref()).collect();
            let on_contents: Vec<&GlyphRun> = all.iter().filter(|(p, _, _)| *p == cp).map(|(_, r, _)| *r).collect();
            for n in &numerals {
                let in_contents = on_contents
                    .iter()
                    .find(|r| r.text == *n)
                    .unwrap_or_else(|| panic!("{at}: numeral {n} not in the contents"));
                let in_heading = all
                    .iter()
                    .map(|(_, r, _)| *r)
                    .find(|r| r.text == *n && r.origin.y < head.origin.y)
                    .expect("the heading's numeral");
                assert_eq!(
                    (in_contents.font, in_contents.size),
                    (in_heading.font, in_heading.size),
                    "{at}: numeral {n}"
                );
            }
            // Each folio an en space after the end of its title line.
            let en = c.book.body.size * 0.5;
            let mut folios = 0;
            for f in
                on_contents.iter().filter(|r| r.text.parse::<u32>().is_ok() && !numerals.contains(&r.text.as_str()))
            {
                let end = on_contents
                    .iter()
                    .filter(|r| (r.origin.y - f.origin.y).abs() < 0.01 && r.origin.x < f.origin.x)
                    .map(|r| r.origin.x + r.width())
                    .fold(f32::MIN, f32::max);
                assert!(
                    (f.origin.x - end - en).abs() < 0.05,
                    "{at}: folio {} is {}pt after its title",
                    f.text,
                    f.origin.x - end
                );
                folios += 1;
            }
            assert_eq!(folios, c.book.sections.len(), "{at}");
        }
    }
}

/// Rule 3 (in part): a centred drawing centres on its ink — glyph runs and strokes — on
/// the axis of the text block, not on its character grid.
#[test]
fn centred_drawings_centre_on_their_ink() {
    use chapbook::display::PathEl;
    let mut drawings = 0;
    for size in SIZES {
        let c = lay(&root(), size);
        let at = name(&root(), size);
        for placed in &c.sources.blocks {
            let section = &c.book.sections[placed.span.file as usize];
            let Some(block) = section.blocks.iter().find(|b| b.line == placed.span.line as usize) else { continue };
            let BlockKind::Art(a) = &block.kind else { continue };
            if !matches!(a.align, chapbook::spec::Align::Center) || block.rotate.is_some() {
                continue;
            }
            let page = &c.document.pages[placed.page];
            let (mut x0, mut x1) = (f32::MAX, f32::MIN);
            for (i, it) in page.items.iter().enumerate() {
                if c.sources.span(placed.page, i) != Some(placed.span) {
                    continue;
                }
                match it {
                    Item::Text(r) => {
                        x0 = x0.min(r.origin.x);
                        x1 = x1.max(r.origin.x + r.width());
                    }
                    Item::Path(p) => {
                        for el in p.els.iter() {
                            let pts: Vec<chapbook::display::Point> = match el {
                                PathEl::MoveTo(q) | PathEl::LineTo(q) => vec![*q],
                                PathEl::CubicTo(a, b, q) => vec![*a, *b, *q],
                                PathEl::Close => vec![],
                            };
                            for q in pts {
                                x0 = x0.min(q.x);
                                x1 = x1.max(q.x);
                            }
                        }
                    }
                    _ => {}
                }
            }
            let frame = c.book.page.text_block(placed.page);
            let axis = frame.x0 + frame.width() / 2.0;
            let centre = (x0 + x1) / 2.0;
            assert!(
                (centre - axis).abs() < 1.0,
                "{at}: {} block {} centred at {centre}, the axis is {axis}",
                section.name(),
                block.number
            );
            drawings += 1;
        }
    }
    assert!(drawings >= 20, "only {drawings} drawings measured");
}

/// Rule 3: a drawing too wide for the measure at the label floor keeps its labels at
/// max(8pt, 0.9 × body) by narrowing its line-only columns, at a5 and a6; one that cannot
/// (a wall in every other column) goes under the floor, and the summary says so.
#[test]
fn drawings_give_up_line_before_letters_and_say_when_they_cannot() {
    let dir = common::scratch("art-floor");
    std::fs::create_dir_all(dir.join("layout")).unwrap();
    std::os::unix::fs::symlink(root().join("fonts"), dir.join("fonts")).unwrap();
    std::fs::write(dir.join("layout/book.toml"), "title = \"T\"\n").unwrap();
    let wide = [
        "┌──────────────────────────────────────────────────────────────────────┐",
        "│       the morning opens one shutter at a time, slowly, slowly        │",
        "└───────────────────────────────────┬──────────────────────────────────┘",
        "                                    ▼",
        "┌──────────────────────────────────────────────────────────────────────┐",
        "│                       and the street comes in                        │",
        "└──────────────────────────────────────────────────────────────────────┘",
    ]
    .join("\n");
    let walls = "│ab".repeat(25) + "│";
    std::fs::write(
        dir.join("layout/01-shutters.toml"),
        format!("title = \"Shutters\"\n\n[[block]]\nkind = \"art\"\ntext = '''\n{wide}\n'''\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("layout/02-fence.toml"),
        format!("title = \"Fence\"\n\n[[block]]\nkind = \"art\"\ntext = '''\n{walls}\n'''\n"),
    )
    .unwrap();
    for size in ["a5", "a6"] {
        let c = lay(&dir, size);
        let floor = 8f32.max(0.9 * c.book.body.size);
        let frame = c.book.page.text_block(2);
        // The first drawing: every label at the floor, inside its box, the boxes in the measure.
        let page = &c.document.pages[2];
        let labels: Vec<&GlyphRun> =
            runs(&c).into_iter().filter(|(p, _, s)| *p == 2 && *s == Source::Art).map(|(_, r, _)| r).collect();
        assert_eq!(labels.len(), 2, "{size}");
        let mut boxes = Vec::new();
        for item in &page.items {
            if let Item::Path(p) = item
                && p.stroke.is_some()
                && matches!(p.els.last(), Some(chapbook::display::PathEl::Close))
            {
                let xs: Vec<f32> = p
                    .els
                    .iter()
                    .filter_map(|e| match e {
                        chapbook::display::PathEl::MoveTo(q) | chapbook::display::PathEl::LineTo(q) => Some(q.x),
                        _ => None,
                    })
                    .collect();
                boxes.push((xs.iter().copied().fold(f32::MAX, f32::min), xs.iter().copied().fold(f32::MIN, f32::max)));
            }
        }
        assert_eq!(boxes.len(), 2, "{size}: two closed boxes");
        for (x0, x1) in &boxes {
            assert!(*x0 >= frame.x0 - 0.5 && *x1 <= frame.x1 + 0.5, "{size}: box {x0}–{x1} out of the measure");
        }
        for r in &labels {
            assert!((r.size - floor).abs() < 0.01, "{size}: “{}” at {}pt, the floor is {floor}pt", r.text, r.size);
            let (x0, x1) = boxes[0];
            assert!(r.origin.x > x0 + 2.0 && r.origin.x + r.width() < x1 - 2.0, "{size}: “{}” leaves its box", r.text);
        }
        // Narrowing the poet's grid is said too.
        let shutters = c.report.fits.iter().find(|f| f.section.contains("Shutters")).expect("the shutters are fitted");
        assert!(shutters.describe().contains("line-only columns and rows narrowed"), "{}", shutters.describe());
        // The fence: under the floor, and said.
        let fence = c.report.fits.iter().find(|f| f.section.contains("Fence")).expect("the fence is fitted");
        assert!(
            matches!(fence.change, chapbook::build::Change::ArtScaled { under_floor: Some(f), to, .. } if (f - floor).abs() < 0.01 && to < floor),
            "{size}: {fence:?}"
        );
        assert!(fence.describe().contains("floor for labels"), "{}", fence.describe());
        assert!(
            !c.report.fits.iter().any(|f| f.section.contains("Shutters")
                && matches!(f.change, chapbook::build::Change::ArtScaled { under_floor: Some(_), .. })),
            "{size}: {:?}",
            c.report.fits
        );
    }
}

/// Rule 2 at the trim the book names: a body book.toml leaves open follows the trim
/// (10.5pt at A5, the type scale elsewhere), so a book written at A6 gets the body the same
/// book moved there with `--page-size` gets, and moving it back gives A5's 10.5pt. A body
/// book.toml writes is the poet's at the book's own trim.
#[test]
fn a_body_left_open_follows_the_trim_book_toml_names() {
    let at = |book_size: &str, body: Option<&str>, page_size: Option<&str>| {
        let dir = common::scratch(&format!("open-body-{book_size}-{}-{}", body.is_some(), page_size.unwrap_or("")));
        common::copy_dir(&fixture("easter-wings"), &dir);
        let book = dir.join("layout/book.toml");
        let mut text =
            std::fs::read_to_string(&book).unwrap().replace("size = \"a5\"", &format!("size = \"{book_size}\""));
        if let Some(body) = body {
            text.push_str(&format!("\n[type]\nsize = \"{body}\"\n"));
        }
        std::fs::write(&book, text).unwrap();
        chapbook::build::compile(&dir, page_size).unwrap_or_else(|e| panic!("{e}")).book.body.size
    };
    let a5 = at("a5", None, None);
    assert!((a5 - 10.5).abs() < 1e-3, "A5: {a5}");
    let moved = at("a5", None, Some("a6"));
    let written_at_a6 = at("a6", None, None);
    assert!((9.5..10.5).contains(&moved), "A5 moved to A6: {moved}");
    assert!((written_at_a6 - moved).abs() < 1e-3, "A6 in book.toml {written_at_a6}, --page-size a6 {moved}");
    let back = at("a6", None, Some("a5"));
    assert!((back - 10.5).abs() < 1e-3, "an A6 book moved to A5: {back}");
    let big = at("6x9in", None, None);
    assert!(big > 10.5, "6x9in: {big}");
    // Written, it is the poet's at the book's own trim.
    assert!((at("a6", Some("10.5pt"), None) - 10.5).abs() < 1e-3);
}
