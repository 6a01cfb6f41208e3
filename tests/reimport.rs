//! Reading an edit again section by section gives exactly what reading the whole edited text
//! gives: the plan, the source lines of every section and block, and the section bounds, over
//! random edits (typing, deleting, pasting markdown that makes headings, fences, tables, leads)
//! of every corpus document and of the blank Technical Plan.

use std::path::PathBuf;

use planform::core::import::{Reread, import_source, reimport};
use planform::core::model::{Plan, Section};
use planform::core::{import_markdown, to_markdown};

mod common;

fn documents() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let dirs = common::shared("corpus")
        .into_iter()
        .chain([PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/markdown")]);
    for dir in dirs {
        for entry in std::fs::read_dir(&dir).expect("a readable folder") {
            let path = entry.expect("an entry").path();
            if path.extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(&path).expect("a readable document");
                out.push((path.display().to_string(), text));
            }
        }
    }
    out.push((
        "blank Technical Plan".into(),
        to_markdown(&Plan::from_template()),
    ));
    out.sort();
    out
}

/// Every source line the plan holds, in order.
fn lines(plan: &Plan) -> Vec<u32> {
    fn walk(s: &Section, out: &mut Vec<u32>) {
        out.push(s.loc.line);
        out.extend(s.blocks.iter().map(|b| b.loc.line));
        for c in &s.children {
            walk(c, out);
        }
    }
    let mut out = Vec::new();
    for s in &plan.sections {
        walk(s, &mut out);
    }
    out
}

/// A small deterministic generator (the test must fail the same way every run).
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

const SNIPPETS: &[&str] = &[
    "x",
    " ",
    "\n",
    "\n\n",
    "word ",
    "é",
    "🦀",
    "#",
    "## New heading\n",
    "\n# Top heading\n",
    "\n#### Deep heading\n\nbody\n",
    "```",
    "\n```\ncode\n",
    "\n~~~rust\nfn a() {}\n~~~\n",
    "- item\n",
    "1. first\n",
    "| a | b |\n| --- | --- |\n| 1 | 2 |\n",
    "<!-- lead -->\n",
    "\n<!-- note -->",
    "[ref]: https://example.com\n",
    "---\n",
    "===\n",
    "> quote\n",
    "<div>\n",
    "**Status:** Draft\n",
    "- [x] done\n",
    "Ã©",
    "\r\n",
    "\u{feff}",
];

fn char_floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One edit at or near `caret`: mostly typing, as people do, sometimes anywhere.
fn edit(text: &str, caret: &mut usize, rng: &mut Rng) -> String {
    if rng.next(8) == 0 {
        *caret = rng.next(text.len() + 1);
    }
    let at = char_floor(text, *caret);
    let mut out = text.to_string();
    match rng.next(8) {
        // Typing a letter, a space or a new line.
        0..=3 => {
            let key = ["a", "b", " ", "\n", "é"][rng.next(5)];
            out.insert_str(at, key);
            *caret = at + key.len();
        }
        // A snippet of markdown.
        4 | 5 => {
            let snippet = SNIPPETS[rng.next(SNIPPETS.len())];
            out.insert_str(at, snippet);
            *caret = at + snippet.len();
        }
        // Deleting a little (a backspace) or a lot.
        6 => {
            let most = if rng.next(4) == 0 { 400 } else { 3 };
            let start = char_floor(text, at.saturating_sub(1 + rng.next(most)));
            out.replace_range(start..at, "");
            *caret = start;
        }
        // Replacing a selection with a snippet.
        _ => {
            let end = char_floor(text, at + rng.next(40));
            let snippet = SNIPPETS[rng.next(SNIPPETS.len())];
            out.replace_range(at..end, snippet);
            *caret = at + snippet.len();
        }
    }
    out
}

fn check(name: &str, text: &str, edits: usize, seed: u64) -> (usize, usize) {
    let template = import_markdown(text).template.0;
    let (mut plan, mut source) = import_source(text, &template);
    let mut rng = Rng(seed);
    let mut current = text.to_string();
    let mut caret = text.len() / 2;
    let (mut local, mut total) = (0, 0);
    for step in 0..edits {
        // Mostly typing near one place, as people do; sometimes anywhere.
        let next = edit(&current, &mut caret, &mut rng);
        let (full, full_source) = import_source(&next, &template);
        total += 1;
        let before = (plan.clone(), source.clone());
        if reimport(&mut plan, &mut source, &next).is_some() {
            local += 1;
            if plan != full {
                let i = plan
                    .sections
                    .iter()
                    .zip(&full.sections)
                    .position(|(a, b)| a != b);
                panic!(
                    "{name}: step {step}: the plan differs at section {i:?} of {} / {}\nparts before {:?}\nprefix {} old len {} new len {}\nedited:\n{:#?}\nfull:\n{:#?}\nsource part: {:?}",
                    plan.sections.len(),
                    full.sections.len(),
                    before.1.parts,
                    before
                        .1
                        .text
                        .bytes()
                        .zip(next.bytes())
                        .take_while(|(a, b)| a == b)
                        .count(),
                    before.1.text.len(),
                    next.len(),
                    i.map(|i| &plan.sections[i]),
                    i.and_then(|i| full.sections.get(i)),
                    i.map(|i| &next[full_source.parts[i].start
                        ..full_source.parts.get(i + 1).map_or(next.len(), |p| p.start)]),
                );
            }
            assert_eq!(
                lines(&plan),
                lines(&full),
                "{name}: step {step}: source lines differ"
            );
            assert_eq!(
                source, full_source,
                "{name}: step {step}: the source differs"
            );
        } else {
            assert!(
                (&plan, &source) == (&before.0, &before.1),
                "{name}: step {step}: a refusal changed something"
            );
            (plan, source) = (full, full_source);
        }
        // The text goes on from what was read (a text box the app keeps normalised), so one
        // carriage return does not send every later edit down the full path.
        current = source.text.clone();
    }
    (local, total)
}

#[test]
fn random_edits_read_again_by_section_equal_a_full_read() {
    for (i, (name, text)) in documents().iter().enumerate() {
        // REIMPORT_EDITS=n runs n edits per document (for a longer search).
        let edits = std::env::var("REIMPORT_EDITS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(if text.len() > 50_000 { 40 } else { 150 });
        let (local, total) = check(name, text, edits, 17 + i as u64);
        println!("{name}: {local} of {total} edits read locally");
    }
}

/// Plain typing inside a section is read locally (the point of it), and so is deleting it.
#[test]
fn typing_in_a_section_is_read_locally() {
    let text = to_markdown(&Plan::from_template());
    let template = import_markdown(&text).template.0;
    let (mut plan, mut source) = import_source(&text, &template);
    let at = text.find("## Goals").expect("a Goals section") - 2;
    // The section the typing lands in: the one before Goals.
    let goals = plan
        .sections
        .iter()
        .position(|s| s.name() == "Goals")
        .expect("a Goals section");
    let mut current = text.clone();
    for (i, c) in "Typed words, with **bold** and\nnew lines.\n\n- a list".char_indices() {
        current.insert(at + i, c);
        assert_eq!(
            reimport(&mut plan, &mut source, &current),
            Some(Reread::Section(goals - 1)),
            "key {i}"
        );
        assert_eq!(plan, import_source(&current, &template).0);
    }
    while current.len() > text.len() {
        current.remove(at + current.len() - text.len() - 1);
        assert!(reimport(&mut plan, &mut source, &current).is_some());
    }
    assert_eq!(plan, import_source(&text, &template).0);
}
