//! The TOML as written: serde structures that mirror the files key for key, every value
//! with its span so that validation can point at it. The fields are the one list of keys:
//! `spec::keys` walks a file against them to name every unknown key at once.

use serde::Deserialize;
use toml::Spanned;

pub type S<T> = Option<Spanned<T>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBook {
    pub title: Spanned<String>,
    pub subtitle: S<String>,
    pub author: S<String>,
    pub contents: S<bool>,
    /// Default `start` of every section: `recto` or `any`.
    pub start: S<String>,
    /// The poet's own colophon, with `{trim}`, `{fonts}`, `{pages}` … filled in.
    pub colophon: S<String>,
    pub front: Option<RawFront>,
    pub page: Option<RawPage>,
    #[serde(rename = "type")]
    pub typ: Option<RawType>,
    pub print: Option<RawPrint>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawFront {
    /// `blank` or `colophon`.
    pub title_verso: S<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawPage {
    pub size: S<String>,
    pub inside: S<String>,
    pub outside: S<String>,
    pub top: S<String>,
    pub bottom: S<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawType {
    pub family: S<String>,
    pub size: S<String>,
    pub leading: S<String>,
    pub features: S<Vec<String>>,
    pub mono: S<String>,
    /// Families for characters the book face lacks, first that has it wins.
    pub fallback: S<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawPrint {
    pub bleed: S<String>,
    pub pad_to: S<i64>,
    pub marks: S<bool>,
    pub pdfx: S<bool>,
    pub output_condition: S<String>,
    pub output_profile: S<String>,
    pub target: S<String>,
    pub binding: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub numeral: S<String>,
    pub title: S<String>,
    /// `recto` or `any`; the book's `start` when absent.
    pub start: S<String>,
    #[serde(default)]
    pub block: Vec<Spanned<RawBlock>>,
    /// Per-page-size patches: `[[size.a6.block]]` tables with `number = N` and the keys
    /// that replace block N's when the book is built at that size.
    #[serde(default)]
    pub size: std::collections::BTreeMap<String, RawSizePatch>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSizePatch {
    #[serde(default)]
    pub block: Vec<Spanned<RawBlock>>,
}

/// Every key any block kind may carry; which keys a kind accepts is checked afterwards,
/// so that a misplaced key gets a message naming the kind.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawBlock {
    /// Required in a section's blocks; absent in size patches, which name `number`.
    pub kind: S<String>,
    pub number: S<i64>,
    pub text: S<String>,
    pub height: S<String>,
    pub align: S<String>,
    pub indent: S<String>,
    pub indent_step: S<String>,
    /// A length, or on verse a ramp `{ from, to, peak }`.
    pub size: S<RawSize>,
    pub min_size: S<String>,
    pub leading: S<String>,
    pub style: S<String>,
    pub family: S<String>,
    pub letter_spacing: S<String>,
    pub features: S<Vec<String>>,
    pub stanza_space: S<String>,
    pub tint: S<RawTint>,
    pub ink: S<f64>,
    pub space_before: S<String>,
    pub space_after: S<String>,
    pub width: S<String>,
    pub row_height: S<String>,
    pub stroke: S<String>,
    pub arrow: S<RawArrow>,
    pub corners: S<String>,
    pub art_chars: S<String>,
    pub text_chars: S<String>,
    pub bar: S<String>,
    pub keep_with_next: S<bool>,
    pub overflow: S<String>,
    /// An angle (`"90deg"`): the block turned about its centre.
    pub rotate: S<String>,
    /// A free block's `[[block.item]]` tables.
    pub item: S<Vec<Spanned<RawItem>>>,
    /// A path block's curve: `circle` or `spiral`.
    pub shape: S<String>,
    pub radius: S<String>,
    pub turns: S<f64>,
    /// A path block's own curve: SVG path data in points, y down.
    pub d: S<String>,
    /// Where along a path the text is anchored.
    pub start: S<String>,
}

/// A block's `size`: a length, or (verse only) a ramp across the lines.
#[derive(Debug, Clone)]
pub enum RawSize {
    Length(String),
    Ramp(RawSizeRamp),
}

/// A string is a length and a table a ramp (whose own keys are checked as any table's);
/// anything else is refused as a length would be, so `size = 10` gets the same answer
/// as before there were ramps.
impl<'de> Deserialize<'de> for RawSize {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawSize;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawSize, E> {
                Ok(RawSize::Length(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawSize, A::Error> {
                RawSizeRamp::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(RawSize::Ramp)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawSizeRamp {
    pub from: String,
    pub to: String,
    pub peak: Option<i64>,
}

/// One `[[block.item]]` of a free block.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    pub text: Spanned<String>,
    pub x: Spanned<String>,
    pub y: Spanned<String>,
    pub size: S<String>,
    pub style: S<String>,
    pub family: S<String>,
    pub tint: S<f64>,
    pub rotate: S<String>,
    pub bleed: S<bool>,
}

/// Which block keys each kind accepts (besides `kind`). The keys themselves are the fields
/// of [`RawBlock`] (`spec::keys` checks each name here is one).
pub const KEYS: &[(&str, &[&str])] = &[
    (
        "verse",
        &[
            "text",
            "align",
            "indent",
            "indent_step",
            "size",
            "leading",
            "style",
            "family",
            "letter_spacing",
            "features",
            "stanza_space",
            "tint",
            "ink",
            "space_before",
            "space_after",
            "keep_with_next",
            "overflow",
            "rotate",
        ],
    ),
    (
        "art",
        &[
            "text",
            "size",
            "min_size",
            "width",
            "row_height",
            "stroke",
            "arrow",
            "corners",
            "tint",
            "art_chars",
            "text_chars",
            "style",
            "family",
            "align",
            "features",
            "space_before",
            "space_after",
            "keep_with_next",
            "rotate",
        ],
    ),
    (
        "chart",
        &[
            "text",
            "bar",
            "width",
            "size",
            "style",
            "family",
            "features",
            "ink",
            "space_before",
            "space_after",
            "keep_with_next",
            "rotate",
        ],
    ),
    ("space", &["height"]),
    (
        "free",
        &[
            "height",
            "item",
            "size",
            "style",
            "family",
            "features",
            "ink",
            "rotate",
            "space_before",
            "space_after",
            "keep_with_next",
        ],
    ),
    (
        "path",
        &[
            "text",
            "shape",
            "radius",
            "turns",
            "d",
            "start",
            "align",
            "height",
            "size",
            "style",
            "family",
            "features",
            "letter_spacing",
            "ink",
            "rotate",
            "space_before",
            "space_after",
            "keep_with_next",
        ],
    ),
];

#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub struct RawTint {
    pub from: Option<f64>,
    pub to: Option<f64>,
    pub peak: Option<i64>,
    pub lines: Option<f64>,
    pub text: Option<f64>,
    pub boxes: Option<f64>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawArrow {
    pub length: Option<String>,
    pub width: Option<String>,
}

/// Calls `$m!` with every optional block key (all but `kind` and `number`), so the key
/// list is written once.
macro_rules! block_keys {
    ($m:ident) => {
        $m!(
            text,
            height,
            align,
            indent,
            indent_step,
            size,
            min_size,
            leading,
            style,
            family,
            letter_spacing,
            features,
            stanza_space,
            tint,
            ink,
            space_before,
            space_after,
            width,
            row_height,
            stroke,
            arrow,
            corners,
            art_chars,
            text_chars,
            bar,
            keep_with_next,
            overflow,
            rotate,
            item,
            shape,
            radius,
            turns,
            d,
            start
        )
    };
}

impl RawBlock {
    /// Replaces every key the patch sets.
    pub fn apply(&mut self, patch: RawBlock) {
        macro_rules! take {
            ($($f:ident),*) => {$(
                if patch.$f.is_some() { self.$f = patch.$f; }
            )*};
        }
        block_keys!(take);
    }

    /// (key name, span) of every key present, for the per-kind check.
    pub fn present_keys(&self) -> Vec<(&'static str, std::ops::Range<usize>)> {
        let mut v = Vec::new();
        macro_rules! key {
            ($($f:ident),*) => {$(
                if let Some(s) = &self.$f { v.push((stringify!($f), s.span())); }
            )*};
        }
        block_keys!(key);
        v
    }

    /// The optional keys the patch macro names, to check it against the fields.
    #[cfg(test)]
    pub fn every_key() -> &'static [&'static str] {
        macro_rules! names {
            ($($f:ident),*) => { &[$(stringify!($f)),*] };
        }
        block_keys!(names)
    }
}
