import { Command } from "commander";
import dotenv from "dotenv";
import { registerApplicationsCommand } from "./cli/applications.ts";
import { registerDoctorCommand } from "./cli/doctor.ts";
import { reportFailure } from "./cli/failure.ts";
import { registerFetchCommand } from "./cli/fetch.ts";
import { registerImportCommand } from "./cli/import.ts";
import { registerPreviewCommand } from "./cli/preview.ts";
import { registerPushCommand } from "./cli/push.ts";
import { registerStartCommand } from "./cli/start.ts";
import { registerStatusCommand } from "./cli/status.ts";

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
    "Delivers the daily newsletter into WeChat and Telegram groups.\n每天把快报推送到微信群和 Telegram 群。",
  )
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

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = reportFailure(err);
}
