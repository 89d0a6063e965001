//! The layout stage: the validated book → the [`Document`] display list. Pure: it reads
//! the model and the fonts and returns pages of positioned runs and paths.
//!
//! Order of a book, by the rules of the trade: the title page on a recto; its verso blank
//! or carrying the colophon (and the contents, when they fit there); the contents on the
//! title verso or a recto of their own; the poem opening on a recto, so odd folios fall
//! on rectos; each section on a new page (`start = "recto"` adds a blank verso where
//! needed); blank pages to pad the count, then the colophon last (unless it is on the
//! title verso). Blank pages never carry a folio; page labels follow the folios.

pub mod alt;
pub mod arrows;
mod art_block;
mod art_columns;
pub mod chart;
pub mod cover;
mod ctx;
pub mod fragment;
mod free;
mod furniture;
mod grid;
mod ink_check;
mod on_path;
mod paginate;
pub mod report;
mod rotate;
#[cfg(test)]
mod tests;
pub mod verse;
mod watch;

use crate::diag::Diagnostic;
use crate::display::{Document, Meta, OutlineEntry, Placed, Role, SourceMap, Span};
use crate::spec::{Block, Book, Section};
use crate::text::{FontBook, Shaper};
use ctx::Ctx;
use paginate::PageBuild;
use report::{LayoutReport, PageRole};
use std::path::PathBuf;

pub use furniture::trim_in_words;

pub(crate) use crate::spec::Frame;

/// Where in the spec something is being laid out, for messages.
#[derive(Debug, Clone)]
pub struct Where {
    pub file: Option<PathBuf>,
    pub line: usize,
    pub what: String,
    /// The source and span to underline, when the place is a block.
    pub at: Option<(crate::diag::Source, std::ops::Range<usize>)>,
    /// What the underline marks ("in this block", "in this heading").
    pub label: &'static str,
}

impl Where {
    pub fn book() -> Where {
        Where { file: None, line: 0, what: "the book".into(), at: None, label: "here" }
    }

    /// The book's own words (title, subtitle, author) in book.toml: a character of theirs
    /// is found at its line and column.
    pub fn book_words(book: &Book) -> Where {
        let file = book.words_at.as_ref().map(|(src, _)| src.path.to_path_buf());
        Where {
            file,
            line: 0,
            what: "the book".into(),
            at: book.words_at.clone(),
            label: "in the book's title, subtitle or author",
        }
    }

    fn block(section: &Section, block: &Block) -> Where {
        Where {
            file: Some(section.file.clone()),
            line: block.line,
            what: format!("section {}, block {} ({})", section.name(), block.number, block.kind.name()),
            at: Some((section.source.clone(), block.span.clone())),
            label: "in this block",
        }
    }

    pub fn error(&self, message: impl AsRef<str>) -> Diagnostic {
        let mut d = Diagnostic::error(format!("{}: {}", self.what, message.as_ref()));
        if let Some((src, span)) = &self.at {
            return d.at(src, span.clone()).label(self.label);
        }
        if let Some(f) = &self.file {
            d.message = format!("{}:{}: {}", f.display(), self.line, d.message).into();
        }
        d
    }
}

/// The laid-out book, what pagination decided, and the warnings met on the way.
pub struct Output {
    /// The display list.
    pub document: Document,
    /// What pagination decided.
    pub report: LayoutReport,
    /// Warnings from layout.
    pub warnings: Vec<Diagnostic>,
    /// Where each item of `document` came from (its block's `[[block]]` line).
    pub sources: SourceMap,
}

/// Lays out `book` with the fonts of `fonts`: the display list, the pagination report and the warnings, or every error.
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
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut fits = Vec::new();
    // The body, counted from its first page (a recto: the front matter is always an even
    // number of pages). Sections are laid out in a column at x = 0 and learn their side
    // once the front matter is known.
    let mut body: Vec<PageBuild> = Vec::new();
    let mut starts = Vec::new();
    let mut spreads = Vec::new();
    for (index, (section, (result, mut w))) in book.sections.iter().zip(lay_out_sections(book, fonts)).enumerate() {
        warnings.append(&mut w);
        let start = section.start.unwrap_or(book.start);
        if start == crate::spec::Start::Recto && body.len() % 2 == 1 {
            body.push(PageBuild::default());
        }
        // A poem of two pages opens on a verso, so it is read across one spread (the
        // book's first poem still opens on a recto, and a poet's `start = "recto"` wins).
        let two_pages = matches!(&result, Ok((pages, _)) if pages.len() == 2);
        if two_pages && index > 0 && start != crate::spec::Start::Recto && body.len().is_multiple_of(2) {
            body.push(PageBuild::default());
            spreads.push(format!("a blank page before {}, so its two pages face each other", section.name()));
        }
        starts.push(body.len());
        match result {
            Ok((pages, mut f)) => {
                fits.append(&mut f);
                body.extend(pages.into_iter().map(|mut p| {
                    p.section = Some(index);
                    // Spans name the section's file by its index in the source map.
                    p.spans
                        .iter_mut()
                        .chain(p.places.iter_mut().map(|(s, _, _)| s))
                        .for_each(|s| s.file = index as u32);
                    p
                }));
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
    let (document, pages, sources) = assemble(&mut cx, body, &starts).map_err(|e| vec![e])?;
    cx.warnings.extend(ink_check::warnings(book, &document, &sources));
    Ok(Output {
        document,
        report: LayoutReport { pages, fits, gave_way: crate::spec::canon::gave_way(book), spreads },
        warnings: cx.warnings,
        sources,
    })
}

/// Each section's pages and fitting changes (or errors) and warnings, in book order.
/// Sections are independent once the fonts are loaded, so they are laid out on every
/// core, each thread with its own shaper; the result does not depend on how the work was
/// split.
#[allow(clippy::type_complexity)]
fn lay_out_sections(
    book: &Book,
    fonts: &FontBook,
) -> Vec<(Result<(Vec<PageBuild>, Vec<report::Fit>), Vec<Diagnostic>>, Vec<Diagnostic>)> {
    let one = |section: &Section, shaper: &mut Shaper, drawings: &mut ctx::Drawings| {
        let mut cx = Ctx { book, fonts, shaper, drawings, warnings: Vec::new() };
        let result = paginate::section_pages(&mut cx, section);
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

/// Front matter, body, padding, colophon; folios; page labels; the outline.
fn assemble(
    cx: &mut Ctx<'_>,
    body: Vec<PageBuild>,
    starts: &[usize],
) -> Result<(Document, Vec<report::PageInfo>, SourceMap), Diagnostic> {
    let book = cx.book;
    let mut pages = front_matter(cx, starts)?;
    let front = pages.len();
    debug_assert!(front.is_multiple_of(2));
    for (k, mut p) in body.into_iter().enumerate() {
        let x = frame(book, front + k).x;
        for item in &mut p.page.items {
            fragment::translate_item(item, x, 0.0);
        }
        watch::check_page(book, &p, &mut cx.warnings);
        pages.push(p);
    }
    pad_with_colophon(cx, &mut pages)?;
    let Numbered { pages: out, infos, sources, roles } = number_pages(cx, pages, front)?;
    let labels = label_ranges(&infos);
    let document = Document {
        page_size: (book.page.width, book.page.height),
        pages: out,
        fonts: cx.fonts.sources(),
        // The reader's title bar and the EPUB's metadata show the words without their markup.
        meta: Meta {
            title: crate::spec::inline::plain(&book.title),
            author: book.author.as_deref().map(crate::spec::inline::plain),
            subject: book.subtitle.as_deref().map(crate::spec::inline::plain),
            keywords: None,
            language: Some(book.language.clone()),
        },
        outline: outline(book, starts, front),
        labels,
        roles,
    };
    Ok((document, infos, sources))
}

/// Front matter: title, its verso, and (when the contents do not fit on the verso) the
/// contents on a recto with a blank verso: always an even number of pages.
fn front_matter(cx: &mut Ctx<'_>, starts: &[usize]) -> Result<Vec<PageBuild>, Diagnostic> {
    use crate::spec::TitleVerso;
    let book = cx.book;
    let on_verso = book.title_verso == TitleVerso::Colophon;
    // The contents list what exists; a book of one section has nothing to list unless
    // the poet asks.
    let entries: Vec<(Option<String>, String, u32)> = book
        .sections
        .iter()
        .zip(starts)
        .map(|(s, p)| {
            (s.numeral.clone(), crate::text::quotes::smarten(s.title.as_deref().unwrap_or(&book.title)), *p as u32 + 1)
        })
        .collect();
    // The contents on one page, as nearly every book has them; split over pages only when
    // that page overflows.
    let mut contents = None;
    let mut chunks = Vec::new();
    if book.contents && !entries.is_empty() {
        let f = frame(book, 1);
        let one = furniture::contents_page(cx, &f, &entries, 0..entries.len())?;
        if one.2 <= f.bottom + 0.01 {
            contents = Some(one);
        } else {
            chunks = contents_chunks(cx, &entries)?;
        }
    }
    // Whether the contents share the title verso with the colophon: the colophon is set
    // for a three-digit page count, the widest it can be.
    let colophon_top = |cx: &mut Ctx<'_>, pages: usize| -> Result<f32, Diagnostic> {
        let lines = furniture::Facts::gather(cx, pages).lines(book.colophon.as_deref());
        Ok(furniture::colophon(cx, &frame(book, 1), &lines)?.1)
    };
    let contents_alone = match &contents {
        None => false,
        Some((_, _, bottom)) if on_verso => *bottom + cx.leading() * 3.0 > colophon_top(cx, 999)?,
        Some(_) => false,
    };
    let mut pages: Vec<PageBuild> = Vec::new();
    let title = furniture::title_page(cx, &frame(book, 0))?;
    let mut title = PageBuild::of(PageRole::Title, title);
    // The title's lines, then the subtitle and the author, each a paragraph of its own.
    let after = usize::from(book.subtitle.is_some()) + usize::from(book.author.is_some());
    let heading = title.page.items.len().saturating_sub(after);
    title.roles = vec![Role::Heading { level: 1, id: 0 }; heading];
    title.roles.extend((0..after as u32).map(|para| Role::Line { para, line: 0 }));
    pages.push(title);
    let mut verso = PageBuild::of(if on_verso { PageRole::TitleVerso } else { PageRole::Blank }, Vec::new());
    let mut contents_page = None;
    if let Some((items, roles, _)) = contents {
        if contents_alone {
            contents_page = Some(PageBuild::of(PageRole::Contents, items));
        } else {
            verso.role = if on_verso { PageRole::TitleVerso } else { PageRole::Contents };
            verso.page.items = items;
            verso.roles = roles;
        }
    }
    pages.push(verso);
    if !chunks.is_empty() {
        // Contents longer than a page run on from the recto after the title verso, each
        // page as full as it holds, and end on an even count.
        for range in &chunks {
            let (items, roles, _) = furniture::contents_page(cx, &frame(book, pages.len()), &entries, range.clone())?;
            let mut c = PageBuild::of(PageRole::Contents, items);
            c.roles = roles;
            pages.push(c);
        }
        if pages.len() % 2 == 1 {
            pages.push(PageBuild::default());
        }
    }
    if let Some(mut c) = contents_page {
        // A recto of its own: re-set for the recto's frame (the contents were set for a verso).
        let (items, roles, _) = furniture::contents_page(cx, &frame(book, 2), &entries, 0..entries.len())?;
        c.page.items = items;
        c.roles = roles;
        pages.push(c);
        pages.push(PageBuild::default());
    }
    Ok(pages)
}

/// The contents' entries a page each, for contents longer than a page: as many as a page
/// holds, in order. A single entry taller than a page is an error.
fn contents_chunks(
    cx: &mut Ctx<'_>,
    entries: &[(Option<String>, String, u32)],
) -> Result<Vec<std::ops::Range<usize>>, Diagnostic> {
    let f = frame(cx.book, 1);
    let fits = |cx: &mut Ctx<'_>, r: std::ops::Range<usize>| -> Result<bool, Diagnostic> {
        let (_, _, last) = furniture::contents_page(cx, &f, entries, r)?;
        Ok(last <= f.bottom + 0.01)
    };
    let mut chunks = Vec::new();
    let mut start = 0;
    while start < entries.len() {
        if !fits(cx, start..start + 1)? {
            return Err(Diagnostic::error(format!(
                "the contents' entry `{}` does not fit on a page",
                entries[start].1
            ))
            .note("set contents = false in layout/book.toml, or use a taller page or a smaller leading"));
        }
        // The most entries from `start` that fit: a binary search, each try one layout.
        let (mut lo, mut hi) = (start + 1, entries.len());
        if fits(cx, start..hi)? {
            lo = hi;
        }
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if fits(cx, start..mid)? { lo = mid } else { hi = mid - 1 }
        }
        chunks.push(start..lo);
        start = lo;
    }
    Ok(chunks)
}

/// Blank pages up to a multiple of `pad_to`, counting the colophon, which goes on the
/// title verso or on a last page of its own.
fn pad_with_colophon(cx: &mut Ctx<'_>, pages: &mut Vec<PageBuild>) -> Result<(), Diagnostic> {
    use crate::spec::TitleVerso;
    let book = cx.book;
    let on_verso = book.title_verso == TitleVerso::Colophon;
    let pad = book.print.pad_to.max(1) as usize;
    let with_colophon = pages.len() + usize::from(!on_verso);
    let total = with_colophon.div_ceil(pad) * pad;
    while pages.len() + usize::from(!on_verso) < total {
        pages.push(PageBuild::default());
    }
    let lines = furniture::Facts::gather(cx, total).lines(book.colophon.as_deref());
    // The colophon is one paragraph, a line per item.
    let colophon_roles = |n: usize| (0..n as u32).map(|line| Role::Line { para: 0, line });
    if on_verso {
        let (mut items, _) = furniture::colophon(cx, &frame(book, 1), &lines)?;
        let verso = &mut pages[1];
        verso.roles.resize(verso.page.items.len(), Role::Artifact);
        verso.roles.extend(colophon_roles(items.len()));
        verso.page.items.append(&mut items);
    } else {
        let last = pages.len();
        let (items, _) = furniture::colophon(cx, &frame(book, last), &lines)?;
        let mut page = PageBuild::of(PageRole::Colophon, items);
        page.roles = colophon_roles(page.page.items.len()).collect();
        pages.push(page);
    }
    Ok(())
}

/// What [`number_pages`] makes: the finished pages, what each page is, where its items
/// come from, and what each item is to a reader.
struct Numbered {
    pages: Vec<crate::display::Page>,
    infos: Vec<report::PageInfo>,
    sources: SourceMap,
    roles: Vec<Vec<Role>>,
}

/// The finished pages with their folios, what each page is, and where its items come
/// from. Folios count every page from the poem's first (a recto, so odd numbers fall on
/// rectos); only text pages print theirs.
fn number_pages(cx: &mut Ctx<'_>, pages: Vec<PageBuild>, front: usize) -> Result<Numbered, Diagnostic> {
    let book = cx.book;
    let mut ids = Ids::default();
    let mut structure = Vec::new();
    let mut out = Vec::with_capacity(pages.len());
    let mut infos = Vec::with_capacity(pages.len());
    let mut sources = SourceMap { files: book.sections.iter().map(|s| s.file.clone()).collect(), ..Default::default() };
    for (i, mut p) in pages.into_iter().enumerate() {
        let folio = (p.role == PageRole::Text && i >= front).then(|| (i - front + 1) as u32);
        if let Some(n) = folio {
            p.page.items.push(furniture::folio(cx, &frame(book, i), book.page.height, n)?);
        }
        let label = match (p.role, folio) {
            (_, Some(n)) => n.to_string(),
            _ if i < front => report::roman(i as u32 + 1),
            (PageRole::Colophon, _) => "colophon".into(),
            _ => "blank".into(),
        };
        infos.push(report::PageInfo { role: p.role, folio, label, section: p.section, placed: p.placed });
        p.spans.resize(p.page.items.len(), Span::NONE);
        p.roles.resize(p.page.items.len(), Role::Artifact);
        let roles = p.roles.iter().zip(&p.spans).map(|(r, s)| ids.global(r, *s, i)).collect();
        structure.push(roles);
        sources.pages.push(p.spans);
        sources.blocks.extend(p.places.into_iter().map(|(span, top, height)| Placed { page: i, span, top, height }));
        out.push(p.page);
    }
    Ok(Numbered { pages: out, infos, sources, roles: structure })
}

/// Document-wide element ids for the block-local ids of roles: the same block (its span;
/// for furniture, its page) and local id give the same element, on whatever page its
/// parts fall, and ids count up in reading order.
/// The kind of id (heading, paragraph, figure), the owner (a block's span, or a page of
/// furniture) and the block-local id.
type IdKey = (u8, (u32, u32, u32), u32);

#[derive(Default)]
struct Ids {
    seen: std::collections::HashMap<IdKey, u32>,
    next: [u32; 3],
}

impl Ids {
    fn global(&mut self, role: &Role, span: Span, page: usize) -> Role {
        let owner = if span.is_none() { (u32::MAX, page as u32, 0) } else { (span.file, span.line, span.col) };
        let mut id = |kind: u8, local: u32| {
            let next = &mut self.next[kind as usize];
            *self.seen.entry((kind, owner, local)).or_insert_with(|| {
                *next += 1;
                *next - 1
            })
        };
        match role {
            Role::Artifact | Role::ContentsEntry { .. } => role.clone(),
            Role::Heading { level, id: local } => Role::Heading { level: *level, id: id(0, *local) },
            Role::Line { para, line } => Role::Line { para: id(1, *para), line: *line },
            Role::Blank { para, line } => Role::Blank { para: id(1, *para), line: *line },
            Role::Figure { id: local, alt } => Role::Figure { id: id(2, *local), alt: alt.clone() },
        }
    }
}

/// One outline entry per section, at its first page (`starts` count from the body's
/// first page, which is `front`).
fn outline(book: &Book, starts: &[usize], front: usize) -> Vec<OutlineEntry> {
    book.sections
        .iter()
        .zip(starts)
        .map(|(s, p)| OutlineEntry {
            // Bookmarks show the title as printed, without its inline markup.
            title: crate::spec::inline::plain(&match (&s.numeral, &s.title) {
                (Some(n), Some(t)) => format!("{n}. {t}"),
                (None, Some(t)) => t.clone(),
                (Some(n), None) => format!("{n}. {}", book.title),
                (None, None) => book.title.clone(),
            }),
            page: front + p,
        })
        .collect()
}

/// The fewest label ranges that give every page its label: roman numbers, arabic ones,
/// or a word (`blank`, `colophon`) for pages that print no number.
fn label_ranges(pages: &[report::PageInfo]) -> Vec<crate::display::LabelRange> {
    use crate::display::{LabelRange, LabelStyle};
    let mut out: Vec<LabelRange> = Vec::new();
    let mut expect: Option<String> = None;
    for (i, p) in pages.iter().enumerate() {
        if expect.as_deref() == Some(p.label.as_str()) {
            expect = next_label(&p.label);
            continue;
        }
        let (style, first_number) = if let Ok(n) = p.label.parse::<u32>() {
            (LabelStyle::Arabic, n)
        } else if let Some(n) = (1..=pages.len() as u32).find(|n| report::roman(*n) == p.label) {
            (LabelStyle::LowerRoman, n)
        } else {
            (LabelStyle::Word(if p.role == PageRole::Colophon { "colophon" } else { "blank" }), 1)
        };
        out.push(LabelRange { start_page: i, style, first_number });
        expect = next_label(&p.label);
    }
    out
}

/// The label the next page of the same range would get (a word repeats).
fn next_label(label: &str) -> Option<String> {
    if let Ok(n) = label.parse::<u32>() {
        return Some((n + 1).to_string());
    }
    (1..=64).find(|n| report::roman(*n) == label).map(|n| report::roman(n + 1)).or(Some(label.to_string()))
}

/// The text block with its left edge at x = 0 (the same on rectos and versos).
fn column(book: &Book) -> Frame {
    Frame { x: 0.0, ..frame(book, 0) }
}

/// The text block of page `index` (0-based; even indices are rectos, inside margin left).
pub fn frame(book: &Book, index: usize) -> Frame {
    book.page.frame(index)
}
