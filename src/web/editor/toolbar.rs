//! The toolbar above the editor: New plan, Import, Export, History, Templates, theme, Undo and
//! Redo.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::web::dialogs::focus_first;
use crate::web::files;
use crate::web::state::{AppState, Dialog};
use crate::web::storage;
use crate::web::theme::apply_theme;
use crate::web::theme::system_dark;

#[component]
pub fn Toolbar() -> impl IntoView {
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
                <button type="button" aria-haspopup="dialog" on:click=move |_| { state.snapshot_now(); state.ui.dialog.set(Some(Dialog::History)) }>"History"</button>
            })}
            <crate::web::editor::decision::DecisionControls/>
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
                        {item("Share link…", |s| s.ui.dialog.set(Some(Dialog::Share)))}
                        {item("Backup of all plans (.json)", files::download_backup)}
                        {item("Backup with history (.json)", files::download_backup_with_history)}
                    })}
                    {item("Print / PDF", |_| { let _ = window().print(); })}
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
