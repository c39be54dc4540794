/** The problem registry: name → definition. Add a problem by adding it to PROBLEMS. */
import { InvalidArgumentError } from "../../core/index.js";
import type { ProblemDef } from "../problem.js";
import { burgers1d } from "./burgers.js";
import { darcy2d } from "./darcy.js";
import { heat1d, heat2d } from "./heat.js";
import { poisson1d, poisson2d } from "./poisson.js";
import { reactiondiffusion1d } from "./reaction-diffusion.js";

export const PROBLEMS: ReadonlyMap<string, ProblemDef> = new Map([heat1d, heat2d, poisson1d, poisson2d, darcy2d, burgers1d, reactiondiffusion1d].map((p) => [p.name, p]));

export function getProblem(name: string): ProblemDef {
  const p = PROBLEMS.get(name);
  if (!p) throw new InvalidArgumentError("problem", name, `must be one of ${[...PROBLEMS.keys()].join(", ")}`);
  return p;
}

export function problemNames(): string[] {
  return [...PROBLEMS.keys()];
}
