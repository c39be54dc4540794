/** The spectral transform factory: resolves the mode layout and picks the implementation. */
import * as tf from "@tensorflow/tfjs";
import { InvalidArgumentError } from "../../core/index.js";
import { resolveLayout, type ModeLayout } from "./layout.js";
import { MatmulTransform } from "./matmul-transform.js";
import { FftTransform, fftSupported } from "./fft-transform.js";
import type { SpectralImplementation, SpectralTransform, SpectralTransformOptions } from "./types.js";

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
 * Automatic choice. The matMul transform costs ~4·n·M flops per row and axis at the backend's
 * matMul rate; the fft.js op costs ~5·n·log2(n) flops per row in plain JS plus copies
 * between the backend and JS. Thresholds measured with `npm run bench -- spectral` (see
 * docs/operators-spectral.md): FFT wins only when most modes are kept on large grids.
 */
export function chooseImplementation(layout: ModeLayout, backend: string): "matmul" | "fft" {
  if (!fftSupported(layout)) return "matmul";
  // Flops per spectral pass (forward), per batch row and channel, of the two implementations.
  let matmul = 0;
  let rest = layout.spatialShape.reduce((a, b) => a * b, 1);
  for (let a = layout.spatialShape.length - 1; a >= 0; a--) {
    const n = layout.spatialShape[a]!;
    const rows = layout.modeShape[a]!;
    matmul += (rest / n) * 2 * n * 2 * rows;
    rest = (rest / n) * rows * (a === layout.spatialShape.length - 1 ? 2 : 1);
  }
  const size = layout.spatialShape.reduce((a, b) => a * b, 1);
  const fft = 5 * size * Math.log2(size) + FFT_OVERHEAD_FLOPS_PER_POINT * size;
  const speedup = backend === "wasm" ? WASM_MATMUL_OVER_JS : backend === "cpu" ? CPU_MATMUL_OVER_JS : 1;
  return matmul / speedup > fft ? "fft" : "matmul";
}

/** Ratio of the backend's matMul flop rate to fft.js's, and the per-point copy overhead (in JS
 * flops). Calibrated from the benchmark; see docs/operators-spectral.md. */
const WASM_MATMUL_OVER_JS = 8;
const CPU_MATMUL_OVER_JS = 1;
const FFT_OVERHEAD_FLOPS_PER_POINT = 20;

export type { SpectralImplementation };
