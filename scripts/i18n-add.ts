// Adds or replaces messages in every catalogue at once, keeping each file sorted by id:
//   npx tsx scripts/i18n-add.ts batch.json
// where batch.json is { "<id>": { "en": "…", "fr": "…", "es": "…", "pt": "…", "sw": "…" }, … }.
// A translation added this way is listed under "@review" (awaiting a native speaker) unless the
// batch entry says "reviewed": ["fr", …].
import { readFileSync, writeFileSync } from "node:fs";

const LANGS = ["en", "fr", "es", "pt", "sw"];
const dir = new URL("../src/core/i18n/locales/", import.meta.url);
type Batch = Record<string, Record<string, string> & { reviewed?: string[] }>;
const file = process.argv[2];
if (!file) {
  console.error("Usage: npx tsx scripts/i18n-add.ts batch.json");
  process.exit(2);
}
const batch = JSON.parse(readFileSync(file, "utf8")) as Batch;

for (const lang of LANGS) {
  const target = new URL(`${lang}.json`, dir);
  let catalogue: Record<string, unknown> = {};
  try {
    catalogue = JSON.parse(readFileSync(target, "utf8")) as Record<string, unknown>;
  } catch {
    // a new catalogue
  }
  const review = new Set((catalogue["@review"] as string[] | undefined) ?? []);
  for (const [id, texts] of Object.entries(batch)) {
    if (typeof texts[lang] !== "string") throw new Error(`${id}: no ${lang} text`);
    catalogue[id] = texts[lang];
    if (lang !== "en") {
      if ((texts.reviewed as string[] | undefined)?.includes(lang)) review.delete(id);
      else review.add(id);
    }
  }
  const { "@review": _review, ...messages } = catalogue;
  const sorted = Object.fromEntries(Object.keys(messages).sort().map((k) => [k, messages[k]]));
  const out = lang === "en" ? sorted : { "@review": [...review].filter((id) => id in sorted).sort(), ...sorted };
  writeFileSync(target, `${JSON.stringify(out, null, 2)}\n`);
}
console.log(`${Object.keys(batch).length} messages written to ${LANGS.length} catalogues.`);
