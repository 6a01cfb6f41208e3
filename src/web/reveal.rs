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

/// Cards the form shows before the first frame: a screenful of the Technical Plan (its header,
/// problem and goals fill a 900 px high window).
pub const FIRST_CARDS: usize = 3;
/// Cards added per frame after that.
pub const STEP_CARDS: usize = 4;
/// The preview's top-level sections added per frame: as many as fit in this many bytes of
/// markdown (at least one).
pub const STEP_BYTES: usize = 2_500;

/// How much of the plan the form and the preview show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shown {
    /// The form's cards, in document order ([`usize::MAX`]: all).
    pub cards: usize,
    /// The preview's top-level sections ([`usize::MAX`]: all).
    pub sections: usize,
}

impl Shown {
    /// Everything, and whatever is added later.
    pub const ALL: Shown = Shown {
        cards: usize::MAX,
        sections: usize::MAX,
    };

    /// Before the first frame: the form's first cards, no preview.
    pub const FIRST: Shown = Shown {
        cards: FIRST_CARDS,
        sections: 0,
    };

    /// True when the form shows all of its cards.
    pub fn form_whole(self) -> bool {
        self.cards == usize::MAX
    }

    /// True when the preview shows all of its sections.
    pub fn preview_whole(self) -> bool {
        self.sections == usize::MAX
    }

    /// One frame's slice more, for a plan of `cards` cards whose top-level sections' markdown
    /// is `lengths` bytes long.
    pub fn next(self, cards: usize, lengths: &[usize]) -> Shown {
        let cards = match self.cards.saturating_add(STEP_CARDS) {
            n if n >= cards => usize::MAX,
            n => n,
        };
        let sections = if self.sections >= lengths.len() {
            usize::MAX
        } else {
            let mut n = self.sections;
            let mut bytes = 0;
            while let Some(len) = lengths.get(n) {
                if n > self.sections && bytes + len > STEP_BYTES {
                    break;
                }
                bytes += len;
                n += 1;
            }
            if n >= lengths.len() { usize::MAX } else { n }
        };
        Shown { cards, sections }
    }
}

/// The number of slices of [`STEP_CARDS`] after the first cards that `shown` cards of `total`
/// cover.
pub fn card_slices(shown: usize, total: usize) -> usize {
    shown
        .min(total)
        .saturating_sub(FIRST_CARDS)
        .div_ceil(STEP_CARDS)
}

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
