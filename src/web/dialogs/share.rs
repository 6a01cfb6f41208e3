//! The Share link dialog: the plan in a link's fragment, copied or refused when too long.

use leptos::prelude::*;

use crate::core::share;
use crate::web::dialogs::history::kilobytes;
use crate::web::dialogs::on_escape;
use crate::web::files;
use crate::web::state::AppState;

/// The share-link dialog: the link in a text field with Copy, or why there is none.
#[component]
pub fn ShareDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let loc = window().location();
    let base = format!(
        "{}{}{}",
        loc.origin().unwrap_or_default(),
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default()
    );
    // The link is made by the browser's deflate (asynchronous, a few milliseconds).
    let link: RwSignal<Option<Result<String, share::ShareError>>> = RwSignal::new(None);
    let field = NodeRef::<leptos::html::Input>::new();
    let markdown = state.markdown.get_untracked();
    // A team template travels with the plan, so the link opens the same anywhere.
    let template = state.plan.with_untracked(|p| {
        (!crate::core::template::is_builtin(&p.template)).then(|| p.template.source.clone())
    });
    leptos::task::spawn_local(async move {
        let made = crate::web::deflate::encode_link(&markdown, template.as_deref(), base.len())
            .await
            .map(|f| format!("{base}#{f}"));
        link.set(Some(made));
        request_animation_frame(move || {
            if let Some(f) = field.get_untracked() {
                let _ = f.focus();
                f.select();
            }
        });
    });
    let close = move || state.ui.dialog.set(None);
    on_escape(close);
    let body = move || {
        match link.get() {
        None => view! { <p role="status">"Making the link…"</p> }.into_any(),
        Some(Ok(link)) => {
            let size = kilobytes(link.len());
            let copy = link.clone();
            view! {
                <p>"Anyone with this link sees the plan read-only and can save a copy. The plan travels inside the link (after the #), which browsers never send to a server."</p>
                <input type="text" readonly aria-label="Share link" class="mono" node_ref=field prop:value=link/>
                <p class="hint">{format!("{size} link")}</p>
                <div class="row">
                    <button type="button" class="primary" on:click=move |_| files::copy_text(state, copy.clone(), "Link copied")>"Copy link"</button>
                </div>
            }
            .into_any()
        }
        Some(Err(e)) => view! {
            <p role="alert">{format!("No link: {e}.")}</p>
            <div class="row">
                <button type="button" class="primary" on:click=move |_| { close(); files::export(state, files::Export::Markdown) }>"Export markdown file"</button>
                <button type="button" on:click=move |_| { close(); files::export(state, files::Export::Html) }>"Export HTML file"</button>
            </div>
        }
        .into_any(),
    }
    };
    view! {
        <div class="backdrop" on:click=move |_| close()></div>
        <div class="dialog small" role="dialog" aria-modal="true" aria-label="Share link">
            <header class="dialog-head">
                <h2>"Share link"</h2>
                <button type="button" class="icon" aria-label="Close share link" on:click=move |_| close()>"✕"</button>
            </header>
            <div class="dialog-pad">{body}</div>
        </div>
    }
}
