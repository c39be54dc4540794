/**
 * vega-lite → vega → SVG, headless (renderer "none": no canvas or DOM in Node). The text
 * width estimate vega uses without a canvas is close enough for axis labels.
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

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

export async function renderSvg(spec: TopLevelSpec, idPrefix = "fig"): Promise<string> {
  const vgSpec = compile(spec).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: "none" });
  try {
    return scopeSvgIds(await view.toSVG(), idPrefix);
  } finally {
    view.finalize();
  }
}
