/**
 * The shared-memory all-reduce of the replicated data-parallel step (gradient-exchange.ts), on
 * one thread: the combined gradient, loss and norm against a direct sum, clipping, and the wait
 * results a thread sees (a thread already past the step counts as done: the race that once
 * deadlocked a worker whose main thread had started the next step before the worker looked).
 */
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { GradientExchange } from "../training/data-parallel/gradient-exchange.js";

describe("GradientExchange", () => {
  it("combines shard gradients by share in thread order, clips, and reports waits", () => {
    const ex = new GradientExchange(GradientExchange.allocate(3, 5), 3, 5);
    const g = [
      [1, -2, 3, 0.5, 4],
      [0, 1, 1, -1, 2],
      [9, 9, 9, 9, 9],
    ];
    const shares = [0.25, 0.75, 0];
    tf.tidy(() => g.forEach((v, k) => ex.publish(k, 7, [tf.tensor(v.slice(0, 2)), tf.tensor(v.slice(2))], 10 * (k + 1))));
    const want = g[0]!.map((v, i) => 0.25 * v + 0.75 * g[1]![i]!);
    const norm = Math.hypot(...want);
    const c = ex.combine(7, shares);
    expect(c.loss).toBeCloseTo(0.25 * 10 + 0.75 * 20, 12);
    expect(c.norm).toBeCloseTo(norm, 6);
    Array.from(ex.combined).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
    // Clipped to half its norm; the norm returned is the one before clipping.
    expect(ex.combine(7, shares, norm / 2).norm).toBeCloseTo(norm, 6);
    Array.from(ex.combined).forEach((v, i) => expect(v).toBeCloseTo(want[i]! / 2, 5));
    // Step 8 goes to the other parity's slots: step 7's stay as they were.
    tf.tidy(() => ex.publish(1, 8, [tf.tensor([5, 5]), tf.tensor([5, 5, 5])], 0));
    expect(ex.combine(7, shares).loss).toBeCloseTo(17.5, 12);
    expect(ex.waitFor(1, 8, 0)).toBe("ok");
    expect(ex.waitFor(1, 7, 0)).toBe("ok");
    expect(ex.waitFor(0, 8, 1)).toBe("timed-out");
    ex.fail(2);
    expect(ex.waitFor(2, 7, 0)).toBe("failed");
    ex.stop();
    expect(ex.waitFor(0, 8, 1000)).toBe("stopped");
    ex.setTensors(1, 42);
    expect(ex.tensors(1)).toBe(42);
  });
});
