import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Command } from "commander";
import { createApp } from "../app.ts";
import { type Config, loadConfig } from "../config.ts";
import { createLogger, type Logger } from "../log.ts";
import { PLATFORMS } from "../platforms/registry.ts";
import { selectPlatforms } from "../platforms/select.ts";
import { acquireInstanceLock, type InstanceLock } from "../store/instance-lock.ts";
import type { ActiveLease } from "../store/postgres/lease.ts";
import { storeSessions } from "../store/sessions.ts";
import { reportFailure } from "./failure.ts";

/**
 * The console demo (no platform configured) runs on a store of its own in a temporary folder, seeded
 * with the bundled sample: the fictional issue, test applications and `/lang` choices must never
 * land in the real data dir, where a bot configured later would serve them as real.
 */
async function demoConfig(config: Config): Promise<Config> {
  const dir = await mkdtemp(path.join(tmpdir(), "paperboy-demo-"));
  // Never the configured database either: the demo must leave every real store untouched.
  return { ...config, dataDir: dir, imageDir: path.join(dir, "images"), databaseUrl: undefined };
}

const fallbacks = PLATFORMS.filter((p) => p.fallback);
const named = PLATFORMS.filter((p) => !p.fallback).map((p) => p.title);
/** Who sits at the terminal of the demo (the fallback platform's operator). */
const localOperators = fallbacks.flatMap((p) => (p.localOperatorId ? [p.localOperatorId] : []));

export function registerStartCommand(program: Command): void {
  const command = program
    .command("start", { isDefault: true })
    .description(
      `run the bot: ${named.join(", ")} when configured, else a ${fallbacks.map((p) => p.title).join(", ")} on the sample issue (on a demo store of its own)`,
    );
  for (const p of fallbacks)
    command.option(`--${p.id}`, `also run the ${p.title} when platforms are configured`);
  command.action(async (opts: Record<string, boolean | undefined>) => {
    const loaded = loadConfig();
    const also = fallbacks.filter((p) => opts[p.id]).map((p) => p.id);
    const platformsConfigured = Object.keys(loaded.platforms).length > 0;
    const demo = !platformsConfigured;
    // In the console demo the person at the terminal runs everything: they are its admin (and the
    // desk's), unless PAPERBOY_ADMINS names someone.
    const withAdmins = demo && loaded.admins.length === 0 ? { ...loaded, admins: localOperators } : loaded;
    const config = demo ? await demoConfig(withAdmins) : withAdmins;
    // In the console chat, logs would interleave with the conversation: only warnings by default.
    const log = createLogger({
      level: config.logLevel ?? (platformsConfigured ? "info" : "warn"),
    });
    // Before any platform is contacted: a second bot on this data dir exits here, non-zero.
    let lock: InstanceLock | undefined;
    if (!demo) {
      await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
      lock = await acquireInstanceLock(config.dataDir);
    }
    const cleanUp = async () => {
      await lock?.release();
      if (demo) await rm(config.dataDir, { recursive: true, force: true });
    };
    // On PostgreSQL, several processes may run: only the one holding the lease connects and sends.
    const lease = config.databaseUrl
      ? await holdLease(config.databaseUrl, config.databaseSchema, log)
      : undefined;
    let app: Awaited<ReturnType<typeof createApp>> | undefined;
    let consoleEnded: Promise<void> | undefined;
    try {
      // On PostgreSQL the platforms keep their login sessions in the store, which the app opens
      // next: they read it only once started, by then it is open.
      const sessions = config.databaseUrl ? storeSessions(() => app?.store) : undefined;
      const selected = await selectPlatforms(config, log, { also, sessions });
      consoleEnded = selected.inputEnded;
      app = await createApp(config, {
        log,
        adapters: selected.adapters,
        sampleOnEmpty: demo,
        desk: config.desk.enabled,
      });
    } catch (err) {
      await cleanUp();
      throw err;
    }

    let stopping: Promise<void> | undefined;
    const stop = (why: string) => {
      stopping ??= (async () => {
        log.info({ why }, "stopping");
        try {
          await app.stop();
        } catch (err) {
          process.exitCode = reportFailure(err);
        } finally {
          await cleanUp();
        }
        // Only once nothing more is sent: a standby may take over from here.
        await lease?.release();
      })();
      return stopping;
    };
    // `on`, not `once`: proper-lockfile's signal-exit kills the process again with the signal when
    // it finds itself the only listener, and a `once` listener is gone by the time it looks. A
    // second signal finds the stop already under way (stop() runs once).
    process.on("SIGINT", () => void stop("SIGINT").then(() => process.exit()));
    process.on("SIGTERM", () => void stop("SIGTERM").then(() => process.exit()));

    const demoNote =
      "演示模式：示例快报，临时数据，退出即清除，不写入数据目录 · demo: the sample issue on a temporary store, discarded on exit; your data dir is not touched";
    if (consoleEnded && process.stdin.isTTY) {
      process.stdout.write(
        `paperboy 控制台聊天 · console chat — 输入 /help 查看命令，Ctrl-D 退出 (type /help, Ctrl-D quits)\n${demo ? `${demoNote}\n` : ""}`,
      );
    } else if (demo) process.stderr.write(`paperboy: ${demoNote}\n`);
    try {
      await app.start();
    } catch (err) {
      await stop("start failed");
      throw err;
    }
    if (app.desk) {
      // stderr, so piped console answers stay clean; shown on a terminal either way.
      process.stderr.write(
        `编辑台 editor's desk: ${app.desk.url} — 登录链接 sign-in link: npx paperboy desk-link${platformsConfigured ? " (or /desk in a private chat)" : ""}\n`,
      );
    }
    if (consoleEnded) {
      await consoleEnded;
      // Piped input ended and every line was answered: the console chat is over.
      if (!platformsConfigured) {
        await stop("input ended");
        process.exit();
      }
    }
  });
}

/**
 * Stands by until this process holds the database's lease. A standby polls nothing, logs in
 * nowhere and sends nothing; it only tries the lease once a second. Losing the lease later ends the
 * process at once (exit 75, "try again"): another process may be sending already, and a supervisor
 * that restarts this one makes it a standby.
 */
async function holdLease(url: string, schema: string, log: Logger): Promise<ActiveLease> {
  const waiting = new AbortController();
  const giveUp = () => waiting.abort();
  process.once("SIGINT", giveUp);
  process.once("SIGTERM", giveUp);
  try {
    const { ActiveLease } = await import("../store/postgres/lease.ts");
    return await ActiveLease.acquire({
      url,
      schema,
      log,
      signal: waiting.signal,
      onLost: () => {
        log.fatal("lost the database lease: stopping now so that only one paperboy sends");
        process.exit(75);
      },
    });
  } catch (err) {
    if (waiting.signal.aborted) process.exit(0);
    throw err;
  } finally {
    process.off("SIGINT", giveUp);
    process.off("SIGTERM", giveUp);
  }
}
