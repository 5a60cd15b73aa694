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
  const entries = (Object.entries(labels) as Array<[Id, string]>).map(([id, label]) => [id, wordings(label).map(fold)] as const);
  for (const [id, words] of entries) {
    if (fold(id) === target || words.includes(target)) return id;
  }
  for (const [alias, id] of Object.entries(aliases)) {
    if (fold(alias) === target) return id;
  }
  // A word that starts exactly one label is enough: "phd" → "PhD candidate", "community" → "community organisation".
  if (target.length >= 3) {
    const starts = entries.filter(([id, words]) => fold(id).startsWith(target) || words.some((w) => w.startsWith(target)));
    if (starts.length === 1) return starts[0]![0];
  }
  return undefined;
}

/** A label's wordings: a catalogue id in every language ("solo tú" is "only you"), else the literal label. */
export const wordings = (label: string): string[] => (isMessageId(label) ? inAllLanguages(label) : [label]);
