/**
 * The report of one run directory: model and training setup, the loss curve (metrics.jsonl),
 * the learned τ per heat-filter layer (GSNN), and — when `pdes evaluate` has written
 * `evaluation.json` — the metrics table and a typical test sample (1-D lines or 2-D heatmaps).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DatasetFormatError } from "../../core/index.js";
import { METRIC_COLUMNS, PROBABILISTIC_COLUMNS, metricValues, probabilisticValues, readEvaluationRecord, type EvaluationRecord } from "../evaluation/index.js";
import { loadSurrogate } from "../surrogate.js";
import type { Cell, ReportBlock, ReportDocument, ReportSection } from "./document.js";
import { fieldHeatmapSpec, fieldLineSpec, lossCurveSpec, tauSpec, type LossPoint, type TauPoint } from "./plots.js";

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
    if (typeof r.trainLoss === "number" && r.trainLoss > 0) out.push({ epoch: r.epoch + 1, loss: r.trainLoss, split: "train" });
    if (typeof r.valLoss === "number" && r.valLoss > 0) out.push({ epoch: r.epoch + 1, loss: r.valLoss, split: "validation" });
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

export function evaluationBlocks(ev: EvaluationRecord): ReportBlock[] {
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
    const s = e.sample;
    if (!s) return;
    const title = `${path.basename(e.store)} sample ${s.index} (${s.shape.join("×")})`;
    if (s.shape.length === 1) {
      const n = s.shape[0]!;
      const x = Array.from({ length: n }, (_, j) => j / n);
      blocks.push({ kind: "figure", name: `sample-${k}`, caption: `Median-error test sample: truth (black), prediction (red, dashed) and their difference; x as a fraction of the domain.`, spec: fieldLineSpec(x, s.truth, s.prediction, title) });
    } else if (s.shape.length === 2) {
      blocks.push({ kind: "figure", name: `sample-${k}`, caption: "Median-error test sample: truth, prediction and error.", spec: fieldHeatmapSpec([s.shape[0]!, s.shape[1]!], s.truth, s.prediction, title) });
    }
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
  if (loss.length > 1) sections[0]!.blocks.push({ kind: "figure", name: "loss", caption: "Training (and validation) loss per epoch.", spec: lossCurveSpec(loss) });
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
  if (fs.existsSync(evFile)) sections.push({ heading: "Test metrics", blocks: evaluationBlocks(readEvaluationRecord(evFile)) });
  else sections.push({ heading: "Test metrics", blocks: [{ kind: "text", text: "No evaluation yet: run `pdes evaluate --run <run> --data <test store>`." }] });
  return { title: `Run report: ${info.kind} on ${String(problem.problem ?? "data")}`, subtitle: `run ${path.basename(path.resolve(runDir))}`, sections };
}
