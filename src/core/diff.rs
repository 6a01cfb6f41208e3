//! Line diffs between two versions of a plan's markdown, for the revision history.

use similar::{ChangeTag, TextDiff};

/// One line of a diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffLine {
    /// In both versions.
    Same(String),
    /// Only in the newer version.
    Added(String),
    /// Only in the older version.
    Removed(String),
}

/// The line diff from `old` to `new`.
pub fn line_diff(old: &str, new: &str) -> Vec<DiffLine> {
    TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|c| {
            let text = c.value().trim_end_matches('\n').to_string();
            match c.tag() {
                ChangeTag::Equal => DiffLine::Same(text),
                ChangeTag::Insert => DiffLine::Added(text),
                ChangeTag::Delete => DiffLine::Removed(text),
            }
        })
        .collect()
}

/// A short summary of what changed: `+3 −1 lines in Goals, Timeline`, or `no changes`.
pub fn summary(old: &str, new: &str) -> String {
    let mut added = 0;
    let mut removed = 0;
    let mut sections: Vec<String> = Vec::new();
    let mut heading = String::new();
    for line in line_diff(old, new) {
        let (text, changed) = match &line {
            DiffLine::Same(t) => (t, false),
            DiffLine::Added(t) => {
                added += 1;
                (t, true)
            }
            DiffLine::Removed(t) => {
                removed += 1;
                (t, true)
            }
        };
        if let Some(h) = text.strip_prefix("## ").or_else(|| text.strip_prefix("# ")) {
            heading = h.trim().to_string();
        }
        if changed && !heading.is_empty() && !sections.contains(&heading) {
            sections.push(heading.clone());
        }
    }
    if added == 0 && removed == 0 {
        return "no changes".into();
    }
    let mut out = format!("+{added} −{removed} lines");
    if !sections.is_empty() {
        let shown: Vec<&str> = sections.iter().take(3).map(String::as_str).collect();
        out.push_str(" in ");
        out.push_str(&shown.join(", "));
        if sections.len() > 3 {
            out.push_str(&format!(" and {} more", sections.len() - 3));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_marks_added_and_removed_lines() {
        let d = line_diff(
            "# T\n\n## Goals\n\n1. a\n",
            "# T\n\n## Goals\n\n1. b\n2. c\n",
        );
        assert!(d.contains(&DiffLine::Removed("1. a".into())));
        assert!(d.contains(&DiffLine::Added("1. b".into())));
        assert!(d.contains(&DiffLine::Added("2. c".into())));
        assert!(d.contains(&DiffLine::Same("## Goals".into())));
    }

    #[test]
    fn summary_names_the_sections() {
        assert_eq!(summary("a\n", "a\n"), "no changes");
        assert_eq!(
            summary("# T\n\n## Goals\n\n1. a\n", "# T\n\n## Goals\n\n1. b\n"),
            "+1 −1 lines in Goals"
        );
    }
}
