//! The preview pane: the plan rendered as GitHub renders it, piece by piece (the preamble, then
//! each heading with its blocks), so a keystroke re-renders only the piece it changed.

use std::sync::Arc;

use leptos::prelude::*;

use crate::core::html::{
    LinkRefs, Slugs, footnotes_html, has_footnote_definition, map_images, markdown_to_html,
    remote_images_as_placeholders, slugs_after_edit_with,
};
use crate::core::render::{SectionText, preamble_markdown};
use crate::web::diagrams::bind_html;
use crate::web::fanout::Fanout;
use crate::web::painters;
use crate::web::state::AppState;

/// The heading ids handed out before each piece (the last entry: after them all), with the
/// pieces they were counted over, so the next change counts again only from what changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct States {
    /// The preamble the states follow (they start after it).
    preamble: String,
    /// The sections' texts the states were counted over.
    texts: Vec<Arc<SectionText>>,
    /// [`painters::arrivals`] when they were rendered.
    painted: u32,
    refs: Arc<LinkRefs>,
    /// The state before each piece, all sections' pieces in order, then the state after them.
    before: Vec<Arc<Slugs>>,
    /// Where each section's pieces start in `before`, and the end of the last.
    offsets: Vec<usize>,
}

/// What the pieces of section `i` render from: its text, the heading-id state before each of
/// its pieces, and the document's link definitions.
#[derive(Clone, Debug, PartialEq, Eq)]
struct SectionInput {
    text: Option<Arc<SectionText>>,
    before: Vec<Arc<Slugs>>,
    refs: Arc<LinkRefs>,
}

impl SectionInput {
    fn of(states: &States, i: usize) -> SectionInput {
        let before = match (states.offsets.get(i), states.offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => states.before.get(a..b).map(<[_]>::to_vec),
            _ => None,
        };
        SectionInput {
            text: states.texts.get(i).cloned(),
            before: before.unwrap_or_default(),
            refs: states.refs.clone(),
        }
    }
}

/// Every piece's markdown, in document order.
/// What the preview shows of rendered HTML: an image from another origin as a placeholder
/// (`remote_images_as_placeholders`), and with a folder open, an image that is a file of the
/// folder (a path relative to the open plan's file) read from it as a `blob:` URL. An image not
/// read yet has no `src` until it is (no request to the app's own server for it); then every
/// preview image of that file gets it.
fn shown(state: AppState, html: String) -> String {
    painters::want();
    let html = remote_images_as_placeholders(html);
    // Most pieces have no image: no folder lookup for them (this runs on every render).
    if !html.contains("<img ") {
        return html;
    }
    let (Some(ws), Some(plan)) = (state.open_folder_workspace(), state.open_path()) else {
        return html;
    };
    let mut wanted: Vec<String> = Vec::new();
    let html = map_images(html, |tag, src, _| {
        let path = crate::core::folder::resolve(&plan, src)?;
        let attr = format!("src=\"{src}\"");
        match ws.image_url(&path).filter(|u| !u.is_empty()) {
            Some(url) => Some(tag.replacen(&attr, &format!("src=\"{url}\""), 1)),
            None => {
                let mut pending = String::from("data-folder-src=\"");
                crate::core::sanitize::escape_html(&path, &mut pending);
                pending.push('"');
                if !wanted.contains(&path) {
                    wanted.push(path);
                }
                Some(tag.replacen(&attr, &pending, 1))
            }
        }
    });
    for path in wanted {
        let ws = std::rc::Rc::clone(&ws);
        leptos::task::spawn_local(async move {
            let Some(url) = ws.load_image(&path).await else {
                return;
            };
            let Ok(images) = document().query_selector_all("img[data-folder-src]") else {
                return;
            };
            for i in 0..images.length() {
                if let Some(img) = images
                    .item(i)
                    .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
                    .filter(|img| {
                        img.get_attribute("data-folder-src").as_deref() == Some(path.as_str())
                    })
                {
                    let _ = img.set_attribute("src", &url);
                    let _ = img.remove_attribute("data-folder-src");
                }
            }
        });
    }
    html
}

fn markdowns(texts: &[Arc<SectionText>]) -> Vec<&str> {
    texts
        .iter()
        .flat_map(|t| t.pieces.iter().map(String::as_str))
        .collect()
}

/// The link definitions of one piece.
type Links = Arc<Vec<(String, (String, String))>>;

/// Link definitions of each section's pieces, kept per section text and per piece.
type LinkCache = Vec<(Arc<SectionText>, Vec<Links>)>;

/// The link definitions of a piece: only a piece with a `]:` in it can define one.
fn piece_links(markdown: &str) -> Links {
    Arc::new(if markdown.contains("]:") {
        LinkRefs::part_links(markdown)
    } else {
        Vec::new()
    })
}

/// Each section's link definitions, read again only for the pieces whose text changed.
fn section_links(cache: &mut LinkCache, texts: &[Arc<SectionText>]) -> Vec<Links> {
    let mut next: LinkCache = Vec::with_capacity(texts.len());
    for (i, text) in texts.iter().enumerate() {
        let known = cache.get(i);
        let links = match known {
            Some((t, links)) if Arc::ptr_eq(t, text) => links.clone(),
            _ => text
                .pieces
                .iter()
                .enumerate()
                .map(|(k, piece)| {
                    known
                        .filter(|(t, _)| t.pieces.get(k) == Some(piece))
                        .and_then(|(_, links)| links.get(k).cloned())
                        .unwrap_or_else(|| piece_links(piece))
                })
                .collect(),
        };
        next.push((text.clone(), links));
    }
    let all = next.iter().flat_map(|(_, l)| l.iter().cloned()).collect();
    *cache = next;
    all
}

/// Pieces rendered while counting heading ids, for their HTML memos to take: a changed piece is
/// parsed once per keystroke, not once for its ids and again for its HTML.
type Rendered = Vec<(String, Slugs, String)>;

/// The rendered plan: the preamble, one memo per piece, then the footnotes.
///
/// Every piece renders alone yet as part of the whole document: reference definitions and
/// footnotes come from the whole markdown, and each piece starts from the ids handed out by the
/// pieces before it, so ids are unique over the whole preview, as in the export.
#[component]
pub fn Preview() -> impl IntoView {
    let state = expect_context::<AppState>();
    let preamble_md = Memo::new(move |_| state.plan.with(|p| preamble_markdown(p).to_string()));
    // Rendered once the first frame is painted, a slice per frame: the form comes first.
    let count = Memo::new(move |_| match state.shown.get().sections {
        0 => 0,
        shown => state.texts.with(Vec::len).min(shown),
    });
    // Without a footnote definition the references are the link definitions of the parts,
    // read per section and kept; with one, the whole document is read.
    let links = StoredValue::new(LinkCache::new());
    // Shared, and the same copy while it does not change: the id states compare it per key.
    let refs = Memo::new(move |old: Option<&Arc<LinkRefs>>| {
        let new = if state.markdown.with(|md| has_footnote_definition(md)) {
            state.markdown.with(|md| LinkRefs::collect(md))
        } else {
            let preamble = preamble_md.with(|md| piece_links(md));
            let per_piece = state.texts.with(|texts| {
                links
                    .try_update_value(|cache| section_links(cache, texts))
                    .unwrap_or_default()
            });
            LinkRefs::from_part_links(
                std::iter::once(preamble.as_slice()).chain(per_piece.iter().map(|l| l.as_slice())),
            )
        };
        match old {
            Some(old) if **old == new => old.clone(),
            _ => Arc::new(new),
        }
    });
    // The id state before each piece; a piece whose markdown and starting state did not
    // change keeps its HTML (memos compare values, states compare by identity first).
    let rendered = StoredValue::new(Rendered::new());
    let states = Memo::new(move |old: Option<&States>| {
        // Highlighting and charts arriving render every piece again (`painters`).
        let painted = painters::arrivals();
        let preamble = preamble_md.get();
        let texts = state.texts.get();
        let refs = refs.get();
        let mut start = Slugs::default();
        start.advance(&preamble, &refs);
        let mut offsets = Vec::with_capacity(texts.len() + 1);
        let mut at = 0;
        for t in &texts {
            offsets.push(at);
            at += t.pieces.len();
        }
        offsets.push(at);
        let pieces = markdowns(&texts);
        let mut fresh = Rendered::new();
        let advance = |md: &str, slugs: &mut Slugs| {
            let before = slugs.clone();
            let html = shown(state, markdown_to_html(md, &refs, slugs));
            fresh.push((md.to_string(), before, html));
        };
        let before = match old {
            Some(old) if old.refs == refs && old.painted == painted => {
                slugs_after_edit_with(&pieces, &markdowns(&old.texts), &old.before, start, advance)
            }
            _ => slugs_after_edit_with(&pieces, &[], &[], start, advance),
        };
        rendered.set_value(fresh);
        States {
            preamble,
            texts,
            painted,
            refs,
            before,
            offsets,
        }
    });
    let preamble = Memo::new(move |_| {
        if !state.painted.get() {
            return String::new();
        }
        painters::arrivals();
        shown(
            state,
            refs.with(|r| preamble_md.with(|md| markdown_to_html(md, r, &mut Slugs::default()))),
        )
    });
    // What each shown section's pieces render from, in one signal per section that changes
    // only when that section's does: a keystroke wakes the pieces of one section, not every
    // piece of the preview ([`Fanout`]). Made under the preview's owner (weak: the views that
    // ask hold this), so a section shown again finds its signal.
    let inputs = Fanout::<SectionInput>::default();
    let owner = Owner::current().map(|o| o.downgrade());
    let section_view = move |i: usize| {
        let owner = owner.as_ref().and_then(|o| o.upgrade()).unwrap_or_default();
        let input = inputs.signal(i, &owner, move |at| {
            states.with(|s| SectionInput::of(s, at))
        });
        let len = Memo::new(move |_| input.with(|s| s.text.as_ref().map_or(0, |t| t.pieces.len())));
        let section_refs = Memo::new(move |_| input.with(|s| s.refs.clone()));
        let piece = move |k: usize| {
            let markdown = Memo::new(move |_| {
                input
                    .with(|s| s.text.as_ref().and_then(|t| t.pieces.get(k).cloned()))
                    .unwrap_or_default()
            });
            let start = Memo::new(move |_| input.with(|s| s.before.get(k).cloned()));
            Memo::new(move |_| {
                // New link definitions anywhere render the piece again (from what the id states
                // rendered with them, below), even when its own text did not change; so do the
                // painters' arrival.
                section_refs.track();
                painters::arrivals();
                let mut slugs = start.with(|b| b.as_deref().cloned().unwrap_or_default());
                markdown.with(|md| {
                    let done = rendered.try_update_value(|r| {
                        let at = r.iter().position(|(m, b, _)| m == md && *b == slugs)?;
                        Some(r.swap_remove(at).2)
                    });
                    done.flatten().unwrap_or_else(|| {
                        shown(
                            state,
                            section_refs.with(|r| markdown_to_html(md, r, &mut slugs)),
                        )
                    })
                })
            })
        };
        // The section's implementation phases as bars, after its last piece.
        let phases = Memo::new(move |_| {
            painters::arrivals();
            // Most sections list no phases: their pieces are not joined on each keystroke.
            let chart = input.with(|s| {
                s.text
                    .as_ref()
                    .filter(|t| {
                        t.pieces
                            .iter()
                            .any(|p| crate::core::chart::mentions_durations(p))
                    })
                    .map(|t| crate::core::html::phases_chart(&t.pieces.join("\n")))
            });
            painters::want();
            chart.unwrap_or_default()
        });
        view! {
            <For each=move || 0..len.get() key=|k| *k let:k>
                {
                    let html = piece(k);
                    let node = NodeRef::<leptos::html::Div>::new();
                    bind_html(node, move || html.get());
                    view! { <div class="preview-section" data-section=i node_ref=node></div> }
                }
            </For>
            <div class="preview-section" data-section=i inner_html=move || phases.get()></div>
        }
    };
    let footnotes = Memo::new(move |_| {
        if !state.painted.get() {
            return String::new();
        }
        painters::arrivals();
        let mut after = states
            .with(|s| s.before.last().map(|s| Slugs::clone(s)))
            .unwrap_or_default();
        shown(
            state,
            refs.with(|r| state.markdown.with(|md| footnotes_html(md, r, &mut after))),
        )
    });
    let preamble_node = NodeRef::<leptos::html::Div>::new();
    bind_html(preamble_node, move || preamble.get());
    let footnotes_node = NodeRef::<leptos::html::Div>::new();
    bind_html(footnotes_node, move || footnotes.get());
    view! {
        <section class="pane preview" aria-label="Preview" aria-busy=move || (!state.shown.get().preview_whole()).then_some("true")>
            <article class="markdown-body" on:click=move |ev| follow_plan_link(state, &ev)>
                <div node_ref=preamble_node></div>
                <For each=move || 0..count.get() key=|i| *i let:i>
                    {section_view(i)}
                </For>
                <div class="preview-footnotes" node_ref=footnotes_node></div>
            </article>
        </section>
    }
}

/// Scrolls the preview so that top-level section `index` is in view: to its top when `to_top`,
/// else only if no part of it shows.
pub fn show_in_preview(index: &str, to_top: bool) {
    let doc = document();
    let Some(pane) = doc.query_selector(".preview").ok().flatten() else {
        return;
    };
    let Ok(pieces) = doc.query_selector_all(&format!(".preview [data-section=\"{index}\"]")) else {
        return;
    };
    let element = |i: u32| {
        pieces
            .item(i)
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
    };
    let (Some(first), Some(last)) = (element(0), element(pieces.length().saturating_sub(1))) else {
        return;
    };
    let view = pane.get_bounding_client_rect();
    let top = first.get_bounding_client_rect().top();
    let bottom = last.get_bounding_client_rect().bottom();
    let visible = top < view.bottom() && bottom > view.top() + 16.0;
    if to_top || !visible {
        pane.set_scroll_top(pane.scroll_top() + (top - view.top()) as i32 - 8);
    }
}

/// A click on a link to another plan of the workspace opens it in the app (a link to anything
/// else is the browser's).
fn follow_plan_link(state: AppState, ev: &leptos::ev::MouseEvent) {
    if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0 {
        return;
    }
    let Some(link) = crate::web::closest(ev.target(), "a[href]") else {
        return;
    };
    if let Some(href) = link.get_attribute("href")
        && state.open_link(&href)
    {
        ev.prevent_default();
    }
}
