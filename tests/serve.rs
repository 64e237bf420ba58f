//! `csstd serve` through the real binary, on a free port of the loopback: pages over
//! HTTP, an edit served after the rebuild, a broken file shown on the page while the last
//! good pages stay, traversal attempts and methods refused, a port in use.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `csstd serve`, stopped when dropped.
struct Serving {
    child: Child,
    addr: String,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &Path, port: &str) -> Serving {
    let mut child = Command::new(env!("CARGO_BIN_EXE_csstd"))
        .args(["serve", "--port", port, "--today", common::TODAY])
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start csstd serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the address line");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    Serving { child, addr }
}

/// One HTTP/1.0 request: status, headers and body.
fn request(addr: &str, method: &str, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(stream, "{method} {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the response");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    (status, head.to_owned(), body.to_owned())
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let (status, _, body) = request(addr, "GET", path);
    (status, body)
}

/// Polls `path` until `test` holds for its body (at most 10 s).
fn until(addr: &str, path: &str, test: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (_, body) = get(addr, path);
        if test(&body) {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the page never changed:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serves_rebuilds_and_shows_errors() {
    let p = common::project("clean");
    let s = serve(p.path(), "0");
    let (status, head, index) = request(&s.addr, "GET", "/");
    assert_eq!(status, 200);
    assert!(head.contains("text/html; charset=utf-8"), "{head}");
    assert!(
        index.contains("/__csstd/wait"),
        "served pages get the reload script"
    );
    let (status, page) = get(&s.addr, "/de-DE/handbook.html");
    assert_eq!(status, 200);
    let (status, head, _) = request(&s.addr, "GET", "/de-DE/standard.json");
    assert_eq!(status, 200);
    assert!(head.contains("application/json"), "{head}");
    let (status, head, body) = request(&s.addr, "HEAD", "/de-DE/handbook.md");
    assert_eq!(status, 200);
    assert!(head.contains("text/markdown"), "{head}");
    assert!(body.is_empty());

    // An edit is served after the rebuild.
    let culture = p.path().join("cultures/de-DE.toml");
    let text = std::fs::read_to_string(&culture).expect("the culture");
    assert!(!page.contains("Probierstube"));
    std::fs::write(
        &culture,
        text.replacen("name = ", "name = \"Probierstube\"\nx-old = ", 1),
    )
    .expect("edit");
    until(&s.addr, "/de-DE/handbook.html", |b| {
        b.contains("Probierstube")
    });

    // A broken file: the last good page stays, with the error on it.
    std::fs::write(&culture, format!("{text}\n[bogus_table]\nkey = 1\n")).expect("break");
    let broken = until(&s.addr, "/de-DE/handbook.html", |b| {
        b.contains("role=\"alert\"")
    });
    assert!(
        broken.contains("Probierstube"),
        "the last good build is kept"
    );
    assert!(broken.contains("bogus_table"), "the error names the key");
    assert!(broken.contains("cultures/de-DE.toml:"), "with its location");
    std::fs::write(&culture, &text).expect("fix");
    until(&s.addr, "/de-DE/handbook.html", |b| {
        !b.contains("role=\"alert\"") && !b.contains("Probierstube")
    });

    // Nothing outside the build, no listing, only GET and HEAD.
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/cultures/de-DE.toml",
        "/de-DE%2fhandbook.html",
        "/de-DE/",
        "//etc/passwd",
        "/cultures/de-DE.toml",
        "/nothing.html",
    ] {
        assert_eq!(get(&s.addr, path).0, 404, "{path}");
    }
    for method in ["POST", "PUT", "DELETE"] {
        assert_eq!(request(&s.addr, method, "/").0, 405, "{method}");
    }

    // The port is in use now: a second server says so and stops with exit 2.
    let port = s.addr.rsplit(':').next().expect("a port");
    let run = common::csstd(p.path(), &["serve", "--port", port]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(port), "{}", run.stderr);
    // Built files never carry the script: serving wrote nothing.
    assert!(!p.path().join("dist").exists());
}

#[test]
fn a_region_held_back_by_lint_shows_its_findings() {
    let p = common::project("clean");
    let culture = p.path().join("cultures/de-DE.toml");
    let text = std::fs::read_to_string(&culture).expect("the culture");
    // Without a communication profile the region has a lint error.
    let held = text.replace("directness", "x-directness");
    std::fs::write(&culture, held).expect("write");
    let s = serve(p.path(), "0");
    let (status, page) = get(&s.addr, "/de-DE/handbook.html");
    assert_eq!(status, 200);
    assert!(page.contains("held back by lint errors"), "{page}");
    assert!(page.contains("missing-communication-profile"), "{page}");
}
