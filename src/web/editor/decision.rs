//! The plan's status as a decision (a select of the statuses Planform knows, or the value as
//! written when it is another), and Supersede.

use leptos::prelude::*;

use crate::core::decision::{Status, read_status};
use crate::web::state::{AppState, Dialog};

/// Status and Supersede, in the plan's toolbar.
#[component]
pub fn DecisionControls() -> impl IntoView {
    let state = expect_context::<AppState>();
    // What the plan says now: the status as Planform names it, else the text as written
    // (`on hold`), else nothing; read once the first frame is painted.
    let current = Memo::new(move |_| {
        if !state.painted.get() {
            return String::new();
        }
        state.markdown.with(|m| {
            read_status(m).map_or_else(String::new, |r| {
                r.status.map_or(r.text, |s| s.label().to_string())
            })
        })
    });
    // The choices, as HTML: "None" while there is no status, a value Planform does not know as
    // written, then the six statuses.
    let options = move || {
        current.with(|c| {
            let mut html = String::new();
            let known = Status::ALL.iter().any(|s| s.label() == c);
            if c.is_empty() {
                html.push_str("<option value=\"\">None</option>");
            } else if !known {
                html.push_str("<option>");
                crate::core::sanitize::escape_html(c, &mut html);
                html.push_str("</option>");
            }
            for s in Status::ALL {
                html.push_str("<option>");
                html.push_str(s.label());
                html.push_str("</option>");
            }
            html
        })
    };
    let select = NodeRef::<leptos::html::Select>::new();
    // The options are set as HTML: the value follows them.
    Effect::new(move |_| {
        let value = current.get();
        if let Some(s) = select.get() {
            s.set_value(&value);
        }
    });
    view! {
        <label class="status-control">"Plan status "
            <select node_ref=select inner_html=options on:change=move |ev| {
                let v = event_target_value(&ev);
                if !v.is_empty() && v != current.get_untracked() {
                    state.set_status(&v);
                }
            }></select>
        </label>
        {(!state.embedded()).then(|| view! {
            <button type="button" aria-haspopup="dialog" title="A new plan that replaces this one: each links to the other"
                on:click=move |_| state.ui.dialog.set(Some(Dialog::Supersede))>"Supersede"</button>
        })}
    }
}
