// Mutual's domain vocabulary (DESIGN.md), as ids (snake_case, stored upper-cased by the store) with
// their English labels: stable in machine-readable exports (CSV, JSON, JATS) and accepted when typed.
// People read each term in their language: the catalogue's "vocab.<name>.<id>" (see `messages`).
import type { MessageId } from "./i18n/index.ts";

const vocabulary = <const N extends string, const T extends Record<string, string>>(name: N, labels: T) => ({
  labels,
  ids: Object.keys(labels) as Array<keyof T & string>,
  /** id → catalogue id of its label: what choices and lists show, in the reader's language. */
  messages: Object.fromEntries(Object.keys(labels).map((id) => [id, `vocab.${name}.${id}`])) as unknown as Record<keyof T & string, MessageId>,
});

export const PROJECT_ROLES = vocabulary("projectRole", { lead: "lead", mentor: "mentor", member: "member" });
export type ProjectRole = (typeof PROJECT_ROLES.ids)[number];

export const CAREER_STAGES = vocabulary("careerStage", {
  student: "student",
  phd_candidate: "PhD candidate",
  postdoc: "postdoc",
  early_career: "early-career",
  established: "established researcher",
  non_academic_partner: "non-academic partner",
});
export type CareerStage = (typeof CAREER_STAGES.ids)[number];

export const INSTITUTION_KINDS = vocabulary("institutionKind", {
  university: "university",
  research_institute: "research institute",
  ngo: "NGO",
  community_organisation: "community organisation",
  government: "government",
  company: "company",
  other: "other",
});
export type InstitutionKind = (typeof INSTITUTION_KINDS.ids)[number];

/** CRediT (ANSI/NISO Z39.104-2022); slug gives https://credit.niso.org/contributor-roles/<slug>/ */
export const CREDIT_ROLES = vocabulary("role", {
  conceptualization: "Conceptualization",
  data_curation: "Data curation",
  formal_analysis: "Formal analysis",
  funding_acquisition: "Funding acquisition",
  investigation: "Investigation",
  methodology: "Methodology",
  project_administration: "Project administration",
  resources: "Resources",
  software: "Software",
  supervision: "Supervision",
  validation: "Validation",
  visualization: "Visualization",
  writing_original_draft: "Writing – original draft",
  writing_review_editing: "Writing – review & editing",
});
export const creditRoleUri = (id: (typeof CREDIT_ROLES.ids)[number]): string =>
  `https://credit.niso.org/contributor-roles/${id === "writing_review_editing" ? "writing-review-editing" : id.replace(/_/g, "-")}/`;

/** Roles research partnerships credit beyond CRediT. */
export const PARTNERSHIP_ROLES = vocabulary("role", {
  translation_interpretation: "Translation / interpretation",
  community_liaison: "Community liaison",
  field_logistics: "Field logistics",
  mentoring: "Mentoring",
  teaching_training: "Teaching / training",
  science_policy_translation: "Science–policy translation",
  field_data_collection: "Data collection in the field",
});

export const DEGREES = vocabulary("degree", { lead: "lead", equal: "equal", supporting: "supporting" });

export const KNOWLEDGE_FORMS = vocabulary("knowledge", {
  disciplinary: "disciplinary (academic)",
  non_academic_expertise: "non-academic expertise",
  practical_action: "practical action",
  lived_experience: "lived experience",
  indigenous_local: "Indigenous / local knowledge",
});

export const ACKNOWLEDGEMENT_FORMS = vocabulary("acknowledgement", {
  authorship: "authorship",
  named_acknowledgement: "named acknowledgement",
  presenting_findings: "presenting findings",
  dataset_credit: "data / dataset credit",
  institutional_credit: "institutional credit",
  leadership_role: "leadership role",
  career_step: "degree or career step",
  co_design: "co-design of outputs",
  team_recognition: "public recognition in the team",
});

export const CAPACITY_CATEGORIES = vocabulary("capacity", {
  academic: "academic skills",
  intercultural: "intercultural skills",
  translational: "translational skills",
  institutional: "institutional capacity",
});
export type CapacityCategory = (typeof CAPACITY_CATEGORIES.ids)[number];

export const CHECKIN_TOPICS = vocabulary("checkinTopic", {
  research_skills: "research skills",
  writing: "writing",
  methods: "methods",
  career: "career",
  intercultural: "intercultural",
  language: "language",
  wellbeing: "wellbeing",
  other: "other",
});
export type CheckInTopic = (typeof CHECKIN_TOPICS.ids)[number];

/** Contribution statuses as people read them: "recorded" means nobody has confirmed it yet. */
export const CONTRIBUTION_STATUSES = vocabulary("status", { recorded: "unconfirmed", confirmed: "confirmed", disputed: "disputed" });

/** Who may see a reflection answer. */
export const VISIBILITIES = vocabulary("visibility", { private: "only you", project: "shared with the project, with your name", anonymous: "counted anonymously, never shown" });

/** A need's priority: 1 high, 2 medium, 3 low. */
export const PRIORITIES = vocabulary("priority", { 1: "high", 2: "medium", 3: "low" });
