//! `terrace pricing import`: AWS Price List bulk offer files into the user catalog.

use std::path::{Path, PathBuf};

/// Not written yet.
pub fn import_files(_files: &[PathBuf], _dir: &Path) -> Result<String, String> {
    Err("terrace pricing import is not implemented yet".into())
}
