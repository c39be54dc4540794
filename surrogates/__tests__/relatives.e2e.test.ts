/**
 * The GSNN's relatives through the CLI: `pdes train --model rbf` and `--model kernel` fit in
 * closed form (no gradient steps), write a loadable run, and predict heat1d; the kernel
 * operator's surrogate has a predictive variance; `pdes compare` scores both beside ridge, with
 * NLL / coverage / CRPS for the kernel operator only; a bad kernel option exits 2 with one line
 * naming it and leaves no run directory. Every command runs the CLI's main() in this process (no
 * process is the point here: docs/testing.md §Error paths in process).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeField } from "../../core/index.js";
import { openDataset } from "../../datasets/index.js";
import { loadSurrogate } from "../index.js";
import { pdesInProcess } from "../../scripts/__tests__/cli-in-process.js";
import { errorLines, generateStore, readMetricsFile, tempDir } from "./train-helpers.js";

const dir = tempDir("relatives");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const train = path.join(dir, "train");
const test = path.join(dir, "test");

beforeAll(async () => {
  await generateStore("heat1d", train, 80, 31, 32);
  await generateStore("heat1d", test, 16, 32, 32);
});

async function testSet(): Promise<{ x: Float64Array; y: Float64Array; n: number }> {
  const ds = await openDataset(test);
  const x = Float64Array.from(await ds.read("inputs", 0, ds.n, "float64"));
  const y = Float64Array.from(await ds.read("outputs", 0, ds.n, "float64"));
  return { x, y, n: ds.n };
}

describe("pdes train / compare with the relatives", () => {
  for (const model of ["rbf", "kernel"]) {
    it(`pdes train --model ${model}: closed-form fit, no gradient steps, a run that predicts heat1d`, async () => {
      const out = path.join(dir, `run-${model}`);
      const r = await pdesInProcess(["train", "--data", train, "--model", model, "--out", out, "--backend", "cpu", "--quiet"]);
      expect(r.code, r.stderr).toBe(0);
      expect(readMetricsFile(out).filter((m) => m.type === "step")).toHaveLength(0);
      const s = await loadSurrogate(out);
      try {
        expect(s.kind).toBe(model);
        expect(s.info.probabilistic).toBe(model === "kernel");
        expect(s.info.parameterCount).toBeGreaterThan(0);
        const t = await testSet();
        const shape = [t.n, 32, 1];
        const pred = await s.predict(makeField(shape, t.x));
        let e = 0;
        let ref = 0;
        for (let i = 0; i < t.y.length; i++) {
          e += (pred.data[i]! - t.y[i]!) ** 2;
          ref += t.y[i]! ** 2;
        }
        console.log(`${model}: test rel L2 (pooled) ${Math.sqrt(e / ref).toExponential(2)}`);
        expect(Math.sqrt(e / ref)).toBeLessThan(1e-2);
        if (model === "kernel") {
          const u = await s.predictWithUncertainty(makeField(shape, t.x));
          expect(u.variance.data.every((v) => v > 0)).toBe(true);
          expect(Array.from(u.mean.data)).toEqual(Array.from(pred.data));
        }
      } finally {
        s.dispose();
      }
    });
  }

  it("pdes compare scores rbf and kernel beside ridge; the kernel row has NLL, coverage and CRPS", async () => {
    const out = path.join(dir, "compare");
    const r = await pdesInProcess(["compare", "--dataset", `${train},${test}`, "--models", "ridge,rbf,kernel", "--n-train", "40", "--seeds", "0", "--backend", "cpu", "--out", out, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    const rows = (JSON.parse(fs.readFileSync(path.join(out, "compare.json"), "utf8")) as { rows: { model: string; relL2Mean: number; nll: number | null; coverage95: number | null; crps: number | null; steps: number }[] }).rows;
    expect(rows.map((x) => x.model).sort()).toEqual(["kernel", "rbf", "ridge"]);
    for (const row of rows) {
      expect(row.steps).toBe(0);
      expect(row.relL2Mean).toBeLessThan(0.05);
      if (row.model === "kernel") {
        expect(row.nll).not.toBeNull();
        expect(row.coverage95).toBeGreaterThan(0);
        expect(row.crps).toBeGreaterThan(0);
      } else expect(row.coverage95).toBeNull();
    }
  });

  it("a bad kernel option: exit 2, one line naming it, no run directory", async () => {
    const cfg = path.join(dir, "bad.json");
    fs.writeFileSync(cfg, JSON.stringify({ modelConfig: { kernel: "cubic" } }));
    const out = path.join(dir, "run-bad");
    const r = await pdesInProcess(["train", "--data", train, "--model", "kernel", "--config", cfg, "--out", out, "--backend", "cpu", "--quiet"]);
    expect(r.code).toBe(2);
    const lines = errorLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/kernel/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
