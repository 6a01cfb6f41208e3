//! A decision's status, where the document keeps it. Real ADR folders write it in at least four
//! ways, and all of them read:
//! - front matter (MADR 3 and 4): `status: accepted`, quoted or not;
//! - a bullet under the title (MADR 2, Log4brains): `- Status: superseded by [x](x.md)`;
//! - a `**Status**: Draft` (or `**Status:** Draft`) field line before the first section
//!   (spec-kit);
//! - a `## Status` section (Nygard, adr-tools): its first paragraph, with `Supersedes [1. …](…)`
//!   lines after it.
//!
//! What is read is the text as written, where it is (a byte range, so a new status replaces only
//! those bytes), the status it names when it is one Planform knows, and the links in it (what
//! supersedes it, what it supersedes). The text is read as it is, never parsed as YAML: a value
//! Planform does not know (`on hold`) is kept and shown, not rejected.

use std::ops::Range;

/// The statuses Planform knows, in a decision's usual order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Being written.
    Draft,
    /// Up for review.
    Proposed,
    /// Decided.
    Accepted,
    /// Decided against.
    Rejected,
    /// No longer applies.
    Deprecated,
    /// Replaced by another decision.
    Superseded,
}

impl Status {
    /// Every status, in order.
    pub const ALL: [Status; 6] = [
        Status::Draft,
        Status::Proposed,
        Status::Accepted,
        Status::Rejected,
        Status::Deprecated,
        Status::Superseded,
    ];

    /// Its name, capitalised (`Accepted`).
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Proposed => "Proposed",
            Status::Accepted => "Accepted",
            Status::Rejected => "Rejected",
            Status::Deprecated => "Deprecated",
            Status::Superseded => "Superseded",
        }
    }

    /// The status a text opens with (`superseded by [x](x.md)` → Superseded), in any case.
    pub fn of(text: &str) -> Option<Status> {
        let first = text
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .split(|c: char| !c.is_alphanumeric())
            .next()?
            .to_lowercase();
        Status::ALL
            .into_iter()
            .find(|s| s.label().eq_ignore_ascii_case(&first))
    }
}

/// Where a document keeps its status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// `status:` in the front matter.
    FrontMatter,
    /// `- Status:` in a list under the title.
    Bullet,
    /// `**Status**:` before the first section.
    Field,
    /// The first paragraph of a `## Status` section.
    Section,
}

/// A markdown link in the status: `[label](target)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// Its text.
    pub label: String,
    /// Where it points, as written.
    pub target: String,
}

/// A document's status as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusRead {
    /// Where it is kept.
    pub place: Place,
    /// The status text as written (`superseded by [x](x.md)`, `on hold`).
    pub text: String,
    /// The bytes of `text` in the document: what a new status replaces.
    pub span: Range<usize>,
    /// The status the text names, when Planform knows it.
    pub status: Option<Status>,
    /// The links in the status text (what supersedes it), and, in a `## Status` section, in
    /// the lines after it (what it supersedes).
    pub links: Vec<Link>,
}

/// The lines of `text` with their byte ranges (without the line break).
fn lines(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut at = 0;
    text.split_inclusive('\n').map(move |l| {
        let start = at;
        at += l.len();
        let line = l.trim_end_matches(['\n', '\r']);
        (start..start + line.len(), line)
    })
}

/// `key: value` (or `key = value`) when the line's key is `status`, in any case: the value's
/// range within the line, without quotes and surrounding space.
fn status_value(line: &str, key_end: usize) -> Option<Range<usize>> {
    let rest = line.get(key_end..)?;
    let sep = rest.find(|c: char| !c.is_whitespace())?;
    if !rest[sep..].starts_with(':') {
        return None;
    }
    let mut start = key_end + sep + 1;
    // A comment after the value (`accepted <!-- optional -->`) is not part of it.
    let mut end = line[start..].find("<!--").map_or(line.len(), |c| start + c);
    start += line[start..].len() - line[start..].trim_start().len();
    end -= line[..end].len() - line[..end].trim_end().len();
    // An empty value (`status:`): nothing between, and never a range that runs backwards.
    end = end.max(start);
    let value = &line[start..end];
    for q in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(q) && value.ends_with(q) {
            start += 1;
            end -= 1;
        }
    }
    Some(start..end)
}

/// True when `line` starts with `word`, in any case (ASCII).
fn opens_with(line: &str, word: &str) -> bool {
    line.get(..word.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(word))
}

/// The links (`[label](target)`) in a text.
pub fn links(text: &str) -> Vec<Link> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find("](") else { break };
        let label = &after[..close];
        let tail = &after[close + 2..];
        let Some(end) = tail.find(')') else { break };
        if !label.contains('[') {
            out.push(Link {
                label: label.to_string(),
                target: tail[..end].trim().to_string(),
            });
        }
        rest = &tail[end..];
    }
    out
}

fn read(place: Place, doc: &str, span: Range<usize>, more_links: Vec<Link>) -> StatusRead {
    let text = doc.get(span.clone()).unwrap_or("").to_string();
    let mut all = links(&text);
    all.extend(more_links);
    StatusRead {
        place,
        status: Status::of(&text),
        text,
        span,
        links: all,
    }
}

/// A header value by its key (`status`, `date`), in any case: the value's place and bytes, from
/// the front matter, a `- Key:` bullet, a `**Key**:` field or (with `bare`) a `Key:` line under
/// the title, before the first section. Code is not read.
pub fn read_field(doc: &str, key: &str, bare: bool) -> Option<(Place, Range<usize>)> {
    let all: Vec<(Range<usize>, &str)> = lines(doc).collect();
    // Front matter: the document opens with `---` and closes it with `---` (or `...`).
    if all.first().is_some_and(|(_, l)| l.trim_end() == "---") {
        for (range, line) in all.iter().skip(1) {
            if matches!(line.trim_end(), "---" | "...") {
                break;
            }
            if opens_with(line, key)
                && let Some(value) = status_value(line, key.len())
            {
                let span = range.start + value.start..range.start + value.end;
                return Some((Place::FrontMatter, span));
            }
        }
    }
    let bold = format!("**{key}**");
    let bold_colon = format!("**{key}:**");
    let mut in_fence = false;
    for (range, line) in &all {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if in_fence {
            continue;
        }
        if t.starts_with("## ") || t == "##" {
            break;
        }
        let indent = line.len() - t.len();
        let (place, key_end) = if let Some(b) = t.strip_prefix(['-', '*', '+'])
            && let Some(b) = b.strip_prefix(' ')
        {
            let b = b.trim_start();
            if !opens_with(b, key) {
                continue;
            }
            (Place::Bullet, line.len() - b.len() + key.len())
        } else if opens_with(t, &bold) {
            (Place::Field, indent + bold.len())
        } else if opens_with(t, &bold_colon) {
            // `**Status:** value`: the colon is inside the bold.
            let start = indent + bold_colon.len();
            let value = line[start..].trim().trim_end_matches('\\').trim_end();
            let from = start + (line[start..].len() - line[start..].trim_start().len());
            return Some((
                Place::Field,
                range.start + from..range.start + from + value.len(),
            ));
        } else if bare && opens_with(t, key) {
            (Place::Field, indent + key.len())
        } else {
            continue;
        };
        if let Some(value) = status_value(line, key_end) {
            let span = range.start + value.start..range.start + value.end;
            return Some((place, span));
        }
    }
    None
}

/// A document's status, wherever it keeps it; `None` when it has none.
pub fn read_status(doc: &str) -> Option<StatusRead> {
    if let Some((place, span)) = read_field(doc, "status", false) {
        return Some(read(place, doc, span, Vec::new()));
    }
    let all: Vec<(Range<usize>, &str)> = lines(doc).collect();
    // A `## Status` section: its first paragraph; links in the rest of the section.
    let mut in_fence = false;
    let mut section: Option<u8> = None;
    let mut first: Option<Range<usize>> = None;
    let mut first_done = false;
    let mut more = Vec::new();
    for (range, line) in &all {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if in_fence && section.is_none() {
            continue;
        }
        let level = t.bytes().take_while(|b| *b == b'#').count();
        let heading = (1..=6).contains(&level) && t[level..].starts_with(' ');
        if heading {
            if let Some(l) = section
                && level <= usize::from(l)
            {
                break;
            }
            if section.is_none() && level >= 2 && t[level..].trim().eq_ignore_ascii_case("status") {
                section = Some(level as u8);
            }
            continue;
        }
        if section.is_none() {
            continue;
        }
        if t.trim().is_empty() {
            if first.is_some() {
                first_done = true;
            }
            continue;
        }
        if t.starts_with("<!--") {
            continue;
        }
        if !first_done {
            let from = range.start + (line.len() - t.len());
            let to = range.start + line.trim_end().len();
            first = Some(match first {
                Some(f) => f.start..to,
                None => from..to,
            });
        } else {
            more.extend(links(line));
        }
    }
    let span = first?;
    Some(read(Place::Section, doc, span, more))
}

/// `doc` with its status text (at `read.span`) replaced by `text`: nothing else changes.
pub fn set_status(doc: &str, read: &StatusRead, text: &str) -> String {
    let (Some(before), Some(after)) = (doc.get(..read.span.start), doc.get(read.span.end..)) else {
        return doc.to_string();
    };
    format!("{before}{text}{after}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(doc: &str) -> (Place, String, Option<Status>, Vec<String>) {
        let r = read_status(doc).unwrap_or_else(|| panic!("no status in {doc}"));
        assert_eq!(&doc[r.span.clone()], r.text);
        (
            r.place,
            r.text,
            r.status,
            r.links.into_iter().map(|l| l.target).collect(),
        )
    }

    #[test]
    fn every_way_real_folders_write_a_status_reads() {
        // MADR 3/4 front matter, quoted or not, and a value Planform does not know.
        assert_eq!(
            status("---\nstatus: accepted\ndate: 2024-01-02\n---\n\n# Use X\n"),
            (
                Place::FrontMatter,
                "accepted".into(),
                Some(Status::Accepted),
                vec![]
            )
        );
        assert_eq!(
            status("---\nStatus: \"superseded by ADR-0007\"\n---\n# T\n").2,
            Some(Status::Superseded)
        );
        assert_eq!(status("---\nstatus: on hold\n---\n# T\n").2, None);
        // MADR 2 / Log4brains bullets under the title, with the superseding link.
        assert_eq!(
            status(
                "# Use the ADR number\n\n- Status: superseded by [20201016-use-the-adr-slug](20201016-use-the-adr-slug.md)\n- Date: 2020-09-26\n\n## Context\n"
            ),
            (
                Place::Bullet,
                "superseded by [20201016-use-the-adr-slug](20201016-use-the-adr-slug.md)".into(),
                Some(Status::Superseded),
                vec!["20201016-use-the-adr-slug.md".into()]
            )
        );
        // spec-kit's field, both spellings.
        assert_eq!(
            status("# Feature Specification: X\n\n**Feature Branch**: `001`  \n**Created**: 2026-01-01  \n**Status**: Draft  \n\n## Scenarios\n").1,
            "Draft"
        );
        assert_eq!(
            status("# T\n\n**Status:** Proposed\n").2,
            Some(Status::Proposed)
        );
        // Nygard / adr-tools: the section's first paragraph, and what it supersedes below.
        let nygard = "# 2. Use a queue\n\nDate: 2026-01-02\n\n## Status\n\nAccepted\n\nSupersedes [1. Record architecture decisions](0001-record-architecture-decisions.md)\n\n## Context\n\nSee [x](x.md).\n";
        assert_eq!(
            status(nygard),
            (
                Place::Section,
                "Accepted".into(),
                Some(Status::Accepted),
                vec!["0001-record-architecture-decisions.md".into()]
            )
        );
    }

    #[test]
    fn no_status_is_none_and_code_is_not_read() {
        for doc in [
            "# ADR without status\n\n## Context\n\nstatus: accepted in prose.\n",
            "# T\n\n```yaml\nstatus: accepted\n```\n",
            "",
            "# Technical Plan: X\n\n**Spec:** SPEC-1\n",
        ] {
            assert_eq!(read_status(doc), None, "{doc}");
        }
    }

    #[test]
    fn a_new_status_changes_only_its_bytes() {
        for doc in [
            "---\nstatus: \"proposed\"\n---\n\n# T\n",
            "# T\n\n* Status: proposed <!-- optional -->\n",
            "# T\n\n## Status\n\nProposed\n\n## Context\n",
        ] {
            let r = read_status(doc).unwrap();
            let done = set_status(doc, &r, "accepted");
            assert_eq!(
                done,
                doc.replacen("proposed", "accepted", 1)
                    .replacen("Proposed", "accepted", 1)
            );
            assert_eq!(read_status(&done).unwrap().status, Some(Status::Accepted));
        }
    }
}
