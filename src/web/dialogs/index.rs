//! All plans: the index of every plan of the workspace (title, status, template, date, path or
//! spec id, supersede links), a real table that sorts and filters as one types, a timeline of
//! decisions by date, and Export index (into the folder, or downloaded from the library).

use leptos::prelude::*;

use crate::core::decision::Status;
use crate::core::folder::Entry;
use crate::web::dialogs::on_escape;
use crate::web::state::AppState;

/// A column the table sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Title,
    Status,
    Template,
    Date,
    Path,
}

impl Column {
    const ALL: [Column; 5] = [
        Column::Title,
        Column::Status,
        Column::Template,
        Column::Date,
        Column::Path,
    ];

    fn key(self, e: &Entry, spec: &str) -> String {
        match self {
            Column::Title => e.title.to_lowercase(),
            Column::Status => e
                .status
                .and_then(|s| Status::ALL.iter().position(|x| *x == s))
                .map_or_else(|| format!("9{}", e.status_label()), |i| i.to_string()),
            Column::Template => e.template.to_lowercase(),
            Column::Date => e.date.clone().unwrap_or_default(),
            Column::Path => {
                if spec.is_empty() {
                    e.path.clone()
                } else {
                    spec.to_string()
                }
            }
        }
    }
}

#[component]
pub fn IndexDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let in_folder = state.folder.name.get_untracked().is_some();
    // (id, entry, spec id): read once when the dialog opens (the library's plans each read).
    let rows = StoredValue::new(state.index_entries());
    let query = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let template = RwSignal::new(String::new());
    let sort = RwSignal::new((Column::Date, false));
    let close = move || state.ui.dialog.set(None);
    on_escape(close);
    let templates: Vec<String> = rows.with_value(|r| {
        let mut t: Vec<String> = r.iter().map(|(_, e, _)| e.template.clone()).collect();
        t.sort();
        t.dedup();
        t
    });
    let title_of = move |path: &str| {
        rows.with_value(|r| {
            r.iter()
                .find(|(_, e, _)| e.path == path)
                .map_or_else(|| path.to_string(), |(_, e, _)| e.title.clone())
        })
    };
    let shown = Memo::new(move |_| {
        let q = query.get().to_lowercase();
        let st = status.get();
        let tp = template.get();
        let (column, descending) = sort.get();
        let mut out: Vec<(String, Entry, String)> = rows.with_value(|r| {
            r.iter()
                .filter(|(_, e, spec)| {
                    (q.is_empty()
                        || e.title.to_lowercase().contains(&q)
                        || e.path.to_lowercase().contains(&q)
                        || spec.to_lowercase().contains(&q)
                        || e.status_label().to_lowercase().contains(&q))
                        && (st.is_empty()
                            || (st == "none" && e.status_text.is_none())
                            || e.status_label() == st)
                        && (tp.is_empty() || e.template == tp)
                })
                .cloned()
                .collect()
        });
        out.sort_by_cached_key(|r| column.key(&r.1, &r.2));
        if descending {
            out.reverse();
        }
        out
    });
    let timeline = Memo::new(move |_| {
        let mut dated: Vec<(String, String, String)> = shown.with(|s| {
            s.iter()
                .filter_map(|(_, e, _)| {
                    e.date
                        .clone()
                        .map(|d| (d, e.title.clone(), e.status_label()))
                })
                .collect()
        });
        dated.sort();
        dated
    });
    let header = move |column: Column| {
        let name = match column {
            Column::Title => "Title",
            Column::Status => "Status",
            Column::Template => "Template",
            Column::Date => "Date",
            Column::Path if in_folder => "Path",
            Column::Path => "Spec",
        };
        let aria = move || match sort.get() {
            (c, false) if c == column => "ascending",
            (c, true) if c == column => "descending",
            _ => "none",
        };
        view! {
            <th scope="col" aria-sort=aria>
                <button type="button" class="link" on:click=move |_| sort.update(|(c, d)| {
                    if *c == column { *d = !*d } else { *c = column; *d = false }
                })>{name}</button>
            </th>
        }
    };
    let links = move |paths: Vec<String>| {
        paths
            .iter()
            .map(|p| title_of(p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
        <div class="backdrop" on:click=move |_| close()></div>
        <div class="dialog wide" role="dialog" aria-modal="true" aria-label="All plans">
            <header class="dialog-head">
                <h2>"All plans"</h2>
                <button type="button" on:click=move |_| state.export_index()>"Export index"</button>
                <button type="button" class="icon" aria-label="Close all plans" on:click=move |_| close()>"✕"</button>
            </header>
            <div class="dialog-pad">
                <div class="row index-filters">
                    <input type="search" aria-label="Filter plans" placeholder="Filter plans"
                        prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
                    <select aria-label="Status filter" on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="">"Every status"</option>
                        {Status::ALL.into_iter().map(|s| view! { <option value=s.label()>{s.label()}</option> }).collect_view()}
                        <option value="none">"No status"</option>
                    </select>
                    <select aria-label="Template filter" on:change=move |ev| template.set(event_target_value(&ev))>
                        <option value="">"Every template"</option>
                        {templates.into_iter().map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="table-frame" tabindex="0" role="region" aria-label="Plans table">
                <table class="index">
                    <caption>{move || format!("{} of {} plans", shown.with(Vec::len), rows.with_value(Vec::len))}</caption>
                    <thead><tr>
                        {Column::ALL.into_iter().map(header).collect_view()}
                        <th scope="col">"Supersedes"</th>
                        <th scope="col">"Superseded by"</th>
                    </tr></thead>
                    <tbody>
                        {move || shown.get().into_iter().map(|(id, e, spec)| view! {
                            <tr>
                                <th scope="row"><button type="button" class="link" on:click=move |_| { state.ui.dialog.set(None); state.open(&id); }>{e.title.clone()}</button></th>
                                <td>{e.status_label()}</td>
                                <td>{e.template.clone()}</td>
                                <td>{e.date.clone().unwrap_or_default()}</td>
                                <td>{if in_folder { e.path.clone() } else { spec }}</td>
                                <td>{links(e.supersedes.clone())}</td>
                                <td>{links(e.superseded_by.clone())}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
                <section aria-label="Timeline of decisions" class="timeline">
                    <h3>"Timeline of decisions"</h3>
                    <Show when=move || timeline.with(Vec::is_empty)>
                        <p class="hint">"No plan shown has a date."</p>
                    </Show>
                    <ol>
                        {move || timeline.get().into_iter().map(|(date, title, status)| view! {
                            <li><time datetime=date.clone()>{date.clone()}</time>" "<span>{title}</span>
                                {(!status.is_empty()).then(|| view! { <span class="plan-meta">{format!(" · {status}")}</span> })}</li>
                        }).collect_view()}
                    </ol>
                </section>
            </div>
        </div>
    }
}
