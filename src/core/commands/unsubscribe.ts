import { text } from "../args.ts";
import { saveChat } from "../chat-record.ts";
import { mayManageChat } from "../permissions.ts";
import { defineCommand } from "../registry.ts";

/** `/unsubscribe` / 退订: no more pushes to this chat (its section choice is kept for next time). */
export const unsubscribe = defineCommand({
  name: "unsubscribe",
  aliases: ["unsub"],
  keywords: ["退订", "取消订阅"],
  where: ["group", "private"],
  help: "help.unsubscribe",
  args: text(),
  async run(ctx) {
    if (!(await mayManageChat(ctx.msg, ctx.config))) {
      return [{ blocks: [{ kind: "paragraph", text: ctx.t("common.notChatAdmin") }] }];
    }
    await saveChat(ctx, { subscribed: false });
    return [{ blocks: [{ kind: "paragraph", text: ctx.t("unsubscribe.done") }] }];
  },
});
