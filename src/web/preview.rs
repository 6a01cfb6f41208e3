//! The preview pane: the plan rendered as GitHub renders it, part by part, so a keystroke
//! re-renders only the section it changed.

use leptos::prelude::*;

use crate::core::html::{LinkRefs, footnotes_html, markdown_to_html, slugs_before};
use crate::core::render::{preamble_markdown, section_markdown};
use crate::web::state::AppState;

/// The rendered plan: the preamble, one memo per top-level section, then the footnotes.
///
/// Every part renders alone yet as part of the whole document: reference definitions and
/// footnotes come from the whole markdown, and each part starts from the ids handed out by the
/// parts before it, so ids are unique over the whole preview, as in the export.
#[component]
pub fn Preview() -> impl IntoView {
    let state = expect_context::<AppState>();
    let count = Memo::new(move |_| state.plan.with(|p| p.sections.len()));
    // Part 0 is the preamble (empty when there is none), part i + 1 is section i: the parts
    // of `to_markdown`, so the preview is the export's HTML.
    let parts = Memo::new(move |_| {
        state.plan.with(|p| {
            let mut parts = Vec::with_capacity(p.sections.len() + 1);
            parts.push(preamble_markdown(p).to_string());
            parts.extend(p.sections.iter().map(|s| section_markdown(s)));
            parts
        })
    });
    let refs = Memo::new(move |_| state.markdown.with(|md| LinkRefs::collect(md)));
    // The id state before each part, and after the last one for the footnotes. A part whose
    // markdown and starting state did not change keeps its HTML (memos compare values).
    let slugs = Memo::new(move |_| refs.with(|r| parts.with(|p| slugs_before(p, r))));
    let part_html = move |i: usize| {
        let markdown = Memo::new(move |_| parts.with(|p| p.get(i).cloned()).unwrap_or_default());
        let before = Memo::new(move |_| slugs.with(|s| s.get(i).cloned()).unwrap_or_default());
        Memo::new(move |_| {
            refs.with(|r| markdown.with(|md| markdown_to_html(md, r, &mut before.get())))
        })
    };
    let preamble = part_html(0);
    let footnotes = Memo::new(move |_| {
        let mut after = slugs.with(|s| s.last().cloned()).unwrap_or_default();
        refs.with(|r| state.markdown.with(|md| footnotes_html(md, r, &mut after)))
    });
    view! {
        <section class="pane preview" aria-label="Preview">
            <article class="markdown-body">
                <div inner_html=move || preamble.get()></div>
                <For each=move || 0..count.get() key=|i| *i let:i>
                    {
                        let html = part_html(i + 1);
                        view! { <div class="preview-section" data-section=i inner_html=move || html.get()></div> }
                    }
                </For>
                <div class="preview-footnotes" inner_html=move || footnotes.get()></div>
            </article>
        </section>
    }
}

/// Scrolls the preview so that top-level section `index` is in view: to its top when `to_top`,
/// else only if no part of it shows.
pub fn show_in_preview(index: &str, to_top: bool) {
    let doc = document();
    let (Some(pane), Some(target)) = (
        doc.query_selector(".preview").ok().flatten(),
        doc.query_selector(&format!(".preview [data-section=\"{index}\"]"))
            .ok()
            .flatten(),
    ) else {
        return;
    };
    let view = pane.get_bounding_client_rect();
    let rect = target.get_bounding_client_rect();
    let visible = rect.top() < view.bottom() && rect.bottom() > view.top() + 16.0;
    if to_top || !visible {
        pane.set_scroll_top(pane.scroll_top() + (rect.top() - view.top()) as i32 - 8);
    }
}
