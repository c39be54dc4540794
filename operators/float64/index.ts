// Float64 building blocks of the closed-form models (kernel operator, RBF network): Cholesky with
// jitter, triangular solves, small symmetric eigenproblems, PCA, prototype selection, Nelder–Mead.
export { choleskyInPlace, choleskyWithJitter, choleskySolveInPlace, solveLower, solveUpperT, logDetFromCholesky, symmetricEigen, type CholeskyResult, type JitterOptions } from "./cholesky.js";
export { fitPca, projectPca, reconstructPca, type Pca } from "./pca.js";
export { choosePrototypes, type PrototypeInit } from "./kmeans.js";
export { nelderMead, type NelderMeadResult } from "./nelder-mead.js";
export type { SampleData } from "./sample-data.js";
export { ridgeQr, type RidgeQrResult } from "./ridge-qr.js";
