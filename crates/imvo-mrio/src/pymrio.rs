//! pymrio's folder format: read what `IOSystem.save_all` writes (or an EXIOBASE zip, which uses
//! the same layout) and write it back so that `pymrio.load_all` reads it.
//!
//! A system folder holds `file_parameters.json` (which file holds which array, with how many
//! index columns and header rows), `metadata.json`, one text file per array, and one subfolder
//! per extension with its own `file_parameters.json` (`"systemtype": "Extension"`).
//!
//! Variants pymrio 0.7 writes, all accepted (see its `IOSystem.save`, `fileio.load`):
//! - tables as text (`.txt`, or `.tsv`/`.csv` when `save_all` was given that alias, still
//!   tab-separated) or Parquet (`.parquet`, `.par`, `.parq`); the format is told by each file's
//!   extension, case-insensitively, as pymrio tells it. Pickles (`.pkl`) are Python objects and
//!   are refused with a message saying how to re-save;
//! - `nr_index_col` and `nr_header` as strings (`"2"`, what pymrio writes) or numbers;
//! - an extension's `name` as text, a number or `null` (an `Extension(name=None)`); the
//!   folder's name stands in for a missing one;
//! - `metadata.json` with `null` or numbers for its fields (see [`crate::metadata`]), or no
//!   `metadata.json` at all;
//! - the legacy `FY` key (pymrio < 0.4) and EXIOBASE's `F_hh` for `F_Y`;
//! - arrays imvo does not compute (Ghosh's `B`, `G`, `M_down`) are skipped with a warning in
//!   the log; a subfolder whose `systemtype` is neither `IOSystem` nor `Extension` (pymrio
//!   writes `"undef"` for other classes) is skipped likewise.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::digest::Digests;
use crate::error::MrioError;
use crate::progress::Progress;
use crate::source::Source;
use crate::system::{EXTENSION_ARRAYS, Extension, IoSystem, Labelled, Metadata, TextColumn};
use crate::{parquet, text};

/// How the tables of a folder are stored (pymrio's `save_all(table_format=…)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TableFormat {
    /// Tab-separated text, as pandas' `to_csv(sep="\t")` writes it (pymrio's default).
    #[default]
    Text,
    /// Apache Parquet as pandas' `to_parquet` writes it (snappy-compressed, with the `pandas`
    /// metadata that restores the index and column labels).
    Parquet,
}

impl TableFormat {
    /// The format of a stored table, from its file name's extension as pymrio's
    /// `_get_file_format` tells it; the error says what is wrong.
    pub fn of_file(name: &str) -> Result<Self, String> {
        let ext = Path::new(name)
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "txt" | "tsv" | "csv" => Ok(Self::Text),
            "parquet" | "par" | "parq" => Ok(Self::Parquet),
            "pkl" | "pickle" => Err(format!(
                "{name} is a Python pickle, which only Python can read; re-save the system with \
                 pymrio's save_all(path, table_format=\"parquet\") or the default text format"
            )),
            _ => Err(format!(
                "{name}: unknown table format {ext:?}; pymrio writes .txt, .tsv, .csv, .parquet, \
                 .par or .parq"
            )),
        }
    }

    /// The file extension imvo writes.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Text => "txt",
            Self::Parquet => "parquet",
        }
    }
}

/// Reads `rel` from `src`, recording its hash when asked.
fn fetch(src: &Source, rel: &str, digests: Option<&Digests>) -> Result<Vec<u8>, MrioError> {
    let bytes = src.read(rel)?;
    if let Some(d) = digests {
        d.record(rel, &bytes);
    }
    Ok(bytes)
}

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
        let name = v.get("name").cloned().and_then(crate::metadata::value_text);
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

fn read_params(
    src: &Source,
    folder: &str,
    digests: Option<&Digests>,
) -> Result<FileParameters, MrioError> {
    let rel = join(folder, "file_parameters.json");
    let bytes = fetch(src, &rel, digests).map_err(|e| match e {
        MrioError::Missing { path, .. } => MrioError::Missing {
            path,
            message: "a pymrio folder needs file_parameters.json; write it with pymrio's save_all"
                .into(),
        },
        e => e,
    })?;
    FileParameters::parse(&bytes, &src.display(&rel))
}

fn table_format(src: &Source, rel: &str) -> Result<TableFormat, MrioError> {
    TableFormat::of_file(rel)
        .map_err(|message| MrioError::Invalid(format!("{}: {message}", src.display(rel).display())))
}

fn read_matrix(
    src: &Source,
    folder: &str,
    e: &FileEntry,
    digests: Option<&Digests>,
    progress: &dyn Progress,
) -> Result<Labelled, MrioError> {
    let rel = join(folder, &e.name);
    let format = table_format(src, &rel)?;
    let bytes = fetch(src, &rel, digests)?;
    let path = src.display(&rel);
    match format {
        TableFormat::Text => {
            text::parse_table(&bytes, e.nr_index_col, e.nr_header, &path, progress)
        }
        TableFormat::Parquet => parquet::parse_table(bytes, &path, progress),
    }
}

fn read_unit(
    src: &Source,
    folder: &str,
    e: &FileEntry,
    digests: Option<&Digests>,
) -> Result<TextColumn, MrioError> {
    let rel = join(folder, &e.name);
    let format = table_format(src, &rel)?;
    let bytes = fetch(src, &rel, digests)?;
    let path = src.display(&rel);
    match format {
        TableFormat::Text => text::parse_text_column(&bytes, e.nr_index_col, e.nr_header, &path),
        TableFormat::Parquet => parquet::parse_text_column(bytes, &path),
    }
}

/// Logs an array pymrio saved that imvo neither reads nor computes (Ghosh's `B`, `G`,
/// `M_down`): it is not carried into what imvo writes.
fn skipped(src: &Source, rel: &str) {
    tracing::warn!(file = %src.display(rel).display(), "skipping an array imvo does not use");
}

/// Reads a system from `src` as `pymrio.load_all` does, without checking it.
///
/// `F_hh` (older EXIOBASE releases) and `FY` (pymrio < 0.4) are read as `F_Y` when no `F_Y` is
/// given. Files under keys pymrio's `calc_all` does not produce are skipped.
pub fn read_source(src: &Source, progress: &dyn Progress) -> Result<IoSystem, MrioError> {
    read_source_with(src, progress, None)
}

/// [`read_source`], recording the hash of every file read into `digests`.
pub(crate) fn read_source_with(
    src: &Source,
    progress: &dyn Progress,
    digests: Option<&Digests>,
) -> Result<IoSystem, MrioError> {
    let params = read_params(src, "", digests)?;
    if params.systemtype != "IOSystem" {
        return Err(MrioError::Invalid(format!(
            "{}: systemtype is {:?}, expected \"IOSystem\"; give the system's folder, not an extension's",
            src.display("file_parameters.json").display(),
            params.systemtype
        )));
    }
    let mut sys = IoSystem::default();
    if src.exists("metadata.json") {
        let bytes = fetch(src, "metadata.json", digests)?;
        sys.meta = serde_json::from_slice::<Metadata>(&bytes).map_err(|e| MrioError::Json {
            path: src.display("metadata.json"),
            message: format!(
                "{e}; pymrio writes an object with description, name, system, version and history"
            ),
        })?;
    }
    for e in &params.files {
        if e.key == "unit" {
            sys.unit = Some(read_unit(src, "", e, digests)?);
        } else if let Some(slot) = sys.array_slot(&e.key) {
            *slot = Some(read_matrix(src, "", e, digests, progress)?);
        } else {
            skipped(src, &e.name);
        }
    }
    for folder in src.extension_folders()? {
        let p = read_params(src, &folder, digests)?;
        if p.systemtype != "Extension" {
            tracing::warn!(
                folder = %src.display(&folder).display(),
                systemtype = %p.systemtype,
                "skipping a subfolder that is neither a system nor an extension"
            );
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
                "unit" => ext.unit = Some(read_unit(src, &folder, e, digests)?),
                "F_hh" | "FY" => f_hh = Some(read_matrix(src, &folder, e, digests, progress)?),
                k => match ext.array_slot(k) {
                    Some(slot) => *slot = Some(read_matrix(src, &folder, e, digests, progress)?),
                    None => skipped(src, &join(&folder, &e.name)),
                },
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
    format: TableFormat,
    params: &mut FileParameters,
    progress: &dyn Progress,
) -> Result<(), MrioError> {
    let name = format!("{key}.{}", format.extension());
    let path = dir.join(&name);
    let mut w = create(&path)?;
    let (ic, hr) = match format {
        TableFormat::Text => {
            text::write_table(m, &mut w, progress).map_err(|e| MrioError::io(&path, e))?
        }
        TableFormat::Parquet => parquet::write_table(m, &mut w, &path, progress)?,
    };
    w.flush().map_err(|e| MrioError::io(&path, e))?;
    params.files.push(FileEntry {
        key: key.into(),
        name,
        nr_index_col: ic,
        nr_header: hr,
    });
    Ok(())
}

fn write_unit(
    dir: &Path,
    t: &TextColumn,
    format: TableFormat,
    params: &mut FileParameters,
) -> Result<(), MrioError> {
    let name = format!("unit.{}", format.extension());
    let path = dir.join(&name);
    let mut w = create(&path)?;
    let (ic, hr) = match format {
        TableFormat::Text => {
            text::write_text_column(t, &mut w).map_err(|e| MrioError::io(&path, e))?
        }
        TableFormat::Parquet => parquet::write_text_column(t, &mut w, &path)?,
    };
    w.flush().map_err(|e| MrioError::io(&path, e))?;
    params.files.push(FileEntry {
        key: "unit".into(),
        name,
        nr_index_col: ic,
        nr_header: hr,
    });
    Ok(())
}

/// Writes every array of `sys` into `dir` (which must exist and be empty) in pymrio's layout.
fn write_into(
    sys: &IoSystem,
    dir: &Path,
    format: TableFormat,
    progress: &dyn Progress,
) -> Result<(), MrioError> {
    let mut params = FileParameters {
        systemtype: "IOSystem".into(),
        name: None,
        files: Vec::new(),
    };
    for key in ["Z", "Y", "x", "A", "L"] {
        if let Some(m) = sys.array(key) {
            write_matrix(dir, key, m, format, &mut params, progress)?;
        }
    }
    if let Some(u) = &sys.unit {
        write_unit(dir, u, format, &mut params)?;
    }
    if let Some(p) = &sys.population {
        write_matrix(dir, "population", p, format, &mut params, progress)?;
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
                write_matrix(&edir, key, m, format, &mut p, progress)?;
            }
            if key == "D_exp"
                && let Some(u) = &ext.unit
            {
                // pymrio writes unit after the D_* arrays and before the regional sums.
                write_unit(&edir, u, format, &mut p)?;
            }
        }
        write_json(&edir.join("file_parameters.json"), &p.to_json())?;
    }
    Ok(())
}

/// Writes `sys` as a pymrio folder of text tables at `out`; see [`write_pymrio_as`].
pub fn write_pymrio(sys: &IoSystem, out: &Path, progress: &dyn Progress) -> Result<(), MrioError> {
    write_pymrio_as(sys, out, TableFormat::Text, progress)
}

/// Writes `sys` as a pymrio folder at `out`, all or nothing: the files are written to a
/// temporary folder beside `out`, which then replaces `out`. An existing `out` is replaced only
/// when it is empty or holds a `file_parameters.json` (an earlier output); any other folder is
/// left alone and the write fails, so a typo cannot delete unrelated files. `format` chooses
/// text or Parquet tables; `pymrio.load_all` reads either.
pub fn write_pymrio_as(
    sys: &IoSystem,
    out: &Path,
    format: TableFormat,
    progress: &dyn Progress,
) -> Result<(), MrioError> {
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
    if let Err(e) = write_into(sys, &tmp, format, progress) {
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
