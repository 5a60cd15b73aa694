import type { CommandDefinition } from "./definition.ts";
import { help } from "./help.ts";
import { home } from "./home.ts";
import { institution } from "./institution.ts";
import { contribution } from "./contribution.ts";
import { kudos } from "./kudos.ts";
import { person } from "./person.ts";
import { link } from "./link.ts";
import { ping } from "./ping.ts";
import { preferences } from "./preferences.ts";
import { summary } from "./summary.ts";
import { profile } from "./profile.ts";
import { project } from "./project.ts";
import { answer, my, pause, prompts, reflect, schedule, skip } from "./reflection.ts";
import { checkin, mentor } from "./mentorship.ts";
import { needs, strengths, survey } from "./capacity.ts";
import { alliance } from "./alliance.ts";

/** Every command, in the order help lists them. */
export const commands: readonly CommandDefinition[] = [
  help,
  home,
  profile,
  link,
  project,
  institution,
  person,
  contribution,
  kudos,
  preferences,
  summary,
  reflect,
  answer,
  skip,
  pause,
  prompts,
  my,
  schedule,
  mentor,
  checkin,
  needs,
  strengths,
  survey,
  alliance,
  ping,
];
