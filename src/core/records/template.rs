//! A user's template as stored: `{"format":"planform-template","version":1,"revision":N,
//! "markdown":"…"}`, the markdown with its annotations.

use serde::{Deserialize, Serialize};

use super::RecordError;

/// The `format` of a stored user template.
pub const TEMPLATE_FORMAT: &str = "planform-template";
/// The newest template record version this build writes and reads.
pub const TEMPLATE_VERSION: u64 = 1;
pub use crate::core::template::MAX_TEMPLATE_BYTES;

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

#[derive(Serialize, Deserialize)]
struct Stored<'a> {
    format: Option<&'a str>,
    version: Option<u64>,
    #[serde(default)]
    revision: u64,
    markdown: Option<std::borrow::Cow<'a, str>>,
}

/// True for an id a user template may have: ASCII letters, digits and `-`, within
/// [`super::MAX_ID_LEN`].
pub fn valid_template_id(id: &str) -> bool {
    super::valid_id(id) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Reads the template stored under id `id`.
pub fn decode_template(id: &str, text: &str) -> Result<StoredTemplate, RecordError> {
    let stored: Stored = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| RecordError::NotJson(e.to_string()))?;
    if stored.format != Some(TEMPLATE_FORMAT) {
        return Err(RecordError::NotA("Planform template record", String::new()));
    }
    match stored.version {
        Some(v) if v <= TEMPLATE_VERSION => {}
        Some(v) => {
            return Err(RecordError::Newer {
                what: "template record",
                version: v,
            });
        }
        None => return Err(RecordError::Missing("the template record's version")),
    }
    let markdown = stored
        .markdown
        .ok_or(RecordError::Missing("the template record's markdown"))?;
    if markdown.len() > MAX_TEMPLATE_BYTES {
        return Err(RecordError::TooLarge {
            what: "the template",
            limit: MAX_TEMPLATE_BYTES,
        });
    }
    Ok(StoredTemplate {
        id: id.to_string(),
        markdown: markdown.into_owned(),
        revision: stored.revision,
    })
}

/// Writes a template record.
pub fn encode_template(markdown: &str, revision: u64) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        format: &'a str,
        version: u64,
        revision: u64,
        markdown: &'a str,
    }
    serde_json::to_string(&Out {
        format: TEMPLATE_FORMAT,
        version: TEMPLATE_VERSION,
        revision,
        markdown,
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_records_round_trip_and_refuse_the_rest() {
        let md = "# Incident Review: [Name]\n\n## What happened\n\n[Say it]\n";
        let text = encode_template(md, 4);
        assert_eq!(
            decode_template("incident-review", &text).unwrap(),
            StoredTemplate {
                id: "incident-review".into(),
                markdown: md.into(),
                revision: 4,
            }
        );
        let huge = encode_template(&"x".repeat(MAX_TEMPLATE_BYTES + 1), 1);
        for (bad, says) in [
            ("nope", "not JSON"),
            (
                "{\"format\":\"planform\",\"version\":1,\"markdown\":\"\"}",
                "not a Planform",
            ),
            (
                "{\"format\":\"planform-template\",\"markdown\":\"\"}",
                "version",
            ),
            (
                "{\"format\":\"planform-template\",\"version\":2,\"markdown\":\"\"}",
                "newer",
            ),
            (
                "{\"format\":\"planform-template\",\"version\":1}",
                "markdown",
            ),
            (huge.as_str(), "over"),
        ] {
            let e = decode_template("t", bad).unwrap_err().to_string();
            assert!(e.contains(says), "{bad:.80}: {e}");
        }
    }

    #[test]
    fn template_ids_are_short_and_plain() {
        assert!(valid_template_id("incident-review-2"));
        for bad in [
            "",
            "a b",
            "a/b",
            "é",
            &"a".repeat(super::super::MAX_ID_LEN + 1),
        ] {
            assert!(!valid_template_id(bad), "{bad}");
        }
    }
}
