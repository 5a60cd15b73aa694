// A team's session through `/mutual`, touching every command: three Slack users, one project.
import { DateTime } from "luxon";
import { msg, translator } from "../../src/core/i18n/index.ts";
import type { SlackUser } from "../fakes/slack.ts";

export const KOFI = "U02KOFI";
export const AMINA = "U01AMINA";
export const JOAO = "U03JOAO";

export const TEAM: SlackUser[] = [
  { id: KOFI, name: "kofi", real_name: "Kofi Mensah", tz: "Africa/Accra", locale: "en-GB" },
  { id: AMINA, name: "amina", real_name: "Amina Yusuf", tz: "Africa/Nairobi", locale: "en-KE" },
  { id: JOAO, name: "joao", real_name: "João Silva", display_name: "João", tz: "America/Sao_Paulo", locale: "pt-BR" },
];

/** João's Slack locale is pt-BR: Mutual answers him in Portuguese. */
const pt = translator("pt");

const at = (id: string) => `<@${id}|${TEAM.find((u) => u.id === id)!.name}>`;

/** A person's date (YYYY-MM-DD) today, or in some days: in their time zone, as the platform gave it. */
export type DayOf = (user: string, plusDays?: number) => string;

/** Slack gives each person's time zone (users.info). */
const slackDay: DayOf = (user, plusDays = 0) => DateTime.now().setZone(TEAM.find((u) => u.id === user)!.tz!).plus({ days: plusDays }).toISODate()!;

/** [user, command text, what the reply must contain]; dates are each person's own. */
export const script = (day: DayOf): Array<[user: string, text: string, expected: string]> => [
  [KOFI, "help", "kudos"],
  [KOFI, "ping", "pong"],
  [JOAO, "profile", "português (pt)"],
  [KOFI, 'institution add "University of Ghana" country=GH kind=university', "Added University of Ghana"],
  [KOFI, "institution list", "University of Ghana · GH"],
  [KOFI, 'profile institution="University of Ghana" stage=established', "Profile saved"],
  [JOAO, "link", "em até 15 minutos"],
  [KOFI, 'project create "Coastal Resilience" slug=coastal', "You are its lead"],
  [AMINA, "project join coastal", "Welcome to Coastal Resilience"],
  [JOAO, "project join coastal", pt("project.joined", { name: "Coastal Resilience" })],
  [KOFI, "project list", "3 members, you: lead"],
  [KOFI, "project members coastal", "João — member"],
  [KOFI, `project role coastal ${at(AMINA)} mentor`, "amina is now mentor"],
  [KOFI, `institution contact "University of Ghana" ${at(AMINA)}`, "amina is now a confirmed contact of University of Ghana in Coastal Resilience"],
  [AMINA, "institution contacts", "University of Ghana — amina"],
  [KOFI, `contribution add ${at(AMINA)} "Interviewed 40 fishers in Kilifi" roles="investigation, data curation" knowledge="lived experience" degree=lead`, `#1 · ${day(KOFI)} · amina — Investigation, Data curation (lead)`],
  [KOFI, `contribution add ${at(JOAO)} "Translated the guide" roles=translation`, `#2 · ${day(KOFI)} · João — Translation / interpretation`],
  [AMINA, "contribution confirm #1", "Confirmed #1"],
  // João reads Portuguese (pt-BR): his replies come in it.
  [JOAO, 'contribution dispute #2 "I also adapted it for the workshops"', translator("pt")("contribution.disputed", { number: 2 })],
  [KOFI, "contribution list", "most recent first"],
  [KOFI, `kudos ${at(JOAO)} for translating the interview guide`, "Thanks recorded for João"],
  [AMINA, "preferences set authorship, presenting findings", "Leads will see this"],
  [AMINA, "preferences", "1. authorship"],
  [KOFI, "summary coastal by=person", "By person"],
  [KOFI, "summary format=csv", "2 contributions (1 confirmed, 1 disputed)"],
  [KOFI, "schedule create set=mutual-learning every=weekly days=mon at=09:00", "Schedule created in Coastal Resilience"],
  [KOFI, "schedule list", "#1 · reflection · Mutual learning"],
  [KOFI, "schedule pause #1", "paused"],
  [KOFI, "schedule resume #1", "resumed"],
  [AMINA, "prompts", "Prompt sets"],
  [AMINA, "reflect", "Reflection · Coastal Resilience"],
  [AMINA, "answer The fishers read the tides better than our models visibility=project", "answer saved (shared with the project)"],
  [JOAO, "reflect", "Reflexão · Coastal Resilience"],
  [JOAO, "skip", pt("skip.done")],
  [AMINA, "my reflections", "The fishers read the tides"],
  [AMINA, "my data", "Everything Mutual holds about you"],
  [AMINA, "pause 2w", `Paused: no prompts or reminders until ${day(AMINA, 14)}`],
  [AMINA, "pause off", "Welcome back"],
  [KOFI, `mentor pair ${at(AMINA)} ${at(JOAO)} every=2w goals="first paper"`, "Paired: #1 amina → João"],
  [KOFI, "mentor list", "#1 amina → João"],
  [JOAO, 'needs add academic "qualitative coding" priority=high', pt("needs.add.done", { project: "Coastal Resilience", need: msg("needs.line", { category: msg("vocab.capacity.academic"), priority: "high", need: "qualitative coding" }) })],
  [JOAO, "needs list", "qualitative coding"],
  [AMINA, 'strengths add academic "qualitative methods"', "Strength noted"],
  [KOFI, `mentor suggest ${at(JOAO)}`, "strengths"],
  [KOFI, "schedule fire #2", "Check-in reminders sent to 1 of 1 mentors"],
  [AMINA, "checkin skip #1 Fieldwork this week", "This cycle with João is skipped"],
  [AMINA, "checkin log #1 Went through the reviewers' comments topics=writing", `Check-in of ${day(AMINA)} with João logged`],
  [JOAO, "checkin confirm #1 Very useful", pt("checkin.confirm.done", { confirmed: "yes", date: day(AMINA), mentor: "amina", note: "yes" })],
  [AMINA, "checkin history #1", "Goals:   first paper"],
  [AMINA, "checkin snooze #1 1d", "Snoozed"],
  [JOAO, "needs done 1", pt("needs.done.done", { need: "qualitative coding" })],
  [AMINA, "needs none", "no needs to add right now"],
  [AMINA, "strengths list", "qualitative methods"],
  [AMINA, "strengths remove 1", "Removed: qualitative methods"],
  [KOFI, "needs plan", "Capacity needs in Coastal Resilience"],
  [KOFI, "survey start", "sent to 3 of 3 members"],
  [KOFI, "survey status", "0 of 3 invited have answered"],
  [KOFI, "schedule fire #1", "Sent to 3 of 3 members"],
  [KOFI, "project invite coastal", "Invitation to Coastal Resilience"],
  [KOFI, `alliance ${at(AMINA)}`, "1 project"],
  [KOFI, "schedule delete #1", "deleted"],
  [KOFI, "mentor unpair #1", "has ended"],
  [KOFI, 'person add "Mama Zawadi" institution="University of Ghana" orcid=https://orcid.org/0000-0002-1825-0097', "Added Mama Zawadi to Coastal Resilience"],
  [KOFI, "person list", "Mama Zawadi (not on the chat) (University of Ghana) · https://orcid.org/0000-0002-1825-0097"],
  [KOFI, 'person data "Mama Zawadi"', "Everything Mutual holds about Mama Zawadi"],
  [KOFI, 'person add "Elder Amadou"', "Added Elder Amadou to Coastal Resilience"],
  [KOFI, 'person remove "elder amadou" confirm', "Elder Amadou is erased from Coastal Resilience"],
  [KOFI, `person merge "mama zawadi" ${at(JOAO)}`, "Merged Mama Zawadi into"],
  [JOAO, "home", pt("home.profile")],
  // Closing ends pairs: on a project of João's own, so Coastal Resilience's stay for the tests after the script.
  [JOAO, 'project create "Arquivo" slug=arquivo', "Arquivo"],
  [JOAO, "project close arquivo", pt("project.closed.done", { name: "Arquivo", pairs: 0 })],
  [JOAO, "project reopen arquivo", pt("project.reopened", { name: "Arquivo" })],
  [JOAO, "project leave coastal", pt("project.left", { name: "Coastal Resilience" })],
];

export const SCRIPT = script(slackDay);
