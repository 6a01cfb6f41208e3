//! The only module that touches localStorage.
//!
//! What is stored (every key starts with `planform:`; each record carries its own format
//! version). The records are written and read by [`crate::core::records`] (host-tested and
//! fuzzed); this module moves them in and out. Earlier layouts are kept as fixtures in
//! `tests/fixtures/storage/` (`format-1.json`, the first released layout, whose plan records are
//! version 1 envelopes; a pre-release layout) and loaded by the end-to-end spec
//! `stored-formats.spec.mjs`.
//! - `planform:index` — `{"format":"planform-index","version":1,"plans":[PlanMeta…]}` (id, title,
//!   spec, updated, revision), a cache of what the library lists; it can always be rebuilt from
//!   the plan keys. Versions up to 1 are read; anything else is set aside and rebuilt.
//! - `planform:plan:<id>` — the plan's record ([`records::encode_record`]): `{"revision":N,
//!   "writer":"<tab id>",` then the core's compact envelope, version 2 without the structured
//!   plan: `"format":"planform","version":2,"source":…,"template_id":…,"markdown":…`, plus
//!   `"template"` (its markdown) when the template is not built in. The source of truth for that
//!   plan. Envelopes of versions 1 and 2, with or without a structured `"plan"`, are read
//!   ([`crate::core::envelope::from_value`]; version 1 is migrated).
//! - `planform:trash:<id>` — a deleted plan: the same record plus `"deleted"` (ms since 1970)
//!   and the `"title"` the trash lists ([`records::encode_trash`]).
//! - `planform:history:<id>` — the plan's snapshots, `{"version":1,"snapshots":[{"time":ms,
//!   "markdown":…,"summary":…}…]}`, oldest first, at most 30 and 512 KB of markdown
//!   ([`records::encode_history`]). Versions up to 1 are read; one that does not read is no
//!   history (and is set aside before a write replaces it).
//! - `planform:wal:<tab id>` — the tab's write-ahead record ([`records::WriteAhead`]):
//!   `{"key":"planform:plan:<id>","base":revision,"start":byte,"end":byte,"text":…}`, the edits
//!   since that record was written; [`repair`] applies one a closed tab left behind, or sets it
//!   aside when the record has moved on.
//! - `planform:recovery:<ms>:<key>` — a value that could not be read, moved aside as
//!   `{"key":…,"reason":…,"value":<the value verbatim>}`;
//! - `planform:template:<id>` — a user's template: `{"format":"planform-template","version":1,
//!   "revision":N,"markdown":…}` ([`records::encode_template`]; versions up to 1 are read, and
//!   one that does not read is set aside);
//!   `planform:default-template` — the id of the template New plan starts from (absent: the
//!   Technical Plan);
//! - `planform:last` — the id open last; `planform:theme` — `light`, `dark` or absent;
//! - `planform:embed:<host origin> <id>` — the draft of a document embedded in a host page (the
//!   same record as a plan), `planform:embed-base:<host origin> <id>` — what the host loaded last
//!   (its markdown, as is);
//! - `planform:capacity` — the capacity `storage/room.rs` measured (UTF-16 units), and
//!   `planform:probe`, its probe's value while it measures.
//!
//! A backup file ([`backup_json`], read by [`import_backup`]; [`records::encode_backup`]) is
//! `{"format":"planform-backup","version":1,"plans":[…],"trash":[…],"templates":[{"id":…,
//! "markdown":…}…]}`, each plan its stored record plus `"id"` (and `"history"`: its snapshots,
//! when asked for).
//!
//! Writes go plan first, index second, so a crash between the two leaves a readable plan that
//! [`repair`] lists again at the next start. Every save carries the revision it was based on and
//! is refused when the stored revision moved on (another tab saved): compare-and-swap. Every write
//! returns a result: a failed write is reported to the user, never swallowed.
//!
//! Storage may be missing altogether: a browser that blocks site data, or third-party storage
//! in a wiki's iframe, makes the `localStorage` getter throw. Every access goes through
//! [`raw`], which turns that into an error; gloo-storage is not used because its
//! `LocalStorage::raw()` throws into the page in that case, and a throw in WebAssembly kills it.

mod guard;
mod room;

pub use room::{Room, changed_elsewhere, room};

use crate::core::model::Plan;
use crate::core::records::{self, RecordError, SetAside};
pub use crate::core::records::{
    BackupReport, Merged, PlanMeta, Record as Stored, Snapshot, StoredTemplate, TrashEntry,
};

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
/// The draft of a plan file of an open folder (see `web::folder`), and its base.
const FILE: &str = "planform:file:";
const FILE_BASE: &str = "planform:file-base:";
/// The plan last open in a folder, by the folder's name.
const FOLDER_LAST: &str = "planform:folder-last:";
/// The id of the template New plan starts from (none: the Technical Plan).
const DEFAULT_TEMPLATE: &str = "planform:default-template";
pub use crate::core::records::MAX_TEMPLATE_BYTES;
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
    Corrupt(#[from] RecordError),
    /// Nothing is stored where something was expected.
    #[error("{0}")]
    Missing(String),
    /// The id is in use by another plan.
    #[error("a plan with id {0} already exists")]
    IdTaken(String),
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
    reads: impl FnOnce(&str) -> Result<(), RecordError>,
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
        .ok_or_else(|| StorageError::Missing(format!("nothing is stored under {key}")))?;
    let stored = records::decode_record(&String::from(&value))?;
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
    match draft_key.strip_prefix(FILE) {
        Some(id) => format!("{FILE_BASE}{id}"),
        None => format!(
            "{EMBED_BASE}{}",
            draft_key.strip_prefix(EMBED).unwrap_or(draft_key)
        ),
    }
}

/// The storage key of the draft of plan file `id` (see `web::folder`).
pub fn file_key(id: &str) -> String {
    format!("{FILE}{id}")
}

/// Forgets a plan file's draft and its base (the file holds it).
pub fn remove_file_draft(key: &str) {
    remove(&base_key(key));
    remove(key);
}

/// The plan last open in the folder named `folder`.
pub fn folder_last_open(folder: &str) -> Option<String> {
    read(&format!("{FOLDER_LAST}{folder}"))
}

/// Remembers the plan open in the folder named `folder`.
pub fn set_folder_last_open(folder: &str, id: &str) -> Result<(), StorageError> {
    write(&format!("{FOLDER_LAST}{folder}"), id)
}

/// True when a base is kept for the draft under `key` (its text is not copied out of storage:
/// this is asked on every save of a plan file).
pub fn has_draft_base(key: &str) -> bool {
    raw().is_ok_and(|s| js_item(&s, &base_key(key)).is_some())
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
            &records::encode_trash(&text, now_ms, &title),
            |stored| records::decode_record(stored).map(drop),
        )?;
    }
    let mut index = load_index();
    index.retain(|m| m.id != id);
    save_index(&index)?;
    remove(&plan_key(id));
    Ok(())
}

/// Forgets a plan for good (no trash): its record, its index entry and its history. For a new
/// plan nobody typed in, dropped when another plan is opened.
pub fn forget_plan(id: &str) -> Result<(), StorageError> {
    let mut index = load_index();
    index.retain(|m| m.id != id);
    save_index(&index)?;
    remove(&plan_key(id));
    remove(&format!("{HISTORY}{id}"));
    Ok(())
}

/// How many plans the trash holds (their keys only: no record is read).
pub fn trash_count() -> usize {
    keys().iter().filter(|k| k.starts_with(TRASH)).count()
}

/// What the trash holds, newest first.
pub fn trash() -> Vec<TrashEntry> {
    let entries = keys().into_iter().filter_map(|k| {
        let id = k.strip_prefix(TRASH)?;
        records::decode_trash_entry(id, &read(&k)?)
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
        read(&key).ok_or_else(|| StorageError::Missing(format!("{id} is not in the trash")))?;
    let stored = records::decode_record(&text)?;
    let markdown = crate::core::to_markdown(&stored.plan);
    let meta = meta_of(id, &stored.plan, stored.revision);
    // A plan restored under an id that is in use again would overwrite it: refuse instead.
    if read(&plan_key(id)).is_some() {
        return Err(StorageError::IdTaken(id.to_string()));
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

fn quarantine(key: &str, text: &str, reason: impl std::fmt::Display, now_ms: f64) {
    // Never over an earlier recovery of the same key in the same millisecond.
    let mut stamp = now_ms as u64;
    let target = loop {
        let target = format!("{RECOVERY}{stamp}:{key}");
        if read(&target).is_none() {
            break target;
        }
        stamp += 1;
    };
    let note = SetAside {
        key: key.to_string(),
        reason: reason.to_string(),
        value: text.to_string(),
    };
    // Only remove the original once its copy is safely stored.
    if write(&target, &note.encode()).is_ok() {
        remove(key);
        guard::set_aside();
    }
}

/// Everything moved aside so far, with what it holds.
fn set_aside_values() -> Vec<(String, SetAside)> {
    keys()
        .into_iter()
        .filter(|k| k.starts_with(RECOVERY))
        .filter_map(|k| {
            let note = SetAside::decode(&read(&k)?)?;
            Some((k, note))
        })
        .collect()
}

/// Everything moved aside so far.
pub fn recovered() -> Vec<Recovered> {
    set_aside_values()
        .into_iter()
        .map(|(key, note)| Recovered {
            key,
            original: note.key,
            reason: note.reason,
        })
        .collect()
}

/// The unreadable data, as one JSON file to download: `{key: original value}`.
pub fn recovered_download() -> String {
    let notes: Vec<SetAside> = set_aside_values().into_iter().map(|(_, n)| n).collect();
    records::recovery_file(&notes)
}

/// Forgets the data moved aside (after the user downloaded it).
pub fn discard_recovered() {
    for r in recovered() {
        remove(&r.key);
    }
}

// ---- history -------------------------------------------------------------------------------

/// A plan's snapshots, oldest first (empty when none or unreadable).
pub fn history(id: &str) -> Vec<Snapshot> {
    read(&format!("{HISTORY}{id}"))
        .and_then(|t| records::decode_history(&t).ok())
        .unwrap_or_default()
}

/// Adds a snapshot unless the plan is unchanged since the last one, then trims the history to
/// its bounds. History is best effort: when storage is full the oldest snapshots go first.
pub fn push_snapshot(id: &str, markdown: &str, now_ms: f64) -> Result<(), StorageError> {
    match records::with_snapshot(history(id), markdown, now_ms) {
        Some(snapshots) => save_history(id, snapshots),
        None => Ok(()),
    }
}

fn save_history(id: &str, mut snapshots: Vec<Snapshot>) -> Result<(), StorageError> {
    records::trim(&mut snapshots);
    loop {
        let text = records::encode_history(&snapshots);
        let written = write_over(&format!("{HISTORY}{id}"), &text, |stored| {
            records::decode_history(stored).map(drop)
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

fn template_key(id: &str) -> String {
    format!("{TEMPLATE}{id}")
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
        match records::decode_template(id, &text) {
            Ok(t) => out.push(t),
            Err(reason) => quarantine(&key, &text, &reason, now_ms),
        }
    }
    out
}

/// Writes a user template if its stored revision is still `base`; returns the new revision.
pub fn save_template(id: &str, markdown: &str, base: u64) -> Result<u64, StorageError> {
    let key = template_key(id);
    let stored = match read(&key).map(|t| (records::decode_template(id, &t), t)) {
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
    write(&key, &records::encode_template(markdown, revision))?;
    Ok(revision)
}

/// Removes a user template; returns what was stored (for Undo).
pub fn delete_template(id: &str) -> Option<StoredTemplate> {
    let key = template_key(id);
    let stored = read(&key).and_then(|t| records::decode_template(id, &t).ok());
    remove(&key);
    stored
}

/// The id of the template New plan starts from, if the user chose one.
pub fn default_template() -> Option<String> {
    read(DEFAULT_TEMPLATE).filter(|id| records::valid_id(id))
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

/// Every plan, everything in the trash and the user's templates, as one backup file
/// ([`records::encode_backup`]); with `with_history` each plan's snapshots come along.
pub fn backup_json(with_history: bool) -> String {
    let collect = |prefix: &str| -> Vec<serde_json::Value> {
        keys()
            .into_iter()
            .filter_map(|k| {
                let id = k.strip_prefix(prefix)?;
                let snapshots = if with_history {
                    history(id)
                } else {
                    Vec::new()
                };
                records::backup_entry(id, &read(&k)?, &snapshots)
            })
            .collect()
    };
    records::encode_backup(collect(PLAN), collect(TRASH), &load_templates(0.0))
}

/// Why a backup was not imported.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    /// The file is not a backup this build reads.
    #[error("{0}")]
    Unreadable(#[from] RecordError),
    /// Storage refused a write.
    #[error("{0}")]
    Storage(#[from] StorageError),
}

/// Merges a backup into storage by plan id: its plans into the library, its trash into the
/// trash. A plan that is not here is added; one that is here, in the same place, and identical
/// is skipped; otherwise both are kept (the backup's under a new id). Nothing stored is
/// overwritten. Histories in the backup come along for plans that have none here.
pub fn import_backup(text: &str, new_id: impl Fn() -> String) -> Result<BackupReport, BackupError> {
    let backup = records::decode_backup(text)?;
    // The backup's templates first, so its plans read against them: one not here is added;
    // one here is kept as it is.
    for t in &backup.templates {
        if read(&template_key(&t.id)).is_none() {
            save_template(&t.id, &t.markdown, 0)?;
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
        write(&plan_key(&id), &record)?;
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
            &records::encode_trash(&record, entry.deleted, &title),
        )?;
        import_history(&id, entry);
    }
    save_index(&index)?;
    Ok(report)
}

/// The id a backup's entry is stored under in `place` ([`PLAN`] or [`TRASH`]), counted in
/// `counts` ([`records::placement`] decides): `None` when the same plan is already there.
fn merge_target(
    place: &str,
    entry: &records::BackupEntry,
    markdown: &str,
    new_id: &impl Fn() -> String,
    counts: &mut Merged,
) -> Option<String> {
    let there = |prefix: &str| read(&format!("{prefix}{}", entry.id));
    let here = there(place);
    let taken = there(PLAN).is_some() || there(TRASH).is_some();
    let placement = records::placement(markdown, here.as_deref(), taken);
    counts.count(placement);
    match placement {
        records::Placement::Same => None,
        records::Placement::Own => Some(entry.id.clone()),
        records::Placement::Copy => Some(new_id()),
    }
}

/// Stores the history a backup's entry carries as the history of plan `id`, unless it has one.
fn import_history(id: &str, entry: &records::BackupEntry) {
    if let Some(snapshots) = entry.history.clone()
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
