import { Command } from "commander";
import dotenv from "dotenv";
import { reportFailure, UsageError } from "./cli/failure.ts";
import { PACKAGE_VERSION } from "./package-info.ts";

// `.env` beside the project is read once, before any config is built; real environment variables win.
dotenv.config({ quiet: true });

// `paperboy preview … | head` closes our stdout early: that is the reader being done, not an error.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

type Register = (program: Command) => void;

/**
 * Every command, by name, loaded only when it is the one run: `paperboy status` reads the store and
 * prints, and must not pay for loading the bot, the delivery engine, the importer or the desk
 * (loading every command was most of a CLI call's time). `start` is the default command.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  start: async () => (await import("./cli/start.ts")).registerStartCommand,
  import: async () => (await import("./cli/import.ts")).registerImportCommand,
  fetch: async () => (await import("./cli/fetch.ts")).registerFetchCommand,
  preview: async () => (await import("./cli/preview.ts")).registerPreviewCommand,
  status: async () => (await import("./cli/status.ts")).registerStatusCommand,
  push: async () => (await import("./cli/push.ts")).registerPushCommand,
  applications: async () => (await import("./cli/applications.ts")).registerApplicationsCommand,
  doctor: async () => (await import("./cli/doctor.ts")).registerDoctorCommand,
  "desk-link": async () => (await import("./cli/desk-link.ts")).registerDeskLinkCommand,
  store: async () => (await import("./cli/store.ts")).registerStoreCommand,
  backup: async () => (await import("./cli/backup.ts")).registerBackupCommand,
  health: async () => (await import("./cli/health.ts")).registerHealthCommand,
};
const DEFAULT_COMMAND = "start";
const HELP = new Set(["help", "-h", "--help"]);
const VERSION = new Set(["-V", "--version"]);

/**
 * The commands this run needs: the one named, `start` for none (or only start's options), all of
 * them for help. `start` is the default command, so commander would read `paperboy strat` as
 * `start` with an argument too many ("too many arguments for 'start'"): a first word that is no
 * command is said to be one.
 */
function commandsFor(argv: string[]): string[] {
  const first = argv[2];
  const all = Object.keys(COMMANDS);
  if (first === undefined) return [DEFAULT_COMMAND];
  if (VERSION.has(first)) return [];
  // `paperboy status --help` needs only status; `paperboy --help` (or `-x --help`) the whole list.
  if (HELP.has(first) || (first.startsWith("-") && argv.some((a) => HELP.has(a)))) return all;
  if (first.startsWith("-")) return [DEFAULT_COMMAND];
  if (Object.hasOwn(COMMANDS, first)) return [first];
  throw new UsageError(
    `unknown command '${first}'; the commands are ${all.join(", ")} (see \`paperboy --help\`)`,
  );
}

async function main(argv: string[]): Promise<void> {
  const names = commandsFor(argv);
  const program = new Command()
    .name("paperboy")
    .version(PACKAGE_VERSION, "-V, --version", "print paperboy's version")
    .showHelpAfterError()
    .exitOverride((err) => {
      process.exit(err.exitCode);
    });
  if (names.length > 1) {
    // Only help shows it, and the platform list is the registry's (descriptors and their schemas).
    const { PLATFORMS } = await import("./platforms/registry.ts");
    program.description(
      `Delivers the daily newsletter into group chats (${PLATFORMS.filter((p) => !p.fallback)
        .map((p) => p.title)
        .join(", ")}).\n每天把快报分段推送到各个群。`,
    );
  }
  const registers = await Promise.all(names.map((name) => (COMMANDS[name] as () => Promise<Register>)()));
  for (const register of registers) register(program);
  await program.parseAsync(argv);
}

try {
  await main(process.argv);
} catch (err) {
  process.exitCode = reportFailure(err);
}
