//! Art blocks: a text-art diagram placed in the measure. (Interim: the grid as monospace
//! text, until the art stage's vector drawing is wired in.)

use super::Where;
use super::ctx::Ctx;
use super::fragment::Fragment;
use crate::diag::Diagnostic;
use crate::display::{Ink, Point};
use crate::spec::Art;
use crate::text::Style;

pub fn layout(cx: &mut Ctx<'_>, a: &Art, measure: f32, at: &Where) -> Result<Fragment, Diagnostic> {
    let mono = cx.book.mono.clone().unwrap_or_else(|| "Source Code Pro".into());
    let face = crate::spec::Face { family: Some(mono), ..a.face.clone() };
    let mut font = cx.font(&face, Style::Regular, at)?;
    let cols = a.text.lines().map(|l| l.chars().count()).max().unwrap_or(0).max(1);
    font.size = (measure / cols as f32 / 0.6).min(font.size);
    let lead = font.size * 1.25;
    let mut frag = Fragment { width: measure, ..Fragment::default() };
    for (i, line) in a.text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        frag.push_run(cx.run(&font, line, Point::new(0.0, (i as f32 + 0.8) * lead), Ink::BLACK, 0.0, at)?);
    }
    frag.height = a.text.lines().count() as f32 * lead;
    Ok(frag)
}
