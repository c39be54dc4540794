/**
 * Mode layout of the spectral grid: how many rows each axis keeps and which integer frequency
 * each row holds. Conventions in docs/conventions.md §Fourier conventions and index.ts.
 */
import { InvalidArgumentError, UnsupportedError } from "../../core/index.js";
import type { AxisBasis } from "./types.js";

export interface ModeLayout {
  spatialShape: number[];
  bases: AxisBasis[];
  modes: number[];
  /** Rows of the spectral grid per axis. */
  modeShape: number[];
  /** Signed frequency per row per axis. */
  frequencies: Int32Array[];
}

/** Frequencies kept on one axis. `last` selects the half spectrum on a Fourier axis. */
export function axisFrequencies(basis: AxisBasis, n: number, modes: number, last: boolean): Int32Array {
  if (basis === "sine") return Int32Array.from({ length: modes }, (_, i) => i + 1);
  if (basis === "cosine" || last) return Int32Array.from({ length: modes }, (_, i) => i);
  // Complex axis: 0..m−1 then −m..−1 (neuraloperator's mode selection); all n in fftfreq order
  // once 2m ≥ n, so the "full" transform is exact for odd n as well.
  if (2 * modes >= n) return Int32Array.from({ length: n }, (_, i) => (i < Math.ceil(n / 2) ? i : i - n));
  return Int32Array.from({ length: 2 * modes }, (_, i) => (i < modes ? i : i - 2 * modes));
}

/** Largest useful `modes` on an axis (the default: the full transform). */
export function maxModes(basis: AxisBasis, n: number, last: boolean): number {
  if (basis !== "fourier") return n;
  return last ? Math.floor(n / 2) + 1 : Math.ceil(n / 2);
}

export function resolveLayout(
  spatialShape: readonly number[],
  modes?: readonly number[],
  bases?: readonly AxisBasis[],
): ModeLayout {
  const d = spatialShape.length;
  if (d < 1 || d > 2) throw new InvalidArgumentError("spatialShape", spatialShape, "must have 1 or 2 axes");
  spatialShape.forEach((n, a) => {
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`spatialShape[${a}]`, n, "must be an integer >= 1");
  });
  const bs = bases ? [...bases] : new Array<AxisBasis>(d).fill("fourier");
  if (bs.length !== d) throw new InvalidArgumentError("bases", bases, `must have one entry per spatial axis (${d})`);
  bs.forEach((b, a) => {
    if (b !== "fourier" && b !== "sine" && b !== "cosine")
      throw new InvalidArgumentError(`bases[${a}]`, b, "must be one of fourier, sine, cosine");
  });
  if (d === 2 && (bs[0] === "fourier") !== (bs[1] === "fourier"))
    throw new UnsupportedError(`mixed Fourier and real bases (${bs.join(", ")}) are not supported by the spectral transforms`);
  if (modes && modes.length !== d) throw new InvalidArgumentError("modes", modes, `must have one entry per spatial axis (${d})`);
  const ms = spatialShape.map((n, a) => {
    const last = a === d - 1;
    const hi = maxModes(bs[a]!, n, last);
    const m = modes ? modes[a]! : hi;
    if (!Number.isInteger(m) || m < 1 || m > hi)
      throw new InvalidArgumentError(`modes[${a}]`, m, `must be an integer in [1, ${hi}] for a ${bs[a]} axis of size ${n}`);
    return m;
  });
  const frequencies = ms.map((m, a) => axisFrequencies(bs[a]!, spatialShape[a]!, m, a === d - 1));
  return { spatialShape: [...spatialShape], bases: bs, modes: ms, modeShape: frequencies.map((f) => f.length), frequencies };
}

/**
 * |k|² on the spectral grid, flattened C order over `modeShape`, in physical units:
 * k = 2πm/L on Fourier axes, πm/L on sine/cosine axes.
 */
export function wavenumbersSquared(
  layout: { bases: readonly AxisBasis[]; frequencies: readonly Int32Array[] },
  lengths: readonly number[],
): Float64Array {
  const d = layout.frequencies.length;
  if (lengths.length !== d) throw new InvalidArgumentError("lengths", lengths, `must have one entry per spatial axis (${d})`);
  const k2 = layout.frequencies.map((f, a) => {
    const L = lengths[a]!;
    if (!(L > 0) || !Number.isFinite(L)) throw new InvalidArgumentError(`lengths[${a}]`, L, "must be a finite number > 0");
    const c = (layout.bases[a] === "fourier" ? 2 * Math.PI : Math.PI) / L;
    return Float64Array.from(f, (m) => (c * m) ** 2);
  });
  if (d === 1) return k2[0]!;
  const [a, b] = k2 as [Float64Array, Float64Array];
  const out = new Float64Array(a.length * b.length);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) out[i * b.length + j] = a[i]! + b[j]!;
  return out;
}
