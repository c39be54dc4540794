// Public exports of operators/. Other areas import only this file.
export * from "./model.js";
export * from "./spectral/index.js";
export * from "./kernels/index.js";
export * from "./fno/index.js";
export * from "./mlp.js";
export * from "./deeponet.js";
export * from "./ridge-fit.js";
export * from "./ridge.js";
