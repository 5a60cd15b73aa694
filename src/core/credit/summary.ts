// From counts to what leads read: shares, the equity view and the compact chat rendering.
import { heading, info, list, note, text, type Block, type OutgoingMessage } from "../message.ts";
import type { EquityCount } from "../ports.ts";
import type { EquityRow, ProjectSummary, StatusCounts } from "./model.ts";
import { describePeriod } from "./terms.ts";

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
export const percent = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Shares of contributions, acknowledgements and lead roles per institution and career stage.
 * A group is flagged under-acknowledged when its share of acknowledgements is less than half its
 * share of contributions (and it made at least 3): a fact to look at, not a score.
 */
export function equityRows(counts: EquityCount[]): EquityRow[] {
  const rows: EquityRow[] = [];
  for (const dimension of ["institution", "career stage"] as const) {
    const group = counts.filter((c) => c.dimension === dimension);
    const total = { c: 0, a: 0, l: 0 };
    for (const g of group) {
      total.c += g.contributions;
      total.a += g.acknowledgements;
      total.l += g.leadRoles;
    }
    for (const g of group) {
      const contributionShare = share(g.contributions, total.c);
      const acknowledgementShare = share(g.acknowledgements, total.a);
      rows.push({
        dimension,
        label: g.label,
        ...(g.key !== undefined && { key: g.key }),
        contributions: g.contributions,
        contributionShare,
        acknowledgements: g.acknowledgements,
        acknowledgementShare,
        leadRoles: g.leadRoles,
        leadShare: share(g.leadRoles, total.l),
        underAcknowledged: g.contributions >= 3 && acknowledgementShare < contributionShare / 2,
      });
    }
  }
  return rows.sort((a, b) => (a.dimension === b.dimension ? b.contributions - a.contributions : a.dimension === "institution" ? -1 : 1));
}

export const statusLine = (c: StatusCounts) =>
  `${c.total} ${c.total === 1 ? "contribution" : "contributions"}` +
  (c.total ? ` (${[c.confirmed && `${c.confirmed} confirmed`, c.recorded && `${c.recorded} unconfirmed`, c.disputed && `${c.disputed} disputed`].filter(Boolean).join(", ")})` : "");

export const equitySentence = (e: EquityRow) =>
  `${e.label}: ${percent(e.contributionShare)} of contributions, ${percent(e.acknowledgementShare)} of acknowledgements, ${percent(e.leadShare)} of lead roles` +
  (e.underAcknowledged ? " — under-acknowledged" : "");

const GROUP_TITLES = { person: "By person", institution: "By institution", role: "By role", knowledge: "By form of knowledge" } as const;

export function renderSummary(s: ProjectSummary, scope: "project" | "own"): OutgoingMessage {
  const blocks: Block[] = [
    heading(`${s.project.name} — ${scope === "own" ? "your contributions" : "contributions"}, ${describePeriod(s.period)}`),
    text(`${statusLine(s.totals)}; ${s.totals.leadRoles} at lead degree; ${s.totals.acknowledgements} ${s.totals.acknowledgements === 1 ? "acknowledgement" : "acknowledgements"}.`),
  ];
  if (s.groups.length) {
    blocks.push(
      text(`${GROUP_TITLES[s.by]}:`),
      list(
        s.groups.map(
          (g) =>
            `${g.label} — ${statusLine(g.contributions)} · ${g.acknowledgements} kudos · ${g.leadRoles} lead` +
            (g.preferences ? ` · values ${g.preferences.forms.join(", ")}${g.preferences.note ? ` (“${g.preferences.note}”)` : ""}` : ""),
        ),
      ),
    );
  }
  if (scope === "project" && s.equity.length) {
    const flagged = s.equity.filter((e) => e.underAcknowledged);
    blocks.push(text("Equity (share of contributions vs. acknowledgements and lead roles):"), list(s.equity.map(equitySentence)));
    blocks.push(note(flagged.length ? `Under-acknowledged: ${flagged.map((e) => e.label).join(", ")}.` : "No group is under-acknowledged in this period."));
  }
  if (s.totals.total === 0) blocks.push(note("Nothing recorded in this period yet. Record one with `contribution add`."));
  if (scope === "own") blocks.push(note("Leads see the whole project; this summary covers your own contributions and thanks."));
  return info(...blocks);
}
