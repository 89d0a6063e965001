//! Finding the printer and talking to it: `--printer` as an `ipp://` URI or a CUPS queue
//! name, CUPS's default destination when it is left out, the list of CUPS queues, and one
//! [`send`] that turns every network failure into a sentence naming what was tried.

use super::attributes::{Capabilities, REQUESTED};
use crate::diag::Diagnostic;
use ipp::prelude::*;
use std::time::Duration;

/// How long a question to a printer may take (connecting included).
pub const QUERY_TIMEOUT: Duration = Duration::from_secs(10);

/// The printer to use and how it was found ("--printer", "CUPS default").
#[derive(Debug, Clone)]
pub struct Target {
    pub uri: Uri,
    pub found: String,
}

/// The CUPS server as `host:port`: `CUPS_SERVER` (without a `/version=` suffix) or
/// `localhost:631`.
pub fn cups_server() -> Result<String, Diagnostic> {
    let server = std::env::var("CUPS_SERVER").ok().filter(|s| !s.trim().is_empty());
    let Some(server) = server else { return Ok("localhost:631".into()) };
    let server = server.trim().split("/version=").next().unwrap_or_default().to_string();
    if server.starts_with('/') {
        return Err(Diagnostic::error(format!("CUPS_SERVER={server} is a local socket, which chapbook cannot use"))
            .note("set CUPS_SERVER=localhost:631 (host:port), or pass --printer ipp://HOST:PORT/PATH"));
    }
    Ok(if server.contains(':') { server } else { format!("{server}:631") })
}

fn parse_uri(s: &str) -> Result<Uri, Diagnostic> {
    let uri: Uri = s.parse().map_err(|e| Diagnostic::error(format!("--printer `{s}` is not a URI: {e}")))?;
    match uri.scheme_str() {
        Some("ipp") if uri.host().is_some() => Ok(uri),
        Some("ipps") => Err(Diagnostic::error(format!("--printer `{s}`: ipps:// (IPP over TLS) is not built in"))
            .note("use the printer's ipp:// address, or add the printer to CUPS and pass the queue name")),
        _ => Err(Diagnostic::error(format!("--printer `{s}` is not an ipp:// address"))
            .note("write ipp://HOST:PORT/PATH (e.g. ipp://192.168.1.20/ipp/print) or a CUPS queue name")),
    }
}

/// The URI of CUPS queue `name`.
fn queue_uri(server: &str, name: &str) -> Result<Uri, Diagnostic> {
    if name.is_empty() || name.contains(['/', '#', '?', ' ']) {
        return Err(Diagnostic::error(format!("`{name}` is neither an ipp:// address nor a CUPS queue name"))
            .note("`chapbook print --list` shows the queues"));
    }
    parse_uri(&format!("ipp://{server}/printers/{name}"))
}

/// The printer `--printer` names (a URI or a CUPS queue), or CUPS's default destination.
pub fn resolve(printer: Option<&str>) -> Result<Target, Diagnostic> {
    match printer.map(str::trim) {
        Some(p) if p.contains("://") => Ok(Target { uri: parse_uri(p)?, found: "--printer".into() }),
        Some(name) => {
            let server = cups_server()?;
            Ok(Target { uri: queue_uri(&server, name)?, found: format!("CUPS queue on {server}") })
        }
        None => {
            let server = cups_server()?;
            let cups = parse_uri(&format!("ipp://{server}/"))?;
            let request = IppRequestResponse::new(IppVersion::v1_1(), Operation::CupsGetDefault, None)
                .map_err(|e| Diagnostic::error(e.to_string()))?;
            let answer = send(&cups, request, QUERY_TIMEOUT).map_err(|d| {
                let why = d.message.rsplit(": ").next().unwrap_or_default().to_string();
                Diagnostic::error(format!("no --printer given, and CUPS at {server} does not answer: {why}"))
                    .note("pass --printer ipp://HOST/PATH, or start CUPS (or set CUPS_SERVER=HOST:PORT)")
            })?;
            let name = answer
                .attributes()
                .first_of(DelimiterTag::PrinterAttributes)
                .and_then(|g| g.get("printer-name"))
                .map(|a| a.value().to_string())
                .ok_or_else(|| {
                    Diagnostic::error(format!("CUPS at {server} has no default printer"))
                        .note("pass --printer NAME (see `chapbook print --list`) or --printer ipp://HOST/PATH")
                })?;
            Ok(Target { uri: queue_uri(&server, &name)?, found: format!("CUPS default on {server}") })
        }
    }
}

/// An I/O error as a sentence: `io: Connection refused (os error 111)` → `connection refused`.
fn plain(e: &str) -> String {
    let e = e.strip_prefix("io: ").unwrap_or(e);
    let e = e.split(" (os error").next().unwrap_or(e);
    let mut c = e.chars();
    c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
}

/// An IPP status in words: `ClientErrorNotFound` → `not found`.
fn status_words(status: StatusCode) -> String {
    let name = format!("{status:?}");
    let name = ["ClientError", "ServerError", "Successful"].iter().fold(name, |n, p| n.replacen(p, "", 1));
    let mut words = String::new();
    for c in name.chars() {
        if c.is_uppercase() && !words.is_empty() {
            words.push(' ');
        }
        words.extend(c.to_lowercase());
    }
    words
}

/// Sends one request and returns the printer's answer when it says yes; otherwise an error
/// naming the address and what went wrong.
pub fn send(
    uri: &Uri,
    request: impl Into<IppRequestResponse>,
    timeout: Duration,
) -> Result<IppRequestResponse, Diagnostic> {
    let client = IppClient::builder(uri.clone()).request_timeout(timeout).build();
    let answer = client.send(request).map_err(|e| {
        let why = match &e {
            IppError::RequestError(404) => "no printer at that path (HTTP 404)".to_string(),
            IppError::RequestError(code) => format!("it answered HTTP {code}"),
            e => plain(&e.to_string()),
        };
        Diagnostic::error(format!("cannot reach the printer at {uri}: {why}"))
            .note("check that the printer is on and the address is right; `chapbook print --list` shows CUPS's queues")
    })?;
    let status = answer.header().status_code();
    if !status.is_success() {
        let message = answer
            .attributes()
            .first_of(DelimiterTag::OperationAttributes)
            .and_then(|g| g.get("status-message"))
            .map(|a| format!(": {}", a.value()))
            .unwrap_or_default();
        let mut d = Diagnostic::error(format!("the printer at {uri} said no ({}{message})", status_words(status)));
        // With `ipp-attribute-fidelity`, a printer names what it will not do rather than
        // doing something else.
        let unsupported: Vec<String> = answer
            .attributes()
            .groups_of(DelimiterTag::UnsupportedAttributes)
            .flat_map(|g| g.attributes().iter().map(|a| format!("{} = {}", a.name(), a.value())))
            .collect();
        if !unsupported.is_empty() {
            d = d.note(format!("it does not support: {}", unsupported.join(", ")));
        }
        if status == StatusCode::ClientErrorNotFound {
            d = d.note("`chapbook print --list` shows the CUPS queues");
        }
        return Err(d);
    }
    Ok(answer)
}

/// The `requested-attributes` operation attribute.
fn requested(names: &[&str]) -> Result<IppAttribute, Diagnostic> {
    let keywords = names.iter().filter_map(|n| IppValue::new_keyword(*n).ok()).collect();
    IppAttribute::with_name(IppAttribute::REQUESTED_ATTRIBUTES, IppValue::Array(keywords))
        .map_err(|e| Diagnostic::error(e.to_string()))
}

/// Asks the printer what it can do (Get-Printer-Attributes).
pub fn capabilities(target: &Target) -> Result<Capabilities, Diagnostic> {
    let op = IppOperationBuilder::get_printer_attributes(target.uri.clone())
        .attributes(REQUESTED.iter().copied())
        .build()
        .map_err(|e| Diagnostic::error(e.to_string()))?;
    let answer = send(&target.uri, op, QUERY_TIMEOUT)?;
    let group = answer
        .attributes()
        .first_of(DelimiterTag::PrinterAttributes)
        .ok_or_else(|| Diagnostic::error(format!("the printer at {} did not describe itself", target.uri)))?;
    Ok(Capabilities::from_group(group))
}

/// One CUPS queue, for `chapbook print --list`.
#[derive(Debug, Clone)]
pub struct Queue {
    pub name: String,
    pub caps: Capabilities,
    pub is_default: bool,
}

/// `chapbook print --list`: the CUPS server's queues, one a line, with state, duplex and
/// model, the default marked.
pub fn list() -> Result<String, Diagnostic> {
    let (server, queues) = queues()?;
    let mut s = format!("CUPS at {server}: {} queue{}\n", queues.len(), if queues.len() == 1 { "" } else { "s" });
    for q in queues {
        let duplex = if q.caps.short_edge_duplex() { "two-sided" } else { "one-sided" };
        let default = if q.is_default { " (default)" } else { "" };
        s += &format!("  {}{default}: {}, {duplex}, {}\n", q.name, q.caps.state, q.caps.model);
    }
    Ok(s)
}

/// The queues of the CUPS server (CUPS-Get-Printers), the default one marked.
pub fn queues() -> Result<(String, Vec<Queue>), Diagnostic> {
    let server = cups_server()?;
    let cups = parse_uri(&format!("ipp://{server}/"))?;
    let mut request = IppRequestResponse::new(IppVersion::v1_1(), Operation::CupsGetPrinters, None)
        .map_err(|e| Diagnostic::error(e.to_string()))?;
    request.attributes_mut().add(DelimiterTag::OperationAttributes, requested(REQUESTED)?);
    let answer = send(&cups, request, QUERY_TIMEOUT).map_err(|d| d.note(format!("asked CUPS at {server}")))?;
    let default = IppRequestResponse::new(IppVersion::v1_1(), Operation::CupsGetDefault, None)
        .ok()
        .and_then(|r| send(&cups, r, QUERY_TIMEOUT).ok())
        .and_then(|a| {
            let g = a.attributes().first_of(DelimiterTag::PrinterAttributes)?;
            Some(g.get("printer-name")?.value().to_string())
        });
    let queues = answer
        .attributes()
        .groups_of(DelimiterTag::PrinterAttributes)
        .map(Capabilities::from_group)
        .map(|caps| Queue { is_default: Some(&caps.name) == default.as_ref(), name: caps.name.clone(), caps })
        .collect();
    Ok((server, queues))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_as_words() {
        assert_eq!(
            status_words(StatusCode::ClientErrorAttributesOrValuesNotSupported),
            "attributes or values not supported"
        );
        assert_eq!(status_words(StatusCode::ServerErrorBusy), "busy");
    }

    #[test]
    fn io_errors_read_as_words() {
        assert_eq!(plain("io: Connection refused (os error 111)"), "connection refused");
        assert_eq!(plain("timeout: global"), "timeout: global");
    }

    #[test]
    fn uris_and_queue_names() {
        let t = resolve(Some("ipp://127.0.0.1:8631/ipp/print")).unwrap();
        assert_eq!(t.uri.to_string(), "ipp://127.0.0.1:8631/ipp/print");
        let e = resolve(Some("http://example/printer")).unwrap_err();
        assert!(e.message.contains("not an ipp:// address"), "{}", e.message);
        assert!(resolve(Some("ipps://printer/ipp/print")).unwrap_err().message.contains("TLS"));
        assert!(resolve(Some("a/b")).unwrap_err().message.contains("neither"));
        // A queue name goes to the CUPS server (CUPS_SERVER is not set by the tests).
        if std::env::var_os("CUPS_SERVER").is_none() {
            let t = resolve(Some("Office")).unwrap();
            assert_eq!(t.uri.to_string(), "ipp://localhost:631/printers/Office");
        }
    }
}
