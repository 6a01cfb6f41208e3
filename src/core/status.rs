//! Timeline statuses. A status cell keeps the text the user wrote (so import loses no word);
//! this reads it loosely — the template's emoji, their mis-decoded forms already repaired on
//! import, and the words people use instead — so the form can offer a select and checks can
//! reason about it.

/// The state of a timeline milestone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// ✅ done.
    Done,
    /// 🔄 in progress.
    InProgress,
    /// ⏳ pending (also an empty cell).
    Pending,
}

impl Status {
    /// Every status, in the order a select lists them.
    pub const ALL: [Status; 3] = [Status::Done, Status::InProgress, Status::Pending];

    /// Reads a status cell: `✅`, `done`, `complete`; `🔄`, `in progress`, `wip`, `ongoing`;
    /// `⏳`, `pending`, `todo`, `planned`, `not started`, or empty. `None` for anything else.
    pub fn parse(cell: &str) -> Option<Status> {
        let text = cell.trim();
        if text.is_empty() {
            return Some(Status::Pending);
        }
        for status in Status::ALL {
            if text.starts_with(status.emoji()) {
                return Some(status);
            }
        }
        let words: String = text
            .chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
        match words.as_str() {
            "done" | "complete" | "completed" | "finished" | "shipped" | "yes" => {
                Some(Status::Done)
            }
            "in progress" | "inprogress" | "wip" | "ongoing" | "started" | "doing" | "active" => {
                Some(Status::InProgress)
            }
            "pending" | "todo" | "to do" | "planned" | "not started" | "waiting" | "open" => {
                Some(Status::Pending)
            }
            _ => None,
        }
    }

    /// The template's emoji for this status (what the form writes).
    pub fn emoji(self) -> &'static str {
        match self {
            Status::Done => "✅",
            Status::InProgress => "🔄",
            Status::Pending => "⏳",
        }
    }

    /// A label for people: `Done`, `In progress`, `Pending`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "Done",
            Status::InProgress => "In progress",
            Status::Pending => "Pending",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_emoji_words_and_empty() {
        assert_eq!(Status::parse("✅"), Some(Status::Done));
        assert_eq!(Status::parse(" ✅ shipped "), Some(Status::Done));
        assert_eq!(Status::parse("🔄"), Some(Status::InProgress));
        assert_eq!(Status::parse("⏳"), Some(Status::Pending));
        assert_eq!(Status::parse("Done"), Some(Status::Done));
        assert_eq!(Status::parse("In Progress"), Some(Status::InProgress));
        assert_eq!(Status::parse("in-progress"), Some(Status::InProgress));
        assert_eq!(Status::parse("TODO"), Some(Status::Pending));
        assert_eq!(Status::parse("not started"), Some(Status::Pending));
        assert_eq!(Status::parse(""), Some(Status::Pending));
        assert_eq!(Status::parse("blocked by legal"), None);
    }

    #[test]
    fn emoji_read_back() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.emoji()), Some(s));
        }
    }
}
