// The partnership report's pure parts: time buckets, chart labels and number locales, HTML escaping
// and SVG embedding, and a whole document from hand-made figures drawn by the real Vega renderer.
import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { translator } from "../../src/core/i18n/index.ts";
import type { ChartSpec } from "../../src/core/ports.ts";
import { numberLocale, shortLabels } from "../../src/core/report/charts.ts";
import { bucketsFor, type ReportData } from "../../src/core/report/data.ts";
import { embedSvg, escapeHtml, renderReport } from "../../src/core/report/html.ts";
import { sansWidth, vegaCharts } from "../../src/reports/vega.ts";

describe("time buckets", () => {
  it("uses months for up to a year, quarters for up to five years, then years", () => {
    const year = bucketsFor({ from: "2026-01-01", to: "2026-12-31" }, []);
    expect(year.unit).toBe("month");
    expect(year.keys).toHaveLength(12);
    expect(year.of("2026-03")).toBe("2026-03");
    const three = bucketsFor({ from: "2024-01-01", to: "2026-12-31" }, []);
    expect(three.unit).toBe("quarter");
    expect(three.keys).toEqual(["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
    expect(three.of("2025-08")).toBe("2025-Q3");
    expect(bucketsFor({ from: "2015-06-01", to: "2026-12-31" }, []).keys[0]).toBe("2015");
  });

  it("takes an open period's ends from the data, and has none without data", () => {
    expect(bucketsFor({ from: null, to: null }, ["2026-05", "2026-02"]).keys).toEqual(["2026-02", "2026-03", "2026-04", "2026-05"]);
    expect(bucketsFor({ from: "2026-04-15", to: null }, ["2026-06"]).keys).toEqual(["2026-04", "2026-05", "2026-06"]);
    expect(bucketsFor({ from: null, to: null }, []).keys).toEqual([]);
  });
});

describe("chart labels and numbers", () => {
  it("shortens long labels for drawing, never merging two into one", () => {
    const long = "Universidade Federal do Rio Grande do Norte, Natal";
    const twin = "Universidade Federal do Rio Grande do Sul, Porto Alegre";
    const short = shortLabels([long, "UoN", twin, `${long} (campus)`]);
    expect(short.get("UoN")).toBe("UoN");
    expect([...short.get(twin)!].length).toBeLessThanOrEqual(40);
    expect(short.get(twin)).toMatch(/…$/);
    // Two that would shorten alike stay whole.
    expect(short.get(long)).toBe(long);
    expect(short.get(`${long} (campus)`)).toBe(`${long} (campus)`);
  });

  it("formats chart numbers like the text around them", () => {
    expect(numberLocale("fr")).toMatchObject({ decimal: ",", thousands: "\u202f", percent: expect.stringMatching(/^[\u00a0\u202f]%$/) });
    expect(numberLocale("en")).toMatchObject({ decimal: ".", thousands: ",", percent: "%" });
    expect(numberLocale("pt")).toMatchObject({ decimal: ",", thousands: "." });
  });

  it("measures sans-serif text, accents as their letters", () => {
    expect(sansWidth("Maré", 10)).toBeCloseTo(sansWidth("Mare", 10));
    expect(sansWidth("WWW", 10)).toBeGreaterThan(sansWidth("iii", 10) * 3);
    expect(sansWidth("", 12)).toBe(0);
  });
});

describe("HTML", () => {
  it("escapes the five special characters and drops control characters", () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'\u0000`)).toBe("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
  });

  it("makes an SVG responsive and names it by its caption and table", () => {
    const svg = embedSvg('<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="620" height="240" viewBox="0 0 620 240" role="graphics-document"><rect/></svg>', "f1-caption", "f1-data");
    expect(svg.html).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 620 240" width="100%" preserveAspectRatio="xMinYMin meet" role="img" focusable="false" aria-labelledby="f1-caption" aria-describedby="f1-data" style="max-width:620px"><rect/></svg>',
    );
    expect(() => embedSvg("<div/>", "a", "b")).toThrow(/no <svg>/);
  });
});

const EMPTY_NEEDS = { members: 4, respondents: 2, categories: [], groups: [], suppressed: true };

const DATA: ReportData = {
  project: { name: 'Coastal <script>alert("x")</script> $& Resilience', slug: "coastal", members: 4 },
  period: { from: "2026-01-01", to: "2026-03-31" },
  generatedAt: new Date("2026-04-02T10:00:00Z"),
  totals: { total: 4, recorded: 1, confirmed: 2, disputed: 1, acknowledgements: 2, leadRoles: 2 },
  equity: [
    { dimension: "institution", key: "i1", label: "Maré & <Co>", contributions: 3, contributionShare: 0.75, acknowledgements: 0, acknowledgementShare: 0, leadRoles: 1, leadShare: 0.5, underAcknowledged: true },
    { dimension: "institution", key: null, label: "no institution", contributions: 1, contributionShare: 0.25, acknowledgements: 2, acknowledgementShare: 1, leadRoles: 1, leadShare: 0.5, underAcknowledged: false },
    { dimension: "career stage", key: "phd_candidate", label: "PhD candidate", contributions: 4, contributionShare: 1, acknowledgements: 2, acknowledgementShare: 1, leadRoles: 2, leadShare: 1, underAcknowledged: false },
  ],
  leadRoles: [
    { institutionId: "i1", institution: "Maré & <Co>", role: "investigation", contributions: 1 },
    { institutionId: null, institution: null, role: "translation_interpretation", contributions: 1 },
  ],
  timeline: {
    roles: [
      { month: "2026-01", key: "investigation", n: 2 },
      { month: "2026-03", key: "translation_interpretation", n: 2 },
    ],
    knowledge: [{ month: "2026-01", key: "lived_experience", n: 1 }],
    contributions: [
      { month: "2026-01", key: "all", n: 2 },
      { month: "2026-01", key: "none", n: 1 },
      { month: "2026-03", key: "all", n: 2 },
      { month: "2026-03", key: "none", n: 2 },
    ],
  },
  valued: { people: 1, forms: [{ form: "authorship", people: 1, first: 1 }] },
  mentorship: { pairs: 0, activeNow: 0, ended: 0, crossInstitution: 0, overdueNow: 0, activity: { months: [], overdue: { stretches: 0, reachedLeads: 0 } } },
  needs: EMPTY_NEEDS,
  participation: [],
};

describe("a whole report from figures", () => {
  it("escapes every name, words everything in the reader's language and says so when a section is empty", async () => {
    const html = await renderReport(DATA, { t: translator("es"), charts: vegaCharts(), timeZone: "America/Bogota" });
    expect(html).toMatch(/^<!doctype html>\n<html lang="es">/);
    expect(html).not.toContain("<script");
    expect(html).toContain("<title>Coastal &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; $&amp; Resilience: informe de la alianza</title>");
    expect(html).toContain("Maré &amp; &lt;Co&gt;");
    expect(html).toContain("Del 1 de enero de 2026 al 31 de marzo de 2026");
    expect(html).toContain("Sin institución");
    expect(html).toContain("Maré &amp; &lt;Co&gt; (institución) hizo el 75"); // the flag
    expect(html).toContain("No hubo parejas de mentoría activas en este período.");
    expect(html).toContain("Menos de 3 miembros han indicado necesidades");
    expect(html).toContain("No se envió ninguna pregunta de reflexión en este período.");
    expect(html).toContain("Traducción / interpretación"); // a partnership role, worded
    expect(html).toContain("Investigation"); // a CRediT role keeps its official name
    // Six charts (two equity views, lead roles, roles and knowledge over time, valued forms), each named and described.
    const svgs = [...html.matchAll(/<svg [^>]*role="img"[^>]*>/g)];
    expect(svgs).toHaveLength(6);
    expect(html.match(/<figcaption id="figure-\d+-caption">/g)).toHaveLength(6);
    // Months of the period, each with its column; the "no form of knowledge" row counts contributions without one.
    expect(html).toContain('data-table="knowledge-over-time"');
    expect(html).toMatch(/<tr data-key="none"><th scope="row">Sin forma de conocimiento indicada<\/th>(<td[^>]*>\d<\/td>){3}<td[^>]*data-col="total" data-value="3">/);
  });
});

describe("the Vega renderer", () => {
  it("draws a spec to a standalone SVG", async () => {
    const spec: ChartSpec = { data: { values: [{ a: "x", b: 1 }] }, mark: "bar", encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } } };
    const svg = await vegaCharts().svg(spec);
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 [\d.]+ [\d.]+"/);
    expect(svg).not.toMatch(/<script|href="http/);
  });

  it("loads nothing: a spec that asks for a URL fails without a request", async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end("a,b\nx,1\n");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      await expect(vegaCharts().svg({ data: { url: `http://127.0.0.1:${port}/data.csv` }, mark: "bar", encoding: { x: { field: "a", type: "nominal" } } })).rejects.toThrow(
        /asked to load http:\/\/127\.0\.0\.1/,
      );
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });
});
