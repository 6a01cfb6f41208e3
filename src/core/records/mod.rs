//! The web app's stored records, as pure functions so they are host-tested and fuzzed: a plan
//! record is the core's JSON envelope plus `revision` (bumped by every save) and `writer` (the
//! id of the tab that saved it); the library index is a small versioned list. The web shell's
//! storage module only moves these strings in and out of localStorage.

mod aside;
mod backup;
mod history;
mod template;

pub use aside::{SetAside, TrashEntry, decode_trash_entry, encode_trash, recovery_file};
pub use backup::{
    BACKUP_FORMAT, Backup, BackupEntry, BackupReport, BackupTemplate, Merged, Placement,
    backup_entry, decode_backup, encode_backup, is_backup, placement,
};
pub use history::{
    HISTORY_BYTES, HISTORY_MAX, Snapshot, decode_history, encode_history, trim, with_snapshot,
};
pub use template::{
    MAX_TEMPLATE_BYTES, StoredTemplate, decode_template, encode_template, valid_template_id,
};

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::core::envelope::{self, EnvelopeError};
use crate::core::model::Plan;

/// The longest id a plan, a template or an embedded document may have (ids become part of
/// storage keys).
pub const MAX_ID_LEN: usize = 128;

/// True for an id that may become part of a storage key: not empty, within [`MAX_ID_LEN`].
pub fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_ID_LEN
}

/// Why a stored value (or a backup) could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// Not JSON.
    #[error("not JSON ({0})")]
    NotJson(String),
    /// JSON, but not the record expected (what was expected, and the detail).
    #[error("not a {0}{detail}", detail = if .1.is_empty() { String::new() } else { format!(" ({})", .1) })]
    NotA(&'static str, String),
    /// Written by a newer Planform.
    #[error("written by a newer Planform ({what} version {version})")]
    Newer {
        /// Which record.
        what: &'static str,
        /// The version found.
        version: u64,
    },
    /// A part the record must have is missing.
    #[error("{0} is missing")]
    Missing(&'static str),
    /// Over a limit.
    #[error("{what} is over {limit} bytes")]
    TooLarge {
        /// What is too large.
        what: &'static str,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A plan record whose envelope does not read.
    #[error(transparent)]
    Envelope(#[from] EnvelopeError),
}

/// The `format` of the library index.
pub const INDEX_FORMAT: &str = "planform-index";
/// The newest index version this build writes and reads.
pub const INDEX_VERSION: u64 = 1;

/// A plan as stored, with its revision and writer.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// The plan.
    pub plan: Plan,
    /// Its revision.
    pub revision: u64,
    /// The tab that wrote it (empty when unknown).
    pub writer: String,
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

#[derive(Serialize, Deserialize)]
struct Index {
    format: String,
    version: u64,
    plans: Vec<PlanMeta>,
}

/// Reads a stored plan record. Any text gives a plan or a message, never a panic.
pub fn decode_record(text: &str) -> Result<Record, RecordError> {
    let value: Json = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| RecordError::NotJson(e.to_string()))?;
    decode_record_value(value)
}

/// Reads an already parsed record (a backup holds them as JSON values).
pub fn decode_record_value(value: Json) -> Result<Record, RecordError> {
    let revision = value.get("revision").and_then(Json::as_u64).unwrap_or(0);
    let writer = value
        .get("writer")
        .and_then(Json::as_str)
        .unwrap_or("")
        .to_string();
    let plan = envelope::from_value(value)?;
    Ok(Record {
        plan,
        revision,
        writer,
    })
}

/// The revision of a record that surely reads as a plan, found without reading the plan: a
/// Planform envelope of a version this build reads, holding its markdown (from which a plan is
/// always read). `None` when that cannot be told so cheaply: then [`decode_record`] decides.
pub fn readable_revision(text: &str) -> Option<u64> {
    let value: Json = serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()?;
    let version = value.get("version").and_then(Json::as_u64)?;
    let ok = value.get("format").and_then(Json::as_str) == Some(envelope::FORMAT)
        && (1..=envelope::VERSION).contains(&version)
        && value.get("markdown").is_some_and(Json::is_string);
    ok.then(|| value.get("revision").and_then(Json::as_u64).unwrap_or(0))
}

/// The revision of a stored record, cheaply: [`encode_record`] writes it first, so it is read
/// from the opening bytes; anything else is decoded in full (0 when unreadable).
pub fn record_revision(text: &str) -> u64 {
    revision_from_head(text).unwrap_or_else(|| decode_record(text).map_or(0, |r| r.revision))
}

/// How much of a record's opening [`revision_from_head`] needs (in characters).
pub const REVISION_HEAD: u32 = 40;

/// The revision written first by [`encode_record`], from a record's opening characters; `None`
/// when the record does not open that way (then it must be decoded in full).
pub fn revision_from_head(head: &str) -> Option<u64> {
    let rest = head.strip_prefix("{\"revision\":")?;
    let end = rest.find(|c: char| !c.is_ascii_digit())?;
    rest[..end.min(20)].parse().ok()
}

/// Writes a record: the compact envelope with `revision` and `writer` spliced in after its `{`
/// (this runs on every keystroke: no parse and re-serialise).
pub fn encode_record(plan: &Plan, markdown: &str, revision: u64, writer: &str) -> String {
    let envelope = envelope::to_record_json(plan, markdown);
    let writer = serde_json::to_string(writer).unwrap_or_else(|_| "\"\"".into());
    match envelope.strip_prefix('{') {
        Some(rest) => format!("{{\"revision\":{revision},\"writer\":{writer},{rest}"),
        None => envelope,
    }
}

/// A string's length in UTF-16 units, from its bytes (every save counts its record: decoding
/// the characters of a large record cost more than a millisecond a key). A character is one
/// unit for its leading byte, and two when it takes four bytes (a surrogate pair).
pub fn utf16_len(s: &str) -> usize {
    s.bytes()
        .map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// A write-ahead record: the edits made to a stored record's markdown since it was last
/// written, as one replacement. The web app writes this small record on every keystroke and the
/// whole record once typing pauses; a tab killed in between loses nothing, because the next
/// start applies it ([`WriteAhead::apply`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WriteAhead {
    /// The storage key of the record it applies to.
    pub key: String,
    /// The revision of that record it applies to.
    pub base: u64,
    /// `markdown[start..end]` of the stored record (bytes) …
    pub start: usize,
    /// … ends here …
    pub end: usize,
    /// … and became this.
    pub text: String,
}

impl WriteAhead {
    /// The change from `stored` (the markdown the record holds) to `now`, for the record at
    /// `key`, revision `base`.
    pub fn between(key: &str, base: u64, stored: &str, now: &str) -> WriteAhead {
        let (start, end, new_end) = crate::core::import::edit_span(stored, now);
        WriteAhead {
            key: key.to_string(),
            base,
            start,
            end,
            text: now.get(start..new_end).unwrap_or("").to_string(),
        }
    }

    /// The stored markdown with the change applied; `None` when it does not fit that markdown
    /// (then the record changed since, and the change cannot be applied blindly).
    pub fn apply(&self, stored: &str) -> Option<String> {
        let (before, after) = (stored.get(..self.start)?, stored.get(self.end..)?);
        if self.start > self.end {
            return None;
        }
        Some(format!("{before}{}{after}", self.text))
    }

    /// Reads one back (a clear message for anything else).
    pub fn decode(text: &str) -> Result<WriteAhead, RecordError> {
        serde_json::from_str(text)
            .map_err(|e| RecordError::NotA("write-ahead record", e.to_string()))
    }

    /// Writes it.
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// While typing goes on without a pause, the plan's record is still written this often (ms).
pub const FLUSH_AT_LEAST_MS: f64 = 2000.0;
/// A change larger than this (bytes) goes to the plan's record at once, not the write-ahead.
pub const WRITE_AHEAD_MAX: usize = 16 * 1024;

/// What a plan's stored record holds, as the tab last wrote or read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// Its storage key.
    pub key: String,
    /// Its revision.
    pub revision: u64,
    /// Its markdown.
    pub markdown: String,
}

/// What a save of an edit writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveStep {
    /// The change, into the tab's write-ahead record (the plan's record is written when typing
    /// pauses).
    WriteAhead(WriteAhead),
    /// The plan's whole record, now.
    Record,
}

/// How an edit of the record at `key`, revision `revision`, now reading `markdown`, is saved:
/// a write-ahead record of the change while the tab knows what the record holds (`written`,
/// the same key and revision), the change is small ([`WRITE_AHEAD_MAX`]) and the write-ahead
/// record has not waited past [`FLUSH_AT_LEAST_MS`] (`pending_since`: when it began, if it
/// holds edits); else the whole record.
pub fn save_step(
    written: Option<&Written>,
    key: &str,
    revision: u64,
    markdown: &str,
    pending_since: Option<f64>,
    now_ms: f64,
) -> SaveStep {
    if pending_since.is_some_and(|since| now_ms - since > FLUSH_AT_LEAST_MS) {
        return SaveStep::Record;
    }
    let Some(w) = written.filter(|w| w.key == key && w.revision == revision) else {
        return SaveStep::Record;
    };
    let entry = WriteAhead::between(key, revision, &w.markdown, markdown);
    if entry.text.len() > WRITE_AHEAD_MAX {
        return SaveStep::Record;
    }
    SaveStep::WriteAhead(entry)
}

/// Reads the library index.
pub fn decode_index(text: &str) -> Result<Vec<PlanMeta>, RecordError> {
    let index: Index = serde_json::from_str(text)
        .map_err(|e| RecordError::NotA("library index", e.to_string()))?;
    if index.format != INDEX_FORMAT {
        return Err(RecordError::NotA(
            "library index",
            format!("\"format\" is {:?}", index.format),
        ));
    }
    if index.version > INDEX_VERSION {
        return Err(RecordError::Newer {
            what: "index",
            version: index.version,
        });
    }
    Ok(index.plans)
}

/// Writes the library index.
pub fn encode_index(plans: &[PlanMeta]) -> String {
    let index = Index {
        format: INDEX_FORMAT.into(),
        version: INDEX_VERSION,
        plans: plans.to_vec(),
    };
    serde_json::to_string(&index).unwrap_or_default()
}

/// What library search looks in for a stored plan, lower-cased: the plan's markdown as the
/// user sees it, never the JSON around it (every record says `planform` and `markdown`). The
/// record's own `markdown` is taken when it has one (no plan to rebuild), else the plan is
/// rendered. `None` when the record cannot be read.
pub fn search_text(record: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Text {
        markdown: Option<String>,
    }
    let record = record.trim_start_matches('\u{feff}');
    let markdown = match serde_json::from_str::<Text>(record) {
        Ok(Text {
            markdown: Some(markdown),
        }) => markdown,
        _ => crate::core::render::to_markdown(&decode_record(record).ok()?.plan),
    };
    Some(markdown.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::render::to_markdown;

    #[test]
    fn records_round_trip_with_revision_and_writer() {
        let plan = Plan::from_template();
        let text = encode_record(&plan, &to_markdown(&plan), 7, "tab \"one\"");
        let r = decode_record(&text).unwrap();
        assert_eq!((r.revision, r.writer.as_str()), (7, "tab \"one\""));
        assert_eq!(record_revision(&text), 7);
        let pretty = text.replacen("{\"revision\":7", "{\n  \"revision\": 9", 1);
        assert_eq!(record_revision(&pretty), 9);
        assert_eq!(record_revision("not json"), 0);
        assert_eq!(r.plan, plan);
    }

    #[test]
    fn utf16_lengths_counted_from_bytes() {
        for s in [
            "",
            "plain",
            "é ü",
            "€ – “quotes”",
            "🦀 crab 𝄞",
            "\u{0}\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}",
        ] {
            assert_eq!(utf16_len(s), s.encode_utf16().count(), "{s}");
        }
    }

    #[test]
    fn write_ahead_records_apply_only_where_they_fit() {
        let stored = "# Plan\n\nTyped é here.\n\n## Next\n";
        let now = "# Plan\n\nTyped é and more here.\n\n## Next\n";
        let w = WriteAhead::between("planform:plan:a", 3, stored, now);
        assert!(w.text.len() < 12, "{w:?}");
        let back = WriteAhead::decode(&w.encode()).unwrap();
        assert_eq!(back, w);
        assert_eq!(back.apply(stored).as_deref(), Some(now));
        assert_eq!(
            WriteAhead::between("k", 0, now, now).apply(now).as_deref(),
            Some(now)
        );
        // A record that changed since (shorter, or cut inside a character) is refused.
        assert_eq!(w.apply("# P"), None);
        let mid = WriteAhead {
            start: 15,
            end: 15,
            ..w.clone()
        };
        assert_eq!(mid.apply(stored), None);
        assert_eq!(
            WriteAhead {
                start: 5,
                end: 2,
                ..w
            }
            .apply(stored),
            None
        );
        assert!(WriteAhead::decode("{}").is_err());
    }

    #[test]
    fn readable_revisions_only_for_records_that_read() {
        let plan = Plan::from_template();
        let text = encode_record(&plan, &to_markdown(&plan), 7, "t");
        assert_eq!(readable_revision(&text), Some(7));
        for bad in [
            "",
            "{",
            "{\"format\":\"planform\",\"version\":99,\"markdown\":\"# A\"}",
            "{\"format\":\"planform\",\"version\":0,\"markdown\":\"# A\"}",
            "{\"format\":\"other\",\"version\":1,\"markdown\":\"# A\"}",
            "{\"format\":\"planform\",\"version\":1,\"plan\":{}}",
        ] {
            assert_eq!(readable_revision(bad), None, "{bad}");
        }
        // Whatever it accepts, the full read accepts too.
        for good in [
            text.as_str(),
            "{\"format\":\"planform\",\"version\":1,\"markdown\":\"\",\"plan\":7}",
        ] {
            assert!(
                readable_revision(good).is_some() && decode_record(good).is_ok(),
                "{good}"
            );
        }
    }

    #[test]
    fn bad_records_are_errors() {
        for bad in [
            "",
            "{",
            "[1,2]",
            "null",
            "{\"format\":\"planform\",\"version\":99,\"plan\":{}}",
            "{\"format\":\"other\",\"version\":1}",
            "{\"revision\":\"x\",\"format\":\"planform\",\"version\":1}",
        ] {
            assert!(decode_record(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn index_round_trip_and_refusals() {
        let plans = vec![PlanMeta {
            id: "a".into(),
            title: "A".into(),
            revision: 3,
            ..PlanMeta::default()
        }];
        assert_eq!(decode_index(&encode_index(&plans)).unwrap(), plans);
        assert!(decode_index("[]").is_err());
        assert!(
            decode_index("{\"format\":\"planform-index\",\"version\":2,\"plans\":[]}").is_err()
        );
    }

    #[test]
    fn backups_read_every_good_plan_and_count_the_rest() {
        let plan = Plan::from_template();
        let record: Json =
            serde_json::from_str(&encode_record(&plan, &to_markdown(&plan), 2, "t")).unwrap();
        let mut with_id = record.clone();
        with_id["id"] = Json::from("p1");
        let backup = serde_json::json!({
            "format": BACKUP_FORMAT, "version": 1,
            "plans": [with_id, record, {"id": "p3", "format": "planform", "version": 1}],
        })
        .to_string();
        assert!(is_backup(&backup));
        let read = decode_backup(&backup).unwrap();
        assert_eq!(read.plans.len(), 1);
        assert_eq!(read.plans[0].id, "p1");
        assert_eq!(read.plans[0].record.revision, 2);
        assert!(read.trash.is_empty());
        assert_eq!(read.unreadable, 2);
        assert!(decode_backup("{\"format\":\"planform\"}").is_err());
    }

    /// What Export ▸ Backup writes for the trash is read back too, and a backup whose plans are
    /// all in the trash is a backup.
    #[test]
    fn backups_bring_back_the_trash() {
        let plan = Plan::from_template();
        let mut trashed: Json =
            serde_json::from_str(&encode_record(&plan, &to_markdown(&plan), 4, "t")).unwrap();
        trashed["id"] = Json::from("gone");
        trashed["deleted"] = Json::from(1_700_000_000_000.0);
        trashed["title"] = Json::from("Old plan");
        let backup = serde_json::json!({
            "format": BACKUP_FORMAT, "version": 1, "trash": [trashed],
        })
        .to_string();
        let read = decode_backup(&backup).expect("a backup of the trash only");
        assert!(read.plans.is_empty());
        assert_eq!(read.unreadable, 0);
        let [entry] = read.trash.as_slice() else {
            panic!("{:?}", read.trash)
        };
        assert_eq!(entry.id, "gone");
        assert_eq!(entry.deleted, 1_700_000_000_000.0);
        assert_eq!((entry.record.revision, &entry.record.plan), (4, &plan));
        assert_eq!(entry.history, None);

        // With plans and history beside it; unreadable trash entries are counted.
        let mut live: Json =
            serde_json::from_str(&encode_record(&plan, &to_markdown(&plan), 1, "t")).unwrap();
        live["id"] = Json::from("here");
        live["history"] = serde_json::json!([{"time": 1.0, "markdown": "# A", "summary": "x"}]);
        let backup = serde_json::json!({
            "format": BACKUP_FORMAT, "version": 1,
            "plans": [live], "trash": [{"id": "bad"}, 7],
        })
        .to_string();
        let read = decode_backup(&backup).unwrap();
        assert_eq!(read.plans.len(), 1);
        assert!(read.plans[0].history.is_some());
        assert!(read.trash.is_empty());
        assert_eq!(read.unreadable, 2);

        for refused in [
            "{\"format\":\"planform-backup\",\"version\":1}",
            "{\"format\":\"planform-backup\",\"plans\":{},\"trash\":\"x\"}",
        ] {
            assert!(decode_backup(refused).is_err(), "{refused}");
        }
    }

    /// Library search looks at what the plan says, not at the JSON it is stored in.
    #[test]
    fn search_text_is_the_plan_not_its_record() {
        let plan = crate::core::import_markdown(
            "# Technical Plan: Checkout\n\n## Problem Statement\n\nPages load SLOWLY.\n",
        );
        let text = search_text(&encode_record(&plan, &to_markdown(&plan), 3, "tab")).unwrap();
        assert!(
            text.contains("checkout") && text.contains("pages load slowly"),
            "{text}"
        );
        for stored_only in [
            "planform", "markdown", "revision", "writer", "format", "tab",
        ] {
            assert!(!text.contains(stored_only), "{stored_only} in {text}");
        }
        // A record without its markdown (an early format) is rendered from its plan.
        let mut value: Json = serde_json::from_str(&envelope::to_json(&plan)).unwrap();
        value.as_object_mut().unwrap().remove("markdown");
        assert_eq!(search_text(&value.to_string()), Some(text));
        assert_eq!(search_text("not json"), None);
    }

    /// A plan that merely mentions the backup format near its start is still a plan.
    #[test]
    fn only_a_backup_is_a_backup() {
        let markdown = "# Technical Plan: Read planform-backup files in the CLI\n\nBody.\n";
        assert!(!is_backup(markdown));
        // A plan envelope (keys in any order) whose opening mentions the backup format.
        let envelope = "{\"markdown\":\"# Technical Plan: Import planform-backup files\\n\",\
                        \"format\":\"planform\",\"version\":1}";
        let (plan, _) = crate::core::formats::read_plan(envelope).unwrap();
        assert_eq!(plan.title(), "Import planform-backup files");
        assert!(!is_backup(envelope));
        let quoted =
            "{\"format\":\"planform\",\"note\":\"\\\"format\\\":\\\"planform-backup\\\"\"}";
        assert!(!is_backup(quoted));
        for backup in [
            "{\"format\":\"planform-backup\",\"version\":1,\"plans\":[]}",
            "\u{feff}\n  {\"version\":1,\"plans\":[],\"format\":\"planform-backup\"}",
        ] {
            assert!(is_backup(backup), "{backup}");
        }
        for not in [
            "",
            "{",
            "[\"planform-backup\"]",
            "{\"format\":[\"planform-backup\"]}",
        ] {
            assert!(!is_backup(not), "{not}");
        }
    }

    /// A backup written from stored records reads back whole: plans, trash (with when it was
    /// deleted and its title), histories and templates.
    #[test]
    fn backups_round_trip_from_what_is_stored() {
        let plan = Plan::from_template();
        let md = to_markdown(&plan);
        let stored = encode_record(&plan, &md, 3, "tab");
        let snapshots = with_snapshot(Vec::new(), &md, 5.0).unwrap();
        let trashed = encode_trash(&stored, 9.0, "Gone");
        let templates = [StoredTemplate {
            id: "incident".into(),
            markdown: "# Incident: [Name]\n\n## What happened\n".into(),
            revision: 2,
        }];
        let file = encode_backup(
            vec![backup_entry("p1", &stored, &snapshots).unwrap()],
            vec![backup_entry("p2", &trashed, &[]).unwrap()],
            &templates,
        );
        assert!(is_backup(&file));
        let read = decode_backup(&file).unwrap();
        assert_eq!(read.unreadable, 0);
        assert_eq!(
            (read.plans[0].id.as_str(), read.plans[0].record.revision),
            ("p1", 3)
        );
        assert_eq!(read.plans[0].history.as_deref(), Some(snapshots.as_slice()));
        assert_eq!(
            (read.trash[0].id.as_str(), read.trash[0].deleted),
            ("p2", 9.0)
        );
        assert_eq!(read.trash[0].history, None);
        assert_eq!(
            read.templates,
            vec![BackupTemplate {
                id: "incident".into(),
                markdown: templates[0].markdown.clone(),
            }]
        );
        // Not a JSON object: not an entry (and nothing else breaks).
        assert_eq!(backup_entry("p3", "not json", &[]), None);
        // Templates with an id that cannot be a key are left out.
        let odd = file.replace("\"id\":\"incident\"", "\"id\":\"a b\"");
        assert!(decode_backup(&odd).unwrap().templates.is_empty());
    }

    /// A backup's entry is skipped when the same plan is there, kept under its id when the id
    /// is free, and kept as a copy when the id holds another plan (nothing is overwritten).
    #[test]
    fn backup_entries_never_overwrite() {
        let plan = Plan::from_template();
        let md = to_markdown(&plan);
        let same = encode_record(&plan, &md, 1, "");
        let other_plan = crate::core::import_markdown("# Technical Plan: Other\n");
        let other = encode_record(&other_plan, &to_markdown(&other_plan), 1, "");
        assert_eq!(placement(&md, Some(&same), true), Placement::Same);
        assert_eq!(placement(&md, None, false), Placement::Own);
        assert_eq!(placement(&md, Some(&other), true), Placement::Copy);
        assert_eq!(placement(&md, None, true), Placement::Copy);
        assert_eq!(placement(&md, Some("garbage"), true), Placement::Copy);
        let mut counts = Merged::default();
        for p in [
            Placement::Same,
            Placement::Own,
            Placement::Copy,
            Placement::Copy,
        ] {
            counts.count(p);
        }
        assert_eq!(
            counts,
            Merged {
                added: 1,
                same: 1,
                copies: 2
            }
        );
    }

    /// Every reader says what it could not read, typed.
    #[test]
    fn errors_say_what_is_wrong() {
        assert!(matches!(decode_record("{"), Err(RecordError::NotJson(_))));
        assert!(matches!(
            decode_record("{\"format\":\"planform\",\"version\":99}"),
            Err(RecordError::Envelope(EnvelopeError::TooNew { .. }))
        ));
        assert_eq!(
            decode_index("{\"format\":\"planform-index\",\"version\":5,\"plans\":[]}"),
            Err(RecordError::Newer {
                what: "index",
                version: 5
            })
        );
        assert_eq!(
            decode_backup("{\"format\":\"x\"}").unwrap_err().to_string(),
            "not a Planform backup"
        );
        assert!(valid_id(&"a".repeat(MAX_ID_LEN)) && !valid_id(&"a".repeat(MAX_ID_LEN + 1)));
        assert!(!valid_id(""));
    }

    /// Every key of every older stored layout (`tests/fixtures/storage/`, which the browser
    /// spec `stored-formats` loads too) reads with these decoders, or, for the pre-release
    /// index, is refused (and then rebuilt from the plans).
    #[test]
    fn every_older_stored_layout_reads() {
        for (name, fixture, index_reads) in [
            (
                "format 1",
                include_str!("../../../tests/fixtures/storage/format-1.json"),
                true,
            ),
            (
                "pre-release",
                include_str!("../../../tests/fixtures/storage/format-0-prerelease.json"),
                false,
            ),
        ] {
            let fixture: Json = serde_json::from_str(fixture).unwrap();
            let storage = fixture["storage"].as_object().unwrap();
            let mut plans = 0;
            for (key, value) in storage {
                let text = value.as_str().unwrap();
                if key == "planform:index" {
                    assert_eq!(decode_index(text).is_ok(), index_reads, "{name}: {key}");
                } else if let Some(id) = key.strip_prefix("planform:plan:") {
                    let record =
                        decode_record(text).unwrap_or_else(|e| panic!("{name}: {key}: {e}"));
                    assert!(!to_markdown(&record.plan).is_empty(), "{name}: {id}");
                    plans += 1;
                } else if let Some(id) = key.strip_prefix("planform:trash:") {
                    decode_record(text).unwrap_or_else(|e| panic!("{name}: {key}: {e}"));
                    let entry = decode_trash_entry(id, text).unwrap();
                    assert!(entry.deleted > 0.0, "{name}: {key}");
                }
            }
            assert!(plans > 0, "{name} has plans");
        }
    }

    /// An edit goes to the write-ahead record while the tab knows the stored record and the
    /// change is small; otherwise, and once typing has gone on too long, the record is written.
    #[test]
    fn saves_write_ahead_only_where_it_is_safe_and_small() {
        let written = Written {
            key: "planform:plan:a".into(),
            revision: 3,
            markdown: "# A\n\nOne.\n".into(),
        };
        let now = "# A\n\nOne, two.\n";
        match save_step(Some(&written), "planform:plan:a", 3, now, None, 10.0) {
            SaveStep::WriteAhead(w) => assert_eq!(w.apply(&written.markdown).as_deref(), Some(now)),
            other => panic!("{other:?}"),
        }
        // Pending, but not for long: still the write-ahead.
        assert!(matches!(
            save_step(
                Some(&written),
                "planform:plan:a",
                3,
                now,
                Some(0.0),
                FLUSH_AT_LEAST_MS
            ),
            SaveStep::WriteAhead(_)
        ));
        for step in [
            // Nothing known of the record (its first save), or another record, or revision.
            save_step(None, "planform:plan:a", 3, now, None, 10.0),
            save_step(Some(&written), "planform:plan:b", 3, now, None, 10.0),
            save_step(Some(&written), "planform:plan:a", 4, now, None, 10.0),
            // Typing went on past the longest wait.
            save_step(
                Some(&written),
                "planform:plan:a",
                3,
                now,
                Some(0.0),
                FLUSH_AT_LEAST_MS + 1.0,
            ),
            // A large change (a paste).
            save_step(
                Some(&written),
                "planform:plan:a",
                3,
                &"x".repeat(WRITE_AHEAD_MAX + 1),
                None,
                10.0,
            ),
        ] {
            assert_eq!(step, SaveStep::Record);
        }
    }
}
