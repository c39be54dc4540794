// Tests bound their work (samples, steps, epochs), not their wall time: on a shared 2-core
// machine a correct test can run many times slower than on a quiet one, so every wall-clock
// limit in the suite (vitest's test and hook timeouts, a per-test or per-hook timeout, a
// spawned process's timeout) is a hang guard of at least 10 minutes.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const GUARD_MS = 600_000;

function testSources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name === "dist" || e.name.startsWith(".")) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...testSources(p));
    else if (e.name.endsWith(".ts") && p.split(path.sep).includes("__tests__")) out.push(p);
  }
  return out;
}

describe("wall-clock limits are hang guards only", () => {
  it("vitest's default test and hook timeouts", () => {
    // Read as text: the config sits outside the areas, so tests do not import it.
    const src = fs.readFileSync(path.join(root, "vitest.config.ts"), "utf8");
    for (const key of ["testTimeout", "hookTimeout"]) {
      const m = src.match(new RegExp(`\\b${key}:\\s*([\\d_]+)`));
      expect(m, `vitest.config.ts sets ${key}`).not.toBeNull();
      expect(Number(m![1]!.replace(/_/g, ""))).toBeGreaterThanOrEqual(GUARD_MS);
    }
  });

  it("no test file sets a shorter timeout on a test, a hook or a spawned process", () => {
    const files = testSources(root);
    expect(files.length).toBeGreaterThan(50);
    const short: string[] = [];
    for (const f of files.filter((x) => x !== fileURLToPath(import.meta.url))) {
      const src = fs.readFileSync(f, "utf8");
      // A spawnSync / vitest `timeout` option, and a number as the last argument of it / beforeAll.
      for (const m of src.matchAll(/\btimeout:\s*([\d_]+)|\},\s*([\d_]{4,})\s*\)/gi)) {
        const ms = Number((m[1] ?? m[2])!.replace(/_/g, ""));
        if (ms < GUARD_MS) short.push(`${path.relative(root, f)}: ${m[0]}`);
      }
    }
    expect(short).toEqual([]);
  });
});
