//! `build --format epub`: the chapbook and a one-poem book as EPUB 3, checked by
//! epubcheck (no error, no warning), unpacked to find every word of the manuscript in the
//! pages' text, its structure (headings, stanzas, figures with alt text, navigation), its
//! accessibility metadata and its embedded font subsets (the PDF's faces, mapping what the
//! text layer shows), written byte for byte the same twice, and opened in headless
//! Chromium to measure the text layer against the printed runs.

mod common;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

fn build(project: &Path, name: &str) -> (PathBuf, Vec<u8>) {
    let out = common::scratch(name).join("book.epub");
    let opts = chapbook::build::BuildOptions::default().with(|o| {
        o.project = project.to_path_buf();
        o.output = Some(out.clone());
    });
    let r = chapbook::build::build_epub(&opts).unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(r.bytes, bytes.len());
    (out, bytes)
}

/// The text files of the EPUB (name, text); the font files are [`unpack_fonts`]'.
fn unpack(bytes: &[u8]) -> Vec<(String, String)> {
    unpack_all(bytes).into_iter().filter_map(|(n, b)| Some((n, String::from_utf8(b).ok()?))).collect()
}

fn unpack_all(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().unwrap().to_string(), b)
        })
        .collect()
}

/// The text of an XHTML page's text layer: tags out, entities back.
fn page_text(xhtml: &str) -> String {
    let body = xhtml.split("<div class=\"text\">").nth(1).unwrap_or("");
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

fn epubcheck(path: &Path) {
    let Some((ok, out, err)) =
        common::run_tool("java", &["-jar", "/usr/share/java/epubcheck.jar", path.to_str().unwrap()])
    else {
        return;
    };
    if err.contains("Unable to access jarfile") {
        common::tool_missing("epubcheck");
        return;
    }
    assert!(ok, "{out}{err}");
    assert!(out.contains("No errors or warnings detected"), "{out}{err}");
}

#[test]
fn the_chapbook_as_an_epub_passes_epubcheck_and_holds_every_word() {
    let (path, bytes) = build(&common::root(), "chapbook");
    assert_eq!(&bytes[30..38], b"mimetype", "mimetype is the first entry");
    assert_eq!(&bytes[38..58], b"application/epub+zip", "and it is stored");
    epubcheck(&path);
    let files = unpack(&bytes);
    let pages: Vec<&(String, String)> = files.iter().filter(|(n, _)| n.contains("page-")).collect();
    let doc = common::lay(&common::root()).1;
    assert_eq!(pages.len(), doc.pages.len());
    let text: String = pages.iter().map(|(_, x)| page_text(x)).collect::<Vec<_>>().join("\n");
    let mut have: HashMap<String, i32> = HashMap::new();
    for w in common::words(&text) {
        *have.entry(w).or_default() += 1;
    }
    let mut missing = Vec::new();
    for w in common::manuscript_words() {
        let n = have.entry(w.clone()).or_default();
        if *n == 0 {
            missing.push(w);
        } else {
            *n -= 1;
        }
    }
    assert!(missing.is_empty(), "words missing from the EPUB's text: {missing:?}");

    // The structure the tagged PDF has: headings, stanzas, figures with their words.
    let all: String = pages.iter().map(|(_, x)| x.as_str()).collect();
    assert_eq!(all.matches("<h1>").count(), 1);
    let book = chapbook::spec::load(&common::root()).unwrap();
    assert_eq!(all.matches("<h2>").count(), book.sections.len() + 1, "each section's heading and the contents'");
    assert!(all.matches("<p>").count() > 20);
    assert!(all.contains("aria-label=\"Seven boxes stacked, each pointing down to the next: raw tokens"));
    assert!(all.contains("aria-label=\"blank\""));
    // Every page's picture is hidden from assistive technology; the text is not.
    assert_eq!(all.matches("aria-hidden=\"true\" viewBox").count(), pages.len());

    let opf = &files.iter().find(|(n, _)| n.ends_with("package.opf")).unwrap().1;
    for needle in [
        "<dc:language>en</dc:language>",
        "<dc:title>Architecture of Attention</dc:title>",
        "rendition:layout\">pre-paginated",
        "schema:accessMode\">textual",
        "schema:accessibilityFeature\">alternativeText",
        "schema:accessibilitySummary",
        "dcterms:modified",
    ] {
        assert!(opf.contains(needle), "{needle} in {opf}");
    }
    let nav = &files.iter().find(|(n, _)| n.ends_with("nav.xhtml")).unwrap().1;
    for e in &doc.outline {
        assert!(
            nav.contains(&format!("page-{:03}.xhtml\">{}", e.page + 1, e.title.replace('&', "&amp;"))),
            "{}",
            e.title
        );
    }
    assert!(nav.contains("epub:type=\"page-list\""));

    fonts_are_embedded_and_set_where_the_printed_runs_are(&bytes, &doc);
    the_cover_image_is_the_title_page(&bytes, &doc);
}

/// The cover image reading apps show on their shelves: the title page as printed, its long
/// side 1,600 pixels, named in the package as the `cover-image`.
fn the_cover_image_is_the_title_page(epub: &[u8], doc: &chapbook::display::Document) {
    let files = unpack_all(epub);
    let png = &files.iter().find(|(n, _)| n == "OEBPS/cover.png").expect("the EPUB has a cover image").1;
    let cover = chapbook::preview::Pixmap::decode_png(png).unwrap();
    assert_eq!(cover.width().max(cover.height()), 1600, "{} × {}", cover.width(), cover.height());
    let (w, h) = doc.page_size;
    let dpi = 1600.0 / (w.max(h) / 72.0);
    let title = chapbook::preview::Renderer::new(doc, chapbook::preview::RasterOptions::at_dpi(dpi)).render(0).unwrap();
    assert!(cover.data() == title.data(), "the cover image is not the title page");
    let opf = String::from_utf8(files.iter().find(|(n, _)| n.ends_with("package.opf")).unwrap().1.clone()).unwrap();
    assert!(opf.contains(r#"href="cover.png" media-type="image/png" properties="cover-image""#), "{opf}");
}

/// Every face the PDF embeds is in the package as a font file that parses and maps every
/// character the text layer shows in it; each span of text sits on its printed run's
/// baseline, in its size, as wide as the printed run (measured with the embedded font's
/// own advances and metrics).
fn fonts_are_embedded_and_set_where_the_printed_runs_are(epub: &[u8], doc: &chapbook::display::Document) {
    let all = unpack_all(epub);
    let text = |name: &str| String::from_utf8(all.iter().find(|(n, _)| n.ends_with(name)).unwrap().1.clone()).unwrap();
    let opf = text("package.opf");
    let css = text("style.css");
    // The faces the PDF embeds, by PostScript name (`ABCDEF+EBGaramond-Regular`).
    let pdf = lopdf::Document::load_mem(common::chapbook_pdf()).unwrap();
    let mut embedded: Vec<String> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(&b"Type0"[..]))
        .map(|d| {
            let name = String::from_utf8_lossy(d.get(b"BaseFont").unwrap().as_name().unwrap()).to_string();
            name.split_once('+').map_or(name.clone(), |(_, n)| n.to_string())
        })
        .collect();
    embedded.sort();
    assert!(!embedded.is_empty());

    // family (`f0`) → the font file, from the CSS's @font-face rules, each in the manifest.
    let mut faces: HashMap<String, Vec<u8>> = HashMap::new();
    let mut names = Vec::new();
    for rule in css.split("@font-face").skip(1) {
        let family = rule.split("font-family: \"").nth(1).unwrap().split('"').next().unwrap();
        let href = rule.split("url(\"").nth(1).unwrap().split('"').next().unwrap();
        assert!(opf.contains(&format!("href=\"{href}\" media-type=\"font/ttf\"")), "{href} in the manifest");
        let bytes = all.iter().find(|(n, _)| *n == format!("OEBPS/{href}")).unwrap().1.clone();
        let face = ttf_parser::Face::parse(&bytes, 0).unwrap_or_else(|e| panic!("{href}: {e}"));
        assert!(face.tables().cmap.is_some() && face.tables().os2.is_some(), "{href} has cmap and OS/2");
        let ps = face
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
            .and_then(|n| n.to_string())
            .unwrap();
        // The licence travels in the subset's name table (the OFL allows it there).
        let licence = face
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::LICENSE && n.is_unicode())
            .and_then(|n| n.to_string())
            .unwrap_or_default();
        assert!(licence.contains("Open Font License"), "{href} carries its licence: {licence:?}");
        names.push(ps);
        faces.insert(family.to_string(), bytes);
    }
    names.sort();
    names.dedup(); // a face may be split into several subsets
    assert_eq!(names, embedded, "the EPUB embeds the faces the PDF does");

    // The printed runs of each page: (text, x) → (baseline, size, width).
    let (mut spans, mut checked, mut ems) = (0, 0, 0);
    for (i, page) in doc.pages.iter().enumerate() {
        let xhtml = text(&format!("page-{:03}.xhtml", i + 1));
        let runs: Vec<&chapbook::display::GlyphRun> = page
            .items
            .iter()
            .filter_map(|it| match it {
                chapbook::display::Item::Text(r) => Some(r),
                _ => None,
            })
            .collect();
        // Spans, and `<em>` for text in an italic face (the same box, read as emphasis).
        let mut pieces = xhtml.split(" class=\"r f");
        let mut tag = pieces.next().unwrap().rsplit('<').next().unwrap().to_string();
        for span in pieces {
            let (this, next) = (tag.clone(), span.rsplit('<').next().unwrap().to_string());
            tag = next;
            let family = format!("f{}", span.split('"').next().unwrap());
            let face = ttf_parser::Face::parse(&faces[&family], 0).unwrap();
            assert_eq!(this == "em", face.is_italic(), "page {}: <{this}> in {family}", i + 1);
            ems += usize::from(this == "em");
            let style = span.split("style=\"").nth(1).unwrap().split('"').next().unwrap();
            let px = |key: &str| {
                style
                    .split(';')
                    .find_map(|p| p.strip_prefix(key))
                    .map(|v| v.trim_end_matches("px").parse::<f32>().unwrap())
            };
            let (left, top, size) = (px("left:").unwrap(), px("top:").unwrap(), px("font-size:").unwrap());
            let shown = span.split_once('>').unwrap().1.split("</").next().unwrap();
            let shown = shown.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
            let upem = f32::from(face.units_per_em());
            let mut natural = 0.0;
            for c in shown.chars() {
                let g = face.glyph_index(c).unwrap_or_else(|| panic!("{family} does not map {c:?} ({shown})"));
                natural += f32::from(face.glyph_hor_advance(g).unwrap()) * size / upem;
            }
            let n = shown.chars().count() as f32;
            let width = natural + n * px("letter-spacing:").unwrap_or(0.0);
            let (a, d) = (f32::from(face.ascender()), f32::from(face.descender()));
            let baseline = top + size * (upem + a + d) / (2.0 * upem);
            let Some(run) = runs
                .iter()
                .filter(|r| r.text.trim_end() == shown && (r.origin.x - left).abs() < 0.01)
                .min_by(|p, q| (p.origin.y - baseline).abs().total_cmp(&(q.origin.y - baseline).abs()))
            else {
                continue; // a turned group's words: upright, where its first glyph is
            };
            let printed: f32 = run.glyphs.iter().map(|g| g.advance).sum();
            // Each character printed alone in its cluster is shown with the printed glyph
            // (the same outline box as the original face's glyph).
            let src = &doc.fonts[run.font.index()];
            let orig = ttf_parser::Face::parse(src.bytes(), src.index).unwrap();
            for g in &run.glyphs {
                let cluster = &run.text[g.text.0 as usize..g.text.1 as usize];
                if cluster.chars().count() == 1 && run.glyphs.iter().filter(|o| o.text == g.text).count() == 1 {
                    let c = cluster.chars().next().unwrap();
                    let mine = face.glyph_index(c).unwrap();
                    assert_eq!(
                        face.glyph_bounding_box(mine),
                        orig.glyph_bounding_box(ttf_parser::GlyphId(g.id)),
                        "page {}: {c:?} in `{shown}` ({family}) is not the printed glyph",
                        i + 1
                    );
                    checked += 1;
                }
            }
            assert!(
                (width - printed).abs() < 0.001 * n + 0.02,
                "page {}: `{shown}` is {width} wide, printed {printed}",
                i + 1
            );
            assert!(
                (baseline - run.origin.y).abs() < 0.01,
                "page {}: `{shown}` sits on {baseline}, printed on {}",
                i + 1,
                run.origin.y
            );
            assert!((size - run.size).abs() < 0.01);
            spans += 1;
        }
    }
    assert!(spans > 200 && checked > 2000, "only {spans} spans and {checked} glyphs measured");
    assert!(ems > 10, "only {ems} italic runs are <em>");
}

#[test]
fn a_one_poem_book_passes_epubcheck_and_the_same_input_gives_the_same_bytes() {
    let project = common::fixture("easter-wings");
    let (path, first) = build(&project, "wings-1");
    epubcheck(&path);
    let (_, second) = build(&project, "wings-2");
    assert!(first == second, "two builds of the same book differ");
    let files = unpack(&first);
    let sections = chapbook::spec::load(&project).unwrap();
    let text: String =
        files.iter().filter(|(n, _)| n.contains("page-")).map(|(_, x)| page_text(x)).collect::<Vec<_>>().join("\n");
    let have = common::words(&text);
    for s in &sections.sections {
        for b in &s.blocks {
            if let chapbook::spec::BlockKind::Verse(v) = &b.kind {
                for w in common::words(&v.text.replace(['"', '\''], "")) {
                    assert!(
                        have.iter().any(|h| h.replace(['"', '\''], "") == w),
                        "`{w}` is missing from the EPUB's text"
                    );
                }
            }
        }
    }
}

#[allow(dead_code)]
#[path = "serve/cdp.rs"]
mod cdp;

/// The EPUB's pages opened in headless Chromium, as a reading system built on it shows
/// them: every embedded face loads (the browser's font sanitizer accepts the subsets), and
/// each span of the text layer is laid out by the browser where its printed run is, as
/// wide as it, on its baseline. The chapbook (TrueType faces), and a poem whose
/// characters fall back to DejaVu Sans and to a CFF-flavoured Noto Sans CJK subset.
#[test]
fn in_chromium_the_fonts_load_and_the_text_layer_lies_on_the_printed_runs() {
    let Some(chromium) = cdp::find_chromium() else {
        common::tool_missing("chromium");
        return;
    };
    let (measured, loaded) = in_chromium(&chromium, &common::root(), "chromium");
    assert!(measured > 200, "only {measured} spans measured");
    assert!(loaded.len() >= 2, "{loaded:?}");

    // Fonts are found under fonts/, links followed: the repository's and the fixtures'.
    let rain = common::scratch("rain-project");
    std::fs::create_dir_all(rain.join("layout")).unwrap();
    std::fs::create_dir_all(rain.join("fonts")).unwrap();
    std::os::unix::fs::symlink(common::root().join("fonts"), rain.join("fonts/book")).unwrap();
    std::os::unix::fs::symlink(common::fixture("fonts-fallback"), rain.join("fonts/fallback")).unwrap();
    std::fs::write(
        rain.join("layout/book.toml"),
        "title = \"Rain\"\n[type]\nfamily = \"EB Garamond\"\nfallback = [\"DejaVu Sans\", \"Noto Sans CJK JP\"]\n",
    )
    .unwrap();
    std::fs::write(
        rain.join("layout/01-rain.toml"),
        "numeral = \"I\"\ntitle = \"雨 rain\"\n\n[[block]]\nkind = \"verse\"\ntext = '''\nthe rain says 雨 ★ and goes\n'''\n",
    )
    .unwrap();
    let (measured, loaded) = in_chromium(&chromium, &rain, "chromium-rain");
    assert!(measured >= 3, "only {measured} spans measured");
    assert!(loaded.len() >= 4, "EB Garamond, DejaVu Sans and Noto Sans CJK load: {loaded:?}");
}

/// Opens every page of `project`'s EPUB in Chromium and measures its spans; returns how
/// many were measured and the families that loaded.
fn in_chromium(chromium: &Path, project: &Path, name: &str) -> (usize, std::collections::BTreeSet<String>) {
    let (path, bytes) = build(project, name);
    let dir = path.parent().unwrap().join("unpacked");
    for (name, b) in unpack_all(&bytes) {
        let to = dir.join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, b).unwrap();
    }
    let mut loaded = std::collections::BTreeSet::new();
    let doc = common::lay(project).1;
    let (w, h) = doc.page_size;
    let mut browser = cdp::Browser::start(chromium, &path.parent().unwrap().join("profile"), w as u32, h as u32);
    let (mut measured, mut worst) = (0, (0.0f32, 0.0f32));
    for (i, page) in doc.pages.iter().enumerate() {
        let file = format!("page-{:03}.xhtml", i + 1);
        browser.navigate(&format!("file://{}/OEBPS/{file}", dir.display()));
        browser.wait_for(
            &format!("location.href.endsWith('{file}') && document.readyState === 'complete'"),
            std::time::Duration::from_secs(20),
            &file,
        );
        let got = browser.eval(
            "document.fonts.ready.then(() => ({
                faces: [...document.fonts].map(f => [f.family, f.status]),
                spans: [...document.querySelectorAll('.r')].filter(s => /\\bf\\d/.test(s.className)).map(s => {
                    const g = document.createRange();
                    g.selectNodeContents(s);
                    const r = g.getBoundingClientRect();
                    return [s.textContent, r.left, r.top, r.width, r.height];
                })
            }))",
        );
        for f in got["faces"].as_array().unwrap() {
            assert_ne!(f[1], "error", "page {}: Chromium refused the font {}", i + 1, f[0]);
            if f[1] == "loaded" {
                loaded.insert(f[0].as_str().unwrap().to_string());
            }
        }
        let runs: Vec<&chapbook::display::GlyphRun> = page
            .items
            .iter()
            .filter_map(|it| match it {
                chapbook::display::Item::Text(r) => Some(r),
                _ => None,
            })
            .collect();
        for s in got["spans"].as_array().unwrap() {
            let text = s[0].as_str().unwrap();
            let [left, top, width, height] = [1, 2, 3, 4].map(|k| s[k].as_f64().unwrap() as f32);
            let Some(run) = runs
                .iter()
                .filter(|r| r.text.trim_end() == text && (r.origin.x - left).abs() < 0.05)
                .min_by(|p, q| (p.origin.y - top).abs().total_cmp(&(q.origin.y - top).abs()))
            else {
                continue;
            };
            let printed: f32 = run.glyphs.iter().map(|g| g.advance).sum();
            // The text's box (what a selection highlights) is the face's ascent over its
            // descent; the baseline lies between them in their proportion. Chromium rounds
            // a face's ascent and descent to whole pixels: a pixel is the tolerance.
            let src = &doc.fonts[run.font.index()];
            let face = ttf_parser::Face::parse(src.bytes(), src.index).unwrap();
            let (a, d) = (f32::from(face.ascender()), f32::from(-face.descender()));
            let baseline = top + height * a / (a + d);
            let (dw, db) = ((width - printed).abs(), (baseline - run.origin.y).abs());
            // Chromium lays text out in 1/64 px and may round the spacing: a hundredth of a
            // pixel a character.
            let n = text.chars().count() as f32;
            assert!(dw < 0.1 + 0.01 * n, "page {}: `{text}` is {width} px wide in Chromium, printed {printed}", i + 1);
            assert!(db < 1.0, "page {}: `{text}` sits on {baseline} in Chromium, printed on {}", i + 1, run.origin.y);
            worst = (worst.0.max(dw), worst.1.max(db));
            measured += 1;
        }
    }
    println!(
        "{name}: {measured} spans measured in Chromium; worst width {:.3} pt, worst baseline {:.3} pt",
        worst.0, worst.1
    );
    (measured, loaded)
}

/// The package's `dc:identifier`.
fn identifier_of(epub: &[u8]) -> String {
    let files = unpack(epub);
    let opf = &files.iter().find(|(n, _)| n.ends_with("package.opf")).unwrap().1;
    opf.split("<dc:identifier id=\"id\">").nth(1).unwrap().split('<').next().unwrap().to_string()
}

#[test]
fn the_identifier_is_the_books_isbn_or_a_uuid_of_title_and_author_not_of_its_text() {
    let dir = common::scratch("identifier");
    common::copy_dir(&common::fixture("mini"), &dir);
    let first = identifier_of(&build(&dir, "identifier-1").1);
    // A UUID, version 8 (RFC 9562, a name-based one of chapbook's own hash), variant 10.
    let uuid = first.strip_prefix("urn:uuid:").unwrap_or_else(|| panic!("{first}"));
    let groups: Vec<&str> = uuid.split('-').collect();
    assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{uuid}");
    assert!(groups[2].starts_with('8') && "89ab".contains(&groups[3][..1]), "{uuid}");

    // Another poem's words: the same book.
    let section = dir.join("layout/02-two.toml");
    let text = std::fs::read_to_string(&section).unwrap();
    std::fs::write(&section, text.replace("box ", "bin ")).unwrap();
    assert_eq!(identifier_of(&build(&dir, "identifier-2").1), first, "the text changed the identifier");

    // Another title: another book.
    let toml = dir.join("layout/book.toml");
    let book = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, book.replace("A Small Test Book", "A Smaller Test Book")).unwrap();
    assert_ne!(identifier_of(&build(&dir, "identifier-3").1), first);

    // With an ISBN, the ISBN.
    std::fs::write(&toml, format!("{book}\n[cover]\nisbn = \"978-0-306-40615-7\"\n")).unwrap();
    let (path, bytes) = build(&dir, "identifier-4");
    assert_eq!(identifier_of(&bytes), "urn:isbn:9780306406157");
    epubcheck(&path);
}
