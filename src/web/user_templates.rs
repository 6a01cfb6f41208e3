//! The user's templates: read from storage and made known to the core at start (so stored plans
//! and share links that name them read back), added from a file or written in the editor, made
//! the default for New plan, exported, and deleted with Undo.

use std::sync::Arc;

use leptos::prelude::*;

use crate::core::template::{self, Template};
use crate::web::state::{AppState, now_ms};
use crate::web::storage::{self, MAX_TEMPLATE_BYTES, StoredTemplate};

/// Registers every stored template with the core. Run before plans are read.
pub fn load() {
    for stored in storage::load_templates(now_ms()) {
        let t = template::compile_as(&stored.markdown, &stored.id).template;
        template::register(t);
    }
}

/// The template New plan starts from: the user's default when it still exists, else the
/// Technical Plan.
pub fn default_template() -> Arc<Template> {
    storage::default_template()
        .and_then(|id| template::builtin(&id))
        .unwrap_or_else(template::technical_plan)
}

/// True when `id` names one of the user's templates (not a built-in).
pub fn is_users(id: &str) -> bool {
    template::registered().iter().any(|t| t.id == id)
}

/// Why a template's text cannot be added, or `None`.
fn refuse(markdown: &str) -> Option<String> {
    if markdown.len() > MAX_TEMPLATE_BYTES {
        return Some(format!(
            "This template is over {} KB; a template is a page of headings. Nothing was added.",
            MAX_TEMPLATE_BYTES / 1024
        ));
    }
    if markdown.trim().is_empty() {
        return Some("This template is empty. Nothing was added.".into());
    }
    None
}

/// An id for a new template: its compiled id, with `-2`, `-3`… when a template (built-in or the
/// user's) already has it.
fn free_id(base: &str) -> String {
    let taken = |id: &str| template::builtin(id).is_some();
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| base.to_string())
}

/// Adds a template from its markdown (a file, the editor, a duplicate); returns it, or a
/// message saying why not. The same markdown added twice is one template.
pub fn add(state: AppState, markdown: &str) -> Result<Arc<Template>, String> {
    if let Some(message) = refuse(markdown) {
        return Err(message);
    }
    let compiled = template::compile(markdown);
    if let Some(same) = template::all_templates()
        .into_iter()
        .find(|t| t.source == compiled.template.source)
    {
        return Ok(same);
    }
    let id = free_id(&compiled.template.id);
    let t = template::with_id(compiled, &id).template;
    storage::save_template(&id, markdown, 0).map_err(|e| format!("Not added: {e}"))?;
    template::register(t.clone());
    state.templates_version.update(|v| *v += 1);
    state.measure_room();
    Ok(t)
}

/// Replaces one of the user's templates with new markdown (the editor's Save); the id stays.
pub fn update(state: AppState, id: &str, markdown: &str) -> Result<Arc<Template>, String> {
    if let Some(message) = refuse(markdown) {
        return Err(message.replace("added", "saved"));
    }
    let base = storage::load_templates(now_ms())
        .into_iter()
        .find(|t| t.id == id)
        .map_or(0, |t| t.revision);
    storage::save_template(id, markdown, base).map_err(|e| format!("Not saved: {e}"))?;
    let t = template::compile_as(markdown, id).template;
    template::register(t.clone());
    state.templates_version.update(|v| *v += 1);
    state.measure_room();
    Ok(t)
}

/// Deletes one of the user's templates; Undo ([`undo_delete`]) brings it back. Plans made from
/// it keep working: each plan's record carries its template.
pub fn delete(state: AppState, id: &str) {
    if let Some(stored) = storage::delete_template(id) {
        template::unregister(id);
        if storage::default_template().as_deref() == Some(id) {
            let _ = storage::set_default_template(None);
        }
        state.deleted_template.set(Some(stored));
        state.templates_version.update(|v| *v += 1);
        state.measure_room();
    }
}

/// Brings back the template deleted last.
pub fn undo_delete(state: AppState) {
    let Some(StoredTemplate { id, markdown, .. }) =
        state.deleted_template.try_update(Option::take).flatten()
    else {
        return;
    };
    match storage::save_template(&id, &markdown, 0) {
        Ok(_) => {
            template::register(template::compile_as(&markdown, &id).template);
            state.templates_version.update(|v| *v += 1);
        }
        Err(e) => state.toast.set(Some(format!("Not restored: {e}"))),
    }
}

/// Makes `id` the template New plan starts from (`None`: the Technical Plan).
pub fn set_default(state: AppState, id: Option<&str>) {
    let id = id.filter(|id| *id != "technical-plan");
    match storage::set_default_template(id) {
        Ok(()) => state.templates_version.update(|v| *v += 1),
        Err(e) => state.toast.set(Some(format!("Not saved: {e}"))),
    }
}

/// The markdown a duplicate of `t` starts with: its source, named "<name> copy".
pub fn duplicate_source(t: &Template) -> String {
    let name = format!("{} copy", t.name);
    let kept: String = t
        .source
        .split_inclusive('\n')
        .filter(|line| {
            let l = line.trim();
            !(l.starts_with("<!--") && l.contains("planform:") && l.contains(" name "))
        })
        .collect();
    let annotation = format!("<!-- planform: name {name} -->\n");
    // After front matter, which must stay first.
    if let Some(rest) = kept.strip_prefix("---\n")
        && let Some(end) = rest.find("\n---\n")
    {
        let split = 4 + end + 5;
        return format!("{}{annotation}{}", &kept[..split], &kept[split..]);
    }
    format!("{annotation}{kept}")
}
