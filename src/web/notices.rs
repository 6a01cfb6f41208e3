//! Notices over the editor: the toast, and what storage says (a restored draft, an update, a
//! conflict, storage full or nearly full, unreadable data).

use leptos::prelude::*;

use crate::web::files;
use crate::web::state::{AppState, DELETED_PREFIX, SaveState};
use crate::web::storage;

#[component]
pub fn Toast() -> impl IntoView {
    let state = expect_context::<AppState>();
    let can_undo = move || {
        state
            .ui
            .toast
            .with(|t| t.as_deref().is_some_and(|t| t.starts_with(DELETED_PREFIX)))
    };
    view! {
        <div class="toast" role="alert" hidden=move || state.ui.toast.with(Option::is_none)>
            <span>{move || state.ui.toast.get().unwrap_or_default()}</span>
            <Show when=can_undo>
                <button type="button" on:click=move |_| state.undo_delete()>"Undo"</button>
            </Show>
            <button type="button" aria-label="Dismiss" on:click=move |_| state.ui.toast.set(None)>"✕"</button>
        </div>
    }
}

/// Storage problems that must not go unnoticed: a conflict with another tab, a full (or nearly
/// full) storage, data that could not be read. Each stays until it is dealt with.
#[component]
pub fn StorageNotices() -> impl IntoView {
    let state = expect_context::<AppState>();
    let full = move || state.persist.save_state.get() == SaveState::Full;
    let near_full = move || !full() && state.persist.room.get().nearly_full();
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
        <Show when=move || state.ui.update_ready.get()>
            <div class="notice" role="status" aria-label="Update">
                <p>"A new version of Planform is ready."</p>
                <div class="row">
                    <button type="button" class="primary" on:click=move |_| crate::web::pwa::apply_update(state)>"Reload to update"</button>
                    <button type="button" on:click=move |_| state.ui.update_ready.set(false)>"Later"</button>
                </div>
            </div>
        </Show>
        <Show when=move || state.persist.conflict.with(Option::is_some)>
            <div class="notice danger" role="alert" aria-label="Conflict">
                <p><strong>"This plan was changed in another tab"</strong>" while you were editing it here. Nothing has been overwritten. Which version do you want?"</p>
                <div class="row">
                    <button type="button" class="primary" on:click=move |_| state.keep_mine()>"Keep mine"</button>
                    <button type="button" on:click=move |_| state.take_theirs()>"Take theirs"</button>
                    {library.then(|| view! { <button type="button" on:click=move |_| state.keep_both()>"Keep both"</button> })}
                </div>
            </div>
        </Show>
        <DiskChanged/>
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
                <p>{move || format!("Browser storage is {}% full. Empty the trash or download a backup before it runs out.", state.persist.room.get().percent().unwrap_or(100))}</p>
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
        <Show when=move || !state.persist.recovered.with(Vec::is_empty)>
            <div class="notice warning" role="alert" aria-label="Unreadable data">
                <p>{move || format!("{} stored item(s) could not be read and were set aside, untouched: {}.",
                    state.persist.recovered.with(Vec::len),
                    state.persist.recovered.with(|r| r.iter().map(|x| format!("{} ({})", x.original, x.reason)).collect::<Vec<_>>().join("; ")))}</p>
                <div class="row">
                    <button type="button" class="primary" on:click=move |_| files::download_recovered(state)>"Download unreadable data"</button>
                    <button type="button" on:click=move |_| { storage::discard_recovered(); state.persist.recovered.set(Vec::new()); }>"Discard it"</button>
                </div>
            </div>
        </Show>
    }
}

/// A plan file that changed on disk since it was read (a `git pull`, another editor): never
/// overwritten silently. Reload from disk takes theirs, Keep mine writes this one over it;
/// the version not kept goes to the plan's History.
#[component]
fn DiskChanged() -> impl IntoView {
    use crate::core::diff::line_diff;
    let state = expect_context::<AppState>();
    let show_diff = RwSignal::new(false);
    let diff = move || {
        let change = state.folder.changed.get()?;
        let theirs = change.theirs.unwrap_or_default();
        let lines = state.markdown.with(|mine| line_diff(&theirs, mine));
        Some(crate::web::dialogs::history::diff_view(
            lines,
            "Difference between the disk and this tab",
        ))
    };
    view! {
        <Show when=move || state.folder.changed.with(Option::is_some)>
            <div class="notice danger" role="alert" aria-label="Changed on disk">
                <p>{move || state.folder.changed.with(|c| c.as_ref().map(|c| if c.theirs.is_some() {
                    format!("{} changed on disk since Planform read it. Nothing has been overwritten: which version do you want? The other goes to History.", c.path)
                } else {
                    format!("{} is no longer on disk (deleted or moved). Keep mine writes it again.", c.path)
                }))}</p>
                <div class="row">
                    <button type="button" class="primary" on:click=move |_| state.reload_from_disk()>"Reload from disk"</button>
                    <button type="button" on:click=move |_| state.keep_mine_on_disk()>"Keep mine"</button>
                    <button type="button" aria-expanded=move || show_diff.get().to_string() on:click=move |_| show_diff.update(|s| *s = !*s)>"Show difference"</button>
                </div>
                <Show when=move || show_diff.get()>
                    <p class="hint">"− on disk, + in this tab"</p>
                    {diff}
                </Show>
            </div>
        </Show>
    }
}
