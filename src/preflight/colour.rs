//! What a colour space can paint, for the colour rules: its family name; whether it paints
//! RGB (DeviceRGB, CalRGB, an ICCBased space of 3 components, or any of these as the base
//! of an Indexed or Pattern space or the alternate of a Separation or DeviceN); whether it
//! is CIE L\*a\*b\*; the spot colorants it names (Separation and DeviceN names other than
//! the four process inks, `All` and `None`); and whether it can lay down cyan, magenta or
//! yellow, which a black-and-white interior cannot print. ICCBased spaces are judged by
//! their number of components (`/N`: 1 gray, 3 RGB, 4 CMYK) and, failing that, their
//! `/Alternate`. [`Findings`] gathers what the pages use and words the problems.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Document, Object};

use super::{Problem, Rules, as_dict, get_dict, pages_phrase, problem, resolve, warning};

/// One colour space, classified.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Space {
    /// `DeviceGray`, `ICCBased`, `Separation` … (`Indexed` for `I`).
    pub family: String,
    /// How it paints RGB, when it does (`DeviceRGB`, `Indexed on CalRGB` …).
    pub rgb: Option<String>,
    /// It is, or rests on, CIE L\*a\*b\*.
    pub lab: bool,
    /// Spot colorants it names.
    pub spots: Vec<String>,
    /// Its components are C, M, Y, K (DeviceCMYK, a 4-component ICCBased space): whether
    /// it paints colour depends on the values.
    pub cmyk: bool,
    /// It can only paint colour other than gray or black (RGB, Lab, a cyan plate …), or it
    /// is an image or shading space that mixes C, M and Y (`cmyk` spaces are judged by
    /// their values where there are any).
    pub colour: bool,
}

/// The four process inks, which are not spot colours.
const PROCESS: [&[u8]; 4] = [b"Cyan", b"Magenta", b"Yellow", b"Black"];

/// Classify `cs` (a name, possibly of a resource in `res`, or an array).
pub fn classify(doc: &Document, cs: &Object, res: Option<&Dictionary>, depth: usize) -> Space {
    let cs = resolve(doc, cs);
    if depth > 8 {
        return Space { family: "(nested too deeply)".into(), ..Space::default() };
    }
    let named = |family: &str| Space { family: family.into(), ..Space::default() };
    match cs {
        Object::Name(n) => match n.as_slice() {
            b"DeviceGray" | b"G" => named("DeviceGray"),
            b"DeviceCMYK" | b"CMYK" => Space { cmyk: true, ..named("DeviceCMYK") },
            b"DeviceRGB" | b"RGB" => Space { rgb: Some("DeviceRGB".into()), colour: true, ..named("DeviceRGB") },
            b"Pattern" => named("Pattern"),
            other => {
                let def = res.and_then(|r| get_dict(doc, r, b"ColorSpace")).and_then(|d| d.get(other).ok());
                match def {
                    Some(def) => classify(doc, def, res, depth + 1),
                    None => named(&String::from_utf8_lossy(other)),
                }
            }
        },
        Object::Array(a) => array(doc, a, res, depth),
        _ => named("(unknown)"),
    }
}

fn array(doc: &Document, a: &[Object], res: Option<&Dictionary>, depth: usize) -> Space {
    let family = match a.first().map(|o| resolve(doc, o)) {
        Some(Object::Name(n)) if n == b"I" => "Indexed".to_string(),
        Some(Object::Name(n)) => String::from_utf8_lossy(n).into_owned(),
        _ => return Space { family: "(unknown)".into(), ..Space::default() },
    };
    let inner = |i: usize| a.get(i).map(|o| classify(doc, o, res, depth + 1)).unwrap_or_default();
    let mut s = Space { family: family.clone(), ..Space::default() };
    match family.as_str() {
        "CalRGB" => {
            s.rgb = Some("CalRGB".into());
            s.colour = true;
        }
        "Lab" => {
            s.lab = true;
            s.colour = true;
        }
        "ICCBased" => {
            let stream = a.get(1).map(|o| resolve(doc, o)).and_then(as_dict);
            let n = stream.and_then(|d| d.get(b"N").ok()).and_then(|n| super::number(doc, n));
            match n {
                Some(1.0) => {}
                Some(3.0) => {
                    s.rgb = Some("ICCBased (3 components)".into());
                    s.colour = true;
                }
                Some(4.0) => s.cmyk = true,
                _ => {
                    if let Some(alt) = stream.and_then(|d| d.get(b"Alternate").ok()) {
                        let base = classify(doc, alt, res, depth + 1);
                        s = Space { family, ..base };
                    }
                }
            }
        }
        "Indexed" | "Pattern" => {
            let base = inner(1);
            s = Space { family, rgb: base.rgb.map(|v| format!("{} on {v}", s.family)), ..base };
            // An indexed CMYK image can hold any colour: count it as colour, like a CMYK image.
            if s.cmyk {
                s.colour = true;
            }
        }
        "Separation" | "DeviceN" => {
            let names: Vec<&[u8]> = match a.get(1).map(|o| resolve(doc, o)) {
                Some(Object::Name(n)) => vec![n.as_slice()],
                Some(Object::Array(v)) => v
                    .iter()
                    .filter_map(|o| match resolve(doc, o) {
                        Object::Name(n) => Some(n.as_slice()),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let alternate = inner(2);
            s.rgb = alternate.rgb.map(|v| format!("{family} with {v} alternate"));
            s.spots = names
                .iter()
                .filter(|n| !PROCESS.contains(n) && **n != b"All" && **n != b"None")
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .collect();
            s.colour = names.iter().any(|n| PROCESS[..3].contains(n)) || !s.spots.is_empty();
        }
        _ => {}
    }
    s
}

/// Colour a print rule may object to, beyond RGB (which `content` reports itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Found {
    Lab,
    Spot,
    /// Cyan, magenta or yellow: only a problem for a black-and-white service.
    Colour,
}

/// Lab, spot and process colour met while walking the pages: (kind, what) → pages.
#[derive(Default)]
pub struct Findings(BTreeMap<(Found, String), BTreeSet<usize>>);

impl Findings {
    pub fn note(&mut self, page: usize, kind: Found, what: String) {
        self.0.entry((kind, what)).or_default().insert(page);
    }

    /// A colour space set or used on `page` (`what` words how: `colour space`, `image in`).
    pub fn space(&mut self, page: usize, space: &Space, what: &str) {
        if space.lab {
            self.note(page, Found::Lab, format!("{what} {}", space.family));
        }
        for spot in &space.spots {
            self.note(page, Found::Spot, format!("spot colour \"{spot}\" ({})", space.family));
        }
        if space.colour && space.rgb.is_none() && !space.lab && space.spots.is_empty() {
            self.note(page, Found::Colour, format!("{what} {}", space.family));
        }
    }

    /// CMYK values set (`k`, `scn` …): any cyan, magenta or yellow is colour.
    pub fn cmyk_values(&mut self, page: usize, nums: &[f32], fill: bool) {
        if nums.len() == 4 && nums[..3].iter().any(|&v| v > 0.0) {
            let what = if fill { "the fill colour" } else { "the stroke colour" };
            let v: Vec<String> = nums.iter().map(|v| format!("{}", (v * 100.0).round() / 100.0)).collect();
            self.note(page, Found::Colour, format!("{what} {} (CMYK)", v.join(" ")));
        }
    }

    /// Lab is an error; a spot colour an error for a black-and-white service and a
    /// warning otherwise; cyan, magenta or yellow an error for a black-and-white service
    /// (its interiors: the same service prints covers in colour).
    pub fn report(&self, rules: &Rules, problems: &mut Vec<Problem>) {
        let bw = rules.target.filter(|t| t.black_and_white && !rules.cover).map(|t| t.name);
        for ((kind, what), pages) in &self.0 {
            let on = pages_phrase(pages);
            match (kind, bw) {
                (Found::Lab, _) => problems.push(problem(
                    "lab",
                    format!("{what} on {on} is CIE L*a*b* colour; a press prints device colour: convert it to CMYK or gray"),
                )),
                (Found::Spot, Some(name)) => problems.push(problem(
                    "spot-colour",
                    format!("{name} prints black and white only, but {what} is used on {on}: convert it to gray"),
                )),
                (Found::Spot, None) => problems.push(warning(
                    "spot-colour",
                    format!(
                        "{what} on {on} prints on a plate of its own: make sure the printer expects it, or convert it to CMYK"
                    ),
                )),
                (Found::Colour, Some(name)) => problems.push(problem(
                    "colour-in-black-and-white",
                    format!("{name} prints black and white only, but {what} on {on} is in colour: convert it to gray (K only)"),
                )),
                (Found::Colour, None) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Stream, dictionary};

    fn arr(v: Vec<Object>) -> Object {
        Object::Array(v)
    }

    fn name(n: &str) -> Object {
        Object::Name(n.as_bytes().to_vec())
    }

    #[test]
    fn families_and_what_they_paint() {
        let mut doc = Document::new();
        let cmyk_profile = doc.add_object(Stream::new(dictionary! { "N" => 4 }, vec![]));
        let unsized_profile = doc.add_object(Stream::new(dictionary! { "Alternate" => "DeviceRGB" }, vec![]));
        let c = |o: Object| classify(&doc, &o, None, 0);
        assert_eq!(c(name("G")), Space { family: "DeviceGray".into(), ..Space::default() });
        assert!(c(name("DeviceCMYK")).cmyk && !c(name("DeviceCMYK")).colour);
        let icc4 = c(arr(vec![name("ICCBased"), Object::Reference(cmyk_profile)]));
        assert!(icc4.cmyk && icc4.rgb.is_none(), "{icc4:?}");
        let by_alternate = c(arr(vec![name("ICCBased"), Object::Reference(unsized_profile)]));
        assert_eq!((by_alternate.family.as_str(), by_alternate.rgb.is_some()), ("ICCBased", true));
        let lab = c(arr(vec![name("Lab"), Object::Dictionary(dictionary! {})]));
        assert!(lab.lab && lab.colour);
        let spot = c(arr(vec![name("Separation"), name("PANTONE#20185#20C"), name("DeviceCMYK"), Object::Null]));
        assert_eq!(spot.spots, ["PANTONE#20185#20C"]);
        let black = c(arr(vec![name("Separation"), name("Black"), name("DeviceCMYK"), Object::Null]));
        assert!(black.spots.is_empty() && !black.colour);
        let cyan = c(arr(vec![name("Separation"), name("Cyan"), name("DeviceRGB"), Object::Null]));
        assert!(cyan.spots.is_empty() && cyan.colour && cyan.rgb.is_some());
        let n = c(arr(vec![name("DeviceN"), arr(vec![name("Gold"), name("Black")]), name("DeviceCMYK"), Object::Null]));
        assert_eq!(n.spots, ["Gold"]);
        let indexed = c(arr(vec![name("I"), name("RGB"), Object::Integer(1), Object::Null]));
        assert_eq!((indexed.family.as_str(), indexed.rgb.as_deref()), ("Indexed", Some("Indexed on DeviceRGB")));
    }
}
