//! Covers: a file whose page labels begin with `cover` (what `chapbook cover` writes:
//! `cover (120 pages)` for a perfect-bound wrap, `cover outside (12 pages)` and `cover
//! inside (12 pages)` for a saddle-stitched one) is a cover, not a book. A service's
//! page counts and blank last page do not apply to it; its bleed is on every side, and a
//! perfect-bound wrap is two pages wide plus a spine, which must be the service's
//! `pages × paper` for one of its papers.
//!
//! What a PDF does not show — where text sits against the spine's folds, whether the
//! book allows spine text — is checked when the cover is made (`chapbook cover`, and
//! `chapbook check` for a project with `[cover]`).

use lopdf::Document;

use super::{Problem, pages_phrase, problem};
use crate::targets::{Target, inch, mm};

/// What the labels say about a cover.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cover {
    /// One wrap with a spine (perfect binding), or outside and inside spreads (saddle).
    pub perfect: bool,
    /// The book's page count, when the labels give it.
    pub pages: Option<usize>,
    /// The spine's width in points, when the book's trim is known (`--page-size`).
    pub spine: Option<f32>,
}

/// Recognises a cover by its page labels.
pub fn recognise(doc: &Document, pages: usize) -> Option<Cover> {
    if pages == 0 {
        return None;
    }
    let labels = super::imposed::labels(doc, pages);
    let mut perfect = None;
    let mut count = None;
    for l in labels {
        let l = l?;
        let rest = l.strip_prefix("cover")?;
        let spread = rest.trim_start().starts_with("outside") || rest.trim_start().starts_with("inside");
        perfect = Some(!spread);
        count = rest
            .split_once('(')
            .and_then(|(_, n)| n.split_whitespace().next())
            .and_then(|n| n.parse::<usize>().ok())
            .or(count);
    }
    Some(Cover { perfect: perfect?, pages: count, spine: None })
}

/// The cover against a service's rules: bleed on every side (or none), no marks unless
/// taken, and a perfect-bound wrap's spine as wide as one of the service's papers makes it.
pub fn check_target(
    t: &Target,
    cover: &Cover,
    boxes: &[Option<super::boxes::PageBoxes>],
    trim: Option<(f32, f32)>,
    problems: &mut Vec<Problem>,
) {
    use std::collections::BTreeSet;
    let name = t.name;
    let near = |a: f32, b: f32| (a - b).abs() <= 0.05;
    let (mut wrong_bleed, mut marks) = (BTreeSet::new(), BTreeSet::new());
    for (i, b) in boxes.iter().enumerate() {
        let Some(b) = b else { continue };
        let sides = [b.trim[0] - b.bleed[0], b.trim[1] - b.bleed[1], b.bleed[2] - b.trim[2], b.bleed[3] - b.trim[3]];
        if !sides.iter().all(|&m| near(m, t.bleed)) && !sides.iter().all(|&m| near(m, 0.0)) {
            wrong_bleed.insert(i);
        }
        let m = &b.media;
        if !t.marks && (0..4).any(|k| if k < 2 { b.bleed[k] - m[k] > 0.05 } else { m[k] - b.bleed[k] > 0.05 }) {
            marks.insert(i);
        }
    }
    if !wrong_bleed.is_empty() {
        problems.push(problem(
            "target-bleed",
            format!(
                "{name} wants a cover's bleed {} ({}) on every side; the BleedBox differs on {}",
                inch(t.bleed),
                mm(t.bleed),
                pages_phrase(&wrong_bleed)
            ),
        ));
    }
    if !marks.is_empty() {
        problems.push(problem(
            "target-marks",
            format!(
                "{name} accepts no printer's marks, but the MediaBox reaches past the bleed on {}",
                pages_phrase(&marks)
            ),
        ));
    }
    if let (true, Some(spine), Some(pages), Some((_, h))) = (cover.perfect, cover.spine, cover.pages, trim) {
        let c = &t.cover;
        if c.papers.is_empty() {
            return;
        }
        let widths: Vec<(String, f32)> =
            c.papers.iter().map(|(n, per)| (n.to_string(), c.spine(pages, *per))).collect();
        // Half a millimetre: the services' calculators round to thousandths of an inch.
        if !widths.iter().any(|(_, w)| (w - spine).abs() <= 0.5 * crate::units::PT_PER_MM) {
            let list: Vec<String> = widths.iter().map(|(n, w)| format!("{n} {}", inch(*w))).collect();
            problems.push(problem(
                "cover-spine",
                format!(
                    "the spine is {} ({}); for {pages} pages {name}'s papers make it {}: make the cover again with `chapbook cover --target {name}`",
                    inch(spine),
                    mm(spine),
                    list.join(", ")
                ),
            ));
        }
        let _ = h;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spine_of_the_wrong_paper_is_named() {
        let kdp = crate::targets::find("kdp").unwrap();
        let boxes = vec![None];
        let mut problems = Vec::new();
        let white = kdp.cover.spine(200, kdp.cover.paper("kdp", "white").unwrap());
        let cover = Cover { perfect: true, pages: Some(200), spine: Some(white) };
        check_target(kdp, &cover, &boxes, Some((432.0, 648.0)), &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        let cover = Cover { spine: Some(white + 5.0), ..cover };
        check_target(kdp, &cover, &boxes, Some((432.0, 648.0)), &mut problems);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].detail.contains("white 0.45 in"), "{}", problems[0].detail);
    }
}
