// Runs the README's library example as written (with the package name pointed at this checkout)
// in a scratch directory, then checks that the surrogate it trains agrees with the solver.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function readmeExample(): string {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const section = readme.split("## Library in a few lines")[1];
  const m = section?.match(/```ts\n([\s\S]*?)```/);
  if (!m) throw new Error("README has no ts block under 'Library in a few lines'");
  return m[1]!;
}

describe("README library example", () => {
  it("runs and the trained surrogate matches the spectral solver", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdes-readme-"));
    try {
      const code =
        readmeExample().replace(/from "pde-surrogates"/g, `from ${JSON.stringify(pathToFileURL(path.join(root, "index.ts")).href)}`) +
        `
let num = 0, den = 0;
for (let i = 0; i < ref.data.length; i++) { num += (u.data[i]! - ref.data[i]!) ** 2; den += ref.data[i]! ** 2; }
console.log(JSON.stringify({ relL2: Math.sqrt(num / den), n: ref.data.length, kind: s.kind }));
`;
      fs.writeFileSync(path.join(dir, "example.mts"), code);
      const r = spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "example.mts"], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, PDES_BACKEND: "wasm" },
      });
      expect(r.status, r.stderr).toBe(0);
      const last = r.stdout.trim().split("\n").pop()!;
      const out = JSON.parse(last) as { relL2: number; n: number; kind: string };
      expect(out.kind).toBe("gsnn");
      expect(out.n).toBe(64);
      expect(out.relL2).toBeLessThan(1e-3);
      expect(fs.existsSync(path.join(dir, "runs/heat/model.json"))).toBe(true);
      expect(fs.existsSync(path.join(dir, "data/heat/.pdes/COMPLETE"))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
