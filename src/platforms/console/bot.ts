import readline from "node:readline";
import type { Readable, Writable } from "node:stream";
import type {
  InboundHandlers,
  OutPart,
  PlatformAdapter,
  Reply,
  SendReceipt,
} from "../../core/ports/index.ts";
import type { Logger } from "../../log.ts";
import { decodeLine } from "./decode.ts";
import { encodeReply } from "./encode.ts";

export interface ConsoleAdapterOptions {
  input: Readable;
  output: Writable;
  log: Logger;
  /**
   * A person is typing at a terminal (stdin is a TTY): readline runs in terminal mode, with a
   * prompt, line editing and history (Up/Down). Piped input is read plainly, with no prompt.
   */
  interactive: boolean;
  /** Called once every line of input has been answered and input has ended (EOF / Ctrl-D). */
  onEnd?: () => void;
}

/** What the operator sees before each line they type. */
export const PROMPT = "paperboy> ";
const HISTORY_SIZE = 200;

/**
 * The embedded default platform: one private chat between the operator's terminal and the bot
 * (Hubot's Shell adapter). Lines are answered strictly in order, so piped input such as
 * `printf '/today\n跨境\n' | npm start` prints its answers in the order asked.
 */
export function createConsoleAdapter(
  opts: ConsoleAdapterOptions,
): PlatformAdapter & { ended: Promise<void> } {
  let sentCount = 0;
  let rl: readline.Interface | undefined;
  let resolveEnded: () => void = () => {};
  const ended = new Promise<void>((resolve) => {
    resolveEnded = resolve;
  });

  const prompt = () => {
    if (opts.interactive) rl?.prompt();
  };

  return {
    platform: "console",
    ended,

    async start(handlers: InboundHandlers) {
      // terminal: true is what turns arrow keys into editing and history instead of `^[[A` sent as
      // text; it needs the output stream, where readline echoes and redraws the line being typed.
      rl = opts.interactive
        ? readline.createInterface({
            input: opts.input,
            output: opts.output,
            terminal: true,
            historySize: HISTORY_SIZE,
            removeHistoryDuplicates: true,
            prompt: PROMPT,
          })
        : readline.createInterface({ input: opts.input, terminal: false });
      // Lines are queued and handled one at a time: readline emits them faster than answers come.
      let chain = Promise.resolve();
      rl.on("line", (line) => {
        chain = chain.then(async () => {
          const msg = decodeLine(line);
          if (!msg) return prompt();
          try {
            await handlers.onMessage(msg);
          } catch (err) {
            opts.log.error({ err }, "console: handling a line failed");
          }
          prompt();
        });
      });
      rl.on("close", () => {
        void chain.then(() => {
          resolveEnded();
          opts.onEnd?.();
        });
      });
      prompt();
    },

    async stop() {
      rl?.close();
    },

    render(reply: Reply): OutPart[] {
      return encodeReply(reply);
    },

    async send(_chatId: string, part: OutPart): Promise<SendReceipt> {
      const text =
        part.type === "text"
          ? part.text
          : `[图片 image] ${part.src}${part.caption ? ` ${part.caption}` : ""}`;
      opts.output.write(`${text}\n\n`);
      sentCount += 1;
      return { messageId: String(sentCount) };
    },
  };
}
