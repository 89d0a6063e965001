//! Margins a book left to the canon (`spec::canon`) widened to a print service's safe
//! zone: a poet who set no margins gets a book the service accepts, every mark of the
//! text block and the folios inside the zone. Margins the poet wrote are never moved;
//! the service's check then names the margin to raise (`preflight::targets`).

use crate::diag::Diagnostic;
use crate::layout::{self, Output};
use crate::preflight::targets::{EDGES, margin_to_clear};
use crate::spec::Book;
use crate::targets::{Target, mm};
use crate::text::{FontBook, Shaper};

/// Rounds of widening before the service's check is left to report what remains (one
/// is the rule: margins move the text block and the folios by a known share).
const ROUNDS: usize = 4;

/// Lays the book out again with the canon's margins widened until nothing of the text
/// block or the folios lies in `service`'s safe zone, and says in the report's
/// `gave_way` by how much each margin grew. A book whose margins were written, or whose
/// first layout already keeps the zone, comes back as it was.
pub(super) fn widen(
    book: &mut Book,
    service: &Target,
    mut out: Output,
    fonts: &mut FontBook,
    shaper: &mut Shaper,
) -> Result<Output, Vec<Diagnostic>> {
    if book.page.margins_written {
        return Ok(out);
    }
    // The same bleed the build's own check assumes (`check_target`).
    let bleed = service.bleed > 0.0;
    let mut grown = [0.0f32; 4];
    // Per edge, the breach the last widening answered; an edge whose breach a widening
    // did not move (a free item placed on the page, not in the text block) is given back
    // its last widening and left to the service's check.
    let mut before: [Option<f32>; 4] = [None; 4];
    let mut last = [0.0f32; 4];
    let mut stuck = [false; 4];
    for _ in 0..ROUNDS {
        let short = service.safe_zone_shortfalls(&out.document, bleed);
        let mut widen = [0.0f32; 4];
        for (k, s) in short.iter().enumerate() {
            // Past the trim is the poet's placing (a free item in the bleed), not a margin's.
            let Some(s) = s.filter(|s| s.distance >= 0.0 && !stuck[k]) else { continue };
            if before[k].is_some_and(|d| s.distance <= d + 0.01) {
                stuck[k] = true;
                widen[k] = -last[k];
                continue;
            }
            widen[k] = margin_to_clear(EDGES[k].0, s.need - s.distance);
            (before[k], last[k]) = (Some(s.distance), widen[k]);
        }
        if widen.iter().all(|&w| w == 0.0) {
            break;
        }
        let p = &mut book.page;
        for (k, margin) in [&mut p.top, &mut p.bottom, &mut p.outside, &mut p.inside].into_iter().enumerate() {
            *margin += widen[k];
            grown[k] += widen[k];
        }
        out = layout::layout(book, fonts, shaper)?;
    }
    if grown.iter().any(|&g| g > 0.0) {
        let sides: Vec<String> = EDGES
            .iter()
            .zip(grown)
            .filter(|(_, g)| *g > 0.0)
            .map(|((edge, _), g)| format!("{edge} +{}", mm(g)))
            .collect();
        out.report.gave_way.push(format!(
            "margins widened for {}'s safe zone ({} from the trim, folios included): {}",
            service.name,
            mm(service.safe_for(bleed)),
            sides.join(", ")
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::preflight::targets::margin_to_clear;

    #[test]
    fn the_foot_widens_by_what_moves_the_folio_far_enough() {
        // The folio moves 0.55 of the foot margin: 1 mm short needs about 1.8 mm more margin,
        // rounded up to the half millimetre.
        let mm = crate::units::PT_PER_MM;
        assert!((margin_to_clear("foot", mm) - 2.0 * mm).abs() < 1e-3);
        assert!((margin_to_clear("head", mm) - mm).abs() < 1e-3);
        assert!((margin_to_clear("gutter", 0.2 * mm) - 0.5 * mm).abs() < 1e-3);
    }
}
