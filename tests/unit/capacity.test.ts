// The needs aggregate (small groups merged so no one is identifiable), the capacity plan export,
// and mentor suggestions — pure functions over member profiles.
import { describe, expect, it } from "vitest";
import { aggregateNeeds, groupLabel, groupRespondents, MIN_GROUP, OTHER_MEMBERS, planFile } from "../../src/core/capacity/aggregate.ts";
import { translator } from "../../src/core/i18n/index.ts";
import { suggestMentors } from "../../src/core/mentorship/suggest.ts";
import type { CapacityProfile, NeedRecord, Priority } from "../../src/core/ports.ts";
import type { CapacityCategory, CareerStage } from "../../src/core/vocabulary.ts";

const en = translator("en");
let ids = 0;
const need = (category: CapacityCategory, description: string, priority: Priority = 2): NeedRecord => ({ id: `n${++ids}`, category, description, priority, createdAt: new Date(0) });
const person = (name: string, institution: string | null, careerStage: CareerStage | null, needs: NeedRecord[] = [], extra: Partial<CapacityProfile> = {}): CapacityProfile => ({
  personId: name,
  displayName: name,
  institutionId: institution && institution.toLowerCase(),
  institution,
  careerStage,
  needs,
  strengths: [],
  mentees: [],
  ...extra,
});

const readAll = async (file: ReturnType<typeof planFile>) => {
  let out = "";
  for await (const chunk of file.chunks()) out += chunk;
  return out;
};

describe("needs aggregate", () => {
  it("shows nothing but the number of respondents below three", () => {
    const agg = aggregateNeeds([person("a", "UoN", "phd_candidate", [need("academic", "coding")]), person("b", "UoN", "phd_candidate", [need("academic", "coding")]), person("c", "UoN", "postdoc")]);
    expect(agg).toMatchObject({ members: 3, respondents: 2, suppressed: true, categories: [], groups: [], statements: [] });
  });

  it("keeps groups of three or more and merges smaller ones so no group has fewer than three people", () => {
    const people = [
      // University of Nairobi: 3 PhD candidates (shown), 1 postdoc + 1 student (merged within the institution? 2 < 3: no).
      person("a", "University of Nairobi", "phd_candidate", [need("academic", "qualitative coding", 1)]),
      person("b", "University of Nairobi", "phd_candidate", [need("academic", "Qualitative  coding")]),
      person("c", "University of Nairobi", "phd_candidate", [need("intercultural", "working across languages", 3)]),
      person("d", "University of Nairobi", "postdoc", [need("translational", "policy briefs")]),
      person("e", "University of Nairobi", "student", [need("academic", "statistics")]),
      // Fiocruz: one early-career researcher alone — must never be its own group.
      person("f", "Fiocruz", "early_career", [need("institutional", "grant management", 1)]),
      // ETH: 2 established + 2 PhD: each stage too small, together 4 → "ETH · several career stages".
      person("g", "ETH Zürich", "established", [need("intercultural", "decolonial methods")]),
      person("h", "ETH Zürich", "established", [need("intercultural", "listening to community partners")]),
      person("i", "ETH Zürich", "phd_candidate", [need("academic", "writing")]),
      person("j", "ETH Zürich", "phd_candidate", [need("academic", "writing")]),
      person("k", "ETH Zürich", "phd_candidate"), // no needs: a member, not a respondent
    ];
    const agg = aggregateNeeds(people);
    expect(agg.suppressed).toBe(false);
    expect(agg.members).toBe(11);
    expect(agg.respondents).toBe(10);
    expect(agg.groups.map((g) => [g.label, g.people])).toEqual([
      ["ETH Zürich · several career stages", 4],
      ["University of Nairobi · PhD candidate", 3],
      [OTHER_MEMBERS, 3], // Nairobi postdoc + student, and Fiocruz
    ]);
    for (const g of agg.groups) expect(g.people).toBeGreaterThanOrEqual(MIN_GROUP);
    expect(agg.groups.map((g) => g.label).join()).not.toContain("Fiocruz");
    const academic = agg.categories.find((c) => c.category === "academic")!;
    expect(academic).toEqual({ category: "academic", people: 5, byPriority: { 1: 1, 2: 4, 3: 0 } });
    // Statements only where 3+ people stated needs in the category; the same need is counted, not repeated.
    expect(agg.statements.map((s) => s.category)).toEqual(["academic", "intercultural"]);
    expect(agg.statements[0]!.items).toEqual([
      { text: "qualitative coding", count: 2 },
      { text: "writing", count: 2 },
      { text: "statistics", count: 1 },
    ]);
  });

  it("when the merged small groups still have fewer than three, the smallest shown group joins them", () => {
    const groups = groupRespondents([
      person("a", "A", "postdoc", [need("academic", "x")]),
      person("b", "A", "postdoc", [need("academic", "x")]),
      person("c", "A", "postdoc", [need("academic", "x")]),
      person("d", "B", "student", [need("academic", "x")]),
      person("e", "B", "student", [need("academic", "x")]),
      person("f", "B", "student", [need("academic", "x")]),
      person("g", "B", "student", [need("academic", "x")]),
      person("h", "C", null, [need("academic", "x")]),
    ]);
    expect([...groups].map(([label, people]) => [label, people.length])).toEqual([
      ["B · student", 4],
      [OTHER_MEMBERS, 4], // C's one person and A's three postdocs
    ]);
  });

  it("exports a Markdown plan draft and a CSV of the same figures, without names", async () => {
    const people = ["a", "b", "c"].map((n) => person(n, "UoN", "phd_candidate", [need("academic", "qualitative coding", 1), need("translational", `policy brief ${n}`)]));
    const agg = aggregateNeeds(people);
    const md = await readAll(planFile(en, "markdown", "Coastal Resilience", agg, "2026-11-21"));
    expect(md).toContain("# Capacity development plan — draft");
    expect(md).toContain("**Respondents:** 3 of 3 members");
    expect(md).toContain("| UoN · PhD candidate | 3 | 3 (3 high) | – | 3 (0 high) | – |");
    expect(md).toContain("- qualitative coding (×3)");
    expect(md).toContain("- Proposed activities:");
    for (const n of ["a", "b", "c"]) expect(md).not.toMatch(new RegExp(`\\| ${n} \\|`));
    const csv = await readAll(planFile(en, "csv", "Coastal Resilience", agg, "2026-11-21"));
    const rows = csv.trim().split("\r\n");
    expect(rows[0]).toBe("group,people,category,people_with_need,high,medium,low");
    expect(rows).toContain("UoN · PhD candidate,3,academic skills,3,3,0,0");
    expect(rows).toContain("all respondents,3,translational skills,3,0,3,0");
    const suppressed = await readAll(planFile(en, "csv", "X", aggregateNeeds(people.slice(0, 2)), "2026-11-21"));
    expect(suppressed.trim().split("\r\n")).toHaveLength(1); // header only
  });
});

describe("the plan export, for people in their language", () => {
  const people = ["a", "b", "c"].map((n) => person(n, "UoN", "phd_candidate", [need("academic", "qualitative coding", 1)]));
  people.push(person("d", "UoN", "phd_candidate", [need("translational", "policy briefs")]));

  it("writes the Markdown in the requester's language, names and stated needs as typed", async () => {
    const fr = translator("fr");
    const md = await readAll(planFile(fr, "markdown", "Coastal Resilience", aggregateNeeds(people), "2026-11-21"));
    expect(md).toContain(`# ${fr("needs.plan.md.title")}\n`);
    expect(md).toContain(`**${fr("needs.plan.md.respondents")}** 4 sur 4 membres`);
    expect(md).toContain(`| UoN · ${fr("vocab.careerStage.phd_candidate")} | 4 | ${fr("needs.plan.cell", { people: 3, high: 3 })} |`);
    expect(md).toContain(`\n## Compétences académiques\n\n3 personnes`);
    expect(md).toContain("\n## Compétences de transfert\n\n1 personne (");
    expect(md).toContain("- qualitative coding (×3)");
    expect(md).not.toMatch(/Capacity development plan|Respondents|people/);
  });

  it("keeps one person singular in English", async () => {
    const md = await readAll(planFile(en, "markdown", "X", aggregateNeeds(people), "2026-11-21"));
    expect(md).toContain("## Translational skills\n\n1 person (0 high, 1 medium, 0 low priority needs).");
    expect(md).toContain("## Academic skills\n\n3 people (3 high, 0 medium, 0 low priority needs).");
  });

  it("keeps the CSV's English headers and labels whoever asks", async () => {
    const agg = aggregateNeeds(people);
    const csv = await readAll(planFile(translator("sw"), "csv", "X", agg, "2026-11-21"));
    expect(csv).toBe(await readAll(planFile(en, "csv", "X", agg, "2026-11-21")));
    expect(csv).toContain("UoN · PhD candidate,4,academic skills,3,3,0,0");
  });

  it("words group labels for the reader, the merged rest included", () => {
    expect(groupLabel(translator("pt"), { kind: "group", institution: null, stage: null })).toBe("instituição não informada · etapa da carreira não informada");
    expect(groupLabel(en, { kind: "group", institution: "ETH Zürich", stage: "several-stages" })).toBe("ETH Zürich · several career stages");
    expect(groupLabel(en, { kind: "other-members" })).toBe(OTHER_MEMBERS);
  });
});

describe("mentor suggestions", () => {
  const mentee = person("amina", "University of Nairobi", "phd_candidate", [need("academic", "qualitative coding of interviews", 1), need("translational", "writing policy briefs", 3)]);
  const strengths = (list: Array<[CapacityCategory, string]>) => list.map(([category, description], i) => ({ id: `s${i}`, category, description }));

  it("ranks by overlap of needs and strengths, prefers another institution, and explains each in one line", () => {
    const sameInstitution = person("otieno", "University of Nairobi", "established", [], { strengths: strengths([["academic", "qualitative coding"]]) });
    const other = person("kofi", "University of Ghana", "established", [], { strengths: strengths([["academic", "qualitative coding and interviews"]]) });
    const policy = person("lea", "ETH Zürich", "postdoc", [], { strengths: strengths([["translational", "policy briefs for ministries"]]) });
    const unrelated = person("mei", "NUS", "postdoc", [], { strengths: strengths([["intercultural", "facilitation"]]) });
    const busy = person("joao", "Fiocruz", "established", [], { strengths: strengths([["academic", "qualitative coding"]]), mentees: ["t", "u", "v", "w", "x", "y"] });
    const result = suggestMentors(mentee, [mentee, sameInstitution, other, policy, unrelated, busy], new Set());
    // kofi 3 (high) + 3 shared words + 2 (other institution) = 8; otieno 3 + 2 = 5, same institution;
    // lea 1 (low) + 2 + 2 = 5; joao 5 + 2 − 0.5 × 6 mentees = 4.
    expect(result.map((s) => [s.mentor.displayName, s.score])).toEqual([["kofi", 8], ["lea", 5], ["otieno", 5], ["joao", 4]]);
    expect(en.msg(result[0]!.reason)).toBe(
      "kofi (University of Ghana): strength in academic skills (“qualitative coding and interviews”); matches a need amina stated in that category; another institution; no mentees yet",
    );
    expect(en.msg(result[2]!.reason)).toContain("same institution");
    expect(en.msg(result.find((s) => s.mentor.displayName === "joao")!.reason)).toContain("mentors 6 now");
    // The explanation names the category, never the mentee's need text or its priority.
    for (const s of result) expect(en.msg(s.reason)).not.toMatch(/qualitative coding of interviews|policy briefs\b(?!.*”)|priority/);
  });

  it("words the reason for the lead who reads it", () => {
    const kofi = person("kofi", "University of Ghana", "established", [], { strengths: strengths([["academic", "qualitative coding"]]), mentees: ["t"] });
    const [s] = suggestMentors(mentee, [kofi], new Set());
    expect(translator("pt").msg(s!.reason)).toBe(
      "kofi (University of Ghana): competência em habilidades acadêmicas (“qualitative coding”); corresponde a uma necessidade que amina informou nessa categoria; outra instituição; orienta 1 pessoa",
    );
  });

  it("leaves out current mentors and the mentee", () => {
    const kofi = person("kofi", "University of Ghana", "established", [], { strengths: strengths([["academic", "qualitative coding"]]) });
    expect(suggestMentors(mentee, [mentee, kofi], new Set(["kofi"]))).toEqual([]);
  });
});
