#!/usr/bin/env node
/* global URL, process, console */
// Adds or replaces messages in every catalogue at once, keeping each file sorted by id:
//   node scripts/i18n-add.mjs batch.json
// where batch.json is { "<id>": { "en": "…", "fr": "…", "es": "…", "pt": "…", "sw": "…" }, … }.
// A translation added this way is listed under "@review" (awaiting a native speaker) unless the
// batch entry says "reviewed": ["fr", …].
import { readFileSync, writeFileSync } from "node:fs";

const LANGS = ["en", "fr", "es", "pt", "sw"];
const dir = new URL("../src/core/i18n/locales/", import.meta.url);
const batch = JSON.parse(readFileSync(process.argv[2], "utf8"));

for (const lang of LANGS) {
  const file = new URL(`${lang}.json`, dir);
  let catalogue = {};
  try {
    catalogue = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    // a new catalogue
  }
  const review = new Set(catalogue["@review"] ?? []);
  for (const [id, texts] of Object.entries(batch)) {
    if (typeof texts[lang] !== "string") throw new Error(`${id}: no ${lang} text`);
    catalogue[id] = texts[lang];
    if (lang !== "en") {
      if ((texts.reviewed ?? []).includes(lang)) review.delete(id);
      else review.add(id);
    }
  }
  const { "@review": _, ...messages } = catalogue;
  const sorted = Object.fromEntries(Object.keys(messages).sort().map((k) => [k, messages[k]]));
  const out = lang === "en" ? sorted : { "@review": [...review].filter((id) => id in sorted).sort(), ...sorted };
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
}
console.log(`${Object.keys(batch).length} messages written to ${LANGS.length} catalogues.`);
