//! What is kept aside: a deleted plan in the trash (its plan record plus `deleted`, ms since
//! 1970, and the `title` the trash lists) and a value that could not be read, moved aside
//! verbatim under a recovery key (`{"key": where it was, "reason": why, "value": the text}`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

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

/// A trashed plan as stored: its plan `record` plus `deleted` and `title`. A record that is not
/// a JSON object (it could not be read either) is kept as it was.
pub fn encode_trash(record: &str, deleted_ms: f64, title: &str) -> String {
    let mut map: Map<String, Json> = match serde_json::from_str(record) {
        Ok(Json::Object(o)) => o,
        _ => return record.to_string(),
    };
    map.insert("deleted".into(), Json::from(deleted_ms));
    map.insert("title".into(), Json::from(title));
    serde_json::to_string(&Json::Object(map)).unwrap_or_else(|_| record.to_string())
}

/// What the trash lists of the plan stored as `text` under id `id` (`None` when it is not
/// JSON; the plan itself is read only when it is restored).
pub fn decode_trash_entry(id: &str, text: &str) -> Option<TrashEntry> {
    #[derive(Deserialize)]
    struct Listed {
        title: Option<Json>,
        deleted: Option<Json>,
    }
    let listed: Listed = serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()?;
    Some(TrashEntry {
        id: id.to_string(),
        title: listed
            .title
            .as_ref()
            .and_then(Json::as_str)
            .unwrap_or("Untitled plan")
            .to_string(),
        deleted: listed
            .deleted
            .as_ref()
            .and_then(Json::as_f64)
            .unwrap_or(0.0),
    })
}

/// A value moved aside because it could not be read, as stored under its recovery key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetAside {
    /// The key it was found under.
    pub key: String,
    /// Why it could not be read.
    pub reason: String,
    /// The value, verbatim.
    pub value: String,
}

impl SetAside {
    /// As stored.
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads one back (`None` for anything else).
    pub fn decode(text: &str) -> Option<SetAside> {
        serde_json::from_str(text).ok()
    }
}

/// The values set aside as one JSON file to download: `{original key: value}`, in the order
/// given.
pub fn recovery_file(set_aside: &[SetAside]) -> String {
    let mut out = Map::new();
    for s in set_aside {
        out.insert(s.key.clone(), Json::from(s.value.as_str()));
    }
    serde_json::to_string_pretty(&Json::Object(out)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trash_records_keep_the_plan_and_list_title_and_time() {
        let record =
            "{\"revision\":3,\"format\":\"planform\",\"version\":2,\"markdown\":\"# A\\n\"}";
        let text = encode_trash(record, 1_700_000_000_000.0, "A “quoted” plan");
        let entry = decode_trash_entry("p1", &text).unwrap();
        assert_eq!(
            entry,
            TrashEntry {
                id: "p1".into(),
                title: "A “quoted” plan".into(),
                deleted: 1_700_000_000_000.0,
            }
        );
        let plan = crate::core::records::decode_record(&text).unwrap();
        assert_eq!(plan.revision, 3);
        // An older trash record without a title lists as untitled; what is not JSON, not at all.
        assert_eq!(
            decode_trash_entry("x", record).unwrap().title,
            "Untitled plan"
        );
        assert_eq!(decode_trash_entry("x", "not json"), None);
        // A record that is not an object is kept as it was (nothing is lost).
        assert_eq!(encode_trash("[1]", 1.0, "t"), "[1]");
    }

    #[test]
    fn set_aside_values_come_back_verbatim() {
        let s = SetAside {
            key: "planform:plan:a".into(),
            reason: "not JSON (EOF)".into(),
            value: "{\"half a record".into(),
        };
        assert_eq!(SetAside::decode(&s.encode()), Some(s.clone()));
        assert_eq!(SetAside::decode("{}"), None);
        let file: Json = serde_json::from_str(&recovery_file(&[s])).unwrap();
        assert_eq!(file["planform:plan:a"], "{\"half a record");
    }
}
