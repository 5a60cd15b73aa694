// Mentorship on the real store and Redis: a quarter of simulated time (the hourly ticks of the
// project's check-in schedule that have something due) for three pairs in five time zones — reminders
// at each mentor's local time, a snooze, a skipped cycle, overdue flags to the mentor at 1.5 cycles and
// to each lead at 2, never a note in a lead's message — then permissions, bad input, retries, surveys
// and the needs plan.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { msg, translator } from "../../src/core/i18n/index.ts";
import { renderPlainText, type OutgoingMessage } from "../../src/core/message.ts";
import type { PersonRef } from "../../src/core/ports.ts";
import { nextCheckInDue } from "../../src/core/mentorship/reminders.ts";
import { schedulerId } from "../../src/scheduler/scheduler.ts";
import { FakeClock } from "../fakes/memory-store.ts";
import { coastalTeam, startTestApp, type TestApp } from "../helpers/app.ts";

const HOUR = 3600_000;
const textOf = (m: OutgoingMessage) => renderPlainText(m);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Lea, a lead, reads French; Amina Swahili.
const fr = translator("fr");
const sw = translator("sw");
const kofiCadence = fr("cadence.everyNWeeks", { weeks: 2, days: fr("weekday.1"), time: "10:00" });
const arohaCadence = fr("cadence.monthly", { day: 1, time: "10:00" });
type Sent = { to: PersonRef; message: OutgoingMessage };

// Notes, next steps and reasons that only the pairs may ever see.
const PRIVATE = {
  kofi: "Amina worries about her visa renewal",
  kofiNext: "send chapter two to the committee",
  skip: "Amina is on fieldwork in Kilifi",
  sita: "Joao is struggling with his supervisor",
  confirm: "I felt heard, thank you",
};

describe("mentorship over a quarter, on postgres", () => {
  const clock = new FakeClock(new Date("2026-09-07T06:00:00Z")); // a Monday
  let app: TestApp;
  let scheduleId: string;
  const people = {
    lea: "profile tz=Europe/Zurich country=CH lang=fr", // lead
    mei: "profile tz=Asia/Singapore country=SG", // lead
    kofi: "profile tz=Africa/Accra country=GH", // mentor
    amina: "profile tz=Africa/Nairobi country=KE lang=sw",
    sita: "profile tz=Asia/Kathmandu workdays=sun-thu", // mentor; no holiday country
    joao: "profile tz=America/Sao_Paulo country=BR lang=pt",
    aroha: "profile tz=Pacific/Auckland country=NZ", // mentor
    tomas: "profile tz=America/Bogota country=CO lang=es",
  };
  const kinds = { reminder: /check-in with|Time for a check-in|As you asked/, overdueMentor: /since your last check-in/, overdueLead: /has had no check-in|n’a pas fait de point/ };
  const to = (name: string, pattern: RegExp) => app.sent.filter((s) => s.to.displayName === name && pattern.test(textOf(s.message)));

  beforeAll(async () => {
    app = await startTestApp("postgres", {}, { clock });
    await coastalTeam(app, "lea", people);
    expect(await app.say("lea", "project role coastal @mei lead")).not.toMatch(/^⚠/);
    expect(await app.say("lea", 'mentor pair @kofi @amina every=2w days=mon at=10:00 goals="first-author paper"')).toContain(`${fr("mentor.pair.done", { outcome: "created", pair: "#1 kofi → amina" })} · ${kofiCadence}`);
    expect(await app.say("mei", "mentor pair @sita @joao every=weekly days=tue at=09:00")).toContain("Paired: #2 sita → joao · weekly on tue at 09:00");
    expect(await app.say("lea", "mentor pair @aroha @tomas every=monthly")).toContain(`${fr("mentor.pair.done", { outcome: "created", pair: "#3 aroha → tomas" })} · ${arohaCadence}`);
    scheduleId = (await app.database.prisma.schedule.findFirstOrThrow({ where: { kind: "CHECKIN" } })).id;
    expect(await app.database.prisma.schedule.count()).toBe(1); // one check-in schedule per project, however many pairs
    expect((await app.scheduler.scheduled()).map((s) => s.id)).toEqual([schedulerId(scheduleId)]);
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("tells mentor and mentee of a new pair, each in their language", () => {
    const paired = (name: string) => app.sent.filter((s) => s.to.displayName === name).map((s) => textOf(s.message));
    expect(paired("kofi")[0]).toContain("You are now mentoring amina in Coastal Resilience.");
    expect(paired("amina")[0]).toContain("kofi sasa ni mshauri wako katika Coastal Resilience.");
    expect(paired("joao")[0]).toContain("sita agora é seu/sua mentor(a) em Coastal Resilience.");
    expect(paired("tomas")[0]).toContain("aroha es ahora tu mentor/a en Coastal Resilience.");
  });

  it("drives a quarter: reminders, a snooze, a skip, overdue flags to the mentor and then to the leads", async () => {
    let kofiReminders = 0;
    const end = Date.parse("2026-12-07T06:00:00Z");
    const sitaReturns = Date.parse("2026-10-18T06:00:00Z");
    const schedule = (await app.store.reflections.schedule(scheduleId))!;
    // The hourly ticks of the production scheduler, but only those with something due (an hourly tick
    // sends what fell due in the hour before it) and the hour Sita comes back: the others send nothing.
    const nextTick = async (after: number) => {
      const due = await nextCheckInDue(app, schedule, new Date(after), new Date(end));
      const hour = (ms: number) => Math.ceil(ms / HOUR) * HOUR;
      return Math.min(due ? hour(due.getTime()) : Infinity, after < sitaReturns ? sitaReturns : Infinity, end);
    };
    let ticks = 0;
    for (let t = await nextTick(Date.parse("2026-09-07T06:00:00Z")); t <= end; t = t === end ? Infinity : await nextTick(t)) {
      ticks++;
      const at = new Date(t);
      clock.set(at);
      const before = app.sent.length;
      const report = await app.dispatcher.tick(scheduleId, at);
      if (report.sent > 0) {
        // A retried job, or a second process, sends nothing more.
        expect((await app.dispatcher.tick(scheduleId, at)).sent).toBe(0);
      }
      const fresh = app.sent.slice(before) as Sent[];
      // Kofi answers his reminders: logs the first, snoozes the second for a day and logs then,
      // skips the third with a reason, and logs every later one.
      for (const s of fresh.filter((x) => x.to.displayName === "kofi" && kinds.reminder.test(textOf(x.message)))) {
        kofiReminders++;
        const snoozed = textOf(s.message).includes("As you asked");
        if (kofiReminders === 2) expect(await app.say("kofi", "checkin snooze #1 1d")).toContain("Snoozed");
        else if (kofiReminders === 4) expect(await app.say("kofi", `checkin skip #1 ${PRIVATE.skip}`)).toContain("skipped");
        else expect(await app.say("kofi", `checkin log #1 "${PRIVATE.kofi}" topics=writing,wellbeing next="${PRIVATE.kofiNext}"`), `reminder ${kofiReminders}${snoozed ? " (snoozed)" : ""}`).toContain("logged");
      }
      // Sita logs her first check-in, then goes quiet until 18 October.
      if (fresh.some((x) => x.to.displayName === "sita" && kinds.reminder.test(textOf(x.message))) && to("sita", kinds.reminder).length === 1) {
        expect(await app.say("sita", "checkin log @joao topics=methods")).toContain("logged");
      }
      if (t === sitaReturns) expect(await app.say("sita", `checkin log #2 ${PRIVATE.sita} topics=wellbeing`)).toContain("logged");
    }

    expect(ticks).toBeLessThan(100); // of 2,184 hours

    // Kofi (Accra, UTC+0): every other Monday at 10:00, Ghana's Kwame Nkrumah Memorial Day (Mon 21 Sep)
    // moved to Tuesday, the snoozed reminder the next working day, nothing in the week after a check-in.
    const kofiTimes = to("kofi", kinds.reminder).map((s) => s.message).map((m, i) => `${i}:${textOf(m).includes("As you asked") ? "snoozed " : ""}`);
    const kofiNotices = await app.database.prisma.notice.findMany({ where: { kind: "CHECKIN_REMINDER", person: { displayName: "kofi" } }, orderBy: { occurrence: "asc" } });
    expect(kofiNotices.map((n) => local(n.occurrence, "Africa/Accra"))).toEqual([
      "Mon 2026-09-07 10:00",
      "Tue 2026-09-22 10:00", // the holiday
      "Wed 2026-09-23 10:00", // snoozed a day
      "Mon 2026-10-05 10:00", // skipped
      "Mon 2026-10-19 10:00",
      "Mon 2026-11-02 10:00",
      "Mon 2026-11-16 10:00",
      "Mon 2026-11-30 10:00",
    ]);
    expect(kofiTimes).toHaveLength(8);
    expect(kofiNotices.map((n) => n.status)).toEqual(["SENT", "SENT", "SENT", "SKIPPED", "SENT", "SENT", "SENT", "SENT"]);
    expect(to("kofi", kinds.overdueMentor)).toEqual([]);
    expect(await app.database.prisma.checkIn.count({ where: { pair: { number: 1 } } })).toBe(6);

    // Sita (Kathmandu, works Sunday–Thursday): last check-in Tue 8 Sep → overdue at 1.5 weeks (Fri 18 Sep
    // noon); her next working morning is Sunday the 20th. Her check-in on 18 Oct starts a new stretch.
    const sitaFlags = await app.database.prisma.notice.findMany({ where: { kind: "OVERDUE_MENTOR", person: { displayName: "sita" } }, orderBy: { occurrence: "asc" } });
    expect(sitaFlags.map((n) => local(n.occurrence, "Asia/Kathmandu"))).toEqual(["Sun 2026-09-20 09:00", "Thu 2026-10-29 09:00"]);
    expect(textOf(to("sita", kinds.overdueMentor)[0]!.message)).toContain("It has been 12 days since your last check-in with joao (2026-09-08).");
    // Sita's weekly reminders kept coming on Tuesdays at 09:00 her time.
    for (const n of await app.database.prisma.notice.findMany({ where: { kind: "CHECKIN_REMINDER", person: { displayName: "sita" } } })) {
      expect(local(n.occurrence, "Asia/Kathmandu")).toMatch(/^Tue .* 09:00$/);
    }

    // Aroha (Auckland) never logs: monthly on the 1st (Sun 1 Nov → Mon 2 Nov), overdue at 45 days, leads at 60.
    const arohaReminders = await app.database.prisma.notice.findMany({ where: { kind: "CHECKIN_REMINDER", person: { displayName: "aroha" } }, orderBy: { occurrence: "asc" } });
    expect(arohaReminders.map((n) => local(n.occurrence, "Pacific/Auckland"))).toEqual(["Thu 2026-10-01 10:00", "Mon 2026-11-02 10:00", "Tue 2026-12-01 10:00"]);
    const arohaFlag = await app.database.prisma.notice.findMany({ where: { kind: "OVERDUE_MENTOR", person: { displayName: "aroha" } } });
    expect(arohaFlag.map((n) => local(n.occurrence, "Pacific/Auckland"))).toEqual(["Thu 2026-10-22 10:00"]);

    // Leads: one flag per lead per overdue stretch at 2 cycles, at the pair's time on the lead's working day.
    const leadFlags = await app.database.prisma.notice.findMany({ where: { kind: "OVERDUE_LEAD" }, include: { person: true, pair: true }, orderBy: [{ occurrence: "asc" }, { personId: "asc" }] });
    const shown = leadFlags.map((n) => `#${n.pair!.number} → ${n.person.displayName} ${local(n.occurrence, n.person.timezone!)}`).sort();
    expect(shown).toEqual(
      [
        "#2 → lea Tue 2026-09-22 09:00",
        "#2 → mei Tue 2026-09-22 09:00",
        "#2 → lea Mon 2026-11-02 09:00",
        "#2 → mei Mon 2026-11-02 09:00",
        "#3 → lea Fri 2026-11-06 10:00",
        "#3 → mei Fri 2026-11-06 10:00",
      ].sort(),
    );
    expect(textOf(to("mei", kinds.overdueLead)[0]!.message)).toContain("The mentorship pair sita → joao in Coastal Resilience has had no check-in for 14 days (since 2026-09-08).");
    expect(textOf(to("lea", kinds.overdueLead)[0]!.message)).toContain("Le binôme de mentorat sita → joao dans Coastal Resilience n’a pas fait de point depuis 14 jours");
  }, 240_000);

  it("never puts a note, a next step or a skip reason in a lead's message", async () => {
    const leadMessages = app.sent.filter((s) => s.to.displayName === "lea" || s.to.displayName === "mei").map((s) => textOf(s.message));
    expect(leadMessages.length).toBeGreaterThanOrEqual(6);
    for (const text of leadMessages) for (const secret of Object.values(PRIVATE)) expect(text).not.toContain(secret);
    // What leads can ask for shows dates and counts, not notes either.
    const list = await app.say("lea", "mentor list");
    const line = { number: 1, mentor: "kofi", mentee: "amina", cadence: kofiCadence, last: msg("mentor.line.last", { date: "2026-11-30" }), checkIns: 6, skips: 1, status: msg("mentor.status.onTrack") };
    expect(list).toContain(fr("mentor.line", line));
    const aroha = fr("mentor.line", { ...line, number: 3, mentor: "aroha", mentee: "tomas", cadence: arohaCadence, last: msg("mentor.line.noCheckIn"), checkIns: 0, skips: 0, status: msg("mentor.status.overdueLeads", { days: 99 }) });
    expect(list).toMatch(new RegExp(escapeRe(aroha).replace("99", "9\\d")));
    for (const secret of Object.values(PRIVATE)) expect(list).not.toContain(secret);
    // Mei, the other lead, reads English.
    const english = await app.say("mei", "mentor list");
    expect(english).toContain("#1 kofi → amina · every 2 weeks on mon at 10:00 · last check-in 2026-11-30 · 6 check-ins, 1 cycle skipped · on track");
    expect(english).toMatch(/#3 aroha → tomas · monthly on the 1st at 10:00 · no check-in yet · 0 check-ins · overdue \(2× cadence\), no check-in for 9\d days/);
    const history = await app.say("lea", "checkin history #1");
    expect(history.split("\n")[0]).toBe(`⚠ ${fr("checkin.history.private")}`);
    expect(await app.say("mei", "checkin history #1")).toMatch(/^⚠ Check-in notes are seen only by the mentor and the mentee\./);
  });

  it("the pair sees its own history with notes; the mentee confirms and adds a note", async () => {
    expect(await app.say("amina", `checkin confirm #1 ${PRIVATE.confirm}`)).toContain(sw("checkin.confirm.done", { confirmed: "yes", date: "2026-11-30", mentor: "kofi", note: "yes" }));
    const history = await app.say("kofi", "checkin history #1");
    expect(history).toContain(`2026-11-30 · writing, wellbeing · confirmed — kofi: ${PRIVATE.kofi} — next: ${PRIVATE.kofiNext} — amina: ${PRIVATE.confirm}`);
    expect(history).toContain(`2026-10-05 · cycle skipped — ${PRIVATE.skip}`);
    expect(await app.say("amina", "checkin history")).toContain(PRIVATE.confirm);
  });
});

describe("mentorship commands: permissions, bad input and retries, on pglite", () => {
  const clock = new FakeClock(new Date("2026-11-23T08:00:00Z")); // a Monday
  let app: TestApp;
  const counts = async () => ({
    pairs: await app.database.prisma.mentorshipPair.count(),
    checkIns: await app.database.prisma.checkIn.count(),
    needs: await app.database.prisma.capacityNeed.count(),
    strengths: await app.database.prisma.strength.count(),
    notices: await app.database.prisma.notice.count(),
  });

  beforeAll(async () => {
    app = await startTestApp("pglite", {}, { clock });
    await app.say("lea", 'project create "Coastal Resilience" slug=coastal');
    for (const name of ["kofi", "amina", "joao"]) await app.say(name, "project join coastal");
    await app.say("outsider", "profile tz=UTC");
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("only leads pair, unpair and ask for suggestions; only members can be paired", async () => {
    const before = await counts();
    expect(await app.say("kofi", "mentor pair @kofi @amina")).toMatch(/^⚠ Only leads of Coastal Resilience can do that\./);
    expect(await app.say("lea", "mentor pair @kofi @outsider")).toMatch(/^⚠ outsider is not a member of Coastal Resilience\./);
    expect(await app.say("lea", "mentor pair @kofi @kofi")).toMatch(/^⚠ A mentor and a mentee are two different people\./);
    expect(await app.say("lea", "mentor pair @kofi @amina every=daily")).toMatch(/^⚠ Daily check-ins would be a lot/);
    expect(await app.say("lea", "mentor pair @kofi @amina every=fortnightly-ish")).toMatch(/^⚠ "fortnightly-ish" is not a cadence I understand\./);
    expect(await app.say("lea", "mentor pair @kofi @amina until=2020-01-01")).toMatch(/^⚠ The end date must be in the future\./);
    expect(await app.say("lea", "mentor pair @kofi @amina at=10:07")).toMatch(/^⚠ Prompts go out on the quarter hour/);
    expect(await app.say("amina", "mentor suggest @amina")).toMatch(/^⚠ Only leads/);
    expect(await counts()).toEqual(before);
    expect(await app.say("lea", "mentor pair @kofi @amina every=2w")).toContain("Paired: #1 kofi → amina · every 2 weeks on mon at 10:00");
    expect(await app.say("joao", "mentor unpair #1")).toMatch(/^⚠ Only leads/);
  });

  it("only the mentor logs, snoozes and skips; only the mentee confirms; others see no notes", async () => {
    const before = await counts();
    expect(await app.say("amina", "checkin log #1 hello")).toMatch(/^⚠ Only the mentor \(kofi\) can log its check-ins\./);
    expect(await app.say("joao", "checkin log #1 hello")).toMatch(/^⚠ Only the mentor of pair #1 can log its check-ins\./);
    expect(await app.say("amina", "checkin snooze #1 1d")).toMatch(/^⚠ Only the mentor/);
    expect(await app.say("kofi", "checkin confirm #1")).toMatch(/^⚠ Only the mentee \(amina\) confirms/);
    expect(await app.say("amina", "checkin confirm #1")).toMatch(/^⚠ kofi has not logged a check-in with you yet\./);
    expect(await app.say("kofi", "checkin skip #1 busy")).toMatch(/^⚠ There is no reminder to skip yet\./);
    expect(await app.say("joao", "checkin history #1")).toMatch(/^⚠ Check-in notes are seen only by the mentor and the mentee\./);
    expect(await app.say("kofi", "checkin log #9 hello")).toMatch(/^⚠ Coastal Resilience has no mentorship pair #9\./);
    expect(await app.say("kofi", "checkin log #1 hello topics=gardening")).toMatch(/^⚠ "gardening" is not a check-in topic I know\./);
    expect(await app.say("kofi", "checkin log #1 hello date=2027-01-01")).toMatch(/^⚠ A check-in can't be logged before it happens\./);
    expect(await app.say("kofi", "checkin log #1 hello date=2026-02-30")).toMatch(/^⚠ date must be a date written YYYY-MM-DD/);
    expect(await app.say("kofi", "checkin snooze #1 3h")).toMatch(/^⚠ "3h" is not a snooze I understand\./);
    expect(await counts()).toEqual(before);
  });

  it("a retried check-in (the same event four times) is logged once and told once", async () => {
    const sentBefore = app.sent.length;
    const log = () => app.say("kofi", "checkin log #1 Talked about the review topics=writing", "retry-checkin-1");
    const replies = await Promise.all([log(), log(), log(), log()]);
    // Deliveries racing the first get "still working"; one more, later, gets the first reply again.
    expect(replies.filter((r) => r.includes("logged")).length).toBeGreaterThanOrEqual(1);
    for (const r of replies) expect(r).toMatch(/logged|still working on that request/);
    expect(await log()).toContain("Check-in of 2026-11-23 with amina logged");
    expect(await app.database.prisma.checkIn.count()).toBe(1);
    expect(app.sent.slice(sentBefore).filter((s) => s.to.displayName === "amina")).toHaveLength(1);
  });

  it("snooze lands on the mentor's next working day at the pair's time; logging clears it", async () => {
    expect(await app.say("kofi", "profile tz=Africa/Accra")).toContain("Profile saved");
    clock.set(new Date("2026-11-27T15:00:00Z")); // Friday afternoon in Accra
    expect(await app.say("kofi", "checkin snooze #1 1d")).toContain("Snoozed: you'll be reminded about amina on Monday, 30 November 2026 at 10:00 (your time).");
    const pair = await app.database.prisma.mentorshipPair.findFirstOrThrow();
    expect(pair.snoozedUntil?.toISOString()).toBe("2026-11-30T10:00:00.000Z");
    await app.say("kofi", "checkin log #1 Quick call");
    expect((await app.database.prisma.mentorshipPair.findFirstOrThrow()).snoozedUntil).toBeNull();
  });

  it("a skip applies to the latest reminder only until a check-in is logged for it", async () => {
    expect(await app.say("lea", "schedule fire #1")).toContain("Check-in reminders sent to 1 of 1 mentors");
    await app.say("kofi", "checkin log #1 Met right after the reminder");
    expect(await app.say("kofi", "checkin skip #1 busy")).toMatch(/^⚠ There is no reminder to skip since your last check-in\./);
    clock.set(new Date("2026-11-30T10:00:00Z"));
    expect(await app.say("lea", "schedule fire #1")).toContain("Check-in reminders sent to 1 of 1 mentors");
    expect(await app.say("kofi", "checkin skip #1 Amina is travelling")).toContain("This cycle with amina is skipped");
    expect(await app.database.prisma.notice.count({ where: { status: "SKIPPED" } })).toBe(1);
  });

  it("needs: bad input changes nothing; members state needs and strengths; leads see only the aggregate", async () => {
    const before = await counts();
    expect(await app.say("amina", "needs add cooking better food")).toMatch(/^⚠ "cooking" is not a capacity category\./);
    expect(await app.say("amina", "needs add academic coding priority=urgentish")).toMatch(/^⚠ "urgentish" is not a priority\./);
    expect(await app.say("outsider", "needs add academic coding project=coastal")).toMatch(/^⚠ You are not a member of Coastal Resilience\./);
    expect(await app.say("amina", "needs done 1")).toMatch(/^⚠ You have no open needs\./);
    expect(await app.say("kofi", "needs plan")).toMatch(/^⚠ Only leads/);
    expect(await counts()).toEqual(before);

    expect(await app.say("amina", 'needs add academic "qualitative coding" priority=high')).toContain("Need noted in Coastal Resilience: academic skills · high priority — qualitative coding");
    expect(await app.say("joao", "needs add academic qualitative coding")).toContain("Need noted");
    let plan = await app.say("lea", "needs plan");
    expect(plan).toContain("2 of 4 members have stated needs");
    expect(plan).toContain("Fewer than 3 members have stated needs, so no figures are shown yet");
    expect(plan).not.toMatch(/amina|joao/);
    expect(await app.say("kofi", "needs add intercultural working across languages priority=low")).toContain("Need noted");
    plan = await app.say("lea", "needs plan");
    expect(plan).toContain("academic skills: 2 (1 high)");
    expect(plan).toContain("no institution given · career stage not given (3 people): academic skills 2, intercultural skills 1");
    expect(plan).not.toMatch(/amina|joao|kofi/);

    expect(await app.say("lea", 'strengths add academic "qualitative coding workshops"')).toContain("Strength noted");
    expect(await app.say("joao", "strengths add translational policy briefs")).toContain("Strength noted");
    const suggestions = await app.say("lea", "mentor suggest @amina");
    expect(suggestions).toContain("Possible mentors for amina");
    expect(suggestions).toContain("lea: strength in academic skills (“qualitative coding workshops”); matches a need amina stated in that category; no mentees yet");
    expect(suggestions).not.toContain("joao:");
  });
});

describe("capacity needs survey, on postgres", () => {
  const clock = new FakeClock(new Date("2026-11-30T06:00:00Z")); // a Monday
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp("postgres", {}, { clock });
    await coastalTeam(app, "lea", { lea: "profile tz=Europe/Zurich", amina: "profile tz=Africa/Nairobi", joao: "profile tz=America/Sao_Paulo", sita: "profile tz=Asia/Kathmandu" });
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("invites everyone at 10:00 their time on the date, reminds once after 48 h only those who have not answered", async () => {
    expect(await app.say("amina", "survey start on=2026-12-01")).toMatch(/^⚠ Only leads/);
    expect(await app.say("lea", "survey start on=2026-11-01")).toMatch(/^⚠ That date has passed\./);
    expect(await app.say("lea", "survey start on=2026-12-01 at=10:00 remind=48h")).toContain("Survey #1 scheduled: every member of Coastal Resilience is invited on 2026-12-01 at 10:00 their time.");
    const schedule = await app.database.prisma.schedule.findFirstOrThrow({ where: { kind: "SURVEY" } });
    const tick = async (fromIso: string, toIso: string) => {
      for (let t = Date.parse(fromIso); t <= Date.parse(toIso); t += HOUR) {
        clock.set(new Date(t));
        await app.dispatcher.tick(schedule.id, new Date(t));
      }
    };
    await tick("2026-11-30T07:00:00Z", "2026-12-01T23:00:00Z");
    const invites = await app.database.prisma.notice.findMany({ where: { kind: "SURVEY" }, include: { person: true } });
    expect(Object.fromEntries(invites.map((n) => [n.person.displayName, local(n.occurrence, n.person.timezone!)]))).toEqual({
      lea: "Tue 2026-12-01 10:00",
      amina: "Tue 2026-12-01 10:00",
      joao: "Tue 2026-12-01 10:00",
      sita: "Tue 2026-12-01 10:00",
    });
    clock.set(new Date("2026-12-02T09:00:00Z"));
    expect(await app.say("amina", "needs add academic statistics")).toContain("Need noted");
    expect(await app.say("joao", "needs none")).toContain("No reminder will follow");
    await tick("2026-12-02T00:00:00Z", "2026-12-05T00:00:00Z");
    const reminders = await app.database.prisma.notice.findMany({ where: { kind: "SURVEY_REMINDER" }, include: { person: true } });
    expect(reminders.map((n) => n.person.displayName).sort()).toEqual(["lea", "sita"]);
    for (const r of reminders) expect(r.occurrence.getTime() - invites.find((i) => i.personId === r.personId)!.sentAt!.getTime()).toBeGreaterThanOrEqual(48 * HOUR);
    // The survey's date is worded by describeCadence, in the reader's language.
    expect(await app.say("lea", "survey status")).toContain("#1 · on Dec 1, 2026 at 10:00 (each member's local time) · reminder after 48 h · 2 of 4 invited have answered");
  }, 120_000);

  it("a survey scheduled for today after 10:00 has passed somewhere reaches those members on their next working day", async () => {
    clock.set(new Date("2026-12-03T12:00:00Z")); // Thursday: past 10:00 in Zurich, Nairobi and Kathmandu, not yet in São Paulo
    expect(await app.say("lea", "survey start on=2026-12-03 remind=off")).toContain("Survey #2 scheduled");
    const schedule = await app.database.prisma.schedule.findFirstOrThrow({ where: { kind: "SURVEY", number: 2 } });
    for (let t = Date.parse("2026-12-03T13:00:00Z"); t <= Date.parse("2026-12-05T00:00:00Z"); t += HOUR) {
      clock.set(new Date(t));
      await app.dispatcher.tick(schedule.id, new Date(t));
    }
    const invites = await app.database.prisma.notice.findMany({ where: { scheduleId: schedule.id }, include: { person: true } });
    expect(Object.fromEntries(invites.map((n) => [n.person.displayName, `${n.kind} ${local(n.occurrence, n.person.timezone!)}`]))).toEqual({
      joao: "SURVEY Thu 2026-12-03 10:00",
      lea: "SURVEY Fri 2026-12-04 10:00",
      amina: "SURVEY Fri 2026-12-04 10:00",
      sita: "SURVEY Fri 2026-12-04 10:00",
    });
  }, 120_000);
});

function local(at: Date, zone: string) {
  return DateTime.fromJSDate(at, { zone }).toFormat("ccc yyyy-LL-dd HH:mm");
}
