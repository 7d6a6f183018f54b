import { lookup as dnsLookup } from "node:dns/promises";
import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { addressRange, bareHostname, hostMatches } from "./address-policy.ts";
import { FetchRefused } from "./errors.ts";

export type Resolver = (hostname: string) => Promise<string[]>;

export interface GuardedFetchOptions {
  /** Hosts that may be fetched (`example.com`, `*.cdn.example.com`, `127.0.0.1:8080`); `"any"` = any public host. */
  allowHosts: readonly string[] | "any";
  /**
   * Hosts the operator configured themselves (e.g. the publisher's own site), trusted even when they
   * resolve to loopback/private addresses. Never derived from input; an attacker-controlled URL
   * redirecting to such a host must still be allowed by `allowHosts`.
   */
  trustPrivateHosts?: readonly string[];
  maxBytes?: number;
  /** One deadline for the whole fetch, redirects included. */
  timeoutMs?: number;
  maxRedirects?: number;
  headers?: Record<string, string>;
  /** Replaces DNS (tests); defaults to the system resolver, every address it returns. */
  resolve?: Resolver;
}

export interface GuardedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  finalUrl: string;
}

export const FETCH_DEFAULTS = { maxBytes: 10 * 1024 * 1024, timeoutMs: 15_000, maxRedirects: 5 } as const;

const systemResolve: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * GET a URL without letting it reach the host's own network: the host must be allowed, every
 * address it resolves to must be public (unless the operator trusts that host), and the connection
 * is made to exactly the address that was checked (a pinned lookup), so a DNS answer that changes
 * between check and connect (rebinding) cannot swap it. Redirects are followed by hand and each hop
 * is checked the same way. Time and size are bounded.
 */
export async function guardedFetch(url: string, options: GuardedFetchOptions): Promise<GuardedResponse> {
  const maxBytes = options.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const maxRedirects = options.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  const deadline = Date.now() + (options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs);
  let current = url;
  for (let hop = 0; ; hop++) {
    const target = parseTarget(current);
    checkHostAllowed(target, options);
    const address = await vetAddress(target, options, deadline);
    const res = await request(target, address, options.headers ?? {}, deadline, maxBytes);
    const location = res.headers.location;
    if (res.status >= 300 && res.status < 400 && location) {
      if (hop >= maxRedirects)
        throw new FetchRefused("too-many-redirects", url, `more than ${maxRedirects} redirects`);
      current = new URL(location, target.href).href;
      continue;
    }
    return { ...res, finalUrl: target.href };
  }
}

function parseTarget(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new FetchRefused("bad-url", raw, "not a URL");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw new FetchRefused("scheme", raw, `only http and https are fetched, not ${u.protocol}`);
  if (u.username || u.password) throw new FetchRefused("bad-url", raw, "credentials in URLs are refused");
  return u;
}

function defaultPort(u: URL): string {
  return u.port || (u.protocol === "https:" ? "443" : "80");
}

function checkHostAllowed(u: URL, options: GuardedFetchOptions): void {
  if (options.allowHosts === "any") return;
  if (!hostMatches(options.allowHosts, u.hostname, defaultPort(u)))
    throw new FetchRefused("host-not-allowed", u.href, `host ${u.hostname} is not on the allowed list`);
}

async function vetAddress(u: URL, options: GuardedFetchOptions, deadline: number): Promise<string> {
  const host = bareHostname(u.hostname);
  const trusted = hostMatches(options.trustPrivateHosts ?? [], u.hostname, defaultPort(u));
  let addresses: string[];
  if (addressRange(host) !== "invalid") addresses = [host];
  else {
    try {
      addresses = await withDeadline((options.resolve ?? systemResolve)(host), deadline, u.href);
    } catch (err) {
      if (err instanceof FetchRefused) throw err;
      throw new FetchRefused("dns", u.href, `cannot resolve ${host}`);
    }
  }
  if (addresses.length === 0) throw new FetchRefused("dns", u.href, `cannot resolve ${host}`);
  // Every answer must pass, not just the first: otherwise a round-robin answer mixing a public and a
  // private address would pass the check and let the OS pick the private one.
  for (const a of addresses) {
    const range = addressRange(a);
    if (range !== "unicast" && !trusted)
      throw new FetchRefused("private-address", u.href, `${host} resolves to a ${range} address (${a})`);
  }
  return addresses[0] as string;
}

async function withDeadline<T>(p: Promise<T>, deadline: number, url: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new FetchRefused("timeout", url, "timed out")),
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function request(
  u: URL,
  address: string,
  headers: Record<string, string>,
  deadline: number,
  maxBytes: number,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  const family = address.includes(":") ? 6 : 4;
  // The pinned lookup: whatever name the socket asks for, it gets the address we vetted.
  const pinned: LookupFunction = (_host, opts, cb) => {
    if ((opts as { all?: boolean }).all)
      (cb as unknown as (e: null, a: object[]) => void)(null, [{ address, family }]);
    else cb(null, address, family);
  };
  const lib = u.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(new FetchRefused("timeout", u.href, "timed out"));
    const req = lib.request(
      u,
      { method: "GET", headers: { "user-agent": "paperboy", ...headers }, lookup: pinned, agent: false },
      (res: IncomingMessage) => {
        const declared = Number(res.headers["content-length"]);
        if (Number.isFinite(declared) && declared > maxBytes) {
          req.destroy();
          return reject(tooLarge(u, maxBytes));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy();
            reject(tooLarge(u, maxBytes));
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", (err) => reject(new FetchRefused("network", u.href, err.message)));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      reject(new FetchRefused("timeout", u.href, "timed out"));
    }, remaining);
    req.on("close", () => clearTimeout(timer));
    req.on("error", (err) => reject(new FetchRefused("network", u.href, err.message)));
    req.end();
  });
}

function tooLarge(u: URL, maxBytes: number): FetchRefused {
  return new FetchRefused("too-large", u.href, `larger than ${maxBytes} bytes`);
}
