import { describe, expect, it } from "vitest";
import { Rng, philox4x32, sampleRng } from "../index.js";

const hex = (u: Uint32Array) => [...u].map((x) => x.toString(16).padStart(8, "0")).join(" ");

describe("Philox4x32-10", () => {
  // Known-answer vectors from the Random123 distribution (kat_vectors).
  it("matches the Random123 known answers", () => {
    const out = new Uint32Array(4);
    expect(hex(philox4x32([0, 0, 0, 0], [0, 0], out))).toBe("6627e8d5 e169c58d bc57ac4c 9b00dbd8");
    expect(hex(philox4x32([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], out))).toBe(
      "408f276d 41c83b0e a20bc7c6 6d5451fd",
    );
    expect(hex(philox4x32([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], out))).toBe(
      "d16cfe09 94fdcceb 5001e420 24126ea1",
    );
  });
});

describe("Rng", () => {
  it("is deterministic per (seed, stream) and differs across streams", () => {
    const a = sampleRng(7, 3).fillNormal(new Float64Array(100));
    const b = sampleRng(7, 3).fillNormal(new Float64Array(100));
    const c = sampleRng(7, 4).fillNormal(new Float64Array(100));
    const d = sampleRng(8, 3).fillNormal(new Float64Array(100));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).not.toEqual(d);
  });

  it("stream i does not depend on having drawn from other streams", () => {
    const r0 = sampleRng(1, 0);
    for (let k = 0; k < 1000; k++) r0.normal();
    const fresh = sampleRng(1, 5).fillUniform(new Float64Array(10));
    const again = sampleRng(1, 5).fillUniform(new Float64Array(10));
    expect(fresh).toEqual(again);
  });

  it("gives uniform and normal samples with the right moments", () => {
    const n = 200_000;
    const r = new Rng(123);
    const u = r.fillUniform(new Float64Array(n));
    const z = r.fillNormal(new Float64Array(n));
    const mean = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
    const mu = mean(u);
    const vu = mean(u.map((v) => (v - mu) ** 2));
    expect(Math.abs(mu - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(vu - 1 / 12)).toBeLessThan(0.002);
    expect(u.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(0);
    expect(u.reduce((a, b) => Math.max(a, b))).toBeLessThan(1);
    const mz = mean(z);
    const vz = mean(z.map((v) => (v - mz) ** 2));
    const k4 = mean(z.map((v) => (v - mz) ** 4));
    expect(Math.abs(mz)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(vz - 1)).toBeLessThan(0.02);
    expect(Math.abs(k4 - 3)).toBeLessThan(0.1);
  });

  it("split gives independent, reproducible children", () => {
    const p = new Rng(9, 1);
    const c1 = p.split(0).fillUniform(new Float64Array(8));
    const c2 = p.split(1).fillUniform(new Float64Array(8));
    expect(c1).toEqual(new Rng(9, 1).split(0).fillUniform(new Float64Array(8)));
    expect(c1).not.toEqual(c2);
    expect(p.split(0).split(1).uniform()).not.toBe(p.split(1).split(0).uniform());
  });

  it("round-trips its state mid-block", () => {
    const r = new Rng(5, 2);
    r.nextU32();
    r.normal();
    const s = JSON.parse(JSON.stringify(r.getState()));
    const expected = r.fillNormal(new Float64Array(9));
    expect(Rng.fromState(s).fillNormal(new Float64Array(9))).toEqual(expected);
  });

  it("int is in range and shuffle is a permutation", () => {
    const r = new Rng(3);
    for (let k = 0; k < 1000; k++) {
      const v = r.int(7);
      expect(v >= 0 && v < 7 && Number.isInteger(v)).toBe(true);
    }
    const a = Array.from({ length: 50 }, (_, i) => i);
    r.shuffle(a);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("rejects bad seeds with a tagged error naming the argument", () => {
    expect(() => new Rng(-1)).toThrow(/seed/);
    expect(() => new Rng(1.5)).toThrow(/seed/);
    expect(() => new Rng(1, 2 ** 32)).toThrow(/stream/);
  });
});
