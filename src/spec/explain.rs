//! The TOML parser's and serde's messages put in the poet's terms. A parse error says
//! what the parser expected ("string values must be quoted", "invalid type: string, expected
//! a sequence"); the poet needs to know what they typed that the parser could not read and
//! what to type instead. [`explain`] looks at the message, the place and the file around it
//! (curly quotes, a `'''` never closed, a number without a unit; unknown keys, found by
//! `keys`, through [`unknown_key`])
//! and writes a diagnostic at the real cause with the line as it should be written.
//! Anything it does not recognise keeps the parser's own words.

use crate::diag::{Diagnostic, Source};
use std::ops::Range;

/// Keys whose value is a length written in quotes with a unit.
const LENGTH_KEYS: &[&str] = &[
    "size",
    "leading",
    "inside",
    "outside",
    "top",
    "bottom",
    "bleed",
    "indent",
    "indent_step",
    "min_size",
    "letter_spacing",
    "stanza_space",
    "space_before",
    "space_after",
    "width",
    "row_height",
    "stroke",
    "height",
    "length",
];

/// Length keys measured on the paper itself: offered only physical units.
const PAPER_KEYS: &[&str] = &["bleed", "caliper"];

/// Keys whose value is an angle written in quotes with a unit (`"90deg"`).
const ANGLE_KEYS: &[&str] = &["rotate"];

/// Typographic quotes that word processors type for `"` and `'`.
const CURLY: &[(char, char)] = &[
    ('“', '"'),
    ('”', '"'),
    ('„', '"'),
    ('‟', '"'),
    ('″', '"'),
    ('«', '"'),
    ('»', '"'),
    ('‘', '\''),
    ('’', '\''),
    ('‚', '\''),
    ('‛', '\''),
    ('′', '\''),
];

fn straight(c: char) -> Option<char> {
    CURLY.iter().find(|(k, _)| *k == c).map(|(_, s)| *s)
}

/// The diagnostic for a TOML or serde error `message` at `span` in `src`.
pub fn explain(src: &Source, message: &str, span: Option<Range<usize>>) -> Diagnostic {
    let text = &src.text;
    let scan = scan(text);
    let at = span.clone().map_or(text.len(), |s| s.start.min(text.len()));
    let found = curly_quotes(&scan, text, at)
        .or_else(|| unclosed_text(&scan, text, at))
        .or_else(|| type_mismatch(&scan, text, message, span.clone()))
        .or_else(|| missing_key(src, message, span.clone()))
        .or_else(|| duplicate_key(text, message, span.clone()))
        .or_else(|| broken_string(&scan, text, message, at));
    match found {
        Some(e) => {
            let mut d = Diagnostic::error(e.message).at(src, e.span).label(e.label);
            if let Some(h) = e.hint {
                d = d.note(h);
            }
            d
        }
        None => {
            let first = message.lines().next().unwrap_or(message).to_string();
            Diagnostic::error(first).at(src, span.unwrap_or(0..0))
        }
    }
}

struct Explained {
    message: String,
    span: Range<usize>,
    label: String,
    hint: Option<String>,
}

fn explained(message: String, span: Range<usize>, label: &str, hint: String) -> Option<Explained> {
    Some(Explained { message, span, label: label.into(), hint: Some(hint) })
}

/// A `key = value` line outside any string: where the key and the value start.
struct Assignment {
    line_start: usize,
    key: String,
    value_start: usize,
    line_end: usize,
}

/// What a light pass over the file finds: the assignments and every multi-line string
/// (`'''` or `"""`) with where it opens and, if it does, where it closes.
struct Scan {
    assignments: Vec<Assignment>,
    multiline: Vec<(usize, Option<usize>)>,
}

fn scan(text: &str) -> Scan {
    let mut out = Scan { assignments: Vec::new(), multiline: Vec::new() };
    let mut pos = 0;
    let mut open: Option<(usize, &str)> = None;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let line_end = start + body.len();
        if let Some((at, delim)) = open {
            if let Some(i) = body.find(delim) {
                out.multiline.push((at, Some(start + i + 3)));
                open = None;
            }
            continue;
        }
        let Some(eq) = body.find('=') else { continue };
        let key = body[..eq].trim();
        if key.is_empty() || key.starts_with('#') || key.starts_with('[') || key.contains('"') {
            continue;
        }
        let rest = &body[eq + 1..];
        let value_at = eq + 1 + (rest.len() - rest.trim_start().len());
        let value = &body[value_at..];
        out.assignments.push(Assignment {
            line_start: start,
            key: key.to_string(),
            value_start: start + value_at,
            line_end,
        });
        for delim in ["'''", "\"\"\""] {
            if let Some(after) = value.strip_prefix(delim) {
                match after.find(delim) {
                    Some(_) => {}
                    None => open = Some((start + value_at, delim)),
                }
                break;
            }
        }
    }
    if let Some((at, _)) = open {
        out.multiline.push((at, None));
    }
    out
}

/// `title = “Token”`: the last value before the error that opens with a typographic quote.
fn curly_quotes(scan: &Scan, text: &str, at: usize) -> Option<Explained> {
    let a = scan
        .assignments
        .iter()
        .rev()
        .find(|a| a.value_start <= at && text[a.value_start..].chars().next().and_then(straight).is_some())?;
    let value = &text[a.value_start..a.line_end];
    let quote = value.chars().next()?;
    // The quotes around the value become straight; typographic quotes inside it may stay.
    let chars: Vec<char> = value.chars().collect();
    let multi = chars.len() >= 3 && chars[..3].iter().all(|c| straight(*c).is_some());
    let lead = if multi { 3 } else { 1 };
    let closed = chars.len() > 2 * lead && chars[chars.len() - lead..].iter().all(|c| straight(*c).is_some());
    let fixed: String = if closed || multi {
        let n = chars.len();
        let end = if closed { n - lead } else { n };
        let around = |c: char| straight(c).unwrap_or(c);
        chars.iter().enumerate().map(|(i, c)| if i < lead || i >= end { around(*c) } else { *c }).collect()
    } else {
        format!("\"{value}\"")
    };
    let hint = if multi {
        format!(
            "type straight quotes (the ' key, without Shift): {} = {fixed}, and the same for the ''' that ends the text",
            a.key
        )
    } else {
        format!("type straight quotes: {} = {fixed}", a.key)
    };
    explained(
        format!("`{}` is quoted with typographic quotes ({quote}), which TOML does not read as quotes", a.key),
        a.value_start..a.value_start + quote.len_utf8(),
        "a curly quote",
        format!("{hint}\n(word processors change quotes as you type; a plain-text editor keeps them straight)"),
    )
}

/// A `'''` that never closes, or whose closing belongs to the next block: the error
/// shows up far below, so point at where it opened.
fn unclosed_text(scan: &Scan, text: &str, at: usize) -> Option<Explained> {
    let (open, delim) = scan.multiline.iter().find_map(|&(open, close)| {
        if open > at {
            return None;
        }
        let delim = &text[open..open + 3];
        // Closed by what is really the next text's opening (`text = '''`)?
        let swallowed = close.is_some_and(|c| {
            let line_start = text[..c].rfind('\n').map_or(0, |i| i + 1);
            let before = text[line_start..c - 3].trim();
            before.strip_suffix('=').is_some_and(|key| {
                let key = key.trim();
                !key.is_empty() && key.chars().all(|ch| ch.is_ascii_alphanumeric() || "_-.".contains(ch))
            }) && text[c..].lines().next().is_some_and(|rest| rest.trim().is_empty())
        });
        (close.is_none() || swallowed).then_some((open, delim))
    })?;
    let line = crate::diag::line_col(text, open).0;
    explained(
        format!("the text that opens with {delim} on line {line} is never closed"),
        open..open + 3,
        &format!("opened here; no {delim} ends it"),
        format!("end the text with a line holding only {delim}, right after its last line"),
    )
}

/// The key of the assignment whose value starts at (or whose line holds) `at`.
fn key_at(scan: &Scan, at: usize) -> Option<&Assignment> {
    scan.assignments
        .iter()
        .find(|a| a.value_start == at)
        .or_else(|| scan.assignments.iter().find(|a| (a.line_start..=a.line_end).contains(&at)))
}

/// serde's "invalid type: floating point `10.5`, expected a string" and kin.
fn type_mismatch(scan: &Scan, text: &str, message: &str, span: Option<Range<usize>>) -> Option<Explained> {
    let rest = message.strip_prefix("invalid type: ")?;
    let (got, expected) = rest.split_once(", expected ")?;
    let expected = expected.lines().next()?.trim();
    let span = span?;
    let written = text.get(span.clone())?.trim();
    if got == "map" && expected == "a sequence" {
        let header = text[span.start..].lines().next().unwrap_or("").trim();
        let name = header.trim_matches(['[', ']', ' ']);
        return explained(
            format!("`{header}` needs double brackets: there can be several of them"),
            span.start..span.start + header.len(),
            "single brackets",
            format!("write [[{name}]]"),
        );
    }
    let a = key_at(scan, span.start)?;
    let key = &a.key;
    let last = key.rsplit('.').next().unwrap_or(key);
    let number = got.starts_with("integer") || got.starts_with("floating point");
    let unquoted = written.trim_matches(['"', '\'']);
    let (message, label, hint) = match expected {
        "a string" if number && PAPER_KEYS.contains(&last) => (
            format!("`{key}` is a length on the paper: it needs a unit, in quotes"),
            "a number without a unit",
            format!("write {key} = \"{written}mm\" (or in, pt)"),
        ),
        "a string" if number && LENGTH_KEYS.contains(&last) => (
            format!("`{key}` is a length: it needs a unit, in quotes"),
            "a number without a unit",
            format!("write {key} = \"{written}pt\" (or mm, in, em)"),
        ),
        "a string" if number && ANGLE_KEYS.contains(&last) => (
            format!("`{key}` is an angle: it needs a unit, in quotes"),
            "a number without a unit",
            format!("write {key} = \"{written}deg\""),
        ),
        "a string" if last == "numeral" => (
            "the numeral is written in quotes".to_string(),
            "not in quotes",
            format!("write numeral = \"{written}\" (or a roman numeral such as \"III\")"),
        ),
        "a string" => {
            (format!("`{key}` is text: put it in quotes"), "not in quotes", format!("write {key} = \"{written}\""))
        }
        "a sequence" => (
            format!("`{key}` is a list, even when it holds one item"),
            "not a list",
            format!("write {key} = [{written}]"),
        ),
        "a boolean" => {
            let yes = ["yes", "true", "on", "1", "y"].contains(&unquoted.to_ascii_lowercase().as_str());
            (
                format!("`{key}` is true or false, without quotes"),
                "not true or false",
                format!("write {key} = {}", if yes { "true" } else { "false" }),
            )
        }
        "i64" | "u64" | "u32" | "usize" => (
            format!("`{key}` is a whole number, without quotes"),
            "not a number",
            match unquoted.parse::<i64>() {
                Ok(n) => format!("write {key} = {n}"),
                Err(_) => format!("write a whole number, e.g. {key} = 4"),
            },
        ),
        "f64" | "f32" => {
            let fixed = match unquoted.strip_suffix('%').map(str::trim).and_then(|p| p.parse::<f64>().ok()) {
                Some(p) => Some(p / 100.0),
                None => unquoted.replace(',', ".").parse::<f64>().ok(),
            };
            let range = if ["ink", "from", "to", "lines", "text", "boxes"].contains(&last) {
                " (0.0 is paper, 1.0 full black)"
            } else {
                ""
            };
            (
                format!("`{key}` is a number, without quotes{range}"),
                "not a number",
                match fixed {
                    Some(v) => format!("write {key} = {v}"),
                    None => format!("write a number, e.g. {key} = 0.5"),
                },
            )
        }
        _ => return None,
    };
    explained(message, span, label, hint)
}

/// What to say of a file with nothing but blank lines and comments (message, hint), or
/// None when it has something in it.
pub(super) fn empty_file(src: &Source) -> Option<(&'static str, &'static str)> {
    let book = src.path.file_name().is_some_and(|n| n == "book.toml");
    let empty = src.text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    });
    if !empty {
        return None;
    }
    Some(if book {
        ("book.toml is empty", "start it with the book's title: title = \"Your Title\"")
    } else {
        (
            "this section file is empty",
            "a section starts with its numeral and title, then its blocks:\nnumeral = \"I\"\ntitle = \"…\"\n\n[[block]]\nkind = \"verse\"\ntext = '''\n…\n'''",
        )
    })
}

/// serde's "missing field `numeral`", and the empty file, which says the same. A key
/// missing from a table further down (`[[block.item]]`'s `y`) is shown at that table, as
/// the parser gives it (`span`).
fn missing_key(src: &Source, message: &str, span: Option<Range<usize>>) -> Option<Explained> {
    let field = message.strip_prefix("missing field `")?.split('`').next()?;
    let book = src.path.file_name().is_some_and(|n| n == "book.toml");
    if let Some((message, hint)) = empty_file(src) {
        return explained(message.into(), 0..0, "nothing here", hint.into());
    }
    let (message, hint) = match (book, field) {
        (true, "title") => (
            "the book has no title".to_string(),
            "add title = \"Your Title\" as the first line of book.toml".to_string(),
        ),
        (false, "numeral") => (
            "this section has no numeral".to_string(),
            "add numeral = \"I\" at the top: the section's number as it is printed (I, II, III … or 1, 2, 3)"
                .to_string(),
        ),
        (false, "title") => {
            ("this section has no title".to_string(), "add title = \"…\" at the top, below the numeral".to_string())
        }
        _ => (format!("`{field}` is missing"), format!("add {field} = …")),
    };
    // The parser names the table the key is missing from; the top of the file when it is
    // the file's own table.
    if let Some(span) = span.filter(|s| s.start > 0 && s.start < src.text.len()) {
        let line_start = src.text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let header = src.text[line_start..].lines().next().unwrap_or("").trim();
        let table = if header.starts_with('[') { header.to_string() } else { "this table".to_string() };
        let hint = match field {
            "x" => "add x = \"10mm\" under it: the item's left edge, from the block's left".to_string(),
            "y" => "add y = \"10mm\" under it: the item's baseline, from the block's top".to_string(),
            "text" => "add text = \"…\" under it: the words the item prints".to_string(),
            _ => format!("add {field} = … under it"),
        };
        return explained(format!("`{field}` is missing from {table}"), span, &format!("{table} has no {field}"), hint);
    }
    explained(message, 0..0, &format!("{field} = … belongs at the top"), hint)
}

/// "duplicate key": the same key twice in one table.
fn duplicate_key(text: &str, message: &str, span: Option<Range<usize>>) -> Option<Explained> {
    if !message.starts_with("duplicate key") {
        return None;
    }
    let span = span?;
    let key = text.get(span.clone())?.trim().to_string();
    // `[block]` (or `[block.item]`) after `[[block]]`s: a table header in single brackets
    // where the list of blocks is written in double ones.
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or("").trim();
    let name = line.trim_matches(['[', ']', ' ']);
    if line.starts_with('[') && !line.starts_with("[[") && text.contains(&format!("[[{name}]]")) {
        return explained(
            format!("`[{name}]` needs double brackets: there can be several of them"),
            line_start..line_start + text[line_start..].find(']').map_or(line.len(), |i| i + 1),
            "single brackets",
            format!("write [[{name}]], as for every other block or item"),
        );
    }
    if line.starts_with('[') && !line.starts_with("[[") {
        return explained(
            format!("`[{name}]` appears twice"),
            span,
            "set again here",
            format!("put all of its keys under one [{name}] and delete the other header"),
        );
    }
    let hint = if key == "text" {
        "a block has one text: put all its lines in one text = ''' … ''' (a blank line between stanzas), \
         or start a new [[block]] above the second"
            .to_string()
    } else {
        format!("keep one `{key}` in this table and delete the other")
    };
    explained(format!("`{key}` is set twice"), span, "set again here", hint)
}

/// A value whose quotes the parser could not pair: a quote inside (`"The "Real" Thing"`)
/// or a closing quote missing.
fn broken_string(scan: &Scan, text: &str, message: &str, at: usize) -> Option<Explained> {
    let a = key_at(scan, at)?;
    let value = text.get(a.value_start..a.line_end)?.trim_end();
    if message.starts_with("string values must be quoted") {
        let value = value.split(" #").next().unwrap_or(value).trim();
        return if value.is_empty() {
            explained(
                format!("`{}` has no value", a.key),
                a.value_start..a.value_start,
                "nothing after =",
                format!("write {} = \"…\", or delete the line", a.key),
            )
        } else {
            explained(
                format!("the text of `{}` is not in quotes", a.key),
                a.value_start..a.line_end,
                "not in quotes",
                format!("write {} = \"{value}\"", a.key),
            )
        };
    }
    let q = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = &value[1..];
    if message.starts_with("unexpected key or value") && inner.contains(q) {
        let (body, _) = value.rsplit_once('#').filter(|(b, _)| b.trim_end().ends_with(q)).unwrap_or((value, ""));
        let whole = body.trim_end().trim_matches(q);
        let other = if q == '"' { '\'' } else { '"' };
        let hint = if whole.contains(other) {
            format!(
                "use typographic quotes inside: {} = {q}{}{q}",
                a.key,
                whole.replace(q, if q == '"' { "”" } else { "’" })
            )
        } else {
            format!(
                "put the value in {} quotes instead: {} = {other}{whole}{other}",
                if other == '\'' { "single" } else { "double" },
                a.key
            )
        };
        return explained(
            format!("the quote inside `{}` ends it early", a.key),
            at..at + 1,
            "the value seems to end before this",
            hint,
        );
    }
    if (message.starts_with("invalid basic string") || message.starts_with("invalid literal string"))
        && !inner.contains(q)
    {
        return explained(
            format!("the closing quote of `{}` is missing", a.key),
            a.line_end..a.line_end,
            &format!("add {q} here"),
            format!("write {} = {value}{q}", a.key),
        );
    }
    None
}

/// An unknown key found by [`super::keys::unknown_keys`], in the poet's terms: a likely
/// typo ("did you mean `leading`?"); a key of another table written at the top of the file
/// (a page or type key at the top of book.toml, a block's key above any `[[block]]`);
/// otherwise the keys its table takes.
pub(super) fn unknown_key(src: &Source, u: &super::keys::Unknown) -> Diagnostic {
    let typo = super::load::suggest(&u.key, u.known.iter().copied());
    let misplaced = match (typo.is_none(), u.top) {
        (true, true) => misplaced_key(src, u),
        (true, false) => key_of_another_book_table(src, u),
        (false, _) => None,
    };
    if let Some(e) = misplaced {
        return Diagnostic::error(e.message).at(src, e.span).label(e.label).note(e.hint.unwrap_or_default());
    }
    let d = Diagnostic::error(format!("unknown key `{}`", u.key)).at(src, u.span.clone()).label("unknown key");
    match typo {
        Some(m) => d.note(format!("did you mean `{m}`?")),
        None => d.note(format!("known keys here: {}", u.known.join(", "))),
    }
}

/// A key of another table written in the file's top table.
fn misplaced_key(src: &Source, u: &super::keys::Unknown) -> Option<Explained> {
    let name = u.key.as_str();
    let book = src.path.file_name().is_some_and(|n| n == "book.toml");
    let line_start = src.text[..u.span.start].rfind('\n').map_or(0, |i| i + 1);
    let line = src.text[line_start..].lines().next().unwrap_or("");
    if book {
        // `size` is in [page] and [type]: a page size says which.
        let page_size = line
            .split_once('=')
            .is_some_and(|(_, v)| crate::units::parse_page_size(v.trim().trim_matches(['"', '\''])).is_ok());
        let (table, _) = super::keys::book_tables()
            .into_iter()
            .find(|(t, keys)| keys.contains(&name) && !(name == "size" && (*t == "page") != page_size))?;
        return explained(
            format!("`{name}` belongs under [{table}]"),
            u.span.clone(),
            "not a key of the book itself",
            format!("move it below a line [{table}], e.g.\n[{table}]\n{}", line.trim()),
        );
    }
    // A block's key, for a key written before any `[[block]]`.
    if super::keys::block_keys().contains(&name) && name != "number" {
        return explained(
            format!("`{name}` is a block's key, written before any [[block]]"),
            u.span.clone(),
            "not a key of the section",
            "add a line [[block]] above it (and kind = \"verse\" if this is verse)".into(),
        );
    }
    None
}

/// A key of book.toml written under a table it does not belong to: one of the book's own
/// (`colophon` after `[print]`: TOML puts every key below a table header in that table)
/// or of another table (`bleed` under `[page]`).
fn key_of_another_book_table(src: &Source, u: &super::keys::Unknown) -> Option<Explained> {
    let name = u.key.as_str();
    if src.path.file_name().is_none_or(|n| n != "book.toml") {
        return None;
    }
    let line_start = src.text[..u.span.start].rfind('\n').map_or(0, |i| i + 1);
    let line = src.text[line_start..].lines().next().unwrap_or("").trim();
    if super::keys::fields_of::<super::raw::RawBook>().contains(&name) {
        return explained(
            format!("`{name}` is a key of the book itself, written under a table"),
            u.span.clone(),
            "belongs at the top of book.toml",
            format!(
                "move it above the first [table] line (every key below a [table] line belongs to that table):\n{line}"
            ),
        );
    }
    let (table, _) = super::keys::book_tables().into_iter().find(|(_, keys)| keys.contains(&name))?;
    explained(
        format!("`{name}` belongs under [{table}]"),
        u.span.clone(),
        "not a key of this table",
        format!("move it below the line [{table}] (add that line if book.toml has none):\n[{table}]\n{line}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::sync::Arc;

    fn src(name: &str, text: &str) -> Source {
        Source { path: Arc::from(PathBuf::from(format!("/p/layout/{name}"))), text: Arc::from(text) }
    }

    fn first_error(name: &str, text: &str) -> Diagnostic {
        let s = src(name, text);
        let e = toml::from_str::<toml::Table>(text).err();
        let (message, span) = match e {
            Some(e) => (e.message().to_string(), e.span()),
            None => panic!("parses: {text}"),
        };
        explain(&s, &message, span)
    }

    #[test]
    fn curly_quotes_are_pointed_at_with_the_straight_line() {
        let d = first_error("book.toml", "title = “Token”\n");
        assert_eq!(d.line_col(), Some((1, 9)));
        assert!(d.notes[0].contains("title = \"Token\""), "{:?}", d.notes);
        let d = first_error("01.toml", "numeral = \"I\"\ntext = ’’’\none\ntwo\n’’’\n");
        assert_eq!(d.line_col(), Some((2, 8)), "{}", d.message);
        assert!(d.notes[0].contains("text = '''"), "{:?}", d.notes);
    }

    #[test]
    fn quotes_inside_a_curly_quoted_value_may_stay() {
        let d = first_error("01.toml", "title = “Stairs” going up\n");
        assert!(d.notes[0].contains("title = \"“Stairs” going up\""), "{:?}", d.notes);
        let d = first_error("01.toml", "title = “the ‘real’ one”\n");
        assert!(d.notes[0].contains("title = \"the ‘real’ one\""), "{:?}", d.notes);
    }

    #[test]
    fn an_unclosed_text_is_shown_where_it_opens() {
        let d = first_error("01.toml", "[[block]]\ntext = '''\none\n\n[[block]]\ntext = '''\ntwo\n'''\n");
        assert_eq!(d.line_col(), Some((2, 8)), "{}", d.message);
        let d = first_error("01.toml", "[[block]]\ntext = '''\none\ntwo\n");
        assert_eq!(d.line_col(), Some((2, 8)), "{}", d.message);
        assert!(d.message.contains("never closed"));
    }

    #[test]
    fn a_verse_line_with_an_equals_sign_does_not_look_unclosed() {
        let d = first_error("01.toml", "[[block]]\ntext = '''\nx = y'''\n[[block]]\nkind = 1 2\n");
        assert!(!d.message.contains("never closed"), "{}", d.message);
    }

    #[test]
    fn scan_skips_what_is_inside_texts() {
        let s = scan("a = '''\nb = “x”\n'''\nc = 1\n");
        let keys: Vec<&str> = s.assignments.iter().map(|a| a.key.as_str()).collect();
        assert_eq!(keys, ["a", "c"]);
        assert_eq!(s.multiline, vec![(4, Some(23))]);
    }
}
