/**
 * One epoch of gradient training: the epoch's seeded permutation, one optimizer step per batch
 * (NaN/Inf guard, global-norm clipping, AdamW), step checkpoints, then validation, best-model
 * keeping, the schedule's epoch end, early stopping and the epoch checkpoint. A model fitted in
 * closed form only gets one "epoch" record instead (closedFormEpoch).
 */
import * as tf from "@tensorflow/tfjs";
import { PdesError } from "../../core/index.js";
import { writeCheckpoint } from "./checkpoint.js";
import { globalNorm } from "./adamw.js";
import { appendMetric } from "./run-dir.js";
import { elapsed, type TrainRun } from "./train-run.js";
import { snapshotState } from "./train-state.js";

/** The samples `idx` as tensors `[n, ...grid.shape, C]` (the caller disposes them). */
export async function batchTensors(run: TrainRun, idx: readonly number[]): Promise<{ x: tf.Tensor; y: tf.Tensor }> {
  const { x, y } = await run.source.batch(idx);
  const spatial = [...run.ctx.grid.shape];
  return { x: tf.tensor(x, [idx.length, ...spatial, run.ctx.inChannels], "float32"), y: tf.tensor(y, [idx.length, ...spatial, run.ctx.outChannels], "float32") };
}

/** Sample-weighted mean loss of the run's model over `idx`, in batches of the run's size. */
export async function meanLoss(run: TrainRun, idx: readonly number[]): Promise<number> {
  let sum = 0;
  for (let i = 0; i < idx.length; i += run.bs) {
    const part = idx.slice(i, i + run.bs);
    run.source.prefetch?.(idx.slice(i + run.bs, i + 2 * run.bs));
    const { x, y } = await batchTensors(run, part);
    // Asynchronous reads only, here and below: GPU backends have no synchronous one (docs/gpu.md).
    const loss = tf.tidy(() => run.lossFn(run.model.predict(x) as tf.Tensor, y));
    sum += (await loss.data())[0]! * part.length;
    tf.dispose([x, y, loss]);
  }
  return sum / idx.length;
}

export async function checkpointRun(run: TrainRun): Promise<void> {
  const snap = await snapshotState({ ...run.s, elapsed: elapsed(run) }, run.model, run.opt, run.sched);
  run.lastCheckpoint = await writeCheckpoint(run.ckDir, run.s.step, snap.meta, snap.arrays);
}

/** Where a failed step tells the user to continue from. */
function lastGood(run: TrainRun): string {
  return run.lastCheckpoint ? `Last good checkpoint: ${run.lastCheckpoint}` : `Last good checkpoint: the newest in ${run.ckDir}`;
}

/** The NaN/Inf guard's error: nothing was applied. */
function nonFinite(run: TrainRun, loss: number, gradNorm: number): PdesError {
  const what = Number.isFinite(loss) ? `gradient norm is ${gradNorm}` : `training loss is ${loss}`;
  return new PdesError("NonFinite", `${what} at step ${run.s.step + 1} (epoch ${run.s.epoch + 1}); training stopped, no update applied. ${lastGood(run)}`);
}

/**
 * One step split over the run's data-parallel workers (data-parallel/gradient-pool.ts): every
 * thread computes its shard's gradient and applies the same guarded, clipped AdamW update from
 * their all-reduced sum, this thread through `run.opt` (so checkpoints hold its state).
 */
async function poolStep(run: TrainRun, pool: NonNullable<TrainRun["pool"]>, idx: readonly number[], lr: number): Promise<{ loss: number; gradNorm: number }> {
  const b = await run.source.batch(idx);
  const spatial = [...run.ctx.grid.shape];
  const x = run.injectNanAtStep === run.s.step + 1 ? new Float32Array(b.x.length).fill(NaN) : b.x;
  let r: { loss: number; gradNorm: number; applied: boolean };
  try {
    r = await pool.step(x, b.y, [idx.length, ...spatial, run.ctx.inChannels], [idx.length, ...spatial, run.ctx.outChannels], lr);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new PdesError("Io", `${why} at step ${run.s.step + 1} (epoch ${run.s.epoch + 1}); training stopped, no update applied. ${lastGood(run)}; continue with --resume`, { cause: e });
  }
  if (!r.applied) throw nonFinite(run, r.loss, r.gradNorm);
  return { loss: r.loss, gradNorm: r.gradNorm };
}

/**
 * One optimizer step on the samples `idx` at learning rate `lr`: returns the loss and the
 * global gradient norm before clipping.
 */
export async function trainStep(run: TrainRun, idx: readonly number[], lr: number): Promise<{ loss: number; gradNorm: number }> {
  if (run.pool) return poolStep(run, run.pool, idx, lr);
  const { x, y } = await batchTensors(run, idx);
  const xin = run.injectNanAtStep === run.s.step + 1 ? tf.fill(x.shape, NaN) : x;
  const { value, grads } = tf.variableGrads(() => run.lossFn(run.model.apply(xin, { training: true }) as tf.Tensor, y), run.vars);
  tf.dispose([x, xin, y]);
  const gradList = run.vars.map((v) => grads[v.name]!);
  // One read-back per step for both guards: the loss and the global gradient norm.
  const guards = tf.tidy(() => tf.stack([value, globalNorm(gradList)]));
  const [loss, gradNorm] = (await guards.data()) as unknown as [number, number];
  guards.dispose();
  if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
    tf.dispose([value, ...gradList]);
    throw nonFinite(run, loss, gradNorm);
  }
  const clip = run.cfg.clipNorm;
  if (clip !== undefined && gradNorm > clip) {
    const scaled = tf.tidy(() => gradList.map((g) => tf.mul(g, clip / gradNorm)));
    run.opt.apply(scaled, lr);
    tf.dispose(scaled);
  } else run.opt.apply(gradList, lr);
  tf.dispose([value, ...gradList]);
  return { loss, gradNorm };
}

/** Run (the rest of) the current epoch. */
export async function trainEpoch(run: TrainRun): Promise<void> {
  const { cfg, bs, batchesPerEpoch, s } = run;
  if (s.permutation === null) s.permutation = s.rng.shuffle(run.source.train.slice()) as number[];
  const perm = s.permutation;
  for (let b = s.batchInEpoch; b < batchesPerEpoch; b++) {
    const idx = perm.slice(b * bs, (b + 1) * bs);
    run.source.prefetch?.(perm.slice((b + 1) * bs, (b + 2) * bs));
    const lr = run.sched.lr(s.step, s.epoch);
    const { loss, gradNorm } = await trainStep(run, idx, lr);
    s.step++;
    s.batchInEpoch = b + 1;
    s.epochLossSum += loss * idx.length;
    // Epochs are numbered from 1 in records and events, as on the command line (docs/training.md).
    appendMetric(run.out, { type: "step", step: s.step, epoch: s.epoch + 1, batch: b, loss, lr, time: elapsed(run), backend: run.backend, gradNorm });
    run.events.onStep?.({ step: s.step, epoch: s.epoch + 1, batch: b, batchesPerEpoch, epochs: cfg.epochs, loss, lr });
    // The epoch-end checkpoint (after validation) covers the last batch.
    // The loop is synchronous: let signal handlers (and other callbacks) run between steps.
    if (run.signal) await new Promise<void>((r) => setImmediate(r));
    if (run.signal?.aborted) {
      // batchInEpoch may equal batchesPerEpoch here: a resume then goes straight to validation.
      await checkpointRun(run);
      throw new PdesError("Io", `training interrupted (${String(run.signal.reason ?? "aborted")}) after step ${s.step}; checkpoint ${run.lastCheckpoint} written, continue with --resume`);
    }
    if (s.step % cfg.checkpointEvery === 0 && b + 1 < batchesPerEpoch) await checkpointRun(run);
  }
  const trainLoss = s.epochLossSum / run.source.train.length;
  const valLoss = run.source.val.length > 0 ? await meanLoss(run, run.source.val) : null;
  // Early stopping and a plateau schedule watch the validation loss, else the training loss. The
  // best validation epoch's weights are kept for the final model; without a validation split
  // there is nothing to select on (the running training loss is no model's loss), so the final
  // weights are the model and nothing is kept (docs/training.md "Which weights are saved").
  const monitor = valLoss ?? trainLoss;
  const prevBest = s.best?.loss ?? Infinity;
  const improved = monitor < prevBest;
  const isBest = improved && valLoss !== null;
  if (improved) s.best = { loss: monitor, epoch: s.epoch + 1, weights: isBest ? await Promise.all(run.model.getWeights().map(async (w) => ((await w.data()) as Float32Array).slice())) : [] };
  const es = cfg.earlyStopping;
  if (es) s.badEpochs = monitor < prevBest - es.minDelta ? 0 : s.badEpochs + 1;
  // The rate of the epoch's last step (a reduce-on-plateau cut shows from the next epoch on).
  const lr = run.sched.lr(s.step - 1, s.epoch);
  run.sched.endEpoch(monitor);
  appendMetric(run.out, { type: "epoch", epoch: s.epoch + 1, step: s.step, trainLoss, valLoss, lr, time: elapsed(run), backend: run.backend, best: isBest });
  run.events.onEpoch?.({ epoch: s.epoch + 1, epochs: cfg.epochs, step: s.step, trainLoss, valLoss, lr, best: isBest });
  s.epoch++;
  s.batchInEpoch = 0;
  s.permutation = null;
  s.epochLossSum = 0;
  if (es && s.badEpochs >= es.patience) run.stoppedEarly = true;
  await checkpointRun(run);
}

/** The one "epoch" record of a model fitted in closed form only: its losses, marked best when validated. */
export async function closedFormEpoch(run: TrainRun): Promise<void> {
  const valLoss = run.source.val.length > 0 ? await meanLoss(run, run.source.val) : null;
  const trainLoss = await meanLoss(run, run.source.train);
  const best = valLoss !== null;
  appendMetric(run.out, { type: "epoch", epoch: 1, step: 0, trainLoss, valLoss, lr: 0, time: elapsed(run), backend: run.backend, best });
  run.events.onEpoch?.({ epoch: 1, epochs: 1, step: 0, trainLoss, valLoss, lr: 0, best });
  run.s = { ...run.s, epoch: 1, best: { loss: valLoss ?? trainLoss, epoch: 1, weights: [] } };
}
