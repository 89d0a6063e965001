//! The checks that hold a laid-out book (a [`Document`]) or any PDF to a print service's
//! rules ([`crate::targets::Target`]), each problem a sentence naming the rule, the value
//! found and the fix.

use crate::display::{Document, Item};
use crate::targets::{Binding, MM_HALF, Target, mm};

/// The page's edges as the safe zone counts them, each with the margin that moves its
/// text: head, foot, fore-edge, gutter.
pub(crate) const EDGES: [(&str, &str); 4] =
    [("head", "[page] top"), ("foot", "[page] bottom"), ("fore-edge", "[page] outside"), ("gutter", "[page] inside")];

/// The mark nearest an edge that is nearer than the service allows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shortfall {
    /// Its distance from the trim, points.
    pub distance: f32,
    /// The distance the service needs, points.
    pub need: f32,
    /// The page (0-based).
    pub page: usize,
    /// The item on the page (0-based).
    pub item: usize,
    /// What it is, for messages (`text`, `a line` …).
    pub what: &'static str,
}

/// How much to widen the margin at `edge` so that a mark `short` points too near its trim
/// clears it, rounded up to half a millimetre. Margins move the text block one for one;
/// the folios sit in the bottom margin, 0.55 of it from the trim
/// (`layout::furniture::folio`), so widening the foot moves them about half as far.
pub(crate) fn margin_to_clear(edge: &str, short: f32) -> f32 {
    let by = if edge == "foot" { short / 0.55 } else { short };
    (by / MM_HALF).ceil() * MM_HALF
}

impl Target {
    /// Every rule the laid-out book breaks, each a sentence naming the rule, the value and
    /// the fix. `bleed` says whether the book is printed with bleed; `binding` is the
    /// book's (None: the service's usual one).
    pub fn check_document(&self, doc: &Document, bleed: bool, binding: Option<Binding>) -> Vec<String> {
        self.check_document_at(doc, bleed, binding).into_iter().map(|(m, _)| m).collect()
    }

    /// [`Target::check_document`], each sentence with the item it is about when it is
    /// about one (page and item index, 0-based): the caller names the item's source.
    pub(crate) fn check_document_at(
        &self,
        doc: &Document,
        bleed: bool,
        binding: Option<Binding>,
    ) -> Vec<(String, Option<(usize, usize)>)> {
        let mut out = Vec::new();
        out.extend(self.check_trim(doc.page_size));
        self.check_pages(doc, binding, &mut out);
        let mut at: Vec<(String, Option<(usize, usize)>)> = out.drain(..).map(|m| (m, None)).collect();
        self.check_safe_zone(doc, bleed, &mut at);
        self.check_line_weight(doc, &mut out);
        at.extend(out.into_iter().map(|m| (m, None)));
        at
    }

    /// The page count (least, multiple) and, for services that print a barcode there, a
    /// blank last page.
    fn check_pages(&self, doc: &Document, binding: Option<Binding>, out: &mut Vec<String>) {
        let n = doc.pages.len();
        let name = self.name;
        out.extend(self.check_page_count(n, binding));
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
    fn check_safe_zone(&self, doc: &Document, bleed: bool, out: &mut Vec<(String, Option<(usize, usize)>)>) {
        let name = self.name;
        for (&(edge, key), found) in EDGES.iter().zip(self.safe_zone_shortfalls(doc, bleed)) {
            let Some(Shortfall { distance: d, need, page, item, what }) = found else { continue };
            let short = need - d;
            let message = if d < 0.0 {
                // Past the trim: only what the poet placed there (a free item, a path,
                // a turned block) reaches so far; the margins are not the fix.
                format!(
                    "safe zone: {what} on page {} reaches {} past the {edge} trim, into the bleed; {name} needs it {} inside the trim: move it in by at least {}",
                    page + 1,
                    mm(-d),
                    mm(need),
                    mm((short / MM_HALF).ceil() * MM_HALF)
                )
            } else {
                format!(
                    "safe zone: {what} on page {} is {} from the {edge} trim; {name} needs {}: raise `{key}` by at least {}",
                    page + 1,
                    mm(d),
                    mm(need),
                    mm(margin_to_clear(edge, short))
                )
            };
            out.push((message, Some((page, item))));
        }
    }

    /// The worst breach of the safe zone per edge (head, foot, fore-edge, gutter, as
    /// [`EDGES`]), over all pages; `None` where every mark keeps its distance.
    pub(crate) fn safe_zone_shortfalls(&self, doc: &Document, bleed: bool) -> [Option<Shortfall>; 4] {
        let (w, h) = doc.page_size;
        let safe = self.safe_for(bleed);
        let need = [safe, safe, safe, self.gutter_for(doc.pages.len(), bleed)];
        let mut worst: [Option<Shortfall>; 4] = [None; 4];
        for (i, page) in doc.pages.iter().enumerate() {
            let recto = i % 2 == 0;
            for (j, item) in page.items.iter().enumerate() {
                let Some((what, [x0, y0, x1, y1])) = extent(item) else { continue };
                let (inside, outside) = if recto { (x0, w - x1) } else { (w - x1, x0) };
                for (k, d) in [y0, h - y1, outside, inside].into_iter().enumerate() {
                    if d < need[k] - 0.05 && worst[k].is_none_or(|s| d < s.distance) {
                        worst[k] = Some(Shortfall { distance: d, need: need[k], page: i, item: j, what });
                    }
                }
            }
        }
        worst
    }

    /// No stroke thinner than the service prints, inside groups (turned blocks, free
    /// items, text on a path) and clips too, each width as printed: times the least scale
    /// of every group's transform around it.
    fn check_line_weight(&self, doc: &Document, out: &mut Vec<String>) {
        // (count, thinnest, its page)
        let mut thin = (0usize, f32::MAX, 0usize);
        for (i, page) in doc.pages.iter().enumerate() {
            self.thin_lines(&page.items, 1.0, i, &mut thin);
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

    /// Counts the strokes of `items` (drawn at `scale`) thinner than the service prints.
    fn thin_lines(&self, items: &[Item], scale: f32, page: usize, thin: &mut (usize, f32, usize)) {
        for item in items {
            match item {
                // A path with no extent (no finite point) draws nothing: not counted.
                Item::Path(p) => {
                    if let Some(s) = p.stroke
                        && s.width * scale < self.min_line - 1e-4
                        && extent(item).is_some()
                    {
                        thin.0 += 1;
                        if s.width * scale < thin.1 {
                            (thin.1, thin.2) = (s.width * scale, page);
                        }
                    }
                }
                Item::Clip(c) => self.thin_lines(&c.items, scale, page, thin),
                Item::Group(g) => self.thin_lines(&g.items, scale * g.transform.least_scale(), page, thin),
                _ => {}
            }
        }
    }
}

/// What an item is, for messages, and its extent `[x0 y0 x1 y1]` ([`Item::bounds`]).
pub(crate) fn extent(item: &Item) -> Option<(&'static str, [f32; 4])> {
    let what = match item {
        Item::Text(_) => "text",
        Item::Path(_) => "a line",
        Item::Dot(_) => "a dot",
        Item::Clip(_) => "clipped art",
        Item::Group(_) => "turned text",
    };
    item.bounds().map(|b| (what, b))
}

/// What a PDF shows of the service's rules: boxes (bleed on the right sides, no room for
/// marks), bookmarks and annotations, page count, the last page blank. (Distances of
/// text from the trim need the laid-out book: `build --target` checks them.)
pub(super) fn check_pdf(
    doc: &lopdf::Document,
    pages: &[lopdf::ObjectId],
    (t, binding): (&Target, Option<Binding>),
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
    check_page_count(pages.len(), t, binding, painted, problems);
    if let Some(Some(b)) = boxes.first()
        && let Some(m) = t.check_trim((b.trim[2] - b.trim[0], b.trim[3] - b.trim[1]))
    {
        problems.push(super::problem("target-trim", m.trim_start_matches("trim: ").to_string()));
    }
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
    binding: Option<Binding>,
    painted: &std::collections::BTreeSet<usize>,
    problems: &mut Vec<super::Problem>,
) {
    use super::problem;
    let name = t.name;
    for m in t.check_page_count_of_file(n, binding) {
        let rule = if m.starts_with("binding:") { "target-binding" } else { "target-pages" };
        problems.push(problem(rule, m.split_once(": ").map_or(m.clone(), |(_, rest)| rest.to_string())));
    }
    if t.last_page_blank && n > 0 && painted.contains(&(n - 1)) {
        problems.push(problem(
            "target-last-page",
            format!(
                "{name} prints its barcode on the last page, but page {n} is not blank: end the file with a blank page"
            ),
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
        // At least the service's bleed (less the tolerance its guides allow) wherever it
        // wants one; none exactly at a spine the service wants without.
        let side = |m: f32, want: f32| if want == 0.0 { near(m, 0.0) } else { t.bleed_ok(m) };
        let as_wanted = side(l, want_l) && side(r, want_r) && side(bo, t.bleed) && side(to, t.bleed);
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
                "{name} wants no bleed or {}{} ({}) {}; the BleedBox differs on {}",
                if t.wider_bleed { "at least " } else { "" },
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
                "{name} accepts no printer's marks, but the MediaBox reaches past the bleed (room for marks) on {}: export the file without printer's marks (chapbook: build without --marks)",
                pages_phrase(&marks)
            ),
        ));
    }
}

/// [`check_no_links`] when the service takes no bookmarks.
pub(super) fn check_links(
    doc: &lopdf::Document,
    pages: &[lopdf::ObjectId],
    t: &Target,
    problems: &mut Vec<super::Problem>,
) {
    if !t.bookmarks {
        check_no_links(doc, pages, t, problems);
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
            roles: Vec::new(),
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
        assert!(crate::targets::lookup("kpd").unwrap_err().contains("did you mean `kdp`?"));
    }

    #[test]
    fn a_passing_book_and_one_that_breaks_each_rule() {
        let kdp = find("kdp").unwrap();
        // Folio baseline 0.5 in from the foot: its descent (0.25 em) leaves 0.465 in.
        assert_eq!(kdp.check_document(&book(24, 0.5 * IN), true, None), Vec::<String>::new());
        let low = kdp.check_document(&book(24, 9.4 * PT_PER_MM), true, None);
        assert_eq!(
            low,
            vec![
                "safe zone: text on page 1 is 8.5 mm from the foot trim; kdp needs 9.5 mm: raise `[page] bottom` by at least 2.0 mm"
            ]
        );
        // Past the trim (a free item, a path): the item is the fix, by the whole way in,
        // and the item is named (page 1, item 0: the folio here).
        let past = kdp.check_document_at(&book(24, -3.0 * PT_PER_MM), true, None);
        assert_eq!(past.len(), 1, "{past:?}");
        assert!(
            past[0].0.contains("reaches 3.9 mm past the foot trim, into the bleed; kdp needs it 9.5 mm inside the trim: move it in by at least 13.5 mm"),
            "{past:?}"
        );
        assert_eq!(past[0].1, Some((0, 0)));
        let short = kdp.check_document(&book(12, 0.5 * IN), true, None);
        assert!(short[0].starts_with("page count: the book has 12 pages; kdp needs at least 24"), "{short:?}");
        let odd = kdp.check_document(&book(25, 0.5 * IN), true, None);
        assert!(odd[0].contains("not a multiple of 2"), "{odd:?}");
        // IngramSpark's half-inch safe zone catches the text 0.75 in from the edge? No:
        // it is inside; but its last page must be blank, which `book` gives.
        let ingram = find("ingramspark").unwrap();
        assert_eq!(ingram.check_document(&book(24, 0.75 * IN), true, None), Vec::<String>::new());
        let mut filled = book(24, 0.75 * IN);
        filled.pages[23].items.push(text(200.0, 300.0));
        assert!(ingram.check_document(&filled, true, None)[0].starts_with("last page:"));
        // The gutter: text 0.75 in from the spine of a recto passes kdp at 24 pages
        // (0.375 in), fails at 160 pages (0.5 in is fine too)… and at 800 (0.875 in).
        let many = kdp.check_document(&book(800, 0.5 * IN), true, None);
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
        assert!(kdp.check_document(&hair, true, None)[0].starts_with("line weight: 1 line thinner than 0.25 pt"));
    }

    /// A book that keeps `t`'s rules: the fewest pages it takes, text 1 pt inside every
    /// margin it needs, a blank last page.
    fn passing(t: &Target) -> Document {
        let rule = &t.bindings[0];
        let pages = rule.min_pages.div_ceil(rule.multiple).max(1) * rule.multiple;
        let (w, h) = (6.0 * IN, 9.0 * IN);
        let (safe, gutter) = (t.safe_for(true), t.gutter_for(pages, true));
        let line = |recto: bool| {
            let x = if recto { gutter + 1.0 } else { safe + 1.0 };
            // 10 pt text: 7.5 pt above the baseline, 2.5 pt below; 5 pt wide.
            vec![text(x, safe + 8.5), text(w - safe - 6.0, h - safe - 3.5)]
        };
        Document {
            roles: Vec::new(),
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
            assert_eq!(t.check_document(&good, true, None), Vec::<String>::new(), "{}", t.name);
            let n = good.pages.len();
            let breaks = |doc: &Document, rule: &str| {
                let found = t.check_document(doc, true, None);
                assert!(found.iter().any(|m| m.starts_with(rule)), "{}: {rule}: {found:?}", t.name);
            };
            // Too few pages (keeping the multiple), or not the multiple.
            let rule = &t.bindings[0];
            if rule.min_pages > rule.multiple {
                let mut short = good.clone();
                short.pages.truncate(n - rule.multiple);
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
                let found = t.check_document(&near, true, None);
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
    fn bindings_and_trims_follow_what_each_service_sells() {
        use crate::targets::{BLEED_TOLERANCE, Binding};
        use crate::units::parse_page_size;
        let (kdp, lulu, ingram, offset) =
            (find("kdp").unwrap(), find("lulu").unwrap(), find("ingramspark").unwrap(), find("offset").unwrap());
        // KDP prints neither A6 nor 300 × 400 mm; 6 × 9 in, A5 and half letter it does.
        let a6 = kdp.check_trim(parse_page_size("a6").unwrap()).unwrap();
        assert_eq!(
            a6,
            "trim: 105.0 × 148.0 mm (A6) is not a trim kdp prints: it prints any width from 4 in to 8.5 in \
             and any height from 6 in to 11.69 in"
        );
        assert!(kdp.check_trim(parse_page_size("300mmx400mm").unwrap()).is_some());
        for ok in ["6x9in", "a5", "half-letter", "5x8in"] {
            assert_eq!(kdp.check_trim(parse_page_size(ok).unwrap()), None, "{ok}");
        }
        // Lulu's and IngramSpark's lists: A5 (5.83 × 8.27 in) is within the tolerance of
        // 148 × 210 mm; quarter letter is on neither.
        assert_eq!(lulu.check_trim(parse_page_size("a5").unwrap()), None);
        assert_eq!(ingram.check_trim(parse_page_size("a5").unwrap()), None);
        let q = lulu.check_trim(parse_page_size("quarter-letter").unwrap()).unwrap();
        assert!(
            q.contains("(Quarter Letter) is not a trim lulu prints: it prints Pocket Book (4.25 × 6.875 in)"),
            "{q}"
        );
        assert_eq!(offset.check_trim((1000.0, 1000.0)), None);

        // KDP sells no saddle stitch, and says who does.
        let e = kdp.check_page_count(24, Some(Binding::Saddle));
        assert_eq!(
            e,
            vec![
                "binding: kdp sells no saddle binding (it binds perfect only): set `[print] binding = \"perfect\"`, \
                 or choose a target that does (lulu, offset)"
            ]
        );
        // The 12-page chapbook saddle-stitched passes Lulu's page rules, not perfect bound.
        assert_eq!(lulu.check_page_count(12, Some(Binding::Saddle)), Vec::<String>::new());
        assert!(lulu.check_page_count(12, None)[0].contains("lulu needs at least 32 for perfect binding"));
        assert!(lulu.check_page_count(52, Some(Binding::Saddle))[0].contains("binds at most 48 with saddle"));
        assert!(lulu.check_page_count(14, Some(Binding::Saddle))[0].contains("not a multiple of 4"));
        // IngramSpark ended saddle stitch in 2021 (see its rule's source).
        assert!(
            ingram.check_page_count(12, Some(Binding::Saddle))[0].starts_with("binding: ingramspark sells no saddle")
        );
        assert_eq!(kdp.check_page_count(830, None).len(), 1);

        // Bleed at least what the service asks: 3 mm passes for 0.125 in (3.175 mm), 2.5
        // mm does not; 5 mm is fine for offset, but not for KDP, which sizes the page.
        assert!(ingram.bleed_ok(3.0 * PT_PER_MM) && !ingram.bleed_ok(2.5 * PT_PER_MM));
        assert!(ingram.bleed_ok(ingram.bleed - BLEED_TOLERANCE + 0.01));
        assert!(offset.bleed_ok(5.0 * PT_PER_MM) && lulu.bleed_ok(5.0 * PT_PER_MM));
        assert!(kdp.bleed_ok(0.125 * IN) && kdp.bleed_ok(3.0 * PT_PER_MM) && !kdp.bleed_ok(5.0 * PT_PER_MM));
    }

    #[test]
    fn rules_name_their_source() {
        for t in TARGETS {
            let d = t.describe();
            assert!(d.contains("source") && d.contains(t.name), "{d}");
        }
        assert!(find("kdp").unwrap().describe().contains("0.875 in beyond"));
        let kdp = find("kdp").unwrap().describe();
        assert!(kdp.contains("saddle pages  not sold") && kdp.contains("width 4 in to 8.5 in"), "{kdp}");
        for t in TARGETS {
            for r in t.bindings {
                assert!(!r.source.is_empty() && r.min_pages >= 1 && r.multiple >= 1, "{}", t.name);
            }
        }
    }
}
