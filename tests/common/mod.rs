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
