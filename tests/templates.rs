//! Templates as data (issue 10): every built-in is its own blank plan, a blank plan is flagged,
//! every corpus document keeps every word under every template, and hostile templates compile
//! quickly into safe forms.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use planform::core::checks::check;
use planform::core::import::import_with;
use planform::core::model::Plan;
use planform::core::template::{self, Template, compile};
use planform::core::text::normalize_source;
use planform::core::{import_markdown, to_markdown};

mod common;

/// The corpus documents; empty where there is no shared folder (see `common`).
fn corpus() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(dir) = common::shared("corpus") else {
        return out;
    };
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path: PathBuf = entry.expect("corpus entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            out.push((name, std::fs::read_to_string(&path).expect("corpus file")));
        }
    }
    out.sort();
    assert!(out.len() >= 8, "the corpus is missing documents");
    out
}

/// Import under `t`, render, import again: every word kept and the second pass the same.
fn assert_lossless_under(name: &str, text: &str, t: &Arc<Template>) {
    let once = to_markdown(&import_with(text, t));
    let lost = common::lost_words(&normalize_source(text), &once);
    assert!(lost.is_empty(), "{name} under {}: lost {lost:?}", t.id);
    let twice = to_markdown(&import_with(&once, t));
    if twice != once {
        let line = once.lines().zip(twice.lines()).position(|(a, b)| a != b);
        panic!(
            "{name} under {}: not a fixed point; first difference at line {:?}",
            t.id,
            line.map(|l| l + 1)
        );
    }
}

#[test]
fn the_built_ins_are_the_five_named() {
    let ids: Vec<String> = template::builtins().iter().map(|t| t.id.clone()).collect();
    assert_eq!(
        ids,
        [
            "technical-plan",
            "madr",
            "rust-rfc",
            "spec-kit-plan",
            "spec-kit-spec"
        ]
    );
}

#[test]
fn every_built_in_renders_to_itself() {
    for t in template::builtins() {
        let blank = Plan::blank(&t);
        assert_eq!(to_markdown(&blank), t.markdown, "{}", t.id);
        assert_eq!(blank.template.id, t.id);
    }
}

#[test]
fn corpus_built_ins_are_the_corpus_templates_byte_for_byte() {
    let files = [
        ("madr", "madr-adr-template.md"),
        ("rust-rfc", "rust-rfc-0000-template.md"),
        ("spec-kit-plan", "spec-kit-plan-template.md"),
        ("spec-kit-spec", "spec-kit-spec-template.md"),
    ];
    for (id, file) in files {
        let t = template::builtin(id).expect("built-in");
        let Some(source) = common::shared_text(&format!("corpus/{file}")) else {
            return;
        };
        assert_eq!(
            t.markdown, source,
            "{id}: the blank plan is the corpus template"
        );
        // Detected on import, and a fixed point.
        let plan = import_markdown(&source);
        assert_eq!(plan.template.id, id, "{file} is detected as {id}");
        assert_eq!(to_markdown(&plan), source, "{file} renders to itself");
    }
}

#[test]
fn the_seed_still_renders_to_the_technical_plan_file() {
    let t = template::technical_plan();
    let Some(file) = common::shared_text("templates/technical-plan.md") else {
        return;
    };
    assert_eq!(to_markdown(&Plan::blank(&t)), file);
}

#[test]
fn a_blank_plan_is_flagged_for_every_built_in() {
    for t in template::builtins() {
        let findings = check(&Plan::blank(&t));
        assert!(
            findings.iter().any(|f| f.code == "placeholder"),
            "{}: a blank plan reports its prompts: {findings:?}",
            t.id
        );
    }
}

#[test]
fn documents_import_under_the_template_they_fit() {
    let want = |name: &str| {
        if name.starts_with("madr") {
            "madr"
        } else if name.starts_with("rust-rfc") {
            "rust-rfc"
        } else if name.starts_with("spec-kit-plan") {
            "spec-kit-plan"
        } else if name.starts_with("spec-kit-spec") {
            "spec-kit-spec"
        } else {
            "technical-plan"
        }
    };
    for (name, text) in corpus() {
        assert_eq!(import_markdown(&text).template.id, want(&name), "{name}");
    }
    let finished = include_str!("fixtures/markdown/finished-plan.md");
    assert_eq!(import_markdown(finished).template.id, "technical-plan");
    assert_eq!(
        import_markdown("Just notes.\n").template.id,
        "technical-plan"
    );
}

#[test]
fn corpus_keeps_every_word_under_every_template() {
    let docs = corpus();
    let mut templates = template::builtins();
    // Every corpus document used as a template, too.
    for (_, text) in &docs {
        templates.push(compile(text).template);
    }
    for t in &templates {
        for (name, text) in &docs {
            assert_lossless_under(name, text, t);
        }
    }
}

#[test]
fn switching_a_plan_to_another_template_keeps_every_word() {
    let finished = include_str!("fixtures/markdown/finished-plan.md");
    let plan = import_markdown(finished);
    let md = to_markdown(&plan);
    for t in template::builtins() {
        let switched = to_markdown(&import_with(&md, &t));
        assert!(common::lost_words(&md, &switched).is_empty(), "to {}", t.id);
        let back = to_markdown(&import_with(&switched, &template::technical_plan()));
        assert!(
            common::lost_words(&md, &back).is_empty(),
            "back from {}",
            t.id
        );
    }
}

#[test]
fn a_team_template_becomes_a_form() {
    let source = "\
<!-- planform: name Postmortem -->
# Postmortem: [Incident Title]

**Severity:** [SEV1-4]  
**Date:** YYYY-MM-DD

## Summary

[What happened, in two sentences]

## Timeline

| Time | Event |
|------|-------|
| [HH:MM] | [What happened] |

## Investigations

### Investigation 1: [Question]

[What we looked at]

### Investigation 2: [Question]

[What we looked at]

## Action Items

- [ ] [Action 1]
- [ ] [Action 2]
";
    let c = compile(source);
    let t = &c.template;
    assert_eq!(t.name, "Postmortem");
    assert_eq!(t.id, "postmortem");
    let plan = Plan::blank(t);
    assert_eq!(to_markdown(&plan), t.markdown);
    assert!(
        !t.markdown.contains("planform:"),
        "annotations are not in a new plan"
    );
    let inv = t
        .section("investigations/investigation")
        .expect("repeated subsection");
    let shape = inv.repeat().expect("repeats");
    assert_eq!(shape.noun, "investigation");
    assert_eq!(shape.placeholders, ["[Question]"]);
    assert!(t.section("summary").is_some_and(|s| !s.blocks.is_empty()));
    // Filled in, it reads back under the same template with every value where it was.
    let filled = t
        .markdown
        .replace("[Incident Title]", "Queue stall")
        .replace("[What happened, in two sentences]", "The queue stalled.");
    let plan = import_with(&filled, t);
    assert_eq!(plan.sections[0].heading.text, "Queue stall");
    assert_eq!(to_markdown(&plan), filled);
    let findings = check(&plan);
    assert!(findings.iter().any(|f| f.code == "placeholder"));
    assert!(
        !findings
            .iter()
            .any(|f| f.code == "placeholder" && f.message.contains("Queue")),
        "a filled title is not reported"
    );
}

#[test]
fn hostile_templates_compile_quickly_into_safe_forms() {
    let many_headings: String = (0..10_000)
        .map(|i| format!("## S{i}\n\ntext\n\n"))
        .collect();
    let wide = format!(
        "## T\n\n|{}\n|{}\n|{}\n",
        (0..500).map(|i| format!(" c{i} |")).collect::<String>(),
        "---|".repeat(500),
        " x |".repeat(500)
    );
    let cases: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("no headings", "just words\n\n- a list\n".into()),
        ("many headings", many_headings),
        ("wide table", wide),
        (
            "script",
            "# <script>alert(1)</script>: [x]\n\n## <img src=x onerror=alert(1)>\n\n**<b onclick=x>L</b>:** [v]\n\n[<script>]\n".into(),
        ),
        ("nul and bom", "\u{feff}## A\0B\r\n\r\n[x]\r\n".into()),
        ("deep", (1..=6).map(|l| format!("{} H{l}\n\n", "#".repeat(l))).collect()),
        ("annotations only", "<!-- planform: name X; prompt; columns A=date -->\n".into()),
    ];
    for (name, source) in cases {
        let start = Instant::now();
        let c = compile(&source);
        let t = &c.template;
        assert_eq!(to_markdown(&Plan::blank(t)), t.markdown, "{name}");
        assert!(
            start.elapsed().as_secs() < 10,
            "{name} took {:?}",
            start.elapsed()
        );
        assert!(!t.name.contains('<') || t.name.contains("script"), "{name}");
    }
}

#[test]
fn a_json_export_carries_a_team_template_and_opens_where_it_was_never_seen() {
    use planform::core::envelope::{from_json, to_json};
    let source = "<!-- planform: name Retro Notes -->\n# Retro Notes: [Sprint]\n\n## Went Well\n\n- [Thing 1]\n- [Thing 2]\n\n## To Improve\n\n[What to change]\n";
    let t = compile(source).template;
    let filled = t
        .markdown
        .replace("[Sprint]", "Sprint 9")
        .replace("[What to change]", "Smaller PRs");
    let plan = import_with(&filled, &t);
    let json = to_json(&plan);
    assert!(
        json.contains("planform: name Retro Notes"),
        "the template travels with the plan"
    );
    // Read with the built-ins alone: nothing about the template is known but what it carries.
    let back = from_json(&json).expect("reads back");
    assert_eq!(back.template.id, "retro-notes");
    assert_eq!(to_markdown(&back), filled);
    assert!(
        back.sections.iter().all(|s| s.spec.is_some()),
        "sections keep their template parts"
    );
    // Built-in plans carry no template.
    assert!(!to_json(&Plan::blank(&template::technical_plan())).contains("\"template\": \"<!--"));
}

#[test]
fn dating_a_new_plan_fills_the_field_where_the_template_has_it() {
    use planform::core::model::MetaField;
    let t = template::builtin("spec-kit-spec").expect("built-in");
    let mut plan = Plan::blank(&t);
    plan.set_meta(MetaField::Created, "2026-12-01");
    let md = to_markdown(&plan);
    assert!(md.contains("**Created**: 2026-12-01"), "{md}");
    assert_eq!(
        md.matches("Created").count(),
        1,
        "no second Created field: {md}"
    );
    assert!(md.contains("**Feature Branch**: `[###-feature-name]`\n\n"));
}

#[test]
fn a_template_in_another_style_keeps_its_style_and_gets_its_checks() {
    let source = "\
# Incident Report: {Incident Title}

- Severity: SEV-X
- Owner: [Name]
- Date: YYYY-MM-DD

## Timeline

| Time (UTC) | Event | Status |
| --- | --- | --- |
| YYYY-MM-DD | [What happened] | ⏳ Pending |
| YYYY-MM-DD | [What happened] | ✅ Done |

## Action Items

1. [ ] [Action 1]
2. [ ] [Action 2]
";
    let t = compile(source).template;
    assert_eq!(
        t.markdown, source,
        "written as the team writes it: `| --- |`, `1. [ ]`"
    );
    let timeline = t.block("timeline#0").expect("a table");
    assert_eq!(timeline.kind, template::BlockKind::Table);
    assert_eq!(timeline.columns[0].kind, template::ColumnKind::Date);
    let filled = source
        .replace("{Incident Title}", "Queue stall")
        .replace("SEV-X", "SEV-2")
        .replacen(
            "| YYYY-MM-DD | [What happened] | ⏳ Pending |",
            "| 2026-11-30 | Alerts | ✅ Done |",
            1,
        )
        .replacen(
            "| YYYY-MM-DD | [What happened] | ✅ Done |",
            "| 2026-11-29 | Rollback | ✅ Done |",
            1,
        );
    let plan = import_with(&filled, &t);
    assert_eq!(to_markdown(&plan), filled);
    let codes: Vec<String> = check(&plan).iter().map(|f| f.code.to_string()).collect();
    assert!(codes.contains(&"timeline-order".to_string()), "{codes:?}");
    let blank: Vec<String> = check(&Plan::blank(&t))
        .iter()
        .map(|f| f.message.clone())
        .collect();
    assert!(blank.iter().any(|m| m.contains("SEV-X")), "{blank:?}");
    assert!(blank.iter().any(|m| m.contains("[Action 1]")), "{blank:?}");
}

/// A status column keeps the template's own values, in its order: annotated
/// (`status(Open|Mitigating|Closed)`) or read from the template's cells (the Technical Plan's
/// `✅ 🔄 ⏳`). The form offers exactly these.
#[test]
fn a_status_column_keeps_the_templates_values() {
    let source = "<!-- planform: name Risk Register -->
# Risk Register: [Project]

## Risks

<!-- planform: columns Status=status(Open|Mitigating|Closed) -->
| Risk | Owner | Status |
|------|-------|--------|
| [Risk] | [Owner] | Open |
";
    let t = compile(source).template;
    let risks = t.block("risks#0").expect("a table");
    assert_eq!(
        risks.columns[2].kind,
        template::ColumnKind::Status(vec![
            "Open".to_string(),
            "Mitigating".to_string(),
            "Closed".to_string()
        ])
    );
    let plan = template::technical_plan();
    let timeline = plan.block("timeline#0").expect("the timeline");
    assert_eq!(
        timeline.columns[2].kind,
        template::ColumnKind::Status(vec!["✅".into(), "🔄".into(), "⏳".into()])
    );
}

/// A compiled template as text, a line per section, block, column and field: what the form,
/// import and the checks make of it. The built-ins' outlines are recorded in
/// `tests/fixtures/templates/` and compared whole (they replace the oracle of the Technical Plan
/// that was written out in Rust before templates were read from markdown).
fn outline(template: &Template) -> String {
    use std::fmt::Write as _;
    fn section(out: &mut String, spec: &template::SectionSpec, depth: usize) {
        let pad = "  ".repeat(depth);
        let _ = writeln!(
            out,
            "{pad}{} {:?} h{}{} {:?} aliases={:?}",
            spec.id,
            spec.title,
            spec.level,
            if spec.tight { " tight" } else { "" },
            spec.heading,
            spec.aliases
        );
        for b in &spec.blocks {
            let _ = writeln!(
                out,
                "{pad}  - {} {:?} {:?} label={:?} aliases={:?} sep={:?} colon_outside={} \
                 bullet={:?} lang={:?} rule={:?} required={} chosen_only={} repeat={} \
                 delimiter={:?}",
                b.id,
                b.kind,
                b.name,
                b.label,
                b.label_aliases,
                b.label_sep,
                b.colon_outside,
                b.bullet,
                b.lang,
                b.rule,
                b.required,
                b.chosen_only,
                b.repeat,
                b.delimiter
            );
            for p in &b.placeholders {
                let _ = writeln!(out, "{pad}      prompt {p:?}");
            }
            for c in &b.columns {
                let _ = writeln!(
                    out,
                    "{pad}      column {:?} {:?} prompts={:?}",
                    c.name, c.kind, c.placeholders
                );
            }
            for f in &b.fields {
                let _ = writeln!(
                    out,
                    "{pad}      field {:?} {:?} role={:?} aliases={:?} prompts={:?}",
                    f.label, f.kind, f.role, f.aliases, f.placeholders
                );
            }
        }
        for child in &spec.children {
            section(out, child, depth + 1);
        }
    }
    let mut out = format!("{} {:?}\n", template.id, template.name);
    for spec in template.title.iter().chain(&template.sections) {
        section(&mut out, spec, 0);
    }
    out
}

/// Every built-in compiles to the outline recorded for it. A change to a template or to the
/// compiler shows here as a diff of what the form and import make of it; when the change is
/// meant, `PLANFORM_BLESS=1 cargo test --test templates` records the new outlines.
#[test]
fn builtins_compile_to_their_recorded_outlines() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/templates");
    let bless = std::env::var_os("PLANFORM_BLESS").is_some();
    for t in template::builtins() {
        let path = dir.join(format!("{}.outline", t.id));
        let got = outline(&t);
        if bless {
            std::fs::create_dir_all(&dir).expect("fixture folder");
            std::fs::write(&path, &got).expect("fixture written");
            continue;
        }
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (PLANFORM_BLESS=1 records it)", path.display()));
        if got != want {
            use planform::core::diff::{LineOp, line_ops};
            let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
            let diff: Vec<String> = line_ops(&w, &g)
                .into_iter()
                .filter_map(|op| match op {
                    LineOp::Same(..) => None,
                    LineOp::Removed(i) => Some(format!("- {}", w[i])),
                    LineOp::Added(i) => Some(format!("+ {}", g[i])),
                })
                .take(20)
                .collect();
            panic!("{} compiles to another outline:\n{}", t.id, diff.join("\n"));
        }
    }
}

/// A repeated heading's parenthesised suffix is what its template says it is: named by a
/// `suffix` annotation, else by the template's own suffix (`Priority` of `(Priority: P1)`), and
/// read only where it looks like the template's (a name's own parentheses stay in the name).
#[test]
fn a_headings_suffix_is_the_templates() {
    use planform::core::template::{HeadingPattern, SuffixShape};
    let suffix_of = |t: &Template, id: &str| match &t.section(id).expect(id).heading {
        HeadingPattern::Repeated(r) => r.suffix.clone(),
        _ => None,
    };
    let tp = template::technical_plan();
    assert_eq!(
        suffix_of(&tp, "implementation-steps/phase"),
        Some(SuffixShape {
            name: "Duration".into(),
            placeholder: "Day 1-2".into()
        })
    );
    let spec = template::builtin("spec-kit-spec").unwrap();
    assert_eq!(
        suffix_of(&spec, "user-scenarios-testing-mandatory/user-story").map(|s| s.name),
        Some("Priority".into())
    );
    let t = compile(
        "# Review: [Name]\n\n## Findings\n\n<!-- planform: suffix Owner -->\n### Finding 1: [What] (Team A)\n\n[Detail]\n\n### Finding 2: [What] (Team B)\n\n[Detail]\n",
    )
    .template;
    assert_eq!(
        suffix_of(&t, "findings/finding").map(|s| (s.name, s.placeholder)),
        Some(("Owner".into(), "Team A".into()))
    );
    // Under the Technical Plan: a duration is the suffix; a name's own parentheses are not.
    let plan = import_with(
        "# Technical Plan: X\n\n## Implementation Steps\n\n### Phase 1: Build (Week 1)\n1. A\n\n### Phase 2: Add caching (Redis)\n1. B\n",
        &tp,
    );
    let steps = plan
        .sections
        .iter()
        .find(|s| s.heading.text == "Implementation Steps")
        .expect("steps");
    let heads: Vec<(&str, &str)> = steps
        .children
        .iter()
        .map(|c| (c.heading.text.as_str(), c.heading.suffix.as_str()))
        .collect();
    assert_eq!(heads, [("Build", "Week 1"), ("Add caching (Redis)", "")]);
}

/// Which header field is the plan's id, its creation date and its last update is the
/// template's to say: an annotation names any label (`field Revised=updated`), and a template
/// without one is read by the usual labels. Any other `**Label:**` line is a field of its own.
#[test]
fn header_roles_are_the_templates() {
    use planform::core::edit::stamp_updated;
    use planform::core::model::MetaField;
    let t = Arc::new(
        compile(
            "# Review: [Name]\n\n<!-- planform: field Ref=id, Opened=created, Revised=updated -->\n\
             **Ref:** REV-X  \n**Owner:** [Who]  \n**Opened:** YYYY-MM-DD  \n**Revised:** YYYY-MM-DD\n\n\
             ## Findings\n\n[What we found]\n",
        )
        .template,
    );
    assert_eq!(t.meta_label(MetaField::Updated), "Revised");
    let before = import_with(
        "# Review: Outage\n\n**Ref:** REV-7  \n**Owner:** Ana  \n**Opened:** 2026-01-02  \n**Revised:** 2026-01-03\n\n## Findings\n\nDisk.\n",
        &t,
    );
    assert_eq!(before.meta(MetaField::Spec), "REV-7");
    assert_eq!(before.meta(MetaField::Created), "2026-01-02");
    let mut after = before.clone();
    after.set_title("Outage, again");
    stamp_updated(&before, &mut after, "2026-12-06");
    assert_eq!(after.meta(MetaField::Updated), "2026-12-06");
    let md = to_markdown(&after);
    assert!(md.contains("**Revised:** 2026-12-06"), "{md}");
    assert!(md.contains("**Owner:** Ana"), "{md}");
    assert!(!md.contains("Last Updated"), "{md}");
    // The Technical Plan's header reads as before.
    let tp = import_markdown(
        "# Technical Plan: X\n\n**Spec:** SPEC-9  \n**Created:** 2026-01-01  \n**Last Updated:** 2026-01-02\n",
    );
    assert_eq!(tp.meta(MetaField::Spec), "SPEC-9");
    assert_eq!(tp.meta(MetaField::Updated), "2026-01-02");
}

/// Templates are a value: a document is matched against the catalog it is read with, and a
/// template one catalog holds is unknown to another (nothing is registered globally).
#[test]
fn a_document_is_read_against_the_catalog_it_is_given() {
    use planform::core::formats::read_plan_in;
    use planform::core::import::import_in;
    use planform::core::template::Catalog;
    let t = compile(
        "<!-- planform: name Incident Review -->\n# Incident Review: [Name]\n\n## Timeline of Events\n\n[When]\n\n## Root Cause\n\n[Why]\n\n## Action Items\n\n- [ ] [Fix]\n",
    )
    .template;
    let doc = "# Incident Review: Outage\n\n## Timeline of Events\n\n09:00 down.\n\n## Root Cause\n\nDisk.\n\n## Action Items\n\n- [ ] Alert on disk\n";
    let with = Catalog::with([t.clone()]);
    assert_eq!(import_in(doc, &with).template.id, t.id);
    assert_eq!(import_markdown(doc).template.id, "technical-plan");
    assert_eq!(
        import_in(doc, &Catalog::new()).template.id,
        "technical-plan"
    );
    // A JSON plan that names the template without carrying it reads only where it is known.
    let plan = import_in(doc, &with);
    let mut value: serde_json::Value =
        serde_json::from_str(&planform::core::envelope::to_json(&plan)).unwrap();
    value.as_object_mut().unwrap().remove("template");
    value.as_object_mut().unwrap().remove("markdown");
    let json = value.to_string();
    let (back, _) = read_plan_in(&json, &with).expect("known here");
    assert_eq!(
        (back.template.id.as_str(), to_markdown(&back)),
        (t.id.as_str(), to_markdown(&plan))
    );
    assert!(read_plan_in(&json, &Catalog::new()).is_err());
}
