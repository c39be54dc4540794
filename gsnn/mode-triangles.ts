/**
 * Per-mode QR compression of the linear-path fit's rows (fit-linear-path.ts, docs/gsnn.md
 * §Linear spectral path). That least squares has, for every spectral mode p, one row per
 * (sample, re/im) holding the sample's data at p — inputs X_i, deep outputs D_o, targets Y_o —
 * and the bank's columns multiply X by factors that depend on p only. So every residual of
 * mode p is M_p·v for M_p = [X | D | Y] (2N × K) and some v, and ‖M_p v‖ = ‖R_p v‖ for R_p the
 * K×K triangle of a QR of M_p: replacing each mode's 2N rows by R_p's K rows leaves the problem
 * (solution and residual) unchanged. R_p is updated as samples stream in (Householder on
 * [R_p; new rows]), so the fit holds P·K² numbers whatever the number of samples, and stays
 * backward stable: orthogonal transformations only, no normal equations (docs/safety.md §Memory).
 */
import { InvalidArgumentError } from "../core/index.js";

export class ModeTriangles {
  /** R_p row-major: entry (r, c) of mode p at (p·K + r)·K + c. */
  readonly r: Float64Array;
  private work: Float64Array;

  constructor(
    readonly modes: number,
    /** K: the number of data columns (inputs, deep outputs, targets). */
    readonly width: number,
  ) {
    if (!Number.isInteger(modes) || modes < 1) throw new InvalidArgumentError("modes", modes, "must be an integer >= 1");
    if (!Number.isInteger(width) || width < 1) throw new InvalidArgumentError("width", width, "must be an integer >= 1");
    this.r = new Float64Array(modes * width * width);
    this.work = new Float64Array(2 * width * width);
  }

  /** Bytes held (the triangles and the scratch rows). */
  get bytes(): number {
    return this.r.byteLength + this.work.byteLength;
  }

  /**
   * Folds `count` rows of mode p into R_p: row i is `rows[i·K .. i·K + K)`. `rows` may be
   * longer than count·K (a reused buffer).
   */
  add(p: number, rows: Float64Array, count: number): void {
    const K = this.width;
    const m = K + count;
    if (this.work.length < m * K) this.work = new Float64Array(m * K);
    const a = this.work;
    a.set(this.r.subarray(p * K * K, (p + 1) * K * K));
    a.set(rows.subarray(0, count * K), K * K);
    triangularize(a, m, K);
    this.r.set(a.subarray(0, K * K), p * K * K);
  }

  /** Column c of every triangle, as rows ordered (mode, r): length modes·K. */
  column(c: number): Float64Array {
    const K = this.width;
    const out = new Float64Array(this.modes * K);
    for (let q = 0; q < out.length; q++) out[q] = this.r[q * K + c]!;
    return out;
  }
}

/**
 * Householder QR of the m×K row-major matrix `a` in place: afterwards its first K rows hold R
 * (upper triangular) and the rest are zero. Q is not kept: only ‖a v‖ = ‖R v‖ matters here.
 */
function triangularize(a: Float64Array, m: number, K: number): void {
  for (let k = 0; k < K && k < m; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += a[i * K + k]! ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const akk = a[k * K + k]!;
    const alpha = akk > 0 ? -norm : norm;
    // v = a[k:, k] − alpha e_k (stored in place of the column); H = I − 2 v vᵀ / (vᵀv).
    a[k * K + k] = akk - alpha;
    const vv = norm * norm - akk * akk + (akk - alpha) ** 2;
    for (let j = k + 1; j < K; j++) {
      let d = 0;
      for (let i = k; i < m; i++) d += a[i * K + k]! * a[i * K + j]!;
      const f = (2 * d) / vv;
      for (let i = k; i < m; i++) a[i * K + j] = a[i * K + j]! - f * a[i * K + k]!;
    }
    a[k * K + k] = alpha;
    for (let i = k + 1; i < m; i++) a[i * K + k] = 0;
  }
}
