/**
 * Headless Chromium for the report tests: load a page, return its DOM and the console messages
 * Chromium logs with `--enable-logging=stderr` (lines `INFO:CONSOLE...] "message", source: ...`).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export function findChromium(): string | null {
  const candidates = [process.env.PDES_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
  for (const c of candidates) if (c && existsSync(c)) return c;
  return null;
}

export interface PageLoad {
  dom: string;
  consoleLines: string[];
  status: number | null;
}

export function loadPage(chromium: string, htmlPath: string, screenshot?: string): PageLoad {
  const profile = mkdtempSync(join(tmpdir(), "pdes-chromium-"));
  try {
    const base = [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      `--user-data-dir=${profile}`,
      "--enable-logging=stderr",
      "--v=0",
    ];
    const url = pathToFileURL(htmlPath).href;
    // The timeouts only guard against a hung browser; a busy machine can be very slow.
    const r = spawnSync(chromium, [...base, "--dump-dom", url], { encoding: "utf8", timeout: 900_000, maxBuffer: 1 << 27 });
    if (screenshot) spawnSync(chromium, [...base, "--window-size=1200,2400", `--screenshot=${screenshot}`, url], { timeout: 900_000 });
    const consoleLines = (r.stderr ?? "").split("\n").filter((l) => /:CONSOLE[:(]/.test(l));
    return { dom: r.stdout ?? "", consoleLines, status: r.status };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
