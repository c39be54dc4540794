/** Small validators shared by the public wrappers; each throws a tagged error naming `name`. */
import { InvalidArgumentError, NonFiniteError } from "./errors.js";

export function requireFiniteNumber(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new InvalidArgumentError(name, v, "must be a finite number");
  return v;
}

export function requireNonNegative(name: string, v: unknown): number {
  const x = requireFiniteNumber(name, v);
  if (x < 0) throw new InvalidArgumentError(name, v, "must be >= 0");
  return x;
}

export function requirePositive(name: string, v: unknown): number {
  const x = requireFiniteNumber(name, v);
  if (!(x > 0)) throw new InvalidArgumentError(name, v, "must be > 0");
  return x;
}

export function requireInteger(name: string, v: unknown, min = -Infinity, max = Infinity): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    const range = max === Infinity ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new InvalidArgumentError(name, v, `must be an integer ${range}`);
  }
  return v;
}

/** Throws NonFiniteError at the first NaN/Inf among `n` values x[offset + i*stride]. */
export function requireAllFinite(name: string, x: ArrayLike<number>, n = x.length, stride = 1, offset = 0): void {
  for (let i = 0, j = offset; i < n; i++, j += stride) {
    const v = x[j]!;
    if (!Number.isFinite(v)) throw new NonFiniteError(name, i, v);
  }
}
