// The pointwise MLP baseline (exported through operators/baselines.ts).
export { buildMlp, mlpInfo, type MlpConfig } from "./mlp.js";
