// Public exports of surrogates/. Other areas import only this file.
export {};
export * from "./evaluation/index.js";
export * from "./report/index.js";
