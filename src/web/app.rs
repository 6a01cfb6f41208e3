//! The application: library, editor (Form and Markdown tabs), status line; the preview is in
//! [`preview`](crate::web::preview).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::model::Plan;
use crate::core::share;
use crate::web::document::load_document;
use crate::web::editor::markdown_tab::MarkdownTab;
use crate::web::editor::status_line::StatusLine;
use crate::web::editor::toolbar::Toolbar;
use crate::web::embed::{self, FromHost, Host, Mode, ToHost};
use crate::web::files;
use crate::web::form::FormTab;
use crate::web::notices::StorageNotices;
use crate::web::notices::Toast;
use crate::web::preview::Preview;
use crate::web::preview::show_in_preview;
use crate::web::sidebar::library::Library;
use crate::web::sidebar::outline::Outline;
use crate::web::state::{AppState, Pane, Tab};
use crate::web::storage;
use crate::web::theme::apply_theme;
use crate::web::viewer::SharedPlan;
use crate::web::viewer::Viewer;
use crate::web::viewer::leave_share;

/// Mounts the app on `<body>`: the first-party app, or (by the query string) the read-only viewer
/// or the editor embedded in a host page.
pub fn mount() {
    console_error_panic_hook::set_once();
    // index.html's "Loading Planform…" line, shown while the wasm downloaded.
    if let Some(boot) = document().get_element_by_id("pf-boot") {
        boot.remove();
    }
    let params = embed::params();
    match params.mode {
        Mode::App => {
            leptos::mount::mount_to_body(App);
        }
        Mode::View => {
            leptos::mount::mount_to_body(move || view! { <Viewer origin=params.origin/> });
        }
        Mode::Embed => match embed_target(params) {
            Ok((host, id)) => {
                leptos::mount::mount_to_body(move || app(Some((host, id))));
            }
            Err(problem) => {
                leptos::mount::mount_to_body(move || {
                    apply_theme(None);
                    view! {
                        <main class="viewer">
                            <p role="alert">{format!("Planform cannot be embedded here: {problem}.")}</p>
                        </main>
                    }
                });
            }
        },
    }
}

/// The host page and document id that `?mode=embed` names, or what is wrong with them.
fn embed_target(params: embed::Params) -> Result<(Host, String), embed::OpenError> {
    let origin = params.origin.ok_or(embed::OpenError::NoOrigin)??;
    Ok((Host::new(origin), params.id?))
}

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    app(None)
}

/// The application, or (with a host page and an embed id) the editor embedded in that page,
/// bound to its one document: no library, no trash, no history, no backups.
fn app(embedded: Option<(Host, String)>) -> impl IntoView {
    let is_embedded = embedded.is_some();
    // A share link (`#plan=…`) opens a read-only view of the plan it carries.
    let hash = window().location().hash().unwrap_or_default();
    let sharing = !is_embedded && share::is_share(&hash);
    // The link's plan, once read (the browser inflates it: a few milliseconds, asynchronously;
    // the editor stays hidden meanwhile).
    let shared: RwSignal<Option<Result<Plan, share::ShareError>>> = RwSignal::new(None);
    let opening = RwSignal::new(sharing);
    if sharing {
        leptos::task::spawn_local(async move {
            let read = crate::web::deflate::decode_link(&hash).await;
            shared.set(Some(read.map(|(md, t)| load_document(&md, t.as_deref()))));
            opening.set(false);
        });
    }
    let state = match embedded {
        Some((host, id)) => AppState::load_embed(host, &id),
        None => AppState::load(!sharing),
    };
    provide_context(state);
    apply_theme(storage::theme());
    // After the first frame, the rest of the plan a slice per frame.
    crate::web::reveal::after_frame(move || {
        crate::web::reveal::run(state.shown, move || state.plan_sizes())
    });
    // The host page's messages (embedded only; the first-party app has no listener at all).
    let host_messages = state.embed_listen(move |message| match message {
        FromHost::Load { markdown, template } => state.host_load(&markdown, template.as_deref()),
        FromHost::Get { id } => {
            let markdown = state.markdown.get_untracked();
            state.post(&ToHost::Markdown {
                id,
                markdown: &markdown,
            });
        }
    });
    state.post(&ToHost::Ready { mode: "embed" });

    // Saving is flushed when the page is hidden or closed.
    let flush_hide = window_event_listener(leptos::ev::pagehide, move |_| {
        state.flush();
        state.post_change();
    });
    let flush_visibility = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            state.flush();
            state.post_change();
        }
    });
    let keys = window_event_listener(leptos::ev::keydown, move |ev| on_key(state, &ev));
    // A plan file changed on disk while the window was elsewhere (a `git pull`): say so.
    let refocus = window_event_listener(leptos::ev::focus, move |_| state.check_disk());
    // Once the plan is shown whole (start-up shows the plan first): the folder of a past visit
    // is looked up (IndexedDB), and the service worker is registered. Its first install fetches
    // the whole build, 1.7 MB gzip of it the diagram renderer: not while the app starts.
    Effect::new(move |offered: Option<bool>| {
        if offered == Some(true) {
            return true;
        }
        let whole = state.shown.get().preview_whole();
        if whole {
            state.offer_remembered_folder();
            crate::web::pwa::register(state);
        }
        whole
    });
    state.measure_room();
    leptos::task::spawn_local(async move {
        let granted = storage::request_persistence().await;
        state.persist.persisted.set(Some(granted));
    });
    // Other tabs' saves: follow them, or raise a conflict (see AppState::on_storage_event).
    let other_tabs = window_event_listener(leptos::ev::storage, move |ev| {
        state.on_storage_event(ev.key())
    });
    // Retry a save refused for lack of room every few seconds: room may have been made elsewhere.
    let retry = set_interval_with_handle(
        move || {
            state.flush();
            // Other tabs' writes arrive as storage events; this only re-reads the running total.
            state.measure_room();
        },
        std::time::Duration::from_secs(5),
    )
    .ok();
    on_cleanup(move || {
        if let Some(l) = host_messages {
            l.remove();
        }
        other_tabs.remove();
        if let Some(r) = retry {
            r.clear();
        }
        flush_hide.remove();
        flush_visibility.remove();
        keys.remove();
        refocus.remove();
    });

    let viewing = move || opening.get() || shared.with(|s| matches!(s, Some(Ok(_))));
    view! {
        <Show when=viewing>
            <SharedPlan shared=shared/>
        </Show>
        <div class="app" hidden=viewing data-pane=move || match state.ui.pane.get() { Pane::Plans => "plans", Pane::Edit => "edit", Pane::Preview => "preview" }
            on:dragover=|ev: web_sys::DragEvent| ev.prevent_default()
            on:drop=move |ev: web_sys::DragEvent| files::on_drop(state, ev)
            on:paste=move |ev: web_sys::ClipboardEvent| files::on_paste(state, ev)>
            <ViewSwitch/>
            {if is_embedded {
                view! { <div class="sidebar"><Outline/></div> }.into_any()
            } else {
                view! { <Library/> }.into_any()
            }}
            <main class="editor">
                <Toolbar/>
                {move || shared.with(|s| match s {
                    Some(Err(e)) => Some(view! {
                        <div class="notice danger" role="alert" aria-label="Share link">
                            <p>{format!("Could not open the shared plan: {e}.")}</p>
                            <div class="row"><button type="button" on:click=move |_| { leave_share(); shared.set(None); }>"Dismiss"</button></div>
                        </div>
                    }),
                    _ => None,
                })}
                <StorageNotices/>
                <div class="panes">
                    <div class="pane edit-pane" on:focusin=move |ev| follow_in_preview(&ev)>
                        <div role="tablist" aria-label="Editor" class="tabs" on:keydown=move |ev| tab_keys(state, &ev)>
                            <button role="tab" id="pf-tab-form" aria-controls="pf-panel-form"
                                tabindex=move || if state.ui.tab.get() == Tab::Form { "0" } else { "-1" }
                                aria-selected=move || (state.ui.tab.get() == Tab::Form).to_string()
                                on:click=move |_| state.ui.tab.set(Tab::Form)>"Form"</button>
                            <button role="tab" id="pf-tab-md" aria-controls="pf-panel-md"
                                tabindex=move || if state.ui.tab.get() == Tab::Markdown { "0" } else { "-1" }
                                aria-selected=move || (state.ui.tab.get() == Tab::Markdown).to_string()
                                on:click=move |_| { state.markdown_draft.set(None); state.ui.tab.set(Tab::Markdown) }>"Markdown"</button>
                        </div>
                        <Show when=move || state.ui.hint.with(Option::is_some)>
                            <p class="hint-line" role="note">
                                <span>{move || state.ui.hint.get().unwrap_or_default()}</span>
                                <button type="button" class="icon" aria-label="Dismiss hint" on:click=move |_| state.ui.hint.set(None)>"✕"</button>
                            </p>
                        </Show>
                        <div role="tabpanel" id="pf-panel-form" aria-labelledby="pf-tab-form" hidden=move || state.ui.tab.get() != Tab::Form>
                            <Show when=move || state.ui.tab.get() == Tab::Form><FormTab/></Show>
                        </div>
                        <div role="tabpanel" id="pf-panel-md" aria-labelledby="pf-tab-md" hidden=move || state.ui.tab.get() != Tab::Markdown>
                            <MarkdownTab/>
                        </div>
                    </div>
                    <Preview/>
                </div>
                <StatusLine/>
            </main>
            <Toast/>
            <crate::web::dialogs::host::DialogHost/>
        </div>
    }
}

/// Under ~900 px the three panes take turns; this switch picks one (hidden on wide screens).
#[component]
fn ViewSwitch() -> impl IntoView {
    let state = expect_context::<AppState>();
    let button = move |pane: Pane, name: &'static str| {
        view! {
            <button type="button" aria-pressed=move || (state.ui.pane.get() == pane).to_string()
                on:click=move |_| state.ui.pane.set(pane)>{name}</button>
        }
    };
    view! {
        <nav class="view-switch" aria-label="View">
            {button(Pane::Plans, if state.embedded() { "Outline" } else { "Plans" })}
            {button(Pane::Edit, "Edit")}
            {button(Pane::Preview, "Preview")}
        </nav>
    }
}

/// Arrow keys, Home and End move between the editor's tabs (the ARIA tabs pattern).
fn tab_keys(state: AppState, ev: &web_sys::KeyboardEvent) {
    let next = match ev.key().as_str() {
        "ArrowLeft" | "ArrowRight" => match state.ui.tab.get_untracked() {
            Tab::Form => Tab::Markdown,
            Tab::Markdown => Tab::Form,
        },
        "Home" => Tab::Form,
        "End" => Tab::Markdown,
        _ => return,
    };
    ev.prevent_default();
    if next == Tab::Markdown {
        state.markdown_draft.set(None);
    }
    state.ui.tab.set(next);
    let id = if next == Tab::Form {
        "pf-tab-form"
    } else {
        "pf-tab-md"
    };
    if let Some(tab) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = tab.focus();
    }
}

/// Scrolls the preview to the top-level section whose card holds the focused control.
fn follow_in_preview(ev: &web_sys::FocusEvent) {
    let Some(card) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("section.card").ok().flatten())
    else {
        return;
    };
    let id = card.id();
    let Some(top) = id
        .strip_prefix("pf-section-")
        .and_then(|rest| rest.split('-').next())
    else {
        return;
    };
    show_in_preview(top, false);
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
