//! The application: library, editor (Form and Markdown tabs), status line; the preview is in
//! [`preview`](crate::web::preview).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::checks::{Severity, Target};
use crate::core::health::Health;
use crate::core::html::{document_html, plan_html};
use crate::core::import::words;
use crate::core::model::Plan;
use crate::core::{import_markdown, share, to_markdown};
use crate::web::embed::{self, FromHost, Host, Mode, ToHost};
use crate::web::files;
use crate::web::form::{FormTab, target_id};
use crate::web::library::Library;
use crate::web::preview::{Preview, show_in_preview};
use crate::web::state::{AppState, DELETED_PREFIX, Pane, SaveState, Tab, local_time};
use crate::web::storage;

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
fn embed_target(params: embed::Params) -> Result<(Host, String), String> {
    let origin = params.origin.ok_or_else(|| {
        "the embedding page must name its origin in the URL, e.g. \
         ?mode=embed&origin=https://wiki.example.com"
            .to_string()
    })??;
    Ok((Host::new(origin), params.id?))
}

/// `?mode=view`: a read-only viewer for a wiki page to embed, of the plan in the URL fragment or
/// of the one the host page (at `origin`) sends. No library, no editing chrome, and no access
/// to the visitor's stored plans.
#[component]
pub fn Viewer(origin: Option<Result<String, String>>) -> impl IntoView {
    apply_theme(None);
    let hash = window().location().hash().unwrap_or_default();
    let plan: RwSignal<Option<Result<Plan, String>>> = RwSignal::new(None);
    match origin {
        _ if !hash.is_empty() => plan.set(Some(
            share::decode_with_template(&hash)
                .map(|(md, t)| load_document(&md, t.as_deref()))
                .map_err(|e| e.to_string()),
        )),
        Some(Ok(origin)) => {
            let host = Host::new(origin);
            let reply = host.clone();
            let listener = host.listen(move |message| match message {
                FromHost::Load { markdown, template } => {
                    plan.set(Some(Ok(load_document(&markdown, template.as_deref()))))
                }
                FromHost::Get { id } => {
                    let markdown = plan.with_untracked(|p| match p {
                        Some(Ok(p)) => to_markdown(p),
                        _ => String::new(),
                    });
                    reply.post(&ToHost::Markdown {
                        id,
                        markdown: &markdown,
                    });
                }
            });
            on_cleanup(move || listener.remove());
            host.post(&ToHost::Ready { mode: "view" });
        }
        Some(Err(e)) => plan.set(Some(Err(e))),
        None => plan.set(Some(Err(
            "no plan was given: add a share link's #plan=… fragment, or name the host page \
             that sends one with &origin="
                .to_string(),
        ))),
    }
    move || {
        plan.with(|p| match p {
            Some(Ok(plan)) => view! {
                <main class="viewer">
                    <section class="preview" aria-label="Preview">
                        <article class="markdown-body" inner_html=plan_html(plan)></article>
                    </section>
                </main>
            }
            .into_any(),
            Some(Err(e)) => view! {
                <main class="viewer">
                    <p role="alert">{format!("Planform viewer: {e}.")}</p>
                </main>
            }
            .into_any(),
            None => view! {
                <main class="viewer">
                    <p role="status">"Waiting for the page to send a plan…"</p>
                </main>
            }
            .into_any(),
        })
    }
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
    let shared: RwSignal<Option<Result<Plan, String>>> = RwSignal::new(sharing.then(|| {
        share::decode_with_template(&hash)
            .map(|(md, t)| load_document(&md, t.as_deref()))
            .map_err(|e| e.to_string())
    }));
    let state = match embedded {
        Some((host, id)) => AppState::load_embed(host, &id),
        None => AppState::load(!sharing),
    };
    provide_context(state);
    apply_theme(storage::theme());
    // After the first frame, the rest of the plan a slice per frame.
    crate::web::reveal::after_frame(move || crate::web::reveal::run(state));
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
    crate::web::pwa::register(state);
    state.measure_room();
    leptos::task::spawn_local(async move {
        let granted = storage::request_persistence().await;
        state.persisted.set(Some(granted));
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
    });

    let viewing = move || shared.with(|s| matches!(s, Some(Ok(_))));
    view! {
        <Show when=viewing>
            <SharedPlan shared=shared/>
        </Show>
        <div class="app" hidden=viewing data-pane=move || match state.pane.get() { Pane::Plans => "plans", Pane::Edit => "edit", Pane::Preview => "preview" }
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
                                tabindex=move || if state.tab.get() == Tab::Form { "0" } else { "-1" }
                                aria-selected=move || (state.tab.get() == Tab::Form).to_string()
                                on:click=move |_| state.tab.set(Tab::Form)>"Form"</button>
                            <button role="tab" id="pf-tab-md" aria-controls="pf-panel-md"
                                tabindex=move || if state.tab.get() == Tab::Markdown { "0" } else { "-1" }
                                aria-selected=move || (state.tab.get() == Tab::Markdown).to_string()
                                on:click=move |_| { state.markdown_draft.set(None); state.tab.set(Tab::Markdown) }>"Markdown"</button>
                        </div>
                        <Show when=move || state.hint.with(Option::is_some)>
                            <p class="hint-line" role="note">
                                <span>{move || state.hint.get().unwrap_or_default()}</span>
                                <button type="button" class="icon" aria-label="Dismiss hint" on:click=move |_| state.hint.set(None)>"✕"</button>
                            </p>
                        </Show>
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
            <Show when=move || state.history_open.get()><HistoryDialog/></Show>
            <Show when=move || state.share_open.get()><ShareDialog/></Show>
            <Show when=move || state.templates_open.get()><crate::web::templates::TemplatesDialog/></Show>
        </div>
    }
}

/// Focuses the first element under `root` that `selector` finds (a menu's first item, a
/// dialog's first button), if there is one.
pub fn focus_first(root: Option<web_sys::Element>, selector: &str) {
    if let Some(first) = root
        .and_then(|r| r.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = first.focus();
    }
}

/// Runs `close` when Escape is pressed anywhere, for as long as the calling component lives
/// (dialogs and popovers close this way whatever holds the focus).
pub fn on_escape(close: impl Fn() + 'static) {
    let listener = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            close();
        }
    });
    on_cleanup(move || listener.remove());
}

/// A host's document: under the template the host sent (its markdown), else the one that fits.
pub fn load_document(markdown: &str, template: Option<&str>) -> crate::core::Plan {
    match template {
        Some(source) => {
            let t = crate::core::template::compile(source).template;
            crate::core::template::register(t.clone());
            crate::core::import::import_with(markdown, &t)
        }
        None => import_markdown(markdown),
    }
}

/// Under ~900 px the three panes take turns; this switch picks one (hidden on wide screens).
#[component]
fn ViewSwitch() -> impl IntoView {
    let state = expect_context::<AppState>();
    let button = move |pane: Pane, name: &'static str| {
        view! {
            <button type="button" aria-pressed=move || (state.pane.get() == pane).to_string()
                on:click=move |_| state.pane.set(pane)>{name}</button>
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
        "ArrowLeft" | "ArrowRight" => match state.tab.get_untracked() {
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
    state.tab.set(next);
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

/// The open plan's sections, each with a health dot; a click jumps to its card.
#[component]
pub(crate) fn Outline() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The health dots once the first frame is painted: the plan's checks are not run before
    // the first screenful shows.
    let entries = Memo::new(move |_| {
        let health = state.painted.get().then(|| state.health.get());
        state.plan.with(|p| {
            p.sections
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let dot = health.as_ref().map(|health| {
                        let group = health.groups.iter().find(|g| g.index == i);
                        let worst = group.and_then(|g| g.counts.worst());
                        (worst, group.is_some_and(|g| g.unfilled > 0))
                    });
                    (i, s.name(), dot)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <nav class="outline" aria-label="Outline">
            <h2 class="outline-title">"Outline"</h2>
            <ol>
                {move || entries.get().into_iter().map(|(i, name, dot)| {
                    let (class, health) = match dot {
                        None => ("dot pending", ""),
                        Some((Some(Severity::Error), _)) => ("dot error", ", has errors"),
                        Some((Some(Severity::Warning), _)) => ("dot warning", ", has warnings"),
                        Some((_, true)) => ("dot todo", ", has fields to fill"),
                        Some((Some(Severity::Info), _)) => ("dot info", ", has notes"),
                        Some((None, false)) => ("dot ok", ", complete"),
                    };
                    view! {
                        <li>
                            <button type="button" class="outline-link" on:click=move |_| {
                                state.pane.set(Pane::Edit);
                                focus_finding(state, &Target { path: vec![i], ..Target::default() });
                                // After the frame: the preview may only now show that section.
                                request_animation_frame(move || show_in_preview(&i.to_string(), true));
                            }>
                                <span class=class aria-hidden="true"></span>
                                <span>{name.clone()}</span>
                                <span class="visually-hidden">{health}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}

#[component]
fn Toolbar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let library = !state.embedded();
    let menu = RwSignal::new(false);
    let dark = RwSignal::new(storage::theme().map_or_else(system_dark, |t| t == "dark"));
    let file_input = NodeRef::<leptos::html::Input>::new();
    let menu_list = NodeRef::<leptos::html::Div>::new();
    let menu_button = NodeRef::<leptos::html::Button>::new();
    // A click anywhere outside the menu closes it.
    let outside = window_event_listener(leptos::ev::click, move |ev| {
        let inside = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest(".menu").ok().flatten())
            .is_some();
        if !inside && menu.get_untracked() {
            menu.set(false);
        }
    });
    on_cleanup(move || outside.remove());
    let close_menu = move |refocus: bool| {
        menu.set(false);
        if refocus && let Some(b) = menu_button.get_untracked() {
            let _ = b.focus();
        }
    };
    // The menu button pattern: opening focuses the first item; arrows, Home and End move;
    // Escape closes and returns to the button; Tab closes.
    let menu_keys = move |ev: web_sys::KeyboardEvent| {
        let Some(list) = menu_list.get_untracked() else {
            return;
        };
        let Ok(items) = list.query_selector_all("[role=menuitem]") else {
            return;
        };
        let items: Vec<web_sys::HtmlElement> = (0..items.length())
            .filter_map(|i| items.item(i))
            .filter_map(|n| n.dyn_into().ok())
            .collect();
        let active = document().active_element();
        let at = items.iter().position(|it| {
            active
                .as_ref()
                .is_some_and(|a| a == it.unchecked_ref::<web_sys::Element>())
        });
        let n = items.len();
        let to = match ev.key().as_str() {
            "ArrowDown" => at.map_or(0, |i| (i + 1) % n),
            "ArrowUp" => at.map_or(n.saturating_sub(1), |i| (i + n - 1) % n),
            "Home" => 0,
            "End" => n.saturating_sub(1),
            // Only an open menu owns Escape: with it closed (focus back on the button) the key
            // belongs to whatever dialog the item opened, whose listener is on the window.
            "Escape" if menu.get_untracked() => {
                ev.prevent_default();
                ev.stop_propagation();
                close_menu(true);
                return;
            }
            "Tab" => {
                close_menu(false);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        if let Some(item) = items.get(to) {
            let _ = item.focus();
        }
    };
    let open_menu = move |_| {
        let open = !menu.get_untracked();
        menu.set(open);
        if open {
            request_animation_frame(move || {
                focus_first(menu_list.get_untracked().map(Into::into), "[role=menuitem]")
            });
        }
    };
    let item = move |label: &'static str, action: fn(AppState)| {
        view! {
            <button role="menuitem" type="button" tabindex="-1"
                on:click=move |_| { close_menu(true); action(state) }>{label}</button>
        }
    };
    view! {
        <div class="toolbar" role="toolbar" aria-label="Plan">
            <button type="button" on:click=move |_| state.undo() disabled=move || { state.plan.track(); !state.can_undo() }>"Undo"</button>
            <button type="button" on:click=move |_| state.redo() disabled=move || { state.plan.track(); !state.can_redo() }>"Redo"</button>
            {library.then(|| view! {
                <button type="button" on:click=move |_| state.duplicate()>"Duplicate"</button>
                <button type="button" aria-haspopup="dialog" on:click=move |_| { state.snapshot_now(); state.history_open.set(true) }>"History"</button>
            })}
            <button type="button" on:click=move |_| { if let Some(i) = file_input.get() { i.click(); } }>"Import"</button>
            <input type="file" hidden node_ref=file_input accept=".md,.markdown,.txt,.html,.htm,.json,text/markdown,text/plain,text/html,application/json"
                on:change=move |ev| files::on_file_input(state, ev)/>
            <div class="menu" on:keydown=menu_keys>
                <button type="button" id="pf-export" node_ref=menu_button aria-haspopup="menu" aria-controls="pf-export-menu"
                    aria-expanded=move || menu.get().to_string() on:click=open_menu>"Export"</button>
                <div role="menu" id="pf-export-menu" aria-labelledby="pf-export" class="menu-list" node_ref=menu_list hidden=move || !menu.get()>
                    {item("Markdown (.md)", |s| files::export(s, files::Export::Markdown))}
                    {item("HTML (.html)", |s| files::export(s, files::Export::Html))}
                    {item("JSON (.json)", |s| files::export(s, files::Export::Json))}
                    {item("Copy markdown", files::copy_markdown)}
                    {library.then(|| view! {
                        {item("Share link…", |s| s.share_open.set(true))}
                        {item("Backup of all plans (.json)", files::download_backup)}
                        {item("Backup with history (.json)", files::download_backup_with_history)}
                    })}
                    {item("Print", |_| { let _ = window().print(); })}
                </div>
            </div>
            <button type="button" class="toggle" title="Switch between the light and the dark theme"
                aria-pressed=move || dark.get().to_string() on:click=move |_| {
                let d = !dark.get_untracked();
                dark.set(d);
                let t = if d { "dark" } else { "light" };
                let _ = storage::set_theme(t);
                apply_theme(Some(t.to_string()));
            }><span aria-hidden="true" class="toggle-mark">{move || if dark.get() { "☾" } else { "☀" }}</span>" Dark theme"</button>
        </div>
    }
}

#[component]
fn MarkdownTab() -> impl IntoView {
    let state = expect_context::<AppState>();
    let canonical = state.markdown;
    let area = NodeRef::<leptos::html::Textarea>::new();
    // What the text box holds: a keystroke's own text is not written back into it (writing a
    // large document into a text box costs the browser far more than the keystroke).
    let shown = StoredValue::new(None::<String>);
    // A render effect, as `prop:value` was: it runs with the rest of the rendering, not a
    // task later. Kept for the component's life.
    let effect = RenderEffect::new(move |_| {
        // A hidden tab is filled in when it is shown, not on every change made in the form.
        if state.tab.get() != Tab::Markdown {
            return;
        }
        let el = area.get();
        let write = |text: &str| {
            if shown.with_value(|s| s.as_deref() != Some(text))
                && let Some(el) = el.as_ref()
            {
                el.set_value(text);
                shown.set_value(Some(text.to_string()));
            }
        };
        match state.markdown_draft.with(|d| d.as_deref().map(write)) {
            Some(()) => {}
            None => canonical.with(|c| write(c)),
        }
    });
    let _kept = StoredValue::new_local(effect);
    view! {
        <label class="field md">"Markdown source"
            <textarea class="mono source" aria-label="Markdown source" spellcheck="false" node_ref=area
                on:input=move |ev| type_markdown(state, shown, &ev)
                on:keyup=move |ev| if moves_caret(&ev) { follow_caret(state, &ev) }
                on:click=move |ev| follow_caret(state, &ev)
                on:blur=move |_| state.markdown_draft.set(None)></textarea>
        </label>
    }
}

/// The textarea an event happened on.
fn event_textarea(ev: &web_sys::Event) -> Option<web_sys::HtmlTextAreaElement> {
    ev.target().and_then(|t| t.dyn_into().ok())
}

/// Applies what was typed in the Markdown tab. When the edit is stamped with today's date the
/// text is rewritten in place (same length), so the caret is put back where it was.
fn type_markdown(state: AppState, shown: StoredValue<Option<String>>, ev: &web_sys::Event) {
    let Some(area) = event_textarea(ev) else {
        return;
    };
    let start = area.selection_start().ok().flatten();
    let end = area.selection_end().ok().flatten();
    let value = area.value();
    shown.set_value(Some(value.clone()));
    let section = state.set_markdown(value);
    request_animation_frame(move || {
        if let (Some(start), Some(end)) = (start, end)
            && area.selection_start().ok().flatten() != Some(start)
        {
            let _ = area.set_selection_range(start, end);
        }
        // The preview follows the section being typed in (measured in the frame, where
        // layout happens anyway).
        if let Some(i) = section {
            show_in_preview(&i.to_string(), false);
        }
    });
}

/// True for the keys that move the caret without typing: the preview follows the caret then
/// (typing follows it from the input handler, which knows where the edit was).
fn moves_caret(ev: &web_sys::Event) -> bool {
    ev.dyn_ref::<web_sys::KeyboardEvent>().is_some_and(|k| {
        matches!(
            k.key().as_str(),
            "ArrowUp"
                | "ArrowDown"
                | "ArrowLeft"
                | "ArrowRight"
                | "PageUp"
                | "PageDown"
                | "Home"
                | "End"
        )
    })
}

/// Scrolls the preview to the top-level section that holds the Markdown tab's caret.
fn follow_caret(state: AppState, ev: &web_sys::Event) {
    let Some(area) = event_textarea(ev) else {
        return;
    };
    let caret = area.selection_start().ok().flatten().unwrap_or(0) as usize;
    // The caret counts UTF-16 units; the plan's text counts bytes.
    let value = area.value();
    let mut units = 0;
    let byte = value
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > caret
        })
        .map_or(value.len(), |(i, _)| i);
    // The sections' markdown is already rendered (the section cache): only lengths are added.
    let preamble = state
        .plan
        .with_untracked(|p| crate::core::render::preamble_markdown(p).len());
    let section = state.texts.with_untracked(|texts| {
        let mut at = if preamble == 0 { 0 } else { preamble + 2 };
        texts.iter().position(|t| {
            at += t.markdown.len() + 2;
            byte < at
        })
    });
    if let Some(i) = section {
        show_in_preview(&i.to_string(), false);
    }
}

#[component]
fn StatusLine() -> impl IntoView {
    let state = expect_context::<AppState>();
    let word_count = Memo::new(move |_| {
        let preamble = state
            .plan
            .with(|p| words(crate::core::render::preamble_markdown(p)).count());
        preamble
            + state
                .texts
                .with(|t| t.iter().map(|t| t.words).sum::<usize>())
    });
    let open = RwSignal::new(false);
    on_escape(move || {
        if open.get_untracked() {
            open.set(false);
        }
    });
    view! {
        <footer class="status">
            <span role="status" class="save" class:failed=move || state.save_state.get() != SaveState::Saved
                aria-busy=move || state.pending.get().to_string()>
                {move || match state.save_state.get() {
                    SaveState::Saved => "Saved".to_string(),
                    SaveState::Failed(e) => format!("Not saved: {e}"),
                    SaveState::Full => "Not saved: storage is full".to_string(),
                    SaveState::Conflict => "Not saved: changed in another tab".to_string(),
                }}
            </span>
            // Counted once the first frame is painted (counting renders every section).
            <span>{move || state.painted.get().then(|| format!("{} words", word_count.get()))}</span>
            <span class="muted" title="Whether the browser may clear this site's storage when space runs low">
                {move || match state.persisted.get() {
                    Some(true) => "Storage: persistent".to_string(),
                    Some(false) => "Storage: not persistent".to_string(),
                    None => String::new(),
                }}
            </span>
            <span class="muted">{move || state.room.get().percent().map(|p| format!("{p}% of storage used"))}</span>
            <button type="button" class="link health-toggle" aria-expanded=move || open.get().to_string()
                aria-controls="pf-health" on:click=move |_| open.update(|o| *o = !*o)>
                // Once the first frame is painted: the plan's checks do not delay it.
                {move || if state.painted.get() { health_label(&state.health.get()) } else { "Health".to_string() }}
            </button>
            <div class="health" id="pf-health" hidden=move || !open.get() role="region" aria-labelledby="pf-health-title">
                <Show when=move || open.get()><HealthPanel/></Show>
            </div>
        </footer>
    }
}

/// The status line's Health button: progress first, then what needs a look.
fn health_label(h: &Health) -> String {
    let counts = h.counts.describe();
    if counts.is_empty() {
        format!("Health: {}", h.progress())
    } else {
        format!("Health: {}, {counts}", h.progress())
    }
}

/// The Health panel: progress on the fields to fill, then findings grouped by section with
/// counts by severity; each entry jumps to the control concerned.
#[component]
fn HealthPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let health = state.health;
    view! {
        <div class="health-head">
            <h2 id="pf-health-title">"Health"</h2>
            <progress max=move || health.get().fields.max(1).to_string() value=move || health.get().filled.to_string()
                aria-label="Fields filled"></progress>
            <p class="muted">{move || {
                let h = health.get();
                let counts = h.counts.describe();
                let counts = if counts.is_empty() { "nothing else to look at".to_string() } else { counts };
                format!("{} · {counts}", h.progress())
            }}</p>
        </div>
        {move || health.get().groups.into_iter().map(|g| {
            let counts = g.counts.describe();
            let unfilled = g.unfilled;
            let first = g.first_unfilled.clone();
            view! {
                <section class="health-group" role="group" aria-label=g.section.clone()>
                    <h3>
                        <span>{g.section.clone()}</span>
                        {(!counts.is_empty()).then(|| view! { <span class=format!("pill {}", g.counts.worst().map_or("info", Severity::as_str))>{counts.clone()}</span> })}
                    </h3>
                    <ul>
                        {first.map(|target| view! {
                            <li class="finding todo">
                                <button type="button" class="link" on:click=move |_| focus_finding(state, &target)>
                                    {format!("{unfilled} field{} to fill", if unfilled == 1 { "" } else { "s" })}
                                </button>
                            </li>
                        })}
                        {g.findings.into_iter().map(|f| {
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
                </section>
            }
        }).collect_view()}
    }
}

/// Shows the Form tab and focuses the control a finding points at: the item or row, else the
/// field, else the section's first control.
fn focus_finding(state: AppState, target: &Target) {
    state.tab.set(Tab::Form);
    // A jump during start-up's slices shows the rest of the plan at once.
    if state.shown.get_untracked() != crate::web::reveal::Shown::ALL {
        state.shown.set(crate::web::reveal::Shown::ALL);
    }
    let path_id = target
        .path
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("-");
    let mut selectors = Vec::new();
    if let Some(slot) = target.block {
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
            el.scroll_into_view_with_bool(true);
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
    let can_undo = move || {
        state
            .toast
            .with(|t| t.as_deref().is_some_and(|t| t.starts_with(DELETED_PREFIX)))
    };
    view! {
        <div class="toast" role="alert" hidden=move || state.toast.with(Option::is_none)>
            <span>{move || state.toast.get().unwrap_or_default()}</span>
            <Show when=can_undo>
                <button type="button" on:click=move |_| state.undo_delete()>"Undo"</button>
            </Show>
            <button type="button" aria-label="Dismiss" on:click=move |_| state.toast.set(None)>"✕"</button>
        </div>
    }
}

/// Storage problems that must not go unnoticed: a conflict with another tab, a full (or nearly
/// full) storage, data that could not be read. Each stays until it is dealt with.
#[component]
fn StorageNotices() -> impl IntoView {
    let state = expect_context::<AppState>();
    let full = move || state.save_state.get() == SaveState::Full;
    let near_full = move || !full() && state.room.get().nearly_full();
    // An embedded editor offers nothing that reaches the library (backups, trash, history).
    let library = !state.embedded();
    let download_md = move |_| files::export(state, files::Export::Markdown);
    view! {
        <Show when=move || state.host_copy.with(Option::is_some)>
            <div class="notice warning" role="status" aria-label="Draft restored">
                <p><strong>"Your unsent draft was restored."</strong>" It has edits that this page had not received when Planform was last closed; they have been sent to it now."</p>
                <div class="row">
                    <button type="button" class="primary" on:click=move |_| state.host_copy.set(None)>"Keep the draft"</button>
                    <button type="button" on:click=move |_| state.use_host_copy()>"Use the page's version"</button>
                </div>
            </div>
        </Show>
        <Show when=move || state.update_ready.get()>
            <div class="notice" role="status" aria-label="Update">
                <p>"A new version of Planform is ready."</p>
                <div class="row">
                    <button type="button" class="primary" on:click=move |_| crate::web::pwa::apply_update(state)>"Reload to update"</button>
                    <button type="button" on:click=move |_| state.update_ready.set(false)>"Later"</button>
                </div>
            </div>
        </Show>
        <Show when=move || state.conflict.with(Option::is_some)>
            <div class="notice danger" role="alert" aria-label="Conflict">
                <p><strong>"This plan was changed in another tab"</strong>" while you were editing it here. Nothing has been overwritten. Which version do you want?"</p>
                <div class="row">
                    <button type="button" class="primary" on:click=move |_| state.keep_mine()>"Keep mine"</button>
                    <button type="button" on:click=move |_| state.take_theirs()>"Take theirs"</button>
                    {library.then(|| view! { <button type="button" on:click=move |_| state.keep_both()>"Keep both"</button> })}
                </div>
            </div>
        </Show>
        <Show when=full>
            <div class="notice danger" role="alert" aria-label="Storage full">
                <p><strong>"Browser storage is full."</strong>" Your latest edits are safe in this tab but not stored: download a backup, or make room and saving resumes by itself."</p>
                <div class="row">
                    {if library {
                        view! {
                            <button type="button" class="primary" on:click=move |_| files::download_backup(state)>"Download backup"</button>
                            <button type="button" on:click=move |_| state.empty_trash(false)>"Empty trash"</button>
                            <button type="button" on:click=move |_| state.prune_history()>"Prune history"</button>
                        }.into_any()
                    } else {
                        view! { <button type="button" class="primary" on:click=download_md>"Download markdown"</button> }.into_any()
                    }}
                    <button type="button" on:click=move |_| state.save_now()>"Try again"</button>
                </div>
            </div>
        </Show>
        <Show when=near_full>
            <div class="notice warning" role="status" aria-label="Storage nearly full">
                <p>{move || format!("Browser storage is {}% full. Empty the trash or download a backup before it runs out.", state.room.get().percent().unwrap_or(100))}</p>
                <div class="row">
                    {if library {
                        view! {
                            <button type="button" on:click=move |_| files::download_backup(state)>"Download backup"</button>
                            <button type="button" on:click=move |_| state.empty_trash(false)>"Empty trash"</button>
                        }.into_any()
                    } else {
                        view! { <button type="button" on:click=download_md>"Download markdown"</button> }.into_any()
                    }}
                </div>
            </div>
        </Show>
        <Show when=move || !state.recovered.with(Vec::is_empty)>
            <div class="notice warning" role="alert" aria-label="Unreadable data">
                <p>{move || format!("{} stored item(s) could not be read and were set aside, untouched: {}.",
                    state.recovered.with(Vec::len),
                    state.recovered.with(|r| r.iter().map(|x| format!("{} ({})", x.original, x.reason)).collect::<Vec<_>>().join("; ")))}</p>
                <div class="row">
                    <button type="button" class="primary" on:click=move |_| files::download_recovered(state)>"Download unreadable data"</button>
                    <button type="button" on:click=move |_| { storage::discard_recovered(); state.recovered.set(Vec::new()); }>"Discard it"</button>
                </div>
            </div>
        </Show>
    }
}

/// or the rendered view of any snapshot; restore (itself undoable).
#[component]
fn HistoryDialog() -> impl IntoView {
    use crate::core::diff::{DiffLine, line_diff};
    let state = expect_context::<AppState>();
    let snapshots = Memo::new(move |_| {
        state.history_version.track();
        let mut s = storage::history(&state.id.get());
        s.reverse();
        s
    });
    let selected = RwSignal::new(0usize);
    let show_rendered = RwSignal::new(false);
    let dialog = NodeRef::<leptos::html::Div>::new();
    let close = move || state.history_open.set(false);
    on_escape(close);
    request_animation_frame(move || {
        if let Some(d) = dialog.get_untracked() {
            let _ = d.focus();
        }
    });
    let current = move || snapshots.with(|s| s.get(selected.get()).cloned());
    let diff_view = move || {
        let Some(snap) = current() else {
            return ().into_any();
        };
        let lines = state.markdown.with(|now| line_diff(&snap.markdown, now));
        let changed = lines
            .iter()
            .filter(|l| !matches!(l, DiffLine::Same(_)))
            .count();
        view! {
            <p class="hint">{if changed == 0 { "Same as the current plan.".to_string() } else { format!("{changed} line(s) differ from the current plan (− this snapshot, + now).") }}</p>
            // A named region (a bare `pre` may not carry a name), reachable from the keyboard to
            // scroll through; none when nothing differs.
            {(changed > 0).then(|| view! {
                <pre class="diff" role="region" tabindex="0" aria-label="Differences from the current plan">
                    {lines.into_iter().filter_map(|l| match l {
                        DiffLine::Same(_) => None,
                        DiffLine::Added(t) => Some(view! { <span class="add">{format!("+ {t}\n")}</span> }.into_any()),
                        DiffLine::Removed(t) => Some(view! { <span class="del">{format!("− {t}\n")}</span> }.into_any()),
                    }).collect_view()}
                </pre>
            })}
        }
        .into_any()
    };
    let rendered_view = move || {
        current().map(|snap| {
            let html = document_html(&snap.markdown);
            view! { <article class="markdown-body snapshot" inner_html=html></article> }
        })
    };
    view! {
        <div class="backdrop" on:click=move |_| close()></div>
        <div class="dialog" role="dialog" aria-modal="true" aria-label="History" tabindex="-1" node_ref=dialog>
            <header class="dialog-head">
                <h2>"History"</h2>
                <button type="button" class="icon" aria-label="Close history" on:click=move |_| close()>"✕"</button>
            </header>
            <div class="dialog-body">
                <ol class="snapshots" aria-label="Snapshots">
                    {move || snapshots.get().into_iter().enumerate().map(|(i, snap)| {
                        let when = local_time(snap.time, true);
                        let size = snap.markdown.len();
                        view! {
                            <li>
                                <button type="button" class="snapshot" aria-pressed=move || (selected.get() == i).to_string()
                                    on:click=move |_| selected.set(i)>
                                    <span class="plan-title">{when}</span>
                                    <span class="plan-meta">{format!("{} · {}", kilobytes(size), snap.summary)}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <div class="snapshot-view">
                    <Show when=move || current().is_some() fallback=|| view! { <p>"No snapshots yet: one is taken whenever editing pauses."</p> }>
                        <div class="row">
                            <button type="button" aria-pressed=move || (!show_rendered.get()).to_string() on:click=move |_| show_rendered.set(false)>"Changes"</button>
                            <button type="button" aria-pressed=move || show_rendered.get().to_string() on:click=move |_| show_rendered.set(true)>"View"</button>
                            <button type="button" class="primary" on:click=move |_| {
                                if let Some(snap) = current() {
                                    state.restore_snapshot(&snap.markdown);
                                    close();
                                    state.toast.set(Some("Restored an earlier version (Undo with Ctrl+Z)".into()));
                                }
                            }>"Restore this version"</button>
                        </div>
                        {move || if show_rendered.get() { rendered_view().into_any() } else { diff_view().into_any() }}
                    </Show>
                </div>
            </div>
        </div>
    }
}

/// `12.3 KB`, in integer arithmetic: formatting an `f64` would pull float printing (about
/// 10 KB) into the WebAssembly build.
fn kilobytes(bytes: usize) -> String {
    let tenths = (bytes * 10 + 512) / 1024;
    format!("{}.{} KB", tenths / 10, tenths % 10)
}

/// Removes a share fragment from the address bar (without a reload or a history entry).
fn leave_share() {
    let loc = window().location();
    let url = format!(
        "{}{}",
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default()
    );
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// A plan opened from a share link: read-only, with "Save a copy to my plans". Nothing is
/// stored unless the user asks.
#[component]
fn SharedPlan(shared: RwSignal<Option<Result<Plan, String>>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let html = move || {
        shared.with(|s| match s {
            Some(Ok(plan)) => plan_html(plan),
            _ => String::new(),
        })
    };
    let open_editor = move || {
        leave_share();
        shared.set(None);
        if state.library.with_untracked(Vec::is_empty) {
            state.save_now();
        }
    };
    view! {
        <div class="shared">
            <header class="shared-head" role="banner">
                <p><strong>"Shared plan"</strong>" · read-only. It is not in your plans until you save a copy."</p>
                <div class="row">
                    <button type="button" class="primary" on:click=move |_| {
                        if let Some(Ok(plan)) = shared.get_untracked() {
                            // Only the copy is stored: not the blank plan a first visit opens.
                            leave_share();
                            shared.set(None);
                            state.add_plan(plan);
                            state.toast.set(Some("Saved a copy to your plans".into()));
                        }
                    }>"Save a copy to my plans"</button>
                    <button type="button" on:click=move |_| open_editor()>"Open my plans"</button>
                </div>
            </header>
            <main>
                <section class="preview" aria-label="Preview">
                    <article class="markdown-body" inner_html=html></article>
                </section>
            </main>
        </div>
    }
}

/// The share-link dialog: the link in a text field with Copy, or why there is none.
#[component]
fn ShareDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let loc = window().location();
    let base = format!(
        "{}{}{}",
        loc.origin().unwrap_or_default(),
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default()
    );
    let link = state
        .markdown
        .with_untracked(|md| {
            // A team template travels with the plan, so the link opens the same anywhere.
            let template = state.plan.with_untracked(|p| {
                (!crate::core::template::is_builtin(&p.template)).then(|| p.template.source.clone())
            });
            share::encode_with(md, template.as_deref(), base.len())
        })
        .map(|f| format!("{base}#{f}"));
    let close = move || state.share_open.set(false);
    on_escape(close);
    let field = NodeRef::<leptos::html::Input>::new();
    request_animation_frame(move || {
        if let Some(f) = field.get_untracked() {
            let _ = f.focus();
            f.select();
        }
    });
    let body = match link {
        Ok(link) => {
            let size = kilobytes(link.len());
            let copy = link.clone();
            view! {
                <p>"Anyone with this link sees the plan read-only and can save a copy. The plan travels inside the link (after the #), which browsers never send to a server."</p>
                <input type="text" readonly aria-label="Share link" class="mono" node_ref=field prop:value=link/>
                <p class="hint">{format!("{size} link")}</p>
                <div class="row">
                    <button type="button" class="primary" on:click=move |_| files::copy_text(state, copy.clone(), "Link copied")>"Copy link"</button>
                </div>
            }
            .into_any()
        }
        Err(e) => view! {
            <p role="alert">{format!("No link: {e}.")}</p>
            <div class="row">
                <button type="button" class="primary" on:click=move |_| { close(); files::export(state, files::Export::Markdown) }>"Export markdown file"</button>
                <button type="button" on:click=move |_| { close(); files::export(state, files::Export::Html) }>"Export HTML file"</button>
            </div>
        }
        .into_any(),
    };
    view! {
        <div class="backdrop" on:click=move |_| close()></div>
        <div class="dialog small" role="dialog" aria-modal="true" aria-label="Share link">
            <header class="dialog-head">
                <h2>"Share link"</h2>
                <button type="button" class="icon" aria-label="Close share link" on:click=move |_| close()>"✕"</button>
            </header>
            <div class="dialog-pad">{body}</div>
        </div>
    }
}
