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

/** The Prisma implementation of the core's Store port. */
export function createStore(db: Db, driver: Pick<Connection, "query">): Store {
  const reflections = reflectionStore(db, driver);
  return {
    identity: identityStore(db),
    profiles: profileStore(db),
    institutions: institutionStore(db),
    projects: projectStore(db),
    credit: creditStore(db, driver),
    reflections,
    mentorship: mentorshipStore(db, reflections),
    notices: noticeStore(db, driver),
    capacity: capacityStore(db),
    receipts: receiptStore(db),
  };
}

/** Enabled schedules, for reconciling BullMQ's job schedulers with the database. */
export async function listEnabledSchedules(db: Db): Promise<Array<{ id: string; kind: string }>> {
  const rows = await db.schedule.findMany({ where: { enabled: true }, select: { id: true, kind: true } });
  return rows.map((r) => ({ id: r.id, kind: r.kind.toLowerCase() }));
}
