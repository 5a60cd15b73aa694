// Mutual's domain vocabulary (DESIGN.md), as ids (snake_case, stored upper-cased by the store)
// with the exact labels users see.

const vocabulary = <const T extends Record<string, string>>(labels: T) => ({
  labels,
  ids: Object.keys(labels) as Array<keyof T & string>,
});

export const PROJECT_ROLES = vocabulary({ lead: "lead", mentor: "mentor", member: "member" });
export type ProjectRole = (typeof PROJECT_ROLES.ids)[number];

export const CAREER_STAGES = vocabulary({
  student: "student",
  phd_candidate: "PhD candidate",
  postdoc: "postdoc",
  early_career: "early-career",
  established: "established researcher",
  non_academic_partner: "non-academic partner",
});
export type CareerStage = (typeof CAREER_STAGES.ids)[number];

export const INSTITUTION_KINDS = vocabulary({
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
export const CREDIT_ROLES = vocabulary({
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
export const PARTNERSHIP_ROLES = vocabulary({
  translation_interpretation: "Translation / interpretation",
  community_liaison: "Community liaison",
  field_logistics: "Field logistics",
  mentoring: "Mentoring",
  teaching_training: "Teaching / training",
  science_policy_translation: "Science–policy translation",
  field_data_collection: "Data collection in the field",
});

export const DEGREES = vocabulary({ lead: "lead", equal: "equal", supporting: "supporting" });

export const KNOWLEDGE_FORMS = vocabulary({
  disciplinary: "disciplinary (academic)",
  non_academic_expertise: "non-academic expertise",
  practical_action: "practical action",
  lived_experience: "lived experience",
  indigenous_local: "Indigenous / local knowledge",
});

export const ACKNOWLEDGEMENT_FORMS = vocabulary({
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

export const CAPACITY_CATEGORIES = vocabulary({
  academic: "academic skills",
  intercultural: "intercultural skills",
  translational: "translational skills",
  institutional: "institutional capacity",
});
export type CapacityCategory = (typeof CAPACITY_CATEGORIES.ids)[number];

export const CHECKIN_TOPICS = vocabulary({
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
