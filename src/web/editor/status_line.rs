//! The status line under the editor: the save state, the words, the plan's health.

use leptos::prelude::*;

use crate::core::health::Health;
use crate::core::text::words;
use crate::web::dialogs::on_escape;
use crate::web::state::{AppState, SaveState};

#[component]
pub fn StatusLine() -> impl IntoView {
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
            <span role="status" class="save" class:failed=move || state.persist.save_state.get() != SaveState::Saved
                aria-busy=move || state.persist.pending.get().to_string()>
                {move || match state.persist.save_state.get() {
                    // A plan file: where it is, once the file has the edit.
                    SaveState::Saved if state.folder.name.with(Option::is_some) => file_status(state),
                    SaveState::Saved => "Saved".to_string(),
                    SaveState::Failed(e) => format!("Not saved: {e}"),
                    SaveState::Full => "Not saved: storage is full".to_string(),
                    SaveState::Conflict => "Not saved: changed in another tab".to_string(),
                }}
            </span>
            // Counted once the first frame is painted (counting renders every section).
            <span>{move || state.painted.get().then(|| format!("{} words", word_count.get()))}</span>
            <span class="muted" title="Whether the browser may clear this site's storage when space runs low">
                {move || match state.persist.persisted.get() {
                    Some(true) => "Storage: persistent".to_string(),
                    Some(false) => "Storage: not persistent".to_string(),
                    None => String::new(),
                }}
            </span>
            <span class="muted">{move || state.persist.room.get().percent().map(|p| format!("{p}% of storage used"))}</span>
            <button type="button" class="link health-toggle" aria-expanded=move || open.get().to_string()
                aria-controls="pf-health" on:click=move |_| open.update(|o| *o = !*o)>
                // Once the first frame is painted: the plan's checks do not delay it.
                {move || if state.painted.get() { health_label(&state.health.get()) } else { "Health".to_string() }}
            </button>
            <div class="health" id="pf-health" hidden=move || !open.get() role="region" aria-labelledby="pf-health-title">
                <Show when=move || open.get()>{move || Suspend::new(health_panel())}</Show>
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

/// The status of an open plan file: "Saved to docs/adr/…" once the file has the last edit.
fn file_status(state: AppState) -> String {
    state.id.track();
    let Some(path) = state.open_path() else {
        return "Saved in this browser".to_string();
    };
    if state.folder.changed.with(Option::is_some) {
        return format!("Not saved: {path} changed on disk");
    }
    match state.folder.written.get() {
        Some(Err(e)) => format!("Not saved to the file (kept in this browser): {e}"),
        _ if state.persist.pending.get() || state.folder.writing.with(|w| w.contains(&path)) => {
            format!("Saving to {path}…")
        }
        // Opened and not edited, or written: the file holds the plan.
        _ => format!("Saved to {path}"),
    }
}

// The Health panel is a split point (`crate::web::split`): fetched when first opened.
crate::web::split::split_point! {
    health: fn health_panel_view() -> AnyView {
        view! { <crate::web::editor::health_panel::HealthPanel/> }.into_any()
    }
}

async fn health_panel() -> AnyView {
    crate::web::split::view_or_alert(health_panel_view().await, "the health of the plan")
}
