//! The Form tab: one card per section, one small editor per block kind. The cards are built from
//! a memoised *shape* of the plan (sections, blocks, item counts), so typing re-renders nothing;
//! each control reads and writes its own [`Addr`].

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::address::{Addr, Part};
use crate::core::model::{Plan, Value};
use crate::core::status::Status;
use crate::core::template::{self, BlockSpec, ColumnKind, HeadingPattern, SectionSpec, SpecRef};
use crate::core::{checks, health};
use crate::web::reveal::{FIRST_CARDS, STEP_CARDS, card_slices};
use crate::web::state::AppState;

/// The structure of a plan that decides which controls exist.
#[derive(Clone, Debug, PartialEq, Eq)]
struct SectionShape {
    path: Vec<usize>,
    spec: Option<SpecRef<SectionSpec>>,
    depth: usize,
    name: String,
    chosen: bool,
    blocks: Vec<BlockShape>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct BlockShape {
    /// Raw comments or link definitions only (a template's scaffolding): not shown.
    scaffold: bool,
    spec: Option<SpecRef<BlockSpec>>,
    kind: ShapeKind,
    len: usize,
    fields: Vec<String>,
    columns: Vec<String>,
    /// Per row, per column: a date column's cell that is empty or a real date (edited with a
    /// date control; anything else keeps a text box so nothing typed is hidden).
    date_cells: Vec<Vec<bool>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ShapeKind {
    Prose,
    Raw,
    List,
    Checklist,
    Table,
    Fields,
    Code,
}

fn shape_of(plan: &Plan) -> Vec<SectionShape> {
    plan.walk()
        .into_iter()
        .map(|(path, s)| SectionShape {
            depth: path.len() - 1,
            spec: s.spec.clone(),
            name: s.name(),
            chosen: s.heading.chosen,
            blocks: s
                .blocks
                .iter()
                .map(|b| {
                    let spec_kind = b.kind();
                    let (kind, len, fields, columns) = match &b.value {
                        Value::Markdown(_) if b.is_raw() => (ShapeKind::Raw, 0, vec![], vec![]),
                        Value::Markdown(_) => (ShapeKind::Prose, 0, vec![], vec![]),
                        Value::List(l) if spec_kind.is_checklist() => {
                            (ShapeKind::Checklist, l.items.len(), vec![], vec![])
                        }
                        Value::List(l) => (ShapeKind::List, l.items.len(), vec![], vec![]),
                        Value::Table(t) => {
                            (ShapeKind::Table, t.rows.len(), vec![], t.header.clone())
                        }
                        Value::Fields(f) => (
                            ShapeKind::Fields,
                            f.len(),
                            f.iter().map(|f| f.label.clone()).collect(),
                            vec![],
                        ),
                        Value::Code(_) => (ShapeKind::Code, 0, vec![], vec![]),
                    };
                    let date_cells = match (&b.value, b.spec.as_deref()) {
                        (Value::Table(t), Some(spec)) => t
                            .rows
                            .iter()
                            .map(|row| {
                                spec.columns
                                    .iter()
                                    .enumerate()
                                    .map(|(c, col)| {
                                        col.kind == ColumnKind::Date
                                            && row.get(c).is_none_or(|d| {
                                                d.trim().is_empty()
                                                    || checks::parse_date(d.trim()).is_some()
                                            })
                                    })
                                    .collect()
                            })
                            .collect(),
                        _ => vec![],
                    };
                    BlockShape {
                        scaffold: b.is_raw()
                            && matches!(&b.value, Value::Markdown(t) if crate::core::text::is_scaffolding(t)),
                        spec: b.spec.clone(),
                        kind,
                        len,
                        fields,
                        columns,
                        date_cells,
                    }
                })
                .collect(),
            path,
        })
        .collect()
}

/// How one of a repeated group is called in the form: its word and ordinal as written
/// ("Option B", "User Story 2"), or for headings that are a prompt alone ("{title of option
/// 1}") the group's word and the instance's position ("Option 2").
fn instance_name(
    plan: &crate::core::model::Plan,
    path: &[usize],
    r: &template::RepeatShape,
) -> String {
    let Some(section) = plan.section_at(path) else {
        return r.word().to_string();
    };
    if !r.bare && !section.heading.ordinal.is_empty() {
        let word = if section.heading.prefix.is_empty() {
            r.word()
        } else {
            section.heading.prefix.as_str()
        };
        return format!("{word} {}", section.heading.ordinal);
    }
    let position = path.split_last().map_or(1, |(last, parent)| {
        let siblings: &[crate::core::model::Shared<crate::core::model::Section>] =
            if parent.is_empty() {
                &plan.sections
            } else {
                plan.section_at(parent).map_or(&[], |p| &p.children)
            };
        siblings
            .iter()
            .take(*last + 1)
            .filter(|s| s.spec_id() == section.spec_id())
            .count()
    });
    let mut word = r.noun.clone();
    // The first letter capitalised: ASCII only (a template's nouns are words like "option"), so
    // the Unicode upper-case tables (14 KB of wasm) are not linked for this one call.
    if let Some(first) = word.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    format!("{word} {position}")
}

/// A placeholder as a field shows it: without the template's comments to its writer
/// (`… <!-- numbers of drivers can vary -->` shows as `…`).
fn shown(placeholder: String) -> String {
    if !placeholder.contains("<!--") {
        return placeholder;
    }
    let mut out = String::new();
    let mut rest = placeholder.as_str();
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

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
fn SectionCard(shape: SectionShape) -> impl IntoView {
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
                top.with(|_| ());
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
                                if let Some(&top) = chosen_path.first() { state.section(top).with(|_| ()); }
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
            let dlabel = format!("{word} duration");
            let duration = r.suffix.then(|| view! {
                <label class="field">"Duration"
                    <TextInput addr=Addr { path: path.clone(), part: Part::Duration } placeholder="Day 1-2".to_string() label=dlabel/>
                </label>
            });
            view! {
                <div class="phase-head">
                    <label class="field">{label.clone()}<TextInput addr=heading_addr.clone() placeholder=String::new() label=label/></label>
                    {duration}
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

/// The text at `addr`, read again only when the top-level section it lies in changes: a
/// keystroke in one field leaves every field of the other sections alone.
fn field_value(state: AppState, addr: Addr) -> impl Fn() -> String + Send + Sync + 'static {
    let top = (addr.part != Part::Preamble)
        .then(|| addr.path.first().copied())
        .flatten();
    let section = top.map(|i| state.section(i));
    move || {
        if let Some(section) = section {
            // Read, not only tracked: a memo computes when read.
            section.with(|_| ());
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
fn TextInput(addr: Addr, placeholder: String, label: String) -> impl IntoView {
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
fn TextArea(
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

#[component]
fn BlockEditor(
    path: Vec<usize>,
    index: usize,
    shape: BlockShape,
    section: String,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let spec = shape.spec.as_deref();
    let name = spec.map_or("Markdown", |s| s.name.as_str()).to_string();
    // "Problem statement" for the problem; "Goals item 2" for lists.
    let label = if template::normalize_title(&name) == template::normalize_title(&section)
        || shape.kind == ShapeKind::Raw
    {
        if shape.kind == ShapeKind::Raw {
            format!("{section} markdown")
        } else {
            name.clone()
        }
    } else {
        format!("{section} {}", name.to_lowercase())
    };
    let first_placeholder = spec
        .and_then(|s| s.placeholders.first())
        .map(|p| shown(p.to_string()))
        .unwrap_or_default();
    let text = Addr {
        path: path.clone(),
        part: Part::Text(index),
    };
    match shape.kind {
        ShapeKind::Prose | ShapeKind::Raw => view! {
            <label class="field" data-target=target_id(&path, index, None)>{if shape.kind == ShapeKind::Raw { "Markdown".to_string() } else { name.clone() }}
                <TextArea addr=text placeholder=first_placeholder label=label/>
            </label>
        }
        .into_any(),
        ShapeKind::Code => view! {
            <div class="field" data-target=target_id(&path, index, None)>
                <span>{name.clone()}</span>
                <TextInput addr=Addr { path: path.clone(), part: Part::Lang(index) } placeholder=spec.map_or("", |s| s.lang.as_str()).to_string() label=format!("{label} language")/>
                <TextArea addr=text placeholder=first_placeholder label=label code=true/>
            </div>
        }
        .into_any(),
        ShapeKind::Fields => {
            let rows = shape
                .fields
                .iter()
                .enumerate()
                .map(|(f, field_label)| {
                    let ph = spec
                        .and_then(|s| template::field_index(&s.fields, field_label).and_then(|k| s.fields.get(k)))
                        .and_then(|fs| template::field_placeholder(fs, 0))
                        .unwrap_or_default();
                    let l = field_label.clone();
                    view! {
                        <label class="field inline" data-target=target_id(&path, index, Some(f))>{l.clone()}
                            <TextInput addr=Addr { path: path.clone(), part: Part::Field(index, f) } placeholder=ph label=l/>
                        </label>
                    }
                })
                .collect_view();
            view! { <div class="fields">{rows}</div> }.into_any()
        }
        ShapeKind::List | ShapeKind::Checklist => {
            let check = shape.kind == ShapeKind::Checklist;
            let items = (0..shape.len)
                .map(|i| {
                    let ph = spec.and_then(|s| template::placeholder_at(&s.placeholders, i, s.repeat)).map(shown).unwrap_or_default();
                    let item_label = format!("{label} item {}", i + 1);
                    let (p1, p2) = (path.clone(), path.clone());
                    let checkbox = check.then(|| view! {
                        <input type="checkbox" aria-label=format!("{item_label} done")
                            prop:checked=move || {
                                if let Some(&top) = p1.first() { state.section(top).with(|_| ()); }
                                state.plan.with_untracked(|p| p.checked_at(&p1, index, i))
                            }
                            on:change=move |ev| { let on = event_target_checked(&ev); state.edit(|p| p.set_checked(&p2, index, i, on)); }/>
                    });
                    let keys = path.clone();
                    view! {
                        <li class="item" data-target=target_id(&path, index, Some(i))
                            on:keydown=move |ev| reorder_keys(state, &ev, &keys, index, i)>
                            {checkbox}
                            <TextInput addr=Addr { path: path.clone(), part: Part::Item(index, i) } placeholder=ph label=item_label.clone()/>
                            <ItemTools path=path.clone() block=index at=i label=item_label.clone()/>
                        </li>
                    }
                })
                .collect_view();
            let add = format!("Add to {}", name.to_lowercase());
            view! {
                <div class="field" data-target=target_id(&path, index, None)>
                    <span class="field-name">{name.clone()}</span>
                    <ol class="items" class:checklist=check>{items}</ol>
                    {add_button(path.clone(), index, shape.len, add)}
                </div>
            }
            .into_any()
        }
        ShapeKind::Table => {
            let columns: Vec<String> = if shape.columns.is_empty() {
                spec.map(|s| s.columns.iter().map(|c| c.name.clone()).collect())
                    .unwrap_or_default()
            } else {
                shape.columns.clone()
            };
            let head = columns
                .iter()
                .map(|c| view! { <th scope="col">{c.clone()}</th> })
                .collect_view();
            let rows = (0..shape.len)
                .map(|r| {
                    let cells = columns
                        .iter()
                        .enumerate()
                        .map(|(c, col)| {
                            let ph = spec
                                .and_then(|s| s.columns.get(c))
                                .and_then(|cs| template::placeholder_at(&cs.placeholders, r, true))
                                .unwrap_or_default();
                            let addr = Addr { path: path.clone(), part: Part::Cell(index, r, c) };
                            let cell_label = format!("{label} row {} {}", r + 1, col.to_lowercase());
                            let date_ok = shape
                                .date_cells
                                .get(r)
                                .and_then(|row| row.get(c))
                                .copied()
                                .unwrap_or(false);
                            let kind = spec.and_then(|s| s.columns.get(c)).map(|cs| &cs.kind);
                            let control = match kind {
                                Some(ColumnKind::Date) if date_ok => view! { <DateInput addr=addr label=cell_label/> }.into_any(),
                                Some(ColumnKind::Status(values)) => view! { <StatusSelect addr=addr label=cell_label values=values.clone()/> }.into_any(),
                                _ => view! { <TextInput addr=addr placeholder=ph label=cell_label/> }.into_any(),
                            };
                            view! { <td>{control}</td> }
                        })
                        .collect_view();
                    let row_label = format!("{label} row {}", r + 1);
                    let keys = path.clone();
                    view! {
                        <tr data-target=target_id(&path, index, Some(r))
                            on:keydown=move |ev| reorder_keys(state, &ev, &keys, index, r)>
                            {cells}
                            <td class="row-tools">
                                <ItemTools path=path.clone() block=index at=r label=row_label.clone()/>
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            let add = format!("Add {} row", name.to_lowercase());
            view! {
                <div class="field" data-target=target_id(&path, index, None)>
                    <span class="field-name">{name.clone()}</span>
                    <div class="table-scroll">
                        <table class="grid">
                            <thead><tr>{head}<th><span class="visually-hidden">"Row actions"</span></th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    {add_button(path.clone(), index, shape.len, add)}
                </div>
            }
            .into_any()
        }
    }
}

/// The button under a list or table that appends an item (or row) to block `block`, which has
/// `len` of them now.
fn add_button(path: Vec<usize>, block: usize, len: usize, label: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <button type="button" on:click=move |_| state.edit(|p| p.insert_item(&path, block, len))>{label}</button>
    }
}

/// Move up, move down and remove buttons for a list item or table row.
#[component]
fn ItemTools(path: Vec<usize>, block: usize, at: usize, label: String) -> impl IntoView {
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

/// The `data-target` of a control's container, matching what a check finding points at (see
/// [`crate::core::checks::Target`]), so the Health panel can focus the exact control.
pub fn target_id(path: &[usize], block: usize, item: Option<usize>) -> String {
    let path = path
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("-");
    match item {
        Some(i) => format!("{path}/{block}/{i}"),
        None => format!("{path}/{block}"),
    }
}

/// Alt+↑ / Alt+↓ on a list item or table row moves it, and keeps focus on the moved control.
fn reorder_keys(
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

/// "Goals item 1" → "Goals item 2": the label of the same control at its new place.
fn renumber(label: &str, from: usize, to: usize) -> String {
    let words: Vec<&str> = label.split(' ').collect();
    let from = from.to_string();
    let to = to.to_string();
    words
        .iter()
        .enumerate()
        .map(|(k, w)| {
            let numbered = k > 0 && matches!(words[k - 1], "item" | "row");
            if numbered && *w == from {
                to.as_str()
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A date control for a timeline cell (only offered when the cell is empty or a real date, so
/// text such as "Q3" is never hidden).
#[component]
fn DateInput(addr: Addr, label: String) -> impl IntoView {
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
fn StatusSelect(addr: Addr, label: String, values: Vec<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let read = addr.clone();
    let value = field_value(state, read);
    let current = Memo::new(move |_| value());
    let values = std::sync::Arc::new(values);
    // The template's value a cell stands for, if any.
    let chosen = {
        let values = values.clone();
        Memo::new(move |_| {
            current.with(|text| {
                let text = text.trim();
                values.iter().position(|v| v == text).or_else(|| {
                    let meant = Status::parse(text).filter(|_| !text.is_empty())?;
                    values.iter().position(|v| {
                        Status::ALL
                            .iter()
                            .any(|s| v.starts_with(s.emoji()) && *s == meant)
                    })
                })
            })
        })
    };
    let options = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            // A bare emoji is named for people (`✅ Done`); words are shown as written.
            let shown = Status::ALL
                .iter()
                .find(|s| s.emoji() == v)
                .map_or_else(|| v.clone(), |s| format!("{v} {}", s.label()));
            view! { <option value=v.clone() selected=move || chosen.get() == Some(i)>{shown}</option> }
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
