//! Free blocks: a band of the page `height` tall in which each `[[block.item]]` is set
//! where the poet puts it: `x` from the measure's left edge, `y` from the band's top to the
//! baseline, at its own size, style, ink and angle (turned about the start of its
//! baseline). Nothing is moved to fit: an item past the trim is a warning at its line.

use super::Where;
use super::ctx::Ctx;
use super::fragment::{Fragment, Watch};
use crate::diag::Diagnostic;
use crate::display::{Group, Ink, Item, Point, Transform};
use crate::spec::{Face, Free};
use crate::text::Style;
use crate::text::quotes::smarten;

pub fn layout(cx: &mut Ctx<'_>, f: &Free, measure: f32, at: &Where) -> Result<Fragment, Diagnostic> {
    let body = cx.body_size();
    let height = f.height.resolve(body, measure);
    let mut frag = Fragment { width: measure, height, ..Fragment::default() };
    for item in &f.items {
        let item_at = Where { at: Some(item.at.clone()), label: "in this item", ..at.clone() };
        let face = Face {
            family: item.face.family.clone().or(f.face.family.clone()),
            style: item.face.style.or(f.face.style),
            size: item.face.size.or(f.face.size),
            features: f.face.features.clone(),
        };
        let font = cx.font(&face, Style::Regular, &item_at)?;
        let x = item.x.resolve(font.size, measure);
        let y = item.y.resolve(font.size, height);
        let ink = Ink::clamped(item.ink.unwrap_or(f.ink));
        let origin = Point::new(x, y);
        let marked = smarten(&item.text);
        // What prints, markup read (`*word*`, `^^nasa^^`), for a reader of the turned item.
        let text = crate::spec::inline::plain(&marked);
        // One run, or several end to end where `[type] fallback` faces set some characters.
        let runs = cx.styled_runs(&font, &marked, origin, ink, 0.0, &item_at)?;
        let first = frag.items.len();
        if item.rotate == 0.0 {
            for run in runs {
                frag.push_run(run);
            }
        } else {
            // Read as one word, however a viewer groups turned letters.
            frag.items.push(Item::Group(Group {
                transform: Transform::rotate_about(item.rotate, origin),
                text: Some(text),
                items: runs.into_iter().map(Item::Text).collect(),
            }));
        }
        frag.watch.push(Watch {
            items: first..frag.items.len(),
            at: item.at.clone(),
            what: "this item",
            bleed: item.bleed,
        });
    }
    Ok(frag)
}
