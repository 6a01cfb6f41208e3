//! Helpers shared by the host test files.

#[path = "shared.rs"]
mod shared_folder;
#[allow(unused_imports)] // not every test file uses both
pub use shared_folder::{shared, shared_text};

/// Words of the input missing from the output, each once.
#[allow(dead_code)] // not every test file that shares this module uses it
pub fn lost_words(input: &str, output: &str) -> Vec<String> {
    let have: std::collections::HashSet<&str> = planform::core::text::words(output).collect();
    let mut lost: Vec<String> = planform::core::text::words(input)
        .filter(|w| !have.contains(w))
        .map(str::to_string)
        .collect();
    lost.dedup();
    lost
}
