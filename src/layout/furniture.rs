//! The book around the poem: title page, contents, section headings, folios and the
//! colophon. Sizes derive from the body size and positions from the page frame, so they
//! scale with any page size.

use super::ctx::{Ctx, Font};
use super::fragment::Fragment;
use super::{Frame, Where};
use crate::diag::Diagnostic;
use crate::display::{Ink, Item, Point};
use crate::text::Style;

const GREY: Ink = Ink(0.62);

/// A centred line of text at `baseline` within the frame.
fn centred(
    cx: &mut Ctx<'_>,
    font: &Font,
    text: &str,
    frame: &Frame,
    baseline: f32,
    ink: Ink,
    spacing: f32,
) -> Result<Item, Diagnostic> {
    centred_at(cx, font, text, frame, (baseline, ink, spacing), &Where::book())
}

/// [`centred`], naming `at` in errors (a section title names its section).
fn centred_at(
    cx: &mut Ctx<'_>,
    font: &Font,
    text: &str,
    frame: &Frame,
    (baseline, ink, spacing): (f32, Ink, f32),
    at: &Where,
) -> Result<Item, Diagnostic> {
    let w = cx.spaced_width(font, text, spacing);
    let x = frame.x + (frame.width - w) / 2.0;
    Ok(Item::Text(cx.run(font, text, Point::new(x, baseline), ink, spacing, at)?))
}

pub fn title_page(cx: &mut Ctx<'_>, frame: &Frame) -> Result<Vec<Item>, Diagnostic> {
    let body = cx.body_size();
    let book = cx.book;
    let (title, subtitle, author) = (book.title.clone(), book.subtitle.clone(), book.author.clone());
    let mut items = Vec::new();
    let title_font = cx.furniture(Style::Regular, body * 2.3, &[]);
    let small = cx.furniture(Style::Regular, body * 0.95, &["smcp"]);
    let height = frame.bottom - frame.top;
    let mut y = frame.top + height * 0.30;
    // Long titles break before "of", "and", "the" … at the middle word boundary.
    for line in split_title(cx, &title_font, &title, frame.width * 0.9) {
        items.push(centred(cx, &title_font, &line, frame, y, Ink::BLACK, 0.0)?);
        y += title_font.size * 1.15;
    }
    if let Some(sub) = subtitle {
        y += body * 1.2;
        items.push(centred(cx, &small, &sub.to_lowercase(), frame, y, GREY, body * 0.12)?);
    }
    if let Some(author) = author {
        let f = cx.furniture(Style::Regular, body * 1.2, &[]);
        items.push(centred(cx, &f, &author, frame, frame.top + height * 0.62, Ink::BLACK, 0.0)?);
    }
    Ok(items)
}

/// Splits a title into at most two lines when it is wide, at the word boundary nearest
/// the middle.
fn split_title(cx: &mut Ctx<'_>, font: &Font, title: &str, max: f32) -> Vec<String> {
    let words: Vec<&str> = title.split_whitespace().collect();
    if words.len() < 3 && cx.width(font, title) <= max {
        return vec![title.to_string()];
    }
    let total = cx.width(font, title);
    let mut best = (f32::INFINITY, 1);
    for k in 1..words.len() {
        let first = words[..k].join(" ");
        let d = (cx.width(font, &first) - total / 2.0).abs();
        if d < best.0 {
            best = (d, k);
        }
    }
    if total <= max * 0.6 {
        return vec![title.to_string()];
    }
    vec![words[..best.1].join(" "), words[best.1..].join(" ")]
}

/// Contents: numeral, title, folio per section.
pub fn contents_page(
    cx: &mut Ctx<'_>,
    frame: &Frame,
    entries: &[(String, String, u32)],
) -> Result<Vec<Item>, Diagnostic> {
    let body = cx.body_size();
    let lead = cx.leading();
    let at = Where::book();
    let mut items = Vec::new();
    let head = cx.furniture(Style::Regular, body * 0.95, &["smcp"]);
    let height = frame.bottom - frame.top;
    let mut y = frame.top + height * 0.16;
    items.push(centred(cx, &head, "contents", frame, y, GREY, body * 0.15)?);
    y += lead * 2.5;
    let font = cx.furniture(Style::Regular, body, &[]);
    let num_w = entries.iter().map(|e| cx.width(&font, &e.0)).fold(0.0, f32::max);
    let title_w = entries.iter().map(|e| cx.width(&font, &e.1)).fold(0.0, f32::max);
    let folio_w = entries.iter().map(|e| cx.width(&font, &e.2.to_string())).fold(0.0, f32::max);
    let gap = body * 0.9;
    let total = (num_w + gap + title_w + gap * 3.0 + folio_w).min(frame.width);
    let x0 = frame.x + (frame.width - total) / 2.0;
    for (numeral, title, folio) in entries {
        let nw = cx.width(&font, numeral);
        items.push(Item::Text(cx.run(&font, numeral, Point::new(x0 + num_w - nw, y), GREY, 0.0, &at)?));
        items.push(Item::Text(cx.run(&font, title, Point::new(x0 + num_w + gap, y), Ink::BLACK, 0.0, &at)?));
        let f = folio.to_string();
        let fw = cx.width(&font, &f);
        items.push(Item::Text(cx.run(&font, &f, Point::new(x0 + total - fw, y), GREY, 0.0, &at)?));
        y += lead * 1.15;
    }
    Ok(items)
}

/// The opening of a section: numeral above an italic title. Returns the fragment (width =
/// the frame's) whose height includes the space before the first block.
pub fn heading(cx: &mut Ctx<'_>, numeral: &str, title: &str, width: f32, at: &Where) -> Result<Fragment, Diagnostic> {
    let body = cx.body_size();
    let lead = cx.leading();
    let num = cx.furniture(Style::Regular, body * 0.9, &[]);
    let tit = cx.furniture(Style::Italic, body * 1.45, &[]);
    let frame = Frame { x: 0.0, width, top: 0.0, bottom: 0.0 };
    let mut frag = Fragment { width, ..Fragment::default() };
    frag.items.push(centred_at(cx, &num, numeral, &frame, (body * 0.9, GREY, body * 0.12), at)?);
    frag.items.push(centred_at(cx, &tit, title, &frame, (body * 0.9 + lead * 1.55, Ink::BLACK, 0.0), at)?);
    frag.height = body * 0.9 + lead * 1.55 + lead * 2.0;
    Ok(frag)
}

/// The page number, centred under the text block.
pub fn folio(cx: &mut Ctx<'_>, frame: &Frame, page_height: f32, number: u32) -> Result<Item, Diagnostic> {
    let body = cx.body_size();
    let font = cx.furniture(Style::Regular, body * 0.85, &[]);
    let bottom_margin = page_height - frame.bottom;
    let baseline = frame.bottom + bottom_margin * 0.45 + font.size * 0.3;
    centred(cx, &font, &number.to_string(), frame, baseline, GREY, 0.0)
}

/// The colophon: title, faces, page size and count, set small at the foot of the page.
pub fn colophon(cx: &mut Ctx<'_>, frame: &Frame, pages: usize) -> Result<Vec<Item>, Diagnostic> {
    let body = cx.body_size();
    let book = cx.book;
    let title = book.title.clone();
    let (w_mm, h_mm) = (book.page.width / crate::units::PT_PER_MM, book.page.height / crate::units::PT_PER_MM);
    let size_name = book.page.size_name.clone();
    let mut families: Vec<String> = cx.fonts.in_use().map(|f| f.family.clone()).collect();
    families.dedup();
    let italic = cx.furniture(Style::Italic, body * 0.85, &[]);
    let roman = cx.furniture(Style::Regular, body * 0.85, &[]);
    let lines = [
        (italic.clone(), title),
        (roman.clone(), format!("Set in {}.", join_and(&families))),
        (roman.clone(), format!("{} pages, {:.0} × {:.0} mm ({}).", pages, w_mm, h_mm, size_name.to_uppercase())),
        (roman.clone(), "Typeset with chapbook; every diagram drawn from the poet’s text art.".to_string()),
    ];
    let lead = cx.leading() * 0.9;
    let mut y = frame.bottom - lead * (lines.len() as f32 - 1.0);
    let mut items = Vec::new();
    for (font, text) in lines.iter() {
        items.push(centred(cx, font, text, frame, y, GREY, 0.0)?);
        y += lead;
    }
    Ok(items)
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}
