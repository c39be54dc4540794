/**
 * The one atomic writer: the file holds exactly the new bytes, no temporary file is left, a
 * failed write leaves the old file and no temporary and is an Io error naming the path; the
 * exclusive create refuses a second writer; stale temporaries are removed, only the owned ones.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isPdesError } from "../../core/index.js";
import { createFileExclusive } from "../atomic-write.js";
import { removeStaleTemps, writeFileAtomic, writeFileAtomicSync } from "../index.js";

const root = mkdtempSync(join(tmpdir(), "pdes-atomic-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("atomic writes", () => {
  for (const [name, write] of [
    ["async", (p: string, d: string | Uint8Array) => writeFileAtomic(p, d)],
    ["sync", async (p: string, d: string | Uint8Array) => writeFileAtomicSync(p, d)],
  ] as const) {
    it(`${name}: writes, replaces, creates the directory, leaves no temporary`, async () => {
      const dir = join(root, name, "sub");
      const file = join(dir, "a.bin");
      await write(file, "first");
      await write(file, Uint8Array.of(1, 2, 3));
      expect([...readFileSync(file)]).toEqual([1, 2, 3]);
      expect(readdirSync(dir)).toEqual(["a.bin"]);
    });

    it(`${name}: a failed write keeps the old file, leaves no temporary, names the path`, async () => {
      const dir = join(root, `${name}-fail`);
      await write(join(dir, "keep.txt"), "old");
      // The target is a non-empty directory: the rename must fail.
      const target = join(dir, "d");
      await write(join(target, "inner"), "x");
      const err = await Promise.resolve()
        .then(() => write(target, "new"))
        .catch((e: unknown) => e);
      expect(isPdesError(err, "Io")).toBe(true);
      expect((err as Error).message).toContain(target);
      expect(readdirSync(dir).sort()).toEqual(["d", "keep.txt"]);
      expect(readFileSync(join(dir, "keep.txt"), "utf8")).toBe("old");
    });
  }

  it("exclusive create: the first writer wins, the second is refused", async () => {
    const file = join(root, "spec.json");
    expect(await createFileExclusive(file, "one")).toBe(true);
    expect(await createFileExclusive(file, "two")).toBe(false);
    expect(readFileSync(file, "utf8")).toBe("one");
    expect(readdirSync(root).filter((n) => n.startsWith("spec.json"))).toEqual(["spec.json"]);
  });

  it("removes stale temporaries it owns, old enough, and nothing else", async () => {
    const dir = join(root, "stale");
    await writeFileAtomic(join(dir, "m.json"), "{}");
    for (const n of ["m.json.tmp-1-0-3", "m.json.tmp-12", "other.json.tmp-1-0-4", "m.json.tmpx", "fresh.json.tmp-2-0-1"]) writeFileSync(join(dir, n), "");
    const old = new Date(Date.now() - 60_000);
    for (const n of ["m.json.tmp-1-0-3", "m.json.tmp-12", "other.json.tmp-1-0-4"]) utimesSync(join(dir, n), old, old);
    expect(await removeStaleTemps(dir, (f) => f !== "other.json", 10_000)).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(["fresh.json.tmp-2-0-1", "m.json", "m.json.tmpx", "other.json.tmp-1-0-4"]);
    expect(existsSync(join(dir, "m.json"))).toBe(true);
  });
});
