//! The Health panel: the plan's findings by section, each a link to the field it is about.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::checks::{Severity, Target};
use crate::core::form::target_id;
use crate::web::state::{AppState, Tab};

/// The Health panel: progress on the fields to fill, then findings grouped by section with
/// counts by severity; each entry jumps to the control concerned.
#[component]
pub fn HealthPanel() -> impl IntoView {
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
pub fn focus_finding(state: AppState, target: &Target) {
    state.ui.tab.set(Tab::Form);
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
