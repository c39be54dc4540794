/**
 * The linear-path fit's data pass (fit-linear-path.ts): the samples in chunks of `batch`, each
 * chunk's inputs, targets and (for a model) deep-part outputs transformed to spectra and folded
 * into per-mode triangles (mode-triangles.ts). Nothing of size N stays behind a chunk: memory
 * is the triangles (P·K² numbers) plus one chunk's tensors, whatever the number of samples
 * (docs/safety.md §Memory).
 *
 * Written as a generator that yields the tensors it needs read and receives their values, so
 * one pass serves the synchronous fit (dataSync) and the asynchronous one (data(): GPU
 * backends); a yielded tensor stays alive until its values come back (webgpu drops a tensor
 * disposed while its read is in flight).
 */
import * as tf from "@tensorflow/tfjs";
import { NonFiniteError } from "../core/index.js";
import type { SpectralTransform } from "../operators/index.js";
import type { LinearSpectralPath } from "./linear-path.js";
import { ModeTriangles } from "./mode-triangles.js";
import type { OutputGate } from "./output-gate.js";

export interface PathData {
  /** Compressed columns, rows ordered (mode, r) with `rowsPerMode` rows per mode. */
  X: Float64Array[];
  Y: Float64Array[];
  /** The deep part's outputs (path off, gate 1), when fitting a model. */
  D: Float64Array[] | null;
  /** Some deep output is not exactly zero (a fresh model's deep part is). */
  deepNonzero: boolean;
  rowsPerMode: number;
  /** Float64 bytes the pass held (triangles and one chunk's rows): independent of N. */
  workingBytes: number;
}

export interface PassSetup {
  layer: LinearSpectralPath;
  /** The model whose deep part is fitted too (null: the layer alone). */
  model: tf.LayersModel | null;
  gateLayer: OutputGate | null;
  /** The bank and gate as they are (read by the caller): put back after the deep pass. */
  bank: { times: Float32Array; coeffs: Float32Array };
  gate: Float32Array | null;
  Cin: number;
  Co: number;
  batch: number;
  t: SpectralTransform;
  /** √(Parseval weight) per mode. */
  w: Float64Array;
  onPath: (x: tf.Tensor) => tf.Tensor;
}

type Values = ArrayLike<number>;

/** Yields tensors to read, receives their values in order; returns the compressed data. */
export function* collectPathData(s: PassSetup, inputs: tf.Tensor, targets: tf.Tensor): Generator<tf.Tensor[], PathData, Values[]> {
  const { Cin, Co, w } = s;
  const P = w.length;
  const deep = s.model !== null;
  const K = Cin + (deep ? Co : 0) + Co;
  const tri = new ModeTriangles(P, K);
  const rows = new Float64Array(2 * s.batch * K);
  const N = inputs.shape[0]!;
  const perSample = (t: tf.Tensor) => t.size / t.shape[0]!;
  let deepNonzero = false;
  let held: tf.Tensor[] = [];
  if (deep) {
    s.layer.setBank(s.bank.times, new Float32Array(s.bank.coeffs.length));
    if (s.gateLayer) s.gateLayer.setGate(new Float32Array(s.gateLayer.channels).fill(1));
  }
  try {
    for (let start = 0; start < N; start += s.batch) {
      const nb = Math.min(s.batch, N - start);
      held = [tf.slice(inputs, start, nb), tf.slice(targets, start, nb)];
      const raw = yield held;
      for (const [k, name] of [[0, "inputs"], [1, "targets"]] as const) {
        const v = raw[k]!;
        for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) throw new NonFiniteError(name, start * perSample(held[k]!) + i, v[i]!);
      }
      const [xs] = held;
      const parts = [xs!, held[1]!];
      held = tf.tidy(() => {
        if (deep) {
          const pred = s.model!.predict(xs!) as tf.Tensor;
          // Probabilistic models output means then variances; keep the means.
          parts.push(tf.slice(pred, Array(pred.rank).fill(0), [...pred.shape.slice(0, -1), Co]));
        }
        return parts.flatMap((p) => {
          const sp = s.t.forward(s.onPath(p));
          return [sp.re, sp.im ?? tf.zerosLike(sp.re)];
        });
      });
      tf.dispose([xs!, parts[1]!]);
      const v = yield held;
      tf.dispose(held);
      held = [];
      // Row (sample, re/im) of mode p: [X_i, D_o, Y_o] at p, weighted by w_p.
      const blocks: Array<[Values, Values, number, number]> = [[v[0]!, v[1]!, Cin, 0]];
      if (deep) blocks.push([v[4]!, v[5]!, Co, Cin]);
      blocks.push([v[2]!, v[3]!, Co, K - Co]);
      if (deep && !deepNonzero) deepNonzero = v[4]!.length > 0 && (some(v[4]!) || some(v[5]!));
      for (let p = 0; p < P; p++) {
        const wp = w[p]!;
        for (const [re, im, C, off] of blocks)
          for (let b = 0; b < nb; b++) {
            const src = (b * P + p) * C;
            for (let c = 0; c < C; c++) {
              rows[2 * b * K + off + c] = re[src + c]! * wp;
              rows[(2 * b + 1) * K + off + c] = im[src + c]! * wp;
            }
          }
        tri.add(p, rows, 2 * nb);
      }
    }
  } finally {
    tf.dispose(held);
    if (deep) {
      s.layer.setBank(s.bank.times, s.bank.coeffs);
      if (s.gateLayer && s.gate) s.gateLayer.setGate(s.gate);
    }
  }
  const cols = (from: number, count: number) => Array.from({ length: count }, (_, c) => tri.column(from + c));
  return {
    X: cols(0, Cin),
    D: deep ? cols(Cin, Co) : null,
    Y: cols(K - Co, Co),
    deepNonzero,
    rowsPerMode: K,
    workingBytes: tri.bytes + rows.byteLength,
  };
}

function some(v: Values): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return true;
  return false;
}

/** Runs the pass with synchronous reads. */
export function runSync(gen: Generator<tf.Tensor[], PathData, Values[]>): PathData {
  try {
    let step = gen.next();
    while (!step.done) step = gen.next(step.value.map((t) => t.dataSync()));
    return step.value;
  } finally {
    gen.return(undefined as never);
  }
}

/** Runs the pass with asynchronous reads only (every backend). */
export async function runAsync(gen: Generator<tf.Tensor[], PathData, Values[]>): Promise<PathData> {
  try {
    let step = gen.next();
    while (!step.done) step = gen.next(await Promise.all(step.value.map((t) => t.data())));
    return step.value;
  } finally {
    gen.return(undefined as never);
  }
}
