/** Parameter resolution shared by the problems: defaults, type checks, choices, unknown names. */
import { InvalidArgumentError } from "../../core/index.js";
import type { ParamDoc, ParamValues } from "../problem.js";

/** Fill defaults and validate `given` against `docs`; unknown names are an error. */
export function resolveParams(problem: string, docs: readonly ParamDoc[], given: Readonly<Record<string, unknown>>): ParamValues {
  const out: Record<string, number | string> = {};
  for (const name of Object.keys(given)) {
    if (given[name] !== undefined && !docs.some((d) => d.name === name))
      throw new InvalidArgumentError(name, given[name], `is not a parameter of ${problem} (it has: ${docs.map((d) => d.name).join(", ")})`);
  }
  for (const d of docs) {
    const v = given[d.name] ?? d.default;
    if (d.kind === "string") {
      if (typeof v !== "string" || (d.choices && !d.choices.includes(v)))
        throw new InvalidArgumentError(d.name, v, d.choices ? `must be one of ${d.choices.join(", ")}` : "must be a string");
      out[d.name] = v;
    } else {
      const x = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
      if (typeof x !== "number" || !Number.isFinite(x)) throw new InvalidArgumentError(d.name, v, "must be a finite number");
      if (d.kind === "integer" && !Number.isInteger(x)) throw new InvalidArgumentError(d.name, v, "must be an integer");
      out[d.name] = x;
    }
  }
  return out;
}

/** The GRF parameters every problem's random input takes. */
export const GRF_PARAMS: readonly ParamDoc[] = [
  { name: "alpha", kind: "number", default: 2, doc: "GRF smoothness α in N(0, σ²(−Δ+τ²I)^(−α)); must exceed d/2" },
  { name: "tau", kind: "number", default: 3, doc: "GRF inverse length scale τ" },
  { name: "sigma", kind: "number", default: 0, doc: "GRF amplitude σ; 0 means the FNO default τ^(α−d/2)" },
];

export function requireRange(name: string, v: number, lo: number, hi = Infinity): number {
  if (!(v >= lo && v <= hi)) throw new InvalidArgumentError(name, v, hi === Infinity ? `must be >= ${lo}` : `must be in [${lo}, ${hi}]`);
  return v;
}
