//! Edit operations on a plan: add, remove and reorder sections (template or custom), options and
//! phases, and choose one option. Components call these; they hold no document logic themselves.

use std::sync::Arc;

use crate::core::model::{Block, Heading, MetaField, Plan, Section, Shared, Value};
use crate::core::template::{self, SectionSpec, Template};

/// Why an edit could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The path names no section.
    #[error("there is no section at {0:?}")]
    NoSection(Vec<usize>),
    /// The move would leave the list.
    #[error("the section cannot move further")]
    CannotMove,
}

/// A fresh section for the template section `id`, as a new plan has it (defaults in place,
/// placeholders empty). `None` when the template has no such section.
pub fn template_section(template: &Arc<Template>, id: &str) -> Option<Section> {
    let plan = Plan::blank(template);
    plan.find(id).cloned()
}

/// A custom section: a heading and markdown.
pub fn custom_section(title: &str, level: u8, markdown: &str) -> Section {
    let blocks = if markdown.trim().is_empty() {
        Vec::new()
    } else {
        vec![Block::raw(markdown.trim_end())]
    };
    Section {
        spec: None,
        level: level.clamp(1, 6),
        heading: Heading {
            text: title.trim().to_string(),
            ..Heading::default()
        },
        blocks,
        ..Section::default()
    }
}

impl Plan {
    /// Template sections (top level) that the plan does not have, in template order.
    pub fn missing_sections(&self) -> Vec<Arc<SectionSpec>> {
        self.template
            .sections
            .iter()
            .filter(|spec| !self.sections.iter().any(|s| s.spec_id() == Some(&spec.id)))
            .cloned()
            .collect()
    }

    /// Inserts a top-level section where the template would put it (after the last present
    /// section that comes before it in the template), or at the end for custom sections.
    pub fn add_section(&mut self, section: impl Into<Shared<Section>>) -> usize {
        let section = section.into();
        let template = self.template.clone();
        let order = |s: &Section| s.spec_id().and_then(|id| template.rank(id));
        let at = match order(&section) {
            Some(rank) => self
                .sections
                .iter()
                .rposition(|s| s.is_title() || order(s).is_some_and(|r| r < rank))
                .map_or(0, |i| i + 1),
            None => self.sections.len(),
        };
        self.sections.insert(at, section);
        at
    }

    /// Removes the section at `path` and returns it (for undo).
    pub fn remove_section(&mut self, path: &[usize]) -> Result<Shared<Section>, EditError> {
        let (siblings, i) = self.siblings_mut(path)?;
        if i >= siblings.len() {
            return Err(EditError::NoSection(path.to_vec()));
        }
        let removed = siblings.remove(i);
        self.renumber_parent(path);
        Ok(removed)
    }

    /// Moves the section at `path` up (`-1`) or down (`+1`) among its siblings; returns its new
    /// path.
    pub fn move_section(&mut self, path: &[usize], delta: isize) -> Result<Vec<usize>, EditError> {
        // The title heads the document: nothing moves above it, and it moves nowhere.
        let floor = usize::from(path.len() == 1 && self.title_section().is_some());
        let (siblings, i) = self.siblings_mut(path)?;
        if i < floor {
            return Err(EditError::CannotMove);
        }
        let j = i
            .checked_add_signed(delta)
            .filter(|j| *j < siblings.len() && *j >= floor)
            .ok_or(EditError::CannotMove)?;
        if i >= siblings.len() {
            return Err(EditError::NoSection(path.to_vec()));
        }
        siblings.swap(i, j);
        let mut new_path = path.to_vec();
        if let Some(last) = new_path.last_mut() {
            *last = j;
        }
        self.renumber_parent(path);
        Ok(new_path)
    }

    /// Adds a subsection (an option, a phase, or a custom subsection) at the end of the section at
    /// `parent`; options and phases are numbered. Returns the new path.
    pub fn add_child(&mut self, parent: &[usize], child: Section) -> Result<Vec<usize>, EditError> {
        let section = self
            .section_at_mut(parent)
            .ok_or_else(|| EditError::NoSection(parent.to_vec()))?;
        section.children.push(child.into());
        let mut path = parent.to_vec();
        path.push(section.children.len() - 1);
        renumber(section);
        Ok(path)
    }

    /// A new, empty member of the repeated section `id` (an option like the template's Option
    /// A, unchosen and without the chosen one's blocks; a phase with no name, time box or steps).
    pub fn new_member(&self, id: &str) -> Option<Section> {
        let mut member = template_section(&self.template.0, id)?;
        let pick_one = member
            .spec
            .as_ref()
            .and_then(|s| s.repeat())
            .is_some_and(|r| r.pick_one);
        member.heading.chosen = false;
        member.heading.marker.clear();
        member
            .blocks
            .retain(|b| !b.spec.as_ref().is_some_and(|s| s.chosen_only));
        if !pick_one {
            // Defaults of a sequence (the template's phase names and steps) are examples of
            // one member, not a start for the next.
            member.heading.text.clear();
            member.heading.suffix.clear();
            for b in &mut member.blocks {
                if let Value::List(l) = &mut b.value {
                    l.items.clear();
                }
            }
        }
        Some(member)
    }

    /// Makes the option at `path` the only chosen one of its group. Blocks only the chosen one
    /// has (the decision rationale) move with the choice, so nothing written is lost.
    pub fn choose_option(&mut self, path: &[usize]) -> Result<(), EditError> {
        let (parent_path, index) = path.split_at(path.len().saturating_sub(1));
        let index = *index
            .first()
            .ok_or_else(|| EditError::NoSection(path.to_vec()))?;
        let parent = self
            .section_at_mut(parent_path)
            .ok_or_else(|| EditError::NoSection(path.to_vec()))?;
        if index >= parent.children.len() {
            return Err(EditError::NoSection(path.to_vec()));
        }
        let Some(group) = parent
            .children
            .get(index)
            .and_then(|c| c.spec.clone())
            .filter(|s| s.repeat().is_some_and(|r| r.pick_one))
        else {
            return Err(EditError::NoSection(path.to_vec()));
        };
        let moving: Vec<_> = group.blocks.iter().filter(|b| b.chosen_only).collect();
        let mut carried: Vec<Option<Block>> = vec![None; moving.len()];
        for child in parent
            .children
            .iter_mut()
            .filter(|c| c.spec_id() == Some(&group.id))
        {
            for (k, spec) in moving.iter().enumerate() {
                if let Some(pos) = child
                    .blocks
                    .iter()
                    .position(|b| b.spec_id() == Some(&spec.id))
                {
                    let block = child.blocks.remove(pos);
                    let slot = &mut carried[k];
                    if slot.as_ref().is_none_or(|r| is_empty_value(&r.value)) {
                        *slot = Some(block);
                    }
                }
            }
            child.heading.chosen = false;
            child.heading.marker.clear();
        }
        if let Some(chosen) = parent.children.get_mut(index) {
            chosen.heading.chosen = true;
            for (spec, block) in moving.iter().zip(carried) {
                let block = block.unwrap_or_else(|| Block::new(spec, empty_value(spec)));
                chosen.blocks.push(block);
            }
        }
        Ok(())
    }

    fn siblings_mut(
        &mut self,
        path: &[usize],
    ) -> Result<(&mut Vec<Shared<Section>>, usize), EditError> {
        let err = || EditError::NoSection(path.to_vec());
        let (last, parent) = path.split_last().ok_or_else(err)?;
        if parent.is_empty() {
            return Ok((&mut self.sections, *last));
        }
        let parent = self.section_at_mut(parent).ok_or_else(err)?;
        Ok((&mut parent.children, *last))
    }

    fn renumber_parent(&mut self, path: &[usize]) {
        if let Some((_, parent)) = path.split_last()
            && let Some(section) = self.section_at_mut(parent)
        {
            renumber(section);
        }
    }
}

/// The empty value of a block spec (nothing filled in: it renders as the placeholder).
fn empty_value(spec: &template::BlockSpec) -> Value {
    crate::core::import::empty_value(spec)
}

fn is_empty_value(value: &Value) -> bool {
    match value {
        Value::Markdown(t) => t.trim().is_empty(),
        Value::Code(c) => c.text.trim().is_empty(),
        Value::List(l) => l.items.iter().all(|i| i.text.trim().is_empty()),
        Value::Table(t) => t.rows.iter().flatten().all(|c| c.trim().is_empty()),
        Value::Fields(f) => f.iter().all(|f| f.value.trim().is_empty()),
    }
}

/// Members of a repeated group are numbered in order: lettered A, B, C… when the template letters
/// them (keeping numbers when the plan uses numbers), else 1, 2, 3….
fn renumber(section: &mut Section) {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for child in &mut section.children {
        let Some(spec) = child.spec.clone() else {
            continue;
        };
        let Some(shape) = spec.repeat() else {
            continue;
        };
        let n = match counts.iter_mut().find(|(id, _)| *id == spec.id) {
            Some((_, n)) => n,
            None => {
                counts.push((spec.id.clone(), 0));
                match counts.last_mut() {
                    Some((_, n)) => n,
                    None => continue,
                }
            }
        };
        let numeric = child.heading.ordinal.parse::<usize>().is_ok();
        child.heading.ordinal = if shape.letters && !numeric {
            template::letter(*n)
        } else {
            (*n + 1).to_string()
        };
        *n += 1;
    }
}

/// Dates an edit: sets Last Updated to `today` when the edit (`before` → `after`) left Last
/// Updated alone and the plan has a header. A date the user typed in the edit wins over the
/// stamp. Returns the date the stamp replaced, or `None` when nothing was stamped.
pub fn stamp_updated(before: &Plan, after: &mut Plan, today: &str) -> Option<String> {
    let typed = after.meta(MetaField::Updated);
    if typed == today || typed != before.meta(MetaField::Updated) {
        return None;
    }
    after.title_section()?;
    // Only where the plan or its template keeps the date: an ADR whose header has a `Date`
    // and no Last Updated is not given a line it never had.
    if typed.is_empty() && after.template.0.meta_spec(MetaField::Updated).is_none() {
        return None;
    }
    let old = typed.to_string();
    after.set_meta(MetaField::Updated, today);
    Some(old)
}

/// The same stamp applied to markdown as the user typed it (the Markdown tab's text), so what
/// the tab shows stays what export gives: `old` (or, when it was empty, the placeholder) is
/// replaced by `new` on the first line that names "updated" (or "modified") and holds it. `None` when no such
/// line exists.
pub fn restamp_source(source: &str, old: &str, new: &str) -> Option<String> {
    let old = if old.is_empty() {
        template::DATE_PLACEHOLDER
    } else {
        old
    };
    let mut at = 0;
    for line in source.split_inclusive('\n') {
        let lower = line.to_lowercase();
        if (lower.contains("updated") || lower.contains("modified"))
            && let Some(i) = line.find(old)
        {
            let start = at + i;
            let mut out = String::with_capacity(source.len() + new.len());
            out.push_str(&source[..start]);
            out.push_str(new);
            out.push_str(&source[start + old.len()..]);
            return Some(out);
        }
        at += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::render::to_markdown;

    fn arch_path(plan: &Plan) -> Vec<usize> {
        plan.walk()
            .into_iter()
            .find(|(_, s)| s.spec_id() == Some("architecture-decision"))
            .map(|(p, _)| p)
            .unwrap()
    }

    #[test]
    fn choosing_moves_the_rationale() {
        let mut plan = Plan::from_template();
        let arch = arch_path(&plan);
        let mut c = arch.clone();
        c.push(2);
        plan.choose_option(&c).unwrap();
        let md = to_markdown(&plan);
        assert!(md.contains("### Option C: [Approach 3] ✅ **(Chosen)**"));
        assert!(!md.contains("### Option B: [Approach 2] ✅"));
        assert_eq!(md.matches("**Decision Rationale:**").count(), 1);
        let option_c = md.split("### Option C").nth(1).unwrap();
        assert!(option_c.contains("**Decision Rationale:**"));
    }

    #[test]
    fn options_are_relettered_after_moves_and_removals() {
        let mut plan = Plan::from_template();
        let arch = arch_path(&plan);
        let mut first = arch.clone();
        first.push(0);
        plan.remove_section(&first).unwrap();
        let md = to_markdown(&plan);
        assert!(
            md.contains("### Option A: [Approach 1] ✅ **(Chosen)**"),
            "{md}"
        );
        assert!(md.contains("### Option B: [Approach 2]"));
        let path = plan
            .add_child(
                &arch,
                plan.new_member("architecture-decision/option").unwrap(),
            )
            .unwrap();
        assert_eq!(plan.section_at(&path).unwrap().heading.ordinal, "C");
    }

    #[test]
    fn sections_can_be_added_back_in_template_order() {
        let mut plan = Plan::from_template();
        let goals = plan
            .sections
            .iter()
            .position(|s| s.spec_id() == Some("goals"))
            .unwrap();
        let removed = plan.remove_section(&[goals]).unwrap();
        assert!(plan.missing_sections().iter().any(|s| s.id == "goals"));
        let at = plan.add_section(removed);
        assert_eq!(at, goals);
        assert_eq!(to_markdown(&plan), template::technical_plan().markdown);
        let at = plan.add_section(custom_section("Appendix", 2, "Notes."));
        assert_eq!(at, plan.sections.len() - 1);
        assert!(to_markdown(&plan).ends_with("## Appendix\n\nNotes.\n"));
    }

    #[test]
    fn moving_sections() {
        let mut plan = Plan::from_template();
        let p = plan.move_section(&[1], 1).unwrap();
        assert_eq!(p, vec![2]);
        assert_eq!(plan.sections[2].spec_id(), Some("problem-statement"));
        assert_eq!(plan.move_section(&[0], -1), Err(EditError::CannotMove));
        // Nothing moves above the title, and the title stays first.
        assert_eq!(plan.move_section(&[1], -1), Err(EditError::CannotMove));
        assert_eq!(plan.move_section(&[0], 1), Err(EditError::CannotMove));
        assert!(plan.remove_section(&[99]).is_err());
    }
    #[test]
    fn an_edit_is_stamped_unless_it_set_the_date_itself() {
        let mut before = Plan::from_template();
        before.set_meta(MetaField::Updated, "2026-01-02");
        let mut after = before.clone();
        after.set_title("Search");
        assert_eq!(
            stamp_updated(&before, &mut after, "2026-12-01"),
            Some("2026-01-02".to_string())
        );
        assert_eq!(after.meta(MetaField::Updated), "2026-12-01");

        // The user typed a date: it wins.
        let mut typed = before.clone();
        typed.set_meta(MetaField::Updated, "2026-10-17");
        assert_eq!(stamp_updated(&before, &mut typed, "2026-12-01"), None);
        assert_eq!(typed.meta(MetaField::Updated), "2026-10-17");

        // A plan with no header is not given one.
        let mut bare = crate::core::import_markdown("Just notes.\n");
        let b = bare.clone();
        bare.preamble.push_str(" More.");
        assert_eq!(stamp_updated(&b, &mut bare, "2026-12-01"), None);
        assert!(bare.title_section().is_none());
        // Nor is an ADR whose template keeps no Last Updated (its `Date` is its own).
        let adr = "# Use X\n\n- Status: accepted\n- Date: 2025-01-10\n\n## Context\n\nWhy.\n";
        let template = crate::core::template::compile(
            "# [t]\n\n- Status: [proposed]\n- Date: [YYYY-MM-DD]\n\n## Context\n",
        )
        .template;
        let before = crate::core::import::import_with(adr, &template);
        let mut after = before.clone();
        after.preamble.push_str(" More.");
        assert_eq!(stamp_updated(&before, &mut after, "2026-12-01"), None);
        assert_eq!(after.meta(MetaField::Updated), "");
    }

    #[test]
    fn the_stamp_is_written_into_typed_markdown_too() {
        let src = "# Technical Plan: X\n\n*Created:* 2026-01-02\n**Last Updated:**   2026-01-02 \n";
        assert_eq!(
            restamp_source(src, "2026-01-02", "2026-12-01").as_deref(),
            Some("# Technical Plan: X\n\n*Created:* 2026-01-02\n**Last Updated:**   2026-12-01 \n")
        );
        let blank = &template::technical_plan().markdown;
        let stamped = restamp_source(blank, "", "2026-12-01").unwrap();
        assert!(stamped.contains("**Last Updated:** 2026-12-01"));
        assert!(stamped.contains("**Created:** YYYY-MM-DD"));
        assert_eq!(restamp_source("no date here", "2026-01-02", "x"), None);
    }
}
