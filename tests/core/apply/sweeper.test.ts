import { describe, expect, it } from "vitest";
import { startSweeper } from "../../../src/core/apply/sweeper.ts";
import { captureLogger } from "./support.ts";

describe("the idle-dialogue sweeper", () => {
  it("sweeps on its interval, survives a failing sweep, and stops when asked", async () => {
    const { log, text } = captureLogger();
    let calls = 0;
    let reached: () => void = () => {};
    const thirdCall = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const stop = startSweeper(
      {
        async sweep() {
          calls += 1;
          if (calls === 1) throw new Error("store busy");
          if (calls === 3) reached();
        },
      },
      log,
      5,
    );
    await thirdCall;
    await stop();
    const after = calls;
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toBe(after);
    expect(text()).toContain("sweeping idle dialogues failed");
  });
});
