import { fail } from "../errors.ts";
import { msg, type Translator } from "../i18n/index.ts";
import { closest, didYouMean, fold } from "../matching.ts";
import { fields, heading, info, list, note, text } from "../message.ts";
import { action, defineCommand, type OptionDefinition } from "./definition.ts";
import { findCommand } from "./parse.ts";
import { usage } from "./usage.ts";

/** An option's meaning, its choices as values to type with their meaning, and its other names. */
function describeOption(t: Translator, o: OptionDefinition): string {
  const choices = Object.entries(o.choices ?? {}).map(([id, label]) => {
    const worded = t.text(label);
    return fold(worded) === fold(id) ? id : t("parse.choice", { value: id, label: worded });
  });
  return [
    t.text(o.description),
    ...(choices.length ? [t("help.choices", { choices: t.list(choices, "or") })] : []),
    ...(o.aliases?.length ? [t("help.aliases", { aliases: t.list(o.aliases) })] : []),
  ].join(" ");
}

export const help = defineCommand({
  name: "help",
  description: "cmd.help",
  aliases: ["?"],
  action: action({
    description: "cmd.help",
    ports: [],
    options: [{ name: "command", type: "string", positional: true, description: "opt.help.command" }],
    examples: ["help", "help profile"],
    idempotent: true,
    async handler({ services: { commands }, t }, args) {
      if (!args.command) {
        return info(
          heading(t("help.heading")),
          fields(...commands.map((c): [string, string] => [c.name, t.text(c.description)])),
          note(t("help.footer")),
        );
      }
      const command = findCommand(commands, args.command);
      if (!command) {
        const names = commands.map((c) => c.name);
        fail("help.unknown", { name: args.command, didYouMean: didYouMean(closest(args.command, names)) }, msg("parse.seeAllCommands"));
      }
      const actions = command.action
        ? [[command.name, command.action] as const]
        : Object.entries(command.subcommands ?? {}).map(([sub, a]) => [`${command.name} ${sub}`, a] as const);
      const options = new Map(actions.flatMap(([, a]) => a.options.map((o) => [o.name, o] as const)));
      const examples = actions.flatMap(([, a]) => a.examples ?? []).map((e) => t.text(e));
      return info(
        heading(t("help.command", { name: command.name, description: t.text(command.description) })),
        list(actions.map(([path, a]) => t("help.usage", { usage: usage(path, a), description: t.text(a.description) }))),
        ...(options.size ? [fields(...[...options.values()].map((o): [string, string] => [o.name, describeOption(t, o)]))] : []),
        ...(examples.length ? [text(t("help.examples")), list(examples)] : []),
      );
    },
  }),
});
