export * from "./errors.js";
export * from "./validate.js";
export * from "./grid.js";
export * from "./field.js";
export * from "./rng.js";
export * from "./backend.js";
export * from "./webgpu.js";
export * from "./webgpu-counters.js";
