// The access policy (src/core/policy.ts) as the README shows it, one row per command path: derived
// from the definitions, so a command without a rule fails here and in the policy matrix test.
import { translator } from "../i18n/index.ts";
import { allows, ruleFor } from "../policy.ts";
import type { Action, CommandDefinition } from "./definition.ts";

/** Every command path with its action, in help's order. */
export const commandPaths = (commands: readonly CommandDefinition[]): Array<[path: string, action: Action]> =>
  commands.flatMap((c) => (c.action ? [[c.name, c.action] as [string, Action]] : Object.entries(c.subcommands ?? {}).map(([sub, a]) => [`${c.name} ${sub}`, a] as [string, Action])));

/** Whether the command acts on a project (it has a `project` option): out of reach from another workspace. */
export const namesProject = (a: Action): boolean => a.options.some((o) => o.name === "project");

export function policyTable(commands: readonly CommandDefinition[]): string {
  const t = translator("en");
  const mark = (ok: boolean) => (ok ? "✓" : "—");
  const rows = commandPaths(commands).map(([path, a]) => {
    const rule = ruleFor(path);
    const roles = (["lead", "mentor", "member", null] as const).map((role) => mark(allows(rule, role)));
    const stranger = mark(rule.access === "anyone" && !namesProject(a));
    return `| \`${path}\` | ${roles.join(" | ")} | ${stranger} | ${rule.scope ? t(rule.scope) : ""} |`;
  });
  return [
    "| Command | Lead | Mentor | Member | Not a member (same workspace) | Another workspace | Limited to |",
    "|---|:-:|:-:|:-:|:-:|:-:|---|",
    ...rows,
  ].join("\n");
}
