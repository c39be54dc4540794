/**
 * The modelConfig keys each built-in model kind accepts, so a typo (`widthz`) is refused when
 * the config is parsed instead of being silently ignored by the builder (docs/training.md
 * §Config file). Each list is checked against its config interface by the compiler in both
 * directions: a key the interface lacks does not compile, nor does a missing one.
 */
import type { GsnnConfig } from "../gsnn/index.js";
import type { DeepOnetConfig, FnoConfig, KernelOperatorConfig, MlpConfig, RbfConfig } from "../operators/baselines.js";

/** `keys` must list every key of T, and only those. */
type Exhaustive<T, K extends readonly PropertyKey[]> = [Exclude<keyof T, K[number]>] extends [never] ? unknown : { missingKeys: Exclude<keyof T, K[number]> };

function keysOf<T>() {
  return <const K extends readonly (keyof T & string)[]>(keys: K & Exhaustive<T, K>): readonly string[] => keys;
}

export const MODEL_CONFIG_KEYS: Readonly<Record<string, readonly string[]>> = {
  gsnn: keysOf<GsnnConfig>()([
    "width",
    "depth",
    "activation",
    "tausPerChannel",
    "tauInit",
    "probabilistic",
    "inputVariance",
    "injection",
    "injectedVariance",
    "linearPathTaus",
    "linearPathTrainable",
    "derivativeFilters",
    "hiddenDirichlet",
    "derivativeTauInit",
    "coefficientProducts",
    "derivativeOrder",
    "derivativeBlocks",
    "filterBoundary",
    "blockFilter",
    "domainModes",
    "coleHopf",
    "coleHopfBlocks",
    "coleHopfPath",
    "coleHopfFit",
    "coleHopfPathTrainable",
    "domainModesHidden",
    "projectionWidth",
    "seed",
  ]),
  fno: keysOf<FnoConfig>()(["width", "modes", "depth", "projectionUnits", "activation", "paddingFraction", "padding", "paddingFill", "seed"]),
  deeponet: keysOf<DeepOnetConfig>()(["branchHidden", "trunkHidden", "latent", "activation", "init", "seed"]),
  mlp: keysOf<MlpConfig>()(["hidden", "dropout", "seed"]),
  // Ridge takes its λ from the top-level `ridgeLambda`: its modelConfig is empty.
  ridge: [],
  rbf: keysOf<RbfConfig>()(["centers", "init", "inputRank", "widthScale", "lambda", "seed", "readout", "trainCenters", "trainBeta"]),
  kernel: keysOf<KernelOperatorConfig>()(["kernel", "inputRank", "outputRank", "lengthscale", "noise", "nystrom", "maxJitter", "seed", "maxEvaluations", "probabilistic"]),
};
