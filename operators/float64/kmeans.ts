/**
 * Prototype selection from training features (Float64, seeded): k-means++ seeding (Arthur &
 * Vassilvitskii 2007: each next centre drawn with probability ∝ squared distance to the nearest
 * chosen one) followed by Lloyd iterations, or a random subset. Used for the RBF network's
 * centres and the Nyström kernel operator's inducing points.
 */
import { InvalidArgumentError, Rng, requireInteger } from "../../core/index.js";

export type PrototypeInit = "kmeans++" | "random" | "all";

/** M prototypes [M, r] from Z [N, r]. */
export function choosePrototypes(Z: Float64Array, N: number, r: number, M: number, init: PrototypeInit, seed: number, iterations = 10): Float64Array {
  if (init === "all") return Float64Array.from(Z.subarray(0, N * r));
  requireInteger("centers", M, 1, N);
  const rng = new Rng(seed >>> 0, 0xc3);
  if (init === "random") {
    const idx = rng.shuffle(Array.from({ length: N }, (_, i) => i)) as number[];
    const C = new Float64Array(M * r);
    for (let j = 0; j < M; j++) C.set(Z.subarray(idx[j]! * r, idx[j]! * r + r), j * r);
    return C;
  }
  if (init !== "kmeans++") throw new InvalidArgumentError("init", init, 'must be "kmeans++", "random" or "all"');
  const C = new Float64Array(M * r);
  const d2 = new Float64Array(N).fill(Infinity);
  let pick = rng.int(N);
  for (let j = 0; j < M; j++) {
    C.set(Z.subarray(pick * r, pick * r + r), j * r);
    let total = 0;
    for (let i = 0; i < N; i++) {
      let s = 0;
      for (let c = 0; c < r; c++) s += (Z[i * r + c]! - C[j * r + c]!) ** 2;
      if (s < d2[i]!) d2[i] = s;
      total += d2[i]!;
    }
    if (j + 1 === M) break;
    if (!(total > 0)) {
      // Fewer distinct points than prototypes: take any not yet used.
      pick = (pick + 1) % N;
      continue;
    }
    let u = rng.uniform() * total;
    pick = N - 1;
    for (let i = 0; i < N; i++) {
      u -= d2[i]!;
      if (u < 0) {
        pick = i;
        break;
      }
    }
  }
  lloyd(Z, N, r, C, M, iterations);
  return C;
}

/** Lloyd iterations in place; an empty cluster keeps its centre. */
function lloyd(Z: Float64Array, N: number, r: number, C: Float64Array, M: number, iterations: number): void {
  const assign = new Int32Array(N);
  for (let it = 0; it < iterations; it++) {
    let changed = false;
    for (let i = 0; i < N; i++) {
      let best = 0;
      let bd = Infinity;
      for (let j = 0; j < M; j++) {
        let s = 0;
        for (let c = 0; c < r && s < bd; c++) s += (Z[i * r + c]! - C[j * r + c]!) ** 2;
        if (s < bd) {
          bd = s;
          best = j;
        }
      }
      if (assign[i] !== best || it === 0) changed = true;
      assign[i] = best;
    }
    if (!changed) break;
    const sum = new Float64Array(M * r);
    const cnt = new Int32Array(M);
    for (let i = 0; i < N; i++) {
      const j = assign[i]!;
      cnt[j]!++;
      for (let c = 0; c < r; c++) sum[j * r + c]! += Z[i * r + c]!;
    }
    for (let j = 0; j < M; j++) if (cnt[j]! > 0) for (let c = 0; c < r; c++) C[j * r + c] = sum[j * r + c]! / cnt[j]!;
  }
}
