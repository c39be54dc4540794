/**
 * `pdes train --data <store> --model <kind> --out <run>`: train a surrogate (docs/training.md).
 * The config is `--config file.json` overlaid with the flags, validated in full (zod) before
 * anything is written. `--resume` continues the run in `--out` from its newest good checkpoint.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, Option } from "commander";
import cliProgress from "cli-progress";
import { DatasetFormatError, InvalidArgumentError, isPdesError, selectBackend, UnsupportedError } from "../../core/index.js";
import { openDataset, splitIndices } from "../../datasets/index.js";
import { availableModelKinds, LOSS_KINDS, parseTrainConfig, runPath, train, type TrainConfig, type TrainResult } from "../../surrogates/index.js";
import { backendOption } from "../backend-option.js";
import { parseNumber } from "../cli-util.js";
import { formatBytes, isOutOfMemory, stepBytesPerPoint, trainStepRefusal } from "../memory-estimate.js";
import { requireWritableTarget } from "../target-check.js";

interface TrainFlags {
  data?: string;
  model?: string;
  config?: string;
  epochs?: string;
  batchSize?: string;
  lr?: string;
  loss?: string;
  seed?: string;
  backend?: string;
  checkpointEvery?: string;
  workers?: string;
  resume?: boolean;
  out?: string;
  quiet?: boolean;
}

/** Flag → config key, with its parser. */
const NUMERIC: Array<[keyof TrainFlags, string, keyof TrainConfig]> = [
  ["epochs", "--epochs", "epochs"],
  ["batchSize", "--batch-size", "batchSize"],
  ["lr", "--lr", "lr"],
  ["seed", "--seed", "seed"],
  ["checkpointEvery", "--checkpoint-every", "checkpointEvery"],
  ["workers", "--workers", "workers"],
];

export function register(program: Command): void {
  // Defaults shown in --help come from the config schema itself, so they cannot drift.
  const d = parseTrainConfig({ data: "-", out: "-", model: "ridge" });
  program
    .command("train")
    .description(
      "Train a surrogate on a dataset store. Writes a run directory: config.json, metrics.jsonl, checkpoints, " +
        "the final model (model.json + weights) and surrogate.json. The config is --config file.json overlaid with the flags, " +
        "validated in full before anything is written (keys: docs/training.md).",
    )
    .option("--data <store>", "dataset store (required, here or in --config)")
    .addOption(new Option("--model <kind>", "model (required, here or in --config)").choices(availableModelKinds()))
    .option("--out <run>", "run directory: new or empty, or the run to continue with --resume (required)")
    .option("--config <file>", "JSON config (keys as in docs/training.md); flags override it")
    .option("--epochs <n>", `passes over the training split (default ${d.epochs})`)
    .option("--batch-size <n>", `samples per optimizer step (default ${d.batchSize})`)
    .option("--lr <x>", `learning rate (default ${d.lr}, ${d.schedule.kind} schedule)`)
    .addOption(new Option("--loss <kind>", "training loss (default nll for probabilistic models, else rel-l2: ‖ŷ − y‖/‖y‖ in physical units)").choices([...LOSS_KINDS]))
    .option("--seed <n>", `seed for the split, shuffling and initial weights (default ${d.seed})`)
    .addOption(backendOption("the config's, else PDES_BACKEND, else auto"))
    .option("--checkpoint-every <n>", `checkpoint every n optimizer steps, and at each epoch end (default ${d.checkpointEvery})`)
    .option("--workers <n>", "threads computing each batch's gradient (data-parallel, wasm or cpu; default 1)")
    .option("--resume", "continue the run in --out from its newest good checkpoint (only --epochs, --workers, --backend and --data may change)")
    .option("--quiet", "no progress output")
    .addHelpText("after", `\nValidation split: ${d.validationFraction} of the samples (config key validationFraction); the epoch with the lowest validation loss is saved (with validationFraction 0, the final weights).\nExample: pdes train --data data/heat --model gsnn --epochs 30 --out runs/heat`)
    .action(async (flags: TrainFlags) => {
      const cfg = resolveConfig(flags);
      // The store is streamed through the run's memory budget (config memoryBudgetMiB).
      const data = await openDataset(cfg.data);
      const backend = await selectBackend(cfg.backend, { quiet: flags.quiet ?? false });
      // A step that cannot fit is refused before anything is written (docs/safety.md §Memory).
      // Data-parallel workers each hold their share of a batch in their own wasm instance.
      const shape = data.grid.shape;
      const batch = Math.min(cfg.batchSize, splitIndices(data.n, cfg.validationFraction, () => {}).train.length);
      const workers = cfg.workers ?? 1;
      const tooBig =
        trainStepRefusal(cfg.model, cfg.modelConfig, shape, Math.ceil(batch / workers), backend.name) ??
        (workers > 1 ? trainStepRefusal(cfg.model, cfg.modelConfig, shape, batch, "all workers") : undefined);
      if (tooBig) throw new InvalidArgumentError("--batch-size", cfg.batchSize, tooBig);
      const progress = makeProgress(flags.quiet === true);
      // Ctrl-C / SIGTERM: finish the current step, write a checkpoint, exit non-zero.
      const stop = new AbortController();
      const onSignal = (sig: NodeJS.Signals) => stop.abort(sig);
      process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
      // Test hooks: a NaN batch at a given step; a process that freezes after a given step (so a
      // test can SIGKILL it at a known point in the middle of an epoch).
      let lastTrainLoss: number | null = null;
      const nanStep = process.env.PDES_TEST_NAN_STEP;
      const pauseStep = Number(process.env.PDES_TEST_PAUSE_AT_STEP ?? NaN);
      const res = await train({
        config: cfg,
        data,
        resume: flags.resume === true,
        backend: backend.name,
        onStep: (p) => {
          progress.step(p);
          if (p.step === pauseStep) {
            process.stderr.write(`paused after step ${p.step}\n`);
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
          }
        },
        onEpoch: (e) => {
          lastTrainLoss = e.trainLoss;
          progress.epoch(e);
        },
        onFit: progress.fit,
        ...(nanStep ? { injectNanAtStep: Number(nanStep) } : {}),
        signal: stop.signal,
      })
        .catch((e: unknown) => {
          // tfjs-wasm aborts when its heap is full; a JS allocation fails with a RangeError.
          if (isPdesError(e) || !isOutOfMemory(e)) throw e;
          const perPoint = stepBytesPerPoint(cfg.model, cfg.modelConfig, shape.length);
          const est = perPoint === undefined ? "" : `, about ${formatBytes(batch * shape.reduce((p, q) => p * q, 1) * perPoint)} per step estimated`;
          throw new UnsupportedError(
            `training ran out of memory (${cfg.model}, batch ${batch} on a ${shape.join("×")} grid, ${backend.name} backend${est}): ` +
              `start again with a smaller --batch-size, a coarser grid or a narrower model`,
          );
        })
        .finally(() => {
          progress.stop();
          process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
        });
      process.stdout.write(trainSummary(res, lastTrainLoss) + "\n");
    });
}

/**
 * The line `pdes train` ends with. With a validation split the saved model is the best
 * validation epoch's; without one it is the final weights, and the training loss is all there is.
 */
export function trainSummary(res: Pick<TrainResult, "info" | "epochsDone" | "steps" | "stoppedEarly" | "bestEpoch" | "bestValLoss" | "runDir" | "meta">, lastTrainLoss: number | null): string {
  const head = `trained ${res.info.kind} (${res.info.parameterCount} parameters) for ${res.epochsDone} epoch(s), ${res.steps} step(s)${res.stoppedEarly ? " (early stop)" : ""}`;
  const fit = res.meta.finalValLoss !== null && res.meta.finalValLoss !== res.bestValLoss ? `, ${fmt(res.meta.finalValLoss)} after the final closed-form fit` : "";
  const body =
    res.bestEpoch !== null
      ? `best validation loss ${fmt(res.bestValLoss)} at epoch ${res.bestEpoch} (saved)${fit}`
      : `no validation split: saved the final weights; final training loss ${fmt(lastTrainLoss)}`;
  return `${head}; ${body}; run: ${res.runDir}`;
}

/** Merge file + flags (or the run's stored config on --resume), validate, check paths. Writes nothing. */
export function resolveConfig(flags: TrainFlags): TrainConfig {
  let raw: Record<string, unknown> = {};
  if (flags.resume) {
    if (!flags.out) throw new InvalidArgumentError("--out", flags.out, "is required with --resume");
    const stored = runPath(flags.out, "config");
    if (!fs.existsSync(stored)) throw new InvalidArgumentError("--out", flags.out, "is not a run directory (no config.json) and cannot be resumed");
    raw = readStoredConfig(stored);
    // The run resumes where it is (docs/safety.md §Runs resume in place): --out is the run, and a
    // relative data path is relative to it (config.json written with out "."; older runs recorded
    // both relative to the directory training was started from).
    const inPlace = raw.out === ".";
    if (inPlace && typeof raw.data === "string" && !path.isAbsolute(raw.data)) raw.data = path.join(flags.out, raw.data);
    raw.out = flags.out;
    // Only the length of the run may change on resume; everything else must stay as it was. The
    // data may be named where it now is: data.json's fingerprint confirms it is the same.
    for (const [k, flag, key] of NUMERIC)
      if (flags[k] !== undefined && key !== "epochs" && key !== "workers" && parseNumber(flag, flags[k] as string) !== raw[key])
        throw new InvalidArgumentError(flag, flags[k], `cannot change on --resume (the run uses ${JSON.stringify(raw[key])})`);
    for (const [flag, key, v] of [["--model", "model", flags.model], ["--loss", "loss", flags.loss]] as const)
      if (v !== undefined && v !== raw[key]) throw new InvalidArgumentError(flag, v, `cannot change on --resume (the run uses ${JSON.stringify(raw[key])})`);
    if (flags.data !== undefined) raw.data = flags.data;
    else if (typeof raw.data === "string" && !fs.existsSync(raw.data))
      throw new InvalidArgumentError("config.data", raw.data, `does not exist${inPlace ? " (recorded relative to the run directory)" : ""}; pass --data naming where the store is now`);
    if (flags.epochs !== undefined) raw.epochs = parseNumber("--epochs", flags.epochs);
    if (flags.workers !== undefined) raw.workers = parseNumber("--workers", flags.workers);
    if (flags.backend !== undefined) raw.backend = flags.backend;
  } else {
    if (flags.config !== undefined) raw = readConfigFile(flags.config);
    if (flags.data !== undefined) raw.data = flags.data;
    if (flags.model !== undefined) raw.model = flags.model;
    if (flags.out !== undefined) raw.out = flags.out;
    if (flags.loss !== undefined) raw.loss = flags.loss;
    if (flags.backend !== undefined) raw.backend = flags.backend;
    for (const [k, flag, key] of NUMERIC) if (flags[k] !== undefined) raw[key] = parseNumber(flag, flags[k] as string);
    // Name the flag, not the config key, when a required setting is missing from both.
    for (const [flag, key] of [["--data", "data"], ["--model", "model"], ["--out", "out"]] as const)
      if (raw[key] === undefined) throw new InvalidArgumentError(flag, undefined, `is required (or set "${key}" in --config)`);
  }
  const cfg = parseTrainConfig(raw);
  if (!fs.existsSync(cfg.data)) throw new InvalidArgumentError("config.data", cfg.data, "does not exist");
  // A --out under a file or in a read-only directory is a usage error before anything is written.
  requireWritableTarget("--out", cfg.out);
  if (!flags.resume && fs.existsSync(cfg.out) && fs.readdirSync(cfg.out).length > 0)
    throw new InvalidArgumentError("config.out", cfg.out, "already exists and is not empty (use --resume to continue it)");
  return cfg;
}

function readStoredConfig(file: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new DatasetFormatError(`is not valid JSON (${(e as Error).message}); the run cannot be resumed`, file);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new DatasetFormatError("must hold a JSON object", file);
  return v as Record<string, unknown>;
}

function readConfigFile(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) throw new InvalidArgumentError("--config", file, "does not exist");
  let v: unknown;
  try {
    v = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new InvalidArgumentError("--config", path.basename(file), `must be valid JSON (${(e as Error).message})`);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new InvalidArgumentError("--config", file, "must hold a JSON object");
  return v as Record<string, unknown>;
}

function fmt(x: number | null): string {
  return x === null ? "-" : x.toPrecision(4);
}

/** A cli-progress bar on a TTY; otherwise one log line per epoch (and every 50 steps). */
function makeProgress(quiet: boolean) {
  const tty = process.stderr.isTTY === true && !quiet;
  let bar: cliProgress.SingleBar | undefined;
  return {
    step(p: { step: number; epoch: number; batch: number; batchesPerEpoch: number; epochs: number; loss: number; lr: number }) {
      const total = p.epochs * p.batchesPerEpoch;
      if (tty) {
        if (bar === undefined) {
          bar = new cliProgress.SingleBar(
            { format: "train |{bar}| epoch {ep}/{epochs} | loss {loss} | lr {lr} | step {value}/{total} | ETA {eta_formatted}", hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, p.step - 1, { ep: p.epoch, epochs: p.epochs, loss: "-", lr: "-" });
        }
        bar.update(p.step, { ep: p.epoch, epochs: p.epochs, loss: p.loss.toPrecision(4), lr: p.lr.toPrecision(3) });
      } else if (!quiet && p.step % 50 === 0) process.stderr.write(`step ${p.step}/${total} epoch ${p.epoch}/${p.epochs} loss ${p.loss.toPrecision(4)} lr ${p.lr.toPrecision(3)}\n`);
    },
    epoch(e: { epoch: number; epochs: number; step: number; trainLoss: number; valLoss: number | null; lr: number; best: boolean }) {
      if (tty || quiet) return;
      process.stderr.write(
        `epoch ${e.epoch}/${e.epochs} step ${e.step} train ${e.trainLoss.toPrecision(4)} val ${fmt(e.valLoss)} lr ${e.lr.toPrecision(3)}${e.best ? " *best" : ""}\n`,
      );
    },
    fit(f: { when: "before" | "after"; valLoss: number | null }) {
      // A closed-form fit can take a while with no steps to show: say when one is done.
      if (quiet || bar !== undefined) return;
      process.stderr.write(`closed-form fit ${f.when === "before" ? "before training" : "of the final weights"} done; val ${fmt(f.valLoss)}\n`);
    },
    stop() {
      bar?.stop();
    },
  };
}
