// Merging two people into one (the `link` command): every row that names the merged person is
// re-pointed to the surviving person, then the merged person is deleted, inside the caller's
// transaction. Person rows are deleted with ON DELETE CASCADE / SET NULL, so a column missed here
// would silently lose history: PERSON_COLUMNS lists every column handled, and a test compares it
// with the live schema, so a new table that names a person fails until it is merged here too.
import type { Prisma, ProjectRole } from "./generated/client.ts";

type Tx = Prisma.TransactionClient;

/** Every column that holds a Person id, as "Table.column". */
export const PERSON_COLUMNS = {
  /** With a foreign key to Person. */
  foreignKeys: [
    "PlatformAccount.personId",
    "LinkCode.personId",
    "Membership.personId",
    "Contribution.contributorPersonId",
    "Contribution.recordedById",
    "Acknowledgement.fromPersonId",
    "Acknowledgement.toPersonId",
    "AcknowledgementPreference.personId",
    "PromptDelivery.personId",
    "PromptResponse.personId",
    "MentorshipPair.mentorId",
    "MentorshipPair.menteeId",
    "Strength.personId",
    "Notice.personId",
    "CapacityNeed.personId",
    "InstitutionContact.personId",
  ],
  /** Who did something, kept without a foreign key (history outlives people). */
  plain: [
    "Institution.createdById",
    "Project.createdById",
    "Contribution.statusById",
    "Schedule.createdById",
    "ProjectInvite.createdById",
    "MentorshipPair.createdById",
    "CheckIn.loggedById",
    "InstitutionContact.confirmedById",
    "AuditLog.actorPersonId",
    "AuditLog.entityId", // where entityType = 'Person'
  ],
} as const;

/** Lower is stronger (the enum's order). */
const ROLE_RANK: Record<ProjectRole, number> = { LEAD: 0, MENTOR: 1, MEMBER: 2 };

/** Profile fields the survivor may lack; they never overwrite what the survivor has. */
const FILLABLE = ["timezone", "country", "careerStage", "institutionId", "awayUntil", "orcid", "givenName", "familyName"] as const;

/**
 * Merges person `from` into person `into` and deletes `from`. The caller holds both Person rows
 * FOR UPDATE and has checked that they share no workspace (so neither a project nor a pair can hold
 * both of them; the collision rules below are for data made before that rule, and for safety).
 */
export async function mergePeople(tx: Tx, from: string, into: string): Promise<void> {
  const survivor = await tx.person.findUniqueOrThrow({ where: { id: into } });
  const merged = await tx.person.findUniqueOrThrow({ where: { id: from } });

  // Profile: the survivor keeps theirs; only empty fields are filled from the merged person.
  // Name, language and work week always have a value, so the survivor's stay.
  const fill: Prisma.PersonUncheckedUpdateInput = {};
  for (const field of FILLABLE) if (survivor[field] === null && merged[field] !== null) Object.assign(fill, { [field]: merged[field] });
  // Quiet hours are one setting in two columns: taken together or not at all.
  if (survivor.quietStart === null && survivor.quietEnd === null && merged.quietStart !== null && merged.quietEnd !== null) {
    Object.assign(fill, { quietStart: merged.quietStart, quietEnd: merged.quietEnd });
  }
  if (Object.keys(fill).length > 0) await tx.person.update({ where: { id: into }, data: fill });

  /** `{ where: { column: from }, data: { column: into } }`, typed so Prisma checks the column name. */
  const to = <Column extends string>(column: Column) => ({ where: { [column]: from } as Record<Column, string>, data: { [column]: into } as Record<Column, string> });

  // Accounts: unique per (workspace, external id), not per person, so they all move.
  await tx.platformAccount.updateMany(to("personId"));

  // Memberships are unique per (project, person): where both belong to a project, the survivor's
  // row stays with the stronger of the two roles (a merge must not cost a project its lead).
  const memberships = await tx.membership.findMany({ where: { personId: from } });
  const survivorsOwn = new Map(
    (await tx.membership.findMany({ where: { personId: into, projectId: { in: memberships.map((m) => m.projectId) } } })).map((m) => [m.projectId, m]),
  );
  for (const m of memberships) {
    const kept = survivorsOwn.get(m.projectId);
    if (!kept) continue;
    if (ROLE_RANK[m.role] < ROLE_RANK[kept.role]) await tx.membership.update({ where: { id: kept.id }, data: { role: m.role } });
    await tx.membership.delete({ where: { id: m.id } });
  }
  await tx.membership.updateMany(to("personId"));

  // Credit and thanks: no unique key involves the person, so every row moves (as contributor,
  // recorder and confirmer; as thanker and thanked).
  await tx.contribution.updateMany(to("contributorPersonId"));
  await tx.contribution.updateMany(to("recordedById"));
  await tx.contribution.updateMany(to("statusById"));
  await tx.acknowledgement.updateMany(to("fromPersonId"));
  await tx.acknowledgement.updateMany(to("toPersonId"));

  // A ranking of acknowledgement forms is one list, keyed (person, form): the survivor's list stays
  // whole when they have one, and the merged person's is dropped; otherwise the merged list moves.
  if ((await tx.acknowledgementPreference.count({ where: { personId: into } })) > 0) {
    await tx.acknowledgementPreference.deleteMany({ where: { personId: from } });
  } else {
    await tx.acknowledgementPreference.updateMany(to("personId"));
  }

  // Prompts and answers: dedupe and idempotency keys are unique on their own (a delivery's key
  // embeds the id of the person it was made for), so moved rows can't collide; the old keys keep
  // recording what was sent then, and new sends to the survivor carry the survivor's id.
  await tx.promptDelivery.updateMany(to("personId"));
  await tx.promptResponse.updateMany(to("personId"));

  // Pairs are unique per (project, mentor, mentee): a pair that would duplicate one of the
  // survivor's hands its check-ins and notices to that pair and goes (the survivor's cadence and
  // goals stay); every other pair just changes hands.
  const pairs = await tx.mentorshipPair.findMany({ where: { OR: [{ mentorId: from }, { menteeId: from }] } });
  for (const p of pairs) {
    const mentorId = p.mentorId === from ? into : p.mentorId;
    const menteeId = p.menteeId === from ? into : p.menteeId;
    const twin = await tx.mentorshipPair.findUnique({ where: { projectId_mentorId_menteeId: { projectId: p.projectId, mentorId, menteeId } } });
    if (twin) {
      await tx.checkIn.updateMany({ where: { pairId: p.id }, data: { pairId: twin.id } });
      await tx.notice.updateMany({ where: { pairId: p.id }, data: { pairId: twin.id } });
      await tx.mentorshipPair.delete({ where: { id: p.id } });
    } else {
      await tx.mentorshipPair.update({ where: { id: p.id }, data: { mentorId, menteeId } });
    }
  }
  await tx.checkIn.updateMany(to("loggedById"));

  // Capacity and notices: per person, no unique key involving them (notice dedupe keys as above).
  await tx.capacityNeed.updateMany(to("personId"));
  await tx.strength.updateMany(to("personId"));
  await tx.notice.updateMany(to("personId"));

  // A contact is unique per (project, institution, person): one the survivor already is stays, the
  // merged person's twin goes; every other confirmation moves.
  const contacts = await tx.institutionContact.findMany({ where: { personId: from } });
  for (const c of contacts) {
    const twin = await tx.institutionContact.findUnique({ where: { projectId_institutionId_personId: { projectId: c.projectId, institutionId: c.institutionId, personId: into } } });
    if (twin) await tx.institutionContact.delete({ where: { id: c.id } });
  }
  await tx.institutionContact.updateMany(to("personId"));
  await tx.institutionContact.updateMany(to("confirmedById"));

  // Who created what, and the audit trail: so "what is held about me" finds it under one person.
  await tx.institution.updateMany(to("createdById"));
  await tx.project.updateMany(to("createdById"));
  await tx.schedule.updateMany(to("createdById"));
  await tx.projectInvite.updateMany(to("createdById"));
  await tx.mentorshipPair.updateMany(to("createdById"));
  await tx.auditLog.updateMany(to("actorPersonId"));
  await tx.auditLog.updateMany({ where: { entityType: "Person", entityId: from }, data: { entityId: into } });

  // The merged person's own link codes name someone who is about to go.
  await tx.linkCode.deleteMany({ where: { personId: from } });
  await tx.person.delete({ where: { id: from } });
}
