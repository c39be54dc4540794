/**
 * GSNN's names for the shared floor's layer helpers (operators/layers: one implementation for
 * GSNN and the baselines). New code imports them from operators/index.ts; this file keeps the
 * older names for the GSNN files that still use them.
 */
export { joinMoments, lastDim, oneTensor as single, splitMoments, type LayerArgs as LayerBaseArgs, type SplitMoments } from "../operators/index.js";
