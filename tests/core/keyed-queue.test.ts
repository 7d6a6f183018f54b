import { describe, expect, it } from "vitest";
import { KeyedQueue } from "../../src/core/keyed-queue.ts";

/** A promise the test settles by hand, to hold a job open. */
function gate<T = void>() {
  let open!: (v: T) => void;
  let fail!: (e: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

describe("the keyed queue", () => {
  it("runs one job at a time per key, in the order queued, and keys in parallel", async () => {
    const q = new KeyedQueue();
    const order: string[] = [];
    const a1 = gate();
    const first = q.run("a", async () => {
      order.push("a1 start");
      await a1.promise;
      order.push("a1 end");
      return 1;
    });
    const second = q.run("a", async () => {
      order.push("a2");
      return 2;
    });
    // Another key is not held up by a's open job.
    expect(await q.run("b", async () => "b")).toBe("b");
    expect(order).toEqual(["a1 start"]);
    a1.open();
    expect(await first).toBe(1);
    expect(await second).toBe(2);
    expect(order).toEqual(["a1 start", "a1 end", "a2"]);
  });

  it("a failed job rejects its own caller only; the next job of the key still runs", async () => {
    const q = new KeyedQueue();
    const failing = q.run("k", async () => {
      throw new Error("boom");
    });
    const next = q.run("k", async () => "after");
    await expect(failing).rejects.toThrow("boom");
    expect(await next).toBe("after");
  });

  it("forgets a key once its work is done, and idle waits for work queued meanwhile", async () => {
    const q = new KeyedQueue();
    const g = gate();
    let later = false;
    void q.run("k", async () => {
      await g.promise;
      void q.run("k", async () => {
        later = true;
      });
    });
    expect(q.pending).toBe(1);
    const idle = q.idle();
    g.open();
    await idle;
    expect(later).toBe(true);
    expect(q.pending).toBe(0);
  });

  it("drain gives up after its timeout on a job that never ends", async () => {
    const q = new KeyedQueue();
    const stuck = gate();
    void q.run("k", () => stuck.promise);
    await q.drain(20);
    expect(q.pending).toBe(1);
    stuck.open();
    await q.drain();
    expect(q.pending).toBe(0);
  });
});
