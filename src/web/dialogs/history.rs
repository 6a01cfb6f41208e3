//! The History dialog: the plan's snapshots, each with its differences from the plan now and its
//! rendered view, and Restore (one edit, undone by Undo).

use leptos::prelude::*;

use crate::core::diff::DiffLine;
use crate::core::html::{document_html, remote_images_as_placeholders};
use crate::web::dialogs::on_escape;
use crate::web::state::{AppState, local_time};

/// or the rendered view of any snapshot; restore (itself undoable).
#[component]
pub fn HistoryDialog() -> impl IntoView {
    use crate::core::diff::line_diff;
    let state = expect_context::<AppState>();
    let snapshots = Memo::new(move |_| {
        state.history_changed.track();
        let mut s = state.workspace().history(&state.id.get());
        s.reverse();
        s
    });
    let selected = RwSignal::new(0usize);
    let show_rendered = RwSignal::new(false);
    let dialog = NodeRef::<leptos::html::Div>::new();
    let close = move || state.ui.dialog.set(None);
    on_escape(close);
    request_animation_frame(move || {
        if let Some(d) = dialog.get_untracked() {
            let _ = d.focus();
        }
    });
    let current = move || snapshots.with(|s| s.get(selected.get()).cloned());
    let diff_view = move || {
        let Some(snap) = current() else {
            return ().into_any();
        };
        let lines = state.markdown.with(|now| line_diff(&snap.markdown, now));
        let changed = lines
            .iter()
            .filter(|l| !matches!(l, DiffLine::Same(_)))
            .count();
        view! {
            <p class="hint">{if changed == 0 { "Same as the current plan.".to_string() } else { format!("{changed} line(s) differ from the current plan (− this snapshot, + now).") }}</p>
            // A named region (a bare `pre` may not carry a name), reachable from the keyboard to
            // scroll through; none when nothing differs.
            {(changed > 0).then(|| diff_view(lines, "Differences from the current plan"))}
        }
        .into_any()
    };
    let rendered_view = move || {
        current().map(|snap| {
            let html = crate::web::painters::rendered(|| {
                remote_images_as_placeholders(document_html(&snap.markdown))
            });
            // Its diagrams drawn as in the preview.
            let node = NodeRef::<leptos::html::Article>::new();
            crate::web::diagrams::bind_html(node, move || html.clone());
            view! { <article class="markdown-body snapshot" node_ref=node></article> }
        })
    };
    view! {
        <div class="backdrop" on:click=move |_| close()></div>
        <div class="dialog" role="dialog" aria-modal="true" aria-label="History" tabindex="-1" node_ref=dialog>
            <header class="dialog-head">
                <h2>"History"</h2>
                <button type="button" class="icon" aria-label="Close history" on:click=move |_| close()>"✕"</button>
            </header>
            <div class="dialog-body">
                <ol class="snapshots" aria-label="Snapshots">
                    {move || snapshots.get().into_iter().enumerate().map(|(i, snap)| {
                        let when = local_time(snap.time, true);
                        let size = snap.markdown.len();
                        view! {
                            <li>
                                <button type="button" class="snapshot" aria-pressed=move || (selected.get() == i).to_string()
                                    on:click=move |_| selected.set(i)>
                                    <span class="plan-title">{when}</span>
                                    <span class="plan-meta">{format!("{} · {}", kilobytes(size), snap.summary)}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <div class="snapshot-view">
                    <Show when=move || current().is_some() fallback=|| view! { <p>"No snapshots yet: one is taken whenever editing pauses."</p> }>
                        <div class="row">
                            <button type="button" aria-pressed=move || (!show_rendered.get()).to_string() on:click=move |_| show_rendered.set(false)>"Changes"</button>
                            <button type="button" aria-pressed=move || show_rendered.get().to_string() on:click=move |_| show_rendered.set(true)>"View"</button>
                            <button type="button" class="primary" on:click=move |_| {
                                if let Some(snap) = current() {
                                    state.restore_snapshot(&snap.markdown);
                                    close();
                                    state.ui.toast.set(Some("Restored an earlier version (Undo with Ctrl+Z)".into()));
                                }
                            }>"Restore this version"</button>
                        </div>
                        {move || if show_rendered.get() { rendered_view().into_any() } else { diff_view().into_any() }}
                    </Show>
                </div>
            </div>
        </div>
    }
}

/// `12.3 KB`, in integer arithmetic: formatting an `f64` would pull float printing (about
/// 10 KB) into the WebAssembly build.
pub fn kilobytes(bytes: usize) -> String {
    let tenths = (bytes * 10 + 512) / 1024;
    format!("{}.{} KB", tenths / 10, tenths % 10)
}

/// A line diff as a named region that the keyboard reaches (a bare `pre` may not carry a name):
/// the lines added (`+`) and removed (`−`), not those both sides have.
pub fn diff_view(lines: Vec<DiffLine>, label: &'static str) -> impl IntoView {
    view! {
        <pre class="diff" role="region" tabindex="0" aria-label=label>
            {lines.into_iter().filter_map(|l| match l {
                DiffLine::Same(_) => None,
                DiffLine::Added(t) => Some(view! { <span class="add">{format!("+ {t}\n")}</span> }.into_any()),
                DiffLine::Removed(t) => Some(view! { <span class="del">{format!("− {t}\n")}</span> }.into_any()),
            }).collect_view()}
        </pre>
    }
}
