// A person's rights over their data (GDPR Art. 15, 17, 20; LGPD; Kenya's Data Protection Act 2019):
// everything Mutual holds about them, read in one go for `my data`, and erased in one transaction
// for `my data delete confirm`. PERSON_DATA says, for every column that names a person, what the
// export and the erasure do with it; a test compares it with the live schema, so a new table that
// names a person fails until it is covered here (as PERSON_COLUMNS does for merging people).
import type { Actor, PersonData, Store } from "../core/ports.ts";
import type { ActorCache } from "./actor-cache.ts";
import type { Db } from "./database.ts";
import type { Prisma } from "./generated/client.ts";
import { newId } from "./ids.ts";

type Tx = Prisma.TransactionClient;

/** What the export and the erasure do with each column that names a person ("Table.column"). */
export const PERSON_DATA: Readonly<Record<string, { export: string; erase: string }>> = {
  "PlatformAccount.personId": { export: "accounts", erase: "deleted" },
  "LinkCode.personId": { export: "linkCodes", erase: "deleted" },
  "Membership.personId": { export: "memberships", erase: "deleted" },
  "Contribution.contributorPersonId": { export: "contributionsCredited", erase: "kept, credited to a former member (institution and career stage snapshots kept); their name removed from its text" },
  "Contribution.recordedById": { export: "contributionsRecorded", erase: "kept, recorder cleared" },
  "Contribution.statusById": { export: "contributionsRecorded (statusBy)", erase: "kept, who confirmed/disputed cleared with their comment" },
  "Acknowledgement.fromPersonId": { export: "kudosGiven", erase: "kept, from a former member; their name removed from the message" },
  "Acknowledgement.toPersonId": { export: "kudosReceived", erase: "kept, to a former member (institution and career stage snapshots kept)" },
  "AcknowledgementPreference.personId": { export: "preferences", erase: "deleted" },
  "PromptDelivery.personId": { export: "prompts", erase: "deleted" },
  "PromptResponse.personId": { export: "reflections (private ones included)", erase: "deleted" },
  "MentorshipPair.mentorId": { export: "mentorshipPairs with their check-ins and skipped cycles", erase: "pair deleted with its check-ins and reminders; the other person and the leads are told" },
  "MentorshipPair.menteeId": { export: "mentorshipPairs with their check-ins and skipped cycles", erase: "pair deleted with its check-ins and reminders; the other person and the leads are told" },
  "MentorshipPair.createdById": { export: "created.pairs", erase: "kept, creator cleared" },
  "CheckIn.loggedById": { export: "mentorshipPairs.checkIns", erase: "deleted with the pair" },
  "Strength.personId": { export: "strengths", erase: "deleted" },
  "Notice.personId": { export: "notices", erase: "deleted; notices to others that quote them deleted too" },
  "CapacityNeed.personId": { export: "needs", erase: "deleted" },
  "InstitutionContact.personId": { export: "institutionContacts", erase: "deleted" },
  "InstitutionContact.confirmedById": { export: "created.contacts", erase: "kept, confirmer cleared" },
  "Institution.createdById": { export: "created.institutions", erase: "kept, creator cleared" },
  "Project.createdById": { export: "created.projects", erase: "kept, creator cleared" },
  "Schedule.createdById": { export: "created.schedules", erase: "kept, creator cleared" },
  "ProjectInvite.createdById": { export: "audit (project.invite; the code itself is a one-time secret, not exported)", erase: "deleted: their unused invitations stop working" },
  "AuditLog.actorPersonId": { export: "audit", erase: "entries quoting them deleted; the rest kept with the actor cleared" },
  "AuditLog.entityId": { export: "audit (entityType Person)", erase: "deleted" },
  // Columns that hold no person id but may quote a person's name or words.
  "AuditLog.details": { export: "audit", erase: "entries quoting their name, handle, id or private texts deleted" },
  "Notice.data": { export: "notices", erase: "notices quoting their name, handle, id or private texts deleted" },
  "CommandReceipt.reply": { export: "— (a copy of a reply, pruned after the retention period)", erase: "receipts quoting their name, handle, id or private texts deleted" },
};

/** Words shorter than this are not searched for in stored replies and notices (they would match everything). */
export const MIN_NEEDLE = 3;
/** Long texts are also searched by their beginning: a reply may have quoted them cut short. */
const PREFIX = 32;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);
const lower = (s: string | null | undefined) => (s ? s.toLowerCase() : null);

/** Everything about one person, as plain JSON values (stable keys: the export's format). */
async function exportPerson(db: Db, personId: string): Promise<PersonData> {
  const person = await db.person.findUniqueOrThrow({ where: { id: personId }, include: { institution: { select: { name: true } } } });
  const project = { select: { slug: true, name: true } } as const;
  const name = { select: { displayName: true } } as const;
  const [
    accounts,
    memberships,
    contacts,
    credited,
    recorded,
    given,
    received,
    preferences,
    responses,
    deliveries,
    pairs,
    needs,
    strengths,
    notices,
    linkCodes,
    projects,
    institutions,
    schedules,
    createdPairs,
    confirmedContacts,
    audit,
  ] = await Promise.all([
    db.platformAccount.findMany({ where: { personId }, include: { workspace: { select: { platform: true, externalId: true, name: true } } }, orderBy: { createdAt: "asc" } }),
    db.membership.findMany({ where: { personId }, include: { project }, orderBy: { joinedAt: "asc" } }),
    db.institutionContact.findMany({ where: { personId }, include: { project, institution: { select: { name: true } } } }),
    db.contribution.findMany({ where: { contributorPersonId: personId }, include: { project, recordedBy: name, affiliation: { select: { name: true } } }, orderBy: { createdAt: "asc" } }),
    db.contribution.findMany({
      where: { OR: [{ recordedById: personId }, { statusById: personId }], NOT: { contributorPersonId: personId } },
      include: { project, contributorPerson: name, contributorInstitution: { select: { name: true } } },
      orderBy: { createdAt: "asc" },
    }),
    db.acknowledgement.findMany({ where: { fromPersonId: personId }, include: { project, toPerson: name, toInstitution: { select: { name: true } } }, orderBy: { createdAt: "asc" } }),
    db.acknowledgement.findMany({ where: { toPersonId: personId }, include: { project, fromPerson: name }, orderBy: { createdAt: "asc" } }),
    db.acknowledgementPreference.findMany({ where: { personId }, orderBy: { rank: "asc" } }),
    db.promptResponse.findMany({ where: { personId }, include: { project, delivery: { select: { promptId: true, language: true } } }, orderBy: { createdAt: "asc" } }),
    db.promptDelivery.findMany({ where: { personId }, include: { project }, orderBy: { occurrence: "asc" } }),
    db.mentorshipPair.findMany({
      where: { OR: [{ mentorId: personId }, { menteeId: personId }] },
      include: {
        project,
        mentor: name,
        mentee: name,
        checkIns: { orderBy: { occurredOn: "asc" } },
        notices: { where: { kind: "CHECKIN_REMINDER", status: "SKIPPED" }, select: { occurrence: true, reason: true }, orderBy: { occurrence: "asc" } },
      },
      orderBy: { createdAt: "asc" },
    }),
    db.capacityNeed.findMany({ where: { personId }, include: { project }, orderBy: { createdAt: "asc" } }),
    db.strength.findMany({ where: { personId }, orderBy: { createdAt: "asc" } }),
    db.notice.findMany({ where: { personId }, include: { project }, orderBy: { createdAt: "asc" } }),
    db.linkCode.findMany({ where: { personId } }),
    db.project.findMany({ where: { createdById: personId }, select: { slug: true, name: true, createdAt: true } }),
    db.institution.findMany({ where: { createdById: personId }, select: { name: true, createdAt: true } }),
    db.schedule.findMany({ where: { createdById: personId }, include: { project }, orderBy: { createdAt: "asc" } }),
    db.mentorshipPair.findMany({ where: { createdById: personId }, include: { project }, orderBy: { createdAt: "asc" } }),
    db.institutionContact.findMany({ where: { confirmedById: personId }, include: { project, institution: { select: { name: true } }, person: name } }),
    db.auditLog.findMany({ where: { OR: [{ actorPersonId: personId }, { entityType: "Person", entityId: personId }] }, orderBy: { at: "asc" } }),
  ]);
  return {
    profile: {
      id: person.id,
      displayName: person.displayName,
      timezone: person.timezone,
      language: person.language,
      country: person.country,
      careerStage: lower(person.careerStage),
      institution: person.institution?.name ?? null,
      workDays: person.workDays,
      awayUntil: iso(person.awayUntil),
      quietStart: person.quietStart,
      quietEnd: person.quietEnd,
      orcid: person.orcid,
      givenName: person.givenName,
      familyName: person.familyName,
      email: person.email,
      naming: lower(person.naming),
      createdAt: iso(person.createdAt),
      updatedAt: iso(person.updatedAt),
    },
    accounts: accounts.map((a) => ({
      platform: a.workspace.platform.toLowerCase(),
      workspace: a.workspace.name ?? a.workspace.externalId,
      externalId: a.externalId,
      handle: a.handle,
      createdAt: iso(a.createdAt),
    })),
    memberships: memberships.map((m) => ({ project: m.project.name, slug: m.project.slug, role: lower(m.role), joinedAt: iso(m.joinedAt) })),
    institutionContacts: contacts.map((c) => ({ project: c.project.name, institution: c.institution.name, since: iso(c.createdAt) })),
    contributionsCredited: credited.map((c) => ({
      project: c.project.name,
      number: c.number,
      description: c.description,
      roles: c.roles.map((r) => r.toLowerCase()),
      degree: lower(c.degree),
      knowledgeForms: c.knowledgeForms.map((k) => k.toLowerCase()),
      startedOn: day(c.startedOn),
      endedOn: day(c.endedOn),
      link: c.link,
      status: lower(c.status),
      statusComment: c.statusComment,
      affiliation: c.affiliation?.name ?? null,
      careerStage: lower(c.careerStage),
      recordedBy: c.recordedBy?.displayName ?? null,
      recordedAt: iso(c.createdAt),
    })),
    contributionsRecorded: recorded.map((c) => ({
      project: c.project.name,
      number: c.number,
      contributor: c.contributorPerson?.displayName ?? c.contributorInstitution?.name ?? null,
      description: c.description,
      roles: c.roles.map((r) => r.toLowerCase()),
      recordedByYou: c.recordedById === personId,
      statusByYou: c.statusById === personId,
      status: lower(c.status),
      statusComment: c.statusById === personId ? c.statusComment : null,
      recordedAt: iso(c.createdAt),
    })),
    kudosGiven: given.map((k) => ({ project: k.project?.name ?? null, to: k.toPerson?.displayName ?? k.toInstitution?.name ?? null, message: k.message, at: iso(k.createdAt) })),
    kudosReceived: received.map((k) => ({ project: k.project?.name ?? null, from: k.fromPerson?.displayName ?? null, message: k.message, at: iso(k.createdAt) })),
    preferences: preferences.map((p) => ({ form: p.form.toLowerCase(), rank: p.rank, note: p.note })),
    reflections: responses.map((r) => ({
      project: r.project?.name ?? null,
      promptId: r.delivery?.promptId ?? null,
      language: r.delivery?.language ?? null,
      text: r.text,
      visibility: lower(r.visibility),
      answeredAt: iso(r.createdAt),
      updatedAt: iso(r.updatedAt),
    })),
    prompts: deliveries.map((d) => ({ project: d.project?.name ?? null, promptId: d.promptId, language: d.language, occurrence: iso(d.occurrence), status: lower(d.status), sentAt: iso(d.sentAt) })),
    mentorshipPairs: pairs.map((p) => ({
      project: p.project.name,
      number: p.number,
      role: p.mentorId === personId ? "mentor" : "mentee",
      mentor: p.mentor.displayName,
      mentee: p.mentee.displayName,
      cadence: p.cadence,
      localTime: p.localTime,
      goals: p.goals,
      startsOn: day(p.startsOn),
      endsOn: day(p.endsOn),
      endedAt: iso(p.endedAt),
      checkIns: p.checkIns.map((c) => ({
        occurredOn: day(c.occurredOn),
        topics: c.topics.map((x) => x.toLowerCase()),
        nextSteps: c.nextSteps,
        mentorNote: c.mentorNote,
        menteeNote: c.menteeNote,
        menteeConfirmedAt: iso(c.menteeConfirmedAt),
        loggedAt: iso(c.createdAt),
      })),
      skippedCycles: p.notices.map((n) => ({ occurrence: iso(n.occurrence), reason: n.reason })),
    })),
    needs: needs.map((n) => ({ project: n.project?.name ?? null, category: lower(n.category), description: n.description, priority: n.priority, createdAt: iso(n.createdAt), resolvedAt: iso(n.resolvedAt) })),
    strengths: strengths.map((s) => ({ category: lower(s.category), description: s.description, createdAt: iso(s.createdAt) })),
    notices: notices.map((n) => ({
      project: n.project.name,
      kind: lower(n.kind),
      template: n.template,
      data: n.data,
      reason: n.reason,
      status: lower(n.status),
      occurrence: iso(n.occurrence),
      sentAt: iso(n.sentAt),
    })),
    linkCodes: linkCodes.map((c) => ({ code: c.code, expiresAt: iso(c.expiresAt) })),
    created: [
      ...projects.map((p) => ({ kind: "project", name: p.name, slug: p.slug, at: iso(p.createdAt) })),
      ...institutions.map((i) => ({ kind: "institution", name: i.name, at: iso(i.createdAt) })),
      ...schedules.map((s) => ({ kind: "schedule", project: s.project.name, number: s.number, at: iso(s.createdAt) })),
      ...createdPairs.map((p) => ({ kind: "pair", project: p.project.name, number: p.number, at: iso(p.createdAt) })),
      ...confirmedContacts.map((c) => ({ kind: "contact", project: c.project.name, institution: c.institution.name, person: c.person.displayName, at: iso(c.createdAt) })),
    ],
    audit: audit.map((a) => ({ at: iso(a.at), action: a.action, entityType: a.entityType, entityId: a.entityId, details: a.details })),
  };
}

/** The words that identify the person or are theirs alone: searched for in stored copies (replies, notices, audit details). */
async function needlesOf(tx: Tx, personId: string, displayName: string) {
  const [accounts, responses, needs, strengths, preferences, mentoring, mentored, statusComments] = await Promise.all([
    tx.platformAccount.findMany({ where: { personId }, select: { handle: true, externalId: true } }),
    tx.promptResponse.findMany({ where: { personId }, select: { text: true } }),
    tx.capacityNeed.findMany({ where: { personId }, select: { description: true } }),
    tx.strength.findMany({ where: { personId }, select: { description: true } }),
    tx.acknowledgementPreference.findMany({ where: { personId }, select: { note: true } }),
    tx.checkIn.findMany({ where: { pair: { mentorId: personId } }, select: { mentorNote: true, nextSteps: true } }),
    tx.checkIn.findMany({ where: { pair: { menteeId: personId } }, select: { menteeNote: true } }),
    tx.contribution.findMany({ where: { statusById: personId, statusComment: { not: null } }, select: { statusComment: true } }),
  ]);
  // Names and handles are also removed from the texts that are kept (contributions, kudos).
  const names = [displayName, ...accounts.flatMap((a) => [a.handle, a.externalId])].filter((s): s is string => !!s && s.length >= MIN_NEEDLE);
  const texts = [
    ...responses.map((r) => r.text),
    ...needs.map((n) => n.description),
    ...strengths.map((s) => s.description),
    ...preferences.map((p) => p.note),
    ...mentoring.flatMap((c) => [c.mentorNote, c.nextSteps]),
    ...mentored.map((c) => c.menteeNote),
    ...statusComments.map((c) => c.statusComment),
  ].filter((s): s is string => !!s && s.trim().length >= MIN_NEEDLE);
  const searched = [personId, ...names, ...texts, ...texts.filter((s) => s.length > PREFIX).map((s) => s.slice(0, PREFIX))];
  // Stored as jsonb: a quote, a backslash or a newline reads escaped there.
  return { names: [...new Set(names)], json: [...new Set(searched.map((s) => JSON.stringify(s).slice(1, -1)))] };
}

/** `column` of `table` (jsonb) quotes any of the needles ($1, a text[]). */
const quotes = (column: string) => `EXISTS (SELECT 1 FROM unnest($1::text[]) AS n(s) WHERE strpos(${column}::text, n.s) > 0)`;

export interface ErasureNotice {
  personId: string;
  projectId: string;
  template: "memberErased" | "pairErased";
  data: Record<string, unknown>;
}

/** One transaction: see README "Your data" and PERSON_DATA. Returns the ids of the notices written for leads and partners. */
export async function erasePerson(tx: Tx, personId: string, now: Date, eventId: string): Promise<string[]> {
  await tx.$queryRaw`SELECT id FROM "Person" WHERE id = ${personId} FOR UPDATE`;
  const person = await tx.person.findUniqueOrThrow({ where: { id: personId }, select: { displayName: true } });
  const { names, json } = await needlesOf(tx, personId, person.displayName);

  // Who is told: the other leads of each project they belonged to, and the other person of each active pair.
  const memberships = await tx.membership.findMany({ where: { personId }, include: { project: { select: { id: true, name: true } } } });
  const leads = await tx.membership.findMany({ where: { projectId: { in: memberships.map((m) => m.projectId) }, role: "LEAD", personId: { not: personId } } });
  const pairs = await tx.mentorshipPair.findMany({ where: { OR: [{ mentorId: personId }, { menteeId: personId }], endedAt: null }, include: { project: { select: { name: true } } } });
  const notices: ErasureNotice[] = [
    ...leads.map((l) => ({ personId: l.personId, projectId: l.projectId, template: "memberErased" as const, data: { project: memberships.find((m) => m.projectId === l.projectId)!.project.name } })),
    ...pairs.map((p) => ({
      personId: p.mentorId === personId ? p.menteeId : p.mentorId,
      projectId: p.projectId,
      template: "pairErased" as const,
      data: { project: p.project.name, number: p.number },
    })),
  ];

  // Kept, de-identified: credit and thanks keep their institution and career-stage snapshots.
  await tx.contribution.updateMany({ where: { contributorPersonId: personId }, data: { contributorPersonId: null } });
  await tx.contribution.updateMany({ where: { recordedById: personId }, data: { recordedById: null } });
  await tx.contribution.updateMany({ where: { statusById: personId }, data: { statusById: null, statusComment: null } });
  await tx.acknowledgement.updateMany({ where: { fromPersonId: personId }, data: { fromPersonId: null } });
  await tx.acknowledgement.updateMany({ where: { toPersonId: personId }, data: { toPersonId: null } });
  for (const name of names) {
    await tx.$executeRaw`UPDATE "Contribution" SET description = replace(description, ${name}, '[…]'), "statusComment" = replace("statusComment", ${name}, '[…]')
      WHERE strpos(description, ${name}) > 0 OR strpos("statusComment", ${name}) > 0`;
    await tx.$executeRaw`UPDATE "Acknowledgement" SET message = replace(message, ${name}, '[…]') WHERE strpos(message, ${name}) > 0`;
  }
  // Who created or confirmed something: history outlives the person, without them.
  await tx.institution.updateMany({ where: { createdById: personId }, data: { createdById: null } });
  await tx.project.updateMany({ where: { createdById: personId }, data: { createdById: null } });
  await tx.schedule.updateMany({ where: { createdById: personId }, data: { createdById: null } });
  await tx.projectInvite.deleteMany({ where: { createdById: personId } });
  await tx.mentorshipPair.updateMany({ where: { createdById: personId }, data: { createdById: null } });
  await tx.checkIn.updateMany({ where: { loggedById: personId }, data: { loggedById: null } });
  await tx.institutionContact.updateMany({ where: { confirmedById: personId }, data: { confirmedById: null } });

  // Copies that quote them: others' notices, stored replies, audit details.
  await tx.$executeRawUnsafe(`DELETE FROM "Notice" WHERE data IS NOT NULL AND ${quotes("data")}`, json);
  await tx.$executeRawUnsafe(`DELETE FROM "CommandReceipt" WHERE reply IS NOT NULL AND ${quotes("reply")}`, json);
  await tx.$executeRawUnsafe(`DELETE FROM "AuditLog" WHERE (details IS NOT NULL AND ${quotes("details")}) OR ("entityType" = 'Person' AND "entityId" = $2)`, json, personId);
  await tx.auditLog.updateMany({ where: { actorPersonId: personId }, data: { actorPersonId: null } });

  // The person and everything only theirs: accounts, memberships, link codes, preferences, prompts
  // and answers, pairs (with their check-ins and reminders), strengths, needs, notices, contacts.
  await tx.person.delete({ where: { id: personId } });

  await tx.auditLog.create({ data: { id: newId(), at: now, action: "person.erase", entityType: "Person", entityId: newId(), details: { projects: memberships.length, pairs: pairs.length } } });
  const ids: string[] = [];
  for (const n of notices) {
    const id = newId();
    const { count } = await tx.notice.createMany({
      data: [{ id, dedupeKey: `${eventId}:${n.template}:${n.personId}:${n.projectId}`, kind: "MESSAGE", projectId: n.projectId, personId: n.personId, occurrence: now, template: n.template, data: n.data as Prisma.InputJsonValue, createdAt: now }],
      skipDuplicates: true,
    });
    if (count === 1) ids.push(id);
  }
  return ids;
}

export function personDataStore(db: Db, actors: ActorCache): Store["people"] {
  return {
    export: (personId) => exportPerson(db, personId),
    async requestErasure(actor: Actor, now) {
      await db.auditLog.create({ data: { id: newId(), at: now, workspaceId: actor.workspaceId, actorPersonId: actor.personId, action: "person.erase.request", entityType: "Person", entityId: actor.personId } });
    },
    async erase(actor, now, { eventId, withinMs }) {
      const ids = await db.$transaction(async (tx) => {
        const asked = await tx.auditLog.findFirst({
          where: { entityType: "Person", entityId: actor.personId, action: "person.erase.request", at: { gte: new Date(now.getTime() - withinMs), lte: now } },
          select: { id: true },
        });
        if (!asked) return undefined;
        return erasePerson(tx, actor.personId, now, eventId);
      });
      actors.forget(actor.personId);
      return ids === undefined ? { erased: false, notices: [] } : { erased: true, notices: ids };
    },
  };
}
