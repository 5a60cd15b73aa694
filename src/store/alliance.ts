// `alliance`: what a person or an institution did with others across projects, active and closed.
// Counts only (never a reflection, a check-in note or a contribution's text), and only from the
// projects the viewer may read; the others are counted as hidden, never named.
import type { AllianceView, Store } from "../core/ports.ts";
import type { ProjectRole } from "../core/vocabulary.ts";
import type { Db } from "./database.ts";

const earliest = (a: Date | undefined, b: Date) => (a === undefined || b < a ? b : a);

export function allianceStore(db: Db): Store["alliance"] {
  return {
    async view(target, viewerId, readable): Promise<AllianceView> {
      const person = target.kind === "person" ? target.personId : undefined;
      // One institution may be registered in several workspaces (the same ROR id): all its rows count.
      const institutions = target.kind === "institution" ? target.institutionIds : [];
      const institution = { in: institutions };
      const ofTarget = (id: string | null) => id !== null && institutions.includes(id);
      // An institution took part through its own credit, the credit of its people (the affiliation
      // snapshot), and its people's memberships and pairs.
      const [contributions, thanks, pairs, memberships] = await Promise.all([
        db.contribution.findMany({
          where: { status: { not: "DISPUTED" }, ...(person ? { contributorPersonId: person } : { OR: [{ contributorInstitutionId: institution }, { affiliationId: institution }] }) },
          select: { projectId: true, roles: true, startedOn: true },
        }),
        db.acknowledgement.findMany({
          where: { projectId: { not: null }, ...(person ? { toPersonId: person } : { OR: [{ toInstitutionId: institution }, { affiliationId: institution }] }) },
          select: { projectId: true, contributionRoles: true, createdAt: true },
        }),
        db.mentorshipPair.findMany({
          where: person ? { OR: [{ mentorId: person }, { menteeId: person }] } : { OR: [{ mentor: { institutionId: institution } }, { mentee: { institutionId: institution } }] },
          select: { projectId: true, mentorId: true, menteeId: true, startsOn: true, mentor: { select: { institutionId: true } }, mentee: { select: { institutionId: true } } },
        }),
        db.membership.findMany({ where: person ? { personId: person } : { person: { institutionId: institution } }, select: { projectId: true, joinedAt: true } }),
      ]);
      const since = new Map<string, Date>();
      for (const c of contributions) since.set(c.projectId, earliest(since.get(c.projectId), c.startedOn));
      for (const k of thanks) since.set(k.projectId!, earliest(since.get(k.projectId!), k.createdAt));
      for (const p of pairs) since.set(p.projectId, earliest(since.get(p.projectId), p.startsOn));
      for (const m of memberships) since.set(m.projectId, earliest(since.get(m.projectId), m.joinedAt));
      const projects = await db.project.findMany({
        where: { id: { in: [...since.keys()] } },
        select: { id: true, slug: true, name: true, closedAt: true, memberships: { where: { personId: viewerId }, select: { role: true } } },
      });
      const visible = new Set(
        projects.filter((p) => readable(p.memberships[0] ? (p.memberships[0].role.toLowerCase() as ProjectRole) : null, person === viewerId)).map((p) => p.id),
      );
      const roles = new Map<string, { role: string; contributions: number; acknowledgements: number }>();
      const role = (id: string) => roles.get(id) ?? roles.set(id, { role: id, contributions: 0, acknowledgements: 0 }).get(id)!;
      for (const c of contributions) if (visible.has(c.projectId)) for (const r of c.roles) role(r.toLowerCase()).contributions++;
      for (const k of thanks) if (visible.has(k.projectId!)) for (const r of k.contributionRoles) role(r.toLowerCase()).acknowledgements++;
      const seen = pairs.filter((p) => visible.has(p.projectId));
      const mentorships = person
        ? { mentor: seen.filter((p) => p.mentorId === person).length, mentee: seen.filter((p) => p.menteeId === person).length }
        : { mentor: seen.filter((p) => ofTarget(p.mentor.institutionId)).length, mentee: seen.filter((p) => ofTarget(p.mentee.institutionId)).length };
      const personal = person ? (await db.person.findUnique({ where: { id: person }, select: { institutionId: true } }))?.institutionId : undefined;
      const own = personal ? [personal] : institutions;
      const inProjects = { projectId: { in: [...visible] } };
      const partners = visible.size
        ? await db.institution.findMany({
            where: { id: { notIn: own }, OR: [{ affiliatedContributions: { some: inProjects } }, { people: { some: { memberships: { some: inProjects } } } }] },
            select: { name: true, rorId: true },
            orderBy: { name: "asc" },
          })
        : [];
      return {
        projects: projects
          .filter((p) => visible.has(p.id))
          .map((p) => ({
            slug: p.slug,
            name: p.name,
            closedAt: p.closedAt,
            from: since.get(p.id)!,
            contributions: contributions.filter((c) => c.projectId === p.id).length,
            acknowledgements: thanks.filter((k) => k.projectId === p.id).length,
          }))
          .sort((a, b) => a.from.getTime() - b.from.getTime()),
        hidden: projects.length - visible.size,
        roles: [...roles.values()].sort((a, b) => b.contributions - a.contributions || b.acknowledgements - a.acknowledgements || a.role.localeCompare(b.role)),
        mentorships,
        // A partner registered in two workspaces of a project (one ROR id, or one name) is named once.
        institutions: [...new Map(partners.map((i) => [i.rorId ?? i.name, i.name])).values()],
      };
    },
  };
}
