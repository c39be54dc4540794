/**
 * Reading vega's SVG output in tests: marks carry ARIA labels ("field: value; ..."), line marks
 * their vertices in the path data, axis labels their text. Works on a figure file and on the
 * DOM Chromium dumps of report.html (inline SVG).
 */

export interface LineMark {
  label: string;
  stroke: string;
  /** Number of vertices of the polyline. */
  vertices: number;
}

/** Attribute `name` of an element's opening tag. */
function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

/** Every line mark: its label, stroke colour and vertex count. */
export function lineMarks(svg: string): LineMark[] {
  return [...svg.matchAll(/<path[^>]*aria-roledescription="line mark"[^>]*>/g)].map((m) => ({
    label: attr(m[0], "aria-label") ?? "",
    stroke: attr(m[0], "stroke") ?? "",
    vertices: (attr(m[0], "d") ?? "").split(/[ML]/).filter((p) => p.trim()).length,
  }));
}

/** ARIA labels of the data symbols (points, squares...), not of legend symbols. */
export function symbolLabels(svg: string): string[] {
  return [...svg.matchAll(/<path[^>]*aria-roledescription="(?:point|symbol mark)"[^>]*>/g)].map((m) => attr(m[0], "aria-label") ?? "");
}

/** Texts of one kind of text group, e.g. "role-axis-label" or "role-legend-label". */
export function texts(svg: string, role: string): string[] {
  const out: string[] = [];
  for (const g of svg.split(`class="mark-text ${role}`).slice(1)) {
    const end = g.indexOf("</g>");
    for (const t of (end < 0 ? g : g.slice(0, end)).matchAll(/<text[^>]*>([^<]*)<\/text>/g)) out.push(t[1]!);
  }
  return out;
}

/** Fill colours of the rect marks of each rect-mark container (one per heatmap panel), in drawing order. */
export function cellFills(svg: string): string[][] {
  return svg
    .split('aria-roledescription="rect mark container"')
    .slice(1)
    .map((part) => [...part.slice(0, part.indexOf("</g>")).matchAll(/<path[^>]*aria-roledescription="rect mark"[^>]*>/g)].map((m) => attr(m[0], "fill") ?? ""));
}

/** The inline SVG of `<figure id="...">` in an HTML page or DOM dump. */
export function figureSvg(html: string, id: string): string {
  const start = html.indexOf(`<figure id="${id}">`);
  if (start < 0) return "";
  return html.slice(start, html.indexOf("</figure>", start));
}

/** Largest per-channel range (0–255) of a set of fills: how much of a colour scale a panel uses. */
export function colourSpread(fills: readonly string[]): number {
  const rgb = fills.map((f) => {
    const m = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(f);
    if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
    const h = /^#([0-9a-f]{6})$/i.exec(f);
    if (!h) throw new Error(`not a colour: ${f}`);
    return [0, 2, 4].map((i) => parseInt(h[1]!.slice(i, i + 2), 16));
  });
  return Math.max(...[0, 1, 2].map((c) => Math.max(...rgb.map((x) => x[c]!)) - Math.min(...rgb.map((x) => x[c]!))));
}
