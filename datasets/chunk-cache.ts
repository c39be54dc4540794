/**
 * Decoded, normalised chunks of samples held within a byte budget: the pipeline's only store of
 * sample data. Least recently used chunks go first; a chunk being copied into a batch is pinned.
 * Loads started ahead (prefetch) count against the budget while in flight. When a single chunk
 * is larger than the budget it is still loaded (the budget is then one chunk).
 */

export interface CachedChunk {
  /** First sample index of the chunk and its sample count. */
  readonly start: number;
  readonly count: number;
  /** `[count, sampleIn]` and `[count, sampleOut]`, normalised float32. */
  readonly x: Float32Array;
  readonly y: Float32Array;
}

interface Entry {
  promise: Promise<CachedChunk>;
  bytes: number;
  used: number;
  settled: boolean;
}

export class ChunkCache {
  private readonly entries = new Map<number, Entry>();
  private clock = 0;
  private held = 0;
  /** Largest number of bytes held at once (for tests and benches). */
  peakBytes = 0;
  /** Chunks loaded so far (a re-load after eviction counts again). */
  loads = 0;

  constructor(
    readonly budget: number,
    private readonly bytesOf: (c: number) => number,
    private readonly load: (c: number) => Promise<CachedChunk>,
  ) {}

  get bytes(): number {
    return this.held;
  }

  has(c: number): boolean {
    return this.entries.has(c);
  }

  /** The chunk, loading it if needed (evicting unpinned chunks to stay within the budget). */
  get(c: number, pinned: ReadonlySet<number>): Promise<CachedChunk> {
    const e = this.entries.get(c);
    if (e) {
      e.used = ++this.clock;
      return e.promise;
    }
    this.makeRoom(this.bytesOf(c), pinned, true);
    return this.start(c);
  }

  /** Start loading `c` ahead if there is room (evicting only unpinned, settled chunks). */
  prefetch(c: number, pinned: ReadonlySet<number>): void {
    if (this.entries.has(c)) return;
    const need = this.bytesOf(c);
    if (this.makeRoom(need, pinned, false)) void this.start(c).catch(() => undefined);
  }

  private start(c: number): Promise<CachedChunk> {
    const bytes = this.bytesOf(c);
    const entry: Entry = { promise: this.load(c), bytes, used: ++this.clock, settled: false };
    entry.promise.then(
      () => (entry.settled = true),
      () => {
        // A failed load leaves nothing behind; the next get() retries and reports the error.
        if (this.entries.get(c) === entry) this.drop(c);
      },
    );
    this.entries.set(c, entry);
    this.held += bytes;
    this.loads++;
    this.peakBytes = Math.max(this.peakBytes, this.held);
    return entry.promise;
  }

  private drop(c: number): void {
    const e = this.entries.get(c);
    if (!e) return;
    this.entries.delete(c);
    this.held -= e.bytes;
  }

  /**
   * Evict least recently used, unpinned, settled chunks until `need` more bytes fit. Returns
   * whether they fit; with `force` the caller loads anyway (the budget is smaller than what one
   * batch needs at once).
   */
  private makeRoom(need: number, pinned: ReadonlySet<number>, force: boolean): boolean {
    while (this.held + need > this.budget) {
      let victim = -1;
      let oldest = Infinity;
      for (const [c, e] of this.entries)
        if (e.settled && !pinned.has(c) && e.used < oldest) {
          oldest = e.used;
          victim = c;
        }
      if (victim < 0) return force;
      this.drop(victim);
    }
    return true;
  }
}
