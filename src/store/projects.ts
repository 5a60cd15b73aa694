import { fold } from "../core/matching.ts";
import type { Actor, ProjectRecord, Store } from "../core/ports.ts";
import type { CareerStage, ProjectRole } from "../core/vocabulary.ts";
import { auditEntry } from "./audit.ts";
import type { Db } from "./database.ts";
import { prepared, type Connection } from "./driver.ts";
import { isUniqueViolation } from "./errors.ts";
import type { Prisma, ProjectRole as DbProjectRole } from "./generated/client.ts";

type Tx = Prisma.TransactionClient;

const include = { _count: { select: { memberships: true } } } as const;
type Row = Prisma.ProjectGetPayload<{ include: typeof include }>;

const toRecord = (p: Row): ProjectRecord => ({
  id: p.id,
  slug: p.slug,
  name: p.name,
  description: p.description,
  language: p.language,
  members: p._count.memberships,
  closedAt: p.closedAt,
});

const dbRole = (role: ProjectRole) => role.toUpperCase() as DbProjectRole;
const coreRole = (role: DbProjectRole) => role.toLowerCase() as ProjectRole;

/** Serialises membership changes of one project, so two leads can't demote each other at once. */
async function lockProject(tx: Tx, projectId: string) {
  await tx.$queryRaw`SELECT id FROM "Project" WHERE id = ${projectId} FOR UPDATE`;
}

async function otherLeads(tx: Tx, projectId: string, personId: string) {
  return tx.membership.count({ where: { projectId, role: "LEAD", personId: { not: personId } } });
}

/**
 * What leaving a project ends besides the membership: their pairs there, prompts and survey
 * invitations not yet answered (so no reminder follows), reminders not yet sent, their open needs
 * there, and their being an institution's contact there. Contributions and kudos stay credited.
 */
async function leaveCleanup(tx: Tx, projectId: string, personId: string, now: Date) {
  const pairs = { projectId, OR: [{ mentorId: personId }, { menteeId: personId }] };
  await tx.mentorshipPair.updateMany({ where: { ...pairs, endedAt: null }, data: { endedAt: now, snoozedUntil: null } });
  await tx.notice.deleteMany({ where: { pair: pairs, status: "PENDING", kind: { not: "MESSAGE" } } });
  await tx.promptDelivery.updateMany({ where: { projectId, personId, status: { in: ["PENDING", "SENT"] } }, data: { status: "SKIPPED" } });
  // Unsent scheduled notices (check-in reminders, overdue flags, surveys) go; outbox messages (kudos…) still reach them.
  await tx.notice.deleteMany({ where: { projectId, personId, status: "PENDING", kind: { not: "MESSAGE" } } });
  await tx.notice.updateMany({ where: { projectId, personId, kind: "SURVEY", status: "SENT" }, data: { status: "SKIPPED" } });
  await tx.capacityNeed.updateMany({ where: { projectId, personId, resolvedAt: null }, data: { resolvedAt: now } });
  await tx.institutionContact.deleteMany({ where: { projectId, personId } });
}

type ProjectRow = {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  language: string;
  closed_at: Date | null;
  workspace_id: string;
  members: number;
  my_role: DbProjectRole | null;
};

/** Projects with their member count and one person's role ($1, may be null), for plain-SQL reads. */
const projectSql = (where: string) => `SELECT p.id, p.slug, p.name, p.description, p.language, p."closedAt" AS closed_at, p."workspaceId" AS workspace_id,
  (SELECT count(*)::int FROM "Membership" m WHERE m."projectId" = p.id) AS members,
  (SELECT m.role FROM "Membership" m WHERE m."projectId" = p.id AND m."personId" = $1) AS my_role
  FROM "Project" p WHERE ${where}`;

// Prepared: every command that acts in a project resolves it with one of these.
const BY_SLUG = prepared(
  "project_by_slug",
  `SELECT * FROM (${projectSql(`p."workspaceId" = $2 AND p.slug = $3`)} UNION ALL ${projectSql(
    `p.id IN (SELECT m."projectId" FROM "Membership" m WHERE m."personId" = $1) AND p.slug = $3 AND p."workspaceId" <> $2`,
  )}) found ORDER BY (found.workspace_id = $2) DESC LIMIT 1`,
);
// Every project of theirs, whatever its workspace (mine() prefers this workspace's).
const MINE = prepared(
  "project_mine",
  projectSql(`p."archivedAt" IS NULL AND EXISTS (SELECT 1 FROM "Membership" m WHERE m."projectId" = p.id AND m."personId" = $1) ORDER BY p.name`),
);

const fromRow = (r: ProjectRow): ProjectRecord & { myRole: ProjectRole | null } => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  description: r.description,
  language: r.language,
  members: r.members,
  closedAt: r.closed_at,
  myRole: r.my_role ? coreRole(r.my_role) : null,
});

/**
 * Where a person may name a project: its workspace's projects, and any project they are a member of
 * (joined with an invitation from another workspace or platform, or through a linked account).
 */
const REACH = `(p."workspaceId" = $2 OR EXISTS (SELECT 1 FROM "Membership" m WHERE m."projectId" = p.id AND m."personId" = $1))`;

export function projectStore(db: Db, driver: Pick<Connection, "query">): Store["projects"] {
  return {
    async create(actor, input) {
      try {
        const project = await db.$transaction(async (tx) => {
          const p = await tx.project.create({
            data: {
              workspaceId: actor.workspaceId,
              slug: input.slug,
              name: input.name,
              description: input.description ?? null,
              language: input.language,
              createdById: actor.personId,
              memberships: { create: { personId: actor.personId, role: "LEAD" } },
            },
            include,
          });
          await tx.auditLog.create({ data: auditEntry(actor, "project.create", "Project", p.id, { slug: p.slug, name: p.name }) });
          return p;
        });
        return toRecord(project);
      } catch (e) {
        if (isUniqueViolation(e)) return undefined;
        throw e;
      }
    },
    async find(workspaceId, slugOrName, viewerId) {
      // The hot path (every command that names its project): one plain statement by slug.
      // Two index lookups (the workspace's short names; the viewer's memberships), not a scan for an OR.
      // A short name taken in two workspaces the viewer reaches: their own workspace's project wins.
      const [bySlug] = await driver.query<ProjectRow>(BY_SLUG, [viewerId ?? null, workspaceId, slugOrName.toLowerCase()]);
      if (bySlug) return fromRow(bySlug);
      // Few projects per workspace: matching names in memory keeps accent folding in one place.
      const all = await driver.query<ProjectRow>(projectSql(`${REACH} AND p."archivedAt" IS NULL`), [viewerId ?? null, workspaceId]);
      // Two projects of one name match neither: the core asks which (by short name).
      const matches = all.filter((p) => fold(p.name) === fold(slugOrName));
      return matches.length === 1 ? fromRow(matches[0]!) : undefined;
    },
    async mine(workspaceId, personId) {
      const rows = await driver.query<ProjectRow>(MINE, [personId]);
      // Their projects of this workspace; with none here, those they joined from here (an invitation
      // from another workspace, or a linked account's), so a command without project= finds them.
      const here = rows.filter((r) => r.workspace_id === workspaceId);
      return (here.length ? here : rows).map(fromRow) as Array<ProjectRecord & { myRole: ProjectRole }>;
    },
    async list(workspaceId, viewerId) {
      const rows = await db.project.findMany({
        where: { archivedAt: null, OR: [{ workspaceId }, { memberships: { some: { personId: viewerId } } }] },
        include: { ...include, memberships: { where: { personId: viewerId }, select: { role: true } } },
        orderBy: { name: "asc" },
      });
      return rows.map((p) => ({ ...toRecord(p), myRole: p.memberships[0] ? coreRole(p.memberships[0].role) : null }));
    },
    async roleOf(projectId, personId) {
      const m = await db.membership.findUnique({ where: { projectId_personId: { projectId, personId } }, select: { role: true } });
      return m ? coreRole(m.role) : undefined;
    },
    async join(actor: Actor, projectId) {
      const { count } = await db.membership.createMany({ data: [{ projectId, personId: actor.personId, role: "MEMBER" }], skipDuplicates: true });
      if (count === 1) await db.auditLog.create({ data: auditEntry(actor, "project.join", "Project", projectId) });
      return count === 1;
    },
    async leave(actor, projectId, now = new Date()) {
      return db.$transaction(async (tx) => {
        await lockProject(tx, projectId);
        const m = await tx.membership.findUnique({ where: { projectId_personId: { projectId, personId: actor.personId } } });
        if (!m) return "not-member" as const;
        if (m.role === "LEAD" && (await otherLeads(tx, projectId, actor.personId)) === 0) return "last-lead" as const;
        await tx.membership.delete({ where: { id: m.id } });
        await leaveCleanup(tx, projectId, actor.personId, now);
        await tx.auditLog.create({ data: auditEntry(actor, "project.leave", "Project", projectId) });
        return "left" as const;
      });
    },
    async members(projectId) {
      const rows = await db.membership.findMany({
        where: { projectId },
        include: { person: { include: { institution: { select: { name: true } }, accounts: { select: { handle: true }, take: 1 } } } },
        orderBy: [{ role: "asc" }, { person: { displayName: "asc" } }],
      });
      return rows.map((m) => ({
        personId: m.personId,
        displayName: m.person.displayName,
        handle: m.person.accounts[0]?.handle ?? null,
        role: coreRole(m.role),
        institutionId: m.person.institutionId,
        institution: m.person.institution?.name ?? null,
        careerStage: m.person.careerStage ? (m.person.careerStage.toLowerCase() as CareerStage) : null,
      }));
    },
    async createInvite(actor, projectId, code, expiresAt, now) {
      try {
        await db.$transaction([
          // Expired invitations go (nothing else sweeps them; they are useless once expired).
          db.projectInvite.deleteMany({ where: { expiresAt: { lte: now } } }),
          db.projectInvite.create({ data: { code, projectId, createdById: actor.personId, expiresAt, createdAt: now } }),
          db.auditLog.create({ data: { ...auditEntry(actor, "project.invite", "Project", projectId), at: now } }),
        ]);
        return true;
      } catch (e) {
        if (isUniqueViolation(e)) return false;
        throw e;
      }
    },
    async invited(code, viewerId, now) {
      const [row] = await driver.query<ProjectRow>(
        projectSql(`p.id = (SELECT i."projectId" FROM "ProjectInvite" i WHERE i.code = $2 AND i."expiresAt" > $3)`),
        [viewerId, code, now],
      );
      return row && fromRow(row);
    },
    async redeemInvite(actor, code, now) {
      return db.$transaction(async (tx) => {
        // The invitation row, locked: a second use of the same code waits here, then finds it gone.
        const [invite] = await tx.$queryRaw<Array<{ projectId: string; expiresAt: Date }>>`
          SELECT "projectId", "expiresAt" FROM "ProjectInvite" WHERE code = ${code} FOR UPDATE`;
        if (!invite || invite.expiresAt <= now) return "invalid" as const;
        const { count } = await tx.membership.createMany({ data: [{ projectId: invite.projectId, personId: actor.personId, role: "MEMBER" }], skipDuplicates: true });
        if (count === 0) return "already" as const;
        await tx.projectInvite.delete({ where: { code } });
        await tx.auditLog.create({ data: { ...auditEntry(actor, "project.join", "Project", invite.projectId, { invitation: true }), at: now } });
        return "joined" as const;
      });
    },
    async close(actor, projectId, now) {
      return db.$transaction(async (tx) => {
        await lockProject(tx, projectId);
        const { count } = await tx.project.updateMany({ where: { id: projectId, closedAt: null }, data: { closedAt: now } });
        if (count === 0) return { outcome: "already" as const, pairsEnded: 0 };
        const ended = await tx.mentorshipPair.updateMany({ where: { projectId, endedAt: null }, data: { endedAt: now, snoozedUntil: null } });
        // Nothing more goes out about its work: prompts not yet answered are skipped (no reminder
        // follows), scheduled notices not yet sent are dropped. Outbox messages (a kudos) still go.
        await tx.promptDelivery.updateMany({ where: { projectId, status: { in: ["PENDING", "SENT"] } }, data: { status: "SKIPPED" } });
        await tx.notice.deleteMany({ where: { projectId, status: "PENDING", kind: { not: "MESSAGE" } } });
        await tx.auditLog.create({ data: { ...auditEntry(actor, "project.close", "Project", projectId, { pairsEnded: ended.count }), at: now } });
        return { outcome: "closed" as const, pairsEnded: ended.count };
      });
    },
    async reopen(actor, projectId) {
      const { count } = await db.project.updateMany({ where: { id: projectId, closedAt: { not: null } }, data: { closedAt: null } });
      if (count === 1) await db.auditLog.create({ data: auditEntry(actor, "project.reopen", "Project", projectId) });
      return count === 1;
    },
    async setRole(actor, projectId, personId, role) {
      return db.$transaction(async (tx) => {
        await lockProject(tx, projectId);
        const m = await tx.membership.findUnique({ where: { projectId_personId: { projectId, personId } } });
        if (!m) return "not-member" as const;
        if (m.role === "LEAD" && role !== "lead" && (await otherLeads(tx, projectId, personId)) === 0) return "last-lead" as const;
        await tx.membership.update({ where: { id: m.id }, data: { role: dbRole(role) } });
        await tx.auditLog.create({ data: auditEntry(actor, "project.role", "Membership", m.id, { personId, from: coreRole(m.role), to: role }) });
        return "set" as const;
      });
    },
  };
}
