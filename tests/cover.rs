//! `chapbook cover`, read back from the PDFs it writes: the boxes of the wrap, the spine's
//! width against the services' formula for several page counts and papers, the spine's
//! turned text present only where the service allows it, the bar code decoded by a real
//! reader (zbarimg), and the ISBN's check digit refused at its line and column.

mod common;

use chapbook::cover::{BarcodeState, CoverOptions, make};
use chapbook::targets::{Binding, find};
/// Points in an inch.
const IN: f32 = 72.0;
/// Points in a millimetre.
const MM: f32 = 72.0 / 25.4;
use common::{run_tool, scratch, to_file, tool_missing};
use std::path::{Path, PathBuf};

const ISBN: &str = "978-0-306-40615-7";

/// A project of `sections` one-page sections (so the page count grows with it) and
/// `cover` as its `[cover]` table.
fn project(name: &str, sections: usize, cover: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::create_dir_all(dir.join("layout")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(common::root().join("fonts"), dir.join("fonts")).unwrap();
    let book = format!(
        "title = \"Small Hours\"\nauthor = \"A. Poet\"\ncontents = false\n\n[page]\nsize = \"6x9in\"\n\n\
         [type]\nfamily = \"EB Garamond\"\nsize = \"10.5pt\"\nleading = \"14pt\"\n\n[cover]\n{cover}\n"
    );
    std::fs::write(dir.join("layout/book.toml"), book).unwrap();
    for i in 1..=sections {
        let section = format!(
            "title = \"Hour {i}\"\nstart = \"recto\"\n\n[[block]]\nkind = \"verse\"\ntext = '''\nthe clock says {i}\nand nothing else\n'''\n"
        );
        std::fs::write(dir.join(format!("layout/{i:03}-hour.toml")), section).unwrap();
    }
    dir
}

fn opts(project: &Path, target: Option<&str>, binding: Binding) -> CoverOptions {
    CoverOptions::default().with(|o| {
        o.project = project.to_path_buf();
        o.target = target.map(str::to_string);
        o.binding = Some(binding);
    })
}

fn made(o: &CoverOptions) -> (Vec<u8>, chapbook::cover::CoverReport) {
    make(o).unwrap_or_else(|e| panic!("{}", chapbook::diag::render(&e.diagnostics, &o.project)))
}

/// (MediaBox, TrimBox, BleedBox) of every page, read with lopdf.
fn page_boxes(pdf: &[u8]) -> Vec<[[f32; 4]; 3]> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.page_iter()
        .map(|id| {
            let page = doc.get_dictionary(id).unwrap();
            let rect = |k: &[u8]| -> [f32; 4] {
                let v: Vec<f32> =
                    page.get(k).unwrap().as_array().unwrap().iter().map(|o| o.as_float().unwrap()).collect();
                [v[0], v[1], v[2], v[3]]
            };
            [rect(b"MediaBox"), rect(b"TrimBox"), rect(b"BleedBox")]
        })
        .collect()
}

/// Whether the first page draws text inside a quarter turn (`0 -1 1 0 e f cm … BT`).
fn turned_text(pdf: &[u8]) -> bool {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let id = doc.page_iter().next().unwrap();
    let ops = lopdf::content::Content::decode(&doc.get_page_content(id)).unwrap().operations;
    let mut depth_in_turn: Option<usize> = None;
    let mut depth = 0;
    for op in &ops {
        match op.operator.as_str() {
            "q" => depth += 1,
            "Q" => {
                if depth_in_turn == Some(depth) {
                    depth_in_turn = None;
                }
                depth -= 1;
            }
            "cm" => {
                let v: Vec<f32> = op.operands.iter().map(|o| o.as_float().unwrap()).collect();
                if v[..4] == [0.0, -1.0, 1.0, 0.0] {
                    depth_in_turn = Some(depth);
                }
            }
            "BT" if depth_in_turn.is_some() => return true,
            _ => {}
        }
    }
    false
}

fn near(a: f32, b: f32, tol: f32) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn a_saddle_cover_is_two_spreads_of_two_trims_plus_bleed() {
    let p = project("saddle", 4, &format!("isbn = \"{ISBN}\"\nback = '''A short book of hours.'''"));
    let (pdf, report) = made(&opts(&p, None, Binding::Saddle));
    let (w, h, b) = (6.0 * IN, 9.0 * IN, 3.0 * MM);
    assert_eq!((report.sides, report.spine), (2, None));
    let boxes = page_boxes(&pdf);
    assert_eq!(boxes.len(), 2);
    for [media, trim, bleed] in boxes {
        assert!(near(media[2], 2.0 * w + 2.0 * b, 0.02) && near(media[3], h + 2.0 * b, 0.02), "{media:?}");
        assert_eq!(media, bleed);
        for (got, want) in trim.iter().zip([b, b, b + 2.0 * w, b + h]) {
            assert!(near(*got, want, 0.02), "{trim:?}");
        }
    }
    // Preflight knows it for a cover, with its trim two pages wide.
    let r = chapbook::preflight::inspect(
        &pdf,
        &chapbook::preflight::Rules::default().with(|o| o.expected_trim = Some((w, h))),
    )
    .unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(matches!(r.recognised(), chapbook::preflight::Recognised::Cover { perfect: false, .. }));
}

/// The back's text reads the poet's inline markup as the verse does: no marker prints,
/// even where an emphasis runs over a line's end.
#[test]
fn the_backs_text_reads_inline_markup() {
    let back = "back = '''A *book of hours kept through one long winter, written at night and read aloud \
                by the window* for ^^nasa^^ and friends.'''";
    let p = project("back-markup", 4, back);
    let (pdf, _) = made(&opts(&p, None, Binding::Saddle));
    let Some((true, text, _)) = run_tool("pdftotext", &[to_file("back-markup.pdf", &pdf).to_str().unwrap(), "-"])
    else {
        return tool_missing("pdftotext");
    };
    assert!(text.contains("book of hours") && text.contains("window"), "{text}");
    assert!(!text.contains('*') && !text.contains('^'), "a marker printed: {text}");
}

/// A black-and-white service prints its interiors in gray and its covers in colour: a
/// cover in CMYK passes `check --pdf` for it (an interior in CMYK does not: preflight's
/// own tests).
#[test]
fn a_colour_cover_passes_a_black_and_white_service() {
    use lopdf::{Dictionary, Object, Stream};
    let p = project("colour-cover", 30, "paper = \"white\"");
    let (gray, _) = made(&opts(&p, Some("kdp"), Binding::Perfect));
    let mut pdf = lopdf::Document::load_mem(&gray).unwrap();
    let page = pdf.page_iter().next().unwrap();
    let ink = pdf.add_object(Stream::new(Dictionary::new(), b"0 0.8 0.6 0 k 20 20 200 200 re f".to_vec()));
    let dict = pdf.get_object_mut(page).unwrap().as_dict_mut().unwrap();
    let contents = match dict.get(b"Contents").unwrap().clone() {
        Object::Array(mut a) => {
            a.push(Object::Reference(ink));
            a
        }
        one => vec![one, Object::Reference(ink)],
    };
    dict.set("Contents", Object::Array(contents));
    let mut colour = Vec::new();
    pdf.save_to(&mut colour).unwrap();
    let rules = chapbook::preflight::Rules::default().with(|o| {
        o.expected_trim = Some((6.0 * IN, 9.0 * IN));
        o.target = find("kdp").ok();
    });
    let r = chapbook::preflight::inspect(&colour, &rules).unwrap();
    assert!(r.colour_spaces.iter().any(|c| c == "DeviceCMYK"), "the colour was not seen: {:?}", r.colour_spaces);
    assert!(matches!(r.recognised(), chapbook::preflight::Recognised::Cover { .. }));
    assert!(r.problems.is_empty(), "{:?}", r.problems);
}

/// A service's paper named with no service to look it up in: the error points at
/// `paper` in book.toml and names both fixes (a target, or the caliper).
#[test]
fn a_paper_without_a_service_points_at_paper_and_names_both_fixes() {
    let p = project("paper-no-service", 4, "binding = \"perfect\"\npaper = \"cream\"");
    let e = make(&CoverOptions::default().with(|o| o.project = p.clone())).expect_err("no service, no cream");
    let text = chapbook::diag::render(&e, &p);
    assert!(text.contains("book.toml:") && text.contains("paper = \"cream\""), "{text}");
    assert!(text.contains("--target") && text.contains("caliper"), "{text}");
}

#[test]
fn the_spine_is_pages_times_the_papers_caliper() {
    let kdp = find("kdp").unwrap();
    let lulu = find("lulu").unwrap();
    for (sections, paper) in [(8, "white"), (30, "cream"), (60, "color")] {
        let p = project(&format!("spine-{sections}"), sections, &format!("paper = \"{paper}\""));
        for service in [kdp, lulu] {
            let (pdf, report) = made(&opts(&p, Some(service.name), Binding::Perfect));
            let per_page = service.cover.paper(service.name, paper).unwrap();
            let want = report.pages as f32 * per_page + service.cover.spine_extra;
            let [media, trim, bleed] = page_boxes(&pdf)[0];
            let spine = trim[2] - trim[0] - 2.0 * 6.0 * IN;
            assert!(
                near(spine, want, 0.02),
                "{} {paper} {} pages: spine {spine}, formula {want}",
                service.name,
                report.pages
            );
            assert!(near(report.spine.unwrap(), want, 0.01));
            // Bleed on every side, the service's; no room for marks.
            assert_eq!(media, bleed);
            for m in [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]] {
                assert!(near(m, service.bleed, 0.02), "{m}");
            }
            // And the file passes check --pdf for its service at its trim.
            let rules = chapbook::preflight::Rules::default().with(|o| {
                o.expected_trim = Some((6.0 * IN, 9.0 * IN));
                o.target = Some(service);
            });
            let r = chapbook::preflight::inspect(&pdf, &rules).unwrap();
            assert!(r.problems.is_empty(), "{} {paper}: {:?}", service.name, r.problems);
            let chapbook::preflight::Recognised::Cover { spine: Some(spine), .. } = r.recognised() else {
                panic!("{} {paper}: not read as a cover with a spine", service.name)
            };
            assert!(near(spine, want, 0.02));
        }
    }
    // KDP's own example: 200 pages of white paper, 0.4504 in.
    assert!(near(kdp.cover.spine(200, kdp.cover.paper("kdp", "white").unwrap()) / IN, 0.4504, 1e-4));
}

#[test]
fn a_caliper_is_a_leaf_and_a_wrong_spine_is_named_by_check() {
    let p = project("caliper", 8, "caliper = \"0.2mm\"");
    let (pdf, report) = made(&opts(&p, None, Binding::Perfect));
    let want = report.pages as f32 / 2.0 * 0.2 * MM;
    assert!(near(report.spine.unwrap(), want, 0.01), "{:?} {want}", report.spine);
    // A 0.2 mm leaf is no KDP paper: check --pdf --target kdp names the widths it wants.
    let kdp = find("kdp").unwrap();
    let rules = chapbook::preflight::Rules::default().with(|o| {
        o.expected_trim = Some((6.0 * IN, 9.0 * IN));
        o.target = Some(kdp);
    });
    let r = chapbook::preflight::inspect(&pdf, &rules).unwrap();
    assert!(r.problems.iter().any(|p| p.rule == "cover-spine" && p.detail.contains("white")), "{:?}", r.problems);
}

#[test]
fn spine_text_only_where_the_service_allows_it() {
    // Over 79 pages KDP prints spine text; at fewer it does not.
    let thick = project("thick", 45, "paper = \"cream\"");
    let (pdf, report) = made(&opts(&thick, Some("kdp"), Binding::Perfect));
    assert!(report.pages > 79, "{}", report.pages);
    assert!(report.spine_text && turned_text(&pdf));
    // The turned text is the title and the author, and extractable.
    if let Some((true, text, _)) = run_tool("pdftotext", &[to_file("thick-cover.pdf", &pdf).to_str().unwrap(), "-"]) {
        assert!(text.contains("Small Hours") && text.contains("A. Poet"), "{text}");
    }
    let thin = project("thin", 8, "paper = \"cream\"");
    let (pdf, report) = made(&opts(&thin, Some("kdp"), Binding::Perfect));
    assert!(report.pages <= 79);
    assert!(!report.spine_text && !turned_text(&pdf));
    assert!(report.notes.iter().any(|n| n.contains("more than 79 pages")), "{:?}", report.notes);
    // KDP binds no fewer than 24 pages: the cover says the interior will be refused.
    assert!(report.pages < 24);
    let said: Vec<&str> = report.warnings.iter().map(|w| w.message.as_ref()).collect();
    assert!(said.iter().any(|w| w.contains("kdp needs at least 24")), "{said:?}");
    let (_, report) = made(&opts(&thick, Some("kdp"), Binding::Perfect));
    assert!(!report.warnings.iter().any(|w| w.message.contains("page count")), "{:?}", report.warnings);
    // A saddle cover has no spine at all.
    let (pdf, _) = made(&opts(&thick, Some("lulu"), Binding::Saddle));
    assert!(!turned_text(&pdf));
}

#[test]
fn the_barcode_decodes_with_a_real_reader() {
    let p = project("barcode", 4, &format!("isbn = \"{ISBN}\""));
    let (pdf, report) = made(&opts(&p, Some("kdp"), Binding::Perfect));
    assert_eq!(report.barcode, BarcodeState::Printed);
    let file = to_file("barcode-cover.pdf", &pdf);
    let png = file.with_extension("");
    let Some((ok, _, err)) =
        run_tool("pdftoppm", &["-r", "300", "-png", "-singlefile", file.to_str().unwrap(), png.to_str().unwrap()])
    else {
        return;
    };
    assert!(ok, "{err}");
    let Some((ok, out, err)) = run_tool("zbarimg", &["-q", "--raw", png.with_extension("png").to_str().unwrap()])
    else {
        return;
    };
    assert!(ok, "zbarimg found no code: {err}");
    assert_eq!(out.trim(), "9780306406157");
    // K only: preflight finds nothing but DeviceGray.
    let r = chapbook::preflight::inspect(&pdf, &chapbook::preflight::Rules::default()).unwrap();
    assert_eq!(r.colour_spaces, ["DeviceGray"]);
}

#[test]
fn without_an_isbn_the_services_area_is_kept_clear() {
    let long = "Words that go on. ".repeat(260);
    let p = project("clear", 4, &format!("back = '''{long}'''"));
    let err = make(&opts(&p, Some("lulu"), Binding::Saddle)).expect_err("the back's text reaches the bar-code area");
    let text = chapbook::diag::render(&err.diagnostics, &p);
    assert!(text.contains("bar-code area"), "{text}");
    let p = project("clear-short", 4, "back = '''A short text.'''");
    let (_, report) = made(&opts(&p, Some("lulu"), Binding::Saddle));
    assert_eq!(report.barcode, BarcodeState::KeptClear);
}

#[test]
fn a_wrong_check_digit_names_the_right_one_at_its_place() {
    let p = project("bad-isbn", 2, "isbn = \"978-0-306-40615-2\"");
    let err = make(&opts(&p, None, Binding::Saddle)).expect_err("a wrong check digit is an error");
    let text = chapbook::diag::render(&err.diagnostics, &p);
    // [cover] is line 13 of the generated book.toml, the ISBN's value starts at column 8.
    assert!(text.contains("layout/book.toml:14:8"), "{text}");
    assert!(text.contains("wrong check digit 2") && text.contains("give 7"), "{text}");
    assert!(text.contains("978-0-306-40615-7"), "{text}");
}

#[test]
fn the_command_writes_the_default_file_and_check_passes_it() {
    let p = project("cli", 4, &format!("isbn = \"{ISBN}\""));
    let exe = env!("CARGO_BIN_EXE_chapbook");
    let out = std::process::Command::new(exe)
        .args(["cover", "--project", p.to_str().unwrap(), "--target", "lulu", "--binding", "perfect"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("perfect cover") && stdout.contains("spine"), "{stdout}");
    let file = p.join("output/chapbook-cover.pdf");
    assert!(file.is_file());
    let out = std::process::Command::new(exe)
        .args(["check", "--pdf", file.to_str().unwrap(), "--target", "lulu", "--page-size", "6x9in"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("perfect-bound wrap"), "{stdout}");
    // A proof at another size goes beside it and leaves the cover as it was.
    let before = std::fs::read(&file).unwrap();
    let out = std::process::Command::new(exe)
        .args(["cover", "--project", p.to_str().unwrap(), "--page-size", "5x8in"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(p.join("output/chapbook-cover-5x8in.pdf").is_file());
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn check_holds_a_project_with_a_cover_to_the_cover_rules() {
    let long = "Words that go on. ".repeat(260);
    let p = project("check-cover", 4, &format!("back = '''{long}'''"));
    let err = chapbook::build::check(&chapbook::build::BuildOptions::new(&p))
        .expect_err("the back's text runs into the bar-code area");
    let text = chapbook::diag::render(&err.diagnostics, &p);
    assert!(text.contains("bar-code area") && text.contains("in the cover"), "{text}");
    assert!(text.contains("layout/book.toml:"), "{text}");
    let p = project("check-cover-ok", 4, "back = '''A short text.'''");
    assert!(chapbook::build::check(&chapbook::build::BuildOptions::new(&p)).is_ok());
}

#[test]
fn a_cover_the_service_cannot_print_says_why_and_where_to_change_it() {
    // KDP prints no A6 books: no cover for one either.
    let p = project("kdp-a6", 4, "");
    let o = opts(&p, Some("kdp"), Binding::Perfect).with(|o| o.page_size = Some("a6".into()));
    let err = make(&o).expect_err("KDP prints no A6 trim");
    let text = chapbook::diag::render(&err.diagnostics, &p);
    assert!(text.contains("trim") && text.contains("is not a trim kdp prints"), "{text}");
    // KDP sells no saddle stitch; the binding came from [cover], and the message says so.
    let p = project("kdp-saddle", 4, "binding = \"saddle\"");
    let o = opts(&p, Some("kdp"), Binding::Perfect).with(|o| o.binding = None);
    let err = make(&o).expect_err("KDP sells no saddle stitch");
    let text = chapbook::diag::render(&err.diagnostics, &p);
    assert!(text.contains("`[cover] binding` in book.toml"), "{text}");
    // Offset prints spine text at any count, but a thin book's spine has no room for it:
    // the report says what the cover carries, not what was allowed.
    let p = project("offset-thin", 4, "caliper = \"0.1mm\"");
    let (pdf, report) = made(&opts(&p, Some("offset"), Binding::Perfect));
    assert!(!report.spine_text && !turned_text(&pdf), "{:?}", report.notes);
    assert!(report.notes.iter().any(|n| n.contains("too narrow")), "{:?}", report.notes);
}

/// Every stroked straight segment of each page, `[x0 y0 x1 y1]` in page points (y up),
/// read with lopdf through `cm`, `q` and `Q`.
fn stroked_segments(pdf: &[u8]) -> Vec<Vec<[f32; 4]>> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.page_iter()
        .map(|id| {
            let ops = lopdf::content::Content::decode(&doc.get_page_content(id)).unwrap().operations;
            let mut ctm = [1.0f32, 0.0, 0.0, 1.0, 0.0, 0.0];
            let mut stack = Vec::new();
            let (mut path, mut out) = (Vec::new(), Vec::new());
            let at = |m: &[f32; 6], x: f32, y: f32| (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]);
            for op in &ops {
                let v: Vec<f32> = op.operands.iter().filter_map(|o| o.as_float().ok()).collect();
                match op.operator.as_str() {
                    "q" => stack.push(ctm),
                    "Q" => ctm = stack.pop().unwrap(),
                    "cm" => {
                        let m = ctm;
                        ctm = [
                            v[0] * m[0] + v[1] * m[2],
                            v[0] * m[1] + v[1] * m[3],
                            v[2] * m[0] + v[3] * m[2],
                            v[2] * m[1] + v[3] * m[3],
                            v[4] * m[0] + v[5] * m[2] + m[4],
                            v[4] * m[1] + v[5] * m[3] + m[5],
                        ];
                    }
                    "m" => path = vec![at(&ctm, v[0], v[1])],
                    "l" => path.push(at(&ctm, v[0], v[1])),
                    "S" => {
                        for w in path.windows(2) {
                            out.push([w[0].0, w[0].1, w[1].0, w[1].1]);
                        }
                        path.clear();
                    }
                    "n" | "f" | "f*" | "B" | "b" | "re" => path.clear(),
                    _ => {}
                }
            }
            out
        })
        .collect()
}

#[test]
fn an_offset_cover_carries_crop_marks_outside_the_bleed_on_a_sheet_grown_to_hold_them() {
    let offset = find("offset").unwrap();
    let p = project("offset-marks", 12, "caliper = \"0.1mm\"");
    for binding in [Binding::Saddle, Binding::Perfect] {
        let (pdf, report) = made(&opts(&p, Some("offset"), binding));
        assert!(
            report.notes.iter().any(|n| n.starts_with("marks: crop marks outside the bleed")),
            "{:?}",
            report.notes
        );
        let marks = stroked_segments(&pdf);
        for (page, ([media, trim, bleed], segs)) in page_boxes(&pdf).into_iter().zip(&marks).enumerate() {
            let what = format!("{binding:?} page {}", page + 1);
            // The sheet: the bleed box grown by the marks' room on every side.
            for (m, b) in [(bleed[0] - media[0], 0), (bleed[1] - media[1], 1), (media[2] - bleed[2], 2)] {
                assert!(near(m, 18.0, 0.01), "{what}: room {m} on side {b}");
            }
            assert!(near(trim[0] - bleed[0], offset.bleed, 0.02), "{what}: bleed");
            // Every stroke lies on the sheet and outside the bleed (nothing on the cover
            // itself is stroked).
            let outside = |x: f32, y: f32| x <= bleed[0] || x >= bleed[2] || y <= bleed[1] || y >= bleed[3];
            let on_sheet = |x: f32, y: f32| x >= media[0] && x <= media[2] && y >= media[1] && y <= media[3];
            for s in segs {
                assert!(on_sheet(s[0], s[1]) && on_sheet(s[2], s[3]), "{what}: off the sheet {s:?}");
                assert!(outside(s[0], s[1]) && outside(s[2], s[3]), "{what}: in the bleed {s:?}");
            }
            // Crop marks: two at each corner, continuing the trim's edges.
            let crop = |x: f32, y: f32| {
                segs.iter()
                    .filter(|s| {
                        (near(s[1], y, 0.01) && near(s[3], y, 0.01) && (s[0] - x).abs() > 3.0)
                            || (near(s[0], x, 0.01) && near(s[2], x, 0.01) && (s[1] - y).abs() > 3.0)
                    })
                    .filter(|s| (s[0] - x).abs().max((s[1] - y).abs()) < 40.0)
                    .count()
            };
            for (x, y) in [(trim[0], trim[1]), (trim[2], trim[1]), (trim[0], trim[3]), (trim[2], trim[3])] {
                assert_eq!(crop(x, y), 2, "{what}: crop marks at ({x}, {y}): {segs:?}");
            }
            // Fold marks, dashed, at each fold: the middle of a saddle cover, the two
            // edges of a perfect-bound spine.
            let folds: Vec<f32> = match report.spine {
                None => vec![(trim[0] + trim[2]) / 2.0],
                Some(s) => vec![(trim[0] + trim[2] - s) / 2.0, (trim[0] + trim[2] + s) / 2.0],
            };
            for x in folds {
                let dashes = segs.iter().filter(|s| near(s[0], x, 0.01) && near(s[2], x, 0.01)).count();
                assert!(dashes >= 4, "{what}: {dashes} fold dashes at {x}");
            }
        }
        // `check --pdf` still knows it for a cover, and the offset rules pass.
        let rules = chapbook::preflight::Rules::default().with(|o| o.target = Some(offset));
        let r = chapbook::preflight::inspect(&pdf, &rules).unwrap();
        assert!(
            matches!(r.recognised(), chapbook::preflight::Recognised::Cover { .. }),
            "{binding:?}: not recognised as a cover"
        );
        assert!(r.problems.is_empty(), "{binding:?}: {}", r.table());
        if let Some((ok, out, _)) = run_tool("qpdf", &["--check", to_file("offset-cover.pdf", &pdf).to_str().unwrap()])
        {
            assert!(ok, "{out}");
        }
    }
    // Services that refuse marks get none.
    let (pdf, _) = made(&opts(&p, Some("kdp"), Binding::Perfect));
    assert!(stroked_segments(&pdf).iter().all(Vec::is_empty));
}

#[test]
fn cover_art_too_wide_names_the_fix_that_applies_to_a_cover() {
    // Forty words on one row: too wide for the front at 6 pt. The cover's drawing has no
    // `min_size` (that is a block key): the hint must name what the poet can change.
    let p = project("wide-art", 1, &format!("art = '''\n{}\n'''", "word ".repeat(40)));
    let err = make(&opts(&p, None, Binding::Saddle)).expect_err("a drawing too wide for the front is an error");
    let text = chapbook::diag::render(&err.diagnostics, &p);
    assert!(text.contains("layout/book.toml:14:7"), "{text}");
    assert!(text.contains("draw it with fewer columns") && text.contains("leave `art` out of [cover]"), "{text}");
    assert!(!text.contains("min_size"), "{text}");
}

/// `-q` quiets the cover's summary as it quiets build's and preview's; the file is still
/// written, byte for byte the same.
#[test]
fn cover_takes_quiet_like_build_and_preview() {
    let p = project("quiet", 2, "");
    let exe = env!("CARGO_BIN_EXE_chapbook");
    let run = |extra: &[&str]| {
        let out = std::process::Command::new(exe)
            .args(["cover", "--project", p.to_str().unwrap()])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{extra:?}: {}", String::from_utf8_lossy(&out.stderr));
        (String::from_utf8_lossy(&out.stdout).into_owned(), std::fs::read(p.join("output/chapbook-cover.pdf")).unwrap())
    };
    let (loud, pdf) = run(&[]);
    assert!(loud.contains("wrote"), "{loud}");
    for q in ["-q", "--quiet"] {
        let (quiet, again) = run(&[q]);
        assert_eq!(quiet, "", "{q}");
        assert!(again == pdf, "{q}: the same cover");
    }
}
