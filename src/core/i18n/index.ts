// Every word Mutual says, in the person's language. The words live in one ICU catalogue per
// language (./locales/<lang>.json, English the source); code holds message ids and values only.
// Plurals, selects, numbers, dates and lists are worded by @formatjs/intl and Intl, never by
// string concatenation, so "1 membre" / "3 membres" and "A, B et C" come out right.
import { createIntl, createIntlCache, type IntlShape } from "@formatjs/intl";
import en from "./locales/en.json" with { type: "json" };
import es from "./locales/es.json" with { type: "json" };
import fr from "./locales/fr.json" with { type: "json" };
import pt from "./locales/pt.json" with { type: "json" };
import sw from "./locales/sw.json" with { type: "json" };

/** The languages Mutual speaks. A person may choose any language; the rest read English. */
export const LANGUAGES = ["en", "fr", "es", "pt", "sw"] as const;
export type Lang = (typeof LANGUAGES)[number];

export type MessageId = Exclude<keyof typeof en, `@${string}`>;

/** Catalogue keys that are not messages: "@review" lists ids still awaiting a native speaker's review. */
const META = /^@/;

export const CATALOGUES: Readonly<Record<Lang, Readonly<Record<string, unknown>>>> = { en, fr, es, pt, sw };

/** A message to word later, for whoever reads it: an id and its values. */
export interface Msg {
  readonly id: MessageId;
  readonly values?: Values;
}

/** Items worded as a list in the reader's language: "A, B and C" (and) or "A, B or C" (or). */
export interface ListValue {
  readonly list: ReadonlyArray<string | Msg>;
  readonly style: "and" | "or" | "unit";
}

/** A value worded only once the reader's language is known (e.g. a definition's text, trimmed). */
export type Worded = (t: Translator) => string;

export type Value = string | number | boolean | Date | null | undefined | Msg | ListValue | Worded;
export type Values = Readonly<Record<string, Value>>;

export const msg = (id: MessageId, values?: Values): Msg => (values === undefined ? { id } : { id, values });

/** Whether a string is a catalogue message id (definitions name their texts by id). */
export const isMessageId = (s: string): s is MessageId => !META.test(s) && Object.hasOwn(en, s);

/** A message's wording in every language: what people may type for a term ("privé", "private"). */
export const inAllLanguages = (id: MessageId): string[] => LANGUAGES.map((lang) => translator(lang)(id));
export const and = (items: ReadonlyArray<string | Msg>): ListValue => ({ list: items, style: "and" });
export const or = (items: ReadonlyArray<string | Msg>): ListValue => ({ list: items, style: "or" });
export const isMsg = (v: unknown): v is Msg => typeof v === "object" && v !== null && "id" in v && typeof (v as Msg).id === "string";
const isList = (v: unknown): v is ListValue => typeof v === "object" && v !== null && "list" in v;

/** "pt-BR", "PT", "pt_BR" → "pt"; a language Mutual does not speak (or none) → undefined. */
export function supported(code: string | null | undefined): Lang | undefined {
  const primary = code?.trim().split(/[-_]/)[0]?.toLowerCase();
  return LANGUAGES.find((l) => l === primary);
}

/** The language to word things in, from the first of the codes Mutual speaks; English otherwise. */
export const pickLanguage = (...codes: Array<string | null | undefined>): Lang => {
  for (const code of codes) {
    const lang = supported(code);
    if (lang) return lang;
  }
  return "en";
};

export interface Translator {
  readonly lang: Lang;
  /** The message with its values, worded in this language. */
  (id: MessageId, values?: Values): string;
  msg(m: Msg): string;
  /** A catalogue id worded, or a literal (a name, a value) as it is. */
  text(idOrLiteral: string): string;
  /** "A, B and C" / "A, B ou C". */
  list(items: ReadonlyArray<string | Msg>, style?: ListValue["style"]): string;
  number(n: number): string;
  /** 0.25 → "25%" / "25 %". */
  percent(x: number): string;
  /** A calendar date (YYYY-MM-DD) or an instant in a time zone, e.g. "lun. 7 déc." (style weekday). */
  date(value: string | Date, style?: "short" | "medium" | "long" | "weekday", timeZone?: string | null): string;
  /** An instant with its local time: "lun. 7 déc., 10:00". */
  dateTime(value: Date, timeZone: string | null, style?: "short" | "full"): string;
  /** "in 3 days", "il y a 2 heures". */
  relative(value: number, unit: Intl.RelativeTimeFormatUnit): string;
  /** A language's name in this language: "fr" → "French" / "français". */
  languageName(code: string): string;

}

const cache = createIntlCache();
const translators = new Map<Lang, Translator>();

/** Messages of a language over English's, so a missing key reads English (a test keeps none missing). */
const messagesOf = (lang: Lang): Record<string, string> => {
  const merged: Record<string, string> = {};
  for (const source of lang === "en" ? [en] : [en, CATALOGUES[lang]]) {
    for (const [id, text] of Object.entries(source)) if (!META.test(id) && typeof text === "string") merged[id] = text;
  }
  return merged;
};

/** Dates written YYYY-MM-DD are calendar days: worded at noon UTC so no zone moves them a day. */
const asDate = (value: string | Date) => (typeof value === "string" ? new Date(`${value}T12:00:00Z`) : value);
const DATE_STYLES = {
  short: { day: "numeric", month: "short" },
  medium: { day: "numeric", month: "short", year: "numeric" },
  long: { dateStyle: "long" },
  weekday: { weekday: "short", day: "numeric", month: "short" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

export function translator(code: string | null | undefined): Translator {
  const lang = pickLanguage(code);
  const known = translators.get(lang);
  if (known) return known;
  const intl: IntlShape<string> = createIntl(
    {
      locale: lang,
      defaultLocale: "en",
      messages: messagesOf(lang),
      // A message that cannot be worded is a bug in Mutual, not in what the person typed: fail loudly.
      onError: (err) => {
        throw err;
      },
    },
    cache,
  );
  const word = (value: Value): string | number | boolean | Date | null | undefined => {
    if (typeof value === "function") return value(t);
    if (isMsg(value)) return t.msg(value);
    if (isList(value)) return t.list(value.list, value.style);
    return value;
  };
  const t = ((id: MessageId, values?: Values) => {
    const worded = values && Object.fromEntries(Object.entries(values).map(([k, v]) => [k, word(v)]));
    // ignoreTag: usage lines hold <placeholders>, and Mutual's messages never carry markup.
    return intl.formatMessage({ id }, worded as Record<string, string | number | boolean | Date | null | undefined>, { ignoreTag: true }) as string;
  }) as Translator;
  const languageNames = new Intl.DisplayNames([lang], { type: "language", fallback: "code" });
  Object.assign(t, {
    lang,
    msg: (m: Msg) => t(m.id, m.values),
    text: (s: string) => (isMessageId(s) ? t(s) : s),
    list: (items: ReadonlyArray<string | Msg>, style: ListValue["style"] = "and") =>
      intl.formatList(items.map((i) => (typeof i === "string" ? i : t.msg(i))), { type: style === "and" ? "conjunction" : style === "or" ? "disjunction" : "unit" }),
    number: (n: number) => intl.formatNumber(n),
    percent: (x: number) => intl.formatNumber(x, { style: "percent", maximumFractionDigits: 0 }),
    date: (value: string | Date, style: keyof typeof DATE_STYLES = "medium", timeZone?: string | null) =>
      intl.formatDate(asDate(value), { ...DATE_STYLES[style], timeZone: typeof value === "string" ? "UTC" : (timeZone ?? "UTC") }),
    dateTime: (value: Date, timeZone: string | null, style: "short" | "full" = "short") =>
      intl.formatDate(value, {
        ...(style === "full" ? { dateStyle: "full", timeStyle: "short" } : { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }),
        timeZone: timeZone ?? "UTC",
      }),
    relative: (value: number, unit: Intl.RelativeTimeFormatUnit) => intl.formatRelativeTime(value, unit, { numeric: "auto" }),
    languageName: (c: string) => languageNames.of(c) ?? c,

  });
  translators.set(lang, t);
  return t;
}

/** English wording, for logs and for the Error.message of a UserError. */
export const english = (m: Msg): string => translator("en").msg(m);
