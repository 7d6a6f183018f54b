import path from "node:path";
import { MemoryCard } from "memory-card";
import type { SessionKeeper } from "../../core/ports/index.ts";

/** The name the WeChat session is kept under: the file `wechat.memory-card.json`, or the setting `session:wechat`. */
export const WECHAT_SESSION = "wechat";

/** The memory card (wechaty's session file) is named after the data dir so it lives beside the data. */
export function memoryCardName(dataDir: string): string {
  return path.join(path.resolve(dataDir), WECHAT_SESSION);
}

type Payload = Record<string, string | number>;

/**
 * wechaty's memory card (where a puppet keeps its login session: cookies, tokens, device data) kept
 * by a SessionKeeper (the database) instead of a file: a restart, or a standby taking over on
 * another host, reads the session back and logs in without a new QR scan. wechaty hands the puppet
 * a `multiplex` of this card; those children are built by memory-card itself (`new this(options)`)
 * without a keeper and share this card's payload, and their `save()` comes back here.
 *
 * The payload is a secret. memory-card's own verbose logging prints the value of every `set` and
 * serialises its options (the parent card, payload included) when a child is made: `set` is
 * replaced by one that logs nothing, and `toJSON` shows a card's name only.
 */
export class KeptMemoryCard extends MemoryCard {
  private keeper: SessionKeeper | undefined;
  private loading: Promise<void> | undefined;

  static keptBy(keeper: SessionKeeper, name = WECHAT_SESSION): KeptMemoryCard {
    const card = new KeptMemoryCard({ name });
    card.keeper = keeper;
    return card;
  }

  /** Loads the card once (wechaty does not load a card it is given; it must be loaded before its start). */
  ready(): Promise<void> {
    this.loading ??= this.load();
    return this.loading;
  }

  override async load(): Promise<void> {
    if (!this.keeper || this.isMultiplex()) return super.load();
    if (this.payload) throw new Error("memory had already loaded before.");
    // Puppets store objects too (memory-card's type says string | number; its file storage keeps any JSON).
    this.payload = ((await this.keeper.load(this.name ?? WECHAT_SESSION)) ?? {}) as Payload;
  }

  override async save(): Promise<void> {
    if (!this.keeper || this.isMultiplex()) return super.save();
    if (!this.payload) throw new Error("no payload, please call load() first.");
    await this.keeper.save(this.name ?? WECHAT_SESSION, { ...this.payload });
  }

  override async destroy(): Promise<void> {
    if (!this.keeper || this.isMultiplex()) return super.destroy();
    await this.keeper.save(this.name ?? WECHAT_SESSION, undefined);
    this.payload = undefined;
    this.loading = undefined;
  }

  // biome-ignore lint/suspicious/noExplicitAny: memory-card's own signature
  override async set<T = any>(name: string, data: T): Promise<this> {
    if (!this.payload) throw new Error("no payload, please call load() first.");
    this.payload[this.resolveKey(name)] = data as unknown as Payload[string];
    return this;
  }

  toJSON(): string {
    return this.toString();
  }
}
