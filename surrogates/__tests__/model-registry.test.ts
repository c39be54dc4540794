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
import { availableModelKinds, isModelKind, loadSurrogate, parseCompareSpec, parseTrainConfig, readMetrics, registerModelKind, train, type FitArgs } from "../index.js";
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

describe("registry fit hook", () => {
  const data = smoothingData(30, 8);

  it("a model made by its fit with nothing trainable is fitted in closed form: no gradient steps, one epoch record", async () => {
    // Closed form: the least-squares pointwise scale a in y ≈ a·x over the normalised training split.
    const stages: string[] = [];
    registerModelKind("scale-test", {
      probabilistic: () => false,
      resolutionInvariant: true,
      async fit(a: FitArgs) {
        stages.push(a.stage);
        if (a.stage !== "before") return { summary: null };
        const d = await a.data();
        let xy = 0;
        let xx = 0;
        for (let i = 0; i < d.x.length; i++) (xy += d.x[i]! * d.y[i]!), (xx += d.x[i]! ** 2);
        const m = pointwise({}, a.ctx);
        m.layers[1]!.setWeights([tf.tensor2d([[xy / xx]]), tf.zeros([1])]);
        m.layers[1]!.trainable = false; // nothing left to train: no gradient epochs
        return { model: m, summary: null };
      },
    });
    const config = parseTrainConfig({ data: "unused", out: path.join(dir, "scale"), model: "scale-test", epochs: 5, backend: "cpu" });
    const res = await train({ config, data, backend: "cpu", warn: () => {} });
    expect(stages).toEqual(["before", "after"]);
    expect(res.steps).toBe(0);
    // Frozen weights are not "trainable": without a parameterCount hook the count is 0.
    expect(res.info.parameterCount).toBe(0);
    const recs = readMetrics(res.runDir);
    expect(recs.map((r) => r.type)).toEqual(["epoch"]);
    const s = await loadSurrogate(res.runDir);
    expect(s.kind).toBe("scale-test");
    s.dispose();
  });

  it("a gradient-trained model's fit runs before the first step of a fresh run and on the final weights, each logged", async () => {
    const seen: Array<{ stage: string; n: number; hasModel: boolean }> = [];
    registerModelKind("pointwise-fit-test", {
      build: pointwise,
      probabilistic: () => false,
      resolutionInvariant: true,
      async fit(a: FitArgs) {
        seen.push({ stage: a.stage, n: (await a.data()).n, hasModel: a.model !== null });
        return { summary: { stage: a.stage } };
      },
    });
    const config = parseTrainConfig({ data: "unused", out: path.join(dir, "fit"), model: "pointwise-fit-test", epochs: 2, batchSize: 8, validationFraction: 0.2, backend: "cpu" });
    const res = await train({ config, data, backend: "cpu", warn: () => {} });
    expect(seen).toEqual([
      { stage: "before", n: 24, hasModel: true },
      { stage: "after", n: 24, hasModel: true },
    ]);
    const recs = readMetrics(res.runDir);
    const fits = recs.filter((r) => r.type === "fit");
    expect(fits.map((r) => (r as { when: string }).when)).toEqual(["before", "after"]);
    expect(recs[0]!.type).toBe("fit");
    expect(recs[recs.length - 1]!.type).toBe("fit");
    expect(res.meta.finalValLoss).not.toBeNull();
  });
});
