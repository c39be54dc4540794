import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pdesInProcess } from "../../scripts/__tests__/cli-in-process.js";
import { findChromium, loadPage } from "./report-chromium.js";
import { figureSvg, lineMarks, symbolLabels, texts } from "./svg-inspect.js";

const root = new URL("../../", import.meta.url).pathname;
// The run's transpiled copy of the CLI (__tests__/cli-build.ts), else the checkout's bin.
const PDES = process.env.PDES_TEST_CLI || join(root, "bin/pdes.js");
const dir = mkdtempSync(join(tmpdir(), "pdes-quickstart-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdes(args: string[]) {
  return spawnSync(process.execPath, [PDES, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, PDES_BACKEND: "" } });
}

describe("pdes quickstart (reduced)", () => {
  it("generates, trains, evaluates, prints the table and writes the report; --force replaces an earlier quickstart's output", () => {
    // --out holds only what a quickstart writes (a stale report and figures/): --force replaces it.
    const out = join(dir, "qs");
    mkdirSync(join(out, "figures"), { recursive: true });
    writeFileSync(join(out, "report.md"), "stale");
    writeFileSync(join(out, "figures", "stale.svg"), "<svg/>");
    const r = pdes(["quickstart", "--out", out, "--force", "--n-train", "24", "--n-test", "8", "--resolution", "32", "--epochs", "2", "--backend", "cpu"]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, "report.md"), "utf8")).toContain("# Surrogate comparison");
    expect(existsSync(join(out, "figures", "stale.svg"))).toBe(false);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^dataset\s+model\s+params\s+n_train/);
    const rows = lines.filter((l) => /^(heat1d|poisson1d)\s/.test(l)).map((l) => l.trim().split(/\s{2,}/));
    const models = new Set(rows.map((c) => c[1]));
    // Every model that ran has one row per problem and training-set size; the rest are reported as skipped.
    for (const m of models) expect(rows.filter((c) => c[1] === m).map((c) => `${c[0]} ${c[3]}`).sort()).toEqual(["heat1d 12", "heat1d 24", "heat1d 6", "poisson1d 12", "poisson1d 24", "poisson1d 6"]);
    for (const m of ["gsnn", "fno", "ridge"]) {
      if (!models.has(m)) expect(r.stdout).toMatch(new RegExp(`skipped: .*model ${m} \\(not in this build\\)`));
    }
    // Heat and Poisson are linear: closed-form ridge on 24 samples of 32 points is accurate.
    const ridge = rows.filter((c) => c[1] === "ridge" && c[3] === "24");
    expect(ridge.length).toBe(2);
    for (const c of ridge) expect(Number(c[5])).toBeLessThan(1e-2);
    expect(r.stdout).toMatch(/budget: every gradient-trained model gets 2 epochs/);
    for (const f of ["report.html", "report.md", "compare.json"]) expect(existsSync(join(out, f))).toBe(true);
    expect(readdirSync(join(out, "figures"))).toContain("learning-curves.svg");
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html).toContain("poisson1d");
    const cmp = JSON.parse(readFileSync(join(out, "compare.json"), "utf8")) as { rows: unknown[]; spec: { nTrain: number[] } };
    expect(cmp.rows.length).toBe(rows.length);
    // --n-train 24: three sizes, so the learning curves are curves.
    expect(cmp.spec.nTrain).toEqual([6, 12, 24]);
    expect(rows.length).toBe(models.size * 2 * 3);
    for (const f of ["learning-curves", "heat1d-samples", "heat1d-cost-vs-error", "heat1d-error-spectrum", "poisson1d-samples", "poisson1d-cost-vs-error"])
      expect(readdirSync(join(out, "figures"))).toContain(`${f}.svg`);
  });

  // Refusals before any work: the CLI's main() in this process (docs/testing.md §Error paths in process).
  it("refuses a non-empty --out with exit 2 and the way out; --force replaces nothing a quickstart did not write", async () => {
    const pdesHere = async (args: string[]) => {
      const r = await pdesInProcess(args);
      return { status: r.code, stderr: r.stderr };
    };
    const r = await pdesHere(["quickstart", "--out", root, "--epochs", "1"]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/pdes: error: --out exists and is not empty: pass another --out, or --force to replace an earlier quickstart's output/);
    const forced = await pdesHere(["quickstart", "--out", root, "--force", "--epochs", "1"]);
    expect(forced.status).toBe(2);
    expect(forced.stderr).toMatch(/which a quickstart did not write/);
    expect(existsSync(join(root, "package.json"))).toBe(true);
    // A directory with only a quickstart's files is replaced: the first test's run does so.
    const bad = await pdesHere(["quickstart", "--out", join(dir, "x"), "--n-train", "0"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--n-train must be an integer >= 1, got "0"/);
  });
});

const chromium = findChromium();
if (!chromium) console.warn("quickstart.e2e: no chromium found (apt-get install -y chromium, or set PDES_CHROMIUM): skipping the headless-browser check");

describe.skipIf(!chromium)("the quickstart report in headless Chromium", () => {
  it("loads without console errors and shows field plots, multi-point learning curves and solver points", () => {
    const html = join(dir, "qs", "report.html");
    expect(existsSync(html)).toBe(true);
    const page = loadPage(chromium!, html);
    expect(page.consoleLines).toEqual([]);
    const dom = page.dom;
    const models = [...new Set(lineMarks(figureSvg(dom, "learning-curves")).map((l) => /model: (\w+)/.exec(l.label)?.[1]))];
    expect(models.length).toBeGreaterThanOrEqual(1);
    // Learning curves: per model and problem one line through the 3 sizes.
    const curves = lineMarks(figureSvg(dom, "learning-curves"));
    expect(curves).toHaveLength(models.length * 2);
    for (const c of curves) expect(c.vertices).toBe(3);
    for (const p of ["heat1d", "poisson1d"]) {
      // Field plots: truth and every model over the 32 grid points, and every model's error.
      const fields = lineMarks(figureSvg(dom, `${p}-samples`));
      expect(fields.length).toBe(3 * (1 + 2 * models.length));
      for (const f of fields) expect(f.vertices).toBe(32);
      // Cost vs error: the solver settings as points beside the surrogates.
      const cost = figureSvg(dom, `${p}-cost-vs-error`);
      const pts = symbolLabels(cost);
      expect(pts.filter((l) => /label: solver: /.test(l)).length, p).toBeGreaterThanOrEqual(4);
      for (const m of models) expect(pts.filter((l) => l.includes(`label: ${m};`))).toHaveLength(1);
      expect(texts(cost, "role-legend-label").filter((l) => l.startsWith("solver: ")).length).toBeGreaterThanOrEqual(4);
      expect(lineMarks(figureSvg(dom, `${p}-error-spectrum`))).toHaveLength(models.length);
    }
  });
});
