import { describe, expect, it } from "vitest";
import { isPdesError } from "../../core/index.js";
import { parseTrainConfig } from "../index.js";

const base = { data: "store", out: "run", model: "mlp" };

function errorOf(raw: unknown): { message: string; argument: string } {
  try {
    parseTrainConfig(raw);
  } catch (e) {
    if (isPdesError(e, "InvalidArgument")) return { message: e.message, argument: (e as unknown as { argument: string }).argument };
    throw e;
  }
  throw new Error("config was accepted");
}

describe("parseTrainConfig", () => {
  it("fills defaults for a minimal config", () => {
    const c = parseTrainConfig(base);
    expect(c.epochs).toBe(20);
    expect(c.optimizer).toEqual({ name: "adam", beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
    expect(c.schedule).toEqual({ kind: "constant" });
    expect(c.loss).toBeUndefined();
  });

  it("rejects an unknown key, naming it", () => {
    const e = errorOf({ ...base, learningRate: 0.1 });
    expect(e.argument).toBe("config.learningRate");
    expect(e.message).toMatch(/^config\.learningRate is not a known config key, got 0\.1$/);
  });

  it("rejects an unknown nested key with its path", () => {
    expect(errorOf({ ...base, optimizer: { name: "adamw", decay: 1 } }).argument).toBe("config.optimizer.decay");
    expect(errorOf({ ...base, schedule: { kind: "step", stepSize: 2, gama: 0.1 } }).argument).toBe("config.schedule.gama");
  });

  it("rejects a string for a number", () => {
    const e = errorOf({ ...base, epochs: "10" });
    expect(e.argument).toBe("config.epochs");
    expect(e.message).toContain('got "10"');
    expect(e.message.split("\n")).toHaveLength(1);
  });

  it("rejects a negative learning rate and a fractional batch size", () => {
    expect(errorOf({ ...base, lr: -1e-3 }).argument).toBe("config.lr");
    expect(errorOf({ ...base, batchSize: 2.5 }).argument).toBe("config.batchSize");
  });

  it("rejects a missing data path and an unknown model", () => {
    const e = errorOf({ out: "run", model: "mlp" });
    expect(e.argument).toBe("config.data");
    expect(e.message).toBe("config.data is required, got undefined");
    expect(errorOf({ ...base, model: "transformer" }).argument).toBe("config.model");
  });

  it("rejects weight decay with plain adam", () => {
    expect(errorOf({ ...base, optimizer: { name: "adam", weightDecay: 0.01 } }).argument).toBe("config.optimizer.weightDecay");
    expect(parseTrainConfig({ ...base, optimizer: { name: "adamw", weightDecay: 0.01 } }).optimizer.weightDecay).toBe(0.01);
  });
});
