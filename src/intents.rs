//! Printing conditions for the PDF/X output intent. A PDF/X file names the condition it
//! was prepared for; a name registered in the ICC Characterization Data Registry
//! (<https://www.color.org/chardata/drsection1.xalter>) needs no profile in the file, any
//! other name needs the printer's ICC output profile embedded (`DestOutputProfile`).
//!
//! [`REGISTERED`] holds the registered names books are usually printed to; a name not in
//! it is treated as unregistered (so it needs `output_profile`), and a near miss gets a
//! did-you-mean.

/// Registered characterisation names (`OutputConditionIdentifier`) with the description
/// written as the output intent's `/Info` and `/OutputCondition`.
pub const REGISTERED: &[(&str, &str)] = &[
    ("FOGRA39", "Coated FOGRA39 (ISO 12647-2:2004), offset, paper types 1 and 2"),
    ("FOGRA39L", "Coated FOGRA39L (ISO 12647-2:2004 Amd 1), offset, paper types 1 and 2"),
    ("FOGRA29", "Uncoated FOGRA29 (ISO 12647-2:2004), offset, paper type 4"),
    ("FOGRA47", "Uncoated FOGRA47 (ISO 12647-2:2004), PSO uncoated, offset, paper type 4"),
    ("FOGRA51", "PSO Coated v3, FOGRA51 (ISO 12647-2:2013), offset, premium coated paper"),
    ("FOGRA52", "PSO Uncoated v3, FOGRA52 (ISO 12647-2:2013), offset, wood-free uncoated paper"),
    ("FOGRA53", "eciCMYK v2, FOGRA53, an output-independent exchange space"),
    ("CGATS21_CRPC1", "CGATS 21-2 CRPC1, uncoated, lowest gamut"),
    ("CGATS21_CRPC2", "CGATS 21-2 CRPC2, newsprint-like"),
    ("CGATS21_CRPC3", "CGATS 21-2 CRPC3, uncoated"),
    ("CGATS21_CRPC4", "CGATS 21-2 CRPC4, coated publication"),
    ("CGATS21_CRPC5", "SWOP 2013 (CGATS 21-2 CRPC5), coated #3 publication"),
    ("CGATS21_CRPC6", "GRACoL 2013 (CGATS 21-2 CRPC6), coated #1 commercial"),
    ("CGATS21_CRPC7", "CGATS 21-2 CRPC7, premium coated, largest gamut"),
    ("CGATS TR 001", "SWOP (Publication) Grade 3 paper, CGATS TR 001"),
    ("CGATS TR 003", "SWOP (Publication) Grade 5 paper, CGATS TR 003"),
    ("CGATS TR 005", "SNAP, newsprint, CGATS TR 005"),
    ("CGATS TR 006", "GRACoL, coated #1, sheetfed offset, CGATS TR 006"),
    ("JC200103", "Japan Color 2001 Coated, sheetfed offset"),
    ("JC200104", "Japan Color 2001 Uncoated, sheetfed offset"),
    ("JCN2002", "Japan Color 2002 Newspaper"),
    ("IFRA26", "ISOnewspaper26v4, coldset newspaper (ISO 12647-3:2004)"),
    ("IFRA30", "ISOnewspaper30v4, coldset newspaper (ISO 12647-3:2005)"),
];

/// The description of a registered condition (the name compared exactly, as PDF/X does).
pub fn registered(name: &str) -> Option<&'static str> {
    REGISTERED.iter().find(|r| r.0 == name).map(|r| r.1)
}

/// A registered name the given one is probably a typo of (case, spaces, a letter or two).
pub fn did_you_mean(name: &str) -> Option<&'static str> {
    let squash = |s: &str| s.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase();
    let n = squash(name);
    if let Some(r) = REGISTERED.iter().find(|r| squash(r.0) == n) {
        return Some(r.0);
    }
    REGISTERED
        .iter()
        .map(|r| (edit_distance(&n, &squash(r.0)), r.0))
        .filter(|(d, r)| *d <= 2.max(r.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, r)| r)
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Why bytes are not a CMYK output (printer) ICC profile, if they are not.
pub fn check_profile(bytes: &[u8]) -> Result<(), String> {
    if bytes.len() < 132 || &bytes[36..40] != b"acsp" {
        return Err("it is not an ICC profile (no `acsp` signature)".into());
    }
    if &bytes[12..16] != b"prtr" {
        return Err(format!(
            "it is a `{}` profile, not an output (printer) profile",
            String::from_utf8_lossy(&bytes[12..16]).trim()
        ));
    }
    if &bytes[16..20] != b"CMYK" {
        return Err(format!(
            "its colour space is {}, but PDF/X-1a prints CMYK",
            String::from_utf8_lossy(&bytes[16..20]).trim()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_names_and_typos() {
        assert!(registered("FOGRA39").unwrap().contains("Coated FOGRA39"));
        assert!(registered("CGATS21_CRPC6").unwrap().contains("GRACoL 2013"));
        assert_eq!(registered("fogra39"), None, "PDF/X compares names exactly");
        assert_eq!(did_you_mean("fogra39"), Some("FOGRA39"));
        assert_eq!(did_you_mean("FOGRA 51"), Some("FOGRA51"));
        assert_eq!(did_you_mean("FOGAR39"), Some("FOGRA39"));
        assert_eq!(did_you_mean("CGATS21 CRPC6"), Some("CGATS21_CRPC6"));
        assert_eq!(did_you_mean("My Local Printer Uncoated"), None);
    }

    #[test]
    fn profiles_must_be_cmyk_output() {
        let mut icc = vec![0u8; 132];
        icc[12..16].copy_from_slice(b"prtr");
        icc[16..20].copy_from_slice(b"CMYK");
        icc[36..40].copy_from_slice(b"acsp");
        assert_eq!(check_profile(&icc), Ok(()));
        icc[16..20].copy_from_slice(b"RGB ");
        assert!(check_profile(&icc).unwrap_err().contains("RGB"));
        icc[12..16].copy_from_slice(b"mntr");
        assert!(check_profile(&icc).unwrap_err().contains("mntr"));
        assert!(check_profile(b"hello").is_err());
    }
}
