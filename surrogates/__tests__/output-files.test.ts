/**
 * Claimed outputs (docs/safety.md §Outputs): refused up front when they exist, coincide with
 * an input or with each other, or lie in a missing directory; locked against a second writer;
 * published all or nothing; and after a writer died between two renames, the rerun recognises
 * its predecessor's outputs by the journal in the lock and finishes the job.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquireLock, claimOutputs, type LockRecord } from "../index.js";
import { holderAlive } from "../training/index.js";
import { isPdesError as isErr } from "../../core/index.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "pdes-outputs-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const bytes = (s: string) => new TextEncoder().encode(s);
const p = (...a: string[]) => path.join(root, ...a);

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isErr(e, "InvalidArgument")) return e.message;
    throw e;
  }
  throw new Error("not refused");
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", ""]);
  return r.pid!;
}

describe("claimOutputs", () => {
  it("refuses an output equal to an input or to another output, an existing one, and one in a missing directory", () => {
    fs.writeFileSync(p("in.npy"), "keep");
    fs.writeFileSync(p("old.npy"), "keep too");
    expect(refusal(() => claimOutputs([{ flag: "--out", path: p("a.npy"), kind: "file" }, { flag: "--variance", path: p("in.npy"), kind: "file" }], [{ flag: "--input", path: p("in.npy") }], "t")))
      .toBe(`--variance must differ from --input (it would be overwritten), got "${p("in.npy")}"`);
    expect(refusal(() => claimOutputs([{ flag: "--out", path: p("a.npy"), kind: "file" }, { flag: "--variance", path: p(".", "a.npy"), kind: "file" }], [], "t"))).toMatch(/^--variance must differ from --out/);
    expect(refusal(() => claimOutputs([{ flag: "--out", path: p("old.npy"), kind: "file" }], [], "t"))).toMatch(/^--out already exists/);
    expect(refusal(() => claimOutputs([{ flag: "--out", path: p("nodir", "a.npy"), kind: "file" }], [], "t"))).toMatch(/^--out cannot be written: its directory .* does not exist/);
    expect(refusal(() => claimOutputs([{ flag: "--out", path: p("in.npy", "a.npy"), kind: "file" }], [], "t"))).toMatch(/^--out cannot be written: .*(not a directory|a parent of it is a file)/);
    fs.mkdirSync(p("store"));
    expect(refusal(() => claimOutputs([{ flag: "--out", path: p("store", "x.npy"), kind: "file" }], [{ flag: "--input", path: p("store"), noInside: true }], "t"))).toMatch(/must not be inside --input/);
    expect(fs.readFileSync(p("in.npy"), "utf8")).toBe("keep");
    expect(fs.readFileSync(p("old.npy"), "utf8")).toBe("keep too");
    // Nothing stays locked after a refusal.
    expect(fs.readdirSync(root).filter((n) => n.endsWith(".pdes-lock"))).toEqual([]);
  });

  it("locks each output against a second writer until released", async () => {
    const first = claimOutputs([{ flag: "--out", path: p("b.npy"), kind: "file" }], [], "pdes predict (first)");
    expect(refusal(() => claimOutputs([{ flag: "--out", path: p("b.npy"), kind: "file" }], [], "second"))).toMatch(
      new RegExp(`^--out ${p("b.npy").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is being written by pdes process ${process.pid} on .*: pdes predict \\(first\\); wait for it to finish or stop it$`),
    );
    await first.publish([{ path: p("b.npy"), data: bytes("B") }]);
    first.release();
    expect(fs.readFileSync(p("b.npy"), "utf8")).toBe("B");
    expect(fs.existsSync(p(".b.npy.pdes-lock"))).toBe(false);
  });

  it("publishes all or nothing: an output that appears meanwhile rolls back the others", async () => {
    const c = claimOutputs([{ flag: "--out", path: p("m.npy"), kind: "file" }, { flag: "--variance", path: p("v.npy"), kind: "file" }], [], "t");
    fs.writeFileSync(p("v.npy"), "someone else's");
    await expect(c.publish([{ path: p("m.npy"), data: bytes("M") }, { path: p("v.npy"), data: bytes("V") }])).rejects.toThrow(/appeared while this command ran; nothing was written/);
    c.release();
    expect(fs.existsSync(p("m.npy"))).toBe(false);
    expect(fs.readFileSync(p("v.npy"), "utf8")).toBe("someone else's");
    expect(fs.readdirSync(root).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });

  it("after a writer died between two renames, the rerun replaces what it published and removes its temporaries", async () => {
    // What a kill -9 after the first rename leaves: m2.npy published, v2's temporary, both locks with their journals.
    const dead = deadPid();
    const rec = (file: string, content: string): LockRecord => ({
      format: "pdes-lock", pid: dead, host: os.hostname(), startTicks: null, started: "then", command: "pdes predict",
      publishing: [{ path: p(file), sha256: createHashHex(content) }],
    });
    fs.writeFileSync(p("m2.npy"), "M-old");
    fs.writeFileSync(p("v2.npy.tmp-" + dead + "-0-1"), "V-old");
    fs.writeFileSync(p(".m2.npy.pdes-lock"), JSON.stringify(rec("m2.npy", "M-old")));
    fs.writeFileSync(p(".v2.npy.pdes-lock"), JSON.stringify(rec("v2.npy", "V-old")));
    expect(holderAlive(rec("m2.npy", ""))).toBe(false);
    const c = claimOutputs([{ flag: "--out", path: p("m2.npy"), kind: "file" }, { flag: "--variance", path: p("v2.npy"), kind: "file" }], [], "t");
    expect(fs.existsSync(p("v2.npy.tmp-" + dead + "-0-1"))).toBe(false);
    await c.publish([{ path: p("m2.npy"), data: bytes("M-new") }, { path: p("v2.npy"), data: bytes("V-new") }]);
    c.release();
    expect([fs.readFileSync(p("m2.npy"), "utf8"), fs.readFileSync(p("v2.npy"), "utf8")]).toEqual(["M-new", "V-new"]);
    // A file at the final name that is NOT what the dead writer published stays protected.
    fs.writeFileSync(p("m3.npy"), "user data");
    fs.writeFileSync(p(".m3.npy.pdes-lock"), JSON.stringify(rec("m3.npy", "something else")));
    expect(refusal(() => claimOutputs([{ flag: "--out", path: p("m3.npy"), kind: "file" }], [], "t"))).toMatch(/already exists/);
    expect(fs.readFileSync(p("m3.npy"), "utf8")).toBe("user data");
  });

  it("directories: built under a temporary name, then renamed; a non-empty one is refused", async () => {
    fs.mkdirSync(p("full"));
    fs.writeFileSync(p("full", "x"), "x");
    expect(refusal(() => claimOutputs([{ flag: "--out", path: p("full"), kind: "dir" }], [], "t"))).toMatch(/already exists and is not empty/);
    const c = claimOutputs([{ flag: "--out", path: p("newstore"), kind: "dir" }], [], "t");
    let seen = "";
    await c.publish([{ path: p("newstore"), build: async (tmp) => {
      seen = tmp;
      expect(fs.existsSync(p("newstore"))).toBe(false);
      fs.writeFileSync(path.join(tmp, "a"), "A");
    } }]);
    c.release();
    expect(path.basename(seen)).toMatch(/^newstore\.tmp-\d+-0-\d+$/);
    expect(fs.readFileSync(p("newstore", "a"), "utf8")).toBe("A");
  });
});

describe("acquireLock", () => {
  it("takes over a lock whose holder is dead, and reports the dead holder's record", () => {
    const file = p("run.lock");
    fs.writeFileSync(file, JSON.stringify({ format: "pdes-lock", pid: deadPid(), host: os.hostname(), startTicks: null, started: "x", command: "pdes train" }));
    const l = acquireLock(file, "run directory r", "t");
    expect(l.stale?.command).toBe("pdes train");
    expect(JSON.parse(fs.readFileSync(file, "utf8")).pid).toBe(process.pid);
    l.release();
    expect(fs.existsSync(file)).toBe(false);
  });

  it("a holder on another host is assumed alive, and the message says which file to remove", () => {
    const file = p("remote.lock");
    fs.writeFileSync(file, JSON.stringify({ format: "pdes-lock", pid: 1, host: "elsewhere", startTicks: null, started: "x", command: "pdes train" }));
    expect(refusal(() => acquireLock(file, "run directory r", "t"))).toBe(`run directory r is being written by pdes process 1 on elsewhere (since x): pdes train; if that process is gone, remove ${file}`);
  });
});

function createHashHex(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}
