//! From block spans to line spans: layout records, for every item, the `[[block]]` line
//! of the block that made it (cheap, on every build). `serve` wants more for click to
//! source — the line of the verse or label a run prints — so here each glyph run is looked
//! up in its block's text in the section file. A run that is not found there as written
//! (text the layout made, such as a chart's bar) keeps its block's span. A stroke of a
//! diagram is given the row of the art text it starts on (a filled mark such as an
//! arrowhead: the row of its middle): the diagram's rows share the
//! band layout placed it in ([`Placed`]) equally, and row *k* is the *k*-th line of the
//! block's `text` (leading blank rows count, as in the art engine); its column is the
//! row's first character. Any other mark layout drew beside a line of text (a chart's bar,
//! a verse line's blank) takes the line of the nearest run of its block.

use crate::display::{Document, Item, PathEl, Placed, SourceMap, Span};
use crate::spec::{BlockKind, Book};

/// `sources` with each text run's span moved to the line and column where its text is
/// written inside its block, when it can be found there, and each stroke of a diagram to
/// the row of art text it starts on.
pub fn refine(book: &Book, doc: &Document, sources: &SourceMap) -> SourceMap {
    let mut out = sources.clone();
    for (p, (page, spans)) in doc.pages.iter().zip(out.pages.iter_mut()).enumerate() {
        for (item, span) in page.items.iter().zip(spans.iter_mut()) {
            if span.is_none() {
                continue;
            }
            let Some(section) = book.sections.get(span.file as usize) else { continue };
            let text = &section.source.text;
            let found = match item {
                // The heading (numeral and title) carries line 1: look from the top.
                Item::Text(run) if span.line <= 1 => find_in_block(text, 0, &run.text),
                Item::Text(run) => find_in_block(text, span.line as usize, &run.text),
                Item::Path(path) => path_row(section, path, span, p, sources),
                // A chart's dots keep their block's line; layout makes no clips.
                Item::Dot(_) | Item::Clip(_) | Item::Group(_) => None,
            };
            if let Some((line, col)) = found {
                *span = Span { file: span.file, line: line as u32, col: col as u32 };
            }
        }
    }
    follow_nearest_runs(doc, sources, &mut out);
    out
}

/// The heights of a path's points (not its curves' control points).
fn path_ys(path: &crate::display::Path) -> impl Iterator<Item = f32> + '_ {
    path.els.iter().filter_map(|e| match e {
        PathEl::MoveTo(q) | PathEl::LineTo(q) | PathEl::CubicTo(_, _, q) => Some(q.y),
        PathEl::Close => None,
    })
}

/// The source line and column of the diagram row a path on page `p` belongs to, when
/// its block (at `span`) is an art block.
fn path_row(
    section: &crate::spec::Section,
    path: &crate::display::Path,
    span: &Span,
    p: usize,
    sources: &SourceMap,
) -> Option<(usize, usize)> {
    let Some(BlockKind::Art(art)) = section.blocks.iter().find(|b| b.line == span.line as usize).map(|b| &b.kind)
    else {
        return None;
    };
    let ys = path_ys(path);
    // A stroke belongs to the row it starts on; a filled mark (an arrowhead
    // whose tip touches the next row, a dot) to the row of its middle.
    let y = if path.stroke.is_none() {
        let (lo, hi) = ys.fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), y| (a.min(y), b.max(y)));
        lo.is_finite().then_some((lo + hi) / 2.0)
    } else {
        ys.into_iter().next()
    };
    let band = sources.blocks.iter().find(|b| b.page == p && b.span == *span);
    match (y, band) {
        (Some(y), Some(band)) => art_row(&section.source.text, span.line as usize, &art.text, band, y),
        _ => None,
    }
}

/// A mark layout drew beside text (a chart's bar, a verse line's blank) takes the line of
/// the nearest run of the same block on its page, within a line's height: `before` is
/// the block spans, `out` the refined ones.
fn follow_nearest_runs(doc: &Document, sources: &SourceMap, out: &mut SourceMap) {
    for ((page, before), after) in doc.pages.iter().zip(&sources.pages).zip(out.pages.iter_mut()) {
        let runs: Vec<(f32, f32, Span, Span)> = page
            .items
            .iter()
            .zip(before.iter().zip(after.iter()))
            .filter_map(|(item, (b, a))| match item {
                Item::Text(r) if !b.is_none() && a != b => Some((r.origin.y, r.size, *b, *a)),
                _ => None,
            })
            .collect();
        for ((item, b), a) in page.items.iter().zip(before).zip(after.iter_mut()) {
            if b.is_none() || a != b {
                continue;
            }
            let mid = match item {
                Item::Path(path) => {
                    let (lo, hi) =
                        path_ys(path).fold((f32::INFINITY, f32::NEG_INFINITY), |(l, h), y| (l.min(y), h.max(y)));
                    (lo + hi) / 2.0
                }
                Item::Dot(d) => d.center.y,
                _ => continue,
            };
            let nearest = runs
                .iter()
                .filter(|(y, size, block, _)| block == b && (mid - (y - size * 0.3)).abs() <= size * 0.9)
                .min_by(|p, q| (mid - p.0).abs().total_cmp(&(mid - q.0).abs()));
            if let Some((_, _, _, line)) = nearest {
                *a = Span { col: 1, ..*line };
            }
        }
    }
}

/// The source line and first column of the diagram row at height `y` of `band`.
fn art_row(source: &str, block_line: usize, art: &str, band: &Placed, y: f32) -> Option<(usize, usize)> {
    let mut rows: Vec<&str> = art.lines().collect();
    while rows.last().is_some_and(|r| r.trim().is_empty()) {
        rows.pop();
    }
    if rows.is_empty() || band.height <= 0.0 {
        return None;
    }
    let k = (((y - band.top) / (band.height / rows.len() as f32)).floor().max(0.0) as usize).min(rows.len() - 1);
    let first = text_first_line(source, block_line)?;
    let line = source.lines().nth(first + k - 1)?;
    let col = line.chars().take_while(|c| c.is_whitespace()).count() + 1;
    Some((first + k, col))
}

/// 1-based line of the first row of the block's `text`: the line after `text = '''`
/// (TOML drops the newline that follows the opening quotes), or the `text` line itself
/// when the string starts on it.
fn text_first_line(source: &str, block_line: usize) -> Option<usize> {
    for (i, line) in source.lines().enumerate().skip(block_line) {
        let t = line.trim_start();
        if t.starts_with("[[") {
            return None;
        }
        if let Some(rest) = t.strip_prefix("text").map(str::trim_start).and_then(|r| r.strip_prefix('=')) {
            let rest = rest.trim();
            return Some(if rest == "'''" || rest == "\"\"\"" { i + 2 } else { i + 1 });
        }
    }
    None
}

/// Curly quotes back to straight ones, as the poet typed them.
fn plain(c: char) -> char {
    match c {
        '‘' | '’' | '‚' | '‛' => '\'',
        '“' | '”' | '„' | '‟' => '"',
        c => c,
    }
}

/// 1-based line and column of `text` in the lines after `block_line` up to the next
/// `[[` table header.
fn find_in_block(source: &str, block_line: usize, text: &str) -> Option<(usize, usize)> {
    let needle: String = text.trim().chars().map(plain).collect();
    if needle.is_empty() {
        return None;
    }
    for (i, line) in source.lines().enumerate().skip(block_line) {
        if line.trim_start().starts_with("[[") {
            break;
        }
        let hay: String = line.chars().map(plain).collect();
        if let Some(at) = hay.find(&needle) {
            return Some((i + 1, hay[..at].chars().count() + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "numeral = \"I\"\n\n[[block]]\nkind = \"verse\"\ntext = '''\nThe next\n  \"quoted\" here\n'''\n\n[[block]]\ntext = '''\nThe next\n'''\n";

    #[test]
    fn a_diagram_row_is_the_line_of_its_art_text() {
        let src = "[[block]]\nkind = \"art\"\ntext = '''\n\n┌─┐\n└─┘\n\n'''\n";
        assert_eq!(text_first_line(src, 1), Some(4));
        let band = Placed { page: 0, span: Span { file: 0, line: 1, col: 1 }, top: 100.0, height: 30.0 };
        let art = "\n┌─┐\n  └─┘\n\n";
        // Three rows of 10 pt (the trailing blank row does not count, the leading one does).
        assert_eq!(art_row(src, 1, art, &band, 101.0), Some((4, 1)));
        assert_eq!(art_row(src, 1, art, &band, 115.0), Some((5, 1)));
        assert_eq!(art_row(src, 1, art, &band, 129.0), Some((6, 1)));
        assert_eq!(art_row(src, 1, art, &band, 500.0), Some((6, 1)));
        assert_eq!(text_first_line("[[block]]\ntext = \"a\"\n", 1), Some(2));
    }

    #[test]
    fn every_item_of_the_mini_book_names_a_line_inside_its_block() {
        let project = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        let c = crate::build::compile(&project, None).unwrap();
        let refined = refine(&c.book, &c.document, &c.sources);
        let mut checked = 0;
        for (before, after) in c.sources.pages.iter().zip(&refined.pages) {
            for (b, a) in before.iter().zip(after) {
                if b.is_none() || b.line <= 1 {
                    continue;
                }
                // Verse, chart bars and labels, diagram strokes: a line below the
                // `[[block]]` header, never the header itself.
                assert!(a.line > b.line && a.file == b.file, "{b:?} -> {a:?}");
                checked += 1;
            }
        }
        assert!(checked > 50, "{checked}");
    }

    #[test]
    fn a_line_is_found_in_its_own_block_with_straight_quotes() {
        assert_eq!(find_in_block(SRC, 3, "The next"), Some((6, 1)));
        assert_eq!(find_in_block(SRC, 3, "“quoted” here"), Some((7, 3)));
        // The second block's copy is found from the second block on.
        assert_eq!(find_in_block(SRC, 10, "The next"), Some((12, 1)));
        // Not inside the first block: not found (the block span stays).
        assert_eq!(find_in_block(SRC, 3, "elsewhere"), None);
        assert_eq!(find_in_block(SRC, 3, "  "), None);
        // A heading is looked for above the first block.
        assert_eq!(find_in_block(SRC, 0, "I"), Some((1, 12)));
    }
}
