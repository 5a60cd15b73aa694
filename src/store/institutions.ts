import { fold } from "../core/matching.ts";
import type { InstitutionRecord, Store, WorkspaceLabel } from "../core/ports.ts";
import type { InstitutionKind } from "../core/vocabulary.ts";
import { auditEntry } from "./audit.ts";
import type { Db } from "./database.ts";
import { isUniqueViolation } from "./errors.ts";
import type { InstitutionKind as DbInstitutionKind } from "./generated/client.ts";

type Row = { id: string; name: string; country: string | null; rorId: string | null; kind: DbInstitutionKind | null; _count: { people: number } };

const toRecord = (i: Row): InstitutionRecord => ({
  id: i.id,
  name: i.name,
  country: i.country,
  rorId: i.rorId,
  kind: i.kind ? (i.kind.toLowerCase() as InstitutionKind) : null,
  people: i._count.people,
});

const include = { _count: { select: { people: true } } } as const;

export function institutionStore(db: Db): Store["institutions"] {
  const findByName = async (workspaceId: string, name: string) => {
    const i = await db.institution.findUnique({ where: { workspaceId_nameKey: { workspaceId, nameKey: fold(name) } }, include });
    return i ? toRecord(i) : undefined;
  };
  return {
    findByName,
    async reachable(workspaceId, viewerId, name) {
      const inMyProjects = { memberships: { some: { project: { memberships: { some: { personId: viewerId } } } } } };
      const reach = {
        OR: [
          { workspaceId },
          { workspace: { projects: { some: { memberships: { some: { personId: viewerId } } } } } },
          { workspace: { accounts: { some: { person: inMyProjects } } } },
        ],
      };
      const select = { ...include, workspace: { select: { id: true, name: true, externalId: true, platform: true } } };
      const named = await db.institution.findMany({ where: { nameKey: fold(name), ...reach }, include: select, orderBy: { createdAt: "asc" } });
      // The same institution under another name in a partner's workspace ("UCAD"): found by its ROR id.
      const rors = [...new Set(named.flatMap((i) => (i.rorId ? [i.rorId] : [])))];
      const more = rors.length
        ? await db.institution.findMany({ where: { rorId: { in: rors }, id: { notIn: named.map((i) => i.id) }, ...reach }, include: select, orderBy: { createdAt: "asc" } })
        : [];
      return [...named, ...more].map((i) => ({
        ...toRecord(i),
        workspace: { id: i.workspace.id, name: i.workspace.name ?? i.workspace.externalId, platform: i.workspace.platform.toLowerCase() as WorkspaceLabel["platform"] },
      }));
    },
    async setContact(actor, { projectId, institutionId, personId }, on) {
      const key = { projectId_institutionId_personId: { projectId, institutionId, personId } };
      return db.$transaction(async (tx) => {
        const existing = await tx.institutionContact.findUnique({ where: key });
        if (Boolean(existing) === on) return false;
        if (on) await tx.institutionContact.create({ data: { projectId, institutionId, personId, confirmedById: actor.personId } });
        else await tx.institutionContact.delete({ where: key });
        await tx.auditLog.create({ data: auditEntry(actor, on ? "institution.contact.add" : "institution.contact.remove", "Institution", institutionId, { projectId, personId }) });
        return true;
      });
    },
    async contacts(projectId) {
      const rows = await db.institutionContact.findMany({
        where: { projectId },
        include: { institution: { select: { id: true, name: true } }, person: { select: { displayName: true, accounts: { select: { handle: true }, take: 1 } } } },
        orderBy: [{ institution: { nameKey: "asc" } }, { person: { displayName: "asc" } }],
      });
      return rows.map((r) => ({
        institution: r.institution,
        person: { personId: r.personId, displayName: r.person.displayName, handle: r.person.accounts[0]?.handle ?? null },
        confirmedAt: r.createdAt,
      }));
    },
    async isContact(projectId, institutionId, personId) {
      return (await db.institutionContact.count({ where: { projectId, institutionId, personId } })) > 0;
    },
    async list(workspaceId) {
      const rows = await db.institution.findMany({ where: { workspaceId }, include, orderBy: { nameKey: "asc" } });
      return rows.map(toRecord);
    },
    async add(actor, input) {
      const existing = await findByName(actor.workspaceId, input.name);
      if (existing) return { created: false, institution: existing };
      try {
        const created = await db.$transaction(async (tx) => {
          const i = await tx.institution.create({
            data: {
              workspaceId: actor.workspaceId,
              name: input.name,
              nameKey: fold(input.name),
              country: input.country ?? null,
              rorId: input.rorId ?? null,
              kind: input.kind ? (input.kind.toUpperCase() as DbInstitutionKind) : null,
              createdById: actor.personId,
            },
            include,
          });
          await tx.auditLog.create({ data: auditEntry(actor, "institution.add", "Institution", i.id, { name: i.name }) });
          return i;
        });
        return { created: true, institution: toRecord(created) };
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        return { created: false, institution: (await findByName(actor.workspaceId, input.name))! };
      }
    },
  };
}
