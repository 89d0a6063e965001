//! Font names in the spec checked against the fonts found in `fonts/`, before layout, so
//! that a misspelt family or a style the family lacks is reported at the value in the
//! TOML (file:line:col, underlined, with a did-you-mean) rather than from inside layout.
//! The spans come from parsing the files again; they parsed once already, so this cannot
//! fail in a new way.

use super::Book;
use super::load::suggest;
use super::raw::{RawBook, RawSection};
use crate::diag::{Diagnostic, Source};
use crate::text::{FontBook, Style};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;
use toml::Spanned;

/// Every family and family+style named in book.toml and the sections that `fonts/` lacks.
pub fn check_fonts(book: &Book, fonts: &FontBook) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let body = book.body.family.clone();
    if let Some((src, raw)) = reparse::<RawBook>(&book.root.join("layout").join("book.toml")) {
        let typ = raw.typ.unwrap_or_default();
        match &typ.family {
            Some(f) => family(&mut diags, fonts, &src, f, Style::Regular, None),
            None => family_unspanned(&mut diags, fonts, &body),
        }
        if let Some(m) = &typ.mono {
            family(&mut diags, fonts, &src, m, Style::Regular, None);
        }
    } else {
        family_unspanned(&mut diags, fonts, &body);
    }
    for section in &book.sections {
        let Some((src, raw)) = reparse::<RawSection>(&section.file) else { continue };
        for b in raw.block {
            let b = b.into_inner();
            let style = b.style.as_ref().and_then(|s| Style::parse(s.get_ref()).map(|st| (st, s.span())));
            match &b.family {
                Some(f) => family(&mut diags, fonts, &src, f, style.as_ref().map_or(Style::Regular, |s| s.0), style),
                None => {
                    if let Some((st, span)) = style
                        && fonts.has_family(&body)
                        && !fonts.has_face(&body, st)
                    {
                        diags.push(missing_style(fonts, &src, span, &body, st));
                    }
                }
            }
        }
    }
    diags
}

fn reparse<T: serde::de::DeserializeOwned>(path: &Path) -> Option<(Source, T)> {
    let text = std::fs::read_to_string(path).ok()?;
    let raw = toml::from_str::<T>(&text).ok()?;
    Some((Source { path: path.to_path_buf(), text: Arc::from(text) }, raw))
}

/// Checks `family` (and `style`, whose span is given when the TOML names it).
fn family(
    diags: &mut Vec<Diagnostic>,
    fonts: &FontBook,
    src: &Source,
    f: &Spanned<String>,
    style: Style,
    style_at: Option<(Style, Range<usize>)>,
) {
    let name = f.get_ref();
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
        let mut d =
            Diagnostic::error(format!("no font family `{name}` in fonts/")).at(src, f.span()).label("unknown family");
        if let Some(g) = guess {
            d = d.note(format!("did you mean `{g}`?"));
        }
        diags.push(d.note(list));
    } else if !fonts.has_face(name, style) {
        let span = style_at.map(|s| s.1).unwrap_or(f.span());
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
