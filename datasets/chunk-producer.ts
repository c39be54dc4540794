/**
 * Generate one sample-chunk of a store: solve its samples, write the input and output chunk
 * files atomically, then its checksum record. The record is written last, so a chunk counts
 * as done only when both data files are complete on disk. Runs in the main thread or in a
 * worker (chunk-worker.ts); samples depend only on (seed, i), so who runs it does not matter.
 */
import { join } from "node:path";
import { writeFileAtomic } from "./atomic-write.js";
import { compressChunk, encodeChunk, writeChunkAtomic, type ChunkSetRecord } from "./chunk-io.js";
import { chunkKeys, chunkRange, chunkRecordPath, type Layout } from "./layout.js";
import type { ResolvedProblem } from "./problem.js";

export async function produceChunk(
  root: string,
  layout: Layout,
  problem: ResolvedProblem,
  c: number,
  onSample?: () => void,
  fsync = true,
): Promise<ChunkSetRecord> {
  const [start, end] = chunkRange(layout, c);
  const inPer = layout.inputs.chunks.slice(1).reduce((a, b) => a * b, 1);
  const outPer = layout.outputs.chunks.slice(1).reduce((a, b) => a * b, 1);
  const cs = layout.spec.chunkSamples;
  const inputs = new Float64Array(inPer * (end - start));
  const outputs = new Float64Array(outPer * (end - start));
  const extras = layout.extras.map(() => new Float64Array(outPer * (end - start)));
  for (let i = start; i < end; i++) {
    const k = i - start;
    const part = (a: Float64Array, per: number) => a.subarray(k * per, (k + 1) * per);
    try {
      problem.sample(layout.spec.seed, i, part(inputs, inPer), part(outputs, outPer), extras.map((e) => part(e, outPer)));
    } catch (e) {
      // Name the sample (docs/safety.md): the same (seed, i) fails again on every rerun.
      if (e instanceof Error) e.message = `sample ${i} (seed ${layout.spec.seed}): ${e.message}`;
      throw e;
    }
    onSample?.();
  }
  const keys = chunkKeys(layout, c);
  const { compressor, zarrFormat } = layout.spec;
  const inBytes = compressChunk(encodeChunk(inputs, layout.spec.dtype, inPer * cs), compressor, zarrFormat);
  const outBytes = compressChunk(encodeChunk(outputs, layout.spec.dtype, outPer * cs), compressor, zarrFormat);
  // Directory fsyncs are skipped: a rename lost to a power failure leaves a chunk that fails its
  // checksum (or has no record), and every run re-checks and regenerates such chunks.
  const wopts = { fsync, syncDir: false };
  // All chunk files in flight at once; each is hashed while its write runs on the thread pool.
  const [inRec, outRec, ...extraRecs] = await Promise.all([
    writeChunkAtomic(root, keys.inputs, inBytes, wopts),
    writeChunkAtomic(root, keys.outputs, outBytes, wopts),
    ...layout.extras.map((a, e) =>
      writeChunkAtomic(root, keys.extras[a.name]!, compressChunk(encodeChunk(extras[e]!, layout.spec.dtype, outPer * cs), compressor, zarrFormat), wopts),
    ),
  ]);
  const rec: ChunkSetRecord = {
    index: c,
    inputs: inRec!,
    outputs: outRec!,
    ...(layout.extras.length ? { extras: Object.fromEntries(layout.extras.map((a, e) => [a.name, extraRecs[e]!])) } : {}),
  };
  await writeFileAtomic(join(root, chunkRecordPath(c)), JSON.stringify(rec) + "\n", wopts);
  return rec;
}
