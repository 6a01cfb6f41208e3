//! Repairing text whose UTF-8 bytes were decoded as Windows-1252 ("mojibake").
//!
//! Files often reach Planform after a round trip through a tool that read UTF-8 as Windows-1252
//! (cp1252) and wrote the result back as UTF-8: `✅` (bytes `E2 9C 85`) arrives as `âœ…`, `é` as
//! `Ã©`, `🔄` as `ðŸ”„`. Every byte of the original became one character, so the damage can be
//! undone by mapping those characters back to their bytes and decoding the bytes as UTF-8 again.
//!
//! # Approach
//!
//! * Every character that is the cp1252 decoding of a byte `0x80..=0xFF` is mapped back to that
//!   byte (`€` → `0x80`, `Ã` → `0xC3`, …). The five bytes cp1252 leaves undefined (`0x81`, `0x8D`,
//!   `0x8F`, `0x90`, `0x9D`) map back from the C1 controls `U+0081` … that some decoders produce.
//!   ASCII and every other character are never touched and end a run of such characters.
//! * Inside such a run, a lead byte followed by the right number of continuation bytes that form
//!   one valid UTF-8 scalar is replaced by that scalar. Bytes that form no valid sequence stay the
//!   characters they were, so legitimate Latin-1 text (`château`, `für`, `© 2024`) survives.
//! * **Lost bytes.** Many decoders *drop* the five undefined bytes instead of mapping them, so `⏳`
//!   (`E2 8F B3`) arrives as `â³`. When a 3- or 4-byte lead is followed by exactly one continuation
//!   byte too few (and the next character does not start a sequence of its own), each undefined
//!   byte is tried at each possible position and the most plausible valid result wins: a short
//!   list of very common characters (`”`, `←`, `═`, `❌`, `📝`, `👍`, the emoji presentation
//!   selector, …), then `⏩`…`⏺`, dingbats, emoji, other symbols in `U+2000..=U+2BFF`; ties go to
//!   the lowest code point. `â€` becomes `”`, or the zero-width joiner when an emoji follows.
//!   Anything else (CJK, private use, …) is not accepted as a lost-byte repair, because "an
//!   accented letter followed by one punctuation mark" is common in real text (`café…`).
//! * **False positives.** A repaired sequence never decodes to a C1 control. Two heuristics keep
//!   sequences that are far more likely to be genuine text when they sit where genuine text puts
//!   them (at the end of a word, or after an unrepaired cp1252 character and before ASCII): an
//!   uppercase accented letter or symbol that often ends a word (`É`, `Ü`, `ß`, `×`, …) followed by
//!   one typographic mark (`«CAFÉ»`, `Fuß“`, `‘ß’`, `2×½`), and a lowercase accented letter
//!   followed by two closing marks (`café…»`). `â` and Vietnamese letters (`U+1E00..=U+1EFF`) are
//!   exempt from the latter. Real mojibake rarely sits there: the character before it is usually a
//!   space or a character that was itself repaired.
//! * **Fixed point.** A repair can produce a character that is itself part of an older layer of
//!   mojibake (`ÃƒÂ©` → `Ã©` → `é`). Repairs are applied until none applies any more. To stay
//!   linear this is done in one pass with a two-stack cursor: after a rewrite the cursor steps back
//!   to every earlier position whose decision window contains the rewritten character, so it is
//!   examined again. Each rewrite shortens the text and steps back a bounded distance, hence the
//!   total work is linear in the input.
//!
//! Whether a position is repaired depends only on the character before it and a bounded window of
//! characters from it on (`WINDOW`), and when the pass ends no position in the result
//! qualifies. A second call therefore sees nothing to repair: the function is idempotent.

use std::borrow::Cow;

/// Repairs UTF-8-read-as-Windows-1252 mojibake in `text`; returns the text unchanged (borrowed)
/// when nothing needs repair.
///
/// Runs in time linear in `text`, never panics, and is idempotent. Correct UTF-8 text in any
/// language comes back borrowed, except for the rare combinations described in the module
/// documentation that are also valid mojibake (such as a lone `Ã©`).
pub fn repair_mojibake(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let mut out: Option<String> = None;
    let mut copied_up_to = 0;
    let mut run: Vec<Cell> = Vec::new();
    let mut before: Option<char> = None;
    let bytes = text.as_bytes();
    let next_char = |at: usize| text.get(at..).and_then(|rest| rest.chars().next());
    let mut pos = 0;
    while pos < bytes.len() {
        // ASCII is never part of a repair: step over a run of it at once (most of a document).
        if bytes[pos] < 0x80 {
            let next = bytes[pos..]
                .iter()
                .position(|&b| b >= 0x80)
                .map_or(bytes.len(), |n| pos + n);
            before = Some(char::from(bytes[next - 1]));
            pos = next;
            continue;
        }
        let Some(c) = next_char(pos) else { break };
        let start = pos;
        pos += c.len_utf8();
        let first = Cell::new(c);
        if first.byte.is_none() {
            before = Some(c);
            continue;
        }
        run.clear();
        run.push(first);
        while let Some(d) = next_char(pos) {
            let cell = Cell::new(d);
            if cell.byte.is_none() {
                break;
            }
            run.push(cell);
            pos += d.len_utf8();
        }
        let end = pos;
        if run.len() >= 2 {
            let after = next_char(pos);
            if let Some(fixed) = repair_run(&run, before, after) {
                let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
                if let Some(unchanged) = text.get(copied_up_to..start) {
                    buf.push_str(unchanged);
                }
                buf.extend(fixed.iter().map(|cell| cell.c));
                copied_up_to = end;
            }
        }
        before = run.last().map(|cell| cell.c);
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut buf) => {
            if let Some(rest) = text.get(copied_up_to..) {
                buf.push_str(rest);
            }
            Cow::Owned(buf)
        }
    }
}

/// How many characters a repair decision looks at, starting at the candidate lead. A lost-byte
/// repair (at most three surviving characters) also looks at whether the character after it starts
/// a complete sequence of its own (four characters plus the one after them).
const WINDOW: usize = 8;

/// The bytes Windows-1252 leaves undefined; decoders either drop them or map them to C1 controls.
const UNDEFINED: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

/// Rank of a lost-byte candidate that must not be used.
const REJECT: u32 = u32::MAX;

/// The byte whose cp1252 decoding is `c`, if `c` is the decoding of a byte in `0x80..=0xFF`.
fn cp1252_byte(c: char) -> Option<u8> {
    let cp = u32::from(c);
    if cp < 0x80 {
        return None;
    }
    if (0xA0..=0xFF).contains(&cp) {
        return u8::try_from(cp).ok();
    }
    let byte = match c {
        '\u{20AC}' => 0x80,
        '\u{0081}' => 0x81,
        '\u{201A}' => 0x82,
        '\u{0192}' => 0x83,
        '\u{201E}' => 0x84,
        '\u{2026}' => 0x85,
        '\u{2020}' => 0x86,
        '\u{2021}' => 0x87,
        '\u{02C6}' => 0x88,
        '\u{2030}' => 0x89,
        '\u{0160}' => 0x8A,
        '\u{2039}' => 0x8B,
        '\u{0152}' => 0x8C,
        '\u{008D}' => 0x8D,
        '\u{017D}' => 0x8E,
        '\u{008F}' => 0x8F,
        '\u{0090}' => 0x90,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201C}' => 0x93,
        '\u{201D}' => 0x94,
        '\u{2022}' => 0x95,
        '\u{2013}' => 0x96,
        '\u{2014}' => 0x97,
        '\u{02DC}' => 0x98,
        '\u{2122}' => 0x99,
        '\u{0161}' => 0x9A,
        '\u{203A}' => 0x9B,
        '\u{0153}' => 0x9C,
        '\u{009D}' => 0x9D,
        '\u{017E}' => 0x9E,
        '\u{0178}' => 0x9F,
        _ => return None,
    };
    Some(byte)
}

/// Length of the UTF-8 sequence `lead` starts, for the leads that can start a valid one.
fn sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

fn is_continuation(byte: u8) -> bool {
    (0x80..=0xBF).contains(&byte)
}

/// The single scalar `bytes` encode, if they are exactly one valid UTF-8 sequence.
fn decode(bytes: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(bytes).ok()?;
    let mut chars = s.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// Continuation bytes whose cp1252 character is punctuation or a symbol that genuinely follows
/// letters in real text (`…`, quotes, `•`, dashes, NBSP, `©`, `®`, `°`, superscripts, `»`,
/// fractions).
fn is_typographic_mark(byte: u8) -> bool {
    matches!(
        byte,
        0x85 | 0x91..=0x95
            | 0x96
            | 0x97
            | 0xA0
            | 0xA9
            | 0xAB
            | 0xAE
            | 0xB0..=0xB3
            | 0xB7
            | 0xB9
            | 0xBB..=0xBE
    )
}

/// Two-byte leads whose cp1252 character (`È É Ê Ë Í Ò Ó Ö × Ø Ù Ú Ü ß`) commonly ends a genuine
/// word or number and then meets punctuation. Not `Â`, `Ã`, `Ä`, `Å`, `Ð`, `Ñ`, `Î`, `Ï`: they
/// lead the most common mojibake (`20Â°C`, `cafÃ©`, Polish, Russian, Greek).
fn is_word_final_lead(byte: u8) -> bool {
    matches!(
        byte,
        0xC8..=0xCB | 0xCD | 0xD2 | 0xD3 | 0xD6..=0xDA | 0xDC | 0xDF
    )
}

/// A character of a run together with its cp1252 byte, if it has one (looked up once).
#[derive(Clone, Copy)]
struct Cell {
    c: char,
    byte: Option<u8>,
}

impl Cell {
    fn new(c: char) -> Self {
        Cell {
            c,
            byte: cp1252_byte(c),
        }
    }
}

/// Repairs one maximal run of cp1252 high characters; `None` when nothing in it changes.
///
/// `before` and `after` are the characters around the run (never cp1252 high characters).
/// `done` holds the examined prefix, `rest` the remainder reversed (its top is the cursor). After a
/// rewrite the cursor steps back so that every position whose window contains the new character
/// is examined again (see [`backtrack_distance`]).
fn repair_run(run: &[Cell], before: Option<char>, after: Option<char>) -> Option<Vec<Cell>> {
    let after = after.map(Cell::new);
    let mut rest: Vec<Cell> = run.iter().rev().copied().collect();
    let mut done: Vec<Cell> = Vec::with_capacity(run.len());
    let mut changed = false;
    while let Some(top) = rest.last() {
        let found = if top.byte.and_then(sequence_len).is_some() {
            let mut ahead = [None; WINDOW];
            let mut remaining = rest.len();
            let mut after = after;
            for slot in &mut ahead {
                let cell = match remaining.checked_sub(1) {
                    Some(i) => {
                        remaining = i;
                        rest.get(i).copied()
                    }
                    None => after.take(),
                };
                *slot = cell;
                if cell.is_none_or(|cell| cell.byte.is_none()) {
                    break;
                }
            }
            match_site(done.last().map(|cell| cell.c).or(before), &ahead)
        } else {
            None
        };
        match found {
            Some((repaired, consumed)) => {
                for _ in 0..consumed {
                    rest.pop();
                }
                rest.push(Cell::new(repaired));
                changed = true;
                for _ in 0..backtrack_distance(&done) {
                    if let Some(cell) = done.pop() {
                        rest.push(cell);
                    }
                }
            }
            None => {
                if let Some(cell) = rest.pop() {
                    done.push(cell);
                }
            }
        }
    }
    changed.then_some(done)
}

/// How far the cursor must step back after a rewrite right after `done`: to every earlier
/// position whose window reaches the rewritten one.
///
/// A window ends at its first character that is not a cp1252 high character. A complete sequence
/// and the character after it span at most five characters; only a lost-byte candidate (lead `â`,
/// `ï` or `ð`) looks further, at most `WINDOW` characters.
fn backtrack_distance(done: &[Cell]) -> usize {
    let mut distance = 0;
    for back in 1..WINDOW {
        let Some(cell) = done.len().checked_sub(back).and_then(|i| done.get(i)) else {
            break;
        };
        let Some(byte) = cell.byte else {
            break;
        };
        if back < 5 || is_lost_byte_lead(byte) {
            distance = back;
        }
    }
    distance
}

/// Leads for which a lost-byte repair can give a candidate `candidate_rank` accepts (symbols, the
/// emoji presentation selector, emoji); no other lead needs the search.
fn is_lost_byte_lead(byte: u8) -> bool {
    matches!(byte, 0xE2 | 0xEF | 0xF0)
}

/// The lead at the start of `ahead` and the continuation bytes that follow it (at most as many as
/// the lead needs): the bytes, the length the lead needs, and how many of them are present.
fn gather(ahead: &[Option<Cell>]) -> Option<([u8; 4], usize, usize)> {
    let lead = ahead.first().copied().flatten()?.byte?;
    let len = sequence_len(lead)?;
    let mut seq = [lead, 0, 0, 0];
    let mut present = 1;
    while present < len {
        match ahead
            .get(present)
            .copied()
            .flatten()
            .and_then(|cell| cell.byte)
        {
            Some(b) if is_continuation(b) => {
                if let Some(slot) = seq.get_mut(present) {
                    *slot = b;
                }
                present += 1;
            }
            _ => break,
        }
    }
    Some((seq, len, present))
}

/// Whether a sequence between `prev` and `next` sits where genuine text puts an accented letter or
/// symbol before punctuation: at the end of a word (after an ASCII letter or digit, before
/// anything but an ASCII letter, unless the mark is an apostrophe: `CAFÉ»`, `café…» `,
/// `CAFÉ’s`), or after a cp1252 high character left unrepaired and before ASCII (`‘ß’`,
/// `0.5 × 2` with no-break spaces, `T•Ø•R`). In real mojibake the character before is usually a
/// space or a character that was itself repaired, and letters inside a word are followed by more
/// letters (`HawaiÊ»i` is `Hawaiʻi`).
fn genuine_context(prev: Option<char>, next: Option<Cell>, apostrophe: bool) -> bool {
    let Some(prev) = prev else {
        return false;
    };
    let next_is_ascii = next.is_none_or(|cell| cell.c.is_ascii());
    let next_is_letter = next.is_some_and(|cell| cell.c.is_ascii_alphabetic());
    (prev.is_ascii_alphanumeric() && next_is_ascii && (apostrophe || !next_is_letter))
        || (cp1252_byte(prev).is_some() && next_is_ascii)
}

/// Marks that close a genuine word ending in a lowercase accented letter: `…`, `’`, `”`, `»`, and
/// `“` (German closing quote) in second place. Two of them after such a letter (`café…»`) would
/// also be a 3-byte sequence.
fn is_closing_mark(byte: u8, second: bool) -> bool {
    matches!(byte, 0x85 | 0x92 | 0x94 | 0xBB) || (second && byte == 0x93)
}

/// The accepted complete sequence at the start of `ahead`, and how many characters it spans.
fn full_sequence(prev: Option<char>, ahead: &[Option<Cell>]) -> Option<(char, usize)> {
    let (seq, len, present) = gather(ahead)?;
    if present != len {
        return None;
    }
    let encoded = seq.get(..len)?;
    let c = decode(encoded)?;
    let next = ahead.get(len).copied().flatten();
    accept_full(c, encoded, prev, next).then_some((c, len))
}

/// Decides whether the characters at a position are mojibake: returns the repaired character and
/// how many characters it replaces.
///
/// `prev` is the character before the position; `ahead` holds the characters from the position on,
/// up to and including the first that is not a cp1252 high character, then `None`.
fn match_site(prev: Option<char>, ahead: &[Option<Cell>; WINDOW]) -> Option<(char, usize)> {
    if let Some(found) = full_sequence(prev, ahead) {
        return Some(found);
    }
    let (seq, len, present) = gather(ahead)?;
    let [lead, ..] = seq;
    if len < 3 || present + 1 != len || !is_lost_byte_lead(lead) {
        return None;
    }
    // If what follows is itself a complete sequence, it belongs to a layer of mojibake that is
    // repaired first (`Ã¢Å“â€¦` is `âœ` + `…`, not `✏` + `â€¦`); this position is examined again
    // once it has been.
    let last_present = ahead.get(present - 1).copied().flatten().map(|cell| cell.c);
    if let Some(following) = ahead.get(present..)
        && full_sequence(last_present, following).is_some()
    {
        return None;
    }
    let next = ahead.get(present).copied().flatten();
    let after_next = ahead
        .get(present + 1)
        .copied()
        .flatten()
        .and_then(|cell| cell.byte);
    let c = repair_lost_byte(seq.get(..present)?, next, after_next)?;
    Some((c, present))
}

/// Whether a complete, valid sequence `bytes` decoding to `c`, between the characters `prev` and
/// `next`, should replace its characters.
fn accept_full(c: char, bytes: &[u8], prev: Option<char>, next: Option<Cell>) -> bool {
    let cp = u32::from(c);
    if cp < 0xA0 {
        // C2 80..=9F: a C1 control is never what the author wrote.
        return false;
    }
    let apostrophe = bytes.last() == Some(&0x92);
    match *bytes {
        // `«CAFÉ»`, `Fuß“`, `2×½`: a word-final capital or symbol and one mark.
        [lead, cont] => {
            !(is_word_final_lead(lead)
                && is_typographic_mark(cont)
                && genuine_context(prev, next, apostrophe))
        }
        // `café…»`, `irmã”’`: a word-final lowercase accented letter and two closing marks. `â`
        // (E2, symbols and punctuation) is the mojibake lead by far most common in real files.
        [lead, first, second] => {
            !(lead != 0xE2
                && is_closing_mark(first, false)
                && is_closing_mark(second, true)
                && !(0x1E00..=0x1EFF).contains(&cp)
                && genuine_context(prev, next, apostrophe))
        }
        _ => true,
    }
}

/// Repairs a 3- or 4-byte sequence that lost one undefined byte: `present` is the lead and the
/// continuation bytes that survived, `next` the character after them and `after_next` the byte of
/// the one after that.
fn repair_lost_byte(present: &[u8], next: Option<Cell>, after_next: Option<u8>) -> Option<char> {
    let full_len = present.len() + 1;
    let mut best: Option<(u32, u32, char)> = None;
    for missing_at in 1..full_len {
        for &inserted in &UNDEFINED {
            let mut candidate = [0u8; 4];
            let mut source = present.iter();
            for (i, slot) in candidate.iter_mut().enumerate().take(full_len) {
                if i == missing_at {
                    *slot = inserted;
                } else if let Some(&b) = source.next() {
                    *slot = b;
                }
            }
            let Some(c) = candidate.get(..full_len).and_then(decode) else {
                continue;
            };
            let rank = candidate_rank(c, next, after_next);
            if rank == REJECT {
                continue;
            }
            let key = (rank, u32::from(c));
            if best.is_none_or(|(r, cp, _)| key < (r, cp)) {
                best = Some((rank, u32::from(c), c));
            }
        }
    }
    best.map(|(_, _, c)| c)
}

/// Whether `c` is a symbol or emoji that a zero-width joiner can join to (`♂`, `❤`, `💻`).
fn is_emoji_like(c: char) -> bool {
    matches!(u32::from(c), 0x2600..=0x27BF | 0x1F000..=0x1FAFF)
}

/// How plausible `c` is as the character a lost byte belonged to; lower is better.
fn candidate_rank(c: char, next: Option<Cell>, after_next: Option<u8>) -> u32 {
    // `â€` is both `”` and the zero-width joiner of an emoji sequence (`👨‍💻`); the joiner is followed
    // by an emoji, still garbled (`ð…`, `â™…` for `♀`/`♂`) or already repaired.
    if c == '\u{200D}' {
        let next_byte = next.and_then(|cell| cell.byte);
        if next_byte == Some(0xF0)
            || (next_byte == Some(0xE2) && after_next == Some(0x99))
            || next.is_some_and(|cell| is_emoji_like(cell.c))
        {
            return 0;
        }
    }
    if let Some(rank) = common_rank(c) {
        return rank;
    }
    match u32::from(c) {
        0x23E9..=0x23FA => 100,
        0x2700..=0x27BF => 101,
        0x1F300..=0x1F6FF | 0x1F900..=0x1FAFF => 102,
        0x1F000..=0x1F2FF | 0x1F700..=0x1F8FF => 103,
        0x2000..=0x2BFF => 104,
        _ => REJECT,
    }
}

/// Characters that commonly lose a byte and beat their rivals for the same damaged text; earlier
/// entries win over later ones that share the same damaged form (`📝` over `📁`).
fn common_rank(c: char) -> Option<u32> {
    let rank = match c {
        '”' => 1,  // E2 80 9D, `â€`
        '←' => 2,  // E2 86 90, `â†`
        '⇐' => 3,  // E2 87 90
        '═' => 4,  // E2 95 90, `â•`
        '┐' => 5,  // E2 94 90, `â”`
        '⁉' => 6,  // E2 81 89
        '❌' => 7, // E2 9D 8C, `âŒ`
        '❓' => 8,
        '❗' => 9,
        '❤' => 10,
        '❎' => 11,
        '❄' => 12,
        '❇' => 13,
        '❣' => 14,
        '✏' => 15,        // E2 9C 8F, `âœ`
        '\u{FE0F}' => 16, // EF B8 8F, `ï¸`: emoji presentation selector
        '📝' => 20,
        '📁' => 21,
        '📍' => 22,
        '📐' => 23,
        '📏' => 24,
        '👍' => 25,
        '👏' => 26,
        '👁' => 27,
        '🔍' => 28,
        '🔐' => 29,
        '🔁' => 30,
        '🔏' => 31,
        '🐛' => 32,
        '🏆' => 33,
        '🏠' => 34,
        '🏗' => 35,
        '🐳' => 36,
        '🐞' => 37,
        '🐧' => 38,
        '🧐' => 39,
        '🌐' => 40,
        '🌍' => 41,
        '🌏' => 42,
        '🤝' => 43,
        '🤍' => 44,
        '🙏' => 45,
        '😁' => 46,
        '😍' => 47,
        '😐' => 48,
        '😏' => 49,
        '🎁' => 50,
        _ => return None,
    };
    Some(rank)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cp1252 characters of bytes 0x80..=0x9F, undefined bytes as C1 controls.
    const CP1252_80_9F: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];

    fn cp1252_char(byte: u8) -> char {
        match byte {
            0x80..=0x9F => CP1252_80_9F
                .get(usize::from(byte - 0x80))
                .copied()
                .unwrap_or('?'),
            _ => char::from(byte),
        }
    }

    /// What a cp1252 reader makes of `s`'s UTF-8 bytes, keeping undefined bytes as C1 controls.
    fn garble(s: &str) -> String {
        s.bytes()
            .map(|b| {
                if b < 0x80 {
                    char::from(b)
                } else {
                    cp1252_char(b)
                }
            })
            .collect()
    }

    /// Like [`garble`], but dropping the undefined bytes as some decoders do.
    fn garble_dropping(s: &str) -> String {
        s.bytes()
            .filter(|b| !UNDEFINED.contains(b))
            .map(|b| {
                if b < 0x80 {
                    char::from(b)
                } else {
                    cp1252_char(b)
                }
            })
            .collect()
    }

    fn fix(s: &str) -> String {
        repair_mojibake(s).into_owned()
    }

    fn assert_untouched(s: &str) {
        match repair_mojibake(s) {
            Cow::Borrowed(b) => assert_eq!(b, s),
            Cow::Owned(o) => panic!("{s:?} was changed to {o:?}"),
        }
    }

    fn assert_idempotent(s: &str) {
        let once = fix(s);
        assert!(
            matches!(repair_mojibake(&once), Cow::Borrowed(_)),
            "not idempotent on {s:?}: {once:?} -> {:?}",
            fix(&once)
        );
    }

    #[test]
    fn cp1252_table_round_trips() {
        for byte in 0x80..=0xFFu8 {
            assert_eq!(cp1252_byte(cp1252_char(byte)), Some(byte), "byte {byte:#x}");
        }
        assert_eq!(cp1252_byte('a'), None);
        assert_eq!(cp1252_byte('\u{80}'), None);
        assert_eq!(cp1252_byte('\u{9F}'), None);
        assert_eq!(cp1252_byte('✅'), None);
    }

    #[test]
    fn check_mark() {
        assert_eq!(fix("âœ…"), "✅");
    }

    #[test]
    fn right_arrow() {
        assert_eq!(fix("â†’"), "→");
    }

    #[test]
    fn box_drawing() {
        assert_eq!(fix("â”œâ”€â”€"), "├──");
    }

    #[test]
    fn four_byte_emoji() {
        assert_eq!(fix("ðŸ”„"), "🔄");
    }

    #[test]
    fn latin_letter() {
        assert_eq!(fix("Ã©"), "é");
        assert_eq!(fix("cafÃ©"), "café");
    }

    #[test]
    fn hourglass_with_dropped_byte() {
        assert_eq!(fix("â³"), "⏳");
    }

    #[test]
    fn hourglass_with_c1_control() {
        assert_eq!(fix("â\u{8F}³"), "⏳");
    }

    #[test]
    fn cross_mark_dropped_and_kept() {
        assert_eq!(fix("âŒ"), "❌");
        assert_eq!(fix("â\u{9D}Œ"), "❌");
    }

    #[test]
    fn dingbat_emoji_with_dropped_byte() {
        assert_eq!(fix("â“ why"), "❓ why");
        assert_eq!(fix("â— note"), "❗ note");
        assert_eq!(fix("I â¤ it"), "I ❤ it");
    }

    #[test]
    fn memo_with_dropped_last_byte() {
        assert_eq!(fix("ðŸ“ Notes"), "📝 Notes");
        assert_eq!(fix("ðŸ“\u{9D} Notes"), "📝 Notes");
    }

    #[test]
    fn emoji_with_dropped_third_byte() {
        // 🐛 is F0 9F 90 9B: the 0x90 is lost.
        assert_eq!(fix("ðŸ› Bugs"), "🐛 Bugs");
        assert_eq!(fix("ðŸ‘ ok"), "👍 ok");
        assert_eq!(fix("ðŸ” find"), "🔍 find");
    }

    #[test]
    fn every_common_character_survives_a_dropping_decoder() {
        for s in [
            "⏳", "⏸", "⏩", "⏰", "❌", "❓", "❗", "❤", "❎", "❄", "⁉", "✏", "”", "←", "⇐", "═",
            "┐", "📝", "👍", "🔍", "🐛", "🏆", "🏠", "🏗", "🐳", "🌐", "🤝", "🙏", "😁", "🎁",
        ] {
            let garbled = garble_dropping(&format!("a {s} b"));
            assert_eq!(fix(&garbled), format!("a {s} b"), "{s} as {garbled:?}");
        }
    }

    #[test]
    fn ambiguous_lost_bytes_prefer_the_more_common_character() {
        // Each of these loses the same byte as the first character of its group, so the text
        // cannot tell them apart; the first one wins.
        for group in [
            ["📝", "📁", "📍"],
            ["👍", "👏", "👁"],
            ["🔍", "🔐", "🔁"],
            ["🌐", "🌍", "🌏"],
            ["”", "\u{200F}", "\u{2010}"],
            ["⇐", "❇", "⇍"],
        ] {
            for s in group {
                let garbled = garble_dropping(&format!("a {s} b"));
                assert_eq!(fix(&garbled), format!("a {} b", group[0]), "{s}");
            }
        }
    }

    /// Whether the false-positive guard keeps `c`, right after an ASCII letter, garbled.
    fn guarded_after_a_letter(c: char) -> bool {
        let mut buf = [0; 4];
        match *c.encode_utf8(&mut buf).as_bytes() {
            [lead, cont] => is_word_final_lead(lead) && is_typographic_mark(cont),
            [lead, first, second] => {
                lead != 0xE2
                    && is_closing_mark(first, false)
                    && is_closing_mark(second, true)
                    && !('\u{1E00}'..='\u{1EFF}').contains(&c)
            }
            _ => false,
        }
    }

    fn failures_where(mut differs: impl FnMut(char) -> bool) -> Vec<String> {
        (0xA0..0x20000)
            .filter_map(char::from_u32)
            .filter(|&c| differs(c))
            .map(|c| format!("U+{:04X}", u32::from(c)))
            .collect()
    }

    fn assert_no_failures(failures: &[String]) {
        let shown: Vec<&str> = failures.iter().take(20).map(String::as_str).collect();
        assert!(
            failures.is_empty(),
            "{} failures: {}",
            failures.len(),
            shown.join(" ")
        );
    }

    #[test]
    fn every_character_survives_a_decoder_keeping_c1_controls() {
        // Standing alone between spaces, and next to itself.
        assert_no_failures(&failures_where(|c| {
            let original = format!("a {c} b");
            fix(&garble(&original)) != original
        }));
        assert_no_failures(&failures_where(|c| {
            let original = format!("a{c}{c} b");
            fix(&garble(&original)) != original
        }));
    }

    #[test]
    fn characters_right_after_a_letter_survive_unless_guarded() {
        let (mut tested, mut guarded) = (0, 0);
        assert_no_failures(&failures_where(|c| {
            let original = format!("a{c} b");
            let garbled = garble(&original);
            tested += 1;
            if guarded_after_a_letter(c) {
                guarded += 1;
                fix(&garbled) != garbled
            } else {
                fix(&garbled) != original
            }
        }));
        // A small share, and none of it in the scripts most text is written in.
        assert!(guarded * 100 < tested, "{guarded} of {tested}");
        for s in [
            "ł", "ř", "ș", "ə", "ж", "л", "ω", "中", "文", "ệ", "ố", "→", "✅", "€", "é", "°",
        ] {
            assert!(
                !guarded_after_a_letter(s.chars().next().unwrap_or(' ')),
                "{s}"
            );
        }
    }

    #[test]
    fn seed_template_option_line() {
        assert_eq!(
            fix("### Option B: [Approach 2] âœ… **(Chosen)**"),
            "### Option B: [Approach 2] ✅ **(Chosen)**"
        );
    }

    #[test]
    fn seed_template_arrow_line() {
        assert_eq!(fix("User â†’ Component A"), "User → Component A");
    }

    #[test]
    fn seed_template_tree_lines() {
        assert_eq!(fix("â”œâ”€â”€ components/"), "├── components/");
        assert_eq!(fix("â”‚   â””â”€â”€ feature-x/"), "│   └── feature-x/");
    }

    #[test]
    fn seed_template_status_lines() {
        assert_eq!(
            fix("| Development start | YYYY-MM-DD | ðŸ”„ |"),
            "| Development start | YYYY-MM-DD | 🔄 |"
        );
        assert_eq!(
            fix("| Testing complete | YYYY-MM-DD | â³ |"),
            "| Testing complete | YYYY-MM-DD | ⏳ |"
        );
        assert_eq!(
            fix("| Testing complete | YYYY-MM-DD | â\u{8F}³ |"),
            "| Testing complete | YYYY-MM-DD | ⏳ |"
        );
    }

    #[test]
    fn degree_and_nbsp_after_a_circumflex() {
        assert_eq!(fix("20Â°C"), "20°C");
        assert_eq!(fix("aÂ\u{A0}b"), "a\u{A0}b");
        assert_eq!(fix("Â© 2024"), "© 2024");
    }

    #[test]
    fn closing_quote_with_dropped_byte() {
        assert_eq!(fix("â€œquotedâ€ text"), "“quoted” text");
        assert_eq!(fix("â€œquotedâ€\u{9D} text"), "“quoted” text");
        assert_eq!(fix("itâ€™s"), "it’s");
        assert_eq!(fix("waitâ€¦"), "wait…");
    }

    #[test]
    fn zero_width_joiner_with_dropped_byte() {
        assert_eq!(fix(&garble_dropping("👨‍💻")), "👨‍💻");
        assert_eq!(fix(&garble("👨‍💻")), "👨‍💻");
    }

    #[test]
    fn variation_selector_with_dropped_byte() {
        assert_eq!(fix("âš\u{A0}ï¸ Warning"), "⚠️ Warning");
        assert_eq!(fix(&garble("⚠️ Warning")), "⚠️ Warning");
    }

    #[test]
    fn double_line_boxes_with_dropped_bytes() {
        assert_eq!(fix(&garble_dropping("═══════")), "═══════");
        assert_eq!(fix(&garble_dropping("┌─┐\n└─┘")), "┌─┐\n└─┘");
    }

    #[test]
    fn double_mojibake() {
        assert_eq!(fix(&garble(&garble("é ✅"))), "é ✅");
        assert_eq!(fix("ÃƒÂ©"), "é");
    }

    #[test]
    fn other_scripts() {
        for s in [
            "Привет, мир",
            "中文字符",
            "こんにちは",
            "Việt Nam, số, người",
            "złoty, część, Łódź",
            "příliš žluťoučký kůň",
            "și țară",
            "Ελληνικά",
            "שלום",
            "کتاب",
            "العربية لغة جميلة",
            "From과 Into, 10배, 1씩",
            "/tɑməl/ faʻa Hawaiʻi ˈmaʳkʊs pɛpɔn",
            "使用Rust的…",
            "cœur",
            "İstanbul ığ",
        ] {
            assert_eq!(fix(&garble(s)), s, "{s}");
            assert_idempotent(&garble(s));
        }
    }

    #[test]
    fn plain_ascii_is_borrowed() {
        assert_untouched("");
        assert_untouched("Hello, world! | a | b |\n- [ ] task");
    }

    #[test]
    fn legitimate_text_is_borrowed() {
        for s in [
            "château",
            "für",
            "naïve",
            "¿Qué?",
            "© 2024",
            "£5",
            "½",
            "3 × 4",
            "“like this”",
            "âge",
            "l'âme, la pâte",
            "Ãx",
            "Ã and Â alone",
            "«CAFÉ»",
            "L’ÉTÉ’s",
            "Fuß“",
            "„Straße“",
            "AQUÍ”",
            "un café…»",
            "un café… puis",
            "irmã”",
            "voilà…",
            "2×½",
            "PIÙ…",
            "PERÒ»",
            "«à…»",
            "Bär…“",
            "NESTLÉ®",
            "déjà vu — ça va? Ñandú. Øre. Åse.",
            "✅ → ├── 🔄 ⏳ é",
        ] {
            assert_untouched(s);
        }
    }

    #[test]
    fn genuine_text_found_in_real_documents_is_borrowed() {
        assert_untouched("greater than or equal to 0.5\u{a0}×\u{a0}2<sup>MIN_EXP</sup>");
        assert_untouched("In both of these examples, ‘ß’ takes two bytes to encode.");
        assert_untouched("doc: capitalize valgrind (T•Ø•R•Ü•S)");
    }

    #[test]
    fn real_mojibake_found_in_real_documents() {
        assert_eq!(
            fix("U.S. Copyright Act, 17 U.S.C. Â§ 101"),
            "U.S. Copyright Act, 17 U.S.C. § 101"
        );
    }

    #[test]
    fn a_circumflex_followed_by_letters_is_not_a_lost_byte() {
        assert_untouched("âge");
        assert_untouched("bâtiment");
        assert_untouched("â");
        assert_untouched("ð");
        assert_untouched("ðŸ");
    }

    #[test]
    fn c1_controls_are_never_produced() {
        assert_untouched("Â\u{81}");
        assert_untouched("Â€");
    }

    #[test]
    fn mixed_text_repairs_only_the_mojibake() {
        let input = "Le château — Ã©tÃ© 2024 âœ… done, “quotes” stay, â†’ next ðŸ”„; naïve £5";
        let expected = "Le château — été 2024 ✅ done, “quotes” stay, → next 🔄; naïve £5";
        assert_eq!(fix(input), expected);
        assert_idempotent(input);
    }

    #[test]
    fn whole_document_round_trip() {
        let original = "# Plan ✅\n\n| Step | Status |\n|---|---|\n| Build | ⏳ |\n| Test | ❌ |\n\n\
                        ```\nsrc/\n├── core/\n│   └── encoding.rs\n```\n\nUser → API ← DB. \
                        “Quoted” — café, naïve, über. 📝 Notes 🐛 👍 ⚠️ 👨‍💻\n";
        assert_eq!(fix(&garble(original)), original);
        assert_eq!(fix(&garble_dropping(original)), original);
        assert_untouched(original);
    }

    #[test]
    fn idempotent_on_examples() {
        for s in [
            "âœ…",
            "â³",
            "â\u{8F}³",
            "ÃƒÂ©",
            "ÂÂÂ©",
            "â€œquotedâ€",
            "Ã©Â¢Â¢",
            "âš ï¸",
            "ðŸ“ðŸ“",
            "Ãâ€š",
        ] {
            assert_idempotent(s);
        }
    }

    #[test]
    fn nested_layers_are_linear() {
        let mut s = "Â".repeat(200_000);
        s.push('©');
        assert_eq!(fix(&s), "©");
        assert_idempotent(&s);
    }

    /// A deterministic pseudo-random string of cp1252 high characters and some ASCII.
    fn pseudo_random(len: usize, seed: u64) -> String {
        let mut state = seed;
        let mut out = String::with_capacity(len * 2);
        for _ in 0..len {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let x = (state >> 33) as u32;
            let c = match x % 8 {
                0 => [' ', 'a', '\n', '|']
                    .get((x >> 3) as usize % 4)
                    .copied()
                    .unwrap_or(' '),
                // Bias towards lead bytes so that repairs actually happen.
                1 | 2 => cp1252_char(0xC2 + (x >> 3) as u8 % 0x33),
                _ => cp1252_char(0x80 + (x >> 3) as u8 % 0x80),
            };
            out.push(c);
        }
        out
    }

    #[test]
    fn stress_random_input() {
        let input = pseudo_random(2_000_000, 0x5EED);
        let start = std::time::Instant::now();
        let once = fix(&input);
        let elapsed = start.elapsed();
        assert!(elapsed.as_secs() < 10, "took {elapsed:?}");
        assert!(once.len() <= input.len());
        assert!(matches!(repair_mojibake(&once), Cow::Borrowed(_)));
    }

    #[test]
    fn idempotent_on_many_small_random_inputs() {
        for seed in 0..2_000 {
            let input = pseudo_random(40, seed);
            assert_idempotent(&input);
        }
    }
}
