//! Alternative text for drawings and charts, made from their own words and structure so
//! that a reader who does not see the page hears what it shows. General rules about text
//! art, never about one poem:
//!
//! - boxes one under another (or side by side), each with an arrow to the next, read as
//!   "N boxes stacked, each pointing down to the next: A; B; …";
//! - otherwise the boxes are counted and named by their words, each arrow says what it
//!   leads from and to (a box's words or a label's), and the words outside boxes follow
//!   in reading order (rows top to bottom, left to right within a row);
//! - a chart reads its rows: "a chart of N rows: label, value; …".
//!
//! `alt = "…"` on the block replaces all of it (see docs/accessibility.md).

use crate::art::{Dir, Drawing};

/// A run of words as a reader takes it: a label, or single letters stacked in one
/// column on consecutive rows (a word stood on end), in cells.
struct Unit {
    text: String,
    rows: (f32, f32),
    cols: (f32, f32),
    in_box: Option<usize>,
}

/// The labels as units, in reading order: letters stacked one a row in one column are
/// joined into the word they spell.
fn units(d: &Drawing, smarten: &dyn Fn(&str) -> String) -> Vec<Unit> {
    let single = |i: usize| {
        let l = &d.labels[i];
        l.text.chars().count() == 1 && l.text.chars().all(char::is_alphabetic)
    };
    let mut used = vec![false; d.labels.len()];
    let mut out = Vec::new();
    for i in 0..d.labels.len() {
        if used[i] {
            continue;
        }
        let l = &d.labels[i];
        let mut text = l.text.clone();
        let mut last = l.row;
        if single(i) {
            // Follow the column down while each next row holds one letter there.
            while let Some(j) = (0..d.labels.len()).find(|&j| {
                !used[j] && j != i && single(j) && d.labels[j].row == last + 1 && d.labels[j].col_start == l.col_start
            }) {
                used[j] = true;
                text.push_str(&d.labels[j].text);
                last = d.labels[j].row;
            }
        }
        used[i] = true;
        out.push(Unit {
            text: smarten(&text),
            // Cell extents (labels count cells from their edges, strokes run through
            // centres): wide enough for either reading.
            rows: (l.row as f32 - 0.5, last as f32 + 1.0),
            cols: (l.col_start as f32 - 0.5, l.col_end as f32),
            in_box: l.in_box,
        });
    }
    out
}

/// Describes a text-art drawing; `smarten` gives labels the quotes they print with.
pub fn drawing(d: &Drawing, smarten: &dyn Fn(&str) -> String) -> String {
    let units = units(d, smarten);
    // Each box's words, in reading order.
    let box_words: Vec<String> = (0..d.boxes.len())
        .map(|b| units.iter().filter(|u| u.in_box == Some(b)).map(|u| u.text.as_str()).collect::<Vec<_>>().join(" "))
        .collect();
    let loose: Vec<&Unit> = units.iter().filter(|u| u.in_box.is_none()).collect();
    let loose_words = || loose.iter().map(|u| u.text.as_str()).collect::<Vec<_>>().join(", ");
    let name = |b: usize| if box_words[b].is_empty() { "an empty box".to_string() } else { box_words[b].clone() };
    let mut order: Vec<usize> = (0..d.boxes.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&d.boxes[a], &d.boxes[b]);
        (a.top, a.left).partial_cmp(&(b.top, b.left)).unwrap_or(std::cmp::Ordering::Equal)
    });
    let n = order.len();
    let arrows = d.arrowheads.len();
    // A chain: boxes stacked (or in a row), an arrow between each and the next.
    if n >= 2 && arrows == n - 1 {
        for (dir, how, way) in [(Dir::S, "stacked", "down"), (Dir::E, "in a row", "right")] {
            let mut chain = order.clone();
            if dir == Dir::E {
                chain.sort_by(|&a, &b| {
                    d.boxes[a].left.partial_cmp(&d.boxes[b].left).unwrap_or(std::cmp::Ordering::Equal)
                });
            }
            let linked = chain.windows(2).all(|w| {
                let (a, b) = (&d.boxes[w[0]], &d.boxes[w[1]]);
                d.arrowheads.iter().any(|h| {
                    h.dir == dir
                        && match dir {
                            Dir::S => {
                                h.tip.1 > a.bottom && h.tip.1 <= b.top + 0.5 && h.tip.0 > b.left && h.tip.0 < b.right
                            }
                            _ => h.tip.0 > a.right && h.tip.0 <= b.left + 0.5 && h.tip.1 > b.top && h.tip.1 < b.bottom,
                        }
                })
            });
            if linked {
                let names: Vec<String> = chain.iter().map(|&b| name(b)).collect();
                let mut s = format!("{} boxes {how}, each pointing {way} to the next: {}", count(n), names.join("; "));
                if !loose.is_empty() {
                    s.push_str(&format!(". Also: {}", loose_words()));
                }
                return finish(s);
            }
        }
    }
    let mut parts = Vec::new();
    if n > 0 {
        let names: Vec<String> = order.iter().map(|&b| name(b)).collect();
        parts.push(format!("{} {}: {}", count(n), if n == 1 { "box" } else { "boxes" }, names.join("; ")));
    }
    let described: Vec<String> = d.arrowheads.iter().map(|h| arrow(d, h, &box_words, &units)).collect();
    if !described.is_empty() {
        parts.push(format!(
            "{} {}: {}",
            count(arrows),
            if arrows == 1 { "arrow" } else { "arrows" },
            described.join("; ")
        ));
    }
    let lines = d.lines.iter().filter(|l| !l.closed).count();
    if n == 0 && arrows == 0 && lines > 0 {
        parts.push(format!("{} {}", count(lines), if lines == 1 { "line" } else { "lines" }));
    }
    if !loose.is_empty() {
        parts.push(format!("{}{}", if parts.is_empty() { "" } else { "words: " }, loose_words()));
    }
    if parts.is_empty() {
        return "a drawing without words".into();
    }
    finish(format!("a diagram of {}", parts.join(". ")))
}

/// What one arrow points at and comes from: the box at either end, else the nearest
/// words ahead of its tip (and behind its shaft's far end).
fn arrow(d: &Drawing, h: &crate::art::Arrowhead, box_words: &[String], units: &[Unit]) -> String {
    let way = match h.dir {
        Dir::N => "up",
        Dir::E => "right",
        Dir::S => "down",
        Dir::W => "left",
    };
    // Words or a box at `p`, looking along `dir` (forward) for at most three cells.
    let at = |p: (f32, f32), dir: Dir| -> Option<String> {
        let b = d.boxes.iter().enumerate().find(|(_, b)| {
            p.0 >= b.left - 1.01 && p.0 <= b.right + 1.01 && p.1 >= b.top - 1.01 && p.1 <= b.bottom + 1.01
        });
        if let Some((i, _)) = b.filter(|(i, _)| !box_words[*i].is_empty()) {
            return Some(box_words[i].clone());
        }
        let gap = |lo: f32, hi: f32, v: f32| {
            if v < lo {
                lo - v
            } else if v > hi {
                v - hi
            } else {
                0.0
            }
        };
        let score = |u: &Unit| -> Option<f32> {
            let (along, across) = match dir {
                Dir::E => (u.cols.0 - p.0, gap(u.rows.0, u.rows.1, p.1)),
                Dir::W => (p.0 - u.cols.1, gap(u.rows.0, u.rows.1, p.1)),
                Dir::S => (u.rows.0 - p.1, gap(u.cols.0, u.cols.1, p.0)),
                Dir::N => (p.1 - u.rows.1, gap(u.cols.0, u.cols.1, p.0)),
            };
            ((-0.51..=3.51).contains(&along) && across <= 1.01).then_some(along.max(0.0) + 2.0 * across)
        };
        units
            .iter()
            .filter_map(|u| score(u).map(|s| (s, u)))
            .min_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal))
            .map(|(_, u)| u.text.clone())
    };
    let to = at(h.tip, h.dir);
    // The shaft: the line whose end is at the tip; its other end is where the arrow starts.
    let near = |p: (f32, f32)| (p.0 - h.tip.0).abs() + (p.1 - h.tip.1).abs() <= 1.01;
    let tail = d.lines.iter().filter(|l| !l.closed && l.points.len() >= 2).find_map(|l| {
        let (first, last) = (l.points[0], l.points[l.points.len() - 1]);
        if near(last) {
            Some(first)
        } else if near(first) {
            Some(last)
        } else {
            None
        }
    });
    let back = h.dir.opposite();
    let from = tail.unwrap_or(h.tip);
    let from = at(from, back).filter(|f| Some(f) != to.as_ref());
    match (from, to) {
        (Some(f), Some(t)) => format!("from {f} {way} to {t}"),
        (None, Some(t)) => format!("pointing {way} to {t}"),
        (Some(f), None) => format!("from {f} pointing {way}"),
        (None, None) => format!("pointing {way}"),
    }
}

/// Numbers up to twelve in words, as a sentence says them.
fn count(n: usize) -> String {
    const WORDS: [&str; 13] =
        ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    WORDS.get(n).map_or_else(|| n.to_string(), |w| w.to_string())
}

/// Capitalised, without a double space.
fn finish(s: String) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => s,
    }
}

/// Describes a chart by its rows: each label with its value.
pub fn chart(text: &str) -> String {
    match super::chart::rows(text) {
        Ok(rows) => {
            let items: Vec<String> = rows.iter().map(|r| format!("{}, {}", r.label, r.value_text)).collect();
            finish(format!("a chart of {} rows: {}", count(rows.len()), items.join("; ")))
        }
        Err(_) => "a chart".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::art::{ArtOptions, parse};

    fn alt(text: &str) -> String {
        drawing(&parse(text, &ArtOptions::default()).unwrap(), &|s| s.to_string())
    }

    #[test]
    fn a_stack_of_boxes_reads_as_a_chain() {
        let a =
            alt("┌─────┐\n│ one │\n└──┬──┘\n   ▼\n┌─────┐\n│ two │\n└──┬──┘\n   ▼\n┌───────┐\n│ three │\n└───────┘\n");
        assert_eq!(a, "Three boxes stacked, each pointing down to the next: one; two; three");
    }

    #[test]
    fn arrows_name_what_they_join_and_loose_words_follow_in_reading_order() {
        let a = alt(" Q     K\n |     |\n +--+--+\n    |\n    V\n");
        assert!(a.contains("Q") && a.contains("K") && a.contains("V"), "{a}");
        let a = alt("cause → effect\n");
        assert!(a.contains("arrow") && a.contains("cause") && a.contains("effect"), "{a}");
    }

    #[test]
    fn a_word_stood_on_end_reads_as_the_word_and_an_arrow_names_what_it_points_at() {
        let a = alt("t\no\nk   ← I am not the word.\ne\nn\n");
        assert_eq!(
            a,
            "A diagram of one arrow: from I am not the word. left to token. words: token, I am not the word."
        );
    }

    #[test]
    fn charts_read_their_rows() {
        assert_eq!(chart("alpha ••• 0.3\nbeta • 0.1\n"), "A chart of two rows: alpha, 0.3; beta, 0.1");
    }
}
