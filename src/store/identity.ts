import type { ChatEvent } from "../core/events.ts";
import type { Actor, LinkResult, PersonRef, Store } from "../core/ports.ts";
import type { UserRef } from "../core/commands/definition.ts";
import * as validate from "../core/validate.ts";
import type { Db } from "./database.ts";
import { isUniqueViolation } from "./errors.ts";
import type { Platform } from "./generated/client.ts";
import { auditEntry } from "./audit.ts";
import { mergePeople } from "./merge-people.ts";
import { ActorCache } from "./actor-cache.ts";
import { prepared, type Connection } from "./driver.ts";
import { newId } from "./ids.ts";

/** Advisory lock key that serialises merges of people (the migration lock is 72707369). */
export const LINK_LOCK = 72707370;

const PLATFORMS: Record<string, Platform> = { slack: "SLACK", discord: "DISCORD", shell: "SHELL" };

function platformOf(event: ChatEvent): Platform {
  const platform = PLATFORMS[event.platform];
  if (!platform) throw new Error(`unknown platform "${event.platform}" (expected ${Object.keys(PLATFORMS).join(", ")})`);
  return platform;
}


// Prepared: resolving the speaker and the people they name is part of almost every command.
const FIND = prepared(
  "identity_find",
  `SELECT a.id AS account_id, a.handle, p.id, p."displayName" AS name, p.language, p.timezone
   FROM "PlatformAccount" a JOIN "Person" p ON p.id = a."personId" WHERE a."workspaceId" = $1 AND a."externalId" = $2`,
);
const CREATE = prepared(
  "identity_create",
  `WITH account AS (
     INSERT INTO "PlatformAccount" (id, "workspaceId", "personId", "externalId", handle) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT ("workspaceId", "externalId") DO NOTHING RETURNING "personId")
   INSERT INTO "Person" (id, "displayName", timezone, language, "updatedAt") SELECT "personId", $6, $7, $8, now() FROM account`,
);
// Someone named by mention (their account id) or by handle: two texts, so each keeps its own index plan.
const NAMED = (where: string) =>
  `SELECT p.id, p."displayName" AS name, a.handle FROM "PlatformAccount" a JOIN "Person" p ON p.id = a."personId"
   WHERE a."workspaceId" = $1 AND (${where}) ORDER BY a."createdAt" LIMIT 1`;
const BY_MENTION = prepared("identity_by_mention", NAMED(`a."externalId" = $2`));
const BY_HANDLE = prepared("identity_by_handle", NAMED(`a."externalId" = $2 OR lower(a.handle) = lower($2)`));

type ActorRow = { account_id: string; handle: string | null; id: string; name: string; language: string | null; timezone: string | null };

export function identityStore(db: Db, driver: Pick<Connection, "query">, cache = new ActorCache()): Store["identity"] {
  /** The workspace's row id, made on first sight: one upsert per workspace and process. */
  async function workspaceId(event: ChatEvent): Promise<string> {
    const platform = platformOf(event);
    const key = `${platform}:${event.workspace.externalId}`;
    const known = cache.workspace(key);
    if (known) return known;
    const [row] = await driver.query<{ id: string }>(
      `INSERT INTO "Workspace" (id, platform, "externalId", name) VALUES ($1, $2::"Platform", $3, $4)
       ON CONFLICT (platform, "externalId") DO UPDATE SET name = COALESCE("Workspace".name, EXCLUDED.name) RETURNING id`,
      [newId(), platform, event.workspace.externalId, event.workspace.name ?? null],
    );
    cache.rememberWorkspace(key, row!.id);
    return row!.id;
  }

  const toActor = (r: ActorRow, wsId: string, event: ChatEvent): Actor => ({
    personId: r.id,
    accountId: r.account_id,
    workspaceId: wsId,
    platform: event.platform,
    displayName: r.name,
    language: r.language,
    timezone: r.timezone,
  });

  /** The person behind an event if Mutual knows them already; reads only (for answering a command that didn't parse). */
  async function known(event: ChatEvent): Promise<Actor | undefined> {
    const platform = PLATFORMS[event.platform];
    const wsId = platform && cache.workspace(`${platform}:${event.workspace.externalId}`);
    if (!wsId) return undefined;
    const cached = cache.get(`${wsId}:${event.user.externalId}`);
    if (cached) return cached.actor;
    const [row] = await driver.query<ActorRow>(FIND, [wsId, event.user.externalId]);
    return row && toActor(row, wsId, event);
  }

  /**
   * The person behind an event: from the cache, else one read, else created with their account in
   * one statement (a first contact costs at most three round trips, the workspace's included).
   */
  async function resolve(event: ChatEvent): Promise<Actor> {
    const wsId = await workspaceId(event);
    const key = `${wsId}:${event.user.externalId}`;
    const handle = event.user.handle ?? null;
    const cached = cache.get(key);
    if (cached && (handle === null || cached.handle === handle)) return cached.actor;
    let [row] = await driver.query<ActorRow>(FIND, [wsId, event.user.externalId]);
    if (!row) {
      const hints = validate.profileHints(event.user);
      const personId = newId();
      // The account goes in first: if another event of the same person raced us and made it, nothing
      // is inserted at all (foreign keys are checked at the end of the statement), and we read theirs.
      await driver.query(CREATE, [newId(), wsId, personId, event.user.externalId, handle, event.user.displayName, hints.timezone, hints.language]);
      [row] = await driver.query<ActorRow>(FIND, [wsId, event.user.externalId]);
      if (!row) throw new Error(`account ${event.user.externalId} was neither found nor created`);
    } else if (handle !== null && handle !== row.handle) {
      await driver.query(`UPDATE "PlatformAccount" SET handle = $2 WHERE id = $1`, [row.account_id, handle]);
      row.handle = handle;
    }
    const actor = toActor(row, wsId, event);
    cache.set(key, actor, row.handle);
    return actor;
  }

  async function findPerson(workspaceId: string, ref: UserRef): Promise<PersonRef | undefined> {
    // Someone mentioned (<@U123>) was resolved with the event that names them (see Mutual.run): the
    // cache knows them, as fresh as the speaker (forgotten on profile changes, links and erasure).
    const known = ref.kind === "mention" ? cache.get(`${workspaceId}:${ref.externalId}`) : undefined;
    if (known) return { personId: known.actor.personId, displayName: known.actor.displayName, handle: known.handle };
    // Plain SQL: naming someone (@amina) is part of every kudos and contribution.
    const [row] = await driver.query<{ id: string; name: string; handle: string | null }>(ref.kind === "mention" ? BY_MENTION : BY_HANDLE, [
      workspaceId,
      ref.kind === "mention" ? ref.externalId : ref.handle,
    ]);
    return row && { personId: row.id, displayName: row.name, handle: row.handle };
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
    // Every account of both people now names the survivor: read them again.
    cache.clear();
    return { outcome: result.outcome, accounts: result.personId ? await accounts(result.personId) : [] };
  }

  return { resolve, known, findPerson, accounts, workspacesOf, createLinkCode, link };
}
