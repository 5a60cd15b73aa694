// Charts for documents, drawn on the server: a Vega-Lite spec is compiled to Vega and rendered to an
// SVG string by a headless View (renderer "none": no DOM, no canvas). The core builds the specs
// (src/core/report/charts.ts); this is the one module that knows the chart library.
//
// vega and vega-lite are imported on first use, not at start-up: a bot that never makes a report
// never loads them (they add ~40 MB to the heap once loaded). Specs carry their data inline, and the
// View's loader refuses every load, so drawing a chart never reads a file or the network.
import type * as Vega from "vega";
import type * as VegaLite from "vega-lite";
import type { ChartRenderer, ChartSpec, Logger } from "../core/ports.ts";

// Type-only imports: erased from the JavaScript, so nothing is loaded before the first chart.
type Libraries = { vega: typeof Vega; vegaLite: typeof VegaLite };
/** vega-scenegraph's text measurement hook (exported by vega, not in its type declarations). */
type TextMetrics = { width: (item: { fontSize?: number }, text?: unknown) => number };

let libraries: Promise<Libraries> | undefined;
const load = (): Promise<Libraries> => {
  libraries ??= Promise.all([import("vega"), import("vega-lite")]).then(([vega, vegaLite]) => {
    // Vega's documented hook for measuring text without a canvas (vl-convert uses it too): its own
    // fallback counts 0.8 em a character, which leaves labels far from their axis.
    (vega as unknown as { textMetrics: TextMetrics }).textMetrics.width = (item, text) => sansWidth(String(text ?? ""), item.fontSize ?? 11);
    return { vega, vegaLite };
  });
  // A failed import is not cached: the next report tries again.
  libraries.catch(() => (libraries = undefined));
  return libraries;
};

type VegaLogger = ReturnType<typeof Vega.logger>;

/**
 * `logger` receives Vega's and Vega-Lite's warnings; an error, or a spec that asks to load anything,
 * fails the chart (the specs are Mutual's own: either is a bug to see, not a blank chart to ship).
 */
export function vegaCharts(logger?: Logger): ChartRenderer {
  return {
    async svg(spec: ChartSpec): Promise<string> {
      const { vega, vegaLite } = await load();
      const problems: string[] = [];
      const log: VegaLogger = vega.logger(vega.Warn, undefined, (method, _level, args) => {
        const text = args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ");
        if (method === "error") problems.push(text);
        else logger?.warn({ chart: text }, "chart warning");
      });
      const refuse = (what: unknown) => {
        problems.push(`a chart asked to load ${String(what)}; charts carry their data inline`);
        return Promise.reject(new Error("charts load nothing"));
      };
      const noLoader = { load: refuse, sanitize: refuse, http: refuse, file: refuse };
      const compiled = vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0], { logger: log }).spec;
      const view = new vega.View(vega.parse(compiled), { renderer: "none", loader: noLoader as unknown as ReturnType<typeof vega.loader>, logger: log, logLevel: vega.Warn });
      try {
        const svg = await view.toSVG();
        if (problems.length) throw new Error(`chart not drawn: ${problems.join("; ")}`);
        return svg;
      } finally {
        view.finalize();
      }
    },
  };
}

/**
 * Advance widths of a sans-serif face (Helvetica's, in thousandths of an em, for ASCII 32–126), a
 * little widened for the wider system faces (DejaVu Sans). Accented letters measure as their base
 * letter; other scripts as 0.6 em, and wide (CJK) characters as 1 em.
 */
const ASCII = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584,
  584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
  667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556,
  500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const WIDEN = 1.15;

export function sansWidth(text: string, fontSize: number): number {
  let units = 0;
  for (const ch of text.normalize("NFD")) {
    const code = ch.codePointAt(0)!;
    if (code >= 32 && code <= 126) units += ASCII[code - 32]!;
    else if (code >= 0x300 && code <= 0x36f) continue; // a combining accent adds nothing
    else if (code >= 0x1100 && (code <= 0x115f || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xff60))) units += 1000;
    else units += 600;
  }
  return (units / 1000) * fontSize * WIDEN;
}
