//! Print variants of the real chapbook: every page-size preset, bleed and trim boxes,
//! crop marks, PDF/X-1a, the imposed booklet, and the preflight verdict on each.

mod common;
use chapbook::build::{BuildOptions, build};
use chapbook::impose::{ImposeOptions, Sheet};
use chapbook::preflight::{Rules, inspect};
use common::*;

fn build_with(name: &str, f: impl FnOnce(&mut BuildOptions)) -> (Vec<u8>, chapbook::build::BuildReport) {
    let out = scratch(&format!("print-{name}")).join("chapbook.pdf");
    let mut opts = BuildOptions::default().with(|o| {
        o.project = root();
        o.output = Some(out.clone());
    });
    f(&mut opts);
    let report = build(&opts).unwrap_or_else(|e| panic!("{name}: {}", chapbook::diag::render(&e.diagnostics, &root())));
    (std::fs::read(&out).unwrap(), report)
}

#[test]
fn every_preset_builds_fits_and_keeps_its_trim_size() {
    for (name, w, h) in chapbook::paper::trims().map(|p| (p.name, &p.width, &p.height)) {
        let (pdf, report) = build_with(name, |o| o.page_size = Some(name.to_string()));
        assert_eq!(report.pages % 4, 0, "{name}: {} pages", report.pages);
        let r = inspect(&pdf, &Rules::default().with(|o| o.expected_trim = Some((*w, *h)))).unwrap();
        assert!(r.ok(), "{name}: {:?}", r.problems);
        assert_eq!(r.pages, report.pages);
        let trim = r.trim.unwrap();
        assert!((trim.0 - w).abs() < 0.05 && (trim.1 - h).abs() < 0.05, "{name}: {trim:?}");
        assert_eq!(r.colour_spaces, vec!["DeviceGray".to_string()], "{name}");
        // `check` names the paper of every trim (6 × 9 in, Quarter Letter …).
        let words = chapbook::paper::find(name).unwrap().words;
        assert!(r.table().contains(&format!("mm ({words}) on all")), "{name}: {}", r.table());
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
        "/Info (Coated FOGRA39 (ISO 12647-2:2004), offset, paper types 1 and 2)",
        "/GTS_PDFXConformance (PDF/X-1a:2001)",
        "/Trapped /False",
        "/S /GTS_PDFX",
        "/RegistryName (http://www.color.org)",
        "/OutputConditionIdentifier (FOGRA39)",
    ] {
        assert!(text.contains(key), "missing {key}");
    }
    assert_eq!(text.matches("/S /GTS_PDFX").count(), 1);
    let r = inspect(&pdf, &Rules::default().with(|o| o.pdfx = true)).unwrap();
    assert!(r.ok(), "{:?}", r.problems);
    // The default build claims nothing.
    let (plain, _) = build_with("notx", |_| {});
    assert!(!String::from_utf8_lossy(&plain).contains("GTS_PDFX"));
    if let Some((ok, out, _)) = run_tool("qpdf", &["--check", to_file("pdfx.pdf", &pdf).to_str().unwrap()]) {
        assert!(ok, "{out}");
    }
}

const MM: f32 = 72.0 / 25.4;
const A5: (f32, f32) = (148.0 * MM, 210.0 * MM);

fn impose_opts(sheet: Sheet, marks: bool) -> ImposeOptions {
    ImposeOptions::default().with(|o| {
        o.sheet = sheet;
        o.paper_thickness = 0.1 * MM;
        o.marks = marks;
    })
}

/// Every `x y w h re` followed by `W`, per page, read back with lopdf: the clips that hold
/// each imposed page.
fn clip_rects(pdf: &[u8]) -> Vec<Vec<[f32; 4]>> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.page_iter()
        .map(|id| {
            let data = doc.get_page_content(id);
            let ops = lopdf::content::Content::decode(&data).unwrap().operations;
            let num = |o: &lopdf::Object| o.as_float().unwrap();
            ops.windows(2)
                .filter(|w| w[0].operator == "re" && w[1].operator == "W")
                .map(|w| {
                    let v: Vec<f32> = w[0].operands.iter().map(num).collect();
                    [v[0], v[1], v[0] + v[2], v[1] + v[3]]
                })
                .collect()
        })
        .collect()
}

#[test]
fn imposed_sheets_carry_bleed_marks_and_creep_read_back_from_the_pdf() {
    let (_, report) = build_with("impose-a3", |o| {
        o.pdfx = Some(true);
        o.impose = Some(impose_opts(Sheet::A3, true));
    });
    let imp = report.imposed.clone().unwrap();
    assert_eq!(imp.sides, report.pages / 2);
    assert_eq!((imp.scale, imp.marks), (1.0, true));
    assert!(imp.notes.is_empty(), "{:?}", imp.notes);
    assert_eq!(imp.path.file_name().unwrap(), "chapbook-imposed.pdf");
    let pdf = std::fs::read(&imp.path).unwrap();
    let (sw, sh) = (420.0 * MM, 297.0 * MM);
    let b = 3.0 * MM;
    let near = |a: f32, b: f32| (a - b).abs() < 0.01;
    // Boxes: the sheet, the spread centred on it at 100 %, the bleed around the spread.
    let (cx, cy) = (sw / 2.0, sh / 2.0);
    for m in boxes(&pdf, "MediaBox") {
        assert!(near(m[2], sw) && near(m[3], sh), "{m:?}");
    }
    for t in boxes(&pdf, "TrimBox") {
        assert!(near(t[0], cx - A5.0) && near(t[2], cx + A5.0), "{t:?}");
        assert!(near(t[1], cy - A5.1 / 2.0) && near(t[3], cy + A5.1 / 2.0), "{t:?}");
    }
    for bl in boxes(&pdf, "BleedBox") {
        assert!(near(bl[0], cx - A5.0 - b) && near(bl[3], cy + A5.1 / 2.0 + b), "{bl:?}");
    }
    // Each page is clipped to its bleed on head, foot and fore-edge and at the spine;
    // sheet k's pages sit k × 0.1 mm nearer the spine (the outer sheet does not move).
    let clips = clip_rects(&pdf);
    assert_eq!(clips.len(), imp.sides);
    for (side, c) in clips.iter().enumerate() {
        let shift = (side / 2) as f32 * 0.1 * MM;
        assert!(near(imp.shifts[side / 2], shift));
        let (left, right) = (c[0], c[1]);
        assert!(near(left[2], cx) && near(right[0], cx), "clipped at the spine: {c:?}");
        assert!(near(left[0], cx - A5.0 - b + shift), "side {side}: left fore-edge {left:?}");
        assert!(near(right[2], cx + A5.0 + b - shift), "side {side}: right fore-edge {right:?}");
        assert!(near(left[1], cy - A5.1 / 2.0 - b) && near(left[3], cy + A5.1 / 2.0 + b), "head and foot bleed");
    }
    // The preflight recognises the sheets: marks on the sheet, outside the bleed, pages in
    // booklet order; PDF/X holds.
    let r = inspect(
        &pdf,
        &Rules::default().with(|o| {
            o.pdfx = true;
            o.expected_trim = Some(A5);
        }),
    )
    .unwrap();
    assert!(r.ok(), "{}", r.table());
    let chapbook::preflight::Recognised::Imposed { sides, pages, sheets_per_signature } = r.recognised() else {
        panic!("the sheets are not read as imposed")
    };
    assert_eq!((pages, sheets_per_signature), (report.pages, Some(report.pages / 4)));
    assert_eq!(sides[0], (report.pages, 1));
    if let Some((ok, out, _)) = run_tool("qpdf", &["--check", imp.path.to_str().unwrap()]) {
        assert!(ok, "{out}");
    }
    // Same input, same sheets, byte for byte.
    let (_, again) = build_with("impose-a3-again", |o| {
        o.pdfx = Some(true);
        o.impose = Some(impose_opts(Sheet::A3, true));
    });
    assert!(std::fs::read(again.imposed.unwrap().path).unwrap() == pdf, "imposed builds differ");
    if let Some((ok, text, _)) = run_tool("pdftotext", &["-f", "1", "-l", "1", imp.path.to_str().unwrap(), "-"]) {
        assert!(ok && text.contains("sheet 1 of") && text.contains("front"), "slug line: {text}");
    }
}

#[test]
fn a5_on_a4_is_the_home_booklet_without_bleed_and_says_so() {
    let (_, report) = build_with("impose-a4", |o| o.impose = Some(impose_opts(Sheet::A4, false)));
    let imp = report.imposed.unwrap();
    assert_eq!((imp.scale, imp.bleed), (1.0, 0.0));
    assert!(imp.notes[0].contains("no room for the 3.0 mm bleed on a4"), "{:?}", imp.notes);
    let pdf = std::fs::read(&imp.path).unwrap();
    assert_eq!(boxes(&pdf, "TrimBox"), boxes(&pdf, "BleedBox"));
    let t = boxes(&pdf, "TrimBox")[0];
    assert!(((t[2] - t[0]) - 2.0 * A5.0).abs() < 0.01, "100 %: {t:?}");
}

#[test]
fn fit_errors_name_the_space_the_sheet_and_what_fits_and_write_nothing() {
    let dir = scratch("print-fit");
    let out = dir.join("book.pdf");
    std::fs::write(&out, b"previous").unwrap();
    let run = |args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_chapbook"))
            .args(["build", "--project", root().to_str().unwrap(), "-o", out.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, _, err) = run(&["--impose", "saddle", "--sheet", "letter"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("need 296 × 210 mm; sheet letter is 279 × 216 mm"), "{err}");
    assert!(
        err.contains("smallest that fits: a4") && err.contains("half-letter") && err.contains("--fit shrink"),
        "{err}"
    );
    let (code, _, err) = run(&["--impose", "saddle", "--sheet", "a4", "--marks"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("marks belong outside the bleed") && err.contains("smallest that fits: tabloid"), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), b"previous", "a failed build leaves the previous PDF");
    let (code, summary, err) = run(&["--impose", "saddle", "--sheet", "letter", "--fit", "shrink"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(summary.contains("scale 92.5 %") && summary.contains("note: scaled to 92.5 %"), "{summary}");
    let (code, summary, _) = run(&["--impose", "saddle", "--sheet", "13x19in", "--paper-thickness", "0.1mm"]);
    assert_eq!(code, Some(0));
    assert!(summary.contains("creep toward the spine, mm per sheet: 1: +0.00, 2: +0.10"), "{summary}");
    assert!(summary.contains(&format!("imposed {}", dir.join("book-imposed.pdf").display())), "{summary}");
    // The help names the file as it is written: NAME-imposed.pdf beside the PDF.
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_chapbook")).args(["build", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("beside the PDF as NAME-imposed.pdf"), "{help}");
}

#[test]
fn check_pdf_runs_without_a_project_and_knows_imposed_sheets() {
    let (_, report) = build_with("check-standalone", |o| o.impose = Some(impose_opts(Sheet::Tabloid, true)));
    let imposed = report.imposed.unwrap().path;
    let empty = scratch("no-project");
    let run = |args: &[&str]| {
        let o =
            std::process::Command::new(env!("CARGO_BIN_EXE_chapbook")).args(args).current_dir(&empty).output().unwrap();
        (o.status.code(), String::from_utf8_lossy(&o.stdout).into_owned())
    };
    let (code, out) = run(&["check", "--pdf", imposed.to_str().unwrap(), "--page-size", "a5"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("saddle-stitched booklet") && out.contains("problems    none"), "{out}");
    // A page with a zero-length stroke, a mark that crosses into the bleed, and a broken
    // page order are each named.
    let mut doc = lopdf::Document::load(&imposed).unwrap();
    let first = doc.page_iter().next().unwrap();
    let mut content = doc.get_page_content(first);
    content.extend_from_slice(b"\n1 w 1 J 50 50 m 50 50 l S -20 0 m 1000 500 l S\n");
    doc.change_page_content(first, content).unwrap();
    let broken = empty.join("broken.pdf");
    doc.save(&broken).unwrap();
    let (code, out) = run(&["check", "--pdf", broken.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("zero-length-path") && out.contains("mark-in-bleed") && out.contains("mark-off-sheet"),
        "{out}"
    );
    // Signatures are recognised as such.
    let (_, report) = build_with("check-signatures", |o| {
        o.impose = Some(impose_opts(Sheet::Spread, true).with(|o| o.sheets_per_signature = 2))
    });
    let (code, out) = run(&["check", "--pdf", report.imposed.unwrap().path.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("in signatures of 2 sheets"), "{out}");
    assert!(!empty.join("layout").exists());
}

#[test]
fn an_unregistered_output_condition_needs_a_profile() {
    let dir = scratch("print-intent");
    copy_dir(&fixture("mini"), &dir);
    let toml = dir.join("layout/book.toml");
    let base = std::fs::read_to_string(&toml).unwrap();
    let with = |print: &str| std::fs::write(&toml, format!("{base}\n[print]\npdfx = true\n{print}\n")).unwrap();
    let build_it = || {
        build(&BuildOptions::default().with(|o| {
            o.project = dir.clone();
            o.output = Some(dir.join("out.pdf"));
        }))
    };
    with("output_condition = \"My Local Printer Uncoated\"");
    let e = build_it().unwrap_err();
    let msg = chapbook::diag::render(&e.diagnostics, &dir);
    assert!(msg.contains("not a registered printing condition") && msg.contains("output_profile"), "{msg}");
    with("output_condition = \"fogra51\"");
    let msg = chapbook::diag::render(&build_it().unwrap_err().diagnostics, &dir);
    assert!(msg.contains("did you mean `FOGRA51`?"), "{msg}");
    // A registered name is written with its description and passes the check.
    with("output_condition = \"CGATS21_CRPC6\"");
    build_it().unwrap();
    let pdf = std::fs::read(dir.join("out.pdf")).unwrap();
    assert!(String::from_utf8_lossy(&pdf).contains("GRACoL 2013"));
    assert!(inspect(&pdf, &Rules::default().with(|o| o.pdfx = true)).unwrap().ok());
    // Any name with the printer's CMYK profile: embedded as DestOutputProfile.
    let mut icc = vec![0u8; 200];
    icc[12..16].copy_from_slice(b"prtr");
    icc[16..20].copy_from_slice(b"CMYK");
    icc[36..40].copy_from_slice(b"acsp");
    std::fs::write(dir.join("local.icc"), &icc).unwrap();
    with("output_condition = \"My Local Printer Uncoated\"\noutput_profile = \"local.icc\"");
    build_it().unwrap();
    let pdf = std::fs::read(dir.join("out.pdf")).unwrap();
    assert!(String::from_utf8_lossy(&pdf).contains("/DestOutputProfile"));
    let r = inspect(&pdf, &Rules::default().with(|o| o.pdfx = true)).unwrap();
    assert!(r.ok(), "{}", r.table());
    assert_eq!(r.pdfx.as_deref(), Some("PDF/X-1a:2001"));
    with("output_condition = \"My Local Printer Uncoated\"\noutput_profile = \"missing.icc\"");
    let msg = chapbook::diag::render(&build_it().unwrap_err().diagnostics, &dir);
    assert!(msg.contains("missing.icc") && msg.contains("not in the project"), "{msg}");
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
    // `check` writes nothing: the output folder is as it was, file by file.
    let listing = || -> Vec<(std::ffi::OsString, Option<std::time::SystemTime>)> {
        let mut v: Vec<_> = std::fs::read_dir(root().join("output"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| (e.file_name(), e.metadata().and_then(|m| m.modified()).ok()))
            .collect();
        v.sort();
        v
    };
    let before = listing();
    let (code, out) = run(&["check"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("project: ok") && out.contains("A5") && out.contains("problems    none"), "{out}");
    // The book is not PDF/X, so holding it to PDF/X names the missing keys and fails.
    let (code, out) = run(&["check", "--pdfx"]);
    assert_eq!(code, Some(1));
    assert!(out.contains("GTS_PDFXVersion"), "{out}");
    assert_eq!(listing(), before, "check wrote into output/");
}

/// The mini fixture grown to `sections` sections on 6×9 in pages with the given margins.
fn long_book(name: &str, sections: usize, margins: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    copy_dir(&fixture("mini"), &dir);
    let two = std::fs::read_to_string(dir.join("layout/02-two.toml")).unwrap();
    for i in 3..=sections {
        let text = two.replace("numeral = \"II\"", &format!("numeral = \"N{i}\""));
        std::fs::write(dir.join(format!("layout/{i:02}-more.toml")), text).unwrap();
    }
    let toml = dir.join("layout/book.toml");
    let base = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, base.replace("size = \"a5\"", &format!("size = \"6x9in\"\n{margins}"))).unwrap();
    dir
}

#[test]
fn kdp_target_builds_a_book_that_keeps_its_rules_and_stops_one_that_breaks_them() {
    let good = long_book("target-kdp", 24, "top = \"20mm\"\nbottom = \"24mm\"\ninside = \"24mm\"\noutside = \"16mm\"");
    let out = good.join("out.pdf");
    let opts = BuildOptions::default().with(|o| {
        o.project = good.clone();
        o.output = Some(out.clone());
        o.target = Some("kdp".into());
    });
    let report = build(&opts).unwrap_or_else(|e| panic!("{}", chapbook::diag::render(&e.diagnostics, &good)));
    assert!(report.pages >= 24);
    let pdf = std::fs::read(&out).unwrap();
    // Bleed on head, foot and fore-edge only: the page is trim + 0.125 in wide and
    // + 0.25 in high; rectos start at the spine (x = 0), versos 9 pt in.
    let (media, trims) = (boxes(&pdf, "MediaBox"), boxes(&pdf, "TrimBox"));
    assert!(media.iter().all(|m| *m == [0.0, 0.0, 441.0, 666.0]), "{:?}", &media[..2]);
    assert_eq!(trims[0], [0.0, 9.0, 432.0, 657.0]);
    assert_eq!(trims[1], [9.0, 9.0, 441.0, 657.0]);
    assert!(!String::from_utf8_lossy(&pdf).contains("/Outlines"), "no bookmarks for kdp");
    let kdp = chapbook::targets::find("kdp").unwrap();
    let r = inspect(&pdf, &Rules::default().with(|o| o.target = Some(kdp))).unwrap();
    assert!(r.ok(), "{}", r.table());
    // An annotation added afterwards is refused.
    let mut doc = lopdf::Document::load_mem(&pdf).unwrap();
    let first = doc.page_iter().next().unwrap();
    let link = doc.add_object(lopdf::dictionary! { "Type" => "Annot", "Subtype" => "Link", "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()] });
    doc.get_dictionary_mut(first).unwrap().set("Annots", vec![lopdf::Object::Reference(link)]);
    let mut annotated = Vec::new();
    doc.save_to(&mut annotated).unwrap();
    let r = inspect(&annotated, &Rules::default().with(|o| o.target = Some(kdp))).unwrap();
    assert_eq!(r.problems.iter().map(|p| p.rule.as_str()).collect::<Vec<_>>(), ["target-annotations"]);
    // The same book with folios too near the foot, and with marks: each rule named with
    // its value and the fix.
    let opts = opts.with(|o| o.marks = Some(true));
    let e = build(&opts).unwrap_err();
    let msg = chapbook::diag::render(&e.diagnostics, &good);
    assert!(msg.contains("kdp: crop marks: the service accepts none"), "{msg}");
    let low = long_book("target-kdp-low", 24, "bottom = \"12mm\"");
    let e = build(&BuildOptions::default().with(|o| {
        o.project = low.clone();
        o.output = Some(low.join("o.pdf"));
        o.target = Some("kdp".into());
    }))
    .unwrap_err();
    let msg = chapbook::diag::render(&e.diagnostics, &low);
    assert!(msg.contains("from the foot trim; kdp needs 9.5 mm: raise `[page] bottom`"), "{msg}");
    assert!(!low.join("o.pdf").exists());
    // `[print] target` in book.toml does the same as --target; a misspelt one is shown
    // where it is, with a did-you-mean.
    let toml = low.join("layout/book.toml");
    let base = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{base}\n[print]\ntarget = \"kdp\"\n")).unwrap();
    let e = build(&BuildOptions::default().with(|o| {
        o.project = low.clone();
        o.output = Some(low.join("o.pdf"));
    }))
    .unwrap_err();
    assert!(chapbook::diag::render(&e.diagnostics, &low).contains("raise `[page] bottom`"));
    std::fs::write(&toml, format!("{base}\n[print]\ntarget = \"kpd\"\n")).unwrap();
    let e = build(&BuildOptions::default().with(|o| {
        o.project = low.clone();
        o.output = Some(low.join("o.pdf"));
    }))
    .unwrap_err();
    let msg = chapbook::diag::render(&e.diagnostics, &low);
    assert!(msg.contains("unknown print target `kpd` (did you mean `kdp`?)") && msg.contains("book.toml:"), "{msg}");
    // The rules, printed without a project.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_chapbook"))
        .args(["check", "--target", "kdp", "--rules"])
        .current_dir(scratch("rules-anywhere"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success() && text.contains("0.875 in beyond") && text.contains("source"), "{text}");
}

#[test]
fn a_pdf_made_for_offset_is_refused_by_kdp_rule_by_rule() {
    let (pdf, _) = build_with("target-offset", |o| o.target = Some("offset".into()));
    let t = |n| Some(chapbook::targets::find(n).unwrap());
    let offset = inspect(
        &pdf,
        &Rules::default().with(|o| {
            o.target = t("offset");
            o.pdfx = true;
        }),
    )
    .unwrap();
    assert!(offset.ok(), "{}", offset.table());
    assert_eq!(offset.pdfx.as_deref(), Some("PDF/X-1a:2001"));
    let kdp = inspect(&pdf, &Rules::default().with(|o| o.target = t("kdp"))).unwrap();
    let rules: Vec<&str> = kdp.problems.iter().map(|p| p.rule.as_str()).collect();
    assert_eq!(rules, ["target-pages", "target-bleed", "target-marks", "target-bookmarks"], "{}", kdp.table());
    let rules_of = |name| -> Vec<String> {
        let r = inspect(&pdf, &Rules::default().with(|o| o.target = t(name))).unwrap();
        r.problems.iter().map(|p| p.rule.clone()).collect()
    };
    // Offset's 3 mm bleed is Lulu's and IngramSpark's 0.125 in, as their guides say.
    assert_eq!(rules_of("lulu"), ["target-pages", "target-marks"]);
    assert_eq!(rules_of("ingramspark"), ["target-pages", "target-last-page", "target-marks"]);
    // Imposed sheets are not what a service takes.
    let (_, report) = build_with("target-imposed", |o| o.impose = Some(impose_opts(Sheet::Spread, false)));
    let sheets = std::fs::read(report.imposed.unwrap().path).unwrap();
    let r = inspect(&sheets, &Rules::default().with(|o| o.target = t("offset"))).unwrap();
    assert!(r.problems.iter().any(|p| p.rule == "target-imposed"), "{}", r.table());
}

/// `chapbook check` on the repository's chapbook with the given arguments: (exit code,
/// stderr).
fn check_cli(args: &[&str]) -> (Option<i32>, String) {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_chapbook"))
        .arg("check")
        .arg("--project")
        .arg(root())
        .args(args)
        .output()
        .unwrap();
    (o.status.code(), String::from_utf8_lossy(&o.stderr).into_owned())
}

#[test]
fn service_rules_follow_the_binding_and_the_trim() {
    // KDP sells no saddle stitch, and says who does.
    let (code, err) = check_cli(&["--target", "kdp", "--binding", "saddle"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("kdp sells no saddle binding (it binds perfect only)"), "{err}");
    assert!(err.contains("choose a target that does (lulu, offset)"), "{err}");
    assert!(err.contains("use `--binding perfect`"), "{err}");
    // The same from book.toml names the key to change.
    let dir = scratch("binding-in-book");
    copy_dir(&fixture("mini"), &dir);
    let toml = dir.join("layout/book.toml");
    let base = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{base}\n[print]\ntarget = \"kdp\"\nbinding = \"saddle\"\n")).unwrap();
    let e = build(&BuildOptions::default().with(|o| {
        o.project = dir.clone();
        o.output = Some(dir.join("o.pdf"));
    }))
    .unwrap_err();
    let msg = chapbook::diag::render(&e.diagnostics, &dir);
    assert!(
        msg.contains("kdp sells no saddle binding") && msg.contains("set `[print] binding = \"perfect\"`"),
        "{msg}"
    );
    // The chapbook saddle-stitched keeps Lulu's page rules (its canon margins widen to
    // Lulu's safe zone, and it runs to 16 pages); perfect bound it has too few pages.
    let (_, err) = check_cli(&["--target", "lulu", "--binding", "saddle"]);
    assert!(!err.contains("page count") && !err.contains("binding:") && !err.contains("trim:"), "{err}");
    let (_, err) = check_cli(&["--target", "lulu", "--binding", "perfect"]);
    assert!(err.contains("the book has 16 pages; lulu needs at least 32 for perfect binding"), "{err}");
    // KDP prints neither A6 nor 300 × 400 mm.
    let (code, err) = check_cli(&["--target", "kdp", "--page-size", "a6"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("trim: 105.0 × 148.0 mm (A6) is not a trim kdp prints: it prints any width from 4 in"),
        "{err}"
    );
    let (_, err) = check_cli(&["--target", "kdp", "--page-size", "300mmx400mm"]);
    assert!(err.contains("trim: 300.0 × 400.0 mm is not a trim kdp prints"), "{err}");
    // A binding the command line does not know is a usage error.
    let (code, err) = check_cli(&["--target", "kdp", "--binding", "spiral"]);
    assert_eq!(code, Some(2), "{err}");
}

#[test]
fn a_wider_bleed_than_the_service_asks_is_kept_and_passes() {
    // 5 mm for offset (3 mm): extra bleed is trimmed off, never a fault.
    let dir = scratch("bleed-5mm");
    copy_dir(&fixture("mini"), &dir);
    let toml = dir.join("layout/book.toml");
    let base = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{base}\n[print]\nbleed = \"5mm\"\npad_to = 4\n")).unwrap();
    let out = dir.join("out.pdf");
    let opts = BuildOptions::default().with(|o| {
        o.project = dir.clone();
        o.output = Some(out.clone());
        o.target = Some("offset".into());
    });
    build(&opts).unwrap_or_else(|e| panic!("{}", chapbook::diag::render(&e.diagnostics, &dir)));
    let pdf = std::fs::read(&out).unwrap();
    let offset = chapbook::targets::find("offset").unwrap();
    let r = inspect(
        &pdf,
        &Rules::default().with(|o| {
            o.target = Some(offset);
            o.pdfx = true;
        }),
    )
    .unwrap();
    assert!(r.ok(), "{}", r.table());
    let mm = r.bleed.unwrap() * 25.4 / 72.0;
    assert!((mm - 5.0).abs() < 0.01, "bleed {mm} mm");
    // Lulu takes it too; KDP sizes the page as trim plus exactly 0.125 in, so it does not.
    let lulu = inspect(&pdf, &Rules::default().with(|o| o.target = chapbook::targets::find("lulu").ok())).unwrap();
    assert!(!lulu.problems.iter().any(|p| p.rule == "target-bleed"), "{}", lulu.table());
    let kdp = inspect(&pdf, &Rules::default().with(|o| o.target = chapbook::targets::find("kdp").ok())).unwrap();
    assert!(kdp.problems.iter().any(|p| p.rule == "target-bleed"), "{}", kdp.table());
}

#[test]
fn a_service_with_marks_gets_them_on_its_sheets_and_print_files_carry_no_bookmarks() {
    // `--target offset --impose saddle --sheet sra3`: offset wants crop marks, so the
    // sheets carry them (and the slug), without --marks.
    let sra3 = Sheet::parse("sra3").unwrap();
    let (book, report) = build_with("offset-sra3", |o| {
        o.target = Some("offset".into());
        o.impose = Some(impose_opts(sra3, false));
    });
    let imp = report.imposed.clone().unwrap();
    assert!(imp.marks, "{imp:?}");
    let sheets = std::fs::read(&imp.path).unwrap();
    // The sheet is SRA3 and the MediaBox reaches past the bleed: room for the marks.
    let near = |a: f32, b: f32| (a - b).abs() < 0.01;
    for m in boxes(&sheets, "MediaBox") {
        assert!(near(m[2], 450.0 * MM) && near(m[3], 320.0 * MM), "{m:?}");
    }
    let r = inspect(&sheets, &Rules::default()).unwrap();
    assert!(r.ok(), "{}", r.table());
    if let Some((ok, text, _)) = run_tool("pdftotext", &["-f", "1", "-l", "1", imp.path.to_str().unwrap(), "-"]) {
        assert!(ok && text.contains("sheet 1 of 3") && text.contains("front"), "slug line: {text}");
    }
    // The book keeps its bookmarks (offset takes them); the print file has none …
    assert!(String::from_utf8_lossy(&book).contains("/Outlines"));
    assert!(!String::from_utf8_lossy(&sheets).contains("/Outlines"), "the imposed file carries no bookmarks");
    // … unless asked.
    let (_, report) = build_with("offset-sra3-bookmarks", |o| {
        o.target = Some("offset".into());
        o.impose = Some(impose_opts(sra3, false));
        o.imposed_bookmarks = true;
    });
    let sheets = std::fs::read(report.imposed.unwrap().path).unwrap();
    assert!(String::from_utf8_lossy(&sheets).contains("/Outlines"));
}

#[test]
fn creep_into_the_fold_is_a_warning_naming_sheet_and_page() {
    // A 6 × 9 in book with a 5 mm inside margin, imposed as one booklet on 0.7 mm board:
    // the inner sheets' text moves within 3 mm of the fold. The build says so, and keeps
    // the book as asked.
    let dir = long_book("creep-fold", 2, "inside = \"5mm\"");
    let line = "a line long enough to fill the whole measure from the inside margin to the outside one, and more";
    for i in 3..=16 {
        let text =
            format!("numeral = \"N{i}\"\ntitle = \"Long\"\n[[block]]\nkind = \"verse\"\ntext = '''\n{line}\n'''\n");
        std::fs::write(dir.join(format!("layout/{i:02}-long.toml")), text).unwrap();
    }
    let out = dir.join("out.pdf");
    let report = build(&BuildOptions::default().with(|o| {
        o.project = dir.clone();
        o.output = Some(out.clone());
        o.impose = Some(ImposeOptions::default().with(|o| {
            o.sheet = Sheet::Tabloid;
            o.paper_thickness = 0.7 * MM;
        }));
    }))
    .unwrap_or_else(|e| panic!("{}", chapbook::diag::render(&e.diagnostics, &dir)));
    let creep: Vec<&str> =
        report.warnings.iter().map(|w| &*w.message).filter(|m| m.starts_with("creep: on sheet ")).collect();
    assert_eq!(creep.len(), 1, "{:?}", report.warnings);
    assert!(creep[0].contains("toward the spine") && creep[0].contains("would keep every page clear"), "{creep:?}");
    assert!(out.exists());
    // --deny-warnings makes it an error, and nothing is written.
    let strict = dir.join("strict.pdf");
    let e = build(&BuildOptions::default().with(|o| {
        o.project = dir.clone();
        o.output = Some(strict.clone());
        o.impose = Some(ImposeOptions::default().with(|o| {
            o.sheet = Sheet::Tabloid;
            o.paper_thickness = 0.7 * MM;
        }));
        o.deny_warnings = true;
    }))
    .unwrap_err();
    assert!(e.diagnostics.iter().any(|d| d.message.starts_with("creep:")));
    assert!(!strict.exists());
}
