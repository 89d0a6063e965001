//! Reading the project's TOML and turning the raw tables into the model, collecting every
//! problem as a diagnostic that points at the offending value.

use super::Style;
use super::explain;
use super::model::*;
use super::raw::{self, RawBlock, RawBook, RawSection};
use crate::diag::{Diagnostic, Source};
use crate::units::{Length, PT_PER_MM, parse_length, parse_page_size, parse_paper_length};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

#[path = "visual.rs"]
mod visual;

/// Largest spec file accepted; a poem's section is a few kilobytes.
const MAX_FILE_BYTES: u64 = 4 << 20;

/// Loads `DIR/layout/book.toml` and every other `DIR/layout/*.toml` (sorted by file name)
/// as the sections. Returns every problem found, not just the first.
pub fn load(root: &Path) -> Result<Book, crate::Error> {
    load_for_size(root, None).map_err(crate::Error::from)
}

/// Like [`load`], applying the sections' `[size.NAME]` patches for the page size the book
/// will be built at (`page_size` overrides book.toml's, as `--page-size` does).
pub fn load_for_size(root: &Path, page_size: Option<&str>) -> Result<Book, Vec<Diagnostic>> {
    let layout = root.join("layout");
    let book_path = layout.join("book.toml");
    let mut diags = Vec::new();
    let book_src = match read_source(&book_path) {
        Ok(s) => s,
        Err(d) => return Err(vec![d]),
    };
    let mut font_refs = Vec::new();
    let mut cx = Cx { src: book_src.clone(), diags: &mut diags, fonts: &mut font_refs };
    let raw: Option<RawBook> = cx.parse();
    let contents_asked = raw.as_ref().is_some_and(|r| r.contents.is_some());
    let files = match book_sections(&layout, &mut diags) {
        Ok(f) => f,
        Err(d) => return Err(vec![d]),
    };
    let book = raw.map(|r| convert_book(r, &mut Cx { src: book_src, diags: &mut diags, fonts: &mut font_refs }, root));
    // Files are read, parsed and converted on every core; what ties them together (no
    // numeral used twice) is checked afterwards, in file order, so the diagnostics come
    // out in the same order however the work was split.
    let active =
        page_size.map(|s| s.trim().to_ascii_lowercase()).or_else(|| book.as_ref().map(|b| b.page.size_name.clone()));
    let loaded = crate::par::map(&files, SHARE_FILES_FROM, |path| load_section(path, active.as_deref()));
    let (sections, order) = gather_sections(loaded, &mut diags, &mut font_refs);
    check_titles(&sections, &mut diags);
    diags.extend(order_warnings(&order));
    diags.extend(missing_numeral_warnings(&sections));
    match book {
        Some(mut book) if !diags.iter().any(Diagnostic::is_error) => {
            // A book of one poem has nothing to list unless the poet asks for contents.
            if sections.len() == 1 && !contents_asked {
                book.contents = false;
            }
            book.sections = sections;
            book.font_refs = font_refs;
            book.warnings = diags;
            Ok(book)
        }
        _ => Err(diags),
    }
}

/// The section files in `layout/` (book.toml is not one); files left out and a book
/// without sections are reported in `diags`. `Err` when the folder cannot be read.
fn book_sections(layout: &Path, diags: &mut Vec<Diagnostic>) -> Result<Vec<PathBuf>, Diagnostic> {
    let (mut files, left_out) = section_files(layout)?;
    diags.extend(left_out);
    files.retain(|p| p.file_name().is_some_and(|n| n != "book.toml"));
    if files.is_empty() {
        diags.push(
            Diagnostic::error("the book has no sections")
                .in_file(layout)
                .note("add one TOML file per section to layout/, e.g. layout/01-first.toml"),
        );
    }
    Ok(files)
}

/// The loaded sections in file order, with their problems and font names moved into
/// `diags` and `font_refs`, a numeral used twice reported, and where each numeral stands.
fn gather_sections(
    loaded: Vec<LoadedSection>,
    diags: &mut Vec<Diagnostic>,
    font_refs: &mut Vec<FontRef>,
) -> (Vec<Section>, Vec<NumeralAt>) {
    let mut sections: Vec<Section> = Vec::new();
    // (numeral, file name) of the sections so far.
    let mut numerals: Vec<(String, String)> = Vec::new();
    let mut order = Vec::new();
    for file in loaded {
        diags.extend(file.diags);
        font_refs.extend(file.fonts);
        let Some(section) = file.section else { continue };
        if let Some(numeral) = &section.numeral {
            order.push(NumeralAt {
                numeral: numeral.clone(),
                file: section.file.file_name().unwrap_or_default().to_string_lossy().into_owned(),
                source: section.source.clone(),
                span: file.numeral_span.clone(),
            });
        }
        let name = section.file.file_name().unwrap_or_default().to_string_lossy().into_owned();
        if let Some(numeral) = &section.numeral {
            if let Some((_, first)) = numerals.iter().find(|(n, _)| n == numeral) {
                diags.push(
                    Diagnostic::error(format!("two sections have the numeral `{numeral}`"))
                        .at(&section.source, file.numeral_span)
                        .label("used again here")
                        .note(format!("{first} already uses it; give each section its own numeral")),
                );
            }
            numerals.push((numeral.clone(), name));
        }
        diags.extend(file.block_diags);
        sections.push(section);
    }
    (sections, order)
}

/// A book of one poem may leave the title to the title page; with several sections
/// each needs a title for its heading, the contents and the bookmarks.
fn check_titles(sections: &[Section], diags: &mut Vec<Diagnostic>) {
    if sections.len() > 1 {
        for s in sections.iter().filter(|s| s.title.is_none()) {
            diags.push(
                Diagnostic::error("this section has no `title`")
                    .at(&s.source, 0..s.source.text.find('\n').unwrap_or(0))
                    .label("add title = \"…\" to this file")
                    .note("only a book of one section may leave out the section title"),
            );
        }
    }
}

/// Fewest section files worth sharing with the helper threads.
const SHARE_FILES_FROM: usize = 32;

/// One section file, loaded on its own: the section (when it parsed), the problems met
/// before its blocks (reading, parsing, size patches) and in them, and its font names.
struct LoadedSection {
    section: Option<Section>,
    numeral_span: Range<usize>,
    diags: Vec<Diagnostic>,
    block_diags: Vec<Diagnostic>,
    fonts: Vec<FontRef>,
}

fn load_section(path: &Path, active_size: Option<&str>) -> LoadedSection {
    let mut out = LoadedSection {
        section: None,
        numeral_span: 0..0,
        diags: Vec::new(),
        block_diags: Vec::new(),
        fonts: Vec::new(),
    };
    let src = match read_source(path) {
        Ok(s) => s,
        Err(d) => {
            out.diags.push(d);
            return out;
        }
    };
    // Every key of a section is optional now, so an empty file would parse as a section
    // with nothing in it: say what a section file holds instead.
    if let Some((message, hint)) = super::explain::empty_file(&src) {
        out.diags.push(Diagnostic::error(message).at(&src, 0..0).label("nothing here").note(hint));
        return out;
    }
    let mut cx = Cx { src: src.clone(), diags: &mut out.diags, fonts: &mut out.fonts };
    let Some(mut raw) = cx.parse::<RawSection>() else { return out };
    if let Some(patch) = active_size.and_then(|a| raw.size.remove(a)) {
        apply_patches(&mut raw.block, patch.block, &mut cx);
    }
    // The patches for other sizes are checked too, so a mistake in one shows at every
    // size, not only when the book is built at that one.
    for (name, patch) in &raw.size {
        check_patches(name, &patch.block, raw.block.len(), &mut cx);
    }
    out.numeral_span = raw.numeral.as_ref().map(|n| n.span()).unwrap_or(0..0);
    if raw.block.is_empty() {
        let (what, at) = match &raw.title {
            Some(t) => (format!("the section “{}”", t.get_ref()), t.span()),
            None => ("this section".to_string(), 0..src.text.find('\n').unwrap_or(0)),
        };
        out.diags.push(
            Diagnostic::warning(format!("{what} has no blocks: it prints as a page with only its heading"))
                .at(&src, at)
                .label("nothing below this")
                .note("add its text below the title: [[block]], then kind = \"verse\" and text = ''' … '''"),
        );
    }
    let mut cx = Cx { src: src.clone(), diags: &mut out.block_diags, fonts: &mut out.fonts };
    let start = raw.start.as_ref().map(|s| cx.choice(&Some(s.clone()), STARTS, Start::Any));
    let blocks = raw.block.into_iter().enumerate().filter_map(|(i, b)| convert_block(i + 1, b, &mut cx)).collect();
    let text = |v: Option<Spanned<String>>| v.map(Spanned::into_inner).filter(|t| !t.trim().is_empty());
    let spans = [&raw.numeral, &raw.title].map(|v| v.as_ref().map(Spanned::span));
    let heading_span = spans.iter().flatten().cloned().reduce(|a, b| a.start.min(b.start)..a.end.max(b.end));
    out.section = Some(Section {
        file: path.to_path_buf(),
        source: src,
        numeral: text(raw.numeral),
        title: text(raw.title),
        heading_span,
        start,
        blocks,
    });
    out
}

/// Checks `[[size.NAME.block]]` patches that do not apply at this size: `NAME` is a page
/// size, and each patch numbers a block of the section and keeps its kind.
fn check_patches(name: &str, patches: &[Spanned<RawBlock>], count: usize, cx: &mut Cx<'_>) {
    if let (Err(e), Some(first)) = (crate::spec::page_points(name), patches.first()) {
        cx.err(
            first.span(),
            format!("`size.{name}` names no page size: {e}"),
            "patches for an unknown size",
            Some(
                "write a preset (a5, a6, half-letter, quarter-letter, 5x8in, 6x9in) or a size such as 140mmx216mm"
                    .into(),
            ),
        );
    }
    for p in patches {
        let p = p.get_ref();
        match &p.number {
            None => cx.err(
                patches[0].span(),
                format!("a size patch for {name} needs `number`, the block it changes"),
                "no number",
                Some("add number = 1 for the first block".into()),
            ),
            Some(n) if !usize::try_from(*n.get_ref()).is_ok_and(|i| (1..=count).contains(&i)) => cx.err(
                n.span(),
                format!("there is no block {} in this section (it has {count})", n.get_ref()),
                "no such block",
                None,
            ),
            Some(_) => {}
        }
        if let Some(k) = &p.kind {
            cx.err(k.span(), "a size patch cannot change a block's kind".into(), "kind", None);
        }
    }
}

/// Applies `[[size.NAME.block]]` patches to the blocks they number.
fn apply_patches(blocks: &mut [Spanned<RawBlock>], patches: Vec<Spanned<RawBlock>>, cx: &mut Cx<'_>) {
    for p in patches {
        let span = p.span();
        let mut p = p.into_inner();
        let Some(n) = p.number.take() else {
            cx.err(
                span,
                "a size patch needs `number`, the block it changes".into(),
                "no number",
                Some("add number = 1 for the first block".into()),
            );
            continue;
        };
        let count = blocks.len();
        match usize::try_from(*n.get_ref()).ok().filter(|i| (1..=count).contains(i)) {
            Some(i) => {
                if let Some(k) = &p.kind {
                    cx.err(k.span(), "a size patch cannot change a block's kind".into(), "kind", None);
                    continue;
                }
                let (s, mut b) = (
                    blocks[i - 1].span(),
                    std::mem::replace(&mut blocks[i - 1], Spanned::new(0..0, RawBlock::default())).into_inner(),
                );
                b.apply(p);
                blocks[i - 1] = Spanned::new(s, b);
            }
            None => cx.err(
                n.span(),
                format!("there is no block {} in this section (it has {count})", n.get_ref()),
                "no such block",
                None,
            ),
        }
    }
}

fn read_source(path: &Path) -> Result<Source, Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Diagnostic::error(format!("cannot read {}: {e}", path.display()))
            .note("run `chapbook build` in the project folder or pass --project DIR; `chapbook new DIR` makes one")
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(format!(
            "{} is {} bytes; spec files are limited to {} bytes",
            path.display(),
            meta.len(),
            MAX_FILE_BYTES
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::error(format!("cannot read {}: {e}", path.display())))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source { path: Arc::from(path), text: Arc::from(text) }),
        Err(e) => {
            // Point at the first bad byte in a lossy copy (valid up to there, so the
            // offsets agree).
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let src = Source { path: Arc::from(path), text: Arc::from(text) };
            let end = src.text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            Err(Diagnostic::error("the file is not UTF-8 text")
                .at(&src, at..end)
                .label("not UTF-8")
                .note("save the file as UTF-8"))
        }
    }
}

/// The section files (`*.toml` directly in `layout/`, sorted by name) and a warning for
/// everything else there, which is left out of the book: nothing is skipped silently.
fn section_files(layout: &Path) -> Result<(Vec<PathBuf>, Vec<Diagnostic>), Diagnostic> {
    let dir =
        std::fs::read_dir(layout).map_err(|e| Diagnostic::error(format!("cannot read {}: {e}", layout.display())))?;
    let mut files = Vec::new();
    let mut others = Vec::new();
    for path in dir.filter_map(|e| e.ok().map(|e| e.path())) {
        if path.is_file() && path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        } else {
            others.push(path);
        }
    }
    files.sort();
    others.sort();
    let warnings = others.iter().filter_map(|p| left_out(p)).collect();
    Ok((files, warnings))
}

/// The warning for a file or folder in `layout/` that is not a section, with what to do.
fn left_out(path: &Path) -> Option<Diagnostic> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    // The operating system's own files, never the poet's.
    if [".DS_Store", "Thumbs.db", "desktop.ini"].contains(&name.as_str()) {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    let backup = name.ends_with('~')
        || [".swp", ".swo", ".bak", ".orig", ".tmp"].iter().any(|e| lower.ends_with(e))
        || name.starts_with(".#");
    let (what, hint) = if path.is_dir() {
        ("a folder", "sections are the .toml files directly in layout/; move the ones you want up into it".to_string())
    } else if backup {
        ("an editor's backup or temporary file", "nothing to do if it is; only .toml files are sections".to_string())
    } else if lower.ends_with(".toml") {
        (
            "not a section file",
            format!("section files end in .toml in small letters: rename it {}", fix_ext(&name, lower.len() - 5)),
        )
    } else if let Some(i) = lower.find(".toml.") {
        (
            "not a section file",
            format!(
                "its name ends in `{}`, not .toml (an editor may have added it): rename it {}",
                &name[i + 5..],
                fix_ext(&name, i)
            ),
        )
    } else {
        (
            "not a section file",
            "only .toml files in layout/ are sections: keep notes and drafts elsewhere, or rename it \
             NN-name.toml to make it one"
                .to_string(),
        )
    };
    Some(Diagnostic::warning(format!("{what}; it is left out of the book")).in_file(path).note(hint))
}

/// `name` with what follows byte `stem_end` replaced by `.toml`.
fn fix_ext(name: &str, stem_end: usize) -> String {
    format!("{}.toml", &name[..stem_end])
}

/// A section's numeral, where it is written, for the order check.
struct NumeralAt {
    numeral: String,
    file: String,
    source: Source,
    span: Range<usize>,
}

/// Numerals are optional, but a section without one among sections with one is most
/// likely a numeral forgotten: a warning at the top of each such file.
fn missing_numeral_warnings(sections: &[Section]) -> Vec<Diagnostic> {
    if sections.iter().all(|s| s.numeral.is_none()) {
        return Vec::new();
    }
    sections
        .iter()
        .filter(|s| s.numeral.is_none())
        .map(|s| {
            Diagnostic::warning("this section has no numeral, though the other sections have one")
                .at(&s.source, 0..s.source.text.find('\n').unwrap_or(0))
                .label("its heading will print the title alone")
                .note("add numeral = \"I\" at the top: the section's number as it is printed (I, II, III … or 1, 2, 3); or leave the numerals out of every section")
        })
        .collect()
}

/// Sections are taken in file-name order; where that disagrees with the numerals (files
/// `1-…`, `2-…`, `10-…` put X second), a warning names both files.
fn order_warnings(sections: &[NumeralAt]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for pair in sections.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let (Some(x), Some(y)) = (numeral_value(&a.numeral), numeral_value(&b.numeral)) else { continue };
        if y < x {
            out.push(
                Diagnostic::warning(format!(
                    "section {} ({}) comes after section {} ({}): sections follow the file names, not the numerals",
                    b.numeral, b.file, a.numeral, a.file
                ))
                .at(&b.source, b.span.clone())
                .label("out of order")
                .note("name the files so that they sort as the numerals do, with the same number of digits: 01-…, 02-…, 10-…"),
            );
        }
    }
    out
}

/// The value of a numeral written in roman (`XIV`, any case) or arabic (`14`) figures.
fn numeral_value(numeral: &str) -> Option<u32> {
    let n = numeral.trim().trim_end_matches('.');
    if let Ok(v) = n.parse::<u32>() {
        return Some(v);
    }
    let digit = |c: char| match c.to_ascii_uppercase() {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let values: Vec<u32> = n.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|next| next > v) {
            total -= *v as i64;
        } else {
            total += *v as i64;
        }
    }
    (total > 0).then_some(total as u32)
}

/// The file being converted and the diagnostics collected so far.
struct Cx<'a> {
    src: Source,
    diags: &'a mut Vec<Diagnostic>,
    fonts: &'a mut Vec<FontRef>,
}

impl Cx<'_> {
    fn parse<T: serde::de::DeserializeOwned>(&mut self) -> Option<T> {
        // Every unknown key first, each at its place: serde would stop at the first.
        let book = self.src.path.file_name().is_some_and(|n| n == "book.toml");
        let unknown = super::keys::unknown_keys(&self.src.text, book);
        for u in &unknown {
            self.diags.push(explain::unknown_key(&self.src, u));
        }
        match toml::from_str::<T>(&self.src.text) {
            Ok(v) => unknown.is_empty().then_some(v),
            Err(e) => {
                // serde's refusal of a key named above is not said twice; any other
                // problem is, in the poet's terms.
                let at_unknown = e.span().is_some_and(|s| unknown.iter().any(|u| u.span.start == s.start));
                if !at_unknown {
                    self.diags.push(explain::explain(&self.src, e.message().trim(), e.span()));
                }
                None
            }
        }
    }

    fn err(&mut self, span: Range<usize>, message: String, label: &str, hint: Option<String>) {
        let mut d = Diagnostic::error(message).at(&self.src, span).label(label);
        if let Some(h) = hint {
            d = d.note(h);
        }
        self.diags.push(d);
    }

    fn length(&mut self, v: &Option<Spanned<String>>) -> Option<Length> {
        let v = v.as_ref()?;
        match parse_length(v.get_ref()) {
            Ok(l) => Some(l),
            Err(e) => {
                let (message, fix) = split_fix(&e.0);
                self.err(v.span(), message, "expected a length", fix);
                None
            }
        }
    }

    /// A length measured on the paper (the bleed, a leaf's thickness) in points, within
    /// `range`: only physical units, and the messages offer only those.
    fn paper_points(&mut self, v: &Option<Spanned<String>>, default: f32, range: (f32, f32)) -> f32 {
        let Some(s) = v else { return default };
        let pt = match parse_paper_length(s.get_ref()) {
            Ok(pt) => pt,
            Err(e) => {
                let (message, fix) = split_fix(&e.0);
                self.err(s.span(), message, "expected a length on paper", fix);
                return default;
            }
        };
        if self.out_of_range(s, pt, range) { default } else { pt }
    }

    /// Whether `pt`, as `s` writes it, is outside `range`; reported at `s` in its own unit.
    fn out_of_range(&mut self, s: &Spanned<String>, pt: f32, range: (f32, f32)) -> bool {
        let out = pt < range.0 || pt > range.1;
        if out {
            self.err(
                s.span(),
                format!("{} is out of range", s.get_ref()),
                &format!("allowed: {} to {}", in_unit_of(range.0, s.get_ref()), in_unit_of(range.1, s.get_ref())),
                None,
            );
        }
        out
    }

    /// An absolute length in points, with `em` resolved against `em`.
    fn points(&mut self, v: &Option<Spanned<String>>, em: f32, default: f32, range: (f32, f32)) -> f32 {
        let Some(l) = self.length(v) else {
            return default;
        };
        let pt = l.resolve(em, 0.0);
        if let (Length::Percent(_), Some(s)) = (l, v) {
            self.err(s.span(), "a percentage has no meaning here".into(), "use pt, mm, in or em", None);
            return default;
        }
        match v {
            Some(s) if self.out_of_range(s, pt, range) => default,
            _ => pt,
        }
    }

    fn choice<T: Copy>(&mut self, v: &Option<Spanned<String>>, options: &[(&str, T)], default: T) -> T {
        let Some(s) = v else { return default };
        let want = s.get_ref().trim().to_ascii_lowercase();
        if let Some((_, t)) = options.iter().find(|(n, _)| *n == want) {
            return *t;
        }
        let names: Vec<String> = options.iter().map(|(n, _)| format!("`{n}`")).collect();
        self.err(
            s.span(),
            format!("`{}` is not one of {}", s.get_ref(), names.join(", ")),
            "unknown value",
            suggest(&want, options.iter().map(|o| o.0)).map(|m| format!("did you mean `{m}`?")),
        );
        default
    }

    fn ink(&mut self, v: Option<f64>, span: Range<usize>, default: f32) -> f32 {
        match v {
            None => default,
            Some(x) if (0.0..=1.0).contains(&x) => x as f32,
            Some(x) if x.is_finite() => {
                // A tint out of range is a soft problem: clamp it and say so.
                let clamped = x.clamp(0.0, 1.0) as f32;
                self.diags.push(
                    Diagnostic::warning(format!("ink {x} is outside 0.0 (paper) to 1.0 (black); using {clamped}"))
                        .at(&self.src, span)
                        .label("clamped"),
                );
                clamped
            }
            Some(x) => {
                self.err(span, format!("ink {x} is not a number between 0.0 and 1.0"), "not a tint", None);
                default
            }
        }
    }

    fn features(&mut self, v: &Option<Spanned<Vec<String>>>) -> Vec<String> {
        let Some(f) = v else { return Vec::new() };
        for feat in f.get_ref() {
            if <rustybuzz::Feature as std::str::FromStr>::from_str(feat).is_err() {
                self.err(
                    f.span(),
                    format!("`{feat}` is not an OpenType feature"),
                    "expected four-letter tags",
                    Some("write features like \"onum\", \"smcp\", \"-liga\"".into()),
                );
            }
        }
        f.get_ref().clone()
    }

    fn style(&mut self, v: &Option<Spanned<String>>) -> Option<Style> {
        let s = v.as_ref()?;
        match Style::parse(s.get_ref()) {
            Some(st) => Some(st),
            None => {
                self.err(
                    s.span(),
                    format!("`{}` is not a style", s.get_ref()),
                    "unknown style",
                    Some(format!("use one of {}", Style::NAMES.join(", "))),
                );
                None
            }
        }
    }
}

/// `8.4pt`, not `8.400001pt`.
/// `pt` in the unit `written` uses (mm, cm, in; else points), so a range is given in the
/// poet's own terms.
fn in_unit_of(pt: f32, written: &str) -> String {
    let w = written.trim().to_ascii_lowercase();
    let (per, unit) = match () {
        _ if w.ends_with("mm") => (PT_PER_MM, "mm"),
        _ if w.ends_with("cm") => (PT_PER_MM * 10.0, "cm"),
        _ if w.ends_with("in") => (72.0, "in"),
        _ => return pt_text(pt),
    };
    let s = format!("{:.1}", pt / per);
    format!("{}{unit}", s.strip_suffix(".0").unwrap_or(&s))
}

fn pt_text(pt: f32) -> String {
    let s = format!("{pt:.1}");
    format!("{}pt", s.strip_suffix(".0").unwrap_or(&s))
}

/// A units message ("`10` has no unit: write `10pt`, …") as the problem and its fix, so
/// the fix is the diagnostic's hint.
fn split_fix(message: &str) -> (String, Option<String>) {
    match message.split_once(": write ").or_else(|| message.split_once(": use ")) {
        Some((what, _)) => {
            let fix = &message[what.len() + 2..];
            (what.to_string(), Some(fix.to_string()))
        }
        None => (message.to_string(), None),
    }
}

/// The closest candidate by edit distance, if close enough to be a typo.
pub fn suggest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn convert_book(raw: RawBook, cx: &mut Cx<'_>, root: &Path) -> Book {
    let words =
        [Some(raw.title.span()), raw.subtitle.as_ref().map(Spanned::span), raw.author.as_ref().map(Spanned::span)];
    let words_at = words.into_iter().flatten().reduce(|a, b| a.start.min(b.start)..a.end.max(b.end));
    let words_at = words_at.filter(|s| !s.is_empty()).map(|s| (cx.src.clone(), s));
    let page = raw.page.unwrap_or_default();
    let typ = raw.typ.unwrap_or_default();
    let print = raw.print.unwrap_or_default();
    let (size_name, (width, height)) = book_page_size(&page, cx);
    // A body the poet does not write is 10.5 pt at A5 and follows the type scale at any
    // other trim, as the same book moved there with `--page-size` would.
    let size = cx.points(&typ.size, 10.0, super::canon::default_body(width), (4.0, 72.0));
    let leading = cx.points(&typ.leading, size, size * 1.33, (size * 0.8, size * 4.0));
    // Margins default to the canon of the trim (gutter < head < fore-edge < foot), so
    // every size has a book's proportions; left open, they give way at small sizes
    // before the type does.
    let canon = super::canon::margins(width, height);
    let inside = cx.points(&page.inside, size, canon.0, (0.0, width / 3.0));
    let outside = cx.points(&page.outside, size, canon.1, (0.0, width / 3.0));
    let top = cx.points(&page.top, size, canon.2, (0.0, height / 3.0));
    let bottom = cx.points(&page.bottom, size, canon.3, (0.0, height / 3.0));
    let margins_written =
        page.inside.is_some() || page.outside.is_some() || page.top.is_some() || page.bottom.is_some();
    let pad_to = pad_to(&print, cx);
    let title_verso = cx.choice(
        &raw.front.and_then(|f| f.title_verso),
        &[("blank", TitleVerso::Blank), ("colophon", TitleVerso::Colophon)],
        TitleVerso::Blank,
    );
    let start = cx.choice(&raw.start, STARTS, Start::Any);
    if let Some(c) = &raw.colophon {
        check_placeholders(c, cx);
    }
    let output_profile = output_profile(&print, root, cx);
    let target = print.target.as_ref().and_then(|t| match crate::targets::lookup(t.get_ref()) {
        Ok(t) => Some(t),
        Err(why) => {
            cx.err(t.span(), why, "unknown print service", Some("or leave `target` out".into()));
            None
        }
    });
    check_output_condition(&print, cx);
    let language = match &raw.language {
        Some(l) => match super::language::check(l.get_ref()) {
            Ok(()) => l.get_ref().clone(),
            Err(why) => {
                cx.err(
                    l.span(),
                    format!("`language = \"{}\"` is not a language tag: {why}", l.get_ref()),
                    "not a BCP 47 language tag",
                    Some(match super::language::corrected(l.get_ref()) {
                        Some(tag) => format!("write language = \"{tag}\""),
                        None => "write a BCP 47 tag such as \"en\", \"en-GB\", \"de\" or \"pt-BR\"".into(),
                    }),
                );
                "en".into()
            }
        },
        None => "en".into(),
    };
    let mut page_spec =
        PageSpec { size_name, width, height, inside, outside, top, bottom, margins_written, margin_scale: 1.0 };
    if !margins_written {
        super::canon::give_way(&mut page_spec, size);
    }
    use crate::targets::Binding;
    let binding =
        cx.choice(&print.binding, &[("saddle", Some(Binding::Saddle)), ("perfect", Some(Binding::Perfect))], None);
    let cover = CoverSpec { given: raw.cover.is_some(), ..cover_spec(raw.cover.unwrap_or_default(), cx) };
    Book {
        cover,
        language,
        title_verso,
        start,
        colophon: raw.colophon.map(Spanned::into_inner),
        title: raw.title.into_inner(),
        subtitle: raw.subtitle.map(Spanned::into_inner),
        author: raw.author.map(Spanned::into_inner),
        words_at,
        contents: raw.contents.map(Spanned::into_inner).unwrap_or(true),
        page: page_spec,
        body: TypeSpec {
            family: body_family(&typ, cx),
            size,
            leading,
            features: cx.features(&typ.features),
            size_written: typ.size.is_some(),
        },
        mono: typ.mono.map(Spanned::into_inner),
        fallback: typ
            .fallback
            .map(|f| f.into_inner().into_iter().map(Spanned::into_inner).collect())
            .unwrap_or_default(),
        print: PrintSpec {
            bleed: cx.paper_points(&print.bleed, 3.0 * PT_PER_MM, (0.0, 25.0 * PT_PER_MM)),
            pad_to,
            marks: print.marks.map(Spanned::into_inner).unwrap_or(false),
            pdfx: print.pdfx.map(Spanned::into_inner).unwrap_or(false),
            output_condition: print.output_condition.map(Spanned::into_inner).unwrap_or_else(|| "FOGRA39".into()),
            output_profile,
            target,
            binding,
        },
        sections: Vec::new(),
        root: root.to_path_buf(),
        font_refs: Vec::new(),
        warnings: Vec::new(),
    }
}

/// `[cover]`, each value checked where it is written.
fn cover_spec(raw: raw::RawCover, cx: &mut Cx<'_>) -> CoverSpec {
    let binding = raw.binding.as_ref().and_then(|b| match crate::targets::Binding::parse(b.get_ref()) {
        Ok(b) => Some(b),
        Err(why) => {
            cx.err(b.span(), why, "unknown binding", None);
            None
        }
    });
    let paper = raw.paper.as_ref().and_then(|p| {
        let name = p.get_ref().trim().to_ascii_lowercase();
        let name = if name == "colour" { "color".to_string() } else { name };
        if ["white", "cream", "color"].contains(&name.as_str()) {
            Some(name)
        } else {
            cx.err(
                p.span(),
                format!("`{}` is not one of `white`, `cream`, `color`", p.get_ref()),
                "unknown paper",
                Some("or give the leaf's thickness: caliper = \"0.1mm\"".into()),
            );
            None
        }
    });
    let paper_span = raw.paper.as_ref().map(|p| p.span());
    let caliper = raw.caliper.as_ref().and_then(|c| {
        let before = cx.diags.len();
        let pt = cx.paper_points(&raw.caliper, 0.0, (0.0, PT_PER_MM));
        if cx.diags.len() > before {
            return None;
        }
        if pt <= 0.0 {
            cx.err(c.span(), "a caliper of 0 makes no spine".into(), "allowed: above 0mm to 1mm", None);
            return None;
        }
        Some(pt)
    });
    if let (Some(_), Some(c)) = (&raw.paper, &raw.caliper) {
        cx.err(
            c.span(),
            "`paper` and `caliper` both set the spine's width".into(),
            "one of the two",
            Some("keep `paper` for the service's own paper, or `caliper` for a measured one".into()),
        );
    }
    let isbn = raw.isbn.as_ref().and_then(|i| match crate::barcode::Isbn::parse(i.get_ref()) {
        Ok(isbn) => Some(isbn),
        Err(e) => {
            let fix = match &e {
                crate::barcode::IsbnError::CheckDigit { right, .. } => {
                    let s = i.get_ref().trim();
                    Some(format!("write \"{}{right}\" if the other digits are right", &s[..s.len() - 1]))
                }
                _ => Some("write the ISBN-13 as the agency issued it, e.g. \"978-0-306-40615-7\"".into()),
            };
            cx.err(i.span(), format!("ISBN {}: {e}", i.get_ref()), "not a valid ISBN-13", fix);
            None
        }
    });
    CoverSpec {
        given: true,
        binding,
        paper,
        paper_span,
        caliper,
        back_span: raw.back.as_ref().map(Spanned::span),
        back: raw.back.map(Spanned::into_inner),
        art: raw.art.map(|a| {
            let span = a.span();
            (a.into_inner(), span)
        }),
        isbn,
        source: Some(cx.src.clone()),
    }
}

/// The page size's name and (width, height) in points; A5 when none is given or the one
/// given is not a page size (reported).
fn book_page_size(page: &raw::RawPage, cx: &mut Cx<'_>) -> (String, (f32, f32)) {
    let a5 = || ("a5".to_string(), parse_page_size("a5").expect("a5 is a preset"));
    match &page.size {
        None => a5(),
        Some(s) => match super::page_points(s.get_ref()) {
            Ok(wh) => (s.get_ref().trim().to_ascii_lowercase(), wh),
            Err(e) => {
                let (message, fix) = split_fix(&e);
                cx.err(s.span(), message, "not a page size", fix);
                a5()
            }
        },
    }
}

/// The page count to pad to: 4 unless one of the supported values is given.
fn pad_to(print: &raw::RawPrint, cx: &mut Cx<'_>) -> u32 {
    match &print.pad_to {
        None => 4,
        Some(p) if [0, 1, 2, 4, 8, 16].contains(p.get_ref()) => *p.get_ref() as u32,
        Some(p) => {
            cx.err(p.span(), format!("pad_to = {} is not supported", p.get_ref()), "use 4, 8, 16 or 0", None);
            4
        }
    }
}

/// The printer's output profile, found in the project (or its `profiles/` folder) and
/// checked to be a CMYK output profile; `None` (reported) when it is missing or unusable.
fn output_profile(print: &raw::RawPrint, root: &Path, cx: &mut Cx<'_>) -> Option<PathBuf> {
    let p = print.output_profile.as_ref()?;
    let name = p.get_ref();
    let found = [root.join(name), root.join("profiles").join(name)].into_iter().find(|f| f.is_file());
    let Some(file) = found else {
        cx.err(
            p.span(),
            format!("output profile `{name}` is not in the project"),
            "file not found",
            Some(format!("put the printer's .icc file in {} (or its profiles/ folder)", root.display())),
        );
        return None;
    };
    match std::fs::read(&file).map_err(|e| e.to_string()).and_then(|b| crate::intents::check_profile(&b)) {
        Ok(()) => Some(file),
        Err(why) => {
            cx.err(
                p.span(),
                format!("output profile `{name}` cannot be used: {why}"),
                "not a CMYK printer profile",
                Some("ask the printer for their CMYK output profile (.icc)".into()),
            );
            None
        }
    }
}

/// An output condition needs to be a registered one unless the printer's profile is given.
fn check_output_condition(print: &raw::RawPrint, cx: &mut Cx<'_>) {
    if let Some(c) = &print.output_condition
        && crate::intents::registered(c.get_ref()).is_none()
        && print.output_profile.is_none()
    {
        let hint = match crate::intents::did_you_mean(c.get_ref()) {
            Some(m) => format!("did you mean `{m}`?"),
            None => format!(
                "name a registered condition ({}, …) or give the printer's profile: output_profile = \"NAME.icc\"",
                crate::intents::REGISTERED.iter().take(6).map(|r| r.0).collect::<Vec<_>>().join(", ")
            ),
        };
        cx.err(
            c.span(),
            format!("output_condition `{}` is not a registered printing condition", c.get_ref()),
            "not in the ICC registry",
            Some(hint),
        );
    }
}

/// The body's family, EB Garamond unless named; the named body and mono families are
/// noted in `cx.fonts` so the font check can point at them.
fn body_family(typ: &raw::RawType, cx: &mut Cx<'_>) -> String {
    cx.fonts.push(FontRef {
        source: cx.src.clone(),
        family: typ.family.as_ref().map(|f| (f.get_ref().clone(), f.span())),
        style: None,
    });
    if let Some(m) = &typ.mono {
        cx.fonts.push(FontRef { source: cx.src.clone(), family: Some((m.get_ref().clone(), m.span())), style: None });
    }
    for f in typ.fallback.iter().flat_map(|l| l.get_ref()) {
        cx.fonts.push(FontRef { source: cx.src.clone(), family: Some((f.get_ref().clone(), f.span())), style: None });
    }
    typ.family.as_ref().map(|f| f.get_ref().clone()).unwrap_or_else(|| "EB Garamond".into())
}

const STARTS: &[(&str, Start)] = &[("recto", Start::Recto), ("any", Start::Any)];

/// Every `{name}` in the poet's colophon must be one the build can fill in.
fn check_placeholders(c: &Spanned<String>, cx: &mut Cx<'_>) {
    let text = c.get_ref();
    // The span covers the quotes; `'''` strings start three bytes in.
    let base = c.span().start
        + if cx.src.text[c.span()].starts_with("'''") || cx.src.text[c.span()].starts_with("\"\"\"") { 3 } else { 1 };
    let mut rest = 0;
    while let Some(open) = text[rest..].find('{').map(|i| rest + i) {
        let Some(close) = text[open..].find('}').map(|i| open + i) else {
            cx.err(
                base + open..base + open + 1,
                "a `{` in the colophon is not closed".into(),
                "unclosed",
                Some(format!("placeholders are {}", fields())),
            );
            return;
        };
        let name = &text[open + 1..close];
        if !COLOPHON_FIELDS.contains(&name) {
            cx.err(
                base + open..base + close + 1,
                format!("`{{{name}}}` is not a colophon placeholder"),
                "unknown placeholder",
                Some(match suggest(name, COLOPHON_FIELDS.iter().copied()) {
                    Some(m) => format!("did you mean `{{{m}}}`? placeholders are {}", fields()),
                    None => format!("placeholders are {}", fields()),
                }),
            );
        }
        rest = close + 1;
    }
}

fn fields() -> String {
    COLOPHON_FIELDS.iter().map(|f| format!("{{{f}}}")).collect::<Vec<_>>().join(", ")
}

/// Where, in a `"""` string spanning `span` of `source`, a line ends with a backslash:
/// TOML's line continuation, which silently joins the next line (and eats the `\` of a
/// diagram's diagonal). None for other strings.
fn line_continuation(source: &str, span: Range<usize>) -> Option<usize> {
    let raw = source.get(span.clone())?;
    let body = raw.strip_prefix("\"\"\"")?;
    let mut at = span.start + 3;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r', ' ', '\t']);
        // An odd run of backslashes ends the line: the last one escapes the line break.
        let run = content.len() - content.trim_end_matches('\\').len();
        if line.ends_with('\n') && run % 2 == 1 {
            return Some(at + content.len() - 1);
        }
        at += line.len();
    }
    None
}

const ALIGNS: &[(&str, Align)] = &[
    ("left", Align::Left),
    ("center", Align::Center),
    ("centre", Align::Center),
    ("right", Align::Right),
    ("optical", Align::Optical),
];

/// Longest text a block may hold; a poem's block is a few hundred lines at most.
const MAX_BLOCK_LINES: usize = 2000;

fn convert_block(number: usize, b: Spanned<RawBlock>, cx: &mut Cx<'_>) -> Option<Block> {
    let span = b.span();
    let line = crate::diag::line_col(&cx.src.text, span.start).0;
    let b = b.into_inner();
    let (kind, kind_name, allowed) = block_kind(&b, span.clone(), cx)?;
    let mut ok = keys_apply(&b, &kind_name, allowed, cx);
    let text = block_text(&b, &kind, &kind_name, &mut ok, cx)?;
    let face = block_face(&b, cx);
    let ramp = visual::size_ramp(&b, &kind_name, cx);
    let rotate = visual::rotate(&b, cx);
    let kind = match kind_name.as_str() {
        "verse" => BlockKind::Verse(Verse { size_ramp: ramp, ..verse_block(&b, text, face, cx) }),
        "art" => BlockKind::Art(art_block(&b, text, face, cx)),
        "chart" => BlockKind::Chart(chart_block(&b, text, face, cx)),
        "free" => {
            let ink = block_ink(&b, cx);
            BlockKind::Free(visual::free_block(&b, &kind, face, ink, cx)?)
        }
        "path" => {
            let ink = block_ink(&b, cx);
            BlockKind::OnPath(visual::path_block(&b, &kind, text, face, ink, cx)?)
        }
        _ => BlockKind::Space(space_height(&b, &kind, cx)?),
    };
    let header_end = cx.src.text[span.start..].find('\n').map_or(cx.src.text.len(), |i| span.start + i);
    ok.then(|| Block {
        number,
        line,
        span: span.start..header_end,
        space_before: cx.length(&b.space_before),
        space_after: cx.length(&b.space_after),
        keep_with_next: b.keep_with_next.as_ref().map(|k| *k.get_ref()).unwrap_or(matches!(kind, BlockKind::Art(_))),
        alt: b.alt.map(Spanned::into_inner),
        rotate,
        kind,
    })
}

/// The block's `kind` as written, its lower-case name and the keys that kind accepts;
/// `None` (with an error) when the kind is missing or unknown. Also rejects `number`,
/// which only size patches carry.
fn block_kind(
    b: &RawBlock,
    span: Range<usize>,
    cx: &mut Cx<'_>,
) -> Option<(Spanned<String>, String, &'static [&'static str])> {
    let Some(kind) = b.kind.clone() else {
        cx.err(
            span,
            "a block needs `kind`".into(),
            "this block has no kind",
            Some("add kind = \"verse\" (or art, chart, space, free, path)".into()),
        );
        return None;
    };
    if let Some(n) = &b.number {
        cx.err(
            n.span(),
            "`number` belongs in a [[size.NAME.block]] patch, not in a block".into(),
            "not a block key",
            None,
        );
    }
    let kind_name = kind.get_ref().trim().to_ascii_lowercase();
    let Some((_, allowed)) = raw::KEYS.iter().find(|(k, _)| *k == kind_name) else {
        let kinds: Vec<&str> = raw::KEYS.iter().map(|k| k.0).collect();
        cx.err(
            kind.span(),
            format!("unknown block kind `{}`", kind.get_ref()),
            "unknown kind",
            Some(match suggest(&kind_name, kinds.iter().copied()) {
                Some(m) => format!("did you mean `{m}`? kinds are {}", kinds.join(", ")),
                None => format!("kinds are {}", kinds.join(", ")),
            }),
        );
        return None;
    };
    Some((kind, kind_name, allowed))
}

/// Reports every key the block carries that its kind does not take; false if there was one.
fn keys_apply(b: &RawBlock, kind_name: &str, allowed: &[&str], cx: &mut Cx<'_>) -> bool {
    let mut ok = true;
    for (key, kspan) in b.present_keys() {
        if !allowed.contains(&key) {
            ok = false;
            cx.err(
                kspan,
                format!("`{key}` does not apply to a {kind_name} block"),
                "not a key of this kind",
                Some(format!("a {kind_name} block takes: {}", allowed.join(", "))),
            );
        }
    }
    ok
}

/// The block's text: empty for a space, required for the other kinds (`None` with an error
/// if missing). Too many lines or a tab are reported and clear `ok`, keeping the text.
fn block_text(b: &RawBlock, kind: &Spanned<String>, kind_name: &str, ok: &mut bool, cx: &mut Cx<'_>) -> Option<String> {
    match (&b.text, kind_name) {
        (_, "space" | "free") => Some(String::new()),
        (Some(t), _) => {
            if t.get_ref().lines().count() > MAX_BLOCK_LINES {
                cx.err(
                    t.span(),
                    format!("this block has more than {MAX_BLOCK_LINES} lines"),
                    "too long",
                    Some("split it into several blocks or sections".into()),
                );
                *ok = false;
            }
            if let Some(at) = line_continuation(&cx.src.text, t.span()) {
                cx.err(
                    at..at + 1,
                    "a `\\` at the end of a line inside \"\"\" joins the next line to this one".into(),
                    "this backslash and the line break after it vanish",
                    Some("write the text between ''' instead of \"\"\": there a backslash stays a backslash".into()),
                );
                *ok = false;
            }
            if t.get_ref().contains('\t') {
                // Found in the file as written, so the column is right whatever the quotes
                // and line endings (the parsed text has lost its first newline, and CRs).
                let span = t.span();
                let at =
                    cx.src.text.get(span.clone()).and_then(|v| v.find('\t')).map_or(span.start, |i| span.start + i);
                cx.err(
                    at..at + 1,
                    "a tab in block text".into(),
                    "tab",
                    Some("use spaces: a tab has no fixed width in verse or text art".into()),
                );
                *ok = false;
            }
            if kind_name == "verse" {
                lone_markers(t, cx);
            }
            Some(t.get_ref().clone())
        }
        (None, _) => {
            cx.err(
                kind.span(),
                format!("a {kind_name} block needs `text`"),
                "this block has no text",
                Some("add text = '''…''' with the block's lines".into()),
            );
            None
        }
    }
}

/// A warning at each inline marker of verse text (`*`, `^^`) that opens or closes nothing:
/// it prints as typed, which is rarely what was meant. The place is found in the file by
/// counting: the k-th `*` of the text is the k-th `*` written between its quotes.
fn lone_markers(t: &Spanned<String>, cx: &mut Cx<'_>) {
    let value = t.get_ref();
    let span = t.span();
    let written = cx.src.text.get(span.clone()).unwrap_or("");
    let mut line_start = 0;
    for line in value.split('\n') {
        for at in super::inline::parse(line).1 {
            let pos = line_start + at;
            let marker = &value[pos..pos + 1];
            let k = value[..pos].matches(marker).count();
            let Some(i) = written.match_indices(marker).nth(k).map(|(i, _)| span.start + i) else { continue };
            let (width, fix) = if value[pos..].starts_with("^^") {
                (2, "close it on the same line (^^words^^ sets small capitals), or write \\^^ to print two carets")
            } else {
                (1, "close it on the same line (*word* sets italic), or write \\* to print an asterisk")
            };
            let found = &value[pos..pos + width];
            cx.diags.push(
                Diagnostic::warning(format!(
                    "a lone `{found}` in verse: it opens or closes nothing, and prints as typed"
                ))
                .at(&cx.src, i..i + width)
                .label("no partner on this line")
                .note(fix),
            );
        }
        line_start += line.len() + 1;
    }
}

/// The block's own family, style, size and features; a named family or style is noted
/// in `cx.fonts` so the font check can point at it.
fn block_face(b: &RawBlock, cx: &mut Cx<'_>) -> Face {
    let style = cx.style(&b.style);
    if b.family.is_some() || style.is_some() {
        let family = b.family.as_ref().map(|f| (f.get_ref().clone(), f.span()));
        let style_at = style.zip(b.style.as_ref().map(|s| s.span()));
        cx.fonts.push(FontRef { source: cx.src.clone(), family, style: style_at });
    }
    Face {
        family: b.family.as_ref().map(|f| f.get_ref().clone()),
        style,
        size: cx.length(&visual::size_length(b)),
        features: cx.features(&b.features),
    }
}

/// The block's `tint` table with its span, if it has one.
fn block_tint(b: &RawBlock) -> Option<(raw::RawTint, Range<usize>)> {
    b.tint.as_ref().map(|t| (t.get_ref().clone(), t.span()))
}

/// The block's `ink`, 1.0 (full black) when not given.
fn block_ink(b: &RawBlock, cx: &mut Cx<'_>) -> f32 {
    match &b.ink {
        Some(i) => cx.ink(Some(*i.get_ref()), i.span(), 1.0),
        None => 1.0,
    }
}

fn verse_block(b: &RawBlock, text: String, face: Face, cx: &mut Cx<'_>) -> Verse {
    // Read once: a wrong value is reported once.
    let align = cx.choice(&b.align, ALIGNS, Align::Left);
    Verse {
        overflow: {
            // A shaped block (centred, right-set, optical, or stepped by indents) draws
            // with its line lengths: it shrinks whole. Plain verse turns its lines over.
            let stepped = text.lines().any(|l| l.starts_with(' ') && !l.trim().is_empty());
            let shaped = align != Align::Left || stepped;
            let default = if shaped { Overflow::Shrink } else { Overflow::Turnover };
            cx.choice(&b.overflow, &[("shrink", Overflow::Shrink), ("turnover", Overflow::Turnover)], default)
        },
        text,
        face,
        align,
        indent: cx.length(&b.indent).unwrap_or(Length::Pt(0.0)),
        indent_step: cx.length(&b.indent_step).unwrap_or(Length::Em(0.5)),
        leading: cx.length(&b.leading),
        letter_spacing: cx.length(&b.letter_spacing).unwrap_or(Length::Pt(0.0)),
        stanza_space: cx.length(&b.stanza_space),
        ink: block_ink(b, cx),
        tint: block_tint(b).map(|(t, s)| Tint {
            from: cx.ink(t.from, s.clone(), 0.35),
            to: cx.ink(t.to, s.clone(), 1.0),
            peak: t.peak.filter(|p| *p >= 1).map(|p| p as usize),
        }),
        size_ramp: None,
    }
}

fn art_block(b: &RawBlock, text: String, face: Face, cx: &mut Cx<'_>) -> Art {
    // The arrow's length and width are checked as lengths at the `arrow` table's span.
    let arrow = b.arrow.as_ref().map(|a| (a.get_ref().clone(), a.span()));
    let arrow_len = arrow.as_ref().and_then(|(a, s)| a.length.clone().map(|l| Spanned::new(s.clone(), l)));
    let arrow_w = arrow.as_ref().and_then(|(a, s)| a.width.clone().map(|l| Spanned::new(s.clone(), l)));
    let (t, s) = block_tint(b).unwrap_or_default();
    Art {
        text,
        face,
        min_size: cx.length(&b.min_size).unwrap_or(Length::Pt(6.0)),
        width: cx.length(&b.width),
        row_height: cx.length(&b.row_height),
        stroke: cx.length(&b.stroke),
        arrow_length: cx.length(&arrow_len),
        arrow_width: cx.length(&arrow_w),
        rounded: cx.choice(&b.corners, &[("square", false), ("round", true), ("rounded", true)], false),
        ink_lines: cx.ink(t.lines, s.clone(), 1.0),
        ink_text: cx.ink(t.text, s.clone(), 1.0),
        ink_boxes: cx.ink(t.boxes, s, 0.0),
        art_chars: b.art_chars.as_ref().map(|s| s.get_ref().clone()).unwrap_or_default(),
        text_chars: b.text_chars.as_ref().map(|s| s.get_ref().clone()).unwrap_or_default(),
        align: cx.choice(&b.align, ALIGNS, Align::Center),
    }
}

fn chart_block(b: &RawBlock, text: String, face: Face, cx: &mut Cx<'_>) -> Chart {
    Chart {
        text,
        face,
        bar: cx.choice(
            &b.bar,
            &[("dots", BarStyle::Dots), ("solid", BarStyle::Solid), ("bar", BarStyle::Solid)],
            BarStyle::Dots,
        ),
        width: cx.length(&b.width),
        ink: block_ink(b, cx),
    }
}

/// A space block's `height`; `None` when it is missing (reported here) or not a length
/// (reported by `cx.length`).
fn space_height(b: &RawBlock, kind: &Spanned<String>, cx: &mut Cx<'_>) -> Option<Length> {
    let height = cx.length(&b.height);
    if height.is_none() && b.height.is_none() {
        cx.err(kind.span(), "a space block needs `height`".into(), "no height", Some("add height = \"2em\"".into()));
    }
    height
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_in_roman_and_arabic_figures() {
        let v: Vec<Option<u32>> = ["I", "iv", "IX", "X", "XIV", "MCMXC", "12", "II.", "", "Prologue"]
            .iter()
            .map(|n| numeral_value(n))
            .collect();
        assert_eq!(v, [Some(1), Some(4), Some(9), Some(10), Some(14), Some(1990), Some(12), Some(2), None, None]);
    }

    #[test]
    fn what_is_left_out_of_layout_is_named_with_its_fix() {
        let hint =
            |n: &str| left_out(Path::new(&format!("/nonexistent/layout/{n}"))).map(|d| (d.message, d.notes[0].clone()));
        let (m, h) = hint("02-x.toml.txt").unwrap();
        assert!(m.contains("not a section file") && h.contains("rename it 02-x.toml"), "{m} {h}");
        assert!(hint("03-y.TOML").unwrap().1.contains("rename it 03-y.toml"));
        assert!(hint("01-one.toml~").unwrap().0.contains("backup"));
        assert!(hint("notes.txt").unwrap().1.contains("keep notes"));
        assert!(hint(".02-x.toml.swp").unwrap().0.contains("backup"));
        assert!(hint(".DS_Store").is_none());
    }
}
