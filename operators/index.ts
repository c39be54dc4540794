// Public exports of operators/: the shared floor that GSNN and every baseline stand on (the
// model interface, the differentiable spectral transforms, layer helpers and shared layers).
// The baselines themselves are exported by operators/baselines.ts. See docs/architecture.md.
export * from "./model.js";
export * from "./spectral/index.js";
export * from "./layers/index.js";
