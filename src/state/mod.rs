//! State: Terraform's v4 state file format, read and written atomically, with the
//! local backend's lock file.
//!
//! **Invariant:** the state file on disk is always a complete, parseable document:
//! writes go to a temporary file that is fsynced and then renamed over the old one.

pub mod intent;
mod lock;
pub mod model;

pub use lock::{Lock, LockInfo};

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub const STATE_FILE: &str = "terraform.tfstate";
pub const BACKUP_FILE: &str = "terraform.tfstate.backup";
/// The Terraform version Terrace reports in state files and version checks.
pub const TERRAFORM_VERSION: &str = "1.0.3";

/// The state file as serialized (format version 4).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StateV4 {
    pub version: u32,
    pub terraform_version: String,
    pub serial: u64,
    pub lineage: String,
    #[serde(default)]
    pub outputs: BTreeMap<String, OutputV4>,
    #[serde(default)]
    pub resources: Vec<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_results: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OutputV4 {
    pub value: serde_json::Value,
    #[serde(rename = "type")]
    pub ty: serde_json::Value,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("failed to read state file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("state file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("state file {path} has format version {version}; Terrace reads version 4 (Terraform 0.12 and later)")]
    Version { path: PathBuf, version: u64 },
    #[error("failed to write state file {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
}

impl StateV4 {
    pub fn new() -> StateV4 {
        StateV4 {
            version: 4,
            terraform_version: TERRAFORM_VERSION.to_string(),
            serial: 0,
            lineage: uuid::Uuid::new_v4().to_string(),
            outputs: BTreeMap::new(),
            resources: Vec::new(),
            check_results: None,
        }
    }

    /// Reads a state file; `Ok(None)` when it does not exist or is empty.
    pub fn read(path: &Path) -> Result<Option<StateV4>, StateError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(StateError::Read { path: path.into(), source }),
        };
        if text.trim().is_empty() {
            return Ok(None);
        }
        let raw: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| StateError::Parse { path: path.into(), message: e.to_string() })?;
        let version = raw.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        if version != 4 {
            return Err(StateError::Version { path: path.into(), version });
        }
        // Parse from the text again rather than from `raw`: numbers keep their exact
        // digits that way.
        serde_json::from_str(&text).map(Some).map_err(|e| StateError::Parse { path: path.into(), message: e.to_string() })
    }

    /// The same content, ignoring serial and lineage.
    pub fn same_content(&self, other: &StateV4) -> bool {
        self.outputs == other.outputs && self.resources == other.resources
    }

    /// Writes the state atomically, keeping the previous file as the backup.
    pub fn write(&self, path: &Path) -> Result<(), StateError> {
        let werr = |source| StateError::Write { path: path.into(), source };
        let mut text = serde_json::to_string_pretty(self).map_err(|e| werr(std::io::Error::other(e)))?;
        text.push('\n');
        if path.exists() {
            let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| STATE_FILE.into());
            let backup = path.with_file_name(format!("{name}.backup"));
            std::fs::copy(path, backup).map_err(werr)?;
        }
        write_atomic(path, text.as_bytes()).map_err(werr)
    }
}

impl Default for StateV4 {
    fn default() -> Self {
        StateV4::new()
    }
}

/// Replaces `path` with `bytes` atomically (temporary file synced to disk, then
/// renamed): used after each batch of finished operations during an apply; the
/// final write of a run goes through [`StateV4::write`], which also keeps a backup.
pub fn write_replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "state".into());
    let tmp = dir.join(format!(".{name}.tmp.{}", std::process::id()));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_data()?;
    }
    std::fs::rename(&tmp, path)
}

/// Writes `bytes` to `path` through a temporary file in the same directory, fsynced
/// before the rename, and fsyncs the directory after it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "state".into());
    let tmp = dir.join(format!(".{name}.tmp.{}", std::process::id()));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
