// When occurrences fall for people in five time zones, with different work weeks, a public holiday,
// a pause, quiet hours and DST changes: simulated ticks, no Redis or database needed.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { channelCalendar, occurrences, type PersonCalendar, type Rule } from "../../src/core/reflection/calendar.ts";
import { CATCH_UP_MS, TICK_MS } from "../../src/core/reflection/dispatch.ts";
import { dueRecipients } from "../../src/core/reflection/due.ts";
import type { Recipient } from "../../src/core/ports.ts";

const MON_FRI = [1, 2, 3, 4, 5];
const person = (name: string, calendar: Partial<PersonCalendar>): Recipient => ({
  personId: name,
  displayName: name,
  handle: name,
  language: "en",
  timezone: "UTC",
  workDays: MON_FRI,
  country: null,
  awayUntil: null,
  quietStart: null,
  quietEnd: null,
  ...calendar,
});

/** Runs every quarter-hour tick in [from, to) as the dispatcher does (each tick catches up an hour) and keeps the first of each key, as the delivery table's unique key does. */
function simulate(rule: Rule, people: Recipient[], from: string, to: string) {
  const delivered = new Map<string, { person: string; local: string; utc: string }>();
  for (let t = Date.parse(from); t < Date.parse(to); t += TICK_MS) {
    for (const d of dueRecipients(rule, people, new Date(t - CATCH_UP_MS), new Date(t + 1))) {
      const key = `${d.recipient.personId}:${d.key}`;
      const seen = delivered.get(key);
      const utc = d.at.toISOString();
      if (seen) expect(seen.utc, `${key} computed alike by every tick`).toBe(utc);
      else delivered.set(key, { person: d.recipient.personId, local: DateTime.fromJSDate(d.at, { zone: d.recipient.timezone! }).toFormat("ccc yyyy-MM-dd HH:mm ZZ"), utc });
    }
  }
  const byPerson: Record<string, string[]> = {};
  for (const d of delivered.values()) (byPerson[d.person] ??= []).push(`${d.local} = ${d.utc.slice(0, 16)}Z`);
  return byPerson;
}

describe("a fortnight of daily 09:00 prompts across five time zones", () => {
  const people = [
    person("amina", { timezone: "Africa/Nairobi", country: "KE" }), // Mashujaa Day, Tue 2026-10-20
    person("joao", { timezone: "America/Sao_Paulo", country: "BR" }),
    person("sita", { timezone: "Asia/Kathmandu", workDays: [7, 1, 2, 3, 4] }), // UTC+5:45, Sunday–Thursday
    person("aroha", { timezone: "Pacific/Auckland", workDays: [5, 6], country: "NZ" }), // Friday–Saturday
    person("lea", { timezone: "Europe/Zurich", country: "CH" }), // DST ends Sun 2026-10-25
  ];
  const result = simulate({ cadence: { type: "daily" }, localTime: "09:00" }, people, "2026-10-19T00:00:00Z", "2026-10-31T00:00:00Z");

  it("Nairobi: every working day but the public holiday", () => {
    expect(result.amina).toEqual(
      ["19", "21", "22", "23", "26", "27", "28", "29", "30"].map((d) => `${DateTime.fromISO(`2026-10-${d}`).toFormat("ccc")} 2026-10-${d} 09:00 +03:00 = 2026-10-${d}T06:00Z`),
    );
  });

  it("São Paulo: Monday to Friday at 12:00 UTC (no DST there any more)", () => {
    expect(result.joao).toEqual(["19", "20", "21", "22", "23", "26", "27", "28", "29", "30"].map((d) => `${DateTime.fromISO(`2026-10-${d}`).toFormat("ccc")} 2026-10-${d} 09:00 -03:00 = 2026-10-${d}T12:00Z`));
  });

  it("Kathmandu: a Sunday–Thursday week at UTC+5:45", () => {
    expect(result.sita).toEqual(["19", "20", "21", "22", "25", "26", "27", "28", "29"].map((d) => `${DateTime.fromISO(`2026-10-${d}`).toFormat("ccc")} 2026-10-${d} 09:00 +05:45 = 2026-10-${d}T03:15Z`));
  });

  it("Auckland: a Friday–Saturday week, the day before in UTC", () => {
    expect(result.aroha).toEqual([
      "Fri 2026-10-23 09:00 +13:00 = 2026-10-22T20:00Z",
      "Sat 2026-10-24 09:00 +13:00 = 2026-10-23T20:00Z",
      "Fri 2026-10-30 09:00 +13:00 = 2026-10-29T20:00Z",
      "Sat 2026-10-31 09:00 +13:00 = 2026-10-30T20:00Z",
    ]);
  });

  it("Zurich: 09:00 local before and after the clocks go back, so one hour later in UTC", () => {
    expect(result.lea).toEqual([
      ...["19", "20", "21", "22", "23"].map((d) => `${DateTime.fromISO(`2026-10-${d}`).toFormat("ccc")} 2026-10-${d} 09:00 +02:00 = 2026-10-${d}T07:00Z`),
      ...["26", "27", "28", "29", "30"].map((d) => `${DateTime.fromISO(`2026-10-${d}`).toFormat("ccc")} 2026-10-${d} 09:00 +01:00 = 2026-10-${d}T08:00Z`),
    ]);
  });

  it("nobody gets anything else", () => {
    expect(Object.values(result).flat()).toHaveLength(9 + 10 + 9 + 4 + 10);
  });
});

describe("DST: a time that is skipped or repeated is delivered once", () => {
  const lea = person("lea", { timezone: "Europe/Zurich", workDays: [1, 2, 3, 4, 5, 6, 7] });
  const at0230 = { cadence: { type: "daily" }, localTime: "02:30" } as const;

  it("spring forward (02:30 does not exist on 2026-03-29): delivered at 03:30 local, once", () => {
    const r = simulate(at0230, [lea], "2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z");
    expect(r.lea).toEqual(["Sat 2026-03-28 02:30 +01:00 = 2026-03-28T01:30Z", "Sun 2026-03-29 03:30 +02:00 = 2026-03-29T01:30Z", "Mon 2026-03-30 02:30 +02:00 = 2026-03-30T00:30Z"]);
  });

  it("fall back (02:30 happens twice on 2026-10-25): delivered once", () => {
    const r = simulate(at0230, [lea], "2026-10-24T00:00:00Z", "2026-10-27T00:00:00Z");
    expect(r.lea).toEqual(["Sat 2026-10-24 02:30 +02:00 = 2026-10-24T00:30Z", "Sun 2026-10-25 02:30 +01:00 = 2026-10-25T01:30Z", "Mon 2026-10-26 02:30 +01:00 = 2026-10-26T01:30Z"]);
  });

  it("Auckland's spring forward (2026-09-27) keeps 09:00 local", () => {
    const aroha = person("aroha", { timezone: "Pacific/Auckland", workDays: [1, 2, 3, 4, 5, 6, 7] });
    const r = simulate({ cadence: { type: "daily" }, localTime: "09:00" }, [aroha], "2026-09-25T00:00:00Z", "2026-09-28T00:00:00Z");
    expect(r.aroha).toEqual([
      "Sat 2026-09-26 09:00 +12:00 = 2026-09-25T21:00Z",
      "Sun 2026-09-27 09:00 +13:00 = 2026-09-26T20:00Z",
      "Mon 2026-09-28 09:00 +13:00 = 2026-09-27T20:00Z",
    ]);
  });
});

describe("cadences and personal rules", () => {
  const week = (rule: Rule, who: Recipient, from = "2026-10-19T00:00:00Z", to = "2026-11-02T00:00:00Z") => simulate(rule, [who], from, to)[who.personId] ?? [];

  it("a weekly prompt on a day someone doesn't work moves to their next working day, once", () => {
    const sita = person("sita", { timezone: "Asia/Kathmandu", workDays: [7, 1, 2, 3, 4] });
    expect(week({ cadence: { type: "weekly", weekdays: [5] }, localTime: "10:00" }, sita)).toEqual([
      "Sun 2026-10-25 10:00 +05:45 = 2026-10-25T04:15Z",
      "Sun 2026-11-01 10:00 +05:45 = 2026-11-01T04:15Z",
    ]);
  });

  it("a weekly prompt on a public holiday moves to the next working day", () => {
    const amina = person("amina", { timezone: "Africa/Nairobi", country: "KE" });
    expect(week({ cadence: { type: "weekly", weekdays: [2] }, localTime: "09:00" }, amina)).toEqual([
      "Wed 2026-10-21 09:00 +03:00 = 2026-10-21T06:00Z",
      "Tue 2026-10-27 09:00 +03:00 = 2026-10-27T06:00Z",
    ]);
  });

  it("every two weeks counts weeks from its anchor", () => {
    const joao = person("joao", { timezone: "America/Sao_Paulo" });
    expect(week({ cadence: { type: "every-n-weeks", weeks: 2, weekdays: [1, 4], anchor: "2026-10-12" }, localTime: "09:00" }, joao)).toEqual([
      "Mon 2026-10-26 09:00 -03:00 = 2026-10-26T12:00Z",
      "Thu 2026-10-29 09:00 -03:00 = 2026-10-29T12:00Z",
    ]);
  });

  it("monthly on the 31st falls on the last day of shorter months, moved off weekends", () => {
    const lea = person("lea", { timezone: "Europe/Zurich" });
    // Sat 2026-10-31 → Mon 11-02; 2026-11-30 is a Monday; Sun 2027-01-31 → Mon 02-01; Sun 2027-02-28 → Mon 03-01.
    expect(week({ cadence: { type: "monthly", day: 31 }, localTime: "09:00" }, lea, "2026-11-01T00:00:00Z", "2027-03-05T00:00:00Z")).toEqual([
      "Mon 2026-11-02 09:00 +01:00 = 2026-11-02T08:00Z",
      "Mon 2026-11-30 09:00 +01:00 = 2026-11-30T08:00Z",
      "Thu 2026-12-31 09:00 +01:00 = 2026-12-31T08:00Z",
      "Mon 2027-02-01 09:00 +01:00 = 2027-02-01T08:00Z",
      "Mon 2027-03-01 09:00 +01:00 = 2027-03-01T08:00Z",
    ]);
  });

  it("a cron cadence is read in each person's zone", () => {
    const amina = person("amina", { timezone: "Africa/Nairobi", country: "KE" });
    expect(week({ cadence: { type: "cron", expression: "30 8 * * 1,3" }, localTime: "09:00" }, amina)).toEqual([
      "Mon 2026-10-19 08:30 +03:00 = 2026-10-19T05:30Z",
      "Wed 2026-10-21 08:30 +03:00 = 2026-10-21T05:30Z",
      "Mon 2026-10-26 08:30 +03:00 = 2026-10-26T05:30Z",
      "Wed 2026-10-28 08:30 +03:00 = 2026-10-28T05:30Z",
    ]);
  });

  it("a pause drops what falls before its end; nothing is saved up for afterwards", () => {
    const joao = person("joao", { timezone: "America/Sao_Paulo", awayUntil: new Date("2026-10-28T03:00:00Z") }); // back on the 28th, local midnight
    expect(week({ cadence: { type: "daily" }, localTime: "09:00" }, joao, "2026-10-26T00:00:00Z", "2026-10-31T00:00:00Z")).toEqual([
      "Wed 2026-10-28 09:00 -03:00 = 2026-10-28T12:00Z",
      "Thu 2026-10-29 09:00 -03:00 = 2026-10-29T12:00Z",
      "Fri 2026-10-30 09:00 -03:00 = 2026-10-30T12:00Z",
    ]);
  });

  it("quiet hours push a delivery to their end, including across midnight", () => {
    const early = person("lea", { timezone: "Europe/Zurich", quietStart: "21:00", quietEnd: "08:00" });
    expect(week({ cadence: { type: "daily" }, localTime: "07:00" }, early, "2026-10-26T00:00:00Z", "2026-10-28T00:00:00Z")).toEqual([
      "Mon 2026-10-26 08:00 +01:00 = 2026-10-26T07:00Z",
      "Tue 2026-10-27 08:00 +01:00 = 2026-10-27T07:00Z",
    ]);
    const late = person("lea", { timezone: "Europe/Zurich", quietStart: "21:00", quietEnd: "08:00" });
    expect(week({ cadence: { type: "daily" }, localTime: "22:00" }, late, "2026-10-26T00:00:00Z", "2026-10-28T00:00:00Z")).toEqual([
      "Tue 2026-10-27 08:00 +01:00 = 2026-10-27T07:00Z",
    ]);
  });

  it("care follow-ups fall months after the closing date, moved off days off; none while the project is open", () => {
    const amina = person("amina", { timezone: "Africa/Nairobi", country: "KE" });
    const rule: Rule = { cadence: { type: "after-close", months: [1, 3, 12] }, localTime: "09:00", closedOn: "2026-08-31" };
    // Wed 09-30 (1 month: August 31 → September's last day); Mon 11-30; Tue 2027-08-31. Nothing between.
    const around = (day: string) => week(rule, amina, `${day}T00:00:00Z`, DateTime.fromISO(day, { zone: "UTC" }).plus({ days: 5 }).toISO()!);
    expect(["2026-08-29", "2026-09-28", "2026-11-27", "2027-08-28"].flatMap(around)).toEqual([
      "Wed 2026-09-30 09:00 +03:00 = 2026-09-30T06:00Z",
      "Mon 2026-11-30 09:00 +03:00 = 2026-11-30T06:00Z",
      "Tue 2027-08-31 09:00 +03:00 = 2027-08-31T06:00Z",
    ]);
    // Closed on 2026-10-12: 2 months fall on Sat 12-12, Jamhuri Day in Kenya, moved to Mon 12-14.
    expect(week({ ...rule, cadence: { type: "after-close", months: [2] }, closedOn: "2026-10-12" }, amina, "2026-12-01T00:00:00Z", "2026-12-20T00:00:00Z")).toEqual([
      "Mon 2026-12-14 09:00 +03:00 = 2026-12-14T06:00Z",
    ]);
    expect(week({ ...rule, closedOn: null }, amina, "2026-09-28T00:00:00Z", "2026-10-03T00:00:00Z")).toEqual([]);
  });

  it("a digest follows the channel's zone every day of the week", () => {
    const got = occurrences({ cadence: { type: "weekly", weekdays: [6] }, localTime: "16:00" }, channelCalendar("America/Sao_Paulo"), new Date("2026-10-19T00:00:00Z"), new Date("2026-11-01T00:00:00Z"));
    expect(got.map((o) => [o.key, o.at.toISOString()])).toEqual([
      ["2026-10-24", "2026-10-24T19:00:00.000Z"],
      ["2026-10-31", "2026-10-31T19:00:00.000Z"],
    ]);
  });
});
