//! BCP 47 language tags (RFC 5646), checked for well-formedness: the `language` of
//! book.toml goes into the PDF's `/Lang` and the EPUB's `dc:language`, where a reader's
//! speech synthesiser picks its voice by it. Well-formed means the tag's grammar: a
//! primary language of 2–3 letters, then optional extended language, script, region,
//! variants, extensions and a private-use part, each of its own shape. The registry's list
//! of languages is not consulted, but a two-letter region must be one of its regions (ISO
//! 3166-1 codes and a few more): `en-UK` is refused, `GB` named. The grammar also allows primary languages of 4–8 letters,
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
    if i < parts.len() && parts[i].len() == 2 && alpha(parts[i]) {
        let region = parts[i].to_ascii_uppercase();
        if !is_region(&region) {
            let meant = MISTAKEN_REGIONS.iter().find(|(r, _)| *r == region).map(|(_, c)| *c);
            return Err(match meant {
                Some(code) => format!("`{}` is not a region code; the one meant is `{code}`", parts[i]),
                None => format!(
                    "`{}` is not a region: a region is an ISO 3166 country code (`GB`, `US`, `BR`) or a UN M.49 number (`419`)",
                    parts[i]
                ),
            });
        }
        i += 1; // region
    } else if i < parts.len() && parts[i].len() == 3 && digit(parts[i]) {
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

/// The tag with a mistaken region written as its code (`en-UK` → `en-GB`), when that is
/// the only thing wrong with it.
pub fn corrected(tag: &str) -> Option<String> {
    let fixed: Vec<String> = tag
        .split('-')
        .enumerate()
        .map(|(i, p)| {
            let up = p.to_ascii_uppercase();
            match MISTAKEN_REGIONS.iter().find(|(r, _)| i > 0 && p.len() == 2 && *r == up) {
                Some((_, code)) => code.to_string(),
                None => p.to_string(),
            }
        })
        .collect();
    let fixed = fixed.join("-");
    (fixed != tag && check(&fixed).is_ok()).then_some(fixed)
}

/// Whether `r` (two capitals) is a region subtag of the registry: an ISO 3166-1 code
/// (the list is Debian's iso-codes), the registry's other and deprecated regions, or a
/// private-use code.
fn is_region(r: &str) -> bool {
    let b = r.as_bytes();
    let private = r == "AA" || r == "ZZ" || (b[0] == b'Q' && b[1] >= b'M') || b[0] == b'X';
    private || ISO_3166.iter().any(|row| row.split(' ').any(|c| c == r)) || OTHER_REGIONS.contains(&r)
}

/// ISO 3166-1 alpha-2, every assigned code (249).
const ISO_3166: &[&str] = &[
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI",
    "BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN",
    "CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK",
    "FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM",
    "HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN",
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK",
    "ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP",
    "NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW",
    "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF",
    "TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI",
    "VN VU WF WS YE YT ZA ZM ZW",
];

/// Regions of the BCP 47 registry beside ISO 3166-1's assigned codes: its exceptional
/// reservations (`EU`, `UN` …) and the deprecated codes a tag may still carry (`YU`, `CS` …).
const OTHER_REGIONS: &[&str] = &[
    "AC", "CP", "DG", "EA", "EU", "EZ", "IC", "TA", "UN", "AN", "BU", "CS", "DD", "FX", "NT", "SU", "TP", "YD", "YU",
    "ZR",
];

/// Regions written for another code: the United Kingdom's ISO 3166 code is `GB` (`UK`
/// is reserved, and no tag carries it).
const MISTAKEN_REGIONS: &[(&str, &str)] = &[("UK", "GB")];

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
            "en-gb",
            "en-XA",
            "es-EU",
            "sr-YU",
        ] {
            assert_eq!(check(t), Ok(()), "{t}");
        }
    }

    #[test]
    fn a_mistaken_region_is_corrected() {
        assert_eq!(super::corrected("en-UK").as_deref(), Some("en-GB"));
        assert_eq!(super::corrected("en-uk").as_deref(), Some("en-GB"));
        assert_eq!(super::corrected("en-GB"), None);
        assert_eq!(super::corrected("uk"), None, "Ukrainian is a language, not a region");
        assert_eq!(super::corrected("en-EN"), None);
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
            ("en-UK", "the one meant is `GB`"),
            ("en-EN", "ISO 3166"),
        ] {
            let e = check(t).unwrap_err();
            assert!(e.contains(why), "{t}: {e}");
        }
    }
}
