// The layer picture of docs/architecture.md, enforced: no area imports one it may not, solvers
// and datasets import no tfjs, and an import into another area goes through its entry file.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { areaOf, checkImport, importsOf, sourceFiles, type Violation } from "./dependency-rules.js";

const ROOT = path.resolve(import.meta.dirname, "..");

describe("dependency rules", () => {
  it("the checker refuses what the rules forbid and allows what they allow", () => {
    const bad: Array<[string, string]> = [
      ["datasets/pipeline.ts", "@tensorflow/tfjs"],
      ["solvers/heat.ts", "@tensorflow/tfjs-core"],
      ["operators/layers/moments.ts", "../../surrogates/index.js"],
      ["operators/spectral/filter.ts", "../fno/index.js"],
      ["gsnn/gsnn.ts", "../operators/baselines.js"],
      ["gsnn/gsnn.ts", "../operators/fno/build-fno.js"],
      ["surrogates/surrogate.ts", "../scripts/main.js"],
      ["bench/models.ts", "../scripts/commands/compare.js"],
      ["datasets/grf.ts", "../operators/index.js"],
      ["surrogates/training/data.ts", "../../datasets/pipeline.js"],
      ["scripts/commands/train.ts", "../../surrogates/training/index.js"],
      ["operators/fno/build-fno.ts", "../rbf/index.js"],
      ["core/grid.ts", "../solvers/index.js"],
    ];
    for (const [file, spec] of bad) expect(checkImport(file, spec), `${file} → ${spec}`).not.toBeNull();
    const good: Array<[string, string]> = [
      ["datasets/pipeline.ts", "../core/index.js"],
      ["datasets/problems.ts", "../solvers/index.js"],
      ["gsnn/gsnn.ts", "../operators/index.js"],
      ["operators/fno/dft-basis.ts", "../spectral/basis.js"],
      ["surrogates/training/train-setup.ts", "../model-registry.js"],
      ["surrogates/model-registry.ts", "../operators/baselines.js"],
      ["scripts/commands/train.ts", "../../surrogates/index.js"],
      ["bench/models.ts", "../__tests__/python.js"],
      ["operators/fno/build-fno.ts", "@tensorflow/tfjs"],
    ];
    for (const [file, spec] of good) expect(checkImport(file, spec), `${file} → ${spec}`).toBeNull();
    expect(areaOf("operators/rbf/build-rbf.ts")).toBe("baselines");
    expect(areaOf("operators/layers/moments.ts")).toBe("operators");
    expect(areaOf("datasets/__tests__/pipeline.test.ts")).toBeNull();
    expect(checkImport("datasets/pipeline.ts", "./__tests__/pipeline.test.js")).not.toBeNull();
    expect(importsOf('import type { A } from "./a.js";\nexport * from "./b.js";\nconst m = await import("./c.js");')).toEqual(["./a.js", "./b.js", "./c.js"]);
  });

  it("the repository follows them", () => {
    const files = sourceFiles(ROOT).filter((f) => areaOf(f) !== null);
    expect(files.length).toBeGreaterThan(100);
    const violations: Violation[] = [];
    for (const f of files)
      for (const spec of importsOf(fs.readFileSync(path.join(ROOT, f), "utf8"))) {
        const v = checkImport(f, spec);
        if (v) violations.push(v);
      }
    expect(violations.map((v) => `${v.file}: ${v.specifier} (${v.why})`)).toEqual([]);
  });
});
