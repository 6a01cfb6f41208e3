//! The controls every block editor is made of, each bound to one address of the plan: text
//! boxes, a date control, a status select, and the tools of a list item or table row.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::address::{Addr, Part};
use crate::core::form::{renumber, status_choice, status_option};
use crate::web::state::AppState;

/// The text at `addr`, read again only when the top-level section it lies in changes: a
/// keystroke in one field leaves every field of the other sections alone.
pub fn field_value(state: AppState, addr: Addr) -> impl Fn() -> String + Send + Sync + 'static {
    let top = (addr.part != Part::Preamble)
        .then(|| addr.path.first().copied())
        .flatten();
    let section = top.map(|i| state.section(i));
    move || {
        if let Some(section) = section {
            // Read, not only tracked: a memo computes when read.
            section.track();
            state
                .plan
                .with_untracked(|p| p.text_at(&addr).unwrap_or_default())
        } else {
            state.plan.with(|p| p.text_at(&addr).unwrap_or_default())
        }
    }
}

/// A single-line text control bound to an address.
#[component]
pub fn TextInput(addr: Addr, placeholder: String, label: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let read = addr.clone();
    view! {
        <input type="text" placeholder=placeholder aria-label=label
            prop:value=field_value(state, read)
            on:input=move |ev| state.set_text(&addr, &event_target_value(&ev))/>
    }
}

/// A multi-line text control bound to an address.
#[component]
pub fn TextArea(
    addr: Addr,
    placeholder: String,
    label: String,
    #[prop(optional)] code: bool,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let read = addr.clone();
    view! {
        <textarea placeholder=placeholder aria-label=label class:mono=code rows="4" spellcheck=(!code).to_string()
            prop:value=field_value(state, read)
            on:input=move |ev| state.set_text(&addr, &event_target_value(&ev))></textarea>
    }
}

/// A date control for a timeline cell (only offered when the cell is empty or a real date, so
/// text such as "Q3" is never hidden).
#[component]
pub fn DateInput(addr: Addr, label: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let read = addr.clone();
    view! {
        <input type="date" aria-label=label
            prop:value=field_value(state, read)
            on:change=move |ev| state.set_text(&addr, &event_target_value(&ev))/>
    }
}

/// A status select for a table cell: exactly the template's values, in its order, and the one
/// chosen is written as the template writes it. A cell written in other words (`Done` for `✅`)
/// selects the value it means when the template's value carries a status emoji; anything else
/// is shown as it is until another value is picked, so nothing typed is hidden.
#[component]
pub fn StatusSelect(addr: Addr, label: String, values: Vec<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let read = addr.clone();
    let value = field_value(state, read);
    let current = Memo::new(move |_| value());
    let values = std::sync::Arc::new(values);
    // The template's value a cell stands for, if any.
    let chosen = {
        let values = values.clone();
        Memo::new(move |_| current.with(|text| status_choice(&values, text)))
    };
    let options = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            view! { <option value=v.clone() selected=move || chosen.get() == Some(i)>{status_option(v)}</option> }
        })
        .collect_view();
    view! {
        <select aria-label=label class="status-select"
            on:change=move |ev| state.set_text(&addr, &event_target_value(&ev))>
            {move || {
                let text = current.get();
                chosen.get().is_none().then(|| view! { <option value=text.clone() selected=true>{text.clone()}</option> })
            }}
            {options}
        </select>
    }
}

/// The button under a list or table that appends an item (or row) to block `block`, which has
/// `len` of them now.
pub fn add_button(path: Vec<usize>, block: usize, len: usize, label: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <button type="button" on:click=move |_| state.edit(|p| p.insert_item(&path, block, len))>{label}</button>
    }
}

/// Move up, move down and remove buttons for a list item or table row.
#[component]
pub fn ItemTools(path: Vec<usize>, block: usize, at: usize, label: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (up, down) = (path.clone(), path.clone());
    // Quiet until the item is hovered or holds focus (see app.css); always in the tab order.
    view! {
        <span class="tools">
            <button type="button" class="icon" aria-label=format!("Move {label} up") title="Move up (Alt+↑)"
                on:click=move |_| state.edit(|p| { p.move_item(&up, block, at, -1); })>"↑"</button>
            <button type="button" class="icon" aria-label=format!("Move {label} down") title="Move down (Alt+↓)"
                on:click=move |_| state.edit(|p| { p.move_item(&down, block, at, 1); })>"↓"</button>
            <button type="button" class="icon" aria-label=format!("Remove {label}") title="Remove"
                on:click=move |_| state.edit(|p| p.remove_item(&path, block, at))>"✕"</button>
        </span>
    }
}

/// Alt+↑ / Alt+↓ on a list item or table row moves it, and keeps focus on the moved control.
pub fn reorder_keys(
    state: AppState,
    ev: &web_sys::KeyboardEvent,
    path: &[usize],
    block: usize,
    at: usize,
) {
    if !ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
        return;
    }
    let delta = match ev.key().as_str() {
        "ArrowUp" => -1,
        "ArrowDown" => 1,
        _ => return,
    };
    ev.prevent_default();
    let path = path.to_vec();
    let mut moved = None;
    state.edit(|p| moved = p.move_item(&path, block, at, delta));
    // The moved row is rebuilt: put focus back into the same column of its new place.
    if let Some(to) = moved {
        let column = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.get_attribute("aria-label"))
            .map(|l| renumber(&l, at + 1, to + 1))
            .unwrap_or_default();
        request_animation_frame(move || {
            let selector = format!("[aria-label=\"{}\"]", column.replace('"', "\\\""));
            if let Ok(Some(el)) = document().query_selector(&selector)
                && let Ok(el) = el.dyn_into::<web_sys::HtmlElement>()
            {
                let _ = el.focus();
            }
        });
    }
}
