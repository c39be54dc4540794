/**
 * Loader for GSNN models saved before the two heat-filter layers were merged: their filters
 * were the class "GaussianHeatFilter" (config tauMin/tauMax, bc, probabilistic, injection;
 * bank weights saved as "bank"). It is the HeatFilter layer under that registered name, so such
 * a model.json loads with its weights; new models save HeatFilter (docs/gsnn.md).
 */
import * as tf from "@tensorflow/tfjs";
import { HeatFilter } from "./heat-filter.js";

export class GaussianHeatFilter extends HeatFilter {
  static override className = "GaussianHeatFilter";

  protected override bankWeightName(): string {
    return "bank";
  }
}
tf.serialization.registerClass(GaussianHeatFilter);
