//! Inline markup, part of the layout language: in a line of text `*word*` is set in the
//! other style of the face (italic in roman text, roman in italic text), `^^words^^` in
//! small capitals, `\*` and `\^` print the character itself. A marker that opens and does not close on the same
//! line (or closes and never opened) is printed as written and reported, so that a stray
//! `*` is a warning at its place, not silently lost.

/// How a segment of text is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Inline {
    /// As the block is set.
    Plain,
    /// The other style: italic in roman text, roman in italic text.
    Emphasis,
    /// Small capitals (`smcp`).
    SmallCaps,
}

/// The markers, each with the way it sets what it encloses.
const MARKERS: &[(&str, Inline)] = &[("^^", Inline::SmallCaps), ("*", Inline::Emphasis)];

/// A line cut into segments by their setting, markers and escapes removed (adjacent
/// segments of one setting are merged), and the byte offsets in `line` of markers left
/// unmatched, which print as written.
pub fn parse(line: &str) -> (Vec<(Inline, String)>, Vec<usize>) {
    let tokens = tokenize(line);
    // Pair markers: an opener is followed by a non-space, a closer preceded by one.
    let mut paired = vec![false; tokens.len()];
    let mut open: Option<usize> = None;
    for (i, t) in tokens.iter().enumerate() {
        let Token::Marker { kind, .. } = t else { continue };
        match open {
            Some(o) if matches!(tokens[o], Token::Marker { kind: k, .. } if k == *kind) && after_text(&tokens, i) => {
                paired[o] = true;
                paired[i] = true;
                open = None;
            }
            Some(_) => {}
            None if before_text(&tokens, i) => open = Some(i),
            None => {}
        }
    }
    let mut out: Vec<(Inline, String)> = Vec::new();
    let mut lone = Vec::new();
    let mut state = Inline::Plain;
    let push = |out: &mut Vec<(Inline, String)>, state: Inline, s: &str| match out.last_mut() {
        Some((k, text)) if *k == state => text.push_str(s),
        _ if s.is_empty() => {}
        _ => out.push((state, s.to_string())),
    };
    for (i, t) in tokens.iter().enumerate() {
        match t {
            Token::Text(s) => push(&mut out, state, s),
            Token::Marker { kind, .. } if paired[i] => {
                state = if state == *kind { Inline::Plain } else { *kind };
            }
            Token::Marker { at, text, .. } => {
                lone.push(*at);
                push(&mut out, state, text);
            }
        }
    }
    (out, lone)
}

/// The line's text as printed (markers removed, escapes resolved).
pub fn plain(line: &str) -> String {
    parse(line).0.into_iter().map(|(_, s)| s).collect()
}

/// The markers open at byte `at` of `line` (each to be closed before a break there and
/// opened again after it), innermost last.
pub fn open_at(line: &str, at: usize) -> Vec<&'static str> {
    let (_, lone) = parse(line);
    let mut open: Vec<&'static str> = Vec::new();
    for t in tokenize(line) {
        if let Token::Marker { at: pos, text, .. } = t {
            if pos >= at {
                break;
            }
            if lone.contains(&pos) {
                continue;
            }
            let m = MARKERS.iter().find(|(s, _)| *s == text).map(|(s, _)| *s).expect("a marker");
            if open.last() == Some(&m) {
                open.pop();
            } else {
                open.push(m);
            }
        }
    }
    open
}

#[derive(Debug)]
enum Token<'a> {
    Text(String),
    Marker { kind: Inline, at: usize, text: &'a str },
}

fn tokenize(line: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        if let Some(c) =
            rest.strip_prefix('\\').and_then(|r| r.chars().next()).filter(|c| matches!(c, '*' | '^' | '\\'))
        {
            text.push(c);
            i += 1 + c.len_utf8();
            continue;
        }
        if let Some((m, kind)) = MARKERS.iter().find(|(m, _)| rest.starts_with(m)) {
            if !text.is_empty() {
                out.push(Token::Text(std::mem::take(&mut text)));
            }
            out.push(Token::Marker { kind: *kind, at: i, text: &line[i..i + m.len()] });
            i += m.len();
            continue;
        }
        let c = rest.chars().next().expect("inside the line");
        text.push(c);
        i += c.len_utf8();
    }
    if !text.is_empty() {
        out.push(Token::Text(text));
    }
    out
}

/// Whether the token after `i` is text starting with a non-space (an opener's rule).
fn before_text(tokens: &[Token<'_>], i: usize) -> bool {
    matches!(tokens.get(i + 1), Some(Token::Text(t)) if !t.starts_with(char::is_whitespace))
}

/// Whether the token before `i` is text ending with a non-space (a closer's rule).
fn after_text(tokens: &[Token<'_>], i: usize) -> bool {
    i > 0 && matches!(&tokens[i - 1], Token::Text(t) if !t.ends_with(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(k: Inline, s: &str) -> (Inline, String) {
        (k, s.to_string())
    }

    #[test]
    fn stars_set_emphasis_and_carets_small_caps() {
        let (s, lone) = parse("I *already* knew ^^NASA^^ too");
        assert_eq!(
            s,
            vec![
                seg(Inline::Plain, "I "),
                seg(Inline::Emphasis, "already"),
                seg(Inline::Plain, " knew "),
                seg(Inline::SmallCaps, "NASA"),
                seg(Inline::Plain, " too")
            ]
        );
        assert!(lone.is_empty());
        assert_eq!(plain("*two words* here"), "two words here");
    }

    #[test]
    fn escapes_print_the_character_and_lone_markers_are_kept_and_reported() {
        assert_eq!(parse(r"5 \* 3"), (vec![seg(Inline::Plain, "5 * 3")], vec![]));
        let (s, lone) = parse("a * b");
        assert_eq!((s, lone), (vec![seg(Inline::Plain, "a * b")], vec![2]));
        let (s, lone) = parse("never *closed");
        assert_eq!((s, lone), (vec![seg(Inline::Plain, "never *closed")], vec![6]));
        // A footnote star after a word closes nothing that opened.
        assert_eq!(parse("word* and").1, vec![4]);
    }

    #[test]
    fn a_break_inside_emphasis_knows_what_is_open() {
        let line = "one *two three* four";
        assert_eq!(open_at(line, 8), vec!["*"]);
        assert!(open_at(line, 16).is_empty());
        assert!(open_at("a * b c", 4).is_empty());
    }
}
