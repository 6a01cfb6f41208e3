//! A folder of plan files, as a repository keeps them (`docs/adr`, `docs/rfcs`, `docs/plans`):
//! which files are plans, what each is called and when it was decided, how a new one is named,
//! and the links between them. The same rules serve the web app (a folder opened with the File
//! System Access API) and the command-line tool (`planform index DIR`, `planform check DIR`):
//! they see files only as relative paths (`docs/adr/0002-use-postgres.md`, `/`-separated) and
//! their text.
//!
//! **Which files are plans.** Every markdown file (`.md`, `.markdown`) under the folder, except
//! in `.git`, `node_modules`, `target`, `dist` and hidden folders, and except a folder's own
//! documents (README, index, CHANGELOG, CONTRIBUTING, LICENSE and the like), is a plan when:
//! - it keeps a decision status ([`decision::read_status`]), or
//! - its headings fit a template, built-in or the user's, by at least three of its sections, or
//! - its folder keeps a template file (below): a folder with a template is a folder of plans.
//!
//! **A folder's template.** `template.md`, `adr-template.md`, `0000-template.md` and any
//! `…-template.md` or `template-….md` is not a plan: it is the template New plan offers for that
//! folder (and the folders under it that have none).

use std::sync::Arc;

use crate::core::decision::{self, Status, read_field, read_status};
use crate::core::import::{self, fit};
use crate::core::template::{Catalog, Template};

/// Folders the walk never enters.
pub fn skip_dir(name: &str) -> bool {
    name.starts_with('.') || matches!(name, "node_modules" | "target" | "dist")
}

/// A markdown file's name.
pub fn is_markdown(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    (lower.ends_with(".md") && lower.len() > 3) || (lower.ends_with(".markdown") && lower.len() > 9)
}

fn stem(name: &str) -> &str {
    let base = name.rsplit('/').next().unwrap_or(name);
    base.rsplit_once('.').map_or(base, |(s, _)| s)
}

/// A folder's own template file (`template.md`, `adr-template.md`, `0000-template.md`).
pub fn is_template_file(name: &str) -> bool {
    if !is_markdown(name) {
        return false;
    }
    let s = stem(name).to_ascii_lowercase();
    s == "template"
        || s.ends_with("-template")
        || s.ends_with("_template")
        || s.starts_with("template-")
}

/// A file that describes the folder rather than being one of its plans (README, index, …).
pub fn is_folder_document(name: &str) -> bool {
    let s = stem(name).to_ascii_lowercase();
    matches!(
        s.as_str(),
        "readme"
            | "index"
            | "changelog"
            | "changes"
            | "history"
            | "contributing"
            | "code_of_conduct"
            | "code-of-conduct"
            | "license"
            | "licence"
            | "security"
            | "support"
            | "authors"
            | "notice"
            | "summary"
            | "toc"
            | "_sidebar"
    )
}

/// A file in a folder of templates (`templates/`, `template/`): a template or an example of
/// one, not a plan.
fn in_templates_folder(path: &str) -> bool {
    let dir = folder_of(path);
    let last = dir.rsplit('/').next().unwrap_or(dir).to_ascii_lowercase();
    matches!(last.as_str(), "templates" | "template")
}

/// The folder of a relative path (`docs/adr` for `docs/adr/0001-x.md`, `` at the top).
pub fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The file name of a relative path.
pub fn file_name(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, f)| f)
}

/// The template a plan file follows. A file that keeps a status is a decision: it follows the
/// template that keeps one and fits it best (an ADR with two or three of MADR's sections is an
/// ADR, and so is one with none of them), its folder's own template first on a tie. Any other
/// file follows what import detects, or its folder's template where that fits at least as well
/// as the Technical Plan.
pub fn detect(text: &str, own: Option<&Arc<Template>>, catalog: &Catalog) -> Arc<Template> {
    let headings = import::headings(text);
    if read_status(text).is_some() {
        let mut best: Option<(Arc<Template>, f64)> = None;
        for t in own.cloned().into_iter().chain(catalog.all()) {
            if read_status(&t.source).is_none() {
                continue;
            }
            let (score, _) = fit(&t, &headings);
            if best.as_ref().is_none_or(|(_, b)| score > *b) {
                best = Some((t, score));
            }
        }
        if let Some((t, _)) = best {
            return t;
        }
    }
    let found = import::detect_by_headings(&headings, catalog);
    match own {
        Some(own)
            if found.id == crate::core::template::technical_plan().id
                && fit(own, &headings).0 >= fit(&found, &headings).0 =>
        {
            Arc::clone(own)
        }
        _ => found,
    }
}

/// What a markdown file in a folder is.
#[derive(Clone, Debug)]
pub enum Kind {
    /// A plan, following this template.
    Plan(Arc<Template>),
    /// The folder's template for new plans.
    Template,
    /// Not a plan (a README, a changelog, any other document).
    Other,
}

/// Decides what the markdown file at `path` is, from its name and text; `own` is the template
/// its folder keeps (or the nearest folder above), which also makes every markdown file there a
/// plan. A plan that fits no template better than the Technical Plan follows the folder's.
pub fn classify(path: &str, text: &str, own: Option<&Arc<Template>>, catalog: &Catalog) -> Kind {
    let name = file_name(path);
    if !is_markdown(name) {
        return Kind::Other;
    }
    if is_template_file(name) {
        return Kind::Template;
    }
    if is_folder_document(name) || in_templates_folder(path) {
        return Kind::Other;
    }
    let headings = import::headings(text);
    let template = detect(text, own, catalog);
    if own.is_some() || read_status(text).is_some() || fit(&template, &headings).1 >= 3 {
        Kind::Plan(template)
    } else {
        Kind::Other
    }
}

/// The plan's title: its first `#` heading (without the template's title prefix, such as
/// `Technical Plan: `, or a leading number such as adr-tools' `2. `), else the front matter's
/// `title:`, else the file name.
pub fn title(path: &str, text: &str, template: &Template) -> String {
    let heading = import::headings(text)
        .into_iter()
        .find(|(level, _)| *level == 1)
        .map(|(_, t)| t);
    if let Some(h) = heading {
        let prefix = template.title_prefix();
        let h = h.trim();
        let h = if !prefix.is_empty()
            && h.len() > prefix.len()
            && h.is_char_boundary(prefix.len())
            && h[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            h[prefix.len()..]
                .trim_start_matches([':', ' ', '\u{2013}', '\u{2014}', '-'])
                .trim()
        } else {
            h
        };
        // adr-tools numbers its titles (`2. Use a queue`): the number is the file's, not the title's.
        let digits = h.bytes().take_while(u8::is_ascii_digit).count();
        let h = match h.get(digits..) {
            Some(rest) if digits > 0 && rest.starts_with(". ") => rest[2..].trim(),
            _ => h,
        };
        if !h.is_empty() {
            return h.to_string();
        }
    }
    if let Some((decision::Place::FrontMatter, span)) = read_field(text, "title", false)
        && let Some(t) = text.get(span)
        && !t.trim().is_empty()
    {
        return t.trim().to_string();
    }
    stem(path).to_string()
}

/// The plan's date (`YYYY-MM-DD` as written): `date:` in the front matter, a `- Date:` bullet,
/// a `Date:` line or a `**Last Updated**`/`**Created**` field under the title, else a date the
/// file name opens with (`20201029-…`).
pub fn date(path: &str, text: &str) -> Option<String> {
    for key in ["date", "last updated", "updated", "created"] {
        if let Some((_, span)) = read_field(text, key, key == "date")
            && let Some(v) = text.get(span)
            && looks_like_date(v.trim())
        {
            return Some(v.trim().to_string());
        }
    }
    let digits: String = file_name(path)
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if digits.len() == 8 && looks_like_date(&digits) {
        return Some(format!(
            "{}-{}-{}",
            &digits[..4],
            &digits[4..6],
            &digits[6..]
        ));
    }
    None
}

/// `2026-01-02` or `20260102` (a year 1900–2199, a month, a day).
fn looks_like_date(v: &str) -> bool {
    let d: String = v.chars().filter(char::is_ascii_digit).collect();
    let shape =
        v.len() == 10 && v.as_bytes().get(4) == Some(&b'-') && v.as_bytes().get(7) == Some(&b'-');
    if !(shape || v.len() == 8 && d.len() == 8) || d.len() != 8 {
        return false;
    }
    let n = |r: std::ops::Range<usize>| d[r].parse::<u32>().unwrap_or(0);
    (1900..2200).contains(&n(0..4)) && (1..=12).contains(&n(4..6)) && (1..=31).contains(&n(6..8))
}

// ---------------------------------------------------------------------------------------------
// Naming a new plan.

/// A title in kebab case, for a file name: lower case, letters and digits kept (any script),
/// everything else a single `-`; at most 60 characters, cut at a word; `untitled` when nothing
/// is left.
pub fn kebab(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') && c != '\'' && c != '’' {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.chars().count() > 60 {
        let cut: String = out.chars().take(60).collect();
        out = match cut.rfind('-') {
            Some(i) if i > 20 => cut[..i].to_string(),
            _ => cut,
        };
    }
    if out.is_empty() {
        "untitled".to_string()
    } else {
        out
    }
}

/// How a folder names its plans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Convention {
    /// `0001-title.md`: the next number, this many digits.
    Numbered(usize),
    /// `20260102-title.md` (Log4brains): the day's date.
    Dated,
    /// `title.md`.
    Plain,
}

fn number_prefix(name: &str) -> Option<&str> {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && matches!(name.as_bytes().get(digits), Some(b'-' | b'_')))
        .then(|| &name[..digits])
}

/// The convention of a folder's file names: numbered when most of its plans open with a number,
/// dated when those numbers are all dates.
pub fn convention<'a>(names: impl IntoIterator<Item = &'a str>) -> Convention {
    let names: Vec<&str> = names.into_iter().filter(|n| !is_template_file(n)).collect();
    let numbers: Vec<&str> = names.iter().filter_map(|n| number_prefix(n)).collect();
    if numbers.is_empty() || numbers.len() * 2 < names.len() {
        return Convention::Plain;
    }
    if numbers.iter().all(|n| n.len() == 8 && looks_like_date(n)) {
        return Convention::Dated;
    }
    Convention::Numbered(numbers.iter().map(|n| n.len()).max().unwrap_or(4).max(1))
}

/// The file name for a new plan titled `title` in a folder holding `names` (its markdown files),
/// following the folder's [`convention`]; `today` is `YYYY-MM-DD`. Never a name in `names` (a
/// `-2`, `-3`… is added), and never one that differs only in case (for case-insensitive disks).
pub fn new_file_name(names: &[&str], title: &str, today: &str) -> String {
    let slug = kebab(title);
    let stem = match convention(names.iter().copied()) {
        Convention::Numbered(width) => {
            let next = names
                .iter()
                .filter(|n| !is_template_file(n))
                .filter_map(|n| number_prefix(n)?.parse::<u64>().ok())
                .max()
                .map_or(1, |n| n + 1);
            format!("{next:0width$}-{slug}")
        }
        Convention::Dated => format!("{}-{slug}", today.replace('-', "")),
        Convention::Plain => slug,
    };
    let taken: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    let mut name = format!("{stem}.md");
    let mut n = 2;
    while taken.contains(&name.to_lowercase()) {
        name = format!("{stem}-{n}.md");
        n += 1;
    }
    name
}

/// A new plan's markdown (`blank`: its template's blank plan, titled): where the template keeps
/// a status, it starts as Proposed (Draft when the template's choices have no Proposed), written
/// in the case of the template's choices; a `date:` that is still a prompt becomes `today`. A
/// template without a status gets none: the plan stays the template, byte for byte.
pub fn new_plan_text(blank: &str, today: &str) -> String {
    let mut text = blank.to_string();
    if let Some(read) = read_status(&text) {
        text = decision::set_status(&text, &read, &initial_status(&read.text));
    }
    if let Some((_, span)) = read_field(&text, "date", true)
        && let Some(v) = text.get(span.clone())
        && !looks_like_date(v.trim())
        && let (Some(before), Some(after)) = (text.get(..span.start), text.get(span.end..))
    {
        text = format!("{before}{today}{after}");
    }
    text
}

/// The status a new plan starts with, given what the template writes there (its choices, or
/// one value): Proposed when it is among them, else Draft; lower case when they are.
pub fn initial_status(choices: &str) -> String {
    let lower = choices.to_lowercase();
    let word = if lower.contains("proposed") || !lower.contains("draft") {
        "Proposed"
    } else {
        "Draft"
    };
    let lower_case = choices
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_lowercase);
    if lower_case {
        word.to_lowercase()
    } else {
        word.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// Links between plans.

/// A link in a document to another markdown file of the folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanLink {
    /// Its text.
    pub label: String,
    /// The target as written.
    pub target: String,
    /// The target resolved against the linking file's folder (`docs/adr/0001-x.md`); `None`
    /// when it climbs out of the folder.
    pub path: Option<String>,
    /// The 1-based line it is on.
    pub line: usize,
    /// What the link says of the two plans.
    pub relation: Relation,
}

/// What a link says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// A plain link.
    Mention,
    /// This plan supersedes the target (`Supersedes [1. …](0001-….md)`).
    Supersedes,
    /// The target supersedes this plan (`superseded by [ADR-0003](0003-….md)`).
    SupersededBy,
}

/// `target` (a relative link from the file at `from`) as a path relative to the folder:
/// `./`, `../` and `%20` resolved, `#anchor` and `?query` dropped. `None` for a link that is
/// not to a relative file (a URL, `mailto:`, an anchor, an absolute path) or climbs out.
pub fn resolve(from: &str, target: &str) -> Option<String> {
    let t = target.trim().trim_start_matches('<').trim_end_matches('>');
    // `[x](file.md "title")`: the title is not part of the target.
    let t = t.split_once(" \"").map_or(t, |(a, _)| a).trim();
    if t.is_empty()
        || t.starts_with('#')
        || t.starts_with('/')
        || t.contains("://")
        || t.contains(':')
    {
        return None;
    }
    let t = t.split(['#', '?']).next().unwrap_or("");
    let t = percent_decode(t)?;
    let mut parts: Vec<&str> = folder_of(from)
        .split('/')
        .filter(|p| !p.is_empty())
        .collect();
    for part in t.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Every link from the document at `path` to a markdown file, outside code, with what it says:
/// a link after `superseded by` on its line is [`Relation::SupersededBy`], after `supersedes`
/// [`Relation::Supersedes`].
pub fn plan_links(path: &str, text: &str) -> Vec<PlanLink> {
    let mut out = Vec::new();
    let mut fence: Option<char> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        for mark in ['`', '~'] {
            if t.starts_with(&format!("{mark}{mark}{mark}")) {
                fence = match fence {
                    None => Some(mark),
                    Some(m) if m == mark => None,
                    other => other,
                };
            }
        }
        if fence.is_some() || line.starts_with("    ") {
            continue;
        }
        let lower = line.to_lowercase();
        for link in decision::links(&strip_code_spans(line)) {
            let Some(resolved) = resolve(path, &link.target) else {
                continue;
            };
            if !is_markdown(&resolved) {
                continue;
            }
            let at = lower
                .find(&format!("]({}", link.target.to_lowercase()))
                .unwrap_or(lower.len());
            let before = &lower[..at.min(lower.len())];
            let relation = match (before.rfind("superseded by"), before.rfind("supersedes")) {
                (Some(_), None) => Relation::SupersededBy,
                (None, Some(_)) => Relation::Supersedes,
                (Some(a), Some(b)) if a > b => Relation::SupersededBy,
                (Some(_), Some(_)) => Relation::Supersedes,
                (None, None) => Relation::Mention,
            };
            out.push(PlanLink {
                label: link.label,
                target: link.target,
                path: Some(resolved),
                line: i + 1,
                relation,
            });
        }
    }
    out
}

/// A line with its `code spans` blanked, so a link shown as code is not read as one.
fn strip_code_spans(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    for c in line.chars() {
        if c == '`' {
            in_code = !in_code;
            out.push(' ');
        } else {
            out.push(if in_code { ' ' } else { c });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The index.

/// One plan of a folder, as the index lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Relative path (`docs/adr/0002-use-postgres.md`).
    pub path: String,
    /// Title.
    pub title: String,
    /// The status as written (`superseded by [x](x.md)`), when it keeps one.
    pub status_text: Option<String>,
    /// The status it names.
    pub status: Option<Status>,
    /// Its template's name.
    pub template: String,
    /// Its template's id.
    pub template_id: String,
    /// Its date, as written.
    pub date: Option<String>,
    /// The plans it supersedes (paths), said by it or by them.
    pub supersedes: Vec<String>,
    /// The plans that supersede it (paths), said by it or by them.
    pub superseded_by: Vec<String>,
    /// Its links to other markdown files.
    pub links: Vec<PlanLink>,
}

impl Entry {
    /// Reads a plan file.
    pub fn read(path: &str, text: &str, template: &Template) -> Entry {
        let read = read_status(text);
        let links = plan_links(path, text);
        let side = |r: Relation| -> Vec<String> {
            let mut v: Vec<String> = links
                .iter()
                .filter(|l| l.relation == r)
                .filter_map(|l| l.path.clone())
                .collect();
            v.dedup();
            v
        };
        Entry {
            path: path.to_string(),
            title: title(path, text, template),
            status: read.as_ref().and_then(|r| r.status),
            status_text: read.map(|r| r.text),
            template: template.name.clone(),
            template_id: template.id.clone(),
            date: date(path, text),
            supersedes: side(Relation::Supersedes),
            superseded_by: side(Relation::SupersededBy),
            links,
        }
    }

    /// The status as a word (`Superseded`), the text as written when Planform does not know it.
    pub fn status_label(&self) -> String {
        match (self.status, &self.status_text) {
            (Some(s), _) => s.label().to_string(),
            (None, Some(t)) => t.clone(),
            (None, None) => String::new(),
        }
    }
}

/// The order that sorts `keys` (stable: equal keys keep their order). Every sort of this module
/// and of the web app's folder and index goes through it: the sort is compiled once, where a
/// `sort_by` per element type cost about 3 KB of WebAssembly each.
pub fn order(keys: &[String]) -> Vec<usize> {
    let mut at: Vec<usize> = (0..keys.len()).collect();
    at.sort_by(|a, b| keys[*a].cmp(&keys[*b]));
    at
}

/// `items` in the order of `keys` ([`order`]).
pub fn sorted_by<T>(items: Vec<T>, keys: &[String]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order(keys)
        .into_iter()
        .filter_map(|i| slots.get_mut(i).and_then(Option::take))
        .collect()
}

/// Completes each entry's supersede links with what the other side says (Log4brains and many
/// folders write one side only), and sorts the entries by path.
pub fn link_both_sides(entries: &mut Vec<Entry>) {
    // (newer, older): every supersede either side says. Folders hold tens or hundreds of plans:
    // a list is enough (and smaller in WebAssembly than a map).
    let mut pairs: Vec<(String, String)> = Vec::new();
    for e in entries.iter() {
        pairs.extend(e.supersedes.iter().map(|old| (e.path.clone(), old.clone())));
        pairs.extend(
            e.superseded_by
                .iter()
                .map(|new| (new.clone(), e.path.clone())),
        );
    }
    let known: Vec<String> = entries.iter().map(|e| e.path.clone()).collect();
    for e in entries.iter_mut() {
        let mut olds: Vec<String> = Vec::new();
        let mut news: Vec<String> = Vec::new();
        for (new, old) in &pairs {
            if *new == e.path
                && !olds.contains(old)
                && (known.contains(old) || e.supersedes.contains(old))
            {
                olds.push(old.clone());
            }
            if *old == e.path && !news.contains(new) {
                news.push(new.clone());
            }
        }
        e.supersedes = sorted_by(olds.clone(), &olds);
        e.superseded_by = sorted_by(news.clone(), &news);
    }
    let paths: Vec<String> = entries.iter().map(|e| e.path.clone()).collect();
    *entries = sorted_by(std::mem::take(entries), &paths);
}

/// `to` as a relative link from a file in folder `from_dir` (both relative to the root).
pub fn relative_link(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|p| !p.is_empty()).collect();
    let target: Vec<&str> = to.split('/').collect();
    let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(target[common..].iter().map(|p| p.replace(' ', "%20")));
    parts.join("/")
}

fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// The first line of the index Planform writes (how it knows an `index.md` is its own).
pub const INDEX_HEADING: &str = "# Index of plans";

/// The index as a markdown table, for `index.md` in folder `dir` (links relative to it): one
/// row per plan with its title (linked), status, template, date and supersede links.
pub fn index_markdown(entries: &[Entry], dir: &str) -> String {
    let link = |path: &str| {
        let text = entries
            .iter()
            .find(|e| e.path == path)
            .map_or_else(|| file_name(path), |e| e.title.as_str());
        format!(
            "[{}]({})",
            cell(text).replace(['[', ']'], ""),
            relative_link(dir, path)
        )
    };
    let mut out = format!(
        "{INDEX_HEADING}\n\n| Plan | Status | Template | Date | Supersedes | Superseded by |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    for e in entries {
        let list = |v: &[String]| v.iter().map(|p| link(p)).collect::<Vec<_>>().join(", ");
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            link(&e.path),
            cell(&e.status_label()),
            cell(&e.template),
            cell(e.date.as_deref().unwrap_or("")),
            list(&e.supersedes),
            list(&e.superseded_by),
        ));
    }
    out
}

/// A finding about the links between plans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkFinding {
    /// The file it is in.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// True for an error (a link to no file); false for a note.
    pub error: bool,
    /// What is wrong.
    pub message: String,
}

/// Checks the links of every plan: a link to a markdown file that does not exist (by
/// `exists`, given a path relative to the root) is an error; a supersede said on one side only
/// is a note.
pub fn check_links(entries: &[Entry], exists: &dyn Fn(&str) -> bool) -> Vec<LinkFinding> {
    let mut out = Vec::new();
    for e in entries {
        for l in &e.links {
            let Some(p) = &l.path else { continue };
            if !exists(p) {
                out.push(LinkFinding {
                    path: e.path.clone(),
                    line: l.line,
                    error: true,
                    message: format!("link to {} points at no file", l.target),
                });
                continue;
            }
            let Some(other) = entries.iter().find(|o| o.path == *p) else {
                continue;
            };
            let says = |r: Relation| {
                other
                    .links
                    .iter()
                    .any(|o| o.relation == r && o.path.as_deref() == Some(e.path.as_str()))
            };
            let missing = match l.relation {
                Relation::SupersededBy if !says(Relation::Supersedes) => Some(format!(
                    "{} does not say it supersedes this plan",
                    other.path
                )),
                Relation::Supersedes if !says(Relation::SupersededBy) => Some(format!(
                    "{} does not say it is superseded by this plan",
                    other.path
                )),
                _ => None,
            };
            if let Some(message) = missing {
                out.push(LinkFinding {
                    path: e.path.clone(),
                    line: l.line,
                    error: false,
                    message,
                });
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// A folder read whole.

/// A folder's markdown files, sorted out: its plans (with the template each follows), its
/// template files, the rest.
#[derive(Clone, Debug, Default)]
pub struct Folder {
    /// The plans, by path.
    pub plans: Vec<Entry>,
    /// Each folder's template file: (folder, path of its template).
    pub templates: Vec<(String, String)>,
    /// Every markdown file read, plan or not (a link may point at any of them).
    pub files: Vec<String>,
    /// The template each plan follows: (path, template).
    templates_of: Vec<(String, Arc<Template>)>,
}

impl Folder {
    /// Sorts out `files` (relative path, text), as read by a walk that followed [`skip_dir`].
    /// A folder's template file is compiled and offered, beside `catalog`, to the plans of its
    /// folder and of the folders under it that keep none.
    pub fn scan(files: &[(String, String)], catalog: &Catalog) -> Folder {
        let mut templates: Vec<(String, String)> = Vec::new();
        let mut compiled: Vec<(String, Arc<Template>)> = Vec::new();
        for (path, text) in files {
            let dir = folder_of(path).to_string();
            if is_template_file(file_name(path)) && !templates.iter().any(|(d, _)| *d == dir) {
                templates.push((dir.clone(), path.clone()));
                if text.len() <= crate::core::template::MAX_TEMPLATE_BYTES {
                    compiled.push((dir, folder_template(path, text)));
                }
            }
        }
        let mut plans = Vec::new();
        let mut templates_of = Vec::new();
        for (path, text) in files {
            let own = nearest(folder_of(path), &compiled).cloned();
            if let Kind::Plan(t) = classify(path, text, own.as_ref(), catalog) {
                plans.push(Entry::read(path, text, &t));
                templates_of.push((path.clone(), t));
            }
        }
        link_both_sides(&mut plans);
        Folder {
            plans,
            templates,
            files: files.iter().map(|(p, _)| p.clone()).collect(),
            templates_of,
        }
    }

    /// The template the plan at `path` follows.
    pub fn template_of(&self, path: &str) -> Option<&Arc<Template>> {
        self.templates_of
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, t)| t)
    }

    /// Each plan's path and template.
    pub fn plan_templates(&self) -> impl Iterator<Item = (&str, &Arc<Template>)> {
        self.templates_of.iter().map(|(p, t)| (p.as_str(), t))
    }

    /// The template file New plan uses for a plan in folder `dir`: its own, else the nearest
    /// folder above's.
    pub fn template_path(&self, dir: &str) -> Option<&str> {
        nearest(dir, &self.templates).map(String::as_str)
    }

    /// The link findings of every plan ([`check_links`]), a target existing when the walk read
    /// it or `exists` says so.
    pub fn check_links(&self, exists: &dyn Fn(&str) -> bool) -> Vec<LinkFinding> {
        check_links(&self.plans, &|p| {
            self.files.iter().any(|f| f == p) || exists(p)
        })
    }
}

/// A folder's template file compiled: its id the file's path (`folder:docs/adr/template.md`),
/// its name the one its annotation gives, else the path.
pub fn folder_template(path: &str, text: &str) -> Arc<Template> {
    use crate::core::template::{compile, renamed};
    let c = compile(text);
    let name = if text.contains("planform: name") {
        c.template.name.clone()
    } else {
        path.to_string()
    };
    renamed(c, &format!("folder:{path}"), &name).template
}

/// What `list` keeps for folder `dir`, else for the nearest folder above it.
fn nearest<'a, T>(dir: &str, list: &'a [(String, T)]) -> Option<&'a T> {
    let mut d = dir;
    loop {
        if let Some((_, t)) = list.iter().find(|(k, _)| k == d) {
            return Some(t);
        }
        if d.is_empty() {
            return None;
        }
        d = folder_of(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn the_walk_skips_what_is_not_the_teams() {
        for d in [
            ".git",
            "node_modules",
            "target",
            "dist",
            ".github",
            ".obsidian",
        ] {
            assert!(skip_dir(d), "{d}");
        }
        for d in ["docs", "adr", "rfcs", "targets", "distribution"] {
            assert!(!skip_dir(d), "{d}");
        }
        assert!(
            is_markdown("a.md")
                && is_markdown("B.MARKDOWN")
                && !is_markdown(".md")
                && !is_markdown("a.txt")
        );
    }

    #[test]
    fn template_files_and_folder_documents_are_not_plans() {
        for t in [
            "template.md",
            "adr-template.md",
            "0000-template.md",
            "Template.md",
            "template-short.md",
        ] {
            assert!(is_template_file(t), "{t}");
        }
        for p in ["0001-templates-are-good.md", "templated.md"] {
            assert!(!is_template_file(p), "{p}");
        }
        let catalog = Catalog::new();
        let adr = "# Use X\n\n- Status: accepted\n\n## Context and Problem Statement\n\nWhy.\n";
        assert!(matches!(
            classify("docs/adr/README.md", adr, None, &catalog),
            Kind::Other
        ));
        assert!(matches!(
            classify("docs/adr/index.md", adr, None, &catalog),
            Kind::Other
        ));
        assert!(matches!(
            classify("docs/adr/template.md", adr, None, &catalog),
            Kind::Template
        ));
        assert!(matches!(
            classify("templates/madr.md", adr, None, &catalog),
            Kind::Other
        ));
        // A status makes a plan; so do three of a template's sections; a note is not one.
        assert!(
            matches!(classify("docs/adr/0001-use-x.md", adr, None, &catalog), Kind::Plan(t) if t.id == "madr")
        );
        let plan = crate::core::template::technical_plan().markdown.clone();
        assert!(matches!(
            classify("docs/plans/x.md", &plan, None, &catalog),
            Kind::Plan(_)
        ));
        assert!(matches!(
            classify(
                "docs/notes.md",
                "# Notes\n\nNothing decided.\n",
                None,
                &catalog
            ),
            Kind::Other
        ));
        // In a folder with a template, every markdown file is a plan, following it by default.
        let own = folder_template(
            "docs/adr/template.md",
            "# [title]\n\n- Status: [proposed]\n\n## Context and Problem Statement\n\n## Decision Outcome\n",
        );
        assert!(
            matches!(classify("docs/adr/notes.md", "# Notes\n", Some(&own), &catalog), Kind::Plan(t) if t.id == own.id)
        );
    }

    #[test]
    fn a_status_bullet_reads_as_the_adr_it_is() {
        // Log4brains's MADR 2 files: two or three sections, a `- Status:` bullet.
        let doc = "# Use Lunr for search\n\n- Status: accepted\n- Date: 2020-11-03\n\n## Context and Problem Statement\n\nSearch.\n\n## Decision Outcome\n\nLunr.\n";
        assert_eq!(detect(doc, None, &Catalog::new()).id, "madr");
        // One with none of MADR's sections, only a status: still an ADR.
        let bare = "# Use React hooks\n\n- Status: accepted\n- Date: 2020-09-27\n\n## Decision\n\nHooks.\n\n## Links\n\n- x\n";
        assert_eq!(detect(bare, None, &Catalog::new()).id, "madr");
    }

    #[test]
    fn titles_and_dates_read_where_folders_write_them() {
        let t = crate::core::template::technical_plan();
        assert_eq!(
            title("p.md", "# Technical Plan: Offline drafts\n", &t),
            "Offline drafts"
        );
        assert_eq!(
            title("0002-x.md", "# 2. Keep one queue\n", &t),
            "Keep one queue"
        );
        assert_eq!(
            title("docs/0003-no-title.md", "Text only.\n", &t),
            "0003-no-title"
        );
        assert_eq!(
            title("x.md", "---\ntitle: From front matter\n---\nText\n", &t),
            "From front matter"
        );
        assert_eq!(
            date("a.md", "---\ndate: 2024-01-02\n---\n# T\n").as_deref(),
            Some("2024-01-02")
        );
        assert_eq!(
            date("a.md", "# T\n\n- Date: 2020-09-25\n").as_deref(),
            Some("2020-09-25")
        );
        assert_eq!(
            date("a.md", "# 2. T\n\nDate: 2025-10-02\n\n## Status\n").as_deref(),
            Some("2025-10-02")
        );
        assert_eq!(
            date("a.md", "# T\n\n**Last Updated:** 2026-03-09\n").as_deref(),
            Some("2026-03-09")
        );
        assert_eq!(
            date("docs/20201029-x.md", "# T\n").as_deref(),
            Some("2020-10-29")
        );
        assert_eq!(date("a.md", "# T\n\n- Date: [YYYY-MM-DD]\n- date:\n"), None);
    }

    #[test]
    fn a_new_file_follows_the_folders_names_and_never_overwrites() {
        assert_eq!(kebab("Use a Queue for Retries!"), "use-a-queue-for-retries");
        assert_eq!(kebab("Don't use `eval`"), "dont-use-eval");
        assert_eq!(kebab("Ünïcode Straße 東京"), "ünïcode-straße-東京");
        assert_eq!(kebab("  --- "), "untitled");
        assert!(kebab(&"word ".repeat(40)).len() <= 60);
        let adr = [
            "0001-record.md",
            "0002-use-postgres.md",
            "template.md",
            "README.md",
        ];
        assert_eq!(
            new_file_name(&adr, "Use a queue for retries", "2026-12-06"),
            "0003-use-a-queue-for-retries.md"
        );
        assert_eq!(
            new_file_name(&["1-a.md", "12-b.md"], "C", "2026-12-06"),
            "13-c.md"
        );
        let l4b = [
            "20200924-use-markdown.md",
            "20201016-use-the-slug.md",
            "template.md",
        ];
        assert_eq!(
            new_file_name(&l4b, "Use Lunr", "2026-12-06"),
            "20261206-use-lunr.md"
        );
        assert_eq!(
            new_file_name(&["offline-drafts.md"], "Offline drafts", "2026-12-06"),
            "offline-drafts-2.md"
        );
        assert_eq!(
            new_file_name(
                &["Offline-Drafts.md", "offline-drafts-2.md"],
                "Offline drafts",
                "x"
            ),
            "offline-drafts-3.md"
        );
        assert_eq!(new_file_name(&[], "First", "2026-12-06"), "first.md");
    }

    #[test]
    fn a_new_plan_starts_proposed_where_its_template_keeps_a_status() {
        let madr = crate::core::template::builtin("madr")
            .map(|t| t.markdown.clone())
            .unwrap_or_default();
        let text = new_plan_text(&madr, "2026-12-06");
        assert!(text.contains("status: \"proposed\"\n"), "{text}");
        assert!(text.contains("date: 2026-12-06\n"), "{text}");
        assert_eq!(
            read_status(&text).and_then(|r| r.status),
            Some(Status::Proposed)
        );
        let l4b = "# [title]\n\n- Status: [proposed | rejected | accepted]\n- Date: [YYYY-MM-DD]\n\n## Context\n";
        assert_eq!(
            new_plan_text(l4b, "2026-12-06"),
            "# [title]\n\n- Status: proposed\n- Date: 2026-12-06\n\n## Context\n"
        );
        let spec = "# Feature\n\n**Status**: Draft\n\n## Scenarios\n";
        assert_eq!(new_plan_text(spec, "x"), spec);
        // No status, no date in the template: not a byte added.
        let tp = crate::core::template::technical_plan().markdown.clone();
        assert_eq!(new_plan_text(&tp, "2026-12-06"), tp);
    }

    #[test]
    fn links_resolve_relative_to_their_file() {
        assert_eq!(
            resolve("docs/adr/0002-a.md", "0003-b.md").as_deref(),
            Some("docs/adr/0003-b.md")
        );
        assert_eq!(
            resolve("docs/adr/0002-a.md", "./0003-b.md#decision").as_deref(),
            Some("docs/adr/0003-b.md")
        );
        assert_eq!(
            resolve("docs/adr/0002-a.md", "../plans/my%20plan.md").as_deref(),
            Some("docs/plans/my plan.md")
        );
        assert_eq!(
            resolve("docs/adr/0002-a.md", "<0003-b.md>").as_deref(),
            Some("docs/adr/0003-b.md")
        );
        assert_eq!(resolve("a.md", "../../outside.md"), None);
        for t in [
            "https://example.com/a.md",
            "#top",
            "/abs.md",
            "mailto:x@y",
            "",
        ] {
            assert_eq!(resolve("docs/a.md", t), None, "{t}");
        }
        assert_eq!(
            relative_link("docs/adr", "docs/plans/x y.md"),
            "../plans/x%20y.md"
        );
        assert_eq!(relative_link("", "docs/adr/1.md"), "docs/adr/1.md");
    }

    #[test]
    fn supersede_links_read_both_ways_and_one_side_is_enough() {
        let catalog = Catalog::new();
        let folder = Folder::scan(
            &files(&[
                (
                    "adr/0001-a.md",
                    "# A\n\n- Status: superseded by [ADR-0002](0002-b.md)\n\n## Context and Problem Statement\n\nSee `[x](gone.md)` and\n\n```\n[y](gone.md)\n```\n",
                ),
                (
                    "adr/0002-b.md",
                    "# B\n\n- Status: accepted\n\n## Context and Problem Statement\n\nSee [the plan](../plans/missing.md).\n",
                ),
            ]),
            &catalog,
        );
        let a = &folder.plans[0];
        let b = &folder.plans[1];
        assert_eq!(a.status, Some(Status::Superseded));
        assert_eq!(a.superseded_by, vec!["adr/0002-b.md".to_string()]);
        // B does not say it; the index shows it all the same.
        assert_eq!(b.supersedes, vec!["adr/0001-a.md".to_string()]);
        let findings = folder.check_links(&|_| false);
        assert_eq!(findings.len(), 2, "{findings:?}");
        assert!(
            findings
                .iter()
                .any(|f| f.error && f.path == "adr/0002-b.md" && f.line == 7)
        );
        assert!(
            findings
                .iter()
                .any(|f| !f.error && f.path == "adr/0001-a.md" && f.line == 3)
        );
        let md = index_markdown(&folder.plans, "adr");
        assert!(
            md.contains("| [A](0001-a.md) | Superseded | MADR |  |  | [B](0002-b.md) |"),
            "{md}"
        );
    }

    #[test]
    fn a_folders_template_is_offered_below_it() {
        let folder = Folder::scan(
            &files(&[
                ("docs/adr/template.md", "# [t]\n\n## Context\n"),
                ("docs/adr/x/0001-a.md", "# A\n"),
            ]),
            &Catalog::new(),
        );
        assert_eq!(
            folder.template_path("docs/adr/x"),
            Some("docs/adr/template.md")
        );
        assert_eq!(folder.template_path("docs"), None);
        assert_eq!(folder.plans.len(), 1);
    }
}
