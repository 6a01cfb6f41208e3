//! The `planform` command-line tool: convert, format and check plan files in a repository or CI.
//!
//! Exit codes: 0 success; 1 `fmt --check` found files to format or `check` found errors;
//! 2 bad usage or unreadable input (the message names the file). `fmt` and `check` report an
//! unreadable file and go on with the others, so one bad file in a CI glob does not hide the
//! findings of the rest; 2 then wins over 1.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

mod walk;

use crate::core::checks::{Finding, Severity, check};
use crate::core::envelope::{self, EnvelopeError};
use std::sync::Arc;

use crate::core::folder::{self, Folder};
use crate::core::formats::{InputFormat, read_plan_with};
use crate::core::html;
use crate::core::model::Plan;
use crate::core::template::{self, Catalog, Template};
use crate::core::to_markdown;

#[derive(Parser, Debug)]
#[command(
    name = "planform",
    version,
    about = "Format, check and convert technical plans"
)]
struct Cli {
    /// The template plans follow: a built-in name (`planform templates` lists them) or a
    /// template's markdown file. Without it, each file's template is detected from its headings.
    #[arg(long, global = true, value_name = "NAME|FILE")]
    template: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Convert a plan (markdown, JSON envelope or Planform HTML export) to another format on stdout.
    Convert {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Md)]
        to: Format,
        /// Input file; `-` or nothing reads standard input.
        file: Option<PathBuf>,
    },
    /// Rewrite plan files in canonical form.
    Fmt {
        /// Change nothing; list the files that are not canonical and exit 1 if there are any.
        #[arg(long)]
        check: bool,
        /// Files to format.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List the built-in templates (id and name); with a name or file, print that template's
    /// markdown and what the form makes of it.
    Templates {
        /// A built-in name or a template file to describe.
        template: Option<String>,
    },
    /// Report plan health findings; exit 1 when any is an error. A folder checks every plan
    /// under it, and the links between them: a link to no file is an error, a supersede said on
    /// one side only a note.
    Check {
        /// Print findings as JSON.
        #[arg(long)]
        json: bool,
        /// Files or folders to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the index of every plan under a folder (title, status, template, date, supersede
    /// links), as the markdown table the app's Export index writes.
    Index {
        /// Print it as JSON.
        #[arg(long)]
        json: bool,
        /// The folder.
        dir: PathBuf,
    },
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Markdown: a plan read from markdown is written as it was read (`fmt` writes the
    /// canonical form).
    Md,
    /// Standalone HTML page (the markdown embedded, so it can be read back).
    Html,
    /// Versioned JSON envelope.
    Json,
}

/// Runs the tool with `args` (including the program name); returns the exit code.
pub fn run(
    args: Vec<OsString>,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let text = e.render().to_string();
            let _ = if code == 0 {
                stdout.write_all(text.as_bytes())
            } else {
                stderr.write_all(text.as_bytes())
            };
            return code;
        }
    };
    let template = match cli.template.as_deref().map(resolve_template).transpose() {
        Ok(t) => t,
        Err(message) => {
            let _ = writeln!(stderr, "planform: {message}");
            return 2;
        }
    };
    let t = template.as_ref();
    let result = match cli.command {
        Command::Convert { to, file } => convert(to, file.as_deref(), t, stdin, stdout),
        Command::Fmt { check, files } => fmt(check, &files, t, stdout, stderr),
        Command::Check { json, files } => check_files(json, &files, t, stdout, stderr),
        Command::Templates { template } => templates(template.as_deref(), stdout, stderr),
        Command::Index { json, dir } => index(json, &dir, stdout, stderr),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(stderr, "planform: {message}");
            2
        }
    }
}

/// Why a command failed: printed as `planform: <message>` with exit code 2.
#[derive(Debug, thiserror::Error)]
enum CliError {
    /// Standard input could not be read.
    #[error("<stdin>: {0}")]
    Stdin(std::io::Error),
    /// A file could not be read.
    #[error("{name}: cannot read: {source}")]
    Read {
        /// The file as given.
        name: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// A file is not UTF-8.
    #[error(
        "{name}: not valid UTF-8 at line {line}, column {column} (byte {at}); save the file as UTF-8"
    )]
    NotUtf8 {
        /// The file as given.
        name: String,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
        /// Its byte offset.
        at: usize,
    },
    /// A JSON plan that does not read.
    #[error("{name}: {source}")]
    Unreadable {
        /// The file as given.
        name: String,
        /// Why.
        source: EnvelopeError,
    },
    /// A file could not be written.
    #[error("{name}: cannot write: {source}")]
    Write {
        /// The file as given.
        name: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// Standard output (or error) is gone.
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
    /// `--template` names neither a built-in nor a file.
    #[error("no template “{name}”: give a built-in name ({known}) or a template file")]
    NoTemplate {
        /// What was given.
        name: String,
        /// The built-ins' names, comma separated.
        known: String,
    },
    /// A template file over [`MAX_TEMPLATE_BYTES`].
    #[error("{0}: a template over {kb} KB is not read", kb = MAX_TEMPLATE_BYTES / 1024)]
    TemplateTooLarge(String),
}

/// A built-in template by name, or a template file compiled (plans are then read against it:
/// `read_plan_with`).
fn resolve_template(name: &str) -> Result<Arc<Template>, CliError> {
    if let Some(t) = template::builtin(name) {
        return Ok(t);
    }
    let path = Path::new(name);
    if !path.exists() {
        let names: Vec<String> = template::builtins().iter().map(|t| t.id.clone()).collect();
        return Err(CliError::NoTemplate {
            name: name.to_string(),
            known: names.join(", "),
        });
    }
    let (name, text) = read_input(Some(path), &mut std::io::empty())?;
    if text.len() > MAX_TEMPLATE_BYTES {
        return Err(CliError::TemplateTooLarge(name));
    }
    Ok(template::compile(&text).template)
}

use crate::core::template::MAX_TEMPLATE_BYTES;

fn templates(
    which: Option<&str>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<i32, CliError> {
    let Some(which) = which else {
        for t in template::builtins() {
            writeln!(stdout, "{}\t{}", t.id, t.name)?;
        }
        return Ok(0);
    };
    let compiled = match template::builtin_source(which) {
        Some(src) => template::compile(src),
        None if Path::new(which).exists() => {
            let (_, text) = read_input(Some(Path::new(which)), &mut std::io::empty())?;
            template::compile(&text)
        }
        None => return resolve_template(which).map(|_| 0),
    };
    let t = &compiled.template;
    writeln!(stdout, "{} ({})", t.name, t.id)?;
    let mut stack: Vec<(usize, &Arc<template::SectionSpec>)> =
        t.sections.iter().rev().map(|s| (0, s)).collect();
    if let Some(title) = &t.title {
        stack.push((0, title));
    }
    while let Some((depth, s)) = stack.pop() {
        let what = match s.repeat() {
            Some(r) if r.pick_one => format!("{} (repeated, pick one)", s.title),
            Some(_) => format!("{} (repeated)", s.title),
            None => s.title.clone(),
        };
        writeln!(stdout, "{}{what}", "  ".repeat(depth))?;
        for b in &s.blocks {
            writeln!(
                stdout,
                "{}- {}: {:?}",
                "  ".repeat(depth + 1),
                b.name,
                b.kind
            )?;
        }
        stack.extend(s.children.iter().rev().map(|c| (depth + 1, c)));
    }
    for w in &compiled.warnings {
        writeln!(stderr, "planform: warning: {w}")?;
    }
    Ok(0)
}

fn read_input(file: Option<&Path>, stdin: &mut dyn Read) -> Result<(String, String), CliError> {
    let (name, bytes) = match file {
        None => (
            "<stdin>".to_string(),
            read_all(stdin).map_err(CliError::Stdin)?,
        ),
        Some(p) if p.as_os_str() == "-" => (
            "<stdin>".to_string(),
            read_all(stdin).map_err(CliError::Stdin)?,
        ),
        Some(p) => {
            let name = p.display().to_string();
            match std::fs::read(p) {
                Ok(bytes) => (name, bytes),
                Err(source) => return Err(CliError::Read { name, source }),
            }
        }
    };
    let text = decode_utf8(&name, bytes)?;
    Ok((name, text))
}

fn read_all(r: &mut dyn Read) -> std::io::Result<Vec<u8>> {
    let mut v = Vec::new();
    r.read_to_end(&mut v)?;
    Ok(v)
}

/// UTF-8 or a message saying where it is not.
fn decode_utf8(name: &str, bytes: Vec<u8>) -> Result<String, CliError> {
    String::from_utf8(bytes).map_err(|e| {
        let err = e.utf8_error();
        let bytes = e.as_bytes();
        let at = err.valid_up_to();
        let before = bytes.get(..at).unwrap_or(&[]);
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(before.get(line_start..).unwrap_or(&[]))
            .chars()
            .count()
            + 1;
        CliError::NotUtf8 {
            name: name.to_string(),
            line,
            column,
            at,
        }
    })
}

fn convert(
    to: Format,
    file: Option<&Path>,
    template: Option<&Arc<Template>>,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<i32, CliError> {
    let (name, text) = read_input(file, stdin)?;
    let (plan, _) =
        read_plan_with(&text, template).map_err(|source| CliError::Unreadable { name, source })?;
    let out = match to {
        Format::Md => to_markdown(&plan),
        Format::Html => html::standalone_html(&plan),
        Format::Json => {
            let mut j = envelope::to_json(&plan);
            j.push('\n');
            j
        }
    };
    stdout.write_all(out.as_bytes())?;
    Ok(0)
}

/// One of the files that `fmt` and `check` take, read and parsed.
struct Loaded<'a> {
    path: &'a Path,
    name: String,
    text: String,
    plan: Plan,
    format: InputFormat,
}

/// Reads and parses `path`; the message names the file.
fn load_file<'a>(path: &'a Path, template: Option<&Arc<Template>>) -> Result<Loaded<'a>, CliError> {
    let (name, text) = read_input(Some(path), &mut std::io::empty())?;
    let (plan, format) = match read_plan_with(&text, template) {
        Ok(read) => read,
        Err(source) => return Err(CliError::Unreadable { name, source }),
    };
    Ok(Loaded {
        path,
        name,
        text,
        plan,
        format,
    })
}

/// Why `fmt` or `check` could not finish with one file.
enum FileError {
    /// This file only (unreadable, unwritable): reported, and the other files go on.
    File(CliError),
    /// Nothing can go on (standard output is gone).
    Fatal(CliError),
}

fn fatal(e: std::io::Error) -> FileError {
    FileError::Fatal(CliError::Output(e))
}

/// Runs `each` on every file that can be read; a file that cannot be read, or that `each`
/// fails on, is reported on `stderr` and the others go on. `Ok(true)` when some file failed.
fn for_each_file(
    files: &[PathBuf],
    template: Option<&Arc<Template>>,
    stderr: &mut dyn Write,
    mut each: impl FnMut(Loaded<'_>) -> Result<(), FileError>,
) -> Result<bool, CliError> {
    let mut failed = false;
    for path in files {
        let outcome = load_file(path, template)
            .map_err(FileError::File)
            .and_then(&mut each);
        match outcome {
            Ok(()) => {}
            Err(FileError::File(message)) => {
                failed = true;
                writeln!(stderr, "planform: {message}")?;
            }
            Err(FileError::Fatal(message)) => return Err(message),
        }
    }
    Ok(failed)
}

/// The exit code of `fmt` and `check`: a file that could not be read or written (2) wins over
/// findings or unformatted files (1).
fn exit_code(file_failed: bool, found: bool) -> i32 {
    if file_failed { 2 } else { i32::from(found) }
}

fn fmt(
    check_only: bool,
    files: &[PathBuf],
    template: Option<&Arc<Template>>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<i32, CliError> {
    let mut unformatted = 0;
    let failed = for_each_file(files, template, stderr, |file| {
        let Loaded {
            path,
            name,
            text,
            plan,
            format,
        } = file;
        let canonical = match format {
            InputFormat::Markdown => crate::core::render::canonical(&plan),
            InputFormat::Json => envelope::to_json(&plan) + "\n",
            InputFormat::Html => html::standalone_html(&plan),
        };
        if canonical == text {
            return Ok(());
        }
        unformatted += 1;
        if !check_only {
            if let Err(source) = std::fs::write(path, canonical) {
                return Err(FileError::File(CliError::Write { name, source }));
            }
            write!(stdout, "formatted ").map_err(fatal)?;
        }
        writeln!(stdout, "{name}").map_err(fatal)
    })?;
    Ok(exit_code(failed, check_only && unformatted > 0))
}

/// A folder read by the walk and sorted out; a file the walk could not read is reported on
/// `stderr` (`failed` is then true).
struct Scanned {
    folder: Folder,
    texts: Vec<(String, String)>,
    failed: bool,
}

fn scan(
    dir: &Path,
    template: Option<&Arc<Template>>,
    stderr: &mut dyn Write,
) -> Result<Scanned, CliError> {
    let (texts, unread) = walk::walk(dir).map_err(|source| CliError::Read {
        name: dir.display().to_string(),
        source,
    })?;
    for u in &unread {
        writeln!(stderr, "planform: {}: cannot read: {}", u.name, u.error)?;
    }
    let mut catalog = Catalog::new();
    if let Some(t) = template {
        catalog.add(Arc::clone(t));
    }
    Ok(Scanned {
        folder: Folder::scan(&texts, &catalog),
        texts,
        failed: !unread.is_empty(),
    })
}

fn index(
    json: bool,
    dir: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<i32, CliError> {
    let Scanned { folder, failed, .. } = scan(dir, None, stderr)?;
    if json {
        let rows: Vec<serde_json::Value> = folder
            .plans
            .iter()
            .map(|e| {
                serde_json::json!({
                    "path": e.path,
                    "title": e.title,
                    "status": e.status.map(|s| s.label()),
                    "status_text": e.status_text,
                    "template": e.template_id,
                    "date": e.date,
                    "supersedes": e.supersedes,
                    "superseded_by": e.superseded_by,
                })
            })
            .collect();
        let text = serde_json::to_string_pretty(&rows).unwrap_or_default();
        writeln!(stdout, "{text}")?;
    } else {
        stdout.write_all(folder::index_markdown(&folder.plans, "").as_bytes())?;
    }
    Ok(exit_code(failed, false))
}

/// `check DIR`: every plan's findings, then the links between plans.
fn check_folder(
    json: bool,
    dir: &Path,
    template: Option<&Arc<Template>>,
    report: &mut Vec<serde_json::Value>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<(bool, bool), CliError> {
    let Scanned {
        folder,
        texts,
        failed,
    } = scan(dir, template, stderr)?;
    let shown = |path: &str| dir.join(path).display().to_string();
    let mut any_error = false;
    let links = folder.check_links(&|p| dir.join(p).exists());
    for (path, text) in &texts {
        let Some(t) = folder.template_of(path) else {
            continue;
        };
        let plan = crate::core::import::import_with(text, template.unwrap_or(t));
        let mut findings = check(&plan);
        for l in links.iter().filter(|l| &l.path == path) {
            findings.push(Finding {
                severity: if l.error {
                    Severity::Error
                } else {
                    Severity::Info
                },
                code: if l.error {
                    "broken-link"
                } else {
                    "one-sided-supersede"
                }
                .into(),
                section: String::new(),
                message: l.message.clone(),
                line: u32::try_from(l.line).ok(),
                target: Default::default(),
            });
        }
        any_error |= findings.iter().any(|f| f.severity == Severity::Error);
        if json {
            report.push(serde_json::json!({ "file": shown(path), "findings": findings }));
        } else {
            print_findings(&shown(path), &findings, stdout)?;
        }
    }
    Ok((failed, any_error))
}

fn check_files(
    json: bool,
    paths: &[PathBuf],
    template: Option<&Arc<Template>>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<i32, CliError> {
    let mut any_error = false;
    let mut report: Vec<serde_json::Value> = Vec::new();
    let mut folder_failed = false;
    let (dirs, files): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.iter().cloned().partition(|p| p.is_dir());
    for dir in &dirs {
        let (failed, error) = check_folder(json, dir, template, &mut report, stdout, stderr)?;
        folder_failed |= failed;
        any_error |= error;
    }
    let failed = for_each_file(&files, template, stderr, |Loaded { name, plan, .. }| {
        let findings = check(&plan);
        any_error |= findings.iter().any(|f| f.severity == Severity::Error);
        if json {
            report.push(serde_json::json!({ "file": name, "findings": findings }));
            Ok(())
        } else {
            print_findings(&name, &findings, stdout).map_err(fatal)
        }
    })?;
    if json {
        let text = serde_json::to_string_pretty(&report).unwrap_or_default();
        writeln!(stdout, "{text}")?;
    }
    Ok(exit_code(failed || folder_failed, any_error))
}

fn print_findings(name: &str, findings: &[Finding], out: &mut dyn Write) -> std::io::Result<()> {
    for f in findings {
        let at = f.line.map_or(String::new(), |l| format!(":{l}"));
        writeln!(
            out,
            "{name}{at}: {}[{}] {}",
            f.severity.as_str(),
            f.code,
            f.message
        )?;
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    writeln!(
        out,
        "{name}: {} errors, {} warnings, {} notes",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_says_where() {
        let e = decode_utf8("a.md", b"ok\nab\xffc".to_vec()).unwrap_err();
        assert!(
            matches!(
                e,
                CliError::NotUtf8 {
                    line: 2,
                    column: 3,
                    at: 5,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(
            e.to_string()
                .contains("a.md: not valid UTF-8 at line 2, column 3"),
            "{e}"
        );
    }
}
