//! A plan as a decision: its status, a plan that supersedes it, and the links between plans
//! (which open the plan they point at). The rules are the core's ([`crate::core::decision`],
//! [`crate::core::folder`]); this applies them to the open plan and the workspace.

use std::sync::Arc;

use leptos::prelude::*;

use super::*;
use crate::core::decision::{self, template_place, with_status};
use crate::core::folder as rules;
use crate::core::template::Template;

impl AppState {
    /// Sets the open plan's status (`Accepted`, or `superseded by [x](x.md)`): where the plan
    /// keeps one, only those bytes change; otherwise one is added where its template keeps it
    /// (front matter when the template says nothing). One edit, which Undo takes back.
    pub fn set_status(&self, word: &str) {
        let markdown = self.markdown.get_untracked();
        let template = self.plan.with_untracked(|p| p.template.0.clone());
        let done = with_status(&markdown, word, template_place(&template.source));
        if done != markdown {
            self.replace_as_one_edit(crate::core::import::import_with(&done, &template));
        }
    }

    /// The path another plan's link names the open plan by: its file in a folder, its export
    /// name in the browser library.
    fn link_path(&self, id: &str, title: &str) -> String {
        self.open_folder_workspace()
            .and_then(|ws| ws.path_of(id))
            .unwrap_or_else(|| format!("{}.md", rules::kebab(title)))
    }

    /// A new plan titled `title` from `template` that supersedes the open one: it says which
    /// plan it supersedes, the open one says which plan supersedes it (relative links GitHub
    /// follows), its status becomes Superseded, and the new plan opens. `done` hears the outcome.
    pub fn supersede(
        &self,
        title: String,
        template: Arc<Template>,
        done: impl FnOnce(Result<(), String>) + 'static,
    ) {
        self.flush();
        let old_id = self.id.get_untracked();
        let old_title = self.plan.with_untracked(|p| p.display_title());
        let old_path = self.link_path(&old_id, &old_title);
        let mut plan = new_plan_from(&template);
        plan.set_title(&title);
        let blank = rules::new_plan_text(&to_markdown(&plan), &today());
        let Some(ws) = self
            .open_folder_workspace()
            .filter(|ws| ws.path_of(&old_id).is_some())
        else {
            // The browser library: links by the plans' export names.
            let new_path = format!("{}.md", rules::kebab(&title));
            let text = decision::add_supersedes(&blank, &old_title, &old_path);
            self.set_status(&format!(
                "Superseded by [{}]({new_path})",
                link_label(&title)
            ));
            self.flush();
            self.add_plan(crate::core::import::import_with(&text, &template));
            done(Ok(()));
            return;
        };
        let dir = rules::folder_of(&old_path).to_string();
        let new_path = self.new_file_path(&dir, &title);
        let text = decision::add_supersedes(
            &blank,
            &old_title,
            &rules::relative_link(rules::folder_of(&new_path), &old_path),
        );
        let this = *self;
        leptos::task::spawn_local(async move {
            match ws.create(&new_path, &text).await {
                Ok(new_id) => {
                    // The old plan is still open: its status says what supersedes it.
                    if this.id.get_untracked() == old_id {
                        let link = rules::relative_link(&dir, &new_path);
                        this.set_status(&format!("Superseded by [{}]({link})", link_label(&title)));
                        this.flush();
                    }
                    this.library.set(this.workspace().list());
                    this.open(&new_id);
                    done(Ok(()));
                }
                Err(e) => done(Err(format!("Could not create {new_path}: {e}"))),
            }
        });
    }

    /// Opens the plan a link of the open plan points at (`href` as written), when it is one of
    /// the workspace's; false when it is not (the link is then left to the browser).
    pub fn open_link(&self, href: &str) -> bool {
        let from = self.link_path(
            &self.id.get_untracked(),
            &self.plan.with_untracked(|p| p.display_title()),
        );
        let Some(target) = rules::resolve(&from, href) else {
            return false;
        };
        let id = match self.open_folder_workspace() {
            Some(ws) => ws.path_of(&ws.id_of(&target)).map(|_| ws.id_of(&target)),
            None => self.library.with_untracked(|l| {
                l.iter()
                    .find(|m| format!("{}.md", rules::kebab(&m.title)) == target)
                    .map(|m| m.id.clone())
            }),
        };
        match id {
            Some(id) => {
                self.open(&id);
                true
            }
            None => false,
        }
    }
}

impl AppState {
    /// Every plan of the workspace as the index lists it: (id, entry, spec id). In a folder,
    /// the files as read; in the browser library, each plan read from storage (the open one as
    /// it is now), named by its export file name.
    pub fn index_entries(&self) -> Vec<(String, rules::Entry, String)> {
        if let Some(ws) = self.open_folder_workspace() {
            let name = self.folder.name.get_untracked().unwrap_or_default();
            return self.folder.entries.with_untracked(|entries| {
                entries
                    .iter()
                    .map(|e| {
                        (
                            crate::web::folder::file_id(&name, &e.path),
                            e.clone(),
                            String::new(),
                        )
                    })
                    .filter(|(id, _, _)| ws.path_of(id).is_some())
                    .collect()
            });
        }
        let open = self.id.get_untracked();
        let workspace = self.workspace();
        let mut taken: Vec<String> = Vec::new();
        let mut rows: Vec<(String, rules::Entry, String)> = Vec::new();
        for meta in self.library.get_untracked() {
            let plan = if meta.id == open {
                Some(self.plan.get_untracked())
            } else {
                workspace.load(&meta.id).ok().map(|s| s.plan)
            };
            let Some(plan) = plan else { continue };
            let title = plan.display_title();
            let mut path = format!("{}.md", rules::kebab(&title));
            let mut n = 2;
            while taken.contains(&path) {
                path = format!("{}-{n}.md", rules::kebab(&title));
                n += 1;
            }
            taken.push(path.clone());
            let markdown = if meta.id == open {
                self.markdown.get_untracked()
            } else {
                to_markdown(&plan)
            };
            let entry = rules::Entry::read(&path, &markdown, &plan.template.0);
            rows.push((meta.id.clone(), entry, meta.spec.clone()));
        }
        let mut entries: Vec<rules::Entry> = rows.iter().map(|(_, e, _)| e.clone()).collect();
        rules::link_both_sides(&mut entries);
        rows.into_iter()
            .map(|(id, e, spec)| {
                let both = entries
                    .iter()
                    .find(|x| x.path == e.path)
                    .cloned()
                    .unwrap_or(e);
                (id, both, spec)
            })
            .collect()
    }

    /// Export index: `index.md` written into the open folder (beside a folder's own index that
    /// Planform did not write, `planform-index.md`), or downloaded from the library.
    pub fn export_index(&self) {
        let entries: Vec<rules::Entry> = self
            .index_entries()
            .into_iter()
            .map(|(_, e, _)| e)
            .collect();
        let text = rules::index_markdown(&entries, "");
        match self.open_folder_workspace() {
            Some(ws) => {
                let this = *self;
                leptos::task::spawn_local(async move {
                    let said = match ws.write_index(&text).await {
                        Ok(path) => format!("Wrote {path}"),
                        Err(e) => format!("Could not write the index: {e}"),
                    };
                    this.ui.toast.set(Some(said));
                });
            }
            None => {
                if let Err(e) = crate::web::files::download("index.md", &text, "text/markdown") {
                    self.ui.toast.set(Some(e.to_string()));
                }
            }
        }
    }
}

/// A title as a link's text: no brackets, which would end it.
fn link_label(title: &str) -> String {
    title.replace(['[', ']'], "")
}
