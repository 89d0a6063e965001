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
    /// What to write: `pdf`, or `svg` (one SVG per page in PROJECT/output/svg/, or in the
    /// folder given with -o).
    #[arg(long, value_parser = ["pdf", "svg"], default_value = "pdf")]
    format: String,
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
    /// Show the book live in the browser: spreads, every size side by side, rebuilt on save.
    ///
    /// Examples:
    ///   chapbook serve --project my-poem --open
    ///   chapbook serve --page-size a5,a6,6x9in --port 8000
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
        Command::Build(args) if args.format == "svg" => run_build_svg(&args),
        Command::Build(args) => run_build(&args),
        Command::Serve { project, port, host, page_size, open } => run_serve(project, port, host, page_size, open),
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

/// `build --format svg`: one SVG per page, each item tagged with where it came from.
fn run_build_svg(args: &BuildArgs) -> ExitCode {
    if let Some(Err(e)) = args.page_size.as_deref().map(chapbook::spec::page_size) {
        return fail(&[Diagnostic::error(format!("--page-size: {e}"))], &args.project, 2);
    }
    let start = std::time::Instant::now();
    let c = match chapbook::build::compile(&args.project, args.page_size.as_deref()) {
        Ok(c) => c,
        Err(d) => return fail(&d, &args.project, 1),
    };
    if !c.warnings.is_empty() {
        eprint!("{}", diag::render(&c.warnings, &args.project));
        if args.deny_warnings {
            return fail(&[Diagnostic::error("warnings are errors (--deny-warnings)")], &args.project, 1);
        }
    }
    let dir = args.output.clone().unwrap_or_else(|| args.project.join("output").join("svg"));
    let spans = chapbook::serve::spans::refine(&c.book, &c.document, &c.sources);
    match chapbook::svg::write_pages(&c.document, &dir, Some((&spans, &args.project))) {
        Ok(files) => {
            if args.json {
                println!(
                    "{{\"output\":{},\"pages\":{},\"warnings\":{},\"ms\":{:.3}}}",
                    serde_json::Value::from(dir.display().to_string()),
                    files.len(),
                    c.warnings.len(),
                    start.elapsed().as_secs_f64() * 1000.0
                );
            } else if !args.quiet {
                println!(
                    "wrote {} SVG pages to {} in {:.1} ms",
                    files.len(),
                    dir.display(),
                    start.elapsed().as_secs_f64() * 1000.0
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&[Diagnostic::error(e)], &args.project, 1),
    }
}

fn run_serve(project: PathBuf, port: u16, host: std::net::IpAddr, sizes: Vec<String>, open: bool) -> ExitCode {
    let sizes: Vec<String> = if sizes.is_empty() {
        chapbook::serve::DEFAULT_SIZES.iter().map(|s| s.to_string()).collect()
    } else {
        sizes.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
    };
    let not_started = |d: Diagnostic, code: u8| {
        eprint!("{}", diag::render(&[d], &project));
        eprintln!("error: chapbook serve did not start");
        ExitCode::from(code)
    };
    for s in &sizes {
        if let Err(e) = chapbook::spec::page_size(s) {
            return not_started(Diagnostic::error(format!("--page-size: {e}")), 2);
        }
    }
    let opts = chapbook::serve::ServeOptions { project: project.clone(), host, port, sizes };
    let running = match chapbook::serve::start(&opts) {
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
    if open {
        if let Err(e) = std::process::Command::new("xdg-open").arg(&url).spawn() {
            eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
        }
    }
    running.wait();
    ExitCode::SUCCESS
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
