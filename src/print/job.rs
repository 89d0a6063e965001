//! One print job: Print-Job with the booklet's attributes, then Get-Job-Attributes until
//! the job is completed, canceled or aborted, and Cancel-Job when the person at the
//! keyboard stops it.

use super::printer::{QUERY_TIMEOUT, send};
use crate::diag::Diagnostic;
use ipp::prelude::*;
use std::time::Duration;

/// How long sending the document may take.
const SEND_TIMEOUT: Duration = Duration::from_secs(300);
/// Between two questions about the job's progress.
const POLL: Duration = Duration::from_millis(250);

/// What a job asks the printer for.
#[derive(Debug, Clone, PartialEq)]
pub struct JobSpec {
    /// `job-name`: the book's title (and which half of a manual duplex).
    pub name: String,
    /// `media`, a PWG keyword such as `iso_a4_210x297mm`.
    pub media: String,
    /// `sides`: `two-sided-short-edge` or `one-sided`.
    pub sides: &'static str,
    /// `copies`.
    pub copies: u32,
    /// Ask for `print-scaling = none` (only where the printer supports it).
    pub scaling_none: bool,
    /// `requesting-user-name`.
    pub user: String,
}

impl JobSpec {
    /// The job attributes, as sent (for `--dry-run` and the job itself).
    pub fn attributes(&self) -> Vec<(&'static str, String)> {
        let mut a = vec![
            ("job-name", self.name.clone()),
            ("requesting-user-name", self.user.clone()),
            ("document-format", "application/pdf".into()),
            ("ipp-attribute-fidelity", "true".into()),
            ("media", self.media.clone()),
            ("sides", self.sides.into()),
            ("copies", self.copies.to_string()),
        ];
        if self.scaling_none {
            a.push(("print-scaling", "none".into()));
        }
        a
    }
}

fn keyword(name: &str, value: &str) -> Result<IppAttribute, Diagnostic> {
    IppValue::new_keyword(value)
        .and_then(|v| IppAttribute::with_name(name, v))
        .map_err(|e| Diagnostic::error(format!("{name}: {e}")))
}

/// Sends `pdf` as one job (Print-Job) and returns its job id.
pub fn submit(uri: &Uri, spec: &JobSpec, pdf: Vec<u8>) -> Result<i32, Diagnostic> {
    let mut attributes = vec![
        keyword("media", &spec.media)?,
        keyword("sides", spec.sides)?,
        IppAttribute::with_name("copies", IppValue::Integer(spec.copies as i32))
            .map_err(|e| Diagnostic::error(e.to_string()))?,
    ];
    if spec.scaling_none {
        attributes.push(keyword("print-scaling", "none")?);
    }
    let op = IppOperationBuilder::print_job(uri.clone(), IppPayload::new(std::io::Cursor::new(pdf)))
        .user_name(&spec.user)
        .job_title(&spec.name)
        .document_format("application/pdf")
        .attributes(attributes)
        .build()
        .map_err(|e| Diagnostic::error(e.to_string()))?;
    let mut request: IppRequestResponse = op.into();
    // Print exactly this or refuse: no substituted paper, sides or scaling.
    request.attributes_mut().add(
        DelimiterTag::OperationAttributes,
        IppAttribute::with_name("ipp-attribute-fidelity", IppValue::Boolean(true))
            .map_err(|e| Diagnostic::error(e.to_string()))?,
    );
    let answer = send(uri, request, SEND_TIMEOUT)?;
    answer
        .attributes()
        .first_of(DelimiterTag::JobAttributes)
        .and_then(|g| g.get("job-id"))
        .and_then(|a| match a.value() {
            IppValue::Integer(id) => Some(*id),
            _ => None,
        })
        .ok_or_else(|| Diagnostic::error(format!("the printer at {uri} took the job but gave no job id")))
}

/// Where a job is, as the printer reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// `pending`, `processing`, `completed`, …
    pub state: &'static str,
    /// `job-state-reasons`, as words.
    pub reasons: Vec<String>,
    /// `job-media-sheets-completed`, when the printer says.
    pub sheets: Option<i32>,
}

impl Progress {
    /// Whether the job is over (completed, canceled or aborted).
    pub fn finished(&self) -> bool {
        matches!(self.state, "completed" | "canceled" | "aborted")
    }
}

/// `job-state-reasons` that say nothing the state does not.
const ROUTINE: &[&str] = &[
    "none",
    "job-incoming",
    "job-queued",
    "job-printing",
    "job-transforming",
    "job-completed-successfully",
    "job-data-insufficient",
    "processing-to-stop-point",
];

fn job_state(n: i32) -> &'static str {
    match n {
        3 => "pending",
        4 => "held",
        5 => "processing",
        6 => "stopped",
        7 => "canceled",
        8 => "aborted",
        9 => "completed",
        _ => "unknown",
    }
}

/// A `job-state-reasons` or `printer-state-reasons` keyword in words.
pub fn reason_words(keyword: &str) -> String {
    let k = keyword.trim_end_matches("-error").trim_end_matches("-warning").trim_end_matches("-report");
    let words = match k {
        "media-jam" => "paper jam",
        "media-empty" | "media-needed" => "out of paper",
        "toner-empty" | "marker-supply-empty" => "out of toner or ink",
        "cover-open" | "door-open" => "a cover or door is open",
        "job-canceled-by-user" => "canceled by the user",
        "job-canceled-by-operator" => "canceled at the printer",
        "job-canceled-at-device" => "canceled at the printer",
        "aborted-by-system" => "stopped by the printer",
        "document-format-error" => "the printer could not read the PDF",
        "document-unprintable-error" => "the printer could not print the PDF",
        "unsupported-document-format" => "the printer does not take this document format",
        "job-completed-with-errors" => "finished with errors",
        "job-completed-with-warnings" => "finished with warnings",
        "offline" | "shutdown" => "the printer is off line",
        "stopped" | "paused" => "the printer is paused",
        other => return other.replace('-', " "),
    };
    words.to_string()
}

/// Asks where job `id` is (Get-Job-Attributes).
pub fn progress(uri: &Uri, id: i32, user: &str) -> Result<Progress, Diagnostic> {
    let op = IppOperationBuilder::get_job_attributes(uri.clone(), id)
        .user_name(user)
        .build()
        .map_err(|e| Diagnostic::error(e.to_string()))?;
    let answer = send(uri, op, QUERY_TIMEOUT)?;
    let group = answer
        .attributes()
        .first_of(DelimiterTag::JobAttributes)
        .ok_or_else(|| Diagnostic::error(format!("the printer at {uri} said nothing about job {id}")))?;
    let int = |name: &str| match group.get(name).map(|a| a.value()) {
        Some(IppValue::Integer(n) | IppValue::Enum(n)) => Some(*n),
        _ => None,
    };
    let reasons = match group.get("job-state-reasons").map(|a| a.value()) {
        Some(IppValue::Array(v)) => v.iter().map(|r| r.to_string()).collect(),
        Some(v) => vec![v.to_string()],
        None => Vec::new(),
    };
    Ok(Progress {
        state: int("job-state").map(job_state).unwrap_or("unknown"),
        reasons: reasons.into_iter().filter(|r| !ROUTINE.contains(&r.as_str())).collect(),
        sheets: int("job-media-sheets-completed").or(int("job-impressions-completed")).filter(|&n| n > 0),
    })
}

/// Cancels job `id` (Cancel-Job).
pub fn cancel(uri: &Uri, id: i32, user: &str) -> Result<(), Diagnostic> {
    let op = IppOperationBuilder::cancel_job(uri.clone(), id)
        .user_name(user)
        .build()
        .map_err(|e| Diagnostic::error(e.to_string()))?;
    send(uri, op, QUERY_TIMEOUT).map(|_| ())
}

/// Follows job `id` until it ends, calling `report` with each new state. When `stop` says
/// so (Ctrl-C), the job is canceled. Ok when it completed; otherwise why not, in words.
pub fn follow(
    uri: &Uri,
    id: i32,
    user: &str,
    stop: &dyn Fn() -> bool,
    report: &mut dyn FnMut(&Progress),
) -> Result<Progress, Diagnostic> {
    let mut last = None;
    loop {
        if stop() {
            let canceled = cancel(uri, id, user);
            return Err(match canceled {
                Ok(()) => Diagnostic::error(format!("stopped: job {id} was canceled")),
                Err(e) => e.note(format!("stopped, but job {id} could not be canceled; cancel it at the printer")),
            });
        }
        let p = progress(uri, id, user)?;
        if last.as_ref() != Some(&p) {
            report(&p);
            last = Some(p.clone());
        }
        if p.finished() {
            return if p.state == "completed" {
                Ok(p)
            } else {
                let why: Vec<String> = p.reasons.iter().map(|r| reason_words(r)).collect();
                let why = if why.is_empty() { "the printer gave no reason".into() } else { why.join(", ") };
                Err(Diagnostic::error(format!("job {id} was {}: {why}", p.state)))
            };
        }
        std::thread::sleep(POLL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_as_words() {
        assert_eq!(reason_words("media-jam-error"), "paper jam");
        assert_eq!(reason_words("job-canceled-by-user"), "canceled by the user");
        assert_eq!(reason_words("something-new"), "something new");
    }

    #[test]
    fn attributes_carry_what_the_booklet_needs() {
        let spec = JobSpec {
            name: "Poems".into(),
            media: "iso_a4_210x297mm".into(),
            sides: "two-sided-short-edge",
            copies: 2,
            scaling_none: true,
            user: "poet".into(),
        };
        let a = spec.attributes();
        assert!(a.contains(&("sides", "two-sided-short-edge".into())));
        assert!(a.contains(&("print-scaling", "none".into())));
        let spec = JobSpec { scaling_none: false, ..spec };
        assert!(!spec.attributes().iter().any(|(k, _)| *k == "print-scaling"));
    }

    /// Paper the printer does not have, asked for past the checks: the job goes with
    /// `ipp-attribute-fidelity`, so a printer refuses it (naming what it will not do) rather
    /// than printing on something else, and the refusal reaches the poet in words. The
    /// printer here is one request answered on loopback as IPP Everywhere printers answer
    /// (tests/ipp.rs drives the whole command against CUPS's `ippeveprinter`).
    #[test]
    fn paper_the_printer_lacks_is_refused_not_substituted() {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("a loopback port");
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let printer = std::thread::spawn(move || {
            let mut request = server.recv().expect("one request");
            let mut body = Vec::new();
            std::io::Read::read_to_end(request.as_reader(), &mut body).unwrap();
            let asked = ipp::parser::IppParser::new(std::io::Cursor::new(body)).parse().expect("an IPP request");
            let fidelity = asked
                .attributes()
                .first_of(DelimiterTag::OperationAttributes)
                .and_then(|g| g.get("ipp-attribute-fidelity"))
                .map(|a| a.value().clone());
            let media = asked
                .attributes()
                .groups()
                .iter()
                .find_map(|g| g.get("media"))
                .expect("the job names its media")
                .clone();
            let header = asked.header();
            let mut answer = IppRequestResponse::new_response(
                header.version,
                StatusCode::ClientErrorAttributesOrValuesNotSupported,
                header.request_id,
            )
            .unwrap();
            answer.attributes_mut().add(DelimiterTag::UnsupportedAttributes, media);
            let content_type: tiny_http::Header = "Content-Type: application/ipp".parse().unwrap();
            request
                .respond(tiny_http::Response::from_data(answer.to_bytes().to_vec()).with_header(content_type))
                .unwrap();
            fidelity
        });
        let spec = JobSpec {
            name: "A3".into(),
            media: "iso_a3_297x420mm".into(),
            sides: "two-sided-short-edge",
            copies: 1,
            scaling_none: false,
            user: "test".into(),
        };
        let uri: Uri = format!("ipp://127.0.0.1:{port}/ipp/print").parse().unwrap();
        let e = submit(&uri, &spec, b"%PDF-1.7".to_vec()).unwrap_err();
        assert_eq!(printer.join().unwrap(), Some(IppValue::Boolean(true)), "the job insists on what it asks for");
        assert!(e.message.contains("said no"), "{}", e.message);
        assert!(e.notes.iter().any(|n| n.contains("does not support: media = iso_a3_297x420mm")), "{e:?}");
    }
}
