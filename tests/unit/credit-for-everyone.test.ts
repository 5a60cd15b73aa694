// Issue 19 in pure functions: ORCID iDs, naming wishes, and the exports that carry them (JATS,
// tenzing, Zenodo), with people who are not on the chat.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ZENODO_CONTRIBUTOR_TYPES, ZENODO_ROLE_TYPES, exportFile, splitName, zenodoType } from "../../src/core/credit/exports.ts";
import { describeContribution } from "../../src/core/credit/describe.ts";
import type { ContributionSource, ContributionView, ProjectSummary } from "../../src/core/credit/model.ts";
import { shownPerson, type PersonNames } from "../../src/core/credit/naming.ts";
import { translator } from "../../src/core/i18n/index.ts";
import * as validate from "../../src/core/validate.ts";
import { CREDIT_ROLES, PARTNERSHIP_ROLES } from "../../src/core/vocabulary.ts";
import { userError } from "./harness.ts";

describe("ORCID iDs (ISO 7064 11,2)", () => {
  it("accepts valid iDs, bare or as a URL, and stores the URL", () => {
    expect(validate.orcid("0000-0002-1825-0097")).toBe("https://orcid.org/0000-0002-1825-0097");
    expect(validate.orcid(" https://orcid.org/0000-0002-1825-0097 ")).toBe("https://orcid.org/0000-0002-1825-0097");
    expect(validate.orcid("orcid.org/0000-0001-5109-3700")).toBe("https://orcid.org/0000-0001-5109-3700");
    expect(validate.orcid("0000000218250097")).toBe("https://orcid.org/0000-0002-1825-0097");
  });

  it("accepts iDs whose check character is X, in either case", () => {
    expect(validate.orcid("0000-0002-1694-233X")).toBe("https://orcid.org/0000-0002-1694-233X");
    expect(validate.orcid("0000-0002-1694-233x")).toBe("https://orcid.org/0000-0002-1694-233X");
    expect(validate.orcidCheck("000000021694233")).toBe("X");
  });

  it("refuses wrong check digits in one line, and what is not an iD at all", () => {
    for (const wrong of ["0000-0002-1825-0098", "0000-0002-1694-2330", "0000-0002-1825-009X", "https://orcid.org/0000-0001-5109-3701"]) {
      const e = userError(() => validate.orcid(wrong));
      expect(e.message, wrong).toContain("check digit does not match");
      expect(e.message).not.toContain("\n");
    }
    for (const bad of ["1234", "0000-0002-1825", "0000-0002-1825-00971", "A000-0002-1825-0097", "https://example.org/0000-0002-1825-0097"]) {
      expect(userError(() => validate.orcid(bad)).message, bad).toContain("is not an ORCID iD");
    }
    expect(userError(() => validate.orcid("0000-0002-1825-0098")).hint).toContain("orcid.org");
  });
});

const NAMES: PersonNames = { displayName: "Amina Njoroge", givenName: "Amina", familyName: "Njoroge", orcid: "https://orcid.org/0000-0002-1825-0097", naming: "full", institution: "University of Nairobi" };

describe("naming wishes", () => {
  it("full: the name, given and family names and the ORCID iD", () => {
    expect(shownPerson(NAMES)).toEqual({ name: "Amina Njoroge", given: "Amina", family: "Njoroge", orcid: "https://orcid.org/0000-0002-1825-0097", naming: "full" });
  });
  it("initials: initials only, and no ORCID iD (which would name them)", () => {
    expect(shownPerson({ ...NAMES, naming: "initials" })).toEqual({ name: "A. N.", given: "A.", family: "N.", orcid: null, naming: "initials" });
    expect(shownPerson({ ...NAMES, givenName: null, familyName: null, displayName: "Élodie O'Brien-Dubois", naming: "initials" }).name).toBe("É. O. D.");
    // A word that starts with no letter gives no initial.
    expect(shownPerson({ ...NAMES, givenName: null, familyName: null, displayName: "سارة 🌍", naming: "initials" }).name).toBe("س.");
  });
  it("institution: the institution's name only; initials when they have none", () => {
    expect(shownPerson({ ...NAMES, naming: "institution" })).toEqual({ name: "University of Nairobi", given: null, family: null, orcid: null, naming: "institution" });
    expect(shownPerson({ ...NAMES, naming: "institution", institution: null }).name).toBe("A. N.");
  });
});

// ---------------------------------------------------------------------------------------------
// Exports with people not on the chat, known given and family names, ORCID iDs and naming wishes

const NAIROBI = { id: "inst-nbo", name: "University of Nairobi", country: "KE", rorId: "https://ror.org/02y9nww90" };
const KILIFI = { id: "inst-kwg", name: "Kilifi Women's Group", country: "KE", rorId: null };

const AMINA: ContributionView["contributor"] = { kind: "person", id: "p-amina", name: "Amina Njoroge", given: "Amina", family: "Njoroge", orcid: "https://orcid.org/0000-0002-1825-0097", naming: "full" };
/** Not on the chat: added with `person add`. */
const ZAWADI: ContributionView["contributor"] = { kind: "person", id: "p-zawadi", name: "Mama Zawadi", given: null, family: null, orcid: "https://orcid.org/0000-0002-1694-233X", naming: "full", offChat: true };
const SARA: ContributionView["contributor"] = { kind: "person", id: "p-sara", name: "سارة 🌍", given: null, family: null, orcid: null, naming: "full" };
/** Wishes to be named by institution: the store hands exports the institution's name. */
const HIDDEN: ContributionView["contributor"] = { kind: "person", id: "p-hidden", name: "Kilifi Women's Group", given: null, family: null, orcid: null, naming: "institution" };

function view(number: number, contributor: ContributionView["contributor"], roles: ContributionView["roles"], affiliation: ContributionView["affiliation"] = null): ContributionView {
  return {
    id: `c-${number}`,
    number,
    startedOn: "2026-03-10",
    endedOn: "2026-04-20",
    contributor,
    affiliation,
    careerStage: null,
    roles,
    degree: "lead",
    knowledgeForms: [],
    status: "recorded",
    statusComment: null,
    description: "Transect walks",
    link: null,
    recordedBy: "Amina Njoroge",
    recordedAt: "2026-04-21T09:00:00.000Z",
  };
}

const ITEMS = [
  view(1, AMINA, ["investigation", "project_administration"], NAIROBI),
  view(2, ZAWADI, ["field_data_collection", "translation_interpretation"], KILIFI),
  view(3, SARA, ["formal_analysis"]),
  view(4, HIDDEN, ["community_liaison"], KILIFI),
  view(5, { kind: "institution", id: KILIFI.id, name: KILIFI.name }, ["resources"], KILIFI),
];
const source = (items: readonly ContributionView[]): ContributionSource => async function* () {
  yield items;
};
const SUMMARY: ProjectSummary = {
  project: { name: "Maji Safi", slug: "maji-safi" },
  period: { from: "2026-01-01", to: "2026-06-30" },
  by: "person",
  totals: { total: 5, recorded: 5, confirmed: 0, disputed: 0, acknowledgements: 0, leadRoles: 5 },
  groups: [],
  equity: [],
  generatedAt: "2026-11-23T09:00:00.000Z",
};
async function render(format: Parameters<typeof exportFile>[0], items: readonly ContributionView[] = ITEMS) {
  let out = "";
  for await (const chunk of exportFile(format, SUMMARY, source(items)).chunks()) out += chunk;
  return out;
}

describe("tenzing names", () => {
  it("uses given and family names where known, and never splits a name by guess", () => {
    expect(splitName({ name: "Amina Njoroge", given: "Amina", family: "Njoroge" })).toEqual({ first: "Amina", surname: "Njoroge" });
    expect(splitName({ name: "سارة 🌍", given: null, family: null })).toEqual({ first: "", surname: "سارة 🌍" });
    expect(splitName({ name: "Maria José dos Santos", given: null, family: null })).toEqual({ first: "", surname: "Maria José dos Santos" });
  });
  it("credits people not on the chat like anyone else", async () => {
    const rows = (await render("tenzing")).trim().split("\r\n").map((r) => r.split(","));
    expect(rows.slice(1).map((r) => r.slice(1, 4))).toEqual([
      ["Amina", "", "Njoroge"],
      ["", "", "Mama Zawadi"],
      ["", "", "سارة 🌍"],
      // Named by institution: the institution's name, never the person's.
      ["", "", "Kilifi Women's Group"],
    ]);
  });
});

describe("JATS with ORCID iDs", () => {
  it("gives each person with an iD a contrib-id, a structured name when both parts are known, and keeps ROR ids", async () => {
    const xml = await render("jats");
    const contribs = [...xml.matchAll(/<contrib contrib-type="author">([\s\S]*?)<\/contrib>/g)].map((m) => m[1] ?? "");
    expect(contribs[0]).toContain('<contrib-id contrib-id-type="orcid">https://orcid.org/0000-0002-1825-0097</contrib-id>');
    expect(contribs[0]).toContain("<name><surname>Njoroge</surname><given-names>Amina</given-names></name>");
    expect(contribs[1]).toContain('<contrib-id contrib-id-type="orcid">https://orcid.org/0000-0002-1694-233X</contrib-id>');
    expect(contribs[1]).toContain("<string-name>Mama Zawadi</string-name>");
    // JATS order inside contrib: contrib-id, then the name, then roles and xrefs.
    for (const c of contribs.filter((x) => x.includes("<contrib-id"))) {
      expect(c.indexOf("<contrib-id")).toBeLessThan(c.search(/<(name|string-name|collab)>/));
      expect(c.search(/<(name|string-name|collab)>/)).toBeLessThan(c.indexOf("<role"));
    }
    expect(xml).toContain('<institution-id institution-id-type="ror">https://ror.org/02y9nww90</institution-id>');
    if (existsSync("/usr/bin/xmllint")) execFileSync("/usr/bin/xmllint", ["--noout", "-"], { input: xml });
  });
});

/** Zenodo's deposit metadata rules for creators and contributors (legacy deposit API, as .zenodo.json takes them). */
function checkZenodo(doc: unknown) {
  const errors: string[] = [];
  const d = doc as { creators?: unknown; contributors?: unknown };
  const ORCID = /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/;
  const person = (p: Record<string, unknown>, where: string) => {
    if (typeof p.name !== "string" || !p.name.trim()) errors.push(`${where}: name must be a non-empty string`);
    for (const key of Object.keys(p)) if (!["name", "affiliation", "orcid", "gnd", "type"].includes(key)) errors.push(`${where}: unknown field ${key}`);
    if (p.affiliation !== undefined && typeof p.affiliation !== "string") errors.push(`${where}: affiliation must be a string`);
    if (p.orcid !== undefined && (typeof p.orcid !== "string" || !ORCID.test(p.orcid) || validate.orcidCheck(p.orcid.replace(/-/g, "").slice(0, 15)) !== p.orcid.at(-1))) {
      errors.push(`${where}: orcid must be a bare, valid ORCID iD`);
    }
  };
  if (!Array.isArray(d.creators) || d.creators.length === 0) errors.push("creators: required, a non-empty array");
  else d.creators.forEach((c: Record<string, unknown>, i) => person(c, `creators[${i}]`));
  if (d.contributors !== undefined) {
    if (!Array.isArray(d.contributors)) errors.push("contributors: an array");
    else
      d.contributors.forEach((c: Record<string, unknown>, i) => {
        person(c, `contributors[${i}]`);
        if (!(ZENODO_CONTRIBUTOR_TYPES as readonly unknown[]).includes(c.type)) errors.push(`contributors[${i}]: type ${String(c.type)} is not one of Zenodo's`);
      });
  }
  return errors;
}

describe("Zenodo metadata (.zenodo.json)", () => {
  it("follows Zenodo's field rules: creators named \"Family, Given\" where known, bare ORCID iDs, string affiliations, allowed types", async () => {
    const doc = JSON.parse(await render("zenodo")) as { title: string; creators: Array<Record<string, string>>; contributors: Array<Record<string, string>> };
    expect(checkZenodo(doc)).toEqual([]);
    expect(doc.title).toBe("Maji Safi: contributions 2026-01-01 – 2026-06-30");
    expect(doc.creators).toEqual([
      { name: "Njoroge, Amina", affiliation: "University of Nairobi", orcid: "0000-0002-1825-0097" },
      { name: "سارة 🌍" },
    ]);
    expect(doc.contributors).toEqual([
      // Not on the chat, credited with partnership roles and field data collection.
      { name: "Mama Zawadi", affiliation: "Kilifi Women's Group", orcid: "0000-0002-1694-233X", type: "DataCollector" },
      { name: "Kilifi Women's Group", affiliation: "Kilifi Women's Group", type: "Other" },
      { name: "Kilifi Women's Group", type: "HostingInstitution" },
    ]);
  });

  it("maps every role to one of Zenodo's types, HostingInstitution only for institutions", () => {
    for (const role of [...CREDIT_ROLES.ids, ...PARTNERSHIP_ROLES.ids]) expect(ZENODO_CONTRIBUTOR_TYPES).toContain(ZENODO_ROLE_TYPES[role]);
    expect(zenodoType("person", ["resources"])).toBe("Other");
    expect(zenodoType("institution", ["resources"])).toBe("HostingInstitution");
    expect(zenodoType("person", ["investigation", "supervision"])).toBe("Supervisor");
    expect(zenodoType("person", ["project_administration", "data_curation"])).toBe("ProjectLeader");
    expect(zenodoType("person", ["data_curation"])).toBe("DataCurator");
  });

  it("flags what Zenodo would refuse (the check itself is honest)", () => {
    expect(checkZenodo({ creators: [] })).toContain("creators: required, a non-empty array");
    expect(checkZenodo({ creators: [{ name: "A", orcid: "https://orcid.org/0000-0002-1825-0097" }] })).toHaveLength(1);
    expect(checkZenodo({ creators: [{ name: "A" }], contributors: [{ name: "B", type: "Author" }] })).toHaveLength(1);
  });
});

describe("people not on the chat, in chat and Markdown", () => {
  it("are marked, and a person named by institution reads as a member of it", () => {
    const t = translator("en");
    expect(describeContribution(t, ITEMS[1]!)).toContain("Mama Zawadi (not on the chat) (Kilifi Women's Group)");
    expect(describeContribution(t, ITEMS[3]!)).toContain("a member of Kilifi Women's Group");
    expect(describeContribution(translator("sw"), ITEMS[1]!)).toContain("Mama Zawadi (hayupo kwenye gumzo)");
  });
  it("speak one status word: unconfirmed, in chat, CSV and JSON alike", async () => {
    expect(describeContribution(translator("en"), ITEMS[0]!)).toContain("unconfirmed");
    const csv = await render("csv");
    expect(csv.split("\r\n")[1]).toContain(",unconfirmed,");
    expect(csv).not.toContain(",recorded,");
    const json = JSON.parse(await render("json")) as { totals: Record<string, number>; contributions: Array<{ status: string }> };
    expect(json.contributions.map((c) => c.status)).toEqual(Array(5).fill("unconfirmed"));
    expect(json.totals).toMatchObject({ total: 5, unconfirmed: 5 });
    expect(json.totals).not.toHaveProperty("recorded");
  });
});
