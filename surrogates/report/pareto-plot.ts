/**
 * Cost vs error: time per sample against error, log-log. Each surrogate model has its own
 * colour (circles), each classical solver setting a muted colour and its own marker shape
 * (squares, diamonds, triangles); a legend names every point instead of text labels, which
 * overlap and get clipped when points crowd.
 */
import type { TopLevelSpec } from "vega-lite";
import { coloursFor, logAxis, modelColours, solverColour, solverShape } from "./axes.js";

export interface ParetoPoint {
  name: string;
  kind: "solver" | "surrogate";
  msPerSample: number;
  error: number;
}

/** The legend entry of a point: surrogates by name, solver settings prefixed "solver: ". */
export function paretoLabel(p: Pick<ParetoPoint, "name" | "kind">): string {
  return p.kind === "solver" ? `solver: ${p.name}` : p.name;
}

export function paretoSpec(
  points: ParetoPoint[],
  title = "Error vs time per sample",
  errorLabel = "relative L2 vs reference",
  colours?: { domain: string[]; range: string[] },
): TopLevelSpec {
  const values = points.map((p) => ({ ...p, label: paretoLabel(p) }));
  const surrogates = [...new Set(values.filter((v) => v.kind === "surrogate").map((v) => v.name))];
  const solvers = [...new Set(values.filter((v) => v.kind === "solver").map((v) => v.label))];
  const c = coloursFor(colours ?? modelColours(surrogates), surrogates);
  const colourOf = (m: string) => c.range[c.domain.indexOf(m)] ?? "#1f77b4";
  const domain = [...surrogates, ...solvers];
  const range = [...surrogates.map(colourOf), ...solvers.map((_, k) => solverColour(k))];
  return {
    title,
    width: 420,
    height: 280,
    data: { values },
    mark: { type: "point", filled: true, size: 90, opacity: 0.9, stroke: "#222", strokeWidth: 0.5 },
    encoding: {
      x: { field: "msPerSample", type: "quantitative", ...logAxis(values.map((v) => v.msPerSample), "time per sample (ms)") },
      y: { field: "error", type: "quantitative", ...logAxis(values.map((v) => v.error), errorLabel) },
      color: { field: "label", type: "nominal", title: null, scale: { domain, range }, legend: { orient: "right", labelLimit: 260, symbolStrokeWidth: 0.5 } },
      // Same field as colour: vega-lite merges the two into one legend with the right symbols.
      shape: { field: "label", type: "nominal", title: null, scale: { domain, range: [...surrogates.map(() => "circle"), ...solvers.map((_, k) => solverShape(k))] } },
      tooltip: [
        { field: "label", type: "nominal", title: "method" },
        { field: "msPerSample", type: "quantitative", title: "ms/sample", format: ".3g" },
        { field: "error", type: "quantitative", title: "error", format: ".3g" },
      ],
    },
  };
}
