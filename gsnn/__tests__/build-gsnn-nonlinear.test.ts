/**
 * buildGsnn's nonlinear-map options (docs/gsnn-claims.md §Architecture): tauInit "wide"; filterBoundary "periodic"; derivativeOrder and derivativeBlocks; derivativeTauInit
 * "block" starts each derivative filter at its block heat filter's per-channel τ;
 * coefficientProducts feeds f_c·e_c (e: an embedding of the input) into the block's nonlinear
 * linear layer, 1-D periodic and 2-D Dirichlet; save/load bit for bit; bad values are refused.
 * cpu only, width 4: a few small forward passes.
 */
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { isPdesError, makeGrid } from "../../core/index.js";
import { buildGsnn, HeatDerivativeFilter } from "../index.js";

const small = { width: 4, depth: 2, projectionWidth: 8, linearPathTaus: 0, seed: 5 };
const periodic = { grid: makeGrid({ shape: [16], lengths: [1] }), inChannels: 1, outChannels: 1 };
const darcy = { grid: makeGrid({ shape: [7, 7], lengths: [1, 1], bc: "dirichlet" }), inChannels: 1, outChannels: 1 };

const kernelRows = (m: tf.LayersModel, name: string): number => m.getLayer(name).getWeights()[0]!.shape[0]!;

describe("buildGsnn options for nonlinear maps", () => {
  it("derivativeTauInit: block copies each channel's heat-filter τ; shared uses one value", async () => {
    await tf.setBackend("cpu");
    for (const ctx of [periodic, darcy]) {
      const block = buildGsnn({ ...small, derivativeFilters: true, derivativeTauInit: "block" }, ctx);
      const shared = buildGsnn({ ...small, derivativeFilters: true }, ctx);
      for (let b = 0; b < 2; b++) {
        const heat = Array.from(block.getLayer(`block${b}_heat`).getWeights()[0]!.dataSync()).map(Math.exp);
        const d = (block.getLayer(`block${b}_deriv`) as HeatDerivativeFilter).taus();
        const D = d.length / 4;
        expect(D).toBe(2); // 1-D: ∂, ∂²; Dirichlet 2-D: ∂²x, ∂²y
        // The heat taus differ per channel (log-spaced), so equality is a real check.
        expect(new Set(heat.map((t) => t.toPrecision(4))).size).toBe(4);
        for (let r = 0; r < D; r++) for (let c = 0; c < 4; c++) expect(d[r * 4 + c]).toBeCloseTo(heat[c]!, 6);
        const s = (shared.getLayer(`block${b}_deriv`) as HeatDerivativeFilter).taus();
        expect(Math.max(...s) - Math.min(...s)).toBeLessThan(1e-9 * Math.max(...s));
      }
      block.dispose();
      shared.dispose();
    }
  });

  it('tauInit "wide" spans [1/k_max, π/k_min] of the grid (logspaced: [1/k_max, 1/k_min])', async () => {
    await tf.setBackend("cpu");
    // 16 periodic points on [0, 1]: k_min = 2π, k_max = 16π.
    const range = (tauInit: "wide" | "logspaced") => {
      const m = buildGsnn({ ...small, tauInit }, periodic);
      const t = Array.from(m.getLayer("block0_heat").getWeights()[0]!.dataSync()).map(Math.exp);
      m.dispose();
      return [Math.min(...t), Math.max(...t)];
    };
    const [wMin, wMax] = range("wide");
    expect(wMin).toBeCloseTo(1 / (16 * Math.PI), 6);
    expect(wMax).toBeCloseTo(0.5, 6);
    const [, lMax] = range("logspaced");
    expect(lMax).toBeCloseTo(1 / (2 * Math.PI), 6);
  });

  it("coefficientProducts adds W products f·e to each block's nonlinear layer (1-D periodic, 2-D Dirichlet)", async () => {
    await tf.setBackend("cpu");
    // 1-D periodic, width 4: ∂, ∂² of 4 channels (8) + f·∂z (4) + f·e (4).
    const m1 = buildGsnn({ ...small, derivativeFilters: true, coefficientProducts: true }, periodic);
    expect(kernelRows(m1, "block0_nonlinear")).toBe(16);
    // Dirichlet 2-D: even orders only (∂²x, ∂²y: 8), no first-order products, + f·e (4).
    const m2 = buildGsnn({ ...small, derivativeFilters: true, coefficientProducts: true }, darcy);
    expect(kernelRows(m2, "block1_nonlinear")).toBe(12);
    // Products alone.
    const m3 = buildGsnn({ ...small, coefficientProducts: true }, darcy);
    expect(kernelRows(m3, "block0_nonlinear")).toBe(4);
    expect(m3.layers.some((l) => l.name === "block0_deriv")).toBe(false);
    // The product term is live: zeroing the embedding changes the output.
    const x = tf.randomNormal([2, 7, 7, 1], 0, 1, "float32", 2);
    const before = m3.predict(x) as tf.Tensor;
    const embed = m3.getLayer("coefficient_embed");
    embed.setWeights(embed.getWeights().map((w) => tf.zerosLike(w)));
    const after = m3.predict(x) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(before, after))).dataSync()[0]).toBeGreaterThan(1e-4);
    tf.dispose([x, before, after]);
    [m1, m2].forEach((m) => m.dispose());

    // Save/load bit for bit.
    let saved: tf.io.ModelArtifacts | undefined;
    await m3.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const y = tf.randomNormal([1, 7, 7, 1], 0, 1, "float32", 3);
    const a = (m3.predict(y) as tf.Tensor).dataSync();
    const b = (loaded.predict(y) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    tf.dispose(y);
    m3.dispose();
    loaded.dispose();
  });

  it('filterBoundary "periodic" wraps the block filters on a Dirichlet grid; coordinates keep the grid', async () => {
    await tf.setBackend("cpu");
    const m = buildGsnn({ ...small, derivativeFilters: true, filterBoundary: "periodic" }, darcy);
    expect((m.getLayer("block0_heat").getConfig() as { bc: string[] }).bc).toEqual(["periodic", "periodic"]);
    // Odd orders are usable now: ∂x, ∂y, ∂²x, ∂²y and the products f·∂x z, f·∂y z.
    expect((m.getLayer("block0_deriv") as HeatDerivativeFilter).orders).toEqual([[1, 0], [0, 1], [2, 0], [0, 2]]);
    expect(kernelRows(m, "block0_nonlinear")).toBe(4 * 4 + 2 * 4);
    const coords = m.layers.find((l) => l.getClassName() === "GridCoordinates")!;
    expect((coords.getConfig() as { bc: string[] }).bc).toEqual(["dirichlet", "dirichlet"]);
    // The wrapped filter is not the sine-basis one: same weights, different outputs.
    const wrapped = buildGsnn({ ...small, filterBoundary: "periodic" }, darcy);
    const sine = buildGsnn(small, darcy);
    sine.setWeights(wrapped.getWeights());
    const x = tf.randomNormal([1, 7, 7, 1], 0, 1, "float32", 4);
    const a = wrapped.predict(x) as tf.Tensor;
    const b = sine.predict(x) as tf.Tensor;
    expect(a.shape).toEqual([1, 7, 7, 1]);
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeGreaterThan(1e-4);
    tf.dispose([x, a, b]);
    [m, wrapped, sine].forEach((q) => q.dispose());
  });

  it("derivativeOrder 1 keeps ∂ only; derivativeBlocks k gives the branch to the first k blocks", async () => {
    await tf.setBackend("cpu");
    const m = buildGsnn({ ...small, derivativeFilters: true, derivativeOrder: 1, derivativeBlocks: 1 }, periodic);
    expect((m.getLayer("block0_deriv") as HeatDerivativeFilter).orders).toEqual([[1]]);
    expect(kernelRows(m, "block0_nonlinear")).toBe(4 + 4); // ∂z (4) + f·∂z (4)
    expect(m.layers.some((l) => l.name === "block1_deriv" || l.name === "block1_nonlinear")).toBe(false);
    m.dispose();
  });

  it("refuses probabilistic coefficientProducts and an unknown derivativeTauInit", () => {
    const refused = (f: () => unknown, tag: string, name?: string) => {
      try {
        f();
      } catch (e) {
        expect(isPdesError(e)).toBe(true);
        expect((e as Error).name).toBe(tag);
        if (name) expect((e as Error).message).toContain(name);
        return;
      }
      throw new Error("not refused");
    };
    refused(() => buildGsnn({ ...small, coefficientProducts: true, probabilistic: true }, periodic), "UnsupportedError", "coefficientProducts");
    refused(() => buildGsnn({ ...small, derivativeFilters: true, derivativeTauInit: "wide" as "block" }, periodic), "InvalidArgumentError", "derivativeTauInit");
    refused(() => buildGsnn({ ...small, tauInit: "widest" as "wide" }, periodic), "InvalidArgumentError", "tauInit");
    refused(() => buildGsnn({ ...small, filterBoundary: "wrap" as "periodic" }, darcy), "InvalidArgumentError", "filterBoundary");
    refused(() => buildGsnn({ ...small, derivativeFilters: true, derivativeOrder: 3 as 2 }, periodic), "InvalidArgumentError", "derivativeOrder");
    refused(() => buildGsnn({ ...small, derivativeFilters: true, derivativeBlocks: -1 }, periodic), "InvalidArgumentError", "derivativeBlocks");
    refused(() => buildGsnn({ ...small, filterBoundary: "periodic", probabilistic: true }, periodic), "UnsupportedError", "filterBoundary");
  });
});
