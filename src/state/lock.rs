//! The local backend's lock: `.terraform.tfstate.lock.info`, created exclusively and
//! removed when the operation ends.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The lock payload, in Terraform's format.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LockInfo {
    #[serde(rename = "ID")]
    pub id: String,
    pub operation: String,
    pub info: String,
    pub who: String,
    pub version: String,
    pub created: String,
    pub path: String,
}

/// A held lock; released on drop.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

impl Lock {
    /// Takes the lock for the state file at `state_path`, or returns the holder's info.
    pub fn acquire(state_path: &Path, operation: &str) -> Result<Lock, Option<LockInfo>> {
        let name = state_path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let path = state_path.with_file_name(format!(".{name}.lock.info"));
        let user = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
        let host = std::fs::read_to_string("/etc/hostname").map(|h| h.trim().to_string()).unwrap_or_else(|_| "localhost".into());
        let info = LockInfo {
            id: uuid::Uuid::new_v4().to_string(),
            operation: operation.to_string(),
            info: String::new(),
            who: format!("{user}@{host}"),
            version: super::TERRAFORM_VERSION.to_string(),
            created: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
            path: state_path.to_string_lossy().to_string(),
        };
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut f) => {
                let body = serde_json::to_string(&info).unwrap_or_default();
                let _ = f.write_all(body.as_bytes());
                let _ = f.sync_all();
                Ok(Lock { path })
            }
            Err(_) => {
                let holder = std::fs::read_to_string(&path).ok().and_then(|t| serde_json::from_str(&t).ok());
                Err(holder)
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
