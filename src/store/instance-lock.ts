import { readFileSync } from "node:fs";
import { open, readFile, rename, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";

/**
 * One bot per data dir. `paperboy start` takes this lock before it connects to any platform, so a
 * second start exits at once instead of fighting the first for updates (Telegram's 409 Conflict) and
 * pushing everything twice. The lock is a file created exclusively (O_EXCL) that names the holder:
 * pid, host and start time. It does not depend on the control socket (whose path the OS may cut
 * short). A holder that died, even by kill -9, is detected by its pid being gone (or reused by a
 * process that is not paperboy) and its lock is taken over at once.
 */
export const INSTANCE_LOCK = "paperboy.pid";

export class AnotherBotRunning extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: Holder,
  ) {
    super(
      `another paperboy is already running with this data dir (pid ${holder.pid} since ${holder.since}, lock ${lockFile}); stop it first`,
    );
    this.name = "AnotherBotRunning";
  }
}

interface Holder {
  pid: number;
  host: string;
  since: string;
}

export interface InstanceLock {
  readonly file: string;
  release(): Promise<void>;
}

export async function acquireInstanceLock(dataDir: string): Promise<InstanceLock> {
  const file = path.join(dataDir, INSTANCE_LOCK);
  const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fh = await open(file, "wx", 0o600);
      try {
        // Not fsynced: after a power cut the holder is dead whatever the file says, and an empty or
        // torn lock is taken over below; an fsync here cost a start up to half a second on a busy disk.
        await fh.writeFile(`${JSON.stringify(me)}\n`);
      } finally {
        await fh.close();
      }
      return {
        file,
        async release() {
          // Only our own lock: never remove one a later bot took over.
          const now = await readHolder(file);
          if (now?.pid === me.pid && now.since === me.since) await unlink(file).catch(() => {});
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const holder = await readHolder(file);
    if (holder && isAlive(holder)) throw new AnotherBotRunning(file, holder);
    // Stale (or torn by a crash while being written). Moving it aside first makes the takeover
    // atomic: of two bots starting at once, only one rename succeeds; the other retries and meets
    // the winner's fresh lock.
    const aside = `${file}.stale-${process.pid}-${attempt}`;
    try {
      await rename(file, aside);
      await unlink(aside).catch(() => {});
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
  throw new Error(`could not take the lock ${file}`);
}

async function readHolder(file: string): Promise<Holder | undefined> {
  try {
    const h = JSON.parse(await readFile(file, "utf8")) as Holder;
    return typeof h.pid === "number" ? h : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(h: Holder): boolean {
  // Another machine sharing the folder (NFS): we cannot see its processes, so it counts as alive.
  if (h.host !== hostname()) return true;
  if (h.pid === process.pid) return false;
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  // The pid exists; after a reboot or in a container it may belong to something else now.
  try {
    const cmd = readFileSync(`/proc/${h.pid}/cmdline`, "utf8");
    return /paperboy|node|tsx/.test(cmd);
  } catch {
    return true;
  }
}
