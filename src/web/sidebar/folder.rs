//! The sidebar of an open folder: its plans grouped by folder, each with its title, status and
//! file name; and the folder actions (Open folder, Reopen, Close folder).

use std::collections::HashSet;

use leptos::prelude::*;

use crate::core::folder::{Entry, file_name, folder_of};
use crate::core::sanitize::escape_html;
use crate::web::folder;
use crate::web::state::{AppState, Dialog};

/// Open folder, Reopen (a folder of a past visit), or why neither is offered here.
#[component]
pub fn FolderActions() -> impl IntoView {
    let state = expect_context::<AppState>();
    if state.embedded() {
        // An embedded editor's document is its host's: no folder.
        return ().into_any();
    }
    if !folder::supported() {
        return view! {
            <p class="hint folder-missing">"Open folder needs the File System Access API (Chrome, Edge or Opera on a computer). Here, plans are kept in this browser: use Import and Export for files."</p>
        }
        .into_any();
    }
    view! {
        <Show when=move || state.folder.name.with(Option::is_none)>
            <div class="row folder-actions">
                <button type="button" on:click=move |_| state.open_folder()>"Open folder"</button>
                {move || state.folder.remembered.get().map(|name| view! {
                    <button type="button" class="primary" on:click=move |_| state.reopen_folder()>{format!("Reopen {name}")}</button>
                })}
            </div>
        </Show>
    }
    .into_any()
}

/// The open folder's name with Close folder, and New plan (which asks for a title).
#[component]
pub fn FolderHead() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="folder-head">
            <span class="folder-name" title="The folder open from the disk">{move || state.folder.name.get().unwrap_or_default()}</span>
            <button type="button" class="link" on:click=move |_| state.close_folder()>"Close folder"</button>
        </div>
        <Show when=move || !state.folder.unread.with(Vec::is_empty)>
            <p class="hint" role="status">{move || state.folder.unread.with(|u| format!("Not read: {}", u.iter().map(|(p, e)| format!("{p} ({e})")).collect::<Vec<_>>().join("; ")))}</p>
        </Show>
    }
}

/// The plans of the open folder, grouped by the folder they are in; `matching` is the search
/// (the ids it keeps; `None` while nothing is searched). The list is HTML made in one pass (a
/// component per row cost several times the WebAssembly); its buttons open their plan through
/// one listener (`data-id`), and the focus stays on the plan opened.
#[component]
pub fn FolderPlans(matching: Memo<Option<HashSet<String>>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let list = NodeRef::<leptos::html::Ul>::new();
    let html = Memo::new(move |_| {
        let name = state.folder.name.get().unwrap_or_default();
        let open = state.id.get();
        // Folders in path order (a folder's files may be interleaved with its subfolders').
        let mut groups: Vec<(String, Vec<(String, Entry)>)> = Vec::new();
        state.folder.entries.with(|entries| {
            for e in entries {
                let id = folder::file_id(&name, &e.path);
                if matching.with(|m| m.as_ref().is_some_and(|keep| !keep.contains(&id))) {
                    continue;
                }
                let dir = folder_of(&e.path);
                match groups.iter_mut().find(|(d, _)| d == dir) {
                    Some((_, list)) => list.push((id, e.clone())),
                    None => groups.push((dir.to_string(), vec![(id, e.clone())])),
                }
            }
        });
        let dirs: Vec<String> = groups.iter().map(|(d, _)| d.clone()).collect();
        let mut out = String::new();
        for (dir, entries) in crate::core::folder::sorted_by(groups, &dirs) {
            out.push_str("<li class=\"folder-group\"><h3 class=\"folder-path\">");
            escape_html(if dir.is_empty() { "(top)" } else { &dir }, &mut out);
            if !dir.is_empty() {
                out.push('/');
            }
            out.push_str("</h3><ul>");
            for (id, e) in entries {
                let current = id == open;
                out.push_str(if current {
                    "<li class=\"current\">"
                } else {
                    "<li>"
                });
                out.push_str("<button type=\"button\" class=\"plan-link\" data-id=\"");
                escape_html(&id, &mut out);
                out.push_str("\" title=\"");
                escape_html(&e.path, &mut out);
                out.push_str(if current {
                    "\" aria-current=\"true\">"
                } else {
                    "\">"
                });
                out.push_str("<span class=\"plan-title\">");
                escape_html(&e.title, &mut out);
                out.push_str("</span><span class=\"plan-meta\">");
                let status = e.status_label();
                if !status.is_empty() {
                    escape_html(&status, &mut out);
                    out.push_str(" · ");
                }
                escape_html(file_name(&e.path), &mut out);
                out.push_str("</span></button></li>");
            }
            out.push_str("</ul></li>");
        }
        out
    });
    let on_click = move |ev: leptos::ev::MouseEvent| {
        use wasm_bindgen::JsCast;
        let Some(id) = crate::web::closest(ev.target(), "button[data-id]")
            .and_then(|b| b.get_attribute("data-id"))
        else {
            return;
        };
        state.open(&id);
        // The list was made again: the focus goes back to the plan's button.
        request_animation_frame(move || {
            let button = list
                .get_untracked()
                .and_then(|l| {
                    l.query_selector(&format!("button[data-id=\"{id}\"]"))
                        .ok()
                        .flatten()
                })
                .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(b) = button {
                let _ = b.focus();
            }
        });
    };
    view! {
        <Show when=move || state.folder.entries.with(Vec::is_empty)>
            <p class="hint">"No plans in this folder yet: New plan makes the first."</p>
        </Show>
        <ul class="plan-list folders" node_ref=list on:click=on_click inner_html=move || html.get()></ul>
    }
}

/// New plan: in a folder, the dialog that names the file; else a plan in the browser library.
pub fn new_plan(state: AppState) {
    if state.folder.name.get_untracked().is_some() {
        state.ui.dialog.set(Some(Dialog::NewPlan));
    } else {
        state.new_plan();
    }
}
