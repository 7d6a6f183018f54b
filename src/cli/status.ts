import type { Command } from "commander";
import { loadConfig } from "../config.ts";
import type { Chat } from "../domain/chat.ts";
import { createLogger } from "../log.ts";
import { PLATFORMS } from "../platforms/registry.ts";
import { openStore } from "../store/open.ts";
import type { LeaseHolder } from "../store/postgres/lease.ts";
import { redactUrl } from "../store/postgres/url.ts";
import { dateArgument } from "./args.ts";
import { printPushReport } from "./push-report.ts";

export function registerStatusCommand(program: Command): void {
  program
    .command("status")
    .description(
      "issues stored, chats per platform and their state, and the last push (or the push of a date)",
    )
    .argument("[date]", "show the push report of this date (YYYY-MM-DD)")
    .option("--json", "print as JSON")
    .action(async (date: string | undefined, opts: { json?: boolean }) => {
      dateArgument(date);
      const config = loadConfig();
      const store = await openStore(config, { log: createLogger({ level: "warn" }) });
      try {
        const issues = await store.listIssues();
        const chats = await store.listChats();
        const processes = config.databaseUrl
          ? await (await import("../store/postgres/lease.ts")).leaseHolders({
              url: config.databaseUrl,
              schema: config.databaseSchema,
            })
          : undefined;
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ issues, chats, processes }, null, 2)}\n`);
          return;
        }
        const out: string[] = [];
        if (config.databaseUrl && processes) {
          out.push(`store: PostgreSQL ${redactUrl(config.databaseUrl)} (schema ${config.databaseSchema})`);
          out.push(processes.active ? `active: ${describeHolder(processes.active)}` : "active: none");
          for (const s of processes.standbys) out.push(`standby: ${describeHolder(s)}`);
          if (processes.standbys.length === 0) out.push("standby: none");
        } else {
          out.push(`data dir: ${config.dataDir}`);
        }
        out.push(`\nissues (${issues.length}):`);
        for (const i of issues.slice(0, 10)) {
          out.push(
            `  ${i.date} ${i.edition.padEnd(7)} ${i.pushedAt ? "pushed " : "pending"}  ${i.title}  [${i.sections.join(", ")}]`,
          );
        }
        if (issues.length > 10) out.push(`  … and ${issues.length - 10} older`);
        out.push(`\nchats (${chats.length}):`);
        const known = PLATFORMS.map((p) => p.id);
        const seen = [...new Set(chats.map((c) => c.platform))];
        for (const platform of [...known, ...seen.filter((p) => !known.includes(p))]) {
          const mine = chats.filter((c) => c.platform === platform);
          if (mine.length === 0) continue;
          const counts = countBy(mine, (c) => c.state);
          // Rooms the bot was in before its first start are known but wait for someone to subscribe them.
          const waiting = mine.filter((c) => !c.subscribed && c.state !== "inactive").length;
          out.push(
            `  ${platform}: ${mine.length} (${Object.entries(counts)
              .map(([k, v]) => `${v} ${k}`)
              .join(", ")}${waiting ? `; ${waiting} not subscribed yet` : ""})`,
          );
          for (const c of mine.slice(0, 50)) out.push(`    ${describeChat(c)}`);
          if (mine.length > 50) out.push(`    … and ${mine.length - 50} more`);
        }
        process.stdout.write(`${out.join("\n")}\n\n`);
        await printPushReport(store, config, date);
      } finally {
        await store.close();
      }
    });
}

function describeHolder(h: LeaseHolder): string {
  return `${h.host} pid ${h.pid} (connected since ${h.since})`;
}

function describeChat(c: Chat): string {
  const sections = c.sections === "all" ? "all sections" : c.sections.join(",");
  const sub = c.subscribed ? `subscribed (${sections})` : "not subscribed";
  const extra = c.migratedTo ? ` → ${c.migratedTo}` : c.inactiveReason ? ` (${c.inactiveReason})` : "";
  return `${c.id.padEnd(28)} ${c.kind.padEnd(8)} ${c.state.padEnd(8)} ${sub}  ${c.title}${extra}`;
}

function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}
