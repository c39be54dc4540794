/** A report exercising every block and figure kind, built from seeded synthetic numbers. */
import { Rng } from "../../core/index.js";
import type { CompareResult, SolverVsSurrogateResult } from "../evaluation/index.js";
import {
  claimsSection,
  errorSpectrumSpec,
  tradeoffSection,
  fieldHeatmapSpec,
  fieldLineSpec,
  learningCurveSpec,
  lossCurveSpec,
  paretoSpec,
  tauSpec,
  type ReportDocument,
} from "../report/index.js";

export function demoReport(): ReportDocument {
  const rng = new Rng(7);
  const n = 64;
  const x = Array.from({ length: n }, (_, j) => j / n);
  const truth = x.map((t) => Math.sin(2 * Math.PI * t) + 0.3 * Math.cos(6 * Math.PI * t));
  const pred = truth.map((v) => v + 0.02 * rng.normal());
  const m = 40;
  const t2 = Array.from({ length: m * m }, (_, k) => Math.sin((2 * Math.PI * Math.floor(k / m)) / m) * Math.cos((2 * Math.PI * (k % m)) / m));
  const p2 = t2.map((v) => v + 0.05 * rng.normal());
  const curve = ["gsnn", "fno", "ridge"].flatMap((model, mi) =>
    [16, 64, 256].flatMap((nTrain) => [0, 1].map((seed) => ({ model, nTrain, error: (0.5 / (mi + 1)) * nTrain ** -0.5 * (1 + 0.1 * seed), dataset: "heat1d" }))),
  );
  return {
    title: "Demo report <with> \"escapes\" & ampersands",
    subtitle: "synthetic numbers, backend `cpu`",
    sections: [
      {
        heading: "Metrics",
        blocks: [
          { kind: "text", text: "A paragraph with **bold** and `code`.\n\nA second paragraph." },
          { kind: "table", columns: ["model", "rel L2 | mean", "verdict"], rows: [["gsnn", 1.234e-5, "pass"], ["fno", 0.0123, "fail"], ["ridge", NaN, null]], caption: "metrics" },
        ],
      },
      {
        heading: "Figures",
        blocks: [
          {
            kind: "figure",
            name: "sample-1d",
            caption: "1-D sample",
            spec: fieldLineSpec(x, truth, [{ name: "gsnn", values: pred }, { name: "fno", values: truth.map((v) => 0.9 * v) }], "heat1d sample 0"),
          },
          { kind: "figure", name: "sample-2d", caption: "2-D sample", spec: fieldHeatmapSpec([m, m], t2, p2, "darcy2d sample 0") },
          { kind: "figure", name: "learning", caption: "learning curves", spec: learningCurveSpec(curve) },
          {
            kind: "figure",
            name: "pareto",
            caption: "pareto",
            spec: paretoSpec([
              { name: "fd 64", kind: "solver", msPerSample: 5, error: 1e-3 },
              { name: "fd 32", kind: "solver", msPerSample: 1, error: 4e-3 },
              { name: "gsnn", kind: "surrogate", msPerSample: 0.2, error: 2e-2 },
            ]),
          },
          { kind: "figure", name: "tau", caption: "tau", spec: tauSpec([0, 1, 2].flatMap((l) => [0, 1, 2, 3].map((c) => ({ layer: `block ${l}`, channel: c, tau: 0.01 * (c + 1) * (l + 1) }))), 0.05) },
          {
            kind: "figure",
            name: "loss",
            caption: "loss",
            spec: lossCurveSpec([1, 2, 3].flatMap((e) => [{ epoch: e, loss: 1e-6 / e, split: "train" }, { epoch: e, loss: 1.2e-6 / e, split: "validation" }])),
          },
          {
            kind: "figure",
            name: "spectrum",
            caption: "error spectrum",
            spec: errorSpectrumSpec([
              { model: "gsnn", perBin: Array.from({ length: 17 }, (_, m) => 1e-4 * Math.exp(-m / 4)) },
              { model: "fno", perBin: Array.from({ length: 17 }, (_, m) => 1e-3 / (1 + m)) },
            ]),
          },
        ],
      },
      tradeoffSection(demoTradeoff()),
      claimsSection(
        [
          { claim: "Better sample efficiency", measurement: "n=16: 1e-2 vs 2e-2", pass: true },
          { claim: "Stated limitation on Darcy", measurement: "GSNN 3e-2 vs FNO 1e-2", pass: false },
        ],
        "synthetic budget",
      ),
    ],
  };
}

export function demoTradeoff(): SolverVsSurrogateResult {
  return {
    problem: "darcy2d",
    grid: [63, 63],
    reference: "MG-PCG rtol 1e-10 on a ×2 grid",
    nTrain: 128,
    nTest: 16,
    rows: [
      { name: "MG-PCG rtol 1e-8", kind: "solver", msPerSample: 6, relL2: 3.8e-3, speedup: null, versus: null },
      { name: "MG-PCG on 31×31", kind: "solver", msPerSample: 2, relL2: 1.4e-2, speedup: null, versus: null },
      { name: "fno", kind: "surrogate", msPerSample: 0.5, relL2: 2e-2, speedup: 4, versus: "MG-PCG on 31×31" },
      { name: "ridge", kind: "surrogate", msPerSample: 0.1, relL2: 1e-3, speedup: null, versus: null },
    ],
    compare: { budget: "budget: synthetic" } as CompareResult,
  };
}
