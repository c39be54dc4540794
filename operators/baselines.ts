// Public exports of the neural-operator baselines (FNO, DeepONet, MLP, ridge, the RBF network, the
// kernel/GP operator), each in its own folder on the shared floor (operators/index.ts) only. Surrogates'
// model registry, the CLI and the benches import this file; gsnn and the baselines never do.
// See docs/architecture.md.
export * from "./fno/index.js";
export * from "./deeponet/index.js";
export * from "./mlp/index.js";
export * from "./ridge/index.js";
export * from "./kernel/index.js";
export * from "./rbf/index.js";
