//! Room in localStorage: how much this origin uses, kept as a running total, and how much the
//! browser allows, measured by probing and remembered.
//!
//! Browsers do not say how much localStorage they allow (the StorageManager estimate covers other
//! stores, not this one), and they differ: Chromium allows 10 MiB counted as one byte a character
//! for Latin-1 text, Firefox 5 MiB. Assuming one figure raised false "storage full" alarms, so
//! the capacity is measured instead: [`probe`] writes one test value, as large as the browser
//! will take, and removes it at once. That is done only when storage is filling up (never on a
//! small library), again only once use has changed by [`REPROBE_AFTER`], and the capacity it implies is remembered
//! under [`CAPACITY`] so later visits know it without probing.
//!
//! Sizes are in UTF-16 code units of keys and values (JavaScript's `length`), read from the
//! JavaScript side without copying the text into WebAssembly memory. The total is counted once
//! (at the first question) and then kept by every write and removal of this module and by other
//! tabs' storage events; nothing re-reads all of storage while the user types.

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Function, JsString, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::raw;

/// Where the measured capacity is remembered (UTF-16 units, decimal).
const CAPACITY: &str = "planform:capacity";
/// The probe's own key. A probe interrupted by a crash leaves it behind; the next count removes it.
const PROBE: &str = "planform:probe";
/// Before anything was measured, storage is probed once it holds this much: every browser allows
/// at least 5 MB, so below 1 M units there is nothing to warn about.
const PROBE_FROM: usize = 1024 * 1024;
/// Storage is nearly full when less than this share of it is free.
const WARN_FREE: f64 = 0.1;
/// How much use must change before storage is probed again: a probe costs a few large writes,
/// so it runs when what it measured has gone out of date, not on every save.
const REPROBE_AFTER: usize = 64 * 1024;
/// The probe's resolution: it stops when it knows the free room to within this many units.
const PROBE_STEP: u32 = 16 * 1024;

/// How full storage is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Room {
    /// UTF-16 units of keys and values stored by this origin.
    pub used: usize,
    /// What the browser allows, when it has been measured.
    pub capacity: Option<usize>,
}

impl Room {
    /// The share in use, in whole percent, when the capacity is known.
    pub fn percent(&self) -> Option<u32> {
        let capacity = self.capacity.filter(|c| *c > 0)?;
        Some(((self.used.min(capacity) as u64 * 100) / capacity as u64) as u32)
    }

    /// True when less than a tenth of the measured room is free.
    pub fn nearly_full(&self) -> bool {
        self.capacity
            .is_some_and(|c| (c.saturating_sub(self.used) as f64) < c as f64 * WARN_FREE)
    }
}

#[derive(Default)]
struct Ledger {
    by_key: HashMap<String, usize>,
    used: usize,
    capacity: Option<usize>,
    /// What was in use at the last probe.
    probed_used: Option<usize>,
}

thread_local! {
    static LEDGER: RefCell<Option<Ledger>> = const { RefCell::new(None) };
}

/// How full storage is now. The first call counts every key once; later calls cost nothing,
/// except that a probe runs when storage looks nearly full (or has grown large before any
/// capacity was measured), to measure the real room rather than warn on a guess.
pub fn room() -> Room {
    with_ledger(|l| {
        let due = match l.capacity {
            None => l.used >= PROBE_FROM,
            Some(_) => Room {
                used: l.used,
                capacity: l.capacity,
            }
            .nearly_full(),
        };
        let stale = l
            .probed_used
            .is_none_or(|at| at.abs_diff(l.used) > REPROBE_AFTER);
        if due && stale {
            l.probed_used = Some(l.used);
            if let Some(free) = probe() {
                let capacity = l.used + free;
                l.capacity = Some(capacity);
                if let Ok(s) = raw() {
                    let _ = s.set_item(CAPACITY, &capacity.to_string());
                }
            }
        }
        Room {
            used: l.used,
            capacity: l.capacity,
        }
    })
}

/// A value this module wrote.
pub(super) fn wrote(key: &str, value: &str) {
    let units = crate::core::records::utf16_len(key) + crate::core::records::utf16_len(value);
    update(key, Some(units));
}

/// A key this module removed.
pub(super) fn removed(key: &str) {
    update(key, None);
}

/// Another tab changed `key` (`None`: it cleared storage).
pub fn changed_elsewhere(key: Option<&str>) {
    match key {
        Some(key) => {
            let units = raw()
                .ok()
                .and_then(|s| stored_len(&s, key))
                .map(|n| n + key.encode_utf16().count());
            update(key, units);
        }
        None => LEDGER.with(|l| {
            if let Ok(mut l) = l.try_borrow_mut() {
                *l = None;
            }
        }),
    }
}

/// Storage was refused for lack of room: whatever was measured is out of date.
pub fn refused() {
    LEDGER.with(|l| {
        if let Ok(mut l) = l.try_borrow_mut()
            && let Some(l) = l.as_mut()
        {
            l.probed_used = None;
        }
    });
}

fn update(key: &str, units: Option<usize>) {
    LEDGER.with(|l| {
        let Ok(mut l) = l.try_borrow_mut() else {
            return;
        };
        let Some(l) = l.as_mut() else {
            return;
        };
        let old = match units {
            Some(n) => l.by_key.insert(key.to_string(), n),
            None => l.by_key.remove(key),
        };
        l.used = l.used.saturating_sub(old.unwrap_or(0)) + units.unwrap_or(0);
    });
}

fn with_ledger<T>(f: impl FnOnce(&mut Ledger) -> T) -> T {
    LEDGER.with(|cell| {
        let mut cell = match cell.try_borrow_mut() {
            Ok(c) => c,
            // Only reachable by re-entry, which nothing here does; count afresh rather than panic.
            Err(_) => return f(&mut count()),
        };
        f(cell.get_or_insert_with(count))
    })
}

/// Counts every key once, removes a probe left by a crash, and reads the remembered capacity.
fn count() -> Ledger {
    let mut ledger = Ledger::default();
    let Ok(s) = raw() else {
        return ledger;
    };
    let _ = s.remove_item(PROBE);
    let n = s.length().unwrap_or(0);
    for i in 0..n {
        if let Ok(Some(key)) = s.key(i) {
            let units = key.encode_utf16().count() + stored_len(&s, &key).unwrap_or(0);
            ledger.used += units;
            ledger.by_key.insert(key, units);
        }
    }
    ledger.capacity = s
        .get_item(CAPACITY)
        .ok()
        .flatten()
        .and_then(|c| c.parse().ok())
        .filter(|c| *c > 0);
    ledger
}

/// The length of a stored value in UTF-16 units, read on the JavaScript side (no copy).
fn stored_len(s: &web_sys::Storage, key: &str) -> Option<usize> {
    super::js_item(s, key).map(|v| v.length() as usize)
}

/// Measures the free room now: the largest value the browser takes under the probe key (found
/// by doubling, then halving the gap), removed again at once. `None` when storage cannot be
/// used at all. The value is built on the JavaScript side, so WebAssembly memory does not grow.
fn probe() -> Option<usize> {
    let s = raw().ok()?;
    let set: Function = Reflect::get(&s, &"setItem".into()).ok()?.dyn_into().ok()?;
    let key = JsValue::from_str(PROBE);
    let unit = JsString::from("x");
    let fits = |n: u32| -> bool {
        let value = unit.repeat(n as i32);
        set.call2(&s, &key, &value).is_ok()
    };
    // Doubling finds a size that does not fit; the last one that did is the lower bound.
    let (mut lo, mut hi) = (0u32, PROBE_STEP);
    while fits(hi) {
        lo = hi;
        if hi >= 1 << 28 {
            // 256 M units: more than any browser gives; stop counting.
            let _ = s.remove_item(PROBE);
            return Some(hi as usize);
        }
        hi *= 2;
    }
    while hi - lo > PROBE_STEP {
        let mid = lo + (hi - lo) / 2;
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let _ = s.remove_item(PROBE);
    Some(lo as usize + PROBE.len())
}
