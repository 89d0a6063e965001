//! The layout stage: the validated book → the [`Document`] display list. Pure: it reads
//! the model and the fonts and returns pages of positioned runs and paths.
//!
//! Order of a book: title page, contents (optional), the sections (each opens a new
//! page), blank pages to pad the count, the colophon last.

pub mod arrows;
mod art_block;
pub mod chart;
mod ctx;
pub mod fragment;
mod furniture;
pub mod verse;

use crate::diag::Diagnostic;
use crate::display::{Document, LabelRange, LabelStyle, Meta, OutlineEntry, Page, Placed, SourceMap, Span};
use crate::spec::{Block, BlockKind, Book, Section};
use crate::text::{FontBook, Shaper};
use ctx::Ctx;
use fragment::Fragment;
use std::path::PathBuf;

/// The text block of one page, in page coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub x: f32,
    pub width: f32,
    pub top: f32,
    pub bottom: f32,
}

/// Where in the spec something is being laid out, for messages.
#[derive(Debug, Clone)]
pub struct Where {
    pub file: Option<PathBuf>,
    pub line: usize,
    pub what: String,
    /// The source and span to underline, when the place is a block.
    pub at: Option<(crate::diag::Source, std::ops::Range<usize>)>,
}

impl Where {
    pub fn book() -> Where {
        Where { file: None, line: 0, what: "the book".into(), at: None }
    }

    fn block(section: &Section, block: &Block) -> Where {
        Where {
            file: Some(section.file.clone()),
            line: block.line,
            what: format!(
                "section {} “{}”, block {} ({})",
                section.numeral,
                section.title,
                block.number,
                block.kind.name()
            ),
            at: Some((section.source.clone(), block.span.clone())),
        }
    }

    pub fn error(&self, message: impl AsRef<str>) -> Diagnostic {
        let mut d = Diagnostic::error(format!("{}: {}", self.what, message.as_ref()));
        if let Some((src, span)) = &self.at {
            return d.at(src, span.clone()).label("in this block");
        }
        if let Some(f) = &self.file {
            d.message = format!("{}:{}: {}", f.display(), self.line, d.message);
        }
        d
    }
}

/// The laid-out book and the warnings met on the way.
pub struct Output {
    pub document: Document,
    pub warnings: Vec<Diagnostic>,
    /// Where each item of `document` came from (its block's `[[block]]` line).
    pub sources: SourceMap,
}

/// A page under construction.
#[derive(Default)]
struct PageBuild {
    page: Page,
    folio: bool,
    /// One per item of `page` placed by a block (see [`SourceMap`]); furniture has none.
    spans: Vec<Span>,
    /// The blocks placed on the page: span, top and height of their fragments.
    places: Vec<(Span, f32, f32)>,
}

pub fn layout(book: &Book, fonts: &mut FontBook, shaper: &mut Shaper) -> Result<Output, Vec<Diagnostic>> {
    // Every face is loaded up front, in book order; the body face must exist.
    let errors = ctx::preload(book, fonts);
    if !errors.is_empty() {
        return Err(errors
            .into_iter()
            .map(|d| d.note("set [type] family in layout/book.toml to one of the families in fonts/"))
            .collect());
    }
    let fonts: &FontBook = fonts;
    let front = 1 + usize::from(book.contents);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut body: Vec<PageBuild> = Vec::new();
    let mut outline = Vec::new();
    let mut starts = Vec::new();
    for (section, (result, mut w)) in book.sections.iter().zip(lay_out_sections(book, fonts)) {
        let first = front + body.len();
        starts.push(first);
        warnings.append(&mut w);
        outline.push(OutlineEntry { title: format!("{}. {}", section.numeral, section.title), page: first });
        match result {
            Ok(pages) => {
                // Sections are laid out in a column at x = 0; each page now learns
                // whether it is a recto or a verso.
                for (k, mut p) in pages.into_iter().enumerate() {
                    let x = frame(book, first + k).x;
                    let file = starts.len() as u32 - 1;
                    p.spans.iter_mut().chain(p.places.iter_mut().map(|(s, _, _)| s)).for_each(|s| s.file = file);
                    for item in &mut p.page.items {
                        fragment::translate_item(item, x, 0.0);
                    }
                    body.push(p);
                }
            }
            Err(mut e) => {
                errors.append(&mut e);
                body.push(PageBuild::default());
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut drawings = ctx::Drawings::default();
    let mut cx = Ctx { book, fonts, shaper, drawings: &mut drawings, warnings };
    let (pages, labels, spans, blocks) = assemble(&mut cx, body, &starts, front).map_err(|e| vec![e])?;
    let sources = SourceMap { files: book.sections.iter().map(|s| s.file.clone()).collect(), pages: spans, blocks };
    let document = Document {
        page_size: (book.page.width, book.page.height),
        pages,
        fonts: fonts.sources(),
        meta: Meta {
            title: book.title.clone(),
            author: book.author.clone(),
            subject: book.subtitle.clone(),
            keywords: None,
        },
        outline,
        labels,
    };
    Ok(Output { document, warnings: cx.warnings, sources })
}

/// Each section's pages (or errors) and warnings, in book order. Sections are independent
/// once the fonts are loaded, so they are laid out on every core, each thread with its
/// own shaper; the result does not depend on how the work was split.
fn lay_out_sections(book: &Book, fonts: &FontBook) -> Vec<(Result<Vec<PageBuild>, Vec<Diagnostic>>, Vec<Diagnostic>)> {
    let one = |section: &Section, shaper: &mut Shaper, drawings: &mut ctx::Drawings| {
        let mut cx = Ctx { book, fonts, shaper, drawings, warnings: Vec::new() };
        let result = section_pages(&mut cx, section);
        (result, cx.warnings)
    };
    crate::par::map_with(
        &book.sections,
        SHARE_SECTIONS_FROM,
        || (Shaper::new(), ctx::Drawings::default()),
        |(shaper, drawings), section| one(section, shaper, drawings),
    )
}

/// Fewest sections worth sharing with the helper threads (each brings a fresh shaper,
/// whose cache and plans start empty).
const SHARE_SECTIONS_FROM: usize = 8;

/// The book's pages, their labels, the source spans of their items and the blocks' places.
type Assembled = (Vec<Page>, Vec<LabelRange>, Vec<Vec<Span>>, Vec<Placed>);

/// Front matter, body, padding, colophon; folios; page labels.
fn assemble(cx: &mut Ctx<'_>, body: Vec<PageBuild>, starts: &[usize], front: usize) -> Result<Assembled, Diagnostic> {
    let book = cx.book;
    let mut pages: Vec<PageBuild> = Vec::new();
    pages.push(PageBuild { page: Page { items: furniture::title_page(cx, &frame(book, 0))? }, ..PageBuild::default() });
    if book.contents {
        let entries: Vec<(String, String, u32)> = book
            .sections
            .iter()
            .zip(starts)
            .map(|(s, p)| (format!("{}.", s.numeral), s.title.clone(), (p - front + 1) as u32))
            .collect();
        pages.push(PageBuild {
            page: Page { items: furniture::contents_page(cx, &frame(book, 1), &entries)? },
            ..PageBuild::default()
        });
    }
    pages.extend(body);
    let pad = book.print.pad_to.max(1) as usize;
    let total = (pages.len() + 1).div_ceil(pad) * pad;
    while pages.len() + 1 < total {
        pages.push(PageBuild::default());
    }
    let last = pages.len();
    pages.push(PageBuild {
        page: Page { items: furniture::colophon(cx, &frame(book, last), total)? },
        ..PageBuild::default()
    });
    let mut out = Vec::with_capacity(pages.len());
    let mut spans = Vec::with_capacity(pages.len());
    let mut blocks = Vec::new();
    for (i, mut p) in pages.into_iter().enumerate() {
        if p.folio {
            let n = (i - front + 1) as u32;
            p.page.items.push(furniture::folio(cx, &frame(book, i), book.page.height, n)?);
        }
        p.spans.resize(p.page.items.len(), Span::NONE);
        out.push(p.page);
        spans.push(p.spans);
        let page = i;
        blocks.extend(p.places.into_iter().map(|(span, top, height)| Placed { page, span, top, height }));
    }
    let mut labels = vec![LabelRange { start_page: 0, style: LabelStyle::LowerRoman, first_number: 1 }];
    labels.push(LabelRange { start_page: front, style: LabelStyle::Arabic, first_number: 1 });
    Ok((out, labels, spans, blocks))
}

/// The text block with its left edge at x = 0 (the same on rectos and versos).
fn column(book: &Book) -> Frame {
    Frame { x: 0.0, ..frame(book, 0) }
}

/// The text block of page `index` (0-based; even indices are rectos, inside margin left).
pub fn frame(book: &Book, index: usize) -> Frame {
    let p = &book.page;
    let left = if index % 2 == 0 { p.inside } else { p.outside };
    Frame { x: left, width: p.width - p.inside - p.outside, top: p.top, bottom: p.height - p.bottom }
}

/// A section's pages: the heading, then its blocks one under another. Verse that does not
/// fit continues on the next page at a stanza break; anything else that does not fit is
/// an error naming the block and the overflow.
fn section_pages(cx: &mut Ctx<'_>, section: &Section) -> Result<Vec<PageBuild>, Vec<Diagnostic>> {
    let book = cx.book;
    let mut errors = Vec::new();
    let f0 = column(book);
    let heading_at = Where {
        file: Some(section.file.clone()),
        line: 1,
        what: format!("section {} “{}”", section.numeral, section.title),
        at: None,
    };
    let heading =
        furniture::heading(cx, &section.numeral, &section.title, f0.width, &heading_at).map_err(|e| vec![e])?;
    let mut pages = vec![PageBuild { folio: true, ..PageBuild::default() }];
    let heading_height = heading.height;
    let mut y = heading.height;
    place(&mut pages, heading, &f0, 0.0, Span { file: 0, line: 1, col: 1 });
    let mut prev_after = 0.0;
    for (i, block) in section.blocks.iter().enumerate() {
        let at = Where::block(section, block);
        let span = Span { file: 0, line: block.line as u32, col: 1 };
        let f = column(book);
        let frag = match lay_block(cx, block, f.width, f.height() - heading_height, &at) {
            Ok(frag) => frag,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let lead = cx.leading();
        let before = block.space_before.map(|l| l.resolve(cx.body_size(), f.height())).unwrap_or(if i == 0 {
            0.0
        } else {
            lead
        });
        let after = block.space_after.map(|l| l.resolve(cx.body_size(), f.height())).unwrap_or(0.0);
        if y > 0.0 {
            y += before.max(prev_after);
        }
        prev_after = after;
        let mut frag = frag;
        loop {
            let f = column(book);
            let room = f.height() - y;
            if frag.height <= room + 0.01 {
                let h = frag.height;
                place(&mut pages, frag, &f, y, span);
                y += h;
                break;
            }
            // Split at the last stanza break that fits, keeping at least two lines on
            // each side (no widows or orphans).
            let lead = cx.leading();
            let fits = frag
                .breaks
                .iter()
                .copied()
                .filter(|b| *b <= room + 0.01 && *b >= lead * 1.9 && frag.height - b >= lead * 1.9)
                .last();
            match fits {
                Some(b) => {
                    let head = frag.slice(0.0, b);
                    place(&mut pages, head, &f, y, span);
                    let mut rest = frag.slice(b, frag.height);
                    let shift = rest.items.iter().filter_map(|it| match it {
                        crate::display::Item::Text(r) => Some(r.origin.y),
                        _ => None,
                    });
                    // Drop the stanza space at the top of the new page.
                    let first_base = shift.fold(f32::INFINITY, f32::min);
                    let gap = (first_base - lead * 0.8).max(0.0);
                    rest.translate(0.0, -gap);
                    rest.height -= gap;
                    rest.breaks = frag.breaks.iter().filter(|x| **x > b).map(|x| x - b - gap).collect();
                    frag = rest;
                    pages.push(PageBuild { folio: true, ..PageBuild::default() });
                    y = 0.0;
                }
                // Nothing fits here: start the block on a fresh page of the section.
                None if y > 0.0 && block_may_move(block) => {
                    pages.push(PageBuild { folio: true, ..PageBuild::default() });
                    y = 0.0;
                }
                None => {
                    errors.push(at.error(format!(
                        "does not fit the page: it needs {:.1}pt but {:.1}pt are left, {:.1}pt too much",
                        frag.height,
                        room.max(0.0),
                        frag.height - room.max(0.0)
                    ))
                    .note("reduce `size`, `leading` or `row_height`, remove vertical space, or split the block at a stanza break"));
                    break;
                }
            }
        }
    }
    if errors.is_empty() { Ok(pages) } else { Err(errors) }
}

/// Whether a block that does not fit may start on a fresh page of the same section.
fn block_may_move(block: &Block) -> bool {
    !matches!(block.kind, BlockKind::Space(_))
}

impl Frame {
    pub fn height(&self) -> f32 {
        self.bottom - self.top
    }
}

/// Puts a fragment on the last page at `y` below the frame top; its items come from `span`
/// (the section's file number is filled in when the section's pages join the book).
fn place(pages: &mut [PageBuild], mut frag: Fragment, f: &Frame, y: f32, span: Span) {
    frag.translate(f.x, f.top + y);
    let page = pages.last_mut().expect("a section has a page");
    page.spans.resize(page.page.items.len(), Span::NONE);
    page.spans.extend(std::iter::repeat_n(span, frag.items.len()));
    page.places.push((span, f.top + y, frag.height));
    page.page.items.append(&mut frag.items);
}

/// Lays out one block in the measure; `page_room` is the height a section page offers
/// below its heading (diagrams shrink to fit it, within their minimum size).
fn lay_block(
    cx: &mut Ctx<'_>,
    block: &Block,
    measure: f32,
    page_room: f32,
    at: &Where,
) -> Result<Fragment, Diagnostic> {
    match &block.kind {
        BlockKind::Verse(v) => verse::layout(cx, v, measure, at),
        BlockKind::Chart(c) => chart::layout(cx, c, measure, at),
        BlockKind::Art(a) => art_block::layout(cx, a, measure, page_room, at),
        BlockKind::Space(h) => {
            Ok(Fragment { width: measure, height: h.resolve(cx.body_size(), measure), ..Fragment::default() })
        }
    }
}
