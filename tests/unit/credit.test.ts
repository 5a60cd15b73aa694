import { describe, expect, it } from "vitest";
import { equityRows } from "../../src/core/credit/summary.ts";
import { localDate, parseAcknowledgementForms, parseDate, parseKnowledgeForms, parsePeriod, parseRoles } from "../../src/core/credit/terms.ts";
import { userError } from "./harness.ts";

describe("roles, matched forgivingly", () => {
  it.each([
    ["data curation", ["data_curation"]],
    ["Data-Curation", ["data_curation"]],
    ["writing review editing", ["writing_review_editing"]],
    ["Writing – Review & Editing", ["writing_review_editing"]],
    ["writing original draft; conceptualisation", ["writing_original_draft", "conceptualization"]],
    ["visualisation, VISUALIZATION", ["visualization"]],
    ["translation, community liaison", ["translation_interpretation", "community_liaison"]],
    ["science-policy translation", ["science_policy_translation"]],
    ["fieldwork", ["field_data_collection"]],
  ])("%j → %j", (input, expected) => {
    expect(parseRoles(input)).toEqual(expected);
  });

  it("answers an unknown role with a suggestion and the list of roles", () => {
    const e = userError(() => parseRoles("investigation, data curration"));
    expect(e.message).toBe('"data curration" is not a role I know. Did you mean "Data curation"?');
    expect(e.hint).toMatch(/^Roles: Conceptualization, Data curation, .*Data collection in the field\.$/);
    expect(userError(() => parseRoles(" , ")).message).toBe("Name at least one role.");
  });

  it("reads forms of knowledge and of acknowledgement", () => {
    expect(parseKnowledgeForms("academic, Indigenous, lived experience")).toEqual(["disciplinary", "indigenous_local", "lived_experience"]);
    expect(parseAcknowledgementForms("authorship, dataset credit, co-design, public recognition")).toEqual([
      "authorship",
      "dataset_credit",
      "co_design",
      "team_recognition",
    ]);
  });
});

describe("dates and periods", () => {
  it("accepts real dates only", () => {
    expect(parseDate("2026-02-28")).toBe("2026-02-28");
    expect(userError(() => parseDate("2026-02-29")).message).toBe('date must be a date written YYYY-MM-DD (got "2026-02-29").');
    expect(() => parseDate("28/02/2026")).toThrow();
  });

  it("reads years, quarters, months and from/to", () => {
    expect(parsePeriod({ period: "2026" })).toEqual({ from: "2026-01-01", to: "2026-12-31" });
    expect(parsePeriod({ period: "2024-q1" })).toEqual({ from: "2024-01-01", to: "2024-03-31" });
    expect(parsePeriod({ period: "2024-02" })).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(parsePeriod({ from: "2026-03-01" })).toEqual({ from: "2026-03-01", to: null });
    expect(parsePeriod({})).toEqual({ from: null, to: null });
    expect(userError(() => parsePeriod({ period: "2026", from: "2026-01-01" })).message).toBe("Give either period= or from=/to=, not both.");
    expect(userError(() => parsePeriod({ from: "2026-05-01", to: "2026-04-01" })).message).toBe("The period ends (2026-04-01) before it starts (2026-05-01).");
  });

  it("knows today's date where the person is", () => {
    const now = new Date("2026-11-21T22:30:00Z");
    expect(localDate(now, "Pacific/Auckland")).toBe("2026-11-22");
    expect(localDate(now, "America/Sao_Paulo")).toBe("2026-11-21");
    expect(localDate(now, null)).toBe("2026-11-21");
  });
});

describe("equity view", () => {
  it("gives shares per dimension and flags groups thanked less than half their share of the work", () => {
    const rows = equityRows([
      { dimension: "institution", label: "North University", contributions: 4, acknowledgements: 8, leadRoles: 3 },
      { dimension: "institution", label: "Community NGO", contributions: 6, acknowledgements: 2, leadRoles: 1 },
      { dimension: "career stage", label: "PhD candidate", contributions: 2, acknowledgements: 0, leadRoles: 0 },
      { dimension: "career stage", label: "established researcher", contributions: 8, acknowledgements: 10, leadRoles: 4 },
    ]);
    const ngo = rows.find((r) => r.label === "Community NGO")!;
    expect(ngo).toMatchObject({ contributionShare: 0.6, acknowledgementShare: 0.2, leadShare: 0.25, underAcknowledged: true });
    expect(rows.find((r) => r.label === "North University")!.underAcknowledged).toBe(false);
    // Fewer than 3 contributions is too little to flag.
    expect(rows.find((r) => r.label === "PhD candidate")!.underAcknowledged).toBe(false);
    expect(rows.map((r) => r.dimension)).toEqual(["institution", "institution", "career stage", "career stage"]);
  });

  it("handles a project with no acknowledgements yet without dividing by zero", () => {
    const [row] = equityRows([{ dimension: "institution", label: "Only", contributions: 3, acknowledgements: 0, leadRoles: 0 }]);
    expect(row).toMatchObject({ contributionShare: 1, acknowledgementShare: 0, leadShare: 0, underAcknowledged: true });
  });
});
