// Child of webgpu-cli.e2e.test.ts (WebGPU environment: webgpu-harness.ts): the CLI's main() for
// each argv given (a JSON array of argvs), one after the other in this one process, each one's
// exit code, stdout and stderr captured. `pdes train`, `predict` and `evaluate` on webgpu then pay
// one start-up, one adapter and one set of shader compiles (tfjs caches a pipeline per process)
// instead of three: on SwiftShader most of such a run's CPU (docs/testing.md §WebGPU children).
// The bin does nothing but `process.exitCode = await main(argv)`. Prints one JSON line.
import { main } from "../../scripts/main.js";

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

const argvs = JSON.parse(process.argv[2] ?? "[]") as string[][];
const out: Captured[] = [];
for (const argv of argvs) {
  const [write, writeErr] = [process.stdout.write, process.stderr.write];
  const r: Captured = { code: -1, stdout: "", stderr: "" };
  process.stdout.write = ((s: string | Uint8Array) => ((r.stdout += String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => ((r.stderr += String(s)), true)) as typeof process.stderr.write;
  try {
    r.code = await main(argv);
  } catch (e) {
    r.stderr += `main threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`;
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
  out.push(r);
}
console.log(JSON.stringify(out));
