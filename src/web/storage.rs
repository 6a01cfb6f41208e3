//! The only module that touches localStorage.
//!
//! Stored format, version 1 (every key starts with `planform:`; fixtures in
//! `tests/fixtures/storage/`):
//! - `planform:index` — `{"format":"planform-index","version":1,"plans":[PlanMeta…]}`, a cache of
//!   what the library lists; it can always be rebuilt from the plan keys;
//! - `planform:plan:<id>` — the core's JSON envelope (compact) plus `"revision"`: the source of
//!   truth for that plan;
//! - `planform:trash:<id>` — a deleted plan: the same record plus `"deleted"` (ms since 1970);
//! - `planform:recovery:<ms>:<key>` — a value that could not be read, moved aside verbatim;
//! - `planform:last` — the id open last; `planform:theme` — `light`, `dark` or absent.
//!
//! Writes go plan first, index second, so a crash between the two leaves a readable plan that
//! [`repair`] lists again at the next start. Every save carries the revision it was based on and
//! is refused when the stored revision moved on (another tab saved): compare-and-swap. Every call
//! returns a result: a failed write is reported to the user, never swallowed.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use crate::core::envelope;
use crate::core::model::Plan;

/// Prefix of every key this app owns.
pub const PREFIX: &str = "planform:";
const INDEX: &str = "planform:index";
const LAST: &str = "planform:last";
const THEME: &str = "planform:theme";
const PLAN: &str = "planform:plan:";
const TRASH: &str = "planform:trash:";
const RECOVERY: &str = "planform:recovery:";
const INDEX_FORMAT: &str = "planform-index";
const INDEX_VERSION: u64 = 1;
/// What browsers give an origin's localStorage: about 5 MB of UTF-16, i.e. 2.5 M characters of
/// keys and values. Chromium and Firefox allow 5 MiB (counted in UTF-16 bytes).
pub const QUOTA_BYTES: f64 = 5.0 * 1024.0 * 1024.0;

/// The storage key of a plan.
pub fn plan_key(id: &str) -> String {
    format!("{PLAN}{id}")
}

/// What the library lists for a plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanMeta {
    /// Stable id (also in the storage key).
    pub id: String,
    /// Display title.
    pub title: String,
    /// Spec id, if any.
    pub spec: String,
    /// Last Updated as shown in the plan (`YYYY-MM-DD`).
    pub updated: String,
    /// Revision, bumped on every save.
    pub revision: u64,
}

/// A deleted plan waiting in the trash.
#[derive(Clone, Debug, PartialEq)]
pub struct TrashEntry {
    /// The plan's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// When it was deleted (ms since 1970).
    pub deleted: f64,
}

/// A value moved aside because it could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recovered {
    /// The recovery key it now lives under.
    pub key: String,
    /// The key it was found under.
    pub original: String,
    /// Why it could not be read.
    pub reason: String,
}

/// Why storage failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// The browser refused the write because storage is full.
    #[error("browser storage is full")]
    Full,
    /// Another tab saved this plan since this tab last read it.
    #[error("this plan was changed in another tab")]
    Conflict {
        /// The revision now stored.
        theirs: u64,
    },
    /// Storage is missing or blocked (private mode, disabled cookies…).
    #[error("browser storage is not available: {0}")]
    Unavailable(String),
    /// Stored data could not be read.
    #[error("stored plan could not be read: {0}")]
    Corrupt(String),
}

/// A plan as stored, with its revision.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    /// The plan.
    pub plan: Plan,
    /// Its revision.
    pub revision: u64,
    /// The tab that wrote it (a random id per page load; empty for older records).
    pub writer: String,
}

fn raw() -> Result<web_sys::Storage, StorageError> {
    leptos::prelude::window()
        .local_storage()
        .ok()
        .flatten()
        .ok_or_else(|| StorageError::Unavailable("localStorage is blocked".into()))
}

fn write(key: &str, value: &str) -> Result<(), StorageError> {
    raw()?.set_item(key, value).map_err(|e| {
        let name = js_sys::Reflect::get(&e, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
            StorageError::Full
        } else {
            StorageError::Unavailable(if name.is_empty() {
                "write refused".into()
            } else {
                name
            })
        }
    })
}

fn read(key: &str) -> Option<String> {
    LocalStorage::raw().get_item(key).ok().flatten()
}

fn remove(key: &str) {
    LocalStorage::delete(key);
}

/// Every key in storage.
fn keys() -> Vec<String> {
    let Ok(s) = raw() else { return Vec::new() };
    let n = s.length().unwrap_or(0);
    (0..n).filter_map(|i| s.key(i).ok().flatten()).collect()
}

// ---- index ----------------------------------------------------------------------------------

#[derive(Serialize, Deserialize)]
struct Index {
    format: String,
    version: u64,
    plans: Vec<PlanMeta>,
}

fn parse_index(text: &str) -> Result<Vec<PlanMeta>, String> {
    let index: Index = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if index.format != INDEX_FORMAT {
        return Err(format!("\"format\" is {:?}", index.format));
    }
    if index.version > INDEX_VERSION {
        return Err(format!(
            "written by a newer Planform (index version {})",
            index.version
        ));
    }
    Ok(index.plans)
}

/// The library index as stored (empty when missing or unreadable; [`repair`] fixes that).
pub fn load_index() -> Vec<PlanMeta> {
    read(INDEX)
        .and_then(|text| parse_index(&text).ok())
        .unwrap_or_default()
}

fn save_index(plans: &[PlanMeta]) -> Result<(), StorageError> {
    let index = Index {
        format: INDEX_FORMAT.into(),
        version: INDEX_VERSION,
        plans: plans.to_vec(),
    };
    write(INDEX, &serde_json::to_string(&index).unwrap_or_default())
}

// ---- plan records ---------------------------------------------------------------------------

/// Reads a stored plan record (an envelope plus `revision`): the plan and its revision.
pub fn decode_record(text: &str) -> Result<Stored, String> {
    let value: Json = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("not JSON ({e})"))?;
    let revision = value.get("revision").and_then(Json::as_u64).unwrap_or(0);
    let writer = value
        .get("writer")
        .and_then(Json::as_str)
        .unwrap_or("")
        .to_string();
    let plan = envelope::from_value(value).map_err(|e| e.to_string())?;
    Ok(Stored {
        plan,
        revision,
        writer,
    })
}

fn encode_record(plan: &Plan, markdown: &str, revision: u64, writer: &str) -> String {
    // The envelope is a JSON object: splice the revision in after its `{` rather than parse
    // and re-serialise it (this runs on every keystroke).
    let envelope = envelope::to_compact_json(plan, markdown);
    let writer = serde_json::to_string(writer).unwrap_or_else(|_| "\"\"".into());
    match envelope.strip_prefix('{') {
        Some(rest) => format!("{{\"revision\":{revision},\"writer\":{writer},{rest}"),
        None => envelope,
    }
}

/// Reads one plan and its revision.
pub fn load_plan(id: &str) -> Result<Stored, StorageError> {
    let text = read(&plan_key(id))
        .ok_or_else(|| StorageError::Corrupt(format!("plan {id} is missing")))?;
    decode_record(&text).map_err(StorageError::Corrupt)
}

/// The stored revision of a plan (0 when it is not stored). Read from the index, which every
/// save keeps current; a plan the index does not list yet reads its own record.
pub fn stored_revision(id: &str) -> u64 {
    if let Some(m) = load_index().into_iter().find(|m| m.id == id) {
        return m.revision;
    }
    read(&plan_key(id))
        .and_then(|t| decode_record(&t).ok())
        .map_or(0, |s| s.revision)
}

/// Writes a plan if the stored revision is still `base` (compare-and-swap); returns the new
/// revision. The record (signed with the `writer` tab's id) goes first, then the index entry.
pub fn save_plan(
    meta: &PlanMeta,
    plan: &Plan,
    markdown: &str,
    base: u64,
    writer: &str,
) -> Result<u64, StorageError> {
    let mut index = load_index();
    let stored = match index.iter().find(|m| m.id == meta.id) {
        Some(m) => m.revision,
        None => stored_revision(&meta.id),
    };
    if stored != base {
        return Err(StorageError::Conflict { theirs: stored });
    }
    let revision = base + 1;
    write(
        &plan_key(&meta.id),
        &encode_record(plan, markdown, revision, writer),
    )?;
    let entry = PlanMeta {
        revision,
        ..meta.clone()
    };
    match index.iter_mut().find(|m| m.id == meta.id) {
        Some(m) => *m = entry,
        None => index.insert(0, entry),
    }
    save_index(&index)?;
    Ok(revision)
}

/// The stored text of a plan (its JSON record, markdown included), for full-text search
/// without parsing.
pub fn plan_text(id: &str) -> Option<String> {
    read(&plan_key(id))
}

// ---- trash ----------------------------------------------------------------------------------

/// Moves a plan to the trash (restorable until the trash is emptied).
pub fn delete_plan(id: &str, now_ms: f64) -> Result<(), StorageError> {
    if let Some(text) = read(&plan_key(id)) {
        let mut record: Map<String, Json> = match serde_json::from_str(&text) {
            Ok(Json::Object(o)) => o,
            _ => Map::new(),
        };
        record.insert("deleted".into(), Json::from(now_ms));
        let title = load_index()
            .into_iter()
            .find(|m| m.id == id)
            .map(|m| m.title)
            .unwrap_or_default();
        record.insert("title".into(), Json::from(title));
        write(
            &format!("{TRASH}{id}"),
            &serde_json::to_string(&Json::Object(record)).unwrap_or(text),
        )?;
    }
    let mut index = load_index();
    index.retain(|m| m.id != id);
    save_index(&index)?;
    remove(&plan_key(id));
    Ok(())
}

/// What the trash holds, newest first.
pub fn trash() -> Vec<TrashEntry> {
    let mut out: Vec<TrashEntry> = keys()
        .into_iter()
        .filter_map(|k| {
            let id = k.strip_prefix(TRASH)?.to_string();
            let value: Json = serde_json::from_str(&read(&k)?).ok()?;
            Some(TrashEntry {
                id,
                title: value
                    .get("title")
                    .and_then(Json::as_str)
                    .unwrap_or("Untitled plan")
                    .to_string(),
                deleted: value.get("deleted").and_then(Json::as_f64).unwrap_or(0.0),
            })
        })
        .collect();
    out.sort_by(|a, b| b.deleted.total_cmp(&a.deleted));
    out
}

/// Brings a plan back from the trash into the library.
pub fn restore_from_trash(id: &str) -> Result<Stored, StorageError> {
    let key = format!("{TRASH}{id}");
    let text =
        read(&key).ok_or_else(|| StorageError::Corrupt(format!("{id} is not in the trash")))?;
    let stored = decode_record(&text).map_err(StorageError::Corrupt)?;
    let markdown = crate::core::to_markdown(&stored.plan);
    let meta = meta_of(id, &stored.plan, stored.revision);
    // A plan restored under an id that is in use again would overwrite it: refuse instead.
    if read(&plan_key(id)).is_some() {
        return Err(StorageError::Corrupt(format!(
            "a plan with id {id} already exists"
        )));
    }
    write(
        &plan_key(id),
        &encode_record(&stored.plan, &markdown, stored.revision, &stored.writer),
    )?;
    let mut index = load_index();
    index.insert(0, meta);
    save_index(&index)?;
    remove(&key);
    Ok(stored)
}

/// Deletes trashed plans for good: all of them, or those deleted before `before_ms`.
pub fn empty_trash(before_ms: Option<f64>) -> usize {
    let mut n = 0;
    for entry in trash() {
        if before_ms.is_none_or(|b| entry.deleted < b) {
            remove(&format!("{TRASH}{}", entry.id));
            n += 1;
        }
    }
    n
}

/// The index entry for a plan.
pub fn meta_of(id: &str, plan: &Plan, revision: u64) -> PlanMeta {
    use crate::core::model::MetaField;
    PlanMeta {
        id: id.to_string(),
        title: plan.display_title(),
        spec: plan.meta(MetaField::Spec).to_string(),
        updated: plan.meta(MetaField::Updated).to_string(),
        revision,
    }
}

// ---- start-up repair ------------------------------------------------------------------------

/// Checks everything stored at start-up: a plan or index that does not parse (invalid JSON,
/// wrong shape, a future format version) is moved aside under a recovery key, never deleted;
/// the index is rebuilt from the plan records (orphans listed, dead entries dropped, revisions
/// taken from the records). Returns what was moved aside now or earlier.
pub fn repair(now_ms: f64) -> Vec<Recovered> {
    let all = keys();
    let mut plans: Vec<PlanMeta> = Vec::new();
    for key in all.iter().filter(|k| k.starts_with(PLAN)) {
        let Some(text) = read(key) else { continue };
        let id = &key[PLAN.len()..];
        match decode_record(&text) {
            Ok(stored) => plans.push(meta_of(id, &stored.plan, stored.revision)),
            Err(reason) => quarantine(key, &text, &reason, now_ms),
        }
    }
    let index_text = read(INDEX);
    let listed = match index_text.as_deref().map(parse_index) {
        Some(Ok(listed)) => listed,
        Some(Err(reason)) => {
            if let Some(text) = &index_text {
                quarantine(INDEX, text, &reason, now_ms);
            }
            Vec::new()
        }
        None => Vec::new(),
    };
    // Keep the library's order; plans it did not list come first (newest work).
    let mut rebuilt: Vec<PlanMeta> = plans
        .iter()
        .filter(|p| !listed.iter().any(|m| m.id == p.id))
        .cloned()
        .collect();
    rebuilt.extend(
        listed
            .iter()
            .filter_map(|m| plans.iter().find(|p| p.id == m.id).cloned()),
    );
    if rebuilt != listed {
        let _ = save_index(&rebuilt);
    }
    recovered()
}

fn quarantine(key: &str, text: &str, reason: &str, now_ms: f64) {
    let target = format!("{RECOVERY}{}:{key}", now_ms as u64);
    let note = serde_json::json!({ "key": key, "reason": reason, "value": text });
    // Only remove the original once its copy is safely stored.
    if write(&target, &note.to_string()).is_ok() {
        remove(key);
    }
}

/// Everything moved aside so far.
pub fn recovered() -> Vec<Recovered> {
    keys()
        .into_iter()
        .filter(|k| k.starts_with(RECOVERY))
        .filter_map(|k| {
            let value: Json = serde_json::from_str(&read(&k)?).ok()?;
            Some(Recovered {
                original: value
                    .get("key")
                    .and_then(Json::as_str)
                    .unwrap_or("")
                    .to_string(),
                reason: value
                    .get("reason")
                    .and_then(Json::as_str)
                    .unwrap_or("")
                    .to_string(),
                key: k,
            })
        })
        .collect()
}

/// The unreadable data, as one JSON file to download: `{key: original value}`.
pub fn recovered_download() -> String {
    let mut out = Map::new();
    for r in recovered() {
        if let Some(v) = read(&r.key)
            .and_then(|t| serde_json::from_str::<Json>(&t).ok())
            .and_then(|v| v.get("value").cloned())
        {
            out.insert(r.original.clone(), v);
        }
    }
    serde_json::to_string_pretty(&Json::Object(out)).unwrap_or_default()
}

/// Forgets the data moved aside (after the user downloaded it).
pub fn discard_recovered() {
    for r in recovered() {
        remove(&r.key);
    }
}

// ---- backup --------------------------------------------------------------------------------

/// Every plan and everything in the trash, as one JSON file: `{"format":"planform-backup",
/// "version":1,"plans":[record…],"trash":[record…]}` where a record is what storage holds (the
/// envelope with its `revision`, plus `id`).
pub fn backup_json() -> String {
    let collect = |prefix: &str| -> Vec<Json> {
        keys()
            .into_iter()
            .filter_map(|k| {
                let id = k.strip_prefix(prefix)?.to_string();
                let Json::Object(mut record) = serde_json::from_str(&read(&k)?).ok()? else {
                    return None;
                };
                record.insert("id".into(), Json::from(id));
                Some(Json::Object(record))
            })
            .collect()
    };
    let backup = serde_json::json!({
        "format": "planform-backup",
        "version": 1,
        "plans": collect(PLAN),
        "trash": collect(TRASH),
    });
    serde_json::to_string(&backup).unwrap_or_default()
}

// ---- room -----------------------------------------------------------------------------------

/// Bytes used by this origin's localStorage (UTF-16: two bytes a code unit, keys included).
pub fn used_bytes() -> f64 {
    let Ok(s) = raw() else { return 0.0 };
    let n = s.length().unwrap_or(0);
    let mut units = 0usize;
    for i in 0..n {
        if let Ok(Some(k)) = s.key(i) {
            units += k.encode_utf16().count();
            if let Ok(Some(v)) = s.get_item(&k) {
                units += v.encode_utf16().count();
            }
        }
    }
    units as f64 * 2.0
}

// ---- small settings -------------------------------------------------------------------------

/// Id of the plan open last.
pub fn last_open() -> Option<String> {
    read(LAST)
}

/// Remembers the plan open now.
pub fn set_last_open(id: &str) -> Result<(), StorageError> {
    if read(LAST).as_deref() == Some(id) {
        return Ok(());
    }
    write(LAST, id)
}

/// The remembered theme (`light` or `dark`), if the user chose one.
pub fn theme() -> Option<String> {
    read(THEME).filter(|t| t == "light" || t == "dark")
}

/// Remembers the theme.
pub fn set_theme(theme: &str) -> Result<(), StorageError> {
    write(THEME, theme)
}
