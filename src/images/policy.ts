import path from "node:path";
import type { Config } from "../config.ts";

/**
 * Where an issue's images may come from. Local files only from one folder (PAPERBOY_IMAGE_DIR);
 * URLs only from the publisher's own site (the host of PAPERBOY_IMAGE_BASE_URL) and the hosts listed
 * in PAPERBOY_IMAGE_HOSTS. The base URL's host is one the operator typed in, so it is trusted even
 * when it resolves to a private address (a publisher's intranet server, or a test stand-in).
 */
export interface ImagePolicy {
  imageDir: string;
  baseUrl?: string;
  allowHosts: string[];
  trustPrivateHosts: string[];
  /** The largest picture any platform takes (Telegram uploads: 10 MB). */
  maxBytes: number;
  fetchTimeoutMs: number;
}

export const DEFAULT_IMAGE_MAX_BYTES = 10 * 1024 * 1024;

export function imagePolicy(
  config: Pick<Config, "imageDir" | "imageBaseUrl" | "imageHosts">,
  maxBytes = DEFAULT_IMAGE_MAX_BYTES,
): ImagePolicy {
  const baseHost = config.imageBaseUrl ? [hostWithPort(new URL(config.imageBaseUrl))] : [];
  return {
    imageDir: path.resolve(config.imageDir),
    baseUrl: config.imageBaseUrl,
    allowHosts: [...baseHost, ...config.imageHosts],
    trustPrivateHosts: baseHost,
    maxBytes,
    fetchTimeoutMs: 15_000,
  };
}

/** `host:port` when the URL names a port, so trusting `127.0.0.1:8080` does not trust all of 127.0.0.1. */
function hostWithPort(u: URL): string {
  return u.port ? `${u.hostname}:${u.port}` : u.hostname;
}
