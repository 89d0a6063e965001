//! Tests for preflight: the real chapbook built in-process, files from our own writer
//! with and without PDF/X, and small hand-made broken files.

use std::path::PathBuf;
use std::sync::OnceLock;

use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref};

use super::*;
use crate::display::{self, Ink, LineCap, LineJoin, Path, Point, Stroke};
use crate::pdf;

const A5: (f32, f32) = (419.5276, 595.2756);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The chapbook itself, built once through the real pipeline.
fn chapbook() -> &'static [u8] {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("chapbook.pdf");
        let opts = crate::build::BuildOptions { project: root(), output: Some(out.clone()), ..Default::default() };
        crate::build::build(&opts).unwrap_or_else(|e| panic!("{}", crate::diag::render(&e.diagnostics, &root())));
        std::fs::read(out).unwrap()
    })
}

fn rules() -> Rules {
    Rules::default()
}

fn pdfx_rules() -> Rules {
    Rules { pdfx: true, ..Rules::default() }
}

fn rules_named(r: &Report) -> Vec<&str> {
    r.problems.iter().map(|p| p.rule.as_str()).collect()
}

fn has(r: &Report, rule: &str, words: &str) -> bool {
    r.problems.iter().any(|p| p.rule == rule && p.detail.contains(words))
}

#[test]
fn the_chapbook_passes() {
    let r = inspect(chapbook(), &Rules { expected_trim: Some(A5), ..rules() }).unwrap();
    assert!(r.ok(), "{}", r.table());
    assert!((12..=24).contains(&r.pages), "{} pages", r.pages);
    let (w, h) = r.trim.unwrap();
    assert!((w - A5.0).abs() < 0.01 && (h - A5.1).abs() < 0.01, "{w} × {h}");
    assert!((r.bleed.unwrap() - pdf::DEFAULT_BLEED).abs() < 0.01);
    assert!(!r.fonts.is_empty());
    for f in &r.fonts {
        assert!(f.embedded && f.subset && f.to_unicode, "{f:?}");
    }
    assert_eq!(r.colour_spaces, ["DeviceGray"]);
    assert_eq!(r.pdfx, None);
    assert_eq!(r.output_intents, 0);
    assert!(r.thinnest_stroke.is_none_or(|t| t >= 0.25));

    let table = r.table();
    eprintln!("{table}");
    assert!(table.contains("148.0 × 210.0 mm (A5) on all"), "{table}");
    assert!(table.contains("bleed       3.0 mm"), "{table}");
    assert!(table.contains("problems    none"), "{table}");
    let json = r.to_json();
    assert!(json.starts_with("{\"ok\":true,"), "{json}");
    assert!(json.contains("\"colour_spaces\":[\"DeviceGray\"]"), "{json}");
}

#[test]
fn the_chapbook_is_not_pdfx() {
    let r = inspect(chapbook(), &pdfx_rules()).unwrap();
    assert!(!r.ok());
    assert!(has(&r, "pdfx-info", "GTS_PDFXVersion"), "{}", r.table());
    assert!(has(&r, "pdfx-output-intent", "GTS_PDFX"), "{}", r.table());
}

#[test]
fn wrong_expected_trim() {
    let r = inspect(chapbook(), &Rules { expected_trim: Some((595.2756, 841.8898)), ..rules() }).unwrap();
    assert_eq!(rules_named(&r), ["trim-size"]);
}

/// Two A5 pages from our writer: a 0.5 pt grey line and a filled square.
fn small_doc() -> display::Document {
    let line = Path::line(
        Point::new(50.0, 50.0),
        Point::new(200.0, 50.0),
        Stroke { width: 0.5, ink: Ink::new(0.6).unwrap(), cap: LineCap::Butt, join: LineJoin::Miter },
    );
    let square = Path::polygon([Point::new(10.0, 10.0), Point::new(40.0, 10.0), Point::new(40.0, 40.0)], Ink::BLACK);
    display::Document {
        roles: Vec::new(),
        page_size: A5,
        pages: vec![
            display::Page { items: vec![display::Item::Path(line)] },
            display::Page { items: vec![display::Item::Path(square)] },
        ],
        fonts: vec![],
        meta: display::Meta { title: "Test".into(), ..Default::default() },
        outline: vec![],
        labels: vec![],
    }
}

fn pdfx_options() -> pdf::Options {
    pdf::Options {
        pdfx: Some(pdf::PdfX {
            output_condition_identifier: "FOGRA39".into(),
            output_condition: Some("Coated FOGRA39".into()),
            registry_name: "http://www.color.org".into(),
            dest_output_profile: None,
        }),
        creation_date: Some(0),
        ..pdf::Options::default()
    }
}

#[test]
fn our_pdfx_output_passes_pdfx_rules() {
    let bytes = pdf::write(&small_doc(), &pdfx_options()).unwrap().bytes;
    let r = inspect(&bytes, &pdfx_rules()).unwrap();
    assert!(r.ok(), "{}", r.table());
    assert_eq!(r.version, "1.3");
    assert_eq!(r.pages, 2);
    assert_eq!(r.pdfx.as_deref(), Some("PDF/X-1a:2001"));
    assert_eq!(r.output_intents, 1);
    assert_eq!(r.thinnest_stroke, Some(0.5));
    assert_eq!(r.colour_spaces, ["DeviceGray"]);
    assert!(r.table().contains("PDF/X       PDF/X-1a:2001, 1 output intent"));
}

#[test]
fn plain_output_fails_pdfx_rules_naming_the_keys() {
    let bytes = pdf::write(&small_doc(), &pdf::Options::default()).unwrap().bytes;
    assert!(inspect(&bytes, &rules()).unwrap().ok());
    let r = inspect(&bytes, &pdfx_rules()).unwrap();
    assert!(has(&r, "pdfx-version", "1.7"), "{}", r.table());
    for key in ["GTS_PDFXVersion", "GTS_PDFXConformance", "Trapped", "CreationDate", "ModDate"] {
        assert!(has(&r, "pdfx-info", key), "{key} not named:\n{}", r.table());
    }
    assert!(has(&r, "pdfx-output-intent", "GTS_PDFX"));
    // Our writer always writes an /ID and never encrypts or uses transparency.
    assert!(!rules_named(&r).contains(&"pdfx-id"));
    assert!(!rules_named(&r).contains(&"pdfx-transparency"));
}

#[test]
fn marks_keep_the_boxes_nested_and_strokes_at_the_minimum() {
    let opts = pdf::Options { marks: true, ..pdf::Options::default() };
    let bytes = pdf::write(&small_doc(), &opts).unwrap().bytes;
    let r = inspect(&bytes, &rules()).unwrap();
    assert!(r.ok(), "{}", r.table());
    assert!((r.bleed.unwrap() - pdf::DEFAULT_BLEED).abs() < 0.01);
    assert_eq!(r.thinnest_stroke, Some(0.25));
}

/// A hand-made one-page A5 file with 3 mm bleed (MediaBox = BleedBox), drawing `content`.
struct Handmade<'a> {
    content: &'a [u8],
    trim: bool,
    /// /F1 is /Helvetica with no font program.
    helvetica: bool,
    /// /GS1 sets ca 0.5; /Im1 is a 1×1 DeviceRGB image.
    transparent_rgb_image: bool,
    /// The page is a transparency group (`/Group << /S /Transparency >>`).
    group: bool,
    /// /Sh1 is an axial shading from white to cyan in DeviceCMYK.
    cmyk_shading: bool,
}

impl Default for Handmade<'_> {
    fn default() -> Self {
        Handmade {
            content: b"0 g 10 10 100 100 re f",
            trim: true,
            helvetica: false,
            transparent_rgb_image: false,
            group: false,
            cmyk_shading: false,
        }
    }
}

impl Handmade<'_> {
    fn bytes(&self) -> Vec<u8> {
        let (catalog, tree, page, content) = (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4));
        let (font, gs, image) = (Ref::new(5), Ref::new(6), Ref::new(7));
        let (shading, function) = (Ref::new(8), Ref::new(9));
        let mut pdf = Pdf::new();
        pdf.catalog(catalog).pages(tree);
        pdf.pages(tree).kids([page]).count(1);
        let mut p = pdf.page(page);
        p.parent(tree).media_box(Rect::new(0.0, 0.0, 436.5354, 612.2834)).contents(content);
        if self.trim {
            p.trim_box(Rect::new(8.5039, 8.5039, 428.0315, 603.7795));
        }
        if self.group {
            p.group().transparency();
        }
        let mut res = p.resources();
        if self.helvetica {
            res.fonts().pair(Name(b"F1"), font);
        }
        if self.transparent_rgb_image {
            res.ext_g_states().pair(Name(b"GS1"), gs);
            res.x_objects().pair(Name(b"Im1"), image);
        }
        if self.cmyk_shading {
            res.shadings().pair(Name(b"Sh1"), shading);
        }
        res.finish();
        p.finish();
        let data = miniz_oxide::deflate::compress_to_vec_zlib(self.content, 6);
        pdf.stream(content, &data).filter(Filter::FlateDecode);
        if self.helvetica {
            pdf.type1_font(font).base_font(Name(b"Helvetica"));
        }
        if self.cmyk_shading {
            let mut sh = pdf.function_shading(shading);
            sh.shading_type(pdf_writer::types::FunctionShadingType::Axial);
            sh.color_space().device_cmyk();
            sh.coords([0.0, 0.0, 100.0, 0.0]).function(function);
            sh.finish();
            pdf.exponential_function(function).domain([0.0, 1.0]).c0([0.0; 4]).c1([1.0, 0.0, 0.0, 0.0]).n(1.0);
        }
        if self.transparent_rgb_image {
            pdf.ext_graphics(gs).non_stroking_alpha(0.5);
            let mut img = pdf.image_xobject(image, &[255, 0, 0]);
            img.width(1).height(1).bits_per_component(8);
            img.color_space_name(Name(b"DeviceRGB"));
            img.finish();
        }
        pdf.finish()
    }
}

fn handmade(h: Handmade) -> Report {
    inspect(&h.bytes(), &rules()).unwrap()
}

#[test]
fn a_clean_handmade_file_passes() {
    let r = handmade(Handmade::default());
    assert!(r.ok(), "{}", r.table());
    assert!((r.bleed.unwrap() - pdf::DEFAULT_BLEED).abs() < 0.01);
    assert_eq!(r.thinnest_stroke, None);
}

#[test]
fn rgb_fill_is_a_problem() {
    let r = handmade(Handmade { content: b"1 0 0 rg 10 10 100 100 re f", ..Default::default() });
    assert_eq!(rules_named(&r), ["rgb"]);
    assert!(has(&r, "rgb", "rg (RGB fill colour) on page 1"), "{}", r.table());
    assert_eq!(r.colour_spaces, ["DeviceRGB"]);
}

#[test]
fn rgb_colour_space_and_stroke_are_problems() {
    let r = handmade(Handmade { content: b"/DeviceRGB CS 0 0 1 SC 1 0 0 RG 10 10 m 90 90 l S", ..Default::default() });
    assert!(has(&r, "rgb", "colour space DeviceRGB"), "{}", r.table());
    assert!(has(&r, "rgb", "RG (RGB stroke colour)"), "{}", r.table());
}

#[test]
fn thin_stroke_is_a_problem() {
    let r = handmade(Handmade { content: b"0 G 0.1 w 10 10 m 90 90 l S 1 w 10 20 m 90 20 l S", ..Default::default() });
    assert_eq!(rules_named(&r), ["thin-stroke"]);
    assert!(has(&r, "thin-stroke", "1 stroke thinner than 0.25 pt on page 1"), "{}", r.table());
    assert!((r.thinnest_stroke.unwrap() - 0.1).abs() < 1e-6);
}

#[test]
fn stroke_width_follows_the_graphics_state() {
    // No `w`: the default 1.0.
    let r = handmade(Handmade { content: b"10 10 m 90 90 l S", ..Default::default() });
    assert_eq!(r.thinnest_stroke, Some(1.0));
    assert!(r.ok());
    // A thin width restored away by Q, and a scaled coordinate system thinning 1.0.
    let r = handmade(Handmade {
        content: b"q 0.1 w Q 10 10 m 90 90 l S q 0.1 0 0 0.1 0 0 cm 10 10 m 90 90 l S Q",
        ..Default::default()
    });
    assert!((r.thinnest_stroke.unwrap() - 0.1).abs() < 1e-6, "{:?}", r.thinnest_stroke);
    assert!(has(&r, "thin-stroke", "1 stroke"), "{}", r.table());
}

#[test]
fn missing_trimbox_is_a_problem() {
    let r = handmade(Handmade { trim: false, ..Default::default() });
    assert_eq!(rules_named(&r), ["trimbox-missing"]);
    assert!(has(&r, "trimbox-missing", "page 1"));
    assert_eq!(r.trim, None);
    assert!(r.table().starts_with("trim        no TrimBox on some pages"));
}

#[test]
fn unembedded_type1_font_is_a_problem() {
    let r = handmade(Handmade { content: b"BT /F1 12 Tf 20 20 Td (Hi) Tj ET", helvetica: true, ..Default::default() });
    assert_eq!(rules_named(&r), ["font-not-embedded"]);
    assert!(has(&r, "font-not-embedded", "Helvetica"));
    assert_eq!(r.fonts, [FontInfo { name: "Helvetica".into(), embedded: false, subset: false, to_unicode: false }]);
    assert!(r.table().contains("0 embedded, 0 subset, 0 with Unicode maps (of 1)"));
}

#[test]
fn rgb_image_and_transparency() {
    let h = Handmade {
        content: b"/GS1 gs q 10 0 0 10 20 20 cm /Im1 Do Q",
        transparent_rgb_image: true,
        ..Default::default()
    };
    let r = inspect(&h.bytes(), &rules()).unwrap();
    assert!(has(&r, "rgb", "image in DeviceRGB"), "{}", r.table());
    assert!(!rules_named(&r).contains(&"pdfx-transparency"));
    let r = inspect(&h.bytes(), &pdfx_rules()).unwrap();
    assert!(has(&r, "pdfx-transparency", "ca 0.5"), "{}", r.table());
}

#[test]
fn a_transparency_page_group_counts_as_transparency_for_print() {
    let h = Handmade { group: true, ..Default::default() };
    let r = inspect(&h.bytes(), &rules()).unwrap();
    assert!(r.ok(), "{}", r.table());
    let kdp = crate::targets::find("kdp").unwrap();
    let r = inspect(&h.bytes(), &Rules { target: Some(kdp), ..rules() }).unwrap();
    assert!(
        has(&r, "transparency", "page 1 is a transparency group (/Group /S /Transparency): kdp wants"),
        "{}",
        r.table()
    );
    let r = inspect(&h.bytes(), &pdfx_rules()).unwrap();
    assert!(has(&r, "pdfx-transparency", "page 1 is a transparency group"), "{}", r.table());
}

#[test]
fn a_shading_clipped_at_the_trim_and_cmyk_in_a_black_and_white_book() {
    // Clipped to a rectangle whose left edge is the TrimBox's (8.5 pt in, bleed to 0).
    let h = Handmade { content: b"q 8.5039 100 100 100 re W n /Sh1 sh Q", cmyk_shading: true, ..Default::default() };
    let r = inspect(&h.bytes(), &rules()).unwrap();
    assert!(has(&r, "ink-at-trim", "the left trim edge on page 1"), "{}", r.table());
    assert!(r.ok(), "{}", r.table());
    let kdp = crate::targets::find("kdp").unwrap();
    let r = inspect(&h.bytes(), &Rules { target: Some(kdp), ..rules() }).unwrap();
    assert!(
        has(&r, "colour-in-black-and-white", "kdp prints black and white only, but shading in DeviceCMYK on page 1"),
        "{}",
        r.table()
    );
    // Clipped inside the trim: no warning.
    let h = Handmade { content: b"q 20 100 100 100 re W n /Sh1 sh Q", cmyk_shading: true, ..Default::default() };
    assert!(inspect(&h.bytes(), &rules()).unwrap().problems.is_empty());
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    assert_eq!(inspect_pdf(b"", &rules()), Err(PreflightError::NotPdf));
    assert_eq!(inspect_pdf(b"hello, world", &rules()), Err(PreflightError::NotPdf));
    let e = inspect(b"%PDF-1.7\n\x00\xff garbage garbage", &rules()).unwrap_err();
    assert!(e.to_string().starts_with("cannot parse the PDF"), "{e}");
    // A real file cut short, or with bytes flipped, must not panic either.
    let good = Handmade::default().bytes();
    let _ = inspect(&good[..good.len() / 2], &rules());
    let mut bad = good.clone();
    for i in (20..bad.len()).step_by(7) {
        bad[i] ^= 0x5a;
    }
    let _ = inspect(&bad, &rules());
}

#[test]
fn json_is_well_formed_enough() {
    let r = handmade(Handmade { content: b"1 0 0 rg 10 10 100 100 re f", ..Default::default() });
    let j = r.to_json();
    assert!(j.starts_with("{\"ok\":false,\"version\":\"1.7\",\"pages\":1,"), "{j}");
    assert!(j.contains("\"problems\":[{\"rule\":\"rgb\","), "{j}");
    assert_eq!(j.matches('{').count(), j.matches('}').count());
}

#[test]
fn encryption_is_reported() {
    // qpdf makes the encrypted files; skip (saying so) where it is not installed.
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    let plain = dir.join("plain.pdf");
    std::fs::write(&plain, Handmade::default().bytes()).unwrap();
    let open = dir.join("open.pdf");
    let locked = dir.join("locked.pdf");
    let qpdf = |user: &str, out: &std::path::Path| {
        std::process::Command::new("qpdf").args(["--encrypt", user, "owner", "256", "--"]).arg(&plain).arg(out).status()
    };
    match qpdf("", &open) {
        Ok(s) if s.success() => {}
        _ => {
            eprintln!("qpdf not available: skipping the encryption test");
            return;
        }
    }
    // Readable (empty user password): inspected, and PDF/X forbids it.
    let r = inspect(&std::fs::read(&open).unwrap(), &pdfx_rules()).unwrap();
    assert!(has(&r, "pdfx-encryption", "encrypted"), "{}", r.table());
    assert!(!rules_named(&inspect(&std::fs::read(&open).unwrap(), &rules()).unwrap()).contains(&"pdfx-encryption"));
    // Locked with a user password: a clear error.
    assert!(qpdf("secret", &locked).unwrap().success());
    assert_eq!(inspect_pdf(&std::fs::read(&locked).unwrap(), &rules()), Err(PreflightError::Encrypted));
}

#[test]
fn imposed_sheets_out_of_order_are_named() {
    let doc = display::Document { page_size: (600.0, 400.0), pages: vec![display::Page::default(); 2], ..small_doc() };
    let sheet = |labels: &[&str]| {
        let opts = pdf::Options {
            bleed: 0.0,
            sheet: Some(pdf::SheetBoxes {
                trim: display::Rect { x0: 10.0, y0: 10.0, x1: 590.0, y1: 390.0 },
                bleed: display::Rect { x0: 10.0, y0: 10.0, x1: 590.0, y1: 390.0 },
                labels: labels.iter().map(|s| s.to_string()).collect(),
            }),
            ..pdf::Options::default()
        };
        inspect(&pdf::write(&doc, &opts).unwrap().bytes, &rules()).unwrap()
    };
    let good = sheet(&["4|1", "2|3"]);
    assert!(good.ok(), "{}", good.table());
    assert_eq!(good.imposed.as_ref().unwrap().sheets_per_signature, Some(1));
    let bad = sheet(&["1|4", "2|3"]);
    assert!(has(&bad, "imposition-order", "not a booklet or signatures of 4 pages"), "{}", bad.table());
    // Ordinary page labels are not sheets.
    let plain = sheet(&["i", "ii"]);
    assert_eq!(plain.imposed, None);
}

#[test]
fn an_unregistered_output_condition_needs_an_embedded_profile() {
    let with = |id: &str, profile: Option<Vec<u8>>| {
        let mut opts = pdfx_options();
        let x = opts.pdfx.as_mut().unwrap();
        x.output_condition_identifier = id.into();
        x.output_condition = None;
        x.registry_name = String::new();
        x.dest_output_profile = profile;
        inspect(&pdf::write(&small_doc(), &opts).unwrap().bytes, &pdfx_rules()).unwrap()
    };
    let r = with("My Local Printer Uncoated", None);
    assert!(has(&r, "pdfx-output-intent", "\"My Local Printer Uncoated\" is not a registered"), "{}", r.table());
    let r = with("FOGRA 39", None);
    assert!(has(&r, "pdfx-output-intent", "did you mean FOGRA39?"), "{}", r.table());
    let mut icc = vec![0u8; 200];
    icc[12..16].copy_from_slice(b"prtr");
    icc[16..20].copy_from_slice(b"CMYK");
    icc[36..40].copy_from_slice(b"acsp");
    assert!(with("My Local Printer Uncoated", Some(icc)).ok());
    assert!(with("FOGRA51", None).ok());
}

/// A free item turned 30° and drawn at half size (`Item::Group`), holding a hairline of
/// `width` points, inside a clip.
fn turned_hairline(width: f32) -> display::Document {
    let line = Path::line(
        Point::new(0.0, 0.0),
        Point::new(100.0, 0.0),
        Stroke { width, ink: Ink::BLACK, cap: LineCap::Butt, join: LineJoin::Miter },
    );
    let turn = display::Transform::rotate_about(30.0, Point::new(200.0, 300.0));
    let half = display::Transform { a: 0.5, d: 0.5, ..display::Transform::IDENTITY };
    let group = display::Group {
        transform: turn.then_after(&display::Transform { e: 200.0, f: 300.0, ..half }),
        text: None,
        items: vec![display::Item::Path(line)],
    };
    let clip = display::Clip {
        rect: display::Rect { x0: 60.0, y0: 60.0, x1: 360.0, y1: 500.0 },
        items: vec![display::Item::Group(group)],
    };
    let mut doc = small_doc();
    doc.pages[1].items.push(display::Item::Clip(clip));
    doc
}

#[test]
fn the_line_weight_rule_sees_strokes_inside_turned_and_scaled_groups() {
    let kdp = crate::targets::find("kdp").unwrap();
    let rule = |doc: &display::Document| -> Vec<String> {
        kdp.check_document(doc, true, None).into_iter().filter(|m| m.starts_with("line weight")).collect()
    };
    // 0.4 pt drawn at half size prints 0.2 pt: too thin, on page 2.
    let found = rule(&turned_hairline(0.4));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("1 line thinner than 0.25 pt (thinnest 0.20 pt on page 2)"), "{}", found[0]);
    // 0.6 pt at half size prints 0.3 pt: kept.
    assert!(rule(&turned_hairline(0.6)).is_empty());

    // The PDF writer widens the 0.4 pt line so that it prints 0.25 pt through the group's
    // `cm`, and preflight's content reader, which reads widths through `cm`, measures it so.
    let written = pdf::write(&turned_hairline(0.4), &pdf::Options::default()).unwrap();
    let r = inspect(&written.bytes, &rules()).unwrap();
    let thinnest = r.thinnest_stroke.unwrap();
    assert!((0.25..0.251).contains(&thinnest), "thinnest {thinnest}: {}", r.table());
    assert!(written.warnings.iter().any(|w| w.contains("widened")), "{:?}", written.warnings);
    // A 0.6 pt line at half size, left as it is: the reader measures it at 0.3 pt.
    let raw = pdf::write(&turned_hairline(0.6), &pdf::Options::default()).unwrap().bytes;
    let r = inspect(&raw, &rules()).unwrap();
    assert!((r.thinnest_stroke.unwrap() - 0.3).abs() < 0.01, "{}", r.table());
}
