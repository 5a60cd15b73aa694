// The files of `my data`: one JSON (stable keys, every value as stored) and one Markdown (headings in
// the reader's language). Their names carry who and when, so two people's exports (or two of one
// person's) never overwrite each other in the shell's export folder.
import type { ExportFile } from "./credit/model.ts";
import { markdownText } from "./credit/exports.ts";
import type { Translator } from "./i18n/index.ts";
import type { Actor, PersonData } from "./ports.ts";

export const DATA_SECTIONS = [
  "accounts",
  "memberships",
  "institutionContacts",
  "contributionsCredited",
  "contributionsRecorded",
  "kudosGiven",
  "kudosReceived",
  "preferences",
  "reflections",
  "prompts",
  "mentorshipPairs",
  "needs",
  "strengths",
  "notices",
  "linkCodes",
  "created",
  "audit",
] as const satisfies ReadonlyArray<Exclude<keyof PersonData, "profile">>;

/** `amina-yusuf-3f9k2a`: the name folded to ASCII, and the end of the person's id (two Aminas differ). */
export function fileOwner(name: string, personId: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return `${slug || "person"}-${personId.slice(-6).toLowerCase().replace(/[^a-z0-9]/g, "")}`;
}

/** 20261123-081502 (UTC). */
const stamp = (at: Date) => at.toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");

function value(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (Array.isArray(v)) return v.length ? v.map(value).join(", ") : "—";
  if (typeof v === "object") return markdownText(JSON.stringify(v));
  return markdownText(String(v));
}

function* record(row: Record<string, unknown>, indent: string): Generator<string> {
  const [first, ...rest] = Object.entries(row);
  const lines = [first, ...rest].filter((e): e is [string, unknown] => e !== undefined);
  let bullet = "- ";
  for (const [key, v] of lines) {
    if (Array.isArray(v) && v.some((x) => typeof x === "object" && x !== null && !Array.isArray(x))) {
      yield `${indent}${bullet}**${key}**:\n`;
      for (const sub of v as Array<Record<string, unknown>>) yield* record(sub, `${indent}    `);
    } else {
      yield `${indent}${bullet}**${key}**: ${value(v)}\n`;
    }
    bullet = "  ";
  }
}

export function personDataFiles(t: Translator, data: PersonData, actor: Pick<Actor, "personId" | "displayName">, at: Date): ExportFile[] {
  const base = `mutual-data-${fileOwner(actor.displayName, actor.personId)}-${stamp(at)}`;
  return [
    {
      filename: `${base}.json`,
      mediaType: "application/json",
      async *chunks() {
        yield JSON.stringify({ format: "mutual-personal-data/1", exportedAt: at.toISOString(), ...data }, null, 2);
      },
    },
    {
      filename: `${base}.md`,
      mediaType: "text/markdown; charset=utf-8",
      async *chunks() {
        yield `# ${t("data.md.title", { name: markdownText(String(data.profile.displayName ?? actor.displayName)) })}\n\n`;
        yield `${t("data.md.intro", { date: at.toISOString().slice(0, 10) })}\n\n`;
        yield `## ${t("data.section.profile")}\n\n`;
        yield* record(data.profile, "");
        yield "\n";
        for (const section of DATA_SECTIONS) {
          const rows = data[section];
          yield `## ${t(`data.section.${section}`, { count: rows.length })}\n\n`;
          if (rows.length === 0) yield `${t("data.md.none")}\n\n`;
          for (const row of rows) yield* record(row, "");
          if (rows.length) yield "\n";
        }
      },
    },
  ];
}
