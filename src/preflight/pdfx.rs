//! Document-level facts (version, PDF/X claim, output intents) and, when asked, the
//! PDF/X-1a:2001 rules: PDF 1.3 (1.4 tolerated), the Info keys GTS_PDFXVersion
//! (`PDF/X-1…`), GTS_PDFXConformance (`PDF/X-1a:2001`), Trapped (True or False),
//! CreationDate and ModDate; exactly one `/GTS_PDFX` output intent, with an
//! OutputConditionIdentifier, and an embedded output profile (if any) of ICC version 2
//! (version 4 profiles came after PDF/X-1a:2001 and PDF 1.3); a trailer `/ID`; no
//! encryption; no annotation other than PrinterMark or TrapNet on or inside the
//! BleedBox; and no transparency (ExtGState CA/ca below 1, a soft mask, a blend mode
//! other than Normal/Compatible, an image with a soft mask, or a page or form group of
//! `/S /Transparency`). Transparency is checked for every print target too, PDF/X or not:
//! the services ask for it flattened.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::boxes::PageBoxes;
use super::{Problem, Rules, all_resources, as_dict, get, get_dict, name, number, pages_phrase, problem, text};

pub struct Meta {
    pub version: String,
    pub pdfx: Option<String>,
    pub output_intents: usize,
}

pub fn check(
    doc: &Document,
    pages: &[ObjectId],
    rules: &Rules,
    boxes: &[Option<PageBoxes>],
    problems: &mut Vec<Problem>,
) -> Meta {
    let catalog = doc.catalog().ok();
    let version = effective_version(doc, catalog);
    let info = doc.trailer.get(b"Info").ok().and_then(|o| as_dict(super::resolve(doc, o)));
    let info_text = |key: &[u8]| info_string(doc, info, key);
    // The level a file claims: PDF/X-1a files say `PDF/X-1:2001` in GTS_PDFXVersion and
    // name their level in GTS_PDFXConformance.
    let pdfx = info_text(b"GTS_PDFXVersion");
    let level = match (&pdfx, info_text(b"GTS_PDFXConformance")) {
        (Some(v), Some(c)) if v.starts_with("PDF/X-1") && c.starts_with("PDF/X-1") => Some(c),
        (v, _) => v.clone(),
    };
    let intents: Vec<&Dictionary> = match catalog.and_then(|c| get(doc, c, b"OutputIntents")) {
        Some(Object::Array(a)) => a.iter().filter_map(|o| as_dict(super::resolve(doc, o))).collect(),
        _ => Vec::new(),
    };
    let meta = Meta { version, pdfx: level, output_intents: intents.len() };
    if !rules.pdfx {
        if let Some(t) = rules.target {
            for found in transparency(doc, pages) {
                problems.push(problem(
                    "transparency",
                    format!(
                        "{found}: {} wants transparency flattened: flatten it when exporting (or use PDF/X-1a)",
                        t.name
                    ),
                ));
            }
        }
        return meta;
    }

    if version_number(&meta.version) > (1, 4) {
        problems
            .push(problem("pdfx-version", format!("PDF {}; PDF/X-1a:2001 needs PDF 1.3 (1.4 at most)", meta.version)));
    }
    check_info(doc, info, pdfx.as_deref(), problems);
    check_output_intent(doc, &intents, problems);

    let mut fail = |rule: &str, detail: String| problems.push(problem(rule, detail));
    if doc.trailer.get(b"ID").is_err() {
        fail("pdfx-id", "the trailer has no /ID".into());
    }
    if doc.trailer.get(b"Encrypt").is_ok() || doc.was_encrypted() {
        fail("pdfx-encryption", "the file is encrypted".into());
    }
    for t in transparency(doc, pages) {
        fail("pdfx-transparency", t);
    }
    annotations_in_bleed(doc, pages, boxes, problems);
    meta
}

/// A text entry of the Info dictionary.
fn info_string(doc: &Document, info: Option<&Dictionary>, key: &[u8]) -> Option<String> {
    match info.and_then(|i| get(doc, i, key)) {
        Some(Object::String(s, _)) => Some(text(s)),
        _ => None,
    }
}

/// The Info entries PDF/X-1a needs: its version and conformance, Trapped, and the dates.
fn check_info(doc: &Document, info: Option<&Dictionary>, pdfx: Option<&str>, problems: &mut Vec<Problem>) {
    let mut fail = |rule: &str, detail: String| problems.push(problem(rule, detail));
    let info_text = |key: &[u8]| info_string(doc, info, key);
    match (info, pdfx) {
        (None, _) => fail("pdfx-info", "the trailer has no Info dictionary".into()),
        (Some(_), None) => fail("pdfx-info", "Info has no GTS_PDFXVersion".into()),
        (Some(_), Some(v)) if !v.starts_with("PDF/X-1") => {
            fail("pdfx-info", format!("GTS_PDFXVersion is {v:?}, not PDF/X-1…"))
        }
        _ => {}
    }
    if info.is_some() {
        match info_text(b"GTS_PDFXConformance") {
            None => fail("pdfx-info", "Info has no GTS_PDFXConformance".into()),
            Some(c) if c != "PDF/X-1a:2001" => {
                fail("pdfx-info", format!("GTS_PDFXConformance is {c:?}, not \"PDF/X-1a:2001\""))
            }
            _ => {}
        }
        match info.and_then(|i| get(doc, i, b"Trapped")) {
            None => fail("pdfx-info", "Info has no Trapped".into()),
            Some(Object::Name(n)) if n == b"True" || n == b"False" => {}
            Some(other) => fail("pdfx-info", format!("Trapped is {}, not /True or /False", describe(other))),
        }
        for key in ["CreationDate", "ModDate"] {
            if info_text(key.as_bytes()).is_none() {
                fail("pdfx-info", format!("Info has no {key}"));
            }
        }
    }
}

/// Exactly one PDF/X output intent, naming a registered condition or embedding the
/// printer's profile.
fn check_output_intent(doc: &Document, intents: &[&Dictionary], problems: &mut Vec<Problem>) {
    let mut fail = |rule: &str, detail: String| problems.push(problem(rule, detail));
    let pdfx_intents: Vec<&&Dictionary> = intents.iter().filter(|d| name(doc, d, b"S") == Some(b"GTS_PDFX")).collect();
    match pdfx_intents.as_slice() {
        [] => fail("pdfx-output-intent", "no OutputIntent with /S /GTS_PDFX".into()),
        [one] => match get(doc, one, b"OutputConditionIdentifier") {
            Some(Object::String(id, _)) => {
                let id = text(id);
                let profile = match get(doc, one, b"DestOutputProfile") {
                    Some(Object::Stream(s)) => Some(s),
                    _ => None,
                };
                if let Some(v) = profile.and_then(icc_major_version)
                    && v >= 4
                {
                    fail(
                        "pdfx-icc-version",
                        format!(
                            "the output intent {id:?} embeds an ICC version {v} profile; PDF/X-1a:2001 (PDF 1.3) takes \
                             version 2 profiles only: embed the printer's v2 profile, or name a registered condition (e.g. FOGRA39) instead"
                        ),
                    );
                }
                let profile = profile.is_some();
                if !profile && crate::intents::registered(&id).is_none() {
                    let hint = match crate::intents::did_you_mean(&id) {
                        Some(m) => format!(" (did you mean {m}?)"),
                        None => String::new(),
                    };
                    fail(
                        "pdfx-output-intent",
                        format!(
                            "the output condition {id:?} is not a registered characterisation{hint} and no DestOutputProfile is embedded"
                        ),
                    );
                }
            }
            _ => fail("pdfx-output-intent", "the output intent has no OutputConditionIdentifier".into()),
        },
        many => fail(
            "pdfx-output-intent",
            format!("{} OutputIntents with /S /GTS_PDFX; exactly one is allowed", many.len()),
        ),
    }
}

/// An ICC profile's major version: byte 8 of its header.
fn icc_major_version(stream: &lopdf::Stream) -> Option<u8> {
    let data = if stream.dict.get(b"Filter").is_ok() {
        stream.decompressed_content_with_limit(super::MAX_STREAM).ok()?
    } else {
        stream.content.clone()
    };
    // A profile starts with its size, a CMM type, then the version; `acsp` at 36.
    (data.len() >= 128 && &data[36..40] == b"acsp").then(|| data[8])
}

/// PDF/X-1a allows no annotation but PrinterMark and TrapNet on or inside the BleedBox
/// (links and notes would print, or be refused).
fn annotations_in_bleed(doc: &Document, pages: &[ObjectId], boxes: &[Option<PageBoxes>], problems: &mut Vec<Problem>) {
    use std::collections::{BTreeMap, BTreeSet};
    let mut found: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, &id) in pages.iter().enumerate() {
        let (Ok(page), Some(Some(b))) = (doc.get_dictionary(id), boxes.get(i)) else { continue };
        let Some(Object::Array(annots)) = get(doc, page, b"Annots") else { continue };
        for a in annots.iter().filter_map(|a| as_dict(super::resolve(doc, a))) {
            let subtype = name(doc, a, b"Subtype").map(|n| String::from_utf8_lossy(n).into_owned());
            if matches!(subtype.as_deref(), Some("PrinterMark" | "TrapNet")) {
                continue;
            }
            let rect: Vec<f32> = match get(doc, a, b"Rect") {
                Some(Object::Array(r)) => r.iter().filter_map(|o| number(doc, o)).collect(),
                _ => Vec::new(),
            };
            let bleed = b.bleed;
            let inside = match rect.as_slice() {
                [x0, y0, x1, y1] => {
                    x0.min(*x1) < bleed[2] && x0.max(*x1) > bleed[0] && y0.min(*y1) < bleed[3] && y0.max(*y1) > bleed[1]
                }
                // No usable Rect: its place is unknown, so it may be anywhere.
                _ => true,
            };
            if inside {
                found.entry(subtype.unwrap_or_else(|| "(untyped)".into())).or_default().insert(i);
            }
        }
    }
    for (subtype, pages) in found {
        problems.push(problem(
            "pdfx-annotation",
            format!(
                "a {subtype} annotation lies inside the BleedBox on {}; PDF/X-1a allows only PrinterMark and TrapNet \
                 annotations there: export without links and comments, or move it off the page's bleed",
                pages_phrase(&pages)
            ),
        ));
    }
}

/// The header's version, or the catalog's `/Version` when that is later.
fn effective_version(doc: &Document, catalog: Option<&Dictionary>) -> String {
    let header = doc.version.trim().to_string();
    match catalog.and_then(|c| name(doc, c, b"Version")) {
        Some(v) => {
            let v = String::from_utf8_lossy(v).into_owned();
            if version_number(&v) > version_number(&header) { v } else { header }
        }
        None => header,
    }
}

fn version_number(v: &str) -> (u32, u32) {
    let mut parts = v.split('.').map(|p| p.trim().parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

/// Sentences naming each kind of transparency the resources set up, once each.
fn transparency(doc: &Document, pages: &[ObjectId]) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut note = |s: String| {
        if !found.contains(&s) {
            found.push(s);
        }
    };
    let is_group =
        |d: &Dictionary| get_dict(doc, d, b"Group").is_some_and(|g| name(doc, g, b"S") == Some(b"Transparency"));
    let grouped: std::collections::BTreeSet<usize> =
        (0..pages.len()).filter(|&i| doc.get_dictionary(pages[i]).is_ok_and(is_group)).collect();
    if !grouped.is_empty() {
        let verb = if grouped.len() == 1 { "is" } else { "are" };
        note(format!("{} {verb} a transparency group (/Group /S /Transparency)", pages_phrase(&grouped)));
    }
    for res in all_resources(doc, pages) {
        if let Some(xobjects) = get_dict(doc, res, b"XObject") {
            for (key, v) in xobjects.iter() {
                if let Some(x) = as_dict(super::resolve(doc, v))
                    && name(doc, x, b"Subtype") == Some(b"Form")
                    && is_group(x)
                {
                    note(format!(
                        "form /{} is a transparency group (/Group /S /Transparency)",
                        String::from_utf8_lossy(key)
                    ));
                }
            }
        }
        if let Some(states) = get_dict(doc, res, b"ExtGState") {
            for (key, v) in states.iter() {
                let Some(gs) = as_dict(super::resolve(doc, v)) else {
                    continue;
                };
                let label = String::from_utf8_lossy(key);
                for alpha in ["CA", "ca"] {
                    if let Some(a) = get(doc, gs, alpha.as_bytes()).and_then(|o| number(doc, o))
                        && a < 1.0
                    {
                        note(format!("ExtGState /{label} sets {alpha} {a}"));
                    }
                }
                match get(doc, gs, b"SMask") {
                    None => {}
                    Some(Object::Name(n)) if n == b"None" => {}
                    Some(_) => note(format!("ExtGState /{label} sets a soft mask")),
                }
                let bm = match get(doc, gs, b"BM") {
                    Some(Object::Array(a)) => a.first().map(|o| super::resolve(doc, o)),
                    other => other,
                };
                if let Some(Object::Name(n)) = bm
                    && n != b"Normal"
                    && n != b"Compatible"
                {
                    note(format!("ExtGState /{label} sets blend mode {}", String::from_utf8_lossy(n)));
                }
            }
        }
        if let Some(xobjects) = get_dict(doc, res, b"XObject") {
            for (key, v) in xobjects.iter() {
                if let Some(x) = as_dict(super::resolve(doc, v))
                    && name(doc, x, b"Subtype") == Some(b"Image")
                    && matches!(get(doc, x, b"SMask"), Some(Object::Stream(_)))
                {
                    note(format!("image /{} has a soft mask", String::from_utf8_lossy(key)));
                }
            }
        }
    }
    found
}

fn describe(o: &Object) -> String {
    match o {
        Object::Name(n) => format!("/{}", String::from_utf8_lossy(n)),
        Object::String(s, _) => format!("{:?}", text(s)),
        Object::Boolean(b) => b.to_string(),
        other => other.enum_variant().to_string(),
    }
}
