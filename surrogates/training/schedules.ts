/**
 * Learning-rate schedules. `lr(step, epoch)` is a pure function of the position for "constant",
 * "step" and "cosine"; "plateau" also depends on the validation history, kept in a small
 * serialisable state so a resumed run continues with the same learning rate.
 */
import type { ScheduleConfig } from "./config.js";

export interface ScheduleState {
  /** Multiplier applied to the base lr by reduce-on-plateau (1 otherwise). */
  factor: number;
  /** Best validation loss seen (Infinity before the first). */
  best: number | null;
  /** Epochs since the last improvement. */
  badEpochs: number;
}

export class LrSchedule {
  state: ScheduleState = { factor: 1, best: null, badEpochs: 0 };

  constructor(
    private readonly cfg: ScheduleConfig,
    private readonly baseLr: number,
    /** Total optimizer steps of the run (for cosine). */
    private readonly totalSteps: number,
  ) {}

  /** Learning rate for optimizer step `step` (0-based) in epoch `epoch` (0-based). */
  lr(step: number, epoch: number): number {
    const c = this.cfg;
    switch (c.kind) {
      case "constant":
        return this.baseLr;
      case "step":
        return this.baseLr * Math.pow(c.gamma, Math.floor(epoch / c.stepSize));
      case "cosine": {
        const t = this.totalSteps <= 1 ? 0 : Math.min(step / (this.totalSteps - 1), 1);
        return c.minLr + 0.5 * (this.baseLr - c.minLr) * (1 + Math.cos(Math.PI * t));
      }
      case "plateau":
        return Math.max(this.baseLr * this.state.factor, c.minLr);
    }
  }

  /** Feed the epoch's validation (or training) loss; only reduce-on-plateau reacts. */
  endEpoch(loss: number): void {
    const c = this.cfg;
    if (c.kind !== "plateau") return;
    const s = this.state;
    if (s.best === null || loss < s.best * (1 - c.threshold)) {
      s.best = loss;
      s.badEpochs = 0;
    } else if (++s.badEpochs > c.patience) {
      s.factor *= c.factor;
      s.badEpochs = 0;
    }
  }
}
