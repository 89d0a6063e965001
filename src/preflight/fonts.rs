//! Fonts: every font dictionary the pages (and their forms, patterns, Type3 glyphs) can
//! reach, once each, with whether its program is embedded, subset and Unicode-mapped.
//! A font is embedded when its descriptor — or, for a composite (Type0) font, its
//! descendant's — holds FontFile, FontFile2 or FontFile3. Type3 fonts draw their glyphs
//! with content streams in the file, so they count as embedded.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::{FontInfo, Problem, all_resources, as_dict, get, get_dict, name, problem, resolve};

pub fn collect(doc: &Document, pages: &[ObjectId], problems: &mut Vec<Problem>) -> Vec<FontInfo> {
    let mut seen_ids: Vec<ObjectId> = Vec::new();
    let mut seen_direct: Vec<*const Dictionary> = Vec::new();
    let mut fonts = Vec::new();
    for res in all_resources(doc, pages) {
        let Some(entries) = get_dict(doc, res, b"Font") else {
            continue;
        };
        for (_, v) in entries.iter() {
            let (id, obj) = doc.dereference(v).unwrap_or((None, &Object::Null));
            let Some(font) = as_dict(obj) else { continue };
            match id {
                Some(id) if seen_ids.contains(&id) => continue,
                Some(id) => seen_ids.push(id),
                None if seen_direct.contains(&(font as *const _)) => continue,
                None => seen_direct.push(font),
            }
            fonts.push(info(doc, font));
        }
    }
    for f in &fonts {
        if !f.embedded {
            problems.push(problem("font-not-embedded", format!("font {} is not embedded", f.name)));
        }
    }
    fonts
}

fn info(doc: &Document, font: &Dictionary) -> FontInfo {
    let subtype = name(doc, font, b"Subtype").unwrap_or(b"");
    let base = name(doc, font, b"BaseFont").map(|n| String::from_utf8_lossy(n).into_owned());
    let embedded = match subtype {
        b"Type3" => true,
        b"Type0" => descendant(doc, font).is_some_and(|d| has_program(doc, d)),
        _ => has_program(doc, font),
    };
    let name = base.unwrap_or_else(|| {
        if subtype.is_empty() {
            "(unnamed font)".into()
        } else {
            format!("(unnamed {})", String::from_utf8_lossy(subtype))
        }
    });
    FontInfo { subset: is_subset_tag(&name), embedded, to_unicode: font.get(b"ToUnicode").is_ok(), name }
}

fn descendant<'a>(doc: &'a Document, font: &'a Dictionary) -> Option<&'a Dictionary> {
    match get(doc, font, b"DescendantFonts")? {
        Object::Array(a) => as_dict(resolve(doc, a.first()?)),
        _ => None,
    }
}

fn has_program(doc: &Document, font: &Dictionary) -> bool {
    get_dict(doc, font, b"FontDescriptor").is_some_and(|fd| {
        [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
            .iter()
            .any(|k| matches!(get(doc, fd, k), Some(Object::Stream(_))))
    })
}

/// `ABCDEF+Name`: six capital letters and a plus.
fn is_subset_tag(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() > 7 && b[6] == b'+' && b[..6].iter().all(u8::is_ascii_uppercase)
}

#[cfg(test)]
mod tests {
    use super::is_subset_tag;

    #[test]
    fn subset_tags() {
        assert!(is_subset_tag("ABCDEF+EBGaramond-Regular"));
        assert!(!is_subset_tag("Helvetica"));
        assert!(!is_subset_tag("ABCDEf+X"));
        assert!(!is_subset_tag("ABCDEF+"));
    }
}
