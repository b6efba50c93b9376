//! Tests of `imvo serve` and `imvo user add`: the real binary, its own store in a temporary
//! directory, a random loopback port.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Stdio;

use crate::support::{fails, imvo, ok};

/// One HTTP/1.1 request over a fresh connection; returns the status line and the body.
fn http(addr: &str, request: &str) -> (String, String) {
    let mut s = TcpStream::connect(addr).expect("the server accepts connections");
    s.write_all(request.as_bytes()).unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let status = text.lines().next().unwrap_or("").to_string();
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (status, body)
}

fn add_user(dir: &std::path::Path, name: &str, role: &str, password: &str) -> std::process::Output {
    let mut child = imvo(dir)
        .args(["user", "add", name, "--role", role, "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn user_add_creates_accounts_and_refuses_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init"]);
    let out = add_user(dir.path(), "anna", "ministry", "a long enough password");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("created account anna (ministry)"));
    // A generated password is printed once.
    let printed = ok(dir.path(), &["user", "add", "bert", "--role", "company"]);
    assert!(printed.contains("password (shown once): "), "{printed}");

    let out = add_user(dir.path(), "anna", "admin", "a long enough password");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("taken"));
    let out = add_user(dir.path(), "carla", "admin", "short");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("password"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = fails(dir.path(), &["user", "add", "dirk", "--role", "king"]);
    assert!(err.contains("king"), "{err}");
}

#[test]
fn serve_refuses_a_missing_store_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let err = fails(dir.path(), &["serve", "--addr", "127.0.0.1:0"]);
    assert!(
        err.contains("imvo demo") || err.contains("imvo init"),
        "{err}"
    );
    assert!(
        !dir.path().join("imvo.db").exists(),
        "no empty store is left behind"
    );
}

#[test]
fn serve_answers_on_its_address_and_logs_in_an_added_user() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init"]);
    let out = add_user(dir.path(), "sec", "secretariat", "a long enough password");
    assert!(out.status.success());
    let mut child = imvo(dir.path())
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("IMVO_LOG", "warn")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("the server prints its address")
            .unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    let (status, body) = http(
        &addr,
        "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    let result = std::panic::catch_unwind(|| {
        assert!(status.contains("200"), "{status}");
        assert!(body.contains("\"status\":\"ok\""), "{body}");
        let login = r#"{"username":"sec","password":"a long enough password"}"#;
        let (status, body) = http(
            &addr,
            &format!(
                "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{login}",
                login.len()
            ),
        );
        assert!(status.contains("200"), "{status} {body}");
        assert!(body.contains("\"role\":\"secretariat\""), "{body}");
    });
    let _ = child.kill();
    let _ = child.wait();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}
