//! Highlighted code: fenced code with a known language is written as HTML with GitHub's token
//! classes (`pl-k` keyword, `pl-s` string, `pl-c` comment, `pl-c1` number or constant, `pl-en`
//! function, `pl-ent` key, `pl-v` variable, `pl-mi1`/`pl-md` added/removed line), coloured by
//! `document.css` in both themes. No inline style: the app's policy stays as strict.
//!
//! Written here rather than taken from a crate, measured: `syntect` with its default syntaxes
//! adds megabytes to the wasm, `tree-sitter` grammars hundreds of kilobytes each, and the
//! JavaScript highlighters (highlight.js, Prism) would leave the HTML export plain, since the
//! export is written by this core. A plan's code is short samples (a schema, an API, a config),
//! which a lexer per language family colours as well as GitHub does at the token level:
//! comments, strings, numbers, keywords, constants, function names. It runs in time linear in
//! the code and never fails: an unknown language is `None` (the caller writes plain code).

use crate::core::sanitize::escape_html;

/// How one language family is read.
struct Lang {
    /// Line comment starts.
    line_comments: &'static [&'static str],
    /// Block comment delimiters.
    block_comments: &'static [(&'static str, &'static str)],
    /// String quotes (each closes itself; `\` escapes, but for `raw_quotes`).
    quotes: &'static [char],
    /// Quotes inside which `\` is not an escape.
    raw_quotes: &'static [char],
    /// Python's triple quotes.
    triple_quotes: bool,
    /// Keywords, compared as written unless `case_insensitive`.
    keywords: &'static [&'static str],
    /// Constants (`true`, `null`, …).
    constants: &'static [&'static str],
    case_insensitive: bool,
    /// `$name` and `${…}` are variables (shell).
    dollar_variables: bool,
    /// `key:` at a line's start is a key (YAML), `"key":` (JSON), `key =` (TOML).
    keys: Keys,
    /// Lines starting `+`/`-` are added/removed (diff).
    diff: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Keys {
    None,
    Yaml,
    Json,
    Toml,
}

const C_LIKE_COMMENTS: &[(&str, &str)] = &[("/*", "*/")];
const NO_WORDS: &[&str] = &[];

const RUST: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "type", "unsafe", "use",
    "where", "while",
];
const JS: &[&str] = &[
    "abstract",
    "as",
    "async",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "declare",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "finally",
    "for",
    "from",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "keyof",
    "let",
    "new",
    "of",
    "private",
    "protected",
    "public",
    "readonly",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "try",
    "type",
    "typeof",
    "var",
    "void",
    "while",
    "yield",
];
const PYTHON: &[&str] = &[
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
    "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];
const GO: &[&str] = &[
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];
const JAVA_LIKE: &[&str] = &[
    "abstract",
    "as",
    "async",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "data",
    "default",
    "do",
    "else",
    "enum",
    "extends",
    "final",
    "finally",
    "for",
    "fun",
    "func",
    "guard",
    "if",
    "implements",
    "import",
    "in",
    "interface",
    "internal",
    "is",
    "let",
    "namespace",
    "new",
    "object",
    "open",
    "operator",
    "override",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "sealed",
    "static",
    "struct",
    "super",
    "switch",
    "this",
    "throw",
    "throws",
    "try",
    "using",
    "val",
    "var",
    "virtual",
    "void",
    "when",
    "where",
    "while",
];
const C: &[&str] = &[
    "auto",
    "break",
    "case",
    "char",
    "class",
    "const",
    "continue",
    "default",
    "delete",
    "do",
    "double",
    "else",
    "enum",
    "extern",
    "float",
    "for",
    "goto",
    "if",
    "inline",
    "int",
    "long",
    "namespace",
    "new",
    "private",
    "protected",
    "public",
    "return",
    "short",
    "signed",
    "sizeof",
    "static",
    "struct",
    "switch",
    "template",
    "this",
    "typedef",
    "typename",
    "union",
    "unsigned",
    "using",
    "virtual",
    "void",
    "volatile",
    "while",
];
const RUBY: &[&str] = &[
    "alias", "and", "begin", "break", "case", "class", "def", "do", "else", "elsif", "end",
    "ensure", "for", "if", "in", "module", "next", "not", "or", "redo", "rescue", "retry",
    "return", "self", "super", "then", "unless", "until", "when", "while", "yield",
];
const SQL: &[&str] = &[
    "add",
    "alter",
    "and",
    "as",
    "asc",
    "begin",
    "between",
    "by",
    "cascade",
    "case",
    "check",
    "column",
    "commit",
    "constraint",
    "create",
    "default",
    "delete",
    "desc",
    "distinct",
    "drop",
    "else",
    "end",
    "exists",
    "foreign",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "if",
    "in",
    "index",
    "inner",
    "insert",
    "into",
    "is",
    "join",
    "key",
    "left",
    "like",
    "limit",
    "not",
    "on",
    "or",
    "order",
    "outer",
    "primary",
    "references",
    "returning",
    "right",
    "rollback",
    "select",
    "set",
    "table",
    "then",
    "transaction",
    "union",
    "unique",
    "update",
    "using",
    "values",
    "view",
    "when",
    "where",
    "with",
];
const SHELL: &[&str] = &[
    "case", "do", "done", "elif", "else", "esac", "export", "fi", "for", "function", "if", "in",
    "local", "readonly", "return", "select", "then", "until", "while",
];
const CONSTANTS: &[&str] = &[
    "true",
    "false",
    "null",
    "nil",
    "None",
    "True",
    "False",
    "undefined",
    "NaN",
    "Infinity",
];
const SQL_CONSTANTS: &[&str] = &["true", "false", "null"];

/// The language family of a fence's info word, if known.
fn lang(name: &str) -> Option<Lang> {
    let base = Lang {
        line_comments: &["//"],
        block_comments: C_LIKE_COMMENTS,
        quotes: &['"', '\''],
        raw_quotes: &[],
        triple_quotes: false,
        keywords: NO_WORDS,
        constants: CONSTANTS,
        case_insensitive: false,
        dollar_variables: false,
        keys: Keys::None,
        diff: false,
    };
    let name = name.to_ascii_lowercase();
    Some(match name.as_str() {
        "rust" | "rs" => Lang {
            keywords: RUST,
            quotes: &['"'],
            ..base
        },
        "javascript" | "js" | "jsx" | "mjs" | "typescript" | "ts" | "tsx" => Lang {
            keywords: JS,
            quotes: &['"', '\'', '`'],
            ..base
        },
        "go" | "golang" => Lang {
            keywords: GO,
            quotes: &['"', '\''],
            raw_quotes: &['`'],
            ..base
        },
        "java" | "kotlin" | "kt" | "swift" | "csharp" | "cs" | "c#" | "scala" | "dart" => Lang {
            keywords: JAVA_LIKE,
            ..base
        },
        "c" | "h" | "cpp" | "c++" | "cc" | "hpp" => Lang {
            keywords: C,
            ..base
        },
        "python" | "py" => Lang {
            line_comments: &["#"],
            block_comments: &[],
            triple_quotes: true,
            keywords: PYTHON,
            ..base
        },
        "ruby" | "rb" => Lang {
            line_comments: &["#"],
            block_comments: &[],
            keywords: RUBY,
            ..base
        },
        "sql" | "postgresql" | "postgres" | "mysql" | "sqlite" | "plsql" => Lang {
            line_comments: &["--"],
            quotes: &['\'', '"'],
            keywords: SQL,
            constants: SQL_CONSTANTS,
            case_insensitive: true,
            ..base
        },
        "bash" | "sh" | "shell" | "zsh" | "console" | "shellsession" | "dockerfile" | "docker"
        | "makefile" | "make" => Lang {
            line_comments: &["#"],
            block_comments: &[],
            raw_quotes: &['\''],
            keywords: SHELL,
            constants: NO_WORDS,
            dollar_variables: true,
            ..base
        },
        "yaml" | "yml" => Lang {
            line_comments: &["#"],
            block_comments: &[],
            keys: Keys::Yaml,
            ..base
        },
        "toml" | "ini" => Lang {
            line_comments: &["#", ";"],
            block_comments: &[],
            keys: Keys::Toml,
            ..base
        },
        "json" | "jsonc" | "json5" => Lang {
            keys: Keys::Json,
            quotes: &['"'],
            ..base
        },
        "css" | "scss" | "less" => Lang {
            line_comments: &[],
            ..base
        },
        "diff" | "patch" => Lang {
            line_comments: &[],
            block_comments: &[],
            quotes: &[],
            constants: NO_WORDS,
            diff: true,
            ..base
        },
        _ => return None,
    })
}

/// Whether `name` is a language this module highlights.
pub fn knows(name: &str) -> bool {
    lang(name).is_some()
}

/// `code` as highlighted HTML (escaped, with `<span class="pl-…">` tokens), for a fence whose
/// language is `name`; `None` when the language is not one this module knows.
pub fn highlight(name: &str, code: &str) -> Option<String> {
    let lang = lang(name)?;
    let mut out = String::with_capacity(code.len() * 3 / 2);
    if lang.diff {
        for line in code.split_inclusive('\n') {
            let class = match line.as_bytes().first() {
                Some(b'+') if !line.starts_with("+++") => Some("pl-mi1"),
                Some(b'-') if !line.starts_with("---") => Some("pl-md"),
                Some(b'@') => Some("pl-c"),
                _ => None,
            };
            span(class, line, &mut out);
        }
        return Some(out);
    }
    let mut lexer = Lexer {
        lang: &lang,
        code,
        pos: 0,
        line_start: true,
        out: &mut out,
    };
    lexer.run();
    Some(out)
}

/// Writes `text` escaped, in a span of `class` when there is one.
fn span(class: Option<&str>, text: &str, out: &mut String) {
    if text.is_empty() {
        return;
    }
    match class {
        Some(c) => {
            out.push_str("<span class=\"");
            out.push_str(c);
            out.push_str("\">");
            escape_html(text, out);
            out.push_str("</span>");
        }
        None => escape_html(text, out),
    }
}

struct Lexer<'a> {
    lang: &'a Lang,
    code: &'a str,
    pos: usize,
    /// Only spaces since the last line break (YAML and TOML keys start a line).
    line_start: bool,
    out: &'a mut String,
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        self.code.get(self.pos..).unwrap_or_default()
    }

    fn emit(&mut self, class: Option<&str>, len: usize) {
        let end = (self.pos + len).min(self.code.len());
        let text = self.code.get(self.pos..end).unwrap_or_default();
        span(class, text, self.out);
        self.pos = end;
    }

    fn run(&mut self) {
        while self.pos < self.code.len() {
            let rest = self.rest();
            let Some(c) = rest.chars().next() else { break };
            let was_line_start = self.line_start;
            self.line_start = c == '\n' || (was_line_start && (c == ' ' || c == '\t'));
            // Comments.
            if let Some(len) = self.comment_len(rest) {
                self.emit(Some("pl-c"), len);
                continue;
            }
            // Strings (and a JSON key: a string followed by `:`).
            if let Some(len) = self.string_len(rest) {
                let after = rest
                    .get(len..)
                    .unwrap_or_default()
                    .trim_start_matches([' ', '\t']);
                let class = if self.lang.keys == Keys::Json && after.starts_with(':') {
                    "pl-ent"
                } else {
                    "pl-s"
                };
                self.emit(Some(class), len);
                continue;
            }
            if c.is_ascii_digit() {
                let len = rest
                    .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '.' || ch == '_'))
                    .unwrap_or(rest.len());
                self.emit(Some("pl-c1"), len);
                continue;
            }
            if self.lang.dollar_variables && c == '$' {
                let len = if rest.starts_with("${") {
                    rest.find('}').map_or(rest.len(), |i| i + 1)
                } else {
                    1 + rest[1..]
                        .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                        .unwrap_or(rest.len() - 1)
                };
                self.emit(Some("pl-v"), len);
                continue;
            }
            if c.is_alphabetic() || c == '_' {
                let len = rest
                    .find(|ch: char| {
                        !(ch.is_alphanumeric()
                            || ch == '_'
                            || (self.lang.keys != Keys::None && ch == '-'))
                    })
                    .unwrap_or(rest.len());
                let word = &rest[..len];
                let after = rest[len..].trim_start_matches([' ', '\t']);
                let class = if was_line_start
                    && ((self.lang.keys == Keys::Yaml && after.starts_with(':'))
                        || (self.lang.keys == Keys::Toml && after.starts_with('=')))
                {
                    Some("pl-ent")
                } else if self.is(self.lang.keywords, word) {
                    Some("pl-k")
                } else if self.is(self.lang.constants, word) {
                    Some("pl-c1")
                } else if after.starts_with('(') && self.lang.keys == Keys::None {
                    Some("pl-en")
                } else {
                    None
                };
                self.emit(class, len);
                continue;
            }
            self.emit(None, c.len_utf8());
        }
    }

    fn is(&self, words: &[&str], word: &str) -> bool {
        if self.lang.case_insensitive {
            words.iter().any(|w| w.eq_ignore_ascii_case(word))
        } else {
            words.contains(&word)
        }
    }

    fn comment_len(&self, rest: &str) -> Option<usize> {
        for start in self.lang.line_comments {
            // `#` starts a shell comment only at a word's start (`a#b` is a word).
            if rest.starts_with(start) && !(start == &"#" && self.after_word()) {
                return Some(rest.find('\n').unwrap_or(rest.len()));
            }
        }
        for (start, end) in self.lang.block_comments {
            if let Some(body) = rest.strip_prefix(start) {
                return Some(
                    body.find(end)
                        .map_or(rest.len(), |i| start.len() + i + end.len()),
                );
            }
        }
        None
    }

    /// Whether the character before the current position is part of a word.
    fn after_word(&self) -> bool {
        self.code
            .get(..self.pos)
            .and_then(|s| s.chars().next_back())
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '$' | '{' | '}'))
    }

    fn string_len(&self, rest: &str) -> Option<usize> {
        let q = rest.chars().next()?;
        if self.lang.triple_quotes {
            for triple in ["\"\"\"", "'''"] {
                if let Some(body) = rest.strip_prefix(triple) {
                    return Some(body.find(triple).map_or(rest.len(), |i| 3 + i + 3));
                }
            }
        }
        let raw = self.lang.raw_quotes.contains(&q);
        if !raw && !self.lang.quotes.contains(&q) {
            return None;
        }
        // A quote inside a word is an apostrophe (`don't`, Rust's `'a`), not a string.
        if q == '\'' && self.after_word() {
            return None;
        }
        let mut escaped = false;
        for (i, ch) in rest.char_indices().skip(1) {
            if escaped {
                escaped = false;
            } else if ch == '\\' && !raw {
                escaped = true;
            } else if ch == q {
                return Some(i + ch.len_utf8());
            } else if ch == '\n' && q != '`' && !raw {
                // An unterminated string ends with its line.
                return Some(i);
            }
        }
        Some(rest.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(lang: &str, code: &str) -> String {
        highlight(lang, code).unwrap_or_else(|| panic!("{lang} unknown"))
    }

    /// The text of `html` without its tags, unescaped: the code, unchanged.
    fn text(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    #[test]
    fn tokens_get_github_classes() {
        let out = h(
            "rust",
            "// note\nfn main() { let x = \"hi\"; if x.len() > 2 { return; } }\n",
        );
        assert!(out.contains("<span class=\"pl-c\">// note</span>"), "{out}");
        assert!(
            out.contains("<span class=\"pl-k\">fn</span> <span class=\"pl-en\">main</span>"),
            "{out}"
        );
        assert!(
            out.contains("<span class=\"pl-s\">&quot;hi&quot;</span>"),
            "{out}"
        );
        assert!(out.contains("<span class=\"pl-c1\">2</span>"), "{out}");
        let sql = h(
            "sql",
            "SELECT id FROM users WHERE active = TRUE; -- live ones\n",
        );
        assert!(sql.contains("<span class=\"pl-k\">SELECT</span>"), "{sql}");
        assert!(sql.contains("<span class=\"pl-c1\">TRUE</span>"), "{sql}");
        assert!(
            sql.contains("<span class=\"pl-c\">-- live ones</span>"),
            "{sql}"
        );
        let yaml = h("yaml", "name: api # the service\nreplicas: 3\n");
        assert!(
            yaml.contains("<span class=\"pl-ent\">name</span>"),
            "{yaml}"
        );
        assert!(
            yaml.contains("<span class=\"pl-c\"># the service</span>"),
            "{yaml}"
        );
        let json = h("json", "{\"retries\": 3, \"mode\": \"fast\", \"on\": true}");
        assert!(
            json.contains("<span class=\"pl-ent\">&quot;retries&quot;</span>"),
            "{json}"
        );
        assert!(
            json.contains("<span class=\"pl-s\">&quot;fast&quot;</span>"),
            "{json}"
        );
        let sh = h("bash", "export URL=\"$HOST/x\" # set\necho ${URL}#frag\n");
        assert!(
            sh.contains("<span class=\"pl-v\">${URL}</span>#frag"),
            "{sh}"
        );
        let diff = h("diff", "--- a\n+++ b\n-old\n+new\n");
        assert!(
            diff.contains(
                "<span class=\"pl-md\">-old\n</span><span class=\"pl-mi1\">+new\n</span>"
            ),
            "{diff}"
        );
        let py = h(
            "python",
            "def f():\n    \"\"\"Doc\n    string\"\"\"\n    return None\n",
        );
        assert!(
            py.contains(
                "<span class=\"pl-s\">&quot;&quot;&quot;Doc\n    string&quot;&quot;&quot;</span>"
            ),
            "{py}"
        );
    }

    #[test]
    fn every_character_of_the_code_is_kept_and_escaped() {
        let samples = [
            (
                "ts",
                "const a = `x ${y}` + '<b>' // </span>\n/* unterminated",
            ),
            ("go", "s := `raw \\ string` + \"esc \\\" q\"\n"),
            ("python", "'''open"),
            ("rust", "fn f<'a>(x: &'a str) -> &'a str { x } // don't"),
            ("bash", "echo 'it''s' \"$(date)\" ${"),
            ("sql", "insert into t values ('O''Brien', \"x\", 1.5e3);"),
            ("json", "{\"a\": [1, 2.5, null], \"é\": \"日本\"}"),
            ("yaml", "- key: 'value' # c\n  other: \"x\""),
        ];
        for (lang, code) in samples {
            let out = h(lang, code);
            assert_eq!(text(&out), code, "{lang}: {out}");
            assert!(
                !out.contains("<b>") && !out.contains("</span>\n/*"),
                "{lang}: {out}"
            );
        }
    }

    #[test]
    fn an_unknown_language_is_none() {
        assert!(highlight("mermaid", "graph TD").is_none());
        assert!(highlight("", "x").is_none());
        assert!(knows("TypeScript") && knows("SQL"));
    }

    #[test]
    fn highlighting_is_linear() {
        let big = "let x = \"a\\\"b\"; // c\n/* d */ 0x1F\n".repeat(40_000);
        let start = std::time::Instant::now();
        let out = h("rust", &big);
        assert!(out.len() > big.len());
        let limit = if cfg!(debug_assertions) { 5_000 } else { 500 };
        assert!(start.elapsed().as_millis() < limit, "{:?}", start.elapsed());
    }
}
