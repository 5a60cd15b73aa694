// Forgiving matching of what people type against known names: case, accents, punctuation and
// word separators don't matter ("Data-Curation" = "data curation"), and a near miss gets a
// "did you mean" instead of a silent guess.
import { distance } from "fastest-levenshtein";
import { inAllLanguages, isMessageId, msg, type Msg } from "./i18n/index.ts";

/** "Writing – Review & Editing" → "writing review editing"; "Universidad de los Andés" → "universidad de los andes" */
export function fold(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/&/g, " ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The closest candidate, if it is close enough to be a plausible typo. */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const target = fold(input);
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const folded = fold(candidate);
    const score = folded.includes(target) || target.includes(folded) ? 0.5 : distance(target, folded);
    if (!best || score < best.score) best = { candidate, score };
  }
  const allowed = Math.max(2, Math.floor(target.length / 3));
  return best && best.score <= allowed ? best.candidate : undefined;
}

/** " Did you mean “x”?" in the reader's language, or nothing: a value for messages ending in {didYouMean}. */
export const didYouMean = (suggestion: string | undefined): Msg | "" => (suggestion ? msg("common.didYouMean", { suggestion }) : "");

/**
 * Resolves input to one id of a vocabulary, matching ids, labels and extra aliases after folding.
 * Returns undefined when nothing matches; callers turn that into a UserError with closest().
 */
export function matchVocabulary<Id extends string>(
  input: string,
  labels: Record<Id, string>,
  aliases: Partial<Record<string, Id>> = {},
): Id | undefined {
  const target = fold(input);
  const entries = foldedLabels(labels);
  for (const [id, words] of entries) {
    if (words.includes(target)) return id;
  }
  for (const [alias, id] of foldedAliases(aliases)) {
    if (alias === target) return id;
  }
  // A word that starts exactly one label is enough: "phd" → "PhD candidate", "community" → "community organisation".
  if (target.length >= 3) {
    const starts = entries.filter(([, words]) => words.some((w) => w.startsWith(target)));
    if (starts.length === 1) return starts[0]![0];
  }
  return undefined;
}

// Vocabularies are constant objects: each is folded once (its id first, then its wordings in every
// language), not on every role or form of knowledge someone types.
const labelCache = new WeakMap<object, ReadonlyArray<readonly [string, readonly string[]]>>();
const aliasCache = new WeakMap<object, ReadonlyArray<readonly [string, string]>>();

function foldedLabels<Id extends string>(labels: Record<Id, string>): ReadonlyArray<readonly [Id, readonly string[]]> {
  let entries = labelCache.get(labels);
  if (!entries) {
    entries = Object.entries<string>(labels).map(([id, label]) => [id, [fold(id), ...wordings(label).map(fold)]] as const);
    labelCache.set(labels, entries);
  }
  return entries as ReadonlyArray<readonly [Id, readonly string[]]>;
}

function foldedAliases<Id extends string>(aliases: Partial<Record<string, Id>>): ReadonlyArray<readonly [string, Id]> {
  let entries = aliasCache.get(aliases);
  if (!entries) {
    entries = Object.entries(aliases).map(([alias, id]) => [fold(alias), id as string] as const);
    aliasCache.set(aliases, entries);
  }
  return entries as ReadonlyArray<readonly [string, Id]>;
}

/** A label's wordings: a catalogue id in every language ("solo tú" is "only you"), else the literal label. */
export const wordings = (label: string): string[] => (isMessageId(label) ? inAllLanguages(label) : [label]);
