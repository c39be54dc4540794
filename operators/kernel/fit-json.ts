/**
 * A KernelOperatorFit as plain JSON (numbers, exact: JSON keeps a double's shortest round-trip
 * form), stored inside the kernel layer's config in model.json. The triangular factors are packed
 * (lower triangle, row by row). tfjs rewrites config keys and string values between camelCase and
 * snake_case on save and load; every key and string here survives that round trip.
 */
import { DatasetFormatError } from "../../core/index.js";
import type { Pca } from "../float64/index.js";
import { KERNELS, type KernelName } from "./kernels.js";
import type { KernelOperatorFit } from "./fit-kernel-operator.js";

export type KernelFitJson = Record<string, unknown>;

function packLower(L: Float64Array, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) out.push(L[i * n + j]!);
  return out;
}

function unpackLower(a: number[], n: number): Float64Array {
  const L = new Float64Array(n * n);
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) L[i * n + j] = a[k++]!;
  return L;
}

const pcaJson = (p: Pca | null) =>
  p === null ? null : { inFeatures: p.inFeatures, rank: p.rank, mean: Array.from(p.mean), components: Array.from(p.components), variances: Array.from(p.variances) };

export function kernelFitToJson(f: KernelOperatorFit): KernelFitJson {
  return {
    version: 1,
    kernel: f.kernel,
    lengthscale: f.lengthscale,
    noise: f.noise,
    jitter: f.jitter,
    method: f.method,
    inFeatures: f.inFeatures,
    outFeatures: f.outFeatures,
    inputPca: pcaJson(f.inputPca),
    outputPca: pcaJson(f.outputPca),
    outputMean: Array.from(f.outputMean),
    featureDim: f.featureDim,
    basis: Array.from(f.basis),
    nb: f.nb,
    coefficients: f.coefficients,
    alpha: Array.from(f.alpha),
    signalVariance: Array.from(f.signalVariance),
    factorK: packLower(f.factorK, f.nb),
    factorA: f.factorA === null ? null : packLower(f.factorA, f.nb),
    logMarginalLikelihood: f.logMarginalLikelihood,
    evaluations: f.evaluations,
  };
}

function bad(what: string): never {
  throw new DatasetFormatError(`kernel operator config: ${what}`);
}

function num(j: KernelFitJson, k: string): number {
  const v = j[k];
  if (typeof v !== "number" || !Number.isFinite(v)) bad(`${k} must be a finite number`);
  return v;
}

function arr(v: unknown, len: number, k: string): Float64Array {
  if (!Array.isArray(v) || v.length !== len || !v.every((x) => typeof x === "number" && Number.isFinite(x))) bad(`${k} must be ${len} finite numbers`);
  return Float64Array.from(v as number[]);
}

function pcaFrom(v: unknown, k: string): Pca | null {
  if (v === null || v === undefined) return null;
  const o = v as KernelFitJson;
  const P = num(o, "inFeatures");
  const r = num(o, "rank");
  return { inFeatures: P, rank: r, mean: arr(o.mean, P, `${k}.mean`), components: arr(o.components, P * r, `${k}.components`), variances: arr(o.variances, r, `${k}.variances`) };
}

export function kernelFitFromJson(j: KernelFitJson): KernelOperatorFit {
  if (j.version !== 1) bad(`unknown version ${String(j.version)}`);
  const kernel = j.kernel as KernelName;
  if (!KERNELS.includes(kernel)) bad(`unknown kernel ${String(j.kernel)}`);
  if (j.method !== "exact" && j.method !== "nystrom") bad(`unknown method ${String(j.method)}`);
  const nb = num(j, "nb");
  const r = num(j, "featureDim");
  const Qc = num(j, "coefficients");
  const Q = num(j, "outFeatures");
  const tri = (nb * (nb + 1)) / 2;
  const fa = j.factorA === null || j.factorA === undefined ? null : unpackLower(Array.from(arr(j.factorA, tri, "factorA")), nb);
  return {
    kernel,
    lengthscale: num(j, "lengthscale"),
    noise: num(j, "noise"),
    jitter: num(j, "jitter"),
    method: j.method,
    inFeatures: num(j, "inFeatures"),
    outFeatures: Q,
    inputPca: pcaFrom(j.inputPca, "inputPca"),
    outputPca: pcaFrom(j.outputPca, "outputPca"),
    outputMean: arr(j.outputMean, Q, "outputMean"),
    featureDim: r,
    basis: arr(j.basis, nb * r, "basis"),
    nb,
    coefficients: Qc,
    alpha: arr(j.alpha, nb * Qc, "alpha"),
    signalVariance: arr(j.signalVariance, Qc, "signalVariance"),
    factorK: unpackLower(Array.from(arr(j.factorK, tri, "factorK")), nb),
    factorA: fa,
    logMarginalLikelihood: typeof j.logMarginalLikelihood === "number" ? j.logMarginalLikelihood : NaN,
    evaluations: typeof j.evaluations === "number" ? j.evaluations : 0,
  };
}
