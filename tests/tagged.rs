//! The chapbook's PDF read back as a screen reader reads it: through the structure tree
//! (lopdf), not the text layer. Every text-showing and painting operator sits inside
//! tagged marked content or an artifact, every MCID belongs to exactly one element and
//! the ParentTree says so too, every drawing and chart is a Figure whose alt text holds
//! its words, headings come in order, and the catalog says what PDF/UA asks.

mod common;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{BTreeMap, BTreeSet};

fn text(o: &Object) -> String {
    let b = o.as_str().unwrap_or_default();
    if b.starts_with(&[0xfe, 0xff]) {
        let units: Vec<u16> = b[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        b.iter().map(|&c| c as char).collect()
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(&Object::Null)
}

fn name(d: &Dictionary, key: &[u8]) -> String {
    d.get(key).and_then(|o| o.as_name()).map(|n| String::from_utf8_lossy(n).into_owned()).unwrap_or_default()
}

/// One structure element, flattened in reading order.
#[derive(Debug)]
struct Elem {
    kind: String,
    alt: Option<String>,
    actual: Option<String>,
    /// Its own marked content: (page object, MCID).
    mcids: Vec<(ObjectId, i64)>,
    depth: usize,
}

fn walk(doc: &Document, id: ObjectId, depth: usize, out: &mut Vec<Elem>, ids: &mut Vec<ObjectId>) {
    let d = doc.get_dictionary(id).unwrap();
    let page = d.get(b"Pg").ok().and_then(|p| p.as_reference().ok());
    let at = out.len();
    out.push(Elem {
        kind: name(d, b"S"),
        alt: d.get(b"Alt").ok().map(text),
        actual: d.get(b"ActualText").ok().map(text),
        mcids: vec![],
        depth,
    });
    ids.push(id);
    let kids = match d.get(b"K") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(o) => vec![o.clone()],
        Err(_) => vec![],
    };
    for k in &kids {
        match k {
            Object::Integer(m) => out[at].mcids.push((page.expect("an MCID needs /Pg"), *m)),
            Object::Reference(r) => {
                let kd = doc.get_dictionary(*r).unwrap();
                match name(kd, b"Type").as_str() {
                    "MCR" => {
                        let pg = kd.get(b"Pg").ok().and_then(|p| p.as_reference().ok()).or(page).unwrap();
                        out[at].mcids.push((pg, kd.get(b"MCID").unwrap().as_i64().unwrap()));
                    }
                    "OBJR" => {}
                    _ => walk(doc, *r, depth + 1, out, ids),
                }
            }
            Object::Dictionary(kd) if name(kd, b"Type") == "MCR" => {
                let pg = kd.get(b"Pg").ok().and_then(|p| p.as_reference().ok()).or(page).unwrap();
                out[at].mcids.push((pg, kd.get(b"MCID").unwrap().as_i64().unwrap()));
            }
            Object::Dictionary(kd) if name(kd, b"Type") == "OBJR" => {}
            other => panic!("unexpected kid {other:?}"),
        }
    }
}

/// The operators that put marks on the page.
const PAINT: &[&str] = &["Tj", "TJ", "'", "\"", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "Do"];

#[test]
fn the_chapbook_reads_through_its_structure_tree() {
    let bytes = common::chapbook_pdf();
    let doc = Document::load_mem(bytes).unwrap();
    let cat = doc.catalog().unwrap();
    let mark = deref(&doc, cat.get(b"MarkInfo").unwrap()).as_dict().unwrap();
    assert!(matches!(mark.get(b"Marked"), Ok(Object::Boolean(true))));
    assert_eq!(text(cat.get(b"Lang").unwrap()), "en");
    let prefs = deref(&doc, cat.get(b"ViewerPreferences").unwrap()).as_dict().unwrap();
    assert!(matches!(prefs.get(b"DisplayDocTitle"), Ok(Object::Boolean(true))));
    let xmp = deref(&doc, cat.get(b"Metadata").unwrap()).as_stream().unwrap();
    let xmp = String::from_utf8_lossy(&xmp.content);
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>") && xmp.contains("Architecture of Attention"), "{xmp}");

    let (elems, pages) = structure(&doc);

    // Headings: the title first, then the contents' and each section's, in page order.
    let kinds: Vec<&str> = elems.iter().filter(|e| e.depth == 1).map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds[0], "H1", "{kinds:?}");
    let book = chapbook::spec::load(&common::root()).unwrap();
    assert_eq!(elems.iter().filter(|e| e.kind == "H2").count(), book.sections.len() + 1);
    let page_index: BTreeMap<ObjectId, u32> = pages.iter().map(|(n, id)| (*id, *n)).collect();
    let heading_pages: Vec<u32> =
        elems.iter().filter(|e| e.kind.starts_with('H')).map(|e| page_index[&e.mcids[0].0]).collect();
    assert!(heading_pages.windows(2).all(|w| w[0] <= w[1]), "{heading_pages:?}");
    // The contents: one entry per section, each a link.
    assert_eq!(elems.iter().filter(|e| e.kind == "TOCI").count(), book.sections.len());
    assert_eq!(elems.iter().filter(|e| e.kind == "Link").count(), book.sections.len());

    // Figures: one per drawing and chart, in order, each alt holding the block's words.
    let figures: Vec<&Elem> = elems.iter().filter(|e| e.kind == "Figure").collect();
    // A drawing's labels are the text runs of its figure in the display list, figure ids
    // counting up in reading order as the blocks do.
    let laid = chapbook::build::compile(&common::root(), None).unwrap();
    let mut labels: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for (p, page) in laid.document.pages.iter().enumerate() {
        for (i, item) in page.items.iter().enumerate() {
            if let (chapbook::display::Role::Figure { id, .. }, chapbook::display::Item::Text(run)) =
                (laid.document.role(p, i), item)
            {
                labels.entry(*id).or_default().extend(common::words(&run.text));
            }
        }
    }
    let mut drawn = labels.into_values();
    let mut blocks = Vec::new();
    for s in &book.sections {
        for b in &s.blocks {
            match &b.kind {
                chapbook::spec::BlockKind::Art(_) => blocks.push(drawn.next().unwrap_or_default()),
                chapbook::spec::BlockKind::Chart(c) => {
                    drawn.next();
                    blocks.push(words_of_chart(&c.text))
                }
                _ => {}
            }
        }
    }
    assert_eq!(figures.len(), blocks.len());
    for (f, words) in figures.iter().zip(&blocks) {
        let alt = f.alt.as_deref().unwrap_or_default();
        assert!(!alt.trim().is_empty());
        // Every word of its labels is in the alt text (letters stacked in a column are
        // read as the word they spell, so a letter may be inside a word).
        let plain = common::words(alt).join(" ");
        for w in words {
            assert!(plain.contains(w.as_str()), "`{w}` is missing from the figure's alt text: {alt}");
        }
    }
    // Blanks read as "blank"; stanzas are paragraphs of lines.
    assert!(elems.iter().any(|e| e.actual.as_deref() == Some("blank")));
    assert!(elems.iter().filter(|e| e.kind == "P").count() > 20);
}

/// Checks the marked content of every page against the structure tree and the
/// ParentTree; returns the elements in reading order and the pages.
fn structure(doc: &Document) -> (Vec<Elem>, BTreeMap<u32, ObjectId>) {
    let cat = doc.catalog().unwrap();
    // Marked content in every page's stream.
    let pages: BTreeMap<u32, ObjectId> = doc.get_pages();
    let mut in_content: BTreeSet<(ObjectId, i64)> = BTreeSet::new();
    let mut artifacts = 0;
    for (n, &pid) in &pages {
        let ops = Content::decode(&doc.get_page_content(pid)).unwrap().operations;
        let mut stack: Vec<Option<i64>> = Vec::new(); // Some(mcid) or None for an artifact
        for op in &ops {
            match op.operator.as_str() {
                "BDC" | "BMC" => {
                    let tag = op.operands[0].as_name().unwrap();
                    if tag == b"Artifact" {
                        stack.push(None);
                        artifacts += 1;
                    } else {
                        let mcid = op.operands.get(1).and_then(|p| p.as_dict().ok()).and_then(|p| p.get(b"MCID").ok());
                        match mcid {
                            Some(m) => {
                                let mcid = m.as_i64().unwrap();
                                assert!(in_content.insert((pid, mcid)), "page {n}: MCID {mcid} used twice");
                                stack.push(Some(mcid));
                            }
                            // Marked content without an MCID (a text's /ActualText) lies
                            // inside a tagged sequence or an artifact.
                            None => {
                                let outer =
                                    *stack.last().unwrap_or_else(|| panic!("page {n}: untagged marked content"));
                                stack.push(outer);
                            }
                        }
                    }
                }
                "EMC" => {
                    stack.pop().expect("EMC without BDC");
                }
                o if PAINT.contains(&o) => {
                    assert!(!stack.is_empty(), "page {n}: `{o}` outside marked content");
                }
                _ => {}
            }
        }
        assert!(stack.is_empty(), "page {n}: marked content left open");
    }
    assert!(artifacts > 0, "the folios are artifacts");

    // The tree: one Document, every MCID owned by exactly one element.
    let root = deref(doc, cat.get(b"StructTreeRoot").unwrap()).as_dict().unwrap();
    let top = root.get(b"K").unwrap();
    let top = match top {
        Object::Array(a) => a[0].as_reference().unwrap(),
        o => o.as_reference().unwrap(),
    };
    let (mut elems, mut ids) = (Vec::new(), Vec::new());
    walk(doc, top, 0, &mut elems, &mut ids);
    assert_eq!(elems[0].kind, "Document");
    let mut owned: BTreeMap<(ObjectId, i64), usize> = BTreeMap::new();
    for (i, e) in elems.iter().enumerate() {
        for m in &e.mcids {
            assert!(owned.insert(*m, i).is_none(), "{m:?} owned twice");
        }
    }
    let owned_set: BTreeSet<_> = owned.keys().copied().collect();
    assert_eq!(owned_set, in_content, "orphan marked content, or elements pointing at none");

    // The ParentTree maps each page's MCIDs back to the same elements.
    let parents = deref(doc, root.get(b"ParentTree").unwrap()).as_dict().unwrap();
    let nums = deref(doc, parents.get(b"Nums").unwrap()).as_array().unwrap();
    let by_key: BTreeMap<i64, &Object> = nums.chunks(2).map(|c| (c[0].as_i64().unwrap(), &c[1])).collect();
    for &pid in pages.values() {
        let page = doc.get_dictionary(pid).unwrap();
        let key = page.get(b"StructParents").unwrap().as_i64().unwrap();
        let arr = deref(doc, by_key[&key]).as_array().unwrap();
        for (mcid, r) in arr.iter().enumerate() {
            let owner = owned[&(pid, mcid as i64)];
            assert_eq!(r.as_reference().unwrap(), ids[owner], "ParentTree of page {pid:?} MCID {mcid}");
        }
    }

    (elems, pages)
}

fn words_of_chart(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim().split_once(|c: char| !c.is_alphanumeric() && !"\"'".contains(c)))
        .flat_map(|(label, _)| common::words(label))
        .collect()
}

#[test]
fn turned_blocks_free_items_and_text_on_a_path_are_read_too() {
    let dir = common::scratch("toolbox");
    std::fs::create_dir_all(dir.join("layout")).unwrap();
    std::os::unix::fs::symlink(common::root().join("fonts"), dir.join("fonts")).unwrap();
    std::fs::write(dir.join("layout/book.toml"), "title = \"Tools\"\n").unwrap();
    let sections = [
        "title = \"Turned\"\n[[block]]\nkind = \"verse\"\ntext = \"upright\"\n[[block]]\nkind = \"verse\"\nrotate = \"90deg\"\ntext = \"turned line\"\n",
        "title = \"Free\"\n[[block]]\nkind = \"free\"\nheight = \"50mm\"\n[[block.item]]\ntext = \"alpha\"\nx = \"20mm\"\ny = \"15mm\"\n[[block.item]]\ntext = \"omega\"\nx = \"40mm\"\ny = \"30mm\"\nrotate = \"-30deg\"\n",
        "title = \"Circle\"\n[[block]]\nkind = \"path\"\nshape = \"circle\"\nradius = \"60pt\"\ntext = \"round the ring of words\"\n",
    ];
    for (i, s) in sections.iter().enumerate() {
        std::fs::write(dir.join(format!("layout/0{}-s.toml", i + 1)), s).unwrap();
    }
    let out = dir.join("t.pdf");
    let opts = chapbook::build::BuildOptions::default().with(|o| {
        o.project = dir.clone();
        o.output = Some(out.clone());
    });
    chapbook::build::build(&opts).unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
    let doc = Document::load_mem(&std::fs::read(&out).unwrap()).unwrap();
    let (elems, _) = structure(&doc);
    // Each section's words are lines of text on its page, none of them an artifact: the
    // upright and the turned verse, the two free items, the ring of words.
    let h2: Vec<&Elem> = elems.iter().filter(|e| e.kind == "H2").collect();
    let lines_on =
        |page: ObjectId| elems.iter().filter(|e| e.kind == "Span" && e.mcids.iter().any(|m| m.0 == page)).count();
    let counts: Vec<usize> = h2[h2.len() - 3..].iter().map(|h| lines_on(h.mcids[0].0)).collect();
    assert_eq!(counts, [2, 2, 1], "{elems:?}");
}

#[test]
fn qpdf_finds_the_tagged_file_sound() {
    let path = common::to_file("tagged.pdf", common::chapbook_pdf());
    let Some((ok, out, err)) = common::run_tool("qpdf", &["--check", path.to_str().unwrap()]) else { return };
    assert!(ok && !out.contains("WARNING") && err.is_empty(), "{out}{err}");
}

#[test]
fn a_pdfx_build_is_tagged_too_without_link_annotations() {
    let out = common::scratch("pdfx").join("x.pdf");
    let opts = chapbook::build::BuildOptions::default().with(|o| {
        o.project = common::root();
        o.output = Some(out.clone());
        o.pdfx = Some(true);
    });
    chapbook::build::build(&opts).unwrap();
    let bytes = std::fs::read(&out).unwrap();
    let doc = Document::load_mem(&bytes).unwrap();
    let cat = doc.catalog().unwrap();
    assert!(cat.get(b"StructTreeRoot").is_ok() && cat.get(b"MarkInfo").is_ok());
    let xmp = deref(&doc, cat.get(b"Metadata").unwrap()).as_stream().unwrap();
    let xmp = String::from_utf8_lossy(&xmp.content);
    assert!(xmp.contains("PDF/X-1a:2001") && xmp.contains("<pdfuaid:part>1"));
    for &pid in doc.get_pages().values() {
        assert!(doc.get_dictionary(pid).unwrap().get(b"Annots").is_err(), "PDF/X allows no annotations on the page");
    }
    let report =
        chapbook::preflight::inspect(&bytes, &chapbook::preflight::Rules::default().with(|o| o.pdfx = true)).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}
