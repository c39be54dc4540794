/**
 * The report of a `pdes compare` run (and of the quickstart): budget, summary table, learning
 * curves over n_train, and per dataset the cost-vs-error plot with the solver settings beside
 * the surrogates, test samples (truth / predictions / errors), error spectra and loss curves.
 * The per-dataset figures need `compare-details.json` (evaluation/compare-details.ts).
 */
import { summarizeCompare, type CompareDetails, type CompareResult, type DatasetDetails } from "../evaluation/index.js";
import { modelColours, modelOrder } from "./axes.js";
import { errorSpectrumSpec, learningCurveSpec, lossCurveSpec } from "./curve-plots.js";
import type { Cell, ReportBlock, ReportDocument, ReportSection } from "./document.js";
import { fieldHeatmapSpec, fieldLineRowSpec } from "./field-plots.js";
import { paretoSpec, type ParetoPoint } from "./pareto-plot.js";

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

type Colours = { domain: string[]; range: string[] };

function sampleBlocks(d: DatasetDetails, colours: Colours): ReportBlock[] {
  const shown = d.samples.filter((s) => s.predictions.length > 0);
  if (shown.length === 0) return [];
  const series = (s: (typeof shown)[number]) => s.predictions.map((p) => ({ name: p.model, values: p.values }));
  if (d.shape.length === 1)
    return [
      {
        kind: "figure",
        name: `${d.dataset}-samples`,
        caption: `${d.dataset}: the first ${shown.length} test samples (not picked by error): truth (black) and each model's prediction (dashed) above, prediction − truth below.`,
        spec: fieldLineRowSpec(
          d.coordinates[0]!,
          shown.map((s) => ({ title: `${d.dataset}, test sample ${s.index}`, truth: s.truth, series: series(s) })),
          undefined,
          { colours },
        ),
      },
    ];
  if (d.shape.length === 2) {
    // 2-D samples are large: one is enough to see the error pattern.
    const s = shown[0]!;
    return [
      {
        kind: "figure",
        name: `${d.dataset}-sample-${s.index}`,
        caption: `${d.dataset}: test sample ${s.index}: truth and predictions on one colour scale (top), errors on one diverging scale centred on zero (bottom).`,
        spec: fieldHeatmapSpec([d.shape[0]!, d.shape[1]!], s.truth, series(s), `${d.dataset}: test sample ${s.index}`),
      },
    ];
  }
  return [];
}

function datasetSection(result: CompareResult, d: DatasetDetails, colours: Colours): ReportSection {
  const summary = summarizeCompare(result.rows).filter((r) => r.dataset === d.dataset && r.nTrain === d.nTrain);
  const points: ParetoPoint[] = [
    ...summary.map((r) => ({ name: r.model, kind: "surrogate" as const, msPerSample: Math.max(r.msPerSample, 1e-6), error: r.relL2 })),
    ...d.solvers.map((s) => ({ name: s.name, kind: "solver" as const, msPerSample: Math.max(s.msPerSample, 1e-6), error: Math.max(s.relL2, 1e-17) })),
  ];
  const blocks: ReportBlock[] = [
    {
      kind: "figure",
      name: `${d.dataset}-cost-vs-error`,
      caption:
        `${d.dataset}: inference time per sample vs test error of each surrogate at n_train = ${d.nTrain} (circles) and of classical solver settings on ${d.testSamples} of the same test samples (squares), against the stored reference.` +
        (d.solverNote ? ` ${d.solverNote}.` : "") +
        " Errors near 10⁻⁷ are the float32 rounding of a float32 store.",
      spec: paretoSpec(points, `${d.dataset}: cost vs error`, "test relative L2", colours),
    },
    ...sampleBlocks(d, colours),
  ];
  if (d.spectra.length)
    blocks.push({
      kind: "figure",
      name: `${d.dataset}-error-spectrum`,
      caption: `${d.dataset}: RMS error per Fourier wavenumber bin over ${d.testSamples} test samples; dashed lines split the low, mid and high bands of the metrics table.`,
      spec: errorSpectrumSpec(d.spectra, `${d.dataset}: error spectrum`, undefined, colours),
    });
  if (d.loss.length)
    blocks.push({
      kind: "figure",
      name: `${d.dataset}-loss`,
      caption: `${d.dataset}: training loss per epoch of the gradient-trained models at n_train = ${d.nTrain} (closed-form fits have no curve).`,
      spec: lossCurveSpec(d.loss, `${d.dataset}: training loss`, colours),
    });
  return { heading: `${d.dataset}: fields, spectra and cost (n_train = ${d.nTrain}, seed ${d.seed})`, blocks };
}

export function compareReport(result: CompareResult, extra: ReportSection[] = [], details?: CompareDetails): ReportDocument {
  const colours = modelColours(modelOrder(result.rows.map((r) => r.model)));
  const curve = result.rows.map((r) => ({ model: r.model, nTrain: r.nTrain, error: r.relL2Mean, dataset: r.dataset }));
  const maxN = Math.max(...result.spec.nTrain);
  const w = winners(result);
  const sizes = result.spec.nTrain.length;
  const results: ReportBlock[] = [
    { kind: "table", columns: COMPARE_SUMMARY_COLUMNS, rows: compareSummaryRows(result) },
    ...(w.length ? [{ kind: "text" as const, text: w.join("\n\n") }] : []),
    {
      kind: "figure",
      name: "learning-curves",
      caption: `Test error vs training-set size (log-log): lines and filled markers are the mean over seeds, hollow points the individual seeds.${sizes < 2 ? " Only one n_train was run, so there is no curve: pass several sizes (--n-train 32,64,128)." : ""}`,
      spec: learningCurveSpec(curve, "Learning curves", "test relative L2", colours),
    },
  ];
  if (!details) {
    const pareto = summarizeCompare(result.rows)
      .filter((r) => r.nTrain === maxN)
      .map((r) => ({ name: `${r.model} (${r.dataset})`, kind: "surrogate" as const, msPerSample: Math.max(r.msPerSample, 1e-6), error: r.relL2 }));
    if (pareto.length)
      results.push({ kind: "figure", name: "cost-vs-error", caption: `Inference time per sample vs test error at n_train = ${maxN}.`, spec: paretoSpec(pareto, "Inference cost vs error", "test relative L2") });
  }
  return {
    title: "Surrogate comparison",
    subtitle: `${result.spec.models.map((m) => m.name ?? m.kind).join(", ")} on ${[...new Set(result.rows.map((r) => r.dataset))].join(", ")}; n_train ${result.spec.nTrain.join(", ")}; seeds ${result.spec.seeds.join(", ")}; backend ${result.backend}`,
    sections: [
      {
        heading: "Setup",
        blocks: [{ kind: "text", text: `Equal ${result.budget}. Errors are the mean relative L2 over the test store, averaged over seeds (min and max over seeds shown).` }],
      },
      { heading: "Results", blocks: results },
      ...(details?.datasets.map((d) => datasetSection(result, d, colours)) ?? []),
      ...extra,
    ],
  };
}
