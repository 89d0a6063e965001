//! What a printer says it can do (Get-Printer-Attributes), read into plain data, and the
//! checks made before anything is sent: it takes PDF, it has the sheet's paper, and
//! whether it prints two-sided. Pure: the network is in [`super::printer`].

use crate::diag::Diagnostic;
use ipp::prelude::*;

/// The printer attributes chapbook asks for.
pub const REQUESTED: &[&str] = &[
    "printer-name",
    "printer-make-and-model",
    "printer-state",
    "printer-state-reasons",
    "document-format-supported",
    "media-supported",
    "media-ready",
    "media-default",
    "sides-supported",
    "print-scaling-supported",
    "copies-supported",
];

/// The answers of one printer, as far as printing a booklet needs them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Capabilities {
    pub name: String,
    pub model: String,
    /// `idle`, `processing` or `stopped`.
    pub state: String,
    pub state_reasons: Vec<String>,
    pub formats: Vec<String>,
    pub media: Vec<String>,
    /// Paper loaded now (empty when the printer does not say).
    pub media_ready: Vec<String>,
    pub media_default: Option<String>,
    pub sides: Vec<String>,
    pub scaling: Vec<String>,
    /// Highest `copies` value, when the printer says.
    pub max_copies: Option<i32>,
}

/// Every value of an attribute as text (one for a single value, each for a set).
fn texts(group: &IppAttributeGroup, name: &str) -> Vec<String> {
    match group.get(name).map(|a| a.value()) {
        None => Vec::new(),
        Some(IppValue::Array(values)) => values.iter().map(|v| v.to_string()).collect(),
        Some(v) => vec![v.to_string()],
    }
}

fn printer_state(v: Option<&IppAttribute>) -> String {
    match v.map(|a| a.value()) {
        Some(IppValue::Enum(3)) => "idle".into(),
        Some(IppValue::Enum(4)) => "processing".into(),
        Some(IppValue::Enum(5)) => "stopped".into(),
        Some(v) => v.to_string(),
        None => "unknown".into(),
    }
}

impl Capabilities {
    /// Reads the printer attributes group of a Get-Printer-Attributes (or CUPS-Get-Printers)
    /// answer.
    pub fn from_group(group: &IppAttributeGroup) -> Capabilities {
        let first = |name: &str| texts(group, name).into_iter().next();
        Capabilities {
            name: first("printer-name").unwrap_or_default(),
            model: first("printer-make-and-model").unwrap_or_default(),
            state: printer_state(group.get("printer-state")),
            state_reasons: texts(group, "printer-state-reasons").into_iter().filter(|r| r != "none").collect(),
            formats: texts(group, "document-format-supported"),
            media: texts(group, "media-supported"),
            media_ready: texts(group, "media-ready"),
            media_default: first("media-default"),
            sides: texts(group, "sides-supported"),
            scaling: texts(group, "print-scaling-supported"),
            max_copies: match group.get("copies-supported").map(|a| a.value()) {
                Some(IppValue::RangeOfInteger { max, .. }) => Some(*max),
                Some(IppValue::Integer(n)) => Some(*n),
                _ => None,
            },
        }
    }

    /// Whether the printer turns the paper itself for two-sided short-edge printing.
    pub fn short_edge_duplex(&self) -> bool {
        self.sides.iter().any(|s| s == "two-sided-short-edge")
    }

    /// Whether `print-scaling = none` can be asked for.
    pub fn scaling_none(&self) -> bool {
        self.scaling.iter().any(|s| s == "none")
    }
}

/// The media keyword for a sheet of `size` points (either orientation): the paper a
/// printer is asked for, from the paper registry (a PWG name, or PWG's custom-size form).
pub fn media_for(size: (f32, f32)) -> String {
    crate::paper::media_for(size)
}

/// A media keyword in words: `iso_a4_210x297mm` → `A4`; unknown names as they are.
pub fn media_words(keyword: &str) -> String {
    crate::paper::media_words(keyword)
}

/// Checks that the printer takes PDF on `media`, with `copies` copies. The error says
/// what the printer does take.
pub fn check(caps: &Capabilities, media: &str, copies: u32) -> Result<(), Diagnostic> {
    if !caps.formats.iter().any(|f| f == "application/pdf") {
        let takes =
            if caps.formats.is_empty() { "it does not say what it takes".into() } else { caps.formats.join(", ") };
        return Err(Diagnostic::error(format!("the printer does not accept PDF (it takes: {takes})"))
            .note("print through a CUPS queue for this printer instead (CUPS converts PDF): --printer QUEUE-NAME"));
    }
    if !caps.media.is_empty() && !caps.media.iter().any(|m| m == media) {
        let has: Vec<String> = caps.media.iter().map(|m| media_words(m)).collect();
        return Err(Diagnostic::error(format!(
            "the printer has no {} paper (it has: {})",
            media_words(media),
            has.join(", ")
        ))
        .note(match sheets_of(&caps.media).as_slice() {
            [] => "none of them is a sheet chapbook imposes on: print through a shop, or on a printer that takes one"
                .into(),
            names => format!("choose one of those with --sheet {}", names.join("|")),
        }));
    }
    if let Some(max) = caps.max_copies
        && copies as i64 > max as i64
    {
        return Err(Diagnostic::error(format!("the printer prints at most {max} copies in one job, not {copies}")));
    }
    Ok(())
}

/// The sheets chapbook imposes on among a printer's media keywords.
fn sheets_of(media: &[String]) -> Vec<&'static str> {
    media.iter().filter_map(|m| crate::paper::by_pwg(m)).filter(|p| p.is_sheet()).map(|p| p.name).collect()
}

/// A warning when the printer says which paper is loaded and the sheet's is not among it:
/// legal (a tray may be refilled), but probably not what the poet expects.
pub fn loaded(caps: &Capabilities, media: &str) -> Option<Diagnostic> {
    if caps.media_ready.is_empty() || caps.media_ready.iter().any(|m| m == media) {
        return None;
    }
    let has: Vec<String> = caps.media_ready.iter().map(|m| media_words(m)).collect();
    Some(
        Diagnostic::warning(format!(
            "the printer has no {} paper loaded (its trays hold: {})",
            media_words(media),
            has.join(", ")
        ))
        .note("load it before the job starts, or choose the loaded paper with --sheet"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office() -> Capabilities {
        Capabilities {
            formats: vec!["application/octet-stream".into(), "application/pdf".into()],
            media: vec!["na_letter_8.5x11in".into(), "iso_a4_210x297mm".into()],
            sides: vec!["one-sided".into(), "two-sided-long-edge".into(), "two-sided-short-edge".into()],
            max_copies: Some(999),
            ..Capabilities::default()
        }
    }

    #[test]
    fn sheets_map_to_pwg_media_in_either_orientation() {
        assert_eq!(media_for((841.89, 595.276)), "iso_a4_210x297mm");
        assert_eq!(media_for((612.0, 792.0)), "na_letter_8.5x11in");
        assert_eq!(media_for((1224.0, 792.0)), "na_ledger_11x17in");
        assert_eq!(media_for((720.0, 576.0)), "custom_203.2x254mm_203.2x254mm");
        // Every sheet --impose accepts can be asked of a printer.
        for (name, w, h) in crate::impose::sheet::listed() {
            let m = media_for((w, h));
            assert!(!m.starts_with("custom_"), "{name}: {m}");
            assert_eq!(crate::paper::by_pwg(&m).map(|p| p.name), Some(name));
        }
        assert_eq!(media_words("iso_a4_210x297mm"), "A4");
        assert_eq!(media_words("custom_x"), "custom_x");
    }

    #[test]
    fn a_pdf_printer_with_the_paper_passes() {
        assert_eq!(check(&office(), "iso_a4_210x297mm", 2), Ok(()));
        assert!(office().short_edge_duplex());
        assert!(!office().scaling_none());
    }

    #[test]
    fn a_raster_only_printer_is_refused_naming_what_it_takes() {
        let caps = Capabilities { formats: vec!["image/pwg-raster".into(), "image/urf".into()], ..office() };
        let e = check(&caps, "iso_a4_210x297mm", 1).unwrap_err();
        assert_eq!(&*e.message, "the printer does not accept PDF (it takes: image/pwg-raster, image/urf)");
        assert!(e.notes[0].contains("CUPS queue"));
    }

    #[test]
    fn missing_paper_lists_the_sizes_the_printer_has() {
        let e = check(&office(), "na_ledger_11x17in", 1).unwrap_err();
        assert_eq!(&*e.message, "the printer has no Tabloid (11 × 17 in) paper (it has: Letter, A4)");
        assert_eq!(e.notes[0], "choose one of those with --sheet letter|a4");
    }

    #[test]
    fn paper_not_loaded_is_a_warning() {
        let caps = Capabilities { media_ready: vec!["na_letter_8.5x11in".into()], ..office() };
        let w = loaded(&caps, "iso_a4_210x297mm").unwrap();
        assert!(!w.is_error());
        assert_eq!(&*w.message, "the printer has no A4 paper loaded (its trays hold: Letter)");
        assert_eq!(loaded(&caps, "na_letter_8.5x11in"), None);
        assert_eq!(loaded(&office(), "iso_a4_210x297mm"), None);
    }

    #[test]
    fn too_many_copies_are_refused() {
        let caps = Capabilities { max_copies: Some(1), ..office() };
        assert!(check(&caps, "iso_a4_210x297mm", 2).unwrap_err().message.contains("at most 1 copies"));
    }
}
