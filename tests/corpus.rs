//! Every real-world document in `../shared/corpus/` (and the fixtures in `tests/fixtures/`) keeps
//! every word through import + render, and a second pass changes nothing.

use std::collections::HashSet;
use std::path::PathBuf;

use planform::core::import::{normalize_source, words};
use planform::core::{import_markdown, to_markdown};

fn documents() -> Vec<(PathBuf, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [
        root.join("../shared/corpus"),
        root.join("tests/fixtures/markdown"),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "md")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                out.push((path, text));
            }
        }
    }
    out.sort();
    out
}

/// Words of the input missing from the output.
fn lost_words(input: &str, output: &str) -> Vec<String> {
    let have: HashSet<&str> = words(output).collect();
    let mut lost: Vec<String> = words(input)
        .filter(|w| !have.contains(w))
        .map(str::to_string)
        .collect();
    lost.dedup();
    lost
}

#[test]
fn corpus_keeps_every_word_and_is_a_fixed_point() {
    let docs = documents();
    assert!(!docs.is_empty(), "no documents found");
    for (path, text) in docs {
        let once = to_markdown(&import_markdown(&text));
        let lost = lost_words(&normalize_source(&text), &once);
        assert!(lost.is_empty(), "{}: lost {:?}", path.display(), lost);
        let twice = to_markdown(&import_markdown(&once));
        if twice != once {
            let line = once.lines().zip(twice.lines()).position(|(a, b)| a != b);
            panic!(
                "{}: not a fixed point; first difference at line {:?}",
                path.display(),
                line.map(|l| l + 1)
            );
        }
    }
}
