//! The whole pipeline as one call: read the project, lay it out, write the PDF atomically.
//! `main.rs` and the tests call this; nothing here parses arguments or prints.

use crate::Error;
use crate::diag::Diagnostic;
use crate::display::Document;
use crate::io::write_atomically;
use crate::text::{FontBook, FontFiles, Shaper};
use crate::{layout, spec};
use std::path::{Path, PathBuf};

mod safe_margins;

/// What layout decided page by page (roles, folios, labels, what each page holds), as
/// [`Compiled::report`] and [`CheckReport::layout`] give it.
pub use crate::a11y::Accessibility;
pub use crate::layout::report::{Change, Fit, LayoutReport};

/// What `chapbook build` was asked to do.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct BuildOptions {
    /// The project folder (holds `layout/` and `fonts/`).
    pub project: PathBuf,
    /// Defaults to `PROJECT/output/chapbook.pdf`, or `chapbook-SIZE.pdf` when `page_size`
    /// is given, so a build at another size never overwrites the book's own.
    pub output: Option<PathBuf>,
    /// Overrides `[page] size` from book.toml.
    pub page_size: Option<String>,
    /// Override `[print]` settings of book.toml (None: as the book says).
    pub pdfx: Option<bool>,
    /// Crop marks outside the bleed (None: as the book says).
    pub marks: Option<bool>,
    /// Also write the imposed booklet (`chapbook-imposed.pdf` beside the output).
    pub impose: Option<crate::impose::ImposeOptions>,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
    /// A print service whose rules to follow, overriding `[print] target`.
    pub target: Option<String>,
    /// How the book is bound, overriding `[print] binding` (None: as the book says).
    pub binding: Option<crate::targets::Binding>,
    /// Keep the book's bookmarks in the imposed sheets (a print file needs none, so they
    /// are left out unless asked).
    pub imposed_bookmarks: bool,
}

impl BuildOptions {
    /// The options for the project in folder `project`, everything else as the book says.
    pub fn new(project: impl Into<PathBuf>) -> Self {
        BuildOptions { project: project.into(), ..Default::default() }
    }

    /// These options with `change` made: `BuildOptions::default().with(|o| …)`, the way to set
    /// fields from outside the crate (the struct is `#[non_exhaustive]`: new options may
    /// come without breaking callers).
    pub fn with(mut self, change: impl FnOnce(&mut Self)) -> Self {
        change(&mut self);
        self
    }
}

/// What a build wrote ([`build`]'s PDF or [`build_epub`]'s EPUB), for the summary.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// The file written.
    pub output: PathBuf,
    /// Its page count.
    pub pages: usize,
    /// Its size in bytes.
    pub bytes: usize,
    /// Trim size in points.
    pub trim: (f32, f32),
    /// The page size's name (`a5`) or the size as written.
    pub size_name: String,
    /// PostScript name and embedded (subset) size in bytes of every font of the PDF
    /// (empty for the EPUB).
    pub fonts: Vec<(String, usize)>,
    /// The imposed booklet, when asked for.
    pub imposed: Option<ImposedReport>,
    /// Warnings (legal but probably unintended).
    pub warnings: Vec<Diagnostic>,
    /// What fitting the measure did to blocks (verse set smaller, diagrams scaled,
    /// lines turned over), so the summary can say so.
    pub fitted: Vec<Fit>,
    /// What gave way at this page size so the type could keep its size (margins).
    pub gave_way: Vec<String>,
    /// The blank pages added so that two-page poems open on a verso, in words.
    pub spreads: Vec<String>,
    /// Wall time of the build.
    pub seconds: f64,
}

/// What imposition made and what the summary must tell about it.
#[derive(Debug, Clone)]
pub struct ImposedReport {
    /// The imposed PDF written.
    pub path: PathBuf,
    /// How many sheet sides it has.
    pub sides: usize,
    /// The sheet's name and size in points.
    pub sheet: String,
    /// The sheet's size in points.
    pub sheet_size: (f32, f32),
    /// 1.0 unless `--fit shrink` scaled the pages.
    pub scale: f32,
    /// Bleed carried on the sheet, points (0 when there was no room).
    pub bleed: f32,
    /// Whether printer's marks were drawn.
    pub marks: bool,
    /// How many signatures (1 for a single saddle-stitched booklet).
    pub signatures: usize,
    /// Per sheet, its pages' shift toward the spine (creep), points.
    pub shifts: Vec<f32>,
    /// What was left off or changed (bleed without room, scaling).
    pub notes: Vec<String>,
}

/// The laid-out book with what it was made from.
pub struct Compiled {
    /// The validated spec.
    pub book: spec::Book,
    /// The display list.
    pub document: Document,
    /// What pagination decided page by page, and what fitting the measure cost.
    pub report: LayoutReport,
    /// Warnings from reading the spec and from layout.
    pub warnings: Vec<Diagnostic>,
    /// Where each item of `document` came from.
    pub sources: crate::display::SourceMap,
    /// The characters each `[type] fallback` family set (family, the characters in order),
    /// for the families that set any.
    pub fallback_chars: Vec<(String, String)>,
}

/// Which characters of the document came from each fallback face.
fn fallback_chars(doc: &Document, fonts: &FontBook) -> Vec<(String, String)> {
    let mut used: std::collections::BTreeMap<usize, std::collections::BTreeSet<char>> = Default::default();
    for page in &doc.pages {
        for item in &page.items {
            if let crate::display::Item::Text(run) = item
                && fonts.is_fallback(run.font)
            {
                used.entry(run.font.index()).or_default().extend(run.text.chars().filter(|c| !c.is_whitespace()));
            }
        }
    }
    used.into_iter()
        .map(|(id, chars)| (fonts.face(crate::display::FontId::new(id)).family.clone(), chars.into_iter().collect()))
        .collect()
}

/// Reads and lays out the project: spec → fonts → layout.
pub fn compile(project: &Path, page_size: Option<&str>) -> Result<Compiled, Error> {
    compile_as(project, page_size, FontFiles::Mapped).map_err(Error::from)
}

/// [`compile`], reading font files as `fonts` says (whole, for processes that outlive an
/// edit of `fonts/`).
pub(crate) fn compile_as(
    project: &Path,
    page_size: Option<&str>,
    font_files: FontFiles,
) -> Result<Compiled, Vec<Diagnostic>> {
    compile_for(project, page_size, None, font_files)
}

/// [`compile_as`] for a print service (`target`, else `[print] target`): margins left to
/// the canon widen to its safe zone (`safe_margins`).
pub(crate) fn compile_for(
    project: &Path,
    page_size: Option<&str>,
    target: Option<&str>,
    font_files: FontFiles,
) -> Result<Compiled, Vec<Diagnostic>> {
    // The helper threads start with the first build (not for `--help`); they are running by
    // the time there is work to share.
    crate::par::start();
    // The font folder is scanned on a helper while the spec is read: neither needs the other.
    let (fonts, book) = crate::par::join(
        || FontBook::scan_as(&project.join("fonts"), font_files),
        || spec::load_for_size(project, page_size),
    );
    let mut book = book?;
    if let Some(size) = page_size {
        spec::override_page_size(&mut book, size)?;
    }
    let mut fonts = fonts.map_err(|e| vec![Diagnostic::error(e.to_string())])?;
    let font_errors = crate::text::check_fonts(&book, &fonts);
    if !font_errors.is_empty() {
        return Err(font_errors);
    }
    let mut shaper = Shaper::new();
    let mut out = layout::layout(&book, &mut fonts, &mut shaper)?;
    // An unknown `--target` is reported by `target` when the build reads it.
    let service = target.map_or(book.print.target, |t| crate::targets::lookup(t).ok());
    if let Some(t) = service {
        out = safe_margins::widen(&mut book, t, out, &mut fonts, &mut shaper)?;
    }
    let mut warnings = book.warnings.clone();
    warnings.extend(out.warnings);
    let fallback_chars = if fonts.has_fallback_faces() { fallback_chars(&out.document, &fonts) } else { Vec::new() };
    let compiled =
        Compiled { book, document: out.document, report: out.report, warnings, sources: out.sources, fallback_chars };
    // The caches are freed on a helper: freeing the faces' tables alone took 0.15 ms.
    crate::par::drop_off((shaper, fonts));
    Ok(compiled)
}

/// The print service the build follows: `--target`, else `[print] target`.
pub(crate) fn target(
    book: &spec::Book,
    opts: &BuildOptions,
) -> Result<Option<&'static crate::targets::Target>, Diagnostic> {
    match &opts.target {
        Some(name) => crate::targets::find(name).map(Some).map_err(|e| Diagnostic::error(format!("--target: {e}"))),
        None => Ok(book.print.target),
    }
}

/// The book's binding: `--binding`, else `[print] binding` (None: the target's usual).
pub(crate) fn binding(book: &spec::Book, opts: &BuildOptions) -> Option<crate::targets::Binding> {
    opts.binding.or(book.print.binding)
}

/// Holds the laid-out book to its print service's rules: every broken rule an error.
fn check_target(
    t: Option<&crate::targets::Target>,
    (doc, sources): (&Document, &crate::display::SourceMap),
    marks: bool,
    (binding, from_cli): (Option<crate::targets::Binding>, bool),
) -> Result<(), Error> {
    let Some(t) = t else { return Ok(()) };
    let mut errors: Vec<Diagnostic> = t
        .check_document_at(doc, t.bleed > 0.0, binding)
        .into_iter()
        .map(|(m, item)| {
            // The fix names where the binding was given: the command line or book.toml.
            let m = match (from_cli, m.split_once("set `[print] binding = \"")) {
                (true, Some((head, rest))) => {
                    let name = rest.split('"').next().unwrap_or_default();
                    format!("{head}use `--binding {name}`{}", rest.split_once('`').map_or("", |r| r.1))
                }
                _ => m,
            };
            let d = Diagnostic::error(format!("{}: {m}", t.name));
            // A problem of one item names the block that set it.
            match item.and_then(|(page, i)| sources.pages.get(page)?.get(i).copied()) {
                Some(span) if span != crate::display::Span::NONE => {
                    // Section files are the project's layout/*.toml, named as every message names them.
                    let file = sources.files.get(span.file as usize).and_then(|f| f.file_name());
                    let file = file.map_or(String::new(), |f| f.to_string_lossy().into_owned());
                    d.note(format!("it is set by the block at layout/{file}:{}", span.line))
                }
                _ => d,
            }
        })
        .collect();
    if marks && !t.marks {
        errors.push(
            Diagnostic::error(format!("{}: crop marks: the service accepts none", t.name))
                .note("leave out --marks (or `[print] marks`)"),
        );
    }
    if errors.is_empty() { Ok(()) } else { Err(errors.into()) }
}

/// The PDF writer's options for a book, with command-line overrides.
pub(crate) fn pdf_options(book: &spec::Book, opts: &BuildOptions) -> crate::pdf::Options {
    let t = target(book, opts).ok().flatten();
    let pdfx = opts.pdfx.unwrap_or(book.print.pdfx) || t.is_some_and(|t| t.pdfx);
    // PDF/X needs dates. Without SOURCE_DATE_EPOCH they come from the newest input file
    // rather than the clock, so rebuilding the same files gives the same bytes.
    let creation_date = source_date_epoch().or_else(|| pdfx.then(|| newest_input(&book.root)));
    crate::pdf::Options {
        // The service's bleed, or the book's when it asks more and the service takes a
        // wider bleed (it is trimmed off).
        bleed: t.map_or(book.print.bleed, |t| if t.wider_bleed { t.bleed.max(book.print.bleed) } else { t.bleed }),
        marks: t.map_or(opts.marks.unwrap_or(book.print.marks), |t| t.marks),
        pdfx: pdfx.then(|| {
            let id = &book.print.output_condition;
            let registered = crate::intents::registered(id);
            crate::pdf::PdfX {
                output_condition_identifier: id.clone(),
                output_condition: registered.map(str::to_string),
                registry_name: if registered.is_some() { "http://www.color.org".into() } else { String::new() },
                // Checked when the spec was read; a file that vanished since is left out
                // and the preflight of the written file says so.
                dest_output_profile: book.print.output_profile.as_ref().and_then(|p| std::fs::read(p).ok()),
            }
        }),
        creation_date,
        producer: format!("chapbook {}", env!("CARGO_PKG_VERSION")),
        sheet: None,
        spine_bleed: t.is_none_or(|t| t.spine_bleed),
    }
}

/// Modification time (unix seconds) of the newest file under layout/.
fn newest_input(root: &Path) -> i64 {
    std::fs::read_dir(root.join("layout"))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok()?.metadata().ok()?.modified().ok())
        .filter_map(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs() as i64)
        .max()
        .unwrap_or(0)
}

/// What `chapbook check` found in a project that compiles: the page count and the
/// warnings a build would print. `pdf` holds the bytes a build would write (never saved
/// by `check`), so that a preflight of the printed file can run without touching disk.
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// The page count.
    pub pages: usize,
    /// The warnings a build would print.
    pub warnings: Vec<Diagnostic>,
    /// The PDF a build would write.
    pub pdf: Vec<u8>,
    /// The print rules the book asks for, to preflight `pdf` (or a built file) against.
    pub rules: crate::preflight::Rules,
    /// What pagination decided and what fitting the measure cost.
    pub layout: LayoutReport,
    /// The trim as a person writes it (`A5, 148 × 210 mm`).
    pub trim: String,
    /// The characters each fallback family set: (family, characters).
    pub fallback_chars: Vec<(String, String)>,
    /// The language, the figures and their alt text, text that says something by tint alone.
    pub accessibility: Accessibility,
}

/// Validates the whole project (spec, fonts, layout fit, PDF generation) without writing
/// anything, reporting every problem found: all that [`build`] does with the same `opts`
/// but writing the file, holding the book to a print service's rules (`target`, else
/// `[print] target`) for a binding (`binding`, else `[print] binding`). `output` and
/// `impose` are not used; with `deny_warnings`, a warning is an error.
pub fn check(opts: &BuildOptions) -> Result<CheckReport, Error> {
    let (project, page_size) = (opts.project.as_path(), opts.page_size.as_deref());
    let Compiled { book, document: mut doc, mut warnings, report, fallback_chars, sources } =
        compile_for(project, page_size, opts.target.as_deref(), FontFiles::Mapped)?;
    let service = target(&book, opts)?;
    let binding = binding(&book, opts);
    check_target(service, (&doc, &sources), opts.marks.unwrap_or(book.print.marks), (binding, opts.binding.is_some()))?;
    warnings.extend(saddle_thickness(&doc, binding));
    if service.is_some_and(|t| !t.bookmarks) {
        doc.outline.clear();
    }
    let written = crate::pdf::write(&doc, &pdf_options(&book, opts)).map_err(|e| Diagnostic::error(e.to_string()))?;
    warnings.extend(written.warnings.into_iter().map(Diagnostic::warning));
    let rules = crate::preflight::Rules {
        pdfx: book.print.pdfx || service.is_some_and(|t| t.pdfx),
        expected_trim: Some(doc.page_size),
        target: service,
        min_stroke: service.map_or(0.25, |t| t.min_line.max(0.25)),
        binding,
        ..Default::default()
    };
    let trim = layout::trim_in_words(&book.page.size_name, book.page.width, book.page.height, true);
    let accessibility = crate::a11y::assess(&book);
    // A book with `[cover]` has its cover checked too: the service's cover rules (spine
    // text, safe zones from trim, folds and spine, the bar-code area) hold it as they
    // hold the pages.
    if book.cover.given {
        let cover = crate::cover::CoverOptions {
            project: project.to_path_buf(),
            page_size: page_size.map(str::to_string),
            target: opts.target.clone(),
            binding: opts.binding,
            ..Default::default()
        };
        crate::cover::make(&cover).map_err(|e| {
            Error::from(
                e.diagnostics.into_iter().map(|d| d.note("in the cover (`[cover]` in book.toml)")).collect::<Vec<_>>(),
            )
        })?;
    }
    if opts.deny_warnings && !warnings.is_empty() {
        return Err(deny_warnings(warnings).into());
    }
    Ok(CheckReport {
        pages: doc.pages.len(),
        warnings,
        pdf: written.bytes,
        rules,
        layout: report,
        trim,
        fallback_chars,
        accessibility,
    })
}

/// Compiles and writes the PDF (and the imposed booklet when asked). Each file appears
/// only when complete: it is written next to its destination under a temporary name and
/// renamed into place, so a failed build leaves the previous PDF untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Error> {
    build_as(opts, FontFiles::Mapped)
}

/// [`build`], reading font files as `font_files` says (`watch` reads them whole).
pub(crate) fn build_as(opts: &BuildOptions, font_files: FontFiles) -> Result<BuildReport, Error> {
    let start = std::time::Instant::now();
    let Compiled { mut book, document: mut doc, mut warnings, report, sources, .. } =
        compile_for(&opts.project, opts.page_size.as_deref(), opts.target.as_deref(), font_files)?;
    let service = target(&book, opts)?;
    let bound = binding(&book, opts);
    check_target(service, (&doc, &sources), opts.marks.unwrap_or(book.print.marks), (bound, opts.binding.is_some()))?;
    drop(sources);
    // A book saddle-stitched, by its binding or as one imposed booklet.
    let one_booklet = opts.impose.as_ref().is_some_and(|io| io.sheets_per_signature == 0);
    warnings.extend(saddle_thickness(&doc, if one_booklet { Some(crate::targets::Binding::Saddle) } else { bound }));
    if service.is_some_and(|t| !t.bookmarks) {
        doc.outline.clear();
    }
    // Past layout only the book's settings are read: its sections (texts, blocks,
    // sources) are freed (on a helper) while the PDF is written, which lowers the peak
    // memory.
    crate::par::drop_off(std::mem::take(&mut book.sections));
    let pdf_opts = pdf_options(&book, opts);
    let written = crate::pdf::write(&doc, &pdf_opts).map_err(|e| Diagnostic::error(e.to_string()))?;
    warnings.extend(written.warnings.into_iter().map(Diagnostic::warning));
    let imposed = match &opts.impose {
        None => None,
        Some(io) => {
            // A service that wants marks gets them on its sheets too.
            let marks_from_service = !io.marks && service.is_some_and(|t| t.marks);
            let io = crate::impose::ImposeOptions { marks: io.marks || marks_from_service, ..io.clone() };
            let imposed = impose_book(&doc, &io, &pdf_opts, opts.imposed_bookmarks).map_err(|e| {
                let e = match service.filter(|_| marks_from_service) {
                    // The poet did not ask for marks: say where they come from.
                    Some(t) => e.note(format!(
                        "the marks are {}'s: it wants crop marks on what it prints, so --impose puts them on the sheets too; choose a larger --sheet, or impose without --target {}",
                        t.name, t.name
                    )),
                    None => e,
                };
                e.note("the book itself was not written either")
            })?;
            warnings.extend(imposed.warnings.into_iter().map(Diagnostic::warning));
            // Services impose the book themselves: the sheets are for printing elsewhere.
            if let Some(t) = service {
                warnings.push(
                    Diagnostic::warning(format!(
                        "{} takes the book's single pages, and `check --pdf --target {}` refuses imposed sheets",
                        t.name, t.name
                    ))
                    .note(format!(
                        "send {} the book's PDF; the imposed sheets are for printing it yourself (at home, or a copy shop)",
                        t.name
                    )),
                );
            }
            Some((imposed.report, imposed.bytes))
        }
    };
    if opts.deny_warnings && !warnings.is_empty() {
        return Err(deny_warnings(warnings).into());
    }
    let output = opts.output.clone().unwrap_or_else(|| default_output(&opts.project, opts.page_size.as_deref()));
    write_atomically(&output, &written.bytes)?;
    let imposed = match imposed {
        None => None,
        Some((mut report, bytes)) => {
            report.path = imposed_path(&output);
            write_atomically(&report.path, &bytes)?;
            Some(report)
        }
    };
    let (pages, bytes, trim) = (doc.pages.len(), written.bytes.len(), doc.page_size);
    // Freeing every glyph run of the book is a helper's job too.
    crate::par::drop_off((doc, written.bytes));
    Ok(BuildReport {
        output,
        pages,
        bytes,
        trim,
        size_name: book.page.size_name.clone(),
        fonts: written.fonts,
        imposed,
        warnings,
        fitted: report.fits,
        gave_way: report.gave_way,
        spreads: report.spreads,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// A warning when a saddle-stitched book has more pages than saddle stitch holds well
/// ([`crate::targets::SADDLE_PRACTICAL_PAGES`], with its sources).
fn saddle_thickness(doc: &Document, binding: Option<crate::targets::Binding>) -> Option<Diagnostic> {
    use crate::targets::{Binding, SADDLE_PRACTICAL_PAGES};
    let n = doc.pages.len();
    (binding == Some(Binding::Saddle) && n > SADDLE_PRACTICAL_PAGES).then(|| {
        Diagnostic::warning(format!(
            "saddle stitch: {n} pages ({} sheets folded together) is more than saddle stitch holds well \
             (about {SADDLE_PRACTICAL_PAGES} pages of text paper): the spine bulges and the inner pages creep",
            n.div_ceil(4)
        ))
        .note("bind it perfect (`[print] binding = \"perfect\"`), or impose it in signatures (--impose signatures)")
    })
}

/// Warnings made errors by `--deny-warnings`: each one says so, and none is added, so
/// "stopped with N errors" counts the poet's problems.
pub(crate) fn deny_warnings(warnings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    warnings
        .into_iter()
        .map(|mut w| {
            w.severity = crate::diag::Severity::Error;
            w.note("warnings are errors (--deny-warnings)")
        })
        .collect()
}

/// A book imposed on sheets: the sheet sides, the PDF of them all and the summary.
pub(crate) struct ImposedBook {
    pub(crate) document: crate::display::Document,
    pub(crate) options: crate::pdf::Options,
    /// The PDF of every sheet side, in print order.
    pub bytes: Vec<u8>,
    /// What the summary says about the sheets (its `path` empty until written).
    pub report: ImposedReport,
    /// What imposition warns about (creep into the fold).
    pub warnings: Vec<String>,
}

impl ImposedBook {
    /// The sheet's size in points (width, height).
    pub fn sheet_size(&self) -> (f32, f32) {
        self.document.page_size
    }

    /// How many sheet sides (twice the sheets).
    pub fn side_count(&self) -> usize {
        self.document.pages.len()
    }

    /// A PDF of the given sheet sides (0-based, in the order given, repeats allowed),
    /// written as the whole was: the whole PDF's own bytes when that is all of it in order.
    pub fn pdf_of(&self, sides: &[usize]) -> Result<Vec<u8>, Diagnostic> {
        if sides.iter().copied().eq(0..self.side_count()) {
            return Ok(self.bytes.clone());
        }
        if let Some(&s) = sides.iter().find(|&&s| s >= self.side_count()) {
            return Err(Diagnostic::error(format!("sheet side {} of {}", s + 1, self.side_count())));
        }
        let doc = Document {
            // Printer's sheets: untagged (docs/accessibility.md).
            roles: Vec::new(),
            page_size: self.document.page_size,
            pages: sides.iter().map(|&s| self.document.pages[s].clone()).collect(),
            fonts: self.document.fonts.clone(),
            meta: self.document.meta.clone(),
            outline: Vec::new(),
            labels: Vec::new(),
        };
        Ok(crate::pdf::write(&doc, &self.options).map_err(|e| Diagnostic::error(e.to_string()))?.bytes)
    }
}

/// The compiled book imposed as `io` asks, with the book's own print settings (bleed,
/// PDF/X, dates): the sheets `build --impose` writes beside the book, and what `chapbook
/// print` sends.
pub(crate) fn impose(compiled: &Compiled, io: &crate::impose::ImposeOptions) -> Result<ImposedBook, Diagnostic> {
    let opts = BuildOptions { project: compiled.book.root.clone(), ..Default::default() };
    impose_book(&compiled.document, io, &pdf_options(&compiled.book, &opts), false)
}

/// Imposes `doc` (written with `pdf_opts`) as `io` asks, and writes the sheets: what
/// `build --impose` writes beside the book, and what `chapbook print` sends. The sheets
/// carry the book's bookmarks only when `bookmarks` asks for them.
pub(crate) fn impose_book(
    doc: &crate::display::Document,
    io: &crate::impose::ImposeOptions,
    pdf_opts: &crate::pdf::Options,
    bookmarks: bool,
) -> Result<ImposedBook, Diagnostic> {
    let io = crate::impose::ImposeOptions { bleed: pdf_opts.bleed, ..io.clone() };
    let imp = crate::impose::impose_pages(doc, &io).map_err(|e| {
        let d = Diagnostic::error(format!("imposition: {e}"));
        match e {
            crate::impose::ImposeError::PageCount(_) => {
                d.note("set pad_to = 4 under [print] in layout/book.toml: blank pages are added before the colophon")
            }
            _ => d,
        }
    })?;
    let mut imp = imp;
    if !bookmarks {
        imp.document.outline.clear();
    }
    let options = crate::pdf::Options {
        bleed: 0.0,
        marks: false,
        sheet: Some(crate::pdf::SheetBoxes { trim: imp.trim, bleed: imp.bleed_box, labels: imp.labels.clone() }),
        ..pdf_opts.clone()
    };
    let bytes = crate::pdf::write(&imp.document, &options).map_err(|e| Diagnostic::error(e.to_string()))?.bytes;
    let report = ImposedReport {
        path: PathBuf::new(),
        sides: imp.document.pages.len(),
        sheet: io.sheet.name(),
        sheet_size: imp.document.page_size,
        scale: imp.scale,
        bleed: imp.bleed,
        marks: imp.marks,
        signatures: imp.signatures,
        shifts: imp.shifts,
        notes: imp.notes,
    };
    Ok(ImposedBook { document: imp.document, options, bytes, report, warnings: imp.warnings })
}

/// Where a build writes without `-o`: `PROJECT/output/chapbook.pdf`, or
/// `chapbook-SIZE.pdf` for a size other than the book's own (`--page-size a6` →
/// `chapbook-a6.pdf`), so an A6 proof never overwrites the A5 book. The size is written
/// as given, lower-cased, with anything but letters, digits, `.` and `-` made `_`.
pub(crate) fn default_output(project: &Path, page_size: Option<&str>) -> PathBuf {
    default_file(project, page_size, None, "pdf")
}

/// The default file of one kind of output (`what`: `cover`, …; `ext`: `pdf`, `epub`) by
/// the same rule as [`default_output`]: `chapbook[-WHAT][-SIZE].EXT` in `PROJECT/output`.
pub(crate) fn default_file(project: &Path, page_size: Option<&str>, what: Option<&str>, ext: &str) -> PathBuf {
    let mut name = "chapbook".to_string();
    if let Some(what) = what {
        name += &format!("-{what}");
    }
    if let Some(size) = page_size.map(str::trim).filter(|s| !s.is_empty()) {
        let size: String = size
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c.to_ascii_lowercase() } else { '_' })
            .collect();
        name += &format!("-{size}");
    }
    project.join("output").join(format!("{name}.{ext}"))
}

/// Where the imposed sheets of `output` go: beside it, `NAME-imposed.pdf`.
pub(crate) fn imposed_path(output: &Path) -> PathBuf {
    let stem = output.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "chapbook".into());
    output.with_file_name(format!("{stem}-imposed.pdf"))
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention for "the time of this build".
pub(crate) fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// Lays out the book and writes its EPUB 3 edition (default `PROJECT/output/chapbook.epub`,
/// `chapbook-SIZE.epub` at another `page_size`),
/// atomically. `dcterms:modified` comes from `SOURCE_DATE_EPOCH`, else a fixed date, so
/// the same input gives the same bytes.
pub fn build_epub(opts: &BuildOptions) -> Result<BuildReport, Error> {
    let start = std::time::Instant::now();
    let c = compile(&opts.project, opts.page_size.as_deref())?;
    if opts.deny_warnings && !c.warnings.is_empty() {
        return Err(deny_warnings(c.warnings).into());
    }
    let epub_opts = crate::epub::EpubOptions {
        modified: source_date_epoch().unwrap_or(crate::epub::DEFAULT_MODIFIED),
        isbn: c.book.cover.isbn.as_ref().map(|i| i.digits().iter().map(|d| char::from(b'0' + d)).collect()),
        ..Default::default()
    };
    let bytes = crate::epub::write(&c.document, &epub_opts)?;
    let output =
        opts.output.clone().unwrap_or_else(|| default_file(&opts.project, opts.page_size.as_deref(), None, "epub"));
    write_atomically(&output, &bytes)?;
    Ok(BuildReport {
        output,
        pages: c.document.pages.len(),
        bytes: bytes.len(),
        trim: c.document.page_size,
        size_name: c.book.page.size_name.clone(),
        fonts: Vec::new(),
        imposed: None,
        warnings: c.warnings,
        fitted: c.report.fits,
        gave_way: c.report.gave_way,
        spreads: c.report.spreads,
        seconds: start.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saddle_stitched_book_thicker_than_practical_is_warned_about() {
        use crate::targets::{Binding, SADDLE_PRACTICAL_PAGES};
        let book = |pages: usize| Document {
            roles: Vec::new(),
            page_size: (400.0, 600.0),
            pages: vec![crate::display::Page::default(); pages],
            fonts: vec![],
            meta: crate::display::Meta::default(),
            outline: vec![],
            labels: vec![],
        };
        assert_eq!(saddle_thickness(&book(SADDLE_PRACTICAL_PAGES), Some(Binding::Saddle)), None);
        assert_eq!(saddle_thickness(&book(156), Some(Binding::Perfect)), None);
        assert_eq!(saddle_thickness(&book(156), None), None);
        let w = saddle_thickness(&book(156), Some(Binding::Saddle)).unwrap();
        assert!(!w.is_error());
        assert!(w.message.starts_with("saddle stitch: 156 pages (39 sheets folded together) is more than"), "{w:?}");
        assert!(w.message.contains("about 64 pages"), "{w:?}");
    }

    #[test]
    fn a_build_at_another_size_gets_its_own_file() {
        let p = Path::new("poem");
        assert_eq!(default_output(p, None), p.join("output/chapbook.pdf"));
        assert_eq!(default_output(p, Some("a6")), p.join("output/chapbook-a6.pdf"));
        assert_eq!(default_output(p, Some("6x9in")), p.join("output/chapbook-6x9in.pdf"));
        assert_eq!(default_output(p, Some("140mm x 216mm")), p.join("output/chapbook-140mm_x_216mm.pdf"));
        assert_eq!(default_output(p, Some("A6")), p.join("output/chapbook-a6.pdf"));
        assert_eq!(default_file(p, Some("a6"), None, "epub"), p.join("output/chapbook-a6.epub"));
        assert_eq!(default_file(p, Some("a6"), Some("cover"), "pdf"), p.join("output/chapbook-cover-a6.pdf"));
        assert_eq!(default_file(p, None, Some("cover"), "pdf"), p.join("output/chapbook-cover.pdf"));
    }
}
