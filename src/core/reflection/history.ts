// A person's own reflections as a file: Markdown, CSV or JSON. Only ever built for their author.
// The Markdown reads in their language; CSV columns and JSON keys are stable identifiers.
import type { ExportFile } from "../credit/model.ts";
import { csvRow, markdownText } from "../credit/exports.ts";
import type { Translator } from "../i18n/index.ts";
import type { ReflectionRecord } from "../ports.ts";
import { inLanguage, type PromptLibrary } from "./prompts.ts";

export type HistoryFormat = "markdown" | "csv" | "json";

/** How a reflection's visibility reads, short, in the reader's language. */
export const visibilityLabel = (t: Translator, v: ReflectionRecord["visibility"]) => t(`reflection.visibility.${v}`);

export const questionOf = (prompts: PromptLibrary, r: Pick<ReflectionRecord, "promptKey" | "language">) =>
  r.promptKey ? inLanguage(prompts.prompt(r.promptKey)?.text ?? {}, r.language ?? "en") : "";

export function historyFile(t: Translator, format: HistoryFormat, who: string, records: readonly ReflectionRecord[], prompts: PromptLibrary, day: string): ExportFile {
  const rows = records.map((r) => ({ ...r, question: questionOf(prompts, r), answeredAt: r.answeredAt.toISOString() }));
  const base = `mutual-reflections-${day}`;
  switch (format) {
    case "markdown":
      return {
        filename: `${base}.md`,
        mediaType: "text/markdown; charset=utf-8",
        async *chunks() {
          yield `# ${t("history.title", { name: markdownText(who) })}\n\n`;
          for (const r of rows) {
            yield `## ${r.answeredAt.slice(0, 10)}${r.projectName ? ` · ${markdownText(r.projectName)}` : ""} · ${visibilityLabel(t, r.visibility)}\n\n`;
            if (r.question) yield `> ${markdownText(r.question)}\n\n`;
            yield `${markdownText(r.text)}\n\n`;
          }
        },
      };
    case "csv":
      return {
        filename: `${base}.csv`,
        mediaType: "text/csv; charset=utf-8",
        async *chunks() {
          yield csvRow(["answered_at", "project", "prompt_id", "language", "question", "answer", "visibility"]);
          for (const r of rows) yield csvRow([r.answeredAt, r.projectName, r.promptKey, r.language, r.question, r.text, r.visibility]);
        },
      };
    case "json":
      return {
        filename: `${base}.json`,
        mediaType: "application/json",
        async *chunks() {
          yield JSON.stringify({ person: who, reflections: rows.map(({ id: _id, ...r }) => r) }, null, 2);
        },
      };
  }
}
