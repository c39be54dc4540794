/**
 * Agreement with numpy.fft and scipy.fft on committed fixtures (fixtures/fft-fixtures.json,
 * made by fixtures/make-fft-fixtures.py): relative error ≤ 1e-12 for every transform.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeField } from "../../core/index.js";
import { dct1, dct2, dct3, dst1, fft, ifft, irfft, rfft } from "../index.js";
import { relErrReal } from "./fft-reference.js";

interface Case {
  n: number;
  xr: number[];
  xi: number[];
  [k: string]: number[] | number;
}
const fx = JSON.parse(readFileSync(new URL("./fixtures/fft-fixtures.json", import.meta.url), "utf8")) as {
  cases: Case[];
  two_d: Record<string, number[]>;
};

const TOL = 1e-12;

describe("numpy/scipy fixtures", () => {
  it("covers the lengths it claims", () => {
    expect(fx.cases.map((c) => c.n)).toContain(243);
    expect(fx.cases.length).toBeGreaterThanOrEqual(15);
  });
  for (const c of fx.cases) {
    it(`n = ${c.n}: fft, ifft, rfft, irfft, dst1, dct1, dct2, dct3`, () => {
      const n = c.n;
      const re = makeField([n], c.xr);
      const im = makeField([n], c.xi);
      const errs: Record<string, number> = {};
      const F = fft(re, im);
      errs.fft = Math.max(relErrReal(F.re.data, c.fft_re as number[]), relErrReal(F.im.data, c.fft_im as number[]));
      const I = ifft(re, im);
      errs.ifft = Math.max(relErrReal(I.re.data, c.ifft_re as number[]), relErrReal(I.im.data, c.ifft_im as number[]));
      const R = rfft(re);
      errs.rfft = Math.max(relErrReal(R.re.data, c.rfft_re as number[]), relErrReal(R.im.data, c.rfft_im as number[]));
      const h = Math.floor(n / 2) + 1;
      errs.irfft = relErrReal(irfft(makeField([h], c.xr.slice(0, h)), makeField([h], c.xi.slice(0, h)), { n }).data, c.irfft as number[]);
      errs.dst1 = relErrReal(dst1(re).data, c.dst1 as number[]);
      errs.dct2 = relErrReal(dct2(re).data, c.dct2 as number[]);
      errs.dct3 = relErrReal(dct3(re).data, c.dct3 as number[]);
      if (n >= 2) errs.dct1 = relErrReal(dct1(re).data, c.dct1 as number[]);
      for (const [k, v] of Object.entries(errs)) expect(v, k).toBeLessThanOrEqual(TOL);
    });
  }
  it("2-D field (12, 5): rfft, dst1, dct2 along axis 0 and the 2-D rfft", () => {
    const t = fx.two_d;
    const x = makeField([12, 5], t.x!);
    const R = rfft(x, { axis: 0 });
    expect(relErrReal(R.re.data, t.rfft_axis0_re!)).toBeLessThanOrEqual(TOL);
    expect(relErrReal(R.im.data, t.rfft_axis0_im!)).toBeLessThanOrEqual(TOL);
    expect(relErrReal(dst1(x, { axis: 0 }).data, t.dst1_axis0!)).toBeLessThanOrEqual(TOL);
    expect(relErrReal(dct2(x, { axis: 0 }).data, t.dct2_axis0!)).toBeLessThanOrEqual(TOL);
    // numpy's rfft2 = rfft along the last axis, then fft along axis 0.
    const r1 = rfft(x, { axis: 1 });
    const r2 = fft(r1.re, r1.im, { axis: 0 });
    expect(relErrReal(r2.re.data, t.rfft2_re!)).toBeLessThanOrEqual(TOL);
    expect(relErrReal(r2.im.data, t.rfft2_im!)).toBeLessThanOrEqual(TOL);
  });
});
