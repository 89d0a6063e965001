//! `chapbook serve`: the book live in the browser. A small HTTP server (`tiny_http`) on
//! 127.0.0.1 serves one static page (HTML, CSS and script compiled into the binary), the
//! book as JSON (every size's pages as SVG from the [`svg`](crate::svg) backend, warnings,
//! diagnostics) and a stream of server-sent events. The [`watch`](crate::watch) machinery
//! rebuilds every size after each save and the event tells open tabs to fetch the new
//! pages; a failed build keeps the last good pages and sends its diagnostics.
//!
//! Safety: the server answers only its own fixed routes (no path from a request ever
//! reaches the file system), accepts connections from the loopback address only unless
//! `--host` asks for another interface, and refuses requests whose `Host` header is not
//! the address it serves (so a web page elsewhere cannot reach it through DNS rebinding).

pub(crate) mod book;
pub(crate) mod spans;

pub use spans::refine as refine_spans;

use book::SizeView;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, Server};

const INDEX_HTML: &str = include_str!("page/index.html");
const APP_JS: &str = include_str!("page/app.js");
const APP_CSS: &str = include_str!("page/app.css");

/// What `chapbook serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The project folder.
    pub project: PathBuf,
    /// The interface to listen on; 127.0.0.1 unless the user says otherwise.
    pub host: IpAddr,
    /// 0: any free port.
    pub port: u16,
    /// Sizes to build besides the book's own (`a6`, `6x9in`); the book's size comes first.
    pub sizes: Vec<String>,
}

/// The default extra sizes, shown beside the book's own.
pub const DEFAULT_SIZES: [&str; 2] = ["a6", "6x9in"];

/// The book as last built, with a generation number that grows with every build.
struct State {
    generation: u64,
    json: Arc<String>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

/// A running server: its address, and the handle to stop it.
pub struct Running {
    /// The address it listens on.
    pub addr: SocketAddr,
    // Read by `stop`, which only the tests call: the command serves until Ctrl-C.
    #[cfg_attr(not(test), allow(dead_code))]
    server: Arc<Server>,
    #[cfg_attr(not(test), allow(dead_code))]
    stop: Arc<std::sync::atomic::AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Running {
    /// The address as a URL to open.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Serves until the process ends.
    pub fn wait(mut self) {
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }

    /// Stops the watcher and the server.
    #[cfg(test)]
    pub fn stop(mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        self.server.unblock();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

/// Builds every size once, starts watching and serving, and returns at once.
pub fn start(opts: &ServeOptions) -> Result<Running, String> {
    let server = Server::http(SocketAddr::new(opts.host, opts.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", opts.host, opts.port))?;
    let addr = server.server_addr().to_ip().ok_or("the server has no IP address")?;
    let server = Arc::new(server);
    let shared = Arc::new(Shared {
        state: Mutex::new(State { generation: 0, json: Arc::new(String::new()) }),
        changed: Condvar::new(),
    });
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));

    let mut views: Vec<SizeView> = std::iter::once(String::new())
        .chain(opts.sizes.iter().cloned())
        .enumerate()
        .map(|(index, asked)| SizeView { asked, index, ..SizeView::default() })
        .collect();
    // Shown in the page's title: the folder's own name, also for `--project .`.
    let project = std::fs::canonicalize(&opts.project).unwrap_or_else(|_| opts.project.clone());
    let publish = publisher(shared.clone(), project);
    let (first_tx, first_rx) = std::sync::mpsc::channel::<()>();
    let watcher = {
        let project = opts.project.clone();
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut generation = 0;
            let mut views_ref = std::mem::take(&mut views);
            let result = crate::watch::on_change(
                &project,
                |_| {
                    // The book's own size first, on every core, and shown at once; then the
                    // other sizes side by side.
                    views_ref[0].rebuild(&project);
                    // The book's own size names a size the others may repeat.
                    let own = views_ref[0].name.clone();
                    if generation == 0 {
                        views_ref.retain(|v| v.asked.is_empty() || !same_size(&v.asked, &own));
                    }
                    if views_ref.len() > 1 {
                        generation += 1;
                        publish(&views_ref, generation);
                        rebuild_all(&mut views_ref[1..], &project);
                    }
                    generation += 1;
                    publish(&views_ref, generation);
                    let _ = first_tx.send(());
                },
                || stop.load(std::sync::atomic::Ordering::SeqCst),
            );
            if let Err(e) = result {
                eprintln!("error: {e}");
            }
        })
    };
    first_rx.recv().map_err(|_| "the first build did not finish".to_string())?;

    let http = serve_requests(server.clone(), shared.clone(), stop.clone(), addr, opts.host);
    Ok(Running { addr, server, stop, threads: vec![watcher, http] })
}

/// Publishes the views of a build as generation `generation`: the JSON the page polls
/// for, and a wake-up for those waiting on a change.
fn publisher(shared: Arc<Shared>, project: PathBuf) -> impl Fn(&[SizeView], u64) {
    move |views: &[SizeView], generation: u64| {
        let json = serde_json::json!({
            "generation": generation,
            "project": project.display().to_string(),
            "sizes": views.iter().map(SizeView::to_json).collect::<Vec<_>>(),
        })
        .to_string();
        let mut st = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        st.generation = generation;
        st.json = Arc::new(json);
        shared.changed.notify_all();
    }
}

/// The thread that answers requests, each on a thread of its own, until `stop`.
fn serve_requests(
    server: Arc<Server>,
    shared: Arc<Shared>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    addr: SocketAddr,
    host: IpAddr,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        while !stop.load(std::sync::atomic::Ordering::SeqCst) {
            let Ok(req) = server.recv() else { break };
            let shared = shared.clone();
            let stop = stop.clone();
            std::thread::spawn(move || handle(req, &shared, addr, host, &stop));
        }
    })
}

/// Whether a size asked for on the command line is the book's own size.
fn same_size(asked: &str, own: &str) -> bool {
    asked.eq_ignore_ascii_case(own)
}

/// Rebuilds every size in `views`, each on a thread of its own.
fn rebuild_all(views: &mut [SizeView], project: &std::path::Path) {
    std::thread::scope(|s| {
        for v in views.iter_mut() {
            s.spawn(|| v.rebuild(project));
        }
    });
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header")
}

/// Whether the request may be answered: from loopback (unless the user chose another
/// interface) and addressed to this server by an address, not a foreign name.
fn allowed(req: &Request, addr: SocketAddr, host: IpAddr) -> bool {
    let from_loopback = req.remote_addr().is_some_and(|a| a.ip().is_loopback());
    if host.is_loopback() && !from_loopback {
        return false;
    }
    let Some(h) = req.headers().iter().find(|h| h.field.equiv("Host")) else { return false };
    let h = h.value.as_str();
    let name = h.rsplit_once(':').map_or(h, |(n, _)| n);
    name == "localhost"
        || name
            .trim_matches(['[', ']'])
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip == addr.ip() || ip.is_loopback() || host.is_unspecified())
}

fn handle(req: Request, shared: &Shared, addr: SocketAddr, host: IpAddr, stop: &std::sync::atomic::AtomicBool) {
    if !allowed(&req, addr, host) {
        let _ = req.respond(Response::from_string("forbidden\n").with_status_code(403));
        return;
    }
    if *req.method() != Method::Get {
        let _ = req.respond(Response::from_string("method not allowed\n").with_status_code(405));
        return;
    }
    // Only the path is looked at, and only to pick one of the fixed routes below.
    let path = req.url().split('?').next().unwrap_or("").to_string();
    // With a Content-Length, not chunked: each answer is one piece, sent at once.
    let text = |body: &str, ty: &str| {
        Response::from_string(body)
            .with_header(header("Content-Type", ty))
            .with_header(header("Cache-Control", "no-store"))
            .with_chunked_threshold(usize::MAX)
    };
    let _ = match path.as_str() {
        "/" | "/index.html" => req.respond(text(INDEX_HTML, "text/html; charset=utf-8")),
        "/app.js" => req.respond(text(APP_JS, "text/javascript; charset=utf-8")),
        "/app.css" => req.respond(text(APP_CSS, "text/css; charset=utf-8")),
        "/book.json" => {
            let json = shared.state.lock().unwrap_or_else(|e| e.into_inner()).json.clone();
            req.respond(text(&json, "application/json"))
        }
        "/events" => {
            events(req, shared, stop);
            Ok(())
        }
        _ => req.respond(Response::from_string("not found\n").with_status_code(404)),
    };
}

/// Server-sent events: `build` with the generation number now and after every rebuild,
/// a comment every 15 s to keep the connection open. Written straight to the socket so
/// that every event leaves at once (no chunk buffering).
fn events(req: Request, shared: &Shared, stop: &std::sync::atomic::AtomicBool) {
    let resp = Response::empty(200)
        .with_header(header("Content-Type", "text/event-stream"))
        .with_header(header("Cache-Control", "no-store"));
    let mut stream = req.upgrade("sse", resp);
    let mut seen = 0;
    loop {
        let generation = {
            let st = shared.state.lock().unwrap_or_else(|e| e.into_inner());
            let (st, _) = shared
                .changed
                .wait_timeout_while(st, Duration::from_secs(15), |st| st.generation == seen)
                .unwrap_or_else(|e| e.into_inner());
            st.generation
        };
        if stop.load(std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let msg = if generation == seen {
            ": still here\n\n".to_string()
        } else {
            seen = generation;
            format!("event: build\ndata: {generation}\n\n")
        };
        if stream.write_all(msg.as_bytes()).and_then(|_| stream.flush()).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    #[test]
    fn a_server_started_on_any_port_answers_and_stops() {
        let dir = tempfile::tempdir().unwrap();
        crate::scaffold::new_project(&dir.path().join("poem")).unwrap();
        let opts = ServeOptions {
            project: dir.path().join("poem"),
            host: "127.0.0.1".parse().unwrap(),
            port: 0,
            sizes: Vec::new(),
        };
        let running = start(&opts).unwrap();
        assert!(running.url().starts_with("http://127.0.0.1:"));
        let mut stream = std::net::TcpStream::connect(running.addr).unwrap();
        stream.write_all(format!("GET / HTTP/1.0\r\nHost: {}\r\n\r\n", running.addr).as_bytes()).unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        assert!(reply.starts_with("HTTP/1.1 200") || reply.starts_with("HTTP/1.0 200"), "{reply:.80}");
        // Returns once the watcher and the server threads have ended.
        running.stop();
    }
}
