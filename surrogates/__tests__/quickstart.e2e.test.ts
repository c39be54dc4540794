import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "pdes-quickstart-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdes(args: string[]) {
  return spawnSync(process.execPath, [join(root, "bin/pdes.js"), ...args], { cwd: root, encoding: "utf8", timeout: 600_000, env: { ...process.env, PDES_BACKEND: "" } });
}

describe("pdes quickstart (reduced)", () => {
  it("generates, trains, evaluates, prints the table and writes the report", () => {
    const out = join(dir, "qs");
    const r = pdes(["quickstart", "--out", out, "--n-train", "24", "--n-test", "8", "--resolution", "32", "--epochs", "2", "--backend", "cpu"]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^dataset\s+model\s+params\s+n_train/);
    const rows = lines.filter((l) => /^(heat1d|poisson1d)\s/.test(l)).map((l) => l.trim().split(/\s{2,}/));
    const models = new Set(rows.map((c) => c[1]));
    // Every model that ran has one row per problem; the rest are reported as skipped.
    for (const m of models) expect(rows.filter((c) => c[1] === m).map((c) => c[0]).sort()).toEqual(["heat1d", "poisson1d"]);
    for (const m of ["gsnn", "fno", "ridge"]) {
      if (!models.has(m)) expect(r.stdout).toMatch(new RegExp(`skipped: .*model ${m} \\(not in this build\\)`));
    }
    // Heat and Poisson are linear: closed-form ridge on 24 samples of 32 points is accurate.
    const ridge = rows.filter((c) => c[1] === "ridge");
    expect(ridge.length).toBe(2);
    for (const c of ridge) expect(Number(c[5])).toBeLessThan(1e-2);
    expect(r.stdout).toMatch(/budget: every gradient-trained model gets 2 epochs/);
    for (const f of ["report.html", "report.md", "compare.json"]) expect(existsSync(join(out, f))).toBe(true);
    expect(readdirSync(join(out, "figures"))).toContain("learning-curves.svg");
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html).toContain("poisson1d");
    const cmp = JSON.parse(readFileSync(join(out, "compare.json"), "utf8")) as { rows: unknown[] };
    expect(cmp.rows.length).toBe(rows.length);
  });

  it("refuses a non-empty output directory with a one-line error and exit 2", () => {
    const r = pdes(["quickstart", "--out", root, "--epochs", "1"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/pdes: error: .*output directory exists and is not empty/);
    const bad = pdes(["quickstart", "--out", join(dir, "x"), "--n-train", "0"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--n-train must be an integer >= 1, got "0"/);
  });
});
