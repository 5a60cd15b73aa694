import { fail } from "../errors.ts";
import { msg } from "../i18n/index.ts";
import { info, note, success, text } from "../message.ts";
import { tell } from "../notify.ts";
import { resolveContributor, contributionNumber } from "./contribution.ts";
import { action, defineCommand } from "./definition.ts";


export const kudos = defineCommand({
  name: "kudos",
  description: "cmd.kudos",
  aliases: ["thanks", "thank"],
  action: action({
    description: "cmd.kudos.action",
    options: [
      { name: "who", type: "string", positional: true, required: true, maxLength: 160, description: "opt.kudos.who" },
      { name: "message", type: "text", positional: true, required: true, maxLength: 1000, description: "opt.kudos.message" },
      { name: "contribution", type: "string", description: "opt.kudos.contribution" },
      { name: "project", type: "string", suggest: "projects", description: "opt.project" },
    ],
    examples: ["ex.kudos.1", "ex.kudos.2"],
    async handler({ actor, event, services, project, t }, args) {
      const to = await resolveContributor(services, actor, args.who);
      if (to.kind === "person" && to.personId === actor.personId) fail("kudos.self", {}, msg("kudos.self.hint"));
      let contributionId: string | null = null;
      if (args.contribution !== undefined) {
        const c = await services.store.credit.find(project.id, contributionNumber(args.contribution));
        if (!c) fail("kudos.noContribution", { project: project.name, ref: args.contribution });
        contributionId = c.id;
      }
      const created = await services.store.credit.thank(actor, { projectId: project.id, to, contributionId, message: args.message, idempotencyKey: event.id });
      if (created && to.kind === "person") {
        await tell(services, { personId: to.personId, displayName: to.name, handle: null }, project.language, (r) =>
          info(text(r("kudos.notice", { actor: actor.displayName, project: project.name, message: args.message }))),
        );
      }
      return success(t("kudos.recorded", { name: to.name, project: project.name }), ...(to.kind === "person" ? [note(t("kudos.told"))] : []));
    },
  }),
});
