//! `chapbook print`: the booklet sent to a real printer over IPP, ready to fold and staple.
//!
//! The book is compiled by the same pipeline as `chapbook build` and imposed for saddle
//! stitching on the chosen sheet; the printer is asked what it can do before anything is
//! sent; then one two-sided job, or the fronts and backs of a manual duplex, each followed
//! until the printer reports it done. Talking IPP is the `ipp` crate's blocking client.
//!
//! - `printer`: finding the printer (URI, CUPS queue, CUPS default), listing queues;
//! - `attributes`: what the printer can do, and the checks before sending;
//! - `booklet`: the imposed booklet and the PDF of each job;
//! - `duplex`: which job prints which sheet sides;
//! - `job`: Print-Job, following it, canceling it;
//! - `instructions`: turning the stack, folding and stapling;
//! - `terminal`: the [`Console`] of `chapbook print`.
//!
//! Only `terminal` prints: the rest says what the poet sees through a [`Console`].

pub(crate) mod attributes;
pub(crate) mod booklet;
pub(crate) mod duplex;
pub(crate) mod instructions;
pub(crate) mod job;
pub(crate) mod printer;
pub(crate) mod terminal;

pub use duplex::Duplex;
pub use printer::list as list_printers;
pub use terminal::Terminal;

use crate::diag::Diagnostic;
use crate::impose::Sheet;
use duplex::Half;
use std::path::PathBuf;

/// What `chapbook print` was asked to do.
#[derive(Debug, Clone)]
pub struct PrintOptions {
    /// The project folder.
    pub project: PathBuf,
    /// Overrides `[page] size` from book.toml.
    pub page_size: Option<String>,
    /// An `ipp://` URI or a CUPS queue name; None: the CUPS default.
    pub printer: Option<String>,
    /// `a4`, `letter`, …; None: the printer's default paper when it is one of those, else A4.
    pub sheet: Option<String>,
    /// How many copies.
    pub copies: u32,
    /// How the backs get printed.
    pub duplex: Duplex,
    /// Sheet sides of the imposed booklet to print, 1-based inclusive (None: all).
    pub pages: Option<(usize, usize)>,
    /// Say what would be sent; send nothing.
    pub dry_run: bool,
    /// Do not wait for Enter between the fronts and backs of a manual duplex.
    pub yes: bool,
}

/// Where the poet sees what happens, and answers.
pub trait Console {
    /// Warnings from compiling the book.
    fn warnings(&mut self, warnings: &[Diagnostic]);
    /// A line or a paragraph.
    fn say(&mut self, text: &str);
    /// A progress line that replaces the previous one.
    fn progress(&mut self, line: &str);
    /// Waits until the poet is ready (Enter); false when they are not (input closed).
    fn ready(&mut self, prompt: &str) -> bool;
    /// Called with true just before a job is sent and false when it has ended: while a job
    /// runs, Ctrl-C must cancel it rather than end the program.
    fn in_job(&mut self, running: bool);
    /// Whether the poet asked to stop (Ctrl-C) while a job ran.
    fn stopped(&self) -> bool;
}

/// The sheet named by a PWG media keyword, when chapbook imposes on it (from the paper
/// registry).
fn sheet_for_media(media: &str) -> Option<&'static str> {
    crate::paper::by_pwg(media).filter(|p| p.is_sheet()).map(|p| p.name)
}

fn user_name() -> String {
    ["USER", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "chapbook".into())
}

/// Everything decided before the first job goes out.
struct Plan {
    /// The printer and what it said; None in a dry run that no printer answered.
    printer: Option<(printer::Target, attributes::Capabilities)>,
    /// Why a dry run plans without a printer.
    no_printer: Option<String>,
    booklet: booklet::Booklet,
    /// The paper in words ("A4") and why it was chosen.
    paper: String,
    why: &'static str,
    passes: Vec<duplex::Pass>,
    specs: Vec<job::JobSpec>,
}

/// Compiles, imposes, checks the printer and prints (or, with `dry_run`, says what it
/// would send).
pub fn run(opts: &PrintOptions, console: &mut dyn Console) -> Result<(), Vec<Diagnostic>> {
    let plan = plan(opts, console)?;
    describe(&plan, opts, console);
    if opts.dry_run {
        console.say("dry run: nothing was sent");
        return Ok(());
    }
    send(&plan, opts, console)
}

/// Compiles and imposes the book, asks the printer, checks, and splits the booklet into jobs.
fn plan(opts: &PrintOptions, console: &mut dyn Console) -> Result<Plan, Vec<Diagnostic>> {
    let compiled = crate::build::compile(&opts.project, opts.page_size.as_deref()).map_err(|e| e.diagnostics)?;
    console.warnings(&compiled.warnings);

    let impose_on = |name: &str| -> Result<booklet::Booklet, Vec<Diagnostic>> {
        let sheet = Sheet::parse(name).map_err(|e| vec![Diagnostic::error(format!("--sheet: {e}"))])?;
        booklet::impose(&compiled, sheet).map_err(|d| vec![d])
    };
    // A sheet named on the command line is imposed before any printer is asked, so a book
    // that does not fit it stops at once, whatever the printer.
    let asked = opts.sheet.as_deref().map(impose_on).transpose()?;
    // A dry run plans without a printer when none answers: the sheets, sides, media and
    // duplex are the book's and the options', not the printer's.
    let asked_printer = printer::resolve(opts.printer.as_deref()).and_then(|t| {
        let caps = printer::capabilities(&t)?;
        Ok((t, caps))
    });
    let (found, no_printer) = match asked_printer {
        Ok(p) => (Some(p), None),
        Err(d) if opts.dry_run => (None, Some(d.message.to_string())),
        Err(d) => return Err(vec![d]),
    };
    let default = found.as_ref().and_then(|(_, caps)| caps.media_default.as_deref().and_then(sheet_for_media));
    let (sheet_name, why) = match (&opts.sheet, default) {
        (Some(s), _) => (s.clone(), "--sheet"),
        (None, Some(s)) => (s.to_string(), "the printer's default paper"),
        (None, None) if found.is_none() => ("a4".to_string(), "no --sheet and no printer to ask"),
        (None, None) => ("a4".to_string(), "no --sheet; the printer's default is none chapbook imposes on"),
    };
    let booklet = match asked {
        Some(b) => b,
        None => impose_on(&sheet_name)?,
    };
    let media = attributes::media_for(booklet.sheet_size());
    let media = media.as_str();
    if let Some((_, caps)) = &found {
        attributes::check(caps, media, opts.copies).map_err(|d| vec![d])?;
        if let Some(w) = attributes::loaded(caps, media) {
            console.warnings(&[w]);
        }
    }
    // Without a printer, `auto` plans the two-sided job a duplexer prints.
    let printer_duplex = found.as_ref().is_none_or(|(_, caps)| caps.short_edge_duplex());
    let scaling_none = found.as_ref().is_some_and(|(_, caps)| caps.scaling_none());

    let n = booklet.side_count();
    let (first, last) = opts.pages.unwrap_or((1, n));
    if last > n {
        return Err(vec![Diagnostic::error(format!(
            "--pages {first}-{last}: the booklet has {n} sheet sides ({} sheets)",
            n / 2
        ))]);
    }
    let selected: Vec<usize> = (first - 1..last).collect();
    let passes = duplex::passes(&selected, opts.duplex, printer_duplex, opts.copies).map_err(|d| vec![d])?;
    let user = user_name();
    let specs = passes
        .iter()
        .map(|p| job::JobSpec {
            name: match p.half {
                None => booklet.title.clone(),
                Some(Half::Fronts) => format!("{} (fronts)", booklet.title),
                Some(Half::Backs) => format!("{} (backs)", booklet.title),
            },
            media: media.to_string(),
            sides: p.sides_keyword,
            copies: p.copies,
            scaling_none,
            user: user.clone(),
        })
        .collect();
    Ok(Plan { printer: found, no_printer, paper: attributes::media_words(media), why, booklet, passes, specs })
}

/// The printer, the booklet, and each job's attributes and sheet sides.
fn describe(plan: &Plan, opts: &PrintOptions, console: &mut dyn Console) {
    match &plan.printer {
        Some((target, caps)) => {
            let state = if caps.state_reasons.is_empty() {
                caps.state.clone()
            } else {
                let reasons: Vec<String> = caps.state_reasons.iter().map(|r| job::reason_words(r)).collect();
                format!("{} ({})", caps.state, reasons.join(", "))
            };
            let what = if caps.name.is_empty() { &caps.model } else { &caps.name };
            let duplex = if caps.short_edge_duplex() { "prints two-sided" } else { "prints one side only" };
            console.say(&format!("printer {} ({}): {what}, {state}, {duplex}", target.uri, target.found));
        }
        None => console.say(&format!(
            "printer: none answered ({}); the plan below is the book's, and a printer is checked when it is sent",
            plan.no_printer.as_deref().unwrap_or("dry run")
        )),
    }
    let n = plan.booklet.side_count();
    let media = plan.specs.first().map_or(String::new(), |s| format!(", media {}", s.media));
    console.say(&format!(
        "booklet {} pages on {} sheets of {} ({}{media}), {n} sheet sides",
        plan.booklet.pages,
        n / 2,
        plan.paper,
        plan.why
    ));
    if plan.passes.iter().any(|p| p.half.is_some()) && opts.duplex != Duplex::Manual {
        console.say("the printer cannot print two-sided: manual duplex (fronts, then you turn the stack, then backs)");
    }
    for (i, (pass, spec)) in plan.passes.iter().zip(&plan.specs).enumerate() {
        let pages: Vec<String> = pass
            .sides
            .iter()
            .map(|&s| match plan.booklet.pages_on(s) {
                Some((l, r)) => format!("{} ({l}|{r})", s + 1),
                None => (s + 1).to_string(),
            })
            .collect();
        let mut text = format!("job {} of {}: sheet sides {}\n", i + 1, plan.passes.len(), pages.join(", "));
        for (k, v) in spec.attributes() {
            text += &format!("  {k} = {v}\n");
        }
        console.say(text.trim_end());
    }
}

/// Sends the jobs one after the other, each followed to its end, with the turn of the
/// stack between the halves of a manual duplex; then the folding instructions.
fn send(plan: &Plan, opts: &PrintOptions, console: &mut dyn Console) -> Result<(), Vec<Diagnostic>> {
    for (pass, spec) in plan.passes.iter().zip(&plan.specs) {
        if pass.half == Some(Half::Backs) {
            // The front of the first sheet in the stack, whichever job printed it.
            let top = pass.sides.first().and_then(|&s| plan.booklet.pages_on(s - 1)).unwrap_or((0, 0));
            if plan.passes[0].half == Some(Half::Fronts) {
                console.say(&instructions::turn_over(pass.sides.len(), &plan.paper, top));
            } else {
                console.say(&instructions::backs_only(pass.sides.len(), &plan.paper, top));
            }
            if !opts.yes && !console.ready("Press Enter to print the backs (Ctrl-C stops) ") {
                return Err(vec![Diagnostic::error("stopped before the backs were printed")]);
            }
        }
        let pdf = plan.booklet.pdf_of(&pass.sides).map_err(|d| vec![d])?;
        console.in_job(true);
        let Some((target, _)) = &plan.printer else {
            return Err(vec![Diagnostic::error("no printer answered: nothing was sent")]);
        };
        let done = job::submit(&target.uri, spec, pdf)
            .map_err(|d| vec![d])
            .and_then(|id| follow(&target.uri, id, spec, console));
        console.in_job(false);
        done?;
    }
    if opts.pages.is_none() {
        console.say(&instructions::folding(plan.booklet.pages, opts.copies));
    }
    Ok(())
}

/// Follows job `id` with a progress line until it ends.
fn follow(
    uri: &ipp::prelude::Uri,
    id: i32,
    spec: &job::JobSpec,
    console: &mut dyn Console,
) -> Result<(), Vec<Diagnostic>> {
    console.progress(&format!("job {id} ({}): sent", spec.name));
    // The stop check and the progress callback both use the console, one at a time.
    let console = std::cell::RefCell::new(console);
    let result = job::follow(uri, id, &spec.user, &|| console.borrow().stopped(), &mut |p| {
        let sheets = p.sheets.map(|s| format!(", {s} sheet{}", if s == 1 { "" } else { "s" })).unwrap_or_default();
        let reasons: Vec<String> = p.reasons.iter().map(|r| job::reason_words(r)).collect();
        let reasons = if reasons.is_empty() { String::new() } else { format!(" ({})", reasons.join(", ")) };
        console.borrow_mut().progress(&format!("job {id} ({}): {}{sheets}{reasons}", spec.name, p.state));
    });
    let console = console.into_inner();
    console.say("");
    result.map(|_| ()).map_err(|d| vec![d])
}
