// The registration sent by `npm run discord:deploy` (one top-level command per core command), checked
// against Discord's documented limits for application commands, and against the command definitions
// it is generated from. No description is ever cut: each is the catalogue's whole wording.
import { ApplicationCommandOptionType as T } from "discord.js";
import { describe, expect, it } from "vitest";
import { BY_NAME_SUFFIX, COMMAND_LIMITS, commandSize, DISCORD_LOCALES, discordCommands, NAME_PATTERN, overlongDescriptions } from "../../src/adapters/discord/registration.ts";
import { commands } from "../../src/core/commands/index.ts";
import type { CommandDefinition } from "../../src/core/commands/definition.ts";
import { translator } from "../../src/core/i18n/index.ts";

type Option = { type: number; name: string; description: string; description_localizations?: Record<string, string>; required?: boolean; options?: Option[]; choices?: Array<{ name: string; value: string | number }>; autocomplete?: boolean; max_length?: number; contexts?: number[] };

const registered = discordCommands(commands) as unknown as Option[];
const byName = new Map(registered.map((c) => [c.name, c]));

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
const everything = registered.flatMap((c) => [{ o: c, depth: 0, parent: undefined }, ...everyOption(c)]);

/** The definition's actions with the registered level that carries their options. */
const actionsOf = (c: CommandDefinition) => {
  const top = byName.get(c.name)!;
  return c.action ? [[c.name, c.action, top] as const] : Object.entries(c.subcommands ?? {}).map(([n, a]) => [`${c.name} ${n}`, a, top.options!.find((s) => s.name === n)!] as const);
};

describe("Discord registration", () => {
  it("is one top-level command per core command, each within Discord's 4,000 characters, 100 commands in all", () => {
    expect(registered.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    expect(registered.length).toBeLessThanOrEqual(COMMAND_LIMITS.commands);
    expect(byName.has("mutual")).toBe(false);
    for (const c of registered) {
      expect(characters(c), `/${c.name}`).toBeLessThanOrEqual(COMMAND_LIMITS.totalCharacters);
      expect(commandSize(c as never)).toBe(characters(c)); // a localised description counts by its longest wording, as Discord does
      expect(c.contexts).toEqual([0, 1]); // servers and the DM with the bot
    }
    for (const name of ["kudos", "contribution", "profile", "project", "summary", "reflect", "answer", "schedule", "mentor", "checkin", "needs", "help", "home", "link"]) expect(byName.has(name), name).toBe(true);
  });

  it("cuts no description: each is the catalogue's whole wording, in every language", () => {
    expect(overlongDescriptions(registered as never)).toEqual([]);
    const english = translator("en");
    for (const c of commands) {
      expect(byName.get(c.name)!.description).toBe(english.text(c.description).replace(/\.$/, ""));
      for (const [path, action, level] of actionsOf(c)) {
        if (c.subcommands) expect(level.description, path).toBe(english.text(action.description).replace(/\.$/, ""));
        for (const def of action.options) {
          if (def.credits === "contributor") continue; // worded for its two halves, checked below
          const o = level.options!.find((x) => x.name === def.name)!;
          expect(o.description, `${path} ${def.name}`).toBe(english.text(def.description).replace(/\.$/, ""));
          for (const [locale, lang] of Object.entries(DISCORD_LOCALES)) expect(o.description_localizations![locale], `${path} ${def.name} ${locale}`).toBe(translator(lang).text(def.description).trim().replace(/\.$/, ""));
        }
      }
    }
    for (const { o } of everything) expect(o.description, o.name).not.toMatch(/…$/);
  });

  it("refuses to build a registration Discord would cut or refuse, and names what to fix", () => {
    const long = { name: "long", description: "cmd.mutual", action: { description: "x", options: [{ name: "x", type: "string", description: "opt.checkin.pair" }], handler: async () => [] } } as unknown as CommandDefinition;
    expect(() => discordCommands([long])).not.toThrow();
    const body = discordCommands([long]) as unknown as Option[];
    body[0]!.options![0]!.description_localizations!.fr = "x".repeat(101);
    expect(overlongDescriptions(body as never)).toEqual([`/long x (fr, 101): ${"x".repeat(101)}`]);
  });

  it("keeps every name, description, option count and choice within Discord's limits", () => {
    for (const { o } of everything) {
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
    // Nesting: /command → subcommands → values; never deeper (no groups are needed).
    for (const c of registered) {
      for (const { o, depth, parent } of everyOption(c)) {
        expect(o.type).not.toBe(T.SubcommandGroup);
        if (o.type === T.Subcommand) expect(depth).toBe(1);
        if (o.type > 2) expect(parent === c || parent?.type === T.Subcommand).toBe(true);
      }
    }
  });

  it("has a subcommand for every subcommand and an option for every option, typed from the definition; people with the user picker", () => {
    const types = { string: T.String, text: T.String, choice: T.String, integer: T.Integer, boolean: T.Boolean, user: T.User } as const;
    let people = 0;
    for (const c of commands) {
      const top = byName.get(c.name)!;
      if (c.subcommands) expect(top.options!.map((o) => o.name)).toEqual(Object.keys(c.subcommands));
      for (const [path, action, level] of actionsOf(c)) {
        expect(level, path).toBeDefined();
        const expected = action.options.flatMap((o) => (o.credits === "contributor" ? [o.name, `${o.name}${BY_NAME_SUFFIX}`] : [o.name]));
        expect(level.options!.map((o) => o.name).sort()).toEqual(expected.sort());
        for (const def of action.options) {
          const o = level.options!.find((x) => x.name === def.name)!;
          if (def.type === "user" || def.credits) {
            people++;
            expect(o.type, `${path} ${def.name} uses the user picker`).toBe(T.User);
          } else expect(o.type, `${path} ${def.name}`).toBe(types[def.type]);
          if (def.credits === "contributor") {
            // Either half may be given: Discord requires neither, the core asks when both are missing.
            expect(o.required).toBe(false);
            expect(level.options!.find((x) => x.name === `${def.name}${BY_NAME_SUFFIX}`)).toMatchObject({ type: T.String, autocomplete: true, required: false, description: "Or an institution, or a person not on the chat, by name" });
          } else expect(Boolean(o.required)).toBe(Boolean(def.required));
          if (!def.credits && (def.type === "choice" || def.suggest)) expect(o.autocomplete, `${def.name} offers its values`).toBe(true);
        }
      }
    }
    expect(people).toBeGreaterThanOrEqual(7); // mentor pair (2), unpair, suggest, institution contact, project add, kudos, contribution add and list
    // Spot checks: the person picker for kudos; CRediT roles, visibility and the project offered as people type.
    expect(byName.get("kudos")!.options!.find((o) => o.name === "who")).toMatchObject({ type: T.User, description: "The person, if they are on the chat" });
    const add = byName.get("contribution")!.options!.find((s) => s.name === "add")!;
    expect(add.options!.find((o) => o.name === "roles")).toMatchObject({ type: T.String, autocomplete: true, required: true });
    expect(byName.get("answer")!.options!.find((o) => o.name === "visibility")).toMatchObject({ autocomplete: true });
    expect(byName.get("kudos")!.options!.find((o) => o.name === "project")).toMatchObject({ autocomplete: true });
  });
});

describe("Discord registration in people's languages", () => {
  it("words every description from the catalogue: English, with fr, es-ES and pt-BR localisations", () => {
    for (const { o } of everything) {
      expect(o.description, o.name).not.toMatch(/^(cmd|opt)\./); // a message id is not a description
      expect(Object.keys(o.description_localizations ?? {}).sort(), o.name).toEqual(Object.keys(DISCORD_LOCALES).sort());
      for (const [locale, text] of Object.entries(o.description_localizations!)) {
        expect(text.length, `${o.name} ${locale}`).toBeGreaterThanOrEqual(1);
        expect(text.length, `${o.name} ${locale}`).toBeLessThanOrEqual(COMMAND_LIMITS.description);
      }
    }
    const kudos = byName.get("kudos")!;
    expect(kudos.description_localizations!.fr).toBe(translator("fr").text("cmd.kudos").replace(/\.$/, ""));
    expect(kudos.options!.find((o) => o.name === "who")!.description_localizations!.fr).toBe("La personne, si elle est sur le chat");
    expect(byName.get("profile")!.options!.find((o) => o.name === "lang")!.description_localizations!["pt-BR"]).toMatch(/^Idioma/);
  });
});
