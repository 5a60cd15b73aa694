// In-memory fakes of the core's ports, for unit tests of src/core. The store mirrors the Prisma
// store in src/store/*.ts: same keys, same uniqueness rules, same outcomes, same ordering. Its whole
// state is one plain object, so a test can snapshot it and check that bad input changed nothing.
import { commands } from "../../src/core/commands/index.ts";
import type { CommandServices, UserRef } from "../../src/core/commands/definition.ts";
import type { ChatEvent, Platform } from "../../src/core/events.ts";
import { fold } from "../../src/core/matching.ts";
import type { OutgoingMessage } from "../../src/core/message.ts";
import type {
  Actor,
  ChatPort,
  Clock,
  InstitutionRecord,
  JobScheduler,
  LinkResult,
  Logger,
  MemberRecord,
  PersonRef,
  Profile,
  ProjectRecord,
  IdentityStore,
  InstitutionStore,
  OutboxStore,
  ProfileStore,
  ProjectStore,
  ReceiptClaim,
  ReceiptStore,
  Store,
} from "../../src/core/ports.ts";
import * as validate from "../../src/core/validate.ts";
import type { PromptLibrary } from "../../src/core/reflection/prompts.ts";
import { BUNDLED_PROMPTS_DIR, loadPromptLibrary } from "../../src/prompts/library.ts";
import { vegaCharts } from "../../src/reports/vega.ts";
import type { CareerStage, InstitutionKind, ProjectRole } from "../../src/core/vocabulary.ts";

interface PersonRow {
  id: string;
  displayName: string;
  timezone: string | null;
  language: string | null;
  country: string | null;
  careerStage: CareerStage | null;
  institutionId: string | null;
  workDays: number[];
  awayUntil?: Date | null;
  quietStart?: string | null;
  quietEnd?: string | null;
}
interface AccountRow { id: string; workspaceId: string; personId: string; externalId: string; handle: string | null }
interface InstitutionRow {
  id: string;
  workspaceId: string;
  name: string;
  nameKey: string;
  country: string | null;
  rorId: string | null;
  kind: InstitutionKind | null;
  createdById: string | null;
}
interface ProjectRow {
  id: string;
  workspaceId: string;
  slug: string;
  name: string;
  description: string | null;
  language: string;
  createdById: string | null;
  archivedAt: Date | null;
}
interface MembershipRow { id: string; projectId: string; personId: string; role: ProjectRole }
interface ReceiptRow { key: string; status: "PENDING" | "DONE"; createdAt: Date; reply: OutgoingMessage[] | null; completedAt: Date | null }
interface LinkCodeRow { code: string; personId: string; expiresAt: Date }
interface NoticeRow { id: string; dedupeKey: string; projectId: string; personId: string; template: string; data: unknown }
interface ContactRow { projectId: string; institutionId: string; personId: string; createdAt: Date }
interface AuditRow { workspaceId: string; actorPersonId: string; action: string; entityType: string; entityId: string; details?: unknown }

export interface MemoryState {
  workspaces: Array<{ id: string; platform: Platform; externalId: string; name: string | null }>;
  people: PersonRow[];
  accounts: AccountRow[];
  institutions: InstitutionRow[];
  projects: ProjectRow[];
  memberships: MembershipRow[];
  linkCodes: LinkCodeRow[];
  receipts: ReceiptRow[];
  audit: AuditRow[];
  contacts: ContactRow[];
  notices: NoticeRow[];
}

const emptyState = (): MemoryState => ({
  workspaces: [],
  people: [],
  accounts: [],
  institutions: [],
  projects: [],
  memberships: [],
  linkCodes: [],
  receipts: [],
  audit: [],
  contacts: [],
  notices: [],
});


const ROLE_ORDER: ProjectRole[] = ["lead", "mentor", "member"]; // the Prisma enum's order
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Stored as JSON by the real store: what comes back is a copy. */
const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * The ports the memory store implements. Contributions and summaries are counted in SQL; schedules,
 * deliveries and notices rely on SQL claims (INSERT … ON CONFLICT); erasure is one transaction over
 * every table: those ports are tested on the real store (tests/integration/*) and are not here.
 */
export type MemoryPorts = Pick<Store, "identity" | "profiles" | "institutions" | "projects" | "outbox" | "receipts">;

/** One method the memory store leaves to the real one. */
const realOnly = (name: string) => () => {
  throw new Error(`MemoryStore has no ${name}: test it in tests/integration on the real store`);
};

export class MemoryStore implements MemoryPorts {
  state: MemoryState = emptyState();
  private seq = 0;
  private id = (prefix: string) => `${prefix}-${++this.seq}`;

  /** A deep copy of everything stored, for before/after comparisons. */
  snapshot(): MemoryState {
    return structuredClone(this.state);
  }

  private audit(actor: Actor, action: string, entityType: string, entityId: string, details?: unknown) {
    this.state.audit.push({ workspaceId: actor.workspaceId, actorPersonId: actor.personId, action, entityType, entityId, ...(details !== undefined && { details: json(details) }) });
  }

  private person(personId: string): PersonRow {
    const p = this.state.people.find((row) => row.id === personId);
    if (!p) throw new Error(`No Person found with id ${personId}`); // findUniqueOrThrow
    return p;
  }

  private actorOf(account: AccountRow, platform: Platform): Actor {
    const p = this.person(account.personId);
    return { personId: p.id, accountId: account.id, workspaceId: account.workspaceId, platform, displayName: p.displayName, language: p.language, timezone: p.timezone };
  }

  private institutionRecord = (i: InstitutionRow): InstitutionRecord => ({
    id: i.id,
    name: i.name,
    country: i.country,
    rorId: i.rorId,
    kind: i.kind,
    people: this.state.people.filter((p) => p.institutionId === i.id).length,
  });

  private projectRecord = (p: ProjectRow): ProjectRecord => ({
    id: p.id,
    slug: p.slug,
    name: p.name,
    description: p.description,
    language: p.language,
    members: this.state.memberships.filter((m) => m.projectId === p.id).length,
  });

  private membership = (projectId: string, personId: string) =>
    this.state.memberships.find((m) => m.projectId === projectId && m.personId === personId);

  private otherLeads = (projectId: string, personId: string) =>
    this.state.memberships.filter((m) => m.projectId === projectId && m.role === "lead" && m.personId !== personId).length;

  identity: IdentityStore = {
    resolve: async (event: ChatEvent) => {
      const s = this.state;
      let ws = s.workspaces.find((w) => w.platform === event.platform && w.externalId === event.workspace.externalId);
      if (!ws) {
        ws = { id: this.id("workspace"), platform: event.platform, externalId: event.workspace.externalId, name: event.workspace.name ?? null };
        s.workspaces.push(ws);
      }
      const account = s.accounts.find((a) => a.workspaceId === ws.id && a.externalId === event.user.externalId);
      if (account) {
        if (event.user.handle && event.user.handle !== account.handle) account.handle = event.user.handle;
        return this.actorOf(account, event.platform);
      }
      const person: PersonRow = {
        id: this.id("person"),
        displayName: event.user.displayName,
        ...validate.profileHints(event.user),
        country: null,
        careerStage: null,
        institutionId: null,
        workDays: [1, 2, 3, 4, 5],
      };
      const created: AccountRow = { id: this.id("account"), workspaceId: ws.id, personId: person.id, externalId: event.user.externalId, handle: event.user.handle ?? null };
      s.people.push(person);
      s.accounts.push(created);
      return this.actorOf(created, event.platform);
    },
    known: async (event: ChatEvent) => {
      const ws = this.state.workspaces.find((w) => w.platform === event.platform && w.externalId === event.workspace.externalId);
      const account = ws && this.state.accounts.find((a) => a.workspaceId === ws.id && a.externalId === event.user.externalId);
      return account && this.actorOf(account, event.platform);
    },
    findPerson: async (workspaceId: string, ref: UserRef): Promise<PersonRef | undefined> => {
      // Accounts are kept in creation order, like the real store's orderBy createdAt.
      const account = this.state.accounts.find(
        (a) =>
          a.workspaceId === workspaceId &&
          (ref.kind === "mention"
            ? a.externalId === ref.externalId
            : a.externalId === ref.handle || a.handle?.toLowerCase() === ref.handle.toLowerCase()),
      );
      if (!account) return undefined;
      return { personId: account.personId, displayName: this.person(account.personId).displayName, handle: account.handle };
    },
    accounts: async (personId: string) =>
      this.state.accounts
        .filter((a) => a.personId === personId)
        .map((a) => {
          const ws = this.state.workspaces.find((w) => w.id === a.workspaceId)!;
          return { platform: ws.platform, workspaceId: ws.externalId, externalId: a.externalId };
        }),
    workspacesOf: async (platform: string, externalId: string) =>
      this.state.accounts
        .filter((a) => a.externalId === externalId)
        .map((a) => this.state.workspaces.find((w) => w.id === a.workspaceId)!)
        .filter((w) => w.platform === platform)
        .map((w) => w.externalId),
    createLinkCode: async (personId, code, expiresAt, now) => {
      if (this.state.linkCodes.some((c) => c.code === code && c.personId !== personId && c.expiresAt > now)) return false;
      this.state.linkCodes = this.state.linkCodes.filter((c) => c.personId !== personId && c.expiresAt > now && c.code !== code);
      this.state.linkCodes.push({ code, personId, expiresAt });
      return true;
    },
    // The same outcomes as src/store/identity.ts; the merge covers what this store holds (the
    // real store's full merge, table by table, is tested in tests/integration/link.test.ts).
    link: async (actor, code, now): Promise<LinkResult> => {
      const s = this.state;
      const from = s.accounts.find((a) => a.id === actor.accountId)!.personId;
      const row = s.linkCodes.find((c) => c.code === code);
      const done = (outcome: LinkResult["outcome"], personId?: string): Promise<LinkResult> =>
        personId ? this.identity.accounts(personId).then((accounts) => ({ outcome, accounts })) : Promise.resolve({ outcome, accounts: [] });
      if (!row || row.expiresAt <= now) {
        const used = s.audit.some((a) => a.action === "person.link" && a.entityId === from && (a.details as { code?: string } | undefined)?.code === code);
        return done(used ? "already" : "invalid", used ? from : undefined);
      }
      const into = row.personId;
      if (into === from) return done("already", into);
      const theirs = new Set(s.accounts.filter((a) => a.personId === into).map((a) => a.workspaceId));
      if (s.accounts.some((a) => a.personId === from && theirs.has(a.workspaceId))) return done("same-workspace");
      const survivor = this.person(into);
      const merged = this.person(from);
      for (const field of ["timezone", "country", "careerStage", "institutionId", "awayUntil"] as const) {
        if ((survivor[field] ?? null) === null && (merged[field] ?? null) !== null) Object.assign(survivor, { [field]: merged[field] });
      }
      if (!survivor.quietStart && !survivor.quietEnd && merged.quietStart && merged.quietEnd) Object.assign(survivor, { quietStart: merged.quietStart, quietEnd: merged.quietEnd });
      for (const a of s.accounts) if (a.personId === from) a.personId = into;
      for (const m of s.memberships.filter((row) => row.personId === from)) {
        const kept = this.membership(m.projectId, into);
        if (!kept) m.personId = into;
        else {
          if (ROLE_ORDER.indexOf(m.role) < ROLE_ORDER.indexOf(kept.role)) kept.role = m.role;
          s.memberships = s.memberships.filter((row) => row !== m);
        }
      }
      for (const row of [...s.institutions, ...s.projects]) if (row.createdById === from) row.createdById = into;
      for (const a of s.audit) {
        if (a.actorPersonId === from) a.actorPersonId = into;
        if (a.entityType === "Person" && a.entityId === from) a.entityId = into;
      }
      s.linkCodes = s.linkCodes.filter((c) => c.personId !== from && c.code !== code);
      s.people = s.people.filter((p) => p.id !== from);
      this.audit({ ...actor, personId: into }, "person.link", "Person", into, { code, merged: from });
      return done("linked", into);
    },
  };

  profiles: ProfileStore = {
    get: async (personId) => this.profileOf(this.person(personId)),
    update: async (actor, patch) => {
      const p = this.person(actor.personId);
      if (patch.institutionId !== undefined && !this.state.institutions.some((i) => i.id === patch.institutionId)) {
        throw new Error("Foreign key constraint violated: Person_institutionId_fkey");
      }
      // Prisma skips undefined fields, and the real store only writes a careerStage that is set.
      const { careerStage, ...rest } = patch;
      for (const [field, value] of Object.entries(rest)) if (value !== undefined) Object.assign(p, { [field]: Array.isArray(value) ? [...value] : value });
      if (careerStage) p.careerStage = careerStage;
      this.audit(actor, "profile.update", "Person", actor.personId, patch);
      return this.profileOf(p);
    },
  };

  private profileOf(p: PersonRow): Profile {
    const i = this.state.institutions.find((row) => row.id === p.institutionId);
    return {
      personId: p.id,
      displayName: p.displayName,
      timezone: p.timezone,
      language: p.language,
      country: p.country,
      careerStage: p.careerStage,
      institution: i ? { id: i.id, name: i.name, country: i.country } : null,
      workDays: [...p.workDays],
      awayUntil: p.awayUntil ?? null,
      quietStart: p.quietStart ?? null,
      quietEnd: p.quietEnd ?? null,
      orcid: null,
      givenName: null,
      familyName: null,
      naming: "full",
    };
  }

  institutions: InstitutionStore = {
    findByName: async (workspaceId, name) => {
      const i = this.state.institutions.find((row) => row.workspaceId === workspaceId && row.nameKey === fold(name));
      return i ? this.institutionRecord(i) : undefined;
    },
    // Its own workspace's, and those of workspaces whose people share a project with the viewer.
    reachable: async (workspaceId, viewerId, name) => {
      const s = this.state;
      const mine = new Set(s.memberships.filter((m) => m.personId === viewerId).map((m) => m.projectId));
      const partners = new Set(s.memberships.filter((m) => mine.has(m.projectId)).map((m) => m.personId));
      const reach = new Set([
        workspaceId,
        ...s.projects.filter((p) => mine.has(p.id)).map((p) => p.workspaceId),
        ...s.accounts.filter((a) => partners.has(a.personId)).map((a) => a.workspaceId),
      ]);
      const named = s.institutions.filter((i) => reach.has(i.workspaceId) && i.nameKey === fold(name));
      const rors = new Set(named.flatMap((i) => (i.rorId ? [i.rorId] : [])));
      return [...named, ...s.institutions.filter((i) => reach.has(i.workspaceId) && !named.includes(i) && i.rorId !== null && rors.has(i.rorId))]
        .map((i) => {
          const w = s.workspaces.find((row) => row.id === i.workspaceId)!;
          return { ...this.institutionRecord(i), workspace: { id: w.id, name: w.name ?? w.externalId, platform: w.platform } };
        });
    },
    list: async (workspaceId) =>
      this.state.institutions
        .filter((i) => i.workspaceId === workspaceId)
        .sort((a, b) => byText(a.nameKey, b.nameKey))
        .map(this.institutionRecord),
    add: async (actor, input) => {
      const existing = await this.institutions.findByName(actor.workspaceId, input.name);
      if (existing) return { created: false, institution: existing };
      const i: InstitutionRow = {
        id: this.id("institution"),
        workspaceId: actor.workspaceId,
        name: input.name,
        nameKey: fold(input.name),
        country: input.country ?? null,
        rorId: input.rorId ?? null,
        kind: input.kind ?? null,
        createdById: actor.personId,
      };
      this.state.institutions.push(i);
      this.audit(actor, "institution.add", "Institution", i.id, { name: i.name });
      return { created: true, institution: this.institutionRecord(i) };
    },
    setContact: async (actor, { projectId, institutionId, personId }, on) => {
      const at = this.state.contacts.findIndex((c) => c.projectId === projectId && c.institutionId === institutionId && c.personId === personId);
      if ((at >= 0) === on) return false;
      if (on) this.state.contacts.push({ projectId, institutionId, personId, createdAt: new Date() });
      else this.state.contacts.splice(at, 1);
      this.audit(actor, on ? "institution.contact.add" : "institution.contact.remove", "Institution", institutionId, { projectId, personId });
      return true;
    },
    contacts: async (projectId) =>
      this.state.contacts
        .filter((c) => c.projectId === projectId)
        .map((c) => {
          const i = this.state.institutions.find((row) => row.id === c.institutionId)!;
          const p = this.person(c.personId);
          return { institution: { id: i.id, name: i.name, key: i.nameKey }, person: { personId: p.id, displayName: p.displayName, handle: null }, confirmedAt: c.createdAt };
        })
        .sort((a, b) => byText(a.institution.key, b.institution.key) || byText(a.person.displayName, b.person.displayName))
        .map(({ institution: { key: _key, ...institution }, ...rest }) => ({ institution, ...rest })),
    isContact: async (projectId, institutionId, personId) =>
      this.state.contacts.some((c) => c.projectId === projectId && c.institutionId === institutionId && c.personId === personId),
  };

  projects: ProjectStore = {
    create: async (actor, input) => {
      if (this.state.projects.some((p) => p.workspaceId === actor.workspaceId && p.slug === input.slug)) return undefined;
      const p: ProjectRow = {
        id: this.id("project"),
        workspaceId: actor.workspaceId,
        slug: input.slug,
        name: input.name,
        description: input.description ?? null,
        language: input.language,
        createdById: actor.personId,
        archivedAt: null,
      };
      this.state.projects.push(p);
      this.state.memberships.push({ id: this.id("membership"), projectId: p.id, personId: actor.personId, role: "lead" });
      this.audit(actor, "project.create", "Project", p.id, { slug: p.slug, name: p.name });
      return this.projectRecord(p);
    },
    find: async (workspaceId, slugOrName, viewerId) => {
      const inWorkspace = this.state.projects.filter((p) => p.workspaceId === workspaceId);
      const match =
        inWorkspace.find((p) => p.slug === slugOrName.toLowerCase()) ??
        inWorkspace.find((p) => p.archivedAt === null && fold(p.name) === fold(slugOrName));
      return match ? { ...this.projectRecord(match), myRole: (viewerId && this.membership(match.id, viewerId)?.role) || null } : undefined;
    },
    mine: async (workspaceId, personId) =>
      this.state.projects
        .filter((p) => p.workspaceId === workspaceId && p.archivedAt === null && this.membership(p.id, personId))
        .sort((a, b) => byText(a.name, b.name))
        .map((p) => ({ ...this.projectRecord(p), myRole: this.membership(p.id, personId)!.role })),
    list: async (workspaceId, viewerId) =>
      this.state.projects
        .filter((p) => p.workspaceId === workspaceId && p.archivedAt === null)
        .sort((a, b) => byText(a.name, b.name))
        .map((p) => ({ ...this.projectRecord(p), myRole: this.membership(p.id, viewerId)?.role ?? null })),
    roleOf: async (projectId, personId) => this.membership(projectId, personId)?.role,
    join: async (actor, projectId) => {
      if (this.membership(projectId, actor.personId)) return false;
      this.state.memberships.push({ id: this.id("membership"), projectId, personId: actor.personId, role: "member" });
      this.audit(actor, "project.join", "Project", projectId);
      return true;
    },
    leave: async (actor, projectId) => {
      const m = this.membership(projectId, actor.personId);
      if (!m) return "not-member";
      if (m.role === "lead" && this.otherLeads(projectId, actor.personId) === 0) return "last-lead";
      this.state.memberships = this.state.memberships.filter((row) => row !== m);
      this.audit(actor, "project.leave", "Project", projectId);
      return "left";
    },
    members: async (projectId): Promise<MemberRecord[]> =>
      this.state.memberships
        .filter((m) => m.projectId === projectId)
        .map((m) => {
          const p = this.person(m.personId);
          return {
            personId: p.id,
            displayName: p.displayName,
            handle: this.state.accounts.find((a) => a.personId === p.id)?.handle ?? null,
            role: m.role,
            institutionId: p.institutionId,
            institution: this.state.institutions.find((i) => i.id === p.institutionId)?.name ?? null,
            careerStage: p.careerStage,
          };
        })
        .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || byText(a.displayName, b.displayName)),
    setRole: async (actor, projectId, personId, role) => {
      const m = this.membership(projectId, personId);
      if (!m) return "not-member";
      if (m.role === "lead" && role !== "lead" && this.otherLeads(projectId, personId) === 0) return "last-lead";
      const from = m.role;
      m.role = role;
      this.audit(actor, "project.role", "Membership", m.id, { personId, from, to: role });
      return "set";
    },
    // Invitations (row locks) and closing (pairs, deliveries, notices) are tested on the real store.
    createInvite: realOnly("projects.createInvite"),
    invited: realOnly("projects.invited"),
    redeemInvite: realOnly("projects.redeemInvite"),
    close: realOnly("projects.close"),
    reopen: realOnly("projects.reopen"),
  };

  /** The outbox as the Prisma store keeps it: one notice per dedupe key; sending is the real store's to test. */
  outbox: OutboxStore = {
    enqueue: async (rows) => {
      const written: string[] = [];
      for (const row of rows) {
        if (this.state.notices.some((n) => n.dedupeKey === row.dedupeKey)) continue;
        const id = this.id("notice");
        this.state.notices.push({ id, ...json(row) });
        written.push(id);
      }
      return written;
    },
    claim: async () => [],
    markSent: async () => undefined,
    markFailed: async () => undefined,
  };

  receipts: ReceiptStore = {
    prune: async (before) => {
      const kept = this.state.receipts.filter((r) => r.createdAt >= before);
      const pruned = this.state.receipts.length - kept.length;
      this.state.receipts = kept;
      return pruned;
    },
    claim: async (key, now, staleAfterMs): Promise<ReceiptClaim> => {
      const existing = this.state.receipts.find((r) => r.key === key);
      if (!existing) {
        this.state.receipts.push({ key, status: "PENDING", createdAt: now, reply: null, completedAt: null });
        return { state: "claimed" };
      }
      if (existing.status === "PENDING" && existing.createdAt.getTime() < now.getTime() - staleAfterMs) {
        existing.createdAt = now; // a stale claim (its process died) is taken over
        return { state: "claimed" };
      }
      if (existing.status === "DONE") return { state: "done", reply: json(existing.reply ?? []) };
      return { state: "busy" };
    },
    complete: async (key, reply, now) => {
      const r = this.state.receipts.find((row) => row.key === key);
      if (!r) throw new Error(`No CommandReceipt found for ${key}`); // Prisma update throws P2025
      Object.assign(r, { status: "DONE", reply: json(reply), completedAt: now });
    },
    release: async (key) => {
      this.state.receipts = this.state.receipts.filter((r) => !(r.key === key && r.status === "PENDING"));
    },
  };
}

export class FakeScheduler implements JobScheduler {
  /** Set to make smoke() reject with this error. */
  failWith: Error | undefined;
  /** Outbox notices asked for, in order (the memory store keeps the notices themselves). */
  delivered: string[][] = [];
  deliver(noticeIds: readonly string[]) {
    this.delivered.push([...noticeIds]);
  }
  smokeCalls: number[] = [];
  reconciles = 0;
  async smoke(timeoutMs: number) {
    this.smokeCalls.push(timeoutMs);
    if (this.failWith) throw this.failWith;
    return { ms: 1 };
  }
  async reconcile() {
    this.reconciles++;
  }
}

export class FakeChat implements ChatPort {
  sent: Array<{ to: PersonRef; message: OutgoingMessage }> = [];
  posted: Array<{ channelId: string; message: OutgoingMessage }> = [];
  async send(to: PersonRef, message: OutgoingMessage) {
    this.sent.push({ to, message });
  }
  async post(channelId: string, message: OutgoingMessage) {
    this.posted.push({ channelId, message });
  }
}

export class FakeClock implements Clock {
  constructor(private current = new Date("2025-03-03T09:00:00Z")) {}
  now() {
    return new Date(this.current);
  }
  set(date: Date) {
    this.current = new Date(date);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export type LogEntry = { level: "debug" | "info" | "warn" | "error"; obj: Record<string, unknown>; msg?: string };

export class RecordingLogger implements Logger {
  entries: LogEntry[] = [];
  private record = (level: LogEntry["level"]) => (obj: object, msg?: string) => {
    this.entries.push({ level, obj: obj as Record<string, unknown>, ...(msg !== undefined && { msg }) });
  };
  debug = this.record("debug");
  info = this.record("info");
  warn = this.record("warn");
  error = this.record("error");
  at(level: LogEntry["level"]) {
    return this.entries.filter((e) => e.level === level);
  }
}

/** The memory ports where the core expects the whole store (see createTestServices). */
export type TestStore = MemoryStore & Store;

export interface TestServices extends CommandServices {
  store: TestStore;
  scheduler: FakeScheduler;
  chat: FakeChat;
  clock: FakeClock;
  logger: RecordingLogger;
}

export function createTestServices(overrides: Partial<TestServices> = {}): TestServices {
  return {
    // Mutual takes the whole store, but each command is handed only the ports it declared: a unit test
    // runs the commands whose ports are all memory ports (tests/unit/ports.test.ts lists them).
    store: new MemoryStore() as TestStore,
    scheduler: new FakeScheduler(),
    chat: new FakeChat(),
    clock: new FakeClock(),
    logger: new RecordingLogger(),
    commands,
    prompts: bundledPrompts(),
    charts: vegaCharts(),
    ...overrides,
  };
}

let bundled: PromptLibrary | undefined;
/** The real prompt library from prompts/, loaded once per test file. */
export const bundledPrompts = (): PromptLibrary => (bundled ??= loadPromptLibrary([BUNDLED_PROMPTS_DIR]));
