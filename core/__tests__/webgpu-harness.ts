/**
 * Running WebGPU in tests. CI machines have no GPU: Debian's chromium ships SwiftShader (a CPU
 * Vulkan driver) with its own libvulkan.so.1, which Dawn can use when VK_ICD_FILENAMES points at
 * its ICD file and LD_LIBRARY_PATH at its folder. The dynamic linker reads LD_LIBRARY_PATH at
 * process start, so WebGPU work runs in a child process started with that environment.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** The SwiftShader ICD shipped with chromium, or null. */
export function swiftShaderIcd(): string | null {
  const known = "/usr/lib/chromium/vk_swiftshader_icd.json";
  if (fs.existsSync(known)) return known;
  const r = spawnSync("dpkg", ["-L", "chromium"], { encoding: "utf8" });
  const hit = r.status === 0 ? r.stdout.split("\n").find((l) => l.endsWith("vk_swiftshader_icd.json")) : undefined;
  return hit && fs.existsSync(hit) ? hit : null;
}

/** Environment for a child that should see a WebGPU adapter: SwiftShader's when there is one. */
export function webgpuEnv(): Record<string, string> {
  const icd = swiftShaderIcd();
  if (!icd) return {};
  const dir = path.dirname(icd);
  return { VK_ICD_FILENAMES: icd, LD_LIBRARY_PATH: [dir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":") };
}

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The last stdout line that parses as JSON. */
  json: unknown;
}

/** Run a TypeScript file with tsx in a child process with the WebGPU environment. */
export function runWebGpuChild(file: string, args: string[] = [], env: Record<string, string> = {}): ChildResult {
  const r = spawnSync(process.execPath, ["--import", "tsx", file, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...webgpuEnv(), ...env },
    encoding: "utf8",
    timeout: 900_000,
  });
  let json: unknown = null;
  for (const line of r.stdout.split("\n").reverse()) {
    try {
      json = JSON.parse(line);
      break;
    } catch {
      // not the result line
    }
  }
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

/**
 * Whether a WebGPU adapter (SwiftShader or a GPU) is reachable; when not, tests skip with the
 * reason. Probed once per test file in a child process.
 */
export function webgpuAvailability(): { ok: true } | { ok: false; reason: string } {
  const r = runWebGpuChild(path.join(import.meta.dirname, "webgpu-probe-child.ts"));
  const j = r.json as { ok?: boolean; reason?: string } | null;
  if (j?.ok) return { ok: true };
  return { ok: false, reason: `no WebGPU adapter (neither chromium's SwiftShader nor a GPU): ${j?.reason ?? r.stderr.trim().split("\n").pop()}` };
}
