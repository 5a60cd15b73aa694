// No import cycles in the core: a module and what it imports form layers, so each can be read, tested
// and moved without the other. Type-only imports count too (they are how layers leak). Uses the
// TypeScript compiler's own import scanner; no dependency graph library.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../../src/core");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** Each core file's imports of other core files (relative specifiers only). */
function graph(): Map<string, string[]> {
  const files = sources(ROOT);
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
      const targets = importedFiles.map((f) => f.fileName).filter((s) => s.startsWith(".")).map((s) => resolve(dirname(file), s));
      return [file, [...new Set(targets.filter((t) => known.has(t)))]];
    }),
  );
}

/** The strongly connected components with more than one file (Tarjan), as paths relative to src/core. */
function cycles(edges: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(relative(ROOT, w));
    } while (w !== v);
    if (component.length > 1) found.push(component.sort());
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe("src/core imports", () => {
  it("form no cycle", () => {
    expect(cycles(graph())).toEqual([]);
  });

  it("the check finds a cycle when there is one", () => {
    const edges = new Map([
      [join(ROOT, "a.ts"), [join(ROOT, "b.ts")]],
      [join(ROOT, "b.ts"), [join(ROOT, "c.ts")]],
      [join(ROOT, "c.ts"), [join(ROOT, "a.ts")]],
      [join(ROOT, "d.ts"), [join(ROOT, "a.ts")]],
    ]);
    expect(cycles(edges)).toEqual([["a.ts", "b.ts", "c.ts"]]);
  });
});
