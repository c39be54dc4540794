/**
 * Nelder–Mead minimisation (standard coefficients 1, 2, 1/2, 1/2) for the few kernel
 * hyperparameters; each evaluation costs a Cholesky, so it stops after `maxEvaluations` or when
 * the simplex's values agree to `tolerance`. Non-finite values count as +∞ (rejected points).
 */
export interface NelderMeadResult {
  x: number[];
  value: number;
  evaluations: number;
}

export function nelderMead(f: (x: number[]) => number, x0: readonly number[], step: readonly number[], maxEvaluations = 60, tolerance = 1e-6): NelderMeadResult {
  const n = x0.length;
  let evals = 0;
  const F = (x: number[]) => {
    evals++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let simplex: { x: number[]; v: number }[] = [{ x: [...x0], v: F([...x0]) }];
  for (let i = 0; i < n; i++) {
    const x = [...x0];
    x[i]! += step[i]!;
    simplex.push({ x, v: F(x) });
  }
  const comb = (a: number[], b: number[], t: number) => a.map((ai, i) => ai + t * (b[i]! - ai));
  while (evals < maxEvaluations) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    if (Number.isFinite(worst.v) && Math.abs(worst.v - best.v) <= tolerance * (Math.abs(best.v) + tolerance)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let d = 0; d < n; d++) centroid[d]! += simplex[i]!.x[d]! / n;
    const xr = comb(centroid, worst.x, -1);
    const vr = F(xr);
    if (vr < best.v) {
      const xe = comb(centroid, worst.x, -2);
      const ve = F(xe);
      simplex[n] = ve < vr ? { x: xe, v: ve } : { x: xr, v: vr };
    } else if (vr < simplex[n - 1]!.v) simplex[n] = { x: xr, v: vr };
    else {
      const outside = vr < worst.v;
      const xc = comb(centroid, outside ? xr : worst.x, 0.5);
      const vc = F(xc);
      if (vc < (outside ? vr : worst.v)) simplex[n] = { x: xc, v: vc };
      else simplex = simplex.map((p, i) => (i === 0 ? p : { x: comb(best.x, p.x, 0.5), v: NaN })).map((p) => (Number.isNaN(p.v) ? { x: p.x, v: F(p.x) } : p));
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return { x: simplex[0]!.x, value: simplex[0]!.v, evaluations: evals };
}
