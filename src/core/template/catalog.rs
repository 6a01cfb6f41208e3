//! The templates a plan may follow, as a value: the built-ins, and the templates a user (or a
//! folder of plans) adds. Whoever reads plans passes the catalog they read against: the web app
//! holds one with the user's templates, the CLI one with a `--template` file, the host tests
//! their own. Nothing here is global.

use std::sync::Arc;

use super::{Template, builtin, builtins};

/// The built-in templates and the ones added to them.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    added: Vec<Arc<Template>>,
}

impl Catalog {
    /// The built-ins alone.
    pub fn new() -> Catalog {
        Catalog::default()
    }

    /// The built-ins and `templates` (in that order; one whose id is taken is left out).
    pub fn with(templates: impl IntoIterator<Item = Arc<Template>>) -> Catalog {
        let mut catalog = Catalog::new();
        for t in templates {
            catalog.add(t);
        }
        catalog
    }

    /// Adds a template, replacing an added one with the same id; false (and nothing added)
    /// for a built-in's id, which cannot be taken.
    pub fn add(&mut self, template: Arc<Template>) -> bool {
        if builtin(&template.id).is_some() {
            return false;
        }
        match self.added.iter_mut().find(|t| t.id == template.id) {
            Some(t) => *t = template,
            None => self.added.push(template),
        }
        true
    }

    /// Removes an added template.
    pub fn remove(&mut self, id: &str) {
        self.added.retain(|t| t.id != id);
    }

    /// The template with this id: a built-in, else an added one.
    pub fn get(&self, id: &str) -> Option<Arc<Template>> {
        builtin(id).or_else(|| self.added.iter().find(|t| t.id == id).cloned())
    }

    /// The templates added to the built-ins, in the order they were.
    pub fn added(&self) -> &[Arc<Template>] {
        &self.added
    }

    /// True when `id` is one of the added templates.
    pub fn is_added(&self, id: &str) -> bool {
        self.added.iter().any(|t| t.id == id)
    }

    /// Every template: the built-ins (Technical Plan first), then the added ones.
    pub fn all(&self) -> Vec<Arc<Template>> {
        let mut all = builtins();
        all.extend(self.added.iter().cloned());
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::template::compile;

    #[test]
    fn a_catalog_holds_the_builtins_and_what_is_added() {
        let mut c = Catalog::new();
        assert_eq!(c.all().len(), builtins().len());
        assert!(c.get("madr").is_some() && c.get("incident").is_none());
        let t =
            compile("<!-- planform: name Incident -->\n# Incident: [Name]\n\n## What\n").template;
        let id = t.id.clone();
        assert!(c.add(t.clone()));
        assert_eq!(c.get(&id).map(|t| t.name.clone()), Some("Incident".into()));
        assert!(c.is_added(&id));
        // Added again: replaced, not doubled; a built-in's id cannot be taken.
        assert!(c.add(t));
        assert_eq!(c.added().len(), 1);
        let fake =
            compile("<!-- planform: name Technical Plan -->\n# Technical Plan: [X]\n").template;
        if fake.id == "technical-plan" {
            assert!(!c.add(fake));
        }
        c.remove(&id);
        assert!(c.get(&id).is_none());
        // Two catalogs never see each other's templates.
        let other = Catalog::new();
        assert!(other.added().is_empty());
    }
}
