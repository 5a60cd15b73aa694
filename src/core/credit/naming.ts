// How a person appears in every shared output (exports, digests, statements, the report): one
// function, shownPerson, applied where those outputs get people's names (the store's name lookups).
// The wish is the person's own (`preferences naming=…`); nobody else can change it. Only the name
// changes: ids, counts and institutional shares stay true.

export type NamingWish = "full" | "initials" | "institution";
export const NAMING_WISHES: readonly NamingWish[] = ["full", "initials", "institution"];

/** What the store knows of a person's names. */
export interface PersonNames {
  displayName: string;
  givenName: string | null;
  familyName: string | null;
  orcid: string | null;
  naming: NamingWish;
  /** The person's institution, for naming=institution. */
  institution: string | null;
}

/** The person as shared outputs show them. naming says which wish made `name`. */
export interface ShownPerson {
  name: string;
  given: string | null;
  family: string | null;
  orcid: string | null;
  naming: NamingWish;
}

/** "Amina" → "A."; a word that starts with no letter (an emoji) gives nothing. */
const initial = (word: string): string => {
  const first = /\p{L}/u.exec(word.normalize("NFC"));
  return first && word.normalize("NFC").indexOf(first[0]) === 0 ? `${first[0].toLocaleUpperCase()}.` : "";
};
const initialsOf = (name: string | null): string =>
  (name ?? "")
    .split(/[\s-]+/)
    .map(initial)
    .filter(Boolean)
    .join(" ");

/**
 * The name shared outputs give a person. full: their name, given and family names and ORCID iD.
 * initials: "A. N." (given and family names as initials; no ORCID iD, which would name them).
 * institution: their institution's name only (initials when they have none).
 */
export function shownPerson(p: PersonNames): ShownPerson {
  if (p.naming === "full") return { name: p.displayName, given: p.givenName, family: p.familyName, orcid: p.orcid, naming: "full" };
  if (p.naming === "institution" && p.institution) return { name: p.institution, given: null, family: null, orcid: null, naming: "institution" };
  const given = p.givenName || p.familyName ? initialsOf(p.givenName) || null : null;
  const family = p.givenName || p.familyName ? initialsOf(p.familyName) || null : null;
  const name = given || family ? [given, family].filter(Boolean).join(" ") : initialsOf(p.displayName);
  return { name: name || "?", given, family, orcid: null, naming: "initials" };
}
