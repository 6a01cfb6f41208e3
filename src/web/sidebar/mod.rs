//! The sidebar: the plan library (with the trash) and the outline of the open plan.

pub mod folder;
pub mod library;
pub mod outline;
