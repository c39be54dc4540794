import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BACKEND_PREFERENCES, isPdesError, resolveBackendPreference } from "../index.js";

// The one resolver behind every `--backend` flag, the train config and the compare spec:
// option → PDES_BACKEND → fallback. Each case below would pick another backend if a caller
// resolved the order differently.
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

describe("resolveBackendPreference", () => {
  it("the option wins over PDES_BACKEND, which wins over the fallback", () => {
    expect(resolveBackendPreference(undefined)).toBe("auto");
    expect(resolveBackendPreference(undefined, "cpu")).toBe("cpu");
    process.env.PDES_BACKEND = "wasm";
    expect(resolveBackendPreference(undefined, "cpu")).toBe("wasm");
    expect(resolveBackendPreference("cpu")).toBe("cpu");
    // An empty option (an unset flag passed through) counts as unset.
    expect(resolveBackendPreference("")).toBe("wasm");
    process.env.PDES_BACKEND = "";
    expect(resolveBackendPreference(null, "cpu")).toBe("cpu");
  });

  it("names the source of a bad value", () => {
    expect(invalidArgument(() => resolveBackendPreference("gpu", "auto", "--backend"))).toBe("--backend");
    process.env.PDES_BACKEND = "cuda";
    expect(invalidArgument(() => resolveBackendPreference(undefined))).toBe("PDES_BACKEND");
  });

  it("lists auto first and every concrete backend once", () => {
    expect(BACKEND_PREFERENCES[0]).toBe("auto");
    expect(new Set(BACKEND_PREFERENCES).size).toBe(BACKEND_PREFERENCES.length);
    expect(BACKEND_PREFERENCES).toEqual(expect.arrayContaining(["tfjs-node-gpu", "tfjs-node", "wasm", "cpu"]));
  });
});
