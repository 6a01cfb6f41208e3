//! The Templates dialog: every template the app knows, built-in and the user's, each with
//! **New plan from <name>**; adding a template from a file (picker or drop), writing or editing
//! one while seeing the form it makes, duplicating a built-in, choosing the default for New
//! plan, exporting as markdown, and deleting with Undo.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::core::template::{self, BlockKind, SectionSpec, Template};
use crate::web::files;
use crate::web::state::AppState;
use crate::web::storage;
use crate::web::user_templates;

/// What the editor holds: the template being edited (none for a new one) and its markdown.
#[derive(Clone, Debug, PartialEq)]
struct Editing {
    id: Option<String>,
    text: String,
}

/// A starting point for a template written from scratch.
const STARTER: &str = "<!-- planform: name Team Plan -->
# Team Plan: [Title]

**Owner:** [Name]  
**Date:** YYYY-MM-DD

## Summary

[What and why, in two sentences]

## Steps

1. Step 1
2. Step 2
";

/// The Templates dialog.
#[component]
pub fn TemplatesDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let editing: RwSignal<Option<Editing>> = RwSignal::new(None);
    let close = move || state.ui.dialog.set(None);
    crate::web::dialogs::on_escape(close);
    let list = NodeRef::<leptos::html::Ul>::new();
    request_animation_frame(move || {
        crate::web::dialogs::focus_first(list.get_untracked().map(Into::into), "button")
    });
    let file_input = NodeRef::<leptos::html::Input>::new();
    let on_file = move |ev: web_sys::Event| {
        if let Some(file) = files::picked_file(&ev) {
            add_file(state, file);
        }
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        // The page's own drop handler imports a plan; a file dropped here is a template.
        ev.stop_propagation();
        if let Some(file) = files::dropped_file(&ev) {
            add_file(state, file);
        }
    };
    let rows = move || {
        state.templates_changed.track();
        let (default, all) = state
            .catalog
            .with(|c| (user_templates::default_template(c).id.clone(), c.all()));
        all.into_iter()
            .map(|t| {
                let is_default = t.id == default;
                row(state, t, is_default, editing)
            })
            .collect_view()
    };
    let deleted = move || {
        state.deleted_template.get().map(|d| {
            let name = template::compile(&d.markdown).template.name.clone();
            view! {
                <p class="notice" role="status">
                    {format!("Deleted the template {name}. ")}
                    <button type="button" on:click=move |_| undo_delete(state)>"Undo"</button>
                </p>
            }
        })
    };
    view! {
        <div class="backdrop" on:click=move |_| close()></div>
        <div class="dialog templates" role="dialog" aria-modal="true" aria-label="Templates"
            on:dragover=|ev: web_sys::DragEvent| ev.prevent_default() on:drop=on_drop>
            <header class="dialog-head">
                <h2>"Templates"</h2>
                <button type="button" class="icon" aria-label="Close templates" on:click=move |_| close()>"✕"</button>
            </header>
            <div class="dialog-pad">
                <Show when=move || editing.with(Option::is_none)
                    fallback=move || view! { <Editor editing/> }>
                    <ul class="template-list" node_ref=list>{rows}</ul>
                    {deleted}
                    <div class="row">
                        <button type="button" on:click=move |_| { if let Some(i) = file_input.get() { i.click(); } }>"Add template"</button>
                        <input type="file" hidden node_ref=file_input accept=".md,.markdown,.txt,text/markdown,text/plain"
                            on:change=on_file/>
                        <button type="button" on:click=move |_| editing.set(Some(Editing { id: None, text: STARTER.to_string() }))>"Write a template"</button>
                        <span class="hint">"or drop a template's markdown file here"</span>
                    </div>
                    <p class="hint">
                        <a href="NOTICE.md" target="_blank" rel="noopener">"Where the built-in templates come from, and their licences"</a>
                    </p>
                </Show>
            </div>
        </div>
    }
}

/// One template's row.
fn row(
    state: AppState,
    t: Arc<Template>,
    is_default: bool,
    editing: RwSignal<Option<Editing>>,
) -> impl IntoView {
    let name = t.name.clone();
    let users = state.catalog.with_untracked(|c| c.is_added(&t.id));
    let (start, export, dup, switch_to) = (t.clone(), t.clone(), t.clone(), t.clone());
    let current_id = t.id.clone();
    let id = t.id.clone();
    let (edit_id, delete_id) = (id.clone(), id.clone());
    let edit_source = t.source.clone();
    let kind = if users { "yours" } else { "built in" };
    let own = users.then(|| {
        view! {
            <button type="button" aria-label=format!("Edit {name}")
                on:click=move |_| editing.set(Some(Editing { id: Some(edit_id.clone()), text: edit_source.clone() }))>"Edit"</button>
            <button type="button" aria-label=format!("Delete {name}")
                on:click=move |_| delete(state, &delete_id)>"Delete"</button>
        }
    });
    view! {
        <li class="template-row">
            <span class="template-name">{t.name.clone()}
                <span class="hint">{format!(" {kind}, {} sections", t.sections.len())}</span>
            </span>
            <button type="button" class="primary"
                on:click=move |_| { state.ui.dialog.set(None); state.new_plan_from(&start) }>
                {format!("New plan from {name}")}
            </button>
            // Each accessible name starts with the button's visible text (a speech user says what
            // they see), then names the template.
            <button type="button" class="toggle" aria-label=format!("Default for new plans: {name}") aria-pressed=is_default.to_string()
                on:click=move |_| set_default(state, Some(&id))>
                "Default"
            </button>
            <button type="button" aria-label=format!("Export .md: {name}")
                on:click=move |_| {
                    if let Err(e) = files::download(&format!("{}.md", export.id), &export.source, "text/markdown") {
                        state.ui.toast.set(Some(format!("Download failed: {e}")));
                    }
                }>"Export .md"</button>
            <button type="button" aria-label=format!("Use for this plan: {name}")
                disabled=move || state.plan.with(|p| p.template.id == current_id)
                on:click=move |_| {
                    state.ui.dialog.set(None);
                    state.switch_template(&switch_to);
                    state.ui.toast.set(Some(format!("This plan follows {} now (Undo switches back)", switch_to.name)));
                }>"Use for this plan"</button>
            <button type="button" aria-label=format!("Duplicate {name}")
                on:click=move |_| editing.set(Some(Editing { id: None, text: user_templates::duplicate_source(&dup) }))>"Duplicate"</button>
            {own}
        </li>
    }
}

/// Reads a dropped or picked file and adds it as a template.
fn add_file(state: AppState, file: web_sys::File) {
    let name = file.name();
    if file.size() > storage::MAX_TEMPLATE_BYTES as f64 {
        state.ui.toast.set(Some(format!(
            "{name} is too big for a template (over {} KB). Nothing was added.",
            storage::MAX_TEMPLATE_BYTES / 1024
        )));
        return;
    }
    leptos::task::spawn_local(async move {
        let text = JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|v| v.as_string());
        match text {
            Some(text) => match add(state, &text) {
                Ok(t) => state
                    .ui
                    .toast
                    .set(Some(format!("Added the template {}", t.name))),
                Err(message) => state.ui.toast.set(Some(message.to_string())),
            },
            None => state.ui.toast.set(Some(format!(
                "Could not read {name} as text. Nothing was added."
            ))),
        }
    });
}

/// The template editor: its markdown on the left, the form it makes beside it, as one types.
#[component]
fn Editor(editing: RwSignal<Option<Editing>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = RwSignal::new(
        editing.with_untracked(|e| e.as_ref().map(|e| e.text.clone()).unwrap_or_default()),
    );
    let id = editing.with_untracked(|e| e.as_ref().and_then(|e| e.id.clone()));
    // Compiled again on every change: a template is a page, compiling it takes well under a
    // millisecond (the Technical Plan's 4.5 KB).
    let compiled = move || {
        let c = text.with(|t| template::compile(t));
        (c.template, c.warnings)
    };
    let save_id = id.clone();
    let save = move |_| {
        let markdown = text.get_untracked();
        let result = match &save_id {
            Some(id) => state
                .catalog
                .try_update(|c| user_templates::update(c, id, &markdown))
                .unwrap_or(Err(user_templates::TemplateError::Gone))
                .inspect(|_| changed(state)),
            None => add(state, &markdown),
        };
        match result {
            Ok(t) => {
                state
                    .ui
                    .toast
                    .set(Some(format!("Saved the template {}", t.name)));
                editing.set(None);
            }
            Err(message) => state.ui.toast.set(Some(message.to_string())),
        }
    };
    let preview = move || {
        let (t, warnings) = compiled();
        {
            let sections = t
                .title
                .iter()
                .chain(t.sections.iter())
                .map(outline)
                .collect_view();
            let warnings = warnings
                .iter()
                .map(|w| view! { <li>{w.clone()}</li> })
                .collect_view();
            view! {
                <p><strong>{t.name.clone()}</strong></p>
                <ul class="outline">{sections}</ul>
                <ul class="hint">{warnings}</ul>
            }
        }
    };
    view! {
        <div class="template-editor">
            <label class="field">{if id.is_some() { "Edit the template's markdown" } else { "The new template's markdown" }}
                <textarea class="mono" rows="18" aria-label="Template markdown" spellcheck="false"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </label>
            <section class="form-preview" aria-label="Form preview">
                <h3>"The form it makes"</h3>
                {preview}
            </section>
        </div>
        <div class="row">
            <button type="button" class="primary" on:click=save>"Save template"</button>
            <button type="button" on:click=move |_| editing.set(None)>"Cancel"</button>
        </div>
    }
}

/// `a, b, c`.
fn names<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// One section of the form preview: its title, its fields by name and kind, its subsections.
fn outline(s: &Arc<SectionSpec>) -> AnyView {
    let title = match s.repeat() {
        Some(r) if r.pick_one => format!("{} (repeated: Add {}, pick one)", s.title, r.noun),
        Some(r) => format!("{} (repeated: Add {})", s.title, r.noun),
        None if s.is_title() => "Title".to_string(),
        None => s.title.clone(),
    };
    let blocks = s
        .blocks
        .iter()
        .map(|b| {
            let what = match b.kind {
                BlockKind::Prose => "text".to_string(),
                BlockKind::Ordered | BlockKind::Bullet => "list".to_string(),
                BlockKind::Checklist | BlockKind::NumberedChecklist => "checklist".to_string(),
                BlockKind::Table => format!(
                    "table: {}",
                    names(b.columns.iter().map(|c| c.name.as_str()))
                ),
                BlockKind::FieldLines | BlockKind::FieldList => format!(
                    "fields: {}",
                    names(b.fields.iter().map(|f| f.label.as_str()))
                ),
                BlockKind::Code => "code".to_string(),
            };
            view! { <li>{format!("{} — {what}", b.name)}</li> }
        })
        .collect_view();
    let children = s.children.iter().map(outline).collect_view();
    view! {
        <li>{title}<ul>{blocks}{children}</ul></li>
    }
    .into_any()
}

/// The user's templates changed (the catalog's update re-lists them): storage's room is
/// measured again.
fn changed(state: AppState) {
    state.measure_room();
}

/// Adds a template (see [`user_templates::add`]) and shows it.
fn add(state: AppState, markdown: &str) -> Result<Arc<Template>, user_templates::TemplateError> {
    state
        .catalog
        .try_update(|c| user_templates::add(c, markdown))
        .unwrap_or(Err(user_templates::TemplateError::Gone))
        .inspect(|_| changed(state))
}

/// Deletes one of the user's templates, kept for Undo.
fn delete(state: AppState, id: &str) {
    if let Some(stored) = state
        .catalog
        .try_update(|c| user_templates::delete(c, id))
        .flatten()
    {
        state.deleted_template.set(Some(stored));
        changed(state);
    }
}

/// Brings back the template deleted last.
fn undo_delete(state: AppState) {
    let Some(stored) = state.deleted_template.try_update(Option::take).flatten() else {
        return;
    };
    match state
        .catalog
        .try_update(|c| user_templates::restore(c, stored))
        .unwrap_or(Err(user_templates::TemplateError::Gone))
    {
        Ok(()) => changed(state),
        Err(e) => state.ui.toast.set(Some(e.to_string())),
    }
}

/// Makes `id` the template New plan starts from.
fn set_default(state: AppState, id: Option<&str>) {
    match user_templates::set_default(id) {
        Ok(()) => state.templates_changed.notify(),
        Err(e) => state.ui.toast.set(Some(e.to_string())),
    }
}
