import ipaddr from "ipaddr.js";

/**
 * Which addresses a guarded fetch may connect to. Only ordinary public unicast addresses pass:
 * loopback, private (RFC 1918, unique-local), link-local (this includes the cloud metadata address
 * 169.254.169.254), carrier-grade NAT (Alibaba's metadata 100.100.100.200), multicast, reserved and
 * unspecified ranges are refused. IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 it wraps.
 */
export function addressRange(address: string): string {
  if (!ipaddr.isValid(address)) return "invalid";
  return ipaddr.process(address).range();
}

export function isPublicAddress(address: string): boolean {
  return addressRange(address) === "unicast";
}

/** `[::1]` in a URL's hostname → `::1`; everything else unchanged, lower-cased. */
export function bareHostname(hostname: string): string {
  const h = hostname.toLowerCase();
  return h.startsWith("[") && h.endsWith("]") ? h.slice(1, -1) : h;
}

/**
 * A host list entry matches the same hostname, or any subdomain when written `*.example.com`.
 * Entries may carry a port (`127.0.0.1:8080`); then the port must match too.
 */
export function hostMatches(patterns: readonly string[], hostname: string, port: string): boolean {
  const host = bareHostname(hostname);
  return patterns.some((raw) => {
    const { name, port: wantPort } = splitPattern(raw);
    if (wantPort && wantPort !== port) return false;
    if (name.startsWith("*.")) return host.endsWith(name.slice(1)) && host.length > name.length - 1;
    return host === name;
  });
}

function splitPattern(raw: string): { name: string; port: string } {
  const p = raw.trim().toLowerCase();
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(p);
  if (v6) return { name: v6[1] ?? "", port: v6[2] ?? "" };
  const m = /^([^:]+):(\d+)$/.exec(p);
  if (m) return { name: m[1] ?? "", port: m[2] ?? "" };
  return { name: p, port: "" };
}
