//! The Markdown tab: the whole plan as text; a keystroke reads again only the section it is in,
//! and the preview follows the caret.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::web::preview::show_in_preview;
use crate::web::state::{AppState, Tab};

#[component]
pub fn MarkdownTab() -> impl IntoView {
    let state = expect_context::<AppState>();
    let canonical = state.markdown;
    let area = NodeRef::<leptos::html::Textarea>::new();
    // What the text box holds: a keystroke's own text is not written back into it (writing a
    // large document into a text box costs the browser far more than the keystroke).
    let shown = StoredValue::new(None::<String>);
    // A render effect, as `prop:value` was: it runs with the rest of the rendering, not a
    // task later. Kept for the component's life.
    let effect = RenderEffect::new(move |_| {
        // A hidden tab is filled in when it is shown, not on every change made in the form.
        if state.ui.tab.get() != Tab::Markdown {
            return;
        }
        let el = area.get();
        let write = |text: &str| {
            if shown.with_value(|s| s.as_deref() != Some(text))
                && let Some(el) = el.as_ref()
            {
                el.set_value(text);
                shown.set_value(Some(text.to_string()));
            }
        };
        match state.markdown_draft.with(|d| d.as_deref().map(write)) {
            Some(()) => {}
            None => canonical.with(|c| write(c)),
        }
    });
    let _kept = StoredValue::new_local(effect);
    view! {
        <label class="field md">"Markdown source"
            <textarea class="mono source" aria-label="Markdown source" spellcheck="false" node_ref=area
                on:input=move |ev| type_markdown(state, shown, &ev)
                on:keyup=move |ev| if moves_caret(&ev) { follow_caret(state, &ev) }
                on:click=move |ev| follow_caret(state, &ev)
                on:blur=move |_| state.markdown_draft.set(None)></textarea>
        </label>
    }
}

/// The textarea an event happened on.
fn event_textarea(ev: &web_sys::Event) -> Option<web_sys::HtmlTextAreaElement> {
    ev.target().and_then(|t| t.dyn_into().ok())
}

/// Applies what was typed in the Markdown tab. When the edit is stamped with today's date the
/// text is rewritten in place (same length), so the caret is put back where it was.
fn type_markdown(state: AppState, shown: StoredValue<Option<String>>, ev: &web_sys::Event) {
    let Some(area) = event_textarea(ev) else {
        return;
    };
    let start = area.selection_start().ok().flatten();
    let end = area.selection_end().ok().flatten();
    let value = area.value();
    shown.set_value(Some(value.clone()));
    let section = state.set_markdown(value);
    request_animation_frame(move || {
        if let (Some(start), Some(end)) = (start, end)
            && area.selection_start().ok().flatten() != Some(start)
        {
            let _ = area.set_selection_range(start, end);
        }
        // The preview follows the section being typed in (measured in the frame, where
        // layout happens anyway).
        if let Some(i) = section {
            show_in_preview(&i.to_string(), false);
        }
    });
}

/// True for the keys that move the caret without typing: the preview follows the caret then
/// (typing follows it from the input handler, which knows where the edit was).
fn moves_caret(ev: &web_sys::Event) -> bool {
    ev.dyn_ref::<web_sys::KeyboardEvent>().is_some_and(|k| {
        matches!(
            k.key().as_str(),
            "ArrowUp"
                | "ArrowDown"
                | "ArrowLeft"
                | "ArrowRight"
                | "PageUp"
                | "PageDown"
                | "Home"
                | "End"
        )
    })
}

/// Scrolls the preview to the top-level section that holds the Markdown tab's caret.
fn follow_caret(state: AppState, ev: &web_sys::Event) {
    let Some(area) = event_textarea(ev) else {
        return;
    };
    let caret = area.selection_start().ok().flatten().unwrap_or(0) as usize;
    // The caret counts UTF-16 units; the plan's text counts bytes.
    let value = area.value();
    let mut units = 0;
    let byte = value
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > caret
        })
        .map_or(value.len(), |(i, _)| i);
    // The sections' markdown is already rendered (the section cache): only lengths are added.
    let preamble = state
        .plan
        .with_untracked(|p| crate::core::render::preamble_markdown(p).len());
    let section = state.texts.with_untracked(|texts| {
        let mut at = if preamble == 0 { 0 } else { preamble + 2 };
        texts.iter().position(|t| {
            at += t.markdown.len() + 2;
            byte < at
        })
    });
    if let Some(i) = section {
        show_in_preview(&i.to_string(), false);
    }
}
