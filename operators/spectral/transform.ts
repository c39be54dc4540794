/** The spectral transform factory: resolves the mode layout and picks the implementation. */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError } from "../../core/index.js";
import { resolveLayout, type ModeLayout } from "./layout.js";
import { MatmulTransform } from "./matmul-transform.js";
import { FftTransform, fftSupported } from "./fft-transform.js";
import type { AxisBasis, SpectralTransform, SpectralTransformOptions } from "./types.js";

const transforms = new Map<string, SpectralTransform>();

/**
 * A spectral transform for `[batch, ...spatialShape, C]` tensors. Transforms are stateless apart
 * from their cached bases, so one instance is shared per (shape, modes, bases, implementation).
 */
export function spectralTransform(opts: SpectralTransformOptions): SpectralTransform {
  const impl = opts.implementation ?? "auto";
  if (impl !== "auto" && impl !== "matmul" && impl !== "fft")
    throw new InvalidArgumentError("implementation", impl, "must be one of auto, matmul, fft");
  const layout = resolveLayout(opts.spatialShape, opts.modes, opts.bases);
  const chosen = impl === "auto" ? chooseImplementation(layout, tf.getBackend()) : impl;
  if (chosen === "fft" && !fftSupported(layout))
    throw new InvalidArgumentError(
      "implementation",
      "fft",
      `needs Fourier bases and power-of-two sizes, got bases [${layout.bases.join(", ")}] and shape [${layout.spatialShape.join(", ")}]`,
    );
  const key = `${chosen}|${layout.spatialShape.join("x")}|${layout.modes.join("x")}|${layout.bases.join(",")}`;
  let t = transforms.get(key);
  if (!t) {
    t = chosen === "fft" ? new FftTransform(layout) : new MatmulTransform(layout);
    transforms.set(key, t);
  }
  return t;
}

/**
 * MatMul flops per grid point of one forward transform (the inverse costs the same): 2 flops
 * per basis entry, 2·M basis rows per point on a half-spectrum Fourier axis, M on a real axis,
 * plus the second axis acting on the already reduced data in 2D.
 */
export function matmulFlopsPerPoint(layout: ModeLayout): number {
  const fourier = layout.bases[0] === "fourier";
  const d = layout.spatialShape.length;
  const nLast = layout.spatialShape[d - 1]!;
  const mLast = layout.modeShape[d - 1]!;
  const first = (fourier ? 4 : 2) * mLast;
  if (d === 1) return first;
  // First axis: a [2K1, 2n1] block (complex) or [K1, n1] (real) on M2/n2 of the data.
  return first + ((fourier ? 8 : 2) * layout.modeShape[0]! * mLast) / nLast;
}

/**
 * Automatic choice: the fft.js op costs roughly a constant time per grid point (plain JS plus
 * copies between the backend and JS), the matMul transform time grows with the kept modes. FFT
 * is chosen when the matMul flops per point exceed the break-even measured with
 * `npm run bench -- spectral` (docs/operators-spectral.md). On other backends (webgl,
 * tfjs-node) the matMul is kept: their matMul is fast and reading data back to JS is not.
 */
export function chooseImplementation(layout: ModeLayout, backend: string): "matmul" | "fft" {
  if (!fftSupported(layout)) return "matmul";
  const breakEven = FFT_BREAK_EVEN_FLOPS_PER_POINT[backend] ?? Infinity;
  const extension = Math.max(...layout.bases.map((b) => FFT_BASIS_COST[b]));
  return matmulFlopsPerPoint(layout) > breakEven * extension ? "fft" : "matmul";
}

/** MatMul flops per point above which the fft.js op is faster on a Fourier grid (measured,
 * see docs/operators-spectral.md). */
const FFT_BREAK_EVEN_FLOPS_PER_POINT: Record<string, number> = { wasm: 24, cpu: 8 };
/** Relative fft cost of the real bases: DST-I runs a length-2(n+1) FFT, DCT-II length 4n
 * (measured break-evens ≈ 1.5× and 3× the Fourier one). */
const FFT_BASIS_COST: Record<AxisBasis, number> = { fourier: 1, sine: 1.5, cosine: 3 };
