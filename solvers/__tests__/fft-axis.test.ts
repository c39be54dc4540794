/**
 * Field-level behaviour of the transforms: any axis of an N-D field (batched lines agree with
 * 1-D transforms of each line), strided and offset input views, inputs left unchanged, and the
 * tagged errors for bad input. Also angularWavenumbers.
 */
import { describe, expect, it } from "vitest";
import { Rng, isPdesError, makeField, makeGrid, toContiguous, type Field } from "../../core/index.js";
import { angularWavenumbers, dct1, dct2, dst1, fft, getComplexPlan, ifft, irfft, rfft } from "../index.js";
import { relErrReal } from "./fft-reference.js";

const rng = new Rng(11);
const randomField = (shape: number[]) => makeField(shape, rng.fillNormal(new Float64Array(shape.reduce((a, b) => a * b, 1))));

/** The line of `f` through multi-index `idx` along `axis`, as a 1-D field. */
function line(f: Field, idx: number[], axis: number): Field {
  const n = f.shape[axis]!;
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let p = f.offset;
    idx.forEach((i, a) => (p += (a === axis ? j : i) * f.stride[a]!));
    out[j] = f.data[p]!;
  }
  return makeField([n], out);
}

/** Every multi-index of `shape` with idx[axis] = 0. */
function lineStarts(shape: number[], axis: number): number[][] {
  const starts: number[][] = [[]];
  shape.forEach((n, a) => {
    const next: number[][] = [];
    for (const s of starts) for (let i = 0; i < (a === axis ? 1 : n); i++) next.push([...s, i]);
    starts.splice(0, starts.length, ...next);
  });
  return starts;
}

describe("transforms along any axis", () => {
  const shape = [6, 5, 8];
  for (let axis = 0; axis < 3; axis++) {
    it(`3-D field ${JSON.stringify(shape)}, axis ${axis}: every line equals its 1-D transform`, () => {
      const x = randomField(shape);
      const y = randomField(shape);
      const before = Float64Array.from(x.data);
      const c = fft(x, y, { axis });
      const r = rfft(x, { axis });
      const s = dst1(x, { axis });
      const d = dct2(x, { axis });
      expect(r.re.shape[axis]).toBe(Math.floor(shape[axis]! / 2) + 1);
      let worst = 0;
      for (const idx of lineStarts(shape, axis)) {
        const c1 = fft(line(x, idx, axis), line(y, idx, axis));
        worst = Math.max(worst, relErrReal(line(c.re, idx, axis).data, c1.re.data), relErrReal(line(c.im, idx, axis).data, c1.im.data));
        const r1 = rfft(line(x, idx, axis));
        worst = Math.max(worst, relErrReal(line(r.re, idx, axis).data, r1.re.data), relErrReal(line(r.im, idx, axis).data, r1.im.data));
        worst = Math.max(worst, relErrReal(line(s, idx, axis).data, dst1(line(x, idx, axis)).data));
        worst = Math.max(worst, relErrReal(line(d, idx, axis).data, dct2(line(x, idx, axis)).data));
      }
      expect(worst).toBeLessThanOrEqual(1e-15);
      expect(x.data).toEqual(before);
      // round trips along the axis
      const back = ifft(c.re, c.im, { axis });
      expect(relErrReal(back.re.data, x.data)).toBeLessThan(1e-14);
      expect(relErrReal(back.im.data, y.data)).toBeLessThan(1e-14);
      expect(relErrReal(irfft(r.re, r.im, { axis, n: shape[axis] }).data, x.data)).toBeLessThan(1e-14);
      expect(relErrReal(dst1(s, { axis, inverse: true }).data, x.data)).toBeLessThan(1e-14);
      expect(relErrReal(dct2(d, { axis, inverse: true }).data, x.data)).toBeLessThan(1e-14);
    });
  }

  it("batched multi-line transforms (power-of-two lengths, several chunks) equal one-line transforms bit for bit", () => {
    const cases: Array<[number[], number]> = [
      [[37, 64], 1],
      [[64, 37], 0],
      [[300, 2], 1],
      [[3, 4, 16], 1],
      [[20, 1024], 1],
      [[4, 9], 0],
      [[70, 8], 1],
    ];
    for (const [shape, axis] of cases) {
      const x = randomField(shape);
      const y = randomField(shape);
      const n = shape[axis]!;
      const c = fft(x, y, { axis });
      const ci = ifft(x, y, { axis });
      const r = rfft(x, { axis });
      const ri = irfft(r.re, r.im, { axis, n });
      for (const idx of lineStarts(shape, axis)) {
        const c1 = fft(line(x, idx, axis), line(y, idx, axis));
        expect(line(c.re, idx, axis).data).toEqual(c1.re.data);
        expect(line(c.im, idx, axis).data).toEqual(c1.im.data);
        const i1 = ifft(line(x, idx, axis), line(y, idx, axis));
        expect(line(ci.re, idx, axis).data).toEqual(i1.re.data);
        expect(line(ci.im, idx, axis).data).toEqual(i1.im.data);
        const r1 = rfft(line(x, idx, axis));
        expect(line(r.re, idx, axis).data).toEqual(r1.re.data);
        expect(line(r.im, idx, axis).data).toEqual(r1.im.data);
        expect(line(ri, idx, axis).data).toEqual(irfft(r1.re, r1.im, { n }).data);
      }
      expect(relErrReal(ri.data, x.data)).toBeLessThan(1e-14);
    }
  });

  it("negative axis counts from the end", () => {
    const x = randomField([4, 7]);
    expect(rfft(x, { axis: -2 }).re.data).toEqual(rfft(x, { axis: 0 }).re.data);
    expect(rfft(x).re.data).toEqual(rfft(x, { axis: 1 }).re.data);
  });

  it("strided, offset views (a transposed window into a larger buffer) give the same result as a contiguous copy", () => {
    const big = randomField([9, 10]);
    // view: rows 1..7, columns 2..9 step... as a transposed [5, 7] view with offset
    const view: Field = { data: big.data, shape: [5, 7], stride: [1, 10], offset: 12 };
    const copy = toContiguous(view, true);
    for (const axis of [0, 1]) {
      const a = fft(view, view, { axis });
      const b = fft(copy, copy, { axis });
      expect(relErrReal(a.re.data, b.re.data)).toBe(0);
      expect(relErrReal(a.im.data, b.im.data)).toBe(0);
      const ra = rfft(view, { axis });
      const rb = rfft(copy, { axis });
      expect(relErrReal(ra.re.data, rb.re.data)).toBe(0);
      const ia = irfft(ra.re, ra.im, { axis, n: view.shape[axis] });
      expect(relErrReal(ia.data, copy.data)).toBeLessThan(1e-15);
      expect(relErrReal(dst1(view, { axis }).data, dst1(copy, { axis }).data)).toBe(0);
    }
  });

  it("irfft: odd output length and the default n = 2(m−1)", () => {
    const x = randomField([2, 9]);
    const r = rfft(x);
    expect(r.re.shape).toEqual([2, 5]);
    expect(relErrReal(irfft(r.re, r.im, { n: 9 }).data, x.data)).toBeLessThan(1e-14);
    expect(irfft(r.re, r.im).shape).toEqual([2, 8]);
  });
});

describe("bad input gives tagged errors naming the argument", () => {
  const catchErr = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return e;
    }
    throw new Error("expected a throw");
  };
  it("NaN input", () => {
    const x = makeField([4], [1, NaN, 2, 3]);
    const e = catchErr(() => fft(x));
    expect(isPdesError(e, "NonFinite")).toBe(true);
    expect((e as Error).message).toMatch(/^re contains NaN at flat index 1/);
    expect(isPdesError(catchErr(() => rfft(x)), "NonFinite")).toBe(true);
    expect(isPdesError(catchErr(() => dst1(makeField([2], [Infinity, 0]))), "NonFinite")).toBe(true);
  });
  it("axis out of range", () => {
    const e = catchErr(() => rfft(makeField([3, 4]), { axis: 2 }));
    expect(isPdesError(e, "InvalidArgument")).toBe(true);
    expect((e as Error).message).toMatch(/^axis .* got 2$/);
  });
  it("im of a different shape", () => {
    const e = catchErr(() => fft(makeField([4]), makeField([5])));
    expect(isPdesError(e, "ShapeMismatch")).toBe(true);
    expect((e as Error).message).toContain("im has shape [5]");
  });
  it("irfft length that does not match the spectrum", () => {
    const e = catchErr(() => irfft(makeField([5]), makeField([5]), { n: 12 }));
    expect(isPdesError(e, "ShapeMismatch")).toBe(true);
    expect((e as Error).message).toContain("n = 12");
  });
  it("lengths beyond the supported limit are an Unsupported error, not a wrong answer", () => {
    for (const n of [2 ** 22 + 1, 2 ** 25]) {
      const e = catchErr(() => getComplexPlan(n));
      expect(isPdesError(e, "Unsupported")).toBe(true);
      expect((e as Error).message).toContain(`transform length ${n} is not supported`);
    }
  });
  it("empty axis, DCT-I of length 1, not a Field", () => {
    expect(isPdesError(catchErr(() => fft(makeField([0]))), "ShapeMismatch")).toBe(true);
    expect(isPdesError(catchErr(() => dct1(makeField([1], [1]))), "ShapeMismatch")).toBe(true);
    expect(isPdesError(catchErr(() => rfft({ data: [1, 2] } as unknown as Field)), "InvalidArgument")).toBe(true);
  });
});

describe("angularWavenumbers", () => {
  it("periodic: 2πm/L in fftfreq order, and the rfft half", () => {
    const g = makeGrid({ shape: [5, 4], lengths: [2, 3] });
    const k0 = Array.from(angularWavenumbers(g, 0));
    expect(k0.map((k) => (k * 2) / (2 * Math.PI))).toEqual([0, 1, 2, -2, -1].map((m) => expect.closeTo(m, 14)));
    const k1 = Array.from(angularWavenumbers(g, 1));
    expect(k1.map((k) => (k * 3) / (2 * Math.PI))).toEqual([0, 1, -2, -1].map((m) => expect.closeTo(m, 14)));
    expect(Array.from(angularWavenumbers(g, 1, { half: true })).map((k) => (k * 3) / (2 * Math.PI))).toEqual(
      [0, 1, 2].map((m) => expect.closeTo(m, 14)),
    );
  });
  it("Dirichlet πm/L (m = 1..n) and Neumann πm/L (m = 0..n−1)", () => {
    const g = makeGrid({ shape: [3, 3], lengths: [2, 2], bc: ["dirichlet", "neumann"] });
    expect(Array.from(angularWavenumbers(g, 0)).map((k) => (k * 2) / Math.PI)).toEqual([1, 2, 3].map((m) => expect.closeTo(m, 14)));
    expect(Array.from(angularWavenumbers(g, -1)).map((k) => (k * 2) / Math.PI)).toEqual([0, 1, 2].map((m) => expect.closeTo(m, 14)));
  });
  it("a sampled plane wave's fft peaks at the listed wavenumber", () => {
    const g = makeGrid({ shape: [16], lengths: [3] });
    const k = angularWavenumbers(g, 0);
    const m = 13; // a negative frequency, −3
    const x = makeField([16], Array.from({ length: 16 }, (_, j) => Math.cos(k[m]! * ((j * 3) / 16))));
    const X = fft(x);
    const peak = Array.from(X.re.data).map(Math.abs);
    expect(peak[m]).toBeCloseTo(8, 12);
    expect(peak[16 - m]).toBeCloseTo(8, 12);
  });
});
