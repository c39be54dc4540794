/**
 * `pdes generate` with the nonlinear problems, in a subprocess: a small burgers1d store is
 * generated and is complete; its attributes state the PDE, parameters and time stepping; a bad
 * parameter is one line on stderr, exit 2, nothing written; the help lists the problems and
 * their parameters with units.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pdesInProcess } from "../../scripts/__tests__/cli-in-process.js";

const root = mkdtempSync(join(tmpdir(), "pdes-nonlinear-cli-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function pdes(args: string[]): { status: number | null; stdout: string; stderr: string } {
  // The run's transpiled copy of the CLI (__tests__/cli-build.ts), else the checkout's bin.
  const r = spawnSync(process.execPath, [process.env.PDES_TEST_CLI || "bin/pdes.js", ...args], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function pdesHere(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const r = await pdesInProcess(args);
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

describe("pdes generate burgers1d / reactiondiffusion1d", () => {
  it("generates a complete burgers1d store, with the problem stated in its attributes", () => {
    const out = join(root, "burgers");
    const r = pdes(["generate", "burgers1d", "--n", "3", "--seed", "2", "--out", out, "--resolution", "32", "--fine", "2", "--nu", "0.05", "--quiet"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(existsSync(join(out, ".pdes", "COMPLETE"))).toBe(true);
    const attrs = JSON.parse(readFileSync(join(out, ".zattrs"), "utf8"));
    expect(attrs.problem).toBe("burgers1d");
    expect(attrs.parameters).toMatchObject({ nu: 0.05, time: 1, dt: 0.01, resolution: 32, fine: 2, sigma: 25, tau: 5 });
    expect(attrs.pde).toMatch(/u_t \+ \(u\^2\/2\)_x = nu u_xx with nu = 0.05/);
    expect(attrs.time_stepping).toEqual({ kind: "fixed", steps: 100, dt: 0.01 });
    expect(attrs.solve_grid.shape).toEqual([64]);
  });

  // The refusal and the help run the CLI's main() in this process (docs/testing.md §Error paths
  // in process); the generation starts a process.
  it("a bad parameter: one line on stderr, exit 2, nothing written", async () => {
    const out = join(root, "bad");
    const r = await pdesHere(["generate", "reactiondiffusion1d", "--n", "2", "--seed", "1", "--out", out, "--init", "sine"]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/init must be one of pdebench, grf, got "sine"/);
    expect(existsSync(out)).toBe(false);
  });

  it("the help lists both problems and their parameters with units", async () => {
    const help = await pdesHere(["generate", "--help"]);
    expect(help.status).toBe(0);
    const h = help.stdout.replace(/\s+/g, " ");
    expect(h).toMatch(/burgers1d, reactiondiffusion1d/);
    expect(h).toMatch(/--nu <x> viscosity \(burgers1d\) or diffusion coefficient \(reactiondiffusion1d\) ν, length²\/time/);
    expect(h).toMatch(/--rho <x> reaction rate ρ \(1\/time\)/);
    expect(h).toMatch(/--dt <x> ETDRK4 step \(time units\)/);
    expect(h).toMatch(/--step-tol <x> adaptive ETDRK4 steps/);
    expect(h).toMatch(/--init <name> initial condition: PDEBench's random sines in \[0, 1\], or a GRF rescaled to \[0, 1\]/);
  });
});
