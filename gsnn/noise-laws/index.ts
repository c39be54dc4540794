// Exact noise laws Y = f(X), X ~ N(μ, σ²) (docs/noise-laws.md). Exported through gsnn/index.ts.
export { cdfBelow, type Atom, type NoiseLaw } from "./law.js";
export { quadratureMoments, type QuadratureHints, type QuadratureMoments } from "./gaussian-quadrature.js";
export { linearLaw, reluLaw, leakyReluLaw } from "./piecewise-linear-laws.js";
export {
  tanhLaw,
  sigmoidLaw,
  sigmoid64,
  sigmoidProbitMoments,
  type TanhMoments,
  type SigmoidMoments,
} from "./sigmoid-laws.js";
export { geluLaw, gelu64, geluRoots, GELU_ARGMIN, GELU_MIN } from "./gelu-law.js";
export { bivariateNormalCdf } from "./bivariate-normal.js";
export { maxPoolLaw, clarkMax, clarkMaxPool, type MaxPoolOptions } from "./max-pool.js";
export { noiseLaw, NOISE_LAW_ACTIVATIONS, type NoiseLawActivation, type NoiseLawOptions } from "./noise-law.js";
