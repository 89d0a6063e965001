//! Every unknown key of a file at once. serde stops at the first key it does not know, so a
//! poet fixing a book.toml met its mistakes one run at a time; this walks the parsed tables
//! and names each key that no table of its kind takes.

use super::raw::{BOOK_TABLE_KEYS, KEYS};
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The top-level keys of book.toml (the fields of `RawBook`).
const BOOK_KEYS: &[&str] =
    &["title", "subtitle", "author", "contents", "start", "colophon", "language", "front", "page", "type", "print"];
/// The keys of `[front]` (`RawFront`).
const FRONT_KEYS: &[&str] = &["title_verso"];
/// The top-level keys of a section file (the fields of `RawSection`).
const SECTION_KEYS: &[&str] = &["numeral", "title", "start", "block", "size"];

/// An unknown key: where it is written, the key, and the tables' keys it was checked against.
pub(super) struct Unknown {
    pub span: Range<usize>,
    pub key: String,
    pub known: Vec<&'static str>,
}

/// Every unknown key of `text` (book.toml when `book`, else a section file), in file order;
/// empty when the file does not parse as TOML (the parser's own error says why).
pub(super) fn unknown_keys(text: &str, book: bool) -> Vec<Unknown> {
    let Ok(doc) = DeTable::parse(text) else { return Vec::new() };
    let mut out = Vec::new();
    if book {
        check(doc.get_ref(), BOOK_KEYS, &mut out);
        for (table, keys) in BOOK_TABLE_KEYS.iter().copied().chain([("front", FRONT_KEYS)]) {
            if let Some(t) = table_at(doc.get_ref(), table) {
                check(t, keys, &mut out);
            }
        }
    } else {
        check(doc.get_ref(), SECTION_KEYS, &mut out);
        let block_keys: Vec<&'static str> =
            std::iter::once("kind").chain(KEYS.iter().flat_map(|(_, k)| k.iter().copied())).collect();
        for b in tables_in(doc.get_ref(), "block") {
            check(b, &block_keys, &mut out);
        }
        let patch_keys: Vec<&'static str> =
            std::iter::once("number").chain(block_keys.iter().copied().filter(|k| *k != "kind")).collect();
        if let Some(sizes) = table_at(doc.get_ref(), "size") {
            for (_, size) in sizes.iter() {
                if let DeValue::Table(size) = size.get_ref() {
                    for b in tables_in(size, "block") {
                        check(b, &patch_keys, &mut out);
                    }
                }
            }
        }
    }
    out.sort_by_key(|u| u.span.start);
    out
}

fn check(table: &DeTable<'_>, known: &[&'static str], out: &mut Vec<Unknown>) {
    for (key, _) in table.iter() {
        let name: &str = key.get_ref();
        if !known.contains(&name) {
            out.push(Unknown { span: key.span(), key: name.to_string(), known: known.to_vec() });
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
    fn every_unknown_key_of_a_book_and_a_section_is_named() {
        let book = "titel = \"x\"\n[page]\nsize = \"a5\"\nmargin = \"1in\"\n[type]\nfamly = \"EB Garamond\"\n";
        let found: Vec<String> = unknown_keys(book, true).into_iter().map(|u| u.key).collect();
        assert_eq!(found, ["titel", "margin", "famly"]);
        let section = "numeral = \"I\"\ntitel = \"x\"\n[[block]]\nkind = \"verse\"\nallign = \"left\"\ntext = 'a'\n[[size.a6.block]]\nnumber = 1\nsise = \"9pt\"\n";
        let found: Vec<String> = unknown_keys(section, false).into_iter().map(|u| u.key).collect();
        assert_eq!(found, ["titel", "allign", "sise"]);
        assert!(unknown_keys("title = \"ok\"\n[page]\nsize = \"a5\"\n", true).is_empty());
        assert!(unknown_keys("title = ", true).is_empty(), "no TOML, nothing to say here");
    }
}
