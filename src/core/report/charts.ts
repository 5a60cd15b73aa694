// The report's charts as Vega-Lite specifications: plain JSON with the data inline, drawn to SVG by
// the ChartRenderer port (src/reports/vega.ts). Every label arrives already worded in the reader's
// language; numbers on axes follow the reader's locale (config.locale). The specs hold no
// expressions built from data, so a name can only ever be a label.
import type { ChartSpec } from "../ports.ts";

/** Colour-blind-safe colours (Okabe & Ito), and a neutral grey for "none" and "no answer". */
export const COLOURS = {
  blue: "#0072B2",
  orange: "#E69F00",
  green: "#009E73",
  sky: "#56B4E9",
  vermillion: "#D55E00",
  purple: "#CC79A7",
  yellow: "#F0E442",
  grey: "#BBBBBB",
  lightGrey: "#DDDDDD",
} as const;

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";
const WIDTH = 480;

/** A d3-format locale (what Vega formats numbers with) made from Intl, so "1 234" and "25 %" read as the text around them. */
export function numberLocale(lang: string) {
  const parts = new Intl.NumberFormat(lang).formatToParts(12345.6);
  const percent = new Intl.NumberFormat(lang, { style: "percent" }).formatToParts(0.25);
  const afterNumber = percent.slice(percent.findIndex((p) => p.type === "integer") + 1).map((p) => p.value).join("");
  return {
    decimal: parts.find((p) => p.type === "decimal")?.value ?? ".",
    thousands: parts.find((p) => p.type === "group")?.value ?? ",",
    grouping: [3],
    currency: ["", ""],
    percent: afterNumber || "%",
  };
}

const config = (lang: string) => ({
  aria: false,
  background: "#ffffff",
  padding: 8,
  font: FONT,
  locale: { number: numberLocale(lang) },
  view: { stroke: null },
  // No truncation by Vega (labelLimit 0): labels arrive shortened (shortLabels), so none is cut twice.
  axis: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: "normal", labelColor: "#333333", titleColor: "#333333", gridColor: "#E6E6E6", domainColor: "#888888", tickColor: "#888888", labelLimit: 0 },
  legend: { labelFontSize: 12, titleFontSize: 12, labelColor: "#333333", orient: "bottom", direction: "horizontal", labelLimit: 0, symbolType: "square", title: null },
});

/** Longest label drawn in a chart, in characters; the tables under the charts carry the full names. */
export const LABEL_MAX = 40;

/**
 * Labels shortened for drawing ("Universidade Federal do Rio Grande do…"), each still distinct: two
 * labels that would shorten alike are drawn in full, so no two groups ever merge into one bar.
 */
export function shortLabels(labels: readonly string[], max = LABEL_MAX): Map<string, string> {
  const cut = (l: string) => ([...l].length <= max ? l : `${[...l].slice(0, max - 1).join("").trimEnd()}…`);
  const counts = new Map<string, number>();
  for (const l of new Set(labels)) counts.set(cut(l), (counts.get(cut(l)) ?? 0) + 1);
  return new Map(labels.map((l) => [l, counts.get(cut(l)) === 1 ? cut(l) : l]));
}

export interface Series {
  /** The label shown (legend, axis), already worded. */
  label: string;
  colour: string;
}

/**
 * Horizontal bars, one band per group (in the order given), one bar per series: side by side
 * (grouped, e.g. shares of contributions vs. acknowledgements) or stacked (parts of a whole).
 */
export function horizontalBars(opts: {
  lang: string;
  groups: readonly string[];
  series: readonly Series[];
  /** One value per group and series (missing: 0). */
  values: ReadonlyArray<{ group: string; series: string; value: number }>;
  layout: "grouped" | "stacked";
  axisTitle: string;
  /** ".0%" for shares, "d" for counts. */
  format: ".0%" | "d";
}): ChartSpec {
  const { layout } = opts;
  const grouped = layout === "grouped";
  const short = shortLabels([...opts.groups, ...opts.series.map((s) => s.label)]);
  const groups = opts.groups.map((g) => short.get(g)!);
  const series = opts.series.map((s) => ({ ...s, label: short.get(s.label)! }));
  const step = grouped ? Math.max(1, series.length) * 12 + 12 : 24;
  return {
    width: WIDTH - 200,
    height: { step },
    data: {
      values: opts.values.map((v) => ({ group: short.get(v.group) ?? v.group, series: short.get(v.series) ?? v.series, value: v.value, seriesOrder: opts.series.findIndex((s) => s.label === v.series) })),
    },
    mark: { type: "bar", ...(grouped ? {} : { stroke: "#ffffff", strokeWidth: 0.5 }) },
    encoding: {
      y: { field: "group", type: "nominal", sort: groups, title: null },
      x: {
        field: "value",
        type: "quantitative",
        title: opts.axisTitle,
        ...(layout === "stacked" ? { stack: "zero" } : { stack: null }),
        axis: { format: opts.format, tickMinStep: opts.format === "d" ? 1 : 0.05 },
        ...(opts.format === ".0%" ? { scale: { domain: [0, 1] } } : {}),
      },
      ...(grouped ? { yOffset: { field: "series", type: "nominal", sort: series.map((s) => s.label) } } : {}),
      color: {
        field: "series",
        type: "nominal",
        sort: series.map((s) => s.label),
        scale: { domain: series.map((s) => s.label), range: series.map((s) => s.colour) },
        legend: series.length > 1 ? { columns: Math.min(series.length, 2) } : null,
      },
      order: { field: "seriesOrder", type: "quantitative" },
    },
    config: config(opts.lang),
  };
}

/**
 * Columns over time (months, quarters or years, in the order given), stacked by series. A series
 * list longer than the colours given takes its colours from Vega's "tableau20" scheme.
 */
export function timeColumns(opts: {
  lang: string;
  buckets: readonly string[];
  series: ReadonlyArray<{ label: string; colour?: string }>;
  values: ReadonlyArray<{ bucket: string; series: string; value: number }>;
  axisTitle: string;
}): ChartSpec {
  const short = shortLabels(opts.series.map((s) => s.label));
  const labels = opts.series.map((s) => short.get(s.label)!);
  const colours = opts.series.every((s) => s.colour) ? { range: opts.series.map((s) => s.colour!) } : { scheme: "tableau20" };
  return {
    width: WIDTH,
    height: 220,
    data: {
      values: opts.values
        .filter((v) => v.value > 0)
        .map((v) => ({ bucket: v.bucket, series: short.get(v.series) ?? v.series, value: v.value, seriesOrder: opts.series.findIndex((s) => s.label === v.series) })),
    },
    mark: { type: "bar", stroke: "#ffffff", strokeWidth: 0.5 },
    encoding: {
      x: { field: "bucket", type: "ordinal", sort: [...opts.buckets], scale: { domain: [...opts.buckets] }, title: null, axis: { labelAngle: opts.buckets.length > 8 ? -40 : 0, labelLimit: 90 } },
      y: { field: "value", type: "quantitative", aggregate: "sum", stack: "zero", title: opts.axisTitle, axis: { format: "d", tickMinStep: 1 } },
      color: { field: "series", type: "nominal", sort: labels, scale: { domain: labels, ...colours }, legend: { columns: labels.length > 4 ? 2 : Math.max(1, labels.length) } },
      order: { field: "seriesOrder", type: "quantitative" },
    },
    config: config(opts.lang),
  };
}
