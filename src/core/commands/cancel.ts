import { text } from "../args.ts";
import { defineCommand } from "../registry.ts";

/**
 * `/cancel` / 取消 when nothing is running. A running merchant application answers /cancel itself
 * (it intercepts messages before the router), so reaching this command means there was nothing to stop.
 */
export const cancel = defineCommand({
  name: "cancel",
  keywords: ["取消", "退出"],
  where: ["private"],
  help: "help.cancel",
  args: text(),
  async run(ctx) {
    return [{ blocks: [{ kind: "paragraph", text: ctx.t("cancel.nothing") }] }];
  },
});
