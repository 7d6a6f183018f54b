import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import type { Logger } from "../../log.ts";
import { clientConfig, connectionError, type PgTarget, schemaOf } from "./connect.ts";

/**
 * Which of several `paperboy start` on one database is active: the one whose own session holds a
 * PostgreSQL advisory lock. A lock held by a session is released by the server the moment that
 * session ends, so when the active process dies (kill -9 included: the kernel closes its socket,
 * the server sees it) a standby's next try takes it. A machine that dies without closing its socket
 * is caught by the server's TCP keepalives, and a hung one by its `idle_session_timeout` (the
 * active heartbeats well inside it); the active in turn treats a failed heartbeat as a lost lease and stops at once, so two
 * never send side by side for longer than one heartbeat.
 */
export interface LeaseOptions extends PgTarget {
  log?: Logger;
  /** How often a standby tries to take the lease (default 1 s). */
  pollMs?: number;
  /** How often the active proves its session alive (default 3 s). */
  heartbeatMs?: number;
  /**
   * A lease session silent this long is ended by the server, releasing the lease (default 60 s): the
   * bound on a hung holder. Longer than the event loop may stall in a big push (see limitSilence).
   */
  silentMs?: number;
  /** Called once if the active loses its session: stop sending now (another process may take over). */
  onLost: (err: Error) => void;
  /** Stops waiting (a standby told to shut down). */
  signal?: AbortSignal;
}

export interface LeaseHolder {
  role: "active" | "standby";
  host: string;
  pid: number;
  /** When its session started (ISO). */
  since: string;
}

type Role = LeaseHolder["role"];

function leaseKey(schema: string): string {
  return `paperboy-active:${schema}`;
}

/** What the lease session calls itself in pg_stat_activity: `paperboy active pid=12 schema=public host=web-1`. */
function sessionName(role: Role, schema: string): string {
  return `paperboy ${role} pid=${process.pid} schema=${schema} host=${os.hostname()}`.slice(0, 63);
}

const SESSION_NAME = /^paperboy (active|standby) pid=(\d+) schema=(\S+) host=(.*)$/;

export class ActiveLease {
  private heartbeat: NodeJS.Timeout | undefined;
  private lost = false;
  private released = false;

  private constructor(
    private readonly client: pg.Client,
    private readonly opts: LeaseOptions,
  ) {}

  /** Waits (standing by) until this process holds the lease, then keeps it alive. */
  static async acquire(opts: LeaseOptions): Promise<ActiveLease> {
    const schema = schemaOf(opts);
    const pollMs = opts.pollMs ?? 1000;
    let announced = false;
    for (;;) {
      opts.signal?.throwIfAborted();
      const client = new pg.Client({
        ...clientConfig(opts, sessionName("standby", schema)),
        query_timeout: 10_000,
      });
      let failure: Error | undefined;
      // A connection dropping between two queries is reported here; the next query then fails.
      client.on("error", (err) => {
        failure ??= err;
      });
      try {
        await client.connect();
        await limitSilence(client, opts.silentMs ?? 60_000);
        for (;;) {
          if (failure) throw failure;
          const r = await client.query<{ got: boolean }>(
            "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS got",
            [leaseKey(schema)],
          );
          if (r.rows[0]?.got) {
            await client.query("SELECT set_config('application_name', $1, false)", [
              sessionName("active", schema),
            ]);
            const lease = new ActiveLease(client, opts);
            lease.keepAlive();
            opts.log?.info(
              { host: os.hostname(), pid: process.pid },
              "holding the lease: this process is active",
            );
            return lease;
          }
          if (!announced) {
            const { active } = await leaseHolders(opts);
            opts.log?.info(
              { active: active ? `${active.host} pid ${active.pid}` : "unknown" },
              "standing by: another paperboy is active on this database",
            );
            announced = true;
          }
          await sleep(pollMs, undefined, { signal: opts.signal });
        }
      } catch (err) {
        await client.end().catch(() => {});
        if (opts.signal?.aborted) throw err;
        opts.log?.warn({ err: connectionError(opts, err) }, "lease session failed; trying again");
        await sleep(pollMs, undefined, { signal: opts.signal });
      }
    }
  }

  private keepAlive(): void {
    const beat = () => {
      this.client.query("SELECT 1").then(
        () => {
          if (!this.released && !this.lost) this.heartbeat = setTimeout(beat, this.opts.heartbeatMs ?? 3000);
        },
        (err: Error) => this.loseLease(err),
      );
    };
    this.client.on("error", (err) => this.loseLease(err));
    this.client.on("end", () => this.loseLease(new Error("the lease session ended")));
    this.heartbeat = setTimeout(beat, this.opts.heartbeatMs ?? 3000);
  }

  private loseLease(err: Error): void {
    if (this.released || this.lost) return;
    this.lost = true;
    if (this.heartbeat) clearTimeout(this.heartbeat);
    this.opts.log?.error(
      { err: connectionError(this.opts, err) },
      "lost the lease: another paperboy may take over",
    );
    this.opts.onLost(err);
  }

  /** Gives the lease up (a clean stop): a standby takes over at its next try. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    if (this.heartbeat) clearTimeout(this.heartbeat);
    await this.client.end().catch(() => {});
  }
}

/**
 * How the lease of a holder that is gone comes free. A host that vanished without closing its
 * socket: TCP keepalive probes from the server (first after KEEPALIVE_SECS of quiet, then every
 * KEEPALIVE_SECS, three unanswered = dead: about 20 s). The kernel answers them, so they do not
 * depend on the holder's event loop, which planning or resuming a push of 100,000 chats keeps busy
 * for tens of seconds: a heartbeat missed then must not cost the lease (it did when the server's
 * idle timeout was 15 s). A holder alive but hung: `idle_session_timeout` (`silentMs`, PostgreSQL
 * 14+) ends its session once it has said nothing for that long.
 */
const KEEPALIVE_SECS = 5;

async function limitSilence(client: pg.Client, silentMs: number): Promise<void> {
  await client.query(
    `SELECT set_config('idle_session_timeout', $1, false),
            set_config('tcp_keepalives_idle', $2, false),
            set_config('tcp_keepalives_interval', $2, false),
            set_config('tcp_keepalives_count', '3', false)`,
    [`${silentMs}ms`, String(KEEPALIVE_SECS)],
  );
}

/** Who is active on this database (schema), and who stands by: from the server's own session list. */
export async function leaseHolders(
  target: PgTarget,
): Promise<{ active?: LeaseHolder; standbys: LeaseHolder[] }> {
  const schema = schemaOf(target);
  const client = new pg.Client(clientConfig(target, `paperboy status pid=${process.pid}`));
  await client.connect();
  try {
    const r = await client.query<{ name: string; since: Date; holds: boolean }>(
      `SELECT a.application_name AS name, a.backend_start AS since,
              EXISTS (SELECT 1 FROM pg_locks l
                      WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted) AS holds
       FROM pg_stat_activity a
       WHERE a.datname = current_database() AND a.application_name LIKE 'paperboy %'
       ORDER BY a.backend_start`,
    );
    const out: { active?: LeaseHolder; standbys: LeaseHolder[] } = { standbys: [] };
    for (const row of r.rows) {
      const m = SESSION_NAME.exec(row.name);
      if (!m || m[3] !== schema) continue;
      const holder: LeaseHolder = {
        role: m[1] as Role,
        pid: Number(m[2]),
        host: m[4] ?? "",
        since: new Date(row.since).toISOString(),
      };
      if (holder.role === "active" && row.holds) out.active = holder;
      else if (holder.role === "standby") out.standbys.push(holder);
    }
    return out;
  } finally {
    await client.end().catch(() => {});
  }
}
