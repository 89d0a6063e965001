//! Unit tests of the preview renderer on hand-made display lists (no fonts needed).

use super::output::png;
use super::raster::pixel_size;
use super::sheet::contact_sheet;
use super::*;
use crate::display::{Ink, Item, LineCap, LineJoin, Path, Point, Stroke};
use crate::test_support::doc_with;

fn grey_at(p: &Pixmap, x: u32, y: u32) -> u8 {
    let c = p.pixel(x, y).unwrap();
    assert_eq!((c.red(), c.alpha()), (c.green(), 255));
    c.red()
}

fn square(x: f32, y: f32, side: f32, ink: Ink) -> Item {
    Item::Path(Path::polygon(
        [Point::new(x, y), Point::new(x + side, y), Point::new(x + side, y + side), Point::new(x, y + side)],
        ink,
    ))
}

#[test]
fn pixel_size_rounds_to_nearest() {
    let a5 = (148.0 * crate::units::PT_PER_MM, 210.0 * crate::units::PT_PER_MM);
    assert_eq!(pixel_size(a5, 50.0).unwrap(), (291, 413));
    assert_eq!(pixel_size(a5, 100.0).unwrap(), (583, 827));
    assert_eq!(pixel_size((0.1, 0.1), 1.0).unwrap(), (1, 1));
    assert!(pixel_size(a5, 0.0).is_err() && pixel_size(a5, f32::NAN).is_err());
}

#[test]
fn black_square_is_black_exactly_where_it_is() {
    // At 72 dpi one point is one pixel; a square on whole points covers whole pixels.
    let doc = doc_with((100.0, 80.0), vec![square(10.0, 20.0, 30.0, Ink::BLACK)]);
    let p = render_page(&doc, 0, &RasterOptions { dpi: 72.0 }).unwrap();
    assert_eq!((p.width(), p.height()), (100, 80));
    for y in 0..80 {
        for x in 0..100 {
            let inside = (10..40).contains(&x) && (20..50).contains(&y);
            assert_eq!(grey_at(&p, x, y), if inside { 0 } else { 255 }, "({x},{y})");
        }
    }
    // At 144 dpi the same square covers twice the pixels.
    let p = render_page(&doc, 0, &RasterOptions { dpi: 144.0 }).unwrap();
    assert_eq!(grey_at(&p, 20, 40), 0);
    assert_eq!(grey_at(&p, 79, 99), 0);
    assert_eq!(grey_at(&p, 80, 100), 255);
    assert_eq!(grey_at(&p, 19, 39), 255);
}

#[test]
fn ink_is_grey_one_minus_ink() {
    let doc = doc_with((20.0, 20.0), vec![square(0.0, 0.0, 20.0, Ink::new(0.25).unwrap())]);
    let p = render_page(&doc, 0, &RasterOptions { dpi: 72.0 }).unwrap();
    assert_eq!(grey_at(&p, 10, 10), 191); // 0.75 · 255
}

#[test]
fn strokes_have_width_and_caps() {
    let line = |cap| {
        Item::Path(Path::line(
            Point::new(10.0, 10.0),
            Point::new(30.0, 10.0),
            Stroke { width: 4.0, ink: Ink::BLACK, cap, join: LineJoin::Miter },
        ))
    };
    let butt =
        render_page(&doc_with((40.0, 20.0), vec![line(LineCap::Butt)]), 0, &RasterOptions { dpi: 72.0 }).unwrap();
    // 4pt wide: rows 8..12 black between x 10 and 30, nothing beyond the ends.
    assert_eq!(grey_at(&butt, 20, 8), 0);
    assert_eq!(grey_at(&butt, 20, 11), 0);
    assert_eq!(grey_at(&butt, 20, 7), 255);
    assert_eq!(grey_at(&butt, 20, 12), 255);
    assert_eq!(grey_at(&butt, 8, 10), 255);
    let square_cap =
        render_page(&doc_with((40.0, 20.0), vec![line(LineCap::Square)]), 0, &RasterOptions { dpi: 72.0 }).unwrap();
    assert_eq!(grey_at(&square_cap, 8, 10), 0, "square cap extends by half the width");
}

#[test]
fn fill_then_stroke_paints_stroke_on_top() {
    let mut path = match square(5.0, 5.0, 10.0, Ink::new(0.5).unwrap()) {
        Item::Path(p) => p,
        _ => unreachable!(),
    };
    path.stroke = Some(Stroke { width: 2.0, ink: Ink::BLACK, cap: LineCap::Butt, join: LineJoin::Miter });
    let p = render_page(&doc_with((20.0, 20.0), vec![Item::Path(path)]), 0, &RasterOptions { dpi: 72.0 }).unwrap();
    assert_eq!(grey_at(&p, 10, 10), 128);
    assert_eq!(grey_at(&p, 5, 10), 0);
    assert_eq!(grey_at(&p, 4, 10), 0);
}

#[test]
fn missing_page_is_an_error() {
    let doc = doc_with((20.0, 20.0), vec![]);
    let e = render_page(&doc, 3, &RasterOptions::default()).unwrap_err();
    assert!(e.to_string().contains("page 4"), "{e}");
}

#[test]
fn compare_self_is_zero_and_shifted_is_not() {
    let a = render_page(
        &doc_with((60.0, 60.0), vec![square(10.0, 10.0, 20.0, Ink::BLACK)]),
        0,
        &RasterOptions { dpi: 72.0 },
    )
    .unwrap();
    let same = compare(&a, &a.clone());
    assert_eq!(same.differing_pixels, 0);
    assert_eq!(same.max_delta, 0);
    assert_eq!(same.fraction, 0.0);
    let b = render_page(
        &doc_with((60.0, 60.0), vec![square(12.0, 10.0, 20.0, Ink::BLACK)]),
        0,
        &RasterOptions { dpi: 72.0 },
    )
    .unwrap();
    let d = compare(&a, &b);
    // Two columns of 20 pixels appear, two vanish.
    assert_eq!(d.differing_pixels, 80);
    assert_eq!(d.max_delta, 255);
    assert!((d.fraction - 80.0 / 3600.0).abs() < 1e-6);
    // Different sizes: the extra area counts as differing.
    let small = Pixmap::new(50, 60).unwrap();
    assert!(compare(&a, &small).differing_pixels >= 600);
}

#[test]
fn reference_check_fails_on_missing_and_on_a_moved_square() {
    let dir = std::env::temp_dir().join(format!("chapbook-ref-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let reference = dir.join("sub/page.png");
    let page = |x: f32| {
        render_page(&doc_with((60.0, 60.0), vec![square(x, x, 20.0, Ink::BLACK)]), 0, &RasterOptions { dpi: 72.0 })
            .unwrap()
    };
    let a = page(10.0);
    if updating_references() {
        check_against_reference(&a, &reference, 0.0).unwrap();
        assert!(reference.exists());
    } else {
        let e = check_against_reference(&a, &reference, 0.0).unwrap_err();
        assert!(e.contains("no reference") && e.contains("CHAPBOOK_UPDATE_REFERENCES=1"), "{e}");
        assert!(!reference.exists(), "a missing reference must not be written by a check");
        std::fs::create_dir_all(reference.parent().unwrap()).unwrap();
        a.save_png(&reference).unwrap();
        check_against_reference(&a, &reference, 0.0).unwrap();
        let e = check_against_reference(&page(30.0), &reference, 0.01).unwrap_err();
        assert!(e.contains("differ"), "{e}");
        // The failing rendering is kept for a person to look at; this test removes its own.
        let saved = e.split("this rendering is at ").nth(1).and_then(|r| r.split(';').next()).unwrap();
        std::fs::remove_file(saved).unwrap();
        let _ = std::fs::remove_dir(std::path::Path::new(saved).parent().unwrap());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn png_round_trips() {
    let a = render_page(
        &doc_with((30.0, 20.0), vec![square(5.0, 5.0, 5.0, Ink::new(0.4).unwrap())]),
        0,
        &RasterOptions { dpi: 72.0 },
    )
    .unwrap();
    let bytes = png(&a).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    let back = Pixmap::decode_png(&bytes).unwrap();
    assert_eq!(back.data(), a.data());
}

#[test]
fn contact_sheet_size_follows_columns_and_rows() {
    let page = Pixmap::new(320, 480).unwrap(); // scaled by 1/2 to 160×240
    let pages = vec![page; 5];
    let s = contact_sheet(&pages, 2);
    let g = sheet::GAP;
    assert_eq!((s.width(), s.height()), (2 * 160 + 3 * g, 3 * 240 + 4 * g));
    // More columns than pages: one row as wide as the pages.
    let s = contact_sheet(&pages, 10);
    assert_eq!((s.width(), s.height()), (5 * 160 + 6 * g, 240 + 2 * g));
    // Background between thumbnails, (blank, transparent → drawn as is) thumbnail inside.
    assert_eq!(s.pixel(0, 0).unwrap().red(), sheet::BACKGROUND);
    assert_eq!(contact_sheet(&[], 3).width(), 2 * g);
}

#[test]
fn page_ranges_parse() {
    assert_eq!(parse_page_range("3-5").unwrap(), (3, 5));
    assert_eq!(parse_page_range("4").unwrap(), (4, 4));
    assert_eq!(parse_page_range(" 2 - 2 ").unwrap(), (2, 2));
    for bad in ["", "0", "5-3", "a", "1-", "-2", "1-2-3", "+3"] {
        assert!(parse_page_range(bad).is_err(), "{bad}");
    }
}

#[test]
fn contact_sheet_of_the_book_has_one_cell_per_page() {
    let mini = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    let doc = crate::build::compile(&mini, None).unwrap_or_else(|e| panic!("{e:?}")).document;
    let opts = RasterOptions { dpi: 50.0 };
    let pages: Vec<Pixmap> = (0..doc.pages.len()).map(|i| render_page(&doc, i, &opts).unwrap()).collect();
    let sizes: Vec<(u32, u32)> = pages.iter().map(|p| (p.width(), p.height())).collect();
    let sheet = contact_sheet(&pages, 4);
    // 8 pages of 291×413 in 4 columns, 2 rows: thumbnails 160 wide, 227 tall.
    let g = super::sheet::GAP;
    let expected = (4 * 160 + 5 * g, 2 * 227 + 3 * g);
    assert_eq!((sheet.width(), sheet.height()), expected);
    assert_eq!(super::sheet::sheet_size(&sizes, 4), expected);
    // Paper in the first cell, background in the gap.
    assert_eq!(grey_at(&sheet, g + 5, g + 5), 255);
    assert_eq!(grey_at(&sheet, g / 2, g / 2), super::sheet::BACKGROUND);
}

#[test]
fn write_previews_writes_numbered_pages_and_a_contact_sheet() {
    let mini = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    let doc = crate::build::compile(&mini, None).unwrap().document;
    let opts = RasterOptions::at_dpi(50.0);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nested");
    let files = write_previews(&doc, &out, Some((3, 4)), &opts).unwrap();
    let names: Vec<String> = files.iter().map(|f| f.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["page-003.png", "page-004.png", "contact.png"]);
    let p3 = Pixmap::load_png(&files[0]).unwrap();
    let direct = Renderer::new(&doc, opts).render(2).unwrap();
    assert_eq!(compare(&p3, &direct).differing_pixels, 0);
    assert!(write_previews(&doc, &out, Some((7, 9)), &opts).is_err());
    let all = write_previews(&doc, &out, None, &opts).unwrap();
    assert_eq!(all.len(), doc.pages.len() + 1);
}
