/**
 * Float64 reference of ColeHopfFilter, independent of the tfjs transforms: plain O(n²) DFT sums
 * on the periodic grid x_j = jL/n, per channel
 *   m = mean(v), I = γ ∂⁻¹(v − m) (modes 0 < |f| < n/2), φ₀ = exp(I − max I),
 *   Q_f = DFT(φ₀)_f · e^{−τ²k²} · e^{−ik s m},  φ = Re IDFT(Q),  ∂φ = Re IDFT(ik Q) (|f| < n/2),
 *   y = m + ∂φ/(γφ),
 * with the Nyquist row of an even n kept by its real part (no odd operator acts on it).
 */

/** y `[B, n, C]` (row-major, channels last) for v `[B, n, C]`, τ `[C]`, s `[C]`, γ `[C]`. */
export function coleHopfReference(
  v: Float64Array,
  B: number,
  n: number,
  C: number,
  L: number,
  tau: ArrayLike<number>,
  shift: ArrayLike<number>,
  gain: ArrayLike<number>,
): Float64Array {
  const y = new Float64Array(B * n * C);
  const half = Math.floor(n / 2);
  const nyq = n % 2 === 0;
  const col = new Float64Array(n);
  for (let b = 0; b < B; b++)
    for (let c = 0; c < C; c++) {
      for (let j = 0; j < n; j++) col[j] = v[(b * n + j) * C + c]!;
      const m = col.reduce((a, q) => a + q, 0) / n;
      // Antiderivative through the modes f = 1 … ⌈n/2⌉ − 1 (and their conjugates).
      const I = new Float64Array(n);
      for (let f = 1; f < (nyq ? half : half + 1); f++) {
        let re = 0;
        let im = 0;
        for (let j = 0; j < n; j++) {
          re += col[j]! * Math.cos((2 * Math.PI * f * j) / n);
          im -= col[j]! * Math.sin((2 * Math.PI * f * j) / n);
        }
        const k = (2 * Math.PI * f) / L;
        // (re + i im)/(ik) = (im − i re)/k; twice the real part of that times e^{iθ_j}, over n.
        for (let j = 0; j < n; j++) {
          const th = (2 * Math.PI * f * j) / n;
          I[j] += (2 * gain[c]! * ((im / k) * Math.cos(th) + (re / k) * Math.sin(th))) / n;
        }
      }
      const top = Math.max(...I);
      const phi0 = Float64Array.from(I, (q) => Math.exp(q - top));
      const phi = new Float64Array(n);
      const dphi = new Float64Array(n);
      for (let f = 0; f <= half; f++) {
        let pr = 0;
        let pi = 0;
        for (let j = 0; j < n; j++) {
          pr += phi0[j]! * Math.cos((2 * Math.PI * f * j) / n);
          pi -= phi0[j]! * Math.sin((2 * Math.PI * f * j) / n);
        }
        const k = (2 * Math.PI * f) / L;
        const g = Math.exp(-tau[c]! * tau[c]! * k * k);
        const th = -k * shift[c]! * m;
        const qr = g * (pr * Math.cos(th) - pi * Math.sin(th));
        const qi = g * (pr * Math.sin(th) + pi * Math.cos(th));
        const edge = f === 0 || (nyq && f === half);
        const w = edge ? 1 : 2;
        for (let j = 0; j < n; j++) {
          const a = (2 * Math.PI * f * j) / n;
          phi[j] += (w * (qr * Math.cos(a) - (edge ? 0 : qi * Math.sin(a)))) / n;
          // ik·Q: (−k qi) + i (k qr).
          if (!edge) dphi[j] += (w * (-k * qi * Math.cos(a) - k * qr * Math.sin(a))) / n;
        }
      }
      for (let j = 0; j < n; j++) y[(b * n + j) * C + c] = m + dphi[j]! / (gain[c]! * phi[j]!);
    }
  return y;
}
