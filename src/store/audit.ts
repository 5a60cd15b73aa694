import type { Prisma } from "./generated/client.ts";
import type { Actor } from "../core/ports.ts";

/** An audit row, written in the same transaction as the change it describes. */
export const auditEntry = (
  actor: Actor,
  action: string,
  entityType: string,
  entityId: string,
  details?: Prisma.InputJsonValue,
): Prisma.AuditLogCreateManyInput => ({
  workspaceId: actor.workspaceId,
  actorPersonId: actor.personId,
  action,
  entityType,
  entityId,
  ...(details !== undefined && { details }),
});
