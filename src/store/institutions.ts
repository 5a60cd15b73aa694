import { fold } from "../core/matching.ts";
import type { InstitutionRecord, Store } from "../core/ports.ts";
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
