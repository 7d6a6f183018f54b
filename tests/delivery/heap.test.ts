import { describe, expect, it } from "vitest";
import { MinHeap } from "../../src/delivery/heap.ts";

describe("MinHeap", () => {
  it("pops every pushed item in ascending order, also when pushes and pops interleave", () => {
    // A fixed LCG, so a failure is reproducible.
    let seed = 42;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    const heap = new MinHeap<number>((a, b) => a < b);
    const model: number[] = [];
    for (let step = 0; step < 5000; step++) {
      if (model.length === 0 || next() % 3 !== 0) {
        const v = next() % 1000;
        heap.push(v);
        model.push(v);
      } else {
        model.sort((a, b) => a - b);
        expect(heap.pop()).toBe(model.shift());
      }
      expect(heap.size).toBe(model.length);
    }
    model.sort((a, b) => a - b);
    const rest: number[] = [];
    for (let v = heap.pop(); v !== undefined; v = heap.pop()) rest.push(v);
    expect(rest).toEqual(model);
    expect(heap.peek()).toBeUndefined();
  });
});
