/**
 * The spatial axes a filter layer acts on (heat-filter.ts, heat-derivative-filter.ts): one or two
 * finite lengths > 0 and one boundary condition per axis (default periodic). Conventions:
 * docs/gsnn.md.
 */
import { BOUNDARY_CONDITIONS, InvalidArgumentError, type BoundaryCondition } from "../core/index.js";

/** The layer's boundary conditions, after checking `lengths` and `bc`; a tagged error names the bad one. */
export function filterAxes(lengths: unknown, bc: unknown): BoundaryCondition[] {
  const d = Array.isArray(lengths) ? lengths.length : 0;
  if (d < 1 || d > 2 || (lengths as number[]).some((L) => !(L > 0) || !Number.isFinite(L)))
    throw new InvalidArgumentError("lengths", lengths, "must be 1 or 2 finite numbers > 0 (one per spatial axis)");
  const out = bc ?? new Array<BoundaryCondition>(d).fill("periodic");
  if (!Array.isArray(out) || out.length !== d || out.some((b) => !BOUNDARY_CONDITIONS.includes(b)))
    throw new InvalidArgumentError("bc", bc, `must give one of ${BOUNDARY_CONDITIONS.join(", ")} per axis (${d})`);
  return out as BoundaryCondition[];
}
