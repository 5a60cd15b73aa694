// Loads the reflection prompt sets from YAML files: the bundled prompts/ directory plus, optionally,
// a team's own directory (MUTUAL_PROMPTS_DIR). Everything is validated at start-up; the first
// problem stops it with the file and line named, so a broken file is never half-used.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { z } from "zod";
import { createPromptLibrary, type PromptLibrary, type PromptSet } from "../core/reflection/prompts.ts";

/** The bundled sets: prompts/ at the repository root (the same relative path from src/ and dist/). */
export const BUNDLED_PROMPTS_DIR = fileURLToPath(new URL("../../prompts/", import.meta.url));

export class PromptLibraryError extends Error {}

const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lower-case letters, digits and single hyphens, e.g. mutual-learning");
const language = z.string().regex(/^[a-z]{2,3}$/, "must be a two- or three-letter language code, e.g. en or sw");
const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);
const localized = (max: number) => z.record(language, text(max));

const fileSchema = z.strictObject({
  id,
  languages: z.array(language).min(1, "must list at least one language"),
  title: localized(80),
  description: localized(400),
  prompts: z.array(z.strictObject({ id, text: localized(500) })).min(1, "must hold at least one prompt"),
});

/** Line (1-based) of the YAML node at `at`, or of the nearest enclosing node that exists. */
function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, at: ReadonlyArray<PropertyKey>): number {
  let node: unknown = doc.contents;
  let found = node as Node | null;
  for (const key of at) {
    if (isMap(node)) node = node.get(key as string, true);
    else if (isSeq(node)) node = node.get(key as number, true);
    else break;
    if (!node) break;
    found = node as Node;
  }
  return counter.linePos(found?.range?.[0] ?? 0).line;
}

function loadFile(file: string): PromptSet & { idLine: number } {
  const counter = new LineCounter();
  const source = readFileSync(file, "utf8");
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const fail = (line: number, message: string): never => {
    throw new PromptLibraryError(`Prompt file ${file}:${line}: ${message}`);
  };
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    fail(counter.linePos(e.pos[0]).line, e.message.split("\n")[0]!);
  }
  const parsed = fileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.join(".");
    if (issue.code === "unrecognized_keys") {
      // zod names the object; the line worth showing is the unknown key's own.
      const key = issue.keys[0]!;
      fail(lineOf(doc, counter, [...issue.path, key]), `unknown key "${key}"${where ? ` in ${where}` : ""}; expected ${where ? "id and text" : "id, languages, title, description and prompts"}`);
    }
    fail(lineOf(doc, counter, issue.path), `${where || "the file"} ${issue.message}`);
  }
  const data = parsed.data!;
  const expectedId = path.basename(file).replace(/\.ya?ml$/, "");
  if (data.id !== expectedId) fail(lineOf(doc, counter, ["id"]), `id "${data.id}" must match the file name (${expectedId})`);
  const languagesIn = (where: ReadonlyArray<PropertyKey>, record: Record<string, string>) => {
    for (const l of data.languages) if (!record[l]) fail(lineOf(doc, counter, where), `${where.join(".")} has no "${l}" text, but the set declares languages ${data.languages.join(", ")}`);
    for (const l of Object.keys(record)) if (!data.languages.includes(l)) fail(lineOf(doc, counter, [...where, l]), `${where.join(".")} has "${l}" text, which is not in languages`);
  };
  languagesIn(["title"], data.title);
  languagesIn(["description"], data.description);
  const seen = new Set<string>();
  data.prompts.forEach((p, i) => {
    if (seen.has(p.id)) fail(lineOf(doc, counter, ["prompts", i, "id"]), `prompt id "${p.id}" is used twice`);
    seen.add(p.id);
    languagesIn(["prompts", i, "text"], p.text);
  });
  return {
    id: data.id,
    title: data.title,
    description: data.description,
    languages: data.languages,
    prompts: data.prompts.map((p) => ({ key: `${data.id}/${p.id}`, text: p.text })),
    source: file,
    idLine: lineOf(doc, counter, ["id"]),
  };
}

/** Every *.yaml / *.yml file of the directories, in name order; set ids must be unique across them. */
export function loadPromptLibrary(directories: readonly string[]): PromptLibrary {
  const sets: PromptSet[] = [];
  for (const dir of directories) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
    } catch (e) {
      throw new PromptLibraryError(`Cannot read the prompt directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`);
    }
    for (const name of names) {
      const { idLine, ...set } = loadFile(path.join(dir, name));
      const twin = sets.find((s) => s.id === set.id);
      if (twin) throw new PromptLibraryError(`Prompt file ${set.source}:${idLine}: set id "${set.id}" is already used by ${twin.source}`);
      sets.push(set);
    }
  }
  if (sets.length === 0) throw new PromptLibraryError(`No prompt sets found in ${directories.join(", ")}.`);
  return createPromptLibrary(sets);
}
