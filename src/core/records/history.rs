//! A plan's revision history as stored: `{"version":1,"snapshots":[{time, markdown, summary}…]}`,
//! oldest first, bounded in count and in bytes (the newest snapshot is always kept).

use serde::{Deserialize, Serialize};

use super::RecordError;

/// The newest history version this build writes and reads.
pub const HISTORY_VERSION: u64 = 1;
/// Snapshots kept per plan.
pub const HISTORY_MAX: usize = 30;
/// The bytes (UTF-8) a plan's snapshots may take together.
pub const HISTORY_BYTES: usize = 512 * 1024;

/// One snapshot of a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// When it was taken (ms since 1970).
    pub time: f64,
    /// The plan's markdown then.
    pub markdown: String,
    /// What changed since the snapshot before it.
    pub summary: String,
}

#[derive(Serialize, Deserialize)]
struct HistoryFile {
    #[serde(default)]
    version: u64,
    snapshots: Vec<Snapshot>,
}

/// Reads a stored history.
pub fn decode_history(text: &str) -> Result<Vec<Snapshot>, RecordError> {
    let file: HistoryFile = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| RecordError::NotA("history", e.to_string()))?;
    if file.version > HISTORY_VERSION {
        return Err(RecordError::Newer {
            what: "history",
            version: file.version,
        });
    }
    Ok(file.snapshots)
}

/// Writes a history.
pub fn encode_history(snapshots: &[Snapshot]) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        version: u64,
        snapshots: &'a [Snapshot],
    }
    serde_json::to_string(&Out {
        version: HISTORY_VERSION,
        snapshots,
    })
    .unwrap_or_default()
}

/// `snapshots` with one more, of `markdown` taken at `now_ms`, trimmed to the bounds; `None`
/// when the plan is unchanged since the last snapshot.
pub fn with_snapshot(
    mut snapshots: Vec<Snapshot>,
    markdown: &str,
    now_ms: f64,
) -> Option<Vec<Snapshot>> {
    let previous = snapshots.last().map_or("", |s| s.markdown.as_str());
    if previous == markdown {
        return None;
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
    trim(&mut snapshots);
    Some(snapshots)
}

/// Drops the oldest snapshots beyond [`HISTORY_MAX`] or [`HISTORY_BYTES`] (never the newest).
pub fn trim(snapshots: &mut Vec<Snapshot>) {
    let bytes = |s: &[Snapshot]| s.iter().map(|x| x.markdown.len()).sum::<usize>();
    let mut drop = 0;
    while snapshots.len() - drop > 1
        && (snapshots.len() - drop > HISTORY_MAX || bytes(&snapshots[drop..]) > HISTORY_BYTES)
    {
        drop += 1;
    }
    snapshots.drain(..drop);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histories_round_trip_and_refuse_what_they_cannot_read() {
        let one = with_snapshot(Vec::new(), "# A\n", 1.0).unwrap();
        assert_eq!(one[0].summary, "first snapshot");
        let two = with_snapshot(one.clone(), "# A\n\nMore.\n", 2.0).unwrap();
        assert_eq!(two.len(), 2);
        assert_eq!(with_snapshot(two.clone(), "# A\n\nMore.\n", 3.0), None);
        assert_eq!(decode_history(&encode_history(&two)).unwrap(), two);
        // What earlier builds wrote (no version) reads; a newer version, or not a history, not.
        let old = "{\"snapshots\":[{\"time\":1,\"markdown\":\"# A\",\"summary\":\"s\"}]}";
        assert_eq!(decode_history(old).unwrap().len(), 1);
        for bad in [
            "",
            "[]",
            "{\"version\":2,\"snapshots\":[]}",
            "{\"version\":1,\"snapshots\":[{\"time\":\"x\"}]}",
        ] {
            assert!(decode_history(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn histories_keep_their_bounds_and_always_the_newest() {
        let mut many = Vec::new();
        for i in 0..HISTORY_MAX + 5 {
            many = with_snapshot(many, &format!("# {i}\n"), i as f64).unwrap();
        }
        assert_eq!(many.len(), HISTORY_MAX);
        assert_eq!(
            many.last().unwrap().markdown,
            format!("# {}\n", HISTORY_MAX + 4)
        );
        let big = "x".repeat(HISTORY_BYTES / 2 + 1);
        let mut h = with_snapshot(Vec::new(), &big, 0.0).unwrap();
        h = with_snapshot(h, &format!("{big}y"), 1.0).unwrap();
        assert_eq!(h.len(), 1, "two halves and more are over the bound");
        let huge = "z".repeat(HISTORY_BYTES * 2);
        h = with_snapshot(h, &huge, 2.0).unwrap();
        assert_eq!((h.len(), h[0].markdown.len()), (1, huge.len()));
    }
}
