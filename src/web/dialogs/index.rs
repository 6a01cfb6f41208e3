//! All plans: the index of every plan of the workspace (title, status, template, date, path or
//! spec id, supersede links), a real table that sorts and filters as one types, a timeline of
//! decisions by date, and Export index (into the folder, or downloaded from the library).

use leptos::prelude::*;

use crate::core::decision::Status;
use crate::core::folder::Entry;
use crate::core::sanitize::escape_html;
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
        let mut t: Vec<String> = Vec::new();
        for (_, e, _) in r {
            if !t.contains(&e.template) {
                t.push(e.template.clone());
            }
        }
        let keys = t.clone();
        crate::core::folder::sorted_by(t, &keys)
    });
    let shown = Memo::new(move |_| {
        let q = query.get().to_lowercase();
        let st = status.get();
        let tp = template.get();
        let (column, descending) = sort.get();
        rows.with_value(|r| {
            let kept: Vec<&(String, Entry, String)> = r
                .iter()
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
                .collect();
            let keys: Vec<String> = kept
                .iter()
                .map(|(_, e, spec)| column.key(e, spec))
                .collect();
            let mut at = crate::core::folder::order(&keys);
            if descending {
                at.reverse();
            }
            let title_of = |path: &String| -> String {
                r.iter()
                    .find(|(_, e, _)| e.path == *path)
                    .map_or_else(|| path.clone(), |(_, e, _)| e.title.clone())
            };
            let mut html = String::new();
            for i in &at {
                let (id, e, spec) = kept[*i];
                html.push_str(
                    "<tr><th scope=\"row\"><button type=\"button\" class=\"link\" data-id=\"",
                );
                escape_html(id, &mut html);
                html.push_str("\">");
                escape_html(&e.title, &mut html);
                html.push_str("</button></th>");
                let links = |v: &[String]| v.iter().map(title_of).collect::<Vec<_>>().join(", ");
                for cell in [
                    e.status_label(),
                    e.template.clone(),
                    e.date.clone().unwrap_or_default(),
                    if in_folder {
                        e.path.clone()
                    } else {
                        spec.clone()
                    },
                    links(&e.supersedes),
                    links(&e.superseded_by),
                ] {
                    html.push_str("<td>");
                    escape_html(&cell, &mut html);
                    html.push_str("</td>");
                }
                html.push_str("</tr>");
            }
            // The timeline: the dated plans shown, by date.
            let dated: Vec<&(String, Entry, String)> = at
                .iter()
                .map(|i| kept[*i])
                .filter(|(_, e, _)| e.date.is_some())
                .collect();
            let keys: Vec<String> = dated
                .iter()
                .map(|(_, e, _)| format!("{}\u{0}{}", e.date.as_deref().unwrap_or(""), e.title))
                .collect();
            let mut timeline = String::new();
            for i in crate::core::folder::order(&keys) {
                let (_, e, _) = dated[i];
                let date = e.date.as_deref().unwrap_or("");
                timeline.push_str("<li><time datetime=\"");
                escape_html(date, &mut timeline);
                timeline.push_str("\">");
                escape_html(date, &mut timeline);
                timeline.push_str("</time> ");
                escape_html(&e.title, &mut timeline);
                let status = e.status_label();
                if !status.is_empty() {
                    timeline.push_str(" <span class=\"plan-meta\">· ");
                    escape_html(&status, &mut timeline);
                    timeline.push_str("</span>");
                }
                timeline.push_str("</li>");
            }
            (at.len(), html, timeline)
        })
    });
    let open_row = move |ev: leptos::ev::MouseEvent| {
        let id = crate::web::closest(ev.target(), "button[data-id]")
            .and_then(|b| b.get_attribute("data-id"));
        if let Some(id) = id {
            state.ui.dialog.set(None);
            state.open(&id);
        }
    };
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
                    <caption>{move || format!("{} of {} plans", shown.with(|s| s.0), rows.with_value(Vec::len))}</caption>
                    <thead><tr>
                        {Column::ALL.into_iter().map(header).collect_view()}
                        <th scope="col">"Supersedes"</th>
                        <th scope="col">"Superseded by"</th>
                    </tr></thead>
                    <tbody on:click=open_row inner_html=move || shown.with(|s| s.1.clone())></tbody>
                </table>
                </div>
                <section aria-label="Timeline of decisions" class="timeline">
                    <h3>"Timeline of decisions"</h3>
                    <Show when=move || shown.with(|s| s.2.is_empty())>
                        <p class="hint">"No plan shown has a date."</p>
                    </Show>
                    <ol inner_html=move || shown.with(|s| s.2.clone())></ol>
                </section>
            </div>
        </div>
    }
}
