// The `pdes` CLI in a subprocess: lazy start-up (checked on the module graph, not by timing)
// and `pdes predict` on .npy inputs with and without the channel axis.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { makeField } from "../../core/index.js";
import { generateDataset, openDataset } from "../../datasets/index.js";
import { loadSurrogate, parseTrainConfig, readNpy, train, trainingDataFromDataset, writeNpy } from "../../surrogates/index.js";
import { pdesInProcess } from "./cli-in-process.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdes-cli-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * Spawn pdes: the checkout's bin (through tsx) for the start-up checks, which name the sources'
 * modules; the run's transpiled copy (__tests__/cli-build.ts), when there is one, for the rest.
 */
function pdes(args: string[], nodeArgs: string[] = [], env: Record<string, string> = {}, bin = process.env.PDES_TEST_CLI || path.join(root, "bin/pdes.js")) {
  return spawnSync(process.execPath, [...nodeArgs, bin, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, PDES_BACKEND: "cpu", ...env } });
}

/**
 * Run pdes with an ESM resolve hook that logs every module URL the process resolves, and return
 * them. tfjs is imported from ES modules (ours), so importing it shows up here.
 */
function modulesLoadedBy(args: string[], bin = path.join(root, "bin/pdes.js")): { status: number | null; stdout: string; urls: string[] } {
  const log = path.join(dir, `modules-${args.join("-").replace(/[^a-z-]/gi, "")}.log`);
  fs.writeFileSync(path.join(dir, "hooks.mjs"), `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.PDES_MODULE_LOG, r.url + "\\n");
  return r;
}
`);
  fs.writeFileSync(path.join(dir, "register.mjs"), `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(path.join(dir, "hooks.mjs")).href)});\n`);
  const r = pdes(args, ["--import", pathToFileURL(path.join(dir, "register.mjs")).href], { PDES_MODULE_LOG: log }, bin);
  return { status: r.status, stdout: r.stdout, urls: fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean) : [] };
}

describe("start-up", () => {
  it("`pdes --help` loads no command module and not tfjs; `pdes train --help` does (positive control)", () => {
    const help = modulesLoadedBy(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Commands:[\s\S]*quickstart/);
    expect(help.urls.some((u) => u.endsWith("/scripts/main.ts"))).toBe(true);
    expect(help.urls.filter((u) => /@tensorflow|\/scripts\/commands\/(?!index)|\/core\/|\/surrogates\//.test(u))).toEqual([]);
    // The positive control from the run's copy when there is one (a command that loads the
    // library costs 2.5 s of CPU through tsx, 0.5 s from the copy): main.ts above shows that the
    // hook sees what tsx resolves; here, that it sees a command and tfjs when they are loaded.
    // The copy's command modules are chunks of its CLI bundle, named after their source file.
    const copy = process.env.PDES_TEST_CLI;
    const cmd = (name: string) => (copy ? new RegExp(`/chunks/${name}-\\w+\\.js$`) : new RegExp(`/scripts/commands/${name}\\.ts$`));
    const train = modulesLoadedBy(["train", "--help"], copy);
    expect(train.status).toBe(0);
    expect(train.urls.some((u) => cmd("train").test(u))).toBe(true);
    expect(train.urls.some((u) => u.includes("@tensorflow/tfjs"))).toBe(true);
    // Only the command that runs is loaded.
    expect(train.urls.filter((u) => ["generate", "quickstart", "compare"].some((c) => cmd(c).test(u)))).toEqual([]);
  });

  it("commands that run no model (verify, generate) do not load tfjs", () => {
    // From the run's copy when there is one (its tfjs is a file under node_modules/@tensorflow
    // all the same): what is checked is the library's import graph, not tsx's.
    const bin = process.env.PDES_TEST_CLI || path.join(root, "bin/pdes.js");
    const verify = modulesLoadedBy(["verify", path.join(dir, "no-such-store")], bin);
    expect(verify.status).toBe(65);
    expect(verify.urls.some((u) => /\/datasets\/|chunks\//.test(u))).toBe(true);
    const gen = modulesLoadedBy(["generate", "heat1d", "--n", "2", "--seed", "1", "--resolution", "8", "--out", path.join(dir, "gen-no-tf"), "--quiet"], bin);
    expect(gen.status).toBe(0);
    for (const r of [verify, gen]) expect(r.urls.filter((u) => u.includes("@tensorflow"))).toEqual([]);
  });

  it("an unknown command is a usage error (exit 2) naming it", () => {
    const r = pdes(["trian"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'trian'/);
  });
});

// The CLI's main() in this process: reading the .npy and the shape rule are the point, not a
// process (docs/testing.md §Error paths in process; a .npy predicted by a process:
// surrogate.e2e, predict-kill.e2e).
describe("pdes predict on .npy inputs", () => {
  it("a one-channel model takes [N, n] and [n] as well as [N, n, 1]; other shapes get the full expected shape", async () => {
    const data = path.join(dir, "heat");
    await generateDataset({ problem: "heat1d", params: { resolution: 16 }, n: 24, seed: 4, out: data });
    const ds = await openDataset(data);
    const run = path.join(dir, "run");
    await train({ config: parseTrainConfig({ data, out: run, model: "ridge", backend: "cpu" }), data: await trainingDataFromDataset(ds) });
    const x = await ds.read("inputs", 0, 5, "float64");
    const s = await loadSurrogate(run);
    const want = (await s.predict(makeField([5, 16, 1], x))).data;
    s.dispose();
    // [N, n, 1] from a .npy is predict-kill.e2e's input; the shape rule itself is unit-tested
    // (cli.test.ts, modelInputShape).
    const cases: Array<[string, number[], number[]]> = [
      ["n", [5, 16], [5, 16, 1]],
      ["single", [16], [16, 1]],
    ];
    for (const [name, shape, outShape] of cases) {
      const input = path.join(dir, `in-${name}.npy`);
      const out = path.join(dir, `out-${name}.npy`);
      writeNpy(input, makeField(shape, name === "single" ? x.subarray(0, 16) : x));
      const r = await pdesInProcess(["predict", "--run", run, "--input", input, "--out", out, "--backend", "cpu", "--quiet"], dir);
      expect(r.code, r.stderr).toBe(0);
      const got = readNpy(out);
      expect(got.shape).toEqual(outShape);
      // The same samples in the same order: equal to float32 round-off (the CLI run and the
      // library's prediction may run the model on different tfjs backends).
      for (let i = 0; i < got.data.length; i++) expect(got.data[i]).toBeCloseTo(want[i]!, 6);
    }
    const bad = path.join(dir, "bad.npy");
    writeNpy(bad, makeField([2, 5, 16], new Float64Array(160).fill(0.5)));
    // Refused before any work: the CLI's main() in this process (docs/testing.md §Error paths in process).
    const r = await pdesInProcess(["predict", "--run", run, "--input", bad, "--out", path.join(dir, "bad-out.npy"), "--backend", "cpu", "--quiet"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("pdes: error: --input has shape [2, 5, 16], expected [N, 16, 1] or [16, 1] (N samples, channels last; the channel axis may be left out: [N, 16] or [16])");
    expect(fs.existsSync(path.join(dir, "bad-out.npy"))).toBe(false);
  });
});
