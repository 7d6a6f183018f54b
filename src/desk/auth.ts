import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Locale } from "../domain/locale.ts";

export const SESSION_COOKIE = "paperboy_desk";

/** How long a sign-in link works. */
export const LINK_VALID_MS = 10 * 60_000;
/** How long a session lasts without use. */
export const SESSION_IDLE_MS = 12 * 3600_000;

export interface Session {
  id: string;
  /** The namespaced id of the signed-in admin (`telegram:42`): every action is audited under it. */
  admin: string;
  /** Sent back with every change (form field or header): a page on another site cannot know it. */
  csrf: string;
  locale: Locale;
  lastSeen: number;
  /** What the last action did, shown once on the next page (post, redirect, get). */
  flash?: { text: string; ok: boolean };
  /** The date of a push this session started: its page follows the push even if it ended at once. */
  pushing?: string;
}

function token(): string {
  return randomBytes(24).toString("base64url");
}

/** Compares two secrets in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * One-time sign-in links and the sessions they open. Both live in the bot's memory only: a link
 * or a session never touches the disk, and restarting the bot signs everybody out (an editor asks
 * for a new link), which is the safe side for a desk that can push to every group.
 */
export class DeskAuth {
  private readonly links = new Map<string, { admin: string; expires: number }>();
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A fresh link token for `admin`, valid for ten minutes and for one use. */
  issueLink(admin: string): string {
    this.prune();
    const t = token();
    this.links.set(t, { admin, expires: this.now() + LINK_VALID_MS });
    return t;
  }

  /** Uses a link: a session for its admin, or undefined when it is unknown, used or expired. */
  redeem(linkToken: string, locale: Locale): Session | undefined {
    const link = this.links.get(linkToken);
    // Deleted before the checks: a second use finds nothing, expired or not.
    this.links.delete(linkToken);
    if (!link || link.expires < this.now()) return undefined;
    const session: Session = { id: token(), admin: link.admin, csrf: token(), locale, lastSeen: this.now() };
    this.sessions.set(session.id, session);
    return session;
  }

  session(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (s.lastSeen + SESSION_IDLE_MS < this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    s.lastSeen = this.now();
    return s;
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  private prune(): void {
    const now = this.now();
    for (const [k, l] of this.links) if (l.expires < now) this.links.delete(k);
    for (const [k, s] of this.sessions) if (s.lastSeen + SESSION_IDLE_MS < now) this.sessions.delete(k);
  }
}
