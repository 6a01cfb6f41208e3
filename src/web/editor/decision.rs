//! The plan's status as a decision (a select of the statuses Planform knows, or the value as
//! written when it is another), and Supersede.

use leptos::prelude::*;

use crate::core::decision::{Status, read_status};
use crate::web::state::{AppState, Dialog};

/// Status and Supersede, in the plan's toolbar.
#[component]
pub fn DecisionControls() -> impl IntoView {
    let state = expect_context::<AppState>();
    // What the plan says now: (the text as written, the status it names).
    let current = Memo::new(move |_| {
        if !state.painted.get() {
            return None;
        }
        state
            .markdown
            .with(|m| read_status(m).map(|r| (r.text, r.status)))
    });
    let value = move || {
        current.with(|c| match c {
            Some((_, Some(s))) => s.label().to_string(),
            Some((text, None)) => text.clone(),
            None => String::new(),
        })
    };
    let other = move || {
        current.with(|c| match c {
            Some((text, None)) => Some(text.clone()),
            _ => None,
        })
    };
    view! {
        <label class="status-control">"Plan status "
            <select prop:value=value on:change=move |ev| {
                let v = event_target_value(&ev);
                if !v.is_empty() && Some(v.clone()) != other() {
                    state.set_status(&v);
                }
            }>
                <Show when=move || current.with(Option::is_none)>
                    <option value="">"None"</option>
                </Show>
                {move || other().map(|t| view! { <option value=t.clone()>{t.clone()}</option> })}
                {Status::ALL.into_iter().map(|s| view! { <option value=s.label()>{s.label()}</option> }).collect_view()}
            </select>
        </label>
        {(!state.embedded()).then(|| view! {
            <button type="button" aria-haspopup="dialog" title="A new plan that replaces this one: each links to the other"
                on:click=move |_| state.ui.dialog.set(Some(Dialog::Supersede))>"Supersede"</button>
        })}
    }
}
