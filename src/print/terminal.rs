//! The one part of `print` that touches the terminal: what `chapbook print` shows on
//! stdout (warnings on stderr), Enter read from stdin, and Ctrl-C, which cancels a running
//! job (the job loop sees it through `stopped`) and otherwise ends the program at once.

use crate::diag::{self, Diagnostic};
use std::path::Path;

/// The terminal as a [`super::Console`].
pub struct Terminal<'a> {
    project: &'a Path,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// True outside a job: Ctrl-C then exits (status 130) instead of setting `stop`.
    idle: std::sync::Arc<std::sync::atomic::AtomicBool>,
    progress_shown: bool,
}

impl<'a> Terminal<'a> {
    /// A console for printing `project`, on stdin and stderr.
    pub fn new(project: &'a Path) -> Self {
        use std::sync::{Arc, atomic::AtomicBool};
        let (stop, idle) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicBool::new(true)));
        #[cfg(unix)]
        {
            use signal_hook::{consts::SIGINT, flag};
            // The shutdown check runs first: outside a job, Ctrl-C ends the program.
            let _ = flag::register_conditional_shutdown(SIGINT, 130, idle.clone());
            let _ = flag::register(SIGINT, stop.clone());
        }
        Terminal { project, stop, idle, progress_shown: false }
    }
}

impl super::Console for Terminal<'_> {
    fn warnings(&mut self, warnings: &[Diagnostic]) {
        if !warnings.is_empty() {
            eprint!("{}", diag::render(warnings, self.project));
        }
    }
    fn say(&mut self, text: &str) {
        if std::mem::take(&mut self.progress_shown) {
            println!();
        }
        if !text.is_empty() {
            println!("{}", text.trim_end());
        }
    }
    fn progress(&mut self, line: &str) {
        use std::io::{IsTerminal, Write};
        if std::io::stdout().is_terminal() {
            print!("\r{line}\x1b[K");
            let _ = std::io::stdout().flush();
            self.progress_shown = true;
        } else {
            println!("{line}");
        }
    }
    fn ready(&mut self, prompt: &str) -> bool {
        use std::io::Write;
        print!("{prompt}");
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        let ready = matches!(std::io::stdin().read_line(&mut line), Ok(n) if n > 0);
        if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            println!(); // a terminal echoes the Enter itself
        }
        ready
    }
    fn in_job(&mut self, running: bool) {
        self.idle.store(!running, std::sync::atomic::Ordering::SeqCst);
    }
    fn stopped(&self) -> bool {
        self.stop.load(std::sync::atomic::Ordering::SeqCst)
    }
}
