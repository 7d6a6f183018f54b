import { PassThrough } from "node:stream";
import pino from "pino";
import { consolePlatform } from "../../../src/platforms/console/descriptor.ts";
import { adapterContract } from "../contract.ts";

adapterContract(consolePlatform, async () => {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = "";
  output.setEncoding("utf8").on("data", (d: string) => {
    written += d;
  });
  const adapter = await consolePlatform.create(
    {},
    {
      log: pino({ level: "silent" }),
      dataDir: ".",
      stdin: input,
      stdout: output,
      images: () => {
        throw new Error("no images on the console");
      },
      startRetrySeconds: 0,
    },
  );
  return {
    adapter,
    chatId: "console:local",
    async received() {
      return [written];
    },
    stop: async () => {
      input.end();
    },
  };
});
