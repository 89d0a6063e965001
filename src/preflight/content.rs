//! Content streams: what the pages actually paint. Walks each page's operators (and the
//! forms they draw with `Do`), keeping the graphics state's line width and transformation
//! through `q`/`Q`, `cm`, `w` and `gs /LW`, so every stroke (`S s b B b* B*`) is measured
//! as it prints: a stroke with no `w` before it uses the default 1.0, and a scaled
//! coordinate system scales the width with it. Colour comes from the operators
//! (`g G` DeviceGray, `rg RG` DeviceRGB, `k K` DeviceCMYK, `cs CS` named spaces, and the
//! values of `k K sc scn SC SCN` in CMYK spaces), shadings (`sh`) and images (XObjects and
//! inline, these read by `inline`), classified by `colour`: RGB and Lab are errors, spot
//! colours a warning (an error for a black-and-white service, where any cyan, magenta or
//! yellow is too). Images are measured where they are placed (`images`), and filled areas
//! and images near the trim are checked to run into the bleed (`trim_ink`). Unknown
//! operators and unreadable streams are skipped, never fatal.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::boxes::PageBoxes;
use super::colour::{Findings, Found, Space, classify};
use super::images::{Drawn, Resolutions};
use super::inline::{self, entry};
use super::trim_ink::AtTrim;
use super::{
    MAX_STREAM, Problem, Rules, as_dict, get, get_dict, on_pages, page_resources, pages_phrase, problem, resolve,
};

/// What the content streams paint.
pub struct Scan {
    pub thinnest: Option<f32>,
    pub colour_spaces: Vec<String>,
    /// Pages that paint anything (text shown, a path filled or stroked).
    pub painted: BTreeSet<usize>,
}

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
/// Forms drawing forms deeper than this are not followed.
const MAX_DEPTH: usize = 24;

#[derive(Clone, Copy)]
struct State {
    ctm: Matrix,
    width: f32,
    /// Bounding box of the clipping path set in this content (device space), if any.
    clip: Option<[f32; 4]>,
    /// The fill and stroke colour spaces have C, M, Y, K components.
    fill_cmyk: bool,
    stroke_cmyk: bool,
    /// The fill colour is white: paper, not ink.
    fill_white: bool,
}

impl State {
    fn new(ctm: Matrix, width: f32, clip: Option<[f32; 4]>) -> State {
        State { ctm, width, clip, fill_cmyk: false, stroke_cmyk: false, fill_white: false }
    }
}

/// An imposed sheet's MediaBox and BleedBox `[x0 y0 x1 y1]`: marks (strokes painted
/// outside every clip) must lie on the sheet and outside the bleed.
pub type SheetBoxes = ([f32; 4], [f32; 4]);

/// Slack for box comparisons, points.
const EPS: f32 = 0.05;

struct Walker<'a> {
    doc: &'a Document,
    min_stroke: f32,
    page: usize,
    thinnest: Option<f32>,
    thin: BTreeSet<usize>,
    thin_count: usize,
    colours: BTreeSet<String>,
    /// What was RGB → the pages it was on.
    rgb: BTreeMap<String, BTreeSet<usize>>,
    /// Forms being drawn, to stop a form that draws itself.
    forms: Vec<ObjectId>,
    /// The current path's subpaths, device space.
    path: Vec<Vec<(f32, f32)>>,
    /// `W`/`W*` seen: the path being painted also becomes the clip.
    clip_next: bool,
    /// Zero-length stroked subpaths: count and pages.
    zero: usize,
    zero_pages: BTreeSet<usize>,
    /// For imposed files, the sheet boxes of each page, and marks that break them.
    sheet: Option<SheetBoxes>,
    off_sheet: BTreeSet<usize>,
    in_bleed: BTreeSet<usize>,
    painted: BTreeSet<usize>,
    /// Lab, spot and process colour found (what → pages).
    found: Findings,
    resolutions: Resolutions,
    /// The page's TrimBox and BleedBox, when ink at the trim is checked (not for sheets).
    trim_bleed: Option<([f32; 4], [f32; 4])>,
    at_trim: AtTrim,
}

pub fn scan(
    doc: &Document,
    pages: &[ObjectId],
    rules: &Rules,
    sheets: Option<&[Option<SheetBoxes>]>,
    boxes: &[Option<PageBoxes>],
    problems: &mut Vec<Problem>,
) -> Scan {
    let mut w = Walker {
        doc,
        min_stroke: rules.min_stroke,
        page: 0,
        thinnest: None,
        thin: BTreeSet::new(),
        thin_count: 0,
        colours: BTreeSet::new(),
        rgb: BTreeMap::new(),
        forms: Vec::new(),
        path: Vec::new(),
        clip_next: false,
        zero: 0,
        zero_pages: BTreeSet::new(),
        sheet: None,
        off_sheet: BTreeSet::new(),
        in_bleed: BTreeSet::new(),
        painted: BTreeSet::new(),
        found: Findings::default(),
        resolutions: Resolutions::default(),
        trim_bleed: None,
        at_trim: AtTrim::default(),
    };
    for (i, &id) in pages.iter().enumerate() {
        w.page = i;
        w.sheet = sheets.and_then(|s| s.get(i).copied().flatten());
        w.trim_bleed = match (sheets, boxes.get(i)) {
            (None, Some(Some(b))) => Some((b.trim, b.bleed)),
            _ => None,
        };
        let Ok(page) = doc.get_dictionary(id) else {
            continue;
        };
        let res = page_resources(doc, page);
        let data = doc.get_page_content_with_limit(id, MAX_STREAM).unwrap_or_default();
        let state = State::new(IDENTITY, 1.0, None);
        w.run(&data, res, state, 0);
    }
    w.report(rules, problems);
    Scan { thinnest: w.thinnest, colour_spaces: w.colours.into_iter().collect(), painted: w.painted }
}

impl<'a> Walker<'a> {
    /// What the walk found that breaks a rule: zero-length paths, marks off the sheet or
    /// in the bleed, thin strokes, RGB colour.
    fn report(&self, rules: &Rules, problems: &mut Vec<Problem>) {
        if self.zero > 0 {
            problems.push(problem(
                "zero-length-path",
                format!(
                    "{} stroked path{} of zero length on {}: some printers drop them, others print a dot; draw a filled circle or remove them",
                    self.zero,
                    if self.zero == 1 { "" } else { "s" },
                    pages_phrase(&self.zero_pages)
                ),
            ));
        }
        on_pages(problems, "mark-off-sheet", &self.off_sheet, |p| {
            format!("marks reach past the edge of the sheet on {p}")
        });
        on_pages(problems, "mark-in-bleed", &self.in_bleed, |p| {
            format!("marks reach into the bleed on {p}: they would print on the book")
        });

        if self.thin_count > 0 {
            problems.push(problem(
                "thin-stroke",
                format!(
                    "{} stroke{} thinner than {} pt on {} (thinnest {:.2} pt)",
                    self.thin_count,
                    if self.thin_count == 1 { "" } else { "s" },
                    rules.min_stroke,
                    pages_phrase(&self.thin),
                    self.thinnest.unwrap_or(0.0),
                ),
            ));
        }
        for (what, pages) in &self.rgb {
            problems.push(problem("rgb", format!("{what} on {}", pages_phrase(pages))));
        }
        self.found.report(rules, problems);
        self.resolutions.report(rules.target.is_some() || rules.pdfx, problems);
        self.at_trim.report(problems);
    }

    /// An area painted with ink (device space), clipped: checked against the trim.
    fn ink(&mut self, bbox: Option<[f32; 4]>, gs: &State) {
        let (Some(b), Some((trim, bleed))) = (bbox, self.trim_bleed) else { return };
        let b = match gs.clip {
            Some(c) => [b[0].max(c[0]), b[1].max(c[1]), b[2].min(c[2]), b[3].min(c[3])],
            None => b,
        };
        if b[0] < b[2] && b[1] < b[3] {
            self.at_trim.painted(self.page, b, trim, bleed);
        }
    }

    fn run(&mut self, data: &[u8], res: Option<&'a Dictionary>, start: State, depth: usize) {
        let mut gs = start;
        let mut stack: Vec<State> = Vec::new();
        let mut inline_dicts = None;
        for op in Content::decode_iter(data) {
            // A damaged stream is read up to the damage.
            let Ok(op) = op else { break };
            let nums: Vec<f32> = op
                .operands
                .iter()
                .filter_map(|o| match o {
                    Object::Integer(i) => Some(*i as f32),
                    Object::Real(r) if r.is_finite() => Some(*r),
                    _ => None,
                })
                .collect();
            match op.operator.as_str() {
                "q" => stack.push(gs),
                "Q" => gs = stack.pop().unwrap_or(gs),
                "cm" if nums.len() == 6 => {
                    gs.ctm = multiply(&[nums[0], nums[1], nums[2], nums[3], nums[4], nums[5]], &gs.ctm)
                }
                "w" if nums.len() == 1 => gs.width = nums[0].abs(),
                "m" if nums.len() == 2 => self.path.push(vec![apply(&gs.ctm, nums[0], nums[1])]),
                "l" if nums.len() == 2 => self.extend(&gs, &nums),
                "c" if nums.len() == 6 => self.extend(&gs, &nums),
                "v" | "y" if nums.len() == 4 => self.extend(&gs, &nums),
                "re" if nums.len() == 4 => {
                    let (x, y, rw, rh) = (nums[0], nums[1], nums[2], nums[3]);
                    let corners = [(x, y), (x + rw, y), (x + rw, y + rh), (x, y + rh)];
                    // A rectangle is never a zero-length path: keep its corners distinct.
                    let mut sub: Vec<(f32, f32)> = corners.iter().map(|&(a, b)| apply(&gs.ctm, a, b)).collect();
                    if rw == 0.0 && rh == 0.0 {
                        sub.truncate(1);
                    }
                    self.path.push(sub);
                }
                "W" | "W*" => self.clip_next = true,
                "n" => self.paint(&mut gs, false, false),
                "f" | "F" | "f*" => {
                    self.painted.insert(self.page);
                    self.paint(&mut gs, true, false)
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    self.painted.insert(self.page);
                }
                "gs" => {
                    if let Some(lw) = self
                        .resource(res, b"ExtGState", &op.operands)
                        .and_then(as_dict)
                        .and_then(|d| get(self.doc, d, b"LW"))
                        .and_then(|o| super::number(self.doc, o))
                    {
                        gs.width = lw.abs();
                    }
                }
                "S" | "s" | "b" | "B" | "b*" | "B*" => {
                    self.painted.insert(self.page);
                    self.stroke(&gs);
                    let filled = !matches!(op.operator.as_str(), "S" | "s");
                    self.paint(&mut gs, filled, true);
                }
                "g" | "G" => {
                    self.colours.insert("DeviceGray".into());
                    if op.operator == "g" {
                        gs.fill_white = nums.first().is_some_and(|&v| v >= 1.0);
                        gs.fill_cmyk = false;
                    } else {
                        gs.stroke_cmyk = false;
                    }
                }
                "k" | "K" => {
                    self.colours.insert("DeviceCMYK".into());
                    let fill = op.operator == "k";
                    if fill {
                        gs.fill_white = nums.iter().all(|&v| v <= 0.0);
                        gs.fill_cmyk = true;
                    } else {
                        gs.stroke_cmyk = true;
                    }
                    self.found.cmyk_values(self.page, &nums, fill);
                }
                "sc" | "scn" | "SC" | "SCN" => {
                    let fill = op.operator.starts_with('s');
                    if (fill && gs.fill_cmyk) || (!fill && gs.stroke_cmyk) {
                        if fill {
                            gs.fill_white = nums.len() == 4 && nums.iter().all(|&v| v <= 0.0);
                        }
                        self.found.cmyk_values(self.page, &nums, fill);
                    } else if fill {
                        gs.fill_white = false;
                    }
                }
                "rg" => {
                    gs.fill_white = nums.len() == 3 && nums.iter().all(|&v| v >= 1.0);
                    gs.fill_cmyk = false;
                    self.found_rgb("DeviceRGB", "rg (RGB fill colour)")
                }
                "RG" => {
                    gs.stroke_cmyk = false;
                    self.found_rgb("DeviceRGB", "RG (RGB stroke colour)")
                }
                "cs" | "CS" => {
                    if let Some(n @ Object::Name(_)) = op.operands.first() {
                        let cmyk = self.colour_space(n, res, "colour space").cmyk;
                        if op.operator == "cs" {
                            // The initial colour of every space is ink, never paper.
                            (gs.fill_cmyk, gs.fill_white) = (cmyk, false);
                        } else {
                            gs.stroke_cmyk = cmyk;
                        }
                    }
                }
                "sh" => {
                    self.painted.insert(self.page);
                    // A shading fills the clip (with none, the whole page: into any bleed).
                    if gs.clip.is_some() {
                        self.ink(gs.clip, &gs);
                    }
                    if let Some(cs) = self
                        .resource(res, b"Shading", &op.operands)
                        .and_then(as_dict)
                        .and_then(|d| d.get(b"ColorSpace").ok())
                    {
                        let space = self.colour_space(cs, res, "shading in");
                        if space.cmyk {
                            self.found.note(self.page, Found::Colour, format!("shading in {}", space.family));
                        }
                    }
                }
                "BI" => {
                    self.painted.insert(self.page);
                    // The reader drops the dictionary of an inline image it cannot size;
                    // the stream's own bytes still hold it.
                    let inline_dicts = inline_dicts.get_or_insert_with(|| inline::dictionaries(data).into_iter());
                    let dict = inline_dicts.next();
                    let (dict, pixels) = match (op.operands.first(), &dict) {
                        // Read by the reader: unfiltered, so its data is the pixels.
                        (Some(Object::Stream(img)), _) => (Some(&img.dict), Some(img)),
                        (_, Some(d)) => (Some(d), None),
                        _ => (None, None),
                    };
                    if let Some(dict) = dict {
                        self.image(dict, pixels, res, "inline image in", "inline image", &gs);
                    }
                }
                "Do" => {
                    self.painted.insert(self.page);
                    self.draw(&op.operands, res, &gs, depth)
                }
                _ => {}
            }
        }
    }

    /// Continue the current subpath with the points among `nums`.
    fn extend(&mut self, gs: &State, nums: &[f32]) {
        let pts: Vec<(f32, f32)> = nums.chunks_exact(2).map(|p| apply(&gs.ctm, p[0], p[1])).collect();
        match self.path.last_mut() {
            Some(sub) => sub.extend(pts),
            None => self.path.push(pts),
        }
    }

    /// The current path is painted (or only used, `n`): check it, apply a pending clip,
    /// start a new path.
    fn paint(&mut self, gs: &mut State, filled: bool, stroked: bool) {
        let path = std::mem::take(&mut self.path);
        let bbox = path.iter().flatten().fold(None, |b: Option<[f32; 4]>, &(x, y)| {
            Some(match b {
                None => [x, y, x, y],
                Some([x0, y0, x1, y1]) => [x0.min(x), y0.min(y), x1.max(x), y1.max(y)],
            })
        });
        if filled && !gs.fill_white {
            self.ink(bbox, gs);
        }
        if stroked {
            for sub in &path {
                if sub.len() >= 2 && sub.iter().all(|p| (p.0 - sub[0].0).abs() < 1e-4 && (p.1 - sub[0].1).abs() < 1e-4)
                {
                    self.zero += 1;
                    self.zero_pages.insert(self.page);
                }
            }
            if let (Some(b), Some((media, bleed)), None) = (bbox, self.sheet, gs.clip) {
                let half = gs.width / 2.0;
                if b[0] - half < media[0] - EPS
                    || b[1] - half < media[1] - EPS
                    || b[2] + half > media[2] + EPS
                    || b[3] + half > media[3] + EPS
                {
                    self.off_sheet.insert(self.page);
                }
                let overlaps =
                    b[0] < bleed[2] - EPS && b[2] > bleed[0] + EPS && b[1] < bleed[3] - EPS && b[3] > bleed[1] + EPS;
                if overlaps {
                    self.in_bleed.insert(self.page);
                }
            }
        }
        if std::mem::take(&mut self.clip_next)
            && let Some(b) = bbox
        {
            gs.clip = Some(match gs.clip {
                None => b,
                Some(c) => [c[0].max(b[0]), c[1].max(b[1]), c[2].min(b[2]), c[3].min(b[3])],
            });
        }
    }

    fn stroke(&mut self, gs: &State) {
        let m = &gs.ctm;
        let scale = (m[0] * m[3] - m[1] * m[2]).abs().sqrt();
        let width = gs.width * scale;
        if self.thinnest.is_none_or(|t| width < t) {
            self.thinnest = Some(width);
        }
        if width < self.min_stroke - 1e-4 {
            self.thin_count += 1;
            self.thin.insert(self.page);
        }
    }

    fn found_rgb(&mut self, family: &str, what: &str) {
        self.colours.insert(family.into());
        self.rgb.entry(what.to_string()).or_default().insert(self.page);
    }

    /// `res[category][name]` for the name among `operands`, references followed.
    fn resource(&self, res: Option<&'a Dictionary>, category: &[u8], operands: &[Object]) -> Option<&'a Object> {
        let Some(Object::Name(n)) = operands.first() else {
            return None;
        };
        get(self.doc, get_dict(self.doc, res?, category)?, n)
    }

    /// Note a colour space (a name, possibly of a resource, or an array): RGB, Lab, spot
    /// colorants and process colour.
    fn colour_space(&mut self, cs: &Object, res: Option<&'a Dictionary>, what: &str) -> Space {
        let space = classify(self.doc, cs, res, 0);
        if let Some(via) = &space.rgb {
            self.found_rgb(&space.family, &format!("{what} {via}"));
        } else {
            self.colours.insert(space.family.clone());
        }
        self.found.space(self.page, &space, what);
        space
    }

    /// An image drawn in state `gs`: its colour space (`what` words it), its resolution
    /// where placed and its area (`label` names it).
    /// `pixels` holds its samples when they can be read (a CMYK image whose samples hold
    /// no cyan, magenta or yellow is black, not colour; they are decoded only then).
    fn image(
        &mut self,
        dict: &Dictionary,
        pixels: Option<&Stream>,
        res: Option<&'a Dictionary>,
        what: &str,
        label: &str,
        gs: &State,
    ) {
        let corners = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)].map(|(x, y)| apply(&gs.ctm, x, y));
        let bbox = corners.iter().fold([f32::MAX, f32::MAX, f32::MIN, f32::MIN], |b, &(x, y)| {
            [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)]
        });
        let is_mask = matches!(entry(dict, b"IM", b"ImageMask"), Some(Object::Boolean(true)));
        // A stencil mask paints the fill colour.
        if !(is_mask && gs.fill_white) {
            self.ink(Some(bbox), gs);
        }
        if is_mask {
            return;
        }
        if let Some(cs) = entry(dict, b"CS", b"ColorSpace") {
            let cs = resolve(self.doc, cs);
            let space = self.colour_space(cs, res, what);
            let bpc = entry(dict, b"BPC", b"BitsPerComponent").and_then(|o| super::number(self.doc, o));
            if space.cmyk && !(bpc == Some(8.0) && pixels.is_some_and(|p| black_only(&decoded(p)))) {
                self.found.note(self.page, Found::Colour, format!("{what} {}", space.family));
            }
        }
        let size = |short: &[u8], long: &[u8]| entry(dict, short, long).and_then(|o| super::number(self.doc, o));
        if let (Some(w), Some(h)) = (size(b"W", b"Width"), size(b"H", b"Height")) {
            self.resolutions.drawn(self.page, Drawn { what: label, px: (w, h), ctm: &gs.ctm });
        }
    }

    /// `Do`: an image's colour space, or a form's content drawn in the current state.
    fn draw(&mut self, operands: &[Object], res: Option<&'a Dictionary>, gs: &State, depth: usize) {
        let Some(Object::Name(n)) = operands.first() else {
            return;
        };
        let Some(xobjects) = res.and_then(|r| get_dict(self.doc, r, b"XObject")) else {
            return;
        };
        let Ok(obj) = xobjects.get(n) else { return };
        let (id, obj) = self.doc.dereference(obj).unwrap_or((None, &Object::Null));
        let Object::Stream(stream) = obj else { return };
        match stream.dict.get(b"Subtype") {
            Ok(Object::Name(s)) if s == b"Image" => {
                let label = format!("image /{}", String::from_utf8_lossy(n));
                self.image(&stream.dict, Some(stream), res, "image in", &label, gs)
            }
            Ok(Object::Name(s)) if s == b"Form" => {
                if depth >= MAX_DEPTH || id.is_some_and(|id| self.forms.contains(&id)) {
                    return;
                }
                let matrix = match stream.dict.get(b"Matrix") {
                    Ok(Object::Array(a)) if a.len() == 6 => {
                        let v: Vec<f32> = a.iter().filter_map(|o| super::number(self.doc, o)).collect();
                        if v.len() == 6 { [v[0], v[1], v[2], v[3], v[4], v[5]] } else { IDENTITY }
                    }
                    _ => IDENTITY,
                };
                let inner = get_dict(self.doc, &stream.dict, b"Resources").or(res);
                let data = decoded(stream);
                // What a form draws is page content, never a sheet's mark: it counts as
                // clipped.
                let clip = gs.clip.or(Some([f32::MIN, f32::MIN, f32::MAX, f32::MAX]));
                let state = State { ctm: multiply(&matrix, &gs.ctm), clip, ..*gs };
                if let Some(id) = id {
                    self.forms.push(id);
                }
                self.run(&data, inner, state, depth + 1);
                if id.is_some() {
                    self.forms.pop();
                }
            }
            _ => {}
        }
    }
}

/// 8-bit CMYK samples with no cyan, magenta or yellow (some samples, none cut short).
fn black_only(samples: &[u8]) -> bool {
    !samples.is_empty() && samples.len().is_multiple_of(4) && samples.chunks_exact(4).all(|p| p[..3] == [0, 0, 0])
}

/// A stream's data with its filters undone (the raw bytes when it has none or they fail).
fn decoded(stream: &Stream) -> Vec<u8> {
    if stream.dict.get(b"Filter").is_err() {
        return stream.content.clone();
    }
    stream.decompressed_content_with_limit(MAX_STREAM).unwrap_or_default()
}

/// A point through the transformation.
fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// `m × ctm`: `m` applied first, then the current transformation.
fn multiply(m: &Matrix, c: &Matrix) -> Matrix {
    [
        m[0] * c[0] + m[1] * c[2],
        m[0] * c[1] + m[1] * c[3],
        m[2] * c[0] + m[3] * c[2],
        m[2] * c[1] + m[3] * c[3],
        m[4] * c[0] + m[5] * c[2] + c[4],
        m[4] * c[1] + m[5] * c[3] + c[5],
    ]
}

#[cfg(test)]
mod tests {
    use super::black_only;

    #[test]
    fn cmyk_samples_of_black_only() {
        assert!(black_only(&[0, 0, 0, 255, 0, 0, 0, 12]));
        assert!(!black_only(&[0, 0, 0, 255, 1, 0, 0, 12]));
        // Nothing read, or cut short: not known to be black.
        assert!(!black_only(&[]));
        assert!(!black_only(&[0, 0, 0]));
    }
}
