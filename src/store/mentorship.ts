// Mentorship pairs, check-ins, skipped cycles and the notices (reminders, overdue flags, survey
// invitations) that scheduled ticks claim and send.
import type { Cadence } from "../core/reflection/calendar.ts";
import type { CheckInRecord, NewNotice, NoticeRecord, PairRecord, Store } from "../core/ports.ts";
import type { CheckInTopic } from "../core/vocabulary.ts";
import { auditEntry } from "./audit.ts";
import { claimRows, markClaimsFailed, markClaimsSent } from "./claims.ts";
import type { Db } from "./database.ts";
import type { Connection } from "./driver.ts";
import { isUniqueViolation } from "./errors.ts";
import { Prisma, type CheckInTopic as DbTopic, type NoticeKind } from "./generated/client.ts";
import { periodFilter } from "./credit.ts";
import { personInclude, toRecipient } from "./recipients.ts";
import { localDate } from "../core/credit/terms.ts";

/** @db.Date values arrive as UTC midnights. */
const day = (d: Date): string => d.toISOString().slice(0, 10);
const dateValue = (iso: string) => new Date(`${iso}T00:00:00Z`);

const pairInclude = {
  project: { select: { name: true, slug: true, language: true } },
  mentor: { include: personInclude },
  mentee: { include: personInclude },
  checkIns: { select: { occurredOn: true }, orderBy: { occurredOn: "desc" }, take: 1 },
  notices: { where: { kind: "CHECKIN_REMINDER", status: "SKIPPED" }, select: { occurrence: true }, orderBy: { occurrence: "desc" } },
  _count: { select: { checkIns: true } },
} as const satisfies Prisma.MentorshipPairInclude;
type PairRow = Prisma.MentorshipPairGetPayload<{ include: typeof pairInclude }>;

function toPair(p: PairRow): PairRecord {
  const mentor = toRecipient(p.mentor, p.project.language);
  const lastSkip = p.notices[0]?.occurrence;
  return {
    id: p.id,
    number: p.number,
    projectId: p.projectId,
    projectName: p.project.name,
    projectSlug: p.project.slug,
    mentor,
    mentee: toRecipient(p.mentee, p.project.language),
    cadence: p.cadence as unknown as Cadence,
    localTime: p.localTime,
    goals: p.goals,
    startsOn: day(p.startsOn),
    endsOn: p.endsOn ? day(p.endsOn) : null,
    endedAt: p.endedAt,
    snoozedUntil: p.snoozedUntil,
    lastCheckIn: p.checkIns[0] ? day(p.checkIns[0].occurredOn) : null,
    // A skipped cycle counts on the local date its reminder went out, where the mentor is.
    lastSkip: lastSkip ? localDate(lastSkip, mentor.timezone) : null,
    checkIns: p._count.checkIns,
    skips: p.notices.length,
  };
}

type CheckInRow = Prisma.CheckInGetPayload<object>;
const toCheckIn = (c: CheckInRow): CheckInRecord => ({
  id: c.id,
  pairId: c.pairId,
  occurredOn: day(c.occurredOn),
  topics: c.topics.map((t) => t.toLowerCase() as CheckInTopic),
  nextSteps: c.nextSteps,
  mentorNote: c.mentorNote,
  menteeNote: c.menteeNote,
  menteeConfirmedAt: c.menteeConfirmedAt,
  createdAt: c.createdAt,
});

type NoticeRow = Prisma.NoticeGetPayload<object>;
const toNotice = (n: NoticeRow): NoticeRecord => ({
  id: n.id,
  dedupeKey: n.dedupeKey,
  kind: n.kind.toLowerCase() as NoticeRecord["kind"],
  scheduleId: n.scheduleId,
  projectId: n.projectId,
  pairId: n.pairId,
  personId: n.personId,
  occurrence: n.occurrence,
  status: n.status.toLowerCase() as NoticeRecord["status"],
  sentAt: n.sentAt,
  reason: n.reason,
});

/** `reflections`: where schedules live (a project's check-in schedule is one of them). */
export function mentorshipStore(db: Db, reflections: Store["reflections"]): Store["mentorship"] {
  const findPair = async (where: Prisma.MentorshipPairWhereUniqueInput) => {
    const row = await db.mentorshipPair.findUnique({ where, include: pairInclude });
    return row ? toPair(row) : undefined;
  };
  return {
    async pair(actor, input) {
      const data = {
        cadence: input.cadence as unknown as Prisma.InputJsonValue,
        localTime: input.localTime,
        goals: input.goals,
        endsOn: input.endsOn ? dateValue(input.endsOn) : null,
      };
      const key = { projectId_mentorId_menteeId: { projectId: input.projectId, mentorId: input.mentorId, menteeId: input.menteeId } };
      for (let attempt = 0; ; attempt++) {
        const existing = await db.mentorshipPair.findUnique({ where: key, select: { id: true, endedAt: true } });
        if (existing) {
          // Pairing the same people again updates the pair; after an unpair it resumes, counting from today.
          const resumed = existing.endedAt !== null;
          await db.$transaction([
            db.mentorshipPair.update({ where: { id: existing.id }, data: { ...data, ...(resumed && { endedAt: null, startsOn: dateValue(input.startsOn), snoozedUntil: null }) } }),
            db.auditLog.createMany({ data: [auditEntry(actor, resumed ? "pair.resume" : "pair.update", "MentorshipPair", existing.id, { ...input })] }),
          ]);
          return { pair: (await findPair({ id: existing.id }))!, outcome: resumed ? "resumed" : "updated" };
        }
        const last = await db.mentorshipPair.aggregate({ where: { projectId: input.projectId }, _max: { number: true } });
        try {
          const created = await db.mentorshipPair.create({
            data: { ...data, projectId: input.projectId, mentorId: input.mentorId, menteeId: input.menteeId, startsOn: dateValue(input.startsOn), number: (last._max.number ?? 0) + 1, createdById: actor.personId },
          });
          await db.auditLog.createMany({ data: [auditEntry(actor, "pair.create", "MentorshipPair", created.id, { ...input })] });
          return { pair: (await findPair({ id: created.id }))!, outcome: "created" };
        } catch (e) {
          // The same pair made twice at once, or two pairs taking one number: look again.
          if (!isUniqueViolation(e) || attempt >= 5) throw e;
        }
      }
    },

    async pairs(projectId, filter = {}) {
      const rows = await db.mentorshipPair.findMany({
        where: {
          projectId,
          ...(filter.active && { endedAt: null }),
          ...(filter.personId && { OR: [{ mentorId: filter.personId }, { menteeId: filter.personId }] }),
        },
        include: pairInclude,
        orderBy: { number: "asc" },
      });
      return rows.map(toPair);
    },

    findPair: (projectId, number) => findPair({ projectId_number: { projectId, number } }),

    async endPair(actor, pairId, at) {
      await db.$transaction([
        db.mentorshipPair.update({ where: { id: pairId }, data: { endedAt: at, snoozedUntil: null } }),
        db.auditLog.createMany({ data: [auditEntry(actor, "pair.end", "MentorshipPair", pairId, {})] }),
      ]);
    },

    async logCheckIn(actor, input) {
      const existing = await db.checkIn.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
      if (existing) return { checkIn: toCheckIn(existing), created: false };
      try {
        const [row] = await db.$transaction([
          db.checkIn.create({
            data: {
              pairId: input.pairId,
              occurredOn: dateValue(input.occurredOn),
              topics: input.topics.map((t) => t.toUpperCase() as DbTopic),
              nextSteps: input.nextSteps,
              mentorNote: input.mentorNote,
              loggedById: actor.personId,
              idempotencyKey: input.idempotencyKey,
            },
          }),
          db.mentorshipPair.update({ where: { id: input.pairId }, data: { snoozedUntil: null } }),
          // Notes stay out of the audit log: they are the pair's.
          db.auditLog.createMany({ data: [auditEntry(actor, "checkin.log", "MentorshipPair", input.pairId, { occurredOn: input.occurredOn })] }),
        ]);
        return { checkIn: toCheckIn(row), created: true };
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        return { checkIn: toCheckIn((await db.checkIn.findUnique({ where: { idempotencyKey: input.idempotencyKey } }))!), created: false };
      }
    },

    async confirmCheckIn(actor, checkInId, note, at) {
      const [row] = await db.$transaction([
        db.checkIn.update({ where: { id: checkInId }, data: { menteeConfirmedAt: at, ...(note !== null && { menteeNote: note }) } }),
        db.auditLog.createMany({ data: [auditEntry(actor, "checkin.confirm", "CheckIn", checkInId, {})] }),
      ]);
      return toCheckIn(row);
    },

    async checkIns(pairId) {
      const rows = await db.checkIn.findMany({ where: { pairId }, orderBy: [{ occurredOn: "desc" }, { createdAt: "desc" }] });
      return rows.map(toCheckIn);
    },

    async snooze(actor, pairId, until) {
      await db.$transaction([
        db.mentorshipPair.update({ where: { id: pairId }, data: { snoozedUntil: until } }),
        db.auditLog.createMany({ data: [auditEntry(actor, "pair.snooze", "MentorshipPair", pairId, { until: until?.toISOString() ?? null })] }),
      ]);
    },

    async lastReminder(pairId) {
      const row = await db.notice.findFirst({ where: { pairId, kind: "CHECKIN_REMINDER", status: { in: ["SENT", "SKIPPED"] } }, orderBy: { occurrence: "desc" } });
      return row ? toNotice(row) : undefined;
    },

    async skipCycle(actor, notice, reason) {
      await db.$transaction([
        db.notice.update({ where: { id: notice.id }, data: { status: "SKIPPED", reason } }),
        db.mentorshipPair.update({ where: { id: notice.pairId! }, data: { snoozedUntil: null } }),
        db.auditLog.createMany({ data: [auditEntry(actor, "pair.skip", "MentorshipPair", notice.pairId!, { cycle: notice.occurrence.toISOString() })] }),
      ]);
    },

    async skips(pairId) {
      const rows = await db.notice.findMany({
        where: { pairId, kind: "CHECKIN_REMINDER", status: "SKIPPED" },
        include: { person: { select: { timezone: true } } },
        orderBy: { occurrence: "desc" },
      });
      return rows.map((r) => ({ date: localDate(r.occurrence, r.person.timezone), reason: r.reason }));
    },

    async leads(projectId) {
      const rows = await db.membership.findMany({ where: { projectId, role: "LEAD" }, include: { person: { include: personInclude }, project: { select: { language: true } } }, orderBy: { joinedAt: "asc" } });
      return rows.map((m) => toRecipient(m.person, m.project.language));
    },

    async ensureSchedule(actor, projectId) {
      const find = async () => (await reflections.schedules(projectId)).find((s) => s.kind === "checkin");
      const existing = await find();
      if (existing) return existing;
      // Each pair keeps its own cadence; the schedule's own cadence and time are not used.
      const created = await reflections.createSchedule(actor, { projectId, kind: "checkin", cadence: { type: "daily" }, localTime: "10:00", timezone: "UTC", promptSet: null, reminderHours: null });
      // Two first pairs at once may both have created one: keep the lowest number, drop the other.
      const all = (await reflections.schedules(projectId)).filter((s) => s.kind === "checkin");
      for (const extra of all.slice(1)) await db.schedule.deleteMany({ where: { id: extra.id } });
      return all[0] ?? created;
    },

    async activity(projectId, period) {
      // Counts only: no note, next step or skip reason is read.
      const [checkIns, skips, overdue] = await Promise.all([
        db.$queryRaw<Array<{ month: string; n: number; confirmed: number }>>`
          SELECT to_char(ci."occurredOn", 'YYYY-MM') AS month, count(*)::int AS n, count(ci."menteeConfirmedAt")::int AS confirmed
          FROM "CheckIn" ci JOIN "MentorshipPair" p ON p.id = ci."pairId"
          WHERE p."projectId" = ${projectId}${periodFilter(Prisma.sql`ci."occurredOn"`, period)} GROUP BY 1`,
        db.$queryRaw<Array<{ month: string; n: number }>>`
          SELECT to_char(n.occurrence, 'YYYY-MM') AS month, count(*)::int AS n FROM "Notice" n
          WHERE n."projectId" = ${projectId} AND n.kind = 'CHECKIN_REMINDER' AND n.status = 'SKIPPED'${periodFilter(Prisma.sql`n.occurrence`, period, true)}
          GROUP BY 1`,
        // A stretch is one (pair, date the overdue clock started): its dedupe keys are overdue:<pair>:<since>:…
        db.$queryRaw<Array<{ stretches: number; leads: number }>>`
          SELECT count(DISTINCT n."pairId" || ':' || split_part(n."dedupeKey", ':', 3))::int AS stretches,
            count(DISTINCT n."pairId" || ':' || split_part(n."dedupeKey", ':', 3)) FILTER (WHERE n.kind = 'OVERDUE_LEAD')::int AS leads
          FROM "Notice" n
          WHERE n."projectId" = ${projectId} AND n.kind IN ('OVERDUE_MENTOR', 'OVERDUE_LEAD') AND n.status = 'SENT'${periodFilter(Prisma.sql`n.occurrence`, period, true)}`,
      ]);
      const months = new Map<string, { month: string; checkIns: number; confirmed: number; skipped: number }>();
      const at = (month: string) => months.get(month) ?? months.set(month, { month, checkIns: 0, confirmed: 0, skipped: 0 }).get(month)!;
      for (const c of checkIns) Object.assign(at(c.month), { checkIns: c.n, confirmed: c.confirmed });
      for (const s of skips) at(s.month).skipped = s.n;
      return {
        months: [...months.values()].sort((a, b) => a.month.localeCompare(b.month)),
        overdue: { stretches: overdue[0]?.stretches ?? 0, reachedLeads: overdue[0]?.leads ?? 0 },
      };
    },
  };
}

export function noticeStore(db: Db, driver: Pick<Connection, "query">): Store["notices"] {
  return {
    async claim(rows, now, leaseMs, maxAttempts) {
      const claimed = await claimRows<NewNotice, { id: string; dedupeKey: string }>(
        driver,
        "Notice",
        [
          { name: "dedupeKey", value: (r) => r.dedupeKey },
          { name: "kind", type: { enum: "NoticeKind" }, value: (r) => r.kind.toUpperCase() },
          { name: "scheduleId", value: (r) => r.scheduleId },
          { name: "projectId", value: (r) => r.projectId },
          { name: "pairId", value: (r) => r.pairId },
          { name: "personId", value: (r) => r.personId },
          { name: "occurrence", type: "timestamp", value: (r) => r.occurrence },
        ],
        rows,
        { now, leaseMs, maxAttempts, returning: `id, "dedupeKey"` },
      );
      const byKey = new Map(rows.map((r) => [r.dedupeKey, r]));
      return claimed.map((c) => ({ ...byKey.get(c.dedupeKey)!, id: c.id }));
    },

    markSent: (ids, now) => markClaimsSent(driver, "Notice", ids, now),
    markFailed: (ids, maxAttempts) => markClaimsFailed(driver, "Notice", ids, maxAttempts),

    async unansweredSurveys(scheduleId, from, to) {
      const rows = await db.notice.findMany({
        where: { scheduleId, kind: "SURVEY", status: "SENT", sentAt: { gte: from, lt: to } },
        include: { person: { include: personInclude }, project: { select: { language: true } } },
      });
      return rows.map((n) => ({ notice: toNotice(n), recipient: toRecipient(n.person, n.project.language) }));
    },

    async answerSurveys(personId, projectId) {
      const { count } = await db.notice.updateMany({ where: { personId, projectId, kind: "SURVEY" as NoticeKind, status: "SENT" }, data: { status: "ANSWERED" } });
      return count;
    },

    async surveyProgress(scheduleId) {
      const rows = await db.notice.groupBy({ by: ["status"], where: { scheduleId, kind: "SURVEY" }, _count: { _all: true } });
      const count = (s: string) => rows.find((r) => r.status === s)?._count._all ?? 0;
      return { invited: count("SENT") + count("ANSWERED"), answered: count("ANSWERED") };
    },
  };
}
