// The reflection prompt library as the core sees it: sets of prompts, each in several languages.
// Loading and validating the files in prompts/ is src/prompts/library.ts's job.

/** Text by BCP 47 primary language subtag ("en", "fr", …). */
export type Localized = Readonly<Record<string, string>>;

export interface Prompt {
  /** "<set>/<prompt>", e.g. "mutual-learning/ml-03": what deliveries and answers record. */
  key: string;
  text: Localized;
}

export interface PromptSet {
  id: string;
  title: Localized;
  description: Localized;
  languages: readonly string[];
  prompts: readonly Prompt[];
  /** The file it came from, for messages about it. */
  source: string;
}

export interface PromptLibrary {
  readonly sets: readonly PromptSet[];
  set(id: string): PromptSet | undefined;
  prompt(key: string): Prompt | undefined;
}

export function createPromptLibrary(sets: readonly PromptSet[]): PromptLibrary {
  const byId = new Map(sets.map((s) => [s.id, s]));
  const byKey = new Map(sets.flatMap((s) => s.prompts.map((p) => [p.key, p] as const)));
  return { sets, set: (id) => byId.get(id), prompt: (key) => byKey.get(key) };
}

/** The language a person reads a set in: their own if the set has it, else English, else the set's first. */
export const languageFor = (set: Pick<PromptSet, "languages">, language: string): string =>
  set.languages.includes(language) ? language : set.languages.includes("en") ? "en" : set.languages[0]!;

export const inLanguage = (text: Localized, language: string): string => text[language] ?? text.en ?? Object.values(text)[0] ?? "";

/**
 * The next prompt of a set for one person: the first in the set's order they have not had, so a
 * team moves through a set together; once every prompt has come, the one they had longest ago.
 * `seen` maps prompt keys to when the person last had them (epoch ms).
 */
export function nextPrompt(set: PromptSet, seen: ReadonlyMap<string, number> | undefined): Prompt {
  let oldest = set.prompts[0]!;
  for (const prompt of set.prompts) {
    const at = seen?.get(prompt.key);
    if (at === undefined) return prompt;
    if (at < (seen!.get(oldest.key) ?? 0)) oldest = prompt;
  }
  return oldest;
}
