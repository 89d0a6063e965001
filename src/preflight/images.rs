//! Image resolution where each image is placed: an image fills the unit square of the
//! transformation in force when it is drawn (`Do` or an inline image), so its width in
//! points is the length of the matrix's first column and its height that of the second;
//! pixels over inches is the resolution it prints at. Under 300 ppi is a warning; under
//! 150 ppi an error when printing for a service or PDF/X (a warning otherwise). Stencil
//! masks and 1 × 1 px images (a flat colour stretched over an area) are not judged.

use std::collections::{BTreeMap, BTreeSet};

use super::{Problem, pages_phrase, problem, warning};

/// Resolution print wants.
pub const WANTED_PPI: f32 = 300.0;
/// Below this, print refuses.
pub const LEAST_PPI: f32 = 150.0;

const MM_PER_PT: f32 = 25.4 / 72.0;

/// One image drawn: `what` names it (`image /Im1`, `inline image`), `px` its size in
/// pixels, `ctm` the transformation it is drawn with.
pub struct Drawn<'a> {
    pub what: &'a str,
    pub px: (f32, f32),
    pub ctm: &'a [f32; 6],
}

/// An image and how it is placed: ppi (first, so the worst is reported first), what, px
/// wide, px high, placed width and height in tenths of a millimetre.
type Placed = (u32, String, u32, u32, u32, u32);

/// The images met under [`WANTED_PPI`], grouped by what they are and how they are placed.
#[derive(Default)]
pub struct Resolutions {
    low: BTreeMap<Placed, BTreeSet<usize>>,
}

impl Resolutions {
    /// Note an image drawn on `page`.
    pub fn drawn(&mut self, page: usize, img: Drawn) {
        let (w, h) = img.px;
        if w * h <= 1.0 || !w.is_finite() || !h.is_finite() {
            return;
        }
        let m = img.ctm;
        let (pw, ph) = (m[0].hypot(m[1]), m[2].hypot(m[3]));
        if pw < 1e-3 || ph < 1e-3 {
            return;
        }
        let ppi = (w / pw * 72.0).min(h / ph * 72.0);
        if ppi >= WANTED_PPI - 0.5 {
            return;
        }
        let tenth_mm = |pt: f32| (pt * MM_PER_PT * 10.0).round() as u32;
        let key = (ppi.round() as u32, img.what.to_string(), w as u32, h as u32, tenth_mm(pw), tenth_mm(ph));
        self.low.entry(key).or_default().insert(page);
    }

    /// One problem per image and placing: an error under [`LEAST_PPI`] when `print`, a
    /// warning otherwise, each with the largest size the image can be placed at and the
    /// pixels it would need where it is.
    pub fn report(&self, print: bool, problems: &mut Vec<Problem>) {
        for ((ppi, what, w, h, pw, ph), pages) in &self.low {
            let (pw_mm, ph_mm) = (*pw as f32 / 10.0, *ph as f32 / 10.0);
            let fits = |px: &u32| *px as f32 / WANTED_PPI * 25.4;
            let needs = |mm: f32| (mm / 25.4 * WANTED_PPI).ceil();
            let detail = format!(
                "{what} of {w} × {h} px is {ppi} ppi where it is placed ({pw_mm:.1} × {ph_mm:.1} mm) on {}; print wants {} ppi{}: \
                 place it at {:.1} × {:.1} mm or smaller, or use an image of at least {} × {} px",
                pages_phrase(pages),
                WANTED_PPI,
                if print { format!(" and refuses less than {LEAST_PPI}") } else { String::new() },
                fits(w),
                fits(h),
                needs(pw_mm),
                needs(ph_mm),
            );
            if print && (*ppi as f32) < LEAST_PPI {
                problems.push(problem("image-resolution", detail));
            } else {
                problems.push(warning("image-resolution", detail));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolution_follows_the_placed_size() {
        let mut r = Resolutions::default();
        // 100 px over 100 pt: 72 ppi; over 24 pt: 300 ppi (fine); 1 × 1 px: not judged.
        r.drawn(0, Drawn { what: "image /A", px: (100.0, 100.0), ctm: &[100.0, 0.0, 0.0, 100.0, 5.0, 5.0] });
        r.drawn(2, Drawn { what: "image /B", px: (100.0, 100.0), ctm: &[24.0, 0.0, 0.0, 24.0, 5.0, 5.0] });
        r.drawn(3, Drawn { what: "image /C", px: (1.0, 1.0), ctm: &[500.0, 0.0, 0.0, 500.0, 0.0, 0.0] });
        // Rotated a quarter turn, 200 px over 72 pt: 200 ppi.
        r.drawn(1, Drawn { what: "image /D", px: (200.0, 200.0), ctm: &[0.0, 72.0, -72.0, 0.0, 0.0, 0.0] });
        let mut p = Vec::new();
        r.report(true, &mut p);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(
            p[0].is_error()
                && p[0]
                    .detail
                    .starts_with("image /A of 100 × 100 px is 72 ppi where it is placed (35.3 × 35.3 mm) on page 1"),
            "{p:?}"
        );
        assert!(
            p[0].detail.contains("place it at 8.5 × 8.5 mm or smaller, or use an image of at least 417 × 417 px"),
            "{p:?}"
        );
        assert!(!p[1].is_error() && p[1].detail.contains("200 ppi"), "{p:?}");
        let mut p = Vec::new();
        r.report(false, &mut p);
        assert!(p.iter().all(|p| !p.is_error()), "{p:?}");
    }
}
