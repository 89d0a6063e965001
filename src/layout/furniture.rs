//! The book around the poem: title page, contents, section headings, folios and the
//! colophon. Sizes derive from the body size and positions from the page frame, so they
//! scale with any page size.

use super::ctx::{Ctx, Font};
use super::fragment::Fragment;
use super::{Frame, Where};
use crate::diag::Diagnostic;
use crate::display::{Ink, Item, Point, Role};
use crate::text::Style;

/// Small type prints solid: a tint of black is a screen of dots, and at folio and
/// colophon sizes a screen breaks the letters up (docs/book-conventions.md, "Solid small
/// type"). Hierarchy comes from size, case and spacing instead.
const SOLID: Ink = Ink::BLACK;

/// `k` times the body size, but never under the size nothing automatic goes below.
fn small(body: f32, k: f32) -> f32 {
    (body * k).max(crate::spec::canon::MIN_AUTO)
}

/// A centred line of text at `baseline` within the frame.
pub(super) fn centred(
    cx: &mut Ctx<'_>,
    font: &Font,
    text: &str,
    frame: &Frame,
    baseline: f32,
    ink: Ink,
    spacing: f32,
) -> Result<Vec<Item>, Diagnostic> {
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
) -> Result<Vec<Item>, Diagnostic> {
    // The poet's inline markup (`*word*`, `^^nasa^^`) is read here as in verse: the title
    // page, the colophon and the cover's front are the poet's words too.
    let w = cx.styled_width(font, text, spacing);
    let x = frame.x + (frame.width - w) / 2.0;
    Ok(cx.styled_runs(font, text, Point::new(x, baseline), ink, spacing, at)?.into_iter().map(Item::Text).collect())
}

pub fn title_page(cx: &mut Ctx<'_>, frame: &Frame) -> Result<Vec<Item>, Diagnostic> {
    let body = cx.body_size();
    let book = cx.book;
    // The poet's straight quotes print curly here as in the verse.
    let (title, subtitle, author) = (
        crate::text::quotes::smarten(&book.title),
        book.subtitle.as_deref().map(crate::text::quotes::smarten),
        book.author.as_deref().map(crate::text::quotes::smarten),
    );
    let mut items = Vec::new();
    let title_font = cx.furniture(Style::Regular, body * 2.3, &[]);
    let small = cx.furniture(Style::Regular, small(body, 0.95), &["smcp"]);
    let height = frame.bottom - frame.top;
    let mut y = frame.top + height * 0.30;
    // Long titles break at the middle word boundary, and into more lines only when two
    // would still be wider than the page's text block.
    let mut lines = split_title(cx, &title_font, &title, frame.width * 0.9);
    if lines.iter().any(|l| cx.width(&title_font, l) > frame.width) {
        lines =
            wrap_evenly(cx, &title_font, &title, frame.width).map_err(|word| too_wide("the book's title", &word))?;
    }
    let at = Where::book_words(book);
    for line in lines {
        items.extend(centred_at(cx, &title_font, &line, frame, (y, Ink::BLACK, 0.0), &at)?);
        y += title_font.size * 1.15;
    }
    if let Some(sub) = subtitle {
        y += body * 1.2;
        items.extend(centred_at(cx, &small, &sub.to_lowercase(), frame, (y, SOLID, body * 0.12), &at)?);
    }
    if let Some(author) = author {
        let f = cx.furniture(Style::Regular, body * 1.2, &[]);
        items.extend(centred_at(cx, &f, &author, frame, (frame.top + height * 0.62, Ink::BLACK, 0.0), &at)?);
    }
    Ok(items)
}

/// `text` in as few lines no wider than `max` as will hold it, as even as they can be
/// (breaking only at spaces); `Err(word)` when a word alone is wider than `max`.
pub(super) fn wrap_evenly(cx: &mut Ctx<'_>, font: &Font, text: &str, max: f32) -> Result<Vec<String>, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let widths: Vec<f32> = words.iter().map(|w| cx.width(font, w)).collect();
    if let Some(i) = widths.iter().position(|&w| w > max) {
        return Err(words[i].to_string());
    }
    if cx.width(font, text) <= max {
        return Ok(vec![text.to_string()]);
    }
    let space = cx.width(font, "a b") - cx.width(font, "ab");
    // Greedy lines under `limit`; the fewest lines come from `max`, the evenest from the
    // smallest limit that still gives that many.
    let fill = |limit: f32| -> Vec<Vec<&str>> {
        let mut lines: Vec<Vec<&str>> = Vec::new();
        let mut width = 0.0;
        for (w, ww) in words.iter().zip(&widths) {
            match lines.last_mut() {
                Some(line) if width + space + ww <= limit => {
                    line.push(w);
                    width += space + ww;
                }
                _ => {
                    lines.push(vec![w]);
                    width = *ww;
                }
            }
        }
        lines
    };
    let count = fill(max).len();
    let (mut lo, mut hi) = (0.0, max);
    for _ in 0..24 {
        let mid = (lo + hi) / 2.0;
        if fill(mid).len() <= count { hi = mid } else { lo = mid }
    }
    Ok(carry_markup(fill(hi).into_iter().map(|l| l.join(" ")).collect()))
}

/// Lines broken from one text at single spaces, with inline markup open at each break
/// closed at the line's end and opened again on the next (`The *Long` / `nasa* Night`
/// becomes `The *Long*` / `*nasa* Night`), as verse turns its lines over.
fn carry_markup(lines: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    let mut rest = lines.join(" ");
    for k in 1..lines.len() {
        // The break before line k: the space ahead of what is left.
        let after = lines[k..].join(" ").len();
        let (head, tail) = crate::spec::inline::break_at(&rest, rest.len() - after - 1);
        out.push(head);
        rest = tail;
    }
    out.push(rest);
    out
}

/// A word of `what` wider than the text block: an error saying so and what to do.
fn too_wide(what: &str, word: &str) -> Diagnostic {
    Diagnostic::error(format!("{what} has a word wider than the text block: `{word}`"))
        .note("shorten it, or use a larger page or smaller margins")
}

/// Splits a title into at most two lines when it is wide, at the word boundary nearest
/// the middle.
pub(super) fn split_title(cx: &mut Ctx<'_>, font: &Font, title: &str, max: f32) -> Vec<String> {
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
    carry_markup(vec![words[..best.1].join(" "), words[best.1..].join(" ")])
}

/// Contents: numeral (when the book uses them), title, and the folio an en space after
/// it, per section, in the voice of the section heads: the head "Contents" set as a
/// section title at a section title's sink, the numerals as the headings print them, the
/// first entry at the depth of the first line under a heading (docs/book-conventions.md,
/// "Front matter"). The page lists `entries[range]`; its columns are measured over all
/// `entries`, so contents that run over several pages keep one column. A page that
/// continues the contents (the range not starting at 0) has no head, its first entry at
/// the depth of the first page's. Returns the items, their roles (the heading, then each entry's
/// numeral, title and folio) and the lowest baseline, so the caller can tell whether the
/// page holds them and whether a colophon fits below.
pub fn contents_page(
    cx: &mut Ctx<'_>,
    frame: &Frame,
    entries: &[(Option<String>, String, u32)],
    range: std::ops::Range<usize>,
) -> Result<(Vec<Item>, Vec<Role>, f32), Diagnostic> {
    let first = range.start;
    let mut roles = Vec::new();
    let body = cx.body_size();
    let lead = cx.leading();
    let at = Where::book();
    let mut items = Vec::new();
    let (num_font, num_spacing) = heading_numeral(cx);
    let head = cx.furniture(Style::Italic, body * TITLE_EM, &[]);
    let sink = heading_title_sink(cx);
    if first == 0 {
        items.extend(centred(cx, &head, "Contents", frame, frame.top + sink, Ink::BLACK, 0.0)?);
        // The head may come back as several runs (a fallback face): each is the heading.
        roles.resize(items.len(), Role::Heading { level: 2, id: 0 });
    }
    let grid = super::grid::Grid::new(body, lead);
    let mut y = frame.top + grid.up(sink + lead * 2.0 + grid.origin);
    let font = cx.furniture(Style::Regular, body, &[]);
    let num_w = entries
        .iter()
        .filter_map(|e| e.0.as_deref())
        .map(|n| cx.spaced_width(&num_font, n, numeral_spacing(n, num_spacing)))
        .fold(0.0, f32::max);
    let en = body * 0.5;
    let gap = body * 0.9;
    let folio_w = entries.iter().map(|e| cx.width(&font, &e.2.to_string())).fold(0.0, f32::max);
    let num_col = if num_w > 0.0 { num_w + gap } else { 0.0 };
    // A title wider than its column turns over, its folio on the last line.
    let room = frame.width - num_col - en - folio_w;
    let mut titles = Vec::with_capacity(entries.len());
    for e in entries {
        let what = format!("the title `{}` in the contents", e.1);
        titles.push(wrap_evenly(cx, &font, &e.1, room).map_err(|word| too_wide(&what, &word))?);
    }
    let mut widest: f32 = 0.0;
    for (e, lines) in entries.iter().zip(&titles) {
        for (k, l) in lines.iter().enumerate() {
            let w = cx.styled_width(&font, l, 0.0);
            let folio = if k + 1 == lines.len() { en + cx.width(&font, &e.2.to_string()) } else { 0.0 };
            widest = widest.max(w + folio);
        }
    }
    let total = (num_col + widest).min(frame.width);
    let x0 = frame.x + (frame.width - total) / 2.0;
    let mut last = y;
    for (k, (e, title_lines)) in entries.iter().zip(&titles).enumerate().skip(first).take(range.len()) {
        let before = items.len();
        if let Some(n) = e.0.as_deref() {
            let spacing = numeral_spacing(n, num_spacing);
            let nw = cx.spaced_width(&num_font, n, spacing);
            let runs = cx.runs(&num_font, n, Point::new(x0 + num_w - nw, y), SOLID, spacing, &at)?;
            items.extend(runs.into_iter().map(Item::Text));
        }
        let mut end = x0 + num_col;
        for (k, line) in title_lines.iter().enumerate() {
            if k > 0 {
                y += lead;
            }
            let runs = cx.styled_runs(&font, line, Point::new(x0 + num_col, y), Ink::BLACK, 0.0, &at)?;
            end = x0 + num_col + cx.styled_width(&font, line, 0.0);
            items.extend(runs.into_iter().map(Item::Text));
        }
        let f = e.2.to_string();
        items.extend(cx.runs(&font, &f, Point::new(end + en, y), SOLID, 0.0, &at)?.into_iter().map(Item::Text));
        roles.resize(roles.len() + items.len() - before, Role::ContentsEntry { entry: k as u32 });
        last = y;
        y += lead;
    }
    Ok((items, roles, last))
}

/// A section title's size, in em of the body.
const TITLE_EM: f32 = 1.45;

/// The font and letter spacing of a section numeral, in the heading and the contents.
fn heading_numeral(cx: &mut Ctx<'_>) -> (Font, f32) {
    let body = cx.body_size();
    (cx.furniture(Style::Regular, small(body, 0.9), &[]), body * 0.12)
}

/// The letter spacing of numeral `n`: roman numerals (capitals) are spaced, figures are
/// not (`10` spaced reads as `1 0`).
fn numeral_spacing(n: &str, spacing: f32) -> f32 {
    if n.chars().any(|c| c.is_ascii_digit()) { 0.0 } else { spacing }
}

/// How far below the top of the text block a section title's (first) baseline sits when
/// a numeral stands above it.
fn heading_title_sink(cx: &mut Ctx<'_>) -> f32 {
    small(cx.body_size(), 0.9) + cx.leading() * 1.55
}

/// The opening of a section: the numeral above the italic title, each when the section
/// has one (a one-poem book's heading is its title alone, like a broadside's). Returns
/// the fragment (width = the frame's) whose height includes the space before the first
/// block; empty, of height 0, when the section has neither.
pub fn heading(
    cx: &mut Ctx<'_>,
    numeral: Option<&str>,
    title: Option<&str>,
    width: f32,
    at: &Where,
) -> Result<Fragment, Diagnostic> {
    let body = cx.body_size();
    let lead = cx.leading();
    let (num, num_spacing) = heading_numeral(cx);
    let tit = cx.furniture(Style::Italic, body * TITLE_EM, &[]);
    let frame = Frame { x: 0.0, width, top: 0.0, bottom: 0.0 };
    let mut frag = Fragment { width, ..Fragment::default() };
    let mut baseline = 0.0;
    if let Some(n) = numeral {
        baseline = num.size;
        for item in centred_at(cx, &num, n, &frame, (baseline, SOLID, numeral_spacing(n, num_spacing)), at)? {
            frag.push(item);
        }
    }
    if let Some(t) = title {
        // A title wider than the measure turns over onto even lines.
        let lines = wrap_evenly(cx, &tit, t, width).map_err(|word| {
            at.error(format!("the title's word `{word}` is wider than the text block"))
                .note("shorten the title, or set a smaller size of page margins")
        })?;
        for (i, line) in lines.iter().enumerate() {
            baseline += match (i, numeral.is_some()) {
                (0, true) => heading_title_sink(cx) - baseline,
                (0, false) => tit.size * 0.8,
                _ => tit.size * 1.15,
            };
            // Inline markup in a title: `*word*` roman in the italic title, `^^x^^` small caps.
            let w = cx.styled_width(&tit, line, 0.0);
            let x = (width - w) / 2.0;
            let runs = cx.styled_runs(&tit, line, Point::new(x, baseline), Ink::BLACK, 0.0, at)?;
            for run in runs {
                frag.push_run(run);
            }
        }
    }
    if !frag.items.is_empty() {
        frag.height = baseline + lead * 2.0;
    }
    Ok(frag)
}

/// The page number, centred under the text block.
pub fn folio(cx: &mut Ctx<'_>, frame: &Frame, page_height: f32, number: u32) -> Result<Item, Diagnostic> {
    let body = cx.body_size();
    let font = cx.furniture(Style::Regular, small(body, 0.85), &[]);
    let bottom_margin = page_height - frame.bottom;
    let baseline = frame.bottom + bottom_margin * 0.45 + font.size * 0.3;
    // Figures: the body face has them, so this is one run.
    centred(cx, &font, &number.to_string(), frame, baseline, SOLID, 0.0).map(|mut items| items.remove(0))
}

/// What the colophon states, each fact taken from the book as built.
#[derive(Debug, Clone)]
pub struct Facts {
    pub title: String,
    pub author: Option<String>,
    /// The trim as a person writes it: `A5, 148 × 210 mm`, `6 × 9 in`.
    pub trim: String,
    /// The families set, `EB Garamond and Source Code Pro`.
    pub fonts: String,
    pub pages: usize,
    /// Whether any block is a text-art diagram.
    pub art: bool,
}

impl Facts {
    pub fn gather(cx: &mut Ctx<'_>, pages: usize) -> Facts {
        let book = cx.book;
        let mut families: Vec<String> = Vec::new();
        for f in cx.fonts.in_use() {
            if !families.contains(&f.family) {
                families.push(f.family.clone());
            }
        }
        let fraction_font = cx.furniture(Style::Regular, cx.body_size(), &[]);
        let fractions = FRACTIONS.iter().all(|(_, c)| cx.has_glyphs(&fraction_font, c));
        Facts {
            title: crate::text::quotes::smarten(&book.title),
            author: book.author.as_deref().map(crate::text::quotes::smarten),
            trim: trim_in_words(&book.page.size_name, book.page.width, book.page.height, fractions),
            fonts: join_and(&families),
            pages,
            art: book.sections.iter().flat_map(|s| &s.blocks).any(|b| matches!(b.kind, crate::spec::BlockKind::Art(_))),
        }
    }

    /// The colophon's lines: the poet's text with its placeholders filled in, or one
    /// made from the facts (italic title first). `true` marks an italic line.
    pub fn lines(&self, own: Option<&str>) -> Vec<(bool, String)> {
        if let Some(text) = own {
            let mut t = text.trim_matches('\n').to_string();
            // The title and author go in as words, without their own markup: the poet's
            // `*{title}*` sets them in italic, and markup cannot open inside markup.
            let plain = crate::spec::inline::plain;
            for (k, v) in [
                ("title", plain(&self.title)),
                ("author", plain(&self.author.clone().unwrap_or_default())),
                ("trim", self.trim.clone()),
                ("fonts", self.fonts.clone()),
                ("pages", self.pages.to_string()),
            ] {
                t = t.replace(&format!("{{{k}}}"), &v);
            }
            return t.lines().map(|l| (false, crate::text::quotes::smarten(l.trim()))).collect();
        }
        let mut lines = vec![
            (true, self.title.clone()),
            (false, format!("Set in {}.", self.fonts)),
            (false, format!("{} pages, {}.", self.pages, self.trim)),
        ];
        lines.push((
            false,
            if self.art {
                "Typeset with chapbook; the diagrams drawn from the poet’s text art.".to_string()
            } else {
                "Typeset with chapbook.".to_string()
            },
        ));
        lines
    }
}

/// The vulgar fractions a trim in inches may need, by eighths.
const FRACTIONS: &[(u32, &str)] = &[(1, "⅛"), (2, "¼"), (3, "⅜"), (4, "½"), (5, "⅝"), (6, "¾"), (7, "⅞")];

/// The trim as a printer writes it: an ISO size by name and millimetres (`A5, 148 × 210
/// mm`), inch sizes in inches with fractions (`4¼ × 5½ in`, `6 × 9 in`), anything else
/// in millimetres. `fractions`: the face has the fraction glyphs (else `4.25`).
pub fn trim_in_words(size_name: &str, w: f32, h: f32, fractions: bool) -> String {
    use crate::units::{PT_PER_IN, PT_PER_MM};
    let name = size_name.trim().to_ascii_lowercase();
    let mm = |v: f32| {
        let m = v / PT_PER_MM;
        if (m - m.round()).abs() < 0.05 { format!("{:.0}", m.round()) } else { format!("{m:.1}") }
    };
    let inch = |v: f32| {
        let eighths = (v / PT_PER_IN * 8.0).round() as u32;
        let whole = eighths / 8;
        match FRACTIONS.iter().find(|(e, _)| *e == eighths % 8) {
            None => whole.to_string(),
            Some((_, f)) if fractions => format!("{}{f}", if whole > 0 { whole.to_string() } else { String::new() }),
            Some((e, _)) => format!("{}", whole as f32 + *e as f32 / 8.0),
        }
    };
    let in_eighths = |v: f32| ((v / PT_PER_IN * 8.0) - (v / PT_PER_IN * 8.0).round()).abs() < 0.02;
    let iso = name.len() <= 3
        && matches!(name.as_bytes()[0], b'a' | b'b' | b'c')
        && name[1..].bytes().all(|b| b.is_ascii_digit())
        && name.len() > 1;
    if iso {
        format!("{}, {} × {} mm", name.to_ascii_uppercase(), mm(w), mm(h))
    } else if (name.ends_with("in") || name.contains("letter")) && in_eighths(w) && in_eighths(h) {
        format!("{} × {} in", inch(w), inch(h))
    } else {
        format!("{} × {} mm", mm(w), mm(h))
    }
}

/// The colophon set small and centred, its last line on the foot of the text block
/// (lines wider than the measure wrap at spaces). Returns the items and the first
/// baseline.
pub fn colophon(cx: &mut Ctx<'_>, frame: &Frame, lines: &[(bool, String)]) -> Result<(Vec<Item>, f32), Diagnostic> {
    let body = cx.body_size();
    let italic = cx.furniture(Style::Italic, small(body, 0.85), &[]);
    let roman = cx.furniture(Style::Regular, small(body, 0.85), &[]);
    let mut set: Vec<(&Font, String)> = Vec::new();
    for (it, text) in lines {
        let font = if *it { &italic } else { &roman };
        for l in cx.wrap_styled(font, text, frame.width) {
            set.push((font, l));
        }
    }
    let lead = cx.leading() * 0.9;
    let top = frame.bottom - lead * (set.len() as f32 - 1.0);
    let mut y = top;
    let mut items = Vec::new();
    for (font, text) in &set {
        if !text.is_empty() {
            items.extend(centred(cx, font, text, frame, y, SOLID, 0.0)?);
        }
        y += lead;
    }
    Ok((items, top))
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

#[cfg(test)]
mod tests {
    use super::{numeral_spacing, trim_in_words};
    use crate::units::parse_page_size;

    #[test]
    fn roman_numerals_are_letter_spaced_and_figures_are_not() {
        assert_eq!(numeral_spacing("XIV", 1.2), 1.2);
        assert_eq!(numeral_spacing("10", 1.2), 0.0);
        assert_eq!(numeral_spacing("2b", 1.2), 0.0);
    }

    #[test]
    fn trims_are_written_as_a_printer_writes_them() {
        let t = |name: &str| {
            let (w, h) = parse_page_size(name).unwrap();
            trim_in_words(name, w, h, true)
        };
        assert_eq!(t("a5"), "A5, 148 × 210 mm");
        assert_eq!(t("a6"), "A6, 105 × 148 mm");
        assert_eq!(t("6x9in"), "6 × 9 in");
        assert_eq!(t("5x8in"), "5 × 8 in");
        assert_eq!(t("quarter-letter"), "4¼ × 5½ in");
        assert_eq!(t("half-letter"), "5½ × 8½ in");
        assert_eq!(t("140mmx216mm"), "140 × 216 mm");
        let (w, h) = parse_page_size("quarter-letter").unwrap();
        assert_eq!(trim_in_words("quarter-letter", w, h, false), "4.25 × 5.5 in");
    }
}
