//! The Form tab: one card per section, one small editor per block kind. The cards are built from
//! a memoised *shape* of the plan ([`crate::core::form`]: sections, blocks, item counts), so
//! typing re-renders nothing; each control reads and writes its own [`Addr`].

pub mod blocks;
pub mod card;
pub mod controls;

use leptos::prelude::*;

use crate::core::address::{Addr, Part};
use crate::core::form::shape_of;
use crate::web::form::card::SectionCard;
use crate::web::form::controls::TextArea;
use crate::web::reveal::{FIRST_CARDS, STEP_CARDS, card_slices};
use crate::web::state::AppState;

/// The Form tab.
#[component]
pub fn FormTab() -> impl IntoView {
    let state = expect_context::<AppState>();
    let shape = Memo::new(move |_| state.plan.with(shape_of));
    // What stands before the first heading (MADR's front matter, an RFC's header bullets) is
    // edited here as written; shown when the plan or its template has any.
    let has_preamble = Memo::new(move |_| {
        state.plan.with(|p| {
            !p.preamble.trim().is_empty()
                || p.template
                    .markdown
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .is_some_and(|l| !l.starts_with('#'))
        })
    });
    let front_matter = Memo::new(move |_| state.plan.with(|p| p.preamble.starts_with("---")));
    let preamble = move || {
        has_preamble.get().then(|| {
            let label = if front_matter.get() { "Front matter" } else { "Before the first heading" };
            view! {
                <section class="card preamble">
                    <label class="field">{label}
                        <TextArea addr=Addr { path: Vec::new(), part: Part::Preamble } placeholder=String::new() label=label.to_string() code=true/>
                    </label>
                </section>
            }
        })
    };
    // The first cards at once, the rest a slice per frame once the first frame is painted.
    let cards = move |skip: usize, take: usize| {
        move || {
            shape
                .get()
                .into_iter()
                .skip(skip)
                .take(take)
                .map(|s| view! { <SectionCard shape=s/> })
                .collect_view()
        }
    };
    let slices = move || card_slices(state.shown.get().cards, shape.with(Vec::len));
    let busy = move || (!state.shown.get().form_whole()).then_some("true");
    view! {
        <div class="form" aria-busy=busy>
            {preamble}
            {cards(0, FIRST_CARDS)}
            <For each=move || 0..slices() key=|k| *k let:k>
                {cards(FIRST_CARDS + k * STEP_CARDS, STEP_CARDS)}
            </For>
            <AddSection/>
        </div>
    }
}

#[component]
fn AddSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let missing = Memo::new(move |_| {
        state.plan.with(|p| {
            p.missing_sections()
                .iter()
                .map(|s| (s.id.clone(), s.title.clone()))
                .collect::<Vec<_>>()
        })
    });
    let title = RwSignal::new(String::new());
    view! {
        <div class="card add-section">
            <span class="card-title">"Add a section"</span>
            <div class="row">
                {move || missing.get().into_iter().map(|(id, name)| {
                    view! {
                        <button type="button" on:click=move |_| state.edit(|p| {
                            let template = p.template.0.clone();
                            if let Some(s) = crate::core::edit::template_section(&template, &id) { p.add_section(s); }
                        })>{format!("+ {name}")}</button>
                    }
                }).collect_view()}
            </div>
            <div class="row">
                <input type="text" aria-label="New section title" placeholder="Your own section…"
                    prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                <button type="button" on:click=move |_| {
                    let t = title.get_untracked();
                    if !t.trim().is_empty() {
                        state.edit(|p| { p.add_section(crate::core::edit::custom_section(&t, 2, "")); });
                        title.set(String::new());
                    }
                }>"Add section"</button>
            </div>
        </div>
    }
}
