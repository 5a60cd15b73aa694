// Reflection prompts on the real store and real Redis: a week of simulated ticks for five people,
// answers and their visibility, reminders, digests, and the ways a send can be retried or doubled
// (a re-run tick, two processes, a crash between send and record, a flushed Redis).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { startApp } from "../../src/app.ts";
import { msg, translator } from "../../src/core/i18n/index.ts";
import { renderPlainText, type OutgoingMessage } from "../../src/core/message.ts";
import type { ChatPort, PersonRef } from "../../src/core/ports.ts";
import { CLAIM_LEASE_MS, TICK_MS } from "../../src/core/reflection/dispatch.ts";
import { dueMembers } from "../../src/core/reflection/due.ts";
import { describeCadence } from "../../src/core/reflection/terms.ts";
import { schedulerId } from "../../src/scheduler/scheduler.ts";
import { FakeClock, bundledPrompts } from "../fakes/memory-store.ts";
import { coastalTeam, shellEvent, startTestApp, type TestApp } from "../helpers/app.ts";
import { deleteKeys } from "../helpers/redis.ts";

const prompts = bundledPrompts();
const textOf = (m: OutgoingMessage) => renderPlainText(m);
const REMINDER = /A gentle reminder|Un petit rappel|Un recordatorio amable|Um lembrete gentil|Ukumbusho mdogo/;
// lea leads in French, joao answers in Portuguese, amina in Swahili; sita and aroha read English.
const [fr, pt, sw] = [translator("fr"), translator("pt"), translator("sw")];
const saved = (t: typeof fr, visibility: "private" | "project" | "anonymous") =>
  t("answer.saved", { replaced: "no", visibility: msg(`reflection.visibility.${visibility}`), where: visibility, project: "Coastal Resilience" });

describe("reflection prompts on postgres", () => {
  const clock = new FakeClock(new Date("2026-10-18T12:00:00Z"));
  let app: TestApp;
  let scheduleId: string;
  const people = {
    amina: "profile tz=Africa/Nairobi country=KE lang=sw",
    joao: "profile tz=America/Sao_Paulo country=BR lang=pt",
    sita: "profile tz=Asia/Kathmandu workdays=sun-thu",
    aroha: "profile tz=Pacific/Auckland workdays=fri-sat country=NZ",
    lea: "profile tz=Europe/Zurich country=CH lang=fr",
  };
  const ticks = async (fromIso: string, toIso: string, target = app) => {
    for (let t = Date.parse(fromIso); t < Date.parse(toIso); t += TICK_MS) {
      clock.set(new Date(t));
      await target.dispatcher.tick(scheduleId, new Date(t));
    }
  };
  // The same ticks, but only those with something due: a prompt (dueMembers, as the tick asks), or a
  // reminder (the first tick more than 24 h after a remindable prompt was sent). The others send nothing.
  const dueTicks = async (fromIso: string, toIso: string) => {
    const end = Date.parse(toIso);
    const schedule = (await app.store.reflections.schedule(scheduleId))!;
    const quarterAfter = (ms: number) => Math.floor(ms / TICK_MS) * TICK_MS + TICK_MS;
    let count = 0;
    for (let t = Date.parse(fromIso); t < end; count++) {
      clock.set(new Date(t));
      await app.dispatcher.tick(scheduleId, new Date(t));
      const prompt = (await dueMembers(app, schedule.projectId, schedule, new Date(t + 1), new Date(end))).map((d) => d.at.getTime());
      const remindable = await app.store.reflections.remindable(scheduleId, new Date(t - 48 * 3600_000), new Date(end));
      // One left over (its person unreachable just then) is tried again at the next quarter.
      const reminders = remindable.map(({ delivery }) => Math.max(quarterAfter(delivery.sentAt!.getTime() + 24 * 3600_000), t + TICK_MS));
      t = Math.min(...prompt, ...reminders, end);
    }
    return count;
  };
  const promptsTo = (name: string) => app.sent.filter((s) => s.to.displayName === name && /Reflection|Réflexion|Reflexão|Tafakari/.test(textOf(s.message)));

  beforeAll(async () => {
    app = await startTestApp("postgres", {}, { clock });
    await coastalTeam(app, "lea", people);
    const created = await app.say("lea", "schedule create every=daily at=09:00 remind=24h");
    expect(created).toContain(
      fr("schedule.line.reflection", {
        number: 1,
        title: prompts.set("mutual-learning")!.title.fr!,
        set: "mutual-learning",
        cadence: fr("cadence.daily", { time: "09:00" }),
        reminder: msg("schedule.reminder.after", { hours: 24 }),
        status: msg("schedule.status.active"),
      }),
    );
    scheduleId = (await app.database.prisma.schedule.findFirstOrThrow()).id;
    expect((await app.scheduler.scheduled()).map((s) => s.id)).toEqual([schedulerId(scheduleId)]);
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("a tick planned far ahead of the clock (a host's clock, this file's simulated week) sends nothing", async () => {
    // Real quarter hours reach this app's worker too; 06:30 UTC on a Wednesday would be amina's 09:30.
    await app.scheduler.runTick(scheduleId, new Date("2026-12-02T06:30:00Z"));
    expect(await app.database.prisma.promptDelivery.count()).toBe(0);
    expect(app.sent).toEqual([]);
  });

  it("a week of ticks delivers exactly the expected prompts, in each person's language, without repeats", async () => {
    expect(await dueTicks("2026-10-19T00:00:00Z", "2026-10-26T00:00:00Z")).toBeLessThan(60); // of 672 quarter hours
    const days = (name: string) => promptsTo(name).filter((s) => !REMINDER.test(textOf(s.message))).length;
    // Mon 19 – Sun 25 October: Nairobi skips Mashujaa Day (Tue 20); Kathmandu works Sun–Thu; Auckland Fri–Sat.
    expect({ amina: days("amina"), joao: days("joao"), sita: days("sita"), aroha: days("aroha"), lea: days("lea") }).toEqual({ amina: 4, joao: 5, sita: 5, aroha: 2, lea: 5 });
    const rows = await app.database.prisma.promptDelivery.findMany({ include: { person: true }, orderBy: { occurrence: "asc" } });
    expect(rows).toHaveLength(21);
    for (const name of Object.keys(people)) {
      const mine = rows.filter((r) => r.person.displayName === name);
      expect(new Set(mine.map((r) => r.promptId)).size, `${name} gets no repeats`).toBe(mine.length);
      expect(mine[0]!.promptId).toBe("mutual-learning/ml-01"); // the team moves through the set together
    }
    expect(rows.find((r) => r.person.displayName === "amina")!.dedupeKey).toBe(`${scheduleId}:${rows.find((r) => r.person.displayName === "amina")!.personId}:2026-10-19`);
    const first = (name: string) => textOf(promptsTo(name)[0]!.message);
    expect(first("joao")).toContain("Reflexão · Coastal Resilience");
    expect(first("joao")).toContain(prompts.prompt("mutual-learning/ml-01")!.text.pt!);
    expect(first("amina")).toContain(prompts.prompt("mutual-learning/ml-01")!.text.sw!);
    expect(first("lea")).toContain(prompts.prompt("mutual-learning/ml-01")!.text.fr!);
    expect(first("sita")).toContain(prompts.prompt("mutual-learning/ml-01")!.text.en!);
    const zurich = rows.filter((r) => r.person.displayName === "lea").map((r) => r.occurrence.toISOString());
    expect(zurich).toEqual(["19", "20", "21", "22", "23"].map((d) => `2026-10-${d}T07:00:00.000Z`));
    expect(rows.every((r) => r.status === "SENT" && r.attempts === 1)).toBe(true);
  }, 120_000);

  it("re-running every tick of the week (a retried job, a second process) sends nothing more", async () => {
    const before = app.sent.length;
    await ticks("2026-10-19T00:00:00Z", "2026-10-26T00:00:00Z");
    expect(app.sent.length).toBe(before);
    expect(await app.database.prisma.promptDelivery.count()).toBe(21);
  }, 120_000);

  it("one gentle reminder after 24 h to those who neither answered nor skipped", async () => {
    // The week above ran its reminders too: every unanswered prompt of the week got exactly one.
    const reminders = app.sent.filter((s) => REMINDER.test(textOf(s.message)));
    const reminded = await app.database.prisma.promptDelivery.count({ where: { remindedAt: { not: null } } });
    expect(reminders.length).toBe(reminded);
    // The last prompts of the week (Fri/Sat/Sun) had not reached 24 h by the end of the run; the rest had.
    expect(reminded).toBeGreaterThanOrEqual(15);
    const byDelivery = await app.database.prisma.promptDelivery.findMany({ where: { remindedAt: { not: null } } });
    for (const d of byDelivery) expect(d.remindedAt!.getTime() - d.sentAt!.getTime()).toBeGreaterThanOrEqual(24 * 3600_000);
  });

  it("answers are private by default, may be shared or anonymous; skip stops the reminder", async () => {
    await ticks("2026-10-26T03:00:00Z", "2026-10-26T06:15:00Z"); // Monday's prompts for Kathmandu and Nairobi
    expect(await app.say("amina", "answer Nimejifunza jinsi wavuvi wanavyosoma mawimbi")).toContain(saved(sw, "private"));
    await ticks("2026-10-26T06:15:00Z", "2026-10-26T12:15:00Z");
    expect(await app.say("joao", "answer O mapa comunitário mostrou o que a pesquisa não viu visibility=project")).toContain(saved(pt, "project"));
    expect(await app.say("lea", "answer Je compte en anonyme v=anonymous")).toContain(saved(fr, "anonymous"));
    expect(await app.say("sita", "skip")).toContain("Skipped");
    const statuses = await app.database.prisma.promptDelivery.findMany({ where: { occurrence: { gte: new Date("2026-10-26T00:00:00Z") } }, include: { person: true } });
    expect(Object.fromEntries(statuses.map((s) => [s.person.displayName, s.status]))).toEqual({ amina: "ANSWERED", joao: "ANSWERED", lea: "ANSWERED", sita: "SKIPPED" });
    // A day later only… nobody: the three answered, sita skipped.
    const before = app.sent.length;
    await ticks("2026-10-27T03:00:00Z", "2026-10-27T12:15:00Z");
    const reminders = app.sent.slice(before).filter((s) => REMINDER.test(textOf(s.message)));
    expect(reminders.map((r) => r.to.displayName)).toEqual([]);
  }, 60_000);

  it("`my reflections` shows a person their own answers only", async () => {
    const mine = await app.say("joao", "my reflections");
    expect(mine).toContain("O mapa comunitário mostrou o que a pesquisa não viu");
    expect(mine).not.toContain("Nimejifunza");
    const [, ...rest] = await app.mutual.handle(shellEvent("amina", "my reflections format=json"));
    expect(rest).toEqual([]);
    const [reply] = await app.mutual.handle(shellEvent("amina", "my reflections format=json"));
    let json = "";
    for await (const chunk of reply!.files![0]!.chunks()) json += chunk;
    expect(JSON.parse(json).reflections).toEqual([
      expect.objectContaining({ text: "Nimejifunza jinsi wavuvi wanavyosoma mawimbi", visibility: "private", promptKey: expect.stringMatching(/^mutual-learning\//), language: "sw" }),
    ]);
  });

  it("a digest posts shared answers by name and counts, never private or anonymous text", async () => {
    const cadence = describeCadence(fr, { type: "weekly", weekdays: [1] }, "18:00");
    expect(await app.say("lea", "schedule create digest every=weekly days=mon at=18:00 tz=Europe/Zurich")).toContain(
      fr("schedule.line.digest", { number: 2, cadence, timezone: "Europe/Zurich", status: msg("schedule.status.active") }),
    );
    const digest = await app.database.prisma.schedule.findFirstOrThrow({ where: { number: 2 } });
    await app.database.prisma.project.updateMany({ data: { channelId: "C-COASTAL" } });
    clock.set(new Date("2026-10-26T17:00:00Z"));
    const posted = app.posted.length;
    const report = await app.dispatcher.tick(digest.id, new Date("2026-10-26T17:00:00Z")); // 18:00 in Zurich
    expect(report.posted).toBe(true);
    expect(await app.dispatcher.tick(digest.id, new Date("2026-10-26T17:15:00Z"))).toMatchObject({ posted: false });
    const [post] = app.posted.slice(posted);
    expect(post!.channelId).toBe("C-COASTAL");
    const text = textOf(post!.message);
    expect(text).toContain("Reflection digest · Coastal Resilience · 2026-10-19 – 2026-10-26");
    expect(text).toContain("joao — “");
    expect(text).toContain("O mapa comunitário mostrou o que a pesquisa não viu");
    expect(text).not.toContain("Nimejifunza"); // private
    expect(text).not.toContain("Je compte en anonyme"); // anonymous: counted only
    expect(text).toMatch(/\d+ prompts sent · 3 answered \(1 shared, 1 anonymous\) · 1 skipped/);
    // Without a channel the digest goes to each lead, in their own language.
    await app.database.prisma.project.updateMany({ data: { channelId: null } });
    clock.set(new Date("2026-10-27T08:00:00Z"));
    const sent = app.sent.length;
    expect(await app.say("lea", "schedule fire #2")).toBe(`✓ ${fr("schedule.fire.digest", { project: "Coastal Resilience" })}`);
    const toLeads = app.sent.slice(sent);
    expect(toLeads.map((s) => s.to.displayName)).toEqual(["lea"]);
    expect(textOf(toLeads[0]!.message)).toContain(fr("reflection.digest.heading", { project: "Coastal Resilience", from: "2026-10-26", to: "2026-10-27" }));
    expect(textOf(toLeads[0]!.message)).toContain(fr("reflection.digest.noneShared")); // nothing was shared since the last digest
  });

  it("two processes ticking the same schedule at once deliver each occurrence once", async () => {
    const second = await startApp(app.config, { logger: pino({ level: "silent" }), chat: { send: async (to, m) => void app.sent.push({ to, message: m }), post: async () => undefined }, clock });
    try {
      const before = app.sent.length;
      clock.set(new Date("2026-10-28T12:05:00Z"));
      const at = [new Date("2026-10-28T12:00:00Z"), new Date("2026-10-28T12:15:00Z")];
      await Promise.all([app.dispatcher.tick(scheduleId, at[0]!), second.dispatcher.tick(scheduleId, at[0]!), second.dispatcher.tick(scheduleId, at[1]!), app.dispatcher.tick(scheduleId, at[1]!)]);
      // Wednesday 09:00 in São Paulo: joao only (the others' 09:00 fell earlier and was delivered then).
      const fresh = app.sent.slice(before).filter((s) => !REMINDER.test(textOf(s.message)));
      expect(fresh.map((s) => s.to.displayName).sort()).toEqual(["joao"]);
      // The same tick queued through Redis by both processes is one job.
      const count = await app.database.prisma.promptDelivery.count();
      await Promise.all([app.scheduler.runTick(scheduleId, at[1]!), second.scheduler.runTick(scheduleId, at[1]!)]);
      expect(await app.database.prisma.promptDelivery.count()).toBe(count);
    } finally {
      await second.close();
    }
  }, 60_000);

  it("a crash between send and record resends once after the claim's lease, never more", async () => {
    let failNext = true;
    const flaky: ChatPort = {
      // The message goes out, then the process "dies" before recording it: the send throws after delivering.
      send: async (to: PersonRef, message: OutgoingMessage) => {
        app.sent.push({ to, message });
        if (failNext) {
          failNext = false;
          throw new Error("process died after the send");
        }
      },
      post: async () => undefined,
    };
    const crashy = await startApp(app.config, { logger: pino({ level: "silent" }), chat: flaky, clock });
    try {
      const before = app.sent.length;
      const tick = new Date("2026-10-29T12:00:00Z"); // Thursday 09:00 in São Paulo
      clock.set(tick);
      const prompted = () => app.sent.slice(before).filter((s) => !REMINDER.test(textOf(s.message))).length;
      await crashy.dispatcher.tick(scheduleId, tick);
      const row = await app.database.prisma.promptDelivery.findFirstOrThrow({ where: { occurrence: tick } });
      expect(row).toMatchObject({ status: "PENDING", attempts: 1 });
      clock.set(new Date(tick.getTime() + 60_000)); // within the lease: the claim still stands
      await crashy.dispatcher.tick(scheduleId, tick);
      expect(prompted()).toBe(1);
      clock.set(new Date(tick.getTime() + CLAIM_LEASE_MS + TICK_MS)); // the next tick, past the lease
      await crashy.dispatcher.tick(scheduleId, new Date(tick.getTime() + TICK_MS));
      expect(prompted()).toBe(2); // the at-least-once edge: one duplicate for one crash
      expect(await app.database.prisma.promptDelivery.findFirstOrThrow({ where: { id: row.id } })).toMatchObject({ status: "SENT", attempts: 2 });
      await crashy.dispatcher.tick(scheduleId, new Date(tick.getTime() + 2 * TICK_MS));
      expect(prompted()).toBe(2);
    } finally {
      await crashy.close();
    }
  }, 60_000);

  it("Redis flushed mid-week, then a restart: every schedule is back, nothing delivered twice, nothing lost", async () => {
    const expected = (await app.database.prisma.schedule.findMany({ where: { enabled: true } })).map((s) => schedulerId(s.id)).sort();
    await deleteKeys(`${app.config.queuePrefix}:*`);
    expect(await app.scheduler.scheduled()).toEqual([]);
    await app.close();
    const restarted = await startApp(app.config, { logger: pino({ level: "silent" }), chat: { send: async (to, m) => void app.sent.push({ to, message: m }), post: async () => undefined }, clock });
    try {
      expect((await restarted.scheduler.scheduled()).map((s) => s.id).sort()).toEqual(expected);
      const db = restarted.database.prisma; // the first process is gone
      const before = await db.promptDelivery.count();
      const sentBefore = app.sent.length;
      // The restart comes 30 minutes after Friday 09:00 in Zurich (08:00 UTC): its first tick, through the
      // real queue and worker, catches that up. Earlier Friday prompts (Nairobi, 06:00 UTC) lie beyond the
      // hour a tick catches up, so they wait for the replay below, as they would for their own ticks.
      clock.set(new Date("2026-10-30T08:30:00Z"));
      await restarted.scheduler.runTick(scheduleId, new Date("2026-10-30T08:30:00Z"));
      const fresh = app.sent.slice(sentBefore).filter((s) => !REMINDER.test(textOf(s.message))).map((s) => s.to.displayName);
      expect(fresh).toEqual(["lea"]);
      expect(await db.promptDelivery.count()).toBe(before + 1);
      // Every tick of Friday (UTC) again, as the job schedulers fire them: only what was not yet delivered goes out.
      for (let t = Date.parse("2026-10-30T00:00:00Z"); t < Date.parse("2026-10-31T00:00:00Z"); t += TICK_MS) {
        clock.set(new Date(t));
        await restarted.dispatcher.tick(scheduleId, new Date(t));
      }
      const rows = await db.promptDelivery.findMany({ where: { occurrence: { gte: new Date("2026-10-30T00:00:00Z"), lt: new Date("2026-10-31T00:00:00Z") } }, include: { person: true } });
      // Nairobi 06:00Z, Zurich 08:00Z, São Paulo 12:00Z, Auckland's Saturday 09:00 = Friday 20:00Z; Kathmandu is off.
      expect(rows.map((r) => r.person.displayName).sort()).toEqual(["amina", "aroha", "joao", "lea"]);
      expect(app.sent.slice(sentBefore).filter((s) => s.to.displayName === "lea" && !REMINDER.test(textOf(s.message)))).toHaveLength(1);
    } finally {
      await restarted.close();
    }
  }, 120_000);
});
