//! Verse blocks: the poet's line breaks exactly, stanzas separated by a blank line,
//! alignment (left, centre, right, optical), indents, a tint ramp across the lines,
//! arrows drawn as vector arrows, and `___` blanks drawn as rules as wide as the word that
//! fills them on the next line (so a staircase of blanks lines up). A line too wide for
//! the measure either shrinks the whole block (`overflow = "shrink"`, down to 80 %) or
//! turns over (`"turnover"`): the rest of the line continues on the next, indented by a
//! hanging 2 em, broken at a space, never inside a word.

use super::Where;
use super::arrows::{self, Heading, Pen};
use super::ctx::Ctx;
use super::ctx::Font;
use super::fragment::Fragment;
use super::report::Change;
use crate::diag::Diagnostic;
use crate::display::{Ink, Point, Role};
use crate::spec::inline as emphasis;
use crate::spec::{Align, Overflow, Verse};
use crate::text::Style;
use crate::units::Length;

/// The smallest fraction of its size a verse block is shrunk to, to fit its longest line.
const SHRINK_LIMIT: f32 = 0.8;
/// How far a turned-over line's continuation is indented, in em of the verse size.
const TURNOVER_INDENT_EM: f32 = 2.0;
use crate::text::quotes::smarten;

/// One piece of a verse line.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(String),
    Arrow(Heading),
    /// A blank to fill in; `word` is its index among the line's words, `len` how many
    /// underscores the poet typed.
    Blank {
        word: usize,
        len: usize,
    },
}

/// A line split into text, arrows and blanks (text already has typographic quotes).
pub fn pieces(line: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut word = 0;
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        // A run of three or more underscores is a blank.
        if c == '_' && chars.clone().take(2).filter(|n| *n == '_').count() == 2 {
            let mut len = 1;
            while chars.peek() == Some(&'_') {
                chars.next();
                len += 1;
            }
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text)));
            }
            out.push(Piece::Blank { word, len });
            in_word = true;
            continue;
        }
        if let Some(h) = Heading::of_char(c) {
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text)));
            }
            out.push(Piece::Arrow(h));
            in_word = true;
            continue;
        }
        if c.is_whitespace() {
            if in_word {
                word += 1;
            }
            in_word = false;
        } else {
            in_word = true;
        }
        text.push(c);
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    out
}

/// A verse line ready to place.
struct Line {
    indent: f32,
    pieces: Vec<Piece>,
    /// Width of each piece, filled in once blanks are known.
    widths: Vec<f32>,
    words: Vec<String>,
    /// Whether the line starts a new stanza (and how many blank lines precede it).
    gap_before: usize,
    /// The poet's line this is (or continues, when turned over), 0-based.
    source: usize,
    /// The line's type size (the block's, or its place on a `size` ramp).
    size: f32,
}

impl Line {
    /// The line's text (arrows as arrows, blanks as `___`), for messages.
    fn text(&self) -> String {
        let mut s = String::new();
        for p in &self.pieces {
            match p {
                Piece::Text(t) => s.push_str(t),
                Piece::Arrow(h) => s.push(h.char()),
                Piece::Blank { .. } => s.push_str("___"),
            }
        }
        s
    }

    fn width(&self) -> f32 {
        self.indent + self.widths.iter().sum::<f32>()
    }
}

/// Lays out the block; says how it was set other than as written (smaller, or with lines
/// turned over), if it was.
pub fn layout(cx: &mut Ctx<'_>, v: &Verse, measure: f32, at: &Where) -> Result<(Fragment, Option<Change>), Diagnostic> {
    lay_out(cx, v, measure, at, true)
}

/// Lays out the block; `may_shrink` allows one retry at a smaller size.
fn lay_out(
    cx: &mut Ctx<'_>,
    v: &Verse,
    measure: f32,
    at: &Where,
    may_shrink: bool,
) -> Result<(Fragment, Option<Change>), Diagnostic> {
    let font = cx.font(&v.face, Style::Regular, at)?;
    let sizes = Sizes::resolve(cx, v, &font, measure);
    let mut lines = read_lines(v, sizes.step);
    let count = lines.len();
    for line in &mut lines {
        line.size = line_size(cx, v, &font, line.source, count);
    }
    measure_pieces(cx, &font, sizes.letter_spacing, &mut lines);
    let sources = lines.len();
    let indent = sizes.indent;
    let mut change = None;
    if v.overflow == Overflow::Turnover && indent < measure {
        let before = lines.len();
        lines = turn_all_over(cx, &font, sizes.letter_spacing, lines, measure - indent);
        if lines.len() > before {
            change = Some(Change::Turnovers(lines.len() - before));
        }
    }
    let longest = lines.iter().map(Line::width).fold(0.0, f32::max);
    // With `overflow = "shrink"` the poet's line breaks are kept, so a block too wide for
    // the measure is set smaller (down to SHRINK_LIMIT of its size) rather than rebroken.
    if v.overflow == Overflow::Shrink && longest + indent > measure + 0.01 && indent < measure {
        let k = (measure - indent) / longest;
        // Nor under the size nothing automatic goes below (unless the poet's is already).
        let floor = crate::spec::canon::MIN_AUTO.min(font.size);
        if k >= SHRINK_LIMIT && font.size * k >= floor - 0.01 && may_shrink {
            return shrunk(cx, v, &font, &sizes, k, at);
        }
    }
    if longest + indent > measure + 0.01 {
        return Err(too_wide(v, &lines, indent, measure, at));
    }
    let frag = set_lines(cx, v, &font, &sizes, &lines, sources, at)?;
    Ok((frag, change))
}

/// The block's lengths resolved against its font size and the measure.
struct Sizes {
    measure: f32,
    leading: f32,
    stanza_space: f32,
    /// One step of a line's leading spaces.
    step: f32,
    letter_spacing: f32,
    /// The whole block's indent.
    indent: f32,
}

impl Sizes {
    fn resolve(cx: &Ctx<'_>, v: &Verse, font: &Font, measure: f32) -> Sizes {
        let scale = font.size / cx.body_size();
        let leading = v.leading.map(|l| l.resolve(font.size, measure)).unwrap_or(cx.leading() * scale);
        Sizes {
            measure,
            leading,
            // On the half-line grid: a written stanza space rounds to half the body leading.
            stanza_space: v
                .stanza_space
                .map(|l| super::grid::round_to_half(l.resolve(font.size, measure), cx.leading()))
                .unwrap_or(leading),
            step: v.indent_step.resolve(font.size, measure),
            letter_spacing: v.letter_spacing.resolve(font.size, measure),
            indent: v.indent.resolve(font.size, measure),
        }
    }
}

/// The block's non-blank lines as written, split into pieces (widths not yet measured),
/// each knowing how many blank lines came before it.
fn read_lines(v: &Verse, step: f32) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut gap = 0;
    for raw in v.text.trim_end().lines() {
        let raw = raw.trim_end();
        if raw.trim().is_empty() {
            if !lines.is_empty() {
                gap += 1;
            }
            continue;
        }
        let spaces = raw.chars().take_while(|c| *c == ' ').count();
        let content = smarten(raw.trim_start());
        let words = content.split_whitespace().map(str::to_string).collect();
        lines.push(Line {
            indent: spaces as f32 * step,
            pieces: pieces(&content),
            widths: Vec::new(),
            words,
            gap_before: gap,
            source: lines.len(),
            size: 0.0,
        });
        gap = 0;
    }
    lines
}

/// Fills in every line's piece widths: text and arrows as set, a blank as wide as the
/// word that fills it on the next line.
fn measure_pieces(cx: &mut Ctx<'_>, block_font: &Font, block_spacing: f32, lines: &mut [Line]) {
    for i in 0..lines.len() {
        let (font, letter_spacing) = &line_font(block_font, block_spacing, &lines[i]);
        let (font, letter_spacing) = (font, *letter_spacing);
        let mut widths = Vec::with_capacity(lines[i].pieces.len());
        for p in &lines[i].pieces {
            widths.push(match p {
                Piece::Text(t) => cx.styled_width(font, t, letter_spacing),
                Piece::Arrow(_) => font.size,
                Piece::Blank { word, len } => {
                    let next = lines.get(i + 1).filter(|n| n.gap_before == 0);
                    let filler = next.and_then(|n| n.words.get(*word)).filter(|w| !w.starts_with("___"));
                    match filler {
                        Some(w) => cx.spaced_width(font, w, letter_spacing),
                        // Unfilled: as long as the poet typed it, 1.6 em at the least.
                        None => cx.spaced_width(font, &"_".repeat(*len), letter_spacing).max(font.size * 1.6),
                    }
                }
            });
        }
        lines[i].widths = widths;
    }
}

/// Every line turned over where it is wider than `room`.
fn turn_all_over(cx: &mut Ctx<'_>, block_font: &Font, spacing: f32, lines: Vec<Line>, room: f32) -> Vec<Line> {
    let mut turned = Vec::with_capacity(lines.len());
    for line in lines {
        let (font, letter_spacing) = line_font(block_font, spacing, &line);
        let hang = font.size * TURNOVER_INDENT_EM;
        turn_over(cx, &font, letter_spacing, line, room, hang, &mut turned);
    }
    turned
}

/// The block laid out again at `k` times its size, reported as shrunk.
fn shrunk(
    cx: &mut Ctx<'_>,
    v: &Verse,
    font: &Font,
    sizes: &Sizes,
    k: f32,
    at: &Where,
) -> Result<(Fragment, Option<Change>), Diagnostic> {
    let mut smaller = v.clone();
    smaller.face.size = Some(Length::Pt(font.size * k * 0.999));
    smaller.leading = Some(Length::Pt(sizes.leading * k));
    smaller.stanza_space = Some(Length::Pt(sizes.stanza_space * k));
    smaller.indent_step = Length::Pt(sizes.step * k);
    let body = cx.body_size();
    if let Some(r) = &mut smaller.size_ramp {
        r.from = Length::Pt(r.from.resolve(body, body) * k * 0.999);
        r.to = Length::Pt(r.to.resolve(body, body) * k * 0.999);
    }
    let (frag, _) = lay_out(cx, &smaller, sizes.measure, at, false)?;
    Ok((frag, Some(Change::Shrunk { from: font.size, to: font.size * k * 0.999 })))
}

/// The error for a block whose widest line does not fit the measure, with what to do.
fn too_wide(v: &Verse, lines: &[Line], indent: f32, measure: f32, at: &Where) -> Diagnostic {
    let note = match v.overflow {
        Overflow::Shrink => {
            "the block was already tried at 80% of its size; break the line, set overflow = \"turnover\", reduce `size` or `letter_spacing`, or widen the page margins"
        }
        Overflow::Turnover => {
            "a word wider than the measure cannot turn over; reduce `size` or `letter_spacing`, or widen the page margins"
        }
    };
    let widest = lines.iter().max_by(|a, b| a.width().total_cmp(&b.width())).unwrap();
    at.error(format!(
        "the line “{}” is {:.1}pt wide, {:.1}pt more than the measure of {:.1}pt",
        widest.text().trim(),
        widest.width() + indent,
        widest.width() + indent - measure,
        measure
    ))
    .note(note)
}

/// Sets the measured lines one under another: aligned, tinted by their place among the
/// `sources` lines as written, stanzas apart, arrows and blanks drawn.
fn set_lines(
    cx: &mut Ctx<'_>,
    v: &Verse,
    font: &Font,
    sizes: &Sizes,
    lines: &[Line],
    sources: usize,
    at: &Where,
) -> Result<Fragment, Diagnostic> {
    let Sizes { measure, stanza_space, indent, .. } = *sizes;
    let longest = lines.iter().map(Line::width).fold(0.0, f32::max);
    let block_font = font;
    let mut frag = Fragment { width: measure, ..Fragment::default() };
    let mut y = 0.0;
    let mut previous_source = None;
    // Each stanza is a paragraph, each of the poet's lines a line of it (a line turned
    // over stays one line).
    let (mut para, mut in_para) = (0u32, 0u32);
    for (k, line) in lines.iter().enumerate() {
        if k > 0 && line.gap_before > 0 {
            para += 1;
            in_para = 0;
        } else if previous_source.is_some_and(|s| s != line.source) {
            in_para += 1;
        }
        let (text_role, blank_role) = (Role::Line { para, line: in_para }, Role::Blank { para, line: in_para });
        if line.gap_before > 0 {
            frag.breaks.push(y);
            y += stanza_space * line.gap_before as f32;
        } else if previous_source.is_some_and(|s| s != line.source) {
            // Between two of the poet's lines (never inside a line turned over).
            frag.line_breaks.push(y);
        }
        previous_source = Some(line.source);
        // A line on a size ramp takes leading, spacing and pen in proportion to its size.
        let (font, letter_spacing) = &line_font(block_font, sizes.letter_spacing, line);
        let letter_spacing = *letter_spacing;
        let leading = sizes.leading * (line.size / block_font.size);
        let pen = Pen::for_size(font.size, Ink::clamped(v.ink));
        let x_height = cx.x_height(font);
        let ascent = (leading + font.size * 0.62) / 2.0;
        let x0 = indent
            + match v.align {
                Align::Left => 0.0,
                Align::Center => (measure - indent - line.width()) / 2.0,
                Align::Right => measure - indent - line.width(),
                Align::Optical => (measure - indent - longest) / 2.0,
            }
            + line.indent
            - hang(cx, font, v.align, letter_spacing, line);
        let ink = Ink::clamped(line_ink(v, line.source, sources));
        let baseline = y + ascent;
        let mut x = x0;
        for (p, w) in line.pieces.iter().zip(&line.widths) {
            match p {
                Piece::Text(t) => {
                    frag.tag = text_role.clone();
                    for run in cx.styled_runs(font, t, Point::new(x, baseline), ink, letter_spacing, at)? {
                        frag.push_run(run);
                    }
                }
                Piece::Arrow(h) => {
                    frag.tag = text_role.clone();
                    let pen = Pen { ink, ..pen };
                    for path in inline_arrow(x, *w, baseline, x_height, *h, &pen) {
                        frag.push_path(path);
                    }
                }
                Piece::Blank { .. } => {
                    frag.tag = blank_role.clone();
                    let pen = Pen { ink, ..pen };
                    frag.push_path(arrows::rule(x, x + w, baseline + font.size * 0.12, &pen));
                }
            }
            x += w;
        }
        y += leading;
    }
    frag.height = y;
    Ok(frag)
}

/// Opening quotes and brackets that hang outside a flush edge, so that the letters align.
const HANGING: &[char] = &['“', '‘', '„', '‚', '«', '‹', '(', '[', '{', '"', '\''];

/// How far a line hangs to the left of its edge: in flush-left and optically centred
/// verse (both have a left edge the eye follows), the width of the opening quotes and
/// brackets the line begins with.
fn hang(cx: &mut Ctx<'_>, font: &Font, align: Align, spacing: f32, line: &Line) -> f32 {
    if !matches!(align, Align::Left | Align::Optical) {
        return 0.0;
    }
    let Some(Piece::Text(t)) = line.pieces.first() else { return 0.0 };
    let end = t.char_indices().find(|(_, c)| !HANGING.contains(c)).map(|(i, _)| i).unwrap_or(t.len());
    // A line of nothing but punctuation has no letters to align.
    if end == 0 || end == t.len() || t[end..].starts_with(' ') {
        return 0.0;
    }
    // Measured with the first letter, so a kern between quote and letter is counted.
    let letter = t[end..].chars().next().map(char::len_utf8).unwrap_or(0);
    cx.spaced_width(font, &t[..end + letter], spacing) - cx.spaced_width(font, &t[end..end + letter], spacing)
}

/// How many words `pieces` print: text split at spaces, an arrow or a blank standing
/// alone counting as one (a blank joined to a word is part of it).
fn words_in(pieces: &[Piece]) -> usize {
    let mut s = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => s.push_str(t),
            Piece::Arrow(h) => s.push(h.char()),
            Piece::Blank { .. } => s.push_str("___"),
        }
    }
    s.split_whitespace().count()
}

/// Pushes `line` onto `out`, turned over at spaces while it is wider than `room`: each
/// continuation starts `hang` further in than the line. A line that has no space to break
/// at within the room is pushed whole (the caller reports it).
fn turn_over(cx: &mut Ctx<'_>, font: &Font, spacing: f32, mut line: Line, room: f32, hang: f32, out: &mut Vec<Line>) {
    let first_indent = line.indent;
    while line.width() > room + 0.01 {
        // The last space (piece, byte) where the part before it fits, and the last that
        // also leaves two words at least for the turned line (never a lone word or blank).
        let mut best = None;
        let mut best_two = None;
        let mut x = line.indent;
        for (k, p) in line.pieces.iter().enumerate() {
            if let Piece::Text(t) = p {
                for (b, _) in t.match_indices(' ') {
                    let head = t[..b].trim_end();
                    let w = x + cx.styled_width(font, &emphasis::break_at(t, b).0, spacing);
                    if w <= room + 0.01 && (k > 0 || !head.trim().is_empty()) {
                        best = Some((k, b));
                        let after = t[b..].split_whitespace().count() + words_in(&line.pieces[k + 1..]);
                        if after >= 2 {
                            best_two = Some((k, b));
                        }
                    }
                }
            }
            x += line.widths[k];
            if x > room {
                break;
            }
        }
        let Some((k, b)) = best_two.or(best) else { break };
        let Piece::Text(t) = &line.pieces[k] else { unreachable!("breaks are at spaces in text") };
        // Emphasis open at the break closes at the end of the line and opens again on the turned line.
        let (head, tail) = emphasis::break_at(t, b);
        let mut first: Vec<Piece> = line.pieces[..k].to_vec();
        let mut rest: Vec<Piece> = Vec::new();
        if !head.is_empty() {
            first.push(Piece::Text(head));
        }
        if !tail.is_empty() {
            rest.push(Piece::Text(tail));
        }
        rest.extend(line.pieces[k + 1..].iter().cloned());
        if rest.is_empty() {
            break;
        }
        let mut widths_of = |pieces: &[Piece], old: &[(Piece, f32)]| -> Vec<f32> {
            pieces
                .iter()
                .map(|p| match p {
                    Piece::Text(t) => cx.styled_width(font, t, spacing),
                    other => old.iter().find(|(q, _)| q == other).map(|(_, w)| *w).unwrap_or(font.size),
                })
                .collect()
        };
        let old: Vec<(Piece, f32)> = line.pieces.iter().cloned().zip(line.widths.iter().copied()).collect();
        let head_line = Line {
            indent: line.indent,
            widths: widths_of(&first, &old),
            pieces: first,
            words: Vec::new(),
            gap_before: line.gap_before,
            source: line.source,
            size: line.size,
        };
        line = Line {
            indent: first_indent + hang,
            widths: widths_of(&rest, &old),
            pieces: rest,
            words: Vec::new(),
            gap_before: 0,
            source: line.source,
            size: line.size,
        };
        out.push(head_line);
    }
    out.push(line);
}

/// The font and letter spacing of `line`: the block's, at the line's size.
fn line_font(block: &Font, spacing: f32, line: &Line) -> (Font, f32) {
    let k = line.size / block.size;
    (Font { key: block.key.clone(), size: line.size }, spacing * k)
}

/// The size of line `i` of `n`: the block's, or its place on the size ramp (from `from`
/// to `to`, reaching `to` at `peak`, as [`line_ink`] ramps the ink).
fn line_size(cx: &Ctx<'_>, v: &Verse, font: &Font, i: usize, n: usize) -> f32 {
    let Some(r) = v.size_ramp else { return font.size };
    let body = cx.body_size();
    let (from, to) = (r.from.resolve(body, body), r.to.resolve(body, body));
    let peak = r.peak.unwrap_or(n).clamp(1, n.max(1));
    let f = if peak <= 1 { 1.0 } else { (i as f32 / (peak - 1) as f32).min(1.0) };
    (from + (to - from) * f).clamp(3.0, 200.0)
}

/// Ink of line `i` of `n`: flat, or ramped from `from` to `to` reaching `to` at `peak`.
fn line_ink(v: &Verse, i: usize, n: usize) -> f32 {
    match v.tint {
        None => v.ink,
        Some(t) => {
            let peak = t.peak.unwrap_or(n).clamp(1, n.max(1));
            let f = if peak <= 1 { 1.0 } else { (i as f32 / (peak - 1) as f32).min(1.0) };
            t.from + (t.to - t.from) * f
        }
    }
}

/// An arrow set in a line of text: it fills the `width` it was given (one em), sits on the
/// x-height (horizontal arrows at its middle; vertical ones span it).
pub fn inline_arrow(
    x: f32,
    width: f32,
    baseline: f32,
    x_height: f32,
    h: Heading,
    pen: &Pen,
) -> Vec<crate::display::Path> {
    let pad = width * 0.12;
    let mid_y = baseline - x_height * 0.5;
    let cx = x + width / 2.0;
    let (from, tip) = match h {
        Heading::East => (Point::new(x + pad, mid_y), Point::new(x + width - pad, mid_y)),
        Heading::West => (Point::new(x + width - pad, mid_y), Point::new(x + pad, mid_y)),
        Heading::North => (Point::new(cx, baseline + x_height * 0.2), Point::new(cx, baseline - x_height * 1.35)),
        Heading::South => (Point::new(cx, baseline - x_height * 1.35), Point::new(cx, baseline + x_height * 0.2)),
    };
    arrows::arrow(from, tip, h, pen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_split_arrows_and_blanks_and_count_words() {
        assert_eq!(pieces("The next ___"), vec![Piece::Text("The next ".into()), Piece::Blank { word: 2, len: 3 }]);
        assert_eq!(
            pieces("↓ pick one ↓"),
            vec![Piece::Arrow(Heading::South), Piece::Text(" pick one ".into()), Piece::Arrow(Heading::South)]
        );
        assert_eq!(pieces("snake_case stays"), vec![Piece::Text("snake_case stays".into())]);
    }
}
