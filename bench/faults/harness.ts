/**
 * The fault sweep's harness (docs/safety.md §The fault sweep): each case runs the CLI the way a
 * clumsy user or an attacker would, then checks the exit code, that stderr holds one line
 * matching what it should say, and the exact state of the files afterwards. A case "holds"
 * when every check passes; otherwise it is a defect, reported with the first failed check.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin/pdes.js");

export interface CliResult {
  code: number | null;
  stderr: string;
  stdout: string;
}

/** A failed check: the case is a defect, with this reason. */
export class Defect extends Error {}

export function check(ok: boolean, why: string): void {
  if (!ok) throw new Defect(why);
}

export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, encoding: "utf8" });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

/** Start the CLI and SIGKILL it after `ms` (or when stderr shows `until`); resolves when it is gone. */
export function cliKilled(args: string[], kill: { ms?: number; until?: string }, env: Record<string, string> = {}): Promise<void> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr!.on("data", (b: Buffer) => {
    err += b.toString();
    if (kill.until !== undefined && err.includes(kill.until)) child.kill("SIGKILL");
  });
  const timer = kill.ms !== undefined ? setTimeout(() => child.kill("SIGKILL"), kill.ms) : undefined;
  return new Promise((resolve) =>
    child.on("exit", () => {
      if (timer) clearTimeout(timer);
      resolve();
    }),
  );
}

/** stderr lines that are messages (not tfjs' banner, not the backend line). */
export function messageLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.trim() !== "" && !/^=+$/.test(l.trim()) && !/TensorFlow\.js|tfjs-node|^backend:/.test(l));
}

/** The refusal every bad input must give: `code`, exactly one line, matching `re`. */
export function refused(r: CliResult, code: number, re: RegExp): void {
  check(r.code === code, `exit ${r.code}, expected ${code}: ${messageLines(r.stderr).join(" | ").slice(0, 200)}`);
  const lines = messageLines(r.stderr);
  check(lines.length === 1, `${lines.length} stderr lines, expected one: ${lines.join(" | ").slice(0, 200)}`);
  check(re.test(lines[0]!), `message ${JSON.stringify(lines[0])} does not match ${re}`);
}

export function succeeded(r: CliResult): void {
  check(r.code === 0, `exit ${r.code}: ${messageLines(r.stderr).join(" | ").slice(0, 200)}`);
}

/** Every file under `p` (or `p` itself) with its bytes, to compare before and after. */
export function snapshot(p: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (q: string) => {
    const st = fs.statSync(q);
    if (st.isDirectory()) for (const e of fs.readdirSync(q)) walk(path.join(q, e));
    else out.set(path.relative(p, q), fs.readFileSync(q).toString("base64"));
  };
  if (fs.existsSync(p)) walk(p);
  return out;
}

export function sameFiles(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

export function unchanged(p: string, before: Map<string, string>, what = p): void {
  check(sameFiles(snapshot(p), before), `${path.basename(what)} changed`);
}

export function absent(p: string): void {
  check(!fs.existsSync(p), `${path.basename(p)} was created`);
}

/** The shared fixtures every case starts from (copied before a case damages them). */
export interface Fixtures {
  dir: string;
  heat: string;
  poisson: string;
  ridgeRun: string;
  mlpRun: string;
  npy: string;
  /** A fresh path inside the sweep's directory. */
  fresh(tag: string): string;
  /** A copy of a fixture to damage. */
  copy(p: string): string;
}

export interface FaultCase {
  category: string;
  name: string;
  run(f: Fixtures): Promise<void> | void;
}

export interface Outcome {
  c: FaultCase;
  held: boolean;
  skipped?: string;
  why?: string;
}

/** A case that cannot run here (e.g. no ulimit): counted neither as held nor as a defect. */
export class Skip extends Error {}

export async function runCases(cases: FaultCase[], f: Fixtures, log: (line: string) => void): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const c of cases) {
    try {
      await c.run(f);
      out.push({ c, held: true });
      log(`held    ${c.category}: ${c.name}`);
    } catch (e) {
      if (e instanceof Skip) {
        out.push({ c, held: false, skipped: e.message });
        log(`skipped ${c.category}: ${c.name} (${e.message})`);
      } else {
        const why = e instanceof Defect ? e.message : `harness error: ${(e as Error).message}`;
        out.push({ c, held: false, why });
        log(`DEFECT  ${c.category}: ${c.name}: ${why}`);
      }
    }
  }
  return out;
}

/** The summary table: per category, tried, held, defects (skipped cases are not tried). */
export function table(outcomes: Outcome[]): string {
  const cats = [...new Set(outcomes.map((o) => o.c.category))];
  const rows = cats.map((cat) => {
    const os = outcomes.filter((o) => o.c.category === cat && o.skipped === undefined);
    return [cat, os.length, os.filter((o) => o.held).length, os.filter((o) => !o.held).length];
  });
  const tried = outcomes.filter((o) => o.skipped === undefined);
  rows.push(["total", tried.length, tried.filter((o) => o.held).length, tried.filter((o) => !o.held).length]);
  const lines = ["| category | tried | held | defects |", "|---|---|---|---|", ...rows.map((r) => `| ${r.join(" | ")} |`)];
  return lines.join("\n");
}
