import { text } from "../args.ts";
import { defineCommand } from "../registry.ts";

/** `/cancel` / 取消: stops whatever dialogue is running for this reader in this private chat. */
export const cancel = defineCommand({
  name: "cancel",
  keywords: ["取消", "退出"],
  where: ["private"],
  help: "help.cancel",
  args: text(),
  async run(ctx) {
    for (const d of ctx.dialogues) {
      const replies = await d.cancel(ctx);
      if (replies) return replies;
    }
    return [{ blocks: [{ kind: "paragraph", text: ctx.t("cancel.nothing") }] }];
  },
});
