import { statSync } from "node:fs";
import type { ImageLocation } from "../../images/index.ts";

/**
 * The Telegram `file_id` of every picture this bot process has sent, so an image is uploaded once and
 * every later send of it (the same picture to a thousand groups) names the file Telegram already
 * has: a request of a few hundred bytes instead of a multipart upload, a shorter round trip, no
 * upload bandwidth per chat. That is how well-kept bots send the same media to many chats.
 *
 * In memory only, and per process: after a restart (a push resumed after a crash) the first send of
 * each image uploads it again and learns a new id. An id Telegram no longer takes is forgotten and
 * the picture uploaded again (see encode.ts).
 */
export class PhotoIds {
  private readonly ids = new Map<string, string>();
  private readonly uploads = new Map<string, Promise<void>>();

  /** `max`: ids kept (oldest forgotten first): a long-running bot sends new pictures every day. */
  constructor(private readonly max = 2000) {}

  get(key: string): string | undefined {
    return this.ids.get(key);
  }

  forget(key: string): void {
    this.ids.delete(key);
  }

  /** The upload of this picture another send has in flight, if any (wait for it, then reuse its id). */
  inFlight(key: string): Promise<void> | undefined {
    return this.uploads.get(key);
  }

  /**
   * Marks an upload of `key` as in flight; call the returned function with the id Telegram gave the
   * picture, or with nothing when the upload failed (the next send uploads it again).
   */
  begin(key: string): (fileId?: string) => void {
    let done!: () => void;
    const upload = new Promise<void>((resolve) => {
      done = resolve;
    });
    this.uploads.set(key, upload);
    return (fileId) => {
      if (fileId) this.remember(key, fileId);
      if (this.uploads.get(key) === upload) this.uploads.delete(key);
      done();
    };
  }

  get size(): number {
    return this.ids.size;
  }

  private remember(key: string, fileId: string): void {
    this.ids.delete(key);
    this.ids.set(key, fileId);
    if (this.ids.size > this.max) this.ids.delete(this.ids.keys().next().value as string);
  }
}

/**
 * What identifies a picture for reuse: its URL, or its file in the image folder together with the
 * file's identity and version (inode, size, modification time), so a picture replaced under the same
 * name is uploaded anew. Undefined when the file cannot be looked at (the upload then says why).
 */
export function photoKey(loc: ImageLocation): string | undefined {
  if (loc.kind === "url") return `url:${loc.url}`;
  // Synchronous, as the store's freshness check: a stat of a picture just sent is a cached inode,
  // and the promise version's round trip through the thread pool was ~4% of the bot's CPU in a
  // 10,000-group push (every group gets every picture).
  try {
    const s = statSync(loc.file, { throwIfNoEntry: false });
    return s && `file:${loc.file}:${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}
