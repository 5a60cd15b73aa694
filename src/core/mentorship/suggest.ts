// Mentor suggestions for a mentee: the mentee's open needs against each member's stated strengths.
// A strength in the same category as a need counts by the need's priority (high 3, medium 2, low 1),
// words they share count once more each; a mentor from another institution is preferred (cross-
// institution learning is the point of a partnership), and a mentor's current load counts a little
// against them. Explanations name the category and the mentor's own strength — never the mentee's
// need text or its priority, which leads see only in aggregates.
import { msg, type Msg } from "../i18n/index.ts";
import { fold } from "../matching.ts";
import type { CapacityProfile } from "../ports.ts";
import { CAPACITY_CATEGORIES } from "../vocabulary.ts";

export interface Suggestion {
  mentor: CapacityProfile;
  score: number;
  /** One line for the lead, worded in their language. */
  reason: Msg;
}

const WEIGHT = { 1: 3, 2: 2, 3: 1 } as const;
const CROSS_INSTITUTION_BONUS = 2;
const LOAD_PENALTY = 0.5;
const STOP_WORDS = new Set(["and", "the", "for", "with", "our", "des", "les", "para", "com", "como", "from", "into", "about", "pour", "dans", "sur"]);

const words = (text: string) => new Set(fold(text).split(" ").filter((w) => w.length >= 4 && !STOP_WORDS.has(w)));

export function suggestMentors(mentee: CapacityProfile, members: readonly CapacityProfile[], alreadyPaired: ReadonlySet<string>, limit = 5): Suggestion[] {
  const out: Suggestion[] = [];
  for (const mentor of members) {
    if (mentor.personId === mentee.personId || alreadyPaired.has(mentor.personId) || mentor.strengths.length === 0) continue;
    let score = 0;
    let best: { strength: CapacityProfile["strengths"][number]; points: number } | undefined;
    for (const need of mentee.needs) {
      for (const strength of mentor.strengths.filter((s) => s.category === need.category)) {
        const strengthWords = words(strength.description);
        const shared = [...words(need.description)].filter((w) => strengthWords.has(w));
        const points = WEIGHT[need.priority] + shared.length;
        score += points;
        if (!best || points > best.points) best = { strength, points };
      }
    }
    if (!best) continue;
    const crossInstitution = !!mentor.institutionId && !!mentee.institutionId && mentor.institutionId !== mentee.institutionId;
    if (crossInstitution) score += CROSS_INSTITUTION_BONUS;
    score -= LOAD_PENALTY * mentor.mentees.length;
    const reason = msg("mentor.suggest.reason", {
      mentor: mentor.institution ? msg("mentor.suggest.mentorAt", { name: mentor.displayName, institution: mentor.institution }) : mentor.displayName,
      category: msg(CAPACITY_CATEGORIES.messages[best.strength.category]),
      strength: best.strength.description,
      mentee: mentee.displayName,
      institution: crossInstitution ? "another" : mentor.institutionId && mentor.institutionId === mentee.institutionId ? "same" : "unknown",
      mentees: mentor.mentees.length,
    });
    out.push({ mentor, score, reason });
  }
  return out.sort((a, b) => b.score - a.score || a.mentor.displayName.localeCompare(b.mentor.displayName)).slice(0, limit);
}
