// Public exports of solvers/. Other areas import only this file.
export * from "./fft/index.js";
export * from "./spectral/index.js";
export * from "./fd/index.js";
export * from "./nonlinear/index.js";
