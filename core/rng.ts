/**
 * Seeded, splittable random numbers: Philox4x32-10 (Salmon et al., "Parallel random numbers:
 * as easy as 1, 2, 3", SC'11), a counter-based generator. The stream for (seed, i) is the
 * sequence of blocks Philox_key(counter) with key = (seed, i): streams for different i use
 * different keys and never share a block, so sample i of a dataset is the same whatever the
 * number of workers or shards. `split(j)` derives an independent child stream by putting j in
 * the counter's high words.
 */
import { InvalidArgumentError } from "./errors.js";

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High and low 32 bits of the 64-bit product of two uint32. */
function mulhilo(a: number, b: number, out: Uint32Array, iHi: number, iLo: number): void {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const ll = al * bl;
  const lh = al * bh;
  const hl = ah * bl;
  const hh = ah * bh;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  out[iHi] = hh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536);
  out[iLo] = Math.imul(a, b);
}

const tmp = new Uint32Array(4);

/** One Philox4x32-10 block: 4 uint32 from a 4-word counter and a 2-word key (written to out). */
export function philox4x32(ctr: ArrayLike<number>, key: ArrayLike<number>, out: Uint32Array): Uint32Array {
  let c0 = ctr[0]! >>> 0,
    c1 = ctr[1]! >>> 0,
    c2 = ctr[2]! >>> 0,
    c3 = ctr[3]! >>> 0;
  let k0 = key[0]! >>> 0,
    k1 = key[1]! >>> 0;
  for (let r = 0; r < 10; r++) {
    mulhilo(M0, c0, tmp, 0, 1);
    mulhilo(M1, c2, tmp, 2, 3);
    const n0 = (tmp[2]! ^ c1 ^ k0) >>> 0;
    const n1 = tmp[3]!;
    const n2 = (tmp[0]! ^ c3 ^ k1) >>> 0;
    const n3 = tmp[1]!;
    c0 = n0;
    c1 = n1;
    c2 = n2;
    c3 = n3;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
  return out;
}

/** Serializable state of an Rng (for checkpoints). */
export interface RngState {
  seed: number;
  stream: number;
  sub: [number, number];
  counter: number;
  pos: number;
  spare: number | null;
}

const TWO_M53 = 2 ** -53;

export class Rng {
  private readonly key: Uint32Array;
  private readonly sub: [number, number];
  private counter = 0;
  private readonly block = new Uint32Array(4);
  private pos = 4;
  private spare: number | null = null;

  /**
   * @param seed   uint32 dataset/run seed
   * @param stream uint32 stream index (e.g. sample index i)
   */
  constructor(seed: number, stream = 0, sub: [number, number] = [0, 0]) {
    requireU32("seed", seed);
    requireU32("stream", stream);
    this.key = Uint32Array.of(seed, stream);
    this.sub = [sub[0] >>> 0, sub[1] >>> 0];
  }

  get seed(): number {
    return this.key[0]!;
  }
  get stream(): number {
    return this.key[1]!;
  }

  /** An independent child stream; split(j) on equal parents gives equal children. */
  split(j: number): Rng {
    requireU32("j", j);
    // Mix the parent's sub-id with j so nested splits stay distinct: one Philox block as a hash.
    const h = philox4x32([j, this.sub[0], this.sub[1], 0x5eed], [this.key[0]!, this.key[1]!], new Uint32Array(4));
    return new Rng(this.key[0]!, this.key[1]!, [h[0]!, h[1]! | 1]);
  }

  /** Next uint32. */
  nextU32(): number {
    if (this.pos === 4) {
      // Counter words: (low, high) of the block counter, then the sub-stream id.
      philox4x32([this.counter % 0x100000000, Math.floor(this.counter / 0x100000000), this.sub[0], this.sub[1]], this.key, this.block);
      this.counter++;
      this.pos = 0;
    }
    return this.block[this.pos++]!;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) * TWO_M53;
  }

  /** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u1 = 1 - this.uniform(); // in (0, 1]: log is finite
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    const th = 2 * Math.PI * u2;
    this.spare = r * Math.sin(th);
    return r * Math.cos(th);
  }

  /** Fill `out` with N(mean, std²) samples. */
  fillNormal<T extends Float64Array | Float32Array>(out: T, mean = 0, std = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** Fill `out` with U[0, 1) samples. */
  fillUniform<T extends Float64Array | Float32Array>(out: T): T {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform();
    return out;
  }

  /** Integer uniform in [0, n) without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000) throw new InvalidArgumentError("n", n, "must be an integer in [1, 2^32]");
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const x = this.nextU32();
      if (x < limit) return x % n;
    }
  }

  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(a: T[] | Int32Array | Uint32Array): typeof a {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a;
  }

  getState(): RngState {
    return { seed: this.key[0]!, stream: this.key[1]!, sub: [...this.sub], counter: this.counter, pos: this.pos, spare: this.spare };
  }

  static fromState(s: RngState): Rng {
    const r = new Rng(s.seed, s.stream, s.sub);
    if (!Number.isInteger(s.counter) || s.counter < 0) throw new InvalidArgumentError("state.counter", s.counter, "must be an integer >= 0");
    if (s.pos < 4) {
      r.counter = s.counter - 1;
      r.pos = 4;
      r.nextU32(); // regenerate the current block
      r.pos = s.pos;
    } else r.counter = s.counter;
    r.spare = s.spare;
    return r;
  }
}

/** The stream for sample i of a dataset seeded with `seed`. */
export function sampleRng(seed: number, i: number): Rng {
  return new Rng(seed, i);
}

function requireU32(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new InvalidArgumentError(name, v, "must be an integer in [0, 2^32 − 1]");
}
