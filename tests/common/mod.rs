//! Helpers shared by the host test files.

use std::path::PathBuf;

/// A file or folder of `shared/`, beside the repository (`../shared`): the template seed and
/// the real-world corpus. CI always has it; a test that needs it fails when it is missing,
/// rather than passing without having checked anything.
pub fn shared(rel: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    assert!(
        path.exists(),
        "{} is missing: this test needs the shared/ folder beside the repository (CI has it)",
        path.display()
    );
    path
}

/// Words of the input missing from the output, each once.
#[allow(dead_code)] // not every test file that shares this module uses it
pub fn lost_words(input: &str, output: &str) -> Vec<String> {
    let have: std::collections::HashSet<&str> = planform::core::import::words(output).collect();
    let mut lost: Vec<String> = planform::core::import::words(input)
        .filter(|w| !have.contains(w))
        .map(str::to_string)
        .collect();
    lost.dedup();
    lost
}
