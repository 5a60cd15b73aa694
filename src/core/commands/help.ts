import { UserError } from "../errors.ts";
import { closest, didYouMeanText } from "../matching.ts";
import { fields, heading, info, list, note, text } from "../message.ts";
import { action, defineCommand } from "./definition.ts";
import { findCommand } from "./parse.ts";
import { usage } from "./usage.ts";

export const help = defineCommand({
  name: "help",
  description: "List the commands, or show how to use one.",
  aliases: ["?"],
  action: action({
    description: "List the commands, or show how to use one.",
    options: [{ name: "command", type: "string", positional: true, description: "A command to explain." }],
    examples: ["help", "help profile"],
    idempotent: true,
    async handler({ services: { commands } }, args) {
      if (!args.command) {
        return info(
          heading("Mutual commands"),
          fields(...commands.map((c): [string, string] => [c.name, c.description])),
          note("Type `help <command>` for usage and examples. Values with spaces go in quotes: name=\"Coastal Resilience\"."),
        );
      }
      const command = findCommand(commands, args.command);
      if (!command) {
        const names = commands.map((c) => c.name);
        throw new UserError(`There is no command "${args.command}".${didYouMeanText(closest(args.command, names))}`, "Type `help` to see every command.");
      }
      const actions = command.action
        ? [[command.name, command.action] as const]
        : Object.entries(command.subcommands ?? {}).map(([sub, a]) => [`${command.name} ${sub}`, a] as const);
      const options = new Map(actions.flatMap(([, a]) => a.options.map((o) => [o.name, o] as const)));
      return info(
        heading(`${command.name}: ${command.description}`),
        list(actions.map(([path, a]) => `${usage(path, a)} — ${a.description}`)),
        ...(options.size
          ? [fields(...[...options.values()].map((o): [string, string] => [o.name, o.description + (o.aliases?.length ? ` (also ${o.aliases.join(", ")})` : "")]))]
          : []),
        ...(actions.some(([, a]) => a.examples?.length) ? [text("Examples:"), list(actions.flatMap(([, a]) => a.examples ?? []))] : []),
      );
    },
  }),
});
