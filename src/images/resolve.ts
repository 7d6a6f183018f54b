import { lstat, open, realpath } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FetchRefused, guardedFetch, hostMatches } from "../net/index.ts";
import type { ImagePolicy } from "./policy.ts";

/** An image the policy refuses, with the reason in words an editor understands. */
export class ImageRefused extends Error {
  constructor(
    readonly src: string,
    readonly reason: string,
  ) {
    super(`image ${src} refused: ${reason}`);
    this.name = "ImageRefused";
  }
}

/** Where an image reference points, once the policy allows it (nothing read or fetched yet). */
export type ImageLocation = { kind: "file"; file: string } | { kind: "url"; url: string };

export interface ImageBytes {
  data: Buffer;
  name: string;
  mime: string;
}

/**
 * Turns an issue's image reference into a file in the image folder or an allowed URL. Site paths
 * (`/upload/img/…`) go under PAPERBOY_IMAGE_BASE_URL when set, else under the image folder. Throws
 * ImageRefused for anything else: other schemes, hosts not allowed, paths that climb out.
 */
export function locateImage(src: string, policy: ImagePolicy): ImageLocation {
  const s = src.trim();
  if (/^https?:\/\//i.test(s)) return { kind: "url", url: allowedUrl(s, policy) };
  if (/^file:\/\//i.test(s)) {
    let file: string;
    try {
      file = fileURLToPath(s);
    } catch {
      throw new ImageRefused(src, "not a valid file URL");
    }
    return { kind: "file", file: insideFolder(src, file, policy) };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(s))
    throw new ImageRefused(src, "only http(s) URLs and site paths are images");
  // An absolute path that already names a file in the image folder is that file.
  if (path.isAbsolute(s) && isInside(policy.imageDir, path.resolve(s)))
    return { kind: "file", file: path.resolve(s) };
  const relative = s.replace(/^\/+/, "");
  if (policy.baseUrl) {
    const base = policy.baseUrl.endsWith("/") ? policy.baseUrl : `${policy.baseUrl}/`;
    return { kind: "url", url: allowedUrl(new URL(relative, base).href, policy) };
  }
  return { kind: "file", file: insideFolder(src, path.resolve(policy.imageDir, relative), policy) };
}

function allowedUrl(url: string, policy: ImagePolicy): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ImageRefused(url, "not a valid URL");
  }
  const port = u.port || (u.protocol === "https:" ? "443" : "80");
  if (!hostMatches(policy.allowHosts, u.hostname, port))
    throw new ImageRefused(
      url,
      `host ${u.hostname} is not allowed (allowed: the host of PAPERBOY_IMAGE_BASE_URL and PAPERBOY_IMAGE_HOSTS${policy.allowHosts.length ? `: ${policy.allowHosts.join(", ")}` : ", none set"})`,
    );
  return u.href;
}

function isInside(dir: string, file: string): boolean {
  return file.startsWith(dir + path.sep);
}

function insideFolder(src: string, file: string, policy: ImagePolicy): string {
  if (!isInside(policy.imageDir, path.resolve(file)))
    throw new ImageRefused(src, `outside the image folder ${policy.imageDir}`);
  return path.resolve(file);
}

/**
 * Reads a local image after resolving its real path: a symlink (or a symlinked folder) that leads
 * out of the image folder is refused, and so is anything that is not a picture by its magic bytes
 * (a store file renamed `.png` stays a store file) or is over the size limit.
 */
export async function readLocalImage(src: string, file: string, policy: ImagePolicy): Promise<ImageBytes> {
  let real: string;
  let root: string;
  try {
    root = await realpath(policy.imageDir);
    real = await realpath(file);
  } catch {
    const hint = policy.baseUrl
      ? ""
      : " (set PAPERBOY_IMAGE_BASE_URL to take site paths from the publisher's site)";
    throw new ImageRefused(src, `file not found in the image folder ${policy.imageDir}${hint}`);
  }
  if (!isInside(root, real)) throw new ImageRefused(src, "a link that leads out of the image folder");
  const info = await lstat(real);
  if (!info.isFile()) throw new ImageRefused(src, "not a file");
  if (info.size > policy.maxBytes) throw new ImageRefused(src, sizeReason(info.size, policy.maxBytes));
  const fh = await open(real, "r");
  let data: Buffer;
  try {
    data = await fh.readFile();
  } finally {
    await fh.close();
  }
  return { data, name: path.basename(real), mime: await imageMime(src, data, policy) };
}

/** Fetches an allowed URL through the guarded fetch and checks what came back is a picture. */
export async function fetchImage(src: string, url: string, policy: ImagePolicy): Promise<ImageBytes> {
  let res: Awaited<ReturnType<typeof guardedFetch>>;
  try {
    res = await guardedFetch(url, {
      allowHosts: policy.allowHosts,
      trustPrivateHosts: policy.trustPrivateHosts,
      maxBytes: policy.maxBytes,
      timeoutMs: policy.fetchTimeoutMs,
    });
  } catch (err) {
    if (err instanceof FetchRefused) throw new ImageRefused(src, `${err.reason}: ${err.message}`);
    throw err;
  }
  if (res.status !== 200) throw new ImageRefused(src, `the server answered ${res.status}`);
  const name = path.basename(new URL(res.finalUrl).pathname) || "image";
  return { data: res.body, name, mime: await imageMime(src, res.body, policy) };
}

const IMAGE_MIMES = new Set(["image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp"]);

async function imageMime(src: string, data: Buffer, policy: ImagePolicy): Promise<string> {
  if (data.length > policy.maxBytes) throw new ImageRefused(src, sizeReason(data.length, policy.maxBytes));
  // Loaded at the first picture, not at start: file-type and its tokenizers are ~20 ESM modules.
  const { fileTypeFromBuffer } = await import("file-type");
  const type = await fileTypeFromBuffer(data);
  if (!type || !IMAGE_MIMES.has(type.mime))
    throw new ImageRefused(src, `not a picture by its content (${type?.mime ?? "unknown type"})`);
  return type.mime;
}

function sizeReason(size: number, max: number): string {
  return `${(size / 1048576).toFixed(1)} MB, over the ${(max / 1048576).toFixed(0)} MB limit`;
}

/**
 * Checks an image as far as can be done without the network: the location policy, and for local
 * files the real path, content and size. Returns the refusal reason, or undefined when it may go.
 * Used at import (the editor hears about every refused image) and when a push is planned (a refused
 * image is marked skipped then, so it never takes a turn of the rate limiter).
 */
/** The image's bytes from wherever the policy places it (the image folder or an allowed host). */
export async function loadImage(src: string, policy: ImagePolicy): Promise<ImageBytes> {
  const where = locateImage(src, policy);
  return where.kind === "file" ? readLocalImage(src, where.file, policy) : fetchImage(src, where.url, policy);
}

export async function checkImage(src: string, policy: ImagePolicy): Promise<string | undefined> {
  try {
    const loc = locateImage(src, policy);
    if (loc.kind === "file") await readLocalImage(src, loc.file, policy);
    return undefined;
  } catch (err) {
    if (err instanceof ImageRefused) return err.reason;
    throw err;
  }
}
