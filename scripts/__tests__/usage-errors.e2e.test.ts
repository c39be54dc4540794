// Commander usage errors are one line on stderr and exit 2, in the project's error style
// (docs/safety.md §Usage errors): every kind in-process through main(), and the two
// reproductions plus --version in a subprocess. Work: parsing only, nothing runs (four node
// start-ups and one in-process load of the generate, verify and bench modules).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../main.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** main(argv) with stdout and stderr captured. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    vi.restoreAllMocks();
  }
}

afterEach(() => vi.restoreAllMocks());

const gen = ["generate", "heat1d", "--n", "4", "--seed", "1", "--out", "unused-store"];

describe("usage errors: one line, exit 2, naming the help to read", () => {
  const cases: Array<[string, string[], RegExp]> = [
    ["unknown command", ["nosuch"], /^pdes: error: unknown command 'nosuch' \(see `pdes --help`\)$/],
    ["unknown command with a suggestion", ["trian"], /^pdes: error: unknown command 'trian'; did you mean train\? \(see `pdes --help`\)$/],
    ["`pdes help` of an unknown command", ["help", "nosuch"], /^pdes: error: unknown command 'nosuch' \(see `pdes --help`\)$/],
    ["no command", [], /^pdes: error: missing command \(see `pdes --help`\)$/],
    ["missing subcommand", ["bench"], /^pdes: error: missing command \(see `pdes bench --help`\)$/],
    ["unknown top-level option", ["--bogus"], /^pdes: error: unknown option '--bogus' \(see `pdes --help`\)$/],
    ["unknown option", [...gen, "--bogus"], /^pdes: error: unknown option '--bogus' \(see `pdes generate --help`\)$/],
    ["missing required option", ["generate", "heat1d"], /^pdes: error: required option '--n <count>' not specified \(see `pdes generate --help`\)$/],
    ["option without its value", ["generate", "heat1d", "--n"], /^pdes: error: option '--n <count>' argument missing \(see `pdes generate --help`\)$/],
    ["missing argument", gen.filter((a) => a !== "heat1d"), /^pdes: error: missing required argument 'problem' \(see `pdes generate --help`\)$/],
    ["bad choice", [...gen, "--dtype", "float16"], /^pdes: error: option '--dtype <type>' argument 'float16' is invalid\. Allowed choices are float32, float64\. \(see `pdes generate --help`\)$/],
    ["too many arguments", ["verify", "a", "b"], /^pdes: error: too many arguments for 'verify'\. Expected 1 argument but got 2\. \(see `pdes verify --help`\)$/],
  ];
  for (const [kind, argv, line] of cases)
    it(kind, async () => {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err.endsWith("\n")).toBe(true);
      const lines = r.err.slice(0, -1).split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(line);
    });

  it("help is not an error: `--help`, `help <cmd>` and `<cmd> --help` print to stdout and exit 0", async () => {
    for (const argv of [["--help"], ["help", "verify"], ["verify", "--help"]]) {
      const r = await run(argv);
      expect(r.code, argv.join(" ")).toBe(0);
      expect(r.err).toBe("");
      expect(r.out).toMatch(/^Usage: pdes/);
    }
  });
});

describe("in a subprocess", () => {
  // The run's transpiled copy of the CLI (__tests__/cli-build.ts), else the checkout's bin.
  const bin = process.env.PDES_TEST_CLI || path.join(root, "bin/pdes.js");
  const pdes = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });

  it("the issue's reproductions print exactly one line and exit 2; --version exits 0", () => {
    const missing = pdes(["generate", "heat1d"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("pdes: error: required option '--n <count>' not specified (see `pdes generate --help`)\n");
    const unknown = pdes(["nosuch"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe("pdes: error: unknown command 'nosuch' (see `pdes --help`)\n");
    const version = pdes(["--version"]);
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(version.stderr).toBe("");
  });
});
