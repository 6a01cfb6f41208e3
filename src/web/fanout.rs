//! One value per index (a plan's top-level sections), each in a signal of its own that changes
//! only when the value at its index does.
//!
//! A memo per index would be checked on every change of what it reads (the whole plan), and
//! each check wakes everything under it to check again: a keystroke would cost as much as the
//! plan has fields. Here one effect, run as the source is set, compares each index's value and
//! sets only the signals whose value changed; the rest of the graph does not hear of the change.

use leptos::prelude::*;

/// Signals by index, handed their new values by one effect over their source.
pub struct Fanout<T: Send + Sync + 'static> {
    signals: StoredValue<Vec<Option<RwSignal<T>>>>,
    started: StoredValue<bool>,
}

impl<T: Send + Sync + 'static> Clone for Fanout<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Fanout<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> Default for Fanout<T> {
    fn default() -> Self {
        Fanout {
            signals: StoredValue::new(Vec::new()),
            started: StoredValue::new(false),
        }
    }
}

impl<T: Clone + PartialEq + Send + Sync + 'static> Fanout<T> {
    /// The signal for index `i`, made under `owner` the first time it is asked for. `value`
    /// reads the source (tracked) and gives the value at an index; the first call starts the
    /// effect that keeps every signal made so far current, under `owner` too.
    pub fn signal(
        self,
        i: usize,
        owner: &Owner,
        value: impl Fn(usize) -> T + Clone + Send + Sync + 'static,
    ) -> RwSignal<T> {
        if let Some(signal) = self.signals.with_value(|all| all.get(i).copied().flatten()) {
            return signal;
        }
        let first = value.clone();
        let signal = owner.with(|| RwSignal::new(untrack(|| first(i))));
        self.signals.update_value(|all| {
            if all.len() <= i {
                all.resize(i + 1, None);
            }
            all[i] = Some(signal);
        });
        if !self.started.get_value() {
            self.started.set_value(true);
            let signals = self.signals;
            owner.with(|| {
                ImmediateEffect::new_scoped(move || {
                    // Compared first, set after: a set wakes other code, which may ask for a
                    // signal (and so write the list) while it is still being read.
                    let changed: Vec<_> = signals.with_value(|all| {
                        all.iter()
                            .enumerate()
                            .filter_map(|(at, signal)| {
                                let signal = (*signal)?;
                                let now = value(at);
                                let same = signal.try_with_untracked(|old| *old == now)?;
                                (!same).then_some((signal, now))
                            })
                            .collect()
                    });
                    for (signal, now) in changed {
                        signal.try_set(now);
                    }
                });
            });
        }
        signal
    }
}
