/**
 * Per-axis geometry the metrics need (docs/conventions.md §Grids): boundary condition, point
 * layout, domain length, spacing h and the distance from the end points to the boundary.
 * Validated through core's makeGrid, so a bad bc or a layout the bc does not admit is the same
 * tagged error as anywhere else.
 */
import { axisLayout, boundaryGaps, gridSpacing, makeGrid, type BoundaryCondition, type PointLayout } from "../../core/index.js";

export interface MetricAxis {
  readonly bc: BoundaryCondition;
  readonly layout: PointLayout;
  readonly length: number;
  readonly h: number;
  /** Distance from the first stored point to x = 0 and from the last to x = L (0: stored). */
  readonly gaps: readonly [number, number];
}

export interface MetricGeometry {
  /** Default 1 per axis. */
  lengths?: readonly number[];
  /** Default periodic per axis. */
  bc?: readonly BoundaryCondition[];
  /** Default: each bc's default layout. */
  layout?: readonly PointLayout[];
}

export function metricAxes(spatial: readonly number[], g: MetricGeometry = {}): MetricAxis[] {
  const grid = makeGrid({
    shape: spatial,
    lengths: g.lengths ?? 1,
    bc: g.bc ?? "periodic",
    ...(g.layout ? { layout: g.layout } : {}),
  });
  return spatial.map((_, a) => ({
    bc: grid.bc[a]!,
    layout: axisLayout(grid, a),
    length: grid.lengths[a]!,
    h: gridSpacing(grid, a),
    gaps: boundaryGaps(grid, a),
  }));
}
