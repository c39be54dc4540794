/**
 * The CLI's commands. Each module exports `register(program)`; add one line here per command.
 */
import type { Command } from "commander";

export const commandModules: Array<() => Promise<{ register: (program: Command) => void }>> = [
  () => import("./demo.js"),
  () => import("./generate.js"),
  () => import("./import.js"),
  () => import("./verify.js"),
  () => import("./info.js"),
  () => import("./train.js"),
  () => import("./predict.js"),
  () => import("./evaluate.js"),
  () => import("./compare.js"),
  () => import("./report.js"),
  () => import("./quickstart.js"),
  () => import("./bench-surrogates.js"),
];
