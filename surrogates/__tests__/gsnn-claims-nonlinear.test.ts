/**
 * The claims on burgers1d (gsnn-claims-nonlinear.ts) end to end at a toy budget: every claim is
 * measured (sample efficiency with every baseline, equal parameters, the other baselines, depth,
 * resolution transfer, calibration, depth last) and each measurement holds finite numbers; an unknown
 * claims problem or a bad list of training-set sizes is refused before anything is written.
 * Work: burgers1d on 16 points (solved on 64), 8 training and 4 test samples, 1 epoch, depths
 * 1 and 2, on wasm: 2.0–2.5 s of CPU against 2.7–3.2 s on tfjs's cpu backend (load 17–19).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isPdesError } from "../../core/index.js";
import { runBenchSurrogates } from "../index.js";
import { runNonlinearClaims } from "../workflows/gsnn-claims-nonlinear.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pdes-claims-nl-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("GSNN claims on nonlinear maps", () => {
  it("burgers1d at a toy budget: six claims, each with finite measurements", async () => {
    const { claims, budget } = await runNonlinearClaims({ out: path.join(tmp, "b"), problem: "burgers1d", resolution: 16, nTrain: [4, 8], nTest: 4, epochs: 1, depths: [1, 2], backend: "wasm" });
    expect(claims.map((c) => c.claim.split(" ").slice(0, 3).join(" "))).toEqual([
      "Better sample efficiency",
      "Lower error than",
      "Lower error than",
      "Resolution transfer on",
      "Calibrated uncertainty under",
      "Stable training as",
    ]);
    expect(claims[0]!.measurement).toMatch(/n=4: GSNN .* FNO .* DeepONet .* MLP .* ridge .*; n=8: /);
    expect(claims[3]!.measurement).toMatch(/^16: .*; 32: /);
    // Calibration scores input noise + a model-error variance fitted on validation data: that variance is positive.
    const cal = /model error (\S+) .*coverage (\S+),/.exec(claims[4]!.measurement);
    expect(cal, claims[4]!.measurement).not.toBeNull();
    expect(Number(cal![1])).toBeGreaterThan(0);
    expect(Number(cal![2])).toBeGreaterThanOrEqual(0);
    expect(Number(cal![2])).toBeLessThanOrEqual(1);
    for (const c of claims) {
      expect(typeof c.pass).toBe("boolean");
      const numbers = [...c.measurement.matchAll(/\d\.\d+e[+-]\d+/g)].map((m) => Number(m[0]));
      expect(numbers.length, c.claim).toBeGreaterThan(0);
      expect(numbers.every(Number.isFinite)).toBe(true);
    }
    expect(budget).toMatch(/burgers1d at 16 \(transfer to 32\), n_train 4, 8, 4 test, 1 epochs/);
  });

  it("refuses an unknown claims problem before writing anything", async () => {
    const out = path.join(tmp, "bad");
    const run = runBenchSurrogates({ out, problems: [], claims: true, claimsProblems: ["heat1d", "navier2d"], write: () => {} });
    await expect(run).rejects.toSatisfy((e: unknown) => isPdesError(e) && /claimsProblems/.test(String(e)) && /navier2d/.test(String(e)));
    expect(fs.existsSync(out)).toBe(false);
    for (const claimsN of [[1, 8], [8, 2.5], []]) {
      const r = runBenchSurrogates({ out, problems: [], claims: true, claimsProblems: ["burgers1d"], claimsN, write: () => {} });
      await expect(r).rejects.toSatisfy((e: unknown) => isPdesError(e) && /claimsN/.test(String(e)));
      expect(fs.existsSync(out)).toBe(false);
    }
  });
});
