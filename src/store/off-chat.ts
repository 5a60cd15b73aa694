// People who are not on the chat: community members, interviewers, interpreters, elders. Each is a
// Person with no PlatformAccount and a membership of the project that added them, so contributions,
// kudos, summaries and exports credit them like anyone else. A lead merges one into their chat
// account once they join (the same merge as `link`: src/store/merge-people.ts).
import { fold } from "../core/matching.ts";
import type { Actor, OffChatPerson, Store } from "../core/ports.ts";
import { auditEntry } from "./audit.ts";
import type { Db } from "./database.ts";
import { LINK_LOCK } from "./identity.ts";
import { mergePeople } from "./merge-people.ts";
import { erasePerson } from "./person-data.ts";
import { isUniqueViolation } from "./errors.ts";
import type { ActorCache } from "./actor-cache.ts";

const select = { id: true, displayName: true, orcid: true, institution: { select: { name: true } } } as const;
const toRecord = (p: { id: string; displayName: string; orcid: string | null; institution: { name: string } | null }): OffChatPerson => ({
  personId: p.id,
  displayName: p.displayName,
  institution: p.institution?.name ?? null,
  orcid: p.orcid,
});

export function offChatStore(db: Db, actors?: ActorCache): Store["offChat"] {
  const list = async (projectId: string, client: Pick<Db, "person"> = db) =>
    (
      await client.person.findMany({
        where: { memberships: { some: { projectId } }, accounts: { none: {} } },
        select,
        orderBy: [{ displayName: "asc" }, { id: "asc" }],
      })
    ).map(toRecord);

  return {
    list: (projectId) => list(projectId),
    async add(actor: Actor, input) {
      const first = await db.person.findUnique({ where: { addedKey: input.idempotencyKey }, select });
      if (first) return { outcome: "repeat", person: toRecord(first) };
      try {
        return await db.$transaction(async (tx) => {
          // One person of a name per project: the name is how people are credited, so it must resolve.
          await tx.$executeRaw`SELECT id FROM "Project" WHERE id = ${input.projectId} FOR UPDATE`;
          const same = (await list(input.projectId, tx)).find((p) => fold(p.displayName) === fold(input.displayName));
          if (same) return { outcome: "exists" as const, person: same };
          const { projectId, idempotencyKey, ...fields } = input;
          const person = await tx.person.create({
            data: { ...fields, language: null, addedKey: idempotencyKey, memberships: { create: { projectId, role: "MEMBER" } } },
            select,
          });
          // The email stays out of the audit log: it is the leads' record, kept in one place.
          await tx.auditLog.create({ data: auditEntry(actor, "person.add", "Person", person.id, { projectId, name: input.displayName }) });
          return { outcome: "added" as const, person: toRecord(person) };
        });
      } catch (e) {
        // The same event raced itself: the first try's row stands.
        if (!isUniqueViolation(e)) throw e;
        const raced = await db.person.findUniqueOrThrow({ where: { addedKey: input.idempotencyKey }, select });
        return { outcome: "repeat", person: toRecord(raced) };
      }
    },
    async merge(actor, from, into) {
      const merged = await db.$transaction(
        async (tx) => {
          // As link does: merges one at a time, both people locked.
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LINK_LOCK})`;
          await tx.$queryRaw`SELECT id FROM "Person" WHERE id IN (${from}, ${into}) ORDER BY id FOR UPDATE`;
          if ((await tx.platformAccount.count({ where: { personId: from } })) > 0) return false;
          await mergePeople(tx, from, into);
          await tx.auditLog.create({ data: auditEntry(actor, "person.merge", "Person", into, { merged: from }) });
          return true;
        },
        { maxWait: 10_000, timeout: 20_000 },
      );
      actors?.clear();
      return merged;
    },
    async erase(actor, projectId, personId, now, eventId) {
      return db.$transaction(
        async (tx) => {
          await tx.$queryRaw`SELECT id FROM "Person" WHERE id = ${personId} FOR UPDATE`;
          // Only someone still off the chat, and of this project: a person on the chat erases their own data.
          const still = await tx.person.count({ where: { id: personId, accounts: { none: {} }, memberships: { some: { projectId } } } });
          if (still === 0) return undefined;
          await tx.auditLog.create({ data: auditEntry(actor, "person.remove", "Project", projectId, {}) });
          return erasePerson(tx, personId, now, eventId);
        },
        { maxWait: 10_000, timeout: 20_000 },
      );
    },
  };
}
