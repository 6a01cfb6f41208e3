//! Undo and redo over versions of a document: edits close together in time form one step, the
//! oldest steps go past a limit, and a replacement (an import, a restore, a template switch) is a
//! step of its own that typing before or after never joins. Generic and clock-free: the caller
//! passes the time of each edit in. Versions of a plan share their unchanged sections, so a step
//! costs what its edit changed.

/// Edits closer together than this (ms) form one undo step.
pub const COALESCE_MS: f64 = 800.0;
/// The most undo steps kept.
pub const LIMIT: usize = 200;

/// The versions before and after the current one.
#[derive(Clone, Debug)]
pub struct Undo<T> {
    past: Vec<T>,
    future: Vec<T>,
    /// When the last edit was made (ms); 0 after a step that nothing may join.
    last_edit_ms: f64,
}

impl<T> Default for Undo<T> {
    fn default() -> Self {
        Undo {
            past: Vec::new(),
            future: Vec::new(),
            last_edit_ms: 0.0,
        }
    }
}

impl<T> Undo<T> {
    /// Records an edit made at `now_ms` that replaced `before`: a new step, unless the last edit
    /// was less than [`COALESCE_MS`] ago (then `before` is within the step already open). Redo is
    /// gone.
    pub fn edited(&mut self, before: T, now_ms: f64) {
        if now_ms - self.last_edit_ms > COALESCE_MS || self.past.is_empty() {
            self.past.push(before);
            if self.past.len() > LIMIT {
                self.past.remove(0);
            }
        }
        self.future.clear();
        self.last_edit_ms = now_ms;
    }

    /// Closes the step open now: the next edit starts a step of its own (before and after a
    /// replacement of the whole document).
    pub fn close_step(&mut self) {
        self.last_edit_ms = 0.0;
    }

    /// One step back: `current` goes to the redo side; the version to show is returned.
    pub fn undo(&mut self, current: T) -> Option<T> {
        let back = self.past.pop()?;
        self.future.push(current);
        self.last_edit_ms = 0.0;
        Some(back)
    }

    /// One step forward: `current` goes to the undo side; the version to show is returned.
    pub fn redo(&mut self, current: T) -> Option<T> {
        let forward = self.future.pop()?;
        self.past.push(current);
        self.last_edit_ms = 0.0;
        Some(forward)
    }

    /// Something to undo.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// Something to redo.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// Puts `version` on the undo side as a step of its own (another tab's version was taken:
    /// Undo brings this tab's back).
    pub fn push_step(&mut self, version: T) {
        self.past.push(version);
        self.future.clear();
        self.last_edit_ms = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_edits_are_one_step_and_redo_goes_with_a_new_edit() {
        let mut u = Undo::default();
        u.edited("a", 1000.0);
        u.edited("ab", 1200.0);
        u.edited("abc", 1900.0);
        // Three keystrokes within 800 ms of each other: one step, back to "a".
        assert_eq!(u.undo("abcd"), Some("a"));
        assert!(!u.can_undo());
        assert_eq!(u.redo("a"), Some("abcd"));
        assert_eq!(u.undo("abcd"), Some("a"));
        u.edited("a", 5000.0);
        assert!(!u.can_redo());
    }

    #[test]
    fn a_pause_or_a_closed_step_starts_another() {
        let mut u = Undo::default();
        u.edited(1, 1000.0);
        u.edited(2, 3000.0);
        u.close_step();
        u.edited(3, 3100.0);
        assert_eq!(u.undo(4), Some(3));
        assert_eq!(u.undo(3), Some(2));
        assert_eq!(u.undo(2), Some(1));
        assert_eq!(u.undo(1), None);
    }

    #[test]
    fn the_oldest_steps_go_past_the_limit() {
        let mut u = Undo::default();
        for i in 0..LIMIT + 10 {
            u.edited(i, (i as f64) * 1000.0 + 1000.0);
        }
        let mut n = 0;
        let mut current = LIMIT + 10;
        while let Some(v) = u.undo(current) {
            current = v;
            n += 1;
        }
        assert_eq!(n, LIMIT);
        assert_eq!(current, 10);
    }
}
