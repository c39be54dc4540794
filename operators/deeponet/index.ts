// The DeepONet baseline (exported through operators/baselines.ts).
export { buildDeepOnet, deepOnetInfo, predictDeepOnetAt, DeepOnetHead, type DeepOnetConfig } from "./deeponet.js";
export { refitDeepOnetBranch } from "./refit-branch.js";
