//! Straight quotes to typographic quotes: `"the"` → “the”, `it's` → it’s, `'tis` → ’tis.
//! The manuscript's straight quotes are the author's quotation marks; print shows them curly.

/// Replaces straight double and single quotes with their typographic forms. An opening
/// quote follows the start of the text, whitespace or an opening bracket; anything else
/// closes. A single quote between letters is an apostrophe (’).
pub fn smarten(text: &str) -> String {
    if !text.contains(['"', '\'']) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let opens = match prev {
            None => true,
            Some(p) => p.is_whitespace() || matches!(p, '(' | '[' | '{' | '—' | '–' | '“' | '‘'),
        };
        let next = chars.peek().copied();
        let r = match c {
            '"' if opens => '“',
            '"' => '”',
            // An apostrophe at a word start before a digit or letter (’tis, ’90s) still
            // points like a closing quote; only a quote before a quoted word opens.
            '\'' if opens && !next.is_some_and(|n| n.is_ascii_digit()) => '‘',
            '\'' => '’',
            other => other,
        };
        out.push(r);
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::smarten;

    #[test]
    fn double_quotes_open_and_close() {
        assert_eq!(smarten("I chose \"the\""), "I chose “the”");
        assert_eq!(smarten("\"I understand.\""), "“I understand.”");
        assert_eq!(smarten("(\"a\")"), "(“a”)");
    }

    #[test]
    fn apostrophes_close() {
        assert_eq!(smarten("didn't"), "didn’t");
        assert_eq!(smarten("we've ever"), "we’ve ever");
        assert_eq!(smarten("the '90s"), "the ’90s");
        assert_eq!(smarten("no quotes"), "no quotes");
    }
}
