//! The Templates dialog: every template the app knows, each with a button that starts a plan
//! from it.

use leptos::prelude::*;

use crate::core::template;
use crate::web::state::AppState;

/// Lists the built-in templates (and any the user added) with **New plan from <name>**.
#[component]
pub fn TemplatesDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let close = move || state.templates_open.set(false);
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            close();
        }
    });
    on_cleanup(move || escape.remove());
    let list = NodeRef::<leptos::html::Ul>::new();
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(b) = list
            .get_untracked()
            .and_then(|l| l.query_selector("button").ok().flatten())
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = b.focus();
        }
    });
    let rows = template::all_templates()
        .into_iter()
        .map(|t| {
            let name = t.name.clone();
            let sections = t.sections.len();
            let start = t.clone();
            view! {
                <li class="template-row">
                    <span class="template-name">{t.name.clone()}</span>
                    <span class="hint">{format!("{sections} sections")}</span>
                    <button type="button" class="primary"
                        on:click=move |_| { close(); state.new_plan_from(&start) }>
                        {format!("New plan from {name}")}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="backdrop" on:click=move |_| close()></div>
        <div class="dialog small" role="dialog" aria-modal="true" aria-label="Templates">
            <header class="dialog-head">
                <h2>"Templates"</h2>
                <button type="button" class="icon" aria-label="Close templates" on:click=move |_| close()>"✕"</button>
            </header>
            <div class="dialog-pad">
                <ul class="template-list" node_ref=list>{rows}</ul>
            </div>
        </div>
    }
}
