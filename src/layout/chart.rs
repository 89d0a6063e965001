//! Chart blocks: rows of `label  ••••  0.42`. The values come from the numbers written in
//! the manuscript, not from the bullet counts; each row becomes a right-aligned label, a
//! run of vector dots or a solid bar proportional to the value, and the value aligned on
//! its decimal point.

use super::Where;
use super::ctx::Ctx;
use super::fragment::Fragment;
use crate::diag::Diagnostic;
use crate::display::{Dot, Ink, Item, Path, Point};
use crate::spec::{BarStyle, Chart};
use crate::text::Style;
use crate::text::quotes::smarten;

/// One parsed row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    pub value: f32,
    /// The value as written (printed as is).
    pub value_text: String,
}

/// Parses chart text: every non-empty line is `LABEL BARS NUMBER`, where BARS is any run
/// of non-alphanumeric marks (bullets, `#`, `=`, `*`) and NUMBER the last word.
pub fn rows(text: &str) -> Result<Vec<Row>, (usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (rest, num) = line
            .rsplit_once(char::is_whitespace)
            .ok_or((i + 1, format!("“{line}” has no value: end the row with a number such as 0.42")))?;
        let value: f32 = num.parse().map_err(|_| (i + 1, format!("“{num}” at the end of “{line}” is not a number")))?;
        if !value.is_finite() || value < 0.0 {
            return Err((i + 1, format!("chart values must be zero or positive, not {num}")));
        }
        let label = rest
            .trim_end()
            .trim_end_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '"' | '\'' | ')' | ']' | '.' | '!' | '?'))
            .trim_end();
        out.push(Row { label: smarten(label), value, value_text: num.to_string() });
    }
    Ok(out)
}

pub fn layout(cx: &mut Ctx<'_>, c: &Chart, measure: f32, at: &Where) -> Result<Fragment, Diagnostic> {
    let rows = rows(&c.text).map_err(|(line, msg)| at.error(format!("chart row {line}: {msg}")))?;
    let font = cx.font(&c.face, Style::Regular, at)?;
    let size = font.size;
    let leading = cx.leading() * size / cx.body_size();
    let ink = Ink::clamped(c.ink);
    let label_w = rows.iter().map(|r| cx.width(&font, &r.label)).fold(0.0, f32::max);
    // Decimal alignment: widths before and after the point.
    let split = |t: &str| -> (String, String) {
        match t.find('.') {
            Some(p) => (t[..p].to_string(), t[p..].to_string()),
            None => (t.to_string(), String::new()),
        }
    };
    let int_w = rows.iter().map(|r| cx.width(&font, &split(&r.value_text).0)).fold(0.0, f32::max);
    let frac_w = rows.iter().map(|r| cx.width(&font, &split(&r.value_text).1)).fold(0.0, f32::max);
    let gap = size * 0.8;
    let bar_max = match c.width {
        Some(w) => w.resolve(size, measure),
        None => (measure - label_w - int_w - frac_w - 2.0 * gap) * 0.8,
    };
    let total = label_w + gap + bar_max + gap + int_w + frac_w;
    if bar_max <= size || total > measure + 0.01 {
        return Err(at
            .error(format!("the chart needs {total:.1}pt but the measure is {measure:.1}pt"))
            .note("shorten the labels or set a smaller `width`"));
    }
    let max = rows.iter().map(|r| r.value).fold(0.0, f32::max);
    let x0 = (measure - total) / 2.0;
    let bar_x = x0 + label_w + gap;
    let point_x = bar_x + bar_max + gap + int_w;
    let x_height = cx.x_height(&font);
    let ascent = (leading + size * 0.62) / 2.0;
    let mut frag = Fragment { width: measure, ..Fragment::default() };
    for (i, row) in rows.iter().enumerate() {
        let baseline = i as f32 * leading + ascent;
        let lw = cx.width(&font, &row.label);
        for run in cx.runs(&font, &row.label, Point::new(bar_x - gap - lw, baseline), ink, 0.0, at)? {
            frag.push_run(run);
        }
        let (int, _) = split(&row.value_text);
        let iw = cx.width(&font, &int);
        for run in cx.runs(&font, &row.value_text, Point::new(point_x - iw, baseline), ink, 0.0, at)? {
            frag.push_run(run);
        }
        let len = if max > 0.0 { row.value / max * bar_max } else { 0.0 };
        let mid = baseline - x_height * 0.5;
        match c.bar {
            BarStyle::Solid => {
                let h = x_height * 0.9;
                let r = [
                    Point::new(bar_x, mid - h / 2.0),
                    Point::new(bar_x + len.max(0.5), mid - h / 2.0),
                    Point::new(bar_x + len.max(0.5), mid + h / 2.0),
                    Point::new(bar_x, mid + h / 2.0),
                ];
                frag.push_path(Path::polygon(r, ink));
            }
            BarStyle::Dots => {
                let d = size * 0.26;
                let pitch = d * 1.9;
                let count = ((len + pitch - d) / pitch).round().max(if row.value > 0.0 { 1.0 } else { 0.0 }) as usize;
                for k in 0..count {
                    frag.items.push(Item::Dot(dot(Point::new(bar_x + d / 2.0 + k as f32 * pitch, mid), d / 2.0, ink)));
                }
            }
        }
    }
    frag.height = rows.len() as f32 * leading;
    Ok(frag)
}

/// A filled circle of radius `r`.
pub fn dot(c: Point, r: f32, ink: Ink) -> Dot {
    Dot { center: c, radius: r, ink }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_take_values_from_numbers_not_bullets() {
        let r = rows("\"the\" •••••••••• 0.42\n\"a\" •• 0.19\n").unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].label, "“the”");
        assert_eq!(r[0].value, 0.42);
        assert_eq!(r[1].value_text, "0.19");
        assert!(rows("oops").is_err());
        assert!(rows("x ••• many").is_err());
    }
}
