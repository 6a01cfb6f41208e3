//! Every real-world document in `../shared/corpus/` (and the fixtures in `tests/fixtures/`) comes
//! back byte for byte through import + render (what import repairs aside), and keeps every word
//! through the canonical form, where a second pass changes nothing.

use std::path::PathBuf;

use planform::core::render::canonical;
use planform::core::text::normalize_source;
use planform::core::{import_markdown, to_markdown};

mod common;

/// The markdown documents of `dir` (the test fails when a folder or a document is unreadable).
fn documents_in(dir: PathBuf) -> Vec<(PathBuf, String)> {
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut out = Vec::new();
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .path();
        if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.push((path, text));
        }
    }
    assert!(
        !out.is_empty(),
        "no markdown documents in {}",
        dir.display()
    );
    out
}

fn documents() -> Vec<(PathBuf, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = common::shared("corpus").map_or_else(Vec::new, documents_in);
    out.extend(documents_in(root.join("tests/fixtures/markdown")));
    out.sort();
    out
}

#[test]
fn corpus_keeps_every_word_and_is_a_fixed_point() {
    let docs = documents();
    assert!(!docs.is_empty(), "no documents found");
    for (path, text) in docs {
        if normalize_source(&text) == text {
            let written = to_markdown(&import_markdown(&text));
            if written != text {
                let line = text.lines().zip(written.lines()).position(|(a, b)| a != b);
                panic!(
                    "{}: not written back as read; first difference at line {:?}",
                    path.display(),
                    line.map(|l| l + 1)
                );
            }
        }
        let once = canonical(&import_markdown(&text));
        let lost = common::lost_words(&normalize_source(&text), &once);
        assert!(lost.is_empty(), "{}: lost {:?}", path.display(), lost);
        let twice = canonical(&import_markdown(&once));
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
