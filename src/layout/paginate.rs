//! A section's pages: its heading, then its blocks one under another. Verse that does
//! not fit continues on the next page at a stanza break (at least two lines each side);
//! a block that must start a fresh page takes with it the blocks before it that keep with
//! it (`keep_with_next`: headings always, art by default) when they fit there together, so
//! a heading is never the last thing on a page; a stanza that would leave its heading
//! alone breaks between its lines instead (two at least each side). A `space` block that
//! does not fit at the foot of a page is dropped there. Anything else that does not fit is
//! an error naming the block and the overflow.

use super::ctx::Ctx;
use super::fragment::{self, Fragment, Watch};
use super::grid::{Grid, first_baseline, round_to_half};
use super::report::{Change, Fit, PageRole, Placed};
use super::{Where, alt, art_block, chart, column, free, furniture, on_path, verse};
use crate::diag::Diagnostic;
use crate::display::{Item, Page, Role, Span};
use crate::spec::{Block, BlockKind, PathShape, Section};

/// A page under construction.
pub struct PageBuild {
    pub page: Page,
    pub role: PageRole,
    pub section: Option<usize>,
    pub placed: Vec<Placed>,
    /// One per item of `page` placed by a block (see [`crate::display::SourceMap`]);
    /// furniture added later has none.
    pub spans: Vec<Span>,
    /// The blocks placed on the page: span, top and height of their fragments.
    pub places: Vec<(Span, f32, f32)>,
    /// The role of each item of `page` (ids local to their block until the book is
    /// assembled); items without one are artifacts.
    pub roles: Vec<Role>,
    /// Items to measure against the trim (indices into the page's items).
    pub watch: Vec<Watch>,
}

impl Default for PageBuild {
    /// A blank page.
    fn default() -> Self {
        PageBuild {
            page: Page::default(),
            role: PageRole::Blank,
            section: None,
            placed: Vec::new(),
            spans: Vec::new(),
            places: Vec::new(),
            roles: Vec::new(),
            watch: Vec::new(),
        }
    }
}

impl PageBuild {
    pub fn of(role: PageRole, items: Vec<Item>) -> PageBuild {
        PageBuild { page: Page { items }, role, ..PageBuild::default() }
    }
}

/// One thing placed on a page: its items (in the column: x from 0, y from the page top)
/// and its extent below the frame top.
struct Unit {
    placed: Placed,
    /// Where its items come from (the section's file number is filled in later).
    span: Span,
    keep: bool,
    top: f32,
    bottom: f32,
    items: Vec<Item>,
    roles: Vec<Role>,
    watch: Vec<Watch>,
}

impl Unit {
    fn shift(&mut self, dy: f32) {
        for it in &mut self.items {
            fragment::translate_item(it, 0.0, dy);
        }
        self.top += dy;
        self.bottom += dy;
    }
}

pub fn section_pages(cx: &mut Ctx<'_>, section: &Section) -> Result<(Vec<PageBuild>, Vec<Fit>), Vec<Diagnostic>> {
    let book = cx.book;
    let mut errors = Vec::new();
    let mut fits = Vec::new();
    let f = column(book);
    let page_height = f.height();
    let heading = section_heading(cx, section, f.width).map_err(|e| vec![e])?;
    let heading_height = heading.height;
    let mut pages: Vec<Vec<Unit>> = vec![Vec::new()];
    let put = |pages: &mut Vec<Vec<Unit>>, placed: Placed, keep: bool, mut frag: Fragment, y: f32| {
        frag.translate(0.0, f.top + y);
        let line = match &placed {
            Placed::Heading => 1,
            Placed::Block { number, .. } => section.blocks[number - 1].line as u32,
        };
        let span = Span { file: 0, line, col: 1 };
        let roles = frag.take_roles();
        let unit =
            Unit { placed, span, keep, top: y, bottom: y + frag.height, items: frag.items, roles, watch: frag.watch };
        pages.last_mut().expect("a section has a page").push(unit);
    };
    let mut y = 0.0;
    if !heading.items.is_empty() {
        put(&mut pages, Placed::Heading, true, heading, 0.0);
        y = heading_height;
    }
    let mut prev_after = 0.0;
    let grid = Grid::new(cx.body_size(), cx.leading());
    for (i, block) in section.blocks.iter().enumerate() {
        let at = Where::block(section, block);
        let mut frag = match lay_block(cx, block, f.width, page_height - heading_height - grid.half, &at) {
            Ok((frag, change)) => {
                if let Some(change) = change {
                    fits.push(Fit { section: section.name(), block: block.number, change });
                }
                frag
            }
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let lead = cx.leading();
        let (before, after) = block_spacing(cx, block, i == 0, page_height);
        let gap = if y > 0.0 { before.max(prev_after) } else { 0.0 };
        y += gap;
        // The block's first line of text goes down to the half-line grid (free, on-path
        // and turned blocks are placed as the poet drew them).
        let snaps = matches!(block.kind, BlockKind::Verse(_) | BlockKind::Art(_) | BlockKind::Chart(_))
            && block.rotate.is_none();
        let natural = if snaps { first_baseline(&frag.items) } else { None };
        y += grid.shift(natural.map(|b| b + y));
        prev_after = after;
        let placed = Placed::Block { number: block.number, kind: block.kind.name() };
        // A verse part must keep at least two lines on each side of a page break.
        let splits = |frag: &Fragment, b: f32| b >= lead * 1.9 && frag.height - b >= lead * 1.9;
        loop {
            let room = page_height - y;
            if frag.height <= room + 0.01 {
                let h = frag.height;
                put(&mut pages, placed.clone(), block.keep_with_next, frag, y);
                y += h;
                break;
            }
            // The part that must go on one page: up to the first break that splits it.
            let first_part = frag.breaks.iter().copied().find(|b| splits(&frag, *b)).unwrap_or(frag.height);
            // A stanza taller than a page cannot keep together anywhere: it breaks between
            // two of its lines, at least two lines on each side, where the page ends.
            let stanza_too_tall = first_part > page_height + 0.01;
            // The stanza's n - 1 line breaks: the k-th has k + 1 lines above it and n - k - 1
            // below, and both must be two at least.
            let in_stanza: Vec<f32> = frag.line_breaks.iter().copied().filter(|b| *b < first_part - 0.01).collect();
            let line_break = |room: f32| {
                let n = in_stanza.len() + 1;
                (1..n.saturating_sub(2)).rev().map(|k| in_stanza[k]).find(|b| *b <= room + 0.01)
            };
            // Under a heading that would otherwise stand alone at the foot of its page,
            // a stanza also breaks between its lines (two at least each side) rather than
            // leave the heading behind.
            let under_heading_alone = {
                let page = pages.last().expect("a section has a page");
                page.len() == 1 && matches!(page[0].placed, Placed::Heading)
            };
            // Split at the last stanza break that fits, else inside a stanza too tall for any
            // page or one that would leave its heading alone.
            let split_at = frag
                .breaks
                .iter()
                .copied()
                .rev()
                .find(|b| *b <= room + 0.01 && splits(&frag, *b))
                .or_else(|| if stanza_too_tall || under_heading_alone { line_break(room) } else { None });
            if let Some(b) = split_at {
                let head = frag.slice(0.0, b);
                put(&mut pages, placed.clone(), false, head, y);
                frag = rest_after_break(&frag, b, natural.unwrap_or(lead * 0.8));
                pages.push(Vec::new());
                y = if snaps { grid.shift(first_baseline(&frag.items)) } else { 0.0 };
                continue;
            }
            let page = pages.last().expect("a section has a page");
            // Space that does not fit at the foot of a page is dropped there, as vertical
            // space at a page break is: the page is full, and what follows starts the next.
            if matches!(block.kind, BlockKind::Space(_)) && !page.is_empty() {
                y = page_height;
                prev_after = 0.0;
                break;
            }
            if page.is_empty() || !block_may_move(block) || (stanza_too_tall && line_break(page_height).is_none()) {
                errors.push(does_not_fit(&at, block, &frag, first_part, room, page_height));
                break;
            }
            let kept = page.iter().rev().take_while(|u| u.keep).count();
            if kept == page.len() && matches!(page[0].placed, Placed::Heading) && kept == 1 {
                errors.push(heading_left_alone(&at, block, frag.height, room));
                break;
            }
            y = start_fresh_page(&mut pages, kept, gap, first_part, page_height);
            if snaps {
                y += grid.shift(first_baseline(&frag.items).map(|b| b + y));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((page_builds(pages, f.top), fits))
}

/// The section's heading (numeral and title), laid out `width` wide.
fn section_heading(cx: &mut Ctx<'_>, section: &Section, width: f32) -> Result<Fragment, Diagnostic> {
    let book = cx.book;
    // A character of the numeral or title is found where they are written; the book's
    // title, heading the one poem of a book without a section title, is in book.toml.
    let own_title = section.title.is_some() || book.sections.len() != 1;
    let at = section.heading_span.clone().filter(|_| own_title);
    let heading_at = match at {
        None if !own_title => Where { what: format!("section {}", section.name()), ..Where::book_words(book) },
        at => Where {
            file: Some(section.file.clone()),
            line: 1,
            what: format!("section {}", section.name()),
            at: at.map(|span| (section.source.clone(), span)),
            label: "in this heading",
        },
    };
    // The one poem of a book without a section title is headed by the book's title, as
    // a broadside is.
    let title = section
        .title
        .as_deref()
        .or((book.sections.len() == 1).then_some(book.title.as_str()))
        .map(crate::text::quotes::smarten);
    let mut frag = furniture::heading(cx, section.numeral.as_deref(), title.as_deref(), width, &heading_at)?;
    frag.roles = vec![Role::Heading { level: 2, id: 0 }; frag.items.len()];
    Ok(frag)
}

/// The space before and after a block: as the poet set it (rounded to half leadings, the
/// grid), else a line of leading before every block but the first, and none after.
fn block_spacing(cx: &Ctx<'_>, block: &Block, first: bool, page_height: f32) -> (f32, f32) {
    let lead = cx.leading();
    let written = |l: crate::units::Length| round_to_half(l.resolve(cx.body_size(), page_height), lead);
    let before = block.space_before.map(written).unwrap_or(if first { 0.0 } else { lead });
    let after = block.space_after.map(written).unwrap_or(0.0);
    (before, after)
}

/// What follows the stanza break at `b` in `frag`, moved to the top of a new page without
/// the stanza space that led into it: its first baseline `first` below the top, where the
/// block's first line was.
fn rest_after_break(frag: &Fragment, b: f32, first: f32) -> Fragment {
    let mut rest = frag.slice(b, frag.height);
    let shift = rest.items.iter().filter_map(|it| match it {
        Item::Text(r) => Some(r.origin.y),
        _ => None,
    });
    // Drop the stanza space at the top of the new page.
    let first_base = shift.fold(f32::INFINITY, f32::min);
    let gap = (first_base - first).max(0.0);
    rest.translate(0.0, -gap);
    rest.height -= gap;
    rest.breaks = frag.breaks.iter().filter(|x| **x > b).map(|x| x - b - gap).collect();
    rest.line_breaks = frag.line_breaks.iter().filter(|x| **x > b).map(|x| x - b - gap).collect();
    rest
}

/// Starts a fresh page of the section for a block whose first part is `first_part` high:
/// the last `kept` units of the current page, which keep with it, come along when they
/// fit there with that part (and `gap` between). Returns where the block starts.
fn start_fresh_page(pages: &mut Vec<Vec<Unit>>, kept: usize, gap: f32, first_part: f32, page_height: f32) -> f32 {
    let page = pages.last_mut().expect("a section has a page");
    let mut next = Vec::new();
    let mut y = 0.0;
    if kept > 0 && kept < page.len() {
        let from = page.len() - kept;
        let moved = page[page.len() - 1].bottom - page[from].top;
        if moved + gap + first_part <= page_height + 0.01 {
            next = page.split_off(from);
            let top = next[0].top;
            for u in &mut next {
                u.shift(-top);
            }
            y = moved + gap;
        }
    }
    pages.push(next);
    y
}

/// The section's pages of placed units as text pages; `top` is the frame's top.
fn page_builds(pages: Vec<Vec<Unit>>, top: f32) -> Vec<PageBuild> {
    pages
        .into_iter()
        .map(|units| {
            let mut p = PageBuild { role: PageRole::Text, ..PageBuild::default() };
            for u in units {
                p.placed.push(u.placed);
                p.spans.extend(std::iter::repeat_n(u.span, u.items.len()));
                p.places.push((u.span, top + u.top, u.bottom - u.top));
                let first = p.page.items.len();
                p.watch.extend(
                    u.watch.into_iter().map(|w| Watch { items: w.items.start + first..w.items.end + first, ..w }),
                );
                p.page.items.extend(u.items);
                p.roles.extend(u.roles);
            }
            p
        })
        .collect()
}

/// The error for a block that would leave the section's heading alone at the foot of a page.
fn heading_left_alone(at: &Where, block: &Block, height: f32, room: f32) -> Diagnostic {
    // Only verse breaks at stanzas; any other block moves whole.
    let (why, stanza) = match block.kind {
        BlockKind::Verse(_) => (", and no stanza break fits", "add a stanza break, or "),
        _ => ("", ""),
    };
    at.error(format!(
        "does not fit on a page below the section's heading: it needs {:.1}pt, {:.1}pt are left{why}",
        height,
        room.max(0.0)
    ))
    .note(format!(
        "a heading is never left alone at the foot of a page: {stanza}{} for this page size with [[size.NAME.block]]",
        what_shrinks(block)
    ))
}

/// The block (its remaining part `frag`, whose first unbreakable part is `part` high)
/// does not fit: the numbers that matter and what to change.
fn does_not_fit(at: &Where, block: &Block, frag: &Fragment, part: f32, room: f32, page: f32) -> Diagnostic {
    let room = room.max(0.0);
    let shrink = what_shrinks(block);
    if part > page + 0.01 && frag.line_breaks.is_empty() {
        return at
            .error(format!("does not fit a page: it is {part:.1}pt tall, and a page holds {page:.1}pt"))
            .note(format!(
                "{shrink}, for one page size in [[size.NAME.block]]; or give the page more room: a taller [page] `size` or smaller `top` and `bottom` margins"
            ));
    }
    let split = match block.kind {
        BlockKind::Verse(_) => ", or split the block at a stanza break",
        _ => ", or move it to a section of its own",
    };
    at.error(format!(
        "does not fit the page: {:.1}pt of it must stay together, and {room:.1}pt are left",
        part.min(frag.height)
    ))
    .note(format!("{shrink}, remove vertical space before it{split}"))
}

/// What makes this block shorter, in the keys that measure its height: a free block is
/// exactly its `height` tall whatever its items, a path block its `height`, else its
/// circle's or spiral's width or its path's lowest point, and text blocks grow with their
/// type. A turned block's height is its turned box, so turning it less also helps.
fn what_shrinks(block: &Block) -> String {
    let keys = match &block.kind {
        BlockKind::Verse(_) => "set a smaller `size` or `leading` (or `stanza_space`)".to_string(),
        BlockKind::Art(_) => {
            "set a smaller `size`, `row_height` or `min_size` (the drawing shrinks to fit a page, never below `min_size`)"
                .to_string()
        }
        BlockKind::Chart(_) => "set a smaller `size` (each row is a line at that size), or split its rows into two charts".to_string(),
        BlockKind::Space(_) => "set a smaller `height`".to_string(),
        BlockKind::Free(_) => {
            "set a smaller `height` (the block is exactly that tall, whatever its items; keep each item's `y` inside it)"
                .to_string()
        }
        BlockKind::OnPath(p) => match (&p.height, &p.shape) {
            (Some(_), _) => "set a smaller `height` (the block is exactly that tall)".to_string(),
            (None, PathShape::Circle(_) | PathShape::Spiral(..)) => {
                "set a smaller `radius` or `size` (the block is the circle's width and one text `size` above and below)".to_string()
            }
            (None, PathShape::Data(_)) => {
                "raise or shrink the path in `d` (the block reaches down to the lowest point its letters reach)".to_string()
            }
        },
    };
    match block.rotate {
        Some(r) if r.rem_euclid(180.0) != 0.0 => {
            format!("{keys}, or turn it less (`rotate`: its height on the page is its turned box)")
        }
        _ => keys,
    }
}

/// Whether a block that does not fit may start on a fresh page of the same section.
fn block_may_move(block: &Block) -> bool {
    !matches!(block.kind, BlockKind::Space(_))
}

/// Lays out one block in the measure; `page_room` is the height a section page offers
/// below its heading (diagrams shrink to fit it, within their minimum size). Returns the
/// fragment and how it was set other than as written, if it was.
fn lay_block(
    cx: &mut Ctx<'_>,
    block: &Block,
    measure: f32,
    page_room: f32,
    at: &Where,
) -> Result<(Fragment, Option<Change>), Diagnostic> {
    let (mut frag, change) = lay_block_upright(cx, block, measure, page_room, at)?;
    read_as_lines(&mut frag);
    match block.rotate {
        Some(deg) => {
            // A turned block is one group: it reads as its first element (its text stays
            // in it, in order).
            let role = frag.roles.iter().find(|r| **r != Role::Artifact).cloned().unwrap_or_default();
            let mut turned = super::rotate::turn(frag, deg, at);
            if turned.roles.len() != turned.items.len() {
                turned.roles = vec![role; turned.items.len()];
            }
            Ok((turned, change))
        }
        None => Ok((frag, change)),
    }
}

/// Items a block set without roles (free items, text on a path): each run of text, or
/// group that reads as text, a line of one paragraph; anything else an artifact.
fn read_as_lines(frag: &mut Fragment) {
    if frag.roles.len() == frag.items.len() {
        return;
    }
    frag.roles = frag
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| match item {
            Item::Text(_) => Role::Line { para: 0, line: i as u32 },
            Item::Group(g) if g.text.is_some() || crate::display::runs(&g.items).next().is_some() => {
                Role::Line { para: 0, line: i as u32 }
            }
            _ => Role::Artifact,
        })
        .collect();
}

/// The block as if it had no `rotate`.
fn lay_block_upright(
    cx: &mut Ctx<'_>,
    block: &Block,
    measure: f32,
    page_room: f32,
    at: &Where,
) -> Result<(Fragment, Option<Change>), Diagnostic> {
    match &block.kind {
        BlockKind::Free(f) => Ok((free::layout(cx, f, measure, at)?, None)),
        BlockKind::OnPath(p) => Ok((on_path::layout(cx, p, measure, at)?, None)),
        BlockKind::Verse(v) => verse::layout(cx, v, measure, at),
        BlockKind::Chart(c) => {
            let mut frag = chart::layout(cx, c, measure, at)?;
            let alt = block.alt.clone().unwrap_or_else(|| alt::chart(&c.text));
            frag.roles = vec![Role::Figure { id: 0, alt: alt.into() }; frag.items.len()];
            Ok((frag, None))
        }
        BlockKind::Art(a) => {
            let (mut frag, set) = art_block::layout(cx, a, measure, page_room, at, art_block::BLOCK_TOO_WIDE_FIX)?;
            let alt = match &block.alt {
                Some(alt) => alt.clone(),
                None => art_block::alt(cx, a, at)?,
            };
            frag.roles = vec![Role::Figure { id: 0, alt: alt.into() }; frag.items.len()];
            // The drawing's letters show the size it was set at.
            let body = cx.body_size();
            let asked = a.face.size.map(|s| s.resolve(body, body)).unwrap_or(body);
            let (under_floor, narrowed) = (set.under_floor, set.narrowed);
            let set = frag
                .items
                .iter()
                .filter_map(|i| if let Item::Text(r) = i { Some(r.size) } else { None })
                .fold(0.0, f32::max);
            let change = (set > 0.0 && (set < asked * 0.995 || narrowed)).then_some(Change::ArtScaled {
                from: asked,
                to: set,
                narrowed,
                under_floor,
            });
            Ok((frag, change))
        }
        BlockKind::Space(h) => {
            let height = round_to_half(h.resolve(cx.body_size(), measure), cx.leading());
            Ok((Fragment { width: measure, height, ..Fragment::default() }, None))
        }
    }
}
