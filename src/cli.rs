//! The `chapbook` command line: parses the arguments and calls the library — the build,
//! check and backends every embedder has, and the loops only the command has (`watch`,
//! `serve`, `print`, `new`, a check at every size), which are not public API. The binary
//! (`src/main.rs`) is one call to [`run`].

use crate::build::{BuildOptions, BuildReport, build, check};
use crate::diag::{self, Diagnostic};
use crate::impose::{Creep, Fit, ImposeOptions, Sheet};
use crate::units::parse_paper_length;
use clap::{CommandFactory, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "chapbook", version, about = "Typesets a poem and its text-art diagrams into a print-ready PDF")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct BuildArgs {
    /// The project folder (holds layout/book.toml, the section files and fonts/).
    #[arg(long, default_value = ".")]
    project: PathBuf,
    /// Where to write the PDF (default: PROJECT/output/chapbook.pdf; with --page-size X,
    /// PROJECT/output/chapbook-X.pdf). A folder (ending in `/`, or existing) gets that name.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Page size preset or WxH, overriding book.toml (a5, a6, half-letter, quarter-letter, 5x8in, 6x9in, 140mmx216mm).
    #[arg(long)]
    page_size: Option<String>,
    /// Write PDF/X-1a:2001 (PDF 1.3, output intent, dates from SOURCE_DATE_EPOCH).
    #[arg(long)]
    pdfx: bool,
    /// Add crop marks outside the bleed (print-on-demand services usually reject them);
    /// with --impose, also crop, fold and slug marks on the sheets.
    #[arg(long)]
    marks: bool,
    /// Also write the printer's sheets beside the PDF as NAME-imposed.pdf (by default
    /// PROJECT/output/chapbook-imposed.pdf): a saddle-stitched booklet, or signatures.
    #[arg(long, value_parser = ["saddle", "signatures"])]
    impose: Option<String>,
    /// Sheet for imposition: a4 (the default), a3, sra4, sra3, letter, legal, tabloid,
    /// 12x18in, 13x19in, spread (two pages plus bleed and marks) or WxH such as 330x480mm.
    /// Only with --impose.
    #[arg(long, requires = "impose")]
    sheet: Option<String>,
    /// Paper thickness for creep compensation in imposition, e.g. 0.1mm (default 0mm). Only
    /// with --impose.
    #[arg(long, requires = "impose")]
    paper_thickness: Option<String>,
    /// Which way creep moves pages: in (outer sheet fixed, inner pages toward the spine),
    /// out (innermost fixed) or balanced. Only with --impose.
    #[arg(long, default_value = "in", value_parser = ["in", "out", "balanced"], requires = "impose")]
    creep: String,
    /// When the pages do not fit the sheet: exact (stop with an error) or shrink (scale
    /// down). Only with --impose.
    #[arg(long, default_value = "exact", value_parser = ["exact", "shrink"], requires = "impose")]
    fit: String,
    /// Sheets folded into each signature, with --impose signatures.
    #[arg(long, default_value_t = 4, requires = "impose")]
    sheets_per_signature: usize,
    /// Follow a print service's rules: ingramspark, lulu, kdp or offset (sets bleed,
    /// marks and boxes; a broken rule stops the build). Overrides `[print] target`.
    #[arg(long)]
    target: Option<String>,
    /// How the book is bound, for the service's page and trim rules: saddle or perfect.
    /// Overrides `[print] binding`.
    #[arg(long, value_parser = ["saddle", "perfect"])]
    binding: Option<String>,
    /// Keep the book's bookmarks in the imposed sheets (left out by default: a print
    /// file needs none). Only with --impose.
    #[arg(long, requires = "impose")]
    bookmarks: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    deny_warnings: bool,
    /// Print nothing on success.
    #[arg(short, long)]
    quiet: bool,
    /// Print the build summary as JSON; on failure `{"ok": false, "diagnostics": [...]}`.
    #[arg(long)]
    json: bool,
    /// What to write: `pdf`, `svg` (one SVG per page in PROJECT/output/svg/, or in the
    /// folder given with -o), or `epub` (a fixed-layout EPUB 3, PROJECT/output/chapbook.epub;
    /// with --page-size X, chapbook-X.epub).
    #[arg(long, value_parser = ["pdf", "svg", "epub"], default_value = "pdf")]
    format: String,
}

/// Each verb's examples, one to a line (clap rewraps doc comments, so they are kept here).
const BUILD_EXAMPLES: &str = "Examples:
  chapbook build
  chapbook build --project my-poem --page-size a6 -o /tmp/poem.pdf
  chapbook build --pdfx --impose saddle --sheet a4 --paper-thickness 0.1mm";
const CHECK_EXAMPLES: &str = "Examples:
  chapbook check
  chapbook check --project my-poem --page-size a6 --deny-warnings
  chapbook check --page-size all
  chapbook check --pdf printer.pdf --target kdp
  chapbook check --target kdp --rules
  chapbook check --json";
const NEW_EXAMPLES: &str = "Example:
  chapbook new my-poem && chapbook build --project my-poem";
const WATCH_EXAMPLES: &str = "Example:
  chapbook watch --project my-poem";
const PREVIEW_EXAMPLES: &str = "Example:
  chapbook preview --pages 3-5 --dpi 100";
const SERVE_EXAMPLES: &str = "Examples:
  chapbook serve --project my-poem --open
  chapbook serve --page-size a5,a6,6x9in --port 8000";
const PRINT_EXAMPLES: &str = "Examples:
  chapbook print --list
  chapbook print --printer Office --sheet a4 --dry-run
  chapbook print --printer ipp://printer.local/ipp/print --duplex manual";
const COVER_EXAMPLES: &str = "Examples:
  chapbook cover
  chapbook cover --binding perfect --target kdp -o /tmp/cover.pdf
  chapbook check --pdf output/chapbook-cover.pdf --target kdp";
const COMPLETIONS_EXAMPLES: &str = "Example:
  chapbook completions bash > /etc/bash_completion.d/chapbook";

#[derive(clap::Args)]
struct PrintArgs {
    /// The project folder.
    #[arg(long, default_value = ".")]
    project: PathBuf,
    /// Page size preset or WxH, overriding book.toml.
    #[arg(long)]
    page_size: Option<String>,
    /// An ipp:// address or a CUPS queue name (default: the CUPS default printer).
    #[arg(long)]
    printer: Option<String>,
    /// Paper: a4, letter, legal, tabloid, a3, sra4, sra3, 12x18in, 13x19in or WxH (default:
    /// the printer's default paper, else a4).
    #[arg(long)]
    sheet: Option<String>,
    /// Copies of the booklet.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=999))]
    copies: u32,
    /// auto (two-sided when the printer can, else manual), short-edge or manual.
    #[arg(long, default_value = "auto", value_parser = ["auto", "short-edge", "manual"])]
    duplex: String,
    /// Sheet sides of the imposed booklet to print, 1-based: `3` or `3-4` (default: all).
    #[arg(long)]
    pages: Option<String>,
    /// Show the plan (printer, sheets, media, duplex, the pages of each job) and send
    /// nothing; plans without a printer when none answers.
    #[arg(long)]
    dry_run: bool,
    /// Do not wait for Enter before the backs of a manual duplex.
    #[arg(long)]
    yes: bool,
    /// List the CUPS queues with their state and whether they print two-sided.
    #[arg(long)]
    list: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the chapbook PDF.
    #[command(after_help = BUILD_EXAMPLES)]
    Build(BuildArgs),
    /// Check the whole project (spec, fonts, layout fit) and report every problem, without
    /// writing a PDF. Exits 0 when it would build, 1 when not.
    #[command(after_help = CHECK_EXAMPLES)]
    Check {
        /// The project folder (holds layout/book.toml, the section files and fonts/).
        #[arg(long, default_value = ".")]
        project: PathBuf,
        /// Page size preset or WxH, overriding book.toml; `all` or a list (`a5,a6,6x9in`)
        /// checks every size named and prints a table per size.
        #[arg(long)]
        page_size: Option<String>,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
        /// Preflight this PDF on its own (any PDF, imposed sheets too; no project needed)
        /// instead of the one the project would write now.
        #[arg(long)]
        pdf: Option<PathBuf>,
        /// Also hold the file to the PDF/X-1a:2001 rules (default: as book.toml says).
        #[arg(long)]
        pdfx: bool,
        /// Print the preflight report as JSON; on failure `{"ok": false, "diagnostics": [...]}`.
        #[arg(long)]
        json: bool,
        /// Hold the book (or the --pdf file) to a print service's rules: ingramspark, lulu,
        /// kdp or offset.
        #[arg(long)]
        target: Option<String>,
        /// Print the rules of --target (or of every service) with their sources, and stop.
        #[arg(long)]
        rules: bool,
        /// How the book is bound, for the service's page rules: saddle or perfect.
        /// Overrides `[print] binding`.
        #[arg(long, value_parser = ["saddle", "perfect"])]
        binding: Option<String>,
    },
    /// Create a new chapbook project that builds at once.
    #[command(after_help = NEW_EXAMPLES)]
    New {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Rebuild on every save of the layout or fonts; the last good PDF stays in place.
    #[command(after_help = WATCH_EXAMPLES)]
    Watch(BuildArgs),
    /// Render pages to PNG in PROJECT/output/preview/ with a contact sheet (contact.png).
    #[command(after_help = PREVIEW_EXAMPLES)]
    Preview {
        /// The project folder.
        #[arg(long, default_value = ".")]
        project: PathBuf,
        /// Pages to render, 1-based: `4` or `3-5` (default: all).
        #[arg(long)]
        pages: Option<String>,
        /// Resolution in dots per inch.
        #[arg(long, default_value_t = 100.0)]
        dpi: f32,
        /// Page size preset or WxH, overriding book.toml.
        #[arg(long)]
        page_size: Option<String>,
        /// Print nothing on success.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Show the book live in the browser: spreads, every size side by side, rebuilt on save.
    #[command(after_help = SERVE_EXAMPLES)]
    Serve {
        /// The project folder.
        #[arg(long, default_value = ".")]
        project: PathBuf,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 7777)]
        port: u16,
        /// The address to listen on. Only loopback unless you say otherwise: anyone who can
        /// reach another address can read the book.
        #[arg(long, default_value = "127.0.0.1")]
        host: std::net::IpAddr,
        /// Sizes to show beside the book's own, comma-separated (default: a6,6x9in).
        #[arg(long, value_delimiter = ',')]
        page_size: Vec<String>,
        /// Open the page in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Print the booklet on a printer over IPP (CUPS or a network printer), ready to fold
    /// and staple: imposed for the sheet, two-sided short-edge (or manual duplex), actual size.
    #[command(after_help = PRINT_EXAMPLES)]
    Print(PrintArgs),
    /// Make the cover PDF: back and front (saddle stitch: outside and inside spreads) or
    /// back | spine | front (perfect binding), from `[cover]` in book.toml.
    #[command(after_help = COVER_EXAMPLES)]
    Cover {
        /// The project folder.
        #[arg(long, default_value = ".")]
        project: PathBuf,
        /// Where to write the cover (default: PROJECT/output/chapbook-cover.pdf; with
        /// --page-size X, chapbook-cover-X.pdf). A folder (ending in `/`, or existing) gets that name.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Page size preset or WxH, overriding book.toml.
        #[arg(long)]
        page_size: Option<String>,
        /// Follow a print service's cover rules: ingramspark, lulu, kdp or offset.
        /// Overrides `[print] target`.
        #[arg(long)]
        target: Option<String>,
        /// saddle (stapled through the fold) or perfect (glued into a spine). Overrides
        /// `[cover] binding`; saddle when neither says.
        #[arg(long, value_parser = ["saddle", "perfect"])]
        binding: Option<String>,
        /// Print the summary as JSON; on failure `{"ok": false, "diagnostics": [...]}`.
        #[arg(long)]
        json: bool,
        /// Print nothing on success (warnings still go to stderr).
        #[arg(short, long)]
        quiet: bool,
    },
    /// Print shell completions.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
}

/// A reader that goes away (`chapbook build | head -1`) closes the pipe under the summary:
/// Rust ignores SIGPIPE, so the next `println!` panics with "failed printing to stdout:
/// Broken pipe". Whatever was to be written is done by then (files are written before the
/// summary), so the command ends quietly with 141, the status a shell gives a command
/// stopped by SIGPIPE, instead of a panic message; any other panic keeps the default report.
fn quiet_on_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to std") && message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}

/// Runs the `chapbook` command with the process's arguments and returns its exit status:
/// 0 done, 1 the input is wrong or the output cannot be written, 2 the command line is wrong.
pub fn run() -> ExitCode {
    quiet_on_broken_pipe();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    match cli.command {
        Command::Build(args) if args.format == "svg" => run_build_svg(&args),
        Command::Build(args) if args.format == "epub" => run_build_epub(&args),
        Command::Build(args) => run_build(&args),
        Command::Serve { project, port, host, page_size, open } => run_serve(project, port, host, page_size, open),
        Command::Watch(args) => run_watch(&args),
        Command::Preview { project, pages, dpi, page_size, quiet } => {
            run_preview(&project, pages.as_deref(), dpi, page_size.as_deref(), quiet)
        }
        Command::Check { project, page_size, deny_warnings, pdf, pdfx, json, target, rules, binding } => {
            let binding = binding.as_deref().and_then(|b| crate::targets::Binding::parse(b).ok());
            let service = match target.as_deref().map(crate::targets::find).transpose() {
                Ok(t) => t,
                Err(e) => return stop(&[Diagnostic::error(format!("--target: {e}"))], &project, 2, json, None),
            };
            if rules {
                match service {
                    Some(t) => print!("{}", t.describe()),
                    None => crate::targets::TARGETS.iter().for_each(|t| println!("{}", t.describe())),
                }
                return ExitCode::SUCCESS;
            }
            if let Some(sizes) = page_size.as_deref().filter(|s| crate::sizes::is_several(s)) {
                let base = BuildOptions::new(&project).with(|o| (o.target, o.binding) = (target.clone(), binding));
                return run_check_sizes(&base, sizes, deny_warnings, json);
            }
            if let Some(Err(e)) = page_size.as_deref().map(crate::spec::page_size) {
                let d = Diagnostic::error(format!("--page-size: {e}"));
                return stop(&[d], &project, 2, json, Some("nothing was checked"));
            }
            if let Some(file) = pdf {
                let trim = page_size.as_deref().map(|s| crate::spec::page_size(s).unwrap_or_default());
                return run_check_file(&file, pdfx, json, trim, service, binding);
            }
            run_check(&project, page_size.as_deref(), deny_warnings, CheckPdf { pdfx, json, target, binding })
        }
        Command::New { dir } => run_new(&dir),
        Command::Cover { project, output, page_size, target, binding, json, quiet } => {
            let binding = binding.as_deref().map(|b| crate::targets::Binding::parse(b).expect("clap checked it"));
            run_cover(crate::cover::CoverOptions { project, output, page_size, target, binding }, json, quiet)
        }
        Command::Print(args) => run_print(&args),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "chapbook", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
    }
}

/// Prints clap's error (or help, or version) with a note in words where clap's is terse,
/// and as JSON too when `--json` was asked for; exit status 2 for a usage error.
fn usage_error(e: &clap::Error) -> ExitCode {
    let _ = e.print();
    // `requires = "impose"`: say what the option is for, in words.
    let text = e.to_string();
    let note = (e.kind() == clap::error::ErrorKind::MissingRequiredArgument && text.contains("--impose <")).then_some(
        "that option sets up the imposed booklet, which only --impose saddle makes: add --impose \
         saddle, or leave the option out",
    );
    if let Some(note) = note {
        eprintln!("\nnote: {note}");
    }
    if !e.use_stderr() {
        return ExitCode::SUCCESS;
    }
    // `--json` was asked for: the usage error is machine-readable too.
    if std::env::args().skip(1).take_while(|a| a != "--").any(|a| a == "--json") {
        let head: Vec<&str> = text.lines().take_while(|l| !l.trim().is_empty()).map(str::trim).collect();
        let message = head.join(" ").trim_start_matches("error: ").to_string();
        let usage = text.lines().find(|l| l.starts_with("Usage:")).unwrap_or("");
        let d = Diagnostic::error(message).note(note.unwrap_or(usage));
        println!("{}", crate::json::failure(&[d], Path::new(".")));
    }
    ExitCode::from(2)
}

/// `chapbook new DIR`: a project to start from.
fn run_new(dir: &Path) -> ExitCode {
    match crate::scaffold::new_project(dir) {
        Ok(files) => {
            // Quoted when the shell would split it, so the line can be pasted as it is.
            let shown = dir.display().to_string();
            let arg = if shown.contains(|c: char| c.is_whitespace() || "'\"$&;|<>()*?".contains(c)) {
                format!("'{}'", shown.replace('\'', "'\\''"))
            } else {
                shown.clone()
            };
            println!("created {shown} with {} files; build it with: chapbook build --project {arg}", files.len());
            ExitCode::SUCCESS
        }
        Err(d) => stop(&[d], Path::new("."), 1, false, None),
    }
}

fn build_options(args: &BuildArgs) -> Result<BuildOptions, Diagnostic> {
    if let Some(size) = &args.page_size {
        crate::spec::page_size(size).map_err(|e| Diagnostic::error(format!("--page-size: {e}")))?;
    }
    // A service the command line names that does not exist is a wrong command line, as
    // an unknown page size is (exit 2), not a problem of the book.
    if let Some(t) = &args.target {
        crate::targets::find(t).map_err(|e| Diagnostic::error(format!("--target: {e}")))?;
    }
    if let Some(d) = other_format(args.output.as_deref(), "build", "a PDF") {
        return Err(d);
    }
    // clap refuses --sheet and --paper-thickness without --impose (`requires`).
    let impose = match &args.impose {
        None => None,
        Some(_) => {
            let sheet = Sheet::parse(args.sheet.as_deref().unwrap_or("a4"))
                .map_err(|e| Diagnostic::error(format!("--sheet: {e}")))?;
            let thickness = args.paper_thickness.as_deref().unwrap_or("0mm");
            let t = parse_paper_length(thickness).map_err(|e| Diagnostic::error(format!("--paper-thickness: {e}")))?;
            if !(0.0..=2.0).contains(&t) {
                return Err(Diagnostic::error(format!(
                    "--paper-thickness `{thickness}` is not a sheet's thickness: give one up to 0.7mm, such as 0.1mm"
                )));
            }
            let signatures = args.impose.as_deref() == Some("signatures");
            if signatures && args.sheets_per_signature == 0 {
                return Err(Diagnostic::error("--sheets-per-signature must be 1 or more"));
            }
            Some(ImposeOptions {
                sheet,
                paper_thickness: t,
                creep: Creep::parse(&args.creep).unwrap_or_default(),
                marks: args.marks,
                fit: if args.fit == "shrink" { Fit::Shrink } else { Fit::Exact },
                bleed: 0.0,
                sheets_per_signature: if signatures { args.sheets_per_signature } else { 0 },
            })
        }
    };
    Ok(BuildOptions {
        project: args.project.clone(),
        output: into_folder(&args.output, crate::build::default_output(&args.project, args.page_size.as_deref())),
        page_size: args.page_size.clone(),
        pdfx: args.pdfx.then_some(true),
        marks: args.marks.then_some(true),
        impose,
        deny_warnings: args.deny_warnings,
        target: args.target.clone(),
        binding: args.binding.as_deref().and_then(|b| crate::targets::Binding::parse(b).ok()),
        imposed_bookmarks: args.bookmarks,
    })
}

fn run_build(args: &BuildArgs) -> ExitCode {
    let fail = |diags: &[Diagnostic], code| stop(diags, &args.project, code, args.json, Some("no PDF was written"));
    let opts = match build_options(args) {
        Ok(o) => o,
        Err(d) => return fail(&[d], 2),
    };
    match build(&opts) {
        Ok(report) => {
            if !report.warnings.is_empty() {
                eprint!("{}", diag::render(&report.warnings, &args.project));
            }
            if args.json {
                println!("{}", json(&report, &args.project));
            } else if !args.quiet {
                print!("{}", summary(&report));
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.diagnostics, 1),
    }
}

/// The first flag given that only the printed PDF has (`--impose`, `--pdfx`, `--marks`,
/// `--target`), as an error for `--format FORMAT`, which writes `what`: refused rather
/// than left out without a word.
fn pdf_only_flag(args: &BuildArgs, pdf: &str, format: &str, what: &str) -> Option<Diagnostic> {
    let pdf_only = [
        (args.impose.is_some(), "--impose"),
        (args.pdfx, "--pdfx"),
        (args.marks, "--marks"),
        (args.target.is_some(), "--target"),
    ];
    let (_, flag) = pdf_only.iter().find(|(given, _)| *given)?;
    Some(
        Diagnostic::error(format!("{flag} is for {pdf}, and --format {format} writes {what}"))
            .note(format!("build the PDF for print (leave --format {format} out), or leave {flag} out")),
    )
}

/// `build --format svg`: one SVG per page, each item tagged with where it came from.
fn run_build_svg(args: &BuildArgs) -> ExitCode {
    let fail = |diags: &[Diagnostic], code| stop(diags, &args.project, code, args.json, Some("no SVG was written"));
    if let Some(Err(e)) = args.page_size.as_deref().map(crate::spec::page_size) {
        return fail(&[Diagnostic::error(format!("--page-size: {e}"))], 2);
    }
    if let Some(d) = pdf_only_flag(args, "the PDF", "svg", "web pages") {
        return fail(&[d], 2);
    }
    if args.output.as_ref().and_then(|o| o.extension()).is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
        let d = Diagnostic::error("with --format svg, -o names the folder for the SVG pages, not a PDF")
            .note("give a folder, e.g. -o output/svg");
        return fail(&[d], 2);
    }
    let start = std::time::Instant::now();
    let c = match crate::build::compile(&args.project, args.page_size.as_deref()) {
        Ok(c) => c,
        Err(d) => return fail(&d, 1),
    };
    if args.deny_warnings && !c.warnings.is_empty() {
        return fail(&crate::build::deny_warnings(c.warnings), 1);
    }
    if !c.warnings.is_empty() {
        eprint!("{}", diag::render(&c.warnings, &args.project));
    }
    let dir = args.output.clone().unwrap_or_else(|| args.project.join("output").join("svg"));
    let spans = crate::serve::refine_spans(&c.book, &c.document, &c.sources);
    match crate::svg::write_pages(&c.document, &dir, Some((&spans, &args.project))) {
        Ok(files) => {
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            if args.json {
                #[derive(serde::Serialize)]
                struct Written<'a> {
                    ok: bool,
                    output: std::borrow::Cow<'a, str>,
                    pages: usize,
                    ms: crate::json::Num,
                    diagnostics: Vec<crate::json::JsonDiagnostic<'a>>,
                }
                let written = Written {
                    ok: true,
                    output: dir.to_string_lossy(),
                    pages: files.len(),
                    ms: crate::json::Num(ms as f32),
                    diagnostics: crate::json::diagnostics(&c.warnings, &args.project),
                };
                println!("{}", crate::json::to_string(&written));
            } else if !args.quiet {
                println!("wrote {} SVG pages to {} in {ms:.1} ms", files.len(), dir.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e, 1),
    }
}

/// `build --format epub`: the EPUB 3 edition.
fn run_build_epub(args: &BuildArgs) -> ExitCode {
    let fail = |diags: &[Diagnostic], code| stop(diags, &args.project, code, args.json, Some("no EPUB was written"));
    if let Some(Err(e)) = args.page_size.as_deref().map(crate::spec::page_size) {
        return fail(&[Diagnostic::error(format!("--page-size: {e}"))], 2);
    }
    if let Some(d) = pdf_only_flag(args, "the printed PDF", "epub", "an e-book") {
        return fail(&[d], 2);
    }
    if args
        .output
        .as_ref()
        .filter(|o| !is_folder(o))
        .and_then(|o| o.extension())
        .is_some_and(|e| !e.eq_ignore_ascii_case("epub"))
    {
        let d = Diagnostic::error("with --format epub, -o names the .epub file to write")
            .note("give a file ending in .epub, e.g. -o output/chapbook.epub");
        return fail(&[d], 2);
    }
    let start = std::time::Instant::now();
    let opts = crate::build::BuildOptions {
        project: args.project.clone(),
        output: into_folder(
            &args.output,
            crate::build::default_file(&args.project, args.page_size.as_deref(), None, "epub"),
        ),
        page_size: args.page_size.clone(),
        deny_warnings: args.deny_warnings,
        ..Default::default()
    };
    match crate::build::build_epub(&opts) {
        Ok(r) => {
            if !r.warnings.is_empty() && !args.json {
                eprint!("{}", diag::render(&r.warnings, &args.project));
            }
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            if args.json {
                #[derive(serde::Serialize)]
                struct Written<'a> {
                    ok: bool,
                    output: std::borrow::Cow<'a, str>,
                    pages: usize,
                    bytes: usize,
                    ms: crate::json::Num,
                    diagnostics: Vec<crate::json::JsonDiagnostic<'a>>,
                }
                let written = Written {
                    ok: true,
                    output: r.output.to_string_lossy(),
                    pages: r.pages,
                    bytes: r.bytes,
                    ms: crate::json::Num(ms as f32),
                    diagnostics: crate::json::diagnostics(&r.warnings, &args.project),
                };
                println!("{}", crate::json::to_string(&written));
            } else if !args.quiet {
                println!("wrote {} ({} pages, {} bytes) in {ms:.1} ms", r.output.display(), r.pages, r.bytes);
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.diagnostics, 1),
    }
}

fn run_serve(project: PathBuf, port: u16, host: std::net::IpAddr, sizes: Vec<String>, open: bool) -> ExitCode {
    let sizes: Vec<String> = if sizes.is_empty() {
        crate::serve::DEFAULT_SIZES.iter().map(|s| s.to_string()).collect()
    } else {
        sizes.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
    };
    let not_started = |d: Diagnostic, code: u8| {
        eprint!("{}", diag::render(&[d], &project));
        eprintln!("error: chapbook serve did not start");
        ExitCode::from(code)
    };
    for s in &sizes {
        if let Err(e) = crate::spec::page_size(s) {
            return not_started(Diagnostic::error(format!("--page-size: {e}")), 2);
        }
    }
    let opts = crate::serve::ServeOptions { project: project.clone(), host, port, sizes };
    let running = match crate::serve::start(&opts) {
        Ok(r) => r,
        Err(e) => {
            return not_started(Diagnostic::error(e).note("choose another port with --port N (0: any free port)"), 1);
        }
    };
    let url = running.url();
    println!("serving {} at {url} (Ctrl-C stops)", project.display());
    if !host.is_loopback() {
        eprintln!("warning: listening on {host}: anyone who can reach this address can read the book");
    }
    if open && let Err(e) = std::process::Command::new("xdg-open").arg(&url).spawn() {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
    running.wait();
    ExitCode::SUCCESS
}

fn run_preview(project: &Path, pages: Option<&str>, dpi: f32, page_size: Option<&str>, quiet: bool) -> ExitCode {
    use crate::preview;
    let fail = |diags: &[Diagnostic], code| stop(diags, project, code, false, Some("no image was written"));
    let range = match pages.map(preview::parse_page_range).transpose() {
        Ok(r) => r,
        Err(e) => return fail(&[Diagnostic::error(format!("--pages: {e}"))], 2),
    };
    if !(10.0..=1200.0).contains(&dpi) {
        return fail(&[Diagnostic::error(format!("--dpi {dpi} is outside 10 to 1200"))], 2);
    }
    if let Some(Err(e)) = page_size.map(crate::spec::page_size) {
        return fail(&[Diagnostic::error(format!("--page-size: {e}"))], 2);
    }
    let compiled = match crate::build::compile(project, page_size) {
        Ok(c) => c,
        Err(d) => return fail(&d, 1),
    };
    let dir = project.join("output").join("preview");
    match preview::write_previews(&compiled.document, &dir, range, &preview::RasterOptions { dpi }) {
        Ok(files) => {
            if !quiet {
                println!("wrote {} images to {} (contact sheet: contact.png)", files.len(), dir.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&[Diagnostic::error(e.to_string())], 1),
    }
}

fn run_watch(args: &BuildArgs) -> ExitCode {
    let fail = |diags: &[Diagnostic], code| stop(diags, &args.project, code, false, Some("nothing is watched"));
    let opts = match build_options(args) {
        Ok(o) => o,
        Err(d) => return fail(&[d], 2),
    };
    println!("watching {} (layout/ and fonts/); Ctrl-C stops", args.project.display());
    // Each build's line starts with the time and the save that started it:
    // `14:03:07 layout/01-one.toml changed: built …`.
    let base = std::fs::canonicalize(&args.project).unwrap_or_else(|_| args.project.clone());
    let head = |cause: Option<&Path>| {
        let when = crate::watch::clock();
        match cause {
            Some(c) => format!("{when} {} changed: ", c.strip_prefix(&base).unwrap_or(c).display()),
            None => format!("{when} "),
        }
    };
    let result = crate::watch::watch_with_causes(
        &opts,
        |cause, event| match event {
            crate::watch::Event::Built(r) => {
                println!(
                    "{}built {} in {:.1} ms: {} pages, {} warning{}",
                    head(cause),
                    r.output.display(),
                    r.seconds * 1000.0,
                    r.pages,
                    r.warnings.len(),
                    if r.warnings.len() == 1 { "" } else { "s" }
                );
                if !r.warnings.is_empty() {
                    eprint!("{}", diag::render(&r.warnings, &args.project));
                }
            }
            crate::watch::Event::Failed(e) => {
                println!("{}build failed; the last good PDF is unchanged", head(cause));
                eprint!("{}", diag::render(&e.diagnostics, &args.project));
            }
        },
        || false,
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&[Diagnostic::error(e)], 1),
    }
}

/// How `check` preflights the PDF the project would write.
struct CheckPdf {
    pdfx: bool,
    json: bool,
    target: Option<String>,
    binding: Option<crate::targets::Binding>,
}

fn run_check(project: &Path, page_size: Option<&str>, deny_warnings: bool, what: CheckPdf) -> ExitCode {
    let fail = |diags: &[Diagnostic]| stop(diags, project, 1, what.json, Some("the project would not build"));
    let opts = BuildOptions::new(project).with(|o| {
        o.page_size = page_size.map(str::to_string);
        o.target = what.target.clone();
        o.binding = what.binding;
    });
    let report = match check(&opts) {
        Ok(report) => report,
        Err(e) => return fail(&e.diagnostics),
    };
    if deny_warnings && !report.warnings.is_empty() {
        return fail(&crate::build::deny_warnings(report.warnings));
    }
    if !report.warnings.is_empty() {
        eprint!("{}", diag::render(&report.warnings, project));
    }
    if !what.json {
        println!("project: ok ({} pages)", report.pages);
        // What gave way (margins shrunk for the measure, widened for a service's safe
        // zone), as build's summary says it.
        for g in &report.layout.gave_way {
            println!("gave way: {g}");
        }
        for (family, chars) in &report.fallback_chars {
            let list: Vec<String> = chars.chars().map(|c| c.to_string()).collect();
            println!("fallback: {family} set {} character(s): {}", list.len(), list.join(" "));
        }
        for line in report.accessibility.lines() {
            println!("{line}");
        }
    }
    let rules = crate::preflight::Rules { pdfx: report.rules.pdfx || what.pdfx, ..report.rules.clone() };
    let pre = match crate::preflight::inspect(&report.pdf, &rules) {
        Ok(pre) => pre,
        Err(e) => return fail(&[Diagnostic::error(format!("preflight: {e}"))]),
    };
    if what.json {
        println!("{}", pre.to_json_with_diagnostics(&crate::json::diagnostics(&report.warnings, project)));
    } else {
        print!("{}", pre.table());
    }
    if !pre.ok() {
        eprintln!("error: the PDF breaks a print rule (see problems above)");
        return ExitCode::from(1);
    }
    if deny_warnings && !pre.problems.is_empty() {
        eprintln!("error: the PDF has print warnings (see above) and --deny-warnings was given");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// `check --page-size all` (or a list): a table (or JSON) per size; exit 1 when any size
/// fails to build, breaks a rule of the book or of print (or warns, with --deny-warnings).
fn run_check_sizes(base: &BuildOptions, sizes: &str, deny_warnings: bool, json: bool) -> ExitCode {
    use crate::sizes;
    let project = base.project.as_path();
    let sizes = match sizes::parse(sizes) {
        Ok(s) => s,
        Err(e) => return stop(&[Diagnostic::error(format!("--page-size: {e}"))], project, 2, json, None),
    };
    let checks = sizes::check_all(base, &sizes);
    if json {
        println!("{}", sizes::to_json(&checks, deny_warnings));
    } else {
        print!("{}", sizes::table(&checks, deny_warnings));
    }
    if checks.iter().all(|c| c.ok(deny_warnings)) { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// `check --pdf FILE`: the file alone, no project. The PDF/X rules apply when asked or
/// when the file claims PDF/X; `--page-size` gives the trim every page must have.
fn run_check_file(
    file: &Path,
    pdfx: bool,
    json: bool,
    trim: Option<(f32, f32)>,
    target: Option<&'static crate::targets::Target>,
    binding: Option<crate::targets::Binding>,
) -> ExitCode {
    let here = Path::new(".");
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(_) if file.is_dir() => {
            let d = Diagnostic::error(format!("{} is a folder, and --pdf checks one PDF file", file.display())).note(
                "give the file, e.g. --pdf output/chapbook.pdf (or `chapbook check --project DIR` for a project)",
            );
            return stop(&[d], here, 2, json, None);
        }
        Err(e) => {
            return stop(&[Diagnostic::error(format!("cannot read {}: {e}", file.display()))], here, 1, json, None);
        }
    };
    let pdfx = pdfx || target.is_some_and(|t| t.pdfx);
    let mut rules = crate::preflight::Rules {
        pdfx,
        expected_trim: trim,
        target,
        min_stroke: target.map_or(0.25, |t| t.min_line.max(0.25)),
        binding,
        ..Default::default()
    };
    let mut pre = crate::preflight::inspect(&bytes, &rules);
    if let Ok(r) = &pre
        && r.pdfx.is_some()
        && !pdfx
    {
        rules.pdfx = true;
        pre = crate::preflight::inspect(&bytes, &rules);
    }
    let pre = match pre {
        Ok(pre) => pre,
        Err(e) => {
            return stop(&[Diagnostic::error(format!("preflight of {}: {e}", file.display()))], here, 1, json, None);
        }
    };
    if json {
        println!("{}", pre.to_json());
    } else {
        println!("file: {}", file.display());
        print!("{}", pre.table());
    }
    if !pre.ok() {
        eprintln!("error: the PDF breaks a print rule (see problems above)");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// Reports why a command stopped: the diagnostics as text on stderr, then (when `after`
/// is given) `error: stopped with N errors; AFTER`, counting errors only; with `json`
/// also `{"ok":false,"diagnostics":[…]}` on stdout.
fn stop(diags: &[Diagnostic], base: &Path, code: u8, json: bool, after: Option<&str>) -> ExitCode {
    eprint!("{}", diag::render(diags, base));
    if let Some(after) = after {
        let n = diags.iter().filter(|d| d.is_error()).count();
        eprintln!("error: stopped with {n} error{}; {after}", if n == 1 { "" } else { "s" });
    }
    if json {
        println!("{}", crate::json::failure(diags, base));
    }
    ExitCode::from(code)
}

/// `chapbook cover`: the cover PDF and a summary of what it is.
/// Whether `-o PATH` names a folder: it ends in `/` or is an existing folder.
fn is_folder(path: &Path) -> bool {
    path.as_os_str().to_string_lossy().ends_with(std::path::is_separator) || path.is_dir()
}

/// An error when `-o` names a file of another of chapbook's formats (`.epub`, `.svg`,
/// `.png`) than the PDF `command` writes (`what`): it would be a PDF under a name that
/// says otherwise.
fn other_format(output: Option<&Path>, command: &str, what: &str) -> Option<Diagnostic> {
    let ext = output?.extension()?.to_str()?.to_ascii_lowercase();
    let hint = match ext.as_str() {
        "epub" if command == "build" => "add --format epub for the e-book, or give a file ending in .pdf".to_string(),
        "svg" if command == "build" => {
            "add --format svg (and -o a folder) for the SVG pages, or give a file ending in .pdf".to_string()
        }
        "png" | "jpg" | "jpeg" => {
            format!("`chapbook preview` makes PNG pictures of the pages; for {what}, give a file ending in .pdf")
        }
        "epub" | "svg" | "html" | "xhtml" => "give a file ending in .pdf".to_string(),
        _ => return None,
    };
    Some(Diagnostic::error(format!("-o names a .{ext} file, but `chapbook {command}` writes {what}")).note(hint))
}

/// `-o` as most tools read it: a folder (see [`is_folder`]) gets the file the command
/// would write by default (`chapbook.pdf`, `chapbook-a6.pdf`, `chapbook-cover.pdf` …),
/// made if it is missing; anything else is the file itself.
fn into_folder(output: &Option<PathBuf>, default: PathBuf) -> Option<PathBuf> {
    let o = output.as_ref()?;
    match default.file_name() {
        Some(name) if is_folder(o) => Some(o.join(name)),
        _ => Some(o.clone()),
    }
}

fn run_cover(mut opts: crate::cover::CoverOptions, json: bool, quiet: bool) -> ExitCode {
    opts.output = into_folder(&opts.output, crate::cover::default_output(&opts.project, opts.page_size.as_deref()));
    let fail = |diags: &[Diagnostic], code| stop(diags, &opts.project, code, json, Some("no cover was written"));
    if let Some(Err(e)) = opts.page_size.as_deref().map(crate::spec::page_size) {
        return fail(&[Diagnostic::error(format!("--page-size: {e}"))], 2);
    }
    if let Some(d) = other_format(opts.output.as_deref(), "cover", "a PDF") {
        return fail(&[d], 2);
    }
    match crate::cover::cover(&opts) {
        Ok(r) => {
            if !r.warnings.is_empty() {
                eprint!("{}", diag::render(&r.warnings, &opts.project));
            }
            if json {
                println!("{}", cover_json(&r));
            } else if !quiet {
                print!("{}", cover_summary(&r));
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.diagnostics, 1),
    }
}

fn cover_summary(r: &crate::cover::CoverReport) -> String {
    use crate::cover::BarcodeState;
    let mm = |pt: f32| pt / crate::units::PT_PER_MM;
    let mut s = format!(
        "wrote {} ({} cover for {} pages{})\n",
        r.output.display(),
        r.binding.name(),
        r.pages,
        r.target.map(|t| format!(", {t}")).unwrap_or_default()
    );
    s += &format!(
        "  wrap    {:.1} × {:.1} mm trim, {:.1} mm bleed on every side{}\n",
        mm(r.trim.0),
        mm(r.trim.1),
        mm(r.bleed),
        if r.sides == 2 { "; outside and inside spreads" } else { "" }
    );
    if let (Some(w), Some(from)) = (r.spine, &r.spine_from) {
        s += &format!(
            "  spine   {:.2} mm ({:.4} in) from {from}{}\n",
            mm(w),
            w / 72.0,
            if r.spine_text { ", with title and author" } else { "" }
        );
    }
    s += match r.barcode {
        BarcodeState::Printed => "  barcode EAN-13 of the ISBN on the back\n",
        BarcodeState::KeptClear => "  barcode none given: the service's area on the back is kept clear\n",
        BarcodeState::None => "",
    };
    for n in &r.notes {
        s += &format!("  note    {n}\n");
    }
    s
}

fn cover_json(r: &crate::cover::CoverReport) -> String {
    use crate::json::Num;
    #[derive(serde::Serialize)]
    struct Cover<'a> {
        ok: bool,
        output: String,
        binding: &'static str,
        pages: usize,
        trim_mm: [Num; 2],
        bleed_mm: Num,
        spine_mm: Option<Num>,
        spine_text: bool,
        barcode: &'static str,
        notes: &'a [String],
    }
    let mm = |pt: f32| Num(pt / crate::units::PT_PER_MM);
    crate::json::to_string(&Cover {
        ok: true,
        output: r.output.to_string_lossy().into_owned(),
        binding: r.binding.name(),
        pages: r.pages,
        trim_mm: [mm(r.trim.0), mm(r.trim.1)],
        bleed_mm: mm(r.bleed),
        spine_mm: r.spine.map(mm),
        spine_text: r.spine_text,
        barcode: match r.barcode {
            crate::cover::BarcodeState::Printed => "printed",
            crate::cover::BarcodeState::KeptClear => "kept clear",
            crate::cover::BarcodeState::None => "none",
        },
        notes: &r.notes,
    })
}

fn summary(r: &BuildReport) -> String {
    let mm = |pt: f32| pt / crate::units::PT_PER_MM;
    let mut s = format!("wrote {} ({} pages, {} bytes)\n", r.output.display(), r.pages, r.bytes);
    s += &format!("  trim    {:.0} × {:.0} mm ({})\n", mm(r.trim.0), mm(r.trim.1), r.size_name);
    for (name, size) in &r.fonts {
        s += &format!("  font    {name} ({:.1} KiB subset)\n", *size as f64 / 1024.0);
    }
    // What was fitted to the measure is the poet's to know, not only check's.
    for f in &r.fitted {
        s += &format!("  fitted  {}: {}\n", f.what(), f.describe());
    }
    for g in &r.gave_way {
        s += &format!("  gave way  {g}\n");
    }
    for g in &r.spreads {
        s += &format!("  spread  {g}\n");
    }
    if let Some(i) = &r.imposed {
        s += &imposed_summary(i);
    }
    s += &format!("  time    {:.1} ms\n", r.seconds * 1000.0);
    s
}

fn imposed_summary(i: &crate::build::ImposedReport) -> String {
    let mm = |pt: f32| pt / crate::units::PT_PER_MM;
    let sheets = i.shifts.len();
    let mut s = format!(
        "  imposed {} ({} sheet sides on {sheets} sheets of {} = {:.0} × {:.0} mm{})\n",
        i.path.display(),
        i.sides,
        i.sheet,
        mm(i.sheet_size.0),
        mm(i.sheet_size.1),
        if i.signatures > 1 { format!(", {} signatures", i.signatures) } else { String::new() }
    );
    s += &format!(
        "          scale {:.1} %, bleed {}, {}\n",
        i.scale * 100.0,
        if i.bleed > 0.0 { format!("{:.1} mm on head, foot and fore-edge", mm(i.bleed)) } else { "none".into() },
        if i.marks { "crop and fold marks, slug line" } else { "no marks" }
    );
    if i.shifts.iter().any(|&x| x != 0.0) {
        let shown: Vec<String> =
            i.shifts.iter().enumerate().take(12).map(|(k, x)| format!("{}: {:+.2}", k + 1, mm(*x))).collect();
        let more =
            if sheets > 12 { format!(", … {sheets}: {:+.2}", mm(i.shifts[sheets - 1])) } else { String::new() };
        s += &format!("          creep toward the spine, mm per sheet: {}{more}\n", shown.join(", "));
    }
    for n in &i.notes {
        s += &format!("          note: {n}\n");
    }
    s
}

/// The build summary for `--json`: `"ok": true`, what was written, and the warnings as
/// diagnostics (their count too, as before).
fn json(r: &BuildReport, base: &Path) -> String {
    use crate::json::{JsonDiagnostic, Num, diagnostics};
    #[derive(serde::Serialize)]
    struct Font<'a> {
        name: &'a str,
        subset_bytes: usize,
    }
    #[derive(serde::Serialize)]
    struct Built<'a> {
        ok: bool,
        output: std::borrow::Cow<'a, str>,
        pages: usize,
        bytes: usize,
        trim_pt: [Num; 2],
        page_size: &'a str,
        fonts: Vec<Font<'a>>,
        imposed: Option<std::borrow::Cow<'a, str>>,
        fitted: Vec<String>,
        gave_way: &'a [String],
        spreads: &'a [String],
        warnings: usize,
        diagnostics: Vec<JsonDiagnostic<'a>>,
        ms: Num,
    }
    crate::json::to_string(&Built {
        ok: true,
        output: r.output.to_string_lossy(),
        pages: r.pages,
        bytes: r.bytes,
        trim_pt: [Num(r.trim.0), Num(r.trim.1)],
        page_size: &r.size_name,
        fonts: r.fonts.iter().map(|(name, b)| Font { name, subset_bytes: *b }).collect(),
        imposed: r.imposed.as_ref().map(|i| i.path.to_string_lossy()),
        fitted: r.fitted.iter().map(|f| format!("{}: {}", f.what(), f.describe())).collect(),
        gave_way: &r.gave_way,
        spreads: &r.spreads,
        warnings: r.warnings.len(),
        diagnostics: diagnostics(&r.warnings, base),
        ms: Num((r.seconds * 1000.0) as f32),
    })
}

fn run_print(args: &PrintArgs) -> ExitCode {
    use crate::print::{self, Duplex, PrintOptions};
    let stopped = |diags: &[Diagnostic], code: u8| {
        eprint!("{}", diag::render(diags, &args.project));
        let n = diags.iter().filter(|d| d.is_error()).count();
        eprintln!("error: print stopped with {n} error{}", if n == 1 { "" } else { "s" });
        ExitCode::from(code)
    };
    if args.list {
        return match print::list_printers() {
            Ok(list) => {
                print!("{list}");
                ExitCode::SUCCESS
            }
            Err(d) => stopped(&[d], 1),
        };
    }
    let usage = |e: String| stopped(&[Diagnostic::error(e)], 2);
    if let Some(Err(e)) = args.page_size.as_deref().map(crate::spec::page_size) {
        return usage(format!("--page-size: {e}"));
    }
    if let Some(Err(e)) = args.sheet.as_deref().map(Sheet::parse) {
        return usage(format!("--sheet: {e}"));
    }
    let pages = match args.pages.as_deref().map(crate::preview::parse_page_range).transpose() {
        Ok(p) => p,
        Err(e) => return usage(format!("--pages: {e}")),
    };
    let opts = PrintOptions {
        project: args.project.clone(),
        page_size: args.page_size.clone(),
        printer: args.printer.clone(),
        sheet: args.sheet.clone(),
        copies: args.copies,
        duplex: Duplex::parse(&args.duplex).unwrap_or(Duplex::Auto),
        pages,
        dry_run: args.dry_run,
        yes: args.yes,
    };
    let mut console = print::Terminal::new(&args.project);
    match print::run(&opts, &mut console) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => stopped(&d, 1),
    }
}
