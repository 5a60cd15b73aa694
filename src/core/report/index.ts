// `summary format=report`: the partnership report, one self-contained HTML file. The figures are
// gathered and the charts drawn when the command runs, so a failure is the command's (nothing is
// half-written); the file itself is a few hundred kilobytes at most, whatever the project's size.
import type { ExportFile, Period } from "../credit/model.ts";
import { safeName } from "../credit/exports.ts";
import type { Translator } from "../i18n/index.ts";
import type { ProjectRecord } from "../ports.ts";
import type { Services } from "../services.ts";
import { gatherReport, type ReportServices } from "./data.ts";
import { renderReport } from "./html.ts";

export async function reportFile(services: ReportServices & Pick<Services, "charts">, project: ProjectRecord, period: Period, t: Translator, timeZone: string | null): Promise<ExportFile> {
  const data = await gatherReport(services, project, period);
  const html = await renderReport(data, { t, charts: services.charts, timeZone });
  const end = period.to ?? data.generatedAt.toISOString().slice(0, 10);
  return {
    filename: `${safeName(project.slug) || "project"}-report-${safeName(period.from ?? "start")}-to-${safeName(end)}.html`,
    mediaType: "text/html; charset=utf-8",
    async *chunks() {
      yield html;
    },
  };
}
