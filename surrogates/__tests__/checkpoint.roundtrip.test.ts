import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isPdesError } from "../../core/index.js";
import { loadLatestCheckpoint, writeCheckpoint } from "../index.js";
import { decodeCheckpoint, encodeCheckpoint, listCheckpoints } from "../training/index.js";
import { removeRunTemps } from "../training/run-dir.js";
import { tempDir } from "./train-helpers.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const fresh = () => {
  const d = tempDir("ckpt");
  dirs.push(d);
  return d;
};

const arrays = () => ({ "w/0": Float32Array.from([1.5, -2, NaN, 3e-38]), "m/0": new Float32Array(0), "v/0": Float32Array.from({ length: 7 }, (_, i) => i / 3) });

describe("checkpoint files", () => {
  it("round-trip metadata and float32 arrays bit for bit", () => {
    const meta = { step: 12, epoch: 1, permutation: [3, 1, 2], rng: { seed: 1, counter: 5 } };
    const buf = encodeCheckpoint(meta, arrays());
    const back = decodeCheckpoint<typeof meta>(buf, "mem");
    expect(back.meta).toEqual(meta);
    for (const [k, a] of Object.entries(arrays())) expect(new Uint8Array(back.arrays[k]!.buffer)).toEqual(new Uint8Array(a.buffer));
  });

  it("detect truncation and a flipped byte", () => {
    const buf = encodeCheckpoint({ step: 1 }, arrays());
    for (const bad of [buf.subarray(0, buf.length - 5), buf.subarray(0, 40), Uint8Array.from(buf, (b, i) => (i === 30 ? b ^ 1 : b))]) {
      let err: unknown;
      try {
        decodeCheckpoint(bad, "f");
      } catch (e) {
        err = e;
      }
      expect(isPdesError(err, "DatasetFormat")).toBe(true);
    }
  });

  it("keep only the newest two and fall back past a corrupt one with a warning", async () => {
    const dir = fresh();
    for (const step of [3, 6, 9]) await writeCheckpoint(dir, step, { step }, arrays());
    const files = listCheckpoints(dir);
    expect(files.map((f) => path.basename(f))).toEqual(["ckpt-0000000006.bin", "ckpt-0000000009.bin"]);
    fs.truncateSync(files[1]!, 100);
    const warnings: string[] = [];
    const ck = await loadLatestCheckpoint<{ step: number }>(dir, (m) => warnings.push(m));
    expect(ck?.meta.step).toBe(6);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/ckpt-0000000009\.bin is unreadable \(.*checksum.*\); falling back to the previous one/);
    // The corrupt file is moved aside, so the next write and retention ignore it.
    expect(listCheckpoints(dir).map((f) => path.basename(f))).toEqual(["ckpt-0000000006.bin"]);
  });

  it("return null when no checkpoint is usable, and ignore stale temporary files", async () => {
    const dir = fresh();
    expect(await loadLatestCheckpoint(dir, () => {})).toBeNull();
    // A dead writer's temporaries, in the current and the older (sync writer's) naming.
    fs.writeFileSync(path.join(dir, "ckpt-0000000003.bin.tmp-123"), "partial");
    fs.writeFileSync(path.join(dir, "ckpt-0000000004.bin.tmp-123-0-7"), "partial");
    await writeCheckpoint(dir, 2, { step: 2 }, arrays());
    expect((await loadLatestCheckpoint<{ step: number }>(dir, () => {}))?.meta.step).toBe(2);
    expect(fs.readdirSync(dir)).toEqual(["ckpt-0000000002.bin"]);
  });
});

describe("run directory temporaries", () => {
  it("a resume removes what a killed session half-wrote, and only the run's own files", async () => {
    const dir = fresh();
    const names = ["config.json.tmp-11-0-3", "metrics.jsonl.tmp-12", "weights.bin.tmp-13-1-0", "notes.txt.tmp-14-0-0", "config.json"];
    for (const n of names) fs.writeFileSync(path.join(dir, n), "x");
    await removeRunTemps(dir);
    expect(fs.readdirSync(dir).sort()).toEqual(["config.json", "notes.txt.tmp-14-0-0"]);
  });
});
