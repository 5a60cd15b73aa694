// Hostile command lines for the fuzz test (tests/integration/fuzz.test.ts) and the larger run of
// scripts/fuzz.ts: every command's examples, mutated the way people and pasted text mutate them
// (control characters, bidi overrides, prototype keys, absurd numbers and dates, huge and deeply
// quoted arguments), lines built from the grammar with hostile values, and raw random Unicode.
import fc from "fast-check";
import type { CommandDefinition } from "../../src/core/commands/definition.ts";
import { translator } from "../../src/core/i18n/index.ts";

/** Tokens that have broken parsers and stores before, or would. */
const HOSTILE_TOKENS = [
  "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf",
  "#0", "#-1", "#1", "#2", "#99999999999", "0", "-1", "99999999999999999999", "1e308", "NaN",
  "0000-01-01", "9999-12-31", "1899-12-31", "2200-01-01", "2026-02-30", "2026-13-01", "0000", "0000-Q1", "9999-12",
  "@", "@@", "<@>", "<@!123>", "<@U123|x>", "<!channel>", "@everyone", "@here", "[click](https://evil.example)",
  "=", "==", "a=", "=b", "\"", "'", "“", "«", "”", "\\", "\\\"x\\\"", "\"\"", "''",
  "\u0000", "a\u0000b", "\u001b[31mred", "\u202egnp.exe", "\u2066x\u2069", "\u200b", "\ufeff", "\u0085", "\u009b",
  "\ud83c\udf0d", "سارة", "ŋ", "🙌", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\t", "\n", "\r\n",
  "project=schp", "project=other", "project=nope", "project=__proto__", "set=__proto__", "format=all", "format=pdf",
];

/** Option names to append, hostile ones included: every option of every command, and prototype keys. */
const optionNames = (commands: readonly CommandDefinition[]) => {
  const names = new Set<string>(["__proto__", "constructor", "toString", "x", "project"]);
  for (const c of commands) for (const a of [c.action, ...Object.values(c.subcommands ?? {})]) for (const o of a?.options ?? []) names.add(o.name);
  return [...names];
};

/** Every example the definitions give, and a few that name this fixture's records. */
export function examples(commands: readonly CommandDefinition[]): string[] {
  // Examples may be message ids: their English wording is the command line.
  const en = translator("en");
  const all = commands.flatMap((c) => [c.name, ...Object.keys(c.subcommands ?? {}).map((s) => `${c.name} ${s}`), ...[c.action, ...Object.values(c.subcommands ?? {})].flatMap((a) => a?.examples ?? []).map((e) => en.text(e))]);
  return [
    ...all,
    "contribution confirm #2 project=schp",
    'contribution dispute #2 "no" project=schp',
    "kudos @bea thanks project=schp",
    'contribution add @bea "d" roles=investigation date=0000-01-01 project=schp',
    "summary schp period=2026 format=all",
    "schedule fire #1 project=schp",
    "checkin log #1 notes project=schp",
    "my constructor",
    "project constructor",
    "schedule __proto__",
  ];
}

const tokenize = (line: string) => line.split(/(\s+)/);

/** One mutation of a line: insert, replace, duplicate, drop or swap a piece, or add an option. */
function mutation(commands: readonly CommandDefinition[]): fc.Arbitrary<(line: string) => string> {
  const hostile = fc.oneof(fc.constantFrom(...HOSTILE_TOKENS), fc.string({ unit: "binary", maxLength: 12 }));
  const names = optionNames(commands);
  return fc.oneof(
    fc.tuple(fc.nat(), hostile).map(([at, ins]) => (line: string) => {
      const i = at % (line.length + 1);
      return line.slice(0, i) + ins + line.slice(i);
    }),
    fc.tuple(fc.nat(), hostile).map(([at, token]) => (line: string) => {
      const parts = tokenize(line);
      parts[(at % parts.length) & ~1] = token; // even indexes are words, odd ones whitespace
      return parts.join("");
    }),
    fc.nat().map((at) => (line: string) => {
      const parts = tokenize(line);
      const i = (at % parts.length) & ~1;
      return [...parts.slice(0, i + 1), " ", ...parts.slice(i)].join("");
    }),
    fc.nat().map((at) => (line: string) => {
      const parts = tokenize(line);
      parts.splice((at % parts.length) & ~1, 1);
      return parts.join("");
    }),
    fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => (line: string) => {
      const parts = tokenize(line);
      const [i, j] = [(a % parts.length) & ~1, (b % parts.length) & ~1];
      [parts[i], parts[j]] = [parts[j]!, parts[i]!];
      return parts.join("");
    }),
    fc.tuple(fc.constantFrom(...names), hostile).map(([name, value]) => (line: string) => `${line} ${name}=${value}`),
  );
}

/** A command line people (or their clipboards) might send. */
export function commandLine(commands: readonly CommandDefinition[]): fc.Arbitrary<string> {
  const corpus = examples(commands);
  const mutated = fc
    .tuple(fc.constantFrom(...corpus), fc.array(mutation(commands), { minLength: 1, maxLength: 3 }))
    .map(([line, ops]) => ops.reduce((l, op) => op(l), line));
  const huge = fc
    .tuple(fc.constantFrom(...corpus), fc.integer({ min: 150, max: 4100 }), fc.constantFrom("x", "é", "🌍", " ", "\""))
    .map(([line, n, ch]) => `${line} ${ch.repeat(n)}`);
  const quoted = fc
    .tuple(fc.constantFrom(...corpus), fc.integer({ min: 1, max: 40 }), fc.constantFrom('"', "'", "“", "«"))
    .map(([line, depth, q]) => `${line} name=${q.repeat(depth)}x${q.repeat(depth)}`);
  const unicode = fc.string({ unit: "binary", maxLength: 200 });
  // A command path with hostile values for its own options, so most lines get past the parser.
  const paths = commands.flatMap((c) => (c.action ? [[c.name, c.action] as const] : Object.entries(c.subcommands ?? {}).map(([sub, a]) => [`${c.name} ${sub}`, a] as const)));
  const value = fc.oneof(fc.constantFrom(...HOSTILE_TOKENS), fc.string({ unit: "grapheme", maxLength: 30 }), fc.string({ unit: "binary", maxLength: 8 }));
  const quote = (v: string) => (/[\s"]/.test(v) || v === "" ? `"${v.replace(/"/g, "")}"` : v);
  const grammar = fc.constantFrom(...paths).chain(([path, action]) =>
    fc
      .tuple(
        fc.array(value, { maxLength: action.options.filter((o) => o.positional).length }),
        fc.subarray(action.options.filter((o) => !o.positional).map((o) => o.name), { maxLength: Math.min(4, action.options.filter((o) => !o.positional).length) }).chain((names) => fc.tuple(...names.map((n) => value.map((v) => `${n}=${quote(v)}`)))),
      )
      .map(([positionals, named]) => [path, ...positionals.map(quote), ...named, ...(action.options.some((o) => o.name === "project") && !named.some((n) => n.startsWith("project=")) ? ["project=schp"] : [])].join(" ")),
  );
  return fc.oneof({ arbitrary: mutated, weight: 5 }, { arbitrary: grammar, weight: 5 }, { arbitrary: unicode, weight: 1 }, { arbitrary: huge, weight: 1 }, { arbitrary: quoted, weight: 1 });
}
