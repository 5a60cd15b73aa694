// The shapes contribution summaries and exports are made of, independent of the store.
import type { NamingWish } from "./naming.ts";
import type { CAREER_STAGES, CREDIT_ROLES, DEGREES, KNOWLEDGE_FORMS, PARTNERSHIP_ROLES } from "../vocabulary.ts";

export type CreditRoleId = (typeof CREDIT_ROLES.ids)[number];
export type PartnershipRoleId = (typeof PARTNERSHIP_ROLES.ids)[number];
export type ContributionRoleId = CreditRoleId | PartnershipRoleId;
export type DegreeId = (typeof DEGREES.ids)[number];
export type KnowledgeFormId = (typeof KNOWLEDGE_FORMS.ids)[number];
export type CareerStageId = (typeof CAREER_STAGES.ids)[number];
export type ContributionStatus = "recorded" | "confirmed" | "disputed";

/** One contribution as people see it (and as every export row is made). */
export interface ContributionView {
  id: string;
  number: number;
  /** YYYY-MM-DD */
  startedOn: string;
  endedOn: string | null;
  /** former: a member who erased their data (id and name empty); worded "a former member" where shown. */
  /**
   * name is as the person wishes to be named (credit/naming.ts); given, family and orcid likewise (null
   * when unknown or withheld). offChat: a person with no chat account (added with `person add`).
   */
  contributor: {
    kind: "person" | "institution";
    id: string;
    name: string;
    former?: boolean;
    offChat?: boolean;
    given?: string | null;
    family?: string | null;
    orcid?: string | null;
    naming?: NamingWish;
  };
  /** The institution the credit counts for (the institution itself, or the person's affiliation then). */
  affiliation: { id: string; name: string; country: string | null; rorId: string | null } | null;
  careerStage: CareerStageId | null;
  roles: ContributionRoleId[];
  degree: DegreeId;
  knowledgeForms: KnowledgeFormId[];
  status: ContributionStatus;
  statusComment: string | null;
  description: string;
  link: string | null;
  recordedBy: string | null;
  recordedById?: string | null;
  /** ISO 8601 */
  recordedAt: string;
}

export type GroupBy = "person" | "institution" | "role" | "knowledge";

export interface StatusCounts {
  total: number;
  recorded: number;
  confirmed: number;
  disputed: number;
}

export interface SummaryGroup {
  key: string;
  label: string;
  contributions: StatusCounts;
  /** Contributions in this group at degree "lead". */
  leadRoles: number;
  acknowledgements: number;
  /** For people: the forms of acknowledgement they value, most valued first, with their note. */
  preferences?: { forms: string[]; note: string | null };
}

export interface EquityRow {
  dimension: "institution" | "career stage";
  label: string;
  /** The institution's id or the career stage's id; null for "no institution" / "no career stage". */
  key?: string | null;
  contributions: number;
  contributionShare: number;
  acknowledgements: number;
  acknowledgementShare: number;
  leadRoles: number;
  leadShare: number;
  /** Its share of acknowledgements is less than half its share of contributions. */
  underAcknowledged: boolean;
}

export interface Period {
  /** Inclusive, YYYY-MM-DD; null = open. */
  from: string | null;
  /** Inclusive, YYYY-MM-DD; null = open. */
  to: string | null;
}

export interface ProjectSummary {
  project: { name: string; slug: string };
  period: Period;
  by: GroupBy;
  totals: StatusCounts & { acknowledgements: number; leadRoles: number };
  groups: SummaryGroup[];
  equity: EquityRow[];
  /** ISO 8601 */
  generatedAt: string;
}

/** A file for the user: written to disk by the shell, uploaded by Slack and Discord. Streams. */
export interface ExportFile {
  filename: string;
  mediaType: string;
  chunks(): AsyncIterable<string>;
}

/**
 * Every contribution of the summary's project and period, in number order, a page at a time:
 * exports handle a million rows, and a page per step keeps the per-row cost to plain loops.
 */
export type ContributionSource = () => AsyncIterable<readonly ContributionView[]>;
