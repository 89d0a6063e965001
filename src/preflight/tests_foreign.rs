//! The rules for any PDF, each on a small file another tool wrote: Ghostscript's
//! pdfwrite from the PostScript in tests/fixtures/foreign/ (remade by its `make.sh`; the
//! PDFs are committed, so these tests need no Ghostscript). Each rule is shown to fire on
//! its fixture and to stay quiet on the clean one and on the chapbook's own files.

use std::path::PathBuf;

use super::*;
use crate::targets::{TARGETS, find};

/// The rules this file is about.
const NEW_RULES: [&str; 10] = [
    "image-resolution",
    "lab",
    "spot-colour",
    "colour-in-black-and-white",
    "pdfx-annotation",
    "transparency",
    "pdfx-transparency",
    "ink-at-trim",
    "pdfx-icc-version",
    "rgb",
];

fn foreign(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/foreign").join(name);
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (remake with tests/fixtures/foreign/make.sh)", path.display()))
}

fn check(name: &str, rules: &Rules) -> Report {
    inspect(&foreign(name), rules).unwrap()
}

fn target(name: &str) -> Rules {
    Rules { target: Some(find(name).unwrap()), ..Rules::default() }
}

/// The problems under `rule`: (is an error, detail).
fn under<'a>(r: &'a Report, rule: &str) -> Vec<(bool, &'a str)> {
    r.problems.iter().filter(|p| p.rule == rule).map(|p| (p.is_error(), p.detail.as_str())).collect()
}

fn new_rules(r: &Report) -> Vec<&Problem> {
    r.problems.iter().filter(|p| NEW_RULES.contains(&p.rule.as_str())).collect()
}

#[test]
fn the_clean_foreign_file_passes_every_rule() {
    let r = check("clean.pdf", &Rules::default());
    assert!(r.problems.is_empty(), "{}", r.table());
    assert_eq!(r.colour_spaces, ["DeviceCMYK", "DeviceGray"]);
    // Under every service and PDF/X, none of the new rules fires (its page count and
    // bleed are not every service's; those rules are tested elsewhere).
    for t in TARGETS {
        let r = check("clean.pdf", &Rules { target: Some(t), pdfx: t.pdfx, ..Rules::default() });
        assert!(new_rules(&r).is_empty(), "{}: {}", t.name, r.table());
    }
}

#[test]
fn inline_images_are_read_like_xobjects_even_when_filtered() {
    let r = check("inline-rgb.pdf", &target("lulu"));
    assert_eq!(under(&r, "rgb"), [(true, "inline image in DeviceRGB on page 1")], "{}", r.table());
    let res = under(&r, "image-resolution");
    assert_eq!(res.len(), 2, "{}", r.table());
    // 2 px over 48 pt; 40 px over 72 pt (the filtered one the PDF reader cannot size).
    assert!(
        res[0].0
            && res[0].1.starts_with("inline image of 2 × 2 px is 3 ppi where it is placed (16.9 × 16.9 mm) on page 1"),
        "{res:?}"
    );
    assert!(res[1].0 && res[1].1.starts_with("inline image of 40 × 40 px is 40 ppi"), "{res:?}");
    // Without a print target, low resolution is a warning; RGB stays an error.
    let plain = check("inline-rgb.pdf", &Rules::default());
    assert!(under(&plain, "image-resolution").iter().all(|(error, _)| !error), "{}", plain.table());
    assert!(!plain.ok());
}

#[test]
fn image_resolution_is_measured_at_the_placed_size() {
    let r = check("low-res.pdf", &target("ingramspark"));
    let res = under(&r, "image-resolution");
    assert_eq!(res.len(), 2, "{}", r.table());
    let (errors, warnings): (Vec<&(bool, &str)>, Vec<_>) = res.iter().partition(|(e, _)| *e);
    // The same 100 × 100 px image: over 100 pt it is 72 ppi, over 36 pt 200 ppi.
    assert!(errors[0].1.contains("100 × 100 px is 72 ppi where it is placed (35.3 × 35.3 mm) on page 1"), "{errors:?}");
    assert!(errors[0].1.contains("place it at 8.5 × 8.5 mm or smaller, or use an image of at least 417 × 417 px"));
    assert!(warnings[0].1.contains("100 × 100 px is 200 ppi where it is placed (12.7 × 12.7 mm)"), "{warnings:?}");
    // Warnings alone do not fail a file: the clean one has a 300 ppi image and no warning.
    let table = r.table();
    assert!(table.contains("warnings    1\n  image-resolution: image /"), "{table}");
}

#[test]
fn lab_spot_and_colour_in_a_black_and_white_interior() {
    let r = check("colours.pdf", &target("kdp"));
    let lab = under(&r, "lab");
    assert!(lab.len() == 1 && lab[0].0 && lab[0].1.contains("CIE L*a*b*"), "{}", r.table());
    let spots = under(&r, "spot-colour");
    assert_eq!(spots.len(), 2, "{}", r.table());
    assert!(spots.iter().all(|(e, d)| *e && d.starts_with("kdp prints black and white only")), "{spots:?}");
    assert!(spots.iter().any(|(_, d)| d.contains("\"PANTONE 185 C\" (Separation)")), "{spots:?}");
    assert!(spots.iter().any(|(_, d)| d.contains("\"Gold\" (DeviceN)")), "{spots:?}");
    let colour = under(&r, "colour-in-black-and-white");
    // The image with cyan in it (its samples are read: the black-only one is no fault),
    // and the CMYK fill with cyan.
    assert_eq!(
        colour,
        [
            (
                true,
                "kdp prints black and white only, but inline image in DeviceCMYK on page 1 is in colour: convert it to gray (K only)"
            ),
            (
                true,
                "kdp prints black and white only, but the fill colour 0.6 0 0 0.2 (CMYK) on page 1 is in colour: convert it to gray (K only)"
            )
        ]
    );
    // Offset prints spot plates: a warning there; CMYK is no fault; Lab still is.
    let r = check("colours.pdf", &target("offset"));
    assert!(under(&r, "spot-colour").iter().all(|(e, _)| !e), "{}", r.table());
    assert!(under(&r, "colour-in-black-and-white").is_empty());
    assert_eq!(under(&r, "lab").len(), 1);
    // K-only CMYK (the clean file's `0 0 0 1 k`) is black, not colour.
    let clean = check("clean.pdf", &target("kdp"));
    assert!(under(&clean, "colour-in-black-and-white").is_empty(), "{}", clean.table());
}

#[test]
fn a_link_inside_the_bleed_box_of_a_pdfx_file() {
    let pdfx = Rules { pdfx: true, ..Rules::default() };
    let r = check("link.pdf", &pdfx);
    assert_eq!(r.pdfx.as_deref(), Some("PDF/X-1a:2001"));
    let found = under(&r, "pdfx-annotation");
    assert_eq!(found.len(), 1, "{}", r.table());
    assert!(found[0].0 && found[0].1.starts_with("a Link annotation lies inside the BleedBox on page 1"), "{found:?}");
    // Only that: the file is otherwise a good PDF/X-1a.
    assert_eq!(rules_named(&r), ["pdfx-annotation"], "{}", r.table());
    // Not PDF/X: a link is no fault.
    assert!(check("link.pdf", &Rules::default()).ok());
}

#[test]
fn transparency_under_every_print_target() {
    for t in TARGETS {
        let r = check("transparency.pdf", &Rules { target: Some(t), ..Rules::default() });
        let found = under(&r, "transparency");
        assert_eq!(found.len(), 2, "{}: {}", t.name, r.table());
        assert!(found.iter().any(|(e, d)| *e && d.contains("sets ca 0.5")), "{found:?}");
        assert!(found.iter().any(|(_, d)| d.contains("sets blend mode Multiply")), "{found:?}");
    }
    // Cairo's file: the page is a transparency group, and its own ExtGStates set the alpha.
    let r = check("cairo-transparency.pdf", &target("lulu"));
    let found = under(&r, "transparency");
    assert!(found.iter().any(|(e, d)| *e && d.starts_with("page 1 is a transparency group")), "{}", r.table());
    assert!(found.iter().any(|(_, d)| d.contains("sets ca 0.5")), "{}", r.table());
    // Under PDF/X it is the PDF/X rule; with no target and no PDF/X, no rule.
    let r = check("transparency.pdf", &Rules { pdfx: true, ..Rules::default() });
    assert_eq!(under(&r, "pdfx-transparency").len(), 2, "{}", r.table());
    assert!(under(&r, "transparency").is_empty());
    assert!(check("transparency.pdf", &Rules::default()).ok());
}

#[test]
fn ink_that_stops_at_the_trim_is_a_warning() {
    let r = check("trim-ink.pdf", &Rules::default());
    let found = under(&r, "ink-at-trim");
    // The band at the right; the gradient (a shading pattern fill, clipped) at the left;
    // not the band that runs into the bleed at the foot.
    assert_eq!(found.len(), 2, "{}", r.table());
    assert!(!found[0].0 && found[0].1.starts_with("ink stops at the left trim edge on page 1"), "{found:?}");
    assert!(!found[1].0 && found[1].1.starts_with("ink stops at the right trim edge on page 1"), "{found:?}");
    // A warning: the file still passes.
    assert!(r.ok(), "{}", r.table());
}

#[test]
fn an_icc_v4_output_profile_is_refused_for_pdfx_1a() {
    let r = check("icc-v4.pdf", &Rules { pdfx: true, ..Rules::default() });
    assert_eq!(r.version, "1.3");
    let found = under(&r, "pdfx-icc-version");
    assert_eq!(found.len(), 1, "{}", r.table());
    assert!(found[0].1.contains("embeds an ICC version 4 profile"), "{found:?}");
    assert_eq!(rules_named(&r), ["pdfx-icc-version"], "{}", r.table());
    // Our own PDF/X output with a registered condition passes (tests.rs), and the link
    // fixture, which names FOGRA39, raises no ICC problem.
    assert!(under(&check("link.pdf", &Rules { pdfx: true, ..Rules::default() }), "pdfx-icc-version").is_empty());
}

fn rules_named(r: &Report) -> Vec<&str> {
    r.problems.iter().map(|p| p.rule.as_str()).collect()
}

#[test]
fn json_carries_the_severity() {
    let json = check("trim-ink.pdf", &Rules::default()).to_json();
    assert!(json.starts_with("{\"ok\":true,"), "{json}");
    assert!(json.contains("{\"rule\":\"ink-at-trim\",\"severity\":\"warning\",\"detail\":\"ink stops"), "{json}");
}

/// The chapbook built with `opts` (its project, a scratch output): the single pages, and
/// the imposed sheets when asked.
fn chapbook_with(opts: crate::build::BuildOptions) -> (Vec<u8>, Option<Vec<u8>>) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("book.pdf");
    let opts = crate::build::BuildOptions { project: root.clone(), output: Some(out.clone()), ..opts };
    let report =
        crate::build::build(&opts).unwrap_or_else(|e| panic!("{}", crate::diag::render(&e.diagnostics, &root)));
    (std::fs::read(out).unwrap(), report.imposed.map(|i| std::fs::read(i.path).unwrap()))
}

#[test]
fn the_chapbooks_own_files_raise_none_of_these_rules() {
    use crate::build::BuildOptions;
    let (pdfx, imposed) = chapbook_with(BuildOptions {
        pdfx: Some(true),
        marks: Some(true),
        impose: Some(crate::impose::ImposeOptions::default()),
        ..Default::default()
    });
    let (plain, marked) = chapbook_with(BuildOptions {
        impose: Some(crate::impose::ImposeOptions {
            sheet: crate::impose::Sheet::A3,
            marks: true,
            ..Default::default()
        }),
        ..Default::default()
    });
    let files = [
        ("pdfx with marks", &pdfx),
        ("imposed", imposed.as_ref().unwrap()),
        ("plain", &plain),
        ("imposed with marks", marked.as_ref().unwrap()),
    ];
    for (what, bytes) in [files[1], files[3]] {
        assert!(inspect(bytes, &Rules::default()).unwrap().imposed.is_some(), "{what} is not read as imposed");
    }
    for (what, bytes) in files {
        for rules in [Rules::default(), Rules { pdfx: true, ..Rules::default() }] {
            let r = inspect(bytes, &rules).unwrap();
            // The plain (tagged, not PDF/X) file links its contents entries to their
            // sections, as PDF/UA asks; held to PDF/X it would need them off the page.
            let new: Vec<&Problem> = new_rules(&r)
                .into_iter()
                .filter(|p| !(what == "plain" && rules.pdfx && p.rule == "pdfx-annotation"))
                .collect();
            assert!(new.is_empty(), "{what}: {}", r.table());
            assert!(r.problems.iter().all(Problem::is_error), "{what} warns: {}", r.table());
        }
        for t in TARGETS {
            let r = inspect(bytes, &Rules { target: Some(t), ..Rules::default() }).unwrap();
            assert!(new_rules(&r).is_empty(), "{what}, {}: {}", t.name, r.table());
        }
    }
    assert!(inspect(&pdfx, &Rules { pdfx: true, ..Rules::default() }).unwrap().ok());
}

/// A PDF checked on its own has no project: the fixes name what the file's maker can
/// change (blank pages, `--binding`), never a book.toml key.
#[test]
fn a_foreign_files_fixes_name_no_project_setting() {
    let clean = foreign("clean.pdf");
    let mut page_rules = 0;
    for t in TARGETS {
        for binding in [None, Some(crate::targets::Binding::Saddle), Some(crate::targets::Binding::Perfect)] {
            let r = inspect(&clean, &Rules { target: Some(t), binding, ..Rules::default() }).unwrap();
            for p in &r.problems {
                assert!(!p.detail.contains('[') && !p.detail.contains("book.toml"), "{}: {}", t.name, p.detail);
                page_rules += usize::from(p.rule.starts_with("target-pages") || p.rule == "target-binding");
            }
        }
    }
    let lulu = find("lulu").unwrap();
    let saddle = Some(crate::targets::Binding::Saddle);
    let odd = lulu.check_page_count_of_file(14, saddle);
    assert!(odd.iter().any(|m| m.ends_with("end the file with blank pages to make 16 pages")), "{odd:?}");
    let kdp = find("kdp").unwrap();
    let none = kdp.check_page_count_of_file(24, saddle);
    assert!(none[0].contains("check the file with `--binding perfect`"), "{none:?}");
    assert!(page_rules > 0, "the clean file breaks some service's page rules");
}
