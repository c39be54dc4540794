/**
 * A report as data: sections of text, tables and figures (vega-lite specs). One document
 * renders to Markdown (figures as linked SVG files) and to one self-contained HTML page
 * (figures inlined), so both always say the same thing.
 */
import type { TopLevelSpec } from "vega-lite";

export type Cell = string | number | null;

export type ReportBlock =
  | { kind: "text"; text: string }
  | { kind: "table"; columns: string[]; rows: Cell[][]; caption?: string }
  | { kind: "figure"; name: string; caption: string; spec: TopLevelSpec };

export interface ReportSection {
  heading: string;
  blocks: ReportBlock[];
}

export interface ReportDocument {
  title: string;
  /** One line under the title (what, when, on which backend). */
  subtitle?: string;
  sections: ReportSection[];
}

/** Numbers in tables: 3 significant digits, exponent notation when very small or large. */
export function formatCell(v: Cell): string {
  if (v === null) return "—";
  if (typeof v === "string") return v;
  if (Number.isNaN(v)) return "—";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return v.toPrecision(3);
}

/** Figure names become file names: keep them to [a-z0-9-]. */
export function figureFileName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") + ".svg";
}
