import { UserError } from "../errors.ts";
import { success } from "../message.ts";
import { EXPORT_FORMATS, exportFile, type ExportFormat } from "../credit/exports.ts";
import type { GroupBy, ProjectSummary } from "../credit/model.ts";
import { equityRows, renderSummary } from "../credit/summary.ts";
import { parsePeriod } from "../credit/terms.ts";
import { reportFile } from "../report/index.ts";
import { action, defineCommand } from "./definition.ts";


const GROUPS: Record<GroupBy, string> = { person: "person", institution: "institution", role: "role", knowledge: "form of knowledge" };
const FORMATS = { ...EXPORT_FORMATS, report: "partnership report (HTML with charts)", all: "every format" } as Record<ExportFormat | "report" | "all", string>;

export const summary = defineCommand({
  name: "summary",
  description: "Who did what, and who was acknowledged: for leads, the whole project; for you, your own.",
  aliases: ["report"],
  action: action({
    description: "Summarise a project's contributions for a period, in chat or as files.",
    options: [
      { name: "project", type: "string", suggest: "projects", positional: true, description: "Project (default: your only project)." },
      { name: "by", type: "choice", choices: GROUPS, description: "Group by person (default), institution, role or knowledge." },
      { name: "period", type: "string", description: "2026, 2026-Q3 or 2026-10 (default: all time)." },
      { name: "from", type: "string", description: "First day, YYYY-MM-DD." },
      { name: "to", type: "string", description: "Last day, YYYY-MM-DD." },
      { name: "format", type: "choice", choices: FORMATS, description: "Export as markdown, csv, json, credit, jats, tenzing, report (HTML) or all (leads)." },
    ],
    examples: ["summary coastal-resilience period=2026 by=institution", "summary by=role format=csv", "summary format=report period=2026", "summary format=all period=2026-Q3"],
    idempotent: true,
    async handler({ actor, services, project, t }, args) {
      const period = parsePeriod(args);
      const by = (args.by as GroupBy | undefined) ?? "person";
      // Leads see the whole project; everyone else sees what concerns them.
      const scope = project.myRole === "lead" ? "project" : "own";
      if (args.format !== undefined && scope !== "project") {
        throw new UserError(`Only leads of ${project.name} can export its contributions.`, "Ask a lead, or see your own summary with `summary`.");
      }
      const onlyPersonId = scope === "own" ? actor.personId : undefined;
      const data = await services.store.credit.summarize(project.id, period, by, onlyPersonId);
      const result: ProjectSummary = {
        project: { name: project.name, slug: project.slug },
        period,
        by,
        totals: data.totals,
        groups: data.groups,
        equity: scope === "project" ? equityRows(data.equity) : [],
        generatedAt: services.clock.now().toISOString(),
      };
      const reply = renderSummary(result, scope);
      if (args.format === undefined) return reply;
      const formats = args.format === "all" ? ([...Object.keys(EXPORT_FORMATS), "report"] as Array<ExportFormat | "report">) : [args.format as ExportFormat | "report"];
      const contributions = () => services.store.credit.contributions(project.id, period, onlyPersonId);
      const files = await Promise.all(
        formats.map((f) => (f === "report" ? reportFile(services, project, period, t, actor.timezone) : exportFile(f, result, contributions))),
      );
      return [reply, { ...success(`Exported ${formats.map((f) => FORMATS[f]).join(", ")}.`), files }];
    },
  }),
});
