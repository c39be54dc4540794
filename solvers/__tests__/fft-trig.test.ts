/**
 * DST-I, DCT-I, DCT-II, DCT-III against their O(n²) definitions (scipy.fft types 1-3,
 * norm="backward"), with angles reduced exactly, for every n up to 160 plus a few larger
 * lengths; and the inverse pairs.
 */
import { describe, expect, it } from "vitest";
import { Rng, makeField } from "../../core/index.js";
import { dct1, dct2, dct3, dst1 } from "../index.js";
import { relErrReal } from "./fft-reference.js";

/** cos(π·q/p) and sin(π·q/p) for integer q, with q reduced mod 2p first. */
function cosPi(q: number, p: number): number {
  return Math.cos((Math.PI * (q % (2 * p))) / p);
}
function sinPi(q: number, p: number): number {
  return Math.sin((Math.PI * (q % (2 * p))) / p);
}

const direct = {
  dst1: (x: Float64Array) => x.map((_, k) => x.reduce((s, v, j) => s + 2 * v * sinPi((j + 1) * (k + 1), x.length + 1), 0)),
  dct1: (x: Float64Array) => {
    const n = x.length;
    return x.map((_, k) => {
      let s = x[0]! + (k % 2 ? -1 : 1) * x[n - 1]!;
      for (let j = 1; j < n - 1; j++) s += 2 * x[j]! * cosPi(j * k, n - 1);
      return s;
    });
  },
  dct2: (x: Float64Array) => x.map((_, k) => x.reduce((s, v, j) => s + 2 * v * cosPi(k * (2 * j + 1), 2 * x.length), 0)),
  dct3: (x: Float64Array) => x.map((_, k) => x.reduce((s, v, j) => s + (j === 0 ? v : 2 * v * cosPi((2 * k + 1) * j, 2 * x.length)), 0)),
};

const lengths = [...Array.from({ length: 160 }, (_, i) => i + 1), 255, 256, 257, 500, 511, 512, 1000];

describe("real-to-real transforms vs their definitions", () => {
  const rng = new Rng(5);
  const transforms = { dst1, dct1, dct2, dct3 };
  for (const name of ["dst1", "dct1", "dct2", "dct3"] as const) {
    it(`${name}: relative error ≤ 1e-12 for n = 1..160 and larger lengths, inverse round trip`, () => {
      const bad: string[] = [];
      for (const n of lengths) {
        if (name === "dct1" && n < 2) continue;
        const x = rng.fillNormal(new Float64Array(n));
        const x0 = Float64Array.from(x);
        const y = transforms[name](makeField([n], x));
        const e = relErrReal(y.data, direct[name](x));
        if (!(e <= 1e-12)) bad.push(`n=${n}: ${e.toExponential(2)}`);
        const back = transforms[name](y, { inverse: true });
        const r = relErrReal(back.data, x);
        if (!(r <= 1e-12)) bad.push(`n=${n} inverse: ${r.toExponential(2)}`);
        if (relErrReal(x, x0) !== 0) bad.push(`n=${n}: input modified`);
      }
      expect(bad).toEqual([]);
    });
  }

  it("documented pairs: dst1∘dst1 = 2(n+1)·I, dct1∘dct1 = 2(n−1)·I, dct3∘dct2 = dct2∘dct3 = 2n·I", () => {
    const n = 37;
    const x = makeField([n], new Rng(9).fillNormal(new Float64Array(n)));
    const scaled = (s: number) => x.data.map((v) => v * s);
    expect(relErrReal(dst1(dst1(x)).data, scaled(2 * (n + 1)))).toBeLessThan(1e-14);
    expect(relErrReal(dct1(dct1(x)).data, scaled(2 * (n - 1)))).toBeLessThan(1e-14);
    expect(relErrReal(dct3(dct2(x)).data, scaled(2 * n))).toBeLessThan(1e-14);
    expect(relErrReal(dct2(dct3(x)).data, scaled(2 * n))).toBeLessThan(1e-14);
  });
});
