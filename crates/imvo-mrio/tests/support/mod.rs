//! Helpers shared by the integration tests: the fixture, copies of it, and zips of it laid out
//! as EXIOBASE ships them.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

/// The EXIOBASE-3-shaped fixture folder (see tests/fixtures/README.md).
pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exio3_mock")
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// A copy of the fixture in `dir`, to be damaged by a test.
pub fn fixture_copy(dir: &Path) -> PathBuf {
    let to = dir.join("exio3_mock");
    copy_dir(&fixture(), &to);
    to
}

fn add_dir(zip: &mut zip::ZipWriter<std::fs::File>, dir: &Path, prefix: &str) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for p in entries {
        let name = format!("{prefix}{}", p.file_name().unwrap().to_string_lossy());
        if p.is_dir() {
            add_dir(zip, &p, &format!("{name}/"));
        } else {
            zip.start_file(name, opts).unwrap();
            zip.write_all(&std::fs::read(&p).unwrap()).unwrap();
        }
    }
}

/// Zips `folder` as `<dir>/IOT_2011_ixi.zip` with everything under `IOT_2011_ixi/`, as
/// EXIOBASE ships its tables.
pub fn zip_as_exiobase(folder: &Path, dir: &Path) -> PathBuf {
    let path = dir.join("IOT_2011_ixi.zip");
    let f = std::fs::File::create(&path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    add_dir(&mut z, folder, "IOT_2011_ixi/");
    z.finish().unwrap();
    path
}

/// Replaces the first occurrence of `from` by `to` in a file.
pub fn edit(path: &Path, from: &str, to: &str) {
    let s = std::fs::read_to_string(path).unwrap();
    assert!(
        s.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    std::fs::write(path, s.replacen(from, to, 1)).unwrap();
}

/// The Python interpreter with pymrio, or `None` (with a note) when the reference is not
/// required; panics when `IMVO_REQUIRE_REFERENCE=1` and no interpreter is set.
pub fn python() -> Option<PathBuf> {
    match std::env::var_os("IMVO_PYTHON") {
        Some(p) => Some(PathBuf::from(p)),
        None => {
            assert!(
                std::env::var_os("IMVO_REQUIRE_REFERENCE").is_none(),
                "IMVO_REQUIRE_REFERENCE is set but IMVO_PYTHON is not"
            );
            eprintln!("note: IMVO_PYTHON is not set; skipping the comparison with pymrio");
            None
        }
    }
}
