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
//! - `planform:last` — the id open last; `planform:theme` — `light`, `dark` or absent;
//! - `planform:embed:<host origin> <id>` — the draft of a document embedded in a host page (the
//!   same record as a plan), `planform:embed-base:<host origin> <id>` — what the host loaded last.
//!
//! Writes go plan first, index second, so a crash between the two leaves a readable plan that
//! [`repair`] lists again at the next start. Every save carries the revision it was based on and
//! is refused when the stored revision moved on (another tab saved): compare-and-swap. Every call
//! returns a result: a failed write is reported to the user, never swallowed.
//!
//! Storage may be missing altogether: a browser that blocks site data, or third-party storage
//! in a wiki's iframe, makes the `localStorage` getter throw. Every access goes through
//! [`raw`], which turns that into an error; gloo-storage is not used because its
//! `LocalStorage::raw()` throws into the page in that case, and a throw in WebAssembly kills it.

mod guard;
mod room;

use serde_json::{Map, Value as Json};

pub use room::{Room, changed_elsewhere, room};

use crate::core::model::Plan;
use crate::core::records;
pub use crate::core::records::{PlanMeta, Record as Stored};

const INDEX: &str = "planform:index";
const LAST: &str = "planform:last";
const THEME: &str = "planform:theme";
const PLAN: &str = "planform:plan:";
const TRASH: &str = "planform:trash:";
const RECOVERY: &str = "planform:recovery:";
const HISTORY: &str = "planform:history:";
/// A tab's write-ahead record (`planform:wal:<tab id>`): its edits since it last wrote its
/// plan's record.
const WRITE_AHEAD: &str = "planform:wal:";
/// Drafts of documents embedded in host pages: one record per host origin and embed id, apart
/// from the library (the library's repair, index, trash and backups never look at them).
const EMBED: &str = "planform:embed:";
/// The markdown the host last loaded into an embedded document, to tell a draft with edits the
/// host never received from a document the host has changed since.
const EMBED_BASE: &str = "planform:embed-base:";
/// A user's template: `planform:template:<id>`.
const TEMPLATE: &str = "planform:template:";
/// The id of the template New plan starts from (none: the Technical Plan).
const DEFAULT_TEMPLATE: &str = "planform:default-template";
/// The format tag of a stored template record.
const TEMPLATE_FORMAT: &str = "planform-template";
/// The largest template kept (a template is a page of headings; this is generous).
pub const MAX_TEMPLATE_BYTES: usize = 1024 * 1024;
/// Snapshots kept per plan, and the bytes (UTF-8) they may take together; the newest is
/// always kept.
const HISTORY_MAX: usize = 30;
const HISTORY_BYTES: usize = 512 * 1024;

/// What a storage key holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// The library index.
    Index,
    /// A plan record.
    Plan,
    /// A trashed plan.
    Trash,
    /// A plan's revision history.
    History,
    /// Anything else (settings, recovery, another app's key).
    Other,
}

/// Classifies a storage key.
pub fn key_kind(key: &str) -> KeyKind {
    if key == INDEX {
        KeyKind::Index
    } else if key.starts_with(PLAN) {
        KeyKind::Plan
    } else if key.starts_with(TRASH) {
        KeyKind::Trash
    } else if key.starts_with(HISTORY) {
        KeyKind::History
    } else {
        KeyKind::Other
    }
}

/// The storage key of a plan.
pub fn plan_key(id: &str) -> String {
    format!("{PLAN}{id}")
}

/// The storage key of the draft of a document embedded by the host at `origin` as `id`. The
/// origin is part of the key, so a page on another origin that reuses the id cannot read it.
pub fn embed_key(origin: &str, id: &str) -> String {
    format!("{EMBED}{origin} {id}")
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

fn raw() -> Result<web_sys::Storage, StorageError> {
    leptos::prelude::window()
        .local_storage()
        .ok()
        .flatten()
        .ok_or_else(|| StorageError::Unavailable("localStorage is blocked".into()))
}

fn write(key: &str, value: &str) -> Result<(), StorageError> {
    use wasm_bindgen::JsCast;
    let storage = raw()?;
    // Called as `setItem` with a JavaScript string made here, so that string can be kept: a
    // later write compares what is stored with it ([`guard`]).
    let text = js_sys::JsString::from(value);
    let written = js_sys::Reflect::get(&storage, &"setItem".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
        .and_then(|set| set.call2(&storage, &key.into(), &text))
        .map(|_| ())
        .map_err(|e| {
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
        });
    match &written {
        Ok(()) => {
            room::wrote(key, value);
            guard::wrote(key, text);
        }
        Err(StorageError::Full) => room::refused(),
        Err(_) => {}
    }
    written
}

fn read(key: &str) -> Option<String> {
    raw().ok()?.get_item(key).ok().flatten()
}

/// A stored value as a JavaScript string, not copied into WebAssembly memory (for what is
/// measured or cut on the JavaScript side).
fn js_item(s: &web_sys::Storage, key: &str) -> Option<js_sys::JsString> {
    use wasm_bindgen::JsCast;
    let get: js_sys::Function = js_sys::Reflect::get(s, &"getItem".into())
        .ok()?
        .dyn_into()
        .ok()?;
    get.call1(s, &wasm_bindgen::JsValue::from_str(key))
        .ok()?
        .dyn_into()
        .ok()
}

/// The first `units` UTF-16 units of a stored value: a plan's revision is read on every save
/// without copying the whole record into WebAssembly memory.
fn read_head(key: &str, units: u32) -> Option<String> {
    js_item(&raw().ok()?, key).map(|v| String::from(v.slice(0, units)))
}

fn remove(key: &str) {
    if let Ok(s) = raw()
        && s.remove_item(key).is_ok()
    {
        room::removed(key);
        guard::removed(key);
    }
}

/// Writes `value` under `key`, first setting aside what is stored there when `reads` says it
/// cannot be read (as start-up does): a value that went bad while the app ran is kept, not
/// overwritten.
fn write_over(
    key: &str,
    value: &str,
    reads: impl FnOnce(&str) -> Result<(), String>,
) -> Result<(), StorageError> {
    if let guard::Present::Theirs(text) = guard::present(&raw()?, key)
        && let Err(reason) = reads(&text)
    {
        quarantine(key, &text, &reason, js_sys::Date::now());
    }
    write(key, value)
}

/// True once after a write set aside a stored value it could not read (the app then shows what
/// storage holds aside, as after start-up).
pub fn take_set_aside() -> bool {
    guard::take_set_aside()
}

/// Every key in storage.
fn keys() -> Vec<String> {
    let Ok(s) = raw() else { return Vec::new() };
    let n = s.length().unwrap_or(0);
    (0..n).filter_map(|i| s.key(i).ok().flatten()).collect()
}

// ---- index ----------------------------------------------------------------------------------

/// The library index as stored (empty when missing or unreadable; [`repair`] fixes that).
pub fn load_index() -> Vec<PlanMeta> {
    read(INDEX)
        .and_then(|text| records::decode_index(&text).ok())
        .unwrap_or_default()
}

fn save_index(plans: &[PlanMeta]) -> Result<(), StorageError> {
    write_over(INDEX, &records::encode_index(plans), |text| {
        records::decode_index(text).map(drop)
    })
}

/// The index to add an entry to: as stored, or, when what is stored does not read, set aside
/// and rebuilt from the plan records (as start-up's [`repair`] would).
fn index_for_update() -> Vec<PlanMeta> {
    let Some(text) = read(INDEX) else {
        return Vec::new();
    };
    match records::decode_index(&text) {
        Ok(plans) => plans,
        Err(reason) => {
            let now = js_sys::Date::now();
            quarantine(INDEX, &text, &reason, now);
            stored_plans(&[], now)
        }
    }
}

// ---- plan records ---------------------------------------------------------------------------

/// Reads one plan and its revision.
pub fn load_plan(id: &str) -> Result<Stored, StorageError> {
    load_record(&plan_key(id))
}

/// Reads the record stored under `key` (a plan's, or an embedded document's draft).
pub fn load_record(key: &str) -> Result<Stored, StorageError> {
    let storage = raw()?;
    let value = js_item(&storage, key)
        .ok_or_else(|| StorageError::Corrupt("nothing is stored under it".into()))?;
    let stored = records::decode_record(&String::from(&value)).map_err(StorageError::Corrupt)?;
    // Known to read: the next save need not read it again.
    guard::wrote(key, value);
    Ok(stored)
}

/// Writes the record under `key` (a plan's, or an embedded document's draft) if its stored
/// revision is still `base` (compare-and-swap), signed with the `writer` tab's id; returns the
/// new revision. The revision is read from the record itself: the library index is a cache that
/// every tab rewrites, so another tab may have written back an older copy of it (found by the
/// two-tab spec: a stale index entry made a tab see a false conflict).
pub fn save_record(
    key: &str,
    plan: &Plan,
    markdown: &str,
    base: u64,
    writer: &str,
) -> Result<u64, StorageError> {
    let stored = match guard::present(&raw()?, key) {
        guard::Present::Nothing => 0,
        // What this tab wrote or read: its revision is written first.
        guard::Present::Known => read_head(key, records::REVISION_HEAD)
            .and_then(|head| records::revision_from_head(&head))
            .unwrap_or(base),
        guard::Present::Theirs(text) => match records::readable_revision(&text) {
            Some(revision) => revision,
            None => match records::decode_record(&text) {
                Ok(record) => record.revision,
                // Unreadable: set aside (as start-up would), then this tab's plan, the only
                // copy that reads, is written in its place.
                Err(reason) => {
                    quarantine(key, &text, &reason, js_sys::Date::now());
                    base
                }
            },
        },
    };
    if stored != base {
        return Err(StorageError::Conflict { theirs: stored });
    }
    let revision = base + 1;
    write(
        key,
        &records::encode_record(plan, markdown, revision, writer),
    )?;
    Ok(revision)
}

/// The markdown the host last loaded into the embedded document whose draft is under `key`.
pub fn draft_base(key: &str) -> Option<String> {
    read(&base_key(key))
}

fn base_key(draft_key: &str) -> String {
    format!(
        "{EMBED_BASE}{}",
        draft_key.strip_prefix(EMBED).unwrap_or(draft_key)
    )
}

/// Records what the host loaded into the embedded document whose draft is under `key`.
pub fn set_draft_base(key: &str, markdown: &str) -> Result<(), StorageError> {
    write(&base_key(key), markdown)
}

/// Writes a plan with [`save_record`]; returns the new revision. The record goes first; the
/// index entry is rewritten only when what the library shows changed, so tabs rarely race on
/// the index.
pub fn save_plan(
    meta: &PlanMeta,
    plan: &Plan,
    markdown: &str,
    base: u64,
    writer: &str,
) -> Result<u64, StorageError> {
    let revision = save_record(&plan_key(&meta.id), plan, markdown, base, writer)?;
    let mut index = index_for_update();
    let shown = |m: &PlanMeta| (m.title.clone(), m.spec.clone(), m.updated.clone());
    let entry = PlanMeta {
        revision,
        ..meta.clone()
    };
    match index.iter_mut().find(|m| m.id == meta.id) {
        Some(m) if shown(m) == shown(&entry) => return Ok(revision),
        Some(m) => *m = entry,
        None => index.insert(0, entry),
    }
    save_index(&index)?;
    Ok(revision)
}

/// The stored record of a plan, unparsed (library search takes what the plan says from it with
/// [`records::search_text`]).
pub fn plan_text(id: &str) -> Option<String> {
    read(&plan_key(id))
}

// ---- trash ----------------------------------------------------------------------------------

/// Moves a plan to the trash (restorable until the trash is emptied).
pub fn delete_plan(id: &str, now_ms: f64) -> Result<(), StorageError> {
    if let Some(text) = read(&plan_key(id)) {
        let title = load_index()
            .into_iter()
            .find(|m| m.id == id)
            .map(|m| m.title)
            .unwrap_or_default();
        write_over(
            &format!("{TRASH}{id}"),
            &trash_record(&text, now_ms, &title),
            |stored| records::decode_record(stored).map(drop),
        )?;
    }
    let mut index = load_index();
    index.retain(|m| m.id != id);
    save_index(&index)?;
    remove(&plan_key(id));
    Ok(())
}

/// A trashed plan as stored: its plan record plus `deleted` and the `title` the trash lists.
fn trash_record(record: &str, deleted_ms: f64, title: &str) -> String {
    let mut map: Map<String, Json> = match serde_json::from_str(record) {
        Ok(Json::Object(o)) => o,
        _ => Map::new(),
    };
    map.insert("deleted".into(), Json::from(deleted_ms));
    map.insert("title".into(), Json::from(title));
    serde_json::to_string(&Json::Object(map)).unwrap_or_else(|_| record.to_string())
}

/// How many plans the trash holds (their keys only: no record is read).
pub fn trash_count() -> usize {
    keys().iter().filter(|k| k.starts_with(TRASH)).count()
}

/// What the trash holds, newest first.
pub fn trash() -> Vec<TrashEntry> {
    let entries = keys().into_iter().filter_map(|k| {
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
    });
    let mut out: Vec<TrashEntry> = Vec::new();
    for entry in entries {
        insert_in_order(&mut out, entry, |e, new| {
            e.deleted.total_cmp(&new.deleted).is_ge()
        });
    }
    out
}

/// Puts `item` into `list` after every entry `before(entry, item)` holds for (`list` is kept in
/// that order, and equal entries keep their arrival order). Storage's lists are short: built
/// this way, no copy of the standard sort is linked into the wasm for each of them.
fn insert_in_order<T>(list: &mut Vec<T>, item: T, before: impl Fn(&T, &T) -> bool) {
    let at = list.partition_point(|e| before(e, &item));
    list.insert(at, item);
}

/// Brings a plan back from the trash into the library.
pub fn restore_from_trash(id: &str) -> Result<Stored, StorageError> {
    let key = format!("{TRASH}{id}");
    let text =
        read(&key).ok_or_else(|| StorageError::Corrupt(format!("{id} is not in the trash")))?;
    let stored = records::decode_record(&text).map_err(StorageError::Corrupt)?;
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
        &records::encode_record(&stored.plan, &markdown, stored.revision, &stored.writer),
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
            remove(&format!("{HISTORY}{}", entry.id));
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
    replay_write_ahead(now_ms);
    let index_text = read(INDEX);
    // Read once: the entries it lists, or why it could not be read.
    let decoded = index_text.as_deref().map(records::decode_index);
    let indexed: &[PlanMeta] = match &decoded {
        Some(Ok(listed)) => listed,
        _ => &[],
    };
    let plans = stored_plans(indexed, now_ms);
    let listed = match decoded {
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

/// The index entries of every plan record that reads, in storage's key order; a record that
/// does not read is set aside. A record `indexed` lists at its revision, and that surely reads,
/// is not read in full (that would import every plan at every start): its entry was written
/// from it.
fn stored_plans(indexed: &[PlanMeta], now_ms: f64) -> Vec<PlanMeta> {
    let mut plans: Vec<PlanMeta> = Vec::new();
    for key in keys().iter().filter(|k| k.starts_with(PLAN)) {
        let Some(text) = read(key) else { continue };
        let id = &key[PLAN.len()..];
        if let Some(revision) = records::readable_revision(&text)
            && let Some(listed) = indexed
                .iter()
                .find(|m| m.id == id && m.revision == revision)
        {
            plans.push(listed.clone());
            continue;
        }
        match records::decode_record(&text) {
            Ok(stored) => plans.push(meta_of(id, &stored.plan, stored.revision)),
            Err(reason) => quarantine(key, &text, &reason, now_ms),
        }
    }
    plans
}

/// Writes tab `tab`'s write-ahead record (replacing its last one).
pub fn write_ahead(tab: &str, entry: &records::WriteAhead) -> Result<(), StorageError> {
    write_over(&format!("{WRITE_AHEAD}{tab}"), &entry.encode(), |text| {
        records::WriteAhead::decode(text).map(drop)
    })
}

/// Removes tab `tab`'s write-ahead record (its record now holds everything); one that no longer
/// reads is set aside instead, as start-up would.
pub fn clear_write_ahead(tab: &str) {
    let key = format!("{WRITE_AHEAD}{tab}");
    if let Ok(storage) = raw()
        && let guard::Present::Theirs(text) = guard::present(&storage, &key)
        && let Err(reason) = records::WriteAhead::decode(&text)
    {
        quarantine(&key, &text, &reason, js_sys::Date::now());
        return;
    }
    remove(&key);
}

/// Applies the write-ahead records left by tabs that closed (or crashed) between a keystroke
/// and the write of their record: each record gets its edits as a new revision. One that no
/// longer fits its record (another tab saved it since) is set aside for download.
fn replay_write_ahead(now_ms: f64) {
    for key in keys().into_iter().filter(|k| k.starts_with(WRITE_AHEAD)) {
        let Some(text) = read(&key) else { continue };
        let entry = match records::WriteAhead::decode(&text) {
            Ok(entry) => entry,
            Err(reason) => {
                quarantine(&key, &text, &reason, now_ms);
                continue;
            }
        };
        let merged = read(&entry.key).and_then(|record| {
            let stored = records::decode_record(&record).ok()?;
            let value: serde_json::Value = serde_json::from_str(&record).ok()?;
            let markdown = value.get("markdown")?.as_str()?;
            if stored.revision != entry.base {
                return None;
            }
            let merged = entry.apply(markdown)?;
            let plan = crate::core::import::import_with(&merged, &stored.plan.template.0);
            let markdown = crate::core::to_markdown(&plan);
            Some(records::encode_record(
                &plan,
                &markdown,
                stored.revision + 1,
                "",
            ))
        });
        match merged {
            Some(record) => {
                if write(&entry.key, &record).is_ok() {
                    remove(&key);
                }
            }
            None => quarantine(
                &key,
                &text,
                "edits typed just before a tab closed, made to a version of the plan that has \
                 changed since (the typed text is in \"text\")",
                now_ms,
            ),
        }
    }
}

/// Moves an unreadable value aside under a recovery key (nothing if `key` holds nothing).
pub fn set_aside(key: &str, reason: &str, now_ms: f64) {
    if let Some(text) = read(key) {
        quarantine(key, &text, reason, now_ms);
    }
}

fn quarantine(key: &str, text: &str, reason: &str, now_ms: f64) {
    // Never over an earlier recovery of the same key in the same millisecond.
    let mut stamp = now_ms as u64;
    let target = loop {
        let target = format!("{RECOVERY}{stamp}:{key}");
        if read(&target).is_none() {
            break target;
        }
        stamp += 1;
    };
    let note = serde_json::json!({ "key": key, "reason": reason, "value": text });
    // Only remove the original once its copy is safely stored.
    if write(&target, &note.to_string()).is_ok() {
        remove(key);
        guard::set_aside();
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

// ---- history -------------------------------------------------------------------------------

/// One snapshot of a plan.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    /// When it was taken (ms since 1970).
    pub time: f64,
    /// The plan's markdown then.
    pub markdown: String,
    /// What changed since the snapshot before it.
    pub summary: String,
}

#[derive(serde::Serialize, serde::Deserialize, Default)]
struct HistoryFile {
    version: u64,
    snapshots: Vec<Snapshot>,
}

/// A plan's snapshots, oldest first (empty when none or unreadable).
pub fn history(id: &str) -> Vec<Snapshot> {
    read(&format!("{HISTORY}{id}"))
        .and_then(|t| serde_json::from_str::<HistoryFile>(&t).ok())
        .map(|h| h.snapshots)
        .unwrap_or_default()
}

/// Adds a snapshot unless the plan is unchanged since the last one, then trims the history to
/// its bounds. History is best effort: when storage is full the oldest snapshots go first.
pub fn push_snapshot(id: &str, markdown: &str, now_ms: f64) -> Result<(), StorageError> {
    let mut snapshots = history(id);
    let previous = snapshots.last().map(|s| s.markdown.as_str()).unwrap_or("");
    if previous == markdown {
        return Ok(());
    }
    let summary = if snapshots.is_empty() {
        "first snapshot".to_string()
    } else {
        crate::core::diff::summary(previous, markdown)
    };
    snapshots.push(Snapshot {
        time: now_ms,
        markdown: markdown.to_string(),
        summary,
    });
    save_history(id, snapshots)
}

fn save_history(id: &str, mut snapshots: Vec<Snapshot>) -> Result<(), StorageError> {
    let bytes = |s: &[Snapshot]| s.iter().map(|x| x.markdown.len()).sum::<usize>();
    while snapshots.len() > 1
        && (snapshots.len() > HISTORY_MAX || bytes(&snapshots) > HISTORY_BYTES)
    {
        snapshots.remove(0);
    }
    loop {
        let text = serde_json::to_string(&HistoryFile {
            version: 1,
            snapshots: snapshots.clone(),
        })
        .unwrap_or_default();
        let written = write_over(&format!("{HISTORY}{id}"), &text, |stored| {
            serde_json::from_str::<HistoryFile>(stored)
                .map(drop)
                .map_err(|e| format!("not a history ({e})"))
        });
        match written {
            Err(StorageError::Full) if snapshots.len() > 1 => {
                snapshots.remove(0);
            }
            other => return other,
        }
    }
}

/// Keeps only the newest snapshot of every plan's history (frees room); returns how many went.
pub fn prune_history() -> usize {
    let mut n = 0;
    for key in keys().into_iter().filter(|k| k.starts_with(HISTORY)) {
        let id = &key[HISTORY.len()..];
        let mut snapshots = history(id);
        if snapshots.len() > 1 {
            n += snapshots.len() - 1;
            snapshots.drain(..snapshots.len() - 1);
            let _ = save_history(id, snapshots);
        }
    }
    n
}

// ---- user templates ------------------------------------------------------------------------

/// A template the user added, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredTemplate {
    /// Its id (the storage key's tail; the compiled template's id).
    pub id: String,
    /// Its markdown, annotations included.
    pub markdown: String,
    /// Bumped on every write (compare-and-swap, as for plans).
    pub revision: u64,
}

fn template_key(id: &str) -> String {
    format!("{TEMPLATE}{id}")
}

fn decode_template(id: &str, text: &str) -> Result<StoredTemplate, String> {
    let value: Json = serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
    if value.get("format").and_then(Json::as_str) != Some(TEMPLATE_FORMAT) {
        return Err("not a Planform template record".into());
    }
    match value.get("version").and_then(Json::as_u64) {
        Some(1) => {}
        Some(v) => {
            return Err(format!(
                "template record version {v} is newer than this app"
            ));
        }
        None => return Err("the template record has no version".into()),
    }
    let markdown = value
        .get("markdown")
        .and_then(Json::as_str)
        .ok_or("the template record has no markdown")?;
    if markdown.len() > MAX_TEMPLATE_BYTES {
        return Err("the template is over 1 MB".into());
    }
    Ok(StoredTemplate {
        id: id.to_string(),
        markdown: markdown.to_string(),
        revision: value.get("revision").and_then(Json::as_u64).unwrap_or(0),
    })
}

/// Every stored user template, oldest key first; an unreadable record is moved aside (kept,
/// never deleted) and listed by [`recovered`].
pub fn load_templates(now_ms: f64) -> Vec<StoredTemplate> {
    let mut out = Vec::new();
    let mut sorted: Vec<String> = Vec::new();
    for key in keys().into_iter().filter(|k| k.starts_with(TEMPLATE)) {
        insert_in_order(&mut sorted, key, |k, new| k <= new);
    }
    for key in sorted {
        let Some(text) = read(&key) else { continue };
        let id = &key[TEMPLATE.len()..];
        match decode_template(id, &text) {
            Ok(t) => out.push(t),
            Err(reason) => quarantine(&key, &text, &reason, now_ms),
        }
    }
    out
}

/// Writes a user template if its stored revision is still `base`; returns the new revision.
pub fn save_template(id: &str, markdown: &str, base: u64) -> Result<u64, StorageError> {
    let key = template_key(id);
    let stored = match read(&key).map(|t| (decode_template(id, &t), t)) {
        None => 0,
        Some((Ok(template), _)) => template.revision,
        // Unreadable: set aside, as start-up would, and written over.
        Some((Err(reason), text)) => {
            quarantine(&key, &text, &reason, js_sys::Date::now());
            base
        }
    };
    if stored != base {
        return Err(StorageError::Conflict { theirs: stored });
    }
    let revision = base + 1;
    let record = serde_json::json!({
        "format": TEMPLATE_FORMAT,
        "version": 1,
        "revision": revision,
        "markdown": markdown,
    });
    write(&key, &record.to_string())?;
    Ok(revision)
}

/// Removes a user template; returns what was stored (for Undo).
pub fn delete_template(id: &str) -> Option<StoredTemplate> {
    let key = template_key(id);
    let stored = read(&key).and_then(|t| decode_template(id, &t).ok());
    remove(&key);
    stored
}

/// The id of the template New plan starts from, if the user chose one.
pub fn default_template() -> Option<String> {
    read(DEFAULT_TEMPLATE).filter(|id| !id.is_empty() && id.len() <= 128)
}

/// Sets (or with `None` clears) the template New plan starts from.
pub fn set_default_template(id: Option<&str>) -> Result<(), StorageError> {
    match id {
        Some(id) => write(DEFAULT_TEMPLATE, id),
        None => {
            remove(DEFAULT_TEMPLATE);
            Ok(())
        }
    }
}

// ---- backup --------------------------------------------------------------------------------

/// Every plan and everything in the trash, as one JSON file: `{"format":"planform-backup",
/// "version":1,"plans":[record…],"trash":[record…]}` where a record is what storage holds (the
/// envelope with its `revision`, plus `id`, and with `with_history` its `history` snapshots).
pub fn backup_json(with_history: bool) -> String {
    let collect = |prefix: &str| -> Vec<Json> {
        keys()
            .into_iter()
            .filter_map(|k| {
                let id = k.strip_prefix(prefix)?.to_string();
                let Json::Object(mut record) = serde_json::from_str(&read(&k)?).ok()? else {
                    return None;
                };
                if with_history {
                    let snapshots = history(&id);
                    if !snapshots.is_empty() {
                        record.insert(
                            "history".into(),
                            serde_json::to_value(snapshots).unwrap_or(Json::Null),
                        );
                    }
                }
                record.insert("id".into(), Json::from(id));
                Some(Json::Object(record))
            })
            .collect()
    };
    let templates: Vec<Json> = load_templates(0.0)
        .into_iter()
        .map(|t| serde_json::json!({ "id": t.id, "markdown": t.markdown }))
        .collect();
    let backup = serde_json::json!({
        "format": "planform-backup",
        "version": 1,
        "plans": collect(PLAN),
        "trash": collect(TRASH),
        "templates": templates,
    });
    serde_json::to_string(&backup).unwrap_or_default()
}

/// How the entries of one list of a backup (its plans, or its trash) were merged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Merged {
    /// Plans that were not here and were added.
    pub added: usize,
    /// Plans already here, identical.
    pub same: usize,
    /// Plans here that differ from the backup's: both kept (the backup's as a copy).
    pub copies: usize,
}

/// What importing a backup did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BackupReport {
    /// The backup's plans, merged into the library.
    pub plans: Merged,
    /// The backup's trash, merged into the trash.
    pub trash: Merged,
    /// Entries of the backup that could not be read.
    pub unreadable: usize,
}

/// Merges a backup into storage by plan id: its plans into the library, its trash into the
/// trash. A plan that is not here is added; one that is here, in the same place, and identical
/// is skipped; otherwise both are kept (the backup's under a new id). Nothing stored is
/// overwritten. Histories in the backup come along for plans that have none here.
pub fn import_backup(text: &str, new_id: impl Fn() -> String) -> Result<BackupReport, String> {
    let backup = records::decode_backup(text)?;
    // The backup's templates first, so its plans read against them: one not here is added;
    // one here is kept as it is.
    if let Ok(value) = serde_json::from_str::<Json>(text.trim_start_matches('\u{feff}'))
        && let Some(Json::Array(templates)) = value.get("templates")
    {
        for t in templates {
            let (Some(id), Some(markdown)) = (
                t.get("id").and_then(Json::as_str),
                t.get("markdown").and_then(Json::as_str),
            ) else {
                continue;
            };
            let valid_id = !id.is_empty()
                && id.len() <= 128
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            if valid_id && markdown.len() <= MAX_TEMPLATE_BYTES && read(&template_key(id)).is_none()
            {
                save_template(id, markdown, 0).map_err(|e| e.to_string())?;
            }
        }
    }
    let mut report = BackupReport {
        unreadable: backup.unreadable,
        ..BackupReport::default()
    };
    let mut index = load_index();
    for entry in &backup.plans {
        let markdown = crate::core::to_markdown(&entry.record.plan);
        let Some(id) = merge_target(PLAN, entry, &markdown, &new_id, &mut report.plans) else {
            continue;
        };
        let record = records::encode_record(&entry.record.plan, &markdown, 1, &entry.record.writer);
        write(&plan_key(&id), &record).map_err(|e| e.to_string())?;
        import_history(&id, entry);
        index.insert(0, meta_of(&id, &entry.record.plan, 1));
    }
    for entry in &backup.trash {
        let markdown = crate::core::to_markdown(&entry.record.plan);
        let Some(id) = merge_target(TRASH, entry, &markdown, &new_id, &mut report.trash) else {
            continue;
        };
        let record = records::encode_record(&entry.record.plan, &markdown, 1, &entry.record.writer);
        let title = entry.record.plan.display_title();
        write(
            &format!("{TRASH}{id}"),
            &trash_record(&record, entry.deleted, &title),
        )
        .map_err(|e| e.to_string())?;
        import_history(&id, entry);
    }
    save_index(&index).map_err(|e| e.to_string())?;
    Ok(report)
}

/// The id a backup's entry is stored under in `place` ([`PLAN`] or [`TRASH`]), counted in
/// `counts`: its own when the id is free, `None` when the same plan is already there, else a
/// new one. An id is taken by a plan or by a trashed plan alike, since restoring from the
/// trash refuses an id that is in use.
fn merge_target(
    place: &str,
    entry: &records::BackupEntry,
    markdown: &str,
    new_id: &impl Fn() -> String,
    counts: &mut Merged,
) -> Option<String> {
    let there = |prefix: &str| read(&format!("{prefix}{}", entry.id));
    if there(place)
        .and_then(|t| records::decode_record(&t).ok())
        .is_some_and(|r| crate::core::to_markdown(&r.plan) == markdown)
    {
        counts.same += 1;
        return None;
    }
    if there(PLAN).is_some() || there(TRASH).is_some() {
        counts.copies += 1;
        return Some(new_id());
    }
    counts.added += 1;
    Some(entry.id.clone())
}

/// Stores the history a backup's entry carries as the history of plan `id`, unless it has one.
fn import_history(id: &str, entry: &records::BackupEntry) {
    if let Some(snapshots) = entry
        .history
        .clone()
        .and_then(|h| serde_json::from_value::<Vec<Snapshot>>(h).ok())
        && history(id).is_empty()
    {
        let _ = save_history(id, snapshots);
    }
}

// ---- persistence -----------------------------------------------------------------------------

/// Asks the browser to keep this origin's storage under pressure (`navigator.storage.persist()`);
/// resolves to whether it is (or already was) granted. `false` where the API is missing.
pub async fn request_persistence() -> bool {
    use wasm_bindgen_futures::JsFuture;
    let manager = leptos::prelude::window().navigator().storage();
    let ask = |p: Result<js_sys::Promise, wasm_bindgen::JsValue>| async move {
        match p {
            Ok(p) => JsFuture::from(p)
                .await
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            Err(_) => false,
        }
    };
    if ask(manager.persisted()).await {
        return true;
    }
    ask(manager.persist()).await
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
