//! The library sidebar: the list of plans with New plan, search and delete (undone from the
//! toast or the trash), and the trash.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;

use crate::web::sidebar::folder::{FolderActions, FolderHead, FolderPlans};
use crate::web::sidebar::outline::Outline;
use crate::web::state::{AppState, Dialog, local_time};
use crate::web::storage::{self, PlanMeta};
use crate::web::workspace::Workspace;

/// What library search looks in for each stored plan (lower-cased, see
/// [`crate::core::records::search_text`]), read from storage the first time a search needs it and kept by
/// plan id and revision: filtering 300 plans on every key must not re-read and re-parse every
/// record.
#[derive(Default)]
struct SearchTexts(HashMap<String, (u64, String)>);

impl SearchTexts {
    /// The searchable text of a stored plan (empty when it cannot be read).
    fn get(&mut self, workspace: &dyn Workspace, plan: &PlanMeta) -> &str {
        let fresh = self
            .0
            .get(&plan.id)
            .is_some_and(|(revision, _)| *revision == plan.revision);
        if !fresh {
            let text = workspace.search_text(&plan.id).unwrap_or_default();
            self.0.insert(plan.id.clone(), (plan.revision, text));
        }
        self.0.get(&plan.id).map_or("", |(_, text)| text)
    }

    /// Drops what was read of plan `id`: another tab saved it. This tab's saves move the
    /// revision in the library, but another tab's do not (the index is rewritten only when
    /// what it lists changes).
    fn forget(&mut self, id: &str) {
        self.0.remove(id);
    }
}

/// The library sidebar: New plan, the search box, the plans (open, delete), the trash and the
/// open plan's outline.
#[component]
pub fn Library() -> impl IntoView {
    let state = expect_context::<AppState>();
    let query = RwSignal::new(String::new());
    let texts = StoredValue::new(SearchTexts::default());
    // Another tab wrote a plan: forget its text, and filter again.
    let written_elsewhere = Trigger::new();
    let other_tabs = window_event_listener(leptos::ev::storage, move |ev| {
        let plans = storage::plan_key("");
        match ev.key() {
            Some(key) => match key.strip_prefix(&plans) {
                Some(id) => texts.update_value(|t| t.forget(id)),
                None => return,
            },
            None => texts.update_value(|t| *t = SearchTexts::default()),
        }
        written_elsewhere.notify();
    });
    on_cleanup(move || other_tabs.remove());
    // The ids of the plans that match the search; `None` while nothing is searched.
    let matching = Memo::new(move |_| {
        let q = query.get().to_lowercase();
        if q.is_empty() {
            return None;
        }
        written_elsewhere.track();
        // The open plan is searched as it is now, saved or not (storage may be full).
        let open = state.id.get();
        let workspace = state.workspace();
        Some(state.library.with(|library| {
            library
                .iter()
                .filter(|m| {
                    m.title.to_lowercase().contains(&q)
                        || m.spec.to_lowercase().contains(&q)
                        || if m.id == open {
                            state.markdown.with(|md| md.to_lowercase().contains(&q))
                        } else {
                            texts
                                .try_update_value(|t| t.get(&*workspace, m).contains(&q))
                                .unwrap_or(false)
                        }
                })
                .map(|m| m.id.clone())
                .collect::<HashSet<_>>()
        }))
    });
    view! {
        <div class="sidebar">
        <nav class="library" aria-label="Plans">
            <Show when=move || state.folder.name.with(Option::is_some)><FolderHead/></Show>
            <div class="library-head">
                <button type="button" class="primary" on:click=move |_| crate::web::sidebar::folder::new_plan(state)>"New plan"</button>
                <button type="button" aria-haspopup="dialog" on:click=move |_| state.ui.dialog.set(Some(Dialog::Templates))>"Templates"</button>
                <button type="button" aria-haspopup="dialog" on:click=move |_| state.ui.dialog.set(Some(Dialog::Index))>"All plans"</button>
                <input type="search" aria-label="Search plans" placeholder="Search plans"
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
            </div>
            <FolderActions/>
            <Show when=move || state.folder.name.with(Option::is_some) fallback=move || view! { <LibraryPlans matching=matching/> }>
                <FolderPlans matching=matching/>
            </Show>
            <Show when=move || matching.with(|m| m.as_ref().is_some_and(HashSet::is_empty))>
                <p class="hint" role="status">{move || format!("No plan matches “{}”.", query.get().trim())}</p>
            </Show>
        </nav>
        <Trash/>
        <Outline/>
        </div>
    }
}

/// The plans of the browser library, as rows; `matching` is the search.
#[component]
fn LibraryPlans(matching: Memo<Option<HashSet<String>>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <ul class="plan-list">
                // One row per plan, keyed by what it shows; a search only hides rows. Building
                // or dropping rows on every key stroke took up to 90 ms for 100 rows in the
                // test build: too slow to filter as one types.
                <For each=move || state.library.get()
                    key=|m| (m.id.clone(), m.title.clone(), m.spec.clone(), m.updated.clone())
                    children=move |m| {
                    let id = m.id.clone();
                    let open_id = m.id.clone();
                    let del_id = m.id.clone();
                    let shown_id = m.id.clone();
                    let is_current = Memo::new(move |_| state.id.get() == id);
                    let hidden = move || {
                        matching.with(|m| m.as_ref().is_some_and(|ids| !ids.contains(&shown_id)))
                    };
                    view! {
                        <li class:current=move || is_current.get() hidden=hidden>
                            <button type="button" class="plan-link" aria-current=move || if is_current.get() { "true" } else { "false" }
                                on:click=move |_| state.open(&open_id)>
                                <span class="plan-title">{m.title.clone()}</span>
                                <span class="plan-meta">{format!("{} · {}", if m.spec.is_empty() { "no spec" } else { &m.spec }, m.updated)}</span>
                            </button>
                            <button type="button" class="icon" aria-label=format!("Delete {}", m.title)
                                on:click=move |_| state.delete(&del_id)>
                                <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
                                    <path fill="currentColor" d="M6 1h4l1 1h3v2H2V2h3zM3 5h10l-1 10H4zm3 2v6h1V7zm3 0v6h1V7z"/>
                                </svg>
                            </button>
                        </li>
                    }
                }/>
        </ul>
    }
}

/// The trash: deleted plans, restorable until emptied.
#[component]
fn Trash() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The count reads keys only; the entries (every trashed record read) only once the list is
    // opened: start-up does not pay for a full trash.
    let count = Memo::new(move |_| {
        state.trash_changed.track();
        storage::trash_count()
    });
    view! {
        <div class="trash">
            <button type="button" class="link" aria-expanded=move || state.ui.trash_open.get().to_string()
                on:click=move |_| state.ui.trash_open.update(|o| *o = !*o)>
                {move || format!("Trash ({})", count.get())}
            </button>
            <Show when=move || state.ui.trash_open.get()>
                {move || Suspend::new(trash_list(state))}
            </Show>
        </div>
    }
}

// The trash's list is a split point (`crate::web::split`): fetched when first opened.
crate::web::split::split_point! {
    trash: fn trash_list_view(state: AppState) -> AnyView {
        let entries = Memo::new(move |_| {
            state.trash_changed.track();
            storage::trash()
        });
        view! {
            <section aria-label="Trash" class="trash-list">
                <ul>
                    {move || entries.get().into_iter().map(|e| {
                        let id = e.id.clone();
                        let when = local_time(e.deleted, false);
                        view! {
                            <li>
                                <span class="plan-title">{e.title.clone()}</span>
                                <span class="plan-meta">{format!("deleted {when}")}</span>
                                <button type="button" aria-label=format!("Restore {}", e.title) on:click=move |_| state.restore(&id)>"Restore"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <div class="row">
                    <button type="button" disabled=move || entries.with(Vec::is_empty) on:click=move |_| state.empty_trash(false)>"Empty trash"</button>
                    <button type="button" disabled=move || entries.with(Vec::is_empty) on:click=move |_| state.empty_trash(true)>"Empty items older than 30 days"</button>
                </div>
            </section>
        }
        .into_any()
    }
}

async fn trash_list(state: AppState) -> AnyView {
    crate::web::split::view_or_alert(trash_list_view(state).await, "the trash")
}
