//! Inline markup, part of the layout language: in a line of text `*word*` is set in the
//! other style of the face (italic in roman text, roman in italic text), `^^words^^` in
//! small capitals, `\*` and `\^` print the character itself. The two nest (`*an ^^nasa^^
//! probe*`: small capitals in the other style). A marker that opens and does not close on
//! the same line (or closes and never opened) is printed as written and reported, so that
//! a stray `*` is a warning at its place, not silently lost; a `*` between two digits
//! (`2*3*4`) is arithmetic, not a marker.

/// How a segment of text is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Inline {
    /// As the block is set.
    Plain,
    /// The other style: italic in roman text, roman in italic text.
    Emphasis,
    /// Small capitals (`smcp`).
    SmallCaps,
    /// Both: small capitals in the other style.
    EmphasisSmallCaps,
}

impl Inline {
    fn of(emphasis: bool, small_caps: bool) -> Inline {
        match (emphasis, small_caps) {
            (false, false) => Inline::Plain,
            (true, false) => Inline::Emphasis,
            (false, true) => Inline::SmallCaps,
            (true, true) => Inline::EmphasisSmallCaps,
        }
    }
}

/// The markers, each with the way it sets what it encloses.
const MARKERS: &[(&str, Inline)] = &[("^^", Inline::SmallCaps), ("*", Inline::Emphasis)];

/// A line cut into segments by their setting, markers and escapes removed (adjacent
/// segments of one setting are merged), and the byte offsets in `line` of markers left
/// unmatched, which print as written.
pub fn parse(line: &str) -> (Vec<(Inline, String)>, Vec<usize>) {
    let tokens = tokenize(line);
    // Pair markers: an opener is followed by a non-space, a closer preceded by one. The
    // two kinds nest; a closer closes its own kind's opener and any opened inside it that
    // did not close (those print as written).
    let mut paired = vec![false; tokens.len()];
    let mut open: Vec<usize> = Vec::new();
    let kind_of = |i: usize| match tokens[i] {
        Token::Marker { kind, .. } => kind,
        Token::Text(_) => Inline::Plain,
    };
    for (i, t) in tokens.iter().enumerate() {
        let Token::Marker { kind, .. } = t else { continue };
        match open.iter().rposition(|&o| kind_of(o) == *kind) {
            Some(at) if after_text(&tokens, i) => {
                paired[open[at]] = true;
                paired[i] = true;
                open.truncate(at);
            }
            Some(_) => {}
            None if before_text(&tokens, i) => open.push(i),
            None => {}
        }
    }
    let mut out: Vec<(Inline, String)> = Vec::new();
    let mut lone = Vec::new();
    let (mut emphasis, mut small_caps) = (false, false);
    let push = |out: &mut Vec<(Inline, String)>, state: Inline, s: &str| match out.last_mut() {
        Some((k, text)) if *k == state => text.push_str(s),
        _ if s.is_empty() => {}
        _ => out.push((state, s.to_string())),
    };
    for (i, t) in tokens.iter().enumerate() {
        match t {
            Token::Text(s) => push(&mut out, Inline::of(emphasis, small_caps), s),
            Token::Marker { kind: Inline::SmallCaps, .. } if paired[i] => small_caps = !small_caps,
            Token::Marker { .. } if paired[i] => emphasis = !emphasis,
            Token::Marker { at, text, .. } => {
                lone.push(*at);
                push(&mut out, Inline::of(emphasis, small_caps), text);
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
            match open.iter().rposition(|&o| o == m) {
                Some(k) => open.truncate(k),
                None => open.push(m),
            }
        }
    }
    open
}

/// `line` broken at byte `at` (a space) into the two lines it becomes: the head with the
/// markup open there closed, the tail with it opened again (`one *two three*` at 8 gives
/// `one *two*` and `*three*`), as verse turns a line over and titles and the colophon wrap.
pub fn break_at(line: &str, at: usize) -> (String, String) {
    let open = open_at(line, at);
    let mut head = line[..at].trim_end().to_string();
    open.iter().rev().for_each(|m| head.push_str(m));
    (head, format!("{}{}", open.concat(), line[at..].trim_start()))
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
        // A star between two digits is arithmetic (`2*3*4`), not emphasis.
        let between_digits = rest.starts_with('*')
            && line[..i].ends_with(|c: char| c.is_ascii_digit())
            && rest[1..].starts_with(|c: char| c.is_ascii_digit());
        if let Some((m, kind)) = MARKERS.iter().find(|(m, _)| rest.starts_with(m)).filter(|_| !between_digits) {
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

/// Whether the text after `i` (past any markers right after it: `*^^nasa^^*`) starts
/// with a non-space (an opener's rule).
fn before_text(tokens: &[Token<'_>], i: usize) -> bool {
    matches!(tokens[i + 1..].iter().find(|t| matches!(t, Token::Text(_))), Some(Token::Text(t)) if !t.starts_with(char::is_whitespace))
}

/// Whether the text before `i` (past any markers right before it) ends with a non-space
/// (a closer's rule).
fn after_text(tokens: &[Token<'_>], i: usize) -> bool {
    matches!(tokens[..i].iter().rev().find(|t| matches!(t, Token::Text(_))), Some(Token::Text(t)) if !t.ends_with(char::is_whitespace))
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
    fn emphasis_and_small_caps_nest() {
        assert_eq!(
            parse("*an ^^nasa^^ probe*").0,
            vec![seg(Inline::Emphasis, "an "), seg(Inline::EmphasisSmallCaps, "nasa"), seg(Inline::Emphasis, " probe")]
        );
        assert_eq!(
            parse("^^the *Voyager* craft^^").0,
            vec![
                seg(Inline::SmallCaps, "the "),
                seg(Inline::EmphasisSmallCaps, "Voyager"),
                seg(Inline::SmallCaps, " craft")
            ]
        );
        assert!(parse("*an ^^nasa^^ probe*").1.is_empty());
        assert_eq!(plain("*in ^^caps^^*"), "in caps");
        // An opener inside that never closes prints as written when the outer one closes.
        let (s, lone) = parse("*a ^^b c*");
        assert_eq!((plain("*a ^^b c*"), lone), ("a ^^b c".to_string(), vec![3]));
        assert_eq!(s[0].0, Inline::Emphasis);
        // A break inside both closes both and opens both again, innermost last.
        assert_eq!(open_at("*an ^^nasa probe^^ here*", 11), vec!["*", "^^"]);
    }

    #[test]
    fn a_star_between_digits_is_arithmetic() {
        assert_eq!(parse("2*3*4 = 24"), (vec![seg(Inline::Plain, "2*3*4 = 24")], vec![]));
        assert_eq!(parse("*3* ways").0, vec![seg(Inline::Emphasis, "3"), seg(Inline::Plain, " ways")]);
    }

    #[test]
    fn a_break_inside_emphasis_knows_what_is_open() {
        let line = "one *two three* four";
        assert_eq!(open_at(line, 8), vec!["*"]);
        assert!(open_at(line, 16).is_empty());
        assert!(open_at("a * b c", 4).is_empty());
        assert_eq!(break_at(line, 8), ("one *two*".to_string(), "*three* four".to_string()));
        assert_eq!(break_at("*an ^^nasa probe^^*", 11), ("*an ^^nasa^^*".to_string(), "*^^probe^^*".to_string()));
    }
}
