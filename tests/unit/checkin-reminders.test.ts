// What one pair has due in a window (pairNotices): snoozes that coincide with the cadence, a pause
// begun after a snooze, and a pair past its end date.
import { describe, expect, it } from "vitest";
import { pairNotices } from "../../src/core/mentorship/reminders.ts";
import type { PairRecord, Recipient } from "../../src/core/ports.ts";

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
