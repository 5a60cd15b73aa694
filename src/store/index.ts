import { allianceStore } from "./alliance.ts";
import type { Store } from "../core/ports.ts";
import type { Db } from "./database.ts";
import type { Connection } from "./driver.ts";
import { creditStore } from "./credit.ts";
import { identityStore } from "./identity.ts";
import { institutionStore } from "./institutions.ts";
import { profileStore } from "./profiles.ts";
import { projectStore } from "./projects.ts";
import { receiptStore } from "./receipts.ts";
import { reflectionStore } from "./reflections.ts";
import { mentorshipStore, noticeStore } from "./mentorship.ts";
import { capacityStore } from "./capacity.ts";
import { guardStore, type AvailabilityWatch } from "./errors.ts";
import { ActorCache } from "./actor-cache.ts";
import { outboxStore } from "./outbox.ts";
import { personDataStore } from "./person-data.ts";
import { offChatStore } from "./off-chat.ts";

/**
 * The Prisma implementation of the core's Store port. A database that cannot be reached surfaces as
 * the core's UnavailableError (`watch` hears each failure and success, for logs and readiness).
 */
export function createStore(db: Db, driver: Pick<Connection, "query">, watch?: AvailabilityWatch): Store {
  const reflections = reflectionStore(db, driver);
  // Resolved people, shared: a profile change here is seen by the next command at once.
  const actors = new ActorCache();
  return guardStore<Store>({
    identity: identityStore(db, driver, actors),
    profiles: profileStore(db, actors),
    institutions: institutionStore(db),
    projects: projectStore(db, driver),
    credit: creditStore(db, driver),
    reflections,
    mentorship: mentorshipStore(db, reflections),
    notices: noticeStore(db, driver),
    capacity: capacityStore(db),
    alliance: allianceStore(db),
    outbox: outboxStore(driver),
    people: personDataStore(db, actors),
    offChat: offChatStore(db, actors),
    receipts: receiptStore(driver),
  }, watch);
}

/** Enabled schedules, for reconciling BullMQ's job schedulers with the database. */
export async function listEnabledSchedules(db: Db): Promise<Array<{ id: string; kind: string }>> {
  // A closed project's schedules stop (their jobs are removed), all but its care follow-ups.
  const rows = await db.schedule.findMany({ where: { enabled: true, OR: [{ kind: "CARE" }, { project: { closedAt: null } }] }, select: { id: true, kind: true } });
  return rows.map((r) => ({ id: r.id, kind: r.kind.toLowerCase() }));
}

/** The embedded scheduler's last ticked quarter hour (no row before its first start). */
export async function lastSchedulerTick(db: Db, name = "embedded"): Promise<Date | undefined> {
  const row = await db.schedulerState.findUnique({ where: { name }, select: { lastTickAt: true } });
  return row?.lastTickAt;
}

export async function recordSchedulerTick(db: Db, at: Date, name = "embedded"): Promise<void> {
  // Only forward: a slow tick finishing after a later one must not move the mark back.
  await db.$executeRaw`INSERT INTO "SchedulerState" ("name", "lastTickAt", "updatedAt") VALUES (${name}, ${at}, now())
    ON CONFLICT ("name") DO UPDATE SET "lastTickAt" = GREATEST("SchedulerState"."lastTickAt", EXCLUDED."lastTickAt"), "updatedAt" = now()`;
}
