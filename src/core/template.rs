//! The Technical Plan template, described as data.
//!
//! A [`SectionSpec`] tree gives every section its heading (with loose aliases), its level in the
//! template and the blocks it holds. A [`BlockSpec`] says what kind of block a [`Slot`] is (prose,
//! list, checklist, table, labelled fields, code), its bold label and its placeholders. Import,
//! render, checks and the form are written once per block kind against this description.
//!
//! Placeholders are the template's prompts (`[What problem are we solving? Why now?]`, `Goal 1`,
//! `X days`): they read back as empty values. Everything else in the template (checklist items,
//! milestone names, rollout steps, `80%+`) is a default: a new plan starts with it as content.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::core::model::MetaField;

/// The template as it must render: importing it gives a new plan.
pub const TEMPLATE_MARKDOWN: &str = include_str!("../../templates/technical-plan.md");

/// Declares a fieldless enum together with `ALL`, every variant in declaration order, so a
/// variant added later cannot be missing from the list (the tests walk it).
macro_rules! enum_with_all {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident,)*
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $($(#[$variant_meta])* $variant,)*
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
        }
    };
}

enum_with_all! {
/// Which template section a section is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Key {
    /// A section the template does not know, kept as markdown.
    #[default]
    Custom,
    /// `# Technical Plan: …` with the header fields.
    Title,
    ProblemStatement,
    Goals,
    NonGoals,
    ArchitectureDecision,
    /// `### Option A: …` (repeated).
    ArchOption,
    DetailedDesign,
    ComponentArchitecture,
    DataFlow,
    FileStructure,
    ApiChanges,
    NewEndpoints,
    ModifiedEndpoints,
    DatabaseChanges,
    StateManagement,
    ImplementationSteps,
    /// `### Phase 1: … (Day 1-2)` (repeated).
    Phase,
    Dependencies,
    ExternalLibraries,
    InternalDependencies,
    EnvironmentVariables,
    TestingStrategy,
    UnitTests,
    IntegrationTests,
    E2eTests,
    Monitoring,
    Performance,
    Security,
    Accessibility,
    RolloutPlan,
    Development,
    Staging,
    Production,
    RollbackPlan,
    SuccessMetrics,
    Timeline,
    OpenQuestions,
    References,
}
}

enum_with_all! {
/// Which template field a block fills.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Slot {
    /// Markdown the template does not know, kept verbatim.
    #[default]
    Raw,
    Meta,
    Problem,
    Goals,
    NonGoals,
    Description,
    Pros,
    Cons,
    Effort,
    Rationale,
    ComponentDiagram,
    DataFlow,
    FileTree,
    NewEndpoints,
    ModifiedEndpoints,
    DatabaseSql,
    StateManagement,
    PhaseSteps,
    ExternalLibraries,
    InternalDependencies,
    EnvVars,
    UnitTests,
    IntegrationTests,
    E2eTests,
    TargetCoverage,
    Monitoring,
    Performance,
    Security,
    Accessibility,
    DevelopmentSteps,
    StagingSteps,
    ProductionSteps,
    RollbackSteps,
    RollbackScript,
    SuccessMetrics,
    Timeline,
    OpenQuestions,
    References,
}
}

/// How a section's heading is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeadingPattern {
    /// A fixed title, matched loosely and kept as written.
    Fixed,
    /// `Technical Plan: {name}`.
    Title,
    /// `Option {ordinal}: {name}` with an optional ` ✅ **(Chosen)**` marker.
    Option,
    /// `Phase {ordinal}: {name} ({duration})`.
    Phase,
}

/// A template section.
#[derive(Debug)]
pub struct SectionSpec {
    /// Which section.
    pub key: Key,
    /// The canonical heading text (for patterns: a generic name).
    pub title: &'static str,
    /// Other spellings recognised on import (compared after [`normalize_title`]).
    pub aliases: &'static [&'static str],
    /// Heading level in the template.
    pub level: u8,
    /// How the heading is written.
    pub heading: HeadingPattern,
    /// The first block follows the heading on the next line, with no blank line between.
    pub tight: bool,
    /// The blocks of the body, in template order.
    pub blocks: &'static [BlockSpec],
    /// Known subsections.
    pub children: &'static [SectionSpec],
}

/// The kind of a block, which decides how it is imported, rendered and edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// Free markdown (one or more paragraphs, lists, code…).
    Prose,
    /// `1.` items.
    Ordered,
    /// `-` items.
    Bullet,
    /// `- [ ]` items.
    Checklist,
    /// `1. [ ]` items.
    NumberedChecklist,
    /// A table with the spec's columns.
    Table,
    /// `**Label:** value` lines joined by hard line breaks.
    FieldLines,
    /// `- Label: value` items.
    FieldList,
    /// A fenced code block.
    Code,
}

impl BlockKind {
    /// Lists and checklists.
    pub fn is_list(self) -> bool {
        matches!(
            self,
            BlockKind::Ordered
                | BlockKind::Bullet
                | BlockKind::Checklist
                | BlockKind::NumberedChecklist
        )
    }

    /// Checklists.
    pub fn is_checklist(self) -> bool {
        matches!(self, BlockKind::Checklist | BlockKind::NumberedChecklist)
    }

    /// Numbered lists.
    pub fn is_ordered(self) -> bool {
        matches!(self, BlockKind::Ordered | BlockKind::NumberedChecklist)
    }
}

/// A template field.
#[derive(Debug)]
pub struct BlockSpec {
    /// Which field.
    pub slot: Slot,
    /// Its kind.
    pub kind: BlockKind,
    /// A human name for the form and messages.
    pub name: &'static str,
    /// A bold label line before the block (`**Pros:**`), if the template has one.
    pub label: Option<&'static str>,
    /// Other spellings of the label.
    pub label_aliases: &'static [&'static str],
    /// What separates the label from the block: `"\n"` or `"\n\n"`.
    pub label_sep: &'static str,
    /// Placeholders: prose/code text, or list items by position. `{n}` stands for a number
    /// (the position when rendering). Fewer entries than items: see `repeat`.
    pub placeholders: &'static [&'static str],
    /// The last placeholder applies to every later item.
    pub repeat: bool,
    /// Table columns.
    pub columns: &'static [ColumnSpec],
    /// Known labelled fields.
    pub fields: &'static [FieldSpec],
    /// Default language of a code block.
    pub lang: &'static str,
}

/// A table column.
#[derive(Debug)]
pub struct ColumnSpec {
    /// Header text.
    pub name: &'static str,
    /// Placeholders by row (the last repeats); `{n}` a number, `{L}` a capital letter.
    pub placeholders: &'static [&'static str],
}

/// A labelled field.
#[derive(Debug)]
pub struct FieldSpec {
    /// Canonical label.
    pub label: &'static str,
    /// Other spellings.
    pub aliases: &'static [&'static str],
    /// Placeholders (the first is rendered; all are recognised).
    pub placeholders: &'static [&'static str],
}

const BLOCK: BlockSpec = BlockSpec {
    slot: Slot::Raw,
    kind: BlockKind::Prose,
    name: "",
    label: None,
    label_aliases: &[],
    label_sep: "\n",
    placeholders: &[],
    repeat: false,
    columns: &[],
    fields: &[],
    lang: "",
};

const SECTION: SectionSpec = SectionSpec {
    key: Key::Custom,
    title: "",
    aliases: &[],
    level: 2,
    heading: HeadingPattern::Fixed,
    tight: false,
    blocks: &[],
    children: &[],
};

/// The title section: `# Technical Plan: [Feature Name]` and its header fields.
pub static TITLE: SectionSpec = SectionSpec {
    key: Key::Title,
    title: "Technical Plan",
    level: 1,
    heading: HeadingPattern::Title,
    blocks: &[BlockSpec {
        slot: Slot::Meta,
        kind: BlockKind::FieldLines,
        name: "Header",
        fields: &[
            FieldSpec {
                label: "Spec",
                aliases: &["Spec ID", "Spec Id", "Specification", "ID"],
                placeholders: &["SPEC-XXX"],
            },
            FieldSpec {
                label: "Created",
                aliases: &["Date Created", "Created On"],
                placeholders: &["YYYY-MM-DD"],
            },
            FieldSpec {
                label: "Last Updated",
                aliases: &["Updated", "Last Modified", "Modified"],
                placeholders: &["YYYY-MM-DD"],
            },
        ],
        ..BLOCK
    }],
    ..SECTION
};

/// Placeholder for the title name.
pub const TITLE_PLACEHOLDER: &str = "[Feature Name]";
/// The placeholder of a date field.
pub const DATE_PLACEHOLDER: &str = "YYYY-MM-DD";
/// Placeholder for an option's name (`{n}` is the option's position).
pub const OPTION_PLACEHOLDER: &str = "[Approach {n}]";
/// The canonical chosen marker after an option's name.
pub const CHOSEN_MARKER: &str = "✅ **(Chosen)**";

const OPTION_BLOCKS: &[BlockSpec] = &[
    BlockSpec {
        slot: Slot::Description,
        kind: BlockKind::Prose,
        name: "Description",
        label: Some("Description"),
        label_aliases: &["Summary", "Overview"],
        placeholders: &["[How this would work]"],
        ..BLOCK
    },
    BlockSpec {
        slot: Slot::Pros,
        kind: BlockKind::Bullet,
        name: "Pros",
        label: Some("Pros"),
        label_aliases: &["Pro", "Advantages", "Benefits"],
        placeholders: &["Pro {n}"],
        repeat: true,
        ..BLOCK
    },
    BlockSpec {
        slot: Slot::Cons,
        kind: BlockKind::Bullet,
        name: "Cons",
        label: Some("Cons"),
        label_aliases: &["Con", "Disadvantages", "Drawbacks"],
        placeholders: &["Con {n}"],
        repeat: true,
        ..BLOCK
    },
    BlockSpec {
        slot: Slot::Effort,
        kind: BlockKind::FieldLines,
        name: "Estimated Effort",
        fields: &[FieldSpec {
            label: "Estimated Effort",
            aliases: &["Effort", "Estimate", "Effort Estimate"],
            placeholders: &["X days", "Y days", "Z days", "{L} days"],
        }],
        ..BLOCK
    },
    BlockSpec {
        slot: Slot::Rationale,
        kind: BlockKind::Prose,
        name: "Decision Rationale",
        label: Some("Decision Rationale"),
        label_aliases: &["Rationale", "Why"],
        placeholders: &["[Why we chose this option]"],
        ..BLOCK
    },
];

const fn code(
    slot: Slot,
    name: &'static str,
    lang: &'static str,
    ph: &'static [&'static str],
) -> BlockSpec {
    BlockSpec {
        slot,
        kind: BlockKind::Code,
        name,
        lang,
        placeholders: ph,
        ..BLOCK
    }
}

const fn prose(slot: Slot, name: &'static str, ph: &'static [&'static str]) -> BlockSpec {
    BlockSpec {
        slot,
        kind: BlockKind::Prose,
        name,
        placeholders: ph,
        ..BLOCK
    }
}

const fn list(
    slot: Slot,
    kind: BlockKind,
    name: &'static str,
    ph: &'static [&'static str],
    repeat: bool,
) -> BlockSpec {
    BlockSpec {
        slot,
        kind,
        name,
        placeholders: ph,
        repeat,
        ..BLOCK
    }
}

const fn fixed(
    key: Key,
    title: &'static str,
    aliases: &'static [&'static str],
    level: u8,
    blocks: &'static [BlockSpec],
) -> SectionSpec {
    SectionSpec {
        key,
        title,
        aliases,
        level,
        blocks,
        ..SECTION
    }
}

const FILE_TREE: &str = "src/
├── components/
│   └── feature-x/
│       ├── ComponentA.tsx
│       └── ComponentB.tsx
├── lib/
│   └── feature-x-utils.ts
└── app/
    └── api/
        └── feature-x/
            └── route.ts";

const NEW_ENDPOINTS: &str = "// GET /api/feature-x
interface Response {
  data: Data[]
}

// POST /api/feature-x
interface Request {
  field: string
}";

const DATABASE_SQL: &str = "-- New tables
CREATE TABLE feature_x (
  id UUID PRIMARY KEY,
  ...
);

-- Migrations
ALTER TABLE existing_table ADD COLUMN new_field TEXT;";

const TARGET_COVERAGE: BlockSpec = BlockSpec {
    slot: Slot::TargetCoverage,
    kind: BlockKind::FieldLines,
    name: "Target Coverage",
    fields: &[FieldSpec {
        label: "Target Coverage",
        aliases: &["Coverage Target", "Coverage", "Test Coverage"],
        placeholders: &[],
    }],
    ..BLOCK
};

/// The sections of the template after the title, in order.
pub static SECTIONS: &[SectionSpec] = &[
    fixed(
        Key::ProblemStatement,
        "Problem Statement",
        &[
            "Problem",
            "Motivation",
            "Background",
            "Context",
            "Problem and Motivation",
        ],
        2,
        &[prose(
            Slot::Problem,
            "Problem statement",
            &["[What problem are we solving? Why now?]"],
        )],
    ),
    fixed(
        Key::Goals,
        "Goals",
        &["Objectives"],
        2,
        &[list(
            Slot::Goals,
            BlockKind::Ordered,
            "Goals",
            &["Goal {n}"],
            true,
        )],
    ),
    fixed(
        Key::NonGoals,
        "Non-Goals",
        &["Non Goals", "Out of Scope"],
        2,
        &[list(
            Slot::NonGoals,
            BlockKind::Ordered,
            "Non-goals",
            &["What we're NOT trying to solve", "Out of scope items"],
            false,
        )],
    ),
    SectionSpec {
        key: Key::ArchitectureDecision,
        title: "Architecture Decision",
        aliases: &[
            "Architecture Decisions",
            "Architecture Options",
            "Options",
            "Design Options",
            "Alternatives",
            "Options Considered",
        ],
        children: &[SectionSpec {
            key: Key::ArchOption,
            title: "Option",
            level: 3,
            heading: HeadingPattern::Option,
            blocks: OPTION_BLOCKS,
            ..SECTION
        }],
        ..SECTION
    },
    SectionSpec {
        key: Key::DetailedDesign,
        title: "Detailed Design",
        aliases: &["Design", "Technical Design"],
        children: &[
            fixed(
                Key::ComponentArchitecture,
                "Component Architecture",
                &["Components", "Architecture"],
                3,
                &[code(
                    Slot::ComponentDiagram,
                    "Component diagram",
                    "",
                    &["[Component Diagram or Description]"],
                )],
            ),
            fixed(
                Key::DataFlow,
                "Data Flow",
                &["Dataflow"],
                3,
                &[code(
                    Slot::DataFlow,
                    "Data flow",
                    "",
                    &["User → Component A → API → Service B → Database"],
                )],
            ),
            fixed(
                Key::FileStructure,
                "File Structure",
                &["Files", "Directory Structure"],
                3,
                &[code(Slot::FileTree, "File structure", "", &[FILE_TREE])],
            ),
            SectionSpec {
                key: Key::ApiChanges,
                title: "API Changes",
                aliases: &["API", "API Design"],
                level: 3,
                children: &[
                    fixed(
                        Key::NewEndpoints,
                        "New Endpoints",
                        &["New APIs"],
                        4,
                        &[code(
                            Slot::NewEndpoints,
                            "New endpoints",
                            "typescript",
                            &[NEW_ENDPOINTS],
                        )],
                    ),
                    fixed(
                        Key::ModifiedEndpoints,
                        "Modified Endpoints",
                        &["Changed Endpoints", "Modified APIs"],
                        4,
                        &[prose(
                            Slot::ModifiedEndpoints,
                            "Modified endpoints",
                            &["[List any changes to existing APIs]"],
                        )],
                    ),
                ],
                ..SECTION
            },
            fixed(
                Key::DatabaseChanges,
                "Database Changes",
                &["Database", "Schema Changes", "Data Model"],
                3,
                &[code(
                    Slot::DatabaseSql,
                    "Database changes",
                    "sql",
                    &[DATABASE_SQL],
                )],
            ),
            fixed(
                Key::StateManagement,
                "State Management",
                &["State"],
                3,
                &[prose(
                    Slot::StateManagement,
                    "State management",
                    &["[How will state be managed? Context? Zustand? Local state?]"],
                )],
            ),
        ],
        ..SECTION
    },
    SectionSpec {
        key: Key::ImplementationSteps,
        title: "Implementation Steps",
        aliases: &[
            "Implementation Plan",
            "Implementation",
            "Phases",
            "Milestones and Phases",
        ],
        children: &[SectionSpec {
            key: Key::Phase,
            title: "Phase",
            level: 3,
            heading: HeadingPattern::Phase,
            tight: true,
            blocks: &[list(
                Slot::PhaseSteps,
                BlockKind::Ordered,
                "Steps",
                &[],
                false,
            )],
            ..SECTION
        }],
        ..SECTION
    },
    SectionSpec {
        key: Key::Dependencies,
        title: "Dependencies",
        children: &[
            fixed(
                Key::ExternalLibraries,
                "External Libraries",
                &[
                    "External Dependencies",
                    "Libraries",
                    "Third-Party Libraries",
                ],
                3,
                &[BlockSpec {
                    slot: Slot::ExternalLibraries,
                    kind: BlockKind::Table,
                    name: "External libraries",
                    columns: &[
                        ColumnSpec {
                            name: "Library",
                            placeholders: &["Library A", "Library B", "Library {L}"],
                        },
                        ColumnSpec {
                            name: "Version",
                            placeholders: &["^1.0.0", "^2.0.0", "^{n}.0.0"],
                        },
                        ColumnSpec {
                            name: "Purpose",
                            placeholders: &["Purpose"],
                        },
                    ],
                    ..BLOCK
                }],
            ),
            fixed(
                Key::InternalDependencies,
                "Internal Dependencies",
                &["Internal"],
                3,
                &[list(
                    Slot::InternalDependencies,
                    BlockKind::Bullet,
                    "Internal dependencies",
                    &[
                        "Module X must be completed first",
                        "Service Y must be available",
                    ],
                    false,
                )],
            ),
            fixed(
                Key::EnvironmentVariables,
                "Environment Variables",
                &["Env Vars", "Configuration", "Environment"],
                3,
                &[code(
                    Slot::EnvVars,
                    "Environment variables",
                    "bash",
                    &["NEW_FEATURE_API_KEY=xxx\nNEW_FEATURE_ENABLED=true"],
                )],
            ),
        ],
        ..SECTION
    },
    SectionSpec {
        key: Key::TestingStrategy,
        title: "Testing Strategy",
        aliases: &["Testing", "Test Plan", "Tests"],
        blocks: &[TARGET_COVERAGE],
        children: &[
            SectionSpec {
                tight: true,
                ..fixed(
                    Key::UnitTests,
                    "Unit Tests",
                    &["Unit"],
                    3,
                    &[
                        list(
                            Slot::UnitTests,
                            BlockKind::Checklist,
                            "Unit tests",
                            &[],
                            false,
                        ),
                        TARGET_COVERAGE,
                    ],
                )
            },
            SectionSpec {
                tight: true,
                ..fixed(
                    Key::IntegrationTests,
                    "Integration Tests",
                    &["Integration"],
                    3,
                    &[
                        list(
                            Slot::IntegrationTests,
                            BlockKind::Checklist,
                            "Integration tests",
                            &[],
                            false,
                        ),
                        TARGET_COVERAGE,
                    ],
                )
            },
            SectionSpec {
                tight: true,
                ..fixed(
                    Key::E2eTests,
                    "E2E Tests",
                    &["End-to-End Tests", "End to End Tests", "E2E"],
                    3,
                    &[
                        list(
                            Slot::E2eTests,
                            BlockKind::Checklist,
                            "E2E tests",
                            &[],
                            false,
                        ),
                        TARGET_COVERAGE,
                    ],
                )
            },
        ],
        ..SECTION
    },
    fixed(
        Key::Monitoring,
        "Monitoring & Observability",
        &[
            "Monitoring",
            "Observability",
            "Monitoring and Observability",
            "Logging and Monitoring",
        ],
        2,
        &[list(
            Slot::Monitoring,
            BlockKind::Checklist,
            "Monitoring",
            &[],
            false,
        )],
    ),
    fixed(
        Key::Performance,
        "Performance Considerations",
        &["Performance", "Performance Requirements"],
        2,
        &[BlockSpec {
            slot: Slot::Performance,
            kind: BlockKind::FieldList,
            name: "Performance",
            fields: &[
                FieldSpec {
                    label: "Expected load",
                    aliases: &["Load", "Expected traffic"],
                    placeholders: &["X requests/sec"],
                },
                FieldSpec {
                    label: "Response time target",
                    aliases: &["Response time", "Latency target"],
                    placeholders: &["< Yms"],
                },
                FieldSpec {
                    label: "Database query optimization needed",
                    aliases: &[
                        "Database query optimisation needed",
                        "Query optimization needed",
                        "Query optimisation needed",
                        "Query optimization",
                    ],
                    placeholders: &["Yes/No"],
                },
                FieldSpec {
                    label: "Caching strategy",
                    aliases: &["Caching"],
                    placeholders: &["[describe]"],
                },
            ],
            ..BLOCK
        }],
    ),
    fixed(
        Key::Security,
        "Security Considerations",
        &["Security"],
        2,
        &[list(
            Slot::Security,
            BlockKind::Checklist,
            "Security",
            &[],
            false,
        )],
    ),
    fixed(
        Key::Accessibility,
        "Accessibility",
        &["A11y", "Accessibility Considerations"],
        2,
        &[list(
            Slot::Accessibility,
            BlockKind::Checklist,
            "Accessibility",
            &[],
            false,
        )],
    ),
    SectionSpec {
        key: Key::RolloutPlan,
        title: "Rollout Plan",
        aliases: &["Rollout", "Deployment Plan", "Release Plan"],
        children: &[
            SectionSpec {
                tight: true,
                ..fixed(
                    Key::Development,
                    "Development",
                    &["Dev"],
                    3,
                    &[list(
                        Slot::DevelopmentSteps,
                        BlockKind::Ordered,
                        "Development steps",
                        &["Feature flag: `feature_x_enabled = false`"],
                        false,
                    )],
                )
            },
            SectionSpec {
                tight: true,
                ..fixed(
                    Key::Staging,
                    "Staging",
                    &["Stage"],
                    3,
                    &[list(
                        Slot::StagingSteps,
                        BlockKind::Ordered,
                        "Staging steps",
                        &[],
                        false,
                    )],
                )
            },
            SectionSpec {
                tight: true,
                ..fixed(
                    Key::Production,
                    "Production",
                    &["Prod"],
                    3,
                    &[list(
                        Slot::ProductionSteps,
                        BlockKind::Ordered,
                        "Production steps",
                        &[],
                        false,
                    )],
                )
            },
        ],
        ..SECTION
    },
    fixed(
        Key::RollbackPlan,
        "Rollback Plan",
        &["Rollback"],
        2,
        &[
            BlockSpec {
                slot: Slot::RollbackSteps,
                kind: BlockKind::Ordered,
                name: "Rollback steps",
                label: Some("If things go wrong"),
                label_aliases: &["If something goes wrong", "Steps"],
                label_sep: "\n\n",
                ..BLOCK
            },
            BlockSpec {
                slot: Slot::RollbackScript,
                kind: BlockKind::Code,
                name: "Rollback script",
                label: Some("Rollback Script"),
                label_aliases: &["Rollback SQL", "Script"],
                lang: "sql",
                placeholders: &["-- Rollback commands here"],
                ..BLOCK
            },
        ],
    ),
    fixed(
        Key::SuccessMetrics,
        "Success Metrics",
        &["Metrics", "Success Criteria", "KPIs"],
        2,
        &[BlockSpec {
            slot: Slot::SuccessMetrics,
            kind: BlockKind::Table,
            name: "Success metrics",
            columns: &[
                ColumnSpec {
                    name: "Metric",
                    placeholders: &[],
                },
                ColumnSpec {
                    name: "Target",
                    placeholders: &["X%", "< Yms", "< Z%"],
                },
            ],
            ..BLOCK
        }],
    ),
    fixed(
        Key::Timeline,
        "Timeline",
        &["Schedule", "Milestones"],
        2,
        &[BlockSpec {
            slot: Slot::Timeline,
            kind: BlockKind::Table,
            name: "Timeline",
            columns: &[
                ColumnSpec {
                    name: "Milestone",
                    placeholders: &[],
                },
                ColumnSpec {
                    name: "Date",
                    placeholders: &["YYYY-MM-DD"],
                },
                ColumnSpec {
                    name: "Status",
                    placeholders: &[],
                },
            ],
            ..BLOCK
        }],
    ),
    fixed(
        Key::OpenQuestions,
        "Open Questions",
        &["Questions", "Unresolved Questions", "Open Issues"],
        2,
        &[list(
            Slot::OpenQuestions,
            BlockKind::NumberedChecklist,
            "Open questions",
            &["Question {n}?"],
            true,
        )],
    ),
    fixed(
        Key::References,
        "References",
        &["Links", "Resources", "See Also"],
        2,
        &[list(
            Slot::References,
            BlockKind::Bullet,
            "References",
            &[],
            false,
        )],
    ),
];

/// Every section and field spec by key and slot, built once: import, render and checks look
/// specs up for every block, so a tree search each time would sit on the keystroke path.
struct SpecIndex {
    sections: HashMap<Key, &'static SectionSpec>,
    blocks: HashMap<Slot, &'static BlockSpec>,
}

fn spec_index() -> &'static SpecIndex {
    static INDEX: OnceLock<SpecIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = SpecIndex {
            sections: HashMap::new(),
            blocks: HashMap::new(),
        };
        let mut stack: Vec<&'static SectionSpec> = vec![&TITLE];
        stack.extend(SECTIONS.iter().rev());
        while let Some(spec) = stack.pop() {
            index.sections.entry(spec.key).or_insert(spec);
            for block in spec.blocks {
                index.blocks.entry(block.slot).or_insert(block);
            }
            stack.extend(spec.children.iter().rev());
        }
        index
    })
}

impl Key {
    /// The spec of this section, `None` for custom sections.
    pub fn spec(self) -> Option<&'static SectionSpec> {
        spec_index().sections.get(&self).copied()
    }
}

impl Slot {
    /// The spec of this field, `None` for raw markdown.
    pub fn spec(self) -> Option<&'static BlockSpec> {
        spec_index().blocks.get(&self).copied()
    }

    /// The kind of block this field is; raw markdown counts as prose.
    pub fn kind(self) -> BlockKind {
        self.spec().map_or(BlockKind::Prose, |s| s.kind)
    }
}

/// Which header field a label names, if any.
pub fn meta_field_of(label: &str) -> Option<MetaField> {
    let spec = TITLE.blocks.first()?;
    let i = field_index(spec.fields, label)?;
    [MetaField::Spec, MetaField::Created, MetaField::Updated]
        .get(i)
        .copied()
}

/// The index of the known field a label names.
pub fn field_index(fields: &[FieldSpec], label: &str) -> Option<usize> {
    let n = normalize_title(label);
    fields.iter().position(|f| {
        normalize_title(f.label) == n || f.aliases.iter().any(|a| normalize_title(a) == n)
    })
}

/// Normalises a heading or label for loose comparison: drops leading numbering (`1.`, `2.3)`,
/// `IV.`), emoji and punctuation, reads `&` as `and`, ignores case and spacing.
pub fn normalize_title(text: &str) -> String {
    let t = strip_numbering(text.trim());
    let mut out = String::with_capacity(t.len());
    for ch in t.chars() {
        if ch == '&' {
            out.push_str("and");
        } else if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        }
    }
    out
}

/// Strips section numbering such as `1.`, `2.3`, `4)`, `IV.` or `A.` from the start of a heading.
fn strip_numbering(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
        i += 1;
    }
    if i > 0 {
        let mut j = i;
        if j < bytes.len() && bytes[j] == b')' {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b' ' || j < bytes.len() && bytes[j] == b':' {
            return text.get(j..).unwrap_or(text).trim_start_matches([' ', ':']);
        }
        if j == bytes.len() {
            return "";
        }
    }
    // Roman numerals or a single capital letter followed by `.` or `)` and a space.
    let word_end = bytes
        .iter()
        .position(|b| *b == b'.' || *b == b')')
        .unwrap_or(0);
    if word_end > 0
        && word_end <= 4
        && bytes[..word_end]
            .iter()
            .all(|b| matches!(b, b'I' | b'V' | b'X') || (word_end == 1 && b.is_ascii_uppercase()))
        && bytes.get(word_end + 1) == Some(&b' ')
    {
        return text.get(word_end + 2..).unwrap_or(text);
    }
    text
}

/// True when `text` is one of the placeholders (`{n}` matches any number, `{L}` any capital
/// letter; comparison ignores case and surrounding space).
pub fn is_placeholder(text: &str, placeholders: &[&str]) -> bool {
    let t = text.trim();
    !t.is_empty() && placeholders.iter().any(|p| pattern_matches(p, t))
}

/// The placeholder a labelled field shows in option or phase number `index` (0-based): the
/// template varies some by option (`X days`, `Y days`, `Z days`).
pub fn field_placeholder(field: &FieldSpec, index: usize) -> Option<String> {
    let concrete: Vec<&&str> = field
        .placeholders
        .iter()
        .filter(|p| !p.contains('{'))
        .collect();
    let p = concrete.get(index).or(concrete.first())?;
    Some(fill_pattern(p, index))
}

/// True when a multi-line text (code) equals one of the placeholders, ignoring trailing spaces.
pub fn is_placeholder_text(text: &str, placeholders: &[&str]) -> bool {
    fn norm(s: &str) -> String {
        s.lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }
    let t = norm(text);
    !t.is_empty() && placeholders.iter().any(|p| norm(p) == t)
}

/// The placeholder for position `index` (0-based) of a list, or `None` past the end of a
/// non-repeating list.
pub fn placeholder_at(placeholders: &[&str], index: usize, repeat: bool) -> Option<String> {
    let p = placeholders
        .get(index)
        .or_else(|| if repeat { placeholders.last() } else { None })?;
    Some(fill_pattern(p, index))
}

/// Substitutes `{n}` with `index + 1` and `{L}` with the letter of `index`.
pub fn fill_pattern(pattern: &str, index: usize) -> String {
    pattern
        .replace("{n}", &(index + 1).to_string())
        .replace("{L}", &letter(index))
}

/// `A`, `B`, … `Z`, `AA`, … for a 0-based index.
pub fn letter(index: usize) -> String {
    let mut n = index;
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.iter().rev().collect()
}

fn pattern_matches(pattern: &str, text: &str) -> bool {
    let mut p = pattern.trim();
    let mut t = text;
    loop {
        if let Some(rest) = p.strip_prefix("{n}") {
            let digits = t.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return false;
            }
            p = rest;
            t = t.get(digits..).unwrap_or("");
            continue;
        }
        if let Some(rest) = p.strip_prefix("{L}") {
            match t.chars().next() {
                Some(c) if c.is_ascii_uppercase() => {
                    p = rest;
                    t = t.get(1..).unwrap_or("");
                    continue;
                }
                _ => return false,
            }
        }
        match (p.chars().next(), t.chars().next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a.is_whitespace() && b.is_whitespace() => {
                p = p.trim_start();
                t = t.trim_start();
            }
            (Some(a), Some(b)) if a.to_lowercase().eq(b.to_lowercase()) => {
                p = p.get(a.len_utf8()..).unwrap_or("");
                t = t.get(b.len_utf8()..).unwrap_or("");
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_normalise_loosely() {
        assert_eq!(normalize_title("1. Goals"), "goals");
        assert_eq!(normalize_title("2.3) Non Goals"), "nongoals");
        assert_eq!(
            normalize_title("Monitoring & Observability"),
            "monitoringandobservability"
        );
        assert_eq!(normalize_title("🎯 GOALS:"), "goals");
        assert_eq!(normalize_title("IV. Timeline"), "timeline");
        assert_eq!(normalize_title("3D Rendering"), "3drendering");
    }

    #[test]
    fn placeholders_match_patterns() {
        assert!(is_placeholder("Goal 12", &["Goal {n}"]));
        assert!(is_placeholder(" goal  1 ", &["Goal {n}"]));
        assert!(!is_placeholder("Goal one", &["Goal {n}"]));
        assert!(is_placeholder("Q days", &["X days", "{L} days"]));
        assert!(!is_placeholder("", &["Goal {n}"]));
        assert_eq!(
            placeholder_at(&["Goal {n}"], 4, true).as_deref(),
            Some("Goal 5")
        );
        assert_eq!(placeholder_at(&["a", "b"], 2, false), None);
    }

    #[test]
    fn letters_count_like_spreadsheet_columns() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
    }

    #[test]
    fn every_slot_and_key_has_a_spec() {
        for &slot in Slot::ALL {
            match slot.spec() {
                Some(spec) => assert_eq!(spec.slot, slot),
                None => assert_eq!(slot, Slot::Raw, "{slot:?} has no spec"),
            }
        }
        assert!(Slot::Raw.spec().is_none());
        for &key in Key::ALL {
            match key.spec() {
                Some(spec) => assert_eq!(spec.key, key),
                None => assert_eq!(key, Key::Custom, "{key:?} has no spec"),
            }
        }
        assert!(Key::Custom.spec().is_none());
        assert_eq!(meta_field_of("last updated"), Some(MetaField::Updated));
    }
}
