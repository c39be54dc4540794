/**
 * Batching for the multi-line kernels: `cnt` lines of length n are gathered into work arrays
 * interleaved as w[j·cnt + b] (element j of line b), transformed by one stride-cnt Stockham pass
 * (radix4.ts), and scattered back. Each twiddle is then loaded once per chunk and the butterfly
 * loops run over contiguous memory. The chunk is capped so the work arrays stay in L2 cache.
 * Gathers and scatters pick their loop order by layout: when the lines are adjacent in memory
 * (a transform along a non-last axis) they copy contiguous runs of cnt values; otherwise
 * (last axis) they copy one contiguous line at a time.
 */
const MAX_BATCH = 32;
const MAX_CHUNK_ELEMENTS = 8192;

/**
 * Lines per chunk for `lines` transforms of length n with in-line stride `stride` (1 = no
 * batching). Contiguous lines (stride 1, the last axis) are not batched: interleaving them is a
 * transpose, and measured (CPU time, n = 64..1024) it cost more than the batched pass saved,
 * while one line at a time was as fast. Strided lines (other axes) are batched.
 */
export function chunkLines(n: number, lines: number, stride: number): number {
  if (stride === 1) return 1;
  return Math.max(1, Math.min(lines, MAX_BATCH, Math.floor(MAX_CHUNK_ELEMENTS / Math.max(n, 1))));
}

/** Split work arrays for the FFT, (ar, ai) and (br, bi), grown on demand. */
export class Scratch {
  ar = new Float64Array(0);
  ai = new Float64Array(0);
  br = new Float64Array(0);
  bi = new Float64Array(0);
  ensure(size: number): void {
    if (this.ar.length < size) {
      this.ar = new Float64Array(size);
      this.ai = new Float64Array(size);
      this.br = new Float64Array(size);
      this.bi = new Float64Array(size);
    }
  }
}

/** Are off[l0..l0+cnt) consecutive integers (lines adjacent in memory)? */
function adjacent(off: ArrayLike<number>, l0: number, cnt: number): boolean {
  const o = off[l0]!;
  for (let b = 1; b < cnt; b++) if (off[l0 + b] !== o + b) return false;
  return true;
}

/** w[j·cnt + b] = x[off[l0 + b] + shift + j·s] for j < n, b < cnt. */
export function gather(
  n: number,
  cnt: number,
  x: Float64Array,
  s: number,
  off: ArrayLike<number>,
  l0: number,
  shift: number,
  w: Float64Array,
): void {
  if (s !== 1 && cnt > 1 && adjacent(off, l0, cnt)) {
    for (let j = 0, p = off[l0]! + shift, q = 0; j < n; j++, p += s) for (let b = 0; b < cnt; b++) w[q++] = x[p + b]!;
    return;
  }
  for (let b = 0; b < cnt; b++) for (let j = 0, p = off[l0 + b]! + shift, q = b; j < n; j++, p += s, q += cnt) w[q] = x[p]!;
}

/** x[off[l0 + b] + shift + j·s] = scale · w[j·cnt + b] for j < n, b < cnt. */
export function scatter(
  n: number,
  cnt: number,
  w: Float64Array,
  x: Float64Array,
  s: number,
  off: ArrayLike<number>,
  l0: number,
  shift: number,
  scale: number,
): void {
  if (s !== 1 && cnt > 1 && adjacent(off, l0, cnt)) {
    for (let j = 0, p = off[l0]! + shift, q = 0; j < n; j++, p += s) for (let b = 0; b < cnt; b++) x[p + b] = scale * w[q++]!;
    return;
  }
  for (let b = 0; b < cnt; b++) for (let j = 0, p = off[l0 + b]! + shift, q = b; j < n; j++, p += s, q += cnt) x[p] = scale * w[q]!;
}
