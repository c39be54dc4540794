/**
 * Unknown modelConfig keys are refused when a config is parsed, for every registered kind, in
 * the training config, the compare spec and buildSeeded (a typo such as `widthz` used to train
 * and stay in config.json).
 */
import { describe, expect, it } from "vitest";
import { isPdesError, makeGrid } from "../../core/index.js";
import { availableModelKinds, checkModelConfig, getModelEntry, parseCompareSpec, parseTrainConfig } from "../index.js";
import { buildSeeded } from "../model-registry.js";

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isPdesError(e, "InvalidArgument")) return e.message;
    throw e;
  }
  throw new Error("accepted");
}

describe("modelConfig keys", () => {
  it("every built-in kind lists its keys", () => {
    for (const kind of ["gsnn", "fno", "deeponet", "mlp", "ridge", "rbf", "kernel"]) expect(getModelEntry(kind).configKeys, kind).toBeDefined();
  });

  it("parseTrainConfig refuses a typo for every kind, naming the key and the known ones", () => {
    for (const kind of availableModelKinds()) {
      if (getModelEntry(kind).configKeys === undefined) continue;
      const m = messageOf(() => parseTrainConfig({ data: "d", out: "o", model: kind, modelConfig: { widthz: 4 } }));
      expect(m, kind).toMatch(new RegExp(`^config\\.modelConfig\\.widthz is not a ${kind} option \\((known: |it takes none)`));
    }
    // The right keys still pass.
    expect(parseTrainConfig({ data: "d", out: "o", model: "gsnn", modelConfig: { width: 4, depth: 1 } }).modelConfig).toEqual({ width: 4, depth: 1 });
    expect(parseTrainConfig({ data: "d", out: "o", model: "mlp", modelConfig: { hidden: [8], seed: 1 } }).modelConfig).toEqual({ hidden: [8], seed: 1 });
  });

  it("the compare spec and buildSeeded refuse it too", () => {
    const spec = { datasets: [{ train: "a", test: "b" }], models: [{ kind: "fno", modelConfig: { modez: 4 } }], nTrain: [4], seeds: [0] };
    expect(messageOf(() => parseCompareSpec(spec))).toMatch(/^spec\.models\.0\.modelConfig\.modez is not a fno option/);
    const ctx = { grid: makeGrid({ shape: [8] }), inChannels: 1, outChannels: 1 };
    expect(messageOf(() => buildSeeded("mlp", { hiden: [4] }, ctx, 0))).toMatch(/^modelConfig\.hiden is not a mlp option/);
    expect(messageOf(() => checkModelConfig("ridge", { lambda: 1 }))).toMatch(/it takes none/);
  });
});
