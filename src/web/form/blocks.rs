//! One editor per block kind: prose (and markdown the template does not know), code, labelled
//! fields, lists and checklists, tables. [`BlockEditor`] picks the one a block's kind asks for.

use leptos::prelude::*;

use crate::core::address::{Addr, Part};
use crate::core::form::{BlockShape, block_label, shown, target_id};
use crate::core::template::{self, BlockKind, BlockSpec, ColumnKind};
use crate::web::form::controls::{
    DateInput, ItemTools, StatusSelect, TextArea, TextInput, add_button, reorder_keys,
};
use crate::web::state::AppState;

/// What every block editor is given: where the block is, its shape, and what its controls are
/// called.
#[derive(Clone)]
struct Block {
    path: Vec<usize>,
    index: usize,
    shape: BlockShape,
    /// The block's name (its spec's, or "Markdown").
    name: String,
    /// Its controls' name ([`block_label`]).
    label: String,
}

impl Block {
    fn spec(&self) -> Option<&BlockSpec> {
        self.shape.spec.as_deref()
    }

    /// The block's first placeholder, as a field shows it.
    fn placeholder(&self) -> String {
        self.spec()
            .and_then(|s| s.placeholders.first())
            .map(|p| shown(p.to_string()))
            .unwrap_or_default()
    }

    fn at(&self, part: Part) -> Addr {
        Addr {
            path: self.path.clone(),
            part,
        }
    }

    fn target(&self, item: Option<usize>) -> String {
        target_id(&self.path, self.index, item)
    }
}

/// The editor of block `index` of the section at `path`, named after the section `section`.
#[component]
pub fn BlockEditor(
    path: Vec<usize>,
    index: usize,
    shape: BlockShape,
    section: String,
) -> impl IntoView {
    let name = shape
        .spec
        .as_deref()
        .map_or("Markdown", |s| s.name.as_str())
        .to_string();
    let label = block_label(&name, &section, shape.raw);
    let block = Block {
        path,
        index,
        shape,
        name,
        label,
    };
    if block.shape.raw {
        return view! { <ProseEditor block/> }.into_any();
    }
    match block.shape.kind {
        BlockKind::Prose => view! { <ProseEditor block/> }.into_any(),
        BlockKind::Code => view! { <CodeEditor block/> }.into_any(),
        BlockKind::FieldLines | BlockKind::FieldList => view! { <FieldsEditor block/> }.into_any(),
        BlockKind::Table => view! { <TableEditor block/> }.into_any(),
        BlockKind::Ordered
        | BlockKind::Bullet
        | BlockKind::Checklist
        | BlockKind::NumberedChecklist => view! { <ListEditor block/> }.into_any(),
    }
}

/// Prose, or markdown the template does not know: one text area.
#[component]
fn ProseEditor(block: Block) -> impl IntoView {
    let caption = if block.shape.raw {
        "Markdown".to_string()
    } else {
        block.name.clone()
    };
    view! {
        <label class="field" data-target=block.target(None)>{caption}
            <TextArea addr=block.at(Part::Text(block.index)) placeholder=block.placeholder() label=block.label.clone()/>
        </label>
    }
}

/// A fenced code block: its language and its code.
#[component]
fn CodeEditor(block: Block) -> impl IntoView {
    let lang = block.spec().map_or("", |s| s.lang.as_str()).to_string();
    view! {
        <div class="field" data-target=block.target(None)>
            <span>{block.name.clone()}</span>
            <TextInput addr=block.at(Part::Lang(block.index)) placeholder=lang label=format!("{} language", block.label)/>
            <TextArea addr=block.at(Part::Text(block.index)) placeholder=block.placeholder() label=block.label.clone() code=true/>
        </div>
    }
}

/// Labelled fields (`**Spec:** …` lines, `- Label: value` items): one text box each.
#[component]
fn FieldsEditor(block: Block) -> impl IntoView {
    let rows = block
        .shape
        .fields
        .iter()
        .enumerate()
        .map(|(f, field_label)| {
            let placeholder = block
                .spec()
                .and_then(|s| {
                    template::field_index(&s.fields, field_label).and_then(|k| s.fields.get(k))
                })
                .and_then(|fs| template::field_placeholder(fs, 0))
                .unwrap_or_default();
            let l = field_label.clone();
            view! {
                <label class="field inline" data-target=block.target(Some(f))>{l.clone()}
                    <TextInput addr=block.at(Part::Field(block.index, f)) placeholder label=l/>
                </label>
            }
        })
        .collect_view();
    view! { <div class="fields">{rows}</div> }
}

/// A list or checklist: a text box per item (with its checkbox), its tools, and Add.
#[component]
fn ListEditor(block: Block) -> impl IntoView {
    let state = expect_context::<AppState>();
    let check = block.shape.kind.is_checklist();
    let index = block.index;
    let items = (0..block.shape.len)
        .map(|i| {
            let placeholder = block
                .spec()
                .and_then(|s| template::placeholder_at(&s.placeholders, i, s.repeat))
                .map(shown)
                .unwrap_or_default();
            let item_label = format!("{} item {}", block.label, i + 1);
            let (p1, p2) = (block.path.clone(), block.path.clone());
            let checkbox = check.then(|| view! {
                <input type="checkbox" aria-label=format!("{item_label} done")
                    prop:checked=move || {
                        if let Some(&top) = p1.first() { state.section(top).track(); }
                        state.plan.with_untracked(|p| p.checked_at(&p1, index, i))
                    }
                    on:change=move |ev| { let on = event_target_checked(&ev); state.edit(|p| p.set_checked(&p2, index, i, on)); }/>
            });
            let keys = block.path.clone();
            view! {
                <li class="item" data-target=block.target(Some(i))
                    on:keydown=move |ev| reorder_keys(state, &ev, &keys, index, i)>
                    {checkbox}
                    <TextInput addr=block.at(Part::Item(index, i)) placeholder label=item_label.clone()/>
                    <ItemTools path=block.path.clone() block=index at=i label=item_label.clone()/>
                </li>
            }
        })
        .collect_view();
    let add = format!("Add to {}", block.name.to_lowercase());
    view! {
        <div class="field" data-target=block.target(None)>
            <span class="field-name">{block.name.clone()}</span>
            <ol class="items" class:checklist=check>{items}</ol>
            {add_button(block.path.clone(), index, block.shape.len, add)}
        </div>
    }
}

/// A table: a row of controls per row (a date control for a date column's cell that holds a
/// date or nothing, a select for a status column), the rows' tools, and Add.
#[component]
fn TableEditor(block: Block) -> impl IntoView {
    let state = expect_context::<AppState>();
    let index = block.index;
    let spec = block.spec();
    let columns: Vec<String> = if block.shape.columns.is_empty() {
        spec.map(|s| s.columns.iter().map(|c| c.name.clone()).collect())
            .unwrap_or_default()
    } else {
        block.shape.columns.clone()
    };
    let head = columns
        .iter()
        .map(|c| view! { <th scope="col">{c.clone()}</th> })
        .collect_view();
    let rows = (0..block.shape.len)
        .map(|r| {
            let cells = columns
                .iter()
                .enumerate()
                .map(|(c, col)| {
                    let column = spec.and_then(|s| s.columns.get(c));
                    let placeholder = column
                        .and_then(|cs| template::placeholder_at(&cs.placeholders, r, true))
                        .unwrap_or_default();
                    let addr = block.at(Part::Cell(index, r, c));
                    let cell_label =
                        format!("{} row {} {}", block.label, r + 1, col.to_lowercase());
                    let date_ok = block
                        .shape
                        .date_cells
                        .get(r)
                        .and_then(|row| row.get(c))
                        .copied()
                        .unwrap_or(false);
                    let control = match column.map(|cs| &cs.kind) {
                        Some(ColumnKind::Date) if date_ok => {
                            view! { <DateInput addr label=cell_label/> }.into_any()
                        }
                        Some(ColumnKind::Status(values)) => {
                            view! { <StatusSelect addr label=cell_label values=values.clone()/> }.into_any()
                        }
                        _ => view! { <TextInput addr placeholder label=cell_label/> }.into_any(),
                    };
                    view! { <td>{control}</td> }
                })
                .collect_view();
            let row_label = format!("{} row {}", block.label, r + 1);
            let keys = block.path.clone();
            view! {
                <tr data-target=block.target(Some(r))
                    on:keydown=move |ev| reorder_keys(state, &ev, &keys, index, r)>
                    {cells}
                    <td class="row-tools">
                        <ItemTools path=block.path.clone() block=index at=r label=row_label.clone()/>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let add = format!("Add {} row", block.name.to_lowercase());
    view! {
        <div class="field" data-target=block.target(None)>
            <span class="field-name">{block.name.clone()}</span>
            <div class="table-scroll">
                <table class="grid">
                    <thead><tr>{head}<th><span class="visually-hidden">"Row actions"</span></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {add_button(block.path.clone(), index, block.shape.len, add)}
        </div>
    }
}
