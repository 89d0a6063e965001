//! The checks that hold a laid-out book (a [`Document`]) or any PDF to a print service's
//! rules ([`crate::targets::Target`]), each problem a sentence naming the rule, the value
//! found and the fix.

use crate::display::{Document, Item, PathEl};
use crate::targets::{MM_HALF, Target, mm};

impl Target {
    /// Every rule the laid-out book breaks, each a sentence naming the rule, the value and
    /// the fix. `bleed` says whether the book is printed with bleed.
    pub fn check_document(&self, doc: &Document, bleed: bool) -> Vec<String> {
        let mut out = Vec::new();
        self.check_pages(doc, &mut out);
        self.check_safe_zone(doc, bleed, &mut out);
        self.check_line_weight(doc, &mut out);
        out
    }

    /// The page count (least, multiple) and, for services that print a barcode there, a
    /// blank last page.
    fn check_pages(&self, doc: &Document, out: &mut Vec<String>) {
        let n = doc.pages.len();
        let name = self.name;
        if n < self.min_pages {
            out.push(format!(
                "page count: the book has {n} pages; {name} needs at least {}: add pages (or choose another target)",
                self.min_pages
            ));
        }
        if !n.is_multiple_of(self.page_multiple) {
            out.push(format!(
                "page count: {n} pages is not a multiple of {}, as {name} needs: set `[print] pad_to = {}`",
                self.page_multiple,
                self.page_multiple.max(2)
            ));
        }
        if self.last_page_blank
            && let Some(last) = doc.pages.last()
            && !last.items.is_empty()
        {
            out.push(format!(
                "last page: {name} prints its barcode on the last page, but page {n} is not blank: \
                 end the book on a blank page: `[front] title_verso = \"colophon\"` in book.toml puts the colophon \
                 on the back of the title page, and `[print] pad_to` then ends the book with blanks"
            ));
        }
    }

    /// Text and art within the safe zone (the gutter's on the spine side): the worst
    /// offender per edge, over all pages, with how far to raise that margin.
    fn check_safe_zone(&self, doc: &Document, bleed: bool, out: &mut Vec<String>) {
        let n = doc.pages.len();
        let name = self.name;
        let (w, h) = doc.page_size;
        let safe = self.safe_for(bleed);
        let gutter = self.gutter_for(n, bleed);
        // (edge, needed, key to raise) → (distance, page, what)
        let edges: [(&str, f32, &str); 4] = [
            ("head", safe, "[page] top"),
            ("foot", safe, "[page] bottom"),
            ("fore-edge", safe, "[page] outside"),
            ("gutter", gutter, "[page] inside"),
        ];
        let mut worst: [Option<(f32, usize, &str)>; 4] = [None; 4];
        for (i, page) in doc.pages.iter().enumerate() {
            let recto = i % 2 == 0;
            for item in &page.items {
                let Some((what, [x0, y0, x1, y1])) = extent(item) else { continue };
                let (inside, outside) = if recto { (x0, w - x1) } else { (w - x1, x0) };
                for (k, d) in [y0, h - y1, outside, inside].into_iter().enumerate() {
                    if d < edges[k].1 - 0.05 && worst[k].is_none_or(|(wd, _, _)| d < wd) {
                        worst[k] = Some((d, i, what));
                    }
                }
            }
        }
        for (k, found) in worst.iter().enumerate() {
            if let Some((d, page, what)) = found {
                let (edge, need, key) = edges[k];
                // Margins move the text block one for one; the folios sit in the bottom
                // margin, 0.55 of it from the trim, so they move about half as far.
                let short = need - d.max(0.0);
                let by = if edge == "foot" { short / 0.55 } else { short };
                out.push(format!(
                    "safe zone: {what} on page {} is {} from the {edge} trim; {name} needs {}: raise `{key}` by at least {}",
                    page + 1,
                    mm(d.max(0.0)),
                    mm(need),
                    mm((by / MM_HALF).ceil() * MM_HALF)
                ));
            }
        }
    }

    /// No stroke thinner than the service prints.
    fn check_line_weight(&self, doc: &Document, out: &mut Vec<String>) {
        let mut thin = (0usize, f32::MAX, 0usize);
        for (i, page) in doc.pages.iter().enumerate() {
            for item in &page.items {
                // A path with no extent (no finite point) draws nothing: not counted.
                if let Item::Path(p) = item
                    && let Some(s) = p.stroke
                    && s.width < self.min_line - 1e-4
                    && extent(item).is_some()
                {
                    thin.0 += 1;
                    if s.width < thin.1 {
                        thin = (thin.0, s.width, i);
                    }
                }
            }
        }
        if thin.0 > 0 {
            out.push(format!(
                "line weight: {} line{} thinner than {} pt (thinnest {:.2} pt on page {}): thicken them",
                thin.0,
                if thin.0 == 1 { "" } else { "s" },
                self.min_line,
                thin.1,
                thin.2 + 1
            ));
        }
    }
}

/// What an item is, for messages, and its extent `[x0 y0 x1 y1]` (text: its advance
/// width, from 0.75 em above the baseline to 0.25 em below).
fn extent(item: &Item) -> Option<(&'static str, [f32; 4])> {
    match item {
        Item::Text(r) => {
            if r.text.trim().is_empty() {
                return None;
            }
            let (x, y) = (r.origin.x, r.origin.y);
            Some(("text", [x, y - 0.75 * r.size, x + r.width(), y + 0.25 * r.size]))
        }
        Item::Path(p) => {
            let half = p.stroke.map_or(0.0, |s| s.width / 2.0);
            let mut b = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
            for e in &p.els {
                let pts: &[crate::display::Point] = match e {
                    PathEl::MoveTo(a) | PathEl::LineTo(a) => std::slice::from_ref(a),
                    PathEl::CubicTo(a, _, _) => std::slice::from_ref(a),
                    PathEl::Close => &[],
                };
                for pt in pts {
                    b = [b[0].min(pt.x - half), b[1].min(pt.y - half), b[2].max(pt.x + half), b[3].max(pt.y + half)];
                }
                if let PathEl::CubicTo(_, c, d) = e {
                    for pt in [c, d] {
                        b = [b[0].min(pt.x), b[1].min(pt.y), b[2].max(pt.x), b[3].max(pt.y)];
                    }
                }
            }
            (b[0] <= b[2]).then_some(("a line", b))
        }
        Item::Dot(d) => Some((
            "a dot",
            [d.center.x - d.radius, d.center.y - d.radius, d.center.x + d.radius, d.center.y + d.radius],
        )),
        Item::Clip(c) => {
            let inner: Vec<[f32; 4]> = c.items.iter().filter_map(extent).map(|e| e.1).collect();
            let r = c.rect;
            inner
                .into_iter()
                .reduce(|a, b| [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])])
                .map(|b| ("clipped art", [b[0].max(r.x0), b[1].max(r.y0), b[2].min(r.x1), b[3].min(r.y1)]))
        }
        Item::Group(_) => {
            let r = crate::layout::fragment::bounds(item)?;
            Some(("turned text", [r.x0, r.y0, r.x1, r.y1]))
        }
    }
}

/// What a PDF shows of the service's rules: boxes (bleed on the right sides, no room for
/// marks), bookmarks and annotations, page count, the last page blank. (Distances of
/// text from the trim need the laid-out book: `build --target` checks them.)
pub(super) fn check_pdf(
    doc: &lopdf::Document,
    pages: &[lopdf::ObjectId],
    t: &Target,
    boxes: &[Option<super::boxes::PageBoxes>],
    painted: &std::collections::BTreeSet<usize>,
    imposed: bool,
    problems: &mut Vec<super::Problem>,
) {
    use super::problem;
    if imposed {
        problems.push(problem(
            "target-imposed",
            format!("{} takes the book's single pages, not imposed sheets: upload the unimposed PDF", t.name),
        ));
        return;
    }
    check_page_count(pages.len(), t, painted, problems);
    check_bleed_and_marks(t, boxes, problems);
    if !t.bookmarks {
        check_no_links(doc, pages, t, problems);
    }
}

/// The page count (least, multiple) and, for services that print a barcode there, a
/// blank last page.
fn check_page_count(
    n: usize,
    t: &Target,
    painted: &std::collections::BTreeSet<usize>,
    problems: &mut Vec<super::Problem>,
) {
    use super::problem;
    let name = t.name;
    if n < t.min_pages {
        problems.push(problem("target-pages", format!("{n} pages; {name} needs at least {}", t.min_pages)));
    }
    if !n.is_multiple_of(t.page_multiple) {
        problems.push(problem(
            "target-pages",
            format!("{n} pages is not a multiple of {}, as {name} needs", t.page_multiple),
        ));
    }
    if t.last_page_blank && n > 0 && painted.contains(&(n - 1)) {
        problems.push(problem(
            "target-last-page",
            format!("{name} prints its barcode on the last page, but page {n} is not blank"),
        ));
    }
}

/// Every page's bleed as the service wants it (or none), and no room for marks beyond
/// the bleed unless the service takes them.
fn check_bleed_and_marks(t: &Target, boxes: &[Option<super::boxes::PageBoxes>], problems: &mut Vec<super::Problem>) {
    use super::{pages_phrase, problem};
    use crate::targets::inch;
    use std::collections::BTreeSet;
    let name = t.name;
    let (mut wrong_bleed, mut marks) = (BTreeSet::new(), BTreeSet::new());
    let near = |a: f32, b: f32| (a - b).abs() <= 0.05;
    for (i, b) in boxes.iter().enumerate() {
        let Some(b) = b else { continue };
        let [l, bo, r, to] =
            [b.trim[0] - b.bleed[0], b.trim[1] - b.bleed[1], b.bleed[2] - b.trim[2], b.bleed[3] - b.trim[3]];
        let none = [l, bo, r, to].iter().all(|&m| near(m, 0.0));
        let (want_l, want_r) = match (t.spine_bleed, i % 2 == 0) {
            (true, _) => (t.bleed, t.bleed),
            (false, true) => (0.0, t.bleed),
            (false, false) => (t.bleed, 0.0),
        };
        let as_wanted = near(l, want_l) && near(r, want_r) && near(bo, t.bleed) && near(to, t.bleed);
        if !none && !as_wanted {
            wrong_bleed.insert(i);
        }
        let m = &b.media;
        if !t.marks
            && (b.bleed[0] - m[0] > 0.05
                || b.bleed[1] - m[1] > 0.05
                || m[2] - b.bleed[2] > 0.05
                || m[3] - b.bleed[3] > 0.05)
        {
            marks.insert(i);
        }
    }
    if !wrong_bleed.is_empty() {
        problems.push(problem(
            "target-bleed",
            format!(
                "{name} wants no bleed or {} ({}) {}; the BleedBox differs on {}",
                inch(t.bleed),
                mm(t.bleed),
                if t.spine_bleed { "on every side" } else { "on head, foot and fore-edge, none at the spine" },
                pages_phrase(&wrong_bleed)
            ),
        ));
    }
    if !marks.is_empty() {
        problems.push(problem(
            "target-marks",
            format!(
                "{name} accepts no printer's marks, but the MediaBox reaches past the bleed (room for marks) on {}: build without --marks",
                pages_phrase(&marks)
            ),
        ));
    }
}

/// For a service that takes no bookmarks: no outline and no annotations.
fn check_no_links(doc: &lopdf::Document, pages: &[lopdf::ObjectId], t: &Target, problems: &mut Vec<super::Problem>) {
    use super::{get, get_dict, pages_phrase, problem};
    use std::collections::BTreeSet;
    let name = t.name;
    let outline = doc.catalog().ok().and_then(|c| get_dict(doc, c, b"Outlines")).is_some_and(|o| o.has(b"First"));
    if outline {
        problems.push(problem("target-bookmarks", format!("{name} accepts no bookmarks, but the file has an outline")));
    }
    let annotated: BTreeSet<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, id)| {
            doc.get_dictionary(**id)
                .ok()
                .and_then(|p| get(doc, p, b"Annots"))
                .is_some_and(|a| matches!(a, lopdf::Object::Array(v) if !v.is_empty()))
        })
        .map(|(i, _)| i)
        .collect();
    if !annotated.is_empty() {
        problems.push(problem(
            "target-annotations",
            format!("{name} accepts no annotations, but there are some on {}", pages_phrase(&annotated)),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::{FontId, Glyph, GlyphRun, Ink, Meta, Page, Point};
    use crate::targets::{IN, TARGETS, find};
    use crate::units::PT_PER_MM;

    fn text(x: f32, baseline: f32) -> Item {
        Item::Text(GlyphRun {
            font: FontId::new(0),
            size: 10.0,
            origin: Point::new(x, baseline),
            ink: Ink::BLACK,
            text: "7".into(),
            glyphs: vec![Glyph { id: 1, x: 0.0, y: 0.0, advance: 5.0, text: (0, 1) }],
        })
    }

    fn book(pages: usize, folio_from_foot: f32) -> Document {
        let (w, h) = (6.0 * IN, 9.0 * IN);
        Document {
            page_size: (w, h),
            pages: (0..pages)
                .map(|i| Page {
                    items: if i + 1 == pages {
                        vec![]
                    } else {
                        vec![text(w / 2.0, h - folio_from_foot), text(0.75 * IN, 1.0 * IN)]
                    },
                })
                .collect(),
            fonts: vec![],
            meta: Meta::default(),
            outline: vec![],
            labels: vec![],
        }
    }

    #[test]
    fn kdp_gutter_by_page_count() {
        let kdp = find("KDP").unwrap();
        let g: Vec<f32> =
            [24, 150, 151, 300, 301, 500, 700, 828].iter().map(|&p| kdp.gutter_for(p, false) / IN).collect();
        assert_eq!(g, vec![0.375, 0.375, 0.5, 0.5, 0.625, 0.625, 0.75, 0.875]);
        assert_eq!(find("lulu").unwrap().gutter_for(400, true), 0.5 * IN);
        assert!(find("kpd").unwrap_err().contains("did you mean `kdp`?"));
    }

    #[test]
    fn a_passing_book_and_one_that_breaks_each_rule() {
        let kdp = find("kdp").unwrap();
        // Folio baseline 0.5 in from the foot: its descent (0.25 em) leaves 0.465 in.
        assert_eq!(kdp.check_document(&book(24, 0.5 * IN), true), Vec::<String>::new());
        let low = kdp.check_document(&book(24, 9.4 * PT_PER_MM), true);
        assert_eq!(
            low,
            vec![
                "safe zone: text on page 1 is 8.5 mm from the foot trim; kdp needs 9.5 mm: raise `[page] bottom` by at least 2.0 mm"
            ]
        );
        let short = kdp.check_document(&book(12, 0.5 * IN), true);
        assert!(short[0].starts_with("page count: the book has 12 pages; kdp needs at least 24"), "{short:?}");
        let odd = kdp.check_document(&book(25, 0.5 * IN), true);
        assert!(odd[0].contains("not a multiple of 2"), "{odd:?}");
        // IngramSpark's half-inch safe zone catches the text 0.75 in from the edge? No:
        // it is inside; but its last page must be blank, which `book` gives.
        let ingram = find("ingramspark").unwrap();
        assert_eq!(ingram.check_document(&book(24, 0.75 * IN), true), Vec::<String>::new());
        let mut filled = book(24, 0.75 * IN);
        filled.pages[23].items.push(text(200.0, 300.0));
        assert!(ingram.check_document(&filled, true)[0].starts_with("last page:"));
        // The gutter: text 0.75 in from the spine of a recto passes kdp at 24 pages
        // (0.375 in), fails at 160 pages (0.5 in is fine too)… and at 800 (0.875 in).
        let many = kdp.check_document(&book(800, 0.5 * IN), true);
        assert!(
            many.iter().any(|m| m.contains("from the gutter trim; kdp needs 22.2 mm: raise `[page] inside`")),
            "{many:?}"
        );
        // Line weight.
        let mut hair = book(24, 0.5 * IN);
        hair.pages[0].items.push(Item::Path(crate::display::Path::line(
            Point::new(100.0, 100.0),
            Point::new(200.0, 100.0),
            crate::display::Stroke {
                width: 0.1,
                ink: Ink::BLACK,
                cap: crate::display::LineCap::Butt,
                join: crate::display::LineJoin::Miter,
            },
        )));
        assert!(kdp.check_document(&hair, true)[0].starts_with("line weight: 1 line thinner than 0.25 pt"));
    }

    /// A book that keeps `t`'s rules: the fewest pages it takes, text 1 pt inside every
    /// margin it needs, a blank last page.
    fn passing(t: &Target) -> Document {
        let pages = t.min_pages.div_ceil(t.page_multiple).max(1) * t.page_multiple;
        let (w, h) = (6.0 * IN, 9.0 * IN);
        let (safe, gutter) = (t.safe_for(true), t.gutter_for(pages, true));
        let line = |recto: bool| {
            let x = if recto { gutter + 1.0 } else { safe + 1.0 };
            // 10 pt text: 7.5 pt above the baseline, 2.5 pt below; 5 pt wide.
            vec![text(x, safe + 8.5), text(w - safe - 6.0, h - safe - 3.5)]
        };
        Document {
            page_size: (w, h),
            pages: (0..pages).map(|i| Page { items: if i + 1 == pages { vec![] } else { line(i % 2 == 0) } }).collect(),
            fonts: vec![],
            meta: Meta::default(),
            outline: vec![],
            labels: vec![],
        }
    }

    #[test]
    fn every_service_passes_a_book_that_keeps_its_rules_and_names_each_it_breaks() {
        for t in TARGETS {
            let good = passing(t);
            assert_eq!(t.check_document(&good, true), Vec::<String>::new(), "{}", t.name);
            let n = good.pages.len();
            let breaks = |doc: &Document, rule: &str| {
                let found = t.check_document(doc, true);
                assert!(found.iter().any(|m| m.starts_with(rule)), "{}: {rule}: {found:?}", t.name);
            };
            // Too few pages (keeping the multiple), or not the multiple.
            if t.min_pages > t.page_multiple {
                let mut short = good.clone();
                short.pages.truncate(n - t.page_multiple);
                breaks(&short, "page count: the book has");
            }
            let mut odd = good.clone();
            odd.pages.push(Page::default());
            breaks(&odd, "page count:");
            // Each edge of the safe zone, one point too near.
            let (w, h) = good.page_size;
            let (safe, gutter) = (t.safe_for(true), t.gutter_for(n, true));
            for (item, edge) in [
                (text(100.0, safe + 6.5), "head"),
                (text(100.0, h - safe + 1.5), "foot"),
                (text(w - safe + 1.0 - 5.0, 200.0), "fore-edge"),
                (text(gutter - 1.0, 200.0), "gutter"),
            ] {
                let mut near = good.clone();
                near.pages[0].items.push(item);
                let found = t.check_document(&near, true);
                assert!(
                    found.iter().any(|m| m.starts_with("safe zone:") && m.contains(&format!("from the {edge} trim"))),
                    "{}: {edge}: {found:?}",
                    t.name
                );
            }
            if t.last_page_blank {
                let mut filled = good.clone();
                filled.pages[n - 1].items.push(text(200.0, 300.0));
                breaks(&filled, "last page:");
            }
        }
    }

    #[test]
    fn rules_name_their_source() {
        for t in TARGETS {
            let d = t.describe();
            assert!(d.contains("source") && d.contains(t.name), "{d}");
        }
        assert!(find("kdp").unwrap().describe().contains("0.875 in beyond"));
    }
}
