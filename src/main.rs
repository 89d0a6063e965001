//! The `chapbook` command: the library's command line ([`chapbook::cli::run`]).

fn main() -> std::process::ExitCode {
    chapbook::cli::run()
}
