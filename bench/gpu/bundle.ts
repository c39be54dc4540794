/**
 * `npm run bench:gpu-bundle`: build `.gpu/`, everything the GPU bench needs on a bare GPU
 * machine with no network and no Node (docs/gpu.md §GPU bench):
 *
 *   .gpu/bench.mjs         bench/gpu/entry.ts and the whole library in one esbuild bundle
 *   .gpu/node_modules/webgpu/{index.js,package.json,dist/linux-x64/dawn.node}   Dawn
 *   .gpu/debs/*.deb        Vulkan loader + glvnd (`apt-get download`), unpacked there if missing
 *   .gpu/node.xz           this Node binary, xz-compressed (python's lzma unpacks it)
 *   .gpu/torch-cuda.py     the PyTorch reference of the same shapes
 *   .gpu/run.sh            the one command to run there: `bash .gpu/run.sh`
 *
 * The folder stays out of git (.gitignore) and must stay under 64 MiB.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const OUT = path.join(ROOT, ".gpu");
const LIMIT = 64 * 1024 * 1024;
const DEBS = ["libvulkan1", "libglvnd0", "libglx0", "libegl1", "libgl1", "libopengl0", "libgles2"];

function sh(cmd: string, args: string[], cwd = ROOT): void {
  execFileSync(cmd, args, { cwd, stdio: "inherit" });
}

function size(p: string): number {
  const st = fs.statSync(p);
  return st.isDirectory() ? fs.readdirSync(p).reduce((s, f) => s + size(path.join(p, f)), 0) : st.size;
}

export async function run(args: string[] = []): Promise<void> {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(path.join(OUT, "debs"), { recursive: true });

  // One copy of tfjs-core (module fields first), so every backend registers in one engine.
  sh(path.join(ROOT, "node_modules/.bin/esbuild"), [
    "bench/gpu/entry.ts",
    "--bundle",
    "--platform=node",
    "--format=esm",
    "--target=node20",
    "--main-fields=module,main",
    "--external:webgpu",
    "--external:@tensorflow/tfjs-node",
    "--external:@tensorflow/tfjs-node-gpu",
    "--log-level=warning",
    `--outfile=${path.join(OUT, "bench.mjs")}`,
    "--banner:js=import { createRequire as __pdesCreateRequire } from 'module'; const require = __pdesCreateRequire(import.meta.url);",
  ]);

  const dawn = path.join(ROOT, "node_modules/webgpu");
  const dst = path.join(OUT, "node_modules/webgpu");
  fs.mkdirSync(path.join(dst, "dist/linux-x64"), { recursive: true });
  for (const f of ["index.js", "package.json", "dist/linux-x64/dawn.node"]) fs.copyFileSync(path.join(dawn, f), path.join(dst, f));

  fs.copyFileSync(path.join(ROOT, "bench/gpu/torch-cuda.py"), path.join(OUT, "torch-cuda.py"));
  fs.copyFileSync(path.join(ROOT, "bench/gpu/run.sh"), path.join(OUT, "run.sh"));
  fs.chmodSync(path.join(OUT, "run.sh"), 0o755);

  if (!args.includes("--no-debs")) {
    const r = spawnSync("apt-get", ["download", ...DEBS], { cwd: path.join(OUT, "debs"), stdio: "inherit" });
    if (r.status !== 0) throw new Error("apt-get download failed (run `apt-get update` first, or pass --no-debs if the GPU machine has libvulkan1)");
  }
  if (!args.includes("--no-node")) {
    const xz = spawnSync("xz", ["-T2", "-6", "-c", process.execPath], { maxBuffer: 1 << 30 });
    if (xz.status !== 0) throw new Error(`xz failed: ${xz.stderr.toString()}`);
    fs.writeFileSync(path.join(OUT, "node.xz"), xz.stdout);
  }
  const total = size(OUT);
  process.stdout.write(`.gpu/: ${(total / 1024 / 1024).toFixed(1)} MiB (limit 64 MiB)\n`);
  if (total > LIMIT) throw new Error(`.gpu/ is ${(total / 1024 / 1024).toFixed(1)} MiB, over the 64 MiB limit`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await run(process.argv.slice(2));
