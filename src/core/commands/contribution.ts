import { fail, UserError } from "../errors.ts";
import { msg } from "../i18n/index.ts";
import { closest, didYouMeanText } from "../matching.ts";
import { info, list, note, success, text } from "../message.ts";
import type { Actor, Contributor, Services } from "../ports.ts";
import type { ProjectContext } from "../policy.ts";
import { DEGREES, KNOWLEDGE_FORMS } from "../vocabulary.ts";
import type { ContributionView, DegreeId } from "../credit/model.ts";
import { localDate, parseDate, parseKnowledgeForms, parseRoles, ROLE_LABELS, STATUS_LABELS } from "../credit/terms.ts";
import { action, defineCommand } from "./definition.ts";
import { numberRef, parseUserRef } from "./parse.ts";
import { findPerson } from "./project.ts";

/** A person (@amina, a platform mention) or an institution, by name. */
export async function resolveContributor(services: Services, actor: Actor, who: string): Promise<Contributor & { name: string }> {
  if (/^(@|<@)/.test(who)) {
    const person = await findPerson(services, actor, parseUserRef(who, "who"));
    return { kind: "person", personId: person.personId, name: person.displayName };
  }
  const institution = await services.store.institutions.findByName(actor.workspaceId, who);
  if (institution) return { kind: "institution", institutionId: institution.id, name: institution.name };
  const person = /^[\p{L}\p{N}._-]+$/u.test(who) ? await services.store.identity.findPerson(actor.workspaceId, { kind: "handle", handle: who }) : undefined;
  if (person) return { kind: "person", personId: person.personId, name: person.displayName };
  const names = (await services.store.institutions.list(actor.workspaceId)).map((i) => i.name);
  throw new UserError(`I don't know a person or institution called "${who}".${didYouMeanText(closest(who, names))}`, "Name people with @, e.g. @amina; institutions by name, in quotes.");
}

/** "#12" or "12" → 12 */
export function contributionNumber(input: string): number {
  const n = numberRef(input);
  if (n === undefined) throw new UserError(`"${input}" is not a contribution number.`, "Contributions are numbered like #12; see them with `contribution list`.");
  return n;
}

/** One line, everywhere a contribution appears: number, date, who, roles, degree, knowledge, status. */
export function describeContribution(c: ContributionView): string {
  const period = c.endedOn && c.endedOn !== c.startedOn ? `${c.startedOn}–${c.endedOn}` : c.startedOn;
  const who = c.affiliation && c.contributor.kind === "person" ? `${c.contributor.name} (${c.affiliation.name})` : c.contributor.name;
  const knowledge = c.knowledgeForms.length ? ` · ${c.knowledgeForms.map((k) => KNOWLEDGE_FORMS.labels[k]).join(", ")}` : "";
  const status = `${STATUS_LABELS[c.status]}${c.status === "disputed" && c.statusComment ? `: “${c.statusComment}”` : ""}`;
  return `#${c.number} · ${period} · ${who} — ${c.roles.map((r) => ROLE_LABELS[r]).join(", ")} (${c.degree})${knowledge} · ${status} — ${c.description}`;
}

async function findContribution(services: Services, p: ProjectContext, number: string) {
  const c = await services.store.credit.find(p.id, contributionNumber(number));
  if (!c) throw new UserError(`${p.name} has no contribution #${contributionNumber(number)}.`, `See them with: contribution list project=${p.slug}`);
  return c;
}

/**
 * The credited person answers for their own contribution. An institution speaks through the
 * project's leads or a contact a lead has confirmed; a self-declared affiliation grants nothing.
 */
async function requireAnswerer(services: Services, actor: Actor, project: ProjectContext, c: ContributionView, action: "confirm" | "dispute") {
  if (c.contributor.kind === "person") {
    if (c.contributor.id !== actor.personId) fail("contribution.onlyCredited", { name: c.contributor.name, action, number: c.number });
    return;
  }
  if (project.myRole === "lead" || (await services.store.institutions.isContact(project.id, c.contributor.id, actor.personId))) return;
  fail("contribution.onlyContact", { project: project.name, institution: c.contributor.name, action, number: c.number }, msg("contribution.onlyContact.hint", { institution: c.contributor.name, slug: project.slug }));
}

const projectOption = { name: "project", type: "string", suggest: "projects", description: "Project (default: your only project)." } as const;

export const contribution = defineCommand({
  name: "contribution",
  description: "Record who did what (CRediT and partnership roles); confirm or dispute it.",
  aliases: ["contributions", "contrib", "credit"],
  defaultSubcommand: "list",
  subcommands: {
    add: action({
      description: "Record a contribution of a person or an institution.",
      options: [
        { name: "who", type: "string", positional: true, required: true, maxLength: 160, description: "@person or institution name." },
        { name: "description", type: "text", positional: true, required: true, maxLength: 1000, description: "What they did." },
        { name: "roles", type: "string", suggest: "roles", required: true, maxLength: 500, description: "CRediT or partnership roles, comma-separated." },
        { name: "degree", type: "choice", choices: DEGREES.labels, description: "lead, equal (default) or supporting." },
        { name: "knowledge", type: "string", suggest: "knowledge", maxLength: 300, description: "Forms of knowledge, comma-separated." },
        { name: "date", type: "string", description: "When (YYYY-MM-DD; default today)." },
        { name: "until", type: "string", aliases: ["to", "end"], description: "Last day, for a period (YYYY-MM-DD)." },
        { name: "link", type: "string", maxLength: 500, description: "A link to the output (https://…)." },
        projectOption,
      ],
      examples: [
        'contribution add @amina "Interviewed 40 fishers in Kilifi" roles="investigation, data curation" knowledge="lived experience" degree=lead',
        'contribution add "Coletivo Maré" "Hosted the community workshops" roles="resources, community liaison" knowledge=indigenous date=2026-10-01',
      ],
      async handler({ actor, event, services, project }, args) {
        const roles = parseRoles(args.roles);
        const knowledgeForms = args.knowledge === undefined ? [] : parseKnowledgeForms(args.knowledge);
        const today = localDate(services.clock.now(), actor.timezone);
        const startedOn = args.date === undefined ? today : parseDate(args.date, "date");
        const endedOn = args.until === undefined ? null : parseDate(args.until, "until");
        if (startedOn > today) throw new UserError(`${startedOn} is in the future; record contributions once they happen.`);
        if (endedOn && endedOn < startedOn) throw new UserError(`The period ends (${endedOn}) before it starts (${startedOn}).`);
        if (args.link !== undefined && !/^https?:\/\/\S+$/.test(args.link)) throw new UserError("link must start with http:// or https://.");
        const contributor = await resolveContributor(services, actor, args.who);
        const { contribution: c, created } = await services.store.credit.record(actor, {
          projectId: project.id,
          contributor,
          roles,
          degree: (args.degree as DegreeId | undefined) ?? "equal",
          knowledgeForms,
          startedOn,
          endedOn,
          link: args.link ?? null,
          description: args.description,
          idempotencyKey: event.id,
        });
        if (created) await notifyCredited(services, actor, c, project);
        return success(`Recorded in ${project.name}:`, list([describeContribution(c)]));
      },
    }),
    list: action({
      description: "List recent contributions, with their status.",
      options: [
        projectOption,
        { name: "who", type: "string", description: "Only this @person." },
        { name: "status", type: "choice", choices: { recorded: "unconfirmed", confirmed: "confirmed", disputed: "disputed" }, description: "Only this status." },
      ],
      examples: ["contribution list", "contribution list status=disputed project=coastal-resilience"],
      idempotent: true,
      async handler({ actor, services, project }, args) {
        const who = args.who === undefined ? undefined : await findPerson(services, actor, parseUserRef(args.who, "who"));
        const items = await services.store.credit.list(project.id, {
          ...(who && { personId: who.personId }),
          ...(args.status !== undefined && { status: args.status as ContributionView["status"] }),
          limit: 20,
        });
        if (items.length === 0) return info(note(`No contributions to show in ${project.name} yet.`));
        return info(text(`${project.name}, most recent first:`), list(items.map(describeContribution)));
      },
    }),
    confirm: action({
      description: "Confirm a contribution recorded about you (or your institution).",
      options: [{ name: "number", type: "string", positional: true, required: true, description: "The contribution, e.g. #12." }, projectOption],
      examples: ["contribution confirm #12"],
      async handler({ actor, services, project }, args) {
        const c = await findContribution(services, project, args.number);
        await requireAnswerer(services, actor, project, c, "confirm");
        const updated = await services.store.credit.setStatus(actor, c.id, "confirmed", null);
        return success(`Confirmed #${c.number}.`, list([describeContribution(updated)]));
      },
    }),
    dispute: action({
      description: "Dispute a contribution recorded about you, saying why.",
      options: [
        { name: "number", type: "string", positional: true, required: true, description: "The contribution, e.g. #12." },
        { name: "comment", type: "text", positional: true, required: true, maxLength: 1000, description: "What is wrong with it." },
        projectOption,
      ],
      examples: ['contribution dispute #12 "I led the analysis; I did not only support it"'],
      async handler({ actor, services, project }, args) {
        const c = await findContribution(services, project, args.number);
        await requireAnswerer(services, actor, project, c, "dispute");
        const updated = await services.store.credit.setStatus(actor, c.id, "disputed", args.comment);
        await notifyDispute(services, actor, updated, project.id);
        return success(`Disputed #${c.number}. The person who recorded it and the project leads can see your comment.`, list([describeContribution(updated)]));
      },
    }),
  },
});

/** Recording someone else's contribution tells them, with how to confirm or dispute it. */
async function notifyCredited(services: Services, actor: Actor, c: ContributionView, project: { id: string; slug: string }) {
  const { id: projectId, slug } = project;
  const how = note(`Confirm it with \`contribution confirm #${c.number} project=${slug}\`, or dispute it with \`contribution dispute #${c.number} <why> project=${slug}\`.`);
  const message = info(text(`${actor.displayName} recorded a contribution of yours:`), list([describeContribution(c)]), how);
  if (c.contributor.kind === "person") {
    if (c.contributor.id !== actor.personId) await services.chat.send({ personId: c.contributor.id, displayName: c.contributor.name, handle: null }, message);
    return;
  }
  // An institution is told through the contacts a lead confirmed for it in this project.
  const contacts = await services.store.institutions.contacts(projectId);
  for (const { person } of contacts.filter((k) => k.institution.id === c.contributor.id && k.person.personId !== actor.personId)) await services.chat.send(person, message);
}

/** Disputes reach whoever recorded the contribution and the project's leads. */
async function notifyDispute(services: Services, actor: Actor, c: ContributionView, projectId: string) {
  const members = await services.store.projects.members(projectId);
  const recipients = members.filter((m) => (m.role === "lead" || m.personId === c.recordedById) && m.personId !== actor.personId);
  const message = info(text(`${actor.displayName} disputed a contribution:`), list([describeContribution(c)]));
  for (const m of recipients) await services.chat.send(m, message);
}
