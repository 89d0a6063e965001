//! When a line may be shaped word by word. Shaping a line as its words and spaces, each
//! shaped on its own (and cached), gives the same glyphs as shaping the whole line if
//! nothing in the font reaches across a space: no substitution, kerning pair, context,
//! attachment or ligature that can match the space glyph. Browsers cache shaped words
//! under the same condition. [`space_is_inert`] checks it once per face, over every
//! lookup of GSUB and GPOS whatever feature it belongs to (so it holds for any feature
//! request); [`splits_safely`] checks the text (no combining mark right after a space,
//! which would otherwise join the space's cluster).

use ttf_parser::gpos::{PairAdjustment, PositioningSubtable, ValueRecord};
use ttf_parser::gsub::SubstitutionSubtable;
use ttf_parser::opentype_layout::{ChainedContextLookup, ClassDefinition, ContextLookup, Coverage, LayoutTable};
use ttf_parser::{Face, GlyphId};

/// Every item of a `LazyOffsetArray16`, by index: its own iterator stops at the first
/// null offset, which would skip the rest of the array.
macro_rules! each {
    ($a:expr) => {{
        let a = $a;
        (0..a.len()).filter_map(move |i| a.get(i))
    }};
}

/// Whether no GSUB or GPOS lookup of `face` can involve the glyph of U+0020, and the
/// face has no other kerning or layout tables (`kern`, `morx`, `kerx`) the shaper
/// might apply instead. Any doubt answers `false`, which only costs speed.
pub fn space_is_inert(face: &Face) -> bool {
    let Some(space) = face.glyph_index(' ') else { return false };
    let t = face.tables();
    if t.kern.is_some() || t.morx.is_some() || t.kerx.is_some() {
        return false;
    }
    if let Some(gdef) = t.gdef
        && gdef.glyph_class(space) == Some(ttf_parser::gdef::GlyphClass::Mark)
    {
        return false;
    }
    let gsub_ok = t.gsub.is_none_or(|g| {
        lookups_avoid(&g, |s: SubstitutionSubtable| match s {
            SubstitutionSubtable::Single(x) => !x.coverage().contains(space),
            SubstitutionSubtable::Multiple(x) => !x.coverage.contains(space),
            SubstitutionSubtable::Alternate(x) => !x.coverage.contains(space),
            SubstitutionSubtable::Ligature(x) => {
                !x.coverage.contains(space)
                    && each!(x.ligature_sets)
                        .all(|set| each!(set).all(|l| !l.components.into_iter().any(|g| g == space)))
            }
            SubstitutionSubtable::Context(x) => context_avoids(&x, space),
            SubstitutionSubtable::ChainContext(x) => chained_avoids(&x, space),
            SubstitutionSubtable::ReverseChainSingle(x) => {
                !x.coverage.contains(space)
                    && none_cover(each!(x.backtrack_coverages), space)
                    && none_cover(each!(x.lookahead_coverages), space)
            }
        })
    });
    let gpos_ok = t.gpos.is_none_or(|g| {
        lookups_avoid(&g, |s: PositioningSubtable| match s {
            PositioningSubtable::Single(x) => !x.coverage().contains(space),
            PositioningSubtable::Pair(x) => pair_avoids(&x, space),
            PositioningSubtable::Cursive(x) => !x.coverage.contains(space),
            PositioningSubtable::MarkToBase(x) => !x.mark_coverage.contains(space) && !x.base_coverage.contains(space),
            PositioningSubtable::MarkToLigature(x) => {
                !x.mark_coverage.contains(space) && !x.ligature_coverage.contains(space)
            }
            PositioningSubtable::MarkToMark(x) => {
                !x.mark1_coverage.contains(space) && !x.mark2_coverage.contains(space)
            }
            PositioningSubtable::Context(x) => context_avoids(&x, space),
            PositioningSubtable::ChainContext(x) => chained_avoids(&x, space),
        })
    });
    gsub_ok && gpos_ok
}

/// Every subtable of every lookup passes `avoids`, and no lookup skips base glyphs
/// (which could step over a space to reach the next word).
fn lookups_avoid<'a, T: ttf_parser::opentype_layout::LookupSubtable<'a>>(
    table: &LayoutTable<'a>,
    avoids: impl Fn(T) -> bool,
) -> bool {
    each!(table.lookups).all(|lookup| {
        !lookup.flags.ignore_base_glyphs()
            && (0..lookup.subtables.len()).all(|i| lookup.subtables.get::<T>(i).is_some_and(&avoids))
    })
}

fn none_cover<'a>(mut coverages: impl Iterator<Item = Coverage<'a>>, space: GlyphId) -> bool {
    coverages.all(|c| !c.contains(space))
}

/// Class-based rules match a glyph by its class; the space's class (often 0, "every
/// other glyph") must not appear where the rules name classes.
fn class_unused<'a>(classes: &ClassDefinition, space: GlyphId, mut used: impl Iterator<Item = u16> + 'a) -> bool {
    let c = classes.get(space);
    used.all(|k| k != c)
}

fn context_avoids(x: &ContextLookup, space: GlyphId) -> bool {
    match x {
        ContextLookup::Format1 { coverage, sets } => {
            !coverage.contains(space)
                && each!(*sets).flat_map(|set| each!(set)).all(|rule| !rule.input.into_iter().any(|g| g == space.0))
        }
        ContextLookup::Format2 { coverage, classes, sets } => {
            !coverage.contains(space)
                && class_unused(
                    classes,
                    space,
                    each!(*sets).flat_map(|set| each!(set)).flat_map(|rule| rule.input.into_iter()),
                )
        }
        ContextLookup::Format3 { coverage, coverages, .. } => {
            !coverage.contains(space) && none_cover(each!(*coverages), space)
        }
    }
}

fn chained_avoids(x: &ChainedContextLookup, space: GlyphId) -> bool {
    match x {
        ChainedContextLookup::Format1 { coverage, sets } => {
            !coverage.contains(space)
                && each!(*sets).flat_map(|set| each!(set)).all(|r| {
                    let has = |a: ttf_parser::LazyArray16<u16>| a.into_iter().any(|g| g == space.0);
                    !has(r.backtrack) && !has(r.input) && !has(r.lookahead)
                })
        }
        ChainedContextLookup::Format2 { coverage, backtrack_classes, input_classes, lookahead_classes, sets } => {
            let rules = || each!(*sets).flat_map(|set| each!(set));
            !coverage.contains(space)
                && class_unused(backtrack_classes, space, rules().flat_map(|r| r.backtrack.into_iter()))
                && class_unused(input_classes, space, rules().flat_map(|r| r.input.into_iter()))
                && class_unused(lookahead_classes, space, rules().flat_map(|r| r.lookahead.into_iter()))
        }
        ChainedContextLookup::Format3 {
            coverage, backtrack_coverages, input_coverages, lookahead_coverages, ..
        } => {
            !coverage.contains(space)
                && none_cover(each!(*backtrack_coverages), space)
                && none_cover(each!(*input_coverages), space)
                && none_cover(each!(*lookahead_coverages), space)
        }
    }
}

/// The space is neither the first glyph of a pair nor a second glyph with a non-zero
/// adjustment.
fn pair_avoids(x: &PairAdjustment, space: GlyphId) -> bool {
    match x {
        PairAdjustment::Format1 { coverage, sets } => {
            !coverage.contains(space) && (0..sets.len()).all(|i| sets.get(i).is_none_or(|set| set.get(space).is_none()))
        }
        PairAdjustment::Format2 { coverage, classes, matrix } => {
            let c2 = classes.1.get(space);
            !coverage.contains(space)
                && (0..=u16::MAX).map_while(|c1| matrix.get((c1, c2))).all(|(a, b)| is_zero(&a) && is_zero(&b))
        }
    }
}

fn is_zero(v: &ValueRecord) -> bool {
    v.x_placement == 0
        && v.y_placement == 0
        && v.x_advance == 0
        && v.y_advance == 0
        && v.x_placement_device.is_none()
        && v.y_placement_device.is_none()
        && v.x_advance_device.is_none()
        && v.y_advance_device.is_none()
}

/// Whether `text` may be cut at its spaces: every character after a space is one that
/// starts a cluster of its own (below the combining marks at U+0300, or ordinary
/// punctuation from General Punctuation such as dashes, quotes and ellipses).
pub fn splits_safely(text: &str) -> bool {
    let mut after_space = false;
    for c in text.chars() {
        if after_space
            && !(c < '\u{300}' || ('\u{2010}'..='\u{2027}').contains(&c) || ('\u{2030}'..='\u{205E}').contains(&c))
        {
            return false;
        }
        after_space = c == ' ';
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garamond_never_reaches_across_a_space_and_source_code_pro_does() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        let mut book = crate::text::FontBook::scan(&dir).unwrap();
        for family in book.families() {
            for style in book.styles(&family) {
                let id = book.resolve(&family, style).unwrap();
                let face = book.face(id).rb();
                // Source Code Pro has substitutions whose coverage holds the space glyph
                // (alternate forms of the space itself), so its lines stay whole.
                let want = family == "EB Garamond";
                assert_eq!(space_is_inert(face), want, "{family} {style}");
            }
        }
    }

    #[test]
    fn a_mark_after_a_space_keeps_the_line_whole() {
        assert!(splits_safely("in the “clear” light — 0.42…"));
        assert!(!splits_safely("a \u{301}b"));
        assert!(!splits_safely("a \u{200D}b"));
        assert!(splits_safely("a\u{301} b"));
    }
}
