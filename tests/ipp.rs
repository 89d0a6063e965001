//! `chapbook print` against a real IPP printer: CUPS's `ippeveprinter` (Debian package
//! cups-ipp-utils), an IPP Everywhere printer that keeps what it receives, started here on
//! loopback on a free port. It needs DNS-SD to start, so the system `dbus-daemon` and
//! `avahi-daemon` (packages dbus, avahi-daemon; avahi confined to the loopback interface)
//! are started when they are not running. One test puts a CUPS server (`cupsd`, package
//! cups-daemon, its own folders and a loopback port) in front of a printer. Everything
//! started here is stopped by process id: each printer and cupsd when its test ends, the
//! daemons when the last test using them ends.
//!
//! Without `ippeveprinter` the tests print `skipped:`; under `CI=true` that is a failure.
#![cfg(target_os = "linux")]

mod common;
use common::*;
use ipp::prelude::*;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const TOOLS: [&str; 3] = ["ippeveprinter", "dbus-daemon", "avahi-daemon"];

/// The path of `tool` on PATH or in the sbin folders (where Debian puts the daemons).
fn find(tool: &str) -> Option<PathBuf> {
    let path = std::env::var("PATH").unwrap_or_default();
    path.split(':').chain(["/usr/sbin", "/sbin", "/usr/bin"]).map(|d| Path::new(d).join(tool)).find(|p| p.is_file())
}

/// True when the IPP tools (and `more`) are installed; otherwise says `skipped:` (and fails
/// under CI).
fn have_tools(test: &str, more: &[&str]) -> bool {
    let missing: Vec<&str> = TOOLS.iter().chain(more).copied().filter(|t| find(t).is_none()).collect();
    if missing.is_empty() {
        return true;
    }
    let msg = format!(
        "{test}: {} not installed (apt-get install cups-ipp-utils dbus avahi-daemon cups-daemon)",
        missing.join(", ")
    );
    assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true and {msg}");
    println!("skipped: {msg}");
    false
}

/// Stops a child we started, by its process id: SIGTERM, so that the daemons remove their
/// sockets and pid files, then SIGKILL if it is still there after two seconds.
fn stop(child: &mut Child) {
    // SAFETY: kill(2) with the id of our own child, which is not reaped yet.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(2) {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// dbus-daemon and avahi-daemon as the tests started them (None: already running).
struct Daemons {
    users: usize,
    dbus: Option<Child>,
    avahi: Option<Child>,
}

static DAEMONS: Mutex<Daemons> = Mutex::new(Daemons { users: 0, dbus: None, avahi: None });

fn wait_until(what: &str, timeout: Duration, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < timeout, "{what} did not come up within {timeout:?}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

fn avahi_running() -> bool {
    Command::new(find("avahi-daemon").unwrap()).arg("--check").stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// Makes sure DNS-SD runs while the returned guard lives.
fn dns_sd() -> DnsSd {
    let mut d = DAEMONS.lock().unwrap_or_else(|e| e.into_inner());
    d.users += 1;
    let bus = Path::new("/run/dbus/system_bus_socket");
    if d.dbus.is_none() && std::os::unix::net::UnixStream::connect(bus).is_err() {
        // A pid file left by a daemon that is gone makes dbus-daemon refuse to start.
        let _ = std::fs::remove_file("/run/dbus/pid");
        std::fs::create_dir_all("/run/dbus").unwrap();
        let logs = scratch("ipp-daemons");
        let child = Command::new(find("dbus-daemon").unwrap())
            .args(["--system", "--nofork", "--nopidfile"])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(logs.join("dbus-daemon.log")).unwrap())
            .spawn()
            .expect("dbus-daemon starts");
        d.dbus = Some(child);
        wait_until("dbus-daemon", Duration::from_secs(10), || std::os::unix::net::UnixStream::connect(bus).is_ok());
    }
    if d.avahi.is_none() && !avahi_running() {
        // Announce on loopback only: nothing the tests start is seen on the network.
        let conf = scratch_path("ipp-daemons").join("avahi-daemon.conf");
        std::fs::create_dir_all(conf.parent().unwrap()).unwrap();
        std::fs::write(
            &conf,
            "[server]\nuse-ipv4=yes\nuse-ipv6=no\nallow-interfaces=lo\nenable-dbus=yes\n\
             [wide-area]\nenable-wide-area=no\n[publish]\npublish-addresses=no\npublish-hinfo=no\n\
             publish-workstation=no\n",
        )
        .unwrap();
        let _ = std::fs::remove_file("/run/avahi-daemon/pid");
        let child = Command::new(find("avahi-daemon").unwrap())
            .args(["--no-drop-root", "--no-chroot", "--no-rlimits", "-f"])
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("avahi-daemon starts");
        d.avahi = Some(child);
        wait_until("avahi-daemon", Duration::from_secs(10), avahi_running);
    }
    DnsSd
}

/// While one lives, DNS-SD runs; the last one to go stops the daemons the tests started.
struct DnsSd;

impl Drop for DnsSd {
    fn drop(&mut self) {
        let mut d = DAEMONS.lock().unwrap_or_else(|e| e.into_inner());
        d.users -= 1;
        if d.users == 0 {
            // avahi first: it is a client of the bus.
            if let Some(mut c) = d.avahi.take() {
                stop(&mut c);
            }
            if let Some(mut c) = d.dbus.take() {
                stop(&mut c);
            }
        }
    }
}

/// A port nothing listens on right now, and one no other test of this run was given: the
/// kernel may hand a port out again as soon as it is free, and a printer still starting
/// on it must not meet another test's probe (or the other test its printer).
fn free_port() -> u16 {
    static GIVEN: Mutex<Vec<u16>> = Mutex::new(Vec::new());
    let mut given = GIVEN.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        if !given.contains(&port) {
            given.push(port);
            return port;
        }
    }
}

/// Whether an HTTP server answers on `port` (ippeveprinter is one): a connection alone
/// could be another process's socket that happens to hold the port for a moment.
fn answers_http(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if s.write_all(b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n").is_err() {
        return false;
    }
    let mut head = [0u8; 5];
    s.read_exact(&mut head).is_ok() && &head == b"HTTP/"
}

/// An `ippeveprinter` on 127.0.0.1, keeping every document it receives in `spool`.
struct Printer {
    child: Child,
    uri: String,
    spool: PathBuf,
    // Declared last: the printer goes before DNS-SD does.
    _dns_sd: DnsSd,
}

impl Printer {
    /// `formats` for `-f`; `duplex` adds `-2`; `print` is the shell script that "prints"
    /// each job (its exit status is the job's fate).
    fn start(name: &str, formats: &str, duplex: bool, print: &str) -> Printer {
        let dns_sd = dns_sd();
        let spool = scratch(&format!("ipp-{name}"));
        let port = free_port();
        let mut cmd = Command::new(find("ippeveprinter").unwrap());
        // `-n localhost`: the listeners are on loopback (127.0.0.1, and ::1, which
        // ippeveprinter insists on too). `-c`: "printing" runs this command on the file;
        // without one, ippeveprinter sleeps 5 to 15 s a job whatever `-s` says.
        let script = spool.with_extension("sh");
        std::fs::write(&script, format!("#!/bin/sh\n{print}\n")).unwrap();
        std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        cmd.args(["-n", "localhost", "-p", &port.to_string(), "-k", "-d"]).arg(&spool);
        cmd.args(["-f", formats, "-s", "6000", "-c"]).arg(&script);
        if duplex {
            cmd.arg("-2");
        }
        let log = std::fs::File::create(spool.with_extension("log")).unwrap();
        let mut child =
            cmd.arg(name).stdout(log.try_clone().unwrap()).stderr(log).spawn().expect("ippeveprinter starts");
        let start = Instant::now();
        while !answers_http(port) {
            if let Ok(Some(status)) = child.try_wait() {
                let log = std::fs::read_to_string(spool.with_extension("log")).unwrap_or_default();
                panic!("ippeveprinter exited ({status}): {log}");
            }
            if start.elapsed() > Duration::from_secs(15) {
                stop(&mut child);
                panic!("ippeveprinter did not listen on port {port} within 15 s");
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        Printer { child, uri: format!("ipp://127.0.0.1:{port}/ipp/print"), spool, _dns_sd: dns_sd }
    }

    /// The documents received, in job order.
    fn received(&self) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(u32, String, Vec<u8>)> = std::fs::read_dir(&self.spool)
            .unwrap()
            .filter_map(|e| {
                let p = e.ok()?.path();
                let name = p.file_name()?.to_string_lossy().into_owned();
                if !name.ends_with(".pdf") {
                    return None; // the print command's output
                }
                let job = name.split('-').next()?.parse().ok()?;
                Some((job, name, std::fs::read(&p).ok()?))
            })
            .collect();
        files.sort();
        files.into_iter().map(|(_, n, b)| (n, b)).collect()
    }

    /// Job `id`'s attributes as the printer reports them (Get-Job-Attributes).
    fn job(&self, id: i32) -> IppAttributeGroup {
        let uri: Uri = self.uri.parse().unwrap();
        let op = IppOperationBuilder::get_job_attributes(uri.clone(), id).build().unwrap();
        let answer = IppClient::new(uri).send(op).expect("Get-Job-Attributes");
        assert!(answer.header().status_code().is_success(), "job {id}: {:?}", answer.header().status_code());
        answer.attributes().first_of(DelimiterTag::JobAttributes).expect("job attributes").clone()
    }

    /// How many jobs the printer knows, finished ones included (Get-Jobs, which-jobs=all).
    fn job_count(&self) -> usize {
        let uri: Uri = self.uri.parse().unwrap();
        let mut req = IppRequestResponse::new(IppVersion::v1_1(), Operation::GetJobs, Some(uri.clone())).unwrap();
        req.attributes_mut().add(
            DelimiterTag::OperationAttributes,
            IppAttribute::with_name("which-jobs", IppValue::new_keyword("all").unwrap()).unwrap(),
        );
        let answer = IppClient::new(uri).send(req).expect("Get-Jobs");
        answer.attributes().groups_of(DelimiterTag::JobAttributes).count()
    }
}

impl Drop for Printer {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

fn value(group: &IppAttributeGroup, name: &str) -> String {
    group.get(name).map(|a| a.value().to_string()).unwrap_or_else(|| panic!("no {name} in {group:?}"))
}

fn chapbook(args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_chapbook"));
    cmd.arg("print").arg("--project").arg(root()).args(args).env_remove("CUPS_SERVER");
    cmd.stdin(Stdio::null()).output().unwrap()
}

fn text(out: &Output) -> (String, String) {
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The booklet `chapbook build --impose saddle --sheet SHEET` writes.
fn imposed(sheet: &str) -> Vec<u8> {
    let dir = scratch(&format!("ipp-imposed-{sheet}"));
    let out = dir.join("chapbook.pdf");
    let status = Command::new(env!("CARGO_BIN_EXE_chapbook"))
        .args(["build", "-q", "--impose", "saddle", "--sheet", sheet, "--project"])
        .arg(root())
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::read(dir.join("chapbook-imposed.pdf")).unwrap()
}

/// The text of each page of a PDF (pdftotext, page by page); None when poppler is missing.
fn page_texts(name: &str, pdf: &[u8]) -> Option<Vec<String>> {
    let file = to_file(name, pdf);
    let file = file.to_str().unwrap();
    (1..=page_count(pdf))
        .map(|p| {
            let p = p.to_string();
            let (ok, out, err) = run_tool("pdftotext", &["-f", &p, "-l", &p, "-layout", file, "-"])?;
            assert!(ok, "{err}");
            Some(out)
        })
        .collect()
}

#[test]
fn a_duplex_printer_receives_the_imposed_booklet_byte_for_byte_with_its_attributes() {
    if !have_tools("ipp duplex", &[]) {
        return;
    }
    let printer = Printer::start("chapbook-duplex", "application/pdf", true, "exit 0");

    // A dry run says what it would send and sends nothing.
    let out = chapbook(&["--printer", &printer.uri, "--sheet", "a4", "--copies", "2", "--dry-run"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    for want in
        ["job 1 of 1: sheet sides 1 (12|1), 2 (2|11)", "sides = two-sided-short-edge", "media = iso_a4_210x297mm"]
    {
        assert!(stdout.contains(want), "no `{want}` in:\n{stdout}");
    }
    assert!(stdout.contains("dry run: nothing was sent"), "{stdout}");
    // ippeveprinter's trays hold Letter and envelopes.
    assert!(stderr.contains("warning: the printer has no A4 paper loaded (its trays hold: Letter"), "{stderr}");
    assert_eq!(printer.job_count(), 0);
    assert!(printer.received().is_empty());

    let out = chapbook(&["--printer", &printer.uri, "--sheet", "a4", "--copies", "2"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("completed"), "{stdout}");
    assert!(stdout.contains("Staple twice through the fold"), "{stdout}");

    let received = printer.received();
    assert_eq!(received.len(), 1, "{:?}", received.iter().map(|r| &r.0).collect::<Vec<_>>());
    assert!(received[0].1 == imposed("a4"), "the printer did not get the bytes of chapbook-imposed.pdf");

    // One sheet again (sides 3 and 4, say after a jam): the job holds just those sides.
    let out = chapbook(&["--printer", &printer.uri, "--sheet", "a4", "--pages", "3-4"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("job 1 of 1: sheet sides 3 (10|3), 4 (4|9)"), "{stdout}");
    let received = printer.received();
    assert_eq!(received.len(), 2);
    assert_eq!(page_count(&received[1].1), 2);
    if let (Some(all), Some(two)) =
        (page_texts("ipp-all.pdf", &imposed("a4")), page_texts("ipp-3-4.pdf", &received[1].1))
    {
        assert_eq!(two, all[2..4]);
    }
    let out = chapbook(&["--printer", &printer.uri, "--sheet", "a4", "--pages", "7-8"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("--pages 7-8: the booklet has 6 sheet sides (3 sheets)"), "{stderr}");
    assert_eq!(printer.job_count(), 2);

    let job = printer.job(1);
    assert_eq!(value(&job, "job-name"), "Architecture of Attention");
    assert_eq!(value(&job, "sides"), "two-sided-short-edge");
    assert_eq!(value(&job, "copies"), "2");
    assert_eq!(value(&job, "job-state"), "9", "completed");
    let media = job.get("media").map(|a| a.value().to_string()).unwrap_or_else(|| value(&job, "media-col"));
    assert!(media.contains("iso_a4_210x297mm"), "{media}");

    assert_eq!(printer.job_count(), 2);
}

#[test]
fn a_one_sided_printer_gets_the_fronts_then_the_backs() {
    if !have_tools("ipp manual duplex", &[]) {
        return;
    }
    let printer = Printer::start("chapbook-simplex", "application/pdf", false, "exit 0");
    let out = chapbook(&["--printer", &printer.uri, "--sheet", "a4", "--yes"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("manual duplex"), "{stdout}");
    assert!(stdout.contains("Turn it over along a short edge"), "{stdout}");
    let fronts = stdout.find("job 1 (Architecture of Attention (fronts)): completed").expect(&stdout);
    let backs = stdout.find("job 2 (Architecture of Attention (backs)): completed").expect(&stdout);
    assert!(fronts < stdout.find("Turn it over").unwrap() && stdout.find("Turn it over").unwrap() < backs);

    let received = printer.received();
    assert_eq!(received.len(), 2);
    for (id, half) in [(1, "fronts"), (2, "backs")] {
        let job = printer.job(id);
        assert_eq!(value(&job, "job-name"), format!("Architecture of Attention ({half})"));
        assert_eq!(value(&job, "sides"), "one-sided");
    }
    // The fronts are the booklet's odd sheet sides in order, the backs its even ones, page
    // for page (read back as text, so this does not depend on how the PDFs are written).
    let whole = imposed("a4");
    let sides = page_count(&whole);
    assert_eq!(page_count(&received[0].1), sides / 2);
    assert_eq!(page_count(&received[1].1), sides / 2);
    let Some(all) = page_texts("ipp-whole.pdf", &whole) else { return };
    let fronts = page_texts("ipp-fronts.pdf", &received[0].1).unwrap();
    let backs = page_texts("ipp-backs.pdf", &received[1].1).unwrap();
    let want = |back: usize| all.iter().skip(back).step_by(2).cloned().collect::<Vec<_>>();
    assert_eq!(fronts, want(0));
    assert_eq!(backs, want(1));
    assert_ne!(fronts, backs);

    // The back of sheet 2 alone: one job, and the poet is told which printed sheet goes in.
    let out = chapbook(&["--printer", &printer.uri, "--sheet", "a4", "--pages", "4", "--yes"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("Only backs are to be printed (1 sheet of A4)"), "{stdout}");
    assert!(stdout.contains("pages 10 and 3 on its printed side"), "{stdout}");
    let received = printer.received();
    assert_eq!(received.len(), 3);
    assert_eq!(page_texts("ipp-side-4.pdf", &received[2].1).unwrap(), all[3..4]);
}

#[test]
fn a_printer_that_takes_only_pwg_raster_is_refused_before_any_job() {
    if !have_tools("ipp raster-only", &[]) {
        return;
    }
    let printer = Printer::start("chapbook-raster", "image/pwg-raster", true, "exit 0");
    let out = chapbook(&["--printer", &printer.uri, "--sheet", "a4"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("the printer does not accept PDF (it takes: "), "{stderr}");
    assert!(stderr.contains("image/pwg-raster)"), "{stderr}");
    assert!(stderr.contains("CUPS queue"), "{stderr}");
    assert_eq!(printer.job_count(), 0);
    assert!(printer.received().is_empty());
}

#[test]
fn ctrl_c_cancels_the_running_job() {
    if !have_tools("ipp cancel", &[]) {
        return;
    }
    let printer = Printer::start("chapbook-slow", "application/pdf", true, "exec sleep 3");
    let mut child = Command::new(env!("CARGO_BIN_EXE_chapbook"))
        .args(["print", "--sheet", "a4", "--printer", &printer.uri, "--project"])
        .arg(root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the job is printing, then press Ctrl-C.
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    while !seen.contains("processing") {
        let mut line = String::new();
        assert!(std::io::BufRead::read_line(&mut stdout, &mut line).unwrap() > 0, "{seen}");
        seen += &line;
    }
    let start = Instant::now();
    // SAFETY: kill(2) with the id of our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
    assert!(stderr.contains("stopped: job 1 was canceled"), "{stderr}");
    // The printer stops the job at its next stop point: it reports canceled soon after.
    let mut state = String::new();
    wait_until("the job's cancel", Duration::from_secs(10), || {
        state = value(&printer.job(1), "job-state");
        state == "7"
    });
}

#[test]
fn a_job_the_printer_aborts_fails_with_its_reasons() {
    if !have_tools("ipp aborted job", &[]) {
        return;
    }
    let printer = Printer::start("chapbook-broken", "application/pdf", true, "exit 1");
    let out = chapbook(&["--printer", &printer.uri, "--sheet", "a4"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("job 1 was aborted: "), "{stderr}");
    assert!(!stdout.contains("Staple"), "no folding instructions after a failed job: {stdout}");
}

#[test]
fn a_broken_book_stops_before_any_printer_is_asked() {
    let project = scratch("ipp-broken-book");
    let layout = root().join("tests/fixtures/mini/layout");
    std::fs::create_dir_all(project.join("layout")).unwrap();
    for e in std::fs::read_dir(&layout).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), project.join("layout").join(e.file_name())).unwrap();
    }
    std::os::unix::fs::symlink(root().join("fonts"), project.join("fonts")).unwrap();
    let book = project.join("layout/book.toml");
    let text = std::fs::read_to_string(&book).unwrap();
    std::fs::write(&book, text.replacen("[page]", "[page]\nleeding = \"14pt\"", 1)).unwrap();
    // The printer address is dead: had it been asked, the error would say so.
    let out = Command::new(env!("CARGO_BIN_EXE_chapbook"))
        .args(["print", "--printer", &format!("ipp://127.0.0.1:{}/ipp/print", free_port()), "--project"])
        .arg(&project)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("layout/book.toml"), "{stderr}");
    assert!(!stderr.contains("cannot reach"), "{stderr}");
}

#[test]
fn no_printer_and_no_cups_says_what_was_tried() {
    let server = format!("127.0.0.1:{}", free_port());
    let out = Command::new(env!("CARGO_BIN_EXE_chapbook"))
        .args(["print", "--project"])
        .arg(root())
        .env("CUPS_SERVER", &server)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("no --printer given, and CUPS at {server} does not answer: connection refused")),
        "{stderr}"
    );
}

/// A CUPS server (`cupsd`, Debian package cups-daemon) on 127.0.0.1 with its own folders
/// under the scratch directory, and one raw queue, the default, that forwards to `printer`.
struct Cups {
    child: Child,
    server: String,
}

impl Cups {
    fn start(queue: &str, printer: &Printer) -> Cups {
        let dir = scratch("ipp-cupsd");
        for d in ["spool/tmp", "cache", "state", "log"] {
            std::fs::create_dir_all(dir.join(d)).unwrap();
        }
        let port = free_port();
        let conf = dir.join("cupsd.conf");
        let files = dir.join("cups-files.conf");
        // No browsing, no authentication (the tests add the queue), loopback only.
        std::fs::write(
            &conf,
            format!(
                "Listen 127.0.0.1:{port}\nBrowsing No\nWebInterface No\nDefaultAuthType None\n\
                 <Location />\n  Order allow,deny\n  Allow all\n</Location>\n\
                 <Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
            ),
        )
        .unwrap();
        let d = dir.display();
        std::fs::write(
            &files,
            format!(
                "ServerRoot {d}\nRequestRoot {d}/spool\nTempDir {d}/spool/tmp\nCacheDir {d}/cache\n\
                 StateDir {d}/state\nErrorLog {d}/log/error_log\nAccessLog {d}/log/access_log\n\
                 PageLog {d}/log/page_log\n"
            ),
        )
        .unwrap();
        let mut child = Command::new(find("cupsd").unwrap())
            .arg("-f")
            .arg("-c")
            .arg(&conf)
            .arg("-s")
            .arg(&files)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("cupsd starts");
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if start.elapsed() > Duration::from_secs(15) || matches!(child.try_wait(), Ok(Some(_))) {
                stop(&mut child);
                panic!(
                    "cupsd did not listen on port {port}: {}",
                    std::fs::read_to_string(dir.join("log/error_log")).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        let cups = Cups { child, server: format!("127.0.0.1:{port}") };
        // A raw queue (no PPD: CUPS passes the PDF on as it is), made the default.
        let uri: Uri = format!("ipp://{}/printers/{queue}", cups.server).parse().unwrap();
        let mut add =
            IppRequestResponse::new(IppVersion::v1_1(), Operation::CupsAddModifyPrinter, Some(uri.clone())).unwrap();
        for attribute in [
            IppAttribute::with_name("device-uri", IppValue::new_uri(printer.uri.clone()).unwrap()).unwrap(),
            IppAttribute::with_name("printer-is-accepting-jobs", IppValue::Boolean(true)).unwrap(),
            IppAttribute::with_name("printer-state", IppValue::Enum(3)).unwrap(),
        ] {
            add.attributes_mut().add(DelimiterTag::PrinterAttributes, attribute);
        }
        let default =
            IppRequestResponse::new(IppVersion::v1_1(), Operation::CupsSetDefault, Some(uri.clone())).unwrap();
        for request in [add, default] {
            let answer = IppClient::new(uri.clone()).send(request).expect("cupsd answers");
            assert!(answer.header().status_code().is_success(), "{:?}", answer.header().status_code());
        }
        cups
    }

    fn chapbook(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_chapbook"));
        cmd.arg("print").arg("--project").arg(root()).args(args).env("CUPS_SERVER", &self.server);
        cmd.stdin(Stdio::null()).output().unwrap()
    }
}

impl Drop for Cups {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

#[test]
fn cups_queues_are_listed_found_by_name_and_used_as_the_default() {
    if !have_tools("ipp cups", &["cupsd"]) {
        return;
    }
    let printer = Printer::start("chapbook-behind-cups", "application/pdf", true, "exit 0");
    let cups = Cups::start("Office", &printer);

    let out = cups.chapbook(&["--list"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains(&format!("CUPS at {}: 1 queue", cups.server)), "{stdout}");
    assert!(stdout.contains("  Office (default): idle, "), "{stdout}");

    let out = cups.chapbook(&["--printer", "Office", "--sheet", "a4", "--dry-run"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!("printer ipp://{}/printers/Office (CUPS queue on {})", cups.server, cups.server)),
        "{stdout}"
    );

    let out = cups.chapbook(&["--printer", "Nowhere", "--sheet", "a4"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("said no (not found"), "{stderr}");

    // No --printer: the CUPS default. A raw queue says nothing of duplex, so the booklet
    // goes as fronts and backs, through CUPS to the printer behind it.
    let out = cups.chapbook(&["--sheet", "a4", "--yes"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains(&format!("(CUPS default on {})", cups.server)), "{stdout}");
    assert!(stdout.contains("job 2 (Architecture of Attention (backs)): completed"), "{stdout}");
    let received = printer.received();
    assert_eq!(received.len(), 2, "{:?}", received.iter().map(|r| &r.0).collect::<Vec<_>>());
    assert!(
        received[0].0.contains("fronts") && received[1].0.contains("backs"),
        "{:?}",
        received.iter().map(|r| &r.0).collect::<Vec<_>>()
    );
    assert_eq!(page_count(&received[0].1), 3);
    assert_eq!(page_count(&received[1].1), 3);
}

#[test]
fn a_dead_address_fails_within_seconds_saying_what_was_tried() {
    // Nothing listens on this port (it was free a moment ago); no printer is needed.
    let uri = format!("ipp://127.0.0.1:{}/ipp/print", free_port());
    let start = Instant::now();
    let out = chapbook(&["--printer", &uri]);
    let took = start.elapsed();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert!(stderr.contains(&format!("cannot reach the printer at {uri}")), "{stderr}");
    assert!(stderr.to_lowercase().contains("connection refused"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn list_without_cups_says_which_server_was_asked() {
    let server = format!("127.0.0.1:{}", free_port());
    let out = Command::new(env!("CARGO_BIN_EXE_chapbook"))
        .args(["print", "--list"])
        .env("CUPS_SERVER", &server)
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stderr.contains(&format!("asked CUPS at {server}")), "{stderr}");
}

#[test]
fn a_dry_run_shows_the_whole_plan_without_any_printer() {
    // Every sheet --impose accepts is plannable: a PWG media keyword for each, sheets,
    // sides and duplex, with no printer (and no CUPS) to ask.
    let server = format!("127.0.0.1:{}", free_port());
    for (sheet, media) in [
        ("sra3", "iso_sra3_320x450mm"),
        ("12x18in", "na_arch-b_12x18in"),
        ("13x19in", "na_super-b_13x19in"),
        ("a3", "iso_a3_297x420mm"),
        ("tabloid", "na_ledger_11x17in"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_chapbook"))
            .args(["print", "--dry-run", "--sheet", sheet, "--project"])
            .arg(root())
            .env("CUPS_SERVER", &server)
            .output()
            .unwrap();
        let (stdout, stderr) = text(&out);
        assert!(out.status.success(), "{sheet}: {stdout}{stderr}");
        assert!(stdout.contains("printer: none answered (no --printer given, and CUPS at"), "{stdout}");
        for want in [
            "booklet 12 pages on 3 sheets of ".into(),
            format!("media {media}), 6 sheet sides"),
            "job 1 of 1: sheet sides 1 (12|1), 2 (2|11), 3 (10|3), 4 (4|9), 5 (8|5), 6 (6|7)".into(),
            format!("media = {media}"),
            "sides = two-sided-short-edge".into(),
            "dry run: nothing was sent".into(),
        ] {
            assert!(stdout.contains(&want), "{sheet}: no `{want}` in:\n{stdout}");
        }
    }
    // Manual duplex without a printer: the fronts, then the backs, one-sided.
    let out =
        chapbook(&["--printer", "ipp://127.0.0.1:9/ipp/print", "--duplex", "manual", "--sheet", "a4", "--dry-run"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("job 2 of 2: sheet sides 2 (2|11), 4 (4|9), 6 (6|7)"), "{stdout}");
    assert!(stdout.contains("sides = one-sided") && !stdout.contains("two-sided"), "{stdout}");
}

#[test]
fn a_book_that_does_not_fit_the_paper_stops_before_any_printer_is_asked() {
    // A5 pages side by side need 296 mm: more than letter's 279 mm. Never scaled behind the
    // poet's back, so nothing is sent and the message says what would fit.
    let out = chapbook(&["--printer", "ipp://127.0.0.1:9/ipp/print", "--sheet", "letter", "--dry-run"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("smallest that fits: a4"), "{stderr}");
    assert!(!stdout.contains("job"), "{stdout}");
}

#[test]
fn usage_errors_exit_2_before_any_printer_is_asked() {
    for (args, want) in [
        (&["--sheet", "b9"][..], "--sheet: unknown sheet `b9`"),
        (&["--pages", "0-2"][..], "--pages: `0-2` is not a page range"),
    ] {
        let out = chapbook(&[&["--printer", "ipp://127.0.0.1:9/ipp/print"][..], args].concat());
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(want), "{args:?}: {stderr}");
    }
}
