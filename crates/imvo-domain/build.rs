//! Fingerprints the crate's source for `imvo_domain::SHAPE`.
//!
//! A saved portfolio (`imvo_app::snapshot`) is encoded without field names, so a build whose
//! read model differs in shape could read another build's bytes as something else, or fail
//! half-way through a part it decodes late. Every type of the read model is defined in this
//! crate, so a hash of its source changes whenever the shape may have: saved portfolios are
//! tagged with it and read back only by a build with the same one. It changes on edits that
//! leave the shape alone too, which costs one replay per store, never a wrong portfolio.

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=src");
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    files.sort();
    // FNV-1a, 64 bits: not a defence against anyone, a fingerprint of the files' names and text.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in &files {
        let name = file.to_string_lossy().replace('\\', "/");
        let text = fs::read(file).expect("a source file of the crate reads");
        for byte in name.bytes().chain([0]).chain(text).chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=IMVO_DOMAIN_SHAPE={hash:016x}");
}

/// Every file under `dir`, recursively.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("the crate's source directory reads") {
        let path = entry.expect("a directory entry reads").path();
        if path.is_dir() {
            sources(&path, out);
        } else {
            out.push(path);
        }
    }
}
