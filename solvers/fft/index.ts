// Public exports of solvers/fft (re-exported by solvers/index.ts).
export { fft, ifft, rfft, irfft, type AxisOptions, type ComplexField, type IrfftOptions } from "./fft.js";
export { dst1, dct1, dct2, dct3, type TrigOptions } from "./trig.js";
export { angularWavenumbers, type WavenumberOptions } from "./wavenumbers.js";
export { cfftStrided, rfftStrided, irfftStrided, cfftLines, rfftLines, irfftLines } from "./kernels.js";
export { dst1Strided, dct1Strided, dct2Strided, dct3Strided } from "./trig-kernels.js";
export { getComplexPlan, getRealPlan, clearFftPlans } from "./plan-cache.js";
export type { ComplexPlan } from "./complex-plan.js";
export { lineOffsets } from "./lines.js";
