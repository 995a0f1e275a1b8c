//! The create journal: before the engine asks a provider to create an object, it writes
//! an intent (the instance's address, its planned value and an idempotency token that
//! the provider sends with the create call and tags the object with) to a file beside
//! the state, fsynced. When the result is in the state, the intent is removed. A process
//! killed in between leaves the intent; the next run asks the provider to find the object
//! by its token (or its name, for names known in advance) and adopts it into the state,
//! so nothing is lost and nothing is created twice.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value as J;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Intent {
    /// The instance address (`aws_instance.web[0]`).
    pub address: String,
    #[serde(rename = "type")]
    pub type_name: String,
    /// The provider configuration address the object would be recorded under.
    pub provider_config: String,
    pub token: String,
    /// The planned value (unknowns as null).
    pub planned: J,
    pub schema_version: u64,
    #[serde(default)]
    pub dependencies: Vec<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Journal {
    version: u32,
    intents: Vec<Intent>,
}

/// `terraform.tfstate` -> `terraform.tfstate.intents`.
pub fn journal_path(state_path: &Path) -> PathBuf {
    let mut s = state_path.as_os_str().to_owned();
    s.push(".intents");
    PathBuf::from(s)
}

/// The intents left in the journal (none when there is no journal).
pub fn load(state_path: &Path) -> Result<Vec<Intent>, String> {
    let p = journal_path(state_path);
    match std::fs::read_to_string(&p) {
        Ok(t) => serde_json::from_str::<Journal>(&t).map(|j| j.intents).map_err(|e| format!("{}: {e}", p.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("{}: {e}", p.display())),
    }
}

/// Writes the journal durably (temporary file, fsync, rename); removes it when empty.
pub fn save(state_path: &Path, intents: &[Intent]) -> Result<(), String> {
    let p = journal_path(state_path);
    if intents.is_empty() {
        return match std::fs::remove_file(&p) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(format!("{}: {e}", p.display())),
        };
    }
    let text = serde_json::to_string_pretty(&Journal { version: 1, intents: intents.to_vec() }).map_err(|e| e.to_string())?;
    super::write_atomic(&p, text.as_bytes()).map_err(|e| format!("{}: {e}", p.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_removal() {
        let dir = std::env::temp_dir().join(format!("terrace-intents-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let state = dir.join("terraform.tfstate");
        assert!(load(&state).unwrap().is_empty());
        let i = Intent {
            address: "aws_instance.web".into(),
            type_name: "aws_instance".into(),
            provider_config: "provider[\"registry.terraform.io/hashicorp/aws\"]".into(),
            token: "t-1".into(),
            planned: serde_json::json!({"instance_type": "t3.micro"}),
            schema_version: 1,
            dependencies: vec![],
        };
        save(&state, std::slice::from_ref(&i)).unwrap();
        assert_eq!(load(&state).unwrap(), vec![i]);
        save(&state, &[]).unwrap();
        assert!(!journal_path(&state).exists());
        std::fs::remove_dir_all(&dir).ok();
    }
}
