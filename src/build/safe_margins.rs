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
    for _ in 0..ROUNDS {
        let short = service.safe_zone_shortfalls(&out.document, bleed);
        if short.iter().all(Option::is_none) {
            break;
        }
        for (k, s) in short.iter().enumerate() {
            if let Some(s) = s {
                let by = margin_to_clear(EDGES[k].0, s.need - s.distance.max(0.0));
                let p = &mut book.page;
                *[&mut p.top, &mut p.bottom, &mut p.outside, &mut p.inside][k] += by;
                grown[k] += by;
            }
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
