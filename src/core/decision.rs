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

/// `word` in the case the document writes its status in: lower case when `like` opens with a
/// lower-case letter (`accepted`, `superseded by …`), else as given.
pub fn cased(word: &str, like: &str) -> String {
    let lower = like
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_lowercase);
    if lower {
        let mut chars = word.chars();
        match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => String::new(),
        }
    } else {
        word.to_string()
    }
}

/// Where a template keeps its status: its annotation (`<!-- planform: status bullet -->`, also
/// `front-matter`, `field`, `section`), else where its own text has one; `None` when neither
/// says (a status is then added as front matter).
pub fn template_place(source: &str) -> Option<Place> {
    for line in source.lines() {
        let Some(rest) = line.trim().strip_prefix("<!-- planform:") else {
            continue;
        };
        for part in rest.trim_end_matches("-->").split(';') {
            let mut words = part.split_whitespace();
            if words.next() == Some("status") {
                match words.next() {
                    Some("front-matter") => return Some(Place::FrontMatter),
                    Some("bullet") => return Some(Place::Bullet),
                    Some("field") => return Some(Place::Field),
                    Some("section") => return Some(Place::Section),
                    _ => {}
                }
            }
        }
    }
    read_status(source).map(|r| r.place)
}

/// The byte after the document's title line (`# …`) and the blank line after it, where a header
/// line goes; after the front matter when there is no title; 0 for neither.
fn after_title(doc: &str) -> usize {
    let mut fm_end = 0;
    let mut first = true;
    let mut in_fm = false;
    for (range, line) in lines(doc) {
        if first && line.trim_end() == "---" {
            in_fm = true;
            first = false;
            continue;
        }
        first = false;
        if in_fm {
            if matches!(line.trim_end(), "---" | "...") {
                in_fm = false;
                fm_end = (range.end + 1).min(doc.len());
            }
            continue;
        }
        if line.starts_with("# ") || line == "#" {
            return (range.end + 1).min(doc.len());
        }
        if line.starts_with("## ") {
            break;
        }
    }
    fm_end
}

/// `doc` with status `word` (`Accepted`, or `superseded by [x](x.md)`): where it keeps one,
/// only those bytes change (in its case); otherwise one is added where its template keeps one
/// (`place`, from [`template_place`]), as front matter when that says nothing.
pub fn with_status(doc: &str, word: &str, place: Option<Place>) -> String {
    if let Some(read) = read_status(doc) {
        return set_status(doc, &read, &cased(word, &read.text));
    }
    let added = add_status(doc, word, place);
    if read_status(&added).is_some() {
        return added;
    }
    // Where the template keeps it, the status would not read (inside a code block the document
    // leaves open, say): a front matter of its own opens the document instead.
    format!("---\nstatus: {}\n---\n{doc}", cased(word, "a"))
}

/// [`with_status`] for a document that keeps no status yet.
fn add_status(doc: &str, word: &str, place: Option<Place>) -> String {
    let lower = cased(word, "a");
    let at = after_title(doc);
    let (before, after) = doc.split_at(at.min(doc.len()));
    let nl = if before.is_empty() || before.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    match place {
        Some(Place::Bullet) => format!("{before}{nl}\n- Status: {word}\n{}", blank_before(after)),
        Some(Place::Field) => format!("{before}{nl}\n**Status:** {word}\n{}", blank_before(after)),
        Some(Place::Section) => {
            // Before the first section after the title, or at the end.
            let body = after;
            let cut = body
                .match_indices("\n## ")
                .map(|(i, _)| i + 1)
                .chain(body.starts_with("## ").then_some(0))
                .min()
                .unwrap_or(body.len());
            let (head, tail) = body.split_at(cut);
            let sep = if head.is_empty() || head.ends_with("\n\n") {
                ""
            } else if head.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            format!("{before}{head}{sep}## Status\n\n{word}\n\n{tail}")
        }
        // Front matter: into the document's own, else a new one opening the document.
        _ => match doc.strip_prefix("---\n") {
            Some(rest) if after_title(doc) > 0 || rest.contains("\n---") => {
                format!("---\nstatus: {lower}\n{rest}")
            }
            _ => format!("---\nstatus: {lower}\n---\n{doc}"),
        },
    }
}

/// What follows an added header line: one blank line, then the rest (nothing when nothing
/// follows).
fn blank_before(after: &str) -> String {
    let rest = after.trim_start_matches('\n');
    if rest.is_empty() {
        String::new()
    } else {
        format!("\n{rest}")
    }
}

/// `doc` saying it supersedes `[label](link)`: on a line after its status (a `- Supersedes:`
/// bullet, a `**Supersedes:**` field, a line in its `## Status` section), or under its title
/// when the status is in the front matter or missing.
pub fn add_supersedes(doc: &str, label: &str, link: &str) -> String {
    let label = label.replace(['[', ']'], "");
    let read = read_status(doc);
    let line_end = |at: usize| doc[at..].find('\n').map_or(doc.len(), |i| at + i);
    let (at, text) = match read.as_ref().map(|r| (r.place, r.span.end)) {
        Some((Place::Bullet, end)) => {
            let bullet = doc[..end].rfind('\n').map_or(0, |i| i + 1);
            let marker = doc[bullet..].trim_start().chars().next().unwrap_or('-');
            (
                line_end(end),
                format!("\n{marker} Supersedes: [{label}]({link})"),
            )
        }
        Some((Place::Field, end)) => (
            line_end(end),
            format!("  \n**Supersedes:** [{label}]({link})"),
        ),
        Some((Place::Section, end)) => (line_end(end), format!("\n\nSupersedes [{label}]({link})")),
        _ => {
            let at = after_title(doc);
            let text = format!("\nSupersedes [{label}]({link})\n");
            return format!("{}{text}{}", &doc[..at], &doc[at..]);
        }
    };
    format!("{}{text}{}", &doc[..at], &doc[at..])
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
    fn a_status_is_set_in_place_or_added_where_the_template_keeps_it() {
        // In place, in the document's case; nothing else moves.
        assert_eq!(
            with_status("# T\n\n- Status: proposed\n- Date: x\n", "Accepted", None),
            "# T\n\n- Status: accepted\n- Date: x\n"
        );
        assert_eq!(
            with_status(
                "# T\n\n## Status\n\nProposed\n\n## Context\n",
                "Accepted",
                None
            ),
            "# T\n\n## Status\n\nAccepted\n\n## Context\n"
        );
        // None yet: front matter unless the template says otherwise.
        let tp = "# Technical Plan: X\n\n**Spec:** SPEC-1\n\n## Problem Statement\n\nWhy.\n";
        assert_eq!(
            with_status(tp, "Accepted", None),
            format!("---\nstatus: accepted\n---\n{tp}")
        );
        assert_eq!(
            with_status("---\nowner: me\n---\n# T\n", "Draft", None),
            "---\nstatus: draft\nowner: me\n---\n# T\n"
        );
        assert_eq!(
            with_status(
                "# T\n\n## Context\n\nWhy.\n",
                "Accepted",
                Some(Place::Bullet)
            ),
            "# T\n\n- Status: Accepted\n\n## Context\n\nWhy.\n"
        );
        assert_eq!(
            with_status(
                "# 1. T\n\nDate: 2026-01-01\n\n## Context\n\nWhy.\n",
                "Accepted",
                Some(Place::Section)
            ),
            "# 1. T\n\nDate: 2026-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n"
        );
        for doc in [tp, "# T\n\n## Context\n", "no title\n", ""] {
            for place in [
                None,
                Some(Place::Bullet),
                Some(Place::Field),
                Some(Place::Section),
                Some(Place::FrontMatter),
            ] {
                let done = with_status(doc, "Rejected", place);
                assert_eq!(
                    read_status(&done).and_then(|r| r.status),
                    Some(Status::Rejected),
                    "{place:?} {done:?}"
                );
            }
        }
        assert_eq!(
            template_place("<!-- planform: status bullet -->\n# T\n"),
            Some(Place::Bullet)
        );
        assert_eq!(
            template_place("# T\n\n**Status**: Draft\n"),
            Some(Place::Field)
        );
        assert_eq!(template_place("# T\n"), None);
    }

    #[test]
    fn a_supersede_link_is_written_beside_the_status() {
        let bullet = add_supersedes(
            "# B\n\n- Status: proposed\n- Date: x\n\n## C\n",
            "ADR-0002",
            "0002-a.md",
        );
        assert_eq!(
            bullet,
            "# B\n\n- Status: proposed\n- Supersedes: [ADR-0002](0002-a.md)\n- Date: x\n\n## C\n"
        );
        let section = add_supersedes(
            "# 3. B\n\n## Status\n\nProposed\n\n## Context\n",
            "2. A",
            "0002-a.md",
        );
        assert_eq!(
            section,
            "# 3. B\n\n## Status\n\nProposed\n\nSupersedes [2. A](0002-a.md)\n\n## Context\n"
        );
        let fm = add_supersedes(
            "---\nstatus: proposed\n---\n\n# B\n\n## Context\n",
            "A",
            "a.md",
        );
        assert_eq!(
            fm,
            "---\nstatus: proposed\n---\n\n# B\n\nSupersedes [A](a.md)\n\n## Context\n"
        );
        for doc in [bullet, section, fm] {
            assert!(doc.contains("Supersedes"));
        }
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
