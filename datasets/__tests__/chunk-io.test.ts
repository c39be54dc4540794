import { createHash } from "node:crypto";
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readCheckedChunk, readCheckedChunks, sha256, sha256Async, writeChunkAtomic, type ChunkRecord } from "../index.js";

const root = mkdtempSync(join(tmpdir(), "pdes-chunk-io-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Independent reference: node's streaming Hash object, fed in uneven pieces.
function refSha256(b: Uint8Array): string {
  const h = createHash("sha256");
  for (let i = 0; i < b.length; i += 7777) h.update(b.subarray(i, i + 7777));
  return h.digest("hex");
}

function bytesOf(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 17 + (i >> 9)) & 0xff;
  return b;
}

describe("chunk write/read primitives", () => {
  it("sha256 and sha256Async match a streaming reference, for bytes and strings", async () => {
    for (const n of [0, 1, 63, 64, 65, 100_003]) {
      expect(sha256(bytesOf(n, n))).toBe(refSha256(bytesOf(n, n)));
      expect(await sha256Async(bytesOf(n, n))).toBe(refSha256(bytesOf(n, n)));
    }
    // A view into a larger buffer hashes only its own bytes.
    const big = bytesOf(5000, 9);
    expect(await sha256Async(big.subarray(100, 4000))).toBe(refSha256(big.subarray(100, 4000)));
    expect(sha256("abc")).toBe(refSha256(Buffer.from("abc")));
  });

  it("writeChunkAtomic creates a missing directory, leaves no temp file, and records the bytes on disk", async () => {
    const data = bytesOf(300_001, 1);
    const rec = await writeChunkAtomic(root, "deep/er/0.0", data, { fsync: false });
    const onDisk = readFileSync(join(root, "deep/er/0.0"));
    expect(Buffer.compare(onDisk, Buffer.from(data))).toBe(0);
    expect(rec).toEqual({ key: "deep/er/0.0", bytes: data.length, sha256: refSha256(onDisk) });
    expect(readdirSync(join(root, "deep/er"))).toEqual(["0.0"]);
  });

  it("readCheckedChunk returns the bytes, or says missing / shorter / longer (with the real size) / corrupt", async () => {
    const data = bytesOf(50_000, 2);
    const rec = await writeChunkAtomic(root, "r/a", data);
    const good = await readCheckedChunk(root, rec);
    expect(typeof good).not.toBe("string");
    expect(Buffer.compare(Buffer.from(good as Uint8Array), Buffer.from(data))).toBe(0);
    const f = join(root, "r/a");
    appendFileSync(f, Buffer.alloc(9));
    expect(await readCheckedChunk(root, rec)).toBe("has 50009 bytes, expected 50000");
    truncateSync(f, 49_990);
    expect(await readCheckedChunk(root, rec)).toBe("has 49990 bytes, expected 50000");
    const bad = Buffer.from(data);
    bad[12_345] ^= 1;
    writeFileSync(f, bad);
    expect(await readCheckedChunk(root, rec)).toBe("checksum mismatch (corrupt data)");
    expect(await readCheckedChunk(root, { ...rec, key: "r/none" })).toBe("missing");
    const empty: ChunkRecord = await writeChunkAtomic(root, "r/empty", new Uint8Array(0));
    expect((await readCheckedChunk(root, empty)) as Uint8Array).toHaveLength(0);
  });

  it("readCheckedChunks hands every record's result to the callback once, with its index", async () => {
    const recs: ChunkRecord[] = [];
    for (let i = 0; i < 11; i++) recs.push(await writeChunkAtomic(root, `m/${i}`, bytesOf(1000 + 97 * i, i), { fsync: false }));
    recs[4] = { ...recs[4]!, sha256: "0".repeat(64) };
    const seen: Array<Uint8Array | string | undefined> = new Array(recs.length);
    let calls = 0;
    await readCheckedChunks(root, recs, (r, i) => {
      calls++;
      seen[i] = r;
    }, 3);
    expect(calls).toBe(recs.length);
    seen.forEach((r, i) => {
      if (i === 4) expect(r).toBe("checksum mismatch (corrupt data)");
      else expect(Buffer.compare(Buffer.from(r as Uint8Array), Buffer.from(bytesOf(1000 + 97 * i, i)))).toBe(0);
    });
  });
});
