/**
 * Where a 2-D Dirichlet model's test error sits (gsnn-nonlinear --error-split; the darcy2d
 * diagnosis of docs/gsnn-claims.md §darcy2d): the share of the error energy Σ(p − y)² on the
 * points next to the walls, on the points next to a jump of the coefficient, and in bands of
 * the error's sine spectrum, each beside the share of points (or of the target's energy) the
 * set holds, so a share far above its set's own share locates the error.
 */

/** DST-I coefficients (unnormalised, Σ_j v_j sin(π(i+1)(j+1)/(n+1))) of each row of an n×n field, along both axes. */
function dst2(v: Float64Array, n: number, sin: Float64Array): Float64Array {
  const t = new Float64Array(n * n);
  const out = new Float64Array(n * n);
  for (let r = 0; r < n; r++)
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += v[r * n + j]! * sin[i * n + j]!;
      t[r * n + i] = s;
    }
  for (let c = 0; c < n; c++)
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += t[j * n + c]! * sin[i * n + j]!;
      out[i * n + c] = s;
    }
  return out;
}

/** Mode bands by max(m1, m2) (1-based sine mode numbers). */
const BANDS = [2, 4, 8, 16, Infinity];

export interface ErrorSplit {
  wall: { error: number; points: number };
  jump: { error: number; points: number };
  bands: { upTo: number; error: number; target: number }[];
  /** Share of the error energy left after rescaling each prediction by its best scalar ⟨p, y⟩/⟨p, p⟩. */
  afterScale: number;
}

/**
 * p, y `[N, n, n]` (one output channel) and the coefficient a `[N, n, n]` (one input channel);
 * `wallWidth` points on each side make the wall band.
 */
export function errorSplit(p: Float32Array, y: Float32Array, a: Float32Array, n: number, wallWidth = 2): ErrorSplit {
  const N = y.length / (n * n);
  const sin = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sin[i * n + j] = Math.sin((Math.PI * (i + 1) * (j + 1)) / (n + 1));
  let total = 0;
  let wall = 0;
  let jump = 0;
  let wallPts = 0;
  let jumpPts = 0;
  const bandErr = new Float64Array(BANDS.length);
  const bandTgt = new Float64Array(BANDS.length);
  let totalTgtSpec = 0;
  let totalErrSpec = 0;
  const e = new Float64Array(n * n);
  const t = new Float64Array(n * n);
  let scaled = 0;
  for (let s = 0; s < N; s++) {
    const o = s * n * n;
    let py = 0;
    let pp = 0;
    for (let q = 0; q < n * n; q++) {
      py += p[o + q]! * y[o + q]!;
      pp += p[o + q]! * p[o + q]!;
    }
    for (let q = 0; q < n * n; q++) scaled += ((py / pp) * p[o + q]! - y[o + q]!) ** 2;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const q = i * n + j;
        const d = p[o + q]! - y[o + q]!;
        e[q] = d;
        t[q] = y[o + q]!;
        total += d * d;
        const nearWall = i < wallWidth || j < wallWidth || i >= n - wallWidth || j >= n - wallWidth;
        if (nearWall) {
          wall += d * d;
          wallPts++;
        }
        const av = a[o + q]!;
        const nearJump =
          (i > 0 && a[o + q - n] !== av) || (i < n - 1 && a[o + q + n] !== av) || (j > 0 && a[o + q - 1] !== av) || (j < n - 1 && a[o + q + 1] !== av);
        if (nearJump) {
          jump += d * d;
          jumpPts++;
        }
      }
    const se = dst2(e, n, sin);
    const st = dst2(t, n, sin);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const m = Math.max(i, j) + 1;
        const b = BANDS.findIndex((u) => m <= u);
        const q = i * n + j;
        bandErr[b]! += se[q]! ** 2;
        bandTgt[b]! += st[q]! ** 2;
        totalErrSpec += se[q]! ** 2;
        totalTgtSpec += st[q]! ** 2;
      }
  }
  const pts = N * n * n;
  return {
    wall: { error: wall / total, points: wallPts / pts },
    jump: { error: jump / total, points: jumpPts / pts },
    afterScale: scaled / total,
    bands: BANDS.map((u, b) => ({ upTo: u, error: bandErr[b]! / totalErrSpec, target: bandTgt[b]! / totalTgtSpec })),
  };
}

/** One line: "wall 0.31 (of 0.12 points), jump ..., modes ≤2 0.40 (target 0.98) ...". */
export function formatErrorSplit(s: ErrorSplit): string {
  const f = (v: number) => v.toFixed(3);
  const bands = s.bands.map((b) => `≤${b.upTo === Infinity ? "∞" : b.upTo} ${f(b.error)} (target ${b.target.toExponential(1)})`).join(", ");
  return `error share: wall band ${f(s.wall.error)} (of ${f(s.wall.points)} points), next to a jump of a ${f(s.jump.error)} (of ${f(s.jump.points)} points); by sine mode max(m1,m2): ${bands}; left after a best scale per sample ${f(s.afterScale)}`;
}
