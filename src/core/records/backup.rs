//! The backup file: `{"format":"planform-backup","version":1,"plans":[record…],"trash":[record…],
//! "templates":[{id, markdown}…]}`, where a record is what storage holds (the plan record, a
//! trashed one with `deleted` and `title`) plus its `id` and, in a backup with history, its
//! `history` snapshots. Reading one keeps every entry that reads and counts the rest; merging
//! one into a library never overwrites what is there.

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::history::Snapshot;
use super::template::{MAX_TEMPLATE_BYTES, StoredTemplate, valid_template_id};
use super::{Record, RecordError, decode_record, decode_record_value, valid_id};

/// The `format` of a backup file.
pub const BACKUP_FORMAT: &str = "planform-backup";
/// The backup version this build writes.
pub const BACKUP_VERSION: u64 = 1;

/// One plan of a backup file, from its library or from its trash.
#[derive(Clone, Debug, PartialEq)]
pub struct BackupEntry {
    /// The plan's id where it was backed up.
    pub id: String,
    /// The plan as stored there.
    pub record: Record,
    /// When it was deleted (ms since 1970), for a plan of the trash (0 when the entry lacks it).
    pub deleted: f64,
    /// Its revision history, when the backup has it and it reads.
    pub history: Option<Vec<Snapshot>>,
}

/// A user template of a backup file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupTemplate {
    /// Its id.
    pub id: String,
    /// Its annotated markdown.
    pub markdown: String,
}

/// What a backup file holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Backup {
    /// The plans of the library.
    pub plans: Vec<BackupEntry>,
    /// The plans that were in the trash.
    pub trash: Vec<BackupEntry>,
    /// The user's templates (those with a usable id and size).
    pub templates: Vec<BackupTemplate>,
    /// Entries (of either list of plans) that could not be read.
    pub unreadable: usize,
}

/// Reads a backup file: every readable entry of its `plans` and of its `trash`, and how many
/// entries could not be read. A file that is not a backup, or that has neither list, is an
/// error; a backup with nothing but a trash is not.
pub fn decode_backup(text: &str) -> Result<Backup, RecordError> {
    let value: Json = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| RecordError::NotJson(e.to_string()))?;
    if value.get("format").and_then(Json::as_str) != Some(BACKUP_FORMAT) {
        return Err(RecordError::NotA("Planform backup", String::new()));
    }
    let list = |name: &str| match value.get(name) {
        Some(Json::Array(entries)) => Some(entries.as_slice()),
        _ => None,
    };
    let (plans, trash) = (list("plans"), list("trash"));
    if plans.is_none() && trash.is_none() {
        return Err(RecordError::Missing("the backup's list of plans"));
    }
    let mut unreadable = 0;
    let mut read = |entries: Option<&[Json]>| -> Vec<BackupEntry> {
        let entries = entries.unwrap_or_default();
        let out: Vec<BackupEntry> = entries.iter().filter_map(decode_entry).collect();
        unreadable += entries.len() - out.len();
        out
    };
    let (plans, trash) = (read(plans), read(trash));
    let templates = list("templates")
        .unwrap_or_default()
        .iter()
        .filter_map(|t| {
            let id = t.get("id").and_then(Json::as_str)?;
            let markdown = t.get("markdown").and_then(Json::as_str)?;
            (valid_template_id(id) && markdown.len() <= MAX_TEMPLATE_BYTES).then(|| {
                BackupTemplate {
                    id: id.to_string(),
                    markdown: markdown.to_string(),
                }
            })
        })
        .collect();
    Ok(Backup {
        plans,
        trash,
        templates,
        unreadable,
    })
}

/// One entry of a backup's list, or `None` when it has no usable id or no readable plan.
fn decode_entry(entry: &Json) -> Option<BackupEntry> {
    let id = entry.get("id").and_then(Json::as_str)?.to_string();
    // The id becomes part of a storage key: keep it short.
    if !valid_id(&id) {
        return None;
    }
    let record = decode_record_value(entry.clone()).ok()?;
    Some(BackupEntry {
        id,
        record,
        deleted: entry.get("deleted").and_then(Json::as_f64).unwrap_or(0.0),
        history: entry
            .get("history")
            .and_then(|h| serde_json::from_value(h.clone()).ok()),
    })
}

/// The entry a backup lists for the record `stored` under id `id` (with its `history` when
/// one is given); `None` when the stored text is not a JSON object.
pub fn backup_entry(id: &str, stored: &str, history: &[Snapshot]) -> Option<Json> {
    let Ok(Json::Object(mut record)) = serde_json::from_str::<Json>(stored) else {
        return None;
    };
    if !history.is_empty() {
        record.insert(
            "history".into(),
            serde_json::to_value(history).unwrap_or(Json::Null),
        );
    }
    record.insert("id".into(), Json::from(id));
    Some(Json::Object(record))
}

/// Writes a backup file of the entries made by [`backup_entry`] and the user's templates.
pub fn encode_backup(plans: Vec<Json>, trash: Vec<Json>, templates: &[StoredTemplate]) -> String {
    #[derive(Serialize)]
    struct Template<'a> {
        id: &'a str,
        markdown: &'a str,
    }
    #[derive(Serialize)]
    struct File<'a> {
        format: &'a str,
        version: u64,
        plans: Vec<Json>,
        trash: Vec<Json>,
        templates: Vec<Template<'a>>,
    }
    serde_json::to_string(&File {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        plans,
        trash,
        templates: templates
            .iter()
            .map(|t| Template {
                id: &t.id,
                markdown: &t.markdown,
            })
            .collect(),
    })
    .unwrap_or_default()
}

/// Where a backup's entry goes when it is merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// The same plan is already there: nothing to do.
    Same,
    /// Under its own id, which is free.
    Own,
    /// Under a new id: its own is taken by another plan (both are kept).
    Copy,
}

/// Where an entry whose plan renders as `markdown` goes: `here` is the record stored under its
/// id in the place it is merged into (the library or the trash), `taken` whether its id is used
/// anywhere (a plan or a trashed plan: restoring from the trash refuses an id that is in use).
pub fn placement(markdown: &str, here: Option<&str>, taken: bool) -> Placement {
    let same = here
        .and_then(|t| decode_record(t).ok())
        .is_some_and(|r| crate::core::render::to_markdown(&r.plan) == markdown);
    if same {
        Placement::Same
    } else if taken || here.is_some() {
        Placement::Copy
    } else {
        Placement::Own
    }
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

impl Merged {
    /// Counts one entry placed so.
    pub fn count(&mut self, placement: Placement) {
        match placement {
            Placement::Same => self.same += 1,
            Placement::Own => self.added += 1,
            Placement::Copy => self.copies += 1,
        }
    }
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

/// True when `text` is a Planform backup file (rather than one plan): a JSON object whose
/// `format` is [`BACKUP_FORMAT`]. Decided by parsing, not by looking for the name, because a plan
/// may well mention `planform-backup` in its title or text. Only text that opens with `{` is
/// parsed (a markdown or HTML plan of any size is answered at once), and only `format` is kept
/// from it.
pub fn is_backup(text: &str) -> bool {
    #[derive(Deserialize)]
    struct Head {
        format: Option<Json>,
    }
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with('{')
        && serde_json::from_str::<Head>(text)
            .is_ok_and(|h| h.format.as_ref().and_then(Json::as_str) == Some(BACKUP_FORMAT))
}
