//! The New plan dialog: a title and a template. In an open folder the file is named by the
//! folder's convention (shown before it is made) and never overwrites one. Supersede opens it
//! too: the new plan then replaces the open one, in the same template.

use std::sync::Arc;

use leptos::prelude::*;

use crate::core::template::Template;
use crate::web::dialogs::on_escape;
use crate::web::state::AppState;

/// `supersede`: the new plan supersedes the open one.
#[component]
pub fn NewPlanDialog(supersede: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let in_folder = state.folder.name.get_untracked().is_some();
    let dir = state.new_file_dir();
    let old_title = state.plan.with_untracked(|p| p.display_title());
    let fallback = state
        .catalog
        .with_untracked(crate::web::user_templates::default_template);
    let ws = state.open_folder_workspace();
    let chosen = if supersede {
        // A plan that supersedes another follows the same template.
        state.plan.with_untracked(|p| p.template.0.clone())
    } else {
        ws.as_ref().map_or_else(
            || Arc::clone(&fallback),
            |ws| ws.template_for(&dir, Arc::clone(&fallback)),
        )
    };
    // The folders' own templates, then the built-ins and the user's.
    let mut templates: Vec<Arc<Template>> = ws.map(|ws| ws.folder_templates()).unwrap_or_default();
    for t in state.catalog.with_untracked(|c| c.all()) {
        if !templates.iter().any(|x| x.id == t.id) {
            templates.push(t);
        }
    }
    if !templates.iter().any(|t| t.id == chosen.id) {
        templates.insert(0, Arc::clone(&chosen));
    }
    let templates = StoredValue::new(templates);
    let template_id = RwSignal::new(chosen.id.clone());
    let title = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let field = NodeRef::<leptos::html::Input>::new();
    let select = NodeRef::<leptos::html::Select>::new();
    request_animation_frame(move || {
        // The preselected template, once its options are in the list.
        if let Some(s) = select.get_untracked() {
            s.set_value(&template_id.get_untracked());
        }
        if let Some(f) = field.get_untracked() {
            let _ = f.focus();
        }
    });
    let close = move || state.ui.dialog.set(None);
    on_escape(close);
    let path = {
        let dir = dir.clone();
        move || {
            let t = title.get();
            (in_folder && !t.trim().is_empty()).then(|| state.new_file_path(&dir, t.trim()))
        }
    };
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = title.get_untracked().trim().to_string();
        if t.is_empty() {
            error.set(Some("Give the plan a title.".into()));
            return;
        }
        let Some(template) = templates.with_value(|ts| {
            ts.iter()
                .find(|x| x.id == template_id.get_untracked())
                .cloned()
        }) else {
            return;
        };
        busy.set(true);
        let done = move |result: Result<(), String>| {
            busy.set(false);
            match result {
                Ok(()) => state.ui.dialog.set(None),
                Err(e) => error.set(Some(e)),
            }
        };
        if supersede {
            state.supersede(t, template, done);
        } else if in_folder {
            state.create_plan_file(t, template, done);
        } else {
            state.ui.dialog.set(None);
            state.new_plan_titled(&t, &template);
        }
    };
    view! {
        <div class="backdrop" on:click=move |_| close()></div>
        <div class="dialog small" role="dialog" aria-modal="true" aria-label="New plan">
            <header class="dialog-head">
                <h2>{if supersede { format!("New plan superseding “{old_title}”") } else { "New plan".to_string() }}</h2>
                <button type="button" class="icon" aria-label="Close new plan" on:click=move |_| close()>"✕"</button>
            </header>
            <form class="dialog-pad stack" on:submit=create>
                <label>"Title"
                    <input type="text" node_ref=field required prop:value=move || title.get()
                        on:input=move |ev| { title.set(event_target_value(&ev)); error.set(None); }/>
                </label>
                <label>"Template"
                    <select node_ref=select on:change=move |ev| template_id.set(event_target_value(&ev))>
                        {templates.with_value(|ts| ts.iter().map(|t| {
                            view! { <option value=t.id.clone()>{t.name.clone()}</option> }
                        }).collect_view())}
                    </select>
                </label>
                <p class="hint">{move || match path() {
                    Some(p) => format!("Saved as {p}"),
                    None if in_folder => format!("Saved in {}", if dir.is_empty() { "the folder" } else { &dir }),
                    None => "Kept in this browser's library.".to_string(),
                }}</p>
                <Show when=move || error.with(Option::is_some)>
                    <p role="alert" class="error">{move || error.get().unwrap_or_default()}</p>
                </Show>
                <div class="row">
                    <button type="submit" class="primary" disabled=move || busy.get()>"Create"</button>
                </div>
            </form>
        </div>
    }
}
