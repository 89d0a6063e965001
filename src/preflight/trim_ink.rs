//! Ink that reaches the trim without continuing into the bleed: a fill (an image, a
//! shading clipped to an area) whose edge lies within [`HAIR`] of a TrimBox edge, on a side where the BleedBox runs
//! further out. Trimming is never exact, so such an edge prints as a sliver of white paper
//! or a thin line of ink: a warning, with the fix (extend the ink to the BleedBox, or keep
//! it clear of the trim). White fills are not ink and are not judged.

use std::collections::{BTreeMap, BTreeSet};

use super::{Problem, pages_phrase, warning};

/// How near the trim an edge must be to count as stopping there, points (0.35 mm).
pub const HAIR: f32 = 1.0;

/// Sides of the page, in the order of `[x0 y0 x1 y1]`.
const SIDES: [&str; 4] = ["left", "bottom", "right", "top"];

/// Edges found stopping at the trim: side index → pages.
#[derive(Default)]
pub struct AtTrim(BTreeMap<usize, BTreeSet<usize>>);

impl AtTrim {
    /// Note a painted area `ink` (device space `[x0 y0 x1 y1]`) on `page`, whose boxes
    /// are `trim` and `bleed`.
    pub fn painted(&mut self, page: usize, ink: [f32; 4], trim: [f32; 4], bleed: [f32; 4]) {
        // Ink wholly outside the trim (marks, slugs) is not the page's.
        if ink[0] >= trim[2] || ink[2] <= trim[0] || ink[1] >= trim[3] || ink[3] <= trim[1] {
            return;
        }
        for side in 0..4 {
            let (edge, trim_edge, bleed_edge) = (ink[side], trim[side], bleed[side]);
            // Outward is towards lower coordinates on the left and bottom.
            let out = if side < 2 { -1.0 } else { 1.0 };
            let has_bleed = (bleed_edge - trim_edge) * out > 2.0 * HAIR;
            if has_bleed && (edge - trim_edge).abs() <= HAIR {
                self.0.entry(side).or_default().insert(page);
            }
        }
    }

    /// A warning per side.
    pub fn report(&self, problems: &mut Vec<Problem>) {
        for (&side, pages) in &self.0 {
            problems.push(warning(
                "ink-at-trim",
                format!(
                    "ink stops at the {} trim edge on {} though the bleed runs past it: trimming is never exact, \
                     so a sliver of paper or of ink may show: extend it to the BleedBox edge, or keep it clear of the trim",
                    SIDES[side],
                    pages_phrase(pages)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRIM: [f32; 4] = [9.0, 9.0, 209.0, 209.0];
    const BLEED: [f32; 4] = [0.0, 0.0, 218.0, 218.0];

    #[test]
    fn an_edge_at_the_trim_warns_an_edge_in_the_bleed_does_not() {
        let mut t = AtTrim::default();
        t.painted(0, [100.0, 120.0, 209.0, 150.0], TRIM, BLEED); // stops at the right trim
        t.painted(0, [40.0, 0.0, 100.0, 40.0], TRIM, BLEED); // runs into the bleed at the foot
        t.painted(1, [40.0, 9.4, 100.0, 40.0], TRIM, BLEED); // stops at the foot trim
        t.painted(2, [0.0, 0.0, 8.0, 8.0], TRIM, BLEED); // outside the trim: a mark
        t.painted(3, [9.0, 40.0, 100.0, 60.0], TRIM, TRIM); // no bleed on this page
        let mut p = Vec::new();
        t.report(&mut p);
        let said: Vec<&str> = p.iter().map(|p| p.detail.as_str()).collect();
        assert_eq!(p.len(), 2, "{said:?}");
        assert!(said[0].starts_with("ink stops at the bottom trim edge on page 2"), "{said:?}");
        assert!(said[1].starts_with("ink stops at the right trim edge on page 1"), "{said:?}");
        assert!(p.iter().all(|p| !p.is_error()));
    }
}
