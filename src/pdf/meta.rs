//! Document-level metadata: the Info dictionary (with the PDF/X keys), dates, the
//! outline (bookmarks), page labels and the PDF/X output intent.

use pdf_writer::types::{NumberingStyle, OutputIntentSubtype, TrappingStatus};
use pdf_writer::{Chunk, Date, Finish, Name, Pdf, Ref, TextStr};

use super::{Options, RefAlloc};
use crate::display::{Document, LabelRange, LabelStyle, OutlineEntry};

/// Unix seconds → a UTC PDF date (`D:YYYYMMDDHHmmSSZ`). Pure arithmetic, no clock.
pub fn date(unix: i64) -> Date {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    Date::new(y.clamp(0, 9999) as u16)
        .month(m as u8)
        .day(d as u8)
        .hour((secs / 3600) as u8)
        .minute((secs / 60 % 60) as u8)
        .second((secs % 60) as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 → (year, month, day).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Write the Info dictionary (registered in the trailer).
pub fn info(pdf: &mut Pdf, id: Ref, doc: &Document, opts: &Options) {
    let m = &doc.meta;
    let mut info = pdf.document_info(id);
    info.title(TextStr(&m.title));
    if let Some(a) = &m.author {
        info.author(TextStr(a));
    }
    if let Some(s) = &m.subject {
        info.subject(TextStr(s));
    }
    if let Some(k) = &m.keywords {
        info.keywords(TextStr(k));
    }
    info.creator(TextStr("chapbook"));
    info.producer(TextStr(&opts.producer));
    if let Some(t) = opts.creation_date {
        info.creation_date(date(t));
        info.modified_date(date(t));
    }
    if opts.pdfx.is_some() {
        info.trapped(TrappingStatus::NotTrapped);
        info.pair(Name(b"GTS_PDFXVersion"), TextStr("PDF/X-1:2001"));
        info.pair(Name(b"GTS_PDFXConformance"), TextStr("PDF/X-1a:2001"));
    }
    info.finish();
}

/// The XMP metadata of a tagged file: the Info dictionary's title, author, subject,
/// keywords, producer and dates said again (readers and validators compare them), the
/// language, `pdfuaid:part 1` and, for PDF/X, its version and conformance.
pub fn xmp(doc: &Document, opts: &Options) -> String {
    let m = &doc.meta;
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let lang = m.language.as_deref().unwrap_or("x-default");
    let mut x = String::from(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n",
    );
    x.push_str("<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\" xmlns:pdfx=\"http://ns.adobe.com/pdfx/1.3/\">\n");
    x.push_str(&format!(
        "<dc:format>application/pdf</dc:format>\n<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
        esc(&m.title)
    ));
    if let Some(a) = &m.author {
        x.push_str(&format!("<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n", esc(a)));
    }
    if let Some(s) = &m.subject {
        x.push_str(&format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            esc(s)
        ));
    }
    x.push_str(&format!("<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n", esc(lang)));
    if let Some(k) = &m.keywords {
        x.push_str(&format!("<pdf:Keywords>{}</pdf:Keywords>\n", esc(k)));
    }
    x.push_str(&format!(
        "<pdf:Producer>{}</pdf:Producer>\n<xmp:CreatorTool>chapbook</xmp:CreatorTool>\n",
        esc(&opts.producer)
    ));
    if let Some(t) = opts.creation_date {
        let (y, mo, d) = civil_from_days(t.div_euclid(86_400));
        let s = t.rem_euclid(86_400);
        let when = format!("{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60);
        x.push_str(&format!("<xmp:CreateDate>{when}</xmp:CreateDate>\n<xmp:ModifyDate>{when}</xmp:ModifyDate>\n"));
    }
    if opts.pdfx.is_some() {
        x.push_str("<pdfx:GTS_PDFXVersion>PDF/X-1:2001</pdfx:GTS_PDFXVersion>\n<pdfx:GTS_PDFXConformance>PDF/X-1a:2001</pdfx:GTS_PDFXConformance>\n");
        x.push_str("<pdf:Trapped>False</pdf:Trapped>\n");
    }
    x.push_str("<pdfuaid:part>1</pdfuaid:part>\n</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    x
}

/// Write the outline items into `chunk`; returns the Outlines dictionary's ref, if any.
/// Entries are flat (one level), each opening its page at the top-left of the sheet.
pub fn outline(
    chunk: &mut Chunk,
    entries: &[OutlineEntry],
    pages: &[Ref],
    media_height: f32,
    refs: &mut RefAlloc,
) -> Option<Ref> {
    let entries: Vec<&OutlineEntry> = entries.iter().filter(|e| e.page < pages.len()).collect();
    if entries.is_empty() {
        return None;
    }
    let root = refs.next();
    let items: Vec<Ref> = entries.iter().map(|_| refs.next()).collect();
    chunk.outline(root).first(items[0]).last(*items.last().unwrap()).count(items.len() as i32);
    for (i, e) in entries.iter().enumerate() {
        let mut item = chunk.outline_item(items[i]);
        item.title(TextStr(&e.title)).parent(root);
        if i > 0 {
            item.prev(items[i - 1]);
        }
        if i + 1 < items.len() {
            item.next(items[i + 1]);
        }
        item.dest().page(pages[e.page]).xyz(0.0, media_height, None);
        item.finish();
    }
    Some(root)
}

/// Write `/PageLabels` into the catalog (inline number tree). A range at page 0 is added
/// (plain arabic from 1, what viewers assume anyway) when the document has none, since
/// the tree must cover the first page.
pub fn page_labels(catalog: &mut pdf_writer::writers::Catalog, labels: &[LabelRange], pages: usize) {
    let mut ranges: Vec<&LabelRange> = labels.iter().filter(|l| l.start_page < pages).collect();
    if ranges.is_empty() {
        return;
    }
    ranges.sort_by_key(|l| l.start_page);
    ranges.dedup_by_key(|l| l.start_page);
    let default = LabelRange { start_page: 0, style: LabelStyle::Arabic, first_number: 1 };
    if ranges[0].start_page != 0 {
        ranges.insert(0, &default);
    }
    let mut tree = catalog.insert(Name(b"PageLabels")).dict();
    let mut nums = tree.insert(Name(b"Nums")).array();
    for r in ranges {
        nums.item(r.start_page as i32);
        let mut d = nums.push().dict();
        d.pair(Name(b"Type"), Name(b"PageLabel"));
        let style = match r.style {
            LabelStyle::None => None,
            LabelStyle::Word(w) => {
                d.pair(Name(b"P"), TextStr(w));
                None
            }
            LabelStyle::Arabic => Some(NumberingStyle::Arabic),
            LabelStyle::LowerRoman => Some(NumberingStyle::LowerRoman),
        };
        if let Some(s) = style {
            d.pair(Name(b"S"), style_name(s));
            if r.first_number != 1 {
                d.pair(Name(b"St"), r.first_number.max(1) as i32);
            }
        }
    }
}

/// `/PageLabels` of an imposed file: each side labelled with its own text (a prefix and
/// no numbering style), e.g. `8|1`.
pub fn sheet_labels(catalog: &mut pdf_writer::writers::Catalog, labels: &[String]) {
    if labels.is_empty() {
        return;
    }
    let mut tree = catalog.insert(Name(b"PageLabels")).dict();
    let mut nums = tree.insert(Name(b"Nums")).array();
    for (i, l) in labels.iter().enumerate() {
        nums.item(i as i32);
        let mut d = nums.push().dict();
        d.pair(Name(b"Type"), Name(b"PageLabel"));
        d.pair(Name(b"P"), TextStr(l));
    }
}

fn style_name(s: NumberingStyle) -> Name<'static> {
    match s {
        NumberingStyle::Arabic => Name(b"D"),
        NumberingStyle::LowerRoman => Name(b"r"),
        NumberingStyle::UpperRoman => Name(b"R"),
        NumberingStyle::LowerAlpha => Name(b"a"),
        NumberingStyle::UpperAlpha => Name(b"A"),
    }
}

/// The single PDF/X output intent in the catalog.
pub fn output_intent(catalog: &mut pdf_writer::writers::Catalog, x: &super::PdfX, profile: Option<Ref>) {
    let mut intents = catalog.output_intents();
    let mut oi = intents.push();
    oi.subtype(OutputIntentSubtype::PDFX)
        .output_condition_identifier(TextStr(&x.output_condition_identifier))
        .info(TextStr(x.output_condition.as_deref().unwrap_or(&x.output_condition_identifier)));
    if !x.registry_name.is_empty() {
        oi.registry_name(TextStr(&x.registry_name));
    }
    if let Some(c) = &x.output_condition {
        oi.output_condition(TextStr(c));
    }
    if let Some(r) = profile {
        oi.dest_output_profile(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        // 2024-02-29 is day 19782.
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
