//! What every dialog and popover shares: closing on Escape, focusing the first control.

pub mod history;
pub mod host;
pub mod index;
pub mod new_plan;
pub mod share;
pub mod templates;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Focuses the first element under `root` that `selector` finds (a menu's first item, a
/// dialog's first button), if there is one.
pub fn focus_first(root: Option<web_sys::Element>, selector: &str) {
    if let Some(first) = root
        .and_then(|r| r.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = first.focus();
    }
}

/// Runs `close` when Escape is pressed anywhere, for as long as the calling component lives
/// (dialogs and popovers close this way whatever holds the focus).
pub fn on_escape(close: impl Fn() + 'static) {
    let listener = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            close();
        }
    });
    on_cleanup(move || listener.remove());
}
