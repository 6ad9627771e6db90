//! A hub in a folder: the app's own data directory by default, or a network share
//! (including Windows UNC paths such as `\\trust-fs01\innovation\sprout-hub`).
//!
//! Network file systems are unreliable about locks, modification times and
//! rename-over-existing, so this uses none of them. A file is written whole under a
//! hidden temporary name, then hard-linked to its real name: the link is atomic and
//! refuses to replace an existing file. Where a share has no hard links, the file is
//! created with create-only semantics (`O_EXCL` / `CREATE_NEW`) instead.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};
use crate::hub::{Created, Hub, check_path, check_size};

#[derive(Debug, Clone)]
pub struct FolderHub {
    root: PathBuf,
}

impl FolderHub {
    /// A hub rooted at `root`, which must already exist (see [`FolderHub::create_root`]).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        FolderHub { root: root.into() }
    }

    /// Creates the hub's folder if needed: for a new hub, never for joining one.
    pub fn create_root(root: impl Into<PathBuf>) -> Result<Self> {
        let hub = Self::new(root);
        fs::create_dir_all(&hub.root).map_err(|e| hub.err("", e))?;
        Ok(hub)
    }

    fn resolve(&self, path: &str) -> Result<PathBuf> {
        check_path(path)?;
        Ok(path.split('/').fold(self.root.clone(), |p, part| p.join(part)))
    }

    fn err(&self, path: &str, e: std::io::Error) -> Error {
        Error::io(path, &self.location(), e)
    }

    /// Fails with a clear message when the share is not mounted or not reachable.
    fn reachable(&self) -> Result<()> {
        match fs::metadata(&self.root) {
            Ok(m) if m.is_dir() => Ok(()),
            Ok(_) => Err(Error::Unreachable {
                location: self.location(),
                reason: "it is a file, not a folder".into(),
            }),
            Err(e) => Err(Error::Unreachable { location: self.location(), reason: e.to_string() }),
        }
    }

    /// Refuses a path any part of which, inside the hub, is a symlink, or whose last
    /// part exists and is not a regular file. So a planted symlink is never followed and
    /// a folder, FIFO or device in a file's place is never opened.
    fn check_entry(&self, path: &str) -> Result<()> {
        let mut at = self.root.clone();
        let parts: Vec<&str> = path.split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            at.push(part);
            let last = i + 1 == parts.len();
            let meta = match fs::symlink_metadata(&at) {
                Ok(meta) => meta,
                Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
                Err(e) => return Err(self.err(path, e)),
            };
            let kind = meta.file_type();
            let what = if kind.is_symlink() {
                Some("a symbolic link")
            } else if last && kind.is_dir() {
                Some("a folder")
            } else if last && !kind.is_file() {
                Some("a special file (a FIFO, socket or device)")
            } else if !last && !kind.is_dir() {
                Some("a file in a folder's place")
            } else {
                None
            };
            if let Some(what) = what {
                let shown = parts[..=i].join("/");
                return Err(Error::NotAFile { path: shown, what });
            }
        }
        Ok(())
    }

    fn same_bytes(&self, path: &str, bytes: &[u8]) -> Result<Created> {
        let existing = self.read(path, bytes.len() as u64 + 1);
        if existing.is_ok_and(|existing| existing == bytes) {
            Ok(Created::AlreadyThere)
        } else {
            Err(Error::Conflict { path: path.to_owned() })
        }
    }
}

impl Hub for FolderHub {
    fn location(&self) -> String {
        self.root.display().to_string()
    }

    fn list(&self, prefix: &str) -> Result<Vec<String>> {
        self.reachable()?;
        let prefix = prefix.trim_end_matches('/');
        let start = if prefix.is_empty() { self.root.clone() } else { self.resolve(prefix)? };
        let mut found = Vec::new();
        let mut pending = vec![(start, prefix.to_owned())];
        while let Some((dir, rel)) = pending.pop() {
            let entries = match fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) if e.kind() == ErrorKind::NotFound => continue,
                Err(e) => return Err(self.err(&rel, e)),
            };
            for entry in entries {
                let entry = entry.map_err(|e| self.err(&rel, e))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                // Temporary files of writers in progress, and anything a person dropped
                // in with a name no writer would use, are not part of the hub.
                if name.starts_with('.') {
                    continue;
                }
                let child = if rel.is_empty() { name } else { format!("{rel}/{name}") };
                let kind = entry.file_type().map_err(|e| self.err(&child, e))?;
                if kind.is_dir() {
                    pending.push((entry.path(), child));
                } else if kind.is_file() && check_path(&child).is_ok() {
                    found.push(child);
                }
            }
        }
        found.sort();
        Ok(found)
    }

    fn folders(&self, prefix: &str) -> Result<Vec<String>> {
        self.reachable()?;
        let prefix = prefix.trim_end_matches('/');
        let dir = if prefix.is_empty() { self.root.clone() } else { self.resolve(prefix)? };
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.err(prefix, e)),
        };
        let mut found = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| self.err(prefix, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') && entry.file_type().is_ok_and(|t| t.is_dir()) {
                found.push(name);
            }
        }
        found.sort();
        Ok(found)
    }

    fn read(&self, path: &str, max_bytes: u64) -> Result<Vec<u8>> {
        let target = self.resolve(path)?;
        self.check_entry(path)?;
        let mut file = open_regular(&target).map_err(|e| self.err(path, e))?;
        let meta = file.metadata().map_err(|e| self.err(path, e))?;
        if !meta.is_file() {
            // Swapped in between the check and the open.
            return Err(Error::NotAFile { path: path.to_owned(), what: "not a regular file" });
        }
        let size = meta.len();
        check_size(path, size, max_bytes)?;
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        // `take` guards against a file that grows while it is read.
        Read::by_ref(&mut file)
            .take(max_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| self.err(path, e))?;
        check_size(path, bytes.len() as u64, max_bytes)?;
        Ok(bytes)
    }

    fn check_reachable(&self) -> Result<()> {
        self.reachable()
    }

    fn create(&self, path: &str, bytes: &[u8]) -> Result<Created> {
        let target = self.resolve(path)?;
        self.reachable()?;
        let dir = target.parent().unwrap_or(&self.root);
        self.check_entry(path)?;
        fs::create_dir_all(dir).map_err(|e| self.err(path, e))?;
        // Checked again: a symlinked folder planted meanwhile is still never written through.
        self.check_entry(path)?;
        if fs::symlink_metadata(&target).is_ok() {
            return self.same_bytes(path, bytes);
        }

        let tmp = dir.join(temp_name(&target));
        let written = write_new(&tmp, bytes);
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(self.err(path, e));
        }
        let linked = fs::hard_link(&tmp, &target);
        let _ = fs::remove_file(&tmp);
        match linked {
            Ok(()) => Ok(Created::New),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => self.same_bytes(path, bytes),
            // No hard links on this share: fall back to create-only on the real name.
            Err(_) => match write_new(&target, bytes) {
                Ok(()) => Ok(Created::New),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => self.same_bytes(path, bytes),
                Err(e) => Err(self.err(path, e)),
            },
        }
    }
}

/// Opens for reading without following a final symlink and without waiting on a FIFO.
fn open_regular(path: &Path) -> std::io::Result<fs::File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Unique per process and moment; starts with '.' so listings skip it.
fn temp_name(target: &Path) -> String {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format!(".{name}.{}.{nanos}.tmp", std::process::id())
}
