/** Report section and table for solver-vs-surrogate results (accuracy vs time per sample). */
import type { SolverVsSurrogateResult } from "../evaluation/index.js";
import type { Cell, ReportSection } from "./document.js";
import { paretoSpec } from "./pareto-plot.js";

export const TRADEOFF_COLUMNS = ["method", "kind", "ms/sample", "rel L2 vs reference", "speed-up at equal error", "vs solver setting"];

export function tradeoffRows(r: SolverVsSurrogateResult): Cell[][] {
  return r.rows.map((x) => [x.name, x.kind, x.msPerSample, x.relL2, x.kind === "surrogate" ? (x.speedup === null ? "no solver setting as accurate" : `${x.speedup.toPrecision(3)}×`) : null, x.versus]);
}

/** Honest one-liners about where a surrogate cannot win. */
export function tradeoffNotes(r: SolverVsSurrogateResult): string[] {
  const notes: string[] = [];
  const spectral = r.rows.find((x) => x.kind === "solver" && /spectral/.test(x.name));
  const fastestSurrogate = r.rows.filter((x) => x.kind === "surrogate").sort((a, b) => a.msPerSample - b.msPerSample)[0];
  if (spectral && /^(heat|poisson)/.test(r.problem))
    notes.push(
      `For ${r.problem} the spectral solver is a few FFTs, O(n log n) per sample, and exact up to round-off (rel L2 ${spectral.relL2.toExponential(1)} in ${spectral.msPerSample.toPrecision(2)} ms)` +
        (fastestSurrogate ? `; the fastest surrogate takes ${fastestSurrogate.msPerSample.toPrecision(2)} ms at rel L2 ${fastestSurrogate.relL2.toExponential(1)}.` : ".") +
        " A learned surrogate cannot beat an exact solver that is already this cheap; it only makes sense when the solver is expensive.",
    );
  const wins = r.rows.filter((x) => x.kind === "surrogate" && x.speedup !== null && x.speedup > 1);
  if (wins.length) notes.push(`Faster than the solver at equal error: ${wins.map((x) => `${x.name} (${x.speedup!.toPrecision(3)}× vs ${x.versus})`).join(", ")}.`);
  else notes.push("No surrogate is faster than a solver setting of equal or better accuracy on this problem.");
  return notes;
}

export function tradeoffSection(r: SolverVsSurrogateResult): ReportSection {
  return {
    heading: `Solver vs surrogate: ${r.problem} (${r.grid.join("×")})`,
    blocks: [
      {
        kind: "text",
        text: `Reference: ${r.reference}. ${r.nTest} test samples; surrogates trained on ${r.nTrain} samples (${r.compare.budget}). Speed-up at equal error = time of the cheapest solver setting with error ≤ the surrogate's, divided by the surrogate's time.`,
      },
      { kind: "table", columns: TRADEOFF_COLUMNS, rows: tradeoffRows(r) },
      { kind: "text", text: tradeoffNotes(r).join("\n\n") },
      {
        kind: "figure",
        name: `tradeoff-${r.problem}`,
        caption: `${r.problem}: time per sample vs error against the reference (log-log); surrogates as circles, one colour per model, solver settings as squares.`,
        spec: paretoSpec(r.rows.map((x) => ({ name: x.name, kind: x.kind, msPerSample: Math.max(x.msPerSample, 1e-6), error: Math.max(x.relL2, 1e-17) })), `${r.problem}: error vs time per sample`),
      },
    ],
  };
}
