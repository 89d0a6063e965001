//! BCP 47 language tags (RFC 5646), checked for well-formedness: the `language` of
//! book.toml goes into the PDF's `/Lang` and the EPUB's `dc:language`, where a reader's
//! speech synthesiser picks its voice by it. Well-formed means the tag's grammar: a
//! primary language of 2–3 letters, then optional extended language, script, region,
//! variants, extensions and a private-use part, each of its own shape; the registry's list
//! of codes is not consulted. The grammar also allows primary languages of 4–8 letters,
//! but those are reserved and none is registered, so such a tag is refused: it is nearly
//! always a language's name (`english`) written for its code.

/// `Ok` when `tag` is a well-formed BCP 47 tag, else what is wrong with it.
pub fn check(tag: &str) -> Result<(), String> {
    if tag.is_empty() {
        return Err("it is empty".into());
    }
    if let Some(bad) = tag.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-')) {
        return Err(format!("`{bad}` is not allowed (letters, digits and hyphens only; `en-GB`, not `en_GB`)"));
    }
    let parts: Vec<&str> = tag.split('-').collect();
    if parts.iter().any(|p| p.is_empty() || p.len() > 8) {
        return Err("each part between hyphens has 1 to 8 letters or digits".into());
    }
    let alpha = |p: &str| p.chars().all(|c| c.is_ascii_alphabetic());
    let digit = |p: &str| p.chars().all(|c| c.is_ascii_digit());
    let mut i = 0;
    // Private use only: x-whatever.
    if parts[0].eq_ignore_ascii_case("x") {
        return private_use(&parts[1..]);
    }
    let lang = parts[0];
    if alpha(lang) && lang.len() > 3 {
        let code = NAMES.iter().find(|(name, _)| name.eq_ignore_ascii_case(lang)).map(|(_, c)| *c);
        return Err(match code {
            Some(c) => format!("`{lang}` is a language's name; its code is `{c}`"),
            None => format!(
                "`{lang}` is not a language code: codes have two or three letters (`en` English, `de` German, `fr` French, `es` Spanish)"
            ),
        });
    }
    if !alpha(lang) || !(2..=3).contains(&lang.len()) {
        return Err(format!("`{lang}` is not a language code (two or three letters, such as `en` or `ast`)"));
    }
    i += 1;
    // Up to three extended language subtags after a 2–3 letter code.
    if lang.len() <= 3 {
        let mut ext = 0;
        while ext < 3 && i < parts.len() && parts[i].len() == 3 && alpha(parts[i]) {
            i += 1;
            ext += 1;
        }
    }
    if i < parts.len() && parts[i].len() == 4 && alpha(parts[i]) {
        i += 1; // script
    }
    if i < parts.len() && ((parts[i].len() == 2 && alpha(parts[i])) || (parts[i].len() == 3 && digit(parts[i]))) {
        i += 1; // region
    }
    let variant = |p: &str| (5..=8).contains(&p.len()) || (p.len() == 4 && p.as_bytes()[0].is_ascii_digit());
    while i < parts.len() && variant(parts[i]) {
        i += 1;
    }
    while i < parts.len() && parts[i].len() == 1 && !parts[i].eq_ignore_ascii_case("x") {
        let start = i + 1;
        i = start;
        while i < parts.len() && parts[i].len() >= 2 {
            i += 1;
        }
        if i == start {
            return Err(format!("the extension `{}` has nothing after it", parts[start - 1]));
        }
    }
    if i < parts.len() && parts[i].eq_ignore_ascii_case("x") {
        return private_use(&parts[i + 1..]);
    }
    match parts.get(i) {
        None => Ok(()),
        Some(p) => Err(format!("`{p}` is not a script, region or variant where it stands")),
    }
}

/// Names poets write for a language (in English and in the language itself), and its code.
const NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("german", "de"),
    ("deutsch", "de"),
    ("french", "fr"),
    ("francais", "fr"),
    ("spanish", "es"),
    ("espanol", "es"),
    ("italian", "it"),
    ("italiano", "it"),
    ("portuguese", "pt"),
    ("dutch", "nl"),
    ("swedish", "sv"),
    ("norwegian", "no"),
    ("danish", "da"),
    ("finnish", "fi"),
    ("polish", "pl"),
    ("russian", "ru"),
    ("greek", "el"),
    ("latin", "la"),
    ("irish", "ga"),
    ("welsh", "cy"),
    ("japanese", "ja"),
    ("chinese", "zh"),
    ("korean", "ko"),
    ("arabic", "ar"),
    ("hebrew", "he"),
    ("hindi", "hi"),
    ("turkish", "tr"),
];

fn private_use(rest: &[&str]) -> Result<(), String> {
    if rest.is_empty() { Err("`x` must be followed by a private-use part".into()) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn well_formed_tags_pass() {
        for t in [
            "en",
            "de",
            "en-GB",
            "pt-BR",
            "zh-Hant-TW",
            "sr-Latn",
            "es-419",
            "de-CH-1996",
            "ast",
            "x-klingon",
            "en-x-poem",
            "zh-yue-HK",
        ] {
            assert_eq!(check(t), Ok(()), "{t}");
        }
    }

    #[test]
    fn malformed_tags_say_why() {
        for (t, why) in [
            ("", "empty"),
            ("en_GB", "`_`"),
            ("e", "language code"),
            ("englishlanguage", "1 to 8"),
            ("en-GB-a", "extension"),
            ("en-GB-US", "`US`"),
            ("12", "language code"),
            ("english", "its code is `en`"),
            ("Deutsch", "its code is `de`"),
            ("elvish", "two or three letters"),
            ("abcd-GB", "two or three letters"),
        ] {
            let e = check(t).unwrap_err();
            assert!(e.contains(why), "{t}: {e}");
        }
    }
}
