// A child process that runs the CLI's main() for each argv given (a JSON array of argvs), one
// after the other, each one's exit code, stdout and stderr captured; prints one JSON line. The
// bin does nothing but `process.exitCode = await main(argv)`, so where a test needs several
// commands in a child but not a process each (cli-sequence.ts), they pay one start-up — and on
// webgpu one adapter and one set of shader compiles, tfjs caching a pipeline per process
// (core/__tests__/webgpu-cli.e2e; docs/testing.md §WebGPU children).
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
