// The reflection prompt library: the bundled sets in prompts/, a team's own directory added after
// them, and every way a prompt file can be broken — each stopping the load with the file and the
// line of the problem named.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createPromptLibrary, inLanguage, languageFor, nextPrompt, type PromptLibrary, type PromptSet } from "../../src/core/reflection/prompts.ts";
import { BUNDLED_PROMPTS_DIR, loadPromptLibrary, PromptLibraryError } from "../../src/prompts/library.ts";

// ---------------------------------------------------------------------------------------------
// Helpers

const tempDirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mutual-prompts-"));
  tempDirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A directory holding one file with `source`; returns the file's full path. */
function writeSet(fileName: string, source: string, dir = tempDir()): string {
  const file = path.join(dir, fileName);
  writeFileSync(file, source);
  return file;
}

/** The 1-based number of the one line of `source` that is exactly `line` (so expectations follow the fixture). */
function lineNumberOf(source: string, line: string): number {
  const lines = source.split("\n");
  const at = lines.flatMap((l, i) => (l === line ? [i + 1] : []));
  expect(at, `fixture must contain the line ${JSON.stringify(line)} exactly once`).toHaveLength(1);
  return at[0]!;
}

/** Runs the load and returns the PromptLibraryError it must throw. */
function loadError(directories: string[]): PromptLibraryError {
  try {
    loadPromptLibrary(directories);
  } catch (e) {
    expect(e).toBeInstanceOf(PromptLibraryError);
    return e as PromptLibraryError;
  }
  throw new Error(`loadPromptLibrary(${JSON.stringify(directories)}) did not throw`);
}

/** Expects the error to be `Prompt file <file>:<line>: …` and returns the problem after the prefix. */
function expectFileAndLine(error: Error, file: string, line: number): string {
  const prefix = `Prompt file ${file}:${line}: `;
  expect(error.message.startsWith(prefix), `expected "${error.message}" to start with "${prefix}"`).toBe(true);
  expect(error.message).not.toContain("\n"); // one line, for the CLI's one-line failure
  return error.message.slice(prefix.length);
}

// A valid two-language set. Line numbers are shown for reading; the tests compute them with lineNumberOf.
const VALID = [
  "# A small set for tests.", //  1
  "# Ids are stable.", //  2
  "id: demo", //  3
  "languages: [en, fr]", //  4
  "title:", //  5
  '  en: "Demo"', //  6
  '  fr: "Démo"', //  7
  "description:", //  8
  '  en: "A set for tests."', //  9
  '  fr: "Un jeu pour les tests."', // 10
  "prompts:", // 11
  "  - id: d-01", // 12
  "    text:", // 13
  '      en: "First question?"', // 14
  '      fr: "Première question ?"', // 15
  "  - id: d-02", // 16
  "    text:", // 17
  '      en: "Second question?"', // 18
  '      fr: "Deuxième question ?"', // 19
  "  - id: d-03", // 20
  "    text:", // 21
  '      en: "Third question?"', // 22
  '      fr: "Troisième question ?"', // 23
  "",
].join("\n");

/** VALID with one exact line replaced (the line must exist exactly once). */
function variant(line: string, replacement: string): string {
  lineNumberOf(VALID, line);
  return VALID.replace(`${line}\n`, replacement === "" ? "" : `${replacement}\n`);
}

// ---------------------------------------------------------------------------------------------

describe("the bundled prompt library", () => {
  let library: PromptLibrary;
  beforeAll(() => {
    library = loadPromptLibrary([BUNDLED_PROMPTS_DIR]);
  });

  it("has at least six sets and forty prompts", () => {
    expect(library.sets.length).toBeGreaterThanOrEqual(6);
    const total = library.sets.reduce((n, s) => n + s.prompts.length, 0);
    expect(total).toBeGreaterThanOrEqual(40);
    expect(library.sets.map((s) => s.id)).toEqual(
      expect.arrayContaining(["capacity-needs", "follow-up", "forms-of-knowledge", "language-and-culture", "mutual-learning", "own-perspective", "partnership-and-power"]),
    );
  });

  it("has every prompt, title and description in English, French, Spanish and Portuguese", () => {
    for (const set of library.sets) {
      expect(set.languages).toEqual(expect.arrayContaining(["en", "fr", "es", "pt"]));
      for (const lang of ["en", "fr", "es", "pt"]) {
        expect(set.title[lang]?.trim(), `${set.id} title.${lang}`).toBeTruthy();
        expect(set.description[lang]?.trim(), `${set.id} description.${lang}`).toBeTruthy();
        for (const prompt of set.prompts) expect(prompt.text[lang]?.trim(), `${prompt.key} ${lang}`).toBeTruthy();
      }
      // The translations are translations, not copies of the English.
      for (const prompt of set.prompts) expect(new Set(["en", "fr", "es", "pt"].map((l) => prompt.text[l])).size, prompt.key).toBe(4);
    }
  });

  it("keys every prompt <set>/<id>, uniquely, and finds it by key", () => {
    const keys = library.sets.flatMap((s) => s.prompts.map((p) => p.key));
    expect(new Set(keys).size).toBe(keys.length);
    for (const set of library.sets) {
      for (const prompt of set.prompts) {
        expect(prompt.key).toMatch(new RegExp(`^${set.id}/[a-z0-9]+(-[a-z0-9]+)*$`));
        expect(library.prompt(prompt.key)).toBe(prompt);
      }
    }
    expect(library.prompt("mutual-learning/no-such-prompt")).toBeUndefined();
  });

  it("names each set after its file, and one set per file", () => {
    const files = readdirSync(BUNDLED_PROMPTS_DIR).filter((n) => /\.ya?ml$/.test(n));
    expect(files.length).toBe(library.sets.length);
    for (const set of library.sets) {
      expect(path.dirname(set.source)).toBe(path.resolve(BUNDLED_PROMPTS_DIR));
      expect(path.basename(set.source).replace(/\.ya?ml$/, "")).toBe(set.id);
      expect(library.set(set.id)).toBe(set);
    }
    expect(library.set("no-such-set")).toBeUndefined();
  });
});

describe("a broken prompt file stops the load, naming the file and the line", () => {
  it("loads the valid fixture (so each broken variant below fails for its own reason)", () => {
    const dir = tempDir();
    writeSet("demo.yaml", VALID, dir);
    const library = loadPromptLibrary([dir]);
    expect(library.sets.map((s) => s.id)).toEqual(["demo"]);
    expect(library.set("demo")!.prompts.map((p) => p.key)).toEqual(["demo/d-01", "demo/d-02", "demo/d-03"]);
  });

  it("a YAML syntax error: the line of the stray character", () => {
    const source = variant('      fr: "Première question ?"', '      fr: "Première question ?"}');
    const file = writeSet("demo.yaml", source);
    const error = loadError([path.dirname(file)]);
    const problem = expectFileAndLine(error, file, lineNumberOf(source, '      fr: "Première question ?"}')); // line 15
    expect(problem).toContain('"}"');
  });

  it("a key given twice in one mapping (YAML error): the line of the second key", () => {
    const source = variant('      fr: "Deuxième question ?"', '      en: "Second question, again?"');
    const file = writeSet("demo.yaml", source);
    const problem = expectFileAndLine(loadError([path.dirname(file)]), file, lineNumberOf(source, '      en: "Second question, again?"')); // line 19
    expect(problem).toMatch(/unique/i);
  });

  it("a prompt missing one of the declared languages: the line of its text mapping", () => {
    const source = variant('      fr: "Deuxième question ?"', "");
    const file = writeSet("demo.yaml", source);
    // The offending node is prompts[1].text, the mapping whose only entry is on line 18 (its key `text:` is line 17).
    const textLine = lineNumberOf(source, '      en: "Second question?"');
    expect(textLine).toBe(18);
    const problem = expectFileAndLine(loadError([path.dirname(file)]), file, textLine);
    expect(problem).toBe('prompts.1.text has no "fr" text, but the set declares languages en, fr');
  });

  it("a prompt missing a language, written as a flow mapping: the line of that mapping", () => {
    const source = VALID.replace('    text:\n      en: "Third question?"\n      fr: "Troisième question ?"\n', '    text: { en: "Third question?" }\n');
    const file = writeSet("demo.yaml", source);
    const problem = expectFileAndLine(loadError([path.dirname(file)]), file, lineNumberOf(source, '    text: { en: "Third question?" }')); // line 21
    expect(problem).toBe('prompts.2.text has no "fr" text, but the set declares languages en, fr');
  });

  it("a prompt with a language the set does not declare: the line of that text", () => {
    const source = variant('      fr: "Troisième question ?"', '      fr: "Troisième question ?"\n      de: "Dritte Frage?"');
    const file = writeSet("demo.yaml", source);
    const problem = expectFileAndLine(loadError([path.dirname(file)]), file, lineNumberOf(source, '      de: "Dritte Frage?"')); // line 24
    expect(problem).toBe('prompts.2.text has "de" text, which is not in languages');
  });

  it("an empty prompt text: the line of that text", () => {
    const source = variant('      en: "Second question?"', '      en: "   "');
    const file = writeSet("demo.yaml", source);
    const problem = expectFileAndLine(loadError([path.dirname(file)]), file, lineNumberOf(source, '      en: "   "')); // line 18
    expect(problem).toBe("prompts.1.text.en must not be empty");
  });

  it("a prompt id used twice in a set: the line of the second id", () => {
    const source = variant("  - id: d-03", "  - id: d-01");
    const file = writeSet("demo.yaml", source);
    const secondId = source.split("\n").lastIndexOf("  - id: d-01") + 1;
    expect(secondId).toBe(20);
    const problem = expectFileAndLine(loadError([path.dirname(file)]), file, secondId);
    expect(problem).toBe('prompt id "d-01" is used twice');
  });

  it("a set id that does not match the file name: the line of the id", () => {
    const file = writeSet("team-rituals.yaml", VALID);
    const problem = expectFileAndLine(loadError([path.dirname(file)]), file, lineNumberOf(VALID, "id: demo")); // line 3
    expect(problem).toBe('id "demo" must match the file name (team-rituals)');
  });

  it("an unknown top-level key: the line of that key", () => {
    const source = `${VALID}author: "Someone"\n`;
    const file = writeSet("demo.yaml", source);
    const error = loadError([path.dirname(file)]);
    expect(error.message).toContain("author");
    expectFileAndLine(error, file, lineNumberOf(source, 'author: "Someone"')); // line 24
  });

  it("an empty directory: no prompt sets found", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "README.md"), "Not a prompt set.\n"); // only *.yaml / *.yml count
    const error = loadError([dir]);
    expect(error.message).toBe(`No prompt sets found in ${dir}.`);
  });

  it("a missing directory: says it cannot be read, and why", () => {
    const dir = path.join(tempDir(), "no-such-dir");
    const error = loadError([BUNDLED_PROMPTS_DIR, dir]);
    expect(error.message).toBe(`Cannot read the prompt directory ${dir}: ENOENT.`);
  });

  it("a team set reusing a bundled set's id: the line of the id, and both files named", () => {
    const source = VALID.replace("id: demo", "id: mutual-learning");
    const file = writeSet("mutual-learning.yaml", source);
    const error = loadError([BUNDLED_PROMPTS_DIR, path.dirname(file)]);
    const problem = expectFileAndLine(error, file, lineNumberOf(source, "id: mutual-learning")); // line 3, after the two comment lines
    expect(problem).toBe(`set id "mutual-learning" is already used by ${path.join(BUNDLED_PROMPTS_DIR, "mutual-learning.yaml")}`);
  });
});

describe("a team's own prompt directory", () => {
  it("adds its sets after the bundled ones, reachable by set id and prompt key", () => {
    const dir = tempDir();
    const file = writeSet("team-rituals.yaml", VALID.replace("id: demo", "id: team-rituals"), dir);
    mkdirSync(path.join(dir, "drafts")); // sub-directories are not read
    writeFileSync(path.join(dir, "notes.txt"), "ignored\n");
    const bundled = loadPromptLibrary([BUNDLED_PROMPTS_DIR]);
    const library = loadPromptLibrary([BUNDLED_PROMPTS_DIR, dir]);

    expect(library.sets.map((s) => s.id)).toEqual([...bundled.sets.map((s) => s.id), "team-rituals"]);
    const set = library.set("team-rituals")!;
    expect(set).toBeDefined();
    expect(set.source).toBe(file);
    expect(set.languages).toEqual(["en", "fr"]);
    expect(set.title).toEqual({ en: "Demo", fr: "Démo" });
    expect(set.prompts.map((p) => p.key)).toEqual(["team-rituals/d-01", "team-rituals/d-02", "team-rituals/d-03"]);
    expect(library.prompt("team-rituals/d-02")?.text).toEqual({ en: "Second question?", fr: "Deuxième question ?" });
    // The bundled sets are all still there.
    expect(library.prompt("mutual-learning/ml-01")?.text.en).toBe(bundled.prompt("mutual-learning/ml-01")?.text.en);
  });

  it("reads .yml files too", () => {
    const dir = tempDir();
    writeSet("short-set.yml", VALID.replace("id: demo", "id: short-set"), dir);
    const library = loadPromptLibrary([dir]);
    expect(library.set("short-set")?.prompts).toHaveLength(3);
  });
});

// ---------------------------------------------------------------------------------------------

const SET: PromptSet = {
  id: "demo",
  title: { en: "Demo", pt: "Demonstração" },
  description: { en: "For tests." },
  languages: ["en", "pt", "sw"],
  prompts: ["a", "b", "c", "d"].map((id) => ({ key: `demo/${id}`, text: { en: `English ${id}`, pt: `Português ${id}` } })),
  source: "/nowhere/demo.yaml",
};

describe("nextPrompt", () => {
  it("gives a newcomer the first prompt of the set", () => {
    expect(nextPrompt(SET, undefined).key).toBe("demo/a");
    expect(nextPrompt(SET, new Map()).key).toBe("demo/a");
  });

  it("gives the first unseen prompt in the set's order, whatever was seen when", () => {
    expect(nextPrompt(SET, new Map([["demo/a", 1_000]])).key).toBe("demo/b");
    // b and d seen (d most recently, b long ago): a is still the first unseen.
    expect(nextPrompt(SET, new Map([["demo/b", 5], ["demo/d", 9_000]])).key).toBe("demo/a");
    expect(nextPrompt(SET, new Map([["demo/a", 3_000], ["demo/b", 1_000], ["demo/d", 2_000]])).key).toBe("demo/c");
    // Keys of other sets do not count as seen.
    expect(nextPrompt(SET, new Map([["other/a", 1], ["other/b", 2]])).key).toBe("demo/a");
  });

  it("once all were seen, gives the one seen longest ago", () => {
    const seen = (times: number[]) => new Map(times.map((t, i) => [SET.prompts[i]!.key, t]));
    expect(nextPrompt(SET, seen([400, 300, 100, 200])).key).toBe("demo/c");
    expect(nextPrompt(SET, seen([100, 400, 300, 200])).key).toBe("demo/a");
    expect(nextPrompt(SET, seen([400, 300, 200, 100])).key).toBe("demo/d");
  });

  it("walks a bundled set in order, then cycles from the least recently seen", () => {
    const set = loadPromptLibrary([BUNDLED_PROMPTS_DIR]).set("mutual-learning")!;
    const seen = new Map<string, number>();
    const order: string[] = [];
    for (let t = 1; t <= set.prompts.length + 2; t++) {
      const p = nextPrompt(set, seen);
      order.push(p.key);
      seen.set(p.key, t);
    }
    const keys = set.prompts.map((p) => p.key);
    expect(order).toEqual([...keys, keys[0], keys[1]]);
  });
});

describe("languages", () => {
  it("languageFor: the person's own language when the set has it, else English, else the set's first", () => {
    expect(languageFor(SET, "pt")).toBe("pt");
    expect(languageFor(SET, "sw")).toBe("sw");
    expect(languageFor(SET, "de")).toBe("en");
    expect(languageFor(SET, "")).toBe("en");
    expect(languageFor({ languages: ["fr", "pt"] }, "de")).toBe("fr");
  });

  it("inLanguage: the text in that language, else the English, else any", () => {
    const text = SET.prompts[1]!.text;
    expect(inLanguage(text, "pt")).toBe("Português b");
    expect(inLanguage(text, "de")).toBe("English b");
    expect(inLanguage(text, "sw")).toBe("English b");
    expect(inLanguage({ fr: "Bonjour" }, "de")).toBe("Bonjour");
    expect(inLanguage({}, "en")).toBe("");
  });

  it("falls back to English for a real bundled prompt", () => {
    const library = createPromptLibrary(loadPromptLibrary([BUNDLED_PROMPTS_DIR]).sets);
    const set = library.set("forms-of-knowledge")!;
    const prompt = set.prompts[0]!;
    expect(languageFor(set, "ja")).toBe("en");
    expect(inLanguage(prompt.text, languageFor(set, "ja"))).toBe(prompt.text.en);
    expect(inLanguage(prompt.text, languageFor(set, "es"))).toBe(prompt.text.es);
    expect(prompt.text.es).not.toBe(prompt.text.en);
  });
});
