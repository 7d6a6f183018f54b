import { z } from "zod";
import { type PlatformDescriptor, UNLIMITED } from "../../core/ports/index.ts";
import { CONSOLE_USER_ID } from "./decode.ts";
import { encodeReply } from "./encode.ts";

const ConsoleConfig = z.object({});
type ConsoleConfig = z.infer<typeof ConsoleConfig>;

/** The terminal chat: the embedded default when no other platform is configured (Hubot's Shell). */
export const consolePlatform: PlatformDescriptor<ConsoleConfig> = {
  id: "console",
  title: "console chat",
  exampleChatId: "console:local",
  env: [],
  // Never configured by environment: it runs as the fallback, or with `--console`.
  fromEnv: () => undefined,
  configSchema: ConsoleConfig,
  fallback: true,
  localOperatorId: CONSOLE_USER_ID,
  capabilities: {
    buttons: false,
    edit: false,
    inboundCommands: true,
    inviteLinks: false,
    addToGroup: false,
    mediaGroups: false,
    privateChat: "none",
  },
  limits: () => UNLIMITED,
  isGroup: () => false,
  render: encodeReply,
  async create(_config, ctx) {
    const { createConsoleAdapter } = await import("./bot.ts");
    return createConsoleAdapter({
      input: ctx.stdin,
      output: ctx.stdout,
      log: ctx.log.child({ platform: "console" }),
      interactive: Boolean(ctx.stdin.isTTY),
    });
  },
  describe: () => "the terminal",
  redact: () => ({}),
};
