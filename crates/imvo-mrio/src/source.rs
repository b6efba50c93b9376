//! Where a system's files come from: a folder on disk or a zip archive (EXIOBASE ships zips with
//! one folder inside). Both answer the same questions — read a file by its path relative to the
//! system root, list the extension subfolders — so the pymrio reader is written once.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::MrioError;

/// A system root: a folder, or a folder inside a zip archive.
#[derive(Debug, Clone)]
pub enum Source {
    /// A folder holding `file_parameters.json`.
    Dir(PathBuf),
    /// A zip archive; `root` is the folder inside it that holds the system's
    /// `file_parameters.json` (`""` for the archive root, else ending in `/`).
    Zip {
        /// The archive.
        path: PathBuf,
        /// The system's folder inside the archive.
        root: String,
        /// All entry names of the archive.
        names: Vec<String>,
    },
}

fn zip_err(path: &Path, e: impl std::fmt::Display) -> MrioError {
    MrioError::Zip {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn open_zip(path: &Path) -> Result<zip::ZipArchive<File>, MrioError> {
    let f = File::open(path).map_err(|e| MrioError::io(path, e))?;
    zip::ZipArchive::new(f).map_err(|e| zip_err(path, e))
}

impl Source {
    /// Opens `path`: a zip archive when its name ends in `.zip` or it starts with the zip
    /// signature, else a folder. In a zip, the system's folder is the one whose
    /// `file_parameters.json` has `"systemtype": "IOSystem"`; there must be exactly one.
    pub fn open(path: &Path) -> Result<Self, MrioError> {
        let meta = std::fs::metadata(path).map_err(|e| MrioError::Missing {
            path: path.to_path_buf(),
            message: format!("{e}; give a pymrio folder or an EXIOBASE zip"),
        })?;
        if meta.is_dir() {
            return Ok(Self::Dir(path.to_path_buf()));
        }
        let mut archive = open_zip(path)?;
        let names: Vec<String> = archive
            .file_names()
            .map(|n| n.map(|n| n.into_owned()))
            .collect::<Result<_, _>>()
            .map_err(|e| zip_err(path, e))?;
        let mut roots = Vec::new();
        for n in &names {
            if n == "file_parameters.json" || n.ends_with("/file_parameters.json") {
                let mut text = String::new();
                archive
                    .by_name(n)
                    .map_err(|e| zip_err(path, e))?
                    .read_to_string(&mut text)
                    .map_err(|e| zip_err(path, format!("{n}: {e}")))?;
                let v: serde_json::Value =
                    serde_json::from_str(&text).map_err(|e| MrioError::Json {
                        path: path.join(n),
                        message: e.to_string(),
                    })?;
                if v.get("systemtype").and_then(|s| s.as_str()) == Some("IOSystem") {
                    roots.push(n[..n.len() - "file_parameters.json".len()].to_string());
                }
            }
        }
        match roots.len() {
            1 => Ok(Self::Zip {
                path: path.to_path_buf(),
                root: roots.pop().unwrap_or_default(),
                names,
            }),
            0 => Err(MrioError::Missing {
                path: path.join("file_parameters.json"),
                message: "the archive holds no file_parameters.json with systemtype IOSystem; \
                          is this an EXIOBASE 3 IOT zip?"
                    .into(),
            }),
            k => Err(MrioError::Invalid(format!(
                "{}: the archive holds {k} systems ({}); extract the one you want",
                path.display(),
                roots.join(", ")
            ))),
        }
    }

    /// How a file of the system is named in messages (`archive.zip/IOT_2011_ixi/A.txt` for a zip).
    pub fn display(&self, rel: &str) -> PathBuf {
        match self {
            Self::Dir(d) => d.join(rel),
            Self::Zip { path, root, .. } => path.join(format!("{root}{rel}")),
        }
    }

    /// The archive or folder itself.
    pub fn path(&self) -> &Path {
        match self {
            Self::Dir(d) => d,
            Self::Zip { path, .. } => path,
        }
    }

    /// True when the file exists.
    pub fn exists(&self, rel: &str) -> bool {
        match self {
            Self::Dir(d) => d.join(rel).is_file(),
            Self::Zip { root, names, .. } => {
                let full = format!("{root}{rel}");
                names.contains(&full)
            }
        }
    }

    /// Reads a whole file. Fails with [`MrioError::Missing`] when it is absent and
    /// [`MrioError::Zip`] when the archive entry is damaged (a truncated download).
    pub fn read(&self, rel: &str) -> Result<Vec<u8>, MrioError> {
        if !self.exists(rel) {
            return Err(MrioError::Missing {
                path: self.display(rel),
                message: "file_parameters.json lists it but the file is not there".into(),
            });
        }
        match self {
            Self::Dir(d) => {
                let p = d.join(rel);
                std::fs::read(&p).map_err(|e| MrioError::io(p, e))
            }
            Self::Zip { path, root, .. } => {
                // One archive handle per read, so files decompress in parallel.
                let mut archive = open_zip(path)?;
                let full = format!("{root}{rel}");
                let mut entry = archive.by_name(&full).map_err(|e| zip_err(path, e))?;
                let mut out = Vec::with_capacity(entry.size().min(1 << 32) as usize);
                entry
                    .read_to_end(&mut out)
                    .map_err(|e| zip_err(path, format!("{full}: {e}")))?;
                Ok(out)
            }
        }
    }

    /// Direct subfolders of the system root that hold a `file_parameters.json` (the
    /// extensions), sorted by name so that the order does not depend on the file system.
    pub fn extension_folders(&self) -> Result<Vec<String>, MrioError> {
        let mut out = Vec::new();
        match self {
            Self::Dir(d) => {
                let rd = std::fs::read_dir(d).map_err(|e| MrioError::io(d, e))?;
                for entry in rd {
                    let entry = entry.map_err(|e| MrioError::io(d, e))?;
                    if entry.path().is_dir() && entry.path().join("file_parameters.json").is_file()
                    {
                        out.push(entry.file_name().to_string_lossy().into_owned());
                    }
                }
            }
            Self::Zip { root, names, .. } => {
                for n in names {
                    if let Some(rest) = n.strip_prefix(root.as_str())
                        && let Some(folder) = rest.strip_suffix("/file_parameters.json")
                        && !folder.is_empty()
                        && !folder.contains('/')
                    {
                        out.push(folder.to_string());
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// Every input file with its size and modification time (nanoseconds since the epoch),
    /// for the cache to tell whether the input changed. For a zip, the archive itself.
    pub fn fingerprint(&self) -> Result<Vec<(String, u64, u128)>, MrioError> {
        fn stamp(p: &Path) -> Result<(u64, u128), MrioError> {
            let m = std::fs::metadata(p).map_err(|e| MrioError::io(p, e))?;
            let t = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            Ok((m.len(), t))
        }
        let mut out = Vec::new();
        match self {
            Self::Zip { path, .. } => {
                let (s, t) = stamp(path)?;
                out.push((String::new(), s, t));
            }
            Self::Dir(d) => {
                let mut stack = vec![d.clone()];
                while let Some(dir) = stack.pop() {
                    let rd = std::fs::read_dir(&dir).map_err(|e| MrioError::io(&dir, e))?;
                    for entry in rd {
                        let entry = entry.map_err(|e| MrioError::io(&dir, e))?;
                        let p = entry.path();
                        if p.is_dir() {
                            stack.push(p);
                        } else {
                            let (s, t) = stamp(&p)?;
                            let rel = p.strip_prefix(d).unwrap_or(&p).to_string_lossy().into();
                            out.push((rel, s, t));
                        }
                    }
                }
            }
        }
        out.sort();
        Ok(out)
    }
}
