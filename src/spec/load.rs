//! Reading the project's TOML and turning the raw tables into the model, collecting every
//! problem as a diagnostic that points at the offending value.

use super::model::*;
use super::raw::{self, RawBlock, RawBook, RawSection};
use crate::diag::{Diagnostic, Source};
use crate::text::Style;
use crate::units::{Length, PT_PER_MM, parse_length, parse_page_size};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// Largest spec file accepted; a poem's section is a few kilobytes.
const MAX_FILE_BYTES: u64 = 4 << 20;

/// Loads `DIR/layout/book.toml` and every other `DIR/layout/*.toml` (sorted by file name)
/// as the sections. Returns every problem found, not just the first.
pub fn load(root: &Path) -> Result<Book, Vec<Diagnostic>> {
    load_for_size(root, None)
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
    let mut files = match section_files(&layout) {
        Ok(f) => f,
        Err(d) => return Err(vec![d]),
    };
    files.retain(|p| p.file_name().is_some_and(|n| n != "book.toml"));
    if files.is_empty() {
        diags.push(
            Diagnostic::error("the book has no sections")
                .in_file(&layout)
                .note("add one TOML file per section to layout/, e.g. layout/01-first.toml"),
        );
    }
    let book = raw.map(|r| convert_book(r, &mut Cx { src: book_src, diags: &mut diags, fonts: &mut font_refs }, root));
    // Files are read, parsed and converted on every core; what ties them together (no
    // numeral used twice) is checked afterwards, in file order, so the diagnostics come
    // out in the same order however the work was split.
    let active =
        page_size.map(|s| s.trim().to_ascii_lowercase()).or_else(|| book.as_ref().map(|b| b.page.size_name.clone()));
    let loaded = crate::par::map(&files, SHARE_FILES_FROM, |path| load_section(path, active.as_deref()));
    let mut sections: Vec<Section> = Vec::new();
    // (numeral, file name) of the sections so far.
    let mut numerals: Vec<(String, String)> = Vec::new();
    for file in loaded {
        diags.extend(file.diags);
        font_refs.extend(file.fonts);
        let Some(section) = file.section else { continue };
        if let Some((_, first)) = numerals.iter().find(|(n, _)| *n == section.numeral) {
            diags.push(
                Diagnostic::error(format!("two sections have the numeral `{}`", section.numeral))
                    .at(&section.source, file.numeral_span)
                    .label("used again here")
                    .note(format!("{first} already uses it; give each section its own numeral")),
            );
        }
        let name = section.file.file_name().unwrap_or_default().to_string_lossy().into_owned();
        numerals.push((section.numeral.clone(), name));
        diags.extend(file.block_diags);
        sections.push(section);
    }
    match book {
        Some(mut book) if !diags.iter().any(Diagnostic::is_error) => {
            book.sections = sections;
            book.font_refs = font_refs;
            book.warnings = diags;
            Ok(book)
        }
        _ => Err(diags),
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
    let mut cx = Cx { src: src.clone(), diags: &mut out.diags, fonts: &mut out.fonts };
    let Some(mut raw) = cx.parse::<RawSection>() else { return out };
    if let Some(patch) = active_size.and_then(|a| raw.size.remove(a)) {
        apply_patches(&mut raw.block, patch.block, &mut cx);
    }
    out.numeral_span = raw.numeral.span();
    let mut cx = Cx { src: src.clone(), diags: &mut out.block_diags, fonts: &mut out.fonts };
    let blocks = raw.block.into_iter().enumerate().filter_map(|(i, b)| convert_block(i + 1, b, &mut cx)).collect();
    out.section = Some(Section {
        file: path.to_path_buf(),
        source: src,
        numeral: raw.numeral.into_inner(),
        title: raw.title.into_inner(),
        blocks,
    });
    out
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
        Ok(text) => Ok(Source { path: path.to_path_buf(), text: Arc::from(text) }),
        Err(e) => {
            // Point at the first bad byte in a lossy copy (valid up to there, so the
            // offsets agree).
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let src = Source { path: path.to_path_buf(), text: Arc::from(text) };
            let end = src.text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            Err(Diagnostic::error("the file is not UTF-8 text")
                .at(&src, at..end)
                .label("not UTF-8")
                .note("save the file as UTF-8"))
        }
    }
}

fn section_files(layout: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let dir =
        std::fs::read_dir(layout).map_err(|e| Diagnostic::error(format!("cannot read {}: {e}", layout.display())))?;
    let mut files: Vec<PathBuf> = dir
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

/// The file being converted and the diagnostics collected so far.
struct Cx<'a> {
    src: Source,
    diags: &'a mut Vec<Diagnostic>,
    fonts: &'a mut Vec<FontRef>,
}

impl Cx<'_> {
    fn parse<T: serde::de::DeserializeOwned>(&mut self) -> Option<T> {
        match toml::from_str::<T>(&self.src.text) {
            Ok(v) => Some(v),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let message = e.message().trim().to_string();
                let hint = unknown_key_hint(&message);
                // serde lists every known key in the message; the hint names the likely one.
                let (message, label) = match message.split_once("`, expected") {
                    Some((head, _)) if head.starts_with("unknown field `") => {
                        (format!("unknown key {}`", head.replacen("unknown field ", "", 1)), "unknown key")
                    }
                    _ => (first_line(&message), ""),
                };
                let mut d = Diagnostic::error(message).at(&self.src, span).label(label);
                if let Some(h) = hint {
                    d = d.note(h);
                }
                self.diags.push(d);
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
                self.err(v.span(), e.0, "expected a length", None);
                None
            }
        }
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
        if pt < range.0 || pt > range.1 {
            let s = v.as_ref().unwrap();
            self.err(
                s.span(),
                format!("{} is out of range", s.get_ref()),
                &format!("allowed: {} to {}", pt_text(range.0), pt_text(range.1)),
                None,
            );
            return default;
        }
        pt
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
            if !crate::text::shape::valid_feature(feat) {
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
fn pt_text(pt: f32) -> String {
    let s = format!("{pt:.1}");
    format!("{}pt", s.strip_suffix(".0").unwrap_or(&s))
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).to_string()
}

/// serde says "unknown field `leadin`, expected one of `a`, `b`"; turn it into a hint.
fn unknown_key_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (name, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    suggest(name, expected.iter().copied())
        .map(|m| format!("did you mean `{m}`?"))
        .or_else(|| Some(format!("known keys here: {}", expected.join(", "))))
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
    let page = raw.page.unwrap_or_default();
    let typ = raw.typ.unwrap_or_default();
    let print = raw.print.unwrap_or_default();
    let a5 = || ("a5".to_string(), parse_page_size("a5").expect("a5 is a preset"));
    let (size_name, (width, height)) = match &page.size {
        None => a5(),
        Some(s) => match super::page_size(s.get_ref()) {
            Ok(wh) => (s.get_ref().trim().to_ascii_lowercase(), wh),
            Err(e) => {
                cx.err(s.span(), e, "not a page size", None);
                a5()
            }
        },
    };
    let size = cx.points(&typ.size, 10.0, 10.5, (4.0, 72.0));
    let leading = cx.points(&typ.leading, size, size * 1.33, (size * 0.8, size * 4.0));
    // Margins default to a proportion of the page, so other sizes keep their look.
    let short = width.min(height);
    let inside = cx.points(&page.inside, size, short * 0.135, (0.0, width / 3.0));
    let outside = cx.points(&page.outside, size, short * 0.11, (0.0, width / 3.0));
    let top = cx.points(&page.top, size, height * 0.095, (0.0, height / 3.0));
    let bottom = cx.points(&page.bottom, size, height * 0.105, (0.0, height / 3.0));
    let pad_to = match &print.pad_to {
        None => 4,
        Some(p) if [0, 1, 2, 4, 8, 16].contains(p.get_ref()) => *p.get_ref() as u32,
        Some(p) => {
            cx.err(p.span(), format!("pad_to = {} is not supported", p.get_ref()), "use 4, 8, 16 or 0", None);
            4
        }
    };
    let output_profile = print.output_profile.as_ref().and_then(|p| {
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
    });
    let target = print.target.as_ref().and_then(|t| match crate::preflight::targets::find(t.get_ref()) {
        Ok(t) => Some(t),
        Err(why) => {
            cx.err(t.span(), why, "unknown print service", Some("or leave `target` out".into()));
            None
        }
    });
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
    Book {
        title: raw.title.into_inner(),
        subtitle: raw.subtitle.map(Spanned::into_inner),
        author: raw.author.map(Spanned::into_inner),
        contents: raw.contents.map(Spanned::into_inner).unwrap_or(true),
        page: PageSpec { size_name, width, height, inside, outside, top, bottom },
        body: TypeSpec {
            family: {
                cx.fonts.push(FontRef {
                    source: cx.src.clone(),
                    family: typ.family.as_ref().map(|f| (f.get_ref().clone(), f.span())),
                    style: None,
                });
                if let Some(m) = &typ.mono {
                    cx.fonts.push(FontRef {
                        source: cx.src.clone(),
                        family: Some((m.get_ref().clone(), m.span())),
                        style: None,
                    });
                }
                typ.family.map(Spanned::into_inner).unwrap_or_else(|| "EB Garamond".into())
            },
            size,
            leading,
            features: cx.features(&typ.features),
        },
        mono: typ.mono.map(Spanned::into_inner),
        print: PrintSpec {
            bleed: cx.points(&print.bleed, size, 3.0 * PT_PER_MM, (0.0, 25.0 * PT_PER_MM)),
            pad_to,
            marks: print.marks.map(Spanned::into_inner).unwrap_or(false),
            pdfx: print.pdfx.map(Spanned::into_inner).unwrap_or(false),
            output_condition: print.output_condition.map(Spanned::into_inner).unwrap_or_else(|| "FOGRA39".into()),
            output_profile,
            target,
        },
        sections: Vec::new(),
        root: root.to_path_buf(),
        font_refs: Vec::new(),
        warnings: Vec::new(),
    }
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
    let Some(kind) = b.kind.clone() else {
        cx.err(
            span,
            "a block needs `kind`".into(),
            "this block has no kind",
            Some("add kind = \"verse\" (or art, chart, space)".into()),
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
    let text = match (&b.text, kind_name.as_str()) {
        (_, "space") => String::new(),
        (Some(t), _) => {
            if t.get_ref().lines().count() > MAX_BLOCK_LINES {
                cx.err(
                    t.span(),
                    format!("this block has more than {MAX_BLOCK_LINES} lines"),
                    "too long",
                    Some("split it into several blocks or sections".into()),
                );
                ok = false;
            }
            if let Some(pos) = t.get_ref().find('\t') {
                let at = t.span().start + 3 + pos;
                cx.err(
                    at..at + 1,
                    "a tab in block text".into(),
                    "tab",
                    Some("use spaces: a tab has no fixed width in verse or text art".into()),
                );
                ok = false;
            }
            t.get_ref().clone()
        }
        (None, _) => {
            cx.err(
                kind.span(),
                format!("a {kind_name} block needs `text`"),
                "this block has no text",
                Some("add text = '''…''' with the block's lines".into()),
            );
            return None;
        }
    };
    let style = cx.style(&b.style);
    if b.family.is_some() || style.is_some() {
        let family = b.family.as_ref().map(|f| (f.get_ref().clone(), f.span()));
        let style_at = style.zip(b.style.as_ref().map(|s| s.span()));
        cx.fonts.push(FontRef { source: cx.src.clone(), family, style: style_at });
    }
    let face = Face {
        family: b.family.as_ref().map(|f| f.get_ref().clone()),
        style,
        size: cx.length(&b.size),
        features: cx.features(&b.features),
    };
    let tint = b.tint.as_ref().map(|t| (t.get_ref().clone(), t.span()));
    let kind = match kind_name.as_str() {
        "verse" => BlockKind::Verse(Verse {
            text,
            face,
            align: cx.choice(&b.align, ALIGNS, Align::Left),
            indent: cx.length(&b.indent).unwrap_or(Length::Pt(0.0)),
            indent_step: cx.length(&b.indent_step).unwrap_or(Length::Em(0.5)),
            leading: cx.length(&b.leading),
            letter_spacing: cx.length(&b.letter_spacing).unwrap_or(Length::Pt(0.0)),
            stanza_space: cx.length(&b.stanza_space),
            ink: match &b.ink {
                Some(i) => cx.ink(Some(*i.get_ref()), i.span(), 1.0),
                None => 1.0,
            },
            tint: tint.map(|(t, s)| Tint {
                from: cx.ink(t.from, s.clone(), 0.35),
                to: cx.ink(t.to, s.clone(), 1.0),
                peak: t.peak.filter(|p| *p >= 1).map(|p| p as usize),
            }),
        }),
        "art" => {
            let arrow = b.arrow.as_ref().map(|a| a.get_ref().clone());
            let arrow_len = arrow
                .as_ref()
                .and_then(|a| a.length.clone())
                .map(|l| Spanned::new(b.arrow.as_ref().unwrap().span(), l));
            let arrow_w =
                arrow.as_ref().and_then(|a| a.width.clone()).map(|l| Spanned::new(b.arrow.as_ref().unwrap().span(), l));
            let (t, s) = tint.unwrap_or_default();
            BlockKind::Art(Art {
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
            })
        }
        "chart" => BlockKind::Chart(Chart {
            text,
            face,
            bar: cx.choice(
                &b.bar,
                &[("dots", BarStyle::Dots), ("solid", BarStyle::Solid), ("bar", BarStyle::Solid)],
                BarStyle::Dots,
            ),
            width: cx.length(&b.width),
            ink: match &b.ink {
                Some(i) => cx.ink(Some(*i.get_ref()), i.span(), 1.0),
                None => 1.0,
            },
        }),
        _ => match cx.length(&b.height) {
            Some(h) => BlockKind::Space(h),
            None => {
                if b.height.is_none() {
                    cx.err(
                        kind.span(),
                        "a space block needs `height`".into(),
                        "no height",
                        Some("add height = \"2em\"".into()),
                    );
                }
                return None;
            }
        },
    };
    let header_end = cx.src.text[span.start..].find('\n').map_or(cx.src.text.len(), |i| span.start + i);
    ok.then(|| Block {
        number,
        line,
        span: span.start..header_end,
        space_before: cx.length(&b.space_before),
        space_after: cx.length(&b.space_after),
        kind,
    })
}

impl Default for raw::RawTint {
    fn default() -> Self {
        raw::RawTint { from: None, to: None, peak: None, lines: None, text: None, boxes: None }
    }
}
