import { fail } from "../errors.ts";
import { msg, type MessageId } from "../i18n/index.ts";
import { recordScope } from "../policy.ts";
import { success } from "../message.ts";
import { EXPORT_FORMATS, exportFile, type ExportFormat } from "../credit/exports.ts";
import type { GroupBy, ProjectSummary } from "../credit/model.ts";
import { equityRows, renderSummary } from "../credit/summary.ts";
import { parsePeriod } from "../credit/terms.ts";
import { reportFile } from "../report/index.ts";
import { action, defineCommand } from "./definition.ts";


const GROUPS: Record<GroupBy, MessageId> = {
  person: "choice.summary.by.person",
  institution: "choice.summary.by.institution",
  role: "choice.summary.by.role",
  knowledge: "choice.summary.by.knowledge",
};
const FORMATS: Record<ExportFormat | "report" | "all", MessageId> = { ...EXPORT_FORMATS, report: "choice.summary.format.report", all: "choice.summary.format.all" };

export const summary = defineCommand({
  name: "summary",
  description: "cmd.summary",
  aliases: ["report"],
  action: action({
    description: "cmd.summary.action",
    ports: ["credit", "reflections", "mentorship", "capacity"],
    options: [
      { name: "project", type: "string", suggest: "projects", positional: true, description: "opt.project" },
      { name: "by", type: "choice", choices: GROUPS, description: "opt.summary.by" },
      { name: "period", type: "string", description: "opt.summary.period" },
      { name: "from", type: "string", description: "opt.summary.from" },
      { name: "to", type: "string", description: "opt.summary.to" },
      { name: "format", type: "choice", choices: FORMATS, description: "opt.summary.format" },
    ],
    examples: ["summary coastal-resilience period=2026 by=institution", "summary by=role format=csv", "summary format=report period=2026", "summary format=all period=2026-Q3"],
    idempotent: true,
    async handler({ actor, services, project, t }, args) {
      const period = parsePeriod(args);
      const by = (args.by as GroupBy | undefined) ?? "person";
      // Leads see the whole project; everyone else sees what concerns them (a member: POLICY).
      const scope = recordScope(project.myRole) === "project" ? "project" : "own";
      if (args.format !== undefined && scope !== "project") fail("summary.leadsOnlyExport", { project: project.name }, msg("summary.leadsOnlyExport.hint"));
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
      const reply = renderSummary(t, result, scope);
      if (args.format === undefined) return reply;
      const formats = args.format === "all" ? ([...Object.keys(EXPORT_FORMATS), "report"] as Array<ExportFormat | "report">) : [args.format as ExportFormat | "report"];
      const contributions = () => services.store.credit.contributions(project.id, period, onlyPersonId);
      const files = await Promise.all(
        formats.map((f) => (f === "report" ? reportFile(services, project, period, t, actor.timezone) : exportFile(f, result, contributions, t))),
      );
      return [reply, { ...success(t("summary.exported", { formats: t.list(formats.map((f) => t(FORMATS[f])), "unit") })), files }];
    },
  }),
});
