/**
 * Fault cases: damaged stores and run directories. Every damage must be caught by name (exit
 * 65) before anything is trained, predicted or written; nothing may be read unchecked.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { absent, cli, refused, type FaultCase, type Fixtures } from "./harness.js";

/** Chunk files of one array of a store (everything but zarr metadata). */
export function chunkFiles(store: string, array: "inputs" | "outputs"): string[] {
  const out: string[] = [];
  const walk = (q: string) => {
    for (const e of fs.readdirSync(q, { withFileTypes: true })) {
      const p = path.join(q, e.name);
      if (e.isDirectory()) walk(p);
      else if (!/^(zarr\.json|\.zarray|\.zattrs|\.zgroup)$/.test(e.name)) out.push(p);
    }
  };
  walk(path.join(store, array));
  return out.sort();
}

/** Damage a copy of the heat store, then train on it and predict from it: both refused naming the damage. */
function storeDamage(name: string, damage: (store: string) => void, re: RegExp): FaultCase {
  return {
    category: "damaged store",
    name,
    run(f: Fixtures) {
      const store = f.copy(f.heat);
      damage(store);
      const out = f.fresh("run");
      refused(cli(["train", "--data", store, "--model", "ridge", "--backend", "cpu", "--out", out, "--quiet"]), 65, re);
      absent(out);
      const pred = f.fresh("pred");
      refused(cli(["predict", "--run", f.ridgeRun, "--input", store, "--out", pred, "--backend", "cpu"]), 65, re);
      absent(pred);
    },
  };
}

/** Damage a copy of the ridge run, then predict with it: refused naming the file, nothing written. */
function runDamage(name: string, damage: (run: string) => void, re: RegExp): FaultCase {
  return {
    category: "damaged run",
    name,
    run(f: Fixtures) {
      const run = f.copy(f.ridgeRun);
      damage(run);
      const out = f.fresh("pred");
      refused(cli(["predict", "--run", run, "--input", f.npy, "--out", `${out}.npy`, "--backend", "cpu"]), 65, re);
      absent(`${out}.npy`);
    },
  };
}

// An inputs chunk: both training and prediction read it (predict reads no outputs).
const first = (store: string) => chunkFiles(store, "inputs")[0]!;
const flipByte = (file: string, at: number) => {
  const b = fs.readFileSync(file);
  b[at % b.length] ^= 0xff;
  fs.writeFileSync(file, b);
};
const editJson = (file: string, edit: (v: Record<string, unknown>) => void) => {
  const v = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  edit(v);
  fs.writeFileSync(file, JSON.stringify(v, null, 2) + "\n");
};

export const damageCases: FaultCase[] = [
  storeDamage("a deleted chunk", (s) => fs.rmSync(first(s)), /chunk|missing/),
  storeDamage("a truncated chunk", (s) => fs.truncateSync(first(s), Math.floor(fs.statSync(first(s)).size / 2)), /chunk|bytes/),
  storeDamage("one flipped byte in a chunk", (s) => flipByte(first(s), 100), /chunk|sha256|checksum/),
  storeDamage("an extended chunk", (s) => fs.appendFileSync(first(s), Buffer.alloc(8)), /chunk|bytes/),
  storeDamage("no completion marker", (s) => fs.rmSync(path.join(s, ".pdes", "COMPLETE")), /partial|complete/i),
  storeDamage("lost .pdes/spec.json and a deleted chunk (must not turn into a foreign store read unchecked)", (s) => {
    fs.rmSync(path.join(s, ".pdes", "spec.json"));
    fs.rmSync(first(s));
  }, /spec\.json|chunk|missing/),
  storeDamage("lost the whole .pdes folder and truncated a chunk", (s) => {
    fs.rmSync(path.join(s, ".pdes"), { recursive: true });
    fs.truncateSync(first(s), Math.floor(fs.statSync(first(s)).size / 2));
  }, /chunk|bytes|spec|pde-surrogates/),
  storeDamage("an edited manifest", (s) => flipByte(path.join(s, ".pdes", "manifest.json"), 40), /manifest|COMPLETE|sha256|checksum/),
  runDamage("random bytes of the right length in weights.bin", (r) => {
    const w = path.join(r, "weights.bin");
    fs.writeFileSync(w, Buffer.from(Array.from({ length: fs.statSync(w).size }, (_, i) => (i * 131 + 7) & 0xff)));
  }, /weights\.bin/),
  runDamage("an edited std in normalizer.json", (r) => editJson(path.join(r, "normalizer.json"), (v) => {
    const o = v.output as { std: number[] };
    o.std = o.std.map((x) => x * 2);
  }), /normalizer\.json/),
  runDamage("a garbage model.json", (r) => fs.writeFileSync(path.join(r, "model.json"), "{ not json"), /model\.json/),
  runDamage("an edited surrogate.json", (r) => editJson(path.join(r, "surrogate.json"), (v) => (v.steps = 12345)), /surrogate\.json/),
  runDamage("no surrogate.json (an unfinished run)", (r) => fs.rmSync(path.join(r, "surrogate.json")), /surrogate\.json|finished/),
  {
    category: "damaged run",
    name: "a garbage config.json, then --resume",
    run(f) {
      const run = f.copy(f.mlpRun);
      fs.writeFileSync(path.join(run, "config.json"), "{ torn");
      refused(cli(["train", "--resume", "--out", run, "--quiet"]), 65, /config\.json/);
    },
  },
];
