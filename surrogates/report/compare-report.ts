/** The report of a `pdes compare` run: budget, summary table, learning curves, cost vs error. */
import { summarizeCompare, type CompareResult } from "../evaluation/index.js";
import type { Cell, ReportDocument, ReportSection } from "./document.js";
import { learningCurveSpec, paretoSpec } from "./plots.js";

export const COMPARE_SUMMARY_COLUMNS = ["dataset", "model", "params", "n_train", "seeds", "rel L2 (mean)", "min", "max", "ms/sample", "train s"];

export function compareSummaryRows(result: CompareResult): Cell[][] {
  return summarizeCompare(result.rows).map((r) => [r.dataset, r.model, r.parameters, r.nTrain, r.seeds, r.relL2, r.relL2Min, r.relL2Max, r.msPerSample, r.trainSeconds]);
}

/** Per dataset and n_train, which model has the lowest mean error. */
function winners(result: CompareResult): string[] {
  const s = summarizeCompare(result.rows);
  const out: string[] = [];
  for (const ds of [...new Set(s.map((r) => r.dataset))]) {
    for (const n of [...new Set(s.filter((r) => r.dataset === ds).map((r) => r.nTrain))].sort((a, b) => a - b)) {
      const g = s.filter((r) => r.dataset === ds && r.nTrain === n).sort((a, b) => a.relL2 - b.relL2);
      if (g.length > 1) out.push(`${ds}, n_train = ${n}: best ${g[0]!.model} (${g[0]!.relL2.toExponential(2)}), then ${g.slice(1).map((r) => `${r.model} (${r.relL2.toExponential(2)})`).join(", ")}`);
    }
  }
  return out;
}

export function compareReport(result: CompareResult, extra: ReportSection[] = []): ReportDocument {
  const curve = result.rows.map((r) => ({ model: r.model, nTrain: r.nTrain, error: r.relL2Mean, dataset: r.dataset }));
  const pareto = summarizeCompare(result.rows)
    .filter((r) => r.nTrain === Math.max(...result.spec.nTrain))
    .map((r) => ({ name: `${r.model} (${r.dataset})`, kind: "surrogate" as const, msPerSample: Math.max(r.msPerSample, 1e-6), error: r.relL2 }));
  const w = winners(result);
  return {
    title: "Surrogate comparison",
    subtitle: `${result.spec.models.map((m) => m.name ?? m.kind).join(", ")} on ${[...new Set(result.rows.map((r) => r.dataset))].join(", ")}; n_train ${result.spec.nTrain.join(", ")}; seeds ${result.spec.seeds.join(", ")}; backend ${result.backend}`,
    sections: [
      {
        heading: "Setup",
        blocks: [
          { kind: "text", text: `Equal ${result.budget}. Errors are the mean relative L2 over the test store, averaged over seeds (min and max over seeds shown).` },
        ],
      },
      {
        heading: "Results",
        blocks: [
          { kind: "table", columns: COMPARE_SUMMARY_COLUMNS, rows: compareSummaryRows(result) },
          ...(w.length ? [{ kind: "text" as const, text: w.join("\n\n") }] : []),
          { kind: "figure", name: "learning-curves", caption: "Test error vs training-set size (log-log): line = mean over seeds, dots = seeds.", spec: learningCurveSpec(curve) },
          ...(pareto.length
            ? [{ kind: "figure" as const, name: "cost-vs-error", caption: `Inference time per sample vs test error at n_train = ${Math.max(...result.spec.nTrain)}.`, spec: paretoSpec(pareto, "Inference cost vs error", "test relative L2") }]
            : []),
        ],
      },
      ...extra,
    ],
  };
}
