import { describe, expect, it } from "vitest";
import { action, type Action } from "../../src/core/commands/definition.ts";
import { commands } from "../../src/core/commands/index.ts";
import { bindArgs, isCommand, MAX_COMMAND_LENGTH, parseCommand, parseUserRef, tokenize } from "../../src/core/commands/parse.ts";
import { LANGUAGES, translator } from "../../src/core/i18n/index.ts";
import { userError } from "./harness.ts";

const parse = (input: string) => parseCommand(commands, input);

describe("tokenize", () => {
  it("splits on any whitespace and keeps bare words", () => {
    expect(tokenize("  project \t join\ncoastal  ")).toEqual([{ value: "project" }, { value: "join" }, { value: "coastal" }]);
  });

  it("keeps spaces inside straight double and single quotes", () => {
    expect(tokenize(`a "b c" 'd e'`)).toEqual([{ value: "a" }, { value: "b c" }, { value: "d e" }]);
  });

  it("understands typographic quotes as phones and Slack insert them", () => {
    expect(tokenize("add “University of Nairobi” ‘Coletivo Maré’ «Saberes do Cerrado»")).toEqual([
      { value: "add" },
      { value: "University of Nairobi" },
      { value: "Coletivo Maré" },
      { value: "Saberes do Cerrado" },
    ]);
  });

  it("reads key=value, with quoted values and lower-cased keys", () => {
    expect(tokenize(`TZ=Africa/Nairobi name="Coastal Resilience" stage=“PhD candidate” x='' y=`)).toEqual([
      { key: "tz", value: "Africa/Nairobi" },
      { key: "name", value: "Coastal Resilience" },
      { key: "stage", value: "PhD candidate" },
      { key: "x", value: "" },
      { key: "y", value: "" },
    ]);
  });

  it("opens quotes only at the start of a value, so apostrophes inside words are letters", () => {
    expect(tokenize(`profile name=O'Brien`)).toEqual([{ value: "profile" }, { key: "name", value: "O'Brien" }]);
    expect(tokenize(`"Coastal Resilience"-2 it's`)).toEqual([{ value: "Coastal Resilience-2" }, { value: "it's" }]);
  });

  it("does not treat = inside a quoted positional as a key", () => {
    expect(tokenize(`"a=b"`)).toEqual([{ value: "a=b" }]);
  });

  it.each([`profile name="Ana`, `profile name='Ana`, "profile name=“Ana", `institution add "Coletivo Maré' x`])(
    "rejects an unclosed quote: %s",
    (input) => {
      const e = userError(() => tokenize(input));
      expect(e.message).toMatch(/^There is an unclosed quote \(.\) in your command\.$/);
      expect(e.hint).toBe("Close it, or leave the quotes out.");
    },
  );

  it("accepts exactly the limit and rejects one character more", () => {
    expect(tokenize("x".repeat(MAX_COMMAND_LENGTH))).toHaveLength(1);
    const e = userError(() => tokenize("x".repeat(MAX_COMMAND_LENGTH + 1)));
    expect(e.message).toBe("That command is too long (4,001 characters; the limit is 4,000).");
  });

  it("rejects a 10,000-character argument with one clear line", () => {
    const e = userError(() => parse(`profile name=${"x".repeat(10_000)}`));
    expect(e.message).toBe("That command is too long (10,013 characters; the limit is 4,000).");
    expect(e.message).not.toContain("\n");
    expect(e.message.length).toBeLessThan(100);
  });
});

describe("parseCommand", () => {
  it("finds commands, aliases and default subcommands", () => {
    expect(parse("PROFILE").path).toBe("profile");
    expect(parse("? profile")).toMatchObject({ path: "help", args: { command: "profile" } });
    expect(parse("org add Acme")).toMatchObject({ path: "institution add", args: { name: "Acme" } });
    expect(parse("project")).toMatchObject({ path: "project list", subcommand: "list", args: {} });
    expect(parse("projects JOIN coastal")).toMatchObject({ path: "project join", args: { project: "coastal" } });
  });

  it("asks for a command when there is none", () => {
    expect(userError(() => parse("   ")).message).toBe("Type a command, or `help` to see them all.");
    expect(userError(() => parse("tz=UTC")).message).toBe("Type a command, or `help` to see them all.");
  });

  it("suggests the closest command for a typo", () => {
    const e = userError(() => parse("profil tz=UTC"));
    expect(e.message).toBe(`I don't know the command "profil". Did you mean "profile"?`);
    expect(e.hint).toBe("Type `help` to see every command.");
  });

  it("does not guess when nothing is close", () => {
    expect(userError(() => parse("xylophone")).message).toBe(`I don't know the command "xylophone".`);
  });

  it("suggests the closest subcommand", () => {
    const e = userError(() => parse("project jion coastal"));
    expect(e.message).toBe('`project` has no "jion". Did you mean "join"?');
    expect(e.hint).toBe("Type `help project` for examples.");
  });

  it("rejects an unknown option, suggesting a near name or listing the options", () => {
    const near = userError(() => parse("profile zone=UTC"));
    expect(near.message).toBe('`profile` has no option "zone". Did you mean "timezone"?');
    expect(near.hint).toMatch(/^Usage: profile \[tz=<…>\] \[lang=<…>\]/);
    expect(userError(() => parse("project create X colour=red")).message).toBe(
      '`project create` has no option "colour". It takes: name, slug, lang, description.',
    );
    expect(userError(() => parse("ping x=1")).message).toBe('`ping` has no option "x". It takes no options.');
  });

  it("rejects an option given twice, also under an alias", () => {
    expect(userError(() => parse("profile tz=UTC tz=UTC")).message).toBe("You gave tz twice.");
    const e = userError(() => parse("profile tz=UTC timezone=Africa/Nairobi"));
    expect(e.message).toBe("You gave tz twice.");
    expect(e.hint).toMatch(/^Usage: profile /);
  });

  it("rejects positionals nobody takes", () => {
    const e = userError(() => parse("project join coastal resilience"));
    expect(e.message).toBe(`I don't know what to do with "resilience".`);
    expect(e.hint).toBe("Usage: project join <project>");
    expect(userError(() => parse("ping now please")).message).toBe(`I don't know what to do with "now please".`);
  });

  it("fills positionals in declared order, after named options", () => {
    expect(parse("project role coastal @ana mentor").args).toEqual({ project: "coastal", person: { kind: "handle", handle: "ana" }, role: "mentor" });
    expect(parse("project role role=lead coastal @ana").args).toEqual({ project: "coastal", person: { kind: "handle", handle: "ana" }, role: "lead" });
  });

  it("names a missing required option with its description and the usage", () => {
    const e = userError(() => parse("project join"));
    expect(e.message).toBe("`project join` needs project (Project name or short name (slug)).");
    expect(e.hint).toBe("Usage: project join <project>");
    expect(userError(() => parse("project role coastal @ana")).message).toBe("`project role` needs role (lead, mentor or member).");
  });

  it.each(["PhD candidate", "phd-candidate", "phd candidate", "phd_candidate", "PHD  Candidate", "Phd–candidate"])(
    "matches the career stage %j to phd_candidate",
    (value) => {
      expect(parse(`profile stage="${value}"`).args).toEqual({ stage: "phd_candidate" });
    },
  );

  it("matches choices by id and by label, ignoring case and accents", () => {
    expect(parse("institution add X kind=NGO").args).toMatchObject({ kind: "ngo" });
    expect(parse(`institution add X kind="Community Organisation"`).args).toMatchObject({ kind: "community_organisation" });
    expect(parse("project role p @a LEAD").args).toMatchObject({ role: "lead" });
    expect(parse(`profile stage="Non-académic partner"`).args).toEqual({ stage: "non_academic_partner" });
  });

  it("rejects an unknown choice, suggesting one and listing all", () => {
    const e = userError(() => parse("profile stage=postdok"));
    expect(e.message).toBe(
      '"postdok" is not a valid stage. Did you mean "postdoc"? Choose one of: student, phd_candidate, postdoc, early_career, established (established researcher), or non_academic_partner.',
    );
  });

  it("trims strings and rejects empty or over-long ones", () => {
    expect(parse(`project create "  Coastal Resilience  "`).args).toEqual({ name: "Coastal Resilience" });
    const empty = userError(() => parse(`profile name=""`));
    expect(empty.message).toBe("name can't be empty.");
    expect(userError(() => parse(`profile name="   "`)).message).toBe("name can't be empty.");
    expect(userError(() => parse(`project create "${"n".repeat(121)}"`)).message).toBe("name is too long (121 characters; the limit is 120).");
    expect(userError(() => parse(`profile tz=${"z".repeat(201)}`)).message).toBe("tz is too long (201 characters; the limit is 200).");
  });

  it("accepts the first word of a choice when only one choice starts with it", () => {
    expect(parse("profile stage=phd").args).toEqual({ stage: "phd_candidate" });
    expect(parse("institution add X kind=community").args).toMatchObject({ kind: "community_organisation" });
    expect(userError(() => parse("profile stage=e")).message).toMatch(/^"e" is not a valid stage\./); // too short to guess
  });

  it("parses every example that help shows, in every language", () => {
    const examples = commands.flatMap((c) => [c.action, ...Object.values(c.subcommands ?? {})].flatMap((a) => a?.examples ?? []));
    expect(examples.length).toBeGreaterThan(10);
    // An example is a catalogue id (its free text translated) or a literal command line.
    for (const lang of LANGUAGES) {
      for (const example of examples.map((e) => translator(lang).text(e))) {
        const parsed = parse(example);
        expect(example.startsWith(parsed.command.name), `${lang}: ${example}`).toBe(true);
      }
    }
  });
});

describe("bindArgs conversions", () => {
  const settings: Action = action({
    description: "test",
    ports: [],
    options: [
      { name: "days", type: "integer", min: 1, max: 30, description: "Days." },
      { name: "count", type: "integer", description: "Any whole number." },
      { name: "shared", type: "boolean", description: "Share it." },
      { name: "who", type: "user", description: "Someone." },
      { name: "note", type: "text", positional: true, description: "Free text." },
    ],
    handler: async () => [],
  });
  const bind = (input: string) => bindArgs("test", settings, tokenize(input));

  it("converts integers and enforces their range", () => {
    expect(bind("days=7 count=-3")).toEqual({ days: 7, count: -3 });
    expect(userError(() => bind("days=2.5")).message).toBe('days must be a whole number (got "2.5").');
    expect(userError(() => bind("days=seven")).message).toBe('days must be a whole number (got "seven").');
    const range = userError(() => bind("days=31"));
    expect(range.message).toBe("days must be between 1 and 30 (got 31).");
    expect(range.hint).toBe("Usage: test [days=<…>] [count=<…>] [shared=<…>] [who=<…>] [<note>]");
  });

  it.each([
    ["yes", true],
    ["Y", true],
    ["TRUE", true],
    ["on", true],
    ["1", true],
    ["no", false],
    ["n", false],
    ["False", false],
    ["OFF", false],
    ["0", false],
  ])("converts the boolean %j", (value, expected) => {
    expect(bind(`shared=${value}`)).toEqual({ shared: expected });
  });

  it("rejects a boolean that is neither yes nor no", () => {
    expect(userError(() => bind("shared=maybe")).message).toBe('shared must be yes or no (got "maybe").');
  });

  it("collects every remaining positional into a trailing text option", () => {
    expect(bind("learned a lot from   the elders shared=yes")).toEqual({ note: "learned a lot from the elders", shared: true });
  });

  it("reads people from Slack and Discord mentions and from handles", () => {
    expect(bind("who=<@U123ABC|amina>").who).toEqual({ kind: "mention", externalId: "U123ABC" });
    expect(bind("who=<@!81234567>").who).toEqual({ kind: "mention", externalId: "81234567" });
    expect(bind("who=@amina").who).toEqual({ kind: "handle", handle: "amina" });
    expect(parseUserRef("josé.m")).toEqual({ kind: "handle", handle: "josé.m" });
    expect(userError(() => bind(`who="Amina W"`)).message).toBe('who should name a person, like @amina (got "Amina W").');
  });
});

describe("strict values", () => {
  const numbers: Action = action({
    description: "test",
    ports: [],
    options: [{ name: "n", type: "integer", description: "A number." }],
    handler: async () => [],
  });
  it.each(["", "0x5", "1e1", "2.5", "five"])("refuses %j as a whole number", (value) => {
    expect(userError(() => bindArgs("t", numbers, [{ key: "n", value }])).message).toMatch(/^n must be a whole number/);
  });
  it("accepts signed whole numbers", () => {
    expect(bindArgs("t", numbers, [{ key: "n", value: "-12" }])).toEqual({ n: -12 });
  });
  it("says a choice can't be empty instead of guessing", () => {
    expect(userError(() => parse("profile stage=")).message).toMatch(/^stage can't be empty\. Choose one of: student, phd_candidate, postdoc/);
  });
});

describe("isCommand (is a direct message a command, or a person's own words?)", () => {
  it("takes whole commands by their own names as commands", () => {
    for (const text of ["help", "skip", "my reflections", "answer the tides", "kudos @amina for the maps", "Profile tz=Africa/Nairobi"]) expect(isCommand(commands, text), text).toBe(true);
  });

  it("takes prose as prose, even when it starts with a command's name or alias", () => {
    for (const text of ["My main learning was the tides", "Thanks for the question", "reply: the elders knew", "The fishers read the tides", "help me \"understand"]) expect(isCommand(commands, text), text).toBe(false);
  });
});
