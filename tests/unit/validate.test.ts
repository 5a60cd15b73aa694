import { describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.ts";
import { translator } from "../../src/core/i18n/index.ts";
import * as validate from "../../src/core/validate.ts";
import { userError } from "./harness.ts";

describe("timeZone", () => {
  it("accepts IANA names case-insensitively, in canonical spelling", () => {
    expect(validate.timeZone("Africa/Nairobi")).toBe("Africa/Nairobi");
    expect(validate.timeZone("africa/nairobi")).toBe("Africa/Nairobi");
    expect(validate.timeZone("AMERICA/SAO_PAULO")).toBe("America/Sao_Paulo");
    expect(validate.timeZone("Pacific/Auckland")).toBe("Pacific/Auckland");
    expect(validate.timeZone("utc")).toBe("UTC");
  });

  it("accepts Asia/Kathmandu (UTC+05:45)", () => {
    // Node 20's ICU lists the legacy id "Asia/Katmandu"; people type the current name and keep it.
    const zone = validate.timeZone("asia/kathmandu");
    expect(zone).toBe("Asia/Kathmandu");
    expect(validate.timeZone("Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(validate.timeZone("Europe/Kyiv")).toBe("Europe/Kyiv");
    const offset = new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(new Date("2025-01-15T00:00:00Z"))
      .find((p) => p.type === "timeZoneName")?.value;
    expect(offset).toBe("GMT+05:45");
  });

  it("rejects an unknown zone with the IANA hint", () => {
    const e = userError(() => validate.timeZone("Mars/Olympus"));
    expect(e.message).toMatch(/^"Mars\/Olympus" is not a time zone I know\./);
    expect(e.hint).toBe("Use an IANA name such as Africa/Nairobi, America/Sao_Paulo or Asia/Kathmandu.");
  });

  it("suggests the zone of a city given alone", () => {
    const e = userError(() => validate.timeZone("Nairobi"));
    expect(e.message).toBe('"Nairobi" is not a time zone I know. Did you mean "Africa/Nairobi"?');
    expect(translator("es").msg(e.text)).toBe("No conozco la zona horaria «Nairobi». ¿Quisiste decir «Africa/Nairobi»?");
    expect(userError(() => validate.timeZone("sao paulo")).message).toContain('Did you mean "America/Sao_Paulo"?');
  });
});

describe("language", () => {
  it.each([
    ["fr", "fr"],
    ["FR", "fr"],
    ["French", "fr"],
    ["Swahili", "sw"],
    ["pt-BR", "pt-BR"],
    ["english", "en"],
  ])("%j → %j", (input, expected) => {
    expect(validate.language(input)).toBe(expected);
  });

  it("rejects an unknown code with a hint", () => {
    const e = userError(() => validate.language("xx"));
    expect(e.message).toBe('"xx" is not a language code I know.');
    expect(e.hint).toBe("Use a code such as en, fr, es, pt or sw.");
    expect(translator("fr").msg(e.text)).toBe("Je ne connais pas le code de langue « xx ».");
  });

  it("accepts a language's name in any language Mutual speaks", () => {
    expect(validate.language("français")).toBe("fr");
    expect(validate.language("Português")).toBe("pt");
    expect(validate.language("Kiswahili")).toBe("sw");
  });
});

describe("country", () => {
  it("accepts a two-letter code in any case, or an English name", () => {
    expect(validate.country("KE")).toBe("KE");
    expect(validate.country("ke")).toBe("KE");
    expect(validate.country("Kenya")).toBe("KE");
    expect(validate.country(" brazil ")).toBe("BR");
    expect(validate.country("Côte d’Ivoire")).toBe("CI");
  });

  it("rejects what is not a country", () => {
    const e = userError(() => validate.country("Atlantis"));
    expect(e.message).toBe('"Atlantis" is not a country I know.');
    expect(e.hint).toBe("Use a two-letter code such as KE, BR, NP, NZ or CH.");
    expect(() => validate.country("QQ")).toThrow(UserError);
    expect(() => validate.country("EU")).toThrow(UserError); // a union, not a country with its own holidays
    expect(translator("pt").msg(e.text)).toBe('Não conheço o país "Atlantis".');
    expect(translator("pt").msg(e.hintText!)).toBe("Use um código de duas letras como KE, BR, NP, NZ ou CH.");
  });

  it("accepts a country's name in any language Mutual speaks, as the option's description says", () => {
    expect(validate.country("Quênia")).toBe("KE");
    expect(validate.country("Kenia")).toBe("KE");
    expect(validate.country("Suisse")).toBe("CH");
    expect(validate.country("Brésil")).toBe("BR");
  });
});

describe("rorId", () => {
  it("accepts a valid ROR id as URL or bare id, returning the URL", () => {
    expect(validate.rorId("https://ror.org/03yrm5c26")).toBe("https://ror.org/03yrm5c26");
    expect(validate.rorId("03yrm5c26")).toBe("https://ror.org/03yrm5c26");
    expect(validate.rorId(" HTTP://ROR.ORG/03YRM5C26 ")).toBe("https://ror.org/03yrm5c26");
    // Other real ROR ids (Harvard, Oxford, Cambridge) pass the ISO 7064 mod 97-10 checksum too.
    for (const id of ["03vek6s52", "052gg0110", "013meh722"]) expect(validate.rorId(id)).toBe(`https://ror.org/${id}`);
  });

  it("rejects a changed checksum digit", () => {
    for (const bad of ["https://ror.org/03yrm5c27", "https://ror.org/03yrm5c16"]) {
      const e = userError(() => validate.rorId(bad));
      expect(e.message).toBe(`"${bad}" is not a valid ROR id (its checksum does not match).`);
    }
  });

  it("rejects a malformed id", () => {
    for (const bad of ["ror.org/xyz", "13yrm5c26", "03yrm5c2", "03yrl5c26", "https://example.org/03yrm5c26"]) {
      expect(userError(() => validate.rorId(bad)).message).toBe(`"${bad}" is not a ROR id.`);
    }
  });
});

describe("workDays", () => {
  it.each([
    ["mon-fri", [1, 2, 3, 4, 5]],
    ["sun-thu", [1, 2, 3, 4, 7]],
    ["sat-wed", [1, 2, 3, 6, 7]],
    ["mon,wed", [1, 3]],
    ["Monday-Friday", [1, 2, 3, 4, 5]],
    ["tue thu, sat", [2, 4, 6]],
    ["fri-fri", [5]],
  ])("%j → %j", (input, expected) => {
    expect(validate.workDays(input)).toEqual(expected);
  });

  it.each(["funday", "mon-", "-fri", "mon - fri", "1-5", "mon-tue-wed", "monkey"])("rejects %j", (input) => {
    const e = userError(() => validate.workDays(input));
    expect(e.message).toBe(`"${input}" is not a work week I understand.`);
    expect(e.hint).toBe("Write it like mon-fri, sun-thu or mon,tue,thu.");
  });

  it("needs at least one day", () => {
    const e = userError(() => validate.workDays(" , "));
    expect(e.message).toBe("A work week needs at least one day.");
    expect(translator("sw").msg(e.text)).toBe("Wiki ya kazi inahitaji angalau siku moja.");
  });

  it.each([
    ["sun-thu", "sun-thu"],
    ["sat-wed", "sat-wed"],
    ["mon-fri", "mon-fri"],
    ["mon,wed,fri", "mon,wed,fri"],
    ["fri", "fri"],
    ["mon-sun", "every day"],
  ])("formats %j back as %j", (input, expected) => {
    expect(validate.formatWorkDays(validate.workDays(input))).toBe(expected);
  });
});
