//! Print variants of the real chapbook: every page-size preset, bleed and trim boxes,
//! crop marks, PDF/X-1a, the imposed booklet, and the preflight verdict on each.

mod common;
use chapbook::build::{BuildOptions, build};
use chapbook::impose::{ImposeOptions, Sheet};
use chapbook::preflight::{Rules, inspect};
use common::*;

fn build_with(name: &str, f: impl FnOnce(&mut BuildOptions)) -> (Vec<u8>, chapbook::build::BuildReport) {
    let out = scratch(&format!("print-{name}")).join("chapbook.pdf");
    let mut opts = BuildOptions { project: root(), output: Some(out.clone()), ..Default::default() };
    f(&mut opts);
    let report = build(&opts).unwrap_or_else(|e| panic!("{name}: {}", chapbook::diag::render(&e.diagnostics, &root())));
    (std::fs::read(&out).unwrap(), report)
}

#[test]
fn every_preset_builds_fits_and_keeps_its_trim_size() {
    for (name, w, h) in chapbook::units::PRESETS {
        let (pdf, report) = build_with(name, |o| o.page_size = Some(name.to_string()));
        assert_eq!(report.pages % 4, 0, "{name}: {} pages", report.pages);
        let r = inspect(&pdf, &Rules { expected_trim: Some((*w, *h)), ..Rules::default() }).unwrap();
        assert!(r.ok(), "{name}: {:?}", r.problems);
        assert_eq!(r.pages, report.pages);
        let trim = r.trim.unwrap();
        assert!((trim.0 - w).abs() < 0.05 && (trim.1 - h).abs() < 0.05, "{name}: {trim:?}");
        assert_eq!(r.colour_spaces, vec!["DeviceGray".to_string()], "{name}");
        assert!(r.thinnest_stroke.unwrap() >= 0.25, "{name}");
    }
}

#[test]
fn bleed_is_three_millimetres_and_marks_enlarge_the_media_box() {
    let (plain, _) = build_with("plain", |_| {});
    let r = inspect(&plain, &Rules::default()).unwrap();
    assert!((r.bleed.unwrap() - 8.5039).abs() < 0.01, "{:?}", r.bleed);
    let media = boxes(&plain, "MediaBox")[0];
    let bleed = boxes(&plain, "BleedBox")[0];
    assert_eq!(media, bleed, "without marks the media box is the bleed box");
    let (marked, _) = build_with("marks", |o| o.marks = Some(true));
    let media = boxes(&marked, "MediaBox")[0];
    let bleed = boxes(&marked, "BleedBox")[0];
    assert!(media[2] - bleed[2] >= 20.0 && bleed[0] - media[0] >= 20.0, "{media:?} {bleed:?}");
    assert!(inspect(&marked, &Rules::default()).unwrap().ok());
}

#[test]
fn pdfx_build_declares_pdfx_1a_and_passes_its_rules() {
    let (pdf, _) = build_with("pdfx", |o| o.pdfx = Some(true));
    assert!(pdf.starts_with(b"%PDF-1.3"));
    let text = String::from_utf8_lossy(&pdf);
    for key in [
        "/GTS_PDFXVersion (PDF/X-1:2001)",
        "/GTS_PDFXConformance (PDF/X-1a:2001)",
        "/Trapped /False",
        "/S /GTS_PDFX",
        "/RegistryName (http://www.color.org)",
        "/OutputConditionIdentifier (FOGRA39)",
    ] {
        assert!(text.contains(key), "missing {key}");
    }
    assert_eq!(text.matches("/S /GTS_PDFX").count(), 1);
    let r = inspect(&pdf, &Rules { pdfx: true, ..Rules::default() }).unwrap();
    assert!(r.ok(), "{:?}", r.problems);
    // The default build claims nothing.
    let (plain, _) = build_with("notx", |_| {});
    assert!(!String::from_utf8_lossy(&plain).contains("GTS_PDFX"));
    if let Some((ok, out, _)) = run_tool("qpdf", &["--check", to_file("pdfx.pdf", &pdf).to_str().unwrap()]) {
        assert!(ok, "{out}");
    }
}

#[test]
fn imposed_booklet_has_half_as_many_landscape_sheet_sides() {
    let (_, report) = build_with("impose", |o| {
        o.impose =
            Some(ImposeOptions { sheet: Sheet::A4, paper_thickness: 0.1 * chapbook::units::PT_PER_MM, marks: false })
    });
    let (path, sides) = report.imposed.clone().unwrap();
    assert_eq!(sides, report.pages / 2);
    let pdf = std::fs::read(path).unwrap();
    let r = inspect(&pdf, &Rules::default()).unwrap();
    assert_eq!(r.pages, report.pages / 2);
    let trim = r.trim.unwrap();
    assert!((trim.0 - 841.89).abs() < 0.1 && (trim.1 - 595.28).abs() < 0.1, "{trim:?}");
}

#[test]
fn outline_and_page_labels_are_written() {
    let pdf = chapbook_pdf();
    let text = String::from_utf8_lossy(pdf);
    assert!(text.contains("/Outlines"));
    assert!(text.contains("/PageLabels"));
    assert!(text.contains("/S /r") && text.contains("/S /D"), "roman front matter, arabic body");
}

#[test]
fn check_preflights_the_pdf_and_fails_on_a_broken_rule() {
    let run = |args: &[&str]| {
        let out =
            std::process::Command::new(env!("CARGO_BIN_EXE_chapbook")).args(args).current_dir(root()).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let (code, out) = run(&["check"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("project: ok") && out.contains("A5") && out.contains("problems    none"), "{out}");
    // The book is not PDF/X, so holding it to PDF/X names the missing keys and fails.
    let (code, out) = run(&["check", "--pdfx"]);
    assert_eq!(code, Some(1));
    assert!(out.contains("GTS_PDFXVersion"), "{out}");
    assert!(!root().join("target/test-scratch/never").exists());
}
