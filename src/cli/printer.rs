//! Where output goes: data on stdout, diagnostics and progress on stderr.

use std::io::Write;

use crate::diag::{render, Diagnostics, SourceMap};

pub struct Printer {
    pub color: bool,
}

impl Printer {
    pub fn new(color: bool) -> Printer {
        Printer { color }
    }

    /// Prints every diagnostic to stderr (warnings too).
    pub fn diagnostics(&self, diags: &Diagnostics, sources: &SourceMap) {
        let mut err = std::io::stderr().lock();
        for d in diags.iter() {
            let _ = writeln!(err);
            let _ = write!(err, "{}", render(d, sources, self.color));
        }
    }

    pub fn data(&self, s: &str) {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(s.as_bytes());
    }
}
