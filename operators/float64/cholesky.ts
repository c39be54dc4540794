/**
 * Dense Float64 Cholesky and triangular solves for the kernel methods (docs/operators.md §Kernel).
 * Row-major n×n arrays; the factor L is written into the lower triangle (upper left untouched).
 *
 * `choleskyWithJitter` retries with jitter added to the diagonal, escalating ×10 from
 * 1e−12·mean(diag) to `maxJitter`·mean(diag) (default 1e−6), because kernel matrices of smooth
 * kernels on close inputs are numerically semi-definite. If even the largest jitter fails, the
 * matrix is not positive definite in any useful sense and an InvalidArgumentError says which
 * argument to change.
 */
import { InvalidArgumentError } from "../../core/index.js";

/**
 * In-place Cholesky of the lower triangle; returns the failing pivot index or −1. The row dot
 * products run on four accumulators (about 1.6× faster at n = 256: the kernel fits factor one
 * matrix per likelihood evaluation); the rounding differs from a single sum in the last bits.
 */
export function choleskyInPlace(A: Float64Array, n: number): number {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = A[rj + j]! - dot4(A, rj, rj, j);
    if (!(d > 0)) return j;
    const l = Math.sqrt(d);
    A[rj + j] = l;
    const inv = 1 / l;
    const j4 = j & ~3;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let k = 0;
      for (; k < j4; k += 4) {
        s0 += A[ri + k]! * A[rj + k]!;
        s1 += A[ri + k + 1]! * A[rj + k + 1]!;
        s2 += A[ri + k + 2]! * A[rj + k + 2]!;
        s3 += A[ri + k + 3]! * A[rj + k + 3]!;
      }
      for (; k < j; k++) s0 += A[ri + k]! * A[rj + k]!;
      A[ri + j] = (A[ri + j]! - (s0 + s1 + (s2 + s3))) * inv;
    }
  }
  return -1;
}

/** Σ_{k<len} A[a + k]·A[b + k] on four accumulators. */
function dot4(A: Float64Array, a: number, b: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += A[a + k]! * A[b + k]!;
    s1 += A[a + k + 1]! * A[b + k + 1]!;
    s2 += A[a + k + 2]! * A[b + k + 2]!;
    s3 += A[a + k + 3]! * A[b + k + 3]!;
  }
  for (; k < len; k++) s0 += A[a + k]! * A[b + k]!;
  return s0 + s1 + (s2 + s3);
}

export interface CholeskyResult {
  /** Lower factor (row-major, upper triangle zeroed). */
  L: Float64Array;
  /** Absolute jitter that was added to the diagonal (0 if none was needed). */
  jitter: number;
}

export interface JitterOptions {
  /** Largest jitter, relative to mean(diag). Default 1e−6. */
  maxJitter?: number;
  /** Name and value reported when the matrix cannot be factorised (the argument to change). */
  argument?: string;
  value?: unknown;
}

/** Cholesky of the symmetric matrix K (not modified), with jitter escalation. */
export function choleskyWithJitter(K: Float64Array, n: number, opts: JitterOptions = {}): CholeskyResult {
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += K[i * n + i]!;
  meanDiag /= n;
  const maxRel = opts.maxJitter ?? 1e-6;
  const steps = [0];
  for (let r = 1e-12; r <= maxRel * (1 + 1e-9); r *= 10) steps.push(r);
  if (steps[steps.length - 1]! < maxRel) steps.push(maxRel);
  let fail = 0;
  for (const rel of steps) {
    const A = Float64Array.from(K);
    const jitter = rel * meanDiag;
    if (jitter > 0) for (let i = 0; i < n; i++) A[i * n + i]! += jitter;
    fail = choleskyInPlace(A, n);
    if (fail < 0) {
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) A[i * n + j] = 0;
      return { L: A, jitter };
    }
    if (!(meanDiag > 0) || !Number.isFinite(meanDiag)) break;
  }
  const last = steps[steps.length - 1]!;
  throw new InvalidArgumentError(
    opts.argument ?? "kernel matrix",
    opts.value ?? `n = ${n}`,
    `gives a kernel matrix that is not positive definite (pivot ${fail} of ${n} fails even with jitter ${(last * meanDiag).toExponential(2)} = ${last.toExponential(0)}·mean diagonal); raise the noise, change the length scale, or remove duplicate inputs`,
  );
}

/**
 * Solve L X = B in place for lower-triangular L [n, n] and B [n, q] (row-major). Row i of B takes
 * the rows k < i four at a time, so it is read and written once per four (about 2× faster at
 * n = 256, q = 64).
 */
export function solveLower(L: Float64Array, n: number, B: Float64Array, q: number): Float64Array {
  for (let i = 0; i < n; i++) {
    const r = i * q;
    const li = i * n;
    let k = 0;
    for (; k + 3 < i; k += 4) axpy4(B, r, q, L[li + k]!, L[li + k + 1]!, L[li + k + 2]!, L[li + k + 3]!, k * q);
    for (; k < i; k++) axpy1(B, r, q, L[li + k]!, k * q);
    const inv = 1 / L[li + i]!;
    for (let c = 0; c < q; c++) B[r + c]! *= inv;
  }
  return B;
}

/** Solve Lᵀ X = B in place (L lower-triangular); the rows k > i four at a time as in solveLower. */
export function solveUpperT(L: Float64Array, n: number, B: Float64Array, q: number): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    const r = i * q;
    let k = i + 1;
    for (; k + 3 < n; k += 4) axpy4(B, r, q, L[k * n + i]!, L[(k + 1) * n + i]!, L[(k + 2) * n + i]!, L[(k + 3) * n + i]!, k * q);
    for (; k < n; k++) axpy1(B, r, q, L[k * n + i]!, k * q);
    const inv = 1 / L[i * n + i]!;
    for (let c = 0; c < q; c++) B[r + c]! *= inv;
  }
  return B;
}

/** B[r + c] −= Σ_t l_t·B[o + t·q + c] over four consecutive rows o, o + q, o + 2q, o + 3q. */
function axpy4(B: Float64Array, r: number, q: number, l0: number, l1: number, l2: number, l3: number, o: number): void {
  if (l0 === 0 && l1 === 0 && l2 === 0 && l3 === 0) return;
  const o1 = o + q;
  const o2 = o1 + q;
  const o3 = o2 + q;
  for (let c = 0; c < q; c++) B[r + c]! -= l0 * B[o + c]! + l1 * B[o1 + c]! + l2 * B[o2 + c]! + l3 * B[o3 + c]!;
}

function axpy1(B: Float64Array, r: number, q: number, l: number, o: number): void {
  if (l === 0) return;
  for (let c = 0; c < q; c++) B[r + c]! -= l * B[o + c]!;
}

/** (LLᵀ)⁻¹ B, in place. */
export function choleskySolveInPlace(L: Float64Array, n: number, B: Float64Array, q: number): Float64Array {
  return solveUpperT(L, n, solveLower(L, n, B, q), q);
}

/** log det(LLᵀ) = 2 Σ log Lᵢᵢ. */
export function logDetFromCholesky(L: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(L[i * n + i]!);
  return 2 * s;
}

/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations (used for the
 * k×k Rayleigh–Ritz step of the PCA). Returns eigenvalues descending and column eigenvectors.
 */
export function symmetricEigen(S: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const A = Float64Array.from(S);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += A[i * n + i]! ** 2;
      for (let j = i + 1; j < n; j++) off += A[i * n + j]! ** 2;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q]!;
        if (apq === 0) continue;
        const theta = (A[q * n + q]! - A[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p]!;
          const akq = A[k * n + q]!;
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k]!;
          const aqk = A[q * n + k]!;
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p]!;
          const vkq = V[k * n + q]!;
          V[k * n + p] = c * vkp - s * vkq;
          V[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => A[b * n + b]! - A[a * n + a]!);
  const values = Float64Array.from(order, (i) => A[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vectors[k * n + dst] = V[k * n + src]!;
  });
  return { values, vectors };
}
