//! From block spans to line spans: layout records, for every item, the `[[block]]` line
//! of the block that made it (cheap, on every build). `serve` wants more for click to
//! source — the line of the verse or label a run prints — so here each glyph run is looked
//! up in its block's text in the section file. A run that is not found there as written
//! (text the layout made, such as a chart's bar) keeps its block's span.

use crate::display::{Document, Item, SourceMap, Span};
use crate::spec::Book;

/// `sources` with each text run's span moved to the line and column where its text is
/// written inside its block, when it can be found there.
pub fn refine(book: &Book, doc: &Document, sources: &SourceMap) -> SourceMap {
    let mut out = sources.clone();
    for (page, spans) in doc.pages.iter().zip(out.pages.iter_mut()) {
        for (item, span) in page.items.iter().zip(spans.iter_mut()) {
            let Item::Text(run) = item else { continue };
            if span.is_none() || span.line <= 1 {
                continue;
            }
            let Some(section) = book.sections.get(span.file as usize) else { continue };
            if let Some((line, col)) = find_in_block(&section.source.text, span.line as usize, &run.text) {
                *span = Span { file: span.file, line: line as u32, col: col as u32 };
            }
        }
    }
    out
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
    fn a_line_is_found_in_its_own_block_with_straight_quotes() {
        assert_eq!(find_in_block(SRC, 3, "The next"), Some((6, 1)));
        assert_eq!(find_in_block(SRC, 3, "“quoted” here"), Some((7, 3)));
        // The second block's copy is found from the second block on.
        assert_eq!(find_in_block(SRC, 10, "The next"), Some((12, 1)));
        // Not inside the first block: not found (the block span stays).
        assert_eq!(find_in_block(SRC, 3, "elsewhere"), None);
        assert_eq!(find_in_block(SRC, 3, "  "), None);
    }
}
