//! Page boxes: every page needs a TrimBox inside its MediaBox, with the BleedBox (if
//! given) between the two; all trims must agree, and match the expected size when one is
//! asked for. MediaBox and CropBox are inherited through the page tree as the PDF
//! reference says; TrimBox and BleedBox are not inheritable and are read from the page
//! itself. A missing BleedBox defaults to the CropBox, then the MediaBox.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::{Problem, Rules, get, get_dict, number, on_pages, pages_phrase, problem};

/// Slack for comparing box edges and sizes, in points.
const EPS: f32 = 0.05;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

impl Rect {
    fn size(&self) -> (f32, f32) {
        (self.x1 - self.x0, self.y1 - self.y0)
    }

    fn contains(&self, inner: &Rect) -> bool {
        inner.x0 >= self.x0 - EPS && inner.y0 >= self.y0 - EPS && inner.x1 <= self.x1 + EPS && inner.y1 <= self.y1 + EPS
    }

    /// The distance `outer` extends past `self` on each side, if it is the same on all four.
    fn uniform_margin(&self, outer: &Rect) -> Option<f32> {
        let d = [self.x0 - outer.x0, self.y0 - outer.y0, outer.x1 - self.x1, outer.y1 - self.y1];
        let (lo, hi) = d.iter().fold((f32::MAX, f32::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
        (hi - lo <= EPS).then_some((lo + hi) / 2.0)
    }
}

/// What the boxes say about the whole document.
pub struct Geometry {
    pub trim: Option<(f32, f32)>,
    pub bleed: Option<f32>,
    /// Per page, the MediaBox and the BleedBox (or TrimBox) as `[x0 y0 x1 y1]`.
    pub sheets: Vec<Option<([f32; 4], [f32; 4])>>,
    /// Per page, all three boxes.
    pub boxes: Vec<Option<PageBoxes>>,
}

/// One page's boxes, `[x0 y0 x1 y1]`; the BleedBox defaults to the CropBox, then the
/// MediaBox.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageBoxes {
    pub media: [f32; 4],
    pub bleed: [f32; 4],
    pub trim: [f32; 4],
}

pub fn check(doc: &Document, pages: &[ObjectId], rules: &Rules, problems: &mut Vec<Problem>) -> Geometry {
    let mut scan =
        Scan { sheets: Vec::with_capacity(pages.len()), all: Vec::with_capacity(pages.len()), ..Scan::default() };
    for (i, &id) in pages.iter().enumerate() {
        scan.read_page(doc, i, id, rules);
    }
    scan.report_misplaced(problems);
    let trim = scan.common_trim(problems);
    if let Some((w, h)) = rules.expected_trim
        && !scan.wrong_size.is_empty()
    {
        problems.push(problem(
            "trim-size",
            format!("the TrimBox is not the expected {w:.2} × {h:.2} pt on {}", pages_phrase(&scan.wrong_size)),
        ));
    }
    let bleed = match scan.bleeds.first() {
        Some(&Some(b)) if scan.bleeds.iter().all(|x| x.is_some_and(|x| (x - b).abs() <= EPS)) => Some(b),
        _ => None,
    };
    Geometry { trim, bleed, sheets: scan.sheets, boxes: scan.all }
}

/// What reading every page's boxes found, page by page, before it is judged.
#[derive(Default)]
struct Scan {
    /// Pages that cannot be read or have no TrimBox.
    missing: BTreeSet<usize>,
    /// Pages whose TrimBox reaches outside the MediaBox.
    outside: BTreeSet<usize>,
    /// Pages whose BleedBox is not between the TrimBox and the MediaBox.
    bleed_misplaced: BTreeSet<usize>,
    /// Pages whose trim is not the expected size.
    wrong_size: BTreeSet<usize>,
    /// Trim sizes of the pages that have one.
    sizes: Vec<(f32, f32)>,
    /// The uniform bleed of each page with a TrimBox, if it is uniform.
    bleeds: Vec<Option<f32>>,
    sheets: Vec<Option<([f32; 4], [f32; 4])>>,
    all: Vec<Option<PageBoxes>>,
}

impl Scan {
    /// Reads page `i`'s boxes and notes what is wrong with them.
    fn read_page(&mut self, doc: &Document, i: usize, id: ObjectId, rules: &Rules) {
        let Ok(page) = doc.get_dictionary(id) else {
            self.missing.insert(i);
            self.sheets.push(None);
            self.all.push(None);
            return;
        };
        let media = inherited_rect(doc, page, b"MediaBox");
        let crop = inherited_rect(doc, page, b"CropBox");
        let bleed_box = get(doc, page, b"BleedBox").and_then(|o| rect(doc, o));
        let Some(trim) = get(doc, page, b"TrimBox").and_then(|o| rect(doc, o)) else {
            self.missing.insert(i);
            self.bleeds.push(None);
            self.sheets.push(None);
            self.all.push(None);
            return;
        };
        let arr = |r: Rect| [r.x0, r.y0, r.x1, r.y1];
        self.sheets.push(media.map(|m| (arr(m), arr(bleed_box.unwrap_or(trim)))));
        self.all.push(media.map(|m| PageBoxes {
            media: arr(m),
            bleed: arr(bleed_box.or(crop).unwrap_or(m)),
            trim: arr(trim),
        }));
        if let Some(m) = media
            && !m.contains(&trim)
        {
            self.outside.insert(i);
        }
        if let Some(b) = bleed_box
            && (!b.contains(&trim) || media.is_some_and(|m| !m.contains(&b)))
        {
            self.bleed_misplaced.insert(i);
        }
        let size = trim.size();
        if let Some((w, h)) = rules.expected_trim
            && ((size.0 - w).abs() > EPS || (size.1 - h).abs() > EPS)
        {
            self.wrong_size.insert(i);
        }
        self.sizes.push(size);
        let effective = bleed_box.or(crop).or(media);
        self.bleeds.push(effective.and_then(|b| trim.uniform_margin(&b)));
    }

    /// Problems for missing TrimBoxes and boxes out of place.
    fn report_misplaced(&self, problems: &mut Vec<Problem>) {
        on_pages(problems, "trimbox-missing", &self.missing, |p| format!("no TrimBox on {p}"));
        on_pages(problems, "trimbox-outside-mediabox", &self.outside, |p| {
            format!("the TrimBox reaches outside the MediaBox on {p}")
        });
        on_pages(problems, "bleedbox-misplaced", &self.bleed_misplaced, |p| {
            format!("the BleedBox is not between the TrimBox and the MediaBox on {p}")
        });
    }

    /// The trim size every page shares; `None` when some page has none, or (reported)
    /// when they differ.
    fn common_trim(&self, problems: &mut Vec<Problem>) -> Option<(f32, f32)> {
        let sizes = &self.sizes;
        let agree = |a: (f32, f32), b: (f32, f32)| (a.0 - b.0).abs() <= EPS && (a.1 - b.1).abs() <= EPS;
        match sizes.first() {
            Some(&first) if self.missing.is_empty() && sizes.iter().all(|&s| agree(s, first)) => Some(first),
            Some(&first) if !sizes.iter().all(|&s| agree(s, first)) => {
                let distinct: Vec<String> = sizes.iter().fold(Vec::new(), |mut acc, &(w, h)| {
                    let s = format!("{w:.2} × {h:.2} pt");
                    if !acc.contains(&s) {
                        acc.push(s);
                    }
                    acc
                });
                problems.push(problem(
                    "trim-inconsistent",
                    format!("pages have different TrimBox sizes: {}", distinct.join(", ")),
                ));
                None
            }
            _ => None,
        }
    }
}

/// A box from the page or, failing that, the nearest ancestor in the page tree.
fn inherited_rect(doc: &Document, page: &Dictionary, key: &[u8]) -> Option<Rect> {
    let mut node = page;
    for _ in 0..64 {
        if let Some(r) = get(doc, node, key).and_then(|o| rect(doc, o)) {
            return Some(r);
        }
        node = get_dict(doc, node, b"Parent")?;
    }
    None
}

/// `[x0 y0 x1 y1]` in either corner order, normalised.
fn rect(doc: &Document, obj: &Object) -> Option<Rect> {
    let Object::Array(a) = obj else { return None };
    if a.len() != 4 {
        return None;
    }
    let v: Vec<f32> = a.iter().filter_map(|o| number(doc, o)).collect();
    if v.len() != 4 {
        return None;
    }
    Some(Rect { x0: v[0].min(v[2]), y0: v[1].min(v[3]), x1: v[0].max(v[2]), y1: v[1].max(v[3]) })
}
