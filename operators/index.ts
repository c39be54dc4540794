// Public exports of operators/. Other areas import only this file.
export * from "./model.js";
export * from "./spectral/index.js";
