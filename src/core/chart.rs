//! Pictures drawn from the plan's own data: a table with a date column (the Technical Plan's
//! Timeline, or any template's table whose column holds dates) as a timeline chart, in SVG.
//!
//! [`Table`] is what the renderer collected of a table (its header and cells as plain text);
//! [`timeline`] decides whether it is a timeline and lays it out ([`Layout`], host-tested);
//! [`svg`] writes the picture. The picture is an image named "Timeline chart" whose description
//! (and its caption, for screen readers) says every milestone in words; statuses are classes (`chart-done`, …) coloured by the
//! document's stylesheet, so the app's policy needs no inline style.
//!
//! Written here rather than with a charting crate: the picture is a few dozen SVG elements, and
//! the crates that draw SVG (plotters and the like) would add far more to the wasm than this.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, Ordering};

/// Today, for the chart's "Today" mark: set by the app and the command-line tool, which have a
/// clock (the core has none; unset, no mark is drawn, so the core's output stays a function of
/// its input in tests).
static TODAY: AtomicI64 = AtomicI64::new(i64::MIN);

/// Sets the day the charts mark as today.
pub fn set_today(day: Day) {
    TODAY.store(day, Ordering::Relaxed);
}

/// The day the charts mark as today, if one was set.
pub fn today() -> Option<Day> {
    Some(TODAY.load(Ordering::Relaxed)).filter(|&d| d != i64::MIN)
}

/// A table as the renderer saw it: header cells and body rows, as plain text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// The header row's cells.
    pub header: Vec<String>,
    /// The body rows' cells.
    pub rows: Vec<Vec<String>>,
}

/// Whether a cell of `table` holds something like a year (19xx or 20xx): the cheap test the
/// renderer makes before it asks for the chart drawing to be loaded (a blank template's
/// `YYYY-MM-DD` asks for nothing).
pub fn mentions_a_year(table: &Table) -> bool {
    table.rows.iter().flatten().any(|cell| {
        cell.as_bytes().windows(4).any(|w| {
            matches!(w, [b'1', b'9', c, d] | [b'2', b'0', c, d] if c.is_ascii_digit() && d.is_ascii_digit())
        })
    })
}

/// A milestone's state, from its status cell (words or the template's ✅ 🔄 ⏳).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Done, complete, shipped (✅).
    Done,
    /// Under way (🔄).
    Active,
    /// Not started yet (⏳).
    Planned,
    /// Blocked, late or cancelled (❌).
    Blocked,
    /// No status, or one not recognised.
    Unknown,
}

impl Status {
    /// Reads a status cell: what the form reads as a milestone's status
    /// ([`crate::core::status::Status::parse`]: the template's emoji and the usual words), then,
    /// for the chart only, looser text ("❌ blocked on legal", "in progress (70%)").
    pub fn read(cell: &str) -> Status {
        use crate::core::status::Status as Milestone;
        match Milestone::parse(cell) {
            Some(Milestone::Done) => Status::Done,
            Some(Milestone::InProgress) => Status::Active,
            // An empty cell is no status here (the form offers Pending for it).
            Some(Milestone::Pending) if !cell.trim().is_empty() => Status::Planned,
            Some(Milestone::Pending) => Status::Unknown,
            None => Status::loosely(cell),
        }
    }

    fn loosely(cell: &str) -> Status {
        let c = cell.trim().to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| c.contains(w));
        if has(&[
            "❌", "🚫", "⛔", "🛑", "block", "late", "delayed", "at risk", "cancel", "drop",
        ]) {
            Status::Blocked
        } else if has(&[
            "✅", "✔", "☑", "done", "complete", "finished", "shipped", "released",
        ]) {
            Status::Done
        } else if has(&[
            "🔄", "🚧", "progress", "ongoing", "active", "started", "wip",
        ]) {
            Status::Active
        } else if has(&[
            "⏳",
            "planned",
            "todo",
            "to do",
            "not started",
            "pending",
            "scheduled",
        ]) {
            Status::Planned
        } else {
            Status::Unknown
        }
    }

    /// The class that colours it, and the word the description uses.
    fn class_and_word(self) -> (&'static str, &'static str) {
        match self {
            Status::Done => ("chart-done", "done"),
            Status::Active => ("chart-active", "in progress"),
            Status::Planned => ("chart-planned", "planned"),
            Status::Blocked => ("chart-blocked", "blocked"),
            Status::Unknown => ("chart-unknown", "no status"),
        }
    }
}

/// A day as a count from 1970-01-01 (negative before).
pub type Day = i64;

/// Days from 1970-01-01 to the civil date (proleptic Gregorian; Howard Hinnant's algorithm).
pub fn day_of(year: i64, month: u32, day: u32) -> Day {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day: (year, month, day).
pub fn civil(day: Day) -> (i64, u32, u32) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| w.starts_with(m) && "january february march april may june july august september october november december sept".contains(&w))
        .map(|i| i as u32 + 1)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn valid(year: i64, month: u32, day: u32) -> Option<Day> {
    ((1..=9999).contains(&year)
        && (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month))
    .then(|| day_of(year, month, day))
}

/// Reads a date cell: `2026-03-14` (or with `/` or `.`), `2026-03` (its first day), `2026-Q2`
/// (its quarter's first day), `14 Mar 2026`, `March 14, 2026`, `Mar 2026`. Text around the
/// date (bold, "by", a time) is allowed; a placeholder such as `YYYY-MM-DD` is not a date.
pub fn parse_date(cell: &str) -> Option<Day> {
    let text = cell.replace(['*', '_', '`', '~'], " ");
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    // ISO-like forms, in any word.
    for w in &words {
        let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        let w = w.split('T').next().unwrap_or(w);
        let parts: Vec<&str> = w.split(['-', '/', '.']).collect();
        let num = |s: &str| {
            s.parse::<i64>()
                .ok()
                .filter(|_| s.bytes().all(|b| b.is_ascii_digit()))
        };
        match parts.as_slice() {
            [y, m, d] if y.len() == 4 => {
                if let (Some(y), Some(m), Some(d)) = (num(y), num(m), num(d)) {
                    return valid(y, m as u32, d as u32);
                }
            }
            [y, q]
                if y.len() == 4 && q.len() == 2 && (q.starts_with('Q') || q.starts_with('q')) =>
            {
                let quarter = num(&q[1..])?;
                let y = num(y)?;
                return (1..=4)
                    .contains(&quarter)
                    .then(|| day_of(y, (quarter as u32 - 1) * 3 + 1, 1))
                    .filter(|_| (1..=9999).contains(&y));
            }
            [y, m] if y.len() == 4 && (1..=2).contains(&m.len()) => {
                if let (Some(y), Some(m)) = (num(y), num(m)) {
                    return valid(y, m as u32, 1);
                }
            }
            _ => {}
        }
    }
    // Month names: "14 Mar 2026", "March 14 2026", "Mar 2026".
    let year_at = words
        .iter()
        .position(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))?;
    let year: i64 = words[year_at].parse().ok()?;
    let month_at = words.iter().position(|w| month_number(w).is_some())?;
    let month = month_number(words[month_at])?;
    let day_word = |i: usize| -> Option<u32> {
        let w = words
            .get(i)?
            .trim_end_matches(|c: char| c.is_ascii_alphabetic());
        w.parse().ok().filter(|d| (1..=31).contains(d))
    };
    let day = month_at
        .checked_sub(1)
        .and_then(day_word)
        .or_else(|| day_word(month_at + 1).filter(|_| month_at + 1 != year_at))
        .unwrap_or(1);
    valid(year, month, day)
}

/// A row's cell, or "" past its end.
fn cell(row: &[String], c: usize) -> &str {
    row.get(c).map(String::as_str).unwrap_or("")
}

/// Which column of a header names what.
fn column(header: &[String], words: &[&str]) -> Option<usize> {
    header.iter().position(|h| {
        let h = h.to_lowercase();
        words.iter().any(|w| {
            h.split(|c: char| !c.is_alphanumeric())
                .any(|part| part == *w)
        })
    })
}

/// A milestone placed on the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// Its label (the row's first other cell).
    pub label: String,
    /// The date as written.
    pub date_text: String,
    /// The day, when the cell is a date.
    pub day: Option<Day>,
    /// Its state.
    pub status: Status,
    /// Where it is drawn (centre), when it has a date.
    pub x: f64,
    /// Its row's middle.
    pub y: f64,
}

/// The chart laid out: every size in SVG user units.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// The picture's size.
    pub width: f64,
    /// The picture's height.
    pub height: f64,
    /// The first and last day the axis shows.
    pub span: (Day, Day),
    /// One per body row, in the table's order.
    pub points: Vec<Point>,
    /// Axis ticks: x and label.
    pub ticks: Vec<(f64, String)>,
    /// Today's x, when today is within the axis.
    pub today: Option<f64>,
}

const WIDTH: f64 = 720.0;
const LEFT: f64 = 24.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 22.0;
const ROW: f64 = 28.0;
const AXIS: f64 = 34.0;

/// Lays out a table as a timeline, or `None` when it is not one: it has no column of dates
/// (a column named Date, When, Due, Deadline, Target or ETA, else one whose cells are mostly
/// dates), or none of its rows has a date that reads (a blank template's `YYYY-MM-DD`).
pub fn timeline(table: &Table, today: Option<Day>) -> Option<Layout> {
    let cols = table.header.len();
    if cols < 2 || table.rows.is_empty() {
        return None;
    }
    let date_col = column(
        &table.header,
        &["date", "when", "due", "deadline", "target", "eta", "day"],
    )
    .or_else(|| {
        (0..cols).find(|&c| {
            let filled: Vec<&str> = table
                .rows
                .iter()
                .map(|r| cell(r, c))
                .filter(|t| !t.trim().is_empty())
                .collect();
            !filled.is_empty()
                && filled.iter().filter(|t| parse_date(t).is_some()).count() * 2 > filled.len()
        })
    })?;
    let status_col = column(&table.header, &["status", "state", "progress"]);
    let label_col = (0..cols)
        .find(|&c| c != date_col && Some(c) != status_col)
        .unwrap_or(date_col);
    let mut points: Vec<Point> = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let status = match status_col {
                Some(c) => Status::read(cell(r, c)),
                None => Status::read(&r.join(" ")),
            };
            Point {
                label: cell(r, label_col).trim().to_string(),
                date_text: cell(r, date_col).trim().to_string(),
                day: parse_date(cell(r, date_col)),
                status,
                x: 0.0,
                y: TOP + ROW * i as f64 + ROW / 2.0,
            }
        })
        .collect();
    let days: Vec<Day> = points.iter().filter_map(|p| p.day).collect();
    let (&first, &last) = (days.iter().min()?, days.iter().max()?);
    // A margin of a twentieth on each side (a week at least), so no mark sits on the edge.
    let pad = ((last - first) / 20).max(7);
    let span = (first - pad, last + pad);
    let plot = WIDTH - LEFT - RIGHT;
    let x_of = |d: Day| LEFT + plot * (d - span.0) as f64 / (span.1 - span.0) as f64;
    for p in &mut points {
        if let Some(d) = p.day {
            p.x = x_of(d);
        }
    }
    let height = TOP + ROW * points.len() as f64 + AXIS;
    Some(Layout {
        width: WIDTH,
        height,
        span,
        ticks: ticks(span)
            .into_iter()
            .map(|(d, label)| (x_of(d), label))
            .collect(),
        today: today.filter(|t| (span.0..=span.1).contains(t)).map(x_of),
        points,
    })
}

/// Axis ticks for a span: months (every one, or every 2, 3, 6 or 12 so at most 8 show), or
/// weeks for a span under two months.
fn ticks(span: (Day, Day)) -> Vec<(Day, String)> {
    let (y0, m0, _) = civil(span.0);
    let length = span.1 - span.0;
    if length < 60 {
        // Mondays (1970-01-05 was one).
        let mut d = span.0 + (7 - (span.0 - 4).rem_euclid(7)) % 7;
        let mut out = Vec::new();
        while d <= span.1 {
            let (_, m, day) = civil(d);
            out.push((d, format!("{} {day}", title(MONTHS[m as usize - 1]))));
            d += 7;
        }
        return out;
    }
    let months = length / 30;
    let step = [1, 2, 3, 6, 12, 24, 60, 120]
        .into_iter()
        .find(|s| months / s <= 8)
        .unwrap_or(240);
    let (mut y, mut m) = (y0, m0);
    let mut out = Vec::new();
    loop {
        // The next month start on the step's grid (January-aligned).
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
        if (i64::from(m) - 1 + y * 12) % step != 0 {
            continue;
        }
        let d = day_of(y, m, 1);
        if d > span.1 {
            break;
        }
        let label = if m == 1 || step >= 12 {
            format!("{y}")
        } else {
            title(MONTHS[m as usize - 1])
        };
        out.push((d, label));
    }
    out
}

fn title(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Implementation phases as bars.

/// The unit a phase's duration is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Sprint,
}

impl Unit {
    fn word(self) -> &'static str {
        match self {
            Unit::Day => "Day",
            Unit::Week => "Week",
            Unit::Sprint => "Sprint",
        }
    }
}

/// A phase of the work and when it runs, from a line like `### Phase 1: Foundation (Day 1-2)`
/// or `- Rollout (Weeks 3–4)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phase {
    pub name: String,
    pub unit: Unit,
    /// First and last unit, inclusive (`Day 7` is 7 to 7).
    pub first: u32,
    pub last: u32,
}

/// The longest span drawn, in units (a typo like `Day 1-2000` draws nothing).
const MAX_UNITS: u32 = 400;

/// Whether `markdown` may hold phases with durations (the cheap test made before the drawing
/// is loaded): `(Day`, `(Week` or `(Sprint`, in any case.
pub fn mentions_durations(markdown: &str) -> bool {
    markdown.as_bytes().windows(5).any(|w| {
        w[0] == b'('
            && (w[1..].eq_ignore_ascii_case(b"day ")
                || w[1..].eq_ignore_ascii_case(b"days")
                || w[1..].eq_ignore_ascii_case(b"week")
                || w[1..].eq_ignore_ascii_case(b"spri"))
    })
}

/// The phases `markdown` lists, one per heading or list item that ends with its duration in
/// brackets; outside code blocks. They are drawn only when they count in one unit.
pub fn phases(markdown: &str) -> Vec<Phase> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    for line in markdown.lines() {
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            continue;
        }
        if let Some(p) = phase(t) {
            out.push(p);
        }
    }
    out
}

/// One line as a phase: a heading, list item or bold line whose text ends `(Unit a-b)`.
fn phase(line: &str) -> Option<Phase> {
    let text = line
        .trim_start_matches('#')
        .trim_start()
        .trim_start_matches(['-', '*', '+'])
        .trim_start();
    let text = text
        .split_once(['.', ')'])
        .filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .map_or(text, |(_, rest)| rest)
        .trim()
        .trim_matches('*')
        .trim();
    let inner_end = text.strip_suffix(')')?;
    let open = inner_end.rfind('(')?;
    let name = inner_end[..open]
        .trim()
        .trim_end_matches([':', '-', '–', '—'])
        .trim();
    let when = inner_end[open + 1..].trim();
    let (word, numbers) = when.split_once(' ')?;
    let unit = match word.to_ascii_lowercase().as_str() {
        "day" | "days" => Unit::Day,
        "week" | "weeks" | "wk" | "wks" => Unit::Week,
        "sprint" | "sprints" => Unit::Sprint,
        _ => return None,
    };
    let numbers = numbers.trim();
    let (a, b) = match numbers.split_once(['-', '–', '—']) {
        Some((a, b)) => (a.trim(), b.trim().trim_start_matches(word).trim()),
        None => (numbers, numbers),
    };
    let first: u32 = a.parse().ok()?;
    let last: u32 = b.parse().ok()?;
    if name.is_empty() || first == 0 || last < first || last > MAX_UNITS {
        return None;
    }
    Some(Phase {
        name: name.replace("**", ""),
        unit,
        first,
        last,
    })
}

/// The phases as bars on a shared scale (SVG, an image named "Phases chart" with every phase in
/// words), or `None` when there are fewer than two or they count in different units.
pub fn phases_svg(phases: &[Phase]) -> Option<String> {
    let unit = phases.first()?.unit;
    if phases.len() < 2 || phases.iter().any(|p| p.unit != unit) {
        return None;
    }
    let start = phases.iter().map(|p| p.first).min()?;
    let end = phases.iter().map(|p| p.last).max()?;
    let units = f64::from(end - start + 1);
    let label_w = 200.0;
    let x0 = LEFT + label_w;
    let span = WIDTH - RIGHT - x0;
    let height = TOP + ROW * phases.len() as f64 + AXIS;
    let x = |u: u32| x0 + span * f64::from(u - start) / units;
    let mut s = String::new();
    let _ = write!(
        s,
        "<figure class=\"chart phases-chart\"><svg role=\"img\" aria-label=\"Phases chart\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\"><title>Phases chart</title><desc>"
    );
    let said: Vec<String> = phases
        .iter()
        .map(|p| {
            let w = unit.word();
            if p.first == p.last {
                format!("{}: {w} {}", p.name, p.first)
            } else {
                format!("{}: {w}s {} to {}", p.name, p.first, p.last)
            }
        })
        .collect();
    let mut words = String::new();
    escape(&said.join("; "), &mut words);
    s.push_str(&words);
    s.push_str("</desc>");
    let axis_y = height - AXIS + 6.0;
    let _ = write!(
        s,
        "<line class=\"chart-axis\" x1=\"{x0}\" y1=\"{axis_y}\" x2=\"{}\" y2=\"{axis_y}\"/>",
        WIDTH - RIGHT
    );
    // A tick at each unit's start, thinned to about a dozen.
    let step = ((end - start + 1) / 12).max(1);
    let mut u = start;
    while u <= end {
        let tx = x(u);
        let _ = write!(
            s,
            "<line class=\"chart-grid\" x1=\"{tx:.1}\" y1=\"{TOP}\" x2=\"{tx:.1}\" y2=\"{axis_y}\"/><text class=\"chart-tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{} {u}</text>",
            tx + span / units / 2.0,
            axis_y + 16.0,
            unit.word()
        );
        u += step;
    }
    for (row, p) in phases.iter().enumerate() {
        let y = TOP + ROW * row as f64;
        let (a, b) = (x(p.first), x(p.last + 1));
        let _ = write!(
            s,
            "<g class=\"chart-phase\"><rect x=\"{a:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">",
            y + 5.0,
            (b - a - 2.0).max(2.0),
            ROW - 10.0,
            x0 - 8.0,
            y + ROW / 2.0 + 4.0
        );
        let name: String = if p.name.chars().count() > 30 {
            p.name.chars().take(29).chain(['…']).collect()
        } else {
            p.name.clone()
        };
        escape(&name, &mut s);
        s.push_str("</text></g>");
    }
    let _ = writeln!(
        s,
        "</svg><figcaption class=\"sr-only\">Phases: {words}</figcaption></figure>"
    );
    Some(s)
}

fn escape(text: &str, out: &mut String) {
    crate::core::sanitize::escape_html(text, out);
}

/// Writes a laid-out timeline as an SVG image named "Timeline chart", described in words.
pub fn svg(layout: &Layout) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<figure class=\"chart timeline-chart\"><svg role=\"img\" aria-label=\"Timeline chart\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" xmlns=\"http://www.w3.org/2000/svg\"><title>Timeline chart</title><desc>",
        layout.width, layout.height, layout.width, layout.height
    );
    let described: Vec<String> = layout
        .points
        .iter()
        .map(|p| {
            let when = if p.day.is_some() {
                p.date_text.as_str()
            } else {
                "no date"
            };
            format!("{}: {when}, {}", p.label, p.status.class_and_word().1)
        })
        .collect();
    let mut words = String::new();
    escape(&described.join("; "), &mut words);
    s.push_str(&words);
    s.push_str("</desc>");
    let axis_y = layout.height - AXIS + 6.0;
    let _ = write!(
        s,
        "<line class=\"chart-axis\" x1=\"{LEFT}\" y1=\"{axis_y}\" x2=\"{}\" y2=\"{axis_y}\"/>",
        layout.width - RIGHT
    );
    for (x, label) in &layout.ticks {
        let _ = write!(
            s,
            "<line class=\"chart-grid\" x1=\"{x:.1}\" y1=\"{TOP}\" x2=\"{x:.1}\" y2=\"{axis_y}\"/><text class=\"chart-tick\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">",
            axis_y + 16.0
        );
        escape(label, &mut s);
        s.push_str("</text>");
    }
    if let Some(x) = layout.today {
        let _ = write!(
            s,
            "<line class=\"chart-today\" x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{axis_y}\"/><text class=\"chart-today-label\" x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\">Today</text>",
            TOP - 2.0,
            TOP - 4.0
        );
    }
    let middle = layout.width / 2.0;
    for p in &layout.points {
        let (class, _) = p.status.class_and_word();
        let y = p.y;
        if p.day.is_none() {
            continue;
        }
        let x = p.x;
        let _ = write!(
            s,
            "<g class=\"{class}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"6\"/>"
        );
        // The label beside the mark, on the side with room.
        let (tx, anchor) = if x > middle {
            (x - 11.0, "end")
        } else {
            (x + 11.0, "start")
        };
        let _ = write!(
            s,
            "<text x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">",
            y + 4.0
        );
        escape(&p.label, &mut s);
        s.push_str(" <tspan class=\"chart-date\">");
        escape(&p.date_text, &mut s);
        s.push_str("</tspan></text></g>");
    }
    // The text alternative again, for what reads the page rather than the picture (a screen
    // reader that skips an SVG's description, a copy of the text).
    let _ = writeln!(
        s,
        "</svg><figcaption class=\"sr-only\">Timeline: {words}</figcaption></figure>"
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_are_read_from_headings_and_list_items() {
        let md = "### Phase 1: Foundation (Day 1-2)\n1. Set up\n\n### Phase 2: Core Logic (Days 3–4)\n\n- **Polish** (Day 7)\n\n```\n### Phase 9: In code (Day 1-2)\n```\n\n### Phase 3: Broken (Day 5-3)\n### Later (Week 2)\n";
        let got = phases(md);
        let names: Vec<(&str, u32, u32)> = got
            .iter()
            .map(|p| (p.name.as_str(), p.first, p.last))
            .collect();
        assert_eq!(
            names,
            vec![
                ("Phase 1: Foundation", 1, 2),
                ("Phase 2: Core Logic", 3, 4),
                ("Polish", 7, 7),
                ("Later", 2, 2)
            ]
        );
        assert_eq!(got[3].unit, Unit::Week);
        assert!(mentions_durations(md));
        assert!(!mentions_durations("Phase 1 (soon)"));
        assert!(phases("### Phase 1 (Day 0)\n- x (Day 1-5000)\n- (Day 1)\n").is_empty());
    }

    #[test]
    fn phases_draw_as_bars_on_one_scale() {
        let md = "### Phase 1: Foundation (Day 1-2)\n### Phase 2: Core <Logic> (Day 3-4)\n### Phase 4: Polish (Day 7)\n";
        let svg = phases_svg(&phases(md)).expect("drawn");
        assert!(svg.contains("aria-label=\"Phases chart\""));
        assert_eq!(svg.matches("<rect ").count(), 3);
        assert!(svg.contains("Phase 2: Core &lt;Logic&gt;: Days 3 to 4"));
        assert!(svg.contains("Phase 4: Polish: Day 7"));
        assert!(svg.contains(">Day 1</text>") && svg.contains(">Day 7</text>"));
        // The first bar starts at the scale's start, the last ends at its end.
        assert!(svg.contains("<rect x=\"224.0\""));
        // One phase, or mixed units: no chart.
        assert_eq!(phases_svg(&phases("### A (Day 1-2)\n")), None);
        assert_eq!(
            phases_svg(&phases("### A (Day 1-2)\n### B (Week 2)\n")),
            None
        );
    }

    #[test]
    fn a_table_asks_for_the_chart_only_when_it_names_a_year() {
        let t = |cells: &[&str]| Table {
            header: vec!["Milestone".into(), "Date".into()],
            rows: vec![cells.iter().map(|c| c.to_string()).collect()],
        };
        assert!(mentions_a_year(&t(&["Beta", "2026-03-14"])));
        assert!(mentions_a_year(&t(&["Beta", "14 Mar 1999"])));
        assert!(!mentions_a_year(&t(&["Beta", "YYYY-MM-DD"])));
        assert!(!mentions_a_year(&t(&["Beta", "Q3"])));
        assert!(!mentions_a_year(&t(&["2", "0"])));
    }

    fn table(header: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect(),
        }
    }

    #[test]
    fn days_round_trip_through_the_calendar() {
        assert_eq!(day_of(1970, 1, 1), 0);
        assert_eq!(day_of(2000, 3, 1), 11_017);
        for d in [-800_000, -1, 0, 59, 60, 11_016, 20_000, 2_900_000] {
            let (y, m, dd) = civil(d);
            assert_eq!(day_of(y, m, dd), d);
        }
    }

    #[test]
    fn dates_read_in_the_usual_forms_and_placeholders_do_not() {
        let d = day_of(2026, 3, 14);
        for text in [
            "2026-03-14",
            "2026/03/14",
            "**2026-03-14**",
            "by 2026-03-14",
            "2026-03-14T10:00",
            "14 Mar 2026",
            "March 14, 2026",
            "Mar 14th 2026",
        ] {
            assert_eq!(parse_date(text), Some(d), "{text}");
        }
        assert_eq!(parse_date("2026-03"), Some(day_of(2026, 3, 1)));
        assert_eq!(parse_date("Mar 2026"), Some(day_of(2026, 3, 1)));
        assert_eq!(parse_date("2026-Q2"), Some(day_of(2026, 4, 1)));
        for text in [
            "YYYY-MM-DD",
            "",
            "soon",
            "2026-02-30",
            "2026-13-01",
            "Q5 2026",
            "12345",
            "May",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn statuses_read_from_emoji_and_words() {
        assert_eq!(Status::read("✅"), Status::Done);
        assert_eq!(Status::read("🔄"), Status::Active);
        assert_eq!(Status::read("⏳"), Status::Planned);
        assert_eq!(Status::read("Blocked on legal"), Status::Blocked);
        assert_eq!(Status::read("In progress"), Status::Active);
        assert_eq!(Status::read(""), Status::Unknown);
    }

    #[test]
    fn the_timeline_table_is_laid_out_by_date_with_today_marked() {
        let t = table(
            &["Milestone", "Date", "Status"],
            &[
                &["Design complete", "2026-01-10", "✅"],
                &["Development start", "2026-02-01", "🔄"],
                &["Production deploy", "2026-06-30", "⏳"],
            ],
        );
        let l = timeline(&t, Some(day_of(2026, 3, 1))).expect("a timeline");
        assert_eq!(l.points.len(), 3);
        assert!(l.points[0].x < l.points[1].x && l.points[1].x < l.points[2].x);
        assert!(l.points.iter().all(|p| p.x > LEFT && p.x < l.width - RIGHT));
        assert_eq!(l.points[0].status, Status::Done);
        assert_eq!(l.points[2].label, "Production deploy");
        let today = l.today.expect("today is within");
        assert!(today > l.points[1].x && today < l.points[2].x);
        assert!(!l.ticks.is_empty() && l.ticks.len() <= 9);
        assert!(
            timeline(&t, Some(day_of(2030, 1, 1)))
                .expect("a timeline")
                .today
                .is_none()
        );
    }

    #[test]
    fn a_table_without_dates_that_read_is_no_timeline() {
        let blank = table(
            &["Milestone", "Date", "Status"],
            &[&["Design complete", "YYYY-MM-DD", "✅"]],
        );
        assert_eq!(timeline(&blank, None), None);
        let plain = table(&["Library", "Version"], &[&["serde", "1.0"]]);
        assert_eq!(timeline(&plain, None), None);
        assert_eq!(timeline(&table(&["Date"], &[&["2026-01-01"]]), None), None);
        assert_eq!(timeline(&table(&["A", "Date"], &[]), None), None);
    }

    #[test]
    fn a_column_of_dates_is_found_without_its_name() {
        let t = table(
            &["Step", "Owner", "Done by"],
            &[
                &["Ship", "Ana", "2026-05-01"],
                &["Review", "Bo", "2026-04-01"],
            ],
        );
        let l = timeline(&t, None).expect("a timeline");
        assert!(l.points[1].x < l.points[0].x);
        assert_eq!(l.points[0].label, "Ship");
    }

    #[test]
    fn a_row_without_a_date_is_described_but_not_drawn_and_all_text_is_escaped() {
        let t = table(
            &["Milestone", "Date"],
            &[
                &["<script>alert(1)</script>", "2026-01-01"],
                &["Later & more", "TBD"],
            ],
        );
        let s = svg(&timeline(&t, None).expect("a timeline"));
        assert!(!s.contains("<script"), "{s}");
        assert!(s.contains("&lt;script&gt;"));
        assert!(s.contains("Later &amp; more: no date"));
        assert_eq!(s.matches("<circle").count(), 1);
        assert!(s.contains("role=\"img\" aria-label=\"Timeline chart\""));
    }

    #[test]
    fn one_date_or_a_long_span_still_lays_out() {
        let one = timeline(&table(&["M", "Date"], &[&["Only", "2026-01-01"]]), None).expect("one");
        assert!(one.points[0].x > LEFT && one.points[0].x < one.width - RIGHT);
        assert!(!one.ticks.is_empty());
        let long = timeline(
            &table(
                &["M", "Date"],
                &[&["A", "1990-01-01"], &["B", "2090-01-01"]],
            ),
            None,
        )
        .expect("long");
        assert!(long.ticks.len() <= 9, "{:?}", long.ticks);
    }
}
