//! `chapbook cover`: the cover PDF a printer binds around the book. The book is laid out
//! first (its page count sets a perfect-bound spine), then the wrap is planned from the
//! service's [`CoverRules`] (this module), typeset
//! (`layout::cover`), held to the same rules (`check`) and written with the wrap's
//! TrimBox and BleedBox.
//!
//! - saddle stitch: two pages, the outside spread (back | front) and the inside spread,
//!   each two trims wide plus bleed;
//! - perfect binding: one page, back | spine | front, the spine `pages × paper` wide
//!   (plus the service's allowance), spine text only where the service allows it.

mod check;
mod marks;

use std::path::PathBuf;

use crate::Error;
use crate::build::{BuildOptions, Compiled};
use crate::diag::Diagnostic;
use crate::display::Rect;
use crate::layout::cover::Plan;
use crate::targets::{Binding, CoverRules, Target};
use crate::units::PT_PER_MM;

pub(crate) use check::check as check_plan;

/// What `chapbook cover` was asked to do.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CoverOptions {
    /// The project folder.
    pub project: PathBuf,
    /// Where `chapbook cover` writes (`-o`); defaults to `PROJECT/output/chapbook-cover.pdf`.
    pub(crate) output: Option<PathBuf>,
    /// Overrides `[page] size`.
    pub page_size: Option<String>,
    /// A print service, overriding `[print] target`.
    pub target: Option<String>,
    /// Overrides `[cover] binding`.
    pub binding: Option<Binding>,
}

impl CoverOptions {
    /// These options with `change` made: `CoverOptions::default().with(|o| …)`, the way to set
    /// fields from outside the crate (the struct is `#[non_exhaustive]`: new options may
    /// come without breaking callers).
    pub fn with(mut self, change: impl FnOnce(&mut Self)) -> Self {
        change(&mut self);
        self
    }
}

/// What the bar-code area holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BarcodeState {
    /// The ISBN's EAN-13, drawn.
    Printed,
    /// No ISBN: the service's area kept clear for the code it prints.
    KeptClear,
    /// No ISBN and no area asked for.
    None,
}

/// What a cover is and what was made of it.
#[derive(Debug, Clone)]
pub struct CoverReport {
    /// The file `chapbook cover` wrote (empty from [`make`], which writes nothing).
    pub(crate) output: PathBuf,
    /// The binding the cover is for.
    pub binding: Binding,
    /// The service whose rules it follows.
    pub target: Option<&'static str>,
    /// The book's page count.
    pub pages: usize,
    /// The spine's width in points (perfect binding).
    pub spine: Option<f32>,
    /// How the spine's width was found (`kdp cream paper, 0.0025 in a page`).
    pub spine_from: Option<String>,
    /// Whether the spine carries text.
    pub spine_text: bool,
    /// The trim of the whole wrap (one spread) in points.
    pub trim: (f32, f32),
    /// Bleed on every side, points.
    pub bleed: f32,
    /// What the bar-code area holds.
    pub barcode: BarcodeState,
    /// Pages of the cover file.
    pub sides: usize,
    /// Things left off or chosen by default, for the summary.
    pub notes: Vec<String>,
    /// Warnings of the book's layout.
    pub warnings: Vec<Diagnostic>,
}

/// The default cover file beside the book's: `PROJECT/output/chapbook-cover.pdf`, or
/// `chapbook-cover-SIZE.pdf` for another page size, so a proof never overwrites the cover.
pub(crate) fn default_output(project: &std::path::Path, page_size: Option<&str>) -> PathBuf {
    crate::build::default_file(project, page_size, Some("cover"), "pdf")
}

/// Makes the cover and writes it (atomically, as `build` writes the book): `chapbook
/// cover`. Outside the crate, [`make`] gives the bytes to write.
pub(crate) fn cover(opts: &CoverOptions) -> Result<CoverReport, Error> {
    let (bytes, mut report) = make(opts)?;
    let output = opts.output.clone().unwrap_or_else(|| default_output(&opts.project, opts.page_size.as_deref()));
    crate::io::write_atomically(&output, &bytes)?;
    report.output = output;
    Ok(report)
}

/// The binding: `--binding`, else `[cover] binding`, else the book's `[print] binding`,
/// else the service's usual one, else saddle; and where it was said, for a message that
/// sends the poet to the right place to change it.
fn binding(opts: &CoverOptions, book: &crate::spec::Book, service: Option<&Target>) -> (Binding, &'static str) {
    if let Some(b) = opts.binding {
        (b, "--binding")
    } else if let Some(b) = book.cover.binding {
        (b, "`[cover] binding` in book.toml")
    } else if let Some(b) = book.print.binding {
        (b, "`[print] binding` in book.toml")
    } else if let Some(t) = service {
        (t.bindings[0].binding, "the service's usual binding")
    } else {
        (Binding::Saddle, "the default")
    }
}

/// The cover's PDF in memory and its report, nothing written.
pub fn make(opts: &CoverOptions) -> Result<(Vec<u8>, CoverReport), Error> {
    let Compiled { book, document, mut warnings, .. } = crate::build::compile_for(
        &opts.project,
        opts.page_size.as_deref(),
        opts.target.as_deref(),
        Default::default(),
    )?;
    let build_opts = BuildOptions {
        project: opts.project.clone(),
        page_size: opts.page_size.clone(),
        target: opts.target.clone(),
        ..Default::default()
    };
    let service = crate::build::target(&book, &build_opts)?;
    let (binding, said_by) = binding(opts, &book, service);
    if let Some(t) = service {
        t.binding_rule(Some(binding)).map_err(|e| {
            Diagnostic::error(format!("{}: cover: {e}", t.name)).note(format!(
                "the cover's {} binding comes from {said_by}: change it there (--binding wins over `[cover] binding`, which wins over `[print] binding`)",
                binding.name()
            ))
        })?;
        // A cover for a trim the service does not print is of no use either.
        if let Some(e) = t.check_trim(document.page_size) {
            return Err(Diagnostic::error(format!("{}: cover: {e}", t.name))
                .note("the cover is made for the book's trim: choose a trim the service prints (`[page] size` or --page-size)")
                .into());
        }
    }
    let pages = document.pages.len();
    // A cover for a book the service will not bind is probably not what the poet wants
    // yet (the interior build refuses it): said, not refused, since a cover is often
    // designed while the book is still growing.
    if let Some(t) = service {
        for e in t.check_page_count(pages, Some(binding)) {
            warnings.push(Diagnostic::warning(format!(
                "{}: the interior as it stands: {e}; this cover's spine is for {pages} pages",
                t.name
            )));
        }
    }
    let (w, h) = document.page_size;
    let bleed = service.map_or(book.print.bleed, |t| t.bleed);
    let rules = rules_for(service);
    let name = service.map_or("the cover", |t| t.name);
    let mut notes = Vec::new();
    let spine = match binding {
        Binding::Saddle => None,
        Binding::Perfect => {
            let (per_page, from) = per_page(&book.cover, rules, name, &mut notes)?;
            // The service's allowance on top of the paper (Lulu's 0.06 in) is said too, so
            // the width adds up from the summary.
            let from = if rules.spine_extra > 0.0 {
                format!("{pages} pages of {from}, plus {name}'s {:.2} mm allowance", rules.spine_extra / PT_PER_MM)
            } else {
                format!("{pages} pages of {from}")
            };
            Some((rules.spine(pages, per_page), from))
        }
    };
    let spine_text = spine.is_some() && pages > rules.spine_text_over;
    if spine.is_some() && !spine_text {
        notes.push(format!(
            "spine: no text; {name} prints spine text on books of more than {} pages, this one has {pages}",
            rules.spine_text_over
        ));
    }
    let plan = plan((w, h), bleed, spine.as_ref().map(|s| s.0), rules, spine_text);
    let barcode = match (&book.cover.isbn, plan.barcode) {
        (Some(_), _) => BarcodeState::Printed,
        (None, Some(_)) if service.is_some() => BarcodeState::KeptClear,
        _ => BarcodeState::None,
    };
    let mut fonts =
        crate::text::FontBook::scan(&opts.project.join("fonts")).map_err(|e| Diagnostic::error(e.to_string()))?;
    let laid = crate::layout::cover::lay_out(&book, &mut fonts, &plan)?;
    notes.extend(laid.notes);
    // What the cover carries, not what was asked: a spine too narrow for type has none.
    let spine_text = laid.spine_text;
    let broken = check_plan(&laid.document, &plan, rules, name, book.cover.isbn.is_some());
    if !broken.is_empty() {
        return Err(broken.into_iter().map(Diagnostic::error).collect::<Vec<_>>().into());
    }
    let mut pdf_opts = crate::build::pdf_options(&book, &build_opts);
    let labels: Vec<String> = match binding {
        Binding::Saddle => vec![format!("cover outside ({pages} pages)"), format!("cover inside ({pages} pages)")],
        Binding::Perfect => vec![format!("cover ({pages} pages)")],
    };
    let mut document = laid.document;
    // A service that wants crop marks (offset) gets them on a sheet grown to hold them.
    let (trim_box, bleed_box) = if service.is_some_and(|t| t.marks) {
        let boxes = marks::add(&mut document, &plan, bleed);
        let (sw, sh) = document.page_size;
        notes.push(format!(
            "marks: crop marks outside the bleed and dashed fold marks, on a {:.1} × {:.1} mm sheet",
            sw / PT_PER_MM,
            sh / PT_PER_MM
        ));
        boxes
    } else {
        (trim_rect(&plan, bleed), Rect { x0: 0.0, y0: 0.0, x1: plan.page.0, y1: plan.page.1 })
    };
    pdf_opts.sheet = Some(crate::pdf::SheetBoxes { trim: trim_box, bleed: bleed_box, labels });
    let written = crate::pdf::write(&document, &pdf_opts).map_err(|e| Diagnostic::error(e.to_string()))?;
    let trim = trim_rect(&plan, bleed);
    let report = CoverReport {
        output: PathBuf::new(),
        binding,
        target: service.map(|t| t.name),
        pages,
        spine: spine.as_ref().map(|s| s.0),
        spine_from: spine.map(|s| s.1),
        spine_text,
        trim: (trim.x1 - trim.x0, trim.y1 - trim.y0),
        bleed,
        barcode,
        sides: document.pages.len(),
        notes,
        warnings,
    };
    Ok((written.bytes, report))
}

/// The service's cover rules; without a service, the offset printer's (safe zones of
/// 5 mm, the paper's caliper given).
pub(crate) fn rules_for(service: Option<&'static Target>) -> &'static CoverRules {
    match service {
        Some(t) => &t.cover,
        None => &crate::targets::find("offset").expect("offset is a target").cover,
    }
}

/// The paper's thickness per page and how it was found: `[cover] caliper` (a leaf, two
/// pages), else `[cover] paper` in the service's table, else its white paper (said in a
/// note).
fn per_page(
    cover: &crate::spec::CoverSpec,
    rules: &CoverRules,
    name: &str,
    notes: &mut Vec<String>,
) -> Result<(f32, String), Diagnostic> {
    if let Some(c) = cover.caliper {
        return Ok((c / 2.0, format!("caliper {:.3} mm a leaf", c / PT_PER_MM)));
    }
    let paper = match &cover.paper {
        Some(p) => p.clone(),
        None if rules.papers.iter().any(|p| p.0 == "white") => {
            notes.push(format!("paper: white, {name}'s default (set `[cover] paper` to cream or color)"));
            "white".into()
        }
        None => {
            return Err(Diagnostic::error(format!(
                "a perfect-bound cover needs the paper's thickness for its spine, and {name} publishes none"
            ))
            .note(
                "give the leaf's thickness in [cover]: caliper = \"0.1mm\" (ask the printer for the paper's caliper)",
            ));
        }
    };
    let t = rules.paper(name, &paper).map_err(|e| {
        let d = if rules.papers.is_empty() {
            // No service: no table of papers to look `paper` up in.
            Diagnostic::error(format!(
                "[cover] paper = \"{paper}\" names a print service's paper, and no service is given, so its thickness is not known"
            ))
            .note("give the service (`--target kdp`, or `target` in [print]), or the leaf's thickness the printer quotes: caliper = \"0.1mm\" in place of paper")
        } else {
            Diagnostic::error(format!("[cover] paper: {e}"))
        };
        match (&cover.source, &cover.paper_span) {
            (Some(src), Some(span)) => d.at(src, span.clone()).label("the paper"),
            _ => d,
        }
    })?;
    Ok((t, format!("{name} {paper} paper, {} in a page", (t / crate::units::PT_PER_IN * 1e6).round() / 1e6)))
}

/// The wrap's trim on the cover page.
fn trim_rect(plan: &Plan, bleed: f32) -> Rect {
    Rect { x0: bleed, y0: bleed, x1: plan.page.0 - bleed, y1: plan.page.1 - bleed }
}

/// Where everything goes: back on the left, the spine (if any), the front on the right,
/// all inside `bleed`; the bar-code area in the back's foot at the spine.
pub(crate) fn plan(page: (f32, f32), bleed: f32, spine: Option<f32>, rules: &CoverRules, spine_text: bool) -> Plan {
    let (w, h) = page;
    let s = spine.unwrap_or(0.0);
    let back = Rect { x0: bleed, y0: bleed, x1: bleed + w, y1: bleed + h };
    let spine_rect = spine.map(|s| Rect { x0: back.x1, y0: bleed, x1: back.x1 + s, y1: bleed + h });
    let front = Rect { x0: back.x1 + s, y0: bleed, x1: back.x1 + s + w, y1: bleed + h };
    let barcode = rules.barcode.map(|b| {
        let x1 = back.x1 - b.from_spine;
        let y1 = back.y1 - b.from_foot;
        Rect { x0: x1 - b.width, y0: y1 - b.height, x1, y1 }
    });
    Plan {
        page: (2.0 * w + s + 2.0 * bleed, h + 2.0 * bleed),
        front,
        back,
        spine: spine_rect,
        safe: rules.safe,
        fold_safe: rules.fold_safe,
        spine_margin: rules.spine_margin,
        barcode,
        spine_text,
        inside: spine.is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::targets::{IN, find};

    #[test]
    fn a_perfect_wrap_is_back_spine_front_with_bleed() {
        let kdp = find("kdp").unwrap();
        let spine = kdp.cover.spine(200, kdp.cover.paper("kdp", "white").unwrap());
        assert!((spine / IN - 0.4504).abs() < 1e-4, "{}", spine / IN);
        let p = plan((6.0 * IN, 9.0 * IN), kdp.bleed, Some(spine), &kdp.cover, true);
        // KDP's formula: 2 × trim + spine + 0.25 in.
        assert!((p.page.0 / IN - 12.7004).abs() < 1e-3, "{}", p.page.0 / IN);
        assert!((p.page.1 / IN - 9.25).abs() < 1e-4);
        assert!((p.front.x1 + kdp.bleed - p.page.0).abs() < 1e-3);
        let b = p.barcode.unwrap();
        assert!((b.x1 - b.x0 - 2.0 * IN).abs() < 1e-3 && (p.back.x1 - b.x1 - 0.25 * IN).abs() < 1e-3);
    }

    #[test]
    fn lulu_adds_its_allowance_and_offset_asks_for_a_caliper() {
        let lulu = find("lulu").unwrap();
        let per = lulu.cover.paper("lulu", "cream").unwrap();
        assert!((lulu.cover.spine(444, per) / IN - 1.06).abs() < 1e-4);
        let offset = find("offset").unwrap();
        assert!(offset.cover.paper("offset", "white").unwrap_err().contains("caliper"));
        assert!(find("kdp").unwrap().cover.paper("kdp", "glossy").unwrap_err().contains("white, cream, color"));
    }
}
