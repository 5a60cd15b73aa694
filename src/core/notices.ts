// The notices a command may cause for other people, as data: a template name and its facts. The
// outbox stores them so; each is worded only when it is sent, in its recipient's language.
import { describeContribution } from "./credit/describe.ts";
import type { ContributionView } from "./credit/model.ts";
import type { Translator } from "./i18n/index.ts";
import { info, list, note, text, type OutgoingMessage } from "./message.ts";
import { checkInConfirmedMessage, checkInLoggedMessage, pairedMessage, unpairedMessage } from "./mentorship/messages.ts";
import type { PairFacts } from "./mentorship/messages.ts";
import type { CheckInTopic } from "./vocabulary.ts";

type Role = "mentor" | "mentee";

export const NOTICES = {
  kudos: (t: Translator, d: { actor: string; project: string; message: string }) => info(text(t("kudos.notice", d))),
  contributionRecorded: (t: Translator, d: { actor: string; contribution: ContributionView; slug: string }) =>
    info(
      text(t("contribution.notice.recorded", { actor: d.actor })),
      list([describeContribution(t, d.contribution)]),
      note(t("contribution.notice.how", { number: d.contribution.number, slug: d.slug })),
    ),
  contributionDisputed: (t: Translator, d: { actor: string; contribution: ContributionView }) =>
    info(text(t("contribution.notice.disputed", { actor: d.actor })), list([describeContribution(t, d.contribution)])),
  paired: (t: Translator, d: { facts: PairFacts; role: Role }) => pairedMessage(t, d.facts, d.role),
  unpaired: (t: Translator, d: { facts: PairFacts; role: Role }) => unpairedMessage(t, d.facts, d.role),
  checkInLogged: (t: Translator, d: { facts: PairFacts; date: string; topics: CheckInTopic[] }) => checkInLoggedMessage(t, d.facts, d.date, d.topics),
  checkInConfirmed: (t: Translator, d: { facts: PairFacts; date: string }) => checkInConfirmedMessage(t, d.facts, d.date),
  // A member erased their data (`my data delete confirm`): no name, no details.
  memberErased: (t: Translator, d: { project: string }) => info(text(t("data.notice.memberErased", d))),
  pairErased: (t: Translator, d: { project: string; number: number }) => info(text(t("data.notice.pairErased", d))),
} satisfies Record<string, (t: Translator, data: never) => OutgoingMessage>;

export type NoticeTemplate = keyof typeof NOTICES;
export type NoticeData<T extends NoticeTemplate> = Parameters<(typeof NOTICES)[T]>[1];

/** Words a stored notice; undefined for a template this version does not know (a newer process wrote it). */
export function wordNotice(t: Translator, template: string, data: unknown): OutgoingMessage | undefined {
  if (!Object.hasOwn(NOTICES, template)) return undefined;
  return (NOTICES[template as NoticeTemplate] as (t: Translator, d: unknown) => OutgoingMessage)(t, data);
}
