/**
 * Axis and colour conventions shared by every report figure (docs/evaluation.md, "Reports"):
 * log axes get explicit ticks at powers of ten (with 2× and 5× when the data span less than two
 * decades), all labelled in one format, 10⁻³; integer axes (epochs, n_train, wavenumbers) get
 * integer labels; each model keeps one colour across all figures of a report, and solver
 * settings are drawn in muted colours with square markers.
 */

const SUPERSCRIPT: Record<string, string> = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };

/** `10⁻³`, `2×10⁻³`: the one label format of every log axis. */
export function powerLabel(v: number): string {
  const e = Math.floor(Math.log10(v) + 1e-9);
  const m = Math.round(v / 10 ** e);
  const pow = "10" + String(e).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c]!);
  return m === 1 ? pow : `${m}×${pow}`;
}

export interface LogTicks {
  /** Scale domain: the decades (or 2-5 steps) enclosing the data. */
  domain: [number, number];
  values: number[];
}

/**
 * Tick positions for positive data on a log axis (non-positive and non-finite values are
 * ignored): powers of ten (every k-th when there are more than 8 decades); within two decades
 * also 2× and 5×. The domain runs from the last tick at or below the data to the first above.
 */
export function logTicks(data: Iterable<number>): LogTicks {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of data) {
    if (v > 0 && Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (lo === Infinity) return { domain: [0.1, 1], values: [0.1, 1] };
  const e0 = Math.floor(Math.log10(lo) + 1e-9);
  const e1 = Math.max(e0 + 1, Math.ceil(Math.log10(hi) - 1e-9));
  const k = Math.ceil((e1 - e0) / 8);
  const mantissas = e1 - e0 <= 2 ? [1, 2, 5] : [1];
  const candidates: number[] = [];
  for (let e = e0 - (e0 % k === 0 ? 0 : ((e0 % k) + k) % k); e <= e1 + k; e += k) for (const m of mantissas) candidates.push(Number((m * 10 ** e).toPrecision(6)));
  let lower = candidates.filter((v) => v <= lo * (1 + 1e-9)).pop() ?? candidates[0]!;
  let upper = candidates.find((v) => v >= hi * (1 - 1e-9)) ?? candidates[candidates.length - 1]!;
  if (lower === upper) {
    // All data on one tick: widen to the neighbouring ticks.
    const i = candidates.indexOf(lower);
    lower = i > 0 ? candidates[i - 1]! : lower / 10;
    upper = candidates[i + 1] ?? upper * 10;
    if (i === 0) candidates.unshift(lower);
  }
  return { domain: [lower, upper], values: candidates.filter((v) => v >= lower && v <= upper) };
}

/** vega expression mapping each tick value to its label (exact values: the ticks are ours). */
function labelExpr(values: readonly number[], label: (v: number) => string): string {
  return values.reduceRight((acc, v) => `abs(datum.value - ${v}) <= ${Math.abs(v) * 1e-9} ? '${label(v)}' : ${acc}`, "''");
}

/** `scale` and `axis` of a log position channel over these data. */
export function logAxis(data: Iterable<number>, title: string): { scale: { type: "log"; domain: [number, number]; nice: false }; axis: Record<string, unknown>; title: string } {
  const v = [...data].filter((x) => x > 0 && Number.isFinite(x));
  const t = logTicks(v);
  // Markers on the frame get cut and collide with the other axis: keep a margin of a factor
  // 1.4 around the data. nice: false, or vega rounds the domain out past the end ticks.
  const lo = Math.min(t.domain[0], Math.min(...v) / 1.4);
  const hi = Math.max(t.domain[1], Math.max(...v) * 1.4);
  return { scale: { type: "log", domain: v.length ? [lo, hi] : t.domain, nice: false }, axis: { values: t.values, labelExpr: labelExpr(t.values, powerLabel), grid: true }, title };
}

/** A log axis whose ticks are exactly the given values, labelled as integers (n_train). */
export function logIntegerAxis(values: Iterable<number>, title: string): { scale: { type: "log"; domain: [number, number] }; axis: Record<string, unknown>; title: string } {
  const v = [...new Set(values)].sort((a, b) => a - b);
  const lo = v[0] ?? 1;
  const hi = v[v.length - 1] ?? 10;
  // A little room either side, so end markers are not cut by the frame.
  return { scale: { type: "log", domain: [lo / 1.25, hi * 1.25] }, axis: { values: v, format: "d", grid: true }, title };
}

/** Integer-valued linear axis (epochs, wavenumber bins): integer ticks only. */
export function integerAxis(title: string): { axis: Record<string, unknown>; title: string } {
  return { axis: { format: "d", tickMinStep: 1 }, title };
}

/** Colours of models (category10 order) and of solver settings (muted, distinct from models). */
const MODEL_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#17becf", "#e377c2", "#bcbd22"];
const SOLVER_COLOURS = ["#3a3a3a", "#8c564b", "#a6761d", "#7570b3", "#999999", "#666666", "#c49c94", "#b3b300"];
/** Solver settings differ by marker shape too, so greys and browns are never the only cue. */
const SOLVER_SHAPES = ["square", "diamond", "triangle-up", "triangle-down", "triangle-right", "triangle-left", "cross", "wedge"];

/** A fixed model → colour map for a report, so a model has the same colour in every figure. */
export function modelColours(models: Iterable<string>): { domain: string[]; range: string[] } {
  const domain = [...new Set(models)];
  return { domain, range: domain.map((_, k) => MODEL_COLOURS[k % MODEL_COLOURS.length]!) };
}

export function solverColour(k: number): string {
  return SOLVER_COLOURS[k % SOLVER_COLOURS.length]!;
}

export function solverShape(k: number): string {
  return SOLVER_SHAPES[k % SOLVER_SHAPES.length]!;
}

/** The part of a colour map for the models present (legends list only what is drawn). */
export function coloursFor(colours: { domain: string[]; range: string[] }, present: Iterable<string>): { domain: string[]; range: string[] } {
  const p = new Set(present);
  const domain = colours.domain.filter((m) => p.has(m));
  const extra = [...p].filter((m) => !colours.domain.includes(m));
  const all = modelColours([...colours.domain, ...extra]);
  return { domain: [...domain, ...extra], range: [...domain, ...extra].map((m) => all.range[all.domain.indexOf(m)]!) };
}

/** The canonical model order: as first seen, gsnn first when present (the subject of the study). */
export function modelOrder(models: Iterable<string>): string[] {
  const seen = [...new Set(models)];
  return [...seen.filter((m) => m === "gsnn"), ...seen.filter((m) => m !== "gsnn")];
}
