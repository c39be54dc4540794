/**
 * FFT plans for the lane-vector stages of fft-wat.ts: the factorisation of n (radix 4 first,
 * then 2, then odd primes) and, per stage, the twiddle tables in the kernel module's memory.
 * Any n ≥ 1 works; primes p cost O(p²) per butterfly (fine for the sizes a grid has).
 */
import type { KernelRuntime } from "./runtime.js";

interface Stage {
  p: number;
  s: number;
  m: number;
  tw: number;
  twp: number;
}
export interface FftPlan {
  n: number;
  inverse: boolean;
  stages: Stage[];
}

export function radices(n: number): number[] {
  const out: number[] = [];
  let r = n;
  while (r % 4 === 0) {
    out.push(4);
    r /= 4;
  }
  if (r % 2 === 0) {
    out.push(2);
    r /= 2;
  }
  for (let p = 3; r > 1; p += 2) {
    while (r % p === 0) {
      out.push(p);
      r /= p;
    }
    if (p * p > r && r > 1) {
      out.push(r);
      r = 1;
    }
  }
  return out;
}

const plans = new WeakMap<KernelRuntime, Map<string, FftPlan>>();

/** exp(∓2πi·k/n) as (re, im), k reduced mod n exactly. */
function root(k: number, n: number, inverse: boolean): [number, number] {
  const t = (2 * Math.PI * (((k % n) + n) % n)) / n;
  return [Math.cos(t), inverse ? Math.sin(t) : -Math.sin(t)];
}

export function fftPlan(rt: KernelRuntime, n: number, inverse: boolean): FftPlan {
  let byRt = plans.get(rt);
  if (!byRt) {
    byRt = new Map();
    plans.set(rt, byRt);
  }
  const key = `${n}:${inverse ? "i" : "f"}`;
  const hit = byRt.get(key);
  if (hit) return hit;
  const stages: Stage[] = [];
  let s = 1;
  let cur = n;
  radices(n).forEach((p, i) => {
    const m = cur / p;
    const perA = p === 2 ? 1 : p === 4 ? 3 : p;
    const tw = rt.region(`fft:${key}:${i}:tw`, Math.max(8, m * perA * 8));
    let twp = 0;
    const table = new Float32Array(m * perA * 2);
    for (let a = 0; a < m; a++)
      for (let t = 0; t < perA; t++) {
        const [re, im] = root(a * (p === 2 ? 1 : p === 4 ? t + 1 : t), cur, inverse);
        table[2 * (a * perA + t)] = re;
        table[2 * (a * perA + t) + 1] = im;
      }
    if (p !== 2 && p !== 4) {
      twp = rt.region(`fft:${key}:${i}:twp`, p * p * 8);
      const tp = new Float32Array(p * p * 2);
      for (let r = 0; r < p; r++)
        for (let t = 0; t < p; t++) {
          const [re, im] = root(r * t, p, inverse);
          tp[2 * (r * p + t)] = re;
          tp[2 * (r * p + t) + 1] = im;
        }
      rt.f32().set(tp, twp / 4);
    }
    rt.f32().set(table, tw / 4);
    stages.push({ p, s, m, tw, twp });
    s *= p;
    cur = m;
  });
  const plan = { n, inverse, stages };
  byRt.set(key, plan);
  return plan;
}

/**
 * Runs every stage of `plan` on `cnt` sequences (`bst` bytes apart, elements `est` bytes apart,
 * `V` SIMD vectors per half element), ping-ponging between `a` and `b` (same layout).
 * Returns the buffer holding the result.
 */
export function runFft(rt: KernelRuntime, plan: FftPlan, a: number, b: number, cnt: number, bst: number, est: number, V: number): number {
  let src = a;
  let dst = b;
  const e = rt.exports;
  for (const st of plan.stages) {
    if (st.p === 2) e.r2!(src, dst, cnt, bst, est, st.s, st.m, st.tw, V);
    else if (st.p === 4) e.r4!(src, dst, cnt, bst, est, st.s, st.m, st.tw, V, plan.inverse ? -1 : 1);
    else e.rg!(src, dst, cnt, bst, est, st.s, st.m, st.tw, V, st.p, st.twp);
    [src, dst] = [dst, src];
  }
  return src;
}
