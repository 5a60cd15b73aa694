// The /mutual registration sent by `npm run discord:deploy`, checked against Discord's documented
// limits for application commands, and against the command definitions it is generated from.
import { ApplicationCommandOptionType as T } from "discord.js";
import { describe, expect, it } from "vitest";
import { brief, COMMAND_LIMITS, commandSize, DISCORD_LOCALES, discordCommands, NAME_PATTERN } from "../../src/adapters/discord/registration.ts";
import { commands } from "../../src/core/commands/index.ts";

type Option = { type: number; name: string; description: string; description_localizations?: Record<string, string>; required?: boolean; options?: Option[]; choices?: Array<{ name: string; value: string | number }>; autocomplete?: boolean; max_length?: number };

const [mutual] = discordCommands(commands) as unknown as [Option & { contexts: number[] }];

/** Every name, description (its longest localisation) and choice, walked from the JSON itself (not from the generator's own count). */
function characters(o: Option): number {
  return o.name.length + Math.max(o.description.length, ...Object.values(o.description_localizations ?? {}).map((d) => d.length)) + (o.choices ?? []).reduce((n, c) => n + c.name.length + String(c.value).length, 0) + (o.options ?? []).reduce((n, c) => n + characters(c), 0);
}

function* everyOption(o: Option, depth = 0): Generator<{ o: Option; depth: number; parent: Option | undefined }> {
  for (const child of o.options ?? []) {
    yield { o: child, depth: depth + 1, parent: o };
    yield* everyOption(child, depth + 1);
  }
}

describe("Discord registration", () => {
  it("is one /mutual command within Discord's 4,000 characters", () => {
    expect(discordCommands(commands)).toHaveLength(1);
    expect(mutual.name).toBe("mutual");
    const total = characters(mutual);
    expect(total).toBeLessThanOrEqual(COMMAND_LIMITS.totalCharacters);
    // The budget is used, not wasted: descriptions are only as short as the limit makes them.
    expect(total).toBeGreaterThan(COMMAND_LIMITS.totalCharacters - 200);
    expect(mutual.contexts).toEqual([0, 1]); // servers and the DM with the bot
  });

  it("keeps every name, description, option count and choice within Discord's limits", () => {
    const all = [{ o: mutual, depth: 0, parent: undefined }, ...everyOption(mutual)];
    for (const { o } of all) {
      expect(o.name, o.name).toMatch(NAME_PATTERN);
      expect(o.name.length).toBeLessThanOrEqual(COMMAND_LIMITS.name);
      expect(o.description.length, `${o.name}: "${o.description}"`).toBeGreaterThanOrEqual(1);
      expect(o.description.length).toBeLessThanOrEqual(COMMAND_LIMITS.description);
      expect((o.options ?? []).length, `${o.name} has too many options`).toBeLessThanOrEqual(COMMAND_LIMITS.optionsPerLevel);
      const names = (o.options ?? []).map((c) => c.name);
      expect(new Set(names).size, `duplicate names under ${o.name}`).toBe(names.length);
      // Required options come first, as Discord requires.
      const required = (o.options ?? []).filter((c) => c.type > 2).map((c) => Boolean(c.required));
      expect(required.indexOf(false) === -1 || required.lastIndexOf(true) < required.indexOf(false), `${o.name}: required after optional`).toBe(true);
      for (const c of o.choices ?? []) {
        expect(c.name.length).toBeLessThanOrEqual(COMMAND_LIMITS.choiceName);
        expect(String(c.value).length).toBeLessThanOrEqual(COMMAND_LIMITS.choiceValue);
      }
      expect((o.choices ?? []).length).toBeLessThanOrEqual(COMMAND_LIMITS.choices);
      if (o.max_length !== undefined) expect(o.max_length).toBeLessThanOrEqual(COMMAND_LIMITS.stringMaxLength);
      if (o.autocomplete) expect(o.choices).toBeUndefined(); // Discord refuses both on one option
    }
    // Nesting: /mutual → subcommand or group → (group's) subcommands → values; never deeper.
    for (const { o, depth, parent } of everyOption(mutual)) {
      if (o.type === T.SubcommandGroup) expect(depth).toBe(1);
      if (o.type === T.Subcommand) expect(depth === 1 || parent?.type === T.SubcommandGroup).toBe(true);
      if (o.type > 2) expect(parent?.type).toBe(T.Subcommand);
    }
  });

  it("has a subcommand for every core command and an option for every option, typed from the definition", () => {
    const top = new Map((mutual.options ?? []).map((o) => [o.name, o]));
    expect([...top.keys()]).toEqual(commands.map((c) => c.name));
    const types = { string: T.String, text: T.String, choice: T.String, integer: T.Integer, boolean: T.Boolean, user: T.User } as const;
    for (const c of commands) {
      const entry = top.get(c.name)!;
      const actions = c.action ? [[c.name, c.action, entry] as const] : Object.entries(c.subcommands ?? {}).map(([n, a]) => [n, a, entry.options!.find((s) => s.name === n)!] as const);
      expect(entry.type).toBe(c.action ? T.Subcommand : T.SubcommandGroup);
      for (const [name, action, sub] of actions) {
        expect(sub, `${c.name} ${name}`).toBeDefined();
        expect(sub.options!.map((o) => o.name).sort()).toEqual(action.options.map((o) => o.name).sort());
        for (const def of action.options) {
          const o = sub.options!.find((x) => x.name === def.name)!;
          expect(o.type, `${c.name} ${name} ${def.name}`).toBe(types[def.type]);
          expect(Boolean(o.required)).toBe(Boolean(def.required));
          if (def.type === "choice" || def.suggest) expect(o.autocomplete, `${def.name} offers its values`).toBe(true);
        }
      }
    }
    // Spot checks: CRediT roles, visibility and the project are offered as people type.
    const add = top.get("contribution")!.options!.find((s) => s.name === "add")!;
    expect(add.options!.find((o) => o.name === "roles")).toMatchObject({ type: T.String, autocomplete: true, required: true });
    expect(top.get("answer")!.options!.find((o) => o.name === "visibility")).toMatchObject({ autocomplete: true });
    expect(top.get("kudos")!.options!.find((o) => o.name === "project")).toMatchObject({ autocomplete: true });
  });
});

describe("Discord registration in people's languages", () => {
  const all = [mutual as Option, ...[...everyOption(mutual)].map(({ o }) => o)];

  it("words every description from the catalogue: English, with fr, es-ES and pt-BR localisations", () => {
    for (const o of all) {
      expect(o.description, o.name).not.toMatch(/^(cmd|opt)\./); // a message id is not a description
      expect(Object.keys(o.description_localizations ?? {}).sort(), o.name).toEqual(Object.keys(DISCORD_LOCALES).sort());
      for (const [locale, text] of Object.entries(o.description_localizations!)) {
        expect(text.length, `${o.name} ${locale}`).toBeGreaterThanOrEqual(1);
        expect(text.length, `${o.name} ${locale}`).toBeLessThanOrEqual(COMMAND_LIMITS.description);
      }
    }
    expect(mutual.description).toBe("Reflections, mentorship check-ins and fair credit for your research partnership");
    expect(mutual.description_localizations!.fr).toBe("Réflexions, suivi du mentorat et crédit équitable pour votre partenariat de recherche");
    const profile = mutual.options!.find((o) => o.name === "profile")!;
    expect(profile.options!.find((o) => o.name === "lang")!.description_localizations!["pt-BR"]).toMatch(/^Idioma/);
  });

  it("counts a localised description by its longest wording, as Discord does", () => {
    expect(commandSize(mutual as never)).toBe(characters(mutual));
  });
});

describe("brief", () => {
  it("keeps a description that fits, drops examples and asides first, then cuts at a word", () => {
    expect(brief("Your IANA time zone, e.g. Africa/Nairobi.", 100)).toBe("Your IANA time zone, e.g. Africa/Nairobi");
    expect(brief("Your IANA time zone, e.g. Africa/Nairobi.", 20)).toBe("Your IANA time zone");
    expect(brief("Project (default: your only project).", 10)).toBe("Project");
    expect(brief("Forms of knowledge, comma-separated.", 12)).toBe("Forms…"); // never ends on "of"
    expect(brief("Record a contribution of a person or an institution", 30)).toBe("Record a contribution…");
    for (const max of [1, 5, 9, 14, 30, 99]) expect(brief("Give a reflection prompt to everyone in the project now, in their language.", max).length).toBeLessThanOrEqual(max);
  });
});
