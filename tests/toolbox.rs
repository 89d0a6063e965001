//! The visual poet's toolbox read back from the PDF: the sizes and baselines of a size
//! ramp, the direction of a turned block's glyphs, free items where their TOML puts them,
//! glyphs on a circle turning with it, the words extractable in order (pdftotext), the
//! same transforms in the SVG, the preview agreeing with a PDF rasteriser, and bad values
//! answered at their file:line:col.

mod common;
use common::{root, run_tool, scratch, to_file};
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_chapbook");
const MM: f32 = 72.0 / 25.4;

const BOOK: &str = "title = \"Toolbox\"\n\n[page]\nsize = \"a5\"\n\n[type]\nfamily = \"EB Garamond\"\nsize = \"10.5pt\"\nleading = \"14pt\"\n\n[print]\nbleed = \"0mm\"\n";

const RAMP: &str = r#"title = "Ramp"

[[block]]
kind = "verse"
size = { from = "18pt", to = "9pt" }
text = '''
one
two
three
four
'''
"#;

const TURNED: &str = r#"title = "Turned"

[[block]]
kind = "verse"
text = "upright"

[[block]]
kind = "verse"
rotate = "90deg"
text = "turned line of verse"

[[block]]
kind = "verse"
text = "after"
"#;

const FREE: &str = r#"title = "Free"

[[block]]
kind = "free"
height = "50mm"

[[block.item]]
text = "alpha"
x = "20mm"
y = "15mm"

[[block.item]]
text = "omega"
x = "40mm"
y = "30mm"
size = "14pt"
rotate = "-30deg"
"#;

const CIRCLE_TEXT: &str = "round the ring of words the reader walks and finds the start again where the words began";

fn circle() -> String {
    format!(
        "title = \"Circle\"\n\n[[block]]\nkind = \"path\"\nshape = \"circle\"\nradius = \"80pt\"\nsize = \"12pt\"\ntext = \"{CIRCLE_TEXT}\"\n"
    )
}

/// A project of the given sections in a scratch folder, fonts linked to the repository's.
fn project(name: &str, sections: &[(&str, &str)]) -> PathBuf {
    let dir = scratch(name);
    std::fs::create_dir_all(dir.join("layout")).unwrap();
    std::fs::write(dir.join("layout/book.toml"), BOOK).unwrap();
    for (file, text) in sections {
        std::fs::write(dir.join("layout").join(file), text).unwrap();
    }
    std::os::unix::fs::symlink(root().join("fonts"), dir.join("fonts")).unwrap();
    dir
}

fn build(dir: &Path) -> Vec<u8> {
    let out = dir.join("out.pdf");
    let opts = chapbook::build::BuildOptions::default().with(|o| {
        o.project = dir.to_path_buf();
        o.output = Some(out.clone());
    });
    chapbook::build::build(&opts).unwrap_or_else(|e| panic!("{}", chapbook::diag::render(&e.diagnostics, dir)));
    std::fs::read(out).unwrap()
}

/// One text-showing operator read back: the type size, the text-to-page matrix (text
/// matrix times CTM), its origin in trim space (y down) and its direction in degrees
/// (clockwise on the page).
#[derive(Debug, Clone, Copy)]
struct Show {
    size: f32,
    x: f32,
    y: f32,
    angle: f32,
}

fn mul(m: [f32; 6], n: [f32; 6]) -> [f32; 6] {
    // m then n, PDF's row-vector convention.
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// Every text show of every page, in content order, interpreting q/Q/cm/BT/Tf/Tm.
fn shows(pdf: &[u8]) -> Vec<Vec<Show>> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.page_iter()
        .map(|id| {
            let page = doc.get_dictionary(id).unwrap();
            let trim: Vec<f32> =
                page.get(b"TrimBox").unwrap().as_array().unwrap().iter().map(|o| o.as_float().unwrap()).collect();
            let ops = lopdf::content::Content::decode(&doc.get_page_content(id)).unwrap().operations;
            let nums = |o: &lopdf::content::Operation| -> Vec<f32> {
                o.operands.iter().filter_map(|v| v.as_float().ok()).collect()
            };
            let (mut ctm, mut stack, mut tm, mut size) = ([1.0, 0.0, 0.0, 1.0, 0.0, 0.0], Vec::new(), [0.0; 6], 0.0);
            let mut out = Vec::new();
            for op in &ops {
                match op.operator.as_str() {
                    "q" => stack.push(ctm),
                    "Q" => ctm = stack.pop().unwrap(),
                    "cm" => {
                        let v = nums(op);
                        ctm = mul([v[0], v[1], v[2], v[3], v[4], v[5]], ctm);
                    }
                    "BT" => tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
                    "Tf" => size = nums(op)[0],
                    "Tm" => {
                        let v = nums(op);
                        tm = [v[0], v[1], v[2], v[3], v[4], v[5]];
                    }
                    "TJ" | "Tj" => {
                        let m = mul(tm, ctm);
                        out.push(Show {
                            size,
                            x: m[4] - trim[0],
                            y: trim[3] - m[5],
                            angle: (-m[1]).atan2(m[0]).to_degrees(),
                        });
                    }
                    _ => {}
                }
            }
            out
        })
        .collect()
}

/// The page whose content sits between a heading and a folio: the shows in between.
fn body_shows(pages: &[Vec<Show>], heading_size_above: f32) -> Vec<Vec<Show>> {
    pages
        .iter()
        .map(|p| {
            let mut v: Vec<Show> = p.clone();
            // The heading (larger than any body text here) first, the folio last.
            if v.first().is_some_and(|s| s.size > heading_size_above) {
                v.remove(0);
            }
            v.pop();
            v
        })
        .collect()
}

#[test]
fn a_size_ramp_sets_each_line_smaller_and_the_leading_follows() {
    let dir = project("ramp", &[("01-ramp.toml", RAMP), ("02-turned.toml", TURNED)]);
    let pdf = build(&dir);
    let pages = shows(&pdf);
    // The first body page: the heading, then the four lines of the ramp, then the folio.
    let page = pages.iter().position(|p| p.iter().any(|s| (s.size - 18.0).abs() < 0.01)).expect("a line at 18pt");
    let first = pages[page].iter().position(|s| (s.size - 18.0).abs() < 0.01).unwrap();
    let lines = &pages[page][first..first + 4];
    let sizes: Vec<f32> = lines.iter().map(|s| s.size).collect();
    for (got, want) in sizes.iter().zip([18.0, 15.0, 12.0, 9.0]) {
        assert!((got - want).abs() < 0.01, "sizes {sizes:?}");
    }
    // Each line takes the book's leading in proportion to its size (14pt per 10.5pt), its
    // baseline placed in its band as every verse line's is.
    let lead = |s: f32| 14.0 * s / 10.5;
    let ascent = |s: f32| (lead(s) + 0.62 * s) / 2.0;
    for w in lines.windows(2) {
        let want = lead(w[0].size) + ascent(w[1].size) - ascent(w[0].size);
        let got = w[1].y - w[0].y;
        assert!((got - want).abs() < 0.05, "baseline gap {got}, wanted {want} ({lines:?})");
        assert!(w[0].angle.abs() < 0.01);
    }
}

#[test]
fn a_turned_block_reads_downward_and_what_follows_starts_below_it() {
    let dir = project("turned", &[("01-turned.toml", TURNED)]);
    let pdf = build(&dir);
    let pages = body_shows(&shows(&pdf), 12.0);
    let page = pages.iter().find(|p| p.len() == 3).expect("a page of three lines");
    let (upright, turned, after) = (page[0], page[1], page[2]);
    assert!(upright.angle.abs() < 0.01 && after.angle.abs() < 0.01);
    assert!((turned.angle - 90.0).abs() < 0.1, "the turned line runs at {}°", turned.angle);
    // Its length, from the display list: it runs down from its origin, and the next block
    // starts below its end.
    let c = chapbook::build::compile(&dir, None).unwrap();
    let width =
        c.document.pages.iter().flat_map(|p| p.runs()).find(|r| r.text == "turned line of verse").unwrap().width();
    assert!(after.y > turned.y + width + 5.0, "after at {}, the turned line ends at {}", after.y, turned.y + width);
    assert!(turned.y > upright.y, "the turned line starts below the block before it");
}

#[test]
fn free_items_sit_where_their_toml_puts_them() {
    let dir = project("free", &[("01-free.toml", FREE)]);
    let pdf = build(&dir);
    let c = chapbook::build::compile(&dir, None).unwrap();
    let pages = body_shows(&shows(&pdf), 12.0);
    let (index, page) = pages.iter().enumerate().find(|(_, p)| p.len() == 2).expect("a page with the two items");
    let frame = c.book.page.text_block(index);
    let (alpha, omega) = (page[0], page[1]);
    assert!((alpha.x - frame.x0 - 20.0 * MM).abs() < 0.5, "alpha at x {}", alpha.x - frame.x0);
    assert!((omega.x - frame.x0 - 40.0 * MM).abs() < 0.5, "omega at x {}", omega.x - frame.x0);
    assert!((omega.y - alpha.y - 15.0 * MM).abs() < 0.5, "omega {} below alpha", omega.y - alpha.y);
    assert!(alpha.angle.abs() < 1.0 && (omega.angle + 30.0).abs() < 1.0, "angles {} {}", alpha.angle, omega.angle);
    assert!((omega.size - 14.0).abs() < 0.01 && (alpha.size - 10.5).abs() < 0.01);
    // The SVG page carries the same turn.
    let svg_dir = dir.join("svg");
    chapbook::svg::write_pages(&c.document, &svg_dir, None).unwrap();
    let svg = std::fs::read_to_string(svg_dir.join(format!("page-{:03}.svg", index + 1))).unwrap();
    assert!(svg.contains("<g transform=\"matrix(0.86603 -0.5 0.5 0.86603 "), "{svg}");
}

/// The centre and radius of the circle nearest `pts` (algebraic least squares).
fn fit_circle(pts: &[(f64, f64)]) -> (f64, f64, f64) {
    // x² + y² + D x + E y + F = 0: normal equations of the three unknowns.
    let mut a = [[0.0f64; 3]; 3];
    let mut b = [0.0f64; 3];
    for &(x, y) in pts {
        let row = [x, y, 1.0];
        let rhs = -(x * x + y * y);
        for i in 0..3 {
            for j in 0..3 {
                a[i][j] += row[i] * row[j];
            }
            b[i] += row[i] * rhs;
        }
    }
    let det = |m: [[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let d = det(a);
    let solve = |k: usize| {
        let mut m = a;
        for i in 0..3 {
            m[i][k] = b[i];
        }
        det(m) / d
    };
    let (dd, ee, ff) = (solve(0), solve(1), solve(2));
    let (cx, cy) = (-dd / 2.0, -ee / 2.0);
    (cx, cy, (cx * cx + cy * cy - ff).sqrt())
}

#[test]
fn glyphs_on_a_circle_sit_on_it_and_turn_with_it_and_read_in_order() {
    let dir = project("circle", &[("01-circle.toml", &circle())]);
    let pdf = build(&dir);
    let pages = body_shows(&shows(&pdf), 12.5);
    let glyphs = pages.iter().max_by_key(|p| p.len()).unwrap();
    let letters = CIRCLE_TEXT.chars().filter(|c| !c.is_whitespace()).count();
    assert!(glyphs.len() >= letters - 3, "{} glyphs for {letters} letters", glyphs.len());
    let pts: Vec<(f64, f64)> = glyphs.iter().map(|g| (g.x as f64, g.y as f64)).collect();
    let (cx, cy, r) = fit_circle(&pts);
    // Each glyph's baseline middle is on the circle; its origin half an advance before,
    // so within a few hundredths of a point of the radius at this size.
    assert!((r - 80.0).abs() < 0.5, "radius {r}");
    let mut turned = 0.0;
    let mut last: Option<f32> = None;
    for g in glyphs {
        let d = ((g.x as f64 - cx).powi(2) + (g.y as f64 - cy).powi(2)).sqrt();
        assert!((d - 80.0).abs() < 0.5, "a glyph {d}pt from the centre");
        // Tangent: a quarter turn clockwise from the radius (the origin leads the middle
        // by half an advance, a few degrees at most).
        let polar = ((g.y as f64 - cy).atan2(g.x as f64 - cx)).to_degrees() as f32;
        let off = (g.angle - polar - 90.0).rem_euclid(360.0);
        let off = if off > 180.0 { off - 360.0 } else { off };
        assert!(off.abs() < 5.0, "glyph turned {off}° from the tangent");
        if let Some(prev) = last {
            let step = (g.angle - prev).rem_euclid(360.0);
            assert!(step > 0.0 && step < 20.0, "the direction turns clockwise, step {step}°");
            turned += step;
        }
        last = Some(g.angle);
    }
    assert!(turned > 250.0, "the text goes most of the way round: {turned}°");
    // Extraction gives the words in order.
    let file = to_file("circle.pdf", &pdf);
    if let Some((ok, out, err)) = run_tool("pdftotext", &[file.to_str().unwrap(), "-"]) {
        assert!(ok, "{err}");
        let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(CIRCLE_TEXT), "{flat}");
    }
}

#[test]
fn the_preview_draws_turned_text_as_a_pdf_rasteriser_does() {
    let dir = project("agree", &[("01-free.toml", FREE), ("02-circle.toml", &circle()), ("03-turned.toml", TURNED)]);
    let pdf = build(&dir);
    let file = to_file("agree.pdf", &pdf);
    let c = chapbook::build::compile(&dir, None).unwrap();
    let opts = chapbook::preview::RasterOptions::default().with(|o| o.dpi = 72.0);
    let mut previous = Vec::new();
    for page in 2..5 {
        let ours = chapbook::preview::Renderer::new(&c.document, opts).render(page).unwrap();
        let out = dir.join(format!("pdf-{page}"));
        let n = (page + 1).to_string();
        let (w, h) = (ours.width().to_string(), ours.height().to_string());
        let args = ["-r", "72", "-scale-to-x", &w, "-scale-to-y", &h, "-f", &n, "-l", &n, "-png", "-singlefile"];
        let Some((ok, _, err)) =
            run_tool("pdftoppm", &[&args[..], &[file.to_str().unwrap(), out.to_str().unwrap()]].concat())
        else {
            return;
        };
        assert!(ok, "{err}");
        let theirs = chapbook::preview::Pixmap::load_png(out.with_extension("png")).unwrap();
        let ink = ours.pixels().iter().filter(|p| p.red() < 128).count();
        assert!(ink > 100, "page {} has ink ({ink} dark pixels)", page + 1);
        assert_eq!((ours.width(), ours.height()), (theirs.width(), theirs.height()));
        // Hinting and anti-aliasing differ between the two rasterisers by a pixel's edge;
        // a glyph turned or placed wrongly differs by far more.
        let off = misplaced(&ours, &theirs);
        println!("page {}: {off} misplaced pixels", page + 1);
        assert!(off < 40, "page {}: {off} pixels of one rendering have no match in the other", page + 1);
        previous.push(theirs);
    }
    // The measure can fail: the circle page against the free page's rendering.
    let circle = chapbook::preview::Renderer::new(&c.document, opts).render(3).unwrap();
    let wrong = misplaced(&circle, &previous[0]);
    println!("circle against the free page: {wrong}");
    assert!(wrong > 400);
}

/// Pixels of `a` (either way round) whose grey is more than 96 levels from every pixel of
/// the 3×3 neighbourhood at the same place in `b`.
fn misplaced(a: &chapbook::preview::Pixmap, b: &chapbook::preview::Pixmap) -> usize {
    let grey = |p: &chapbook::preview::Pixmap, x: i64, y: i64| -> i32 {
        if x < 0 || y < 0 || x >= p.width() as i64 || y >= p.height() as i64 {
            return 255;
        }
        p.pixel(x as u32, y as u32).unwrap().red() as i32
    };
    let one_way = |a: &chapbook::preview::Pixmap, b: &chapbook::preview::Pixmap| {
        let mut n = 0;
        for y in 0..a.height() as i64 {
            for x in 0..a.width() as i64 {
                let g = grey(a, x, y);
                let near = (-1..=1)
                    .flat_map(|dy| (-1..=1).map(move |dx| (dx, dy)))
                    .any(|(dx, dy)| (grey(b, x + dx, y + dy) - g).abs() <= 96);
                if !near {
                    n += 1;
                }
            }
        }
        n
    };
    one_way(a, b) + one_way(b, a)
}

/// Builds `section` as the book's one section with the binary; returns stderr and success.
fn build_bin(name: &str, section: &str) -> (String, bool) {
    let dir = project(name, &[("01-x.toml", section)]);
    let out = Command::new(BIN)
        .args(["build", "--project", dir.to_str().unwrap(), "-o"])
        .arg(dir.join("o.pdf"))
        .output()
        .unwrap();
    (String::from_utf8_lossy(&out.stderr).into_owned(), out.status.success())
}

#[test]
fn bad_values_are_answered_at_their_line_and_column() {
    let cases: &[(&str, &str, &str, bool)] = &[
        (
            "angle-unit",
            "title = \"x\"\n[[block]]\nkind = \"verse\"\nrotate = \"90\"\ntext = \"a\"\n",
            "01-x.toml:4:10",
            false,
        ),
        (
            "shape",
            "title = \"x\"\n[[block]]\nkind = \"path\"\nshape = \"cirle\"\nradius = \"20mm\"\ntext = \"a\"\n",
            "01-x.toml:4:9",
            false,
        ),
        (
            "too-long",
            "title = \"x\"\n[[block]]\nkind = \"path\"\nd = \"M 0 10 L 40 10\"\ntext = \"far too many words\"\n",
            "01-x.toml:2:1",
            false,
        ),
        (
            "path-data",
            "title = \"x\"\n[[block]]\nkind = \"path\"\nd = \"M 0 10 A 5 5 0 0 1 40 10\"\ntext = \"a\"\n",
            "01-x.toml:4:13",
            false,
        ),
        (
            "two-parts",
            "title = \"x\"\n[[block]]\nkind = \"path\"\nd = \"M 0 0 L 10 0 M 20 0 L 90 0\"\ntext = \"a\"\n",
            "01-x.toml:4:5",
            false,
        ),
        (
            "past-trim",
            "title = \"x\"\n[[block]]\nkind = \"free\"\nheight = \"20mm\"\n\n[[block.item]]\ntext = \"far out\"\nx = \"130mm\"\ny = \"10mm\"\n",
            "01-x.toml:6:1",
            true,
        ),
    ];
    for (name, section, at, builds) in cases {
        let (err, ok) = build_bin(name, section);
        assert_eq!(ok, *builds, "{name}: {err}");
        assert!(err.contains(at), "{name}: no {at} in\n{err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
    // Unknown keys inside an item and a size ramp are named together, each where it is.
    let (err, ok) = build_bin(
        "inner-keys",
        "title = \"x\"\n[[block]]\nkind = \"free\"\nheight = \"20mm\"\n[[block.item]]\ntext = \"a\"\nx = \"1mm\"\ny = \"2mm\"\nrotat = \"3deg\"\n[[block]]\nkind = \"verse\"\nsize = { from = \"18pt\", too = \"9pt\" }\ntext = \"a\"\n",
    );
    assert!(!ok && err.contains("01-x.toml:9:1") && err.contains("did you mean `rotate`?"), "{err}");
    assert!(err.contains("01-x.toml:12:25") && err.contains("did you mean `to`?"), "{err}");
    let (err, _) = build_bin("angle-unit-2", cases[0].1);
    assert!(err.contains("write `90deg`"), "{err}");
    let (err, _) = build_bin("shape-2", cases[1].1);
    assert!(err.contains("did you mean `circle`?"), "{err}");
    let (err, _) = build_bin("too-long-2", cases[2].1);
    assert!(err.contains("too long") && err.contains("left over"), "{err}");
    let (err, _) = build_bin("past-trim-2", cases[5].1);
    assert!(err.contains("past the trim at the right edge"), "{err}");
}

#[test]
fn the_readme_visual_poems_build_and_the_tail_shrinks() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let from = readme.find("### Visual poems").expect("README has a Visual poems section");
    let section = &readme[from..from + readme[from..].find("\n### Pages").unwrap()];
    let blocks: Vec<&str> = section.split("```toml\n").skip(1).map(|b| &b[..b.find("```").unwrap()]).collect();
    assert_eq!(blocks.len(), 3, "the tail, a free block, three paths");
    let files: Vec<(String, String)> = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| (format!("0{}-readme.toml", i + 1), format!("title = \"Example {}\"\n\n{b}", i + 1)))
        .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(f, t)| (f.as_str(), t.as_str())).collect();
    let dir = project("readme", &refs);
    let out = Command::new(BIN)
        .args(["build", "--project", dir.to_str().unwrap(), "-o"])
        .arg(dir.join("o.pdf"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && err.is_empty(), "{err}");
    // The tail: sixteen lines, each smaller than the one before, from 18pt down to 6pt.
    let pages = shows(&std::fs::read(dir.join("o.pdf")).unwrap());
    let page = pages.iter().find(|p| p.iter().any(|s| (s.size - 18.0).abs() < 0.01)).unwrap();
    let first = page.iter().position(|s| (s.size - 18.0).abs() < 0.01).unwrap();
    let tail: Vec<f32> = page[first..first + 16].iter().map(|s| s.size).collect();
    assert!(tail.windows(2).all(|w| w[1] < w[0]) && (tail[15] - 6.0).abs() < 0.01, "{tail:?}");
}

#[test]
fn start_and_align_place_the_text_along_its_path() {
    // Centred on the bottom of the circle: the middle letters lowest, upside down.
    let bottom = "title = \"Bottom\"\n\n[[block]]\nkind = \"path\"\nshape = \"circle\"\nradius = \"60pt\"\nalign = \"center\"\nstart = \"180deg\"\ntext = \"abcdefghi\"\n";
    // Ending at the end of a straight path 200pt long, drawn from x 0.
    let end = "title = \"End\"\n\n[[block]]\nkind = \"path\"\nd = \"M 0 20 L 200 20\"\nalign = \"end\"\ntext = \"tail end\"\n";
    let dir = project("start-align", &[("01-bottom.toml", bottom), ("02-end.toml", end)]);
    let pdf = build(&dir);
    let c = chapbook::build::compile(&dir, None).unwrap();
    let pages = body_shows(&shows(&pdf), 12.5);
    let circle = pages.iter().find(|p| p.len() == 9).expect("nine letters round the circle");
    let lowest = (0..9).max_by(|a, b| circle[*a].y.total_cmp(&circle[*b].y)).unwrap();
    assert_eq!(lowest, 4, "the middle letter is lowest: {circle:?}");
    assert!((circle[4].angle.abs() - 180.0).abs() < 6.0, "upside down at the bottom: {}", circle[4].angle);
    let (index, line) = pages.iter().enumerate().find(|(_, p)| p.len() == 7).expect("seven letters on the line");
    let frame = c.book.page.text_block(index);
    // The last letter ends at 200pt: its origin is a letter's width before.
    let last = line[6].x - frame.x0;
    assert!(last > 190.0 && last < 200.0, "the last letter starts at {last}");
    assert!(line.iter().all(|g| g.angle.abs() < 0.01));
}

#[test]
fn the_gallery_of_visual_poems_builds_clean() {
    let c = chapbook::build::compile(&root().join("examples/visual-poems"), None)
        .unwrap_or_else(|e| panic!("{}", chapbook::diag::render(&e, &root())));
    assert!(c.warnings.is_empty(), "{}", chapbook::diag::render(&c.warnings, &root()));
    // Every poem's words are in the book: the spiral's last ones too.
    let text: String =
        c.document.pages.iter().flat_map(|p| p.runs().map(|r| r.text.clone()).collect::<Vec<_>>()).collect();
    for word in ["afternoon", "puddle", "kettle", "rain,", "first", "Signpost"] {
        assert!(text.contains(word), "no “{word}”");
    }
}
