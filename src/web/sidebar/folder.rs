//! The sidebar of an open folder: its plans grouped by folder, each with its title, status and
//! file name; and the folder actions (Open folder, Reopen, Close folder).

use std::collections::{BTreeMap, HashSet};

use leptos::prelude::*;

use crate::core::folder::{Entry, file_name, folder_of};
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
/// (the ids it keeps; `None` while nothing is searched).
#[component]
pub fn FolderPlans(matching: Memo<Option<HashSet<String>>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let groups = Memo::new(move |_| {
        let name = state.folder.name.get().unwrap_or_default();
        let mut groups: BTreeMap<String, Vec<(String, Entry)>> = BTreeMap::new();
        state.folder.entries.with(|entries| {
            for e in entries {
                groups
                    .entry(folder_of(&e.path).to_string())
                    .or_default()
                    .push((folder::file_id(&name, &e.path), e.clone()));
            }
        });
        groups.into_iter().collect::<Vec<_>>()
    });
    view! {
        <Show when=move || groups.with(Vec::is_empty)>
            <p class="hint">"No plans in this folder yet: New plan makes the first."</p>
        </Show>
        <ul class="plan-list folders">
            <For each=move || groups.get() key=|(dir, entries)| (dir.clone(), entries.clone().into_iter().map(|(_, e)| (e.path, e.title, e.status_text)).collect::<Vec<_>>())
                children=move |(dir, entries)| {
                    let ids: Vec<String> = entries.iter().map(|(id, _)| id.clone()).collect();
                    let group_hidden = move || matching.with(|m| m.as_ref().is_some_and(|keep| !ids.iter().any(|id| keep.contains(id))));
                    let label = if dir.is_empty() { "(top)".to_string() } else { format!("{dir}/") };
                    view! {
                        <li class="folder-group" hidden=group_hidden>
                            <h3 class="folder-path">{label}</h3>
                            <ul>
                                {entries.into_iter().map(|(id, e)| {
                                    let open_id = id.clone();
                                    let shown_id = id.clone();
                                    let is_current = Memo::new(move |_| state.id.get() == id);
                                    let hidden = move || matching.with(|m| m.as_ref().is_some_and(|keep| !keep.contains(&shown_id)));
                                    let meta = match (e.status_label(), file_name(&e.path)) {
                                        (s, f) if s.is_empty() => f.to_string(),
                                        (s, f) => format!("{s} · {f}"),
                                    };
                                    view! {
                                        <li class:current=move || is_current.get() hidden=hidden>
                                            <button type="button" class="plan-link" title=e.path.clone()
                                                aria-current=move || if is_current.get() { "true" } else { "false" }
                                                on:click=move |_| state.open(&open_id)>
                                                <span class="plan-title">{e.title.clone()}</span>
                                                <span class="plan-meta">{meta}</span>
                                            </button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </li>
                    }
                }/>
        </ul>
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
