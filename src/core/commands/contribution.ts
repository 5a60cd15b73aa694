import { fail, isUserError } from "../errors.ts";
import { msg } from "../i18n/index.ts";
import { closest, didYouMean, fold } from "../matching.ts";
import { info, list, note, success, text } from "../message.ts";
import type { NoticeData } from "../notices.ts";
import { notify, outboxRows } from "../notify.ts";
import type { Actor, Contributor } from "../ports.ts";
import type { Ports, Services } from "../services.ts";
import type { ProjectContext } from "../policy.ts";
import { CONTRIBUTION_STATUSES, DEGREES } from "../vocabulary.ts";
import type { ContributionView, DegreeId } from "../credit/model.ts";
import { localDate, parseDate, parseKnowledgeForms, parseRoles } from "../credit/terms.ts";
import { describeContribution } from "../credit/describe.ts";
import { action, defineCommand } from "./definition.ts";
import { numberRef, parseUserRef } from "./parse.ts";
import { findPerson } from "./project.ts";
import { findOffChat } from "./person.ts";

/**
 * A person (@amina, a platform mention; of another workspace, among the project's members), an
 * institution by name, or a person of the project who is not on the chat, by name. Names match ignoring case and accents; a name that fits both an
 * institution and a person is refused, never guessed.
 */
export async function resolveContributor(
  services: Ports<"identity" | "institutions" | "offChat" | "projects">,
  actor: Actor,
  who: string,
  projectId: string,
): Promise<Contributor & { name: string; offChat?: boolean }> {
  if (/^(@|<@)/.test(who)) {
    const person = await findPerson(services, actor, parseUserRef(who, "who"), { id: projectId });
    return { kind: "person", personId: person.personId, name: person.displayName };
  }
  const [institution, offChat] = await Promise.all([services.store.institutions.findByName(actor.workspaceId, who), services.store.offChat.list(projectId)]);
  const named = offChat.filter((p) => fold(p.displayName) === fold(who));
  if ((institution ? 1 : 0) + named.length > 1) {
    const names = [...(institution ? [institution.name] : []), ...named.map((p) => p.displayName)].join(", ");
    fail("contribution.ambiguous", { who, names }, msg("contribution.ambiguous.hint"));
  }
  if (institution) return { kind: "institution", institutionId: institution.id, name: institution.name };
  if (named[0]) return { kind: "person", personId: named[0].personId, name: named[0].displayName, offChat: true };
  const person = /^[\p{L}\p{N}._-]+$/u.test(who)
    ? await findPerson(services, actor, { kind: "handle", handle: who }, { id: projectId }).catch((e: unknown) => {
        if (isUserError(e)) return undefined;
        throw e;
      })
    : undefined;
  if (person) return { kind: "person", personId: person.personId, name: person.displayName };
  const names = [...(await services.store.institutions.list(actor.workspaceId)).map((i) => i.name), ...offChat.map((p) => p.displayName)];
  return fail("contribution.unknownContributor", { who, didYouMean: didYouMean(closest(who, names)) }, msg("contribution.unknownContributor.hint"));
}

/** "#12" or "12" → 12 */
export function contributionNumber(input: string): number {
  const n = numberRef(input);
  if (n === undefined) fail("contribution.notNumber", { input }, msg("contribution.notNumber.hint"));
  return n;
}

async function findContribution(services: Ports<"credit">, p: ProjectContext, number: string) {
  const c = await services.store.credit.find(p.id, contributionNumber(number));
  if (!c) fail("contribution.notFound", { project: p.name, number: contributionNumber(number) }, msg("contribution.notFound.hint", { slug: p.slug }));
  return c;
}

/**
 * The credited person answers for their own contribution. An institution speaks through the
 * project's leads or a contact a lead has confirmed; a self-declared affiliation grants nothing.
 */
async function requireAnswerer(services: Ports<"institutions">, actor: Actor, project: ProjectContext, c: ContributionView, action: "confirm" | "dispute") {
  // A person not on the chat cannot answer here: a lead of the project answers for them.
  if (c.contributor.kind === "person" && c.contributor.offChat) {
    if (project.myRole !== "lead") fail("contribution.onlyLeadOffChat", { project: project.name, name: c.contributor.name, action, number: c.number });
    return;
  }
  if (c.contributor.kind === "person") {
    if (c.contributor.id !== actor.personId) fail("contribution.onlyCredited", { name: c.contributor.name, action, number: c.number });
    return;
  }
  if (project.myRole === "lead" || (await services.store.institutions.isContact(project.id, c.contributor.id, actor.personId))) return;
  fail("contribution.onlyContact", { project: project.name, institution: c.contributor.name, action, number: c.number }, msg("contribution.onlyContact.hint", { institution: c.contributor.name, slug: project.slug }));
}

const projectOption = { name: "project", type: "string", suggest: "projects", description: "opt.project" } as const;
/** The statuses as people type them: "unconfirmed" is the stored "recorded" (one word in help, errors and lists). */
const STATUS_CHOICES = { unconfirmed: CONTRIBUTION_STATUSES.messages.recorded, confirmed: CONTRIBUTION_STATUSES.messages.confirmed, disputed: CONTRIBUTION_STATUSES.messages.disputed };

export const contribution = defineCommand({
  name: "contribution",
  description: "cmd.contribution",
  aliases: ["contributions", "contrib", "credit"],
  defaultSubcommand: "list",
  subcommands: {
    add: action({
      description: "cmd.contribution.add",
      ports: ["identity", "institutions", "projects", "credit", "outbox", "offChat"],
      options: [
        { name: "who", type: "string", positional: true, required: true, maxLength: 160, credits: "contributor", suggest: "institutions", description: "opt.contribution.add.who" },
        { name: "description", type: "text", positional: true, required: true, maxLength: 1000, description: "opt.contribution.description" },
        { name: "roles", type: "string", suggest: "roles", required: true, maxLength: 500, description: "opt.contribution.roles" },
        { name: "degree", type: "choice", choices: DEGREES.messages, description: "opt.contribution.degree" },
        { name: "knowledge", type: "string", suggest: "knowledge", maxLength: 300, description: "opt.contribution.knowledge" },
        { name: "date", type: "string", description: "opt.contribution.date" },
        { name: "until", type: "string", aliases: ["to", "end"], description: "opt.contribution.until" },
        { name: "link", type: "string", maxLength: 500, description: "opt.contribution.link" },
        projectOption,
      ],
      // The record is keyed by the event: a retry finds it, and its notice's key makes that once too.
      idempotent: true,
      examples: ["ex.contribution.add.1", "ex.contribution.add.2"],
      async handler({ actor, event, services, project, t, repeat }, args) {
        const roles = parseRoles(args.roles);
        const knowledgeForms = args.knowledge === undefined ? [] : parseKnowledgeForms(args.knowledge);
        const today = localDate(services.clock.now(), actor.timezone);
        const startedOn = args.date === undefined ? today : parseDate(args.date, "date");
        const endedOn = args.until === undefined ? null : parseDate(args.until, "until");
        if (startedOn > today) fail("contribution.future", { date: startedOn });
        if (endedOn && endedOn < startedOn) fail("terms.period.endsBeforeStart", { from: startedOn, to: endedOn });
        if (args.link !== undefined && !/^https?:\/\/\S+$/.test(args.link)) fail("contribution.badLink");
        const contributor = await resolveContributor(services, actor, args.who, project.id);
        // The notice to the credited is written with the record (both or neither), and sent after this reply.
        // The store adds the contribution to its data: its number is known only as it is written.
        const data = { actor: actor.displayName, slug: project.slug } as NoticeData<"contributionRecorded">;
        const notices = outboxRows(event.id, { ...(await creditedNotice(services, actor, contributor, project)), template: "contributionRecorded", data });
        const recorded = await services.store.credit.record(actor, {
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
          notices,
        });
        const c = recorded.contribution;
        if (recorded.notices.length) services.scheduler.deliver(recorded.notices);
        if (!recorded.created) {
          repeat();
          // A record kept from before its notice was written with it: the outbox's key makes the notice once.
          await notifyCredited(services, event.id, actor, c, project);
        }
        return success(t("contribution.recorded", { project: project.name }), list([describeContribution(t, c)]));
      },
    }),
    list: action({
      description: "cmd.contribution.list",
      ports: ["identity", "projects", "credit", "offChat"],
      options: [
        projectOption,
        { name: "who", type: "string", credits: "person", description: "opt.contribution.list.who" },
        // People read and type "unconfirmed"; "recorded", the stored status and the exports' value, is still understood.
        { name: "status", type: "choice", choices: STATUS_CHOICES, choiceAliases: { recorded: "unconfirmed" }, description: "opt.contribution.status" },
      ],
      examples: ["contribution list", "contribution list status=disputed project=coastal-resilience"],
      idempotent: true,
      async handler({ actor, services, project, t }, args) {
        // A mention or handle names someone on the chat; any other name, a person of the project who is not.
        const who =
          args.who === undefined
            ? undefined
            : /^(@|<@)|^[\p{L}\p{N}._-]+$/u.test(args.who)
              ? await findPerson(services, actor, parseUserRef(args.who, "who"), project)
              : await findOffChat(services, project, args.who);
        const items = await services.store.credit.list(project.id, {
          ...(who && { personId: who.personId }),
          ...(args.status !== undefined && { status: (args.status === "unconfirmed" ? "recorded" : args.status) as ContributionView["status"] }),
          limit: 20,
        });
        if (items.length === 0) return info(note(t("contribution.list.none", { project: project.name })));
        return info(text(t("contribution.list.heading", { project: project.name })), list(items.map((c) => describeContribution(t, c))));
      },
    }),
    confirm: action({
      description: "cmd.contribution.confirm",
      ports: ["institutions", "credit"],
      options: [{ name: "number", type: "string", positional: true, required: true, description: "opt.contribution.number" }, projectOption],
      examples: ["contribution confirm #12"],
      async handler({ actor, services, project, t }, args) {
        const c = await findContribution(services, project, args.number);
        await requireAnswerer(services, actor, project, c, "confirm");
        const updated = await services.store.credit.setStatus(actor, c.id, "confirmed", null);
        return success(t("contribution.confirmed", { number: c.number }), list([describeContribution(t, updated)]));
      },
    }),
    dispute: action({
      description: "cmd.contribution.dispute",
      ports: ["institutions", "projects", "credit", "outbox"],
      options: [
        { name: "number", type: "string", positional: true, required: true, description: "opt.contribution.number" },
        { name: "comment", type: "text", positional: true, required: true, maxLength: 1000, description: "opt.contribution.comment" },
        projectOption,
      ],
      examples: ["ex.contribution.dispute.1"],
      async handler({ actor, event, services, project, t }, args) {
        const c = await findContribution(services, project, args.number);
        await requireAnswerer(services, actor, project, c, "dispute");
        const updated = await services.store.credit.setStatus(actor, c.id, "disputed", args.comment);
        await notifyDispute(services, event.id, actor, updated, project);
        return success(t("contribution.disputed", { number: c.number }), list([describeContribution(t, updated)]));
      },
    }),
  },
});

/**
 * Who is told when a contribution of `contributor` is recorded: the person, or an institution's
 * contacts a lead confirmed in this project; never the one who recorded it.
 */
async function creditedNotice(services: Ports<"institutions">, actor: Actor, contributor: Contributor & { offChat?: boolean }, project: ProjectContext) {
  // Someone not on the chat has nowhere to be told.
  const to =
    contributor.kind === "person"
      ? contributor.offChat ? [] : [contributor.personId]
      : (await services.store.institutions.contacts(project.id)).filter((k) => k.institution.id === contributor.institutionId).map((k) => k.person.personId);
  return { to: to.filter((id) => id !== actor.personId), projectId: project.id };
}

/** Recording someone else's contribution tells them (through the outbox), with how to confirm or dispute it. */
async function notifyCredited(services: Ports<"institutions" | "outbox"> & Pick<Services, "clock" | "scheduler">, eventId: string, actor: Actor, c: ContributionView, project: ProjectContext) {
  const contributor: Contributor & { offChat?: boolean } = c.contributor.kind === "person" ? { kind: "person", personId: c.contributor.id, offChat: c.contributor.offChat } : { kind: "institution", institutionId: c.contributor.id };
  const data = { actor: actor.displayName, contribution: c, slug: project.slug };
  await notify(services, eventId, { ...(await creditedNotice(services, actor, contributor, project)), template: "contributionRecorded", data });
}

/** Disputes reach whoever recorded the contribution and the project's leads. */
async function notifyDispute(services: Ports<"projects" | "outbox"> & Pick<Services, "clock" | "scheduler">, eventId: string, actor: Actor, c: ContributionView, project: ProjectContext) {
  const members = await services.store.projects.members(project.id);
  const to = members.filter((m) => (m.role === "lead" || m.personId === c.recordedById) && m.personId !== actor.personId).map((m) => m.personId);
  await notify(services, eventId, { to, projectId: project.id, template: "contributionDisputed", data: { actor: actor.displayName, contribution: c } });
}
