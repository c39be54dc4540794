/**
 * vega-lite → vega → SVG, headless (renderer "none": no canvas or DOM in Node). The text
 * width estimate vega uses without a canvas is close enough for axis labels.
 *
 * vega and vega-lite are imported on first use: vega's ESM build has a top-level await, which
 * would stop `require("pde-surrogates")` from CommonJS (docs/packaging.md), and loading them
 * costs start-up time in commands that draw nothing.
 */
import type { TopLevelSpec } from "vega-lite";

/**
 * vega numbers gradient and clip ids with a process-wide counter: two SVGs inlined in one page
 * could then share an id, and the same report would render differently on a rerun. Renaming
 * every id to `<prefix>-<k>` in order of appearance makes them unique per figure and stable.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(m[1]!)) ids.set(m[1]!, `${prefix}-${ids.size}`);
  if (ids.size === 0) return svg;
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (_, a: string, id: string, b: string) => a + (ids.get(id) ?? id) + b)
    .replace(/url\(#([^)]+)\)/g, (s, id: string) => (ids.has(id) ? `url(#${ids.get(id)})` : s))
    .replace(/(href=")#([^"]+)(")/g, (s, a: string, id: string, b: string) => (ids.has(id) ? `${a}#${ids.get(id)}${b}` : s));
}

/**
 * Render one figure. Warnings of vega-lite and vega (conflicting scales, dropped data...) go to
 * `warnings` instead of the console, so a report run prints nothing and a test can require none.
 */
export async function renderSvg(spec: TopLevelSpec, idPrefix = "fig", warnings: string[] = []): Promise<string> {
  const [vega, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
  const logger = collectingLogger(warnings);
  const vgSpec = compile(spec, { logger }).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: "none", logger, logLevel: vega.Warn });
  try {
    return scopeSvgIds(await view.toSVG(), idPrefix);
  } finally {
    view.finalize();
  }
}

/** A vega/vega-lite logger that keeps warnings and errors as text lines. */
function collectingLogger(lines: string[]) {
  let level = 2;
  const keep = (kind: string, args: unknown[]) => lines.push(`${kind}: ${args.map(String).join(" ")}`);
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]) {
      keep("error", args);
      return logger;
    },
    warn(...args: unknown[]) {
      keep("warning", args);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}
