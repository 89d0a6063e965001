//! Margins a book left to the canon (`spec::canon`) widened to a print service's safe
//! zone: a poet who set no margins gets a book the service accepts, every mark of the
//! text block and the folios inside the zone. Margins the poet wrote are never moved;
//! the service's check then names the margin to raise (`preflight::targets`).

use crate::diag::Diagnostic;
use crate::layout::{self, Output};
use crate::preflight::targets::{EDGES, Shortfall, margin_to_clear};
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
    let mut w = Widening::default();
    for _ in 0..ROUNDS {
        let Some(by) = w.step(service.safe_zone_shortfalls(&out.document, bleed)) else { break };
        let p = &mut book.page;
        for (margin, by) in [&mut p.top, &mut p.bottom, &mut p.outside, &mut p.inside].into_iter().zip(by) {
            *margin += by;
        }
        out = layout::layout(book, fonts, shaper)?;
    }
    let grown = w.grown;
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

/// What the margins did so far, per edge (head, foot, fore-edge, gutter, as [`EDGES`]).
#[derive(Debug, Default)]
struct Widening {
    /// How much each margin grew in all.
    grown: [f32; 4],
    /// The breach the last widening answered.
    before: [Option<f32>; 4],
    /// The last widening.
    last: [f32; 4],
    /// A widening did not move the breach (a mark that stays where it is whatever the
    /// margins: given its margin back and left to the service's check).
    stuck: [bool; 4],
}

impl Widening {
    /// How much to change each margin for these breaches (`None`: nothing to change). A
    /// breach past the trim is the poet's placing (a free item in the bleed), not a
    /// margin's; one a widening did not move gets that widening back.
    fn step(&mut self, short: [Option<Shortfall>; 4]) -> Option<[f32; 4]> {
        let mut by = [0.0f32; 4];
        for (k, s) in short.iter().enumerate() {
            let Some(s) = s.filter(|s| s.distance >= 0.0 && !self.stuck[k]) else { continue };
            if self.before[k].is_some_and(|d| s.distance <= d + 0.01) {
                self.stuck[k] = true;
                by[k] = -self.last[k];
            } else {
                by[k] = margin_to_clear(EDGES[k].0, s.need - s.distance);
                (self.before[k], self.last[k]) = (Some(s.distance), by[k]);
            }
            self.grown[k] += by[k];
        }
        by.iter().any(|&b| b != 0.0).then_some(by)
    }
}

#[cfg(test)]
mod tests {
    use super::Widening;
    use crate::preflight::targets::{Shortfall, margin_to_clear};

    fn foot(distance: f32) -> [Option<Shortfall>; 4] {
        let need = 36.0;
        [None, Some(Shortfall { distance, need, page: 0, item: 0, what: "text" }), None, None]
    }

    #[test]
    fn a_breach_the_margin_moves_widens_it_and_one_it_does_not_gets_the_margin_back() {
        let mut w = Widening::default();
        // 6 pt short at the foot: the foot grows by what moves the folio that far.
        let by = w.step(foot(30.0)).unwrap();
        assert!((by[1] - margin_to_clear("foot", 6.0)).abs() < 1e-4 && by[0] == 0.0, "{by:?}");
        // It moved, not far enough (another mark): grows again.
        let again = w.step(foot(33.0)).unwrap();
        assert!(again[1] > 0.0);
        // It did not move: the last widening is given back, and the edge left alone.
        assert_eq!(w.step(foot(33.0)).unwrap()[1], -again[1]);
        assert!(w.step(foot(33.0)).is_none());
        assert!((w.grown[1] - by[1]).abs() < 1e-4, "{:?}", w.grown);
        // Past the trim (a free item in the bleed): no margin's business.
        assert!(Widening::default().step(foot(-2.0)).is_none());
    }

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
