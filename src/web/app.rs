//! The application: library, editor (Form and Markdown tabs), preview and status line.

use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::checks::{Target, check};
use crate::core::html::{LinkRefs, markdown_to_html};
use crate::core::import::words;
use crate::core::render::{section_markdown, to_markdown};
use crate::web::files;
use crate::web::form::{FormTab, target_id};
use crate::web::state::{AppState, SaveState, Tab};
use crate::web::storage;

/// Mounts the app on `<body>`.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::load();
    provide_context(state);
    apply_theme(storage::theme());

    // Saving is flushed when the page is hidden or closed.
    let flush_hide = window_event_listener(leptos::ev::pagehide, move |_| state.flush());
    let flush_visibility = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            state.flush();
        }
    });
    let keys = window_event_listener(leptos::ev::keydown, move |ev| on_key(state, &ev));
    on_cleanup(move || {
        flush_hide.remove();
        flush_visibility.remove();
        keys.remove();
    });

    view! {
        <div class="app" on:dragover=|ev: web_sys::DragEvent| ev.prevent_default()
            on:drop=move |ev: web_sys::DragEvent| files::on_drop(state, ev)
            on:paste=move |ev: web_sys::ClipboardEvent| files::on_paste(state, ev)>
            <Library/>
            <main class="editor">
                <Toolbar/>
                <div class="panes">
                    <div class="pane edit-pane">
                        <div role="tablist" aria-label="Editor" class="tabs">
                            <button role="tab" id="pf-tab-form" aria-controls="pf-panel-form"
                                aria-selected=move || (state.tab.get() == Tab::Form).to_string()
                                on:click=move |_| state.tab.set(Tab::Form)>"Form"</button>
                            <button role="tab" id="pf-tab-md" aria-controls="pf-panel-md"
                                aria-selected=move || (state.tab.get() == Tab::Markdown).to_string()
                                on:click=move |_| { state.markdown_draft.set(None); state.tab.set(Tab::Markdown) }>"Markdown"</button>
                        </div>
                        <div role="tabpanel" id="pf-panel-form" aria-labelledby="pf-tab-form" hidden=move || state.tab.get() != Tab::Form>
                            <Show when=move || state.tab.get() == Tab::Form><FormTab/></Show>
                        </div>
                        <div role="tabpanel" id="pf-panel-md" aria-labelledby="pf-tab-md" hidden=move || state.tab.get() != Tab::Markdown>
                            <MarkdownTab/>
                        </div>
                    </div>
                    <Preview/>
                </div>
                <StatusLine/>
            </main>
            <Toast/>
        </div>
    }
}

fn on_key(state: AppState, ev: &web_sys::KeyboardEvent) {
    let cmd = ev.ctrl_key() || ev.meta_key();
    if !cmd {
        return;
    }
    match ev.key().to_lowercase().as_str() {
        "s" => {
            ev.prevent_default();
            state.save_now();
        }
        "z" if ev.shift_key() => {
            ev.prevent_default();
            state.redo();
        }
        "z" => {
            ev.prevent_default();
            state.undo();
        }
        "y" => {
            ev.prevent_default();
            state.redo();
        }
        _ => {}
    }
}

fn apply_theme(theme: Option<String>) {
    if let Some(root) = document().document_element() {
        match theme {
            Some(t) => {
                let _ = root.set_attribute("data-theme", &t);
            }
            None => {
                let _ = root.remove_attribute("data-theme");
            }
        }
    }
}

fn system_dark() -> bool {
    window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

#[component]
fn Library() -> impl IntoView {
    let state = expect_context::<AppState>();
    let query = RwSignal::new(String::new());
    let shown = Memo::new(move |_| {
        let q = query.get().to_lowercase();
        state
            .library
            .get()
            .into_iter()
            .filter(|m| {
                q.is_empty()
                    || m.title.to_lowercase().contains(&q)
                    || m.spec.to_lowercase().contains(&q)
                    || plan_text_matches(&m.id, &q)
            })
            .collect::<Vec<_>>()
    });
    view! {
        <nav class="library" aria-label="Plans">
            <div class="library-head">
                <button type="button" class="primary" on:click=move |_| state.new_plan()>"New plan"</button>
                <input type="search" aria-label="Search plans" placeholder="Search plans"
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
            </div>
            <ul class="plan-list">
                {move || shown.get().into_iter().map(|m| {
                    let id = m.id.clone();
                    let open_id = m.id.clone();
                    let del_id = m.id.clone();
                    let is_current = Memo::new(move |_| state.id.get() == id);
                    view! {
                        <li class:current=move || is_current.get()>
                            <button type="button" class="plan-link" aria-current=move || if is_current.get() { "true" } else { "false" }
                                on:click=move |_| state.open(&open_id)>
                                <span class="plan-title">{m.title.clone()}</span>
                                <span class="plan-meta">{format!("{} · {}", if m.spec.is_empty() { "no spec" } else { &m.spec }, m.updated)}</span>
                            </button>
                            <button type="button" class="icon" aria-label=format!("Delete {}", m.title)
                                on:click=move |_| state.delete(&del_id)>"🗑"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </nav>
    }
}

/// Full-text search reads the stored plan only when the title did not match.
fn plan_text_matches(id: &str, q: &str) -> bool {
    storage::load_plan(id).is_ok_and(|p| to_markdown(&p).to_lowercase().contains(q))
}

#[component]
fn Toolbar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let menu = RwSignal::new(false);
    let dark = RwSignal::new(storage::theme().map_or_else(system_dark, |t| t == "dark"));
    let file_input = NodeRef::<leptos::html::Input>::new();
    let close_on_escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            menu.set(false);
        }
    });
    on_cleanup(move || close_on_escape.remove());
    view! {
        <div class="toolbar" role="toolbar" aria-label="Plan">
            <button type="button" on:click=move |_| state.undo() disabled=move || { state.plan.track(); !state.can_undo() }>"Undo"</button>
            <button type="button" on:click=move |_| state.redo() disabled=move || { state.plan.track(); !state.can_redo() }>"Redo"</button>
            <button type="button" on:click=move |_| state.duplicate()>"Duplicate"</button>
            <button type="button" on:click=move |_| { if let Some(i) = file_input.get() { i.click(); } }>"Import"</button>
            <input type="file" hidden node_ref=file_input accept=".md,.markdown,.txt,.html,.htm,.json,text/markdown,text/plain,text/html,application/json"
                on:change=move |ev| files::on_file_input(state, ev)/>
            <div class="menu">
                <button type="button" aria-haspopup="menu" aria-expanded=move || menu.get().to_string()
                    on:click=move |_| menu.update(|m| *m = !*m)>"Export"</button>
                <div role="menu" class="menu-list" hidden=move || !menu.get()>
                    <button role="menuitem" type="button" on:click=move |_| { menu.set(false); files::export(state, files::Export::Markdown) }>"Markdown (.md)"</button>
                    <button role="menuitem" type="button" on:click=move |_| { menu.set(false); files::export(state, files::Export::Html) }>"HTML (.html)"</button>
                    <button role="menuitem" type="button" on:click=move |_| { menu.set(false); files::export(state, files::Export::Json) }>"JSON (.json)"</button>
                    <button role="menuitem" type="button" on:click=move |_| { menu.set(false); files::copy_markdown(state) }>"Copy markdown"</button>
                    <button role="menuitem" type="button" on:click=move |_| { menu.set(false); let _ = window().print(); }>"Print"</button>
                </div>
            </div>
            <button type="button" aria-pressed=move || dark.get().to_string() on:click=move |_| {
                let d = !dark.get_untracked();
                dark.set(d);
                let t = if d { "dark" } else { "light" };
                let _ = storage::set_theme(t);
                apply_theme(Some(t.to_string()));
            }>"Dark theme"</button>
        </div>
    }
}

#[component]
fn MarkdownTab() -> impl IntoView {
    let state = expect_context::<AppState>();
    let canonical = Memo::new(move |_| state.plan.with(to_markdown));
    view! {
        <label class="field md">"Markdown source"
            <textarea class="mono source" aria-label="Markdown source" spellcheck="false"
                prop:value=move || state.markdown_draft.get().unwrap_or_else(|| canonical.get())
                on:input=move |ev| state.set_markdown(event_target_value(&ev))
                on:blur=move |_| state.markdown_draft.set(None)></textarea>
        </label>
    }
}

/// The rendered plan, one memo per top-level section: a keystroke re-renders only its section.
#[component]
fn Preview() -> impl IntoView {
    let state = expect_context::<AppState>();
    let count = Memo::new(move |_| state.plan.with(|p| p.sections.len()));
    let preamble = Memo::new(move |_| state.plan.with(|p| p.preamble.clone()));
    let refs = Memo::new(move |_| state.plan.with(|p| LinkRefs::collect(&to_markdown(p))));
    view! {
        <section class="pane preview" aria-label="Preview">
            <article class="markdown-body">
                <div inner_html=move || refs.with(|r| markdown_to_html(&preamble.get(), r, &mut HashMap::new()))></div>
                <For each=move || 0..count.get() key=|i| *i let:i>
                    {
                        let section = Memo::new(move |_| state.plan.with(|p| p.sections.get(i).cloned()));
                        let html = Memo::new(move |_| {
                            section.with(|s| s.as_ref().map(|s| refs.with(|r| markdown_to_html(&section_markdown(s), r, &mut HashMap::new()))))
                                .unwrap_or_default()
                        });
                        view! { <div class="preview-section" data-section=i inner_html=move || html.get()></div> }
                    }
                </For>
            </article>
        </section>
    }
}

#[component]
fn StatusLine() -> impl IntoView {
    let state = expect_context::<AppState>();
    let word_count = Memo::new(move |_| state.plan.with(|p| words(&to_markdown(p)).count()));
    let findings = Memo::new(move |_| state.plan.with(check));
    let open = RwSignal::new(false);
    view! {
        <footer class="status">
            <span role="status" class="save" class:failed=move || matches!(state.save_state.get(), SaveState::Failed(_))>
                {move || match state.save_state.get() {
                    SaveState::Saved => "Saved".to_string(),
                    SaveState::Failed(e) => format!("Not saved: {e}"),
                }}
            </span>
            <span>{move || format!("{} words", word_count.get())}</span>
            <button type="button" class="link" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || { let f = findings.get(); format!("Health: {} findings", f.len()) }}
            </button>
            <div class="health" hidden=move || !open.get() role="region" aria-label="Health">
                <ul>
                    {move || findings.get().into_iter().map(|f| {
                        let target = f.target.clone();
                        view! {
                            <li class=format!("finding {}", f.severity.as_str())>
                                <button type="button" class="link" on:click=move |_| focus_finding(state, &target)>
                                    {format!("{}: {}", f.severity.as_str(), f.message)}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        </footer>
    }
}

/// Shows the Form tab and focuses the control a finding points at: the item or row, else the
/// field, else the section's first control.
fn focus_finding(state: AppState, target: &Target) {
    state.tab.set(Tab::Form);
    let path_id = target
        .path
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("-");
    let mut selectors = Vec::new();
    if let Some(slot) = target.slot {
        if let Some(item) = target.item {
            selectors.push(format!(
                "[data-target=\"{}\"]",
                target_id(&target.path, slot, Some(item))
            ));
        }
        selectors.push(format!(
            "[data-target=\"{}\"]",
            target_id(&target.path, slot, None)
        ));
    }
    selectors.push(format!("#pf-section-{path_id}"));
    // Twice: the Form tab may have to be mounted first.
    request_animation_frame(move || {
        request_animation_frame(move || {
            let doc = document();
            let Some(el) = selectors
                .iter()
                .find_map(|s| doc.query_selector(s).ok().flatten())
            else {
                return;
            };
            el.scroll_into_view_with_bool(false);
            if let Ok(Some(control)) =
                el.query_selector("input:not([type=radio]), textarea, select")
                && let Ok(control) = control.dyn_into::<web_sys::HtmlElement>()
            {
                let _ = control.focus();
            }
        });
    });
}

#[component]
fn Toast() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="toast" role="alert" hidden=move || state.toast.with(Option::is_none)>
            <span>{move || state.toast.get().unwrap_or_default()}</span>
            <button type="button" on:click=move |_| state.undo_delete()>"Undo"</button>
            <button type="button" aria-label="Dismiss" on:click=move |_| state.toast.set(None)>"✕"</button>
        </div>
    }
}
