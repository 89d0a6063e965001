//! Font names in the spec checked against the fonts found in `fonts/`, before layout (the
//! text stage reads the spec, never the other way round), so
//! that a misspelt family or a style the family lacks is reported at the value in the
//! TOML (file:line:col, underlined, with a did-you-mean) rather than from inside layout.
//! The places come from [`Book::font_refs`], recorded while the spec was read.

use super::{FontBook, Style};
use crate::diag::{Diagnostic, Source};
use crate::spec::{Book, suggest};
use std::ops::Range;

/// Every family and family+style named in book.toml and the sections that `fonts/` lacks.
pub fn check_fonts(book: &Book, fonts: &FontBook) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let body = &book.body.family;
    for r in &book.font_refs {
        match (&r.family, &r.style) {
            (Some(f), style) => {
                family(&mut diags, fonts, &r.source, f, style.as_ref().map_or(Style::Regular, |s| s.0), style.clone())
            }
            (None, Some((st, span))) => {
                if fonts.has_family(body) && !fonts.has_face(body, *st) {
                    diags.push(missing_style(fonts, &r.source, span.clone(), body, *st));
                }
            }
            (None, None) => family_unspanned(&mut diags, fonts, body),
        }
    }
    diags
}

/// Checks `family` (and `style`, whose span is given when the TOML names it).
fn family(
    diags: &mut Vec<Diagnostic>,
    fonts: &FontBook,
    src: &Source,
    f: &(String, Range<usize>),
    style: Style,
    style_at: Option<(Style, Range<usize>)>,
) {
    let name = &f.0;
    if !fonts.has_family(name) {
        let families = fonts.families();
        let lower: Vec<String> = families.iter().map(|f| f.to_ascii_lowercase()).collect();
        let guess = suggest(&name.trim().to_ascii_lowercase(), lower.iter().map(String::as_str))
            .and_then(|g| families.iter().find(|f| f.to_ascii_lowercase() == g));
        let list = if families.is_empty() {
            "fonts/ has no .ttf or .otf files".to_string()
        } else {
            format!("families in fonts/: {}", families.join(", "))
        };
        let mut d = Diagnostic::error(format!("no font family `{name}` in fonts/"))
            .at(src, f.1.clone())
            .label("unknown family");
        if let Some(g) = guess {
            d = d.note(format!("did you mean `{g}`?"));
        }
        for (path, why) in fonts.skipped() {
            let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
            d = d.note(format!("`{name}` in fonts/ was not read: {why}"));
        }
        diags.push(d.note(list));
    } else if !fonts.has_face(name, style) {
        let span = style_at.map(|s| s.1).unwrap_or(f.1.clone());
        diags.push(missing_style(fonts, src, span, name, style));
    }
}

fn family_unspanned(diags: &mut Vec<Diagnostic>, fonts: &FontBook, name: &str) {
    if !fonts.has_face(name, Style::Regular) {
        diags.push(
            Diagnostic::error(format!("no font `{name}` (regular) in fonts/, and book.toml names no other"))
                .note("set [type] family in layout/book.toml to one of: ".to_string() + &fonts.families().join(", ")),
        );
    }
}

fn missing_style(fonts: &FontBook, src: &Source, span: Range<usize>, family: &str, style: Style) -> Diagnostic {
    let have: Vec<String> = fonts.styles(family).iter().map(|s| format!("`{s}`")).collect();
    Diagnostic::error(format!("`{family}` has no {style} face in fonts/"))
        .at(src, span)
        .label("style not available")
        .note(format!("{family} comes in: {}", have.join(", ")))
}
