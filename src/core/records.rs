//! The web app's stored records, as pure functions so they are host-tested and fuzzed: a plan
//! record is the core's JSON envelope plus `revision` (bumped by every save) and `writer` (the
//! id of the tab that saved it); the library index is a small versioned list. The web shell's
//! storage module only moves these strings in and out of localStorage.

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::core::envelope;
use crate::core::model::Plan;

/// The `format` of the library index.
pub const INDEX_FORMAT: &str = "planform-index";
/// The newest index version this build writes and reads.
pub const INDEX_VERSION: u64 = 1;
/// The `format` of a backup file.
pub const BACKUP_FORMAT: &str = "planform-backup";

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
pub fn decode_record(text: &str) -> Result<Record, String> {
    let value: Json = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("not JSON ({e})"))?;
    decode_record_value(value)
}

/// Reads an already parsed record (a backup holds them as JSON values).
pub fn decode_record_value(value: Json) -> Result<Record, String> {
    let revision = value.get("revision").and_then(Json::as_u64).unwrap_or(0);
    let writer = value
        .get("writer")
        .and_then(Json::as_str)
        .unwrap_or("")
        .to_string();
    let plan = envelope::from_value(value).map_err(|e| e.to_string())?;
    Ok(Record {
        plan,
        revision,
        writer,
    })
}

/// The revision of a stored record, cheaply: [`encode_record`] writes it first, so it is read
/// from the opening bytes; anything else is decoded in full (0 when unreadable).
pub fn record_revision(text: &str) -> u64 {
    if let Some(rest) = text.strip_prefix("{\"revision\":") {
        let digits: String = rest
            .chars()
            .take_while(char::is_ascii_digit)
            .take(20)
            .collect();
        if let Ok(n) = digits.parse() {
            return n;
        }
    }
    decode_record(text).map_or(0, |r| r.revision)
}

/// Writes a record: the compact envelope with `revision` and `writer` spliced in after its `{`
/// (this runs on every keystroke: no parse and re-serialise).
pub fn encode_record(plan: &Plan, markdown: &str, revision: u64, writer: &str) -> String {
    let envelope = envelope::to_compact_json(plan, markdown);
    let writer = serde_json::to_string(writer).unwrap_or_else(|_| "\"\"".into());
    match envelope.strip_prefix('{') {
        Some(rest) => format!("{{\"revision\":{revision},\"writer\":{writer},{rest}"),
        None => envelope,
    }
}

/// Reads the library index.
pub fn decode_index(text: &str) -> Result<Vec<PlanMeta>, String> {
    let index: Index = serde_json::from_str(text).map_err(|e| format!("not an index ({e})"))?;
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

/// Writes the library index.
pub fn encode_index(plans: &[PlanMeta]) -> String {
    let index = Index {
        format: INDEX_FORMAT.into(),
        version: INDEX_VERSION,
        plans: plans.to_vec(),
    };
    serde_json::to_string(&index).unwrap_or_default()
}

/// The plans of a backup file: `(id, record)` for each readable plan, and how many entries
/// could not be read. A file that is not a backup is an error.
pub fn decode_backup(text: &str) -> Result<(Vec<(String, Record)>, usize), String> {
    let value: Json = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("not JSON ({e})"))?;
    if value.get("format").and_then(Json::as_str) != Some(BACKUP_FORMAT) {
        return Err("not a Planform backup".into());
    }
    let Some(Json::Array(plans)) = value.get("plans") else {
        return Err("the backup lists no plans".into());
    };
    let mut out = Vec::new();
    let mut unreadable = 0;
    for entry in plans {
        let id = entry
            .get("id")
            .and_then(Json::as_str)
            .unwrap_or("")
            .to_string();
        match decode_record_value(entry.clone()) {
            Ok(record) if !id.is_empty() && id.len() <= 128 => out.push((id, record)),
            _ => unreadable += 1,
        }
    }
    Ok((out, unreadable))
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
        let (plans, unreadable) = decode_backup(&backup).unwrap();
        assert_eq!(plans.len(), 1);
        assert_eq!(plans[0].0, "p1");
        assert_eq!(unreadable, 2);
        assert!(decode_backup("{\"format\":\"planform\"}").is_err());
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
}
