//! A small client for the Chrome DevTools protocol, enough to drive headless Chromium from
//! the tests: start it on loopback with a fresh profile, open a tab, evaluate script, click,
//! take screenshots. Stops the browser (by its process id) when dropped.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

/// Where Chromium is: `CHAPBOOK_CHROMIUM`, or `chromium` / `chromium-browser` on the PATH.
pub fn find_chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("CHAPBOOK_CHROMIUM") {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|d| ["chromium", "chromium-browser"].map(|n| d.join(n))).find(|p| p.is_file())
}

pub struct Browser {
    child: Child,
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    session: String,
    _profile: PathBuf,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.ws.close(None);
        // Our own child, by its process id.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    /// Starts headless Chromium with a fresh profile in `profile`, listening for DevTools on
    /// 127.0.0.1 only, and opens one blank tab of `width` × `height` CSS pixels.
    pub fn start(chromium: &Path, profile: &Path, width: u32, height: u32) -> Browser {
        let _ = std::fs::remove_dir_all(profile);
        std::fs::create_dir_all(profile).unwrap();
        let mut child = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-default-apps",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                &format!("--window-size={width},{height}"),
                &format!("--user-data-dir={}", profile.display()),
                "about:blank",
            ])
            // No D-Bus: a system bus that drops the connection makes Chromium abort
            // ("D-Bus connection was disconnected"); without one it only logs.
            .env("DBUS_SYSTEM_BUS_ADDRESS", "disabled:")
            .env("DBUS_SESSION_BUS_ADDRESS", "disabled:")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromium.display()));
        // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID"
        // Everything else it says goes to PROFILE/chromium.log, for when it fails.
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let log_path = profile.join("chromium.log");
        std::thread::spawn(move || {
            use std::io::Write;
            let mut log = std::fs::File::create(log_path).ok();
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(i) = line.find("ws://") {
                    let _ = tx.send(line[i..].trim().to_string());
                }
                if let Some(f) = log.as_mut() {
                    let _ = writeln!(f, "{line}");
                }
            }
        });
        let url = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(u) => u,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("Chromium did not report a DevTools address within 30 s");
            }
        };
        assert!(url.starts_with("ws://127.0.0.1:"), "DevTools must listen on loopback: {url}");
        let (ws, _) = tungstenite::connect(url.as_str()).expect("connect to DevTools");
        if let MaybeTlsStream::Plain(s) = ws.get_ref() {
            s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        }
        let mut b = Browser { child, ws, next_id: 0, session: String::new(), _profile: profile.to_path_buf() };
        b.new_tab(width, height);
        b
    }

    /// Opens another blank tab of `width` × `height` and makes it the current one; returns
    /// its session, for [`Browser::use_tab`].
    pub fn new_tab(&mut self, width: u32, height: u32) -> String {
        self.session.clear();
        let target = self.call("Target.createTarget", json!({"url": "about:blank"}))["targetId"].clone();
        let session = self.call("Target.attachToTarget", json!({"targetId": target, "flatten": true}))["sessionId"]
            .as_str()
            .unwrap()
            .to_string();
        self.session = session.clone();
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        );
        self.call("Page.enable", json!({}));
        session
    }

    /// Sends the following commands to the tab of `session`.
    pub fn use_tab(&mut self, session: &str) {
        self.session = session.to_string();
    }

    /// The current tab's session.
    pub fn tab(&self) -> String {
        self.session.clone()
    }

    /// Sends a command (to the tab once one is attached) and waits for its result.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if !self.session.is_empty() {
            msg["sessionId"] = json!(self.session);
        }
        self.ws.send(Message::text(msg.to_string())).expect("send to DevTools");
        loop {
            let m = match self.ws.read() {
                Ok(m) => m,
                Err(e) => {
                    let log = std::fs::read_to_string(self._profile.join("chromium.log")).unwrap_or_default();
                    let tail: Vec<&str> = log.lines().rev().take(15).collect();
                    let status = self.child.try_wait();
                    panic!(
                        "{method}: DevTools connection lost ({e}); Chromium: {status:?}; its last words:\n{}",
                        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                    );
                }
            };
            let Message::Text(t) = m else { continue };
            let v: Value = serde_json::from_str(t.as_str()).unwrap();
            if v["id"].as_u64() == Some(id) {
                if let Some(e) = v.get("error") {
                    panic!("{method}: {e}");
                }
                return v["result"].clone();
            }
        }
    }

    /// The value of a script expression (promises awaited).
    pub fn eval(&mut self, expr: &str) -> Value {
        let r = self.call("Runtime.evaluate", json!({"expression": expr, "returnByValue": true, "awaitPromise": true}));
        if let Some(e) = r.get("exceptionDetails") {
            panic!("script failed: {expr}\n{e}");
        }
        r["result"]["value"].clone()
    }

    /// Evaluates `expr` until it is true, or panics with `what` after `timeout`.
    pub fn wait_for(&mut self, expr: &str, timeout: Duration, what: &str) {
        let start = Instant::now();
        while self.eval(expr) != json!(true) {
            assert!(start.elapsed() < timeout, "timed out after {timeout:?} waiting for {what} ({expr})");
            std::thread::sleep(Duration::from_millis(5));
        }
        if std::env::var("CDP_DEBUG").is_ok() {
            eprintln!("{:?} {what}", start.elapsed());
        }
    }

    pub fn navigate(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url}));
    }

    /// A real mouse click (press and release) at viewport point (x, y).
    pub fn click(&mut self, x: f64, y: f64) {
        // No `mouseMoved` first: headless Chromium holds a move for 5 s (waiting for a frame).
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
            );
        }
    }

    /// A PNG of the viewport region (x, y, w, h) in CSS pixels.
    pub fn screenshot(&mut self, x: f64, y: f64, w: f64, h: f64) -> Vec<u8> {
        use base64::Engine;
        let r = self.call(
            "Page.captureScreenshot",
            json!({"format": "png", "clip": {"x": x, "y": y, "width": w, "height": h, "scale": 1}}),
        );
        base64::engine::general_purpose::STANDARD.decode(r["data"].as_str().unwrap()).unwrap()
    }
}
