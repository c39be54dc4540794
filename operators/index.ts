// Public exports of operators/: the shared floor that GSNN and every baseline stand on (the
// model interface, the differentiable spectral transforms, layer helpers and shared layers, the
// Float64 linear algebra of the closed-form models). The baselines themselves are exported by
// operators/baselines.ts. See docs/architecture.md.
export * from "./model.js";
export * from "./spectral/index.js";
export * from "./kernels/index.js";
export * from "./layers/index.js";
export * from "./float64/index.js";
