//! Tagged PDF (the logical structure of PDF/UA-1): the structure tree built from the
//! pages' marked content. One `Document` element holds, in reading order, the title
//! (`H1`), the contents (`TOC` of `TOCI`, each a `Link` to its section's first page),
//! each section's heading (`H2`), each stanza a `P` of `Span` lines (a drawn blank a
//! `Span` read as "blank"), each drawing or chart a `Figure` with `/Alt`, and the
//! colophon a `P`. Every MCID belongs to exactly one element; the ParentTree maps each
//! page's MCIDs, and each link annotation, back to it.

use std::collections::HashMap;

use pdf_writer::types::{AnnotationType, StructRole, TabOrder};
use pdf_writer::{Chunk, Finish, Name, Rect, Ref, TextStr};

use super::RefAlloc;
use super::content::{BLANK, Marked, tag};
use crate::display::{OutlineEntry, Role};

enum Kid {
    Elem(usize),
    Mcid { page: usize, mcid: usize },
    Annot { page: usize, annot: Ref },
}

struct Elem {
    kind: StructRole,
    parent: Option<usize>,
    alt: Option<String>,
    actual_text: Option<&'static str>,
    kids: Vec<Kid>,
}

/// What the tree adds to the pages: each page's link annotations (already written), and
/// the keys that tie pages and annotations to the ParentTree.
pub struct Tagged {
    /// The StructTreeRoot.
    pub root: Ref,
    /// Per page, its link annotations.
    pub annots: Vec<Vec<Ref>>,
}

/// Writes the structure tree for `marked` (per page, its marked-content sequences) into
/// `chunk`, with a link annotation per contents entry when `links` (PDF/X forbids
/// annotations on the page, so its contents entries are plain `TOCI`s).
pub fn write(
    chunk: &mut Chunk,
    refs: &mut RefAlloc,
    pages: &[Ref],
    marked: &[&[Marked]],
    outline: &[OutlineEntry],
    media_height: f32,
    links: bool,
) -> Tagged {
    let mut elems = vec![Elem { kind: StructRole::Document, parent: None, alt: None, actual_text: None, kids: vec![] }];
    let add = |elems: &mut Vec<Elem>, kind, parent: usize| {
        elems.push(Elem { kind, parent: Some(parent), alt: None, actual_text: None, kids: vec![] });
        let i = elems.len() - 1;
        elems[parent].kids.push(Kid::Elem(i));
        i
    };
    let (mut headings, mut paras, mut lines, mut figures, mut entries) =
        (HashMap::new(), HashMap::new(), HashMap::new(), HashMap::new(), HashMap::new());
    let mut toc = None;
    let mut owner: Vec<Vec<usize>> = Vec::with_capacity(marked.len());
    let mut annots: Vec<Vec<Ref>> = vec![Vec::new(); marked.len()];
    let mut annot_owner: Vec<(Ref, usize, usize, [f32; 4])> = Vec::new();
    for (p, seqs) in marked.iter().enumerate() {
        let mut page_owner = Vec::with_capacity(seqs.len());
        for (mcid, m) in seqs.iter().enumerate() {
            debug_assert!(tag(&m.role).is_some());
            let e = match &m.role {
                Role::Heading { level, id } => *headings
                    .entry(*id)
                    .or_insert_with(|| add(&mut elems, if *level == 1 { StructRole::H1 } else { StructRole::H2 }, 0)),
                Role::Line { para, line } | Role::Blank { para, line } => {
                    let pe = *paras.entry(*para).or_insert_with(|| add(&mut elems, StructRole::P, 0));
                    let le = *lines.entry((*para, *line)).or_insert_with(|| add(&mut elems, StructRole::Span, pe));
                    if matches!(m.role, Role::Blank { .. }) {
                        let b = add(&mut elems, StructRole::Span, le);
                        elems[b].actual_text = Some(BLANK);
                        b
                    } else {
                        le
                    }
                }
                Role::Figure { id, alt } => *figures.entry(*id).or_insert_with(|| {
                    let f = add(&mut elems, StructRole::Figure, 0);
                    elems[f].alt = Some(alt.to_string());
                    f
                }),
                Role::ContentsEntry { entry } => {
                    let t = *toc.get_or_insert_with(|| add(&mut elems, StructRole::TOC, 0));
                    let link = *entries.entry(*entry).or_insert_with(|| {
                        let item = add(&mut elems, StructRole::TOCI, t);
                        if links { add(&mut elems, StructRole::Link, item) } else { item }
                    });
                    if links && outline.get(*entry as usize).is_some_and(|o| o.page < pages.len()) {
                        match annot_owner.iter_mut().find(|a| a.1 == link && a.2 == p) {
                            Some(a) => a.3 = union(a.3, m.bbox),
                            None => {
                                let r = refs.next();
                                annots[p].push(r);
                                elems[link].kids.push(Kid::Annot { page: p, annot: r });
                                annot_owner.push((r, link, p, m.bbox));
                            }
                        }
                    }
                    link
                }
                Role::Artifact => continue,
            };
            elems[e].kids.push(Kid::Mcid { page: p, mcid });
            page_owner.push(e);
        }
        owner.push(page_owner);
    }

    let root = refs.next();
    let elem_refs: Vec<Ref> = elems.iter().map(|_| refs.next()).collect();
    for (i, e) in elems.iter().enumerate() {
        let mut w = chunk.struct_element(elem_refs[i]);
        w.kind(e.kind);
        w.parent(e.parent.map_or(root, |p| elem_refs[p]));
        if let Some(alt) = &e.alt {
            w.alt(TextStr(alt));
        }
        if let Some(t) = e.actual_text {
            w.actual_text(TextStr(t));
        }
        let mut kids = w.children();
        for k in &e.kids {
            match *k {
                Kid::Elem(c) => {
                    kids.struct_element(elem_refs[c]);
                }
                Kid::Mcid { page, mcid } => {
                    kids.marked_content_ref().page(pages[page]).marked_content_id(mcid as i32);
                }
                Kid::Annot { page, annot } => {
                    kids.object_ref().page(pages[page]).object(annot);
                }
            }
        }
    }
    // Each page's MCIDs, in order, to their elements: an array per page (key = page index),
    // then each link annotation (keys after the pages).
    let arrays: Vec<Ref> = owner.iter().map(|_| refs.next()).collect();
    for (a, page_owner) in arrays.iter().zip(&owner) {
        chunk.indirect(*a).array().items(page_owner.iter().map(|e| elem_refs[*e]));
    }
    for (k, (r, link, p, bbox)) in annot_owner.iter().enumerate() {
        let entry = entries.iter().find(|(_, l)| **l == *link).map(|(e, _)| *e as usize).unwrap_or(0);
        let Some(target) = outline.get(entry) else { continue };
        let mut a = chunk.annotation(*r);
        a.subtype(AnnotationType::Link)
            .rect(Rect::new(bbox[0], bbox[1], bbox[2], bbox[3]))
            .contents(TextStr(&target.title))
            .page(pages[*p])
            .border(0.0, 0.0, 0.0, None)
            .struct_parent((marked.len() + k) as i32);
        let mut dest = a.insert(Name(b"Dest")).array();
        dest.item(pages[target.page]).item(Name(b"XYZ")).item(0.0).item(media_height);
        dest.push().primitive(pdf_writer::Null);
        dest.finish();
    }
    let mut tree = chunk.indirect(root).start::<pdf_writer::writers::StructTreeRoot>();
    tree.child(elem_refs[0]);
    let mut parents = tree.parent_tree();
    let mut nums = parents.nums();
    for (p, a) in arrays.iter().enumerate() {
        nums.insert(p as i32, *a);
    }
    for (k, (_, link, _, _)) in annot_owner.iter().enumerate() {
        nums.insert((marked.len() + k) as i32, elem_refs[*link]);
    }
    nums.finish();
    parents.finish();
    tree.parent_tree_next_key((marked.len() + annot_owner.len()) as i32);
    tree.finish();
    Tagged { root, annots }
}

fn union(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])]
}

/// The tab order pages with annotations need under PDF/UA: the structure's.
pub const TABS: TabOrder = TabOrder::StructureOrder;
