//! Imposed files: a file whose every page label names two pages, `L|R` (what `chapbook
//! build --impose` writes), is a file of printer's sheets, not of book pages. Its trim is
//! a spread (two pages wide), and its page order must be a saddle-stitched booklet or a
//! book in signatures of equal sheets (the last may be smaller): every page once, the
//! pages of each side facing each other across a fold.

use lopdf::{Document, Object};

use super::{Problem, as_dict, get, problem, resolve, text};

/// What the page labels say about an imposed file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Imposition {
    /// Per sheet side, the 1-based pages left and right.
    pub sides: Vec<(usize, usize)>,
    /// Pages of the book.
    pub pages: usize,
    /// Sheets per signature the order matches (the sheet count for a saddle booklet), or
    /// `None` when it matches none.
    pub sheets_per_signature: Option<usize>,
}

/// Each page's label text (a prefix only, no numbering) from the catalog's `/PageLabels`
/// number tree (a flat `/Nums` array); `None` where a page has none of that kind.
pub(super) fn labels(doc: &Document, pages: usize) -> Vec<Option<String>> {
    let mut out = vec![None; pages];
    let Ok(catalog) = doc.catalog() else { return out };
    let Some(tree) = get(doc, catalog, b"PageLabels").and_then(as_dict) else { return out };
    let Some(Object::Array(nums)) = get(doc, tree, b"Nums") else { return out };
    let mut ranges: Vec<(usize, Option<String>)> = Vec::new();
    for pair in nums.chunks_exact(2) {
        let Object::Integer(start) = resolve(doc, &pair[0]) else { continue };
        let Some(d) = as_dict(resolve(doc, &pair[1])) else { continue };
        let prefix = match (get(doc, d, b"P"), d.has(b"S")) {
            (Some(Object::String(s, _)), false) => Some(text(s)),
            _ => None,
        };
        ranges.push((*start as usize, prefix));
    }
    ranges.sort_by_key(|r| r.0);
    for (i, (start, prefix)) in ranges.iter().enumerate() {
        let end = ranges.get(i + 1).map_or(pages, |r| r.0).min(pages);
        // A prefix with no numbering labels only its first page sensibly; later pages of
        // the range repeat it, so only exact one-page ranges count.
        if *start < end && end - start == 1 {
            out[*start] = prefix.clone();
        }
    }
    out
}

/// Recognises an imposed file by its labels and checks its page order.
pub fn recognise(doc: &Document, pages: usize, problems: &mut Vec<Problem>) -> Option<Imposition> {
    if pages == 0 {
        return None;
    }
    let mut sides = Vec::with_capacity(pages);
    for l in labels(doc, pages) {
        let l = l?;
        let (a, b) = l.split_once('|')?;
        sides.push((a.trim().parse::<usize>().ok()?, b.trim().parse::<usize>().ok()?));
    }
    let book = sides.len() * 2;
    let as_order: Vec<crate::signatures::SheetSide> = sides
        .iter()
        .map(|&(l, r)| crate::signatures::SheetSide { left: l.wrapping_sub(1), right: r.wrapping_sub(1) })
        .collect();
    let matches = |per: usize| crate::signatures::signature_order(book, per).is_some_and(|(o, _)| o == as_order);
    let sheets_per_signature = if matches(0) { Some(book / 4) } else { (1..book / 4).find(|&per| matches(per)) };
    if sheets_per_signature.is_none() {
        problems.push(problem(
            "imposition-order",
            format!(
                "the page labels name {} sheet sides, but their pages are not a booklet or signatures of {book} pages in print order",
                sides.len()
            ),
        ));
    }
    Some(Imposition { sides, pages: book, sheets_per_signature })
}
