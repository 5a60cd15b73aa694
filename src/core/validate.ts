// Validators for values people type into commands. Each returns the canonical value or throws a
// UserError that says what is wrong and what would work.
import { fail } from "./errors.ts";
import { LANGUAGES, msg } from "./i18n/index.ts";
import { closest, didYouMean, fold } from "./matching.ts";

/**
 * Current IANA names that Node 20's ICU still lists under their old spelling (Asia/Katmandu,
 * Asia/Calcutta, Europe/Kiev…). People type the current ones, and we keep what they typed.
 */
const RENAMED_ZONES = [
  "Asia/Kathmandu", "Asia/Kolkata", "Europe/Kyiv", "America/Nuuk", "Asia/Ho_Chi_Minh", "Asia/Yangon",
  "Pacific/Kanton", "Atlantic/Faroe", "Pacific/Chuuk", "Pacific/Pohnpei", "Africa/Asmara",
  "America/Argentina/Buenos_Aires", "America/Indiana/Indianapolis", "America/Atikokan",
];
const isZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};
export const ZONES = [...new Set([...Intl.supportedValuesOf("timeZone"), ...RENAMED_ZONES.filter(isZone), "UTC"])];

/** IANA time zone, case-insensitive, returned in its proper spelling ("africa/nairobi" → "Africa/Nairobi"). */
export function timeZone(input: string): string {
  const value = input.trim();
  const known = ZONES.find((z) => z.toLowerCase() === value.toLowerCase());
  if (known) return known;
  if (/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/.test(value) && isZone(value)) return value; // a valid alias ICU does not list
  const byCity = ZONES.find((z) => fold(z.split("/").pop() ?? "") === fold(value));
  return fail("validate.timeZone", { value: input, didYouMean: didYouMean(byCity ?? closest(input, ZONES)) }, msg("validate.timeZone.hint"));
}

const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });
const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
/** Names in every language Mutual speaks, English first: "Quênia" and "Kenya" are both KE. */
const namesIn = (type: "language" | "region") => LANGUAGES.map((lang) => new Intl.DisplayNames([lang], { type, fallback: "none" }));
const languageNamesAll = namesIn("language");
const regionNamesAll = namesIn("region");
const byName = (codes: readonly string[], names: Intl.DisplayNames[], value: string) =>
  names.map((n) => codes.find((code) => fold(n.of(code) ?? "") === fold(value))).find(Boolean);

/** A language as an ISO 639 code ("fr"), from a code or a name ("French", "français"). */
export function language(input: string): string {
  const value = input.trim();
  if (/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(value)) {
    try {
      const [canonical] = Intl.getCanonicalLocales(value);
      if (canonical && languageNames.of(canonical) && languageNames.of(canonical) !== canonical) return canonical;
    } catch {
      // fall through to the error below
    }
  }
  const named = byName(ISO_639_1, languageNamesAll, value);
  if (named) return named;
  return fail("validate.language", { value: input }, msg("validate.language.hint"));
}

/** A country as an ISO 3166-1 alpha-2 code ("KE"), from a code or a name ("Kenya", "Quênia"). */
export function country(input: string): string {
  const value = input.trim();
  if (ISO_3166_ALPHA2.includes(value.toUpperCase())) return value.toUpperCase();
  const named = byName(ISO_3166_ALPHA2, regionNamesAll, value);
  if (named) return named;
  return fail("validate.country", { value: input }, msg("validate.country.hint"));
}

/**
 * What a platform says about a new person (Slack's tz and locale, say) fills their profile only
 * when it is valid; a bad hint is ignored, never an error.
 */
export function profileHints(user: { timezone?: string; locale?: string }): { timezone: string | null; language: string | null } {
  const lenient = <T>(parse: (v: string) => T, value: string | undefined): T | undefined => {
    try {
      return value ? parse(value) : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    timezone: lenient(timeZone, user.timezone) ?? null,
    // No hint: no language of their own yet, so Mutual speaks the project's (or English).
    language: lenient((locale) => language(locale.split(/[-_]/)[0]!), user.locale) ?? null,
  };
}

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * A ROR id ("https://ror.org/03yrm5c26" or "03yrm5c26"), returned as the full URL. ROR ids are a
 * leading 0, six Crockford base32 characters and an ISO 7064 mod 97-10 checksum.
 */
export function rorId(input: string): string {
  const id = input.trim().toLowerCase().replace(/^(https?:\/\/)?ror\.org\//, "");
  const match = /^0([0-9a-hjkmnp-tv-z]{6})([0-9]{2})$/.exec(id);
  const body = match?.[1];
  if (!match || !body) {
    fail("validate.ror", { value: input }, msg("validate.ror.hint"));
  }
  const n = [...body].reduce((acc, ch) => acc * 32 + CROCKFORD.indexOf(ch), 0);
  if (98 - ((n * 100) % 97) !== Number(match[2])) {
    fail("validate.ror.checksum", { value: input }, msg("validate.ror.checksum.hint"));
  }
  return `https://ror.org/${id}`;
}

/** An email address, trimmed: one @, no spaces, a dot in the domain. Kept for leads; never shown in shared outputs. */
export function email(input: string): string {
  const value = input.trim();
  if (!/^[^\s@<>]+@[^\s@<>.]+(\.[^\s@<>.]+)+$/.test(value)) fail("validate.email", { value: input }, msg("validate.email.hint"));
  return value;
}

/**
 * An ORCID iD ("0000-0002-1825-0097", with or without https://orcid.org/), returned as the full URL.
 * Sixteen characters, the last an ISO 7064 11,2 check character (0-9 or X).
 */
export function orcid(input: string): string {
  const id = input.trim().replace(/^(https?:\/\/)?(www\.)?orcid\.org\//i, "").toUpperCase();
  const match = /^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$/.exec(id);
  if (!match) fail("validate.orcid", { value: input }, msg("validate.orcid.hint"));
  const digits = match.slice(1).join("");
  if (orcidCheck(digits.slice(0, 15)) !== digits[15]) fail("validate.orcid.checksum", { value: input }, msg("validate.orcid.checksum.hint"));
  return `https://orcid.org/${match.slice(1).join("-")}`;
}

/** ISO 7064 MOD 11-2 check character of fifteen digits, as ORCID computes it. */
export function orcidCheck(base: string): string {
  let total = 0;
  for (const ch of base) total = (total + Number(ch)) * 2;
  const result = (12 - (total % 11)) % 11;
  return result === 10 ? "X" : String(result);
}

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
/** "mon" or "monday" → 1; anything else → 0. */
const weekday = (word: string) => Math.max(WEEKDAYS.indexOf(word), WEEKDAY_NAMES.indexOf(word)) + 1;

/** A work week such as "mon-fri", "sun-thu" or "mon,tue,thu" → ISO weekday numbers (1 = Monday). */
export function workDays(input: string): number[] {
  const days = new Set<number>();
  for (const part of input.toLowerCase().split(/[\s,]+/).filter(Boolean)) {
    const ends = part.split("-");
    const [from, to] = ends.map(weekday);
    if (ends.length > 2 || ends.some((e) => weekday(e) === 0) || !from) {
      fail("validate.workDays", { value: input }, msg("validate.workDays.hint"));
    }
    // Ranges wrap around the week end: "sat-wed" is Saturday to Wednesday.
    for (let d = from; ; d = (d % 7) + 1) {
      days.add(d);
      if (!to || d === to) break;
    }
  }
  if (days.size === 0) fail("validate.workDays.none", {}, msg("validate.workDays.none.hint"));
  return [...days].sort((a, b) => a - b);
}

/** [1,2,3,4,7] → "sun-thu"; days that are not one run are listed: "mon,wed,fri". */
export function formatWorkDays(days: number[]): string {
  const set = new Set(days);
  if (set.size === 7) return "every day";
  // A run starts on a day whose previous day is not worked; one run means exactly one such start.
  const starts = [...set].filter((d) => !set.has(((d + 5) % 7) + 1));
  if (starts.length === 1) {
    const start = starts[0]!;
    const end = ((start + set.size - 2) % 7) + 1;
    return set.size === 1 ? WEEKDAYS[start - 1]! : `${WEEKDAYS[start - 1]}-${WEEKDAYS[end - 1]}`;
  }
  return [...set].sort((a, b) => a - b).map((d) => WEEKDAYS[d - 1]).join(",");
}

export const ISO_639_1 =
  "aa ab af ak am ar as ay az ba be bg bm bn bo br bs ca cs cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu ha he hi hr ht hu hy id ig is it iu ja jv ka kg ki kk kl km kn ko ks ku ky la lb lg ln lo lt lu lv mg mi mk ml mn mr ms mt my nb ne nl nn no ny om or pa pl ps pt qu rm rn ro ru rw sa sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ug uk ur uz vi wo xh yi yo zh zu".split(" ");

/** Region codes ICU names that are not countries with public holidays of their own. */
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "QO", "ZZ"]);

const ISO_3166_ALPHA2 = (() => {
  const codes: string[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = regionNames.of(code);
      if (name && name !== code && !/unknown/i.test(name) && !NOT_COUNTRIES.has(code)) codes.push(code);
    }
  }
  return codes;
})();
