//! pymrio's folder format: read what `IOSystem.save_all` writes (or an EXIOBASE zip, which uses
//! the same layout) and write it back so that `pymrio.load_all` reads it.
//!
//! A system folder holds `file_parameters.json` (which file holds which array, with how many
//! index columns and header rows), `metadata.json`, one text file per array, and one subfolder
//! per extension with its own `file_parameters.json` (`"systemtype": "Extension"`).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::MrioError;
use crate::progress::Progress;
use crate::source::Source;
use crate::system::{EXTENSION_ARRAYS, Extension, IoSystem, Labelled, Metadata, TextColumn};
use crate::text;

/// One entry of `file_parameters.json`.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// The array's name in pymrio (`Z`, `F_Y`, `unit` …).
    pub key: String,
    /// File name relative to the folder.
    pub name: String,
    /// Index columns.
    pub nr_index_col: usize,
    /// Header rows.
    pub nr_header: usize,
}

/// `file_parameters.json`: the files of a system or extension, in file order.
#[derive(Debug, Clone)]
pub struct FileParameters {
    /// `IOSystem` or `Extension`.
    pub systemtype: String,
    /// The extension's display name (extensions only).
    pub name: Option<String>,
    /// The files, in the order the JSON lists them.
    pub files: Vec<FileEntry>,
}

fn count(v: &serde_json::Value) -> Option<usize> {
    match v {
        serde_json::Value::String(s) => s.trim().parse().ok(),
        serde_json::Value::Number(n) => n.as_u64().map(|n| n as usize),
        _ => None,
    }
}

impl FileParameters {
    /// Parses the JSON text; `path` names the file in errors.
    pub fn parse(text: &[u8], path: &Path) -> Result<Self, MrioError> {
        let jerr = |message: String| MrioError::Json {
            path: path.to_path_buf(),
            message,
        };
        let v: serde_json::Value =
            serde_json::from_slice(text).map_err(|e| jerr(format!("not valid JSON: {e}")))?;
        let systemtype = v
            .get("systemtype")
            .and_then(|s| s.as_str())
            .ok_or_else(|| jerr("no \"systemtype\" (IOSystem or Extension)".into()))?
            .to_string();
        let name = v.get("name").and_then(|s| s.as_str()).map(str::to_string);
        let files_v = v
            .get("files")
            .and_then(|f| f.as_object())
            .ok_or_else(|| jerr("no \"files\" object".into()))?;
        let mut files = Vec::with_capacity(files_v.len());
        for (key, e) in files_v {
            let field = |f: &str| {
                e.get(f)
                    .ok_or_else(|| jerr(format!("files.{key} has no \"{f}\"")))
            };
            let name = field("name")?
                .as_str()
                .ok_or_else(|| jerr(format!("files.{key}.name is not text")))?
                .to_string();
            let nr_index_col = count(field("nr_index_col")?)
                .ok_or_else(|| jerr(format!("files.{key}.nr_index_col is not a count")))?;
            let nr_header = count(field("nr_header")?)
                .ok_or_else(|| jerr(format!("files.{key}.nr_header is not a count")))?;
            if name.contains("..") || name.starts_with('/') {
                return Err(jerr(format!(
                    "files.{key}.name {name:?} points outside the folder"
                )));
            }
            files.push(FileEntry {
                key: key.clone(),
                name,
                nr_index_col,
                nr_header,
            });
        }
        Ok(Self {
            systemtype,
            name,
            files,
        })
    }

    fn to_json(&self) -> serde_json::Value {
        let mut files = serde_json::Map::new();
        for f in &self.files {
            files.insert(
                f.key.clone(),
                serde_json::json!({
                    "name": f.name,
                    "nr_index_col": f.nr_index_col.to_string(),
                    "nr_header": f.nr_header.to_string(),
                }),
            );
        }
        let mut root = serde_json::Map::new();
        root.insert("files".into(), files.into());
        root.insert("systemtype".into(), self.systemtype.clone().into());
        if let Some(n) = &self.name {
            root.insert("name".into(), n.clone().into());
        }
        root.into()
    }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}/{name}")
    }
}

fn read_params(src: &Source, folder: &str) -> Result<FileParameters, MrioError> {
    let rel = join(folder, "file_parameters.json");
    let bytes = src.read(&rel).map_err(|e| match e {
        MrioError::Missing { path, .. } => MrioError::Missing {
            path,
            message: "a pymrio folder needs file_parameters.json; write it with pymrio's save_all"
                .into(),
        },
        e => e,
    })?;
    FileParameters::parse(&bytes, &src.display(&rel))
}

fn read_matrix(
    src: &Source,
    folder: &str,
    e: &FileEntry,
    progress: &dyn Progress,
) -> Result<Labelled, MrioError> {
    let rel = join(folder, &e.name);
    let bytes = src.read(&rel)?;
    text::parse_table(
        &bytes,
        e.nr_index_col,
        e.nr_header,
        &src.display(&rel),
        progress,
    )
}

fn read_unit(src: &Source, folder: &str, e: &FileEntry) -> Result<TextColumn, MrioError> {
    let rel = join(folder, &e.name);
    let bytes = src.read(&rel)?;
    text::parse_text_column(&bytes, e.nr_index_col, e.nr_header, &src.display(&rel))
}

/// Reads a system from `src` as `pymrio.load_all` does, without checking it.
///
/// `F_hh` (older EXIOBASE releases) and `FY` (pymrio < 0.4) are read as `F_Y` when no `F_Y` is
/// given. Files under keys pymrio's `calc_all` does not produce are skipped.
pub fn read_source(src: &Source, progress: &dyn Progress) -> Result<IoSystem, MrioError> {
    let params = read_params(src, "")?;
    if params.systemtype != "IOSystem" {
        return Err(MrioError::Invalid(format!(
            "{}: systemtype is {:?}, expected \"IOSystem\"; give the system's folder, not an extension's",
            src.display("file_parameters.json").display(),
            params.systemtype
        )));
    }
    let mut sys = IoSystem::default();
    if src.exists("metadata.json") {
        let bytes = src.read("metadata.json")?;
        sys.meta = serde_json::from_slice::<Metadata>(&bytes).map_err(|e| MrioError::Json {
            path: src.display("metadata.json"),
            message: e.to_string(),
        })?;
    }
    for e in &params.files {
        if e.key == "unit" {
            sys.unit = Some(read_unit(src, "", e)?);
        } else if let Some(slot) = sys.array_slot(&e.key) {
            *slot = Some(read_matrix(src, "", e, progress)?);
        }
    }
    for folder in src.extension_folders()? {
        let p = read_params(src, &folder)?;
        if p.systemtype != "Extension" {
            continue;
        }
        let mut ext = Extension {
            folder: folder.clone(),
            name: p.name.clone().unwrap_or_else(|| folder.clone()),
            ..Extension::default()
        };
        let mut f_hh = None;
        for e in &p.files {
            match e.key.as_str() {
                "unit" => ext.unit = Some(read_unit(src, &folder, e)?),
                "F_hh" | "FY" => f_hh = Some(read_matrix(src, &folder, e, progress)?),
                k => {
                    if let Some(slot) = ext.array_slot(k) {
                        *slot = Some(read_matrix(src, &folder, e, progress)?);
                    }
                }
            }
        }
        if ext.f_y.is_none() {
            ext.f_y = f_hh;
        }
        sys.extensions.push(ext);
    }
    Ok(sys)
}

/// Reads a pymrio folder (or a zip holding one) and checks it (see [`IoSystem::check`]).
pub fn read_pymrio(path: &Path, progress: &dyn Progress) -> Result<IoSystem, MrioError> {
    let src = Source::open(path)?;
    let sys = read_source(&src, progress)?;
    sys.check()?;
    Ok(sys)
}

fn create(path: &Path) -> Result<BufWriter<std::fs::File>, MrioError> {
    let f = std::fs::File::create(path).map_err(|e| MrioError::io(path, e))?;
    Ok(BufWriter::with_capacity(1 << 20, f))
}

fn write_json(path: &Path, v: &impl serde::Serialize) -> Result<(), MrioError> {
    let mut w = create(path)?;
    serde_json::to_writer_pretty(&mut w, v).map_err(|e| MrioError::Json {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    w.flush().map_err(|e| MrioError::io(path, e))
}

fn write_matrix(
    dir: &Path,
    key: &str,
    m: &Labelled,
    params: &mut FileParameters,
    progress: &dyn Progress,
) -> Result<(), MrioError> {
    let name = format!("{key}.txt");
    let path = dir.join(&name);
    let mut w = create(&path)?;
    let (ic, hr) = text::write_table(m, &mut w, progress).map_err(|e| MrioError::io(&path, e))?;
    w.flush().map_err(|e| MrioError::io(&path, e))?;
    params.files.push(FileEntry {
        key: key.into(),
        name,
        nr_index_col: ic,
        nr_header: hr,
    });
    Ok(())
}

fn write_unit(dir: &Path, t: &TextColumn, params: &mut FileParameters) -> Result<(), MrioError> {
    let path = dir.join("unit.txt");
    let mut w = create(&path)?;
    let (ic, hr) = text::write_text_column(t, &mut w).map_err(|e| MrioError::io(&path, e))?;
    w.flush().map_err(|e| MrioError::io(&path, e))?;
    params.files.push(FileEntry {
        key: "unit".into(),
        name: "unit.txt".into(),
        nr_index_col: ic,
        nr_header: hr,
    });
    Ok(())
}

/// Writes every array of `sys` into `dir` (which must exist and be empty) in pymrio's layout.
fn write_into(sys: &IoSystem, dir: &Path, progress: &dyn Progress) -> Result<(), MrioError> {
    let mut params = FileParameters {
        systemtype: "IOSystem".into(),
        name: None,
        files: Vec::new(),
    };
    for key in ["Z", "Y", "x", "A", "L"] {
        if let Some(m) = sys.array(key) {
            write_matrix(dir, key, m, &mut params, progress)?;
        }
    }
    if let Some(u) = &sys.unit {
        write_unit(dir, u, &mut params)?;
    }
    if let Some(p) = &sys.population {
        write_matrix(dir, "population", p, &mut params, progress)?;
    }
    write_json(&dir.join("file_parameters.json"), &params.to_json())?;
    write_json(&dir.join("metadata.json"), &sys.meta)?;
    for ext in &sys.extensions {
        if ext.folder.is_empty() || ext.folder.contains(['/', '\\']) || ext.folder.starts_with('.')
        {
            return Err(MrioError::Invalid(format!(
                "extension folder name {:?} is not a plain folder name",
                ext.folder
            )));
        }
        let edir = dir.join(&ext.folder);
        std::fs::create_dir(&edir).map_err(|e| MrioError::io(&edir, e))?;
        let mut p = FileParameters {
            systemtype: "Extension".into(),
            name: Some(ext.name.clone()),
            files: Vec::new(),
        };
        for key in EXTENSION_ARRAYS {
            if let Some(m) = ext.array(key) {
                write_matrix(&edir, key, m, &mut p, progress)?;
            }
            if key == "D_exp"
                && let Some(u) = &ext.unit
            {
                // pymrio writes unit after the D_* arrays and before the regional sums.
                write_unit(&edir, u, &mut p)?;
            }
        }
        write_json(&edir.join("file_parameters.json"), &p.to_json())?;
    }
    Ok(())
}

/// Writes `sys` as a pymrio folder at `out`, all or nothing: the files are written to a
/// temporary folder beside `out`, which then replaces `out`. An existing `out` is replaced only
/// when it is empty or holds a `file_parameters.json` (an earlier output); any other folder is
/// left alone and the write fails, so a typo cannot delete unrelated files.
pub fn write_pymrio(sys: &IoSystem, out: &Path, progress: &dyn Progress) -> Result<(), MrioError> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .ok_or_else(|| MrioError::Invalid(format!("{}: not a folder name", out.display())))?
        .to_string_lossy()
        .into_owned();
    if out.exists() {
        let replaceable = out.is_dir()
            && (out.join("file_parameters.json").is_file()
                || std::fs::read_dir(out)
                    .map(|mut d| d.next().is_none())
                    .unwrap_or(false));
        if !replaceable {
            return Err(MrioError::Invalid(format!(
                "{}: exists and is not an earlier pymrio output; choose another --out or remove it",
                out.display()
            )));
        }
    }
    std::fs::create_dir_all(&parent).map_err(|e| MrioError::io(&parent, e))?;
    let tmp = parent.join(format!(".{name}.imvo-tmp-{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| MrioError::io(&tmp, e))?;
    }
    std::fs::create_dir(&tmp).map_err(|e| MrioError::io(&tmp, e))?;
    if let Err(e) = write_into(sys, &tmp, progress) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if out.exists() {
        let old = parent.join(format!(".{name}.imvo-old-{}", std::process::id()));
        std::fs::rename(out, &old).map_err(|e| MrioError::io(out, e))?;
        std::fs::rename(&tmp, out).map_err(|e| MrioError::io(out, e))?;
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(&tmp, out).map_err(|e| MrioError::io(out, e))?;
    }
    Ok(())
}
