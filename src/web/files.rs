//! Files in and out: downloads (markdown, HTML, JSON), copy to clipboard, and import by file
//! picker, drag and drop or paste. An import always becomes a new plan.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::core::formats::read_plan_in;
use crate::core::html::standalone_html;
use crate::core::{envelope, to_markdown};
use crate::web::split::split_point;
use crate::web::state::AppState;
use crate::web::storage;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    /// Canonical markdown.
    Markdown,
    /// The standalone HTML page.
    Html,
    /// The JSON envelope.
    Json,
}

/// A file name from the plan's title.
fn file_stem(state: AppState) -> String {
    let title = state.plan.with_untracked(|p| p.display_title());
    let stem: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        "plan".to_string()
    } else {
        stem
    }
}

/// Downloads the open plan.
pub fn export(state: AppState, format: Export) {
    crate::web::split::spawn(state.ui.toast, export_now(state, format));
}

// Exports and backups are split points (`crate::web::split`): fetched on first use.
split_point! {
    export: async fn export_now(state: AppState, format: Export) -> () {
        export_plan(state, format).await
    }
}

async fn export_plan(state: AppState, format: Export) {
    let plan = state.plan.get_untracked();
    let (text, ext, mime) = match format {
        Export::Markdown => (to_markdown(&plan), "md", "text/markdown"),
        Export::Html => {
            // Highlighting and charts, even when no view needed them yet.
            crate::web::painters::ready().await;
            let html = with_diagrams(state, standalone_html(&plan)).await;
            (with_folder_images(state, html).await, "html", "text/html")
        }
        Export::Json => (envelope::to_json(&plan), "json", "application/json"),
    };
    if let Err(e) = download(&format!("{}.{ext}", file_stem(state)), &text, mime) {
        state.ui.toast.set(Some(format!("Export failed: {e}")));
    }
}

/// The HTML export with each mermaid block drawn as its picture (inline SVG, sanitised by the
/// core), so the file shows it with no network. A block that cannot be drawn stays code, and
/// the toast says how many did.
async fn with_diagrams(state: AppState, html: String) -> String {
    let sources = crate::core::diagram::mermaid_sources(&html);
    if sources.is_empty() {
        return html;
    }
    let drawn = crate::web::diagrams::pictures(sources.clone()).await;
    let mut reason = None;
    let pictures: Vec<(String, String)> = sources
        .into_iter()
        .zip(drawn)
        .filter_map(|(source, svg)| match svg {
            Ok(svg) => Some((source, svg)),
            Err(e) => {
                reason.get_or_insert(e);
                None
            }
        })
        .collect();
    let (html, left) = crate::core::diagram::with_pictures(&html, &pictures);
    if left > 0 {
        let why = reason.unwrap_or_else(|| "its picture was refused".into());
        state.ui.toast.set(Some(format!(
            "Exported; {left} diagram{} kept as code ({why})",
            if left == 1 { "" } else { "s" }
        )));
    }
    html
}

/// The HTML export with the open folder's images it names inlined (`data:` URLs), so the file
/// shows them wherever it goes. Without a folder, or for an image that cannot be read, the
/// path stays as written.
async fn with_folder_images(state: AppState, html: String) -> String {
    let (Some(ws), Some(plan)) = (state.open_folder_workspace(), state.open_path()) else {
        return html;
    };
    let mut paths: Vec<String> = Vec::new();
    let html = crate::core::html::map_images(html, |_, src, _| {
        if let Some(path) = crate::core::folder::resolve(&plan, src)
            && !paths.contains(&path)
        {
            paths.push(path);
        }
        None
    });
    let mut inlined: Vec<(String, String)> = Vec::new();
    for path in paths {
        if let Some(data) = ws.image_data_url(&path).await {
            inlined.push((path, data));
        }
    }
    crate::core::html::map_images(html, |tag, src, _| {
        let path = crate::core::folder::resolve(&plan, src)?;
        let (_, data) = inlined.iter().find(|(p, _)| *p == path)?;
        Some(tag.replacen(&format!("src=\"{src}\""), &format!("src=\"{data}\""), 1))
    })
}

/// Downloads every plan (and the trash) as one JSON backup file.
pub fn download_backup(state: AppState) {
    crate::web::split::spawn(state.ui.toast, backup_now(state, false));
}

/// The same, with every plan's revision history.
pub fn download_backup_with_history(state: AppState) {
    crate::web::split::spawn(state.ui.toast, backup_now(state, true));
}

split_point! {
    export: fn backup_now(state: AppState, with_history: bool) -> () {
        backup(state, with_history);
    }
}

fn backup(state: AppState, with_history: bool) {
    // The backup reads storage: the open plan's last edits go into its record first.
    state.flush();
    let name = format!("planform-backup-{}.json", crate::web::state::today());
    if let Err(e) = download(
        &name,
        &storage::backup_json(with_history),
        "application/json",
    ) {
        state.ui.toast.set(Some(format!("Backup failed: {e}")));
    }
}

/// Downloads the data that was set aside as unreadable.
pub fn download_recovered(state: AppState) {
    if let Err(e) = download(
        "planform-unreadable-data.json",
        &storage::recovered_download(),
        "application/json",
    ) {
        state.ui.toast.set(Some(format!("Download failed: {e}")));
    }
}

pub fn download(name: &str, text: &str, mime: &str) -> Result<(), BrowserRefused> {
    // What the browser threw, as it describes it.
    let refused = |e: wasm_bindgen::JsValue| BrowserRefused(format!("{e:?}"));
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&format!("{mime};charset=utf-8"));
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(refused)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(refused)?;
    let document = leptos::prelude::document();
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(refused)?
        .dyn_into()
        .map_err(|_| BrowserRefused("no anchor element".into()))?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The browser refused a download (what it threw, for the message).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the browser refused the download ({0})")]
pub struct BrowserRefused(pub String);

/// Copies the markdown to the clipboard.
pub fn copy_markdown(state: AppState) {
    copy_text(
        state,
        state.plan.with_untracked(to_markdown),
        "Markdown copied",
    );
}

/// Copies text to the clipboard and says how it went.
pub fn copy_text(state: AppState, text: String, done: &'static str) {
    let Some(clipboard) = crate::web::navigator_api::<web_sys::Clipboard>("clipboard") else {
        state.ui.toast.set(Some(
            "Could not copy: this page has no clipboard access (it needs https); use Export instead"
                .into(),
        ));
        return;
    };
    leptos::task::spawn_local(async move {
        let result = JsFuture::from(clipboard.write_text(&text)).await;
        state.ui.toast.set(Some(match result {
            Ok(_) => done.to_string(),
            Err(_) => "Could not copy: the browser refused clipboard access".to_string(),
        }));
    });
}

/// Imports text (from any source) as a new plan, or merges a Planform backup file.
pub fn import_text(state: AppState, name: &str, text: &str) {
    crate::web::split::spawn(
        state.ui.toast,
        import_now(state, name.to_string(), text.to_string()),
    );
}

// Reading a document from outside (every format, and backups) is a split point
// (`crate::web::split`): fetched on the first import.
split_point! {
    import: fn import_now(state: AppState, name: String, text: String) -> () {
        import_read(state, &name, &text);
    }
}

fn import_read(state: AppState, name: &str, text: &str) {
    let embedded = state.embedded();
    if crate::core::records::is_backup(text) {
        if embedded {
            state.ui.toast.set(Some(format!(
                "{name} is a backup of a whole plan library: open Planform itself to import \
                 it. Nothing was changed."
            )));
            return;
        }
        match storage::import_backup(text, crate::web::state::new_id) {
            Ok(r) => {
                state.catalog.set(crate::web::user_templates::load());
                state.library.set(state.workspace().list());
                state.trash_changed.notify();
                state.ui.toast.set(Some(backup_message(name, &r)));
            }
            Err(e) => state.ui.toast.set(Some(format!(
                "Could not import {name}: {e}. Nothing was changed."
            ))),
        }
        return;
    }
    match state.catalog.with_untracked(|c| read_plan_in(text, c)) {
        Ok((mut plan, _)) => {
            let sections = plan.walk().len();
            // Its name while it has no title.
            plan.name = name
                .rsplit_once('.')
                .map_or(name, |(stem, _)| stem)
                .to_string();
            state.add_plan(plan);
            let done = if embedded {
                format!("Imported {name} into this document (Undo takes it back)")
            } else {
                format!("Imported {name} as a new plan")
            };
            state.ui.hint.set(Some(format!(
                "{done}: {sections} section{} read. Check the form and the preview; nothing \
                 you wrote was dropped.",
                if sections == 1 { "" } else { "s" }
            )));
        }
        Err(e) => state.ui.toast.set(Some(format!(
            "Could not import {name}: {e}. Nothing was changed."
        ))),
    }
}

/// The largest file import reads (16 MiB). A bigger file is refused before it is read: reading
/// gigabytes would exhaust the page's memory, and with `panic = "abort"` that kills the page.
pub const MAX_IMPORT_BYTES: f64 = 16.0 * 1024.0 * 1024.0;

/// Why a file or text is too big to import, or `None` when it is fine.
pub fn too_big(name: &str, bytes: f64) -> Option<String> {
    (bytes > MAX_IMPORT_BYTES).then(|| {
        let mib = (bytes / (1024.0 * 1024.0)).ceil() as u64;
        format!("{name} is too big to import ({mib} MB; the limit is 16 MB). Nothing was changed.")
    })
}

/// What importing a backup did, in one line: its plans, then its trash when it had one.
fn backup_message(name: &str, r: &storage::BackupReport) -> String {
    let counts = |m: storage::Merged, place: &str| {
        format!(
            "{} added, {} already {place}, {} kept as copies",
            m.added, m.same, m.copies
        )
    };
    let mut message = format!("Backup {name}: {}", counts(r.plans, "here"));
    if r.trash != storage::Merged::default() {
        message.push_str(&format!("; trash: {}", counts(r.trash, "there")));
    }
    if r.unreadable > 0 {
        message.push_str(&format!("; {} could not be read", r.unreadable));
    }
    message
}

fn import_file(state: AppState, file: web_sys::File) {
    let name = file.name();
    if let Some(message) = too_big(&name, file.size()) {
        state.ui.toast.set(Some(message));
        return;
    }
    leptos::task::spawn_local(async move {
        match JsFuture::from(file.text()).await {
            Ok(v) => match v.as_string() {
                Some(text) => import_text(state, &name, &text),
                None => state
                    .ui
                    .toast
                    .set(Some(format!("Could not read {name}. Nothing was changed."))),
            },
            Err(_) => state
                .ui
                .toast
                .set(Some(format!("Could not read {name}. Nothing was changed."))),
        }
    });
}

/// The file a file picker's change event picked (the picker is cleared, so picking the same
/// file again fires again).
pub fn picked_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())?;
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file
}

/// The first file of a drop (the browser's own handling, opening the file, is prevented).
pub fn dropped_file(ev: &web_sys::DragEvent) -> Option<web_sys::File> {
    ev.prevent_default();
    ev.data_transfer()
        .and_then(|d| d.files())
        .and_then(|f| f.get(0))
}

/// The file picker's change event.
pub fn on_file_input(state: AppState, ev: web_sys::Event) {
    if let Some(file) = picked_file(&ev) {
        import_file(state, file);
    }
}

/// A file dropped anywhere on the page.
pub fn on_drop(state: AppState, ev: web_sys::DragEvent) {
    if let Some(file) = dropped_file(&ev) {
        import_file(state, file);
    }
}

/// A whole document pasted outside any text field becomes a new plan.
pub fn on_paste(state: AppState, ev: web_sys::ClipboardEvent) {
    let in_field = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA"));
    if in_field {
        return;
    }
    if let Some(text) = ev
        .clipboard_data()
        .and_then(|d| d.get_data("text/plain").ok())
        && (text.trim_start().starts_with('#')
            || text.contains("\n## ")
            || text.trim_start().starts_with('{'))
    {
        ev.prevent_default();
        // Pasted text is already in memory; the limit keeps imports alike whatever their source.
        match too_big("The pasted text", text.len() as f64) {
            Some(message) => state.ui.toast.set(Some(message)),
            None => import_text(state, "the pasted text", &text),
        }
    }
}
