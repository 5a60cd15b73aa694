import type { ChatEvent } from "../core/events.ts";
import type { Actor, PersonRef, Store } from "../core/ports.ts";
import type { UserRef } from "../core/commands/definition.ts";
import * as validate from "../core/validate.ts";
import type { Db } from "./database.ts";
import { isUniqueViolation } from "./errors.ts";
import type { Platform } from "./generated/client.ts";

const PLATFORMS: Record<string, Platform> = { slack: "SLACK", discord: "DISCORD", shell: "SHELL" };

function platformOf(event: ChatEvent): Platform {
  const platform = PLATFORMS[event.platform];
  if (!platform) throw new Error(`unknown platform "${event.platform}" (expected ${Object.keys(PLATFORMS).join(", ")})`);
  return platform;
}


export function identityStore(db: Db): Store["identity"] {
  async function workspaceId(event: ChatEvent): Promise<string> {
    const key = { platform: platformOf(event), externalId: event.workspace.externalId };
    const found = await db.workspace.findUnique({ where: { platform_externalId: key }, select: { id: true } });
    if (found) return found.id;
    try {
      return (await db.workspace.create({ data: { ...key, name: event.workspace.name ?? null }, select: { id: true } })).id;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // Created concurrently by another event from the same workspace.
      return (await db.workspace.findUniqueOrThrow({ where: { platform_externalId: key }, select: { id: true } })).id;
    }
  }

  async function resolve(event: ChatEvent, attempt = 0): Promise<Actor> {
    const wsId = await workspaceId(event);
    const account = await db.platformAccount.findUnique({
      where: { workspaceId_externalId: { workspaceId: wsId, externalId: event.user.externalId } },
      include: { person: true },
    });
    if (account) {
      if (event.user.handle && event.user.handle !== account.handle) {
        await db.platformAccount.update({ where: { id: account.id }, data: { handle: event.user.handle } });
      }
      const p = account.person;
      return { personId: p.id, accountId: account.id, workspaceId: wsId, platform: event.platform, displayName: p.displayName, language: p.language, timezone: p.timezone };
    }
    try {
      const created = await db.platformAccount.create({
        data: {
          workspace: { connect: { id: wsId } },
          externalId: event.user.externalId,
          handle: event.user.handle ?? null,
          person: {
            create: {
              displayName: event.user.displayName,
              ...validate.profileHints(event.user),
            },
          },
        },
        include: { person: true },
      });
      const p = created.person;
      return { personId: p.id, accountId: created.id, workspaceId: wsId, platform: event.platform, displayName: p.displayName, language: p.language, timezone: p.timezone };
    } catch (e) {
      // Two first events from the same person raced; the other one created the account.
      if (isUniqueViolation(e) && attempt === 0) return resolve(event, 1);
      throw e;
    }
  }

  async function findPerson(workspaceId: string, ref: UserRef): Promise<PersonRef | undefined> {
    const account = await db.platformAccount.findFirst({
      where:
        ref.kind === "mention"
          ? { workspaceId, externalId: ref.externalId }
          : { workspaceId, OR: [{ externalId: ref.handle }, { handle: { equals: ref.handle, mode: "insensitive" } }] },
      include: { person: { select: { id: true, displayName: true } } },
      orderBy: { createdAt: "asc" },
    });
    return account ? { personId: account.person.id, displayName: account.person.displayName, handle: account.handle } : undefined;
  }

  async function accounts(personId: string) {
    const rows = await db.platformAccount.findMany({
      where: { personId },
      select: { externalId: true, workspace: { select: { platform: true, externalId: true } } },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((a) => ({ platform: a.workspace.platform.toLowerCase(), workspaceId: a.workspace.externalId, externalId: a.externalId }));
  }

  return { resolve, findPerson, accounts };
}
