// Training a GSNN on a one-sided Dirichlet store (neuraloperator's Darcy fixtures) sets the wall
// value of its restored boundary points from the normalised targets, so predictions there are
// the data's ≈ 0, not the output mean that a normalised 0 denormalises to (docs/gsnn.md §Point
// layouts). Work: a width-8, depth-1 GSNN, one epoch on 32 samples of 16².
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeField } from "../../core/index.js";
import { importDataset, openDataset } from "../../datasets/index.js";
import { loadSurrogate, parseTrainConfig, train, trainingDataFromDataset } from "../index.js";
import { evaluationSetFromDataset } from "../evaluation/index.js";

const fixtures = new URL("../../datasets/__tests__/fixtures/neuralop/", import.meta.url).pathname;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdes-gsnn-wall-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("GSNN wall values on an imported one-sided Dirichlet grid", () => {
  it("predicts ≈ 0 on the stored wall rows (x = 0, y = 0), far below the output mean", async () => {
    const store = path.join(dir, "train");
    await importDataset({ files: [path.join(fixtures, "darcy_train_16.pt")], out: store, fsync: false, samples: { start: 0, end: 32 } });
    const data = await trainingDataFromDataset(await openDataset(store));
    const out = path.join(dir, "run");
    const config = parseTrainConfig({
      data: store,
      out,
      model: "gsnn",
      modelConfig: { width: 8, depth: 1, projectionWidth: 16, linearPathTaus: 2, seed: 0 },
      epochs: 1,
      batchSize: 16,
      lr: 1e-3,
      validationFraction: 0,
      checkpointEvery: 1_000_000,
      backend: "cpu",
    });
    (await train({ config, data, backend: "cpu", warn: () => {} })).model.dispose();
    const s = await loadSurrogate(out);
    try {
      const ev = await evaluationSetFromDataset(await openDataset(store));
      const p = (await s.predict(makeField([...ev.inputs.shape], Float64Array.from(ev.inputs.data)))).data;
      const n = 16;
      let wall = 0;
      let count = 0;
      let mean = 0;
      for (let i = 0; i < 32; i++)
        for (let a = 0; a < n; a++)
          for (let b = 0; b < n; b++) {
            mean += ev.outputs.data[(i * n + a) * n + b]! / (32 * n * n);
            if (a === 0 || b === 0) (wall += Math.abs(p[(i * n + a) * n + b]!)), count++;
          }
      console.log(`gsnn-wall: mean |prediction| on the wall rows ${(wall / count).toExponential(2)}, output mean ${mean.toFixed(3)}`);
      expect(mean).toBeGreaterThan(0.2);
      expect(wall / count).toBeLessThan(0.02);
    } finally {
      s.dispose();
    }
  }, 600_000);
});
