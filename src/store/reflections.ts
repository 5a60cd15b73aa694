// Schedules, prompt deliveries, answers and digests. Claims are single INSERT … ON CONFLICT
// statements through the driver, so a tick's bookkeeping is a handful of round trips however many
// people are due, and two processes claiming the same key can never both win.
import type { Cadence } from "../core/reflection/calendar.ts";
import type { Actor, DeliveryRecord, DeliveryStatus, NewDelivery, ParticipationMonth, ScheduleRecord, Store, Visibility } from "../core/ports.ts";
import { auditEntry } from "./audit.ts";
import type { Db } from "./database.ts";
import type { Connection } from "./driver.ts";
import { isUniqueViolation } from "./errors.ts";
import { claimRows, markClaimsFailed, markClaimsSent, TS } from "./claims.ts";
import { personInclude, toRecipient } from "./recipients.ts";
import { Prisma, type ScheduleKind, type Visibility as DbVisibility } from "./generated/client.ts";
import { periodFilter } from "./credit.ts";
import { shownPerson, type NamingWish } from "../core/credit/naming.ts";
import { localDate } from "../core/credit/terms.ts";

/** Members who can be reached: people not on the chat (`person add`) have no account to prompt. */
const ON_CHAT = `EXISTS (SELECT 1 FROM "PlatformAccount" a WHERE a."personId" = p.id)`;

const digestAuthor = (p: { displayName: string; givenName: string | null; familyName: string | null; orcid: string | null; naming: string; institution: { name: string } | null }) =>
  shownPerson({ ...p, naming: p.naming.toLowerCase() as NamingWish, institution: p.institution?.name ?? null }).name;

const scheduleInclude = { project: { select: { name: true, slug: true, language: true, closedAt: true } } } as const;
type ScheduleRow = Prisma.ScheduleGetPayload<{ include: typeof scheduleInclude }>;

const toSchedule = (s: ScheduleRow): ScheduleRecord => ({
  id: s.id,
  projectId: s.projectId,
  projectName: s.project.name,
  projectSlug: s.project.slug,
  projectLanguage: s.project.language,
  projectClosed: s.project.closedAt !== null,
  closedOn: s.project.closedAt ? localDate(s.project.closedAt, s.timezone) : null,
  number: s.number,
  kind: s.kind.toLowerCase() as ScheduleRecord["kind"],
  cadence: s.cadence as unknown as Cadence,
  localTime: s.localTime,
  timezone: s.timezone,
  promptSet: s.promptSet,
  reminderHours: s.reminderHours,
  enabled: s.enabled,
});

const deliveryInclude = { project: { select: { name: true } } } as const;
type DeliveryRow = Prisma.PromptDeliveryGetPayload<{ include: typeof deliveryInclude }>;

const toDelivery = (d: DeliveryRow): DeliveryRecord => ({
  id: d.id,
  personId: d.personId,
  projectId: d.projectId,
  projectName: d.project?.name ?? null,
  promptKey: d.promptId,
  language: d.language,
  status: d.status.toLowerCase() as DeliveryStatus,
  occurrence: d.occurrence,
  sentAt: d.sentAt,
});

/** calendarKey (src/core/reflection/calendar.ts) in SQL: the two must build the same string. */
const SIGNATURE = `concat_ws('|', COALESCE(p.timezone, ''), array_to_string(p."workDays", ','), COALESCE(p.country, i.country, ''), COALESCE(p."quietStart", ''), COALESCE(p."quietEnd", ''))`;


export function reflectionStore(db: Db, driver: Pick<Connection, "query">): Store["reflections"] {
  return {
    async createSchedule(actor: Actor, input) {
      for (let attempt = 0; ; attempt++) {
        const last = await db.schedule.aggregate({ where: { projectId: input.projectId }, _max: { number: true } });
        try {
          const [row] = await db.$transaction([
            db.schedule.create({
              data: {
                projectId: input.projectId,
                number: (last._max.number ?? 0) + 1,
                kind: input.kind.toUpperCase() as ScheduleKind,
                cadence: input.cadence as unknown as Prisma.InputJsonValue,
                localTime: input.localTime,
                timezone: input.timezone,
                promptSet: input.promptSet,
                reminderHours: input.reminderHours,
                createdById: actor.personId,
              },
              include: scheduleInclude,
            }),
            db.auditLog.createMany({ data: [auditEntry(actor, "schedule.create", "Project", input.projectId, { ...input })] }),
          ]);
          return toSchedule(row);
        } catch (e) {
          // Two schedules created at once in one project: the later takes the next number.
          if (!isUniqueViolation(e) || attempt >= 5) throw e;
        }
      }
    },

    async schedules(projectId) {
      const rows = await db.schedule.findMany({ where: { projectId }, include: scheduleInclude, orderBy: { number: "asc" } });
      return rows.map(toSchedule);
    },

    async schedule(id) {
      const row = await db.schedule.findUnique({ where: { id }, include: scheduleInclude });
      return row ? toSchedule(row) : undefined;
    },

    async findSchedule(projectId, number) {
      const row = await db.schedule.findUnique({ where: { projectId_number: { projectId, number } }, include: scheduleInclude });
      return row ? toSchedule(row) : undefined;
    },

    async setEnabled(actor, id, enabled) {
      await db.$transaction([
        db.schedule.update({ where: { id }, data: { enabled } }),
        db.auditLog.createMany({ data: [auditEntry(actor, enabled ? "schedule.resume" : "schedule.pause", "Schedule", id, {})] }),
      ]);
    },

    async deleteSchedule(actor, id) {
      await db.$transaction([
        db.schedule.delete({ where: { id } }),
        db.auditLog.createMany({ data: [auditEntry(actor, "schedule.delete", "Schedule", id, {})] }),
      ]);
    },

    // Read through the driver, in two steps: the calendars first (a few dozen rows however large the
    // project), then only the people whose calendar has someone due. Most ticks stop after the first.
    async calendars(projectId) {
      return driver.query<{ signature: string; timezone: string | null; workDays: number[]; country: string | null; quietStart: string | null; quietEnd: string | null }>(
        `SELECT ${SIGNATURE} AS signature, p.timezone, p."workDays" AS "workDays", COALESCE(p.country, i.country) AS country,
           p."quietStart" AS "quietStart", p."quietEnd" AS "quietEnd"
         FROM "Membership" m JOIN "Person" p ON p.id = m."personId" JOIN "Project" pr ON pr.id = m."projectId" LEFT JOIN "Institution" i ON i.id = p."institutionId"
         WHERE m."projectId" = $1 AND ${ON_CHAT} GROUP BY 1, 2, 3, 4, 5, 6`,
        [projectId],
      );
    },

    async recipients(projectId, signatures) {
      const rows = await driver.query<{
        id: string;
        name: string;
        handle: string | null;
        language: string;
        timezone: string | null;
        work_days: number[];
        country: string | null;
        away_until: number | null;
        quiet_start: string | null;
        quiet_end: string | null;
      }>(
        `SELECT p.id, p."displayName" AS name, (SELECT a.handle FROM "PlatformAccount" a WHERE a."personId" = p.id ORDER BY a.id LIMIT 1) AS handle,
           COALESCE(p.language, pr.language) AS language, p.timezone, p."workDays" AS work_days, COALESCE(p.country, i.country) AS country,
           (extract(epoch FROM p."awayUntil") * 1000)::float8 AS away_until, p."quietStart" AS quiet_start, p."quietEnd" AS quiet_end
         FROM "Membership" m JOIN "Person" p ON p.id = m."personId" JOIN "Project" pr ON pr.id = m."projectId" LEFT JOIN "Institution" i ON i.id = p."institutionId"
         WHERE m."projectId" = $1 AND ${ON_CHAT} AND ($2::text[] IS NULL OR ${SIGNATURE} = ANY($2)) ORDER BY m."joinedAt", p.id`,
        [projectId, signatures ?? null],
      );
      return rows.map((r) => ({
        personId: r.id,
        displayName: r.name,
        handle: r.handle,
        language: r.language,
        timezone: r.timezone,
        workDays: r.work_days,
        country: r.country,
        awayUntil: r.away_until === null ? null : new Date(Number(r.away_until)),
        quietStart: r.quiet_start,
        quietEnd: r.quiet_end,
      }));
    },

    async seenPrompts(personIds, setId) {
      const seen = new Map<string, Map<string, number>>();
      if (personIds.length === 0) return seen;
      const rows = await driver.query<{ person: string; prompt: string; last: string }>(
        `SELECT "personId" AS person, "promptId" AS prompt, (extract(epoch FROM max("createdAt")) * 1000)::float8 AS last
         FROM "PromptDelivery" WHERE "personId" = ANY($1) AND starts_with("promptId", $2) GROUP BY 1, 2`,
        [personIds, `${setId}/`],
      );
      for (const r of rows) {
        let byPrompt = seen.get(r.person);
        if (!byPrompt) seen.set(r.person, (byPrompt = new Map()));
        byPrompt.set(r.prompt, Number(r.last));
      }
      return seen;
    },

    async claimDeliveries(rows, now, leaseMs, maxAttempts) {
      const claimed = await claimRows<NewDelivery, { id: string; dedupeKey: string; promptId: string; language: string }>(
        driver,
        "PromptDelivery",
        [
          { name: "dedupeKey", value: (r) => r.dedupeKey },
          { name: "scheduleId", value: (r) => r.scheduleId },
          { name: "projectId", value: (r) => r.projectId },
          { name: "personId", value: (r) => r.personId },
          { name: "promptId", value: (r) => r.promptKey },
          { name: "language", value: (r) => r.language },
          { name: "occurrence", type: "timestamp", value: (r) => r.occurrence },
        ],
        rows,
        { now, leaseMs, maxAttempts, returning: `id, "dedupeKey", "promptId", language` },
      );
      const byKey = new Map(rows.map((r) => [r.dedupeKey, r]));
      // A re-claimed row keeps the prompt and language it was first given.
      return claimed.map((c): NewDelivery & { id: string } => ({ ...byKey.get(c.dedupeKey)!, id: c.id, promptKey: c.promptId, language: c.language }));
    },

    markSent: (ids, now) => markClaimsSent(driver, "PromptDelivery", ids, now),
    markFailed: (ids, maxAttempts) => markClaimsFailed(driver, "PromptDelivery", ids, maxAttempts),

    async remindable(scheduleId, from, to) {
      const rows = await db.promptDelivery.findMany({
        where: { scheduleId, status: "SENT", remindedAt: null, sentAt: { gte: from, lt: to } },
        include: { ...deliveryInclude, person: { include: personInclude } },
      });
      // A reminder repeats its prompt, in the language the prompt was sent in.
      return rows.map((d) => ({ delivery: toDelivery(d), recipient: toRecipient(d.person, d.language) }));
    },

    async claimReminders(ids, now) {
      if (ids.length === 0) return [];
      const rows = await driver.query<{ id: string }>(
        `UPDATE "PromptDelivery" SET "remindedAt" = ${TS("$2")} WHERE id = ANY($1) AND "remindedAt" IS NULL AND status = 'SENT' RETURNING id`,
        [ids, now.getTime()],
      );
      return rows.map((r) => r.id);
    },

    async openDelivery(personId, now, maxAgeMs, deliveryId) {
      const row = await db.promptDelivery.findFirst({
        where: {
          personId,
          ...(deliveryId ? { id: deliveryId } : {}),
          status: { in: ["SENT", "ANSWERED", "SKIPPED"] },
          sentAt: { gte: new Date(now.getTime() - maxAgeMs) },
        },
        include: deliveryInclude,
        orderBy: [{ sentAt: "desc" }, { createdAt: "desc" }],
      });
      // Unnamed, it is the person's latest prompt, answered or not (answering again replaces the
      // answer); one they skipped is let go, unless a button names it.
      if (!row || (!deliveryId && row.status === "SKIPPED")) return undefined;
      return toDelivery(row);
    },

    async answer(actor, { delivery, text, visibility, idempotencyKey, at }) {
      const dbVisibility = visibility.toUpperCase() as DbVisibility;
      return db.$transaction(async (tx) => {
        const existing = await tx.promptResponse.findUnique({ where: { deliveryId: delivery.id } });
        if (existing?.idempotencyKey === idempotencyKey) return { created: false, replaced: false };
        // Answered at the clock's time (the date `my reflections` shows), not the database's.
        if (existing) {
          await tx.promptResponse.update({ where: { id: existing.id }, data: { text, visibility: dbVisibility, idempotencyKey, updatedAt: at } });
        } else {
          await tx.promptResponse.create({
            data: { deliveryId: delivery.id, projectId: delivery.projectId, personId: actor.personId, text, visibility: dbVisibility, idempotencyKey, createdAt: at, updatedAt: at },
          });
        }
        await tx.promptDelivery.update({ where: { id: delivery.id }, data: { status: "ANSWERED" } });
        return { created: !existing, replaced: !!existing };
      });
    },

    async skip(_actor, deliveryId) {
      await db.promptDelivery.updateMany({ where: { id: deliveryId, status: "SENT" }, data: { status: "SKIPPED" } });
    },

    async reflections(personId) {
      const rows = await db.promptResponse.findMany({
        where: { personId },
        include: { delivery: { select: { promptId: true, language: true } }, project: { select: { name: true } } },
        orderBy: { createdAt: "desc" },
      });
      return rows.map((r) => ({
        id: r.id,
        promptKey: r.delivery?.promptId ?? null,
        language: r.delivery?.language ?? null,
        projectName: r.project?.name ?? null,
        text: r.text,
        visibility: r.visibility.toLowerCase() as Visibility,
        answeredAt: r.updatedAt,
      }));
    },

    async claimPost(row, now, leaseMs, maxAttempts) {
      const [claimed] = await claimRows<typeof row, { id: string }>(
        driver,
        "ChannelPost",
        [
          { name: "dedupeKey", value: (r) => r.dedupeKey },
          { name: "scheduleId", value: (r) => r.scheduleId },
          { name: "projectId", value: (r) => r.projectId },
          { name: "occurrence", type: "timestamp", value: (r) => r.occurrence },
        ],
        [row],
        { now, leaseMs, maxAttempts, returning: "id" },
      );
      return claimed?.id;
    },

    async markPostSent(id, now) {
      await db.channelPost.update({ where: { id }, data: { status: "SENT", sentAt: now } });
    },

    async lastPost(scheduleId) {
      const row = await db.channelPost.findFirst({ where: { scheduleId, status: "SENT" }, orderBy: { occurrence: "desc" }, select: { occurrence: true } });
      return row?.occurrence;
    },

    async digest(projectId, from, to) {
      const window = { gte: from, lt: to };
      const [project, leads, deliveries, responses, entries] = await Promise.all([
        db.project.findUniqueOrThrow({ where: { id: projectId }, select: { channelId: true, language: true } }),
        db.membership.findMany({ where: { projectId, role: "LEAD" }, include: { person: { include: personInclude } } }),
        db.promptDelivery.groupBy({ by: ["status"], where: { projectId, sentAt: window }, _count: { _all: true } }),
        db.promptResponse.groupBy({ by: ["visibility"], where: { projectId, delivery: { sentAt: window } }, _count: { _all: true } }),
        db.promptResponse.findMany({
          where: { projectId, visibility: "PROJECT", delivery: { sentAt: window } },
          include: {
            person: { select: { displayName: true, givenName: true, familyName: true, orcid: true, naming: true, institution: { select: { name: true } } } },
            delivery: { select: { promptId: true } },
          },
          orderBy: { createdAt: "asc" },
        }),
      ]);
      const byStatus = (s: string) => deliveries.find((d) => d.status === s)?._count._all ?? 0;
      const byVisibility = (v: string) => responses.find((r) => r.visibility === v)?._count._all ?? 0;
      return {
        channelId: project.channelId,
        leads: leads.map((m) => toRecipient(m.person, project.language)),
        sent: deliveries.reduce((n, d) => n + d._count._all, 0),
        answered: byStatus("ANSWERED"),
        shared: byVisibility("PROJECT"),
        anonymous: byVisibility("ANONYMOUS"),
        skipped: byStatus("SKIPPED"),
        // The digest is posted to the project's channel: authors appear as they wish to be named.
        entries: entries.map((e) => ({ author: digestAuthor(e.person), promptKey: e.delivery?.promptId ?? null, text: e.text })),
      };
    },

    async participation(projectId, period) {
      // Counted as the digest counts (deliveries by status, answers by visibility), per month sent; no text is read.
      return db.$queryRaw<ParticipationMonth[]>`
        SELECT to_char(d."sentAt", 'YYYY-MM') AS month, count(*)::int AS sent,
          count(*) FILTER (WHERE d.status = 'ANSWERED')::int AS answered,
          count(r.id) FILTER (WHERE r.visibility = 'PROJECT')::int AS shared,
          count(r.id) FILTER (WHERE r.visibility = 'ANONYMOUS')::int AS anonymous,
          count(*) FILTER (WHERE d.status = 'SKIPPED')::int AS skipped
        FROM "PromptDelivery" d LEFT JOIN "PromptResponse" r ON r."deliveryId" = d.id
        WHERE d."projectId" = ${projectId} AND d."sentAt" IS NOT NULL${periodFilter(Prisma.sql`d."sentAt"`, period, true)}
        GROUP BY 1 ORDER BY 1`;
    },
  };
}
