//! The `chapbook` command: parses arguments and calls the library.

use chapbook::build::{BuildOptions, BuildReport, build, check};
use chapbook::diag::{self, Diagnostic};
use chapbook::impose::{ImposeOptions, Sheet};
use chapbook::units::parse_length;
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
    /// Where to write the PDF (default: PROJECT/output/chapbook.pdf).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Page size preset or WxH, overriding book.toml (a5, a6, half-letter, quarter-letter, 5x8in, 6x9in, 140mmx216mm).
    #[arg(long)]
    page_size: Option<String>,
    /// Write PDF/X-1a:2001 (PDF 1.3, output intent, dates from SOURCE_DATE_EPOCH).
    #[arg(long)]
    pdfx: bool,
    /// Add crop marks outside the bleed (print-on-demand services usually reject them).
    #[arg(long)]
    marks: bool,
    /// Also write PROJECT/output/chapbook-imposed.pdf: printer spreads for a booklet.
    #[arg(long, value_parser = ["saddle"])]
    impose: Option<String>,
    /// Sheet for imposition: a4, letter, tabloid or spread.
    #[arg(long, default_value = "a4")]
    sheet: String,
    /// Paper thickness for creep compensation in imposition, e.g. 0.1mm.
    #[arg(long, default_value = "0mm")]
    paper_thickness: String,
    /// Treat warnings as errors.
    #[arg(long)]
    deny_warnings: bool,
    /// Print nothing on success.
    #[arg(short, long)]
    quiet: bool,
    /// Print the build summary as JSON.
    #[arg(long)]
    json: bool,
}

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
    /// Paper: a4, letter or tabloid (default: the printer's default paper, else a4).
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
    /// Show the printer, the job attributes and the pages of each job; send nothing.
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
    ///
    /// Examples:
    ///   chapbook build
    ///   chapbook build --project my-poem --page-size a6 -o /tmp/poem.pdf
    ///   chapbook build --pdfx --impose saddle --sheet a4 --paper-thickness 0.1mm
    Build(BuildArgs),
    /// Check the whole project (spec, fonts, layout fit) and report every problem, without
    /// writing a PDF. Exits 0 when it would build, 1 when not.
    ///
    /// Examples:
    ///   chapbook check
    ///   chapbook check --project my-poem --page-size a6 --deny-warnings
    Check {
        /// The project folder (holds layout/book.toml, the section files and fonts/).
        #[arg(long, default_value = ".")]
        project: PathBuf,
        /// Page size preset or WxH, overriding book.toml.
        #[arg(long)]
        page_size: Option<String>,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
        /// Preflight this built PDF instead of the one the project would write now.
        #[arg(long)]
        pdf: Option<PathBuf>,
        /// Also hold the file to the PDF/X-1a:2001 rules (default: as book.toml says).
        #[arg(long)]
        pdfx: bool,
        /// Print the preflight report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Create a new chapbook project that builds at once.
    ///
    /// Example: chapbook new my-poem && chapbook build --project my-poem
    New {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Rebuild on every save of the layout or fonts; the last good PDF stays in place.
    ///
    /// Example: chapbook watch --project my-poem
    Watch(BuildArgs),
    /// Render pages to PNG in PROJECT/output/preview/ with a contact sheet (contact.png).
    ///
    /// Example: chapbook preview --pages 3-5 --dpi 100
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
    },
    /// Print the booklet on a printer over IPP (CUPS or a network printer), ready to fold
    /// and staple: imposed for the sheet, two-sided short-edge (or manual duplex), actual size.
    ///
    /// Examples:
    ///   chapbook print --list
    ///   chapbook print --printer Office --sheet letter --dry-run
    ///   chapbook print --printer ipp://192.168.1.20/ipp/print --duplex manual
    Print(PrintArgs),
    /// Print shell completions.
    ///
    /// Example: chapbook completions bash > /etc/bash_completion.d/chapbook
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
}

fn main() -> ExitCode {
    // Helper threads start now, so they are running when a build has work to share.
    chapbook::par::start();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match cli.command {
        Command::Build(args) => run_build(&args),
        Command::Watch(args) => run_watch(&args),
        Command::Preview { project, pages, dpi, page_size } => {
            run_preview(&project, pages.as_deref(), dpi, page_size.as_deref())
        }
        Command::Check { project, page_size, deny_warnings, pdf, pdfx, json } => {
            if let Some(Err(e)) = page_size.as_deref().map(chapbook::spec::page_size) {
                return fail(&[Diagnostic::error(format!("--page-size: {e}"))], &project, 2);
            }
            run_check(&project, page_size.as_deref(), deny_warnings, CheckPdf { file: pdf, pdfx, json })
        }
        Command::New { dir } => match chapbook::scaffold::new_project(&dir) {
            Ok(files) => {
                println!(
                    "created {} with {} files; build it with: chapbook build --project {}",
                    dir.display(),
                    files.len(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(d) => fail(&[d], Path::new("."), 1),
        },
        Command::Print(args) => run_print(&args),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "chapbook", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
    }
}

fn build_options(args: &BuildArgs) -> Result<BuildOptions, Diagnostic> {
    if let Some(size) = &args.page_size {
        chapbook::spec::page_size(size).map_err(|e| Diagnostic::error(format!("--page-size: {e}")))?;
    }
    let impose = match &args.impose {
        None => None,
        Some(_) => {
            let sheet = Sheet::parse(&args.sheet).map_err(|e| Diagnostic::error(format!("--sheet: {e}")))?;
            let t = parse_length(&args.paper_thickness)
                .ok()
                .and_then(|l| l.absolute())
                .filter(|t| (0.0..=2.0).contains(t))
                .ok_or_else(|| {
                    Diagnostic::error(format!(
                        "--paper-thickness `{}` is not a thickness such as 0.1mm",
                        args.paper_thickness
                    ))
                })?;
            Some(ImposeOptions { sheet, paper_thickness: t, marks: args.marks })
        }
    };
    Ok(BuildOptions {
        project: args.project.clone(),
        output: args.output.clone(),
        page_size: args.page_size.clone(),
        pdfx: args.pdfx.then_some(true),
        marks: args.marks.then_some(true),
        impose,
        deny_warnings: args.deny_warnings,
    })
}

fn run_build(args: &BuildArgs) -> ExitCode {
    let opts = match build_options(args) {
        Ok(o) => o,
        Err(d) => return fail(&[d], &args.project, 2),
    };
    match build(&opts) {
        Ok(report) => {
            if !report.warnings.is_empty() {
                eprint!("{}", diag::render(&report.warnings, &args.project));
            }
            if args.json {
                println!("{}", json(&report));
            } else if !args.quiet {
                print!("{}", summary(&report));
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.diagnostics, &args.project, 1),
    }
}

fn run_preview(project: &Path, pages: Option<&str>, dpi: f32, page_size: Option<&str>) -> ExitCode {
    use chapbook::preview;
    let range = match pages.map(preview::parse_page_range).transpose() {
        Ok(r) => r,
        Err(e) => return fail(&[Diagnostic::error(format!("--pages: {e}"))], project, 2),
    };
    if !(10.0..=1200.0).contains(&dpi) {
        return fail(&[Diagnostic::error(format!("--dpi {dpi} is outside 10 to 1200"))], project, 2);
    }
    let compiled = match chapbook::build::compile(project, page_size) {
        Ok(c) => c,
        Err(d) => return fail(&d, project, 1),
    };
    let dir = project.join("output").join("preview");
    match preview::write_previews(&compiled.document, &dir, range, &preview::RasterOptions { dpi }) {
        Ok(files) => {
            println!("wrote {} images to {} (contact sheet: contact.png)", files.len(), dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(&[Diagnostic::error(e.to_string())], project, 1),
    }
}

fn run_watch(args: &BuildArgs) -> ExitCode {
    let opts = match build_options(args) {
        Ok(o) => o,
        Err(d) => return fail(&[d], &args.project, 2),
    };
    println!("watching {} (layout/ and fonts/); Ctrl-C stops", args.project.display());
    let result = chapbook::watch::watch(
        &opts,
        |event| match event {
            chapbook::watch::Event::Built(r) => {
                println!(
                    "built {} in {:.1} ms: {} pages, {} warning{}",
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
            chapbook::watch::Event::Failed(e) => {
                eprint!("{}", diag::render(&e.diagnostics, &args.project));
                eprintln!("build failed; the last good PDF is unchanged");
            }
        },
        || false,
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&[Diagnostic::error(e)], &args.project, 1),
    }
}

/// What `check` preflights: the PDF the project would write, or a built file.
struct CheckPdf {
    file: Option<PathBuf>,
    pdfx: bool,
    json: bool,
}

fn run_check(project: &Path, page_size: Option<&str>, deny_warnings: bool, what: CheckPdf) -> ExitCode {
    match check(project, page_size) {
        Ok(report) => {
            if !report.warnings.is_empty() {
                eprint!("{}", diag::render(&report.warnings, project));
            }
            if !what.json {
                println!("project: ok ({} pages)", report.pages);
            }
            let bytes = match &what.file {
                None => report.pdf.clone(),
                Some(f) => match std::fs::read(f) {
                    Ok(b) => b,
                    Err(e) => {
                        return fail(&[Diagnostic::error(format!("cannot read {}: {e}", f.display()))], project, 1);
                    }
                },
            };
            let rules = chapbook::preflight::Rules { pdfx: report.rules.pdfx || what.pdfx, ..report.rules.clone() };
            let pre = match chapbook::preflight::inspect(&bytes, &rules) {
                Ok(pre) => pre,
                Err(e) => return fail(&[Diagnostic::error(format!("preflight: {e}"))], project, 1),
            };
            if what.json {
                println!("{}", pre.to_json());
            } else {
                print!("{}", pre.table());
            }
            let verdict = pre.ok();
            if !verdict {
                eprintln!("error: the PDF breaks a print rule (see problems above)");
                return ExitCode::from(1);
            }
            if deny_warnings && !report.warnings.is_empty() {
                let n = report.warnings.len();
                eprintln!("error: {n} warning{} (--deny-warnings)", if n == 1 { "" } else { "s" });
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprint!("{}", diag::render(&e.diagnostics, project));
            let n = e.diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("error: the project has {n} problem{}", if n == 1 { "" } else { "s" });
            ExitCode::from(1)
        }
    }
}

fn fail(diags: &[Diagnostic], base: &Path, code: u8) -> ExitCode {
    eprint!("{}", diag::render(diags, base));
    let n = diags.iter().filter(|d| d.is_error()).count();
    eprintln!("error: stopped with {n} error{}; no PDF was written", if n == 1 { "" } else { "s" });
    ExitCode::from(code)
}

fn summary(r: &BuildReport) -> String {
    let mm = |pt: f32| pt / chapbook::units::PT_PER_MM;
    let mut s = format!("wrote {} ({} pages, {} bytes)\n", r.output.display(), r.pages, r.bytes);
    s += &format!("  trim    {:.0} × {:.0} mm ({})\n", mm(r.trim.0), mm(r.trim.1), r.size_name);
    for (name, size) in &r.fonts {
        s += &format!("  font    {name} ({:.1} KiB subset)\n", *size as f64 / 1024.0);
    }
    if let Some((path, sides)) = &r.imposed {
        s += &format!("  imposed {} ({sides} sheet sides)\n", path.display());
    }
    s += &format!("  time    {:.1} ms\n", r.seconds * 1000.0);
    s
}

fn json(r: &BuildReport) -> String {
    let esc = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let fonts: Vec<String> =
        r.fonts.iter().map(|(n, b)| format!("{{\"name\":\"{}\",\"subset_bytes\":{b}}}", esc(n))).collect();
    format!(
        "{{\"output\":\"{}\",\"pages\":{},\"bytes\":{},\"trim_pt\":[{:.3},{:.3}],\"page_size\":\"{}\",\"fonts\":[{}],\"imposed\":{},\"warnings\":{},\"ms\":{:.3}}}",
        esc(&r.output.display().to_string()),
        r.pages,
        r.bytes,
        r.trim.0,
        r.trim.1,
        esc(&r.size_name),
        fonts.join(","),
        r.imposed
            .as_ref()
            .map(|(p, _)| format!("\"{}\"", esc(&p.display().to_string())))
            .unwrap_or_else(|| "null".into()),
        r.warnings.len(),
        r.seconds * 1000.0
    )
}

fn run_print(args: &PrintArgs) -> ExitCode {
    use chapbook::print::{self, Duplex, PrintOptions};
    let stopped = |diags: &[Diagnostic], code: u8| {
        eprint!("{}", diag::render(diags, &args.project));
        let n = diags.iter().filter(|d| d.is_error()).count();
        eprintln!("error: print stopped with {n} error{}", if n == 1 { "" } else { "s" });
        ExitCode::from(code)
    };
    if args.list {
        return match print::printer::list() {
            Ok(list) => {
                print!("{list}");
                ExitCode::SUCCESS
            }
            Err(d) => stopped(&[d], 1),
        };
    }
    let usage = |e: String| stopped(&[Diagnostic::error(e)], 2);
    if let Some(Err(e)) = args.page_size.as_deref().map(chapbook::spec::page_size) {
        return usage(format!("--page-size: {e}"));
    }
    if let Some(Err(e)) = args.sheet.as_deref().map(Sheet::parse) {
        return usage(format!("--sheet: {e}"));
    }
    let pages = match args.pages.as_deref().map(chapbook::preview::parse_page_range).transpose() {
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
    let mut console = print::terminal::Terminal::new(&args.project);
    match print::run(&opts, &mut console) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => stopped(&d, 1),
    }
}
