// What leads see of capacity needs: counts by category, and by group of institution × career
// stage, never names. A group of fewer than MIN_GROUP people would let a lead guess who stated
// what, so small groups are merged: first the career stages within an institution, then whatever
// is still small into one "other members" group, which takes in the smallest remaining group until
// it too has MIN_GROUP people. Below MIN_GROUP respondents in all, only that number is shown.
import type { ExportFile } from "../credit/model.ts";
import { csvRow, markdownText } from "../credit/exports.ts";
import type { Translator } from "../i18n/index.ts";
import type { CapacityProfile, Priority } from "../ports.ts";
import { CAPACITY_CATEGORIES, CAREER_STAGES, type CapacityCategory, type CareerStage } from "../vocabulary.ts";

export const MIN_GROUP = 3;
export const PRIORITY_LABELS: Record<Priority, string> = { 1: "high", 2: "medium", 3: "low" };

export interface CategoryCount {
  category: CapacityCategory;
  /** People with at least one open need in the category. */
  people: number;
  byPriority: Record<Priority, number>;
}

/** What a group is, for wording its label in another language: an institution × career stage, or the merged rest. */
export type GroupParts =
  | { kind: "other-members" }
  | { kind: "group"; institution: string | null; stage: CareerStage | null | "other-stages" | "several-stages" };

export interface NeedsGroup {
  label: string;
  parts: GroupParts;
  people: number;
  categories: CategoryCount[];
}

export interface NeedsAggregate {
  members: number;
  respondents: number;
  /** Empty when there are fewer than MIN_GROUP respondents. */
  categories: CategoryCount[];
  groups: NeedsGroup[];
  /** Stated needs by category, without names, only for categories stated by MIN_GROUP people or more. */
  statements: Array<{ category: CapacityCategory; items: Array<{ text: string; count: number }> }>;
  suppressed: boolean;
}

const NO_INSTITUTION = "no institution given";
const NO_STAGE = "career stage not given";
export const OTHER_MEMBERS = "other members (small groups merged)";

function countCategories(people: readonly CapacityProfile[]): CategoryCount[] {
  return CAPACITY_CATEGORIES.ids.map((category) => {
    const byPriority: Record<Priority, number> = { 1: 0, 2: 0, 3: 0 };
    let count = 0;
    for (const p of people) {
      const mine = p.needs.filter((n) => n.category === category);
      if (mine.length) count++;
      for (const n of mine) byPriority[n.priority]++;
    }
    return { category, people: count, byPriority };
  });
}

/** Groups of at least MIN_GROUP respondents (label → people); see the file comment for the merging. */
export function groupRespondents(respondents: readonly CapacityProfile[]): Map<string, CapacityProfile[]> {
  return new Map([...groupRespondentsWithParts(respondents)].map(([label, { people }]) => [label, people]));
}

/** groupRespondents, with what each group is (label → parts and people). */
export function groupRespondentsWithParts(respondents: readonly CapacityProfile[]): Map<string, { parts: GroupParts; people: CapacityProfile[] }> {
  const byInstitution = new Map<string, Map<string, CapacityProfile[]>>();
  for (const p of respondents) {
    const institution = p.institution ?? NO_INSTITUTION;
    const stage = p.careerStage ? CAREER_STAGES.labels[p.careerStage] : NO_STAGE;
    const stages = byInstitution.get(institution) ?? new Map<string, CapacityProfile[]>();
    byInstitution.set(institution, stages);
    stages.set(stage, [...(stages.get(stage) ?? []), p]);
  }
  const groups = new Map<string, { parts: GroupParts; people: CapacityProfile[] }>();
  const small: CapacityProfile[] = [];
  for (const [institution, stages] of byInstitution) {
    const leftover: CapacityProfile[] = [];
    const named = institution === NO_INSTITUTION ? null : institution;
    for (const [stage, people] of stages) {
      if (people.length >= MIN_GROUP) groups.set(`${institution} · ${stage}`, { parts: { kind: "group", institution: named, stage: people[0]!.careerStage }, people });
      else leftover.push(...people);
    }
    const shownStages = leftover.length < [...stages.values()].flat().length;
    if (leftover.length >= MIN_GROUP) {
      groups.set(`${institution} · ${shownStages ? "other career stages" : "several career stages"}`, {
        parts: { kind: "group", institution: named, stage: shownStages ? "other-stages" : "several-stages" },
        people: leftover,
      });
    } else small.push(...leftover);
  }
  if (small.length > 0) {
    // Fold the smallest groups into "other members" until it can be shown.
    const other = [...small];
    while (other.length < MIN_GROUP && groups.size > 0) {
      const [label, { people }] = [...groups].sort((a, b) => a[1].people.length - b[1].people.length || a[0].localeCompare(b[0]))[0]!;
      groups.delete(label);
      other.push(...people);
    }
    groups.set(OTHER_MEMBERS, { parts: { kind: "other-members" }, people: other });
  }
  return groups;
}

export function aggregateNeeds(profiles: readonly CapacityProfile[]): NeedsAggregate {
  const respondents = profiles.filter((p) => p.needs.length > 0);
  const base = { members: profiles.length, respondents: respondents.length };
  if (respondents.length < MIN_GROUP) return { ...base, categories: [], groups: [], statements: [], suppressed: true };
  const categories = countCategories(respondents);
  const groups = [...groupRespondentsWithParts(respondents)]
    .map(([label, { parts, people }]) => ({ label, parts, people: people.length, categories: countCategories(people) }))
    .sort((a, b) => Number(a.label === OTHER_MEMBERS) - Number(b.label === OTHER_MEMBERS) || b.people - a.people || a.label.localeCompare(b.label));
  const statements = categories
    .filter((c) => c.people >= MIN_GROUP)
    .map(({ category }) => {
      const counts = new Map<string, { text: string; count: number }>();
      for (const p of respondents) {
        for (const n of p.needs.filter((x) => x.category === category)) {
          const key = n.description.toLowerCase().replace(/\s+/g, " ").trim();
          const entry = counts.get(key) ?? { text: n.description, count: 0 };
          entry.count++;
          counts.set(key, entry);
        }
      }
      return { category, items: [...counts.values()].sort((a, b) => b.count - a.count || a.text.localeCompare(b.text)) };
    });
  return { ...base, categories, groups, statements, suppressed: false };
}

/** A group's label in the reader's language ("UoN · doctorant·e"); `label` keeps the English, for CSV. */
export function groupLabel(t: Translator, parts: GroupParts): string {
  if (parts.kind === "other-members") return t("needs.group.otherMembers");
  const stage =
    parts.stage === null
      ? t("needs.group.noStage")
      : parts.stage === "other-stages"
        ? t("needs.group.otherStages")
        : parts.stage === "several-stages"
          ? t("needs.group.severalStages")
          : t(CAREER_STAGES.messages[parts.stage]);
  return t("needs.group", { institution: parts.institution ?? t("needs.group.noInstitution"), stage });
}

const categoryCell = (t: Translator, c: CategoryCount) => (c.people ? t("needs.plan.cell", { people: c.people, high: c.byPriority[1] }) : "–");

export type PlanFormat = "markdown" | "csv";

/**
 * A capacity development plan draft for leads to complete: aggregate figures, then one section per
 * category. The Markdown is for people, in the requester's language; the CSV keeps stable English
 * headers and labels.
 */
export function planFile(t: Translator, format: PlanFormat, projectName: string, agg: NeedsAggregate, day: string): ExportFile {
  const base = `mutual-capacity-plan-${day}`;
  if (format === "csv") {
    return {
      filename: `${base}.csv`,
      mediaType: "text/csv; charset=utf-8",
      async *chunks() {
        yield csvRow(["group", "people", "category", "people_with_need", "high", "medium", "low"]);
        const rows = agg.suppressed ? [] : [{ label: "all respondents", people: agg.respondents, categories: agg.categories }, ...agg.groups];
        for (const g of rows) for (const c of g.categories) yield csvRow([g.label, g.people, CAPACITY_CATEGORIES.labels[c.category], c.people, c.byPriority[1], c.byPriority[2], c.byPriority[3]]);
      },
    };
  }
  const min = MIN_GROUP;
  const category = (id: CapacityCategory) => t(CAPACITY_CATEGORIES.messages[id]);
  return {
    filename: `${base}.md`,
    mediaType: "text/markdown; charset=utf-8",
    async *chunks() {
      yield `# ${t("needs.plan.md.title")}\n\n**${t("needs.plan.md.project")}** ${markdownText(projectName)}  \n**${t("needs.plan.md.date")}** ${day}  \n**${t("needs.plan.md.respondents")}** ${t("needs.plan.md.respondentsOf", { respondents: agg.respondents, members: agg.members })}\n\n`;
      if (agg.suppressed) {
        yield `${t("needs.plan.md.suppressed", { min })}\n`;
        return;
      }
      yield `${t("needs.plan.md.figures", { min })}\n\n`;
      yield `## ${t("needs.plan.md.byGroup")}\n\n| ${t("needs.plan.md.group")} | ${t("needs.plan.md.people")} | ${CAPACITY_CATEGORIES.ids.map(category).join(" | ")} |\n|---|---|${CAPACITY_CATEGORIES.ids.map(() => "---").join("|")}|\n`;
      const rows = [
        { label: `**${t("needs.plan.md.allRespondents")}**`, people: agg.respondents, categories: agg.categories },
        ...agg.groups.map((g) => ({ ...g, label: markdownText(groupLabel(t, g.parts)) })),
      ];
      for (const g of rows) yield `| ${g.label} | ${t.number(g.people)} | ${g.categories.map((c) => categoryCell(t, c)).join(" | ")} |\n`;
      for (const c of agg.categories) {
        const label = category(c.category);
        const counts = { people: c.people, high: c.byPriority[1], medium: c.byPriority[2], low: c.byPriority[3] };
        yield `\n## ${label.charAt(0).toLocaleUpperCase(t.lang)}${label.slice(1)}\n\n${t("needs.plan.md.categoryCounts", counts)}\n\n`;
        const stated = agg.statements.find((s) => s.category === c.category);
        if (stated) {
          const items = stated.items.map((i) => `- ${i.count > 1 ? t("needs.plan.md.statedTimes", { need: markdownText(i.text), count: i.count }) : markdownText(i.text)}`);
          yield `${t("needs.plan.md.stated")}\n\n${items.join("\n")}\n\n`;
        } else if (c.people > 0) {
          yield `${t("needs.plan.md.withheld", { min })}\n\n`;
        }
        if (c.people > 0) yield `- ${t("needs.plan.md.activities")} \n- ${t("needs.plan.md.who")} \n- ${t("needs.plan.md.timeline")} \n`;
      }
    },
  };
}
