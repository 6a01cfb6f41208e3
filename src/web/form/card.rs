//! A section's card: its heading's editor (title, a named option with its Chosen radio, a
//! phase with its suffix (duration), a section of the user's), its blocks' editors, and the buttons that
//! add a repeated subsection.

use leptos::prelude::*;

use crate::core::address::{Addr, Part};
use crate::core::form::{SectionShape, instance_name};
use crate::core::health;
use crate::core::template::{HeadingPattern, SectionSpec, SpecRef};
use crate::web::form::blocks::BlockEditor;
use crate::web::form::controls::TextInput;
use crate::web::state::AppState;

#[component]
pub fn SectionCard(shape: SectionShape) -> impl IntoView {
    let state = expect_context::<AppState>();
    let path = shape.path.clone();
    let pattern = shape.spec.as_ref().map(|s| s.heading.clone());
    let id = format!(
        "pf-section-{}",
        path.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("-")
    );
    let heading_addr = Addr {
        path: path.clone(),
        part: Part::Heading,
    };
    let collapsed = RwSignal::new(false);
    let filled = {
        let path = path.clone();
        // Read again only when this card's top-level section changed.
        let top = path.first().copied().map(|i| state.section(i));
        Memo::new(move |_| {
            if let Some(top) = top {
                top.track();
            }
            state
                .plan
                .with_untracked(|p| p.section_at(&path).and_then(health::completion))
        })
    };

    let heading_editor = match pattern {
        Some(HeadingPattern::Title(title)) => view! {
            <label class="field">"Title"
                <TextInput addr=heading_addr.clone() placeholder=title.placeholder.clone() label="Title".to_string()/>
            </label>
        }
        .into_any(),
        Some(HeadingPattern::Repeated(r)) if r.pick_one => {
            let choose_path = path.clone();
            let chosen_path = path.clone();
            let name = format!("{} name", state.plan.with_untracked(|p| instance_name(p, &path, &r)));
            // One radio group per pick-one group (a template may have several).
            let group = format!(
                "pf-chosen-{}",
                path.split_last()
                    .map(|(_, parent)| parent.iter().map(ToString::to_string).collect::<Vec<_>>().join("-"))
                    .unwrap_or_default()
            );
            let placeholder = r
                .placeholders
                .first()
                .map(|p| p.replace(" {n}", "").replace("{n}", ""))
                .unwrap_or_default();
            view! {
                <div class="option-head">
                    <label class="field">{name.clone()}
                        <TextInput addr=heading_addr.clone() placeholder=placeholder label=name/>
                    </label>
                    <label class="choose">
                        <input type="radio" name=group
                            prop:checked=move || {
                                if let Some(&top) = chosen_path.first() { state.section(top).track(); }
                                state.plan.with_untracked(|p| p.section_at(&chosen_path).is_some_and(|s| s.heading.chosen))
                            }
                            on:change=move |_| state.edit(|p| { let _ = p.choose_option(&choose_path); })/>
                        "Chosen"
                    </label>
                </div>
            }
            .into_any()
        }
        Some(HeadingPattern::Repeated(r)) => {
            let word = state.plan.with_untracked(|p| instance_name(p, &path, &r));
            let label = format!("{word} name");
            // The suffix as the template calls it and writes it (`Duration`, `Day 1-2`).
            let suffix = r.suffix.clone().map(|s| {
                let slabel = format!("{word} {}", s.name.to_lowercase());
                view! {
                    <label class="field">{s.name}
                        <TextInput addr=Addr { path: path.clone(), part: Part::Suffix } placeholder=s.placeholder label=slabel/>
                    </label>
                }
            });
            view! {
                <div class="phase-head">
                    <label class="field">{label.clone()}<TextInput addr=heading_addr.clone() placeholder=String::new() label=label/></label>
                    {suffix}
                </div>
            }
            .into_any()
        }
        None => view! {
            <label class="field">"Section title"
                <TextInput addr=heading_addr.clone() placeholder="Title".to_string() label=format!("{} title", shape.name)/>
            </label>
        }
        .into_any(),
        _ => ().into_any(),
    };

    let blocks = shape
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, block)| !block.scaffold)
        .map(|(b, block)| view! { <BlockEditor path=path.clone() index=b shape=block.clone() section=shape.name.clone()/> })
        .collect_view();
    let up = path.clone();
    let down = path.clone();
    let remove = path.clone();
    let section_name = shape.name.clone();
    let movable = !shape.spec.as_ref().is_some_and(|s| s.is_title());
    let level = (shape.depth + 2).min(6);
    view! {
        // A named group, not a region: the preview's sections and the Health panel's groups have
        // the same names, and a screen reader's list of landmarks would repeat them.
        <section class="card" role="group" class:chosen=shape.chosen id=id data-depth=shape.depth aria-label=shape.name.clone()>
            <header class="card-head">
                {card_title(level, shape.name.clone())}
                <span class="hint">{move || filled.get().map(|(f, t)| format!("{f} of {t} filled")).unwrap_or_default()}</span>
                <span class="card-tools">
                    // The header card is the document's head: it is neither moved nor removed.
                    {movable.then(|| view! {
                        <span class="tools">
                            <button type="button" class="icon" title="Move up" aria-label=format!("Move {} up", section_name)
                                on:click=move |_| state.edit(|p| { let _ = p.move_section(&up, -1); })>"↑"</button>
                            <button type="button" class="icon" title="Move down" aria-label=format!("Move {} down", section_name)
                                on:click=move |_| state.edit(|p| { let _ = p.move_section(&down, 1); })>"↓"</button>
                            <button type="button" class="icon" title="Remove section" aria-label=format!("Remove {}", section_name)
                                on:click=move |_| state.edit(|p| { let _ = p.remove_section(&remove); })>"✕"</button>
                        </span>
                    })}
                    <button type="button" class="icon" aria-expanded=move || (!collapsed.get()).to_string()
                        aria-label=format!("Collapse {}", shape.name)
                        on:click=move |_| collapsed.update(|c| *c = !*c)>{move || if collapsed.get() { "▸" } else { "▾" }}</button>
                </span>
            </header>
            <div class="card-body" hidden=move || collapsed.get()>
                {heading_editor}
                {blocks}
                {child_adders(shape.spec.clone(), path.clone())}
            </div>
        </section>
    }
}

/// The card's heading, at the section's level in the outline (h2 for a top-level section).
fn card_title(level: usize, name: String) -> AnyView {
    match level {
        0..=2 => view! { <h2 class="card-title">{name}</h2> }.into_any(),
        3 => view! { <h3 class="card-title">{name}</h3> }.into_any(),
        4 => view! { <h4 class="card-title">{name}</h4> }.into_any(),
        _ => view! { <h5 class="card-title">{name}</h5> }.into_any(),
    }
}

/// "Add option", "Add phase": one button per repeated subsection the section's spec has.
fn child_adders(spec: Option<SpecRef<SectionSpec>>, path: Vec<usize>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let groups: Vec<(String, String)> = spec
        .iter()
        .flat_map(|s| s.children.iter())
        .filter_map(|c| {
            c.repeat()
                .map(|r| (c.id.clone(), format!("Add {}", r.noun)))
        })
        .collect();
    groups
        .into_iter()
        .map(|(id, label)| {
            let p = path.clone();
            view! {
                <button type="button" on:click=move |_| state.edit(|plan| {
                    if let Some(member) = plan.new_member(&id) { let _ = plan.add_child(&p, member); }
                })>{label}</button>
            }
        })
        .collect_view()
}
