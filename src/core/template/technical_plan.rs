//! The Technical Plan as it was described in Rust before it was read from its annotated
//! markdown (`templates/technical-plan.md`): kept, for tests only, as the oracle the compiled
//! template must match (see `compiled_template_matches_the_seed` at the end).

use std::sync::Arc;

use super::{
    BlockKind, BlockSpec, ColumnKind, ColumnSpec, FieldKind, FieldSpec, HeadingPattern,
    RepeatShape, Rule, SectionSpec, Template, TitleShape, normalize_title, slug,
};

/// How a seed section's heading is written.
#[derive(Clone, Copy)]
enum SeedHeading {
    Fixed,
    Title,
    Option,
    Phase,
}

struct SeedSection {
    title: &'static str,
    aliases: &'static [&'static str],
    level: u8,
    heading: SeedHeading,
    tight: bool,
    blocks: &'static [SeedBlock],
    children: &'static [SeedSection],
}

struct SeedBlock {
    kind: BlockKind,
    name: &'static str,
    label: Option<&'static str>,
    label_aliases: &'static [&'static str],
    label_sep: &'static str,
    placeholders: &'static [&'static str],
    repeat: bool,
    columns: &'static [SeedColumn],
    fields: &'static [SeedField],
    lang: &'static str,
    rule: Option<Rule>,
    required: bool,
    chosen_only: bool,
}

struct SeedColumn {
    name: &'static str,
    placeholders: &'static [&'static str],
}

struct SeedField {
    label: &'static str,
    aliases: &'static [&'static str],
    placeholders: &'static [&'static str],
    kind: FieldKind,
}

/// The Technical Plan template.
pub(super) fn template() -> Template {
    let title = section(&TITLE, "");
    let sections = SECTIONS.iter().map(|s| section(s, "")).collect();
    Template::new(
        "technical-plan",
        "Technical Plan",
        super::strip_annotations(super::TECHNICAL_PLAN_SOURCE),
        Some(title),
        sections,
    )
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_string()).collect()
}

fn section(seed: &SeedSection, parent: &str) -> Arc<SectionSpec> {
    let own = match seed.heading {
        SeedHeading::Title => "title".to_string(),
        _ => slug(seed.title),
    };
    let id = if parent.is_empty() {
        own
    } else {
        format!("{parent}/{own}")
    };
    let heading = match seed.heading {
        SeedHeading::Fixed => HeadingPattern::Fixed,
        SeedHeading::Title => HeadingPattern::Title(TitleShape {
            prefix: seed.title.to_string(),
            placeholder: "[Feature Name]".to_string(),
        }),
        SeedHeading::Option => HeadingPattern::Repeated(RepeatShape {
            words: strings(&["Option", "Alternative", "Approach"]),
            noun: "option".to_string(),
            letters: true,
            placeholders: vec!["[Approach {n}]".to_string()],
            sep: ": ".to_string(),
            bare: false,
            suffix: false,
            pick_one: true,
        }),
        SeedHeading::Phase => HeadingPattern::Repeated(RepeatShape {
            words: strings(&[
                "Phase",
                "Stage",
                "Step",
                "Milestone",
                "Sprint",
                "Iteration",
                "Week",
            ]),
            noun: "phase".to_string(),
            letters: false,
            placeholders: Vec::new(),
            sep: ": ".to_string(),
            bare: false,
            suffix: true,
            pick_one: false,
        }),
    };
    let names = std::iter::once(seed.title)
        .chain(seed.aliases.iter().copied())
        .map(normalize_title)
        .collect();
    let blocks = seed
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| block(b, &format!("{id}#{i}")))
        .collect();
    let children = seed.children.iter().map(|c| section(c, &id)).collect();
    Arc::new(SectionSpec {
        id,
        title: seed.title.to_string(),
        aliases: strings(seed.aliases),
        names,
        level: seed.level,
        heading,
        tight: seed.tight,
        blocks,
        children,
    })
}

fn block(seed: &SeedBlock, id: &str) -> Arc<BlockSpec> {
    Arc::new(BlockSpec {
        id: id.to_string(),
        kind: seed.kind,
        name: seed.name.to_string(),
        label: seed.label.map(str::to_string),
        label_aliases: strings(seed.label_aliases),
        label_sep: seed.label_sep,
        colon_outside: false,
        bullet: '-',
        placeholders: strings(seed.placeholders),
        repeat: seed.repeat,
        delimiter: None,
        columns: seed
            .columns
            .iter()
            .map(|c| ColumnSpec {
                name: c.name.to_string(),
                placeholders: strings(c.placeholders),
                kind: if c.placeholders.contains(&super::DATE_PLACEHOLDER) {
                    ColumnKind::Date
                } else if c.name == "Status" {
                    ColumnKind::Status(strings(&["✅", "🔄", "⏳"]))
                } else {
                    ColumnKind::Text
                },
            })
            .collect(),
        fields: seed
            .fields
            .iter()
            .map(|f| FieldSpec {
                label: f.label.to_string(),
                aliases: strings(f.aliases),
                placeholders: strings(f.placeholders),
                kind: f.kind,
            })
            .collect(),
        lang: seed.lang.to_string(),
        rule: seed.rule,
        required: seed.required,
        chosen_only: seed.chosen_only,
    })
}

const BLOCK: SeedBlock = SeedBlock {
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
    rule: None,
    required: false,
    chosen_only: false,
};

const SECTION: SeedSection = SeedSection {
    title: "",
    aliases: &[],
    level: 2,
    heading: SeedHeading::Fixed,
    tight: false,
    blocks: &[],
    children: &[],
};

/// The title section: `# Technical Plan: [Feature Name]` and its header fields.
static TITLE: SeedSection = SeedSection {
    title: "Technical Plan",
    level: 1,
    heading: SeedHeading::Title,
    blocks: &[SeedBlock {
        kind: BlockKind::FieldLines,
        name: "Header",
        fields: &[
            SeedField {
                label: "Spec",
                aliases: &["Spec ID", "Spec Id", "Specification", "ID"],
                placeholders: &["SPEC-XXX"],
                kind: FieldKind::Text,
            },
            SeedField {
                label: "Created",
                aliases: &["Date Created", "Created On"],
                placeholders: &["YYYY-MM-DD"],
                kind: FieldKind::Date,
            },
            SeedField {
                label: "Last Updated",
                aliases: &["Updated", "Last Modified", "Modified"],
                placeholders: &["YYYY-MM-DD"],
                kind: FieldKind::Date,
            },
        ],
        ..BLOCK
    }],
    ..SECTION
};

const OPTION_BLOCKS: &[SeedBlock] = &[
    SeedBlock {
        kind: BlockKind::Prose,
        name: "Description",
        label: Some("Description"),
        label_aliases: &["Summary", "Overview"],
        placeholders: &["[How this would work]"],
        ..BLOCK
    },
    SeedBlock {
        kind: BlockKind::Bullet,
        name: "Pros",
        label: Some("Pros"),
        label_aliases: &["Pro", "Advantages", "Benefits"],
        placeholders: &["Pro {n}"],
        repeat: true,
        required: true,
        ..BLOCK
    },
    SeedBlock {
        kind: BlockKind::Bullet,
        name: "Cons",
        label: Some("Cons"),
        label_aliases: &["Con", "Disadvantages", "Drawbacks"],
        placeholders: &["Con {n}"],
        repeat: true,
        required: true,
        ..BLOCK
    },
    SeedBlock {
        kind: BlockKind::FieldLines,
        name: "Estimated Effort",
        required: true,
        fields: &[SeedField {
            label: "Estimated Effort",
            aliases: &["Effort", "Estimate", "Effort Estimate"],
            placeholders: &["X days", "Y days", "Z days", "{L} days"],
            kind: FieldKind::Text,
        }],
        ..BLOCK
    },
    SeedBlock {
        kind: BlockKind::Prose,
        name: "Decision Rationale",
        label: Some("Decision Rationale"),
        label_aliases: &["Rationale", "Why"],
        placeholders: &["[Why we chose this option]"],
        chosen_only: true,
        ..BLOCK
    },
];

const fn code(name: &'static str, lang: &'static str, ph: &'static [&'static str]) -> SeedBlock {
    SeedBlock {
        kind: BlockKind::Code,
        name,
        lang,
        placeholders: ph,
        ..BLOCK
    }
}

const fn prose(name: &'static str, ph: &'static [&'static str]) -> SeedBlock {
    SeedBlock {
        kind: BlockKind::Prose,
        name,
        placeholders: ph,
        ..BLOCK
    }
}

const fn list(
    kind: BlockKind,
    name: &'static str,
    ph: &'static [&'static str],
    repeat: bool,
) -> SeedBlock {
    SeedBlock {
        kind,
        name,
        placeholders: ph,
        repeat,
        ..BLOCK
    }
}

const fn fixed(
    title: &'static str,
    aliases: &'static [&'static str],
    level: u8,
    blocks: &'static [SeedBlock],
) -> SeedSection {
    SeedSection {
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

const TARGET_COVERAGE: SeedBlock = SeedBlock {
    kind: BlockKind::FieldLines,
    name: "Target Coverage",
    fields: &[SeedField {
        label: "Target Coverage",
        aliases: &["Coverage Target", "Coverage", "Test Coverage"],
        placeholders: &[],
        kind: FieldKind::Percent,
    }],
    ..BLOCK
};

/// The sections of the template after the title, in order.
static SECTIONS: &[SeedSection] = &[
    fixed(
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
            "Problem statement",
            &["[What problem are we solving? Why now?]"],
        )],
    ),
    fixed(
        "Goals",
        &["Objectives"],
        2,
        &[list(BlockKind::Ordered, "Goals", &["Goal {n}"], true)],
    ),
    fixed(
        "Non-Goals",
        &["Non Goals", "Out of Scope"],
        2,
        &[list(
            BlockKind::Ordered,
            "Non-goals",
            &["What we're NOT trying to solve", "Out of scope items"],
            false,
        )],
    ),
    SeedSection {
        title: "Architecture Decision",
        aliases: &[
            "Architecture Decisions",
            "Architecture Options",
            "Options",
            "Design Options",
            "Alternatives",
            "Options Considered",
        ],
        children: &[SeedSection {
            title: "Option",
            level: 3,
            heading: SeedHeading::Option,
            blocks: OPTION_BLOCKS,
            ..SECTION
        }],
        ..SECTION
    },
    SeedSection {
        title: "Detailed Design",
        aliases: &["Design", "Technical Design"],
        children: &[
            fixed(
                "Component Architecture",
                &["Components", "Architecture"],
                3,
                &[code(
                    "Component diagram",
                    "",
                    &["[Component Diagram or Description]"],
                )],
            ),
            fixed(
                "Data Flow",
                &["Dataflow"],
                3,
                &[code(
                    "Data flow",
                    "",
                    &["User → Component A → API → Service B → Database"],
                )],
            ),
            fixed(
                "File Structure",
                &["Files", "Directory Structure"],
                3,
                &[code("File structure", "", &[FILE_TREE])],
            ),
            SeedSection {
                title: "API Changes",
                aliases: &["API", "API Design"],
                level: 3,
                children: &[
                    fixed(
                        "New Endpoints",
                        &["New APIs"],
                        4,
                        &[code("New endpoints", "typescript", &[NEW_ENDPOINTS])],
                    ),
                    fixed(
                        "Modified Endpoints",
                        &["Changed Endpoints", "Modified APIs"],
                        4,
                        &[prose(
                            "Modified endpoints",
                            &["[List any changes to existing APIs]"],
                        )],
                    ),
                ],
                ..SECTION
            },
            fixed(
                "Database Changes",
                &["Database", "Schema Changes", "Data Model"],
                3,
                &[code("Database changes", "sql", &[DATABASE_SQL])],
            ),
            fixed(
                "State Management",
                &["State"],
                3,
                &[prose(
                    "State management",
                    &["[How will state be managed? Context? Zustand? Local state?]"],
                )],
            ),
        ],
        ..SECTION
    },
    SeedSection {
        title: "Implementation Steps",
        aliases: &[
            "Implementation Plan",
            "Implementation",
            "Phases",
            "Milestones and Phases",
        ],
        children: &[SeedSection {
            title: "Phase",
            level: 3,
            heading: SeedHeading::Phase,
            tight: true,
            blocks: &[list(BlockKind::Ordered, "Steps", &[], false)],
            ..SECTION
        }],
        ..SECTION
    },
    SeedSection {
        title: "Dependencies",
        children: &[
            fixed(
                "External Libraries",
                &[
                    "External Dependencies",
                    "Libraries",
                    "Third-Party Libraries",
                ],
                3,
                &[SeedBlock {
                    kind: BlockKind::Table,
                    name: "External libraries",
                    columns: &[
                        SeedColumn {
                            name: "Library",
                            placeholders: &["Library A", "Library B", "Library {L}"],
                        },
                        SeedColumn {
                            name: "Version",
                            placeholders: &["^1.0.0", "^2.0.0", "^{n}.0.0"],
                        },
                        SeedColumn {
                            name: "Purpose",
                            placeholders: &["Purpose"],
                        },
                    ],
                    ..BLOCK
                }],
            ),
            fixed(
                "Internal Dependencies",
                &["Internal"],
                3,
                &[list(
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
                "Environment Variables",
                &["Env Vars", "Configuration", "Environment"],
                3,
                &[code(
                    "Environment variables",
                    "bash",
                    &["NEW_FEATURE_API_KEY=xxx\nNEW_FEATURE_ENABLED=true"],
                )],
            ),
        ],
        ..SECTION
    },
    SeedSection {
        title: "Testing Strategy",
        aliases: &["Testing", "Test Plan", "Tests"],
        blocks: &[TARGET_COVERAGE],
        children: &[
            SeedSection {
                tight: true,
                ..fixed(
                    "Unit Tests",
                    &["Unit"],
                    3,
                    &[
                        list(BlockKind::Checklist, "Unit tests", &[], false),
                        TARGET_COVERAGE,
                    ],
                )
            },
            SeedSection {
                tight: true,
                ..fixed(
                    "Integration Tests",
                    &["Integration"],
                    3,
                    &[
                        list(BlockKind::Checklist, "Integration tests", &[], false),
                        TARGET_COVERAGE,
                    ],
                )
            },
            SeedSection {
                tight: true,
                ..fixed(
                    "E2E Tests",
                    &["End-to-End Tests", "End to End Tests", "E2E"],
                    3,
                    &[
                        list(BlockKind::Checklist, "E2E tests", &[], false),
                        TARGET_COVERAGE,
                    ],
                )
            },
        ],
        ..SECTION
    },
    fixed(
        "Monitoring & Observability",
        &[
            "Monitoring",
            "Observability",
            "Monitoring and Observability",
            "Logging and Monitoring",
        ],
        2,
        &[list(BlockKind::Checklist, "Monitoring", &[], false)],
    ),
    fixed(
        "Performance Considerations",
        &["Performance", "Performance Requirements"],
        2,
        &[SeedBlock {
            kind: BlockKind::FieldList,
            name: "Performance",
            fields: &[
                SeedField {
                    label: "Expected load",
                    aliases: &["Load", "Expected traffic"],
                    placeholders: &["X requests/sec"],
                    kind: FieldKind::Text,
                },
                SeedField {
                    label: "Response time target",
                    aliases: &["Response time", "Latency target"],
                    placeholders: &["< Yms"],
                    kind: FieldKind::Text,
                },
                SeedField {
                    label: "Database query optimization needed",
                    aliases: &[
                        "Database query optimisation needed",
                        "Query optimization needed",
                        "Query optimisation needed",
                        "Query optimization",
                    ],
                    placeholders: &["Yes/No"],
                    kind: FieldKind::Text,
                },
                SeedField {
                    label: "Caching strategy",
                    aliases: &["Caching"],
                    placeholders: &["[describe]"],
                    kind: FieldKind::Text,
                },
            ],
            ..BLOCK
        }],
    ),
    fixed(
        "Security Considerations",
        &["Security"],
        2,
        &[SeedBlock {
            rule: Some(Rule::Ticked),
            ..list(BlockKind::Checklist, "Security", &[], false)
        }],
    ),
    fixed(
        "Accessibility",
        &["A11y", "Accessibility Considerations"],
        2,
        &[list(BlockKind::Checklist, "Accessibility", &[], false)],
    ),
    SeedSection {
        title: "Rollout Plan",
        aliases: &["Rollout", "Deployment Plan", "Release Plan"],
        children: &[
            SeedSection {
                tight: true,
                ..fixed(
                    "Development",
                    &["Dev"],
                    3,
                    &[list(
                        BlockKind::Ordered,
                        "Development steps",
                        &["Feature flag: `feature_x_enabled = false`"],
                        false,
                    )],
                )
            },
            SeedSection {
                tight: true,
                ..fixed(
                    "Staging",
                    &["Stage"],
                    3,
                    &[list(BlockKind::Ordered, "Staging steps", &[], false)],
                )
            },
            SeedSection {
                tight: true,
                ..fixed(
                    "Production",
                    &["Prod"],
                    3,
                    &[list(BlockKind::Ordered, "Production steps", &[], false)],
                )
            },
        ],
        ..SECTION
    },
    fixed(
        "Rollback Plan",
        &["Rollback"],
        2,
        &[
            SeedBlock {
                kind: BlockKind::Ordered,
                name: "Rollback steps",
                label: Some("If things go wrong"),
                label_aliases: &["If something goes wrong", "Steps"],
                label_sep: "\n\n",
                ..BLOCK
            },
            SeedBlock {
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
        "Success Metrics",
        &["Metrics", "Success Criteria", "KPIs"],
        2,
        &[SeedBlock {
            kind: BlockKind::Table,
            name: "Success metrics",
            columns: &[
                SeedColumn {
                    name: "Metric",
                    placeholders: &[],
                },
                SeedColumn {
                    name: "Target",
                    placeholders: &["X%", "< Yms", "< Z%"],
                },
            ],
            ..BLOCK
        }],
    ),
    fixed(
        "Timeline",
        &["Schedule", "Milestones"],
        2,
        &[SeedBlock {
            kind: BlockKind::Table,
            name: "Timeline",
            columns: &[
                SeedColumn {
                    name: "Milestone",
                    placeholders: &[],
                },
                SeedColumn {
                    name: "Date",
                    placeholders: &["YYYY-MM-DD"],
                },
                SeedColumn {
                    name: "Status",
                    placeholders: &[],
                },
            ],
            ..BLOCK
        }],
    ),
    fixed(
        "Open Questions",
        &["Questions", "Unresolved Questions", "Open Issues"],
        2,
        &[SeedBlock {
            rule: Some(Rule::Answered),
            ..list(
                BlockKind::NumberedChecklist,
                "Open questions",
                &["Question {n}?"],
                true,
            )
        }],
    ),
    fixed(
        "References",
        &["Links", "Resources", "See Also"],
        2,
        &[list(BlockKind::Bullet, "References", &[], false)],
    ),
];

#[cfg(test)]
mod oracle {
    use super::super::{SectionSpec, is_placeholder, technical_plan};
    use std::sync::Arc;

    /// Where the markdown cannot say what the seed said, on purpose: Target Coverage read in
    /// three more places than the template writes it, and the first Development step as a prompt.
    const MISSING_BLOCKS: [&str; 3] = [
        "testing-strategy#0",
        "testing-strategy/unit-tests#1",
        "testing-strategy/integration-tests#1",
    ];

    fn walk(sections: &[Arc<SectionSpec>], out: &mut Vec<Arc<SectionSpec>>) {
        for s in sections {
            out.push(s.clone());
            walk(&s.children, out);
        }
    }

    #[test]
    fn compiled_template_matches_the_seed() {
        let seed = super::template();
        let compiled = technical_plan();
        assert_eq!(compiled.id, "technical-plan");
        assert_eq!(compiled.name, "Technical Plan");
        assert_eq!(compiled.markdown, seed.markdown);
        let mut sections = Vec::new();
        walk(
            &seed
                .title
                .iter()
                .chain(&seed.sections)
                .cloned()
                .collect::<Vec<_>>(),
            &mut sections,
        );
        for s in sections {
            let c = compiled
                .section(&s.id)
                .unwrap_or_else(|| panic!("no section {}", s.id));
            assert_eq!(
                (&c.title, &c.aliases, c.level, &c.heading, c.tight),
                (&s.title, &s.aliases, s.level, &s.heading, s.tight),
                "{}",
                s.id
            );
            for b in &s.blocks {
                if MISSING_BLOCKS.contains(&b.id.as_str()) {
                    assert!(compiled.block(&b.id).is_none());
                    continue;
                }
                let k = compiled
                    .block(&b.id)
                    .unwrap_or_else(|| panic!("no block {}", b.id));
                assert_eq!(
                    (
                        k.kind,
                        &k.name,
                        &k.label,
                        &k.label_aliases,
                        k.label_sep,
                        &k.lang,
                        k.rule,
                        k.required,
                        k.chosen_only,
                    ),
                    (
                        b.kind,
                        &b.name,
                        &b.label,
                        &b.label_aliases,
                        b.label_sep,
                        &b.lang,
                        b.rule,
                        b.required,
                        b.chosen_only,
                    ),
                    "{}",
                    b.id
                );
                // Every prompt the seed knew is one the template knows (the Development list's
                // first step is the one default the markdown keeps as content).
                for p in &b.placeholders {
                    if b.id != "rollout-plan/development#0" {
                        assert!(
                            is_placeholder(&p.replace("{n}", "1"), &k.placeholders),
                            "{}: {p}",
                            b.id
                        );
                    }
                }
                assert_eq!(k.columns.len(), b.columns.len(), "{}", b.id);
                for (kc, bc) in k.columns.iter().zip(&b.columns) {
                    assert_eq!((&kc.name, &kc.kind), (&bc.name, &bc.kind), "{}", b.id);
                    for p in &bc.placeholders {
                        let p = p.replace("{n}", "3").replace("{L}", "C");
                        assert!(is_placeholder(&p, &kc.placeholders), "{}: {p}", b.id);
                    }
                }
                assert_eq!(k.fields.len(), b.fields.len(), "{}", b.id);
                for (kf, bf) in k.fields.iter().zip(&b.fields) {
                    assert_eq!(
                        (&kf.label, &kf.aliases, kf.kind),
                        (&bf.label, &bf.aliases, bf.kind),
                        "{}",
                        b.id
                    );
                    for p in &bf.placeholders {
                        let p = p.replace("{L}", "Q");
                        assert!(is_placeholder(&p, &kf.placeholders), "{}: {p}", b.id);
                    }
                }
            }
        }
    }
}
