//! The order of pages on printed sheets, a fact of bookbinding that imposition (which
//! places the pages) and preflight (which recognises imposed sheets in any PDF) share:
//! pure arithmetic on page counts, below both.
//!
//! A booklet of `n` pages (a multiple of 4) is printed on `n / 4` sheets, each sheet
//! carrying two sides of two pages. Sides come in print order for duplex printing on
//! landscape sheets flipped on the **short** edge: side `2k` is the front of sheet `k`,
//! side `2k + 1` its back. For 8 pages (1-based): (8,1), (2,7), (6,3), (4,5). Sheet 0 is
//! the outermost of the folded booklet. A longer book is printed in **signatures** of `N`
//! sheets: each signature is a little saddle booklet of `4N` consecutive pages, folded on
//! its own and gathered in order (the last may have fewer sheets).

/// One side of a printed sheet: the 0-based source page indices on its left and right
/// halves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetSide {
    /// Page on the left half.
    pub left: usize,
    /// Page on the right half.
    pub right: usize,
}

fn whole_sheets(pages: usize) -> Option<()> {
    (pages > 0 && pages.is_multiple_of(4)).then_some(())
}

/// The sheet sides of a saddle-stitched booklet of `pages` pages, in print order (see the
/// module docs); `None` unless `pages` is a positive multiple of 4.
pub fn saddle_order(pages: usize) -> Option<Vec<SheetSide>> {
    whole_sheets(pages)?;
    Some(
        (0..pages / 2)
            .map(|i| {
                let (outer, inner) = (pages - 1 - i, i);
                if i % 2 == 0 {
                    SheetSide { left: outer, right: inner }
                } else {
                    SheetSide { left: inner, right: outer }
                }
            })
            .collect(),
    )
}

/// Where one sheet sits: its signature, its place inside it (0 = outermost) and how many
/// sheets that signature has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetPlace {
    /// The signature (0 = first).
    pub signature: usize,
    /// The sheet's place in it (0 = outermost).
    pub index: usize,
    /// Sheets in that signature.
    pub sheets: usize,
}

/// The sheet sides of a book in signatures of `per` sheets (0: one signature of all), in
/// print order, with each sheet's place (one entry per sheet). Linear in the page count.
pub fn signature_order(pages: usize, per: usize) -> Option<(Vec<SheetSide>, Vec<SheetPlace>)> {
    whole_sheets(pages)?;
    let total = pages / 4;
    let per = if per == 0 { total } else { per };
    let (mut sides, mut places) = (Vec::with_capacity(pages / 2), Vec::with_capacity(total));
    let (mut first, mut signature) = (0, 0);
    while first < pages {
        let sheets = per.min((pages - first) / 4);
        for side in saddle_order(sheets * 4)? {
            sides.push(SheetSide { left: first + side.left, right: first + side.right });
        }
        places.extend((0..sheets).map(|index| SheetPlace { signature, index, sheets }));
        first += sheets * 4;
        signature += 1;
    }
    Some((sides, places))
}
