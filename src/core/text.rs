//! Text helpers at the bottom of the core, below the template and the model: how a text is
//! normalised before it is read, the markdown options everyone parses with, words, table cells,
//! slugs. Nothing here knows what a plan or a template is.

use std::collections::HashSet;

use pulldown_cmark::Options;

use crate::core::encoding::repair_mojibake;

/// Column alignment of a table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// No alignment given.
    #[default]
    None,
    /// `:---`
    Left,
    /// `:---:`
    Center,
    /// `---:`
    Right,
}

/// The pulldown-cmark options used everywhere in Planform (import and HTML): GitHub-flavoured.
///
/// `ENABLE_GFM` only adds alerts (`> [!NOTE]` and its kin) to blockquotes; import keeps a
/// blockquote as raw markdown whatever its kind, so it changes nothing there.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_GFM
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

/// Strips byte-order marks, turns CRLF and lone CR into LF, NUL into U+FFFD, and repairs UTF-8
/// that was decoded as Windows-1252.
///
/// Every U+FEFF goes, not only a leading one: one after a blank line would otherwise become
/// the first character of the rendered output, where the next import strips it as a
/// byte-order mark, so the output would not be a fixed point. Inside text it is an invisible,
/// deprecated zero-width no-break space, so dropping it changes nothing a reader sees.
pub fn normalize_source(input: &str) -> String {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let repaired = repair_mojibake(input);
    // A byte-order mark that was itself mis-decoded (`ï»¿`) only shows up after the repair.
    let repaired = repaired.strip_prefix('\u{feff}').unwrap_or(&repaired);
    let mut text = if repaired.contains('\r') {
        repaired.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        repaired.to_string()
    };
    if text.contains('\u{feff}') {
        text = text.replace('\u{feff}', "");
    }
    // CommonMark reads NUL as U+FFFD; doing so here keeps every output format in agreement.
    if text.contains('\0') {
        text = text.replace('\0', "\u{fffd}");
    }
    text
}

/// Removes leading blank lines and trailing whitespace of a block of markdown.
pub fn trim_block(s: &str) -> &str {
    let s = trim_md_end(s);
    let mut start = 0;
    for line in s.split_inclusive('\n') {
        if line.trim_matches([' ', '\t', '\n', '\r']).is_empty() {
            start += line.len();
        } else {
            break;
        }
    }
    s.get(start..).unwrap_or("")
}

/// Trims the end of markdown text: only spaces, tabs and line breaks, which markdown itself
/// ignores there. Rust's `trim_end` would also take a no-break space or other Unicode space,
/// which markdown reads as text: dropping one can turn `#\u{a0}` (a paragraph line) into `#`
/// (an empty heading), so the output would not be a fixed point (found by fuzzing).
pub fn trim_md_end(s: &str) -> &str {
    s.trim_end_matches([' ', '\t', '\n', '\r'])
}

/// True when a text is only a template's scaffolding: HTML comments and link reference
/// definitions (the form hides such raw blocks; they stay in the markdown as written).
pub fn is_scaffolding(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.split("\n\n").all(|part| {
            let part = part.trim();
            (part.starts_with("<!--") && part.ends_with("-->"))
                || part.lines().all(|l| {
                    l.split_once("]:").is_some_and(|(label, _)| {
                        label.starts_with('[') && !label.contains(']') && !label.contains('\n')
                    })
                })
        })
}

/// A delimiter row cell's alignment (`:---` left, `---:` right, `:---:` centre).
pub fn align_of(cell: &str) -> Align {
    let d = cell.trim();
    match (d.starts_with(':'), d.ends_with(':') && d.len() > 1) {
        (true, true) => Align::Center,
        (true, false) => Align::Left,
        (false, true) => Align::Right,
        _ => Align::None,
    }
}

/// Splits a table row into trimmed cells on unescaped pipes (as GitHub does, even inside code).
pub fn split_cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = if t.ends_with('|') && !t.ends_with("\\|") {
        t.get(..t.len() - 1).unwrap_or(t)
    } else {
        t
    };
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut escaped = false;
    for ch in t.chars() {
        if ch == '|' && !escaped {
            cells.push(cur.trim().to_string());
            cur.clear();
        } else {
            cur.push(ch);
        }
        escaped = ch == '\\' && !escaped;
    }
    cells.push(cur.trim().to_string());
    cells
}

/// True when every word (run of letters and digits) of `before` occurs in `after`.
pub fn words_kept(before: &str, after: &str) -> bool {
    let have: HashSet<&str> = words(after).collect();
    words(before).all(|w| have.contains(w))
}

/// The words of a text: maximal runs of alphanumeric characters.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A slug: lower-case letters and digits, runs of anything else as one `-`, at most 64 chars.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.chars().count() >= 64 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}
