import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundHandlers, PlatformAdapter, PlatformDescriptor } from "../../src/core/ports/index.ts";
import { SendError } from "../../src/core/ports/index.ts";

/** One platform on its real client and a local stand-in, as the contract suite needs it. */
export interface ContractSubject {
  adapter: PlatformAdapter;
  /** A chat the stand-in knows, namespaced. */
  chatId: string;
  /** Resolves with the texts the chat received once it has `n` of them. */
  received(n: number): Promise<string[]>;
  /** Started by the suite when the subject needs it; torn down after. */
  stop(): Promise<void>;
}

const quiet: InboundHandlers = { onMessage: async () => [], onChatEvent: async () => [] };

/**
 * The adapter contract, run against every platform (as tests/store/contract.ts is against every
 * store): what the core and the delivery layer rely on, whatever the platform.
 */
export function adapterContract(
  descriptor: PlatformDescriptor,
  setup: () => Promise<ContractSubject>,
  opts: { startedBySetup?: boolean } = {},
): void {
  describe(`${descriptor.id} adapter (platform contract)`, () => {
    let s: ContractSubject;
    beforeAll(async () => {
      s = await setup();
      if (!opts.startedBySetup) await s.adapter.start(quiet);
    }, 60_000);
    afterAll(async () => {
      await s.adapter.stop();
      await s.stop();
    });

    it("is the platform its descriptor names, and its chat ids are namespaced by it", () => {
      expect(s.adapter.platform).toBe(descriptor.id);
      expect(s.chatId.startsWith(`${descriptor.id}:`)).toBe(true);
    });

    it("renders a reply into parts the way its descriptor's renderer does", () => {
      const reply = {
        blocks: [
          { kind: "heading" as const, text: "跨境快报" },
          { kind: "paragraph" as const, text: "正文 <b> & 🚢" },
        ],
      };
      const parts = s.adapter.render(reply);
      expect(parts.length).toBeGreaterThan(0);
      expect(parts).toEqual(descriptor.render(reply));
    });

    it("sends a rendered reply and returns a message id for the ledger; the chat receives its text", async () => {
      const parts = s.adapter.render({ blocks: [{ kind: "paragraph", text: "contract: hello 你好" }] });
      const ids: string[] = [];
      for (const part of parts) ids.push((await s.adapter.send(s.chatId, part)).messageId);
      expect(ids.every((id) => typeof id === "string" && id.length > 0)).toBe(true);
      const texts = await s.received(1);
      expect(texts.join("\n")).toContain("contract: hello 你好");
    });

    it("fails a send it cannot make with one of the typed send errors, never a raw one", async () => {
      const elsewhere = `${descriptor.id === "zzz" ? "yyy" : "zzz"}:1`;
      const err = await s.adapter.send(elsewhere, { type: "text", text: "x", format: "plain" }).then(
        () => undefined,
        (e: unknown) => e,
      );
      // A terminal writes anything anywhere; every other platform must refuse a chat it does not have.
      if (err !== undefined) expect(err).toBeInstanceOf(SendError);
      else expect(descriptor.fallback).toBe(true);
    });

    it("states limits the delivery layer can enforce (the descriptor's, for the configured account)", () => {
      const limits = s.adapter.limits ?? descriptor.limits();
      expect(Array.isArray(limits.global)).toBe(true);
      expect(Array.isArray(limits.perChat(s.chatId))).toBe(true);
      for (const rule of [...limits.global, ...limits.perChat(s.chatId)]) {
        expect(rule.limit).toBeGreaterThanOrEqual(1);
        expect(rule.windowMs).toBeGreaterThan(0);
      }
    });
  });
}
