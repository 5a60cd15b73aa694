import { fail } from "../errors.ts";
import { msg } from "../i18n/index.ts";
import { note, success } from "../message.ts";
import { outboxRows } from "../notify.ts";
import { resolveContributor, contributionNumber } from "./contribution.ts";
import { action, defineCommand } from "./definition.ts";


export const kudos = defineCommand({
  name: "kudos",
  description: "cmd.kudos",
  aliases: ["thanks", "thank"],
  action: action({
    description: "cmd.kudos.action",
    ports: ["identity", "institutions", "projects", "credit", "offChat"],
    options: [
      { name: "who", type: "string", positional: true, required: true, maxLength: 160, credits: "contributor", suggest: "institutions", description: "opt.kudos.who" },
      { name: "message", type: "text", positional: true, required: true, maxLength: 1000, description: "opt.kudos.message" },
      { name: "contribution", type: "string", description: "opt.kudos.contribution" },
      { name: "project", type: "string", suggest: "projects", description: "opt.project" },
    ],
    examples: ["ex.kudos.1", "ex.kudos.2"],
    // The thanks is keyed by the event: a retry finds it, and its notice's key makes that once too.
    idempotent: true,
    async handler({ actor, event, services, project, t, repeat }, args) {
      const to = await resolveContributor(services, actor, args.who, project.id);
      // Someone not on the chat has nowhere to be told.
      const told = to.kind === "person" && !to.offChat;
      if (to.kind === "person" && to.personId === actor.personId) fail("kudos.self", {}, msg("kudos.self.hint"));
      let contributionId: string | null = null;
      if (args.contribution !== undefined) {
        const c = await services.store.credit.find(project.id, contributionNumber(args.contribution));
        if (!c) fail("kudos.noContribution", { project: project.name, ref: args.contribution });
        contributionId = c.id;
      }
      // The notice to the person thanked is written with the thanks (both or neither), and sent after this reply.
      const notices = told ? outboxRows(event.id, { to: [to.personId], projectId: project.id, template: "kudos", data: { actor: actor.displayName, project: project.name, message: args.message } }) : [];
      const thanked = await services.store.credit.thank(actor, { projectId: project.id, to, contributionId, message: args.message, idempotencyKey: event.id, notices });
      if (!thanked.created) repeat();
      if (thanked.notices.length) services.scheduler.deliver(thanked.notices);
      return success(t("kudos.recorded", { name: to.name, project: project.name }), ...(told ? [note(t("kudos.told"))] : []));
    },
  }),
});
