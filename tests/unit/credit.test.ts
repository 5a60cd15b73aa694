import { describe, expect, it } from "vitest";
import { commands } from "../../src/core/commands/index.ts";
import { parseCommand } from "../../src/core/commands/parse.ts";
import type { ProjectSummary } from "../../src/core/credit/model.ts";
import { equityRows, renderSummary, statusLine } from "../../src/core/credit/summary.ts";
import { describePeriod, localDate, parseAcknowledgementForms, parseDate, parseKnowledgeForms, parsePeriod, parseRoles } from "../../src/core/credit/terms.ts";
import { LANGUAGES, translator } from "../../src/core/i18n/index.ts";
import { renderPlainText } from "../../src/core/message.ts";
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

  it("accepts roles typed in any language Mutual speaks, and answers in the reader's", () => {
    expect(parseRoles("Curadoria de dados; investigación, Uchunguzi")).toEqual(["data_curation", "investigation"]);
    expect(parseKnowledgeForms("expérience vécue")).toEqual(["lived_experience"]);
    const e = userError(() => parseRoles("investigação, curadria de dados"));
    const pt = translator("pt");
    expect(pt.msg(e.text)).toBe('"curadria de dados" não é um papel que eu conheça. Você quis dizer "Curadoria de dados"?');
    expect(pt.msg(e.hintText!)).toMatch(/^Papéis: Conceituação, Curadoria de dados, .* e Coleta de dados em campo\.$/);
    const fr = translator("fr");
    expect(fr.msg(userError(() => parseAcknowledgementForms("fame")).text)).toBe("« fame » n’est pas une forme de reconnaissance que je connais.");
    expect(fr.msg(userError(() => parseKnowledgeForms(";")).text)).toBe("Indiquez au moins une forme de savoir.");
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

  it("words periods and their errors in the reader's language", () => {
    const fr = translator("fr");
    expect(describePeriod(translator("en"), { from: "2026-01-01", to: "2026-12-31" })).toBe("2026-01-01 to 2026-12-31");
    expect(describePeriod(fr, { from: "2026-01-01", to: "2026-12-31" })).toBe("du 2026-01-01 au 2026-12-31");
    expect(describePeriod(fr, { from: null, to: null })).toBe("depuis le début");
    expect(fr.msg(userError(() => parsePeriod({ period: "2026-Q5" })).text)).toBe("Je ne comprends pas la période « 2026-Q5 ».");
    expect(translator("es").msg(userError(() => parseDate("2026-02-30", "until")).text)).toBe("until debe ser una fecha con el formato AAAA-MM-DD (recibí «2026-02-30»).");
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

describe("the chat summary, in the reader's language", () => {
  const summary: ProjectSummary = {
    project: { name: "Coastal Resilience", slug: "coastal" },
    period: { from: "2026-01-01", to: "2026-12-31" },
    by: "role",
    totals: { total: 3, recorded: 1, confirmed: 2, disputed: 0, acknowledgements: 1, leadRoles: 1 },
    // The store keys roles by their database name and labels them in English.
    groups: [
      { key: "DATA_CURATION", label: "Data curation", contributions: { total: 2, recorded: 0, confirmed: 2, disputed: 0 }, leadRoles: 1, acknowledgements: 1 },
      { key: "", label: "unattributed", contributions: { total: 1, recorded: 1, confirmed: 0, disputed: 0 }, leadRoles: 0, acknowledgements: 0 },
    ],
    equity: equityRows([
      { dimension: "career stage", label: "PhD candidate", key: "phd_candidate", contributions: 3, acknowledgements: 0, leadRoles: 1 },
      { dimension: "career stage", label: "no career stage (institutions, or not given)", key: null, contributions: 0, acknowledgements: 1, leadRoles: 0 },
    ]),
    generatedAt: "2026-11-21T10:15:00.000Z",
  };

  it("agrees counts with their nouns (plurals from the catalogue)", () => {
    const fr = translator("fr");
    expect(statusLine(fr, { total: 1, recorded: 0, confirmed: 1, disputed: 0 })).toBe("1 contribution (1 confirmée)");
    expect(statusLine(fr, { total: 5, recorded: 1, confirmed: 2, disputed: 2 })).toBe("5 contributions (2 confirmées, 1 non confirmée et 2 contestées)");
    expect(statusLine(translator("en"), { total: 5, recorded: 1, confirmed: 2, disputed: 2 })).toBe("5 contributions (2 confirmed, 1 unconfirmed, 2 disputed)");
    expect(statusLine(translator("en"), { total: 0, recorded: 0, confirmed: 0, disputed: 0 })).toBe("0 contributions");
  });

  it("words roles, career stages and the summary's sentences for the reader", () => {
    const en = renderPlainText(renderSummary(translator("en"), summary, "project"));
    expect(en).toContain("Coastal Resilience — contributions, 2026-01-01 to 2026-12-31");
    expect(en).toContain("3 contributions (2 confirmed, 1 unconfirmed); 1 at lead degree; 1 acknowledgement.");
    expect(en).toContain("Data curation — 2 contributions (2 confirmed) · 1 kudos · 1 lead");
    expect(en).toContain("unattributed — 1 contribution (1 unconfirmed) · 0 kudos · 0 lead");
    expect(en).toContain("PhD candidate: 100% of contributions, 0% of acknowledgements, 100% of lead roles — under-acknowledged");
    expect(en).toContain("no career stage (institutions, or not given): 0% of contributions, 100% of acknowledgements, 0% of lead roles");
    expect(en).toContain("Under-acknowledged: PhD candidate.");

    const pt = renderPlainText(renderSummary(translator("pt"), summary, "project"));
    expect(pt).toContain("Coastal Resilience — contribuições, de 2026-01-01 a 2026-12-31");
    expect(pt).toContain("3 contribuições (2 confirmadas e 1 não confirmada); 1 com grau principal; 1 agradecimento.");
    expect(pt).toContain("Por papel:");
    expect(pt).toContain("Curadoria de dados — 2 contribuições (2 confirmadas) · 1 kudos · 1 com grau principal");
    expect(pt).toContain("não atribuído — 1 contribuição (1 não confirmada)");
    expect(pt).toMatch(/doutorando\(a\): 100\s?% das contribuições, 0\s?% dos agradecimentos, 100\s?% dos papéis principais — pouco reconhecido/);
    expect(pt).toContain("sem etapa da carreira (instituições, ou não informada): ");
    expect(pt).toContain("Pouco reconhecidos: doutorando(a).");
  });
});

describe("examples in every language", () => {
  // Each example of the credit commands, as help shows it to a reader of each language, parses to
  // the same roles, forms of knowledge and of acknowledgement as the English one.
  const paths = new Set(["contribution add", "contribution dispute", "kudos", "preferences set", "summary", "institution add"]);
  const examples = commands.flatMap((c) =>
    (c.action ? [[c.name, c.action] as const] : Object.entries(c.subcommands ?? {}).map(([sub, a]) => [`${c.name} ${sub}`, a] as const))
      .filter(([path]) => paths.has(path))
      .flatMap(([, a]) => a.examples ?? []),
  );
  const terms = (args: Record<string, unknown>) => ({
    roles: args.roles === undefined ? [] : parseRoles(String(args.roles)),
    knowledge: args.knowledge === undefined ? [] : parseKnowledgeForms(String(args.knowledge)),
    forms: args.forms === undefined ? [] : parseAcknowledgementForms(String(args.forms)),
    options: Object.keys(args).sort(),
  });

  it.each(examples)("%s", (id) => {
    const english = terms(parseCommand(commands, translator("en").text(id)).args);
    for (const lang of LANGUAGES) expect(terms(parseCommand(commands, translator(lang).text(id)).args), lang).toEqual(english);
  });
});
