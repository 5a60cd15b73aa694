// One line, everywhere a contribution appears (replies, lists, notices): number, dates, who, roles,
// degree, forms of knowledge, status — in the reader's language.
import type { Translator } from "../i18n/index.ts";
import { CONTRIBUTION_STATUSES, DEGREES, KNOWLEDGE_FORMS } from "../vocabulary.ts";
import type { ContributionView } from "./model.ts";
import { ROLE_MESSAGES } from "./terms.ts";

/**
 * The contributor's name as they wish to be named ("a member of …" for naming=institution), marked
 * when they are not on the chat, or "a former member" for someone who erased their data.
 */
export function contributorName(t: Translator, c: Pick<ContributionView, "contributor">): string {
  if (c.contributor.former) return t("data.formerMember");
  const name = c.contributor.naming === "institution" ? t("credit.naming.memberOf", { institution: c.contributor.name }) : c.contributor.name;
  return c.contributor.offChat ? t("person.notOnChat", { name }) : name;
}

/** One line, everywhere a contribution appears: number, date, who, roles, degree, knowledge, status. */
export function describeContribution(t: Translator, c: ContributionView): string {
  const status = t(CONTRIBUTION_STATUSES.messages[c.status]);
  return t("contribution.line", {
    number: c.number,
    period: c.endedOn && c.endedOn !== c.startedOn ? t("contribution.period", { from: c.startedOn, to: c.endedOn }) : c.startedOn,
    who: c.affiliation && c.contributor.kind === "person" ? t("contribution.withAffiliation", { name: contributorName(t, c), institution: c.affiliation.name }) : contributorName(t, c),
    roles: t.list(c.roles.map((r) => t(ROLE_MESSAGES[r])), "unit"),
    degree: t(DEGREES.messages[c.degree]),
    hasKnowledge: c.knowledgeForms.length ? "yes" : "no",
    knowledge: t.list(c.knowledgeForms.map((k) => t(KNOWLEDGE_FORMS.messages[k])), "unit"),
    status: c.status === "disputed" && c.statusComment ? t("contribution.statusComment", { status, comment: c.statusComment }) : status,
    description: c.description,
  });
}
