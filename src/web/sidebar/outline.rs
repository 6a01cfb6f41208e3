//! The outline beside the form: the open plan's sections with their health dots.

use leptos::prelude::*;

use crate::core::checks::{Severity, Target};
use crate::web::editor::health_panel::focus_finding;
use crate::web::preview::show_in_preview;
use crate::web::state::{AppState, Pane};

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
                                state.ui.pane.set(Pane::Edit);
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
