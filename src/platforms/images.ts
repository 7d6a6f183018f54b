import { access } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Where an image block's picture comes from: a URL (the platform or we download it), or a file we upload. */
export type PhotoSource = { url: string } | { file: string };

/**
 * Resolves an issue's image reference: absolute URLs as they are; paths the newsletter writes
 * (`/upload/img/…`) against `imageBaseUrl` when set, else as files under `dataDir`, uploaded.
 * Local files are only ever taken from inside `dataDir` (also for `file://` and absolute paths), so
 * an issue cannot make the bot upload any other file on the machine. Undefined when nothing is found.
 */
export async function resolvePhoto(
  src: string,
  opts: { imageBaseUrl?: string; dataDir?: string },
): Promise<PhotoSource | undefined> {
  if (/^https?:\/\//i.test(src)) return { url: src };
  const root = opts.dataDir ? path.resolve(opts.dataDir) : undefined;
  const inside = (file: string) => root !== undefined && file.startsWith(root + path.sep);
  if (src.startsWith("file://")) {
    const file = path.resolve(fileURLToPath(src));
    return inside(file) && (await exists(file)) ? { file } : undefined;
  }
  if (path.isAbsolute(src) && inside(path.resolve(src))) {
    return (await exists(src)) ? { file: path.resolve(src) } : undefined;
  }
  if (opts.imageBaseUrl)
    return { url: new URL(src.replace(/^\/+/, ""), withSlash(opts.imageBaseUrl)).toString() };
  if (root) {
    const file = path.resolve(root, src.replace(/^\/+/, ""));
    if (inside(file) && (await exists(file))) return { file };
  }
  return undefined;
}

function withSlash(base: string): string {
  return base.endsWith("/") ? base : `${base}/`;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
