//! The `shared/` folder beside the repository (`../shared`): the template as it reached the
//! project (the mis-decoded seed) and the corpus of real design documents written elsewhere.
//! CI has it; a clone alone does not. A test that reads it runs in full where the folder is
//! there (a missing file then fails it), and is skipped where there is no such folder at all,
//! saying so: on stderr, and as a line in the file named by `PLANFORM_SKIPPED`, if set (the
//! README's test command prints those lines at the end).
//!
//! One file for both kinds of test: `tests/common/mod.rs` includes it, and the core's unit
//! tests include it by path.

use std::io::Write;
use std::path::PathBuf;

/// The folder: `PLANFORM_SHARED` if set, else `shared/` beside the repository.
fn folder() -> PathBuf {
    std::env::var_os("PLANFORM_SHARED").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        PathBuf::from,
    )
}

/// A file or folder of `shared/`; `None` (and the calling test noted as skipped) when there is
/// no `shared/` folder. Panics when the folder is there but `rel` is not: a corpus that lost a
/// file must not pass unnoticed.
#[allow(dead_code)] // not every test file that includes this uses every function
pub fn shared(rel: &str) -> Option<PathBuf> {
    let dir = folder();
    if !dir.is_dir() {
        let test = std::thread::current()
            .name()
            .unwrap_or("a test")
            .to_string();
        let line = format!(
            "{test}: skipped the part that reads {rel}: no shared/ folder beside the repository \
             (the corpus of documents written elsewhere and the template's mis-decoded seed; \
             CI has it, a clone does not)"
        );
        eprintln!("{line}");
        if let Some(log) = std::env::var_os("PLANFORM_SKIPPED")
            && let Ok(mut f) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(log)
        {
            let _ = writeln!(f, "{line}");
        }
        return None;
    }
    let path = dir.join(rel);
    assert!(
        path.exists(),
        "{} is missing from the shared/ folder: the test data is incomplete",
        path.display()
    );
    Some(path)
}

/// The text of a file of `shared/`; `None` as for [`shared`].
#[allow(dead_code)]
pub fn shared_text(rel: &str) -> Option<String> {
    let path = shared(rel)?;
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}
