//! What the poet is told at the printer: how to turn the stack for the backs of a manual
//! duplex, and how to fold, nest and staple the printed sheets.

/// Said between the fronts and the backs of a manual duplex. `sheets` is how many sheets
/// are in the stack, `paper` the paper's name, `top` the book pages on the front of the
/// first sheet printed.
pub fn turn_over(sheets: usize, paper: &str, top: (usize, usize)) -> String {
    format!(
        "The fronts are printed ({sheets} sheet{s} of {paper}). Now:\n\
         \x20 1. Take the stack out of the output tray. Keep its order.\n\
         \x20 2. Turn it over along a short edge, like turning a page of a calendar on the wall:\n\
         \x20    the edge that came out of the printer last goes in first.\n\
         \x20 3. Put it back in the paper tray, blank sides where your printer prints, nothing else in the tray.\n\
         \x20    The sheet on top must be the first one printed (pages {} and {} on its printed side).\n",
        top.0,
        top.1,
        s = if sheets == 1 { "" } else { "s" },
    )
}

/// Said before backs printed alone (`--pages` chose no fronts): the sheets printed
/// earlier go back in, turned the same way as after the fronts.
pub fn backs_only(sheets: usize, paper: &str, top: (usize, usize)) -> String {
    format!(
        "Only backs are to be printed ({sheets} sheet{s} of {paper}). Put the sheet{s} printed earlier in the\n\
         \x20 paper tray turned over along a short edge, blank sides where your printer prints;\n\
         \x20 on top the one with pages {} and {} on its printed side.\n",
        top.0,
        top.1,
        s = if sheets == 1 { "" } else { "s" },
    )
}

/// Said after the last job: how to make the booklet of `pages` pages on `sheets` sheets.
pub fn folding(pages: usize, copies: u32) -> String {
    let sheets = pages / 4;
    let each = if copies > 1 { format!(" For each of the {copies} copies:") } else { String::new() };
    let middle = (pages / 2, pages / 2 + 1);
    format!(
        "To make the booklet ({pages} pages on {sheets} sheet{s}):{each}\n\
         \x20 1. Fold each sheet in half, short edge to short edge, pages {pages} and 1 on the outside of the first.\n\
         \x20 2. Nest the folded sheets in the order they were printed: the first sheet outside,\n\
         \x20    the last (pages {} and {}) in the middle.\n\
         \x20 3. Staple twice through the fold from the outside, a quarter of the height from top and bottom.\n",
        middle.0,
        middle.1,
        s = if sheets == 1 { "" } else { "s" },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_texts_name_the_pages_and_sheets() {
        let t = turn_over(4, "A4", (16, 1));
        assert!(t.contains("4 sheets of A4") && t.contains("pages 16 and 1"), "{t}");
        let b = backs_only(1, "A4", (10, 3));
        assert!(b.contains("1 sheet of A4") && b.contains("pages 10 and 3"), "{b}");
        let f = folding(16, 1);
        assert!(f.contains("16 pages on 4 sheets") && f.contains("pages 8 and 9"), "{f}");
        assert!(folding(4, 3).contains("1 sheet):") && folding(4, 3).contains("each of the 3 copies"));
    }
}
