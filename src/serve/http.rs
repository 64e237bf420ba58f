//! Answering one request: only `GET` and `HEAD`, only the files the build made, never a
//! path outside it; HTML pages get the reload script and, while the last rebuild failed,
//! the errors. Built files themselves never contain either.

use super::site::Site;
use crate::render::markdown::escape_html;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response};

/// Where open pages wait for the next rebuild (long polling).
pub const WAIT_PATH: &str = "/__csstd/wait";

/// How long one wait request is held open before the page asks again.
const WAIT: Duration = Duration::from_secs(25);

/// The script added to served HTML pages: wait for the next generation, then reload.
fn reload_script(generation: u64) -> String {
    format!(
        "<script>(function(){{var g={generation};function w(){{fetch('{WAIT_PATH}?g='+g)\
         .then(function(r){{return r.text();}}).then(function(t){{if(+t!==g){{location.reload();}}\
         else{{w();}}}}).catch(function(){{setTimeout(w,1000);}});}}w();}})();</script>"
    )
}

/// The file a request path names, if it names one the build may serve: no `..`, no
/// encoded dot, slash or backslash, no absolute or empty segment, no folder.
pub fn file_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let rest = path.strip_prefix('/')?;
    if rest.is_empty() {
        return Some("index.html".into());
    }
    let lower = rest.to_ascii_lowercase();
    if lower.contains('%') || rest.contains('\\') || rest.contains(':') {
        // Built files have plain names; any encoding is refused rather than decoded.
        return None;
    }
    if rest.ends_with('/')
        || rest
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return None;
    }
    Some(rest.to_owned())
}

/// The content type of a built file.
fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("md") => "text/markdown; charset=utf-8",
        Some("json") => "application/json",
        Some("css") => "text/css; charset=utf-8",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body.as_bytes().to_vec())
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

/// A page for a region held back by lint errors, or for a build that never succeeded.
fn problem_page(title: &str, body: &str) -> Vec<u8> {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body><h1>{}</h1><pre>{}</pre></body></html>\n",
        escape_html(title),
        escape_html(title),
        escape_html(body)
    )
    .into_bytes()
}

/// Adds the error banner and the reload script to an HTML page.
fn decorate(page: &[u8], errors: Option<&str>, generation: u64) -> Vec<u8> {
    let page = String::from_utf8_lossy(page);
    let banner = errors.map(|e| {
        format!(
            "<div role=\"alert\" style=\"border:3px solid #b00020;background:#fff4f4;color:#000;\
             padding:1rem;margin:1rem;font-family:monospace;white-space:pre-wrap\">\
             <strong>The last rebuild failed; this is the last good build.</strong>\n{}</div>",
            escape_html(e)
        )
    });
    let script = reload_script(generation);
    let mut out = String::with_capacity(page.len() + script.len() + 512);
    match (page.find("<body"), banner) {
        (Some(at), Some(banner)) => {
            let open_end = page[at..].find('>').map_or(page.len(), |i| at + i + 1);
            out.push_str(&page[..open_end]);
            out.push_str(&banner);
            out.push_str(&page[open_end..]);
        }
        _ => out.push_str(&page),
    }
    match out.rfind("</body>") {
        Some(at) => out.insert_str(at, &script),
        None => out.push_str(&script),
    }
    out.into_bytes()
}

/// Answers one request.
pub fn answer(site: &Site, request: Request) {
    let method = request.method().clone();
    let url = request.url().to_owned();
    if method != Method::Get && method != Method::Head {
        let response = text(405, "only GET and HEAD\n").with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    if let Some(query) = url.strip_prefix(WAIT_PATH) {
        let seen = query
            .strip_prefix("?g=")
            .and_then(|g| g.parse::<u64>().ok())
            .unwrap_or(0);
        let generation = site.wait(seen, WAIT);
        let _ = request.respond(text(200, &generation.to_string()));
        return;
    }
    let state = site.state();
    let Some(path) = file_path(&url) else {
        let _ = request.respond(text(404, "not found\n"));
        return;
    };
    let held = path
        .split_once('/')
        .and_then(|(region, file)| file.starts_with("handbook.").then_some(region))
        .and_then(|region| state.held.get(region).map(|f| (region, f)));
    let body = match (state.files.get(&path), held) {
        (_, Some((region, findings))) if path.ends_with(".html") || path.ends_with(".md") => Some(
            problem_page(&format!("`{region}` is held back by lint errors"), findings),
        ),
        (Some(bytes), _) => Some(bytes.clone()),
        (None, _) if path == "index.html" && state.errors.is_some() => {
            Some(problem_page("csstd could not build this project", ""))
        }
        (None, _) => None,
    };
    let Some(body) = body else {
        let _ = request.respond(text(404, "not found\n"));
        return;
    };
    let is_html = path.ends_with(".html");
    let body = if is_html {
        decorate(&body, state.errors.as_deref(), state.generation)
    } else {
        body
    };
    let response = Response::from_data(body)
        .with_header(header("Content-Type", content_type(&path)))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_inside_the_build_are_served() {
        assert_eq!(file_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            file_path("/de-DE/handbook.html?x=1").as_deref(),
            Some("de-DE/handbook.html")
        );
        for bad in [
            "/../Cargo.toml",
            "/de-DE/../../etc/passwd",
            "/%2e%2e/secret",
            "/de-DE%2fhandbook.html",
            "/de-DE%5chandbook.html",
            "/de-DE/",
            "//etc/passwd",
            "/C:/x",
            "/a\\b",
            "relative",
        ] {
            assert_eq!(file_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn served_pages_get_the_script_and_the_banner() {
        let page = b"<html><body class=\"x\"><p>hi</p></body></html>";
        let out = String::from_utf8(decorate(page, Some("error: <bad>"), 7)).unwrap();
        assert!(out.contains("<body class=\"x\"><div role=\"alert\""));
        assert!(out.contains("error: &lt;bad&gt;"));
        assert!(out.contains("var g=7;"));
        assert!(out.ends_with("</script></body></html>"));
    }
}
