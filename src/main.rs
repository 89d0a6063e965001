//! The `chapbook` command: parses arguments and calls the library.

use chapbook::build::{BuildOptions, build};
use chapbook::diag;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "chapbook",
    version,
    about = "Typesets a poem and its text-art diagrams into a print-ready PDF"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the chapbook PDF.
    ///
    /// Example: chapbook build --project my-poem -o /tmp/poem.pdf
    Build {
        /// The project folder (holds layout/book.toml, the section files and fonts/).
        #[arg(long, default_value = ".")]
        project: PathBuf,
        /// Where to write the PDF (default: PROJECT/output/chapbook.pdf).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Page size preset or WxH, overriding book.toml (a5, a6, half-letter, 6x9in, 140mmx216mm…).
        #[arg(long)]
        page_size: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            project,
            output,
            page_size,
        } => {
            let opts = BuildOptions {
                project: project.clone(),
                output,
                page_size,
            };
            match build(&opts) {
                Ok(report) => {
                    if !report.warnings.is_empty() {
                        eprint!("{}", diag::render(&report.warnings, &project));
                    }
                    println!(
                        "wrote {} ({} pages, {} bytes)",
                        report.output.display(),
                        report.pages,
                        report.bytes
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprint!("{}", diag::render(&e.diagnostics, &project));
                    let n = e.diagnostics.iter().filter(|d| d.is_error()).count();
                    eprintln!(
                        "error: the build failed with {n} error{}; no PDF was written",
                        if n == 1 { "" } else { "s" }
                    );
                    ExitCode::from(1)
                }
            }
        }
    }
}
