//! Writing over a stored value only once it is known to read.
//!
//! Start-up sets aside (under a recovery key) every stored value it cannot read; a write must do
//! the same, or a value that went bad while the app ran (another program, a broken extension, a
//! disk error) would be overwritten and lost. Reading a value in full before every write would
//! cost a plan's whole record on every save, so this remembers what this tab wrote last under
//! each key, as the JavaScript string it handed to storage: a stored value identical to it (one
//! string comparison, on the JavaScript side) is this tab's own and reads. Anything else is read
//! and decoded once; what does not decode is set aside before the write.

use std::cell::{Cell, RefCell};

use js_sys::JsString;

use super::js_item;

/// Keys whose last written value is remembered: the open plan's record, the write-ahead record,
/// the index, a history and a template or two. Older entries are forgotten (a write to such a
/// key reads the stored value once more).
const REMEMBERED: usize = 8;

thread_local! {
    /// What this tab wrote last, per key, oldest first.
    static OURS: RefCell<Vec<(String, JsString)>> = const { RefCell::new(Vec::new()) };
    /// A value was set aside since [`take_set_aside`] was last asked.
    static SET_ASIDE: Cell<bool> = const { Cell::new(false) };
}

/// What is stored under a key, as far as a write is concerned.
pub enum Present {
    /// Nothing.
    Nothing,
    /// What this tab wrote or read there last: it reads.
    Known,
    /// Something else (another tab's write, or a value this tab has not written yet), read.
    Theirs(String),
}

/// What is stored under `key` now, without copying it into WebAssembly memory when it is what
/// this tab wrote last.
pub fn present(storage: &web_sys::Storage, key: &str) -> Present {
    let Some(value) = js_item(storage, key) else {
        return Present::Nothing;
    };
    let ours = OURS.with(|o| o.borrow().iter().any(|(k, v)| k == key && *v == value));
    if ours {
        Present::Known
    } else {
        Present::Theirs(String::from(value))
    }
}

/// Remembers `value` as what this tab wrote under `key` (or read there, and decoded).
pub fn wrote(key: &str, value: JsString) {
    OURS.with(|o| {
        let mut o = o.borrow_mut();
        o.retain(|(k, _)| k != key);
        if o.len() >= REMEMBERED {
            o.remove(0);
        }
        o.push((key.to_string(), value));
    });
}

/// Forgets what this tab wrote under `key` (it was removed).
pub fn removed(key: &str) {
    OURS.with(|o| o.borrow_mut().retain(|(k, _)| k != key));
}

/// Notes that a value was set aside.
pub fn set_aside() {
    SET_ASIDE.with(|s| s.set(true));
}

/// True once after a value was set aside (the app then lists what storage holds aside).
pub fn take_set_aside() -> bool {
    SET_ASIDE.with(|s| s.replace(false))
}
