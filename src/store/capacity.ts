// Capacity needs (per project) and strengths (a person's, across projects).
import type { NeedRecord, Priority, Store, StrengthRecord } from "../core/ports.ts";
import type { CapacityCategory, CareerStage } from "../core/vocabulary.ts";
import { auditEntry } from "./audit.ts";
import type { Db } from "./database.ts";
import { isUniqueViolation } from "./errors.ts";
import type { CapacityCategory as DbCategory, Prisma } from "./generated/client.ts";

const toNeed = (n: Prisma.CapacityNeedGetPayload<object>): NeedRecord => ({
  id: n.id,
  category: n.category.toLowerCase() as CapacityCategory,
  description: n.description,
  priority: n.priority as Priority,
  createdAt: n.createdAt,
});

const toStrength = (s: Prisma.StrengthGetPayload<object>): StrengthRecord => ({ id: s.id, category: s.category.toLowerCase() as CapacityCategory, description: s.description });

/** Creates once per idempotency key: a retried event finds the first row. */
async function once<T>(find: () => Promise<T | null>, create: () => Promise<T>): Promise<{ row: T; created: boolean }> {
  const existing = await find();
  if (existing) return { row: existing, created: false };
  try {
    return { row: await create(), created: true };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return { row: (await find())!, created: false };
  }
}

export function capacityStore(db: Db): Store["capacity"] {
  return {
    async addNeed(actor, input) {
      const { row, created } = await once(
        () => db.capacityNeed.findUnique({ where: { idempotencyKey: input.idempotencyKey } }),
        async () => {
          const [need] = await db.$transaction([
            db.capacityNeed.create({
              data: { personId: actor.personId, projectId: input.projectId, category: input.category.toUpperCase() as DbCategory, description: input.description, priority: input.priority, idempotencyKey: input.idempotencyKey },
            }),
            db.auditLog.createMany({ data: [auditEntry(actor, "need.add", "Project", input.projectId, { category: input.category })] }),
          ]);
          return need;
        },
      );
      return { need: toNeed(row), created };
    },

    async needs(personId, projectId) {
      const rows = await db.capacityNeed.findMany({ where: { personId, projectId, resolvedAt: null }, orderBy: { createdAt: "asc" } });
      return rows.map(toNeed);
    },

    async resolveNeed(actor, needId, at) {
      await db.$transaction([
        db.capacityNeed.update({ where: { id: needId }, data: { resolvedAt: at } }),
        db.auditLog.createMany({ data: [auditEntry(actor, "need.resolve", "CapacityNeed", needId, {})] }),
      ]);
    },

    async addStrength(actor, input) {
      const { row, created } = await once(
        () => db.strength.findUnique({ where: { idempotencyKey: input.idempotencyKey } }),
        () => db.strength.create({ data: { personId: actor.personId, category: input.category.toUpperCase() as DbCategory, description: input.description, idempotencyKey: input.idempotencyKey } }),
      );
      return { strength: toStrength(row), created };
    },

    async strengths(personId) {
      const rows = await db.strength.findMany({ where: { personId }, orderBy: { createdAt: "asc" } });
      return rows.map(toStrength);
    },

    async removeStrength(_actor, strengthId) {
      await db.strength.deleteMany({ where: { id: strengthId } });
    },

    async profiles(projectId) {
      const members = await db.membership.findMany({
        where: { projectId },
        include: {
          person: {
            include: {
              institution: { select: { name: true } },
              capacityNeeds: { where: { projectId, resolvedAt: null }, orderBy: { createdAt: "asc" } },
              strengths: { orderBy: { createdAt: "asc" } },
              mentoring: { where: { projectId, endedAt: null }, select: { menteeId: true } },
            },
          },
        },
        orderBy: { joinedAt: "asc" },
      });
      return members.map(({ person: p }) => ({
        personId: p.id,
        displayName: p.displayName,
        institutionId: p.institutionId,
        institution: p.institution?.name ?? null,
        careerStage: (p.careerStage?.toLowerCase() ?? null) as CareerStage | null,
        needs: p.capacityNeeds.map(toNeed),
        strengths: p.strengths.map(toStrength),
        mentees: p.mentoring.map((m) => m.menteeId),
      }));
    },
  };
}
