/**
 * The report of one run directory: model and training setup, the loss curve (metrics.jsonl),
 * the learned τ per heat-filter layer (GSNN), and — when `pdes evaluate` has written
 * `evaluation.json` — the metrics table, test samples at the 10th, 50th and 90th percentile
 * of the error (truth / prediction / error: 1-D lines or 2-D heatmaps on a shared scale) and
 * the error spectrum over Fourier wavenumber bins.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { METRIC_COLUMNS, PROBABILISTIC_COLUMNS, metricValues, probabilisticValues, readEvaluationRecord, type EvaluationRecord } from "../evaluation/index.js";
import { loadSurrogate } from "../surrogate.js";
import { DatasetFormatError, gridPoints, makeGrid, type BoundaryCondition } from "../../core/index.js";
import { errorSpectrumSpec, lossCurveSpec, tauSpec, type LossPoint, type SpectrumSeries, type TauPoint } from "./curve-plots.js";
import type { Cell, ReportBlock, ReportDocument, ReportSection } from "./document.js";
import { fieldHeatmapSpec, fieldLineSpec } from "./field-plots.js";

export const EVALUATION_FILE = "evaluation.json";

function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new DatasetFormatError("missing or not valid JSON", file, { cause: e });
  }
}

function lossPoints(runDir: string): LossPoint[] {
  const file = path.join(runDir, "metrics.jsonl");
  if (!fs.existsSync(file)) return [];
  const out: LossPoint[] = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { type: string; epoch: number; trainLoss?: number; valLoss?: number | null };
    if (r.type !== "epoch") continue;
    if (typeof r.trainLoss === "number" && r.trainLoss > 0) out.push({ epoch: r.epoch, loss: r.trainLoss, split: "train" });
    if (typeof r.valLoss === "number" && r.valLoss > 0) out.push({ epoch: r.epoch, loss: r.valLoss, split: "validation" });
  }
  return out;
}

/** √(κT) of a heat problem from the dataset attributes, if it is one. */
export function physicalTau(problem: Record<string, unknown>): number | undefined {
  const p = problem.parameters as Record<string, unknown> | undefined;
  const name = String(problem.problem ?? "");
  if (!name.startsWith("heat") || !p || typeof p.kappa !== "number" || typeof p.time !== "number") return undefined;
  return Math.sqrt(p.kappa * p.time);
}

/**
 * τ of every heat-filter weight (stored as log τ, named `.../log_tau`), and of the linear
 * spectral path's filters (diffusion times t = τ², `linear_path/times`) whose fitted
 * coefficient is within 1e-3 of the largest.
 */
export async function learnedTaus(runDir: string): Promise<TauPoint[]> {
  const s = await loadSurrogate(runDir);
  try {
    const out: TauPoint[] = [];
    let times: ArrayLike<number> | undefined;
    let coeffs: ArrayLike<number> | undefined;
    for (const w of s.model.weights) {
      if (/linear_path\/times/.test(w.name)) times = await w.read().data();
      else if (/linear_path\/coeffs/.test(w.name)) coeffs = await w.read().data();
      else if (/log_tau/.test(w.name)) {
        const layer = w.name.split("/")[0] ?? w.name;
        (await w.read().data()).forEach((x, c) => out.push({ layer, channel: c, tau: Math.exp(x) }));
      }
    }
    if (times && coeffs && coeffs.length === times.length) {
      const max = Math.max(...Array.from(coeffs, Math.abs));
      Array.from(times).forEach((t, j) => {
        if (Math.abs(coeffs![j]!) >= 1e-3 * max) out.push({ layer: "linear path", channel: j, tau: Math.sqrt(t) });
      });
    }
    return out;
  } finally {
    s.dispose();
  }
}

/** Grid the run was trained on, for point positions (lengths and BCs stay those of training). */
export interface RunGrid {
  lengths: readonly number[];
  bc: readonly string[];
}

function entryLabel(e: EvaluationRecord["entries"][number]): string {
  return `${e.shape.join("×")}${e.native ? " (training grid)" : " (transfer)"}`;
}

export function evaluationBlocks(ev: EvaluationRecord, grid?: RunGrid): ReportBlock[] {
  const cols = ["test store", "grid", "resolution", ...METRIC_COLUMNS, ...(ev.probabilistic ? PROBABILISTIC_COLUMNS : []), "ms/sample"];
  const rows: Cell[][] = ev.entries.map((e) => [
    path.basename(e.store),
    e.shape.join("×"),
    e.native ? "training grid" : e.skipped ? "skipped" : "transfer",
    ...(e.metrics ? metricValues({ ...e.metrics, relL2PerSample: new Float64Array() }) : METRIC_COLUMNS.map(() => null)),
    ...(ev.probabilistic ? (e.metrics ? probabilisticValues({ ...e.metrics, relL2PerSample: new Float64Array() }) : [null, null, null]) : []),
    e.timing?.msPerSample ?? null,
  ]);
  const blocks: ReportBlock[] = [{ kind: "table", columns: cols, rows }];
  const skipped = ev.entries.filter((e) => e.skipped);
  if (skipped.length) blocks.push({ kind: "text", text: skipped.map((e) => `Not scored at ${e.shape.join("×")}: ${e.skipped}.`).join("\n\n") });
  ev.entries.forEach((e, k) => {
    // The first scored entry gets the three percentile samples, the others their median one.
    const all = e.samples?.length ? e.samples : e.sample ? [{ ...e.sample, label: e.sample.label ?? "median error" }] : [];
    const first = ev.entries.findIndex((x) => x.samples?.length || x.sample) === k;
    const shown = first ? all : all.filter((s) => s.label === "median error").slice(0, 1);
    shown.forEach((s, j) => {
      const title = `${path.basename(e.store)}, sample ${s.index} (${s.shape.join("×")}): ${s.label ?? "median error"}`;
      const name = `sample-${k}${shown.length > 1 ? `-${j}` : ""}`;
      if (s.shape.length === 1) {
        const n = s.shape[0]!;
        const x = grid ? Array.from(gridPoints(makeGrid({ shape: [n], lengths: [grid.lengths[0]!], bc: [grid.bc[0] as BoundaryCondition] }), 0)) : Array.from({ length: n }, (_, i) => i / n);
        blocks.push({ kind: "figure", name, caption: `Test sample with the ${s.label ?? "median error"}: truth (black) and prediction (dashed) above, prediction − truth below.`, spec: fieldLineSpec(x, s.truth, [{ name: ev.kind, values: s.prediction }], title) });
      } else if (s.shape.length === 2) {
        blocks.push({ kind: "figure", name, caption: `Test sample with the ${s.label ?? "median error"}: truth and prediction on one colour scale, the error on a diverging scale centred on zero.`, spec: fieldHeatmapSpec([s.shape[0]!, s.shape[1]!], s.truth, [{ name: ev.kind, values: s.prediction }], title) });
      }
    });
  });
  const spectra: SpectrumSeries[] = ev.entries.filter((e) => e.metrics?.fourier.perBin?.length).map((e) => ({ model: entryLabel(e), perBin: e.metrics!.fourier.perBin }));
  if (spectra.length)
    blocks.push({
      kind: "figure",
      name: "error-spectrum",
      caption: "RMS error per Fourier wavenumber bin on each scored grid; dashed lines split the low, mid and high bands of the table.",
      spec: errorSpectrumSpec(spectra, "Error spectrum", undefined, undefined, "grid"),
    });
  return blocks;
}

export async function runReport(runDir: string): Promise<ReportDocument> {
  const meta = readJson(path.join(runDir, "surrogate.json"));
  const config = readJson(path.join(runDir, "config.json"));
  const info = meta.info as { kind: string; parameterCount: number; probabilistic: boolean; resolutionInvariant: boolean };
  const problem = (meta.problem ?? {}) as Record<string, unknown>;
  const grid = meta.grid as { shape: number[]; lengths: number[]; bc: string[] };
  const sections: ReportSection[] = [
    {
      heading: "Model and training",
      blocks: [
        {
          kind: "table",
          columns: ["key", "value"],
          rows: [
            ["model", info.kind],
            ["parameters", info.parameterCount],
            ["probabilistic", String(info.probabilistic)],
            ["resolution invariant", String(info.resolutionInvariant)],
            ["problem", String(problem.problem ?? "")],
            ["grid", `${grid.shape.join("×")} (${grid.bc.join(", ")}; L = ${grid.lengths.join(", ")})`],
            ["loss", String(meta.loss)],
            ["epochs / steps", `${String(meta.epochs)} / ${String(meta.steps)}`],
            ["batch size, lr", `${String(config.batchSize)}, ${String(config.lr)}`],
            ["seed", String(config.seed)],
            ["backend", String(meta.backend)],
          ],
        },
      ],
    },
  ];
  const loss = lossPoints(runDir);
  if (loss.length > 1) sections[0]!.blocks.push({ kind: "figure", name: "loss", caption: "Training (and validation, dashed) loss per epoch.", spec: lossCurveSpec(loss.map((p) => ({ ...p, model: info.kind }))) });
  if (info.kind === "gsnn") {
    const taus = await learnedTaus(runDir);
    if (taus.length) {
      const phys = physicalTau(problem);
      sections.push({
        heading: "Learned τ",
        blocks: [
          {
            kind: "text",
            text: (phys === undefined ? "τ of every heat-filter channel of the blocks (gradient-trained) and of the linear spectral path's filters with a non-negligible fitted weight (least squares)." : `τ of every heat-filter channel of the blocks (gradient-trained) and of the linear spectral path's filters with a non-negligible fitted weight (least squares); the dashed line is the physical √(κT) = ${phys.toPrecision(3)} of the heat problem.`),
          },
          { kind: "figure", name: "tau", caption: "τ per layer.", spec: tauSpec(taus, phys) },
        ],
      });
    }
  }
  const evFile = path.join(runDir, EVALUATION_FILE);
  if (fs.existsSync(evFile)) sections.push({ heading: "Test metrics", blocks: evaluationBlocks(readEvaluationRecord(evFile), grid) });
  else sections.push({ heading: "Test metrics", blocks: [{ kind: "text", text: "No evaluation yet: run `pdes evaluate --run <run> --data <test store>`." }] });
  return { title: `Run report: ${info.kind} on ${String(problem.problem ?? "data")}`, subtitle: `run ${path.basename(path.resolve(runDir))}`, sections };
}
