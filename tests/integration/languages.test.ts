// One whole session per language: every command path, a few mistakes, and the notices Mutual sends to
// other people, with everyone speaking fr, es, pt or sw. No English sentence of the catalogue may
// reach them: only names and values people typed, and the grammar's words (commands, options, values).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { commandPaths } from "../../src/core/commands/access.ts";
import { commands } from "../../src/core/commands/index.ts";
import { locateAction, tokenize } from "../../src/core/commands/parse.ts";
import { CATALOGUES, type Lang } from "../../src/core/i18n/index.ts";
import { renderPlainText } from "../../src/core/message.ts";
import { startTestApp, type TestApp } from "../helpers/app.ts";

/** The literal words of a message (outside placeholders, inside plural and select branches too). */
function literals(elements: MessageFormatElement[], out: string[] = []): string[] {
  for (const e of elements) {
    if (e.type === TYPE.literal) out.push(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select) for (const option of Object.values(e.options)) literals(option.value, out);
  }
  return out;
}

/**
 * English phrases that would give away an untranslated message: literal runs of at least three words
 * that the language's own wording of that message does not also contain (a name of a thing that
 * stays the same, "Mutual", a cron expression, is not English prose).
 */
function englishPhrases(lang: Lang): Map<string, string> {
  const phrases = new Map<string, string>();
  const theirs = CATALOGUES[lang];
  for (const [id, text] of Object.entries(CATALOGUES.en)) {
    if (id.startsWith("@") || typeof text !== "string") continue;
    const translated = String(theirs[id] ?? "");
    for (const literal of literals(parse(text, { ignoreTag: true }))) {
      for (const run of literal.split(/[.:;!?()"“”«»\n—–·•]+/)) {
        const phrase = run.trim();
        if (phrase.split(/\s+/).length >= 2 && /[a-z]/.test(phrase) && !translated.includes(phrase)) phrases.set(phrase, id);
      }
    }
  }
  return phrases;
}

/** What each person types, in order; `{lang}` becomes the session's language. */
const SESSION: Array<[who: string, line: string]> = [
  ["lena", "profile lang={lang} tz=Africa/Dakar"],
  ["bea", "profile lang={lang} tz=America/Sao_Paulo"],
  ["mo", "profile lang={lang}"],
  ["otto", "profile lang={lang}"],
  ["lena", "help"],
  ["lena", "help contribution"],
  ["lena", 'institution add "Enda Santé" country=SN kind=ngo'],
  ["lena", "institution list"],
  ["lena", 'profile institution="Enda Santé" stage=established workdays=mon-fri quiet=21:00-07:00'],
  ["lena", "profile"],
  ["lena", 'project create "School Health" slug=schp'],
  ["bea", "project join schp"],
  ["mo", "project join schp"],
  ["otto", 'project create "Other" slug=other'],
  ["lena", "project list"],
  ["lena", "project members schp"],
  ["lena", "project role schp @mo mentor"],
  ["lena", 'institution contact "Enda Santé" @bea'],
  ["bea", "institution contacts"],
  ["lena", 'contribution add @bea "Ran the household survey" roles="investigation, data curation" knowledge="lived experience" degree=lead date=2026-03-02'],
  ["lena", 'contribution add "Enda Santé" "Hosted the workshops" roles=resources date=2026-03-05'],
  ["bea", "contribution confirm #1"],
  ["bea", 'contribution dispute #2 "We also translated the forms"'],
  ["lena", "contribution list"],
  ["lena", 'person add "Mama Zawadi" orcid=0000-0002-1694-233X'],
  ["lena", "person list"],
  ["lena", 'person add "Elder Amadou"'],
  ["lena", 'person data "Elder Amadou"'],
  ["lena", 'person remove "Elder Amadou"'],
  ["lena", 'person remove "Elder Amadou" confirm'],
  ["lena", 'contribution add "Mama Zawadi" "Guided the transect walks" roles="field data collection"'],
  ["lena", 'kudos "mama zawadi" for the transect walks'],
  ["lena", "kudos @bea for the survey"],
  ["bea", "preferences set authorship, presenting findings"],
  ["bea", "preferences"],
  ["bea", "preferences naming=initials"],
  ["lena", "summary schp by=institution"],
  ["bea", "summary"],
  ["lena", "schedule create every=weekly days=mon at=09:00"],
  ["lena", "schedule list"],
  ["lena", "schedule pause #1"],
  ["lena", "schedule resume #1"],
  ["lena", "schedule fire #1"],
  ["bea", "reflect"],
  ["bea", "answer The households read the rain better than our forms visibility=project"],
  ["mo", "skip"],
  ["bea", "my reflections"],
  ["bea", "my data"],
  ["bea", "my data delete"],
  ["bea", "prompts"],
  ["bea", "pause 2w"],
  ["bea", "pause"],
  ["bea", "pause off"],
  ["lena", "mentor pair @mo @bea every=2w goals=\"first paper\""],
  ["lena", "mentor list"],
  ["bea", 'needs add academic "qualitative coding" priority=high'],
  ["bea", "needs list"],
  ["mo", 'strengths add academic "qualitative methods"'],
  ["mo", "strengths list"],
  ["lena", "mentor suggest @bea"],
  ["lena", "schedule fire #2"],
  ["mo", "checkin skip #1 Fieldwork this week"],
  ["mo", "checkin log #1 Went through the reviews topics=writing next=\"revise section 3\""],
  ["bea", "checkin confirm #1 Very useful"],
  ["mo", "checkin history #1"],
  ["mo", "checkin snooze #1 1d"],
  ["bea", "needs done 1"],
  ["bea", "needs none"],
  ["mo", "strengths remove 1"],
  ["lena", "needs plan"],
  ["lena", "survey start"],
  ["lena", "survey status"],
  ["lena", "home"],
  ["bea", "link"],
  ["lena", "ping"],
  ["lena", "schedule delete #1"],
  ["lena", "mentor unpair #1"],
  ["lena", "project invite schp"],
  ["lena", "alliance @bea"],
  ["lena", 'alliance "Enda Santé"'],
  ["lena", "schedule create care after=3,12"],
  ["lena", "project close schp"],
  ["lena", "schedule list"],
  ["bea", 'kudos @mo "again"'],
  ["lena", "project reopen schp"],
  ["lena", 'person merge "Mama Zawadi" @mo'],
  ["mo", "project leave schp"],
  // Mistakes, each answered with one kind line in the person's language.
  ["bea", "profil"],
  ["bea", "profile tz=Mars/Olympus"],
  ["bea", "answer hello visibility=public"],
  ["bea", "summary format=pdf"],
  ["otto", "contribution list project=schp"],
  ["bea", "schedule create every=weekly"],
  ["lena", "schedule create care after=soon"],
  ["lena", "schedule create after=3"],
  ["bea", 'contribution add @bea "x" roles=wizardry'],
  ["bea", "kudos @bea for me"],
  ["bea", "link ABCD-EFGH"],
  ["bea", "needs done 7"],
  ["bea", "checkin log #1 notes"],
  ["bea", "profile orcid=0000-0002-1825-0098"],
  ["bea", 'person add "Mama Zawadi" email=not-an-email'],
];

describe.each(["fr", "es", "pt", "sw"] as const)("a whole session in %s", (lang) => {
  let app: TestApp;
  const seen: Array<{ line: string; text: string }> = [];

  beforeAll(async () => {
    app = await startTestApp("pglite");
    for (const [who, template] of SESSION) {
      const line = template.replace("{lang}", lang);
      seen.push({ line: `${who}: ${line}`, text: await app.say(who, line) });
    }
    for (const { to, message } of app.sent) seen.push({ line: `notice to ${to.displayName}`, text: renderPlainText(message) });
  }, 240_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("runs every command path at least once", () => {
    const run = new Set(
      SESSION.flatMap(([, line]) => {
        try {
          return [locateAction(commands, tokenize(line)).path];
        } catch {
          return []; // a mistake on purpose
        }
      }),
    );
    expect(commandPaths(commands).map(([path]) => path).filter((path) => !run.has(path))).toEqual([]);
  });

  it("sends notices to other people, in their language", () => {
    expect(app.sent.length).toBeGreaterThan(5);
  });

  it("answers in the person's language: no English sentence of the catalogue anywhere", () => {
    const phrases = englishPhrases(lang);
    const typed = SESSION.map(([, line]) => line).join("\n");
    const leaks: string[] = [];
    for (const { line, text } of seen) {
      for (const [phrase, id] of phrases) {
        if (text.includes(phrase) && !typed.includes(phrase)) leaks.push(`${line} → "${phrase}" (${id})`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
