//! Template fidelity: the seed (mis-decoded) and the template both read into the same plan, and
//! that plan renders as the template, byte for byte.

use planform::core::{Plan, import_markdown, to_markdown};

/// The blank Technical Plan: the template file without its annotation lines.
fn template() -> String {
    planform::core::template::technical_plan().markdown.clone()
}

mod common;

/// A template of `shared/templates/` (`None`: there is no shared folder, see `common`).
fn shared(name: &str) -> Option<String> {
    common::shared_text(&format!("templates/{name}"))
}

#[test]
fn template_renders_as_itself() {
    let template = template();
    assert_eq!(to_markdown(&import_markdown(&template)), template);
}

#[test]
fn seed_renders_as_the_template() {
    let Some(seed) = shared("technical-plan.seed.md") else {
        return;
    };
    let out = to_markdown(&import_markdown(&seed));
    assert_eq!(out, template());
    assert_eq!(to_markdown(&import_markdown(&out)), out);
}

#[test]
fn repository_template_is_the_shared_one() {
    // The repository's file is the template with its annotations; without them, the shared one.
    let annotated = include_str!("../templates/technical-plan.md");
    assert_eq!(
        planform::core::template::strip_annotations(annotated),
        template()
    );
    let Some(shared) = shared("technical-plan.md") else {
        return;
    };
    assert_eq!(shared, template());
}

#[test]
fn new_plan_is_the_template_with_empty_placeholders() {
    let plan = Plan::from_template();
    assert_eq!(plan.title(), "");
    let goals = plan.find("goals").unwrap();
    let list = goals.list("goals#0").unwrap();
    assert!(list.items.iter().all(|i| i.text.is_empty()));
    assert_eq!(list.items.len(), 3);
    // Defaults stay as content.
    let unit = plan.find("testing-strategy/unit-tests").unwrap();
    let items = &unit.list("testing-strategy/unit-tests#0").unwrap().items;
    assert_eq!(items[0].text, "Test utility functions");
    // No section of the template fell back to raw markdown.
    for (_, s) in plan.walk() {
        assert!(!s.is_custom(), "{:?}", s.heading);
        for b in &s.blocks {
            assert!(!b.is_raw(), "raw block in {}: {:?}", s.name(), b.value);
        }
    }
}
