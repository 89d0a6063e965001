//! The cover's display list: the front typeset from the book (title, subtitle, author, and
//! the `[cover] art` drawing between them), the back's text, the EAN-13 of the ISBN as
//! vector bars with its digits, and the spine's text turned a quarter turn. Where things
//! go comes in a [`Plan`] (the `cover` module works it out from the service's rules);
//! this module only sets type and draws, and says what did not fit.
//!
//! Coordinates are the cover file's page: origin at the top-left corner of the bleed, y
//! down, points.

use super::Where;
use super::ctx::{self, Ctx, Font};
use super::furniture::{centred, split_title, wrap_evenly};
use crate::barcode::{Isbn, nominal};
use crate::diag::Diagnostic;
use crate::display::{Document, Group, Ink, Item, Page, Path, Point, Rect, Transform};
use crate::spec::{Align, Art, Book, Face, Frame};
use crate::text::{FontBook, ShapeKey, Shaper, Style};
use crate::units::Length;
use crate::units::PT_PER_MM;

/// Where the cover's parts go, in the cover page's coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The page: trim plus bleed on every side.
    pub page: (f32, f32),
    /// The front panel's trim.
    pub front: Rect,
    /// The back panel's trim.
    pub back: Rect,
    /// The spine (perfect binding).
    pub spine: Option<Rect>,
    /// Least distance of anything from the trim.
    pub safe: f32,
    /// Least distance of anything on front and back from a fold.
    pub fold_safe: f32,
    /// Least distance of spine text from the spine's folds.
    pub spine_margin: f32,
    /// The service's bar-code area on the back (kept clear, or holding the ISBN's code).
    pub barcode: Option<Rect>,
    /// Set the spine's text (the service allows it at this page count).
    pub spine_text: bool,
    /// Add the inside spread (a saddle cover's second page, left unprinted).
    pub inside: bool,
}

/// The laid-out cover and what was left off.
pub struct Laid {
    /// One page (perfect), or the outside and inside spreads (saddle).
    pub document: Document,
    /// What was not set, and why (spine text on a narrow spine …).
    pub notes: Vec<String>,
    /// Whether the spine carries its text (asked for, and wide enough).
    pub spine_text: bool,
}

/// Lays out the cover of `book` as `plan` says.
pub fn lay_out(book: &Book, fonts: &mut FontBook, plan: &Plan) -> Result<Laid, Vec<Diagnostic>> {
    let errors = ctx::preload(book, fonts);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut shaper = Shaper::new();
    let mut drawings = ctx::Drawings::default();
    let mut cx = Ctx { book, fonts, shaper: &mut shaper, drawings: &mut drawings, warnings: Vec::new() };
    let mut items = Vec::new();
    let mut notes = Vec::new();
    let mut errors = Vec::new();
    match front(&mut cx, plan) {
        Ok(mut i) => items.append(&mut i),
        Err(e) => errors.push(e),
    }
    match back(&mut cx, plan) {
        Ok(mut i) => items.append(&mut i),
        Err(e) => errors.push(e),
    }
    if let Some(isbn) = &book.cover.isbn {
        match barcode(&mut cx, plan, isbn) {
            Ok(mut i) => items.append(&mut i),
            Err(e) => errors.push(e),
        }
    }
    let mut spine_set = false;
    if let Some(spine) = plan.spine.filter(|_| plan.spine_text) {
        match spine_text(&mut cx, plan, spine) {
            Ok(Some(t)) => {
                items.push(t);
                spine_set = true;
            }
            Ok(None) => notes.push(format!(
                "spine: no text, the spine ({:.1} mm) is too narrow for type of 6 pt with {:.1} mm on each side",
                (spine.x1 - spine.x0) / PT_PER_MM,
                plan.spine_margin / PT_PER_MM
            )),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut pages = vec![Page { items }];
    if plan.inside {
        pages.push(Page::default());
    }
    let document = Document {
        page_size: plan.page,
        pages,
        fonts: cx.fonts.sources(),
        meta: crate::display::Meta {
            title: format!("{} (cover)", book.title),
            author: book.author.clone(),
            ..Default::default()
        },
        outline: Vec::new(),
        labels: Vec::new(),
        // A cover is a printer's file, like the imposed sheets: untagged.
        roles: Vec::new(),
    };
    notes.extend(cx.warnings.iter().map(|w| w.message.to_string()));
    Ok(Laid { document, notes, spine_text: spine_set })
}

/// A panel's safe area: its trim less the safe zone, and less the fold's on the side at
/// the spine (`spine_right`: the fold is at the panel's right edge).
fn safe_area(r: Rect, plan: &Plan, spine_right: bool) -> Rect {
    let (l, rt) = if spine_right { (plan.safe, plan.fold_safe) } else { (plan.fold_safe, plan.safe) };
    Rect { x0: r.x0 + l, y0: r.y0 + plan.safe, x1: r.x1 - rt, y1: r.y1 - plan.safe }
}

fn frame(r: Rect) -> Frame {
    Frame { x: r.x0, width: r.x1 - r.x0, top: r.y0, bottom: r.y1 }
}

fn cover_where(book: &Book) -> Where {
    let file = book.cover.source.as_ref().map(|s| s.path.to_path_buf());
    let at = match (&book.cover.source, &book.cover.art) {
        (Some(src), Some((_, span))) => Some((src.clone(), span.clone())),
        _ => None,
    };
    Where { file, line: 0, what: "[cover] art".into(), at, label: "in this drawing" }
}

/// The front: the title large in the upper third, the subtitle under it, the drawing in
/// the middle, the author low; all centred in the safe area.
fn front(cx: &mut Ctx<'_>, plan: &Plan) -> Result<Vec<Item>, Diagnostic> {
    let area = safe_area(plan.front, plan, false);
    let f = frame(area);
    let book = cx.book;
    let body = cx.body_size();
    let height = plan.front.y1 - plan.front.y0;
    // The title page's proportions, larger: the cover is seen from further away.
    let title_font = cx.furniture(Style::Regular, (body * 3.0).min(f.width / 8.0).max(body * 1.5), &[]);
    let small = cx.furniture(Style::Regular, body * 1.1, &["smcp"]);
    let author_font = cx.furniture(Style::Regular, body * 1.5, &[]);
    let mut items = Vec::new();
    let mut lines = split_title(cx, &title_font, &crate::text::quotes::smarten(&book.title), f.width * 0.9);
    if lines.iter().any(|l| cx.width(&title_font, l) > f.width) {
        lines = wrap_evenly(cx, &title_font, &crate::text::quotes::smarten(&book.title), f.width).map_err(|word| {
            Diagnostic::error(format!("the title has a word wider than the front cover's safe area: `{word}`"))
                .note("shorten it, or use a larger page")
        })?;
    }
    let mut y = plan.front.y0 + height * 0.24;
    for line in &lines {
        items.extend(centred(cx, &title_font, line, &f, y, Ink::BLACK, 0.0)?);
        y += title_font.size * 1.15;
    }
    if let Some(sub) = &book.subtitle.as_deref().map(crate::text::quotes::smarten) {
        y += body * 0.6;
        items.extend(centred(cx, &small, &sub.to_lowercase(), &f, y, Ink::BLACK, body * 0.12)?);
        y += small.size;
    }
    let author_y = plan.front.y0 + height * 0.84;
    if let Some(author) = &book.author.as_deref().map(crate::text::quotes::smarten) {
        items.extend(centred(cx, &author_font, author, &f, author_y, Ink::BLACK, 0.0)?);
    }
    if let Some((text, _)) = &book.cover.art {
        // The drawing takes the room between the title's lines and the author's, with a
        // line of space each side, at most two thirds of the measure wide.
        let top = y + body * 2.0;
        let bottom = author_y - author_font.size - body * 2.0;
        let room = bottom - top;
        let at = cover_where(book);
        if room < body * 3.0 {
            return Err(at
                .error("no room for the drawing between the title and the author")
                .note("shorten the title or subtitle, or leave `art` out of [cover]"));
        }
        let art = Art {
            text: text.clone(),
            // Larger than in the book: a cover is seen from further away; the drawing is
            // set smaller (to 6 pt) when the room asks.
            face: Face { size: Some(Length::Em(1.4)), ..Face::default() },
            min_size: Length::Pt(6.0),
            width: None,
            row_height: None,
            stroke: None,
            arrow_length: None,
            arrow_width: None,
            rounded: false,
            ink_lines: 1.0,
            ink_text: 1.0,
            ink_boxes: 0.0,
            art_chars: String::new(),
            text_chars: String::new(),
            align: Align::Center,
        };
        let measure = f.width * 0.8;
        // The cover's drawing has no `min_size` or `width` of its own: its room is fixed by
        // the front, so the fix is in the drawing (or the trim).
        let fix = format!(
            "the front gives a drawing {:.0} mm (four fifths of its safe width) and sets it at 6 pt at least: draw it with fewer columns, choose a wider trim ([page] size), or leave `art` out of [cover]",
            measure / PT_PER_MM
        );
        let (mut frag, _) = super::art_block::layout(cx, &art, measure, room, &at, &fix)?;
        if frag.height > room + 0.01 {
            return Err(at
                .error(format!(
                    "the drawing is {:.1} mm tall; the front has {:.1} mm between the title and the author",
                    frag.height / PT_PER_MM,
                    room / PT_PER_MM
                ))
                .note("draw it with fewer rows, or leave `art` out of [cover]"));
        }
        // The block is laid out at x = 0 across `measure`: centre the measure on the panel
        // and the drawing in the room.
        frag.translate(f.x + (f.width - measure) / 2.0, top + (room - frag.height) / 2.0);
        items.append(&mut frag.items);
    }
    Ok(items)
}

/// The back: `[cover] back` set ragged right in the body type from the top of the safe
/// area, never into the bar-code area.
fn back(cx: &mut Ctx<'_>, plan: &Plan) -> Result<Vec<Item>, Diagnostic> {
    let Some(text) = cx.book.cover.back.clone() else { return Ok(Vec::new()) };
    let area = safe_area(plan.back, plan, true);
    let font = cx.furniture(Style::Regular, cx.body_size(), &[]);
    let leading = cx.leading();
    let measure = (area.x1 - area.x0).min(cx.book.body.size * 32.0);
    let x = area.x0 + ((area.x1 - area.x0) - measure) / 2.0;
    let limit = plan.barcode.map_or(area.y1, |b| b.y0.min(area.y1) - leading * 0.5);
    let mut y = plan.back.y0 + (plan.back.y1 - plan.back.y0) * 0.14;
    let mut items = Vec::new();
    let text = crate::text::quotes::smarten(&text);
    for (i, para) in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).enumerate() {
        if i > 0 {
            y += leading * 0.6;
        }
        let joined = para.split_whitespace().collect::<Vec<_>>().join(" ");
        for line in greedy(cx, &font, &joined, measure)? {
            if y + font.size * 0.25 > limit {
                let d = Diagnostic::error(format!(
                    "[cover] back: the text runs past {}; the back holds about {} lines",
                    if plan.barcode.is_some() { "the top of the bar-code area" } else { "the safe area" },
                    ((limit - plan.back.y0 - (plan.back.y1 - plan.back.y0) * 0.14) / leading).floor().max(0.0)
                ));
                return Err(at_back(cx.book, d).note("shorten the back's text"));
            }
            items.extend(
                cx.styled_runs(&font, &line, Point::new(x, y), Ink::BLACK, 0.0, &Where::book())?
                    .into_iter()
                    .map(Item::Text),
            );
            y += leading;
        }
    }
    Ok(items)
}

/// `d` underlining `[cover] back` in book.toml.
fn at_back(book: &Book, d: Diagnostic) -> Diagnostic {
    match (&book.cover.source, &book.cover.back_span) {
        (Some(src), Some(span)) => d.at(src, span.clone()).label("the back's text"),
        _ => d,
    }
}

/// `text` broken at spaces into lines no wider than `max`, each as full as it can be
/// (inline markup carried across a break); an error for a word wider than `max`.
fn greedy(cx: &mut Ctx<'_>, font: &Font, text: &str, max: f32) -> Result<Vec<String>, Diagnostic> {
    for word in text.split(' ') {
        if cx.styled_width(font, word, 0.0) > max {
            let word = crate::spec::inline::plain(word);
            let d = Diagnostic::error(format!("[cover] back: the word `{word}` is wider than the back's measure"));
            return Err(at_back(cx.book, d).note("shorten it, or use a larger page"));
        }
    }
    Ok(cx.wrap_styled(font, text, max))
}

/// The ISBN's EAN-13 in the bar-code area, at the spine side of its foot: `ISBN …` above,
/// bars (guards longer), the digits under them; at the largest magnification from 80 %
/// to 100 % that fits the area, all in black only.
fn barcode(cx: &mut Ctx<'_>, plan: &Plan, isbn: &Isbn) -> Result<Vec<Item>, Diagnostic> {
    let area = plan.barcode.unwrap_or_else(|| {
        // No service area: 50 × 30 mm at the back's foot by the spine, inside the safe zone.
        let r = safe_area(plan.back, plan, true);
        Rect { x0: r.x1 - 50.0 * PT_PER_MM, y0: r.y1 - 30.0 * PT_PER_MM, x1: r.x1, y1: r.y1 }
    });
    let pad = 1.5 * PT_PER_MM;
    let (aw, ah) = (area.x1 - area.x0 - 2.0 * pad, area.y1 - area.y0 - 2.0 * pad);
    let quiet = nominal::QUIET_LEFT + nominal::QUIET_RIGHT;
    // Height at magnification m: bars and guard extension scale, the digits (from 8 pt at
    // 100 %) and the ISBN line (8 pt) and its gap.
    let need = |m: f32| {
        let x = nominal::MODULE_MM * PT_PER_MM * m;
        let w = (95.0 + quiet) * x;
        let h = nominal::BAR_HEIGHT_MM * PT_PER_MM * m + 8.0 * m * 0.2 + 8.0 * m * 0.8 + 8.0 + 3.0;
        (w, h)
    };
    let fits = |m: f32| {
        let (w, h) = need(m);
        w <= aw && h <= ah
    };
    let Some(m) = (0..=20).map(|k| 1.0 - k as f32 * 0.01).find(|&m| fits(m)) else {
        let (w, h) = need(0.8);
        return Err(Diagnostic::error(format!(
            "the bar code needs {:.1} × {:.1} mm even at 80 %, the smallest a scanner reads; the area is {:.1} × {:.1} mm",
            w / PT_PER_MM,
            h / PT_PER_MM,
            aw / PT_PER_MM,
            ah / PT_PER_MM
        )));
    };
    let x = nominal::MODULE_MM * PT_PER_MM * m;
    let (w, _) = need(m);
    // Lining figures whatever the book's features (old-style ones would bob along the line).
    let digit_font = lining(cx, 8.0 * m);
    let label_font = lining(cx, 8.0);
    // The symbol sits at the area's spine side and foot.
    let left = area.x1 - pad - w;
    let bars_x = left + nominal::QUIET_LEFT * x;
    let bottom = area.y1 - pad;
    let digits_baseline = bottom - digit_font.size * 0.1;
    let bar_bottom = digits_baseline - digit_font.size * 0.8 - 0.3;
    let guard_bottom = bar_bottom + nominal::GUARD_EXTRA_MODULES * x;
    let bar_top = bar_bottom - nominal::BAR_HEIGHT_MM * PT_PER_MM * m;
    let mut items = Vec::new();
    let label = format!("ISBN {}", isbn.written());
    let label_w = cx.width(&label_font, &label);
    let label_x = bars_x + (95.0 * x - label_w) / 2.0;
    items.push(Item::Text(cx.run(
        &label_font,
        &label,
        Point::new(label_x, bar_top - 3.0),
        Ink::BLACK,
        0.0,
        &Where::book(),
    )?));
    for (start, width, guard) in isbn.bars() {
        let (x0, x1) = (bars_x + start as f32 * x, bars_x + (start + width) as f32 * x);
        let y1 = if guard { guard_bottom } else { bar_bottom };
        items.push(Item::Path(Path::polygon(
            [Point::new(x0, bar_top), Point::new(x1, bar_top), Point::new(x1, y1), Point::new(x0, y1)],
            Ink::BLACK,
        )));
    }
    // Digits: the first in the left quiet zone, then six under each half, centred in
    // their seven modules.
    let d = isbn.digits();
    let digit = |i: usize| ((b'0' + d[i]) as char).to_string();
    let mut place = |cx: &mut Ctx<'_>, s: String, centre: f32| -> Result<(), Diagnostic> {
        let w = cx.width(&digit_font, &s);
        items.push(Item::Text(cx.run(
            &digit_font,
            &s,
            Point::new(centre - w / 2.0, digits_baseline),
            Ink::BLACK,
            0.0,
            &Where::book(),
        )?));
        Ok(())
    };
    place(cx, digit(0), bars_x - 4.0 * x)?;
    for i in 0..6 {
        place(cx, digit(1 + i), bars_x + (3.0 + 7.0 * i as f32 + 3.5) * x)?;
        place(cx, digit(7 + i), bars_x + (50.0 + 7.0 * i as f32 + 3.5) * x)?;
    }
    Ok(items)
}

/// The body's roman with lining, tabular figures, and none of the book's features.
fn lining(cx: &mut Ctx<'_>, size: f32) -> Font {
    let id = cx.fonts.find(&cx.book.body.family, Style::Regular).expect("the body face is loaded before layout");
    Font { key: ShapeKey::new(id, &["lnum".to_string(), "tnum".to_string()]), size }
}

/// The title (and the author, when both fit) along the spine, reading from head to foot,
/// centred across it with `spine_margin` to each fold; `None` when the spine is too narrow
/// for 6 pt type.
fn spine_text(cx: &mut Ctx<'_>, plan: &Plan, spine: Rect) -> Result<Option<Item>, Diagnostic> {
    let across = spine.x1 - spine.x0 - 2.0 * plan.spine_margin;
    // The text's extent across the spine is taken as 1 em (0.75 above the baseline, 0.25
    // below), as the service checks measure it.
    let size = across.min(cx.body_size() * 1.2);
    if size < 6.0 {
        return Ok(None);
    }
    let font = cx.furniture(Style::Regular, size, &[]);
    let book = cx.book;
    // Head and foot keep a twelfth of the height (at least the safe zone), as the front's
    // title and author keep theirs.
    let along = spine.y1 - spine.y0 - 2.0 * plan.safe.max((spine.y1 - spine.y0) / 12.0);
    let pivot = Point::new((spine.x0 + spine.x1) / 2.0, (spine.y0 + spine.y1) / 2.0);
    let baseline = pivot.y + 0.25 * size;
    let (start, end) = (pivot.x - along / 2.0, pivot.x + along / 2.0);
    let title = crate::text::quotes::smarten(&book.title);
    let title_w = cx.width(&font, &title);
    let mut items = Vec::new();
    let author = book.author.as_deref().map(crate::text::quotes::smarten).map(|a| (cx.width(&font, &a), a));
    match author {
        Some((aw, a)) if title_w + aw + size * 3.0 <= along => {
            items.extend(
                cx.runs(&font, &title, Point::new(start, baseline), Ink::BLACK, 0.0, &Where::book())?
                    .into_iter()
                    .map(Item::Text),
            );
            items.extend(
                cx.runs(&font, &a, Point::new(end - aw, baseline), Ink::BLACK, 0.0, &Where::book())?
                    .into_iter()
                    .map(Item::Text),
            );
        }
        _ if title_w <= along => {
            let x = pivot.x - title_w / 2.0;
            items.extend(
                cx.runs(&font, &title, Point::new(x, baseline), Ink::BLACK, 0.0, &Where::book())?
                    .into_iter()
                    .map(Item::Text),
            );
        }
        _ => {
            return Err(Diagnostic::error(format!(
                "the title is {:.0} mm long at {size:.1} pt, the spine holds {:.0} mm of text",
                title_w / PT_PER_MM,
                along / PT_PER_MM
            ))
            .note("shorten the title, or choose a binding or service without spine text"));
        }
    }
    // A quarter turn clockwise about the pivot, written out so the zeros are exact
    // (`Transform::rotate_about(90.0, pivot)` up to rounding).
    let transform = Transform { a: 0.0, b: 1.0, c: -1.0, d: 0.0, e: pivot.x + pivot.y, f: pivot.y - pivot.x };
    Ok(Some(Item::Group(Group { transform, text: None, items })))
}
