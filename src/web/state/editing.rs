//! Editing the open plan: every change is one call of [`AppState::edit`] (an undo step, the Last
//! Updated stamp, the write); the Markdown tab's text read again section by section; undo and
//! redo.

use leptos::prelude::*;

use super::*;

impl AppState {
    /// Applies an edit to the open plan: one undo step (close edits coalesce), Last Updated set
    /// to today, and the plan written to storage before this returns. Writing at once (rather
    /// than after a debounce) is what makes a tab that is killed mid-typing lose nothing: no
    /// unload handler or timer has to run. A write costs a few milliseconds even for a large plan.
    pub fn edit(&self, f: impl FnOnce(&mut Plan)) {
        let before = self.plan.get_untracked();
        let mut after = before.clone();
        f(&mut after);
        if after == before {
            return;
        }
        let today = today();
        if let Some(old) = crate::core::edit::stamp_updated(&before, &mut after, &today) {
            // The Markdown tab shows the text as typed: it must show the stamp too.
            if self.markdown_draft.with_untracked(Option::is_some) {
                self.markdown_draft.update(|d| {
                    if let Some(text) = d.as_mut() {
                        match crate::core::edit::restamp_source(text, &old, &today) {
                            Some(stamped) => *text = stamped,
                            None => *d = None,
                        }
                    }
                });
            }
        }
        let now = now_ms();
        if self.persist.untouched.with_value(Option::is_some) {
            self.persist.untouched.set_value(None);
        }
        self.undo.update_value(|u| u.edited(before, now));
        self.plan.set(after);
        self.save_now();
        self.schedule_snapshot();
    }

    /// Replaces the whole plan as one undo step of its own (typing before or after it never
    /// joins it): a restore, an import into an embedded document, a template switch.
    pub(super) fn replace_as_one_edit(&self, plan: Plan) {
        self.markdown_draft.set(None);
        self.undo.update_value(Undo::close_step);
        self.edit(|p| *p = plan);
        self.undo.update_value(Undo::close_step);
    }

    /// Sets the text at an address (a form field).
    pub fn set_text(&self, addr: &Addr, text: &str) {
        self.edit(|p| {
            p.set_text_at(addr, text);
        });
    }

    /// Reads the open plan again under another template: one edit (Undo switches back), and
    /// every word kept (what the template does not know stays as sections of the plan's own).
    pub fn switch_template(&self, template: &std::sync::Arc<crate::core::template::Template>) {
        let markdown = self.markdown.get_untracked();
        self.replace_as_one_edit(crate::core::import::import_with(&markdown, template));
    }

    /// Replaces the plan with what the Markdown tab holds. A keystroke reads again only the
    /// section it is in ([`crate::core::import::reimport`]); anything else reads the whole text.
    /// Returns the top-level section the edit is in (`None`: the preamble, or not known).
    pub fn set_markdown(&self, text: String) -> Option<usize> {
        // The plan keeps its template while it is typed in: detection is for documents that
        // arrive whole (import, share links, a host's load).
        let template = self.plan.with_untracked(|p| p.template.0.clone());
        let mut source = self.source.try_update_value(Option::take).flatten();
        // The plan was read from `source.text` only while the Markdown tab still shows that text:
        // any other change (undo, another tab, a stamp, the form) drops or rewrites the draft.
        let current = source.as_ref().is_some_and(|s| {
            self.markdown_draft
                .with_untracked(|d| d.as_deref() == Some(s.text.as_str()))
        });
        let mut section = None;
        let mut plan = None;
        if current && let Some(src) = source.as_mut() {
            let mut p = self.plan.get_untracked();
            match crate::core::import::reimport(&mut p, src, &text) {
                Some(Reread::Section(k)) => {
                    section = Some(k);
                    plan = Some(p);
                }
                Some(_) => plan = Some(p),
                None => {}
            }
        }
        let plan = plan.unwrap_or_else(|| {
            // Read in full: the section the edit began in, found in the new text's sections.
            let at = source
                .as_ref()
                .map(|s| crate::core::import::edit_span(&s.text, &text).0);
            let (plan, read) = crate::core::import::import_source(&text, &template);
            section = at.and_then(|at| read.section_at(at));
            source = Some(read);
            plan
        });
        self.source.set_value(source);
        self.markdown_draft.set(Some(text));
        self.edit(|p| *p = plan);
        section
    }

    /// Undoes the last edit.
    pub fn undo(&self) {
        self.travel(true);
    }

    /// Redoes the last undone edit.
    pub fn redo(&self) {
        self.travel(false);
    }

    /// One step back (undo) or forward (redo) through the edit history.
    fn travel(&self, back: bool) {
        let current = self.plan.get_untracked();
        let restored = self
            .undo
            .try_update_value(|u| {
                if back {
                    u.undo(current)
                } else {
                    u.redo(current)
                }
            })
            .flatten();
        if let Some(p) = restored {
            self.markdown_draft.set(None);
            self.plan.set(p);
            self.save_now();
        }
    }

    /// True when there is something to undo / redo.
    pub fn can_undo(&self) -> bool {
        self.undo.with_value(Undo::can_undo)
    }

    /// True when there is something to redo.
    pub fn can_redo(&self) -> bool {
        self.undo.with_value(Undo::can_redo)
    }
}
