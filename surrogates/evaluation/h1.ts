/**
 * Relative H1 error per sample: √(Σ e² + Σ_a (∂_a e)²) / √(Σ t² + Σ_a (∂_a t)²) over the points
 * and channels, e = pred − target, uniform weights (the cell volume cancels in the ratio).
 * Derivatives per axis by its boundary condition: periodic → spectral (i·k with
 * k = 2πm/L, the Nyquist mode of an even n set to 0); dirichlet → central differences with
 * the stored interior padded by the boundary zeros; neumann → central differences with
 * mirrored ghost cells (u₋₁ = u₀, u_n = u_{n−1}), i.e. zero normal derivative at the wall.
 */
import { InvalidArgumentError, requirePositive, type BoundaryCondition } from "../../core/index.js";
import { requireBatchPair, type BatchArray } from "./batch.js";
import { dftAlongAxis, signedFrequency } from "./dft.js";

export interface H1Options {
  /** Physical length per spatial axis. Default 1. */
  lengths?: readonly number[];
  /** Boundary condition per spatial axis. Default periodic. */
  bc?: readonly BoundaryCondition[];
}

/** ∂u/∂x_axis of one contiguous scalar field `u` with shape `shape` (see the module comment). */
export function derivativeAlongAxis(u: Float64Array, shape: readonly number[], axis: number, length: number, bc: BoundaryCondition): Float64Array {
  const n = shape[axis]!;
  const out = new Float64Array(u.length);
  if (bc === "periodic") {
    const re = Float64Array.from(u);
    const im = new Float64Array(u.length);
    dftAlongAxis(re, im, shape, axis);
    let stride = 1;
    for (let a = shape.length - 1; a > axis; a--) stride *= shape[a]!;
    for (let q = 0; q < u.length; q++) {
      const m = Math.floor(q / stride) % n;
      const k = n % 2 === 0 && m === n / 2 ? 0 : (2 * Math.PI * signedFrequency(m, n)) / length;
      const r = re[q]!;
      re[q] = -k * im[q]!;
      im[q] = k * r;
    }
    dftAlongAxis(re, im, shape, axis, true);
    return re;
  }
  const h = bc === "dirichlet" ? length / (n + 1) : length / n;
  let stride = 1;
  for (let a = shape.length - 1; a > axis; a--) stride *= shape[a]!;
  for (let q = 0; q < u.length; q++) {
    const j = Math.floor(q / stride) % n;
    const left = j > 0 ? u[q - stride]! : bc === "dirichlet" ? 0 : u[q]!;
    const right = j < n - 1 ? u[q + stride]! : bc === "dirichlet" ? 0 : u[q]!;
    out[q] = (right - left) / (2 * h);
  }
  return out;
}

export function h1RelativeErrorPerSample(pred: BatchArray, target: BatchArray, opts: H1Options = {}): Float64Array {
  const L = requireBatchPair(pred, target);
  const { spatial, channels: C, points: P } = L;
  const d = spatial.length;
  const lengths = opts.lengths ?? spatial.map(() => 1);
  const bc = opts.bc ?? spatial.map((): BoundaryCondition => "periodic");
  if (lengths.length !== d) throw new InvalidArgumentError("lengths", lengths, `must have one entry per spatial axis (${d})`);
  if (bc.length !== d) throw new InvalidArgumentError("bc", bc, `must have one entry per spatial axis (${d})`);
  lengths.forEach((x, a) => requirePositive(`lengths[${a}]`, x));
  bc.forEach((b, a) => {
    if (b !== "periodic" && b !== "dirichlet" && b !== "neumann") throw new InvalidArgumentError(`bc[${a}]`, b, "must be periodic, dirichlet or neumann");
  });
  const out = new Float64Array(L.n);
  const e = new Float64Array(P);
  const t = new Float64Array(P);
  for (let i = 0, base = 0; i < L.n; i++, base += L.sampleSize) {
    let num = 0;
    let den = 0;
    for (let c = 0; c < C; c++) {
      for (let q = 0; q < P; q++) {
        t[q] = target.data[base + q * C + c]!;
        e[q] = pred.data[base + q * C + c]! - t[q]!;
        num += e[q]! * e[q]!;
        den += t[q]! * t[q]!;
      }
      for (let a = 0; a < d; a++) {
        const de = derivativeAlongAxis(e, spatial, a, lengths[a]!, bc[a]!);
        const dt = derivativeAlongAxis(t, spatial, a, lengths[a]!, bc[a]!);
        for (let q = 0; q < P; q++) {
          num += de[q]! * de[q]!;
          den += dt[q]! * dt[q]!;
        }
      }
    }
    out[i] = Math.sqrt(num / den);
  }
  return out;
}
