//! Addresses of the editable leaves of a plan (a heading, a prose field, a list item, a table
//! cell…), with get and set. The form binds each control to one address, so editing logic stays
//! here, host-tested, and components only move strings.

use serde::{Deserialize, Serialize};

use crate::core::model::{Item, Plan, Section, Value};

/// One editable piece of a plan.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Addr {
    /// Index path of the section.
    pub path: Vec<usize>,
    /// What in the section.
    pub part: Part,
}

/// The part of a section an [`Addr`] names.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Part {
    /// Heading text (a custom title, an option's or a phase's name, the plan title).
    Heading,
    /// A repeated heading's parenthesised suffix (a phase's `Day 1-2`).
    #[serde(alias = "Duration")]
    Suffix,
    /// The whole markdown of a prose or raw block, or the code of a code block.
    Text(usize),
    /// A code block's language.
    Lang(usize),
    /// A list item's text.
    Item(usize, usize),
    /// A table cell: block, row, column.
    Cell(usize, usize, usize),
    /// A labelled field's value: block, field.
    Field(usize, usize),
    /// What stands before the first heading (front matter, an RFC's header bullets); the
    /// address's path is empty.
    Preamble,
}

impl Plan {
    /// The text at an address, `None` when the address names nothing.
    pub fn text_at(&self, addr: &Addr) -> Option<String> {
        if addr.part == Part::Preamble {
            return Some(self.preamble.clone());
        }
        let s = self.section_at(&addr.path)?;
        Some(match &addr.part {
            Part::Preamble => return None,
            Part::Heading => s.heading.text.clone(),
            Part::Suffix => s.heading.suffix.clone(),
            Part::Text(b) => match &s.blocks.get(*b)?.value {
                Value::Markdown(t) => t.clone(),
                Value::Code(c) => c.text.clone(),
                _ => return None,
            },
            Part::Lang(b) => match &s.blocks.get(*b)?.value {
                Value::Code(c) => c.lang.clone(),
                _ => return None,
            },
            Part::Item(b, i) => match &s.blocks.get(*b)?.value {
                Value::List(l) => l.items.get(*i)?.text.clone(),
                _ => return None,
            },
            Part::Cell(b, r, c) => match &s.blocks.get(*b)?.value {
                Value::Table(t) => t.rows.get(*r)?.get(*c)?.clone(),
                _ => return None,
            },
            Part::Field(b, f) => match &s.blocks.get(*b)?.value {
                Value::Fields(fields) => fields.get(*f)?.value.clone(),
                _ => return None,
            },
        })
    }

    /// Sets the text at an address; returns false when the address names nothing.
    pub fn set_text_at(&mut self, addr: &Addr, text: &str) -> bool {
        if addr.part == Part::Preamble {
            self.preamble = text.to_string();
            return true;
        }
        let Some(s) = self.section_at_mut(&addr.path) else {
            return false;
        };
        let slot: Option<&mut String> = match &addr.part {
            Part::Preamble => None,
            Part::Heading => Some(&mut s.heading.text),
            Part::Suffix => Some(&mut s.heading.suffix),
            Part::Text(b) => match s.blocks.get_mut(*b).map(|b| &mut b.value) {
                Some(Value::Markdown(t)) => Some(t),
                Some(Value::Code(c)) => Some(&mut c.text),
                _ => None,
            },
            Part::Lang(b) => match s.blocks.get_mut(*b).map(|b| &mut b.value) {
                Some(Value::Code(c)) => Some(&mut c.lang),
                _ => None,
            },
            Part::Item(b, i) => match s.blocks.get_mut(*b).map(|b| &mut b.value) {
                Some(Value::List(l)) => l.items.get_mut(*i).map(|it| &mut it.text),
                _ => None,
            },
            Part::Cell(b, r, c) => match s.blocks.get_mut(*b).map(|b| &mut b.value) {
                Some(Value::Table(t)) => t.rows.get_mut(*r).and_then(|row| row.get_mut(*c)),
                _ => None,
            },
            Part::Field(b, f) => match s.blocks.get_mut(*b).map(|b| &mut b.value) {
                Some(Value::Fields(fields)) => fields.get_mut(*f).map(|f| &mut f.value),
                _ => None,
            },
        };
        match slot {
            Some(t) => {
                *t = text.to_string();
                true
            }
            None => false,
        }
    }

    /// A list item's check state.
    pub fn checked_at(&self, path: &[usize], block: usize, item: usize) -> bool {
        self.section_at(path)
            .and_then(|s| match &s.blocks.get(block)?.value {
                Value::List(l) => l.items.get(item).map(|i| i.checked),
                _ => None,
            })
            .unwrap_or(false)
    }

    /// Ticks or unticks a checklist item.
    pub fn set_checked(&mut self, path: &[usize], block: usize, item: usize, checked: bool) {
        if let Some(it) = list_items(self.section_at_mut(path), block).and_then(|l| l.get_mut(item))
        {
            it.checked = checked;
        }
    }

    /// Inserts an empty item (or row) at `at` (clamped) in a list or table block.
    pub fn insert_item(&mut self, path: &[usize], block: usize, at: usize) {
        let Some(s) = self.section_at_mut(path) else {
            return;
        };
        match s.blocks.get_mut(block).map(|b| &mut b.value) {
            Some(Value::List(l)) => {
                let at = at.min(l.items.len());
                l.items.insert(at, Item::default());
            }
            Some(Value::Table(t)) => {
                let at = at.min(t.rows.len());
                let width = t.header.len().max(t.rows.first().map_or(0, Vec::len));
                t.rows.insert(at, vec![String::new(); width]);
            }
            _ => {}
        }
    }

    /// Removes an item (or table row).
    pub fn remove_item(&mut self, path: &[usize], block: usize, at: usize) {
        let Some(s) = self.section_at_mut(path) else {
            return;
        };
        match s.blocks.get_mut(block).map(|b| &mut b.value) {
            Some(Value::List(l)) if at < l.items.len() => {
                l.items.remove(at);
            }
            Some(Value::Table(t)) if at < t.rows.len() => {
                t.rows.remove(at);
            }
            _ => {}
        }
    }

    /// Moves an item (or table row) by `delta`; returns its new index.
    pub fn move_item(
        &mut self,
        path: &[usize],
        block: usize,
        at: usize,
        delta: isize,
    ) -> Option<usize> {
        let s = self.section_at_mut(path)?;
        let len = match &s.blocks.get(block)?.value {
            Value::List(l) => l.items.len(),
            Value::Table(t) => t.rows.len(),
            _ => return None,
        };
        let to = at
            .checked_add_signed(delta)
            .filter(|t| *t < len && at < len)?;
        match &mut s.blocks.get_mut(block)?.value {
            Value::List(l) => l.items.swap(at, to),
            Value::Table(t) => t.rows.swap(at, to),
            _ => return None,
        }
        Some(to)
    }
}

fn list_items(section: Option<&mut Section>, block: usize) -> Option<&mut Vec<Item>> {
    match &mut section?.blocks.get_mut(block)?.value {
        Value::List(l) => Some(&mut l.items),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::render::to_markdown;

    fn path_of(plan: &Plan, id: &str) -> Vec<usize> {
        plan.walk()
            .into_iter()
            .find(|(_, s)| s.spec_id() == Some(id))
            .map(|(p, _)| p)
            .unwrap()
    }

    #[test]
    fn set_and_get_leaves() {
        let mut plan = Plan::from_template();
        let goals = path_of(&plan, "goals");
        let a = Addr {
            path: goals.clone(),
            part: Part::Item(0, 1),
        };
        assert!(plan.set_text_at(&a, "Ship offline mode"));
        assert_eq!(plan.text_at(&a).as_deref(), Some("Ship offline mode"));
        assert!(to_markdown(&plan).contains("1. Goal 1\n2. Ship offline mode\n3. Goal 3"));
        assert!(!plan.set_text_at(
            &Addr {
                path: goals,
                part: Part::Cell(0, 0, 0)
            },
            "x"
        ));
        assert!(!plan.set_text_at(
            &Addr {
                path: vec![99],
                part: Part::Heading
            },
            "x"
        ));
    }

    #[test]
    fn items_insert_move_remove() {
        let mut plan = Plan::from_template();
        let goals = path_of(&plan, "goals");
        plan.insert_item(&goals, 0, 99);
        let last = Addr {
            path: goals.clone(),
            part: Part::Item(0, 3),
        };
        plan.set_text_at(&last, "Fourth");
        assert_eq!(plan.move_item(&goals, 0, 3, -1), Some(2));
        assert_eq!(
            plan.text_at(&Addr {
                path: goals.clone(),
                part: Part::Item(0, 2)
            })
            .as_deref(),
            Some("Fourth")
        );
        assert_eq!(plan.move_item(&goals, 0, 0, -1), None);
        plan.remove_item(&goals, 0, 2);
        assert_eq!(
            to_markdown(&plan),
            crate::core::template::technical_plan().markdown
        );
        let timeline = path_of(&plan, "timeline");
        plan.insert_item(&timeline, 0, 0);
        plan.set_checked(&goals, 0, 0, true); // not a checklist: the flag is kept but not rendered
        assert!(
            to_markdown(&plan).contains("|-----------|------|--------|\n|  | YYYY-MM-DD |  |\n")
        );
    }
}
