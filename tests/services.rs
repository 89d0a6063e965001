//! Print services with the margins left to the canon: at every trim each service prints,
//! `check --target` and `build --target` pass, and the ink read back from the rendered
//! PDF (folios included) keeps the service's safe zone on every page.

mod common;
use chapbook::build::{BuildOptions, check};
use chapbook::targets::{Binding, Target, find};
use common::*;

/// `from` (a project) copied with its sections `times` times over, so that it reaches the
/// page counts the services bind (24 pages at KDP, 18 at IngramSpark).
fn grown(from: &std::path::Path, name: &str, times: usize) -> std::path::PathBuf {
    let dir = scratch(name);
    copy_dir(&from.join("fonts"), &dir.join("fonts"));
    copy_dir(&from.join("layout"), &dir.join("layout"));
    let sections: Vec<_> = std::fs::read_dir(from.join("layout"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n != "book.toml"))
        .collect();
    for k in 1..times {
        for s in &sections {
            let text = std::fs::read_to_string(s).unwrap();
            let text = text.replace("numeral = \"", &format!("numeral = \"{k}"));
            let file = format!("{k}{}", s.file_name().unwrap().to_string_lossy());
            std::fs::write(dir.join("layout").join(file), text).unwrap();
        }
    }
    dir
}

/// Each page's ink (pixels darker than mid-gray) as `[x0 y0 x1 y1]` points from the
/// TrimBox's left and top edges, rendered by pdftoppm; `None` for a blank page.
/// Pixels are counted whole, so the box errs outward, by up to a pixel (1 pt at 72 dpi).
fn ink_from_trim(pdf: &[u8], name: &str) -> Option<Vec<Option<[f32; 4]>>> {
    const DPI: f32 = 72.0;
    let file = to_file(&format!("{name}.pdf"), pdf);
    let prefix = file.with_extension("");
    let (ok, _, err) = run_tool("pdftoppm", &["-r", "72", "-gray", file.to_str().unwrap(), prefix.to_str().unwrap()])?;
    assert!(ok, "pdftoppm: {err}");
    let (media, trim) = (boxes(pdf, "MediaBox"), boxes(pdf, "TrimBox"));
    assert_eq!(media.len(), trim.len());
    let pt = 72.0 / DPI;
    let mut out = Vec::new();
    for (i, (m, t)) in media.iter().zip(&trim).enumerate() {
        let digits = media.len().to_string().len();
        let png = format!("{}-{:0digits$}.pgm", prefix.display(), i + 1);
        let bytes = std::fs::read(&png).unwrap_or_else(|e| panic!("{png}: {e}"));
        let (w, h, pixels) = pgm(&bytes);
        // Only ink on the page counts: an offset file's crop marks lie outside the bleed.
        let (dx, dy) = (t[0] - m[0], m[3] - t[3]);
        let px = |v: f32| ((v / pt).max(0.0) as usize).min(w.max(h));
        let (xs, ys) = (px(dx)..px(dx + t[2] - t[0]).min(w), px(dy)..px(dy + t[3] - t[1]).min(h));
        let mut b: Option<[usize; 4]> = None;
        for y in ys {
            for x in xs.clone() {
                if pixels[y * w + x] < 128 {
                    let c = b.get_or_insert([x, y, x, y]);
                    *c = [c[0].min(x), c[1].min(y), c[2].max(x), c[3].max(y)];
                }
            }
        }
        // Pixel edges in points from the media box's top left, then from the trim's.
        out.push(b.map(|[x0, y0, x1, y1]| {
            [x0 as f32 * pt - dx, y0 as f32 * pt - dy, (x1 + 1) as f32 * pt - dx, (y1 + 1) as f32 * pt - dy]
        }));
        std::fs::remove_file(&png).unwrap();
    }
    Some(out)
}

/// A binary PGM (P5, 8 bits): width, height, samples.
fn pgm(bytes: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..i]).unwrap().to_string());
    }
    assert_eq!(fields[0], "P5");
    let (w, h) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, &bytes[i + 1..i + 1 + w * h])
}

/// How far a rendered box may err outward: one pixel at 72 dpi.
const PIXEL: f32 = 1.0;

/// Every page's ink at least the service's safe zone from head, foot and fore-edge, and
/// its gutter from the spine (rectos' spine on the left).
fn assert_inside_safe_zone(t: &Target, pdf: &[u8], trim: (f32, f32), what: &str) -> bool {
    let Some(pages) = ink_from_trim(pdf, what) else { return false };
    let (safe, gutter) = (t.safe_for(true), t.gutter_for(pages.len(), true));
    for (i, ink) in pages.iter().enumerate() {
        let Some([x0, y0, x1, y1]) = *ink else { continue };
        let (left, right) = (x0, trim.0 - x1);
        let (inside, outside) = if i % 2 == 0 { (left, right) } else { (right, left) };
        for (edge, d, need) in
            [("head", y0, safe), ("foot", trim.1 - y1, safe), ("fore-edge", outside, safe), ("gutter", inside, gutter)]
        {
            assert!(
                d >= need - PIXEL,
                "{what}: page {}: ink {d:.2} pt from the {edge} trim; {} needs {need:.2}",
                i + 1,
                t.name
            );
        }
    }
    true
}

/// Sets `[print] pad_to` so that the book, laid out for `service` at `size`, ends on a
/// blank page (IngramSpark prints its bar code there): the least padding that adds a page.
fn end_on_a_blank_page(dir: &std::path::Path, size: &str, service: &str) {
    let set = |pad: u32| {
        let toml = dir.join("layout/book.toml");
        let text = std::fs::read_to_string(&toml).unwrap();
        let mut text: String = text
            .lines()
            .filter(|l| !l.starts_with("pad_to") && !l.starts_with("target"))
            .map(|l| format!("{l}\n"))
            .collect();
        // The colophon on the title's verso, so that padding ends the book.
        if !text.contains("[front]") {
            text = text.replacen("\n[", "\n[front]\ntitle_verso = \"colophon\"\n\n[", 1);
        }
        if !text.contains("[print]") {
            text += "\n[print]\n";
        }
        let text = text.replace("[print]\n", &format!("[print]\npad_to = {pad}\ntarget = \"{service}\"\n"));
        std::fs::write(&toml, text).unwrap();
    };
    set(1);
    let n = chapbook::build::compile(dir, Some(size)).unwrap().document.pages.len();
    let pad = [2u32, 4, 8, 16]
        .into_iter()
        .find(|&p| !n.is_multiple_of(p as usize))
        .expect("a page count that is not a multiple of 16");
    set(pad);
}

/// The binding each service gets here: one whose page counts the grown books meet.
fn binding_for(t: &Target) -> Binding {
    if ["lulu", "offset"].contains(&t.name) { Binding::Saddle } else { Binding::Perfect }
}

/// `check --target NAME` (the library's check) on the chapbook and the mini fixture,
/// grown to the page counts the service binds, at every trim it prints; the PDF it would
/// write keeps the safe zone.
fn every_trim_keeps_the_safe_zone(name: &str) {
    // Grown only as far as the service's least page count asks (rendering is the cost).
    let (chapbook, mini) = match name {
        "kdp" => (2, 10),
        "ingramspark" => (2, 8),
        _ => (1, 2),
    };
    let projects = [
        ("chapbook", grown(&root(), &format!("{name}-chapbook"), chapbook)),
        ("mini", grown(&fixture("mini"), &format!("{name}-mini"), mini)),
    ];
    let t = find(name).unwrap();
    let binding = binding_for(t);
    for (i, (trim_name, w, h)) in t.trims_printed().into_iter().enumerate() {
        let mm = 72.0 / 25.4;
        let size = format!("{:.2}mmx{:.2}mm", w / mm, h / mm);
        for (project, dir) in &projects {
            let what = format!("{project} at {name} {trim_name}");
            if t.last_page_blank {
                end_on_a_blank_page(dir, &size, name);
            }
            let opts = BuildOptions::default().with(|o| {
                o.project = dir.clone();
                o.page_size = Some(size.clone());
                o.target = Some(name.to_string());
                o.binding = Some(binding);
            });
            let report =
                check(&opts).unwrap_or_else(|e| panic!("{what}: {}", chapbook::diag::render(&e.diagnostics, dir)));
            if !assert_inside_safe_zone(t, &report.pdf, (w, h), &what.replace(' ', "-")) {
                return;
            }
            if i == 0 {
                by_the_commands(t, dir, &size, (w, h), &what);
            }
        }
    }
}

/// `chapbook check --target` and `chapbook build --target` as the poet runs them: both
/// pass (check preflights the PDF too), the summary says how far the margins widened,
/// and the written file keeps the safe zone.
fn by_the_commands(t: &Target, dir: &std::path::Path, size: &str, trim: (f32, f32), what: &str) {
    let binding = format!("{:?}", binding_for(t)).to_lowercase();
    let run = |verb: &str, extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_chapbook"))
            .args([verb, "--project", dir.to_str().unwrap(), "--target", t.name, "--binding", &binding])
            .args(["--page-size", size])
            .args(extra)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{what}: chapbook {verb}: {text}");
        text
    };
    run("check", &[]);
    let file = dir.join("output/services.pdf");
    let summary = run("build", &["-o", file.to_str().unwrap()]);
    // The canon's foot at these trims is too narrow for the half-inch safe zones.
    if ["lulu", "ingramspark"].contains(&t.name) {
        assert!(summary.contains(&format!("margins widened for {}'s safe zone", t.name)), "{what}: {summary}");
    }
    let pdf = std::fs::read(&file).unwrap();
    assert_inside_safe_zone(t, &pdf, trim, &format!("{}-built", what.replace(' ', "-")));
}

#[test]
fn canon_margins_widen_to_kdps_safe_zone_at_every_trim() {
    every_trim_keeps_the_safe_zone("kdp");
}

#[test]
fn canon_margins_widen_to_ingramsparks_safe_zone_at_every_trim() {
    every_trim_keeps_the_safe_zone("ingramspark");
}

#[test]
fn canon_margins_widen_to_lulus_safe_zone_at_every_trim() {
    every_trim_keeps_the_safe_zone("lulu");
}

#[test]
fn canon_margins_widen_to_offsets_safe_zone_at_every_trim() {
    every_trim_keeps_the_safe_zone("offset");
}
