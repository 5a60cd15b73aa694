// The message catalogue: every language has every message, with the same ICU arguments as the
// English source, and the library words plurals, lists, numbers and dates per language.
import { describe, expect, it } from "vitest";
import { isStructurallySame, parse } from "@formatjs/icu-messageformat-parser";
import { CATALOGUES, LANGUAGES, and, msg, or, pickLanguage, translator } from "../../src/core/i18n/index.ts";

const messages = (lang: (typeof LANGUAGES)[number]) => Object.entries(CATALOGUES[lang]).filter(([id]) => !id.startsWith("@")) as Array<[string, string]>;
const english = new Map(messages("en"));

describe("the catalogue", () => {
  it.each(LANGUAGES.filter((l) => l !== "en"))("%s has exactly the English message ids", (lang) => {
    const ids = new Set(messages(lang).map(([id]) => id));
    expect([...english.keys()].filter((id) => !ids.has(id)), "missing").toEqual([]);
    expect([...ids].filter((id) => !english.has(id)), "not in English").toEqual([]);
  });

  it.each(LANGUAGES)("every %s message is valid ICU and uses the English message's arguments", (lang) => {
    const wrong: string[] = [];
    for (const [id, text] of messages(lang)) {
      const ast = parse(text, { ignoreTag: true });
      const source = parse(english.get(id)!, { ignoreTag: true });
      const same = isStructurallySame(source, ast);
      if (!same.success) wrong.push(`${id}: ${same.error?.message}`);
      expect(typeof text, id).toBe("string");
    }
    expect(wrong).toEqual([]);
  });

  it.each(LANGUAGES.filter((l) => l !== "en"))("%s lists under @review only ids it has", (lang) => {
    const review = (CATALOGUES[lang]["@review"] ?? []) as string[];
    expect(Array.isArray(review)).toBe(true);
    expect(review.filter((id) => !english.has(id))).toEqual([]);
  });

  it("keeps no message in code: every id the English catalogue has is a string", () => {
    for (const [id, text] of messages("en")) expect(text.trim().length, id).toBeGreaterThan(0);
  });
});

describe("wording", () => {
  it("picks the first language Mutual speaks, else English", () => {
    expect(pickLanguage("pt-BR")).toBe("pt");
    expect(pickLanguage(undefined, "de", "sw")).toBe("sw");
    expect(pickLanguage("de")).toBe("en");
    expect(pickLanguage(null)).toBe("en");
  });

  it("words plurals, numbers and lists per language", () => {
    // French groups digits and sets off % with narrow no-break spaces.
    const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, " ");
    expect(plain(translator("fr")("parse.tooLong", { length: 10016, max: 4000 }))).toBe("Cette commande est trop longue (10 016 caractères ; la limite est de 4 000).");
    expect(translator("en")("parse.tooLong", { length: 10016, max: 4000 })).toBe("That command is too long (10,016 characters; the limit is 4,000).");
    expect(translator("pt").list(["A", "B", "C"])).toBe("A, B e C");
    expect(translator("es").list(["A", "B"], "or")).toBe("A o B");
    expect(plain(translator("fr").percent(0.25))).toBe("25 %");
  });

  it("words dates in the reader's language, calendar days without shifting", () => {
    expect(translator("fr").date("2026-12-07", "weekday")).toBe("lun. 7 déc.");
    expect(translator("en").date("2026-12-07", "weekday")).toBe("Mon, Dec 7");
    expect(translator("sw").date("2026-12-07", "medium")).toMatch(/7 Des 2026/);
  });

  it("words nested messages and lists of messages in the same language", () => {
    const t = translator("es");
    const text = t("parse.choiceInvalid", { value: "x", option: "stage", didYouMean: msg("common.didYouMean", { suggestion: "postdoc" }), choices: or(["a", "b"]) });
    expect(text).toBe("«x» no es un valor válido para stage. ¿Quisiste decir «postdoc»? Elige uno de: a o b.");
    expect(translator("en")("parse.needsSubcommand", { command: "my", subcommands: and(["data", "reflections"]) })).toBe("`my` needs one of: data and reflections.");
  });

  it("keeps <placeholders> of usage lines as text", () => {
    expect(translator("fr")("parse.usage", { usage: "project join <project>" })).toBe("Utilisation : project join <project>");
  });
});
