//! Start-up's schedule, pure (the web shell's `reveal` runs it, a slice per painted frame):
//! how much of a plan the form and the preview show, a screenful first and a slice more per
//! frame until both are whole.

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

#[cfg(test)]
mod tests {
    use super::*;

    /// Slices grow every frame, respect their budgets (at least one section each), and end with
    /// everything shown.
    #[test]
    fn slices_grow_within_their_budget_and_end_whole() {
        let lengths = [100, 3_000, 200, 200, 2_400, 10, 10, 10];
        let cards = 13;
        let mut shown = Shown::FIRST;
        let mut frames = 0;
        while shown != Shown::ALL {
            let next = shown.next(cards, &lengths);
            assert!(next.cards > shown.cards || next.cards == usize::MAX);
            if next.sections != usize::MAX {
                let added: usize = lengths[shown.sections..next.sections].iter().sum();
                assert!(
                    next.sections == shown.sections + 1 || added <= STEP_BYTES,
                    "{shown:?} → {next:?}"
                );
            }
            shown = next;
            frames += 1;
            assert!(frames < 20, "never whole");
        }
        assert!(shown.form_whole() && shown.preview_whole());
        assert_eq!(
            card_slices(usize::MAX, cards),
            (cards - FIRST_CARDS).div_ceil(STEP_CARDS)
        );
        // An empty plan is whole after one frame.
        assert_eq!(Shown::FIRST.next(0, &[]), Shown::ALL);
    }
}
