// The figures of a partnership report, read through the same store queries as summaries, mentorship
// lists and the needs plan, so a report and `summary format=json` always agree. Counts only: no
// answer, note, reason, need or comment text is kept here (capacity profiles carry the stated
// needs, which aggregateNeeds reduces to counts; its statements are dropped).
import { aggregateNeeds, type NeedsAggregate } from "../capacity/aggregate.ts";
import type { EquityRow, Period } from "../credit/model.ts";
import { equityRows } from "../credit/summary.ts";
import { OVERDUE_MENTOR_CYCLES, overdueAt, pairEnded } from "../mentorship/reminders.ts";
import type { CreditTimeline, LeadRoleCount, MentorshipActivity, PairRecord, ParticipationMonth, ProjectRecord, SummaryData, ValuedForms } from "../ports.ts";
import type { Ports, Services } from "../services.ts";

export interface MentorshipFigures {
  /** Pairs that ran during some part of the period. */
  pairs: number;
  /** Of those, still running now, and ended (unpaired or past their end date). */
  activeNow: number;
  ended: number;
  /** Pairs whose mentor and mentee belong to two different institutions. */
  crossInstitution: number;
  /** Running pairs past 1.5 cycles without a check-in now, as `mentor list` shows them. */
  overdueNow: number;
  activity: MentorshipActivity;
}

export interface ReportData {
  project: { name: string; slug: string; members: number };
  period: Period;
  generatedAt: Date;
  totals: SummaryData["totals"];
  equity: EquityRow[];
  leadRoles: LeadRoleCount[];
  timeline: CreditTimeline;
  valued: ValuedForms;
  mentorship: MentorshipFigures;
  /** Without the stated needs: a report shows counts only. */
  needs: Omit<NeedsAggregate, "statements">;
  participation: ParticipationMonth[];
}

/** The pair ran on some day of the period: it started before the period ended and ended (if it did) after it began. */
function ranDuring(p: PairRecord, period: Period): boolean {
  const ended = [p.endedAt?.toISOString().slice(0, 10), p.endsOn ?? undefined].filter((d): d is string => !!d).sort()[0];
  return (period.to === null || p.startsOn <= period.to) && (period.from === null || ended === undefined || ended >= period.from);
}

/** What the report reads: the project's credit, pairs, capacity and participation. */
export type ReportServices = Ports<"credit" | "mentorship" | "capacity" | "reflections"> & Pick<Services, "clock">;

export async function gatherReport(services: ReportServices, project: ProjectRecord, period: Period): Promise<ReportData> {
  const { store } = services;
  const now = services.clock.now();
  const [summary, leadRoles, timeline, valued, pairs, activity, profiles, participation] = await Promise.all([
    // By institution, as `summary by=institution` counts it; totals and equity do not depend on the grouping.
    store.credit.summarize(project.id, period, "institution"),
    store.credit.leadRoles(project.id, period),
    store.credit.timeline(project.id, period),
    store.credit.valuedForms(project.id),
    store.mentorship.pairs(project.id),
    store.mentorship.activity(project.id, period),
    store.capacity.profiles(project.id),
    store.reflections.participation(project.id, period),
  ]);
  const institutionOf = new Map(profiles.map((p) => [p.personId, p.institutionId]));
  const during = pairs.filter((p) => ranDuring(p, period));
  const running = during.filter((p) => !pairEnded(p, now));
  const { statements: _private, ...needs } = aggregateNeeds(profiles);
  return {
    project: { name: project.name, slug: project.slug, members: project.members },
    period,
    generatedAt: now,
    totals: summary.totals,
    equity: equityRows(summary.equity),
    leadRoles,
    timeline,
    valued,
    mentorship: {
      pairs: during.length,
      activeNow: running.length,
      ended: during.length - running.length,
      crossInstitution: during.filter((p) => {
        const [a, b] = [institutionOf.get(p.mentor.personId), institutionOf.get(p.mentee.personId)];
        return !!a && !!b && a !== b;
      }).length,
      overdueNow: running.filter((p) => overdueAt(p, OVERDUE_MENTOR_CYCLES) <= now).length,
      activity,
    },
    needs,
    participation,
  };
}

export type Unit = "month" | "quarter" | "year";

/** The periods a report's time charts are drawn in: months for up to a year, quarters up to five years, then years. */
export interface Buckets {
  unit: Unit;
  /** Keys in order: "2026-03", "2026-Q1" or "2026". */
  keys: string[];
  /** The bucket a month (YYYY-MM) falls in. */
  of(month: string): string;
}

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthKey = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;

/** From the period's first month (or the first with data) to its last (or the last with data). */
export function bucketsFor(period: Period, dataMonths: readonly string[]): Buckets {
  const sorted = [...dataMonths].sort();
  const first = period.from?.slice(0, 7) ?? sorted[0];
  const last = period.to?.slice(0, 7) ?? sorted[sorted.length - 1];
  if (!first || !last || first > last) return { unit: "month", keys: [], of: (m) => m };
  const span = monthIndex(last) - monthIndex(first) + 1;
  const unit: Unit = span <= 12 ? "month" : span <= 60 ? "quarter" : "year";
  const of = (month: string) =>
    unit === "month" ? month.slice(0, 7) : unit === "quarter" ? `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}` : month.slice(0, 4);
  const keys: string[] = [];
  for (let i = monthIndex(first); i <= monthIndex(last); i++) {
    const key = of(monthKey(i));
    if (keys[keys.length - 1] !== key) keys.push(key);
  }
  return { unit, keys, of };
}

/** Every month a report's time charts have data in. */
export const dataMonths = (d: ReportData): string[] => [
  ...new Set([
    ...d.timeline.contributions.map((c) => c.month),
    ...d.mentorship.activity.months.map((m) => m.month),
    ...d.participation.map((p) => p.month),
  ]),
];
