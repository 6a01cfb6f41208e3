//! Property tests: for generated markdown and generated plans, a plan keeps its own bytes
//! (import + render gives the text back; an edit changes only the part it edits), the canonical
//! form keeps every word and is a fixed point; nothing panics.

use std::collections::HashSet;

use planform::core::address::{Addr, Part};
use planform::core::import::import_with;
use planform::core::model::{Item, Value};
use planform::core::render::{SectionCache, canonical};
use planform::core::template::{self, Template};
use planform::core::text::{normalize_source, words};
use planform::core::{Plan, import_markdown, to_markdown};
use proptest::prelude::*;
use std::sync::Arc;

fn lost_words(input: &str, output: &str) -> Vec<String> {
    let have: HashSet<&str> = words(output).collect();
    words(input)
        .filter(|w| !have.contains(w))
        .map(str::to_string)
        .collect()
}

/// The canonical form (`fmt`) keeps every word and is a fixed point; the text as written comes
/// back byte for byte where import repaired nothing.
fn assert_lossless_fixed_point(input: &str) -> Result<(), TestCaseError> {
    assert_kept_as_written(input, &import_markdown(input))?;
    let once = canonical(&import_markdown(input));
    let lost = lost_words(&normalize_source(input), &once);
    prop_assert!(lost.is_empty(), "lost {:?}\n--- input\n{}", lost, input);
    let twice = canonical(&import_markdown(&once));
    if twice != once {
        let at = once
            .lines()
            .zip(twice.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let show = |s: &str| {
            s.lines()
                .skip(at.saturating_sub(3))
                .take(8)
                .collect::<Vec<_>>()
                .join("\n")
        };
        prop_assert!(
            false,
            "not a fixed point at line {}\n--- input\n{}\n--- once\n{}\n--- twice\n{}",
            at + 1,
            input,
            show(&once),
            show(&twice)
        );
    }
    Ok(())
}

/// `plan`, read from `input`, is written back as `input` when import repaired nothing.
fn assert_kept_as_written(input: &str, plan: &Plan) -> Result<(), TestCaseError> {
    if normalize_source(input) == input {
        prop_assert_eq!(to_markdown(plan), input, "--- input\n{}", input);
    }
    Ok(())
}

/// Every editable leaf of a plan: headings, durations, prose, code, items, cells, fields.
fn leaves(plan: &Plan) -> Vec<Addr> {
    let mut out = Vec::new();
    for (path, section) in plan.walk() {
        let at = |part| Addr {
            path: path.clone(),
            part,
        };
        out.push(at(Part::Heading));
        if !section.heading.suffix.is_empty() {
            out.push(at(Part::Suffix));
        }
        for (b, block) in section.blocks.iter().enumerate() {
            match &block.value {
                Value::Markdown(_) | Value::Code(_) => out.push(at(Part::Text(b))),
                Value::List(l) => out.extend((0..l.items.len()).map(|i| at(Part::Item(b, i)))),
                Value::Table(t) => {
                    for (r, row) in t.rows.iter().enumerate() {
                        out.extend((0..row.len()).map(|c| at(Part::Cell(b, r, c))));
                    }
                }
                Value::Fields(f) => out.extend((0..f.len()).map(|i| at(Part::Field(b, i)))),
            }
        }
    }
    out
}

/// Edits one leaf of the plan read from `doc` (no repair needed) under `template`: the text
/// written changes only inside the top-level section the leaf is in.
fn assert_edit_is_local(
    doc: &str,
    template: &Arc<Template>,
    pick: usize,
    text: &str,
) -> Result<(), TestCaseError> {
    if normalize_source(doc) != doc {
        return Ok(());
    }
    let plan = import_with(doc, template);
    let before = to_markdown(&plan);
    prop_assert_eq!(&before, doc);
    let leaves = leaves(&plan);
    let Some(addr) = leaves.get(pick % leaves.len().max(1)) else {
        return Ok(());
    };
    let mut edited = plan.clone();
    if !edited.set_text_at(addr, text) || edited == plan {
        return Ok(());
    }
    let after = to_markdown(&edited);
    // Where the edited section stands in the text before.
    let texts = SectionCache::default().texts(&plan);
    let k = addr.path[0];
    let mut from = 0;
    let mut span = 0..0;
    for (i, t) in texts.iter().enumerate() {
        let Some(at) = before[from..].find(&t.markdown) else {
            return Ok(());
        };
        let start = from + at;
        from = start + t.markdown.len();
        if i == k {
            span = start..from;
        }
    }
    prop_assert!(
        after.starts_with(&before[..span.start]) && after.ends_with(&before[span.end..]),
        "an edit of {:?} changed text outside its section\n--- before\n{}\n--- after\n{}",
        addr,
        before,
        after
    );
    Ok(())
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,8}",
        "[A-Z][a-z]{0,6}",
        "[0-9]{1,4}",
        Just("Goal 1".to_string()),
        Just("[Approach 1]".to_string()),
        Just("Pro 1".to_string()),
        Just("YYYY-MM-DD".to_string()),
        Just("X days".to_string()),
        Just("`code | pipe`".to_string()),
        Just("*em*".to_string()),
        Just("[link](https://example.com)".to_string()),
        Just("<b>bold</b>".to_string()),
        Just("&amp;".to_string()),
        Just("✅".to_string()),
        Just("â†’".to_string()),
        Just("\\|".to_string()),
        Just("**Pros:**".to_string()),
        Just("(chosen)".to_string()),
        Just("#".to_string()),
        Just("[ ]".to_string()),
        Just("[^1]".to_string()),
    ]
}

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..6).prop_map(|w| w.join(" "))
}

fn heading() -> impl Strategy<Value = String> {
    let titles = prop_oneof![
        Just("Technical Plan: Checkout"),
        Just("Problem Statement"),
        Just("goals"),
        Just("1. Non-Goals"),
        Just("Architecture Decision"),
        Just("Option A: Queue"),
        Just("Option B: Cache ✅ **(Chosen)**"),
        Just("option 3 - Thing (chosen)"),
        Just("Detailed Design"),
        Just("Data Flow"),
        Just("API Changes"),
        Just("New Endpoints"),
        Just("Implementation Steps"),
        Just("Phase 1: Foundation (Day 1-2)"),
        Just("Phase 2"),
        Just("Dependencies"),
        Just("External Libraries"),
        Just("Testing Strategy"),
        Just("Unit Tests"),
        Just("E2E Tests"),
        Just("Performance Considerations"),
        Just("Security Considerations"),
        Just("Rollout Plan"),
        Just("Development"),
        Just("Rollback Plan"),
        Just("Success Metrics"),
        Just("Timeline"),
        Just("Open Questions"),
        Just("References"),
        Just("Appendix"),
    ];
    (1usize..5, titles, any::<bool>()).prop_map(|(level, t, setext)| {
        if setext && level <= 2 {
            let u = if level == 1 { "===" } else { "---" };
            format!("{t}\n{u}")
        } else {
            format!("{} {}", "#".repeat(level), t)
        }
    })
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => line(),
        2 => heading(),
        2 => prop::collection::vec((prop_oneof![Just("- "), Just("* "), Just("1. "), Just("- [ ] "), Just("1. [x] ")], line()), 1..5)
            .prop_map(|items| items.into_iter().map(|(m, t)| format!("{m}{t}")).collect::<Vec<_>>().join("\n")),
        1 => (line(), line()).prop_map(|(a, b)| format!("- {a}\n  - {b}")),
        1 => (line(), line()).prop_map(|(a, b)| format!("1. {a}\n\n   {b}")),
        1 => (line(), line()).prop_map(|(a, b)| format!("- {a}\n{b}")),
        1 => (prop_oneof![Just(""), Just("sql"), Just("typescript")], line(), any::<bool>())
            .prop_map(|(l, t, close)| if close { format!("```{l}\n{t}\n```") } else { format!("```{l}\n{t}") }),
        1 => (line(), line()).prop_map(|(a, b)| format!("| Library | Version | Purpose |\n|---|:-:|--:|\n| {a} | 1 | {b} |")),
        1 => (line(), line()).prop_map(|(a, b)| format!("| Milestone | Date | Status |\n|---|---|---|\n| {a} | 2024-01-0{} | done |\n| {b} | | ⏳ |", 1)),
        1 => (line(), line()).prop_map(|(a, b)| format!("| A | B |\n|---|---|\n| {a} | {b} | extra |")),
        1 => line().prop_map(|t| format!("**Description:**\n{t}")),
        1 => line().prop_map(|t| format!("**Pros:**\n- {t}")),
        1 => line().prop_map(|t| format!("**Estimated Effort:** {t}")),
        1 => line().prop_map(|t| format!("**Spec:** {t}  \n**Created:** 2024-01-01")),
        1 => line().prop_map(|t| format!("- Expected load: {t}\n- Caching strategy: none")),
        1 => line().prop_map(|t| format!("> {t}\n> > {t}")),
        1 => line().prop_map(|t| format!("<!-- {t} -->")),
        1 => line().prop_map(|t| format!("<div>\n{t}\n</div>")),
        1 => line().prop_map(|t| format!("[ref]: https://example.com/{} \"{t}\"", t.len())),
        1 => line().prop_map(|t| format!("[^1]: {t}")),
        1 => line().prop_map(|t| format!("    indented {t}")),
        1 => Just("---".to_string()),
        1 => line().prop_map(|t| format!("---\ntitle: {t}\n---")),
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            block(),
            prop_oneof![Just("\n\n"), Just("\n"), Just("\r\n\r\n")],
        ),
        0..14,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .map(|(b, sep)| format!("{b}{sep}"))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(300), ..ProptestConfig::default() })]

    #[test]
    fn a_folder_of_any_files_reads_without_panic_and_a_status_always_lands(
        docs in prop::collection::vec((prop_oneof![Just("docs/adr/0001-a.md"), Just("docs/adr/template.md"), Just("README.md"), Just("x/../y.md"), Just("plans/b c.md")], document()), 0..5),
        status in document(),
        word in prop_oneof![Just("Accepted"), Just("superseded by [B](0002-b.md)"), Just("on hold")],
    ) {
        use planform::core::decision::{self, Place, read_status, with_status};
        use planform::core::folder::{Folder, index_markdown, new_file_name};
        let files: Vec<(String, String)> = docs.iter().map(|(p, t)| (p.to_string(), t.clone())).collect();
        let folder = Folder::scan(&files, &planform::core::template::Catalog::new());
        let _ = index_markdown(&folder.plans, "docs");
        let _ = folder.check_links(&|_| false);
        let names: Vec<&str> = docs.iter().map(|(p, _)| *p).collect();
        let _ = new_file_name(&names, &status, "2026-12-06");
        for place in [None, Some(Place::FrontMatter), Some(Place::Bullet), Some(Place::Field), Some(Place::Section)] {
            let done = with_status(&status, word, place);
            // A status set is a status read back (a value Planform does not know, as written).
            let read = read_status(&done);
            prop_assert!(read.is_some(), "{:?}\n{}", place, done);
            let _ = decision::add_supersedes(&done, "A [x]", "0001-a.md");
        }
    }

    #[test]
    fn generated_documents_are_lossless_fixed_points(doc in document()) {
        assert_lossless_fixed_point(&doc)?;
    }

    #[test]
    fn template_with_a_section_replaced_is_lossless(doc in document(), at in 0usize..200) {
        let template = planform::core::template::technical_plan().markdown.clone();
        let lines: Vec<&str> = template.lines().collect();
        let at = at.min(lines.len());
        let mixed = format!("{}\n\n{}\n\n{}", lines[..at].join("\n"), doc, lines[at..].join("\n"));
        assert_lossless_fixed_point(&mixed)?;
    }

    #[test]
    fn random_documents_under_random_templates(template in document(), doc in document()) {
        use planform::core::import::import_with;
        let t = planform::core::template::compile(&template).template;
        // A new plan from any template is the template.
        prop_assert_eq!(to_markdown(&Plan::blank(&t)), t.markdown.clone());
        // Any document keeps every word under it, and a second pass changes nothing.
        let once = to_markdown(&import_with(&doc, &t));
        let lost = lost_words(&normalize_source(&doc), &once);
        prop_assert!(lost.is_empty(), "lost {:?}\n--- template\n{}\n--- doc\n{}", lost, template, doc);
        let twice = to_markdown(&import_with(&once, &t));
        prop_assert_eq!(twice, once, "--- template\n{}\n--- doc\n{}", template, doc);
    }

    #[test]
    fn documents_come_back_byte_for_byte_under_every_template(doc in document(), template in document()) {
        let mut templates = template::builtins();
        templates.push(template::compile(&template).template);
        for t in &templates {
            assert_kept_as_written(&doc, &import_with(&doc, t))?;
        }
    }

    #[test]
    fn an_edit_changes_only_its_section(
        doc in document(),
        template in document(),
        pick in any::<usize>(),
        text in prop_oneof![line(), Just(String::new()), (line(), line()).prop_map(|(a, b)| format!("{a}\n{b}"))],
    ) {
        let mut templates = template::builtins();
        templates.push(template::compile(&template).template);
        for t in &templates {
            assert_edit_is_local(&doc, t, pick, &text)?;
        }
    }

    #[test]
    fn an_edit_of_a_filled_plan_changes_only_its_section(pick in any::<usize>(), text in line()) {
        let finished = include_str!("fixtures/markdown/finished-plan.md");
        assert_edit_is_local(finished, &template::technical_plan(), pick, &text)?;
        let blank = template::technical_plan().markdown.clone();
        assert_edit_is_local(&blank, &template::technical_plan(), pick, &text)?;
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,400}") {
        assert_lossless_fixed_point(&s)?;
    }

    #[test]
    fn edited_plans_render_to_fixed_points(texts in prop::collection::vec(line(), 1..40), seed in any::<u64>()) {
        let mut plan = Plan::from_template();
        let mut k = seed;
        let mut texts = texts.into_iter().cycle();
        let paths: Vec<Vec<usize>> = plan.walk().into_iter().map(|(p, _)| p).collect();
        for path in &paths {
            k = k.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            if k >> 62 == 0 { continue; }
            let Some(section) = plan.section_at_mut(path) else { continue };
            for block in &mut section.blocks {
                let t = texts.next().unwrap_or_default();
                match &mut block.value {
                    Value::Markdown(m) => *m = t,
                    Value::List(l) => {
                        l.items.push(Item::new(t.clone()));
                        if let Some(first) = l.items.first_mut() { first.text = t; }
                    }
                    Value::Table(tab) => {
                        if let Some(row) = tab.rows.first_mut() && let Some(c) = row.first_mut() { *c = t; }
                    }
                    Value::Fields(f) => { if let Some(f) = f.first_mut() { f.value = t; } }
                    Value::Code(c) => c.text = t,
                }
            }
        }
        let md = to_markdown(&plan);
        assert_lossless_fixed_point(&md)?;
    }
}

proptest! {
    /// The history's line diff rebuilds both versions exactly, whatever the lines.
    #[test]
    fn line_diffs_rebuild_both_versions(
        old in proptest::collection::vec("[abc]{0,2}", 0..40),
        new in proptest::collection::vec("[abc]{0,2}", 0..40),
    ) {
        use planform::core::diff::{DiffLine, line_diff};
        let (old, new) = (old.join("\n"), new.join("\n"));
        let mut o = Vec::new();
        let mut n = Vec::new();
        for l in line_diff(&old, &new) {
            match l {
                DiffLine::Same(t) => { o.push(t.clone()); n.push(t); }
                DiffLine::Removed(t) => o.push(t),
                DiffLine::Added(t) => n.push(t),
            }
        }
        prop_assert_eq!(o, old.lines().map(String::from).collect::<Vec<_>>());
        prop_assert_eq!(n, new.lines().map(String::from).collect::<Vec<_>>());
    }
}

/// Blocks that exercise the GitHub rendering: footnotes referenced across sections, alerts,
/// bare URLs and repeated headings, mixed with every other generated block.
fn rendered_block() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => block(),
        1 => line().prop_map(|t| format!("{t}[^1] and[^n].")),
        1 => line().prop_map(|t| format!("[^n]: {t} [^1]")),
        1 => line().prop_map(|t| format!("> [!WARNING]\n> {t}")),
        1 => line().prop_map(|t| format!("see https://example.com/{}_(x)), www.a.io. {t}", t.len())),
        1 => Just("### Overview".to_string()),
        1 => Just("## fn-1".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(300), ..ProptestConfig::default() })]

    /// The preview renders a plan part by part; that must be the HTML of the whole document at
    /// once, with every id unique and every fragment link pointing at one of them.
    #[test]
    fn parts_render_as_the_whole_document(blocks in prop::collection::vec(rendered_block(), 0..14)) {
        use planform::core::html::{document_html, plan_html};
        let plan = import_markdown(&blocks.join("\n\n"));
        let html = plan_html(&plan);
        prop_assert_eq!(&html, &document_html(&to_markdown(&plan)));
        let ids: Vec<&str> = html.split(" id=\"").skip(1).filter_map(|r| r.split('"').next()).collect();
        let unique: HashSet<&&str> = ids.iter().collect();
        prop_assert_eq!(unique.len(), ids.len(), "duplicate ids in {}", html);
        for target in html.split("href=\"#").skip(1).filter_map(|r| r.split('"').next()) {
            prop_assert!(ids.contains(&target), "#{} missing in {}", target, html);
        }
    }
}
