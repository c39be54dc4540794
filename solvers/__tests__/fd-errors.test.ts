import { describe, expect, it } from "vitest";
import { isPdesError, makeField, makeGrid, sampleOnGrid, type ErrorTag } from "../../core/index.js";
import { darcySolve, ftcsStableDt, heatFd, laplacian, poissonMultigrid, poissonPcg } from "../fd/index.js";

function expectTagged(fn: () => unknown, tag: ErrorTag, ...inMessage: string[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(isPdesError(caught, tag), `expected a ${tag} error, got ${String(caught)}`).toBe(true);
  for (const s of inMessage) expect((caught as Error).message).toContain(s);
}

const g2 = makeGrid({ shape: [15, 15], bc: "dirichlet" });
const ones = (shape: number[]) => makeField(shape, new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(1));

describe("bad input is a tagged error naming the argument", () => {
  it("NaN / Inf in f, u0 or a", () => {
    const f = ones([15, 15]);
    f.data[17] = NaN;
    expectTagged(() => poissonMultigrid(g2, f), "NonFinite", "f", "NaN", "17");
    expectTagged(() => poissonPcg(g2, f), "NonFinite", "f");
    expectTagged(() => darcySolve(g2, ones([15, 15]), f), "NonFinite", "f");
    const a = ones([15, 15]);
    a.data[3] = Infinity;
    expectTagged(() => darcySolve(g2, a, 1), "NonFinite", "a", "Infinity");
    expectTagged(() => heatFd(g2, f, { kappa: 1, times: [0.1], method: "implicit-euler", dt: 0.01 }), "NonFinite", "u0");
    expectTagged(() => laplacian(g2, f), "NonFinite", "u");
    expectTagged(() => darcySolve(g2, ones([15, 15]), NaN), "InvalidArgument", "f");
  });

  it("a ≤ 0", () => {
    const a = ones([15, 15]);
    a.data[40] = 0;
    expectTagged(() => darcySolve(g2, a, 1), "InvalidArgument", "a", "> 0", "40");
    a.data[40] = -2;
    expectTagged(() => darcySolve(g2, a, 1), "InvalidArgument", "a", "-2");
  });

  it("mismatched shapes", () => {
    expectTagged(() => poissonMultigrid(g2, ones([15, 14])), "ShapeMismatch", "f", "[15, 14]", "[15, 15]");
    expectTagged(() => poissonPcg(g2, ones([225])), "ShapeMismatch", "f");
    expectTagged(() => darcySolve(g2, ones([16, 16]), 1), "ShapeMismatch", "a");
    expectTagged(() => darcySolve(g2, ones([15, 15]), ones([15, 16])), "ShapeMismatch", "f");
    expectTagged(() => heatFd(g2, ones([14, 15]), { kappa: 1, times: [1], method: "ftcs", dt: 1e-5 }), "ShapeMismatch", "u0");
    expectTagged(() => laplacian(g2, ones([15, 15]), ones([3, 3])), "ShapeMismatch", "out");
  });

  it("unstable explicit step: the error states the limit; substep: true sub-steps instead", () => {
    const limit = ftcsStableDt(g2, 2);
    expect(limit).toBeCloseTo(1 / (2 * 2 * 2 * 16 * 16), 15);
    const u0 = sampleOnGrid(g2, (x, y) => Math.sin(Math.PI * x) * Math.sin(Math.PI * y));
    expectTagged(() => heatFd(g2, u0, { kappa: 2, times: [0.01], method: "ftcs", dt: 1.01 * limit }), "InvalidArgument", "dt", String(limit), "substep");
    const r = heatFd(g2, u0, { kappa: 2, times: [0.01], method: "ftcs", dt: 10 * limit, substep: true });
    expect(r.steps).toBeGreaterThanOrEqual(Math.ceil(0.01 / limit));
    const exact = Math.exp(-2 * 2 * Math.PI ** 2 * 0.01);
    expect(Math.abs(r.u[0]!.data[7 * 15 + 7]! - exact)).toBeLessThan(0.01);
  });

  it("nonzero-mean f on a grid without Dirichlet axes", () => {
    for (const bc of ["periodic", "neumann"] as const) {
      const g = makeGrid({ shape: [16, 16], bc });
      expectTagged(() => poissonMultigrid(g, ones([16, 16])), "InvalidArgument", "f", "zero mean", "got 1");
      expectTagged(() => poissonPcg(g, ones([16, 16])), "InvalidArgument", "f", "zero mean");
    }
    // Mixed: one Dirichlet axis makes the problem non-singular.
    const mixed = makeGrid({ shape: [16, 15], bc: ["periodic", "dirichlet"] });
    expect(poissonMultigrid(mixed, ones([16, 15])).status).toBe("converged");
  });

  it("options and grids out of range", () => {
    const f = ones([15, 15]);
    expectTagged(() => poissonMultigrid(g2, f, { rtol: 0 }), "InvalidArgument", "rtol");
    expectTagged(() => poissonMultigrid(g2, f, { rtol: 2 }), "InvalidArgument", "rtol");
    expectTagged(() => poissonMultigrid(g2, f, { maxCycles: 0 }), "InvalidArgument", "maxCycles");
    expectTagged(() => poissonMultigrid(g2, f, { cycle: "W" as "V" }), "InvalidArgument", "cycle");
    expectTagged(() => poissonPcg(g2, f, { maxIterations: 1.5 }), "InvalidArgument", "maxIterations");
    expectTagged(() => poissonPcg(g2, f, { preSmooth: 0 }), "InvalidArgument", "preSmooth");
    expectTagged(() => darcySolve(makeGrid({ shape: [8, 8], bc: "periodic" }), ones([8, 8]), 1), "Unsupported", "dirichlet");
    expectTagged(() => poissonMultigrid(makeGrid({ shape: [3, 3, 3], bc: "dirichlet" }), ones([3, 3, 3])), "Unsupported", "3 axes");
    const u0 = ones([15, 15]);
    expectTagged(() => heatFd(g2, u0, { kappa: 0, times: [1], method: "ftcs", dt: 1e-5 }), "InvalidArgument", "kappa");
    expectTagged(() => heatFd(g2, u0, { kappa: 1, times: [0.2, 0.1], method: "crank-nicolson", dt: 0.01 }), "InvalidArgument", "times[1]");
    expectTagged(() => heatFd(g2, u0, { kappa: 1, times: [], method: "crank-nicolson", dt: 0.01 }), "InvalidArgument", "times");
    expectTagged(() => heatFd(g2, u0, { kappa: 1, times: [1], method: "rk4" as "ftcs", dt: 0.01 }), "InvalidArgument", "method");
    expectTagged(() => heatFd(g2, u0, { kappa: 1, times: [1], method: "implicit-euler", dt: -1 }), "InvalidArgument", "dt");
  });
});

describe("heatFd output times", () => {
  it("returns u0 at t = 0 and hits each requested time exactly with equal steps ≤ dt", () => {
    const g = makeGrid({ shape: [33], bc: "periodic" });
    const u0 = sampleOnGrid(g, (x) => Math.cos(2 * Math.PI * x));
    const r = heatFd(g, u0, { kappa: 0.1, times: [0, 0.05, 0.05, 0.13], method: "crank-nicolson", dt: 0.02 });
    expect(r.u.length).toBe(4);
    expect(r.u[0]!.data).toEqual(u0.data);
    expect(r.u[1]!.data).toEqual(r.u[2]!.data);
    expect(r.steps).toBe(3 + 4); // ceil(0.05/0.02) + ceil(0.08/0.02)
    expect(r.u[3]!.data).not.toBe(r.u[1]!.data);
    expect(u0.data[0]).toBe(1); // input untouched
  });
});
