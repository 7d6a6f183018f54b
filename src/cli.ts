import { Command } from "commander";
import dotenv from "dotenv";
import { registerApplicationsCommand } from "./cli/applications.ts";
import { registerBackupCommand } from "./cli/backup.ts";
import { registerDeskLinkCommand } from "./cli/desk-link.ts";
import { registerDoctorCommand } from "./cli/doctor.ts";
import { reportFailure, UsageError } from "./cli/failure.ts";
import { registerFetchCommand } from "./cli/fetch.ts";
import { registerHealthCommand } from "./cli/health.ts";
import { registerImportCommand } from "./cli/import.ts";
import { registerPreviewCommand } from "./cli/preview.ts";
import { registerPushCommand } from "./cli/push.ts";
import { registerStartCommand } from "./cli/start.ts";
import { registerStatusCommand } from "./cli/status.ts";
import { registerStoreCommand } from "./cli/store.ts";
import { PACKAGE_VERSION } from "./package-info.ts";
import { PLATFORMS } from "./platforms/registry.ts";

// `.env` beside the project is read once, before any config is built; real environment variables win.
dotenv.config({ quiet: true });

// `paperboy preview … | head` closes our stdout early: that is the reader being done, not an error.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

const program = new Command()
  .name("paperboy")
  .description(
    `Delivers the daily newsletter into group chats (${PLATFORMS.filter((p) => !p.fallback)
      .map((p) => p.title)
      .join(", ")}).\n每天把快报分段推送到各个群。`,
  )
  .version(PACKAGE_VERSION, "-V, --version", "print paperboy's version")
  .showHelpAfterError()
  .exitOverride((err) => {
    process.exit(err.exitCode);
  });

registerStartCommand(program);
registerImportCommand(program);
registerFetchCommand(program);
registerPreviewCommand(program);
registerStatusCommand(program);
registerPushCommand(program);
registerApplicationsCommand(program);
registerDoctorCommand(program);
registerDeskLinkCommand(program);
registerStoreCommand(program);
registerBackupCommand(program);
registerHealthCommand(program);

/**
 * `start` is the default command, so commander reads `paperboy strat` as `start` with an argument
 * too many ("too many arguments for 'start'"). A first word that is no command is said to be one.
 */
function checkCommandName(argv: string[]): void {
  const first = argv[2];
  if (first === undefined || first.startsWith("-") || first === "help") return;
  const known = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
  if (known.includes(first)) return;
  throw new UsageError(
    `unknown command '${first}'; the commands are ${known.join(", ")} (see \`paperboy --help\`)`,
  );
}

try {
  checkCommandName(process.argv);
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = reportFailure(err);
}
