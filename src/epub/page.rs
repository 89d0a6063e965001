//! One page of the EPUB: the SVG picture, and over it the page's text as structured,
//! transparent markup in reading order (see the module above).

use std::fmt::Write as _;

use super::fonts::{Face, face_for, shown};
use crate::display::{Document, GlyphRun, Item, PathEl, Role};
use crate::svg::escape;

/// The element a run of items belongs to.
#[derive(Debug, Clone, PartialEq)]
enum Open {
    Nothing,
    Heading(u8, u32),
    Para(u32),
    Figure(u32),
    Entry(u32),
    Artifact,
}

fn open_of(role: &Role) -> Open {
    match role {
        Role::Artifact => Open::Artifact,
        Role::Heading { level, id } => Open::Heading(*level, *id),
        Role::Line { para, .. } | Role::Blank { para, .. } => Open::Para(*para),
        Role::Figure { id, .. } => Open::Figure(*id),
        Role::ContentsEntry { entry } => Open::Entry(*entry),
    }
}

/// The XHTML of page `i`.
pub fn xhtml(doc: &Document, i: usize, picture: &str, lang: &str, label: Option<&str>, faces: &[Face]) -> String {
    let (w, h) = doc.page_size;
    let mut s = String::with_capacity(picture.len() + 8 * 1024);
    let title = match label {
        Some(l) => format!("{}, page {l}", doc.meta.title),
        None => format!("{}, page {}", doc.meta.title, i + 1),
    };
    let _ = write!(
        s,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="{lang}" lang="{lang}">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width={}, height={}"/>
<title>{}</title>
<link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body>
<div class="page">
"#,
        super::px(w),
        super::px(h),
        escape(&title)
    );
    if let Some(l) = label {
        let _ = writeln!(
            s,
            r#"<span epub:type="pagebreak" role="doc-pagebreak" id="page-{}" aria-label="{}"></span>"#,
            escape(l),
            escape(l)
        );
    }
    s.push_str(picture.trim_end());
    s.push_str("\n<div class=\"text\">\n");
    let page = &doc.pages[i];
    let mut open = Open::Nothing;
    let mut line: Option<u32> = None;
    for (k, item) in page.items.iter().enumerate() {
        let role = doc.role(i, k);
        let next = open_of(role);
        if next != open {
            close(&mut s, &open, &mut line);
            start(&mut s, doc, role);
            open = next;
        }
        if let Role::Line { line: l, .. } | Role::Blank { line: l, .. } = role
            && line != Some(*l)
        {
            if line.is_some() {
                s.push_str("</span><br/>");
            }
            s.push_str("<span class=\"line\">");
            line = Some(*l);
        }
        match (item, role) {
            (Item::Text(run), _) => text(&mut s, run, faces),
            (Item::Group(g), _) => group(&mut s, g, faces),
            (Item::Path(p), Role::Blank { .. }) => {
                let (x0, x1, y) = p.els.iter().fold((f32::INFINITY, f32::NEG_INFINITY, 0.0), |(a, b, y), e| match e {
                    PathEl::MoveTo(q) | PathEl::LineTo(q) => (a.min(q.x), b.max(q.x), q.y),
                    _ => (a, b, y),
                });
                let _ = write!(
                    s,
                    r#"<span class="r" role="img" aria-label="blank" style="left:{}px;top:{}px;width:{}px;font-size:8px">___</span>"#,
                    n(x0),
                    n(y - 8.0),
                    n(x1 - x0)
                );
            }
            _ => {}
        }
    }
    close(&mut s, &open, &mut line);
    s.push_str("</div>\n</div>\n</body>\n</html>\n");
    s
}

fn start(s: &mut String, doc: &Document, role: &Role) {
    match role {
        Role::Artifact => s.push_str("<div aria-hidden=\"true\">"),
        Role::Heading { level, .. } => {
            let _ = write!(s, "<h{}>", level.clamp(&1, &6));
        }
        Role::Line { .. } | Role::Blank { .. } => s.push_str("<p>"),
        Role::Figure { alt, .. } if alt.trim().is_empty() => s.push_str("<div aria-hidden=\"true\">"),
        Role::Figure { alt, .. } => {
            let _ = write!(s, "<div role=\"img\" aria-label=\"{}\">", escape(alt));
        }
        Role::ContentsEntry { entry } => {
            let target = doc.outline.get(*entry as usize).map_or(0, |e| e.page);
            let _ = write!(s, "<p><a href=\"{}\">", super::page_file(target));
        }
    }
}

fn close(s: &mut String, open: &Open, line: &mut Option<u32>) {
    if line.take().is_some() {
        s.push_str("</span>");
    }
    match open {
        Open::Nothing => return,
        Open::Heading(level, _) => {
            let _ = write!(s, "</h{}>", level.clamp(&1, &6));
        }
        Open::Para(_) => s.push_str("</p>"),
        Open::Entry(_) => s.push_str("</a></p>"),
        Open::Figure(_) | Open::Artifact => s.push_str("</div>"),
    }
    s.push('\n');
}

/// A run of text where it prints, in its face at its size: its baseline on the run's,
/// spaced to the printed run's width.
fn text(s: &mut String, run: &GlyphRun, faces: &[Face]) {
    let t = shown(run);
    if t.trim().is_empty() {
        return;
    }
    let printed: f32 = run.glyphs.iter().map(|g| g.advance).sum();
    let face = face_for(faces, run.font, t, &super::fonts::printed(run));
    span(s, face, run.origin.x, run.origin.y, run.size, t, Some(printed));
}

/// A turned group's text (or text along a path): its words where its first glyphs print,
/// upright, so that they can be found and read.
fn group(s: &mut String, g: &crate::display::Group, faces: &[Face]) {
    let mut first = None;
    let mut words = Vec::new();
    for run in crate::display::runs(&g.items) {
        first.get_or_insert(run);
        words.push(shown(run).to_string());
    }
    let Some(run) = first else { return };
    let text = g.text.clone().unwrap_or_else(|| words.join(" "));
    if text.trim().is_empty() {
        return;
    }
    let at = g.transform.apply(run.origin);
    span(s, face_for(faces, run.font, &text, &[]), at.x, at.y, run.size, &text, None);
}

/// One positioned span of text with its baseline at `y`; `width`, the printed width it
/// is spaced to. Text in an italic face is an `<em>`: the same box (the stylesheet sets
/// every element of the text layer upright, so no reader slants it again and no glyph
/// moves), read as emphasis.
fn span(s: &mut String, face: Option<&Face>, x: f32, y: f32, size: f32, t: &str, width: Option<f32>) {
    let Some(face) = face else {
        let _ = write!(
            s,
            r#"<span class="r" style="left:{}px;top:{}px;font-size:{}px">{}</span> "#,
            n(x),
            n(y - size * 0.8),
            n(size),
            escape(t)
        );
        return;
    };
    let tag = if face.italic { "em" } else { "span" };
    let _ = write!(
        s,
        r#"<{tag} class="r {}" style="left:{}px;top:{}px;font-size:{}px"#,
        face.family,
        n3(x),
        n3(y - face.baseline(size)),
        n3(size)
    );
    if let Some(ls) = width.and_then(|w| face.letter_spacing(t, size, w)).filter(|ls| ls.abs() >= 0.0005) {
        let _ = write!(s, ";letter-spacing:{}px", n3(ls));
    }
    let _ = write!(s, r#"">{}</{tag}> "#, escape(t));
}

/// Three decimals at most.
fn n3(v: f32) -> String {
    let r = (f64::from(v) * 1000.0).round() / 1000.0;
    if r == r.trunc() { format!("{}", r as i64) } else { format!("{r}") }
}

/// Two decimals at most.
fn n(v: f32) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r == r.trunc() { format!("{}", r as i64) } else { format!("{r}") }
}
