import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isPdesError } from "../../core/index.js";
import { parseCompareSpec, parseTrainConfig } from "../index.js";

// The train config and the compare spec resolve an unset backend with core's one resolver
// (core/__tests__/backend-resolve.test.ts): the key, else PDES_BACKEND, else their fallback.
let saved: string | undefined;
beforeEach(() => {
  saved = process.env.PDES_BACKEND;
  delete process.env.PDES_BACKEND;
});
afterEach(() => {
  if (saved === undefined) delete process.env.PDES_BACKEND;
  else process.env.PDES_BACKEND = saved;
});

function invalidArgument(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isPdesError(e, "InvalidArgument")) return (e as unknown as { argument: string }).argument;
    throw e;
  }
  throw new Error("accepted");
}

describe("configs resolve their backend through it", () => {
  const train = { data: "store", out: "run", model: "mlp" };
  const compare = { datasets: [{ train: "a", test: "b" }], models: [{ kind: "ridge" }], nTrain: [4], seeds: [0] };

  it("train config: config key, else PDES_BACKEND, else auto", () => {
    expect(parseTrainConfig(train).backend).toBe("auto");
    process.env.PDES_BACKEND = "wasm";
    expect(parseTrainConfig(train).backend).toBe("wasm");
    expect(parseTrainConfig({ ...train, backend: "cpu" }).backend).toBe("cpu");
    expect(invalidArgument(() => parseTrainConfig({ ...train, backend: "gpu" }))).toBe("config.backend");
  });

  it("compare spec: spec key, else PDES_BACKEND, else cpu", () => {
    expect(parseCompareSpec(compare).backend).toBe("cpu");
    process.env.PDES_BACKEND = "wasm";
    expect(parseCompareSpec(compare).backend).toBe("wasm");
    expect(parseCompareSpec({ ...compare, backend: "auto" }).backend).toBe("auto");
  });
});
