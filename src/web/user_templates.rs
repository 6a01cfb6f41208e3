//! The user's templates: read from storage into the app's [`Catalog`] at start (the app reads
//! plans against it), added from a file or written in the editor, made the default for New
//! plan, and deleted (kept for Undo by the caller). No UI here: the Templates dialog calls these
//! with the app's catalog and shows what they did.

use std::sync::Arc;

use crate::core::template::{self, Catalog, Template};
use crate::web::storage::{self, MAX_TEMPLATE_BYTES, StorageError, StoredTemplate};

/// What was being done with a template when it failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Doing {
    /// Adding it.
    Adding,
    /// Saving an edit of it.
    Saving,
    /// Bringing it back after a delete.
    Restoring,
    /// Making it the default.
    Choosing,
}

impl std::fmt::Display for Doing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Doing::Adding => "added",
            Doing::Saving | Doing::Choosing => "saved",
            Doing::Restoring => "restored",
        })
    }
}

/// Why a template was not added, saved or restored: said to the user as it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// Over [`MAX_TEMPLATE_BYTES`].
    #[error(
        "This template is over {kb} KB; a template is a page of headings. Nothing was {0}.",
        kb = MAX_TEMPLATE_BYTES / 1024
    )]
    TooLarge(Doing),
    /// Nothing but white space.
    #[error("This template is empty. Nothing was {0}.")]
    Empty(Doing),
    /// Storage refused it.
    #[error("Not {0}: {1}")]
    Storage(Doing, StorageError),
    /// The app is closing (its catalog is gone).
    #[error("The app is closing; nothing was changed.")]
    Gone,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The built-ins and every stored template of the user's. Run before plans are read.
pub fn load() -> Catalog {
    Catalog::with(
        storage::load_templates(now_ms())
            .into_iter()
            .map(|stored| template::compile_as(&stored.markdown, &stored.id).template),
    )
}

/// The template New plan starts from: the user's default when it is still in `catalog`, else
/// the Technical Plan.
pub fn default_template(catalog: &Catalog) -> Arc<Template> {
    storage::default_template()
        .and_then(|id| catalog.get(&id))
        .unwrap_or_else(template::technical_plan)
}

/// Why a template's text cannot be taken, or `None`.
fn refuse(markdown: &str, doing: Doing) -> Option<TemplateError> {
    if markdown.len() > MAX_TEMPLATE_BYTES {
        return Some(TemplateError::TooLarge(doing));
    }
    if markdown.trim().is_empty() {
        return Some(TemplateError::Empty(doing));
    }
    None
}

/// An id for a new template: its compiled id, with `-2`, `-3`… when a template (built-in or the
/// user's) already has it.
fn free_id(catalog: &Catalog, base: &str) -> String {
    let taken = |id: &str| catalog.get(id).is_some();
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
pub fn add(catalog: &mut Catalog, markdown: &str) -> Result<Arc<Template>, TemplateError> {
    if let Some(refused) = refuse(markdown, Doing::Adding) {
        return Err(refused);
    }
    let compiled = template::compile(markdown);
    if let Some(same) = catalog
        .all()
        .into_iter()
        .find(|t| t.source == compiled.template.source)
    {
        return Ok(same);
    }
    let id = free_id(catalog, &compiled.template.id);
    let t = template::with_id(compiled, &id).template;
    storage::save_template(&id, markdown, 0)
        .map_err(|e| TemplateError::Storage(Doing::Adding, e))?;
    catalog.add(t.clone());
    Ok(t)
}

/// Replaces one of the user's templates with new markdown (the editor's Save); the id stays.
pub fn update(
    catalog: &mut Catalog,
    id: &str,
    markdown: &str,
) -> Result<Arc<Template>, TemplateError> {
    if let Some(refused) = refuse(markdown, Doing::Saving) {
        return Err(refused);
    }
    let base = storage::load_templates(now_ms())
        .into_iter()
        .find(|t| t.id == id)
        .map_or(0, |t| t.revision);
    storage::save_template(id, markdown, base)
        .map_err(|e| TemplateError::Storage(Doing::Saving, e))?;
    let t = template::compile_as(markdown, id).template;
    catalog.add(t.clone());
    Ok(t)
}

/// Deletes one of the user's templates; returns what was stored, for Undo ([`restore`]). Plans
/// made from it keep working: each plan's record carries its template.
pub fn delete(catalog: &mut Catalog, id: &str) -> Option<StoredTemplate> {
    let stored = storage::delete_template(id)?;
    catalog.remove(id);
    if storage::default_template().as_deref() == Some(id) {
        let _ = storage::set_default_template(None);
    }
    Some(stored)
}

/// Brings back a deleted template.
pub fn restore(catalog: &mut Catalog, stored: StoredTemplate) -> Result<(), TemplateError> {
    let StoredTemplate { id, markdown, .. } = stored;
    storage::save_template(&id, &markdown, 0)
        .map_err(|e| TemplateError::Storage(Doing::Restoring, e))?;
    catalog.add(template::compile_as(&markdown, &id).template);
    Ok(())
}

/// Makes `id` the template New plan starts from (`None`: the Technical Plan).
pub fn set_default(id: Option<&str>) -> Result<(), TemplateError> {
    let id = id.filter(|id| *id != "technical-plan");
    storage::set_default_template(id).map_err(|e| TemplateError::Storage(Doing::Choosing, e))
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
