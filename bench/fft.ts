/**
 * `npm run bench -- fft [--quick] [--reps R]`: ns per forward+inverse pair for complex and real
 * 1-D transforms along the last axis of a [batch, n] field (batch·n = 2^16, so small n is
 * batched), and for a 2-D 256×256 real pair (rfft along x, fft along y, and back). Timed through
 * the public Field API (allocation and validation included). When a python3 with numpy is
 * present, numpy.fft does the same work in the same run and the ratio ours/numpy is printed.
 * Times are process CPU time (user + system; Node's process.cpuUsage, Python's
 * time.process_time), not wall time: on a shared, loaded machine wall time mostly measures the
 * other jobs. Each figure is the best of R windows (default 20; 8 with --quick) of ≥ 20 ms CPU.
 */
import { makeField, Rng, type Field } from "../core/index.js";
import { fft, ifft, irfft, rfft } from "../solvers/index.js";
import { findPython, runPython } from "../__tests__/python.js";

const SIZES = [64, 256, 1024, 4096, 65536];
const TOTAL = 1 << 16;

interface Case {
  name: string;
  shape: number[];
  /** One forward+inverse pair over the whole [batch, n] field. */
  run: (x: Field) => void;
  /** numpy statement on `x` (float64 array of `shape`). */
  py: string;
  pairs: number;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const n of SIZES) {
    const batch = Math.max(1, TOTAL / n);
    out.push({
      name: `complex n=${n}`,
      shape: [batch, n],
      pairs: batch,
      run: (x) => {
        const y = fft(x, x);
        ifft(y.re, y.im);
      },
      py: "np.fft.ifft(np.fft.fft(z, axis=-1), axis=-1)",
    });
  }
  for (const n of SIZES) {
    const batch = Math.max(1, TOTAL / n);
    out.push({
      name: `real n=${n}`,
      shape: [batch, n],
      pairs: batch,
      run: (x) => {
        const y = rfft(x);
        irfft(y.re, y.im, { n });
      },
      py: "np.fft.irfft(np.fft.rfft(x, axis=-1), n=x.shape[-1], axis=-1)",
    });
  }
  out.push({
    name: "real 2-D 256x256",
    shape: [256, 256],
    pairs: 1,
    run: (x) => {
      const a = rfft(x, { axis: 1 });
      const b = fft(a.re, a.im, { axis: 0 });
      const c = ifft(b.re, b.im, { axis: 0 });
      irfft(c.re, c.im, { axis: 1, n: 256 });
    },
    py: "np.fft.irfft2(np.fft.rfft2(x), s=x.shape)",
  });
  return out;
}

/** Best-of-`reps` CPU seconds per call of fn, each repetition looping for ≥ minTime CPU seconds. */
function timeIt(fn: () => void, minTime: number, reps: number): number {
  fn();
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    let calls = 0;
    const c0 = process.cpuUsage();
    let t = 0;
    do {
      fn();
      calls++;
      const u = process.cpuUsage(c0);
      t = (u.user + u.system) / 1e6;
    } while (t < minTime);
    best = Math.min(best, t / calls);
  }
  return best;
}

function numpyTimes(py: string, list: Case[], minTime: number, reps: number): number[] {
  const script = `
import json, sys, time
import numpy as np
cases = json.loads(sys.stdin.read())
rng = np.random.default_rng(0)
out = []
for c in cases:
    x = rng.standard_normal(c["shape"])
    z = x + 1j * x
    f = eval("lambda x, z: " + c["py"], {"np": np})
    f(x, z)
    best = float("inf")
    for r in range(${reps}):
        calls = 0
        t0 = time.process_time()
        t = t0
        while t - t0 < ${minTime}:
            f(x, z)
            calls += 1
            t = time.process_time()
        best = min(best, (t - t0) / calls)
    out.append(best)
print(json.dumps(out))
`;
  return JSON.parse(runPython(py, script, JSON.stringify(list.map((c) => ({ shape: c.shape, py: c.py }))))) as number[];
}

export async function run(args: string[]): Promise<void> {
  const quick = args.includes("--quick");
  const ri = args.indexOf("--reps");
  const reps = ri >= 0 ? Number(args[ri + 1]) : quick ? 8 : 20;
  const minTime = 0.02;
  const list = cases();
  const rng = new Rng(1);
  const ours = list.map((c) => {
    const x = makeField(c.shape, rng.fillNormal(new Float64Array(c.shape.reduce((a, b) => a * b, 1))));
    return timeIt(() => c.run(x), minTime, reps);
  });
  const py = findPython(["numpy"]);
  let theirs: number[] | null = null;
  if (py) {
    try {
      theirs = numpyTimes(py, list, minTime, reps);
    } catch (e) {
      console.warn(`numpy timing failed: ${(e as Error).message}`);
    }
  } else console.warn("no python3 with numpy found: printing our figures only");
  const np = theirs ? (py && runPython(py, "import numpy; print(numpy.__version__)").trim()) : "";
  console.log(`fft benchmark: CPU ns per forward+inverse pair (best of ${reps}), batch·n = ${TOTAL} (n = 65536: 1)${np ? `; numpy ${np}` : ""}`);
  const head = ["case", "batch", "ours ns/pair", "numpy ns/pair", "ours/numpy"];
  const rows = list.map((c, i) => {
    const o = (ours[i]! / c.pairs) * 1e9;
    const t = theirs ? (theirs[i]! / c.pairs) * 1e9 : NaN;
    return [c.name, String(c.pairs), o.toFixed(0), theirs ? t.toFixed(0) : "-", theirs ? (o / t).toFixed(2) : "-"];
  });
  const w = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  for (const r of [head, ...rows]) console.log(r.map((s, k) => (k === 0 ? s.padEnd(w[k]!) : s.padStart(w[k]!))).join("  "));
}
