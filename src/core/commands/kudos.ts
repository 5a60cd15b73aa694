import { UserError } from "../errors.ts";
import { info, note, success, text } from "../message.ts";
import { resolveContributor, contributionNumber } from "./contribution.ts";
import { action, defineCommand } from "./definition.ts";


export const kudos = defineCommand({
  name: "kudos",
  description: "Thank a person or an institution, in one line.",
  aliases: ["thanks", "thank"],
  action: action({
    description: "Thank someone; optionally tie it to a contribution (contribution=#12).",
    options: [
      { name: "who", type: "string", positional: true, required: true, maxLength: 160, description: "@person or institution name." },
      { name: "message", type: "text", positional: true, required: true, maxLength: 1000, description: "What you thank them for." },
      { name: "contribution", type: "string", description: "The contribution it is for, e.g. #12." },
      { name: "project", type: "string", suggest: "projects", description: "Project (default: your only project)." },
    ],
    examples: ["kudos @amina for translating the interview guide", 'kudos "Coletivo Maré" for hosting the workshops contribution=#3'],
    async handler({ actor, event, services, project }, args) {
      const to = await resolveContributor(services, actor, args.who);
      if (to.kind === "person" && to.personId === actor.personId) {
        throw new UserError("Thanking yourself doesn't count — but the work surely does!", "Record it instead: contribution add @you \"…\" roles=…");
      }
      let contributionId: string | null = null;
      if (args.contribution !== undefined) {
        const c = await services.store.credit.find(project.id, contributionNumber(args.contribution));
        if (!c) throw new UserError(`${project.name} has no contribution ${args.contribution}.`);
        contributionId = c.id;
      }
      const created = await services.store.credit.thank(actor, { projectId: project.id, to, contributionId, message: args.message, idempotencyKey: event.id });
      if (created && to.kind === "person") {
        await services.chat.send(
          { personId: to.personId, displayName: to.name, handle: null },
          info(text(`${actor.displayName} thanked you in ${project.name}: “${args.message}”`)),
        );
      }
      return success(`Thanks recorded for ${to.name} in ${project.name}.`, ...(to.kind === "person" ? [note("They have been told.")] : []));
    },
  }),
});
