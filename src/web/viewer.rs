//! The read-only views: the viewer a wiki embeds (`?mode=view`), and a share link's plan.

use leptos::prelude::*;

use crate::core::html::{plan_html, remote_images_as_placeholders};
use crate::core::model::Plan;
use crate::core::to_markdown;
use crate::web::diagrams::bind_html;
use crate::web::document::load_document;
use crate::web::embed::{FromHost, Host, OpenError, ToHost};
use crate::web::painters;
use crate::web::state::AppState;
use crate::web::theme::apply_theme;

/// `?mode=view`: a read-only viewer for a wiki page to embed, of the plan in the URL fragment or
/// of the one the host page (at `origin`) sends. No library, no editing chrome, and no access
/// to the visitor's stored plans.
#[component]
pub fn Viewer(origin: Option<Result<String, OpenError>>) -> impl IntoView {
    apply_theme(None);
    let hash = window().location().hash().unwrap_or_default();
    let plan: RwSignal<Option<Result<Plan, OpenError>>> = RwSignal::new(None);
    match origin {
        _ if !hash.is_empty() => leptos::task::spawn_local(async move {
            let read = crate::web::deflate::decode_link(&hash).await;
            plan.set(Some(
                read.map(|(md, t)| load_document(&md, t.as_deref()))
                    .map_err(OpenError::from),
            ));
        }),
        Some(Ok(origin)) => {
            let host = Host::new(origin);
            let reply = host.clone();
            let listener = host.listen(move |message| match message {
                FromHost::Load { markdown, template } => {
                    plan.set(Some(Ok(load_document(&markdown, template.as_deref()))))
                }
                FromHost::Get { id } => {
                    let markdown = plan.with_untracked(|p| match p {
                        Some(Ok(p)) => to_markdown(p),
                        _ => String::new(),
                    });
                    reply.post(&ToHost::Markdown {
                        id,
                        markdown: &markdown,
                    });
                }
            });
            on_cleanup(move || listener.remove());
            host.post(&ToHost::Ready { mode: "view" });
        }
        Some(Err(e)) => plan.set(Some(Err(e))),
        None => plan.set(Some(Err(OpenError::NoPlan))),
    }
    move || {
        plan.with(|p| match p {
            Some(Ok(plan)) => {
                let html = painters::rendered(|| remote_images_as_placeholders(plan_html(plan)));
                let node = NodeRef::<leptos::html::Article>::new();
                bind_html(node, move || html.clone());
                view! {
                    <main class="viewer">
                        <section class="preview" aria-label="Preview">
                            <article class="markdown-body" node_ref=node></article>
                        </section>
                    </main>
                }
                .into_any()
            }
            Some(Err(e)) => view! {
                <main class="viewer">
                    <p role="alert">{format!("Planform viewer: {e}.")}</p>
                </main>
            }
            .into_any(),
            None => view! {
                <main class="viewer">
                    <p role="status">"Waiting for the page to send a plan…"</p>
                </main>
            }
            .into_any(),
        })
    }
}

/// Removes a share fragment from the address bar (without a reload or a history entry).
pub fn leave_share() {
    let loc = window().location();
    let url = format!(
        "{}{}",
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default()
    );
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// A plan opened from a share link: read-only, with "Save a copy to my plans". Nothing is
/// stored unless the user asks.
#[component]
pub fn SharedPlan(
    shared: RwSignal<Option<Result<Plan, crate::core::share::ShareError>>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let html = move || {
        painters::rendered(|| {
            shared.with(|s| match s {
                Some(Ok(plan)) => remote_images_as_placeholders(plan_html(plan)),
                _ => String::new(),
            })
        })
    };
    let open_editor = move || {
        leave_share();
        shared.set(None);
        if state.library.with_untracked(Vec::is_empty) {
            state.save_now();
        }
    };
    let node = NodeRef::<leptos::html::Article>::new();
    bind_html(node, html);
    view! {
        <div class="shared">
            <header class="shared-head" role="banner">
                <p><strong>"Shared plan"</strong>" · read-only. It is not in your plans until you save a copy."</p>
                <div class="row">
                    <button type="button" class="primary" on:click=move |_| {
                        if let Some(Ok(plan)) = shared.get_untracked() {
                            // Only the copy is stored: not the blank plan a first visit opens.
                            leave_share();
                            shared.set(None);
                            state.add_plan(plan);
                            state.ui.toast.set(Some("Saved a copy to your plans".into()));
                        }
                    }>"Save a copy to my plans"</button>
                    <button type="button" on:click=move |_| open_editor()>"Open my plans"</button>
                </div>
            </header>
            <main>
                <section class="preview" aria-label="Preview">
                    <article class="markdown-body" node_ref=node></article>
                </section>
            </main>
        </div>
    }
}
