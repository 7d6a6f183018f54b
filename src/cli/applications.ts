import { type Command, InvalidArgumentError } from "commander";
import { loadConfig } from "../config.ts";
import { toCsv } from "../core/apply/csv.ts";
import { maskContact } from "../core/apply/mask.ts";
import { APPLICATIONS, ApplicationRecord, ApplicationStatus } from "../core/apply/model.ts";
import { createLogger } from "../log.ts";
import { openStore } from "../store/open.ts";
import type { Store } from "../store/store.ts";
import { UsageError } from "./failure.ts";

/**
 * `paperboy applications [--status s] [--export csv|json]`: the operator's view of the merchant
 * applications. The terminal listing masks phone numbers and WeChat IDs (terminals get copied into
 * tickets and chats); an export is the operator's full copy, personal data included. Read-only:
 * it never writes the bot's data file.
 */
export interface ApplicationsCliOptions {
  status?: ApplicationStatus | "all";
  export?: "csv" | "json";
  /** CSV for Excel: starts with a UTF-8 byte order mark, without which Excel reads Chinese as GBK mojibake. */
  excel?: boolean;
}

/** U+FEFF, the byte order mark Excel looks for to read a CSV file as UTF-8. */
const EXCEL_BOM = "\uFEFF";

const STATUSES = [...ApplicationStatus.options, "all"] as const;

function parseStatus(v: string): ApplicationStatus | "all" {
  const s = v.trim().toLowerCase();
  if ((STATUSES as readonly string[]).includes(s)) return s as ApplicationStatus | "all";
  throw new InvalidArgumentError(`expected one of ${STATUSES.join(", ")}`);
}

function parseFormat(v: string): "csv" | "json" {
  const f = v.trim().toLowerCase();
  if (f === "csv" || f === "json") return f;
  throw new InvalidArgumentError("expected csv or json");
}

/** Every readable application with the given status, oldest first (the order they came in). */
export async function readApplications(
  store: Store,
  status: ApplicationStatus | "all" = "all",
): Promise<ApplicationRecord[]> {
  const out: ApplicationRecord[] = [];
  for (const raw of await store.collection<ApplicationRecord>(APPLICATIONS).list()) {
    const parsed = ApplicationRecord.safeParse(raw);
    if (parsed.success && (status === "all" || parsed.data.status === status)) out.push(parsed.data);
  }
  return out.sort((a, b) => Number(a.id) - Number(b.id));
}

/** What the command prints, separated from where it prints it (tests call this directly). */
export async function renderApplications(store: Store, opts: ApplicationsCliOptions): Promise<string> {
  const apps = await readApplications(store, opts.status ?? "all");
  if (opts.excel) return EXCEL_BOM + toCsv(apps);
  if (opts.export === "csv") return toCsv(apps);
  if (opts.export === "json") return `${JSON.stringify(apps, null, 2)}\n`;
  if (apps.length === 0)
    return `no applications${opts.status && opts.status !== "all" ? ` (${opts.status})` : ""}\n`;
  const lines = apps.map((a) =>
    [
      `#${a.id}`.padEnd(6),
      a.status.padEnd(9),
      a.createdAt.slice(0, 16).replace("T", " "),
      a.shopPlatform.padEnd(9),
      a.shopName,
      `· ${a.category}`,
      a.contact ? `· ${maskContact(a.contact)}` : "",
      a.rejectReason ? `· ${a.rejectReason}` : "",
    ]
      .filter(Boolean)
      .join(" "),
  );
  return `${lines.join("\n")}\n\n${apps.length} application(s). Use --export csv for the full records.\n`;
}

export function registerApplicationsCommand(program: Command): void {
  program
    .command("applications")
    .description("merchant applications to join the club; --export csv for a spreadsheet")
    .option("--status <status>", `only these: ${STATUSES.join(", ")}`, parseStatus, "all")
    .option("--export <format>", "print every field as csv or json (includes personal data)", parseFormat)
    .option("--excel", "CSV that Excel opens with Chinese intact (UTF-8 with a BOM); implies --export csv")
    .action(async (opts: ApplicationsCliOptions) => {
      const config = loadConfig();
      if (opts.excel && opts.export === "json")
        throw new UsageError("--excel is a CSV for Excel; leave out --export json");
      const store = await openStore(config, { log: createLogger({ level: "warn" }) });
      try {
        process.stdout.write(await renderApplications(store, opts));
      } finally {
        await store.close();
      }
    });
}
