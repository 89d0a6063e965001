//! The foreign fixtures (tests/fixtures/foreign/) remade with Ghostscript from their
//! PostScript by their own `make.sh`, and preflighted like the committed ones: the same
//! rules must fire, so the committed PDFs stay what the script makes. Needs `gs`
//! (Debian `ghostscript`) and `pdftocairo` (`poppler-utils`), both installed by
//! `.ci/run`; without them the test says `skipped:`.

mod common;

use chapbook::preflight::{Report, Rules, inspect};

/// Rule ids and severities under no target, PDF/X, and every service.
fn verdicts(pdf: &[u8]) -> Vec<Vec<(String, bool)>> {
    let mut all = vec![Rules::default(), Rules::default().with(|o| o.pdfx = true)];
    all.extend(chapbook::targets::all().iter().map(|t| Rules::default().with(|o| o.target = Some(t))));
    all.iter()
        .map(|rules| {
            let r: Report = inspect(pdf, rules).unwrap();
            let mut v: Vec<(String, bool)> = r.problems.iter().map(|p| (p.rule.clone(), p.is_error())).collect();
            v.sort();
            v
        })
        .collect()
}

#[test]
fn the_foreign_fixtures_are_what_make_sh_makes() {
    let here = common::root().join("tests/fixtures/foreign");
    let out = common::scratch("foreign");
    let script = here.join("make.sh");
    let Some((ok, _, err)) = common::run_tool("gs", &["--version"]) else { return };
    assert!(ok, "gs --version: {err}");
    if common::run_tool("pdftocairo", &["-v"]).is_none() {
        return;
    }
    let (ok, _, err) =
        common::run_tool("sh", &[script.to_str().unwrap(), out.to_str().unwrap()]).expect("sh is always there");
    assert!(ok, "make.sh failed: {err}");
    let mut n = 0;
    for entry in std::fs::read_dir(&here).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "pdf") {
            continue;
        }
        let name = path.file_name().unwrap();
        let remade = std::fs::read(out.join(name)).unwrap_or_else(|e| panic!("{name:?} not remade: {e}"));
        let committed = std::fs::read(&path).unwrap();
        assert_eq!(verdicts(&remade), verdicts(&committed), "{name:?}: remade and committed files differ in preflight");
        n += 1;
    }
    assert_eq!(n, 9, "fixtures in {}", here.display());
}
