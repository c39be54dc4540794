// A training step that cannot fit is refused up front, with the figure and what to change, and
// nothing is written (docs/safety.md §Memory). Work: the estimate in-process, one 3-sample
// 512² store (written in-process) and two `pdes train` runs of the CLI's main() in this process
// that stop before any step.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../datasets/index.js";
import { stepBytesPerPoint, trainStepRefusal, WASM_HEAP_BYTES } from "../memory-estimate.js";
import { pdesInProcess } from "./cli-in-process.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdes-train-memory-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the training-step estimate", () => {
  it("grows with the batch, the grid and the model, and refuses past the wasm heap only on wasm", () => {
    const det = stepBytesPerPoint("gsnn", {}, 2)!;
    // 13.2 KB per sample and point was measured at the defaults (docs/safety.md §Memory).
    expect(det).toBeGreaterThan(12e3);
    expect(det).toBeLessThan(15e3);
    expect(stepBytesPerPoint("gsnn", { width: 64 }, 2)!).toBeGreaterThan(det);
    expect(stepBytesPerPoint("gsnn", { probabilistic: true }, 2)!).toBeGreaterThan(20 * det);
    expect(stepBytesPerPoint("ridge", {}, 2)).toBeUndefined();
    // 128² at batch 16 (3.5 GB) ran on wasm; 256² at batch 16 cannot.
    const big = 64e9; // a machine with 64 GB, so the wasm heap is the limit
    expect(trainStepRefusal("gsnn", {}, [128, 128], 16, "wasm", big)).toBeUndefined();
    const refused = trainStepRefusal("gsnn", {}, [256, 256], 16, "wasm", big);
    expect(refused).toMatch(/needs about 14 GB \(865 MB per sample\), more than the 4\.3 GB the wasm backend can address; use --batch-size 4 or less/);
    expect(16 * 256 * 256 * det).toBeGreaterThan(WASM_HEAP_BYTES);
    // Other backends have no 4 GB heap: only the machine's memory (80% of it) limits them.
    expect(trainStepRefusal("gsnn", {}, [256, 256], 16, "cpu", big)).toBeUndefined();
    expect(trainStepRefusal("gsnn", {}, [256, 256], 16, "cpu", 16e9)).toMatch(/more than the 16 GB available; use --batch-size 14 or less$/);
  });
});

describe("pdes train", () => {
  it("refuses a step past the wasm heap naming the batch that fits, and one sample that cannot fit, writing nothing", async () => {
    const store = path.join(dir, "h512");
    await generateDataset({ problem: "heat2d", params: { resolution: 512 }, n: 3, seed: 1, out: store });
    // Refused before any work: the CLI's main() in this process (docs/testing.md §Error paths in
    // process), from the same working directory.
    const train = async (extra: string[]) => {
      const r = await pdesInProcess(["train", "--data", store, "--model", "gsnn", "--backend", "wasm", "--out", path.join(dir, "run"), "--quiet", ...extra], dir);
      return { status: r.code, stderr: r.stderr };
    };
    // 3 samples: 2 train, so the step holds 2 × 512² points (about 6.9 GB).
    const two = await train(["--batch-size", "2"]);
    expect(two.status).toBe(2);
    expect(two.stderr).toMatch(/^pdes: error: --batch-size is too large: a gsnn training step on a 512×512 grid needs about 6\.9 GB \(3\.5 GB per sample\), more than the .*; (use --batch-size 1 or less|even one sample does not fit.*), got 2\n$/);
    fs.writeFileSync(path.join(dir, "prob.json"), JSON.stringify({ modelConfig: { probabilistic: true } }));
    const prob = await train(["--config", path.join(dir, "prob.json"), "--batch-size", "1"]);
    expect(prob.status).toBe(2);
    expect(prob.stderr).toMatch(/^pdes: error: --batch-size is too large: .* even one sample does not fit: train on a coarser grid or a narrower model, got 1\n$/);
    expect(fs.existsSync(path.join(dir, "run"))).toBe(false);
  });
});
