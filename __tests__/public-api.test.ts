// Freezes the public surface: a change to what the package exports shows up as a snapshot diff
// that must be reviewed and updated on purpose (`npx vitest run __tests__/public-api -u`).
import { describe, expect, it } from "vitest";
import * as root from "../index.js";

function surface(ns: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(ns).sort()) {
    const v = ns[k];
    out[k] = typeof v === "function" ? (/^class\s/.test(Function.prototype.toString.call(v)) ? "class" : "function") : typeof v;
  }
  return out;
}

describe("public API", () => {
  it("root exports one namespace per area", () => {
    expect(Object.keys(root).sort()).toEqual(["baselines", "core", "datasets", "gsnn", "operators", "solvers", "surrogates"]);
  });
  for (const area of ["core", "solvers", "datasets", "operators", "baselines", "gsnn", "surrogates"] as const) {
    it(`${area} exports`, () => {
      expect(surface(root[area] as Record<string, unknown>)).toMatchSnapshot();
    });
  }
});
