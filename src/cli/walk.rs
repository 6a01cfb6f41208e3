//! The walk of a folder for `planform index DIR` and `planform check DIR`: every markdown file
//! under it, by the rules the web app's Open folder follows ([`crate::core::folder`]).

use std::path::Path;

use crate::core::folder::{is_markdown, skip_dir};

/// A markdown file the walk could not read: its path and why.
pub struct Unread {
    /// The file, as shown (the folder given, then the relative path).
    pub name: String,
    /// Why.
    pub error: String,
}

/// Markdown files read: (path relative to the root, `/`-separated; text).
pub type Texts = Vec<(String, String)>;

/// Every markdown file under `root` as (path relative to `root`, `/`-separated; text), sorted
/// by path, and the files that could not be read. Symbolic links to folders are not followed
/// (a link back up would never end); hidden folders, `.git`, `node_modules`, `target` and
/// `dist` are not entered.
pub fn walk(root: &Path) -> std::io::Result<(Texts, Vec<Unread>)> {
    let mut files = Vec::new();
    let mut unread = Vec::new();
    let mut stack = vec![(root.to_path_buf(), String::new())];
    // The root itself must be readable: that error is the command's.
    std::fs::read_dir(root)?;
    while let Some((dir, rel)) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                unread.push(Unread {
                    name: dir.display().to_string(),
                    error: e.to_string(),
                });
                continue;
            }
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                continue;
            };
            let path = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if kind.is_dir() {
                if !skip_dir(&name) {
                    stack.push((entry.path(), path));
                }
            } else if is_markdown(&name) && (kind.is_file() || entry.path().is_file()) {
                match std::fs::read(entry.path()) {
                    Ok(bytes) => match String::from_utf8(bytes) {
                        Ok(text) => files.push((path, text)),
                        Err(_) => unread.push(Unread {
                            name: root.join(&path).display().to_string(),
                            error: "not valid UTF-8; save the file as UTF-8".into(),
                        }),
                    },
                    Err(e) => unread.push(Unread {
                        name: root.join(&path).display().to_string(),
                        error: e.to_string(),
                    }),
                }
            }
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((files, unread))
}
