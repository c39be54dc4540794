/**
 * The model registry is the one list of model kinds: registering a kind is the one call that
 * makes the train config, the compare spec, the CLI's --model choices and the trainer accept it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPdesError } from "../../core/index.js";
import type { ModelContext } from "../../operators/index.js";
import { availableModelKinds, isModelKind, loadSurrogate, parseCompareSpec, parseTrainConfig, registerModelKind, train } from "../index.js";
import { smoothingData, tempDir } from "./train-helpers.js";

let dir: string;
beforeAll(async () => {
  await tf.setBackend("cpu");
  dir = tempDir("registry");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A pointwise affine map (one weight and one bias per channel pair), built from stock layers. */
function pointwise(_c: Record<string, unknown>, ctx: ModelContext): tf.LayersModel {
  const input = tf.input({ shape: [...ctx.grid.shape, ctx.inChannels] });
  const out = tf.layers.dense({ units: ctx.outChannels }).apply(input) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

function argumentOf(f: () => unknown): { argument: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isPdesError(e, "InvalidArgument")) return { argument: (e as unknown as { argument: string }).argument, message: e.message };
    throw e;
  }
  throw new Error("accepted");
}

const spec = (kind: string) => ({ datasets: [{ train: "a", test: "b" }], models: [{ kind }], nTrain: [4], seeds: [0] });

describe("model registry", () => {
  it("lists the built-in kinds", () => {
    expect(availableModelKinds()).toEqual(expect.arrayContaining(["gsnn", "fno", "deeponet", "mlp", "ridge"]));
  });

  it("an unregistered kind is rejected by the config and the spec, naming the registered ones", () => {
    expect(isModelKind("pointwise-test")).toBe(false);
    const e = argumentOf(() => parseTrainConfig({ data: "d", out: "o", model: "pointwise-test" }));
    expect(e.argument).toBe("config.model");
    expect(e.message).toContain("gsnn, fno");
    expect(argumentOf(() => parseCompareSpec(spec("pointwise-test"))).argument).toBe("spec.models.0.kind");
  });

  it("one registerModelKind call makes a kind configurable, trainable and loadable", async () => {
    registerModelKind("pointwise-test", { build: pointwise, probabilistic: () => false, resolutionInvariant: true });
    expect(isModelKind("pointwise-test")).toBe(true);
    expect(parseCompareSpec(spec("pointwise-test")).models[0]!.kind).toBe("pointwise-test");
    const config = parseTrainConfig({ data: "unused", out: path.join(dir, "run"), model: "pointwise-test", epochs: 2, batchSize: 8, lr: 1e-2, backend: "cpu" });
    const res = await train({ config, data: smoothingData(24, 8), backend: "cpu", warn: () => {} });
    expect(res.info).toMatchObject({ kind: "pointwise-test", parameterCount: 2, resolutionInvariant: true });
    const s = await loadSurrogate(res.runDir);
    expect(s.kind).toBe("pointwise-test");
    s.dispose();
  });

  it("refuses a kind name that would not survive a file name or a CLI flag", () => {
    expect(argumentOf(() => registerModelKind("Bad Name", { build: pointwise, probabilistic: () => false, resolutionInvariant: false })).argument).toBe("kind");
  });
});
