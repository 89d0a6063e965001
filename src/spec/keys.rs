//! Every unknown key of a file at once, found by walking the parsed tables against the
//! serde structures of [`super::raw`]: the keys each table takes are the fields those
//! structures declare ([`fields_of`]), so the list of keys is written once, in the
//! structures. serde stops at the first key it does not know; this names them all, each
//! at its own place, before serde reads the file.

use super::raw::{
    RawArrow, RawBlock, RawBook, RawFront, RawItem, RawPage, RawPrint, RawSection, RawSizeRamp, RawTint, RawType,
};
use serde::de::{self, DeserializeOwned, Visitor};
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// An unknown key: where it is written, the key, the keys of its table, and whether it
/// sits in the file's top table (where a key of another table is often written by mistake).
pub(super) struct Unknown {
    pub span: Range<usize>,
    pub key: String,
    pub known: Vec<&'static str>,
    pub top: bool,
}

/// The keys a serde structure takes, as its derive declares them (renames applied): the
/// structure is asked to deserialize itself from a probe that only records the field list
/// it is offered.
pub(super) fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Probe<'a>(&'a mut &'static [&'static str]);
    impl<'de> de::Deserializer<'de> for Probe<'_> {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a structure"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("fields recorded"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Probe(&mut fields));
    fields
}

/// The tables of book.toml and their keys, to check each and to say where a key written
/// outside its table belongs.
pub(super) fn book_tables() -> [(&'static str, &'static [&'static str]); 4] {
    [
        ("page", fields_of::<RawPage>()),
        ("type", fields_of::<RawType>()),
        ("print", fields_of::<RawPrint>()),
        ("front", fields_of::<RawFront>()),
    ]
}

/// Every key a block may carry (`kind` and `number` included).
pub(super) fn block_keys() -> &'static [&'static str] {
    fields_of::<RawBlock>()
}

/// Every unknown key of `text` (book.toml when `book`, else a section file), in file order;
/// empty when the file does not parse as TOML (the parser's own error says why).
pub(super) fn unknown_keys(text: &str, book: bool) -> Vec<Unknown> {
    let Ok(doc) = DeTable::parse(text) else { return Vec::new() };
    let root = doc.get_ref();
    let mut out = Vec::new();
    if book {
        check(root, fields_of::<RawBook>(), true, &mut out);
        for (table, keys) in book_tables() {
            if let Some(t) = table_at(root, table) {
                check(t, keys, false, &mut out);
            }
        }
    } else {
        check(root, fields_of::<RawSection>(), true, &mut out);
        // A section's blocks name their kind; a size patch's blocks name the block they
        // change by number.
        let in_section: Vec<&'static str> = block_keys().iter().copied().filter(|k| *k != "number").collect();
        let in_patch: Vec<&'static str> = block_keys().iter().copied().filter(|k| *k != "kind").collect();
        let mut blocks: Vec<(&DeTable<'_>, &[&'static str])> =
            tables_in(root, "block").into_iter().map(|b| (b, &in_section[..])).collect();
        if let Some(sizes) = table_at(root, "size") {
            for (_, size) in sizes.iter() {
                if let DeValue::Table(size) = size.get_ref() {
                    blocks.extend(tables_in(size, "block").into_iter().map(|b| (b, &in_patch[..])));
                }
            }
        }
        for (b, keys) in blocks {
            check(b, keys, false, &mut out);
            let tables = [
                ("tint", fields_of::<RawTint>()),
                ("arrow", fields_of::<RawArrow>()),
                ("size", fields_of::<RawSizeRamp>()),
            ];
            for (table, keys) in tables {
                if let Some(t) = table_at(b, table) {
                    check(t, keys, false, &mut out);
                }
            }
            for item in tables_in(b, "item") {
                check(item, fields_of::<RawItem>(), false, &mut out);
            }
        }
    }
    out.sort_by_key(|u| u.span.start);
    out
}

fn check(table: &DeTable<'_>, known: &[&'static str], top: bool, out: &mut Vec<Unknown>) {
    for (key, _) in table.iter() {
        let name: &str = key.get_ref();
        if !known.contains(&name) {
            out.push(Unknown { span: key.span(), key: name.to_string(), known: known.to_vec(), top });
        }
    }
}

fn table_at<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a DeTable<'i>> {
    match table.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v.get_ref()) {
        Some(DeValue::Table(t)) => Some(t),
        _ => None,
    }
}

/// The tables of the array of tables `key` (`[[block]]`).
fn tables_in<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Vec<&'a DeTable<'i>> {
    match table.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v.get_ref()) {
        Some(DeValue::Array(a)) => a
            .iter()
            .filter_map(|v: &Spanned<DeValue<'i>>| match v.get_ref() {
                DeValue::Table(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_are_the_fields_of_the_serde_structures() {
        assert_eq!(fields_of::<RawPage>(), ["size", "inside", "outside", "top", "bottom"]);
        // Renames apply: the field `typ` is the key `type`.
        assert!(fields_of::<RawBook>().contains(&"type") && !fields_of::<RawBook>().contains(&"typ"));
        assert!(block_keys().contains(&"kind") && block_keys().contains(&"number"));
        // Every key a block kind accepts is a field of the block structure, and every
        // field but `kind` and `number` is accepted by some kind.
        let by_kind: Vec<&str> = super::super::raw::KEYS.iter().flat_map(|(_, k)| k.iter().copied()).collect();
        assert!(by_kind.iter().all(|k| block_keys().contains(k)), "{by_kind:?}");
        assert!(block_keys().iter().all(|k| ["kind", "number"].contains(k) || by_kind.contains(k)));
        // The patch macro names every optional field.
        let mut present: Vec<&str> = RawBlock::every_key().to_vec();
        present.extend(["kind", "number"]);
        present.sort_unstable();
        let mut fields = block_keys().to_vec();
        fields.sort_unstable();
        assert_eq!(present, fields);
    }

    #[test]
    fn every_unknown_key_of_a_book_and_a_section_is_named() {
        let book = "titel = \"x\"\n[page]\nsize = \"a5\"\nmargin = \"1in\"\n[type]\nfamly = \"EB Garamond\"\n";
        let found: Vec<String> = unknown_keys(book, true).into_iter().map(|u| u.key).collect();
        assert_eq!(found, ["titel", "margin", "famly"]);
        let section = "numeral = \"I\"\ntitel = \"x\"\n[[block]]\nkind = \"verse\"\nallign = \"left\"\ntext = 'a'\n\
                       tint = { form = 0.2 }\n[[size.a6.block]]\nnumber = 1\nsise = \"9pt\"\narrow = { lenght = \"1pt\" }\n";
        let found: Vec<(String, bool)> = unknown_keys(section, false).into_iter().map(|u| (u.key, u.top)).collect();
        let names: Vec<&str> = found.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["titel", "allign", "form", "sise", "lenght"]);
        assert!(found[0].1 && !found[1].1);
        assert!(unknown_keys("title = \"ok\"\n[page]\nsize = \"a5\"\n", true).is_empty());
        assert!(unknown_keys("title = ", true).is_empty(), "no TOML, nothing to say here");
    }
}
