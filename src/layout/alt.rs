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

/// Describes a text-art drawing; `smarten` gives labels the quotes they print with.
pub fn drawing(d: &Drawing, smarten: &dyn Fn(&str) -> String) -> String {
    let label = |i: usize| smarten(&d.labels[i].text);
    // Each box's words, in reading order (labels are sorted by row, then column).
    let box_words: Vec<String> = (0..d.boxes.len())
        .map(|b| {
            let words: Vec<String> =
                (0..d.labels.len()).filter(|&i| d.labels[i].in_box == Some(b)).map(label).collect();
            words.join(" ")
        })
        .collect();
    let loose: Vec<usize> = (0..d.labels.len()).filter(|&i| d.labels[i].in_box.is_none()).collect();
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
                    s.push_str(&format!(". Also: {}", words(&loose, &label)));
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
    let described: Vec<String> = d.arrowheads.iter().map(|h| arrow(d, h, &box_words, &label)).collect();
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
        parts.push(format!("{}{}", if parts.is_empty() { "" } else { "words: " }, words(&loose, &label)));
    }
    if parts.is_empty() {
        return "a drawing without words".into();
    }
    finish(format!("a diagram of {}", parts.join(". ")))
}

/// What one arrow points at and comes from, by the nearest words.
fn arrow(d: &Drawing, h: &crate::art::Arrowhead, box_words: &[String], label: &dyn Fn(usize) -> String) -> String {
    let way = match h.dir {
        Dir::N => "up",
        Dir::E => "right",
        Dir::S => "down",
        Dir::W => "left",
    };
    let at = |p: (f32, f32)| -> Option<String> {
        // A box whose wall is within a cell of the point, else the nearest label within two cells.
        let b = d.boxes.iter().enumerate().find(|(_, b)| {
            p.0 >= b.left - 1.01 && p.0 <= b.right + 1.01 && p.1 >= b.top - 1.01 && p.1 <= b.bottom + 1.01
        });
        if let Some((i, _)) = b.filter(|(i, _)| !box_words[*i].is_empty()) {
            return Some(box_words[i].clone());
        }
        let dist = |i: usize| {
            let l = &d.labels[i];
            let dx = if p.0 < l.col_start as f32 {
                l.col_start as f32 - p.0
            } else {
                (p.0 - (l.col_end as f32 - 1.0)).max(0.0)
            };
            dx + (p.1 - l.row as f32).abs()
        };
        (0..d.labels.len())
            .filter(|&i| dist(i) <= 2.5)
            .min_by(|&a, &b| dist(a).partial_cmp(&dist(b)).unwrap_or(std::cmp::Ordering::Equal))
            .map(label)
    };
    let (dx, dy) = h.dir.delta();
    let ahead = (h.tip.0 + dx as f32 * 0.6, h.tip.1 + dy as f32 * 0.6);
    let to = at(ahead).or_else(|| at(h.tip));
    // The shaft: the line whose end is at the tip; its other end is where the arrow starts.
    let near = |p: (f32, f32)| (p.0 - h.tip.0).abs() + (p.1 - h.tip.1).abs() <= 1.01;
    let from = d.lines.iter().filter(|l| !l.closed && l.points.len() >= 2).find_map(|l| {
        let (first, last) = (l.points[0], l.points[l.points.len() - 1]);
        if near(last) {
            Some(first)
        } else if near(first) {
            Some(last)
        } else {
            None
        }
    });
    let behind = (h.tip.0 - dx as f32 * 1.5, h.tip.1 - dy as f32 * 1.5);
    let from = from.and_then(at).or_else(|| at(behind)).filter(|f| Some(f) != to.as_ref());
    match (from, to) {
        (Some(f), Some(t)) => format!("from {f} {way} to {t}"),
        (None, Some(t)) => format!("pointing {way} to {t}"),
        (Some(f), None) => format!("from {f} pointing {way}"),
        (None, None) => format!("pointing {way}"),
    }
}

fn words(labels: &[usize], label: &dyn Fn(usize) -> String) -> String {
    labels.iter().map(|&i| label(i)).collect::<Vec<_>>().join(", ")
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
    fn charts_read_their_rows() {
        assert_eq!(chart("alpha ••• 0.3\nbeta • 0.1\n"), "A chart of two rows: alpha, 0.3; beta, 0.1");
    }
}
