// Suggestions while a person types an option (Discord autocomplete): the option's choices, or the
// known values its definition names (projects, roles, time zones…). Only a help: whatever is finally
// sent is parsed and validated like typed text. A "person or institution" option also offers the
// people a platform's user picker can't: project members of other workspaces and people not on the chat.
import type { MessageId, Translator } from "../i18n/index.ts";
import { fold } from "../matching.ts";
import type { Actor } from "../ports.ts";
import type { Services } from "../services.ts";
import { ISO_639_1, ZONES } from "../validate.ts";
import { ACKNOWLEDGEMENT_FORMS, CAPACITY_CATEGORIES, CREDIT_ROLES, KNOWLEDGE_FORMS, PARTNERSHIP_ROLES } from "../vocabulary.ts";
import type { OptionDefinition, SuggestionSource } from "./definition.ts";

export interface Suggestion {
  /** What the person sees. */
  label: string;
  /** What is filled in. */
  value: string;
}

/** Discord shows at most 25. */
export const MAX_SUGGESTIONS = 25;

/** Sources that hold comma-separated lists: the last item is completed, the ones before it kept. */
const LISTS = new Set<SuggestionSource>(["roles", "knowledge", "acknowledgements"]);

/** [value, label] pairs of a vocabulary, labels in the reader's language (typed in any language, they match). */
const terms = (t: Translator, messages: Record<string, MessageId>): Array<[string, string]> => Object.values(messages).map((id) => [t(id), t(id)]);

async function known(source: SuggestionSource, services: Services, actor: Actor, t: Translator): Promise<Array<[value: string, label: string]>> {
  switch (source) {
    case "projects":
      return (await services.store.projects.list(actor.workspaceId, actor.personId))
        .sort((a, b) => Number(b.myRole !== null) - Number(a.myRole !== null)) // the person's own projects first
        .map((p) => [p.slug, `${p.name} (${p.slug})`]);
    case "institutions":
      return (await services.store.institutions.list(actor.workspaceId)).map((i) => [i.name, i.name]);
    case "roles":
      return terms(t, { ...CREDIT_ROLES.messages, ...PARTNERSHIP_ROLES.messages });
    case "knowledge":
      return terms(t, KNOWLEDGE_FORMS.messages);
    case "acknowledgements":
      return terms(t, ACKNOWLEDGEMENT_FORMS.messages);
    case "capacity":
      return Object.entries(CAPACITY_CATEGORIES.messages).map(([id, label]) => [id, t(label)]);
    case "timezones":
      return ZONES.map((z) => [z, z.replace(/_/g, " ")]);
    case "languages":
      return ISO_639_1.map((code) => [code, `${t.languageName(code)} (${code})`]);
  }
}

/** Does this (folded) target match a value or its label at all? Kept to the ones worth a lookup. */
const matches = (target: string, ...texts: string[]) => target === "" || texts.some((x) => fold(x).includes(target));

/**
 * Whom a "person or institution" option may name besides people of the actor's workspace (whom the
 * platform's user picker or a mention offers): the institutions, and in the named project (else the
 * actor's projects) the people not on the chat, by name, and the members of other workspaces, by
 * handle: "@ana" is what `findPerson` resolves among the project's members, so it is offered only when
 * it names that member alone and no one of the actor's workspace.
 */
async function contributors(services: Services, actor: Actor, target: string, projectRef: string | undefined): Promise<Array<[value: string, label: string]>> {
  const visible = await services.store.projects.list(actor.workspaceId, actor.personId);
  const projects =
    projectRef === undefined
      ? visible.filter((p) => p.myRole !== null)
      : visible.filter((p) => fold(p.slug) === fold(projectRef) || fold(p.name) === fold(projectRef));
  const out = new Map<string, string>((await services.store.institutions.list(actor.workspaceId)).map((i) => [i.name, i.name]));
  for (const p of projects) {
    const [members, offChat] = await Promise.all([services.store.projects.members(p.id), services.store.offChat.list(p.id)]);
    for (const o of offChat) out.set(o.displayName, o.displayName);
    const handles = new Map<string, number>();
    for (const m of members) if (m.handle !== null) handles.set(fold(m.handle), (handles.get(fold(m.handle)) ?? 0) + 1);
    for (const m of members) {
      if (m.personId === actor.personId || m.handle === null || out.has(`@${m.handle}`) || !matches(target, m.displayName, m.handle)) continue;
      if (handles.get(fold(m.handle)) !== 1 || (await services.store.identity.findPerson(actor.workspaceId, { kind: "handle", handle: m.handle }))) continue;
      out.set(`@${m.handle}`, `${m.displayName} (@${m.handle})`);
    }
  }
  return [...out];
}

/**
 * Values for `option` that match what has been typed so far: prefix matches first, then any word.
 * `given`: the command's other options as given so far (a project named narrows whom "who" offers).
 */
export async function suggest(
  services: Services,
  actor: Actor,
  option: OptionDefinition,
  typed: string,
  t: Translator,
  given: Readonly<Record<string, string>> = {},
): Promise<Suggestion[]> {
  const list = option.suggest !== undefined && LISTS.has(option.suggest);
  const cut = list ? typed.lastIndexOf(",") + 1 : 0;
  const before = typed.slice(0, cut).trim();
  const target = fold(typed.slice(cut));
  const candidates = option.choices
    ? Object.entries(option.choices).map(([id, label]): [string, string] => [id, t.text(label)])
    : option.credits === "contributor"
      ? await contributors(services, actor, target, given.project)
      : option.suggest
        ? await known(option.suggest, services, actor, t)
        : [];
  const already = new Set(before.split(",").map(fold).filter(Boolean));
  const scored = candidates
    .filter(([value, label]) => !already.has(fold(label)) && !already.has(fold(value)))
    .map(([value, label]) => {
      const [v, l] = [fold(value), fold(label)];
      const rank = target === "" ? 1 : l.startsWith(target) || v.startsWith(target) ? 0 : l.includes(target) || v.includes(target) ? 1 : 2;
      return { value, label, rank };
    })
    .filter((s) => s.rank < 2)
    .sort((a, b) => a.rank - b.rank);
  return scored.slice(0, MAX_SUGGESTIONS).map(({ value, label }) => {
    const full = before ? `${before} ${value}` : value;
    return { label: before ? `${before} ${label}` : label, value: full };
  });
}
