/**
 * Starting a run directory, or resuming one: a fresh run refuses a non-empty directory and
 * writes config.json, normalizer.json and data.json; a resumed run checks that its data are the
 * same, removes what a killed session half-wrote, restores the newest good checkpoint (model,
 * optimizer, schedule, loop state) and cuts the metrics log back to it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { InvalidArgumentError, IoError } from "../../core/index.js";
import { loadLatestCheckpoint } from "./checkpoint.js";
import type { DataFingerprint } from "../../datasets/index.js";
import { removeRunTemps, runPath, truncateMetrics, writeJson } from "./run-dir.js";
import type { TrainConfig } from "./config.js";
import type { TrainRun } from "./train-run.js";
import { restoreState } from "./train-state.js";

export async function startRun(run: TrainRun, resume: boolean): Promise<void> {
  const { out, cfg } = run;
  if (resume) {
    if (!fs.existsSync(runPath(out, "config"))) throw new IoError(out, "cannot resume: not a run directory (no config.json)");
    const dataFile = runPath(out, "data");
    if (fs.existsSync(dataFile)) {
      const was = (JSON.parse(fs.readFileSync(dataFile, "utf8")) as DataFingerprint).sha256;
      if (was !== (await run.source.fingerprint()).sha256)
        throw new InvalidArgumentError("config.data", cfg.data, "holds different values than when this run started; resume needs the same dataset");
    }
    await removeRunTemps(out);
    const ck = await loadLatestCheckpoint<Parameters<typeof restoreState>[0]["meta"]>(run.ckDir, run.warn);
    if (ck === null) run.warn(`no usable checkpoint in ${run.ckDir}; starting from step 0`);
    else {
      run.s = restoreState(ck, run.model, run.opt, run.sched);
      run.restored = true;
    }
    // Without a checkpoint the "before" fit is done again, so its old record goes too.
    await truncateMetrics(out, run.s.step, run.s.epoch, { keepFits: run.restored });
    // The run may have been extended (--epochs) or moved: config.json says what it now is.
    await writeJson(runPath(out, "config"), configRecord(cfg, out, run.lossKind));
    // A finished run being extended is unfinished again until its new final model is written.
    fs.rmSync(runPath(out, "surrogate"), { force: true });
  } else {
    if (fs.existsSync(out) && fs.readdirSync(out).length > 0) throw new IoError(out, "run directory exists and is not empty (use --resume to continue it)");
    fs.mkdirSync(out, { recursive: true });
    await writeJson(runPath(out, "config"), configRecord(cfg, out, run.lossKind));
    await writeJson(runPath(out, "normalizer"), run.source.normalizer);
    await writeJson(runPath(out, "data"), await run.source.fingerprint());
  }
}

/**
 * config.json as stored: `out` is "." and `data` is relative to the run directory, so a copied
 * or moved run resumes in place (docs/safety.md §Runs resume in place).
 */
export function configRecord(cfg: TrainConfig, out: string, lossKind: string): Record<string, unknown> {
  const data = path.relative(path.resolve(out), path.resolve(cfg.data)) || ".";
  return { ...cfg, loss: lossKind, data, out: "." };
}
