//! Start-up shows a screenful first and the rest a slice per frame.
//!
//! Opening a plan renders the form's first cards before the first frame; after it is painted,
//! each following frame adds a slice of the form's cards and of the preview's sections until
//! both are whole. A keystroke or click during that time waits for one slice at most, never for
//! the whole plan, and the first frame does not wait for what is below the fold. The form and the
//! preview say `aria-busy` until they are whole.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

pub use crate::core::slices::{FIRST_CARDS, STEP_BYTES, STEP_CARDS, Shown, card_slices};

/// Adds a slice after each painted frame until the form and the preview are whole. `sizes`
/// gives what a slice is measured against: the plan's number of cards and the markdown length
/// of each of its top-level sections.
pub fn run<F>(shown: RwSignal<Shown>, sizes: F)
where
    F: Fn() -> (usize, Vec<usize>) + Copy + 'static,
{
    let Some(now) = shown.try_get_untracked() else {
        return;
    };
    if now == Shown::ALL {
        return;
    }
    let (cards, lengths) = sizes();
    shown.set(now.next(cards, &lengths));
    after_frame(move || run(shown, sizes));
}

/// A callback that runs at most once, whichever of its callers comes first.
type Once = Rc<Cell<Option<Box<dyn FnOnce()>>>>;

/// Runs the callback unless another caller ran it already.
fn fire(once: &Once) {
    if let Some(f) = once.take() {
        f();
    }
}

/// Runs `f` once after the next frame is painted (a frame, then a task), or after 100 ms in a
/// tab that paints no frames (hidden): whichever comes first.
pub fn after_frame(f: impl FnOnce() + 'static) {
    let once: Once = Rc::new(Cell::new(Some(Box::new(f))));
    let by_frame = once.clone();
    request_animation_frame(move || set_timeout(move || fire(&by_frame), Duration::ZERO));
    set_timeout(move || fire(&once), Duration::from_millis(100));
}
