// What one pair has due in a window (pairNotices): snoozes that coincide with the cadence, a pause
// begun after a snooze, and a pair past its end date; each message worded for its reader.
import { describe, expect, it } from "vitest";
import { msg, translator } from "../../src/core/i18n/index.ts";
import { renderPlainText } from "../../src/core/message.ts";
import { topicList } from "../../src/core/mentorship/messages.ts";
import { nextPairDue, pairNotices } from "../../src/core/mentorship/reminders.ts";
import { parseTopics } from "../../src/core/mentorship/terms.ts";
import type { PairRecord, Recipient } from "../../src/core/ports.ts";
import { CHECKIN_TOPICS } from "../../src/core/vocabulary.ts";
import { userError } from "./harness.ts";

const person = (name: string, extra: Partial<Recipient> = {}): Recipient => ({
  personId: name,
  displayName: name,
  handle: name,
  language: "en",
  timezone: "Africa/Accra",
  workDays: [1, 2, 3, 4, 5],
  country: null,
  awayUntil: null,
  quietStart: null,
  quietEnd: null,
  ...extra,
});

const pair = (extra: Partial<PairRecord> = {}): PairRecord => ({
  id: "p1",
  number: 1,
  projectId: "proj",
  projectName: "Coastal Resilience",
  projectSlug: "coastal",
  mentor: person("kofi"),
  mentee: person("amina"),
  cadence: { type: "weekly", weekdays: [2] },
  localTime: "10:00",
  goals: null,
  startsOn: "2026-11-02",
  endsOn: null,
  endedAt: null,
  snoozedUntil: null,
  lastCheckIn: "2026-11-03",
  lastSkip: null,
  checkIns: 1,
  skips: 0,
  ...extra,
});

// Tuesday 10 November 2026, 09:30–10:30 in Accra (UTC+0).
const window = [new Date("2026-11-10T09:30:00Z"), new Date("2026-11-10T10:30:00Z")] as const;
const keys = (p: PairRecord) => pairNotices(p, [], "s1", ...window).map((o) => o.notice.dedupeKey);

describe("check-in reminders of one pair", () => {
  it("a weekly pair is reminded on its weekday at its time", () => {
    expect(keys(pair())).toEqual(["checkin:p1:2026-11-10"]);
  });

  it("a snooze landing on the next regular reminder sends one reminder, not two", () => {
    const snoozed = pair({ snoozedUntil: new Date("2026-11-10T10:00:00Z") }); // "snooze 1w" pressed last Tuesday
    expect(keys(snoozed)).toEqual([`checkin:p1:snooze:${Date.parse("2026-11-10T10:00:00Z")}`]);
  });

  it("a pause begun after the snooze holds the snoozed reminder back", () => {
    const paused = pair({ snoozedUntil: new Date("2026-11-10T10:00:00Z"), mentor: person("kofi", { awayUntil: new Date("2026-11-20T00:00:00Z") }) });
    expect(keys(paused)).toEqual([]);
  });

  it("a pair past its end date gets nothing, overdue or not", () => {
    expect(keys(pair({ endsOn: "2026-11-09", lastCheckIn: null, startsOn: "2026-09-01" }))).toEqual([]);
    expect(keys(pair({ endsOn: "2026-11-10" }))).toEqual(["checkin:p1:2026-11-10"]); // the last day still counts
  });
});

describe("pair messages, worded for each reader", () => {
  const fr = translator("fr");
  const sw = translator("sw");
  const overdue = pair({ lastCheckIn: "2026-10-01", startsOn: "2026-09-01" });

  it("knows when the pair next has something due, past an overdue flag already sent (what lets a test skip empty ticks)", () => {
    const end = new Date("2026-12-31T00:00:00Z");
    const next = (after: string, leads: Recipient[] = []) => nextPairDue(pair(), leads, new Date(after), end)?.toISOString();
    // Last check-in Tue 3 Nov: overdue to the mentor at 1.5 weeks (Fri 13 Nov noon), flagged at his next slot.
    expect(next("2026-11-10T10:00:00Z")).toBe("2026-11-16T10:00:00.000Z");
    // That flag has gone: next comes Tuesday's reminder, and with a lead, her flag at 2 weeks, the same hour.
    expect(next("2026-11-16T10:00:00Z")).toBe("2026-11-17T10:00:00.000Z");
    expect(next("2026-11-16T10:00:00Z", [person("lea")])).toBe("2026-11-17T10:00:00.000Z");
    // Both flags have gone: only the weekly reminder is left, though both still fall in later windows.
    expect(next("2026-11-17T10:00:00Z", [person("lea")])).toBe("2026-11-24T10:00:00.000Z");
    expect(pairNotices(pair(), [person("lea")], "s1", new Date("2026-11-18T00:00:00Z"), new Date("2026-11-19T00:00:00Z")).map((o) => o.notice.kind)).toEqual(["overdue_mentor", "overdue_lead"]);
    expect(nextPairDue(pair({ endedAt: new Date("2026-11-11T00:00:00Z") }), [], new Date("2026-11-11T00:00:00Z"), end)).toBeUndefined();
  });

  it("reminds a French-speaking mentor in French, with the actions' forms in French too", () => {
    const [reminder] = pairNotices(pair({ mentor: person("kofi", { language: "fr" }) }), [], "s1", ...window);
    expect(reminder!.message.language).toBe("fr");
    const text = renderPlainText(reminder!.message);
    expect(text).toContain(fr("mentorship.reminder", { mentee: "amina" }));
    expect(text).toContain("checkin log #1 <ce dont vous avez parlé>");
    const labels = reminder!.message.blocks.flatMap((b) => (b.type === "actions" ? b.actions.map((a) => a.label) : []));
    expect(labels).toEqual(["Enregistrer le point", "Rappeler dans 1 jour", "Rappeler dans 1 semaine", "Passer ce cycle"]);
  });

  it("tells each lead of an overdue pair in their own language, cadence included", () => {
    const leads = [person("lea", { language: "fr" }), person("wanjiru", { language: "sw" }), person("mei")];
    const flags = pairNotices(overdue, leads, "s1", new Date("2026-11-10T00:00:00Z"), new Date("2026-11-11T00:00:00Z")).filter((o) => o.notice.kind === "overdue_lead");
    const byLead = Object.fromEntries(flags.map((o) => [o.to.displayName, o.message]));
    expect(Object.keys(byLead).sort()).toEqual(["lea", "mei", "wanjiru"]);
    expect(byLead.lea!.blocks).toContainEqual({ type: "fields", fields: [[fr("mentorship.field.cadence"), fr("cadence.weekly", { days: fr("weekday.2"), time: "10:00" })]] });
    expect(byLead.wanjiru!.blocks).toContainEqual({ type: "fields", fields: [["Vikao", sw("cadence.weekly", { days: sw("weekday.2"), time: "10:00" })]] });
    expect(renderPlainText(byLead.mei!)).toContain("The mentorship pair kofi → amina in Coastal Resilience has had no check-in for 40 days (since 2026-10-01).");
    expect(byLead.mei!.blocks).toContainEqual({ type: "fields", fields: [["Check-ins", "weekly on tue at 10:00"]] });
  });

  it("words counts with each language's plurals", () => {
    const en = translator("en");
    const line = { number: 1, mentor: "kofi", mentee: "amina", cadence: "weekly on tue at 10:00", last: msg("mentor.line.noCheckIn"), status: msg("mentor.status.onTrack") };
    expect(en("mentor.line", { ...line, checkIns: 1, skips: 1 })).toBe("#1 kofi → amina · weekly on tue at 10:00 · no check-in yet · 1 check-in, 1 cycle skipped · on track");
    expect(en("mentor.line", { ...line, checkIns: 6, skips: 0 })).toBe("#1 kofi → amina · weekly on tue at 10:00 · no check-in yet · 6 check-ins · on track");
    expect(fr("mentor.line", { ...line, checkIns: 0, skips: 2 })).toContain("· 0 point, 2 cycles passés ·");
    expect(en("mentorship.overdue.mentor", { mentee: "amina", since: "2026-11-09", days: 1 })).toMatch(/^It has been 1 day since/);
    expect(sw("mentorship.overdue.mentor", { mentee: "amina", since: "2026-11-09", days: 1 })).toMatch(/^Imepita siku 1 tangu/);
  });

  it("lists check-in topics as the reader says them", () => {
    expect(topicList(translator("en"), ["writing", "career"])).toBe("writing, career");
    expect(topicList(translator("pt"), ["writing", "career", "wellbeing"])).toBe("escrita, carreira e bem-estar");
  });
});

describe("check-in topics typed", () => {
  it("accepts topics in any of Mutual's languages, and lists the English ones to type when one is unknown", () => {
    expect(parseTopics("escrita; bem-estar, writing")).toEqual(["writing", "wellbeing"]);
    expect(parseTopics("Carrière")).toEqual(["career"]);
    const e = userError(() => parseTopics("writing, gardening"));
    expect(e.message).toBe('"gardening" is not a check-in topic I know.');
    expect(e.hint).toBe("Topics: research skills, writing, methods, career, intercultural, language, wellbeing, other.");
    expect(userError(() => parseTopics("methds")).message).toBe('"methds" is not a check-in topic I know. Did you mean "methods"?');
    expect(userError(() => parseTopics(" , ")).message).toBe("Name at least one check-in topic.");
  });

  it("lists in the topics option every topic there is", () => {
    expect(translator("en")("opt.checkin.topics")).toBe(`One or more: ${Object.values(CHECKIN_TOPICS.labels).join(", ")}.`);
  });
});
