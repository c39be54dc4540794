/** One-dimensional minimisation over a log scale (used to find the leading heat time). */

/** Minimises f over log t: scan the bank's times, then golden section between neighbours. */
export function searchTime(f: (t: number) => number, grid: Float64Array): number {
  const logs = Array.from(grid, Math.log).sort((a, b) => a - b);
  const vals = logs.map((l) => f(Math.exp(l)));
  let i = 0;
  for (let j = 1; j < vals.length; j++) if (vals[j]! < vals[i]!) i = j;
  let a = logs[Math.max(0, i - 1)]!;
  let b = logs[Math.min(logs.length - 1, i + 1)]!;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(Math.exp(c));
  let fd = f(Math.exp(d));
  for (let it = 0; it < 40 && b - a > 1e-7; it++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(Math.exp(c));
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(Math.exp(d));
    }
  }
  return Math.exp((a + b) / 2);
}
