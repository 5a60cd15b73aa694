import type { CommandDefinition } from "./definition.ts";
import { help } from "./help.ts";
import { institution } from "./institution.ts";
import { ping } from "./ping.ts";
import { profile } from "./profile.ts";
import { project } from "./project.ts";

/** Every command, in the order help lists them. */
export const commands: readonly CommandDefinition[] = [help, profile, project, institution, ping];
