// Usage lines derived from the definitions: `project role <project> <person> <role>`.
import type { Action, OptionDefinition } from "./definition.ts";

function placeholder(o: OptionDefinition): string {
  if (o.type === "choice" && o.choices && Object.keys(o.choices).length <= 4) return Object.keys(o.choices).join("|");
  return o.name;
}

export function usage(path: string, action: Action): string {
  const parts = action.options.map((o) => {
    const body = o.positional ? `<${placeholder(o)}>` : `${o.name}=<${placeholder(o) === o.name ? "…" : placeholder(o)}>`;
    return o.required ? body : `[${body}]`;
  });
  return [path, ...parts].join(" ");
}
