// A person as the scheduler sees them: calendar (zone, work week, holiday country, pause, quiet
// hours), language and a handle to address them by.
import type { Recipient } from "../core/ports.ts";
import { personCalendar } from "../core/reflection/calendar.ts";
import type { Prisma } from "./generated/client.ts";

export const personInclude = { institution: { select: { country: true } }, accounts: { select: { handle: true }, take: 1 } } as const;
export type PersonRow = Prisma.PersonGetPayload<{ include: typeof personInclude }>;

/** `projectLanguage`: what the project speaks, for a person who has not chosen a language. */
export const toRecipient = (p: PersonRow, projectLanguage: string): Recipient => ({
  personId: p.id,
  displayName: p.displayName,
  handle: p.accounts[0]?.handle ?? null,
  language: p.language ?? projectLanguage,
  ...personCalendar(p),
});

