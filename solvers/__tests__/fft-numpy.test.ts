/**
 * Live cross-check against numpy.fft / scipy.fft on larger and 2-D inputs than the committed
 * fixtures (random data generated here, transformed by both). Skips with a warning when no
 * python3 with numpy and scipy is found (CI installs them).
 */
import { describe, expect, it } from "vitest";
import { findPython, runPython } from "../../__tests__/python.js";
import { Rng, makeField } from "../../core/index.js";
import { dct1, dct2, dct3, dst1, fft, ifft, irfft, rfft } from "../index.js";
import { relErrReal } from "./fft-reference.js";

const py = findPython(["numpy", "scipy"]);
// numpy's BLAS (and torch's OpenMP) start a thread per core that spins while it waits: on shared
// cores that doubled the CPU of these small python runs (docs/testing.md). One thread each.
process.env.OPENBLAS_NUM_THREADS ??= "1";
process.env.OMP_NUM_THREADS ??= "1";
if (!py) console.warn("fft-numpy.test.ts: no python3 with numpy and scipy found; skipping the live numpy/scipy cross-check");

const SCRIPT = `
import json, sys
import numpy as np
import scipy.fft as sf
cases = json.loads(sys.stdin.read())
out = []
for c in cases:
    x = np.array(c["x"]).reshape(c["shape"])
    y = np.array(c["y"]).reshape(c["shape"])
    a = c["axis"]
    z = np.fft.fft(x + 1j * y, axis=a)
    zi = np.fft.ifft(x + 1j * y, axis=a)
    r = np.fft.rfft(x, axis=a)
    n = x.shape[a]
    res = {
        "fft": [z.real.ravel().tolist(), z.imag.ravel().tolist()],
        "ifft": [zi.real.ravel().tolist(), zi.imag.ravel().tolist()],
        "rfft": [r.real.ravel().tolist(), r.imag.ravel().tolist()],
        "irfft": np.fft.irfft(r, n=n, axis=a).ravel().tolist(),
        "dst1": sf.dst(x, type=1, axis=a).ravel().tolist(),
        "dct1": sf.dct(x, type=1, axis=a).ravel().tolist(),
        "dct2": sf.dct(x, type=2, axis=a).ravel().tolist(),
        "dct3": sf.dct(x, type=3, axis=a).ravel().tolist(),
    }
    out.append(res)
print(json.dumps(out))
`;

describe.skipIf(!py)("live numpy/scipy cross-check", () => {
  it("1-D lengths 1000, 1024, 2187, 4097 and 2-D fields along each axis agree to 1e-12", () => {
    const rng = new Rng(99);
    const specs: Array<{ shape: number[]; axis: number }> = [
      { shape: [1000], axis: 0 },
      { shape: [1024], axis: 0 },
      { shape: [2187], axis: 0 },
      { shape: [4097], axis: 0 },
      { shape: [48, 64], axis: 0 },
      { shape: [48, 64], axis: 1 },
      { shape: [33, 10], axis: 0 },
    ];
    const cases = specs.map((s) => {
      const size = s.shape.reduce((a, b) => a * b, 1);
      return { ...s, x: Array.from(rng.fillNormal(new Float64Array(size))), y: Array.from(rng.fillNormal(new Float64Array(size))) };
    });
    const ref = JSON.parse(runPython(py!, SCRIPT, JSON.stringify(cases))) as Array<Record<string, number[] | number[][]>>;
    const bad: string[] = [];
    cases.forEach((c, i) => {
      const r = ref[i]!;
      const x = makeField(c.shape, c.x);
      const y = makeField(c.shape, c.y);
      const opts = { axis: c.axis };
      const check = (name: string, got: Float64Array, want: number[]) => {
        const e = relErrReal(got, want);
        if (!(e <= 1e-12)) bad.push(`${JSON.stringify(c.shape)} axis ${c.axis} ${name}: ${e.toExponential(2)}`);
      };
      const F = fft(x, y, opts);
      check("fft re", F.re.data, (r.fft as number[][])[0]!);
      check("fft im", F.im.data, (r.fft as number[][])[1]!);
      const I = ifft(x, y, opts);
      check("ifft re", I.re.data, (r.ifft as number[][])[0]!);
      check("ifft im", I.im.data, (r.ifft as number[][])[1]!);
      const R = rfft(x, opts);
      check("rfft re", R.re.data, (r.rfft as number[][])[0]!);
      check("rfft im", R.im.data, (r.rfft as number[][])[1]!);
      check("irfft", irfft(R.re, R.im, { ...opts, n: c.shape[c.axis] }).data, r.irfft as number[]);
      check("dst1", dst1(x, opts).data, r.dst1 as number[]);
      check("dct1", dct1(x, opts).data, r.dct1 as number[]);
      check("dct2", dct2(x, opts).data, r.dct2 as number[]);
      check("dct3", dct3(x, opts).data, r.dct3 as number[]);
    });
    expect(bad).toEqual([]);
  });
});
