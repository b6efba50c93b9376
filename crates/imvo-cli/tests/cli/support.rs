//! Helpers shared by the test modules: run the binary in a temporary directory.

use std::path::Path;
use std::process::{Command, Output};

/// The `imvo` binary under test, with no inherited store URL and its input-output cache in the
/// test's own directory (not the user's cache folder).
pub fn imvo(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_imvo"));
    cmd.current_dir(dir)
        .env_remove("IMVO_DATABASE_URL")
        .env("IMVO_CACHE_DIR", dir.join(".imvo-cache"));
    cmd
}

/// Runs the binary with `args` in `dir` and returns its output.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    imvo(dir).args(args).output().expect("the imvo binary runs")
}

/// Stdout of a run that must succeed; panics with its stderr otherwise.
#[allow(dead_code)]
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(
        out.status.success(),
        "imvo {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Stderr of a run that must fail.
#[allow(dead_code)]
pub fn fails(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(
        !out.status.success(),
        "imvo {args:?} succeeded but should fail"
    );
    String::from_utf8(out.stderr).expect("utf-8 output")
}
