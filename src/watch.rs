//! `chapbook watch`: rebuild on every save of the layout or fonts. File events come from
//! `notify`; a burst of events (an editor writes, renames and touches) is collapsed into
//! one build after a short quiet period. A failed build prints its diagnostics and leaves
//! the last good PDF in place (builds write atomically).

use crate::Error;
use crate::build::{BuildOptions, BuildReport, build_as};
// A font saved into fonts/ while a build reads it must not bring the process down: the
// rebuilds read font files whole.
use crate::text::FontFiles;
use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long the files must be quiet before a rebuild starts.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(20);

/// One build's outcome, as the watcher reports it.
pub enum Event<'a> {
    /// A build succeeded.
    Built(&'a BuildReport),
    /// A build failed.
    Failed(&'a Error),
}

/// Builds once, then after every change under `layout/` and `fonts/`, calling `report`
/// after each build. Returns only when the watcher fails or `stop` returns true.
#[cfg(test)]
pub fn watch(opts: &BuildOptions, mut report: impl FnMut(Event<'_>), stop: impl Fn() -> bool) -> Result<(), String> {
    watch_with_causes(opts, |_, e| report(e), stop)
}

/// Like [`watch`], also telling `report` which saved file started each build (`None` for
/// the first build).
pub fn watch_with_causes(
    opts: &BuildOptions,
    mut report: impl FnMut(Option<&Path>, Event<'_>),
    stop: impl Fn() -> bool,
) -> Result<(), String> {
    on_change(
        &opts.project,
        |cause| match build_as(opts, FontFiles::Whole) {
            Ok(r) => report(cause, Event::Built(&r)),
            Err(e) => report(cause, Event::Failed(&e)),
        },
        stop,
    )
}

/// Calls `run` once (with no cause), then after every burst of changes under
/// `PROJECT/layout/` and `PROJECT/fonts/` (with the saved file that started it). Returns
/// only when the watcher fails or `stop` returns true (it is asked at least every 200 ms).
/// `chapbook serve` rebuilds its pages through this.
pub(crate) fn on_change(
    project: &Path,
    mut run: impl FnMut(Option<&Path>),
    stop: impl Fn() -> bool,
) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res
            && !matches!(ev.kind, notify::EventKind::Access(_))
        {
            let _ = tx.send(ev.paths);
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    let dirs: Vec<PathBuf> = ["layout", "fonts"].iter().map(|d| project.join(d)).filter(|d| d.exists()).collect();
    for dir in &dirs {
        watcher.watch(dir, RecursiveMode::Recursive).map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    }
    run(None);
    while !stop() {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(paths) => {
                let mut paths: Vec<PathBuf> = paths.into_iter().filter(|p| relevant(p)).collect();
                if paths.is_empty() {
                    continue;
                }
                // Wait for the burst to end.
                let mut quiet_since = Instant::now();
                while quiet_since.elapsed() < DEBOUNCE {
                    if let Ok(more) = rx.recv_timeout(DEBOUNCE) {
                        paths.extend(more.into_iter().filter(|p| relevant(p)));
                        quiet_since = Instant::now();
                    }
                }
                // The file the editor saved, not the temporary one it wrote first and
                // renamed (`sed -i` writes `layout/sedXXXXXX`): the last that still exists.
                let cause = paths.iter().rev().find(|p| p.exists()).unwrap_or(&paths[0]).clone();
                run(Some(&cause));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => return Err("the file watcher stopped".into()),
        }
    }
    Ok(())
}

/// The local time of day as `HH:MM:SS`, for the line each build prints.
pub fn clock() -> String {
    // The system's time zone (TZ, else /etc/localtime); UTC when there is none.
    jiff::Zoned::now().strftime("%H:%M:%S").to_string()
}

/// Editor swap and backup files do not trigger builds.
fn relevant(p: &Path) -> bool {
    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    !(name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    #[test]
    fn watch_rebuilds_on_save_and_keeps_the_last_good_pdf() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("poem");
        crate::scaffold::new_project(&dir).unwrap();
        let section = dir.join("layout/01-first-light.toml");
        let opts = BuildOptions { project: dir.clone(), ..Default::default() };
        let builds = AtomicUsize::new(0);
        let failures = AtomicUsize::new(0);
        let start = Instant::now();
        let good = std::cell::RefCell::new(Vec::new());
        let editor = {
            let section = section.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(400));
                let text = std::fs::read_to_string(&section).unwrap();
                std::fs::write(&section, text.replace("Write your lines here,", "Write your verses here,")).unwrap();
                std::thread::sleep(Duration::from_millis(600));
                std::fs::write(&section, "numeral = \"I\"\ntitle = ").unwrap();
            })
        };
        watch(
            &opts,
            |e| match e {
                Event::Built(r) => {
                    builds.fetch_add(1, Ordering::SeqCst);
                    *good.borrow_mut() = std::fs::read(&r.output).unwrap();
                }
                Event::Failed(_) => {
                    failures.fetch_add(1, Ordering::SeqCst);
                }
            },
            || failures.load(Ordering::SeqCst) > 0 || start.elapsed() > Duration::from_secs(10),
        )
        .unwrap();
        editor.join().unwrap();
        assert!(builds.load(Ordering::SeqCst) >= 2, "initial build and one rebuild");
        assert_eq!(failures.load(Ordering::SeqCst), 1, "the broken save was reported");
        let now = std::fs::read(dir.join("output/chapbook.pdf")).unwrap();
        assert!(now == *good.borrow(), "the last good PDF stays in place");
    }

    #[test]
    fn the_clock_is_hours_minutes_seconds() {
        let t = super::clock();
        let parts: Vec<u32> = t.split(':').map(|p| p.parse().unwrap()).collect();
        assert_eq!(t.len(), 8, "{t}");
        assert!(parts.len() == 3 && parts[0] < 24 && parts[1] < 60 && parts[2] < 61, "{t}");
    }
}
