//! Inline images (`BI … ID data EI`) read from a content stream's bytes. The PDF reader
//! gives up on an inline image it cannot size — one with a filter (`/F /Fl`), or a colour
//! space named in the resources — and then hands over `BI` with no dictionary, so an RGB
//! image at 3 ppi would pass unseen. [`dictionaries`] finds every inline image's
//! dictionary in stream order, skipping strings and comments, so the walker can pair the
//! n-th `BI` it meets with the n-th dictionary here. The data after `ID` is skipped by
//! its length when it has no filter and a device colour space (as the reader does), else
//! up to the first `EI` that stands alone between white space.

use lopdf::content::Content;
use lopdf::{Dictionary, Object};

fn is_white(b: u8) -> bool {
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// The next token from `i`: its start and end (white space and comments skipped; a
/// string is one token). `None` at the end.
fn token(data: &[u8], mut i: usize) -> Option<(usize, usize)> {
    loop {
        while i < data.len() && is_white(data[i]) {
            i += 1;
        }
        if data.get(i) == Some(&b'%') {
            while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                i += 1;
            }
        } else {
            break;
        }
    }
    let start = i;
    let end = match *data.get(i)? {
        b'(' => {
            let (mut depth, mut j) = (0usize, i);
            while j < data.len() {
                match data[j] {
                    b'\\' => j += 1,
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            j + 1
        }
        b'<' if data.get(i + 1) == Some(&b'<') => i + 2,
        b'>' if data.get(i + 1) == Some(&b'>') => i + 2,
        b'<' => data[i..].iter().position(|&b| b == b'>').map_or(data.len(), |p| i + p + 1),
        b'[' | b']' | b'{' | b'}' | b')' | b'>' => i + 1,
        b'/' => {
            let mut j = i + 1;
            while j < data.len() && !is_white(data[j]) && !is_delim(data[j]) {
                j += 1;
            }
            j
        }
        _ => {
            let mut j = i;
            while j < data.len() && !is_white(data[j]) && !is_delim(data[j]) {
                j += 1;
            }
            j
        }
    };
    Some((start, end.min(data.len())))
}

/// Every inline image's dictionary, in stream order (keys as written: `W` or `Width` …).
pub fn dictionaries(data: &[u8]) -> Vec<Dictionary> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some((s, e)) = token(data, i) {
        i = e;
        if &data[s..e] != b"BI" {
            continue;
        }
        // The dictionary runs to the `ID` token.
        let body_start = e;
        let mut id = None;
        while let Some((s2, e2)) = token(data, i) {
            i = e2;
            if &data[s2..e2] == b"ID" {
                id = Some(s2);
                break;
            }
        }
        let Some(id) = id else { break };
        let dict = parse(&data[body_start..id]).unwrap_or_default();
        // One white-space byte ends `ID`; the data follows.
        let data_start = (i + 1).min(data.len());
        i = match unfiltered_length(&dict) {
            Some(n) => (data_start + n).min(data.len()),
            None => data_start,
        };
        i = match data[i..].windows(4).position(|w| is_white(w[0]) && &w[1..3] == b"EI" && is_white(w[3])) {
            Some(p) => i + p + 3,
            // `EI` at the very end of the stream.
            None => data.len(),
        };
        out.push(dict);
    }
    out
}

/// The dictionary between `BI` and `ID`, read as the operand of a made-up operator.
fn parse(body: &[u8]) -> Option<Dictionary> {
    let mut text = b"<<".to_vec();
    text.extend_from_slice(body);
    text.extend_from_slice(b" >> Xinline");
    let content = Content::decode(&text).ok()?;
    match content.operations.first()?.operands.first()? {
        Object::Dictionary(d) => Some(d.clone()),
        _ => None,
    }
}

/// `dict[short]`, else `dict[long]`.
pub fn entry<'a>(dict: &'a Dictionary, short: &[u8], long: &[u8]) -> Option<&'a Object> {
    dict.get(short).or_else(|_| dict.get(long)).ok()
}

/// The data's length in bytes, when it has no filter and a device colour space.
fn unfiltered_length(dict: &Dictionary) -> Option<usize> {
    if entry(dict, b"F", b"Filter").is_some() {
        return None;
    }
    let int = |short: &[u8], long: &[u8]| match entry(dict, short, long) {
        Some(Object::Integer(n)) => usize::try_from(*n).ok(),
        _ => None,
    };
    let mask = matches!(entry(dict, b"IM", b"ImageMask"), Some(Object::Boolean(true)));
    let comps = if mask {
        1
    } else {
        match entry(dict, b"CS", b"ColorSpace") {
            Some(Object::Name(n)) => match n.as_slice() {
                b"G" | b"DeviceGray" => 1,
                b"RGB" | b"DeviceRGB" => 3,
                b"CMYK" | b"DeviceCMYK" => 4,
                _ => return None,
            },
            _ => return None,
        }
    };
    let bpc = if mask { 1 } else { int(b"BPC", b"BitsPerComponent")? };
    let row = int(b"W", b"Width")?.checked_mul(bpc)?.checked_mul(comps)?.div_ceil(8);
    row.checked_mul(int(b"H", b"Height")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_filtered_and_plain_inline_images_and_skips_strings() {
        let mut data = b"q (BI ID EI) Tj % BI in a comment\n".to_vec();
        data.extend_from_slice(b"BI /W 2 /H 1 /CS /RGB /BPC 8 ID ");
        // Unfiltered data that holds ` EI ` by chance: skipped by its length.
        data.extend_from_slice(b" EI \x01\x02");
        data.extend_from_slice(b"\nEI Q BI /W 40 /H 40 /CS /R7 /BPC 8 /F /Fl /DP << /Columns 40 >> ID ");
        data.extend_from_slice(b"x\x9c\x00EI\x01 binary\nEI\nBI/IM true/W 8/H 1 ID \xff EI");
        let d = dictionaries(&data);
        assert_eq!(d.len(), 3, "{d:?}");
        assert_eq!(d[0].get(b"CS").unwrap(), &Object::Name(b"RGB".to_vec()));
        assert_eq!(d[1].get(b"W").unwrap(), &Object::Integer(40));
        assert_eq!(d[1].get(b"CS").unwrap(), &Object::Name(b"R7".to_vec()));
        assert_eq!(d[2].get(b"IM").unwrap(), &Object::Boolean(true));
        assert!(dictionaries(b"BI /W 1").is_empty());
        assert!(dictionaries(b"").is_empty());
    }
}
