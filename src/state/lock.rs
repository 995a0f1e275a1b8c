//! The local backend's lock: `.terraform.tfstate.lock.info`, holding Terraform's lock
//! payload, with an exclusive OS file lock on it for the duration of the operation.
//!
//! Unlike Terraform's local lock, a process that dies (even by SIGKILL) does not
//! leave the state locked: the operating system releases the file lock with the
//! process, and the next run takes over the stale info file.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
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
    file: File,
}

impl Lock {
    /// Takes the lock for the state file at `state_path`, or returns the holder's
    /// info (None when it cannot be read).
    pub fn acquire(state_path: &Path, operation: &str) -> Result<Lock, Option<LockInfo>> {
        let name = state_path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let path = state_path.with_file_name(format!(".{name}.lock.info"));
        let Ok(mut file) = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path) else {
            return Err(None);
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                return Err(serde_json::from_str(&text).ok());
            }
            Err(TryLockError::Error(_)) => return Err(None),
        }
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
        let body = serde_json::to_string(&info).unwrap_or_default();
        let _ = file.set_len(0);
        let _ = file.seek(SeekFrom::Start(0));
        let _ = file.write_all(body.as_bytes());
        let _ = file.sync_all();
        Ok(Lock { path, file })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_acquire_sees_the_holder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = dir.path().join("terraform.tfstate");
        let held = Lock::acquire(&state, "OperationTypeApply").expect("first lock");
        let err = Lock::acquire(&state, "OperationTypePlan").expect_err("second lock must fail");
        assert_eq!(err.map(|i| i.operation), Some("OperationTypeApply".to_string()));
        drop(held);
        Lock::acquire(&state, "OperationTypePlan").expect("free again after release");
    }
}
