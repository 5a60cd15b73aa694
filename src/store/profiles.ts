import type { Actor, Profile, ProfilePatch, Store } from "../core/ports.ts";
import type { CareerStage } from "../core/vocabulary.ts";
import { auditEntry } from "./audit.ts";
import type { ActorCache } from "./actor-cache.ts";
import type { Db } from "./database.ts";
import type { CareerStage as DbCareerStage, NamingWish as DbNamingWish } from "./generated/client.ts";
import type { NamingWish } from "../core/credit/naming.ts";

const toProfile = (p: {
  id: string;
  displayName: string;
  timezone: string | null;
  language: string | null;
  country: string | null;
  careerStage: DbCareerStage | null;
  workDays: number[];
  awayUntil: Date | null;
  quietStart: string | null;
  quietEnd: string | null;
  orcid: string | null;
  givenName: string | null;
  familyName: string | null;
  naming: DbNamingWish;
  institution: { id: string; name: string; country: string | null } | null;
}): Profile => ({
  personId: p.id,
  displayName: p.displayName,
  timezone: p.timezone,
  language: p.language,
  country: p.country,
  careerStage: p.careerStage ? (p.careerStage.toLowerCase() as CareerStage) : null,
  institution: p.institution,
  workDays: p.workDays,
  awayUntil: p.awayUntil,
  quietStart: p.quietStart,
  quietEnd: p.quietEnd,
  orcid: p.orcid,
  givenName: p.givenName,
  familyName: p.familyName,
  naming: p.naming.toLowerCase() as NamingWish,
});

const include = { institution: { select: { id: true, name: true, country: true } } } as const;

export function profileStore(db: Db, actors?: ActorCache): Store["profiles"] {
  return {
    async get(personId) {
      return toProfile(await db.person.findUniqueOrThrow({ where: { id: personId }, include }));
    },
    async update(actor: Actor, patch: ProfilePatch) {
      const { careerStage, naming, ...rest } = patch;
      const data = {
        ...rest,
        ...(careerStage && { careerStage: careerStage.toUpperCase() as DbCareerStage }),
        ...(naming && { naming: naming.toUpperCase() as DbNamingWish }),
      };
      const [person] = await db.$transaction([
        db.person.update({ where: { id: actor.personId }, data, include }),
        db.auditLog.createMany({ data: [auditEntry(actor, "profile.update", "Person", actor.personId, patch)] }),
      ]);
      actors?.forget(actor.personId);
      return toProfile(person);
    },
  };
}
