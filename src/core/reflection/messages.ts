// Messages Mutual starts itself — prompts, reminders, digests — worded by `t`: the recipient's
// language for a prompt, the project's for a digest. The question itself comes from the prompt set.
import type { Translator } from "../i18n/index.ts";
import { actions, heading, info, list, note, text, type OutgoingMessage } from "../message.ts";

/** A prompt as a direct message, with the commands (buttons on Slack and Discord) that answer or skip it. */
export function promptMessage(t: Translator, p: { deliveryId: string; projectName: string; question: string; reminder?: boolean }): OutgoingMessage {
  return {
    ...info(
      heading(t("reflection.prompt.heading", { project: p.projectName })),
      ...(p.reminder ? [note(t("reflection.prompt.reminder"))] : []),
      text(p.question),
      note(t("reflection.prompt.howToAnswer")),
      actions(
        { id: "answer", label: t("reflection.prompt.answer"), command: `answer to=${p.deliveryId}`, input: "text" },
        { id: "skip", label: t("reflection.prompt.skip"), command: `skip to=${p.deliveryId}` },
      ),
    ),
    language: t.lang,
  };
}

export interface DigestContent {
  projectName: string;
  /** Calendar days (YYYY-MM-DD) in the digest's zone. */
  from: string;
  to: string;
  sent: number;
  answered: number;
  shared: number;
  anonymous: number;
  skipped: number;
  /** Named answers their authors shared with the project; nothing else is ever shown. */
  entries: Array<{ author: string; question: string; answer: string }>;
}

export function digestMessage(t: Translator, d: DigestContent): OutgoingMessage {
  const { sent, answered, shared, anonymous, skipped } = d;
  return {
    ...info(
      heading(t("reflection.digest.heading", { project: d.projectName, from: d.from, to: d.to })),
      text(t("reflection.digest.participation", { sent, answered, shared, anonymous, skipped })),
      ...(d.entries.length
        ? [text(t("reflection.digest.shared")), list(d.entries.map((e) => t("reflection.digest.entry", { author: e.author, question: e.question, answer: e.answer })))]
        : [note(t("reflection.digest.noneShared"))]),
    ),
    language: t.lang,
  };
}
