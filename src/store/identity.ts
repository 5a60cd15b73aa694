import type { ChatEvent } from "../core/events.ts";
import type { Actor, LinkResult, PersonRef, Store } from "../core/ports.ts";
import type { UserRef } from "../core/commands/definition.ts";
import * as validate from "../core/validate.ts";
import type { Db } from "./database.ts";
import { isUniqueViolation } from "./errors.ts";
import type { Platform } from "./generated/client.ts";
import { auditEntry } from "./audit.ts";
import { mergePeople } from "./merge-people.ts";

/** Advisory lock key that serialises merges of people (the migration lock is 72707369). */
const LINK_LOCK = 72707370;

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

  async function workspacesOf(platform: string, externalId: string): Promise<string[]> {
    const key = PLATFORMS[platform];
    if (!key) return [];
    const rows = await db.platformAccount.findMany({
      where: { externalId, workspace: { platform: key } },
      select: { workspace: { select: { externalId: true } } },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((r) => r.workspace.externalId);
  }

  async function createLinkCode(personId: string, code: string, expiresAt: Date, now: Date): Promise<boolean> {
    try {
      await db.$transaction([
        // One live code per person: a new `link` replaces the one shown before. Expired codes of
        // anyone go too (nothing else sweeps them; they are useless once expired).
        db.linkCode.deleteMany({ where: { OR: [{ personId }, { expiresAt: { lte: now } }] } }),
        db.linkCode.create({ data: { code, personId, expiresAt, createdAt: now } }),
      ]);
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  async function link(actor: Actor, code: string, now: Date): Promise<LinkResult> {
    const result = await db.$transaction(
      async (tx): Promise<{ outcome: LinkResult["outcome"]; personId?: string }> => {
        // Merges run one at a time: two links that touch the same people (A's code typed by B while
        // B's is typed by A) can't interleave or deadlock. Links are rare; the wait is a few ms.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LINK_LOCK})`;
        // The code row, locked: a second redemption of the same code waits here, then finds it gone.
        const [row] = await tx.$queryRaw<Array<{ personId: string; expiresAt: Date }>>`
          SELECT "personId", "expiresAt" FROM "LinkCode" WHERE code = ${code} FOR UPDATE`;
        // Who the actor is now: a link that committed since the event was resolved may have moved this account.
        const { personId: from } = await tx.platformAccount.findUniqueOrThrow({ where: { id: actor.accountId }, select: { personId: true } });
        if (!row || row.expiresAt <= now) {
          // A used code is kind to the person who used it (a second try, a double click) and says
          // nothing to anyone else: the audit row of the link it made names the survivor.
          const used = await tx.auditLog.findFirst({
            where: { action: "person.link", entityType: "Person", entityId: from, details: { path: ["code"], equals: code } },
            select: { id: true },
          });
          return used ? { outcome: "already", personId: from } : { outcome: "invalid" };
        }
        const into = row.personId;
        if (into === from) return { outcome: "already", personId: into };
        // Both people locked: a command writing a row that names `from` waits for the merge, and then
        // fails on the foreign key, rather than its row being lost when `from` is deleted.
        await tx.$queryRaw`SELECT id FROM "Person" WHERE id IN (${from}, ${into}) ORDER BY id FOR UPDATE`;
        const held = await tx.platformAccount.findMany({ where: { personId: { in: [from, into] } }, select: { personId: true, workspaceId: true } });
        const theirs = new Set(held.filter((a) => a.personId === into).map((a) => a.workspaceId));
        if (held.some((a) => a.personId === from && theirs.has(a.workspaceId))) return { outcome: "same-workspace" };
        await mergePeople(tx, from, into);
        await tx.linkCode.delete({ where: { code } });
        // The code is kept here (it is dead now) so that typing it again answers "already linked".
        await tx.auditLog.create({ data: { ...auditEntry({ ...actor, personId: into }, "person.link", "Person", into, { code, merged: from }), at: now } });
        return { outcome: "linked", personId: into };
      },
      // Redemptions of one code queue behind each other; give them room beyond Prisma's 5 s default.
      { maxWait: 10_000, timeout: 20_000 },
    );
    return { outcome: result.outcome, accounts: result.personId ? await accounts(result.personId) : [] };
  }

  return { resolve, findPerson, accounts, workspacesOf, createLinkCode, link };
}
