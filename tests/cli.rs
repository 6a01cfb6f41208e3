//! The `planform` binary: convert, fmt, check, exit codes and hostile input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::shared;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_planform"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run planform")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn planform");
    let mut stdin = child.stdin.take().expect("stdin");
    let data = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait");
    let _ = writer.join();
    out
}

fn tmp(name: &str, content: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("planform-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let p = dir.join(name);
    std::fs::write(&p, content).expect("write tmp");
    p
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn convert_seed_gives_the_template_and_is_stable() {
    let (Some(seed), Some(template)) = (
        shared("templates/technical-plan.seed.md"),
        shared("templates/technical-plan.md"),
    ) else {
        return;
    };
    let out = run(&["convert", "--to", "md", s(&seed)]);
    assert_eq!(out.status.code(), Some(0));
    let template = std::fs::read(template).expect("the shared template");
    assert_eq!(out.stdout, template);
    let again = run_stdin(&["convert", "--to", "md", "-"], &out.stdout);
    assert_eq!(again.stdout, out.stdout);
}

#[test]
fn html_and_json_round_trip_through_convert() {
    let plan = root().join("tests/fixtures/markdown/finished-plan.md");
    let md = run(&["convert", s(&plan)]).stdout;
    for to in ["html", "json"] {
        let converted = run(&["convert", "--to", to, s(&plan)]);
        assert_eq!(converted.status.code(), Some(0), "{to}");
        let back = run_stdin(&["convert", "--to", "md"], &converted.stdout);
        assert_eq!(
            String::from_utf8_lossy(&back.stdout),
            String::from_utf8_lossy(&md),
            "{to}"
        );
    }
}

#[test]
fn fmt_check_lists_and_fmt_rewrites() {
    let messy = tmp("messy.md", b"## goals\n* one\n* two\n");
    let clean = tmp("clean.md", b"## Goals\n\n1. one\n");
    let out = run(&["fmt", "--check", s(&messy), s(&clean)]);
    assert_eq!(out.status.code(), Some(1));
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(
        listed.contains("messy.md") && !listed.contains("clean.md"),
        "{listed}"
    );
    assert_eq!(run(&["fmt", s(&messy)]).status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&messy).unwrap(),
        "## goals\n\n1. one\n2. two\n"
    );
    assert_eq!(run(&["fmt", "--check", s(&messy)]).status.code(), Some(0));
}

#[test]
fn check_seed_fails_with_placeholders_and_finished_plan_passes() {
    let Some(seed) = shared("templates/technical-plan.seed.md") else {
        return;
    };
    let out = run(&["check", s(&seed)]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let placeholders = text
        .lines()
        .filter(|l| l.contains("error[placeholder]"))
        .count();
    assert!(
        placeholders >= 50,
        "{placeholders} placeholder findings:\n{text}"
    );
    assert!(text.contains("Problem Statement"));

    let done = root().join("tests/fixtures/markdown/finished-plan.md");
    let out = run(&["check", s(&done)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn check_catches_two_chosen_options_and_impossible_dates() {
    let doc = b"# Technical Plan: X\n\n**Spec:** S-1  \n**Created:** 2026-02-30  \n**Last Updated:** 2026-01-01\n\n## Architecture Decision\n\n### Option A: One (chosen)\n\n### Option B: Two \xE2\x9C\x85 **(Chosen)**\n";
    let f = tmp("two.md", doc);
    let out = run(&["check", "--json", s(&f)]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json output");
    let codes: Vec<&str> = json[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"several-chosen-options"), "{codes:?}");
    assert!(codes.contains(&"invalid-date"), "{codes:?}");
}

#[test]
fn bad_input_exits_2_naming_the_file() {
    let out = run(&["check", "/nonexistent/plan.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/plan.md"));

    let bad = tmp("latin1.md", b"# Plan\n\ncaf\xe9\n");
    let out = run(&["convert", s(&bad)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("latin1.md") && err.contains("line 3, column 4"),
        "{err}"
    );

    assert_eq!(run(&["convert", "--bogus"]).status.code(), Some(2));
    assert_eq!(run(&["convert", "--to", "pdf"]).status.code(), Some(2));

    let truncated = tmp(
        "cut.json",
        b"{\"format\":\"planform\",\"version\":1,\"plan\":{\"sec",
    );
    let out = run(&["convert", s(&truncated)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cut.json"));

    let future = tmp(
        "future.json",
        b"{\"format\":\"planform\",\"version\":42,\"plan\":{}}",
    );
    let out = run(&["convert", s(&future)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer"));
}

/// Pathological inputs: each must finish quickly without a crash.
#[test]
fn pathological_inputs_finish_fast() {
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let random: Vec<u8> = (0..200_000)
        .map(|_| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng & 0x7f) as u8
        })
        .collect();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("random ascii", random),
        ("200k items", "- item\n".repeat(200_000).into_bytes()),
        ("200k task items", "- [ ] x\n".repeat(200_000).into_bytes()),
        (
            "20k deep quotes",
            format!("{} deep\n", ">".repeat(20_000)).into_bytes(),
        ),
        (
            "3k deep lists",
            (0..3000)
                .map(|i| format!("{}- x\n", "  ".repeat(i)))
                .collect::<String>()
                .into_bytes(),
        ),
        ("brackets", "[".repeat(100_000).into_bytes()),
        ("bracket pairs", "[a](".repeat(50_000).into_bytes()),
        ("emphasis", "*a **b ".repeat(50_000).into_bytes()),
        ("backticks", "`".repeat(100_000).into_bytes()),
        (
            "table",
            format!("| a | b |\n|---|---|\n{}", "| x | y |\n".repeat(50_000)).into_bytes(),
        ),
        ("headings", "## Goals\n".repeat(50_000).into_bytes()),
        ("html", "<div>".repeat(100_000).into_bytes()),
    ];
    for (name, input) in cases {
        let start = Instant::now();
        let out = run_stdin(&["convert", "--to", "html"], &input);
        let took = start.elapsed();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Generous for a debug build on a loaded machine; the release build is far faster.
        assert!(took < Duration::from_secs(20), "{name} took {took:?}");
        eprintln!("{name}: {took:?}");
    }
}

/// One unreadable file among several: each is reported on stderr, every other file is still
/// processed, and the exit code is 2 (which wins over the 1 of findings or unformatted files).
#[test]
fn an_unreadable_file_does_not_stop_the_others() {
    let missing = root().join("tests/fixtures/markdown/no-such-plan.md");
    let latin1 = tmp("many-latin1.md", b"# Plan\n\ncaf\xe9\n");
    let cut = tmp(
        "many-cut.json",
        b"{\"format\":\"planform\",\"version\":1,\"plan\":{\"sec",
    );
    let done = root().join("tests/fixtures/markdown/finished-plan.md");
    let seedy = tmp("many-seedy.md", b"# Technical Plan: [Feature Name]\n");

    let out = run(&[
        "check",
        s(&missing),
        s(&latin1),
        s(&done),
        s(&cut),
        s(&seedy),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stdout}\n{stderr}");
    assert!(stdout.contains("finished-plan.md: 0 errors"), "{stdout}");
    assert!(stdout.contains("many-seedy.md: 1 errors"), "{stdout}");
    assert!(stderr.contains("no-such-plan.md"), "{stderr}");
    assert!(stderr.contains("many-latin1.md") && stderr.contains("line 3, column 4"));
    assert!(stderr.contains("many-cut.json"), "{stderr}");

    let out = run(&["check", "--json", s(&missing), s(&done)]);
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json output");
    assert_eq!(json.as_array().map(Vec::len), Some(1), "{json}");
    assert!(
        json[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("finished-plan.md")
    );

    let messy = tmp("many-messy.md", b"## goals\n* one\n");
    let out = run(&["fmt", "--check", s(&latin1), s(&messy)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("many-messy.md"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("many-latin1.md"));

    let out = run(&["fmt", s(&missing), s(&messy)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-plan.md"));
    assert_eq!(
        std::fs::read_to_string(&messy).unwrap(),
        "## goals\n\n1. one\n",
        "the readable file is formatted"
    );
}

/// The fixture repository copied to a fresh folder, with what the walk must skip and git cannot
/// keep (`.git`, `node_modules`) added.
fn repo_copy(name: &str) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for e in std::fs::read_dir(from).expect("read fixture").flatten() {
            let target = to.join(e.file_name());
            if e.path().is_dir() {
                copy(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), &target).expect("copy");
            }
        }
    }
    let dir = std::env::temp_dir().join(format!("planform-repo-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy(&root().join("tests/fixtures/repo"), &dir);
    let adr = "# Not ours\n\n- Status: accepted\n";
    for skipped in [".git", "node_modules/pkg"] {
        std::fs::create_dir_all(dir.join(skipped)).expect("mkdir");
        std::fs::write(dir.join(skipped).join("0001-not-ours.md"), adr).expect("write");
    }
    dir
}

#[test]
fn index_lists_every_plan_of_a_folder_with_both_sides_of_a_supersede() {
    let dir = repo_copy("index");
    let out = run(&["index", dir.to_str().expect("utf-8 path")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("| [")).collect();
    // Six plans: the READMEs, the folder's template, a note and every skipped folder are not.
    assert_eq!(rows.len(), 6, "{text}");
    for skipped in [
        "not-ours",
        "hidden",
        "built",
        "template.md)",
        "notes.md",
        "README",
    ] {
        assert!(!text.contains(skipped), "{skipped} listed:\n{text}");
    }
    assert!(text.contains("| [Use PostgreSQL for orders](docs/adr/0002-use-postgres.md) | Superseded | docs/adr/template.md | 2025-02-03 |  | [Use CockroachDB for orders](docs/adr/0003-use-cockroachdb.md) |"), "{text}");
    // The other side, which 0003 does not write, is shown too.
    assert!(text.contains("| [Use CockroachDB for orders](docs/adr/0003-use-cockroachdb.md) | Accepted | docs/adr/template.md | 2025-06-20 | [Use PostgreSQL for orders](docs/adr/0002-use-postgres.md) |  |"), "{text}");
    assert!(
        text.contains(
            "| [Keep one queue per region](docs/decisions/0002-nygard-style.md) | Accepted |"
        ),
        "{text}"
    );
    assert!(text.contains("| [Use feature flags for risky releases](docs/decisions/0001-use-feature-flags.md) | Proposed | MADR | 2025-09-01 |"), "{text}");
    // Reading is never writing.
    let before = std::fs::read(dir.join("docs/adr/0002-use-postgres.md")).expect("read");
    assert_eq!(
        before,
        std::fs::read(root().join("tests/fixtures/repo/docs/adr/0002-use-postgres.md"))
            .expect("read")
    );
    let json = run(&["index", "--json", dir.to_str().expect("utf-8 path")]);
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(rows.as_array().map(Vec::len), Some(6));
}

#[test]
fn check_of_a_folder_reports_broken_links_as_errors_and_one_sided_supersedes_as_notes() {
    let dir = repo_copy("check");
    let out = run(&["check", dir.to_str().expect("utf-8 path")]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let adr3 = dir.join("docs/adr/0003-use-cockroachdb.md");
    assert!(
        text.contains(&format!(
            "{}:20: error[broken-link] link to archive/0000-notes.md points at no file",
            adr3.display()
        )),
        "{text}"
    );
    let adr2 = dir.join("docs/adr/0002-use-postgres.md");
    assert!(text.contains(&format!("{}:3: info[one-sided-supersede] docs/adr/0003-use-cockroachdb.md does not say it supersedes this plan", adr2.display())), "{text}");
    assert!(!text.contains("not-ours"), "{text}");
    // With the missing file there, and both sides said, nothing is an error.
    std::fs::create_dir_all(dir.join("docs/adr/archive")).expect("mkdir");
    std::fs::write(dir.join("docs/adr/archive/0000-notes.md"), "Notes.\n").expect("write");
    let out = run(&["check", dir.join("docs/adr").to_str().expect("utf-8 path")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let missing = run(&["index", dir.join("nowhere").to_str().expect("utf-8 path")]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nowhere: cannot read"));
}
