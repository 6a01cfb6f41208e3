//! Line diffs between two versions of a plan's markdown, for the revision history.
//!
//! Our own Myers diff rather than the `similar` crate: `similar` added about 140 KB to the
//! WebAssembly build (all its algorithms and generic text types are instantiated), more than
//! the whole editor's own code, for one line diff that fits in a page. Common leading and
//! trailing lines are trimmed first, and past [`MAX_EDITS`] differing lines the middle is shown
//! as removed-then-added instead of searched further, so time and memory stay bounded.

/// One line of a diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffLine {
    /// In both versions.
    Same(String),
    /// Only in the newer version.
    Added(String),
    /// Only in the older version.
    Removed(String),
}

/// Beyond this many differing lines the search stops (the memory it needs grows with the
/// square of this number): about 4 MB at most.
pub const MAX_EDITS: usize = 1000;

/// The line diff from `old` to `new`.
pub fn line_diff(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    line_ops(&a, &b)
        .into_iter()
        .map(|op| match op {
            LineOp::Same(i, _) => DiffLine::Same(a[i].into()),
            LineOp::Removed(i) => DiffLine::Removed(a[i].into()),
            LineOp::Added(j) => DiffLine::Added(b[j].into()),
        })
        .collect()
}

/// One step of a diff between two lists of lines, by position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineOp {
    /// Line `.0` of the old list is line `.1` of the new.
    Same(usize, usize),
    /// Line `.0` of the old list is gone.
    Removed(usize),
    /// Line `.0` of the new list is new.
    Added(usize),
}

/// The diff from lines `a` to lines `b`, in order (what an edit of one part of a plan changed
/// in its lines, for the renderer to keep the others as written).
pub fn line_ops(a: &[&str], b: &[&str]) -> Vec<LineOp> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (mid_a, mid_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut out: Vec<LineOp> = (0..prefix).map(|i| LineOp::Same(i, i)).collect();
    match myers(mid_a, mid_b) {
        Some(ops) => out.extend(ops.into_iter().map(|op| match op {
            Op::Same(i, j) => LineOp::Same(prefix + i, prefix + j),
            Op::Removed(i) => LineOp::Removed(prefix + i),
            Op::Added(j) => LineOp::Added(prefix + j),
        })),
        None => {
            out.extend((0..mid_a.len()).map(|i| LineOp::Removed(prefix + i)));
            out.extend((0..mid_b.len()).map(|j| LineOp::Added(prefix + j)));
        }
    }
    let (tail_a, tail_b) = (a.len() - suffix, b.len() - suffix);
    out.extend((0..suffix).map(|k| LineOp::Same(tail_a + k, tail_b + k)));
    out
}

/// A short summary of what changed: `+3 −1 lines in Goals, Timeline`, or `no changes`.
pub fn summary(old: &str, new: &str) -> String {
    let mut added = 0;
    let mut removed = 0;
    let mut sections: Vec<String> = Vec::new();
    let mut heading = String::new();
    for line in line_diff(old, new) {
        let (text, changed) = match &line {
            DiffLine::Same(t) => (t, false),
            DiffLine::Added(t) => {
                added += 1;
                (t, true)
            }
            DiffLine::Removed(t) => {
                removed += 1;
                (t, true)
            }
        };
        if let Some(h) = text.strip_prefix("## ").or_else(|| text.strip_prefix("# ")) {
            heading = h.trim().to_string();
        }
        if changed && !heading.is_empty() && !sections.contains(&heading) {
            sections.push(heading.clone());
        }
    }
    if added == 0 && removed == 0 {
        return "no changes".into();
    }
    let mut out = format!("+{added} −{removed} lines");
    if !sections.is_empty() {
        let shown: Vec<&str> = sections.iter().take(3).map(String::as_str).collect();
        out.push_str(" in ");
        out.push_str(&shown.join(", "));
        if sections.len() > 3 {
            out.push_str(&format!(" and {} more", sections.len() - 3));
        }
    }
    out
}

/// An edit step, by line index into the old (`Same`, `Removed`) or new (`Added`) lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Same(usize, usize),
    Removed(usize),
    Added(usize),
}

/// Myers' O((N+M)·D) shortest edit script; `None` when more than [`MAX_EDITS`] edits are needed.
fn myers(a: &[&str], b: &[&str]) -> Option<Vec<Op>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    // trace[d][k + d] = furthest x on diagonal k after d edits.
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let limit = (n + m).min(MAX_EDITS as isize);
    for d in 0..=limit {
        let mut row = vec![0isize; (2 * d + 1) as usize];
        for k in (-d..=d).step_by(2) {
            let mut x = if d == 0 {
                0
            } else {
                let prev = &trace[(d - 1) as usize];
                let at = |k: isize| prev[(k + d - 1) as usize];
                if k == -d || (k != d && at(k - 1) < at(k + 1)) {
                    at(k + 1)
                } else {
                    at(k - 1) + 1
                }
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            row[(k + d) as usize] = x;
            if x >= n && y >= m {
                trace.push(row);
                return Some(backtrack(&trace, n, m));
            }
        }
        trace.push(row);
    }
    None
}

fn backtrack(trace: &[Vec<isize>], n: isize, m: isize) -> Vec<Op> {
    let mut ops = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (1..trace.len() as isize).rev() {
        let prev = &trace[(d - 1) as usize];
        let at = |k: isize| prev[(k + d - 1) as usize];
        let k = x - y;
        let prev_k = if k == -d || (k != d && at(k - 1) < at(k + 1)) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = at(prev_k);
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            ops.push(Op::Same(x as usize, y as usize));
        }
        if prev_k == k + 1 {
            ops.push(Op::Added(prev_y as usize));
        } else {
            ops.push(Op::Removed(prev_x as usize));
        }
        (x, y) = (prev_x, prev_y);
    }
    while x > 0 && y > 0 {
        x -= 1;
        y -= 1;
        ops.push(Op::Same(x as usize, y as usize));
    }
    ops.reverse();
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The old and new texts rebuilt from a diff.
    fn sides(d: &[DiffLine]) -> (Vec<&str>, Vec<&str>) {
        let mut old = Vec::new();
        let mut new = Vec::new();
        for l in d {
            match l {
                DiffLine::Same(t) => {
                    old.push(t.as_str());
                    new.push(t.as_str());
                }
                DiffLine::Removed(t) => old.push(t.as_str()),
                DiffLine::Added(t) => new.push(t.as_str()),
            }
        }
        (old, new)
    }

    #[test]
    fn diff_marks_added_and_removed_lines() {
        let d = line_diff(
            "# T\n\n## Goals\n\n1. a\n",
            "# T\n\n## Goals\n\n1. b\n2. c\n",
        );
        assert_eq!(
            d[4..],
            [
                DiffLine::Removed("1. a".into()),
                DiffLine::Added("1. b".into()),
                DiffLine::Added("2. c".into())
            ]
        );
        assert!(d.contains(&DiffLine::Same("## Goals".into())));
    }

    #[test]
    fn diffs_are_minimal_and_rebuild_both_sides() {
        let cases = [
            ("", ""),
            ("a", ""),
            ("", "a"),
            ("a\nb\nc", "a\nc"),
            ("a\nb\nc\na\nb\nb\na", "c\nb\na\nb\na\nc"),
            ("x\ny\nz", "1\n2\n3"),
            ("same\nsame\nsame", "same\nsame"),
        ];
        for (old, new) in cases {
            let d = line_diff(old, new);
            let (o, n) = sides(&d);
            assert_eq!(o, old.lines().collect::<Vec<_>>(), "{old:?} → {new:?}");
            assert_eq!(n, new.lines().collect::<Vec<_>>(), "{old:?} → {new:?}");
        }
        // The classic example from Myers' paper has a shortest edit script of 5.
        let d = line_diff("a\nb\nc\na\nb\nb\na", "c\nb\na\nb\na\nc");
        let edits = d.iter().filter(|l| !matches!(l, DiffLine::Same(_))).count();
        assert_eq!(edits, 5);
    }

    #[test]
    fn huge_differences_stay_bounded() {
        let old: String = (0..3000).map(|i| format!("old {i}\n")).collect();
        let new: String = (0..3000).map(|i| format!("new {i}\n")).collect();
        let d = line_diff(&old, &new);
        assert_eq!(d.len(), 6000);
        let (o, n) = sides(&d);
        assert_eq!(o.len(), 3000);
        assert_eq!(n.len(), 3000);
    }

    #[test]
    fn summary_names_the_sections() {
        assert_eq!(summary("a\n", "a\n"), "no changes");
        assert_eq!(
            summary("# T\n\n## Goals\n\n1. a\n", "# T\n\n## Goals\n\n1. b\n"),
            "+1 −1 lines in Goals"
        );
    }
}
